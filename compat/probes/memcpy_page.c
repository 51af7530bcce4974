// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: memcpy_page
 * memcpy_page() copies between two pages (upstream 5.12).
 */
#include <linux/highmem.h>

void probe(struct page *dst, struct page *src);
void probe(struct page *dst, struct page *src)
{
	memcpy_page(dst, 0, src, 0, 1);
}

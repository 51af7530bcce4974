// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: memzero_page
 * memzero_page() zeroes a range of a page (upstream 5.12).
 */
#include <linux/highmem.h>

void probe(struct page *page);
void probe(struct page *page)
{
	memzero_page(page, 0, 1);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: bvec_set_page
 * bvec_set_page() fills a struct bio_vec (upstream 6.3, in Debian's 6.1).
 */
#include <linux/bvec.h>

void probe(struct bio_vec *bv, struct page *page);
void probe(struct bio_vec *bv, struct page *page)
{
	bvec_set_page(bv, page, 1, 0);
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Feature: memcpy_page
 * Upstream change: 5.12 ("mm/highmem: Lift memcpy_[to|from]_page to
 *   core", the series that also added memzero_page()) added
 *   memcpy_page(dst, dst_off, src, src_off, len), which maps both pages
 *   and copies between them.
 * Helper, not a patch: the same copy through kmap_atomic(), as the
 *   function had it then (kmap_local_page() is 5.11).
 * Probe: compat/probes/memcpy_page.c
 */
#ifndef _LOOM_COMPAT_MEMCPY_PAGE_H
#define _LOOM_COMPAT_MEMCPY_PAGE_H

#include <linux/highmem.h>
#include <linux/string.h>

static inline void memcpy_page(struct page *dst_page, size_t dst_off,
			       struct page *src_page, size_t src_off,
			       size_t len)
{
	char *dst = kmap_atomic(dst_page);
	char *src = kmap_atomic(src_page);

	memcpy(dst + dst_off, src + src_off, len);
	kunmap_atomic(src);
	kunmap_atomic(dst);
}

#endif /* _LOOM_COMPAT_MEMCPY_PAGE_H */

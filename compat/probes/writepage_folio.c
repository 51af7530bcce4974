// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: writepage_folio
 * write_cache_pages()' callback takes a struct folio * (upstream 6.3), or
 * write_cache_pages() is gone (7.2): either way no page-based callback.
 * The declaration below conflicts only with the page-based one.
 */
#include <linux/writeback.h>

int write_cache_pages(struct address_space *mapping,
		      struct writeback_control *wbc,
		      int (*fn)(struct folio *folio,
				struct writeback_control *wbc, void *data),
		      void *data);

// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: writeback_iter
 * writeback_iter() walks the folios ->writepages writes (upstream 6.10).
 */
#include <linux/writeback.h>
#include <linux/pagemap.h>

static int probe_writepages(struct address_space *mapping,
			    struct writeback_control *wbc)
{
	struct folio *folio = NULL;
	int err = 0;

	while ((folio = writeback_iter(mapping, wbc, folio, &err)))
		folio_unlock(folio);
	return err;
}

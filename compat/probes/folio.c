// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: folio
 * struct folio and the folio helpers of the page cache Loom uses
 * (upstream 5.16 to 5.18: page_folio(), folio_pos(), readahead_folio(),
 * folio_zero_segments(), __filemap_get_folio() with FGP_STABLE, ...).
 */
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/highmem.h>

void probe(struct page *page, struct readahead_control *rac);
void probe(struct page *page, struct readahead_control *rac)
{
	struct folio *folio = page_folio(page);

	folio_zero_segments(folio, 0, 1, 2, folio_size(folio));
	folio = readahead_folio(rac);
	folio = __filemap_get_folio(folio->mapping, 0, FGP_LOCK | FGP_STABLE,
				    GFP_KERNEL);
	if (folio_pos(folio) + offset_in_folio(folio, 1) > folio_nr_pages(folio))
		folio_start_writeback(folio);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: dirty_folio
 * address_space_operations->dirty_folio and filemap_dirty_folio()
 * (upstream 5.18; ->set_page_dirty before).
 */
#include <linux/fs.h>
#include <linux/pagemap.h>
#include <linux/writeback.h>

const struct address_space_operations probe_aops = {
	.dirty_folio = filemap_dirty_folio,
};

// SPDX-License-Identifier: GPL-2.0
// Feature: dirty_folio
// Upstream change: 5.18 ("fs: Add aops->dirty_folio", then "fs: Remove
//   aops->set_page_dirty") replaced address_space_operations
//   ->set_page_dirty(struct page *) with ->dirty_folio(mapping, folio),
//   and __set_page_dirty_nobuffers() with filemap_dirty_folio().
// Inverse: the page cache's generic method, ->set_page_dirty =
//   __set_page_dirty_nobuffers, where a filesystem uses
//   filemap_dirty_folio (another method would need a rule of its own).
// Probe: compat/probes/dirty_folio.c
@@
identifier aops;
@@
struct address_space_operations aops = {
-	.dirty_folio = filemap_dirty_folio,
+	.set_page_dirty = __set_page_dirty_nobuffers,
};

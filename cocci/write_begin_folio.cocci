// SPDX-License-Identifier: GPL-2.0
// Feature: write_begin_folio
// Upstream change: 6.12 ("fs: Convert aops->write_begin to take a
//   folio", "fs: Convert aops->write_end to take a folio") made
//   ->write_begin return a struct folio ** and ->write_end take a
//   struct folio *; they were pages before.
// Inverse: hand out the page of the folio that holds @pos, and in
//   ->write_end work on the folio of the page it is given.  Before 6.12,
//   generic_perform_write() moves one page per call, not a large folio's
//   worth, so the variant does not ask for large folios either
//   (mapping_set_large_folios() goes).
// Probe: compat/probes/write_begin_folio.c
@ops@
identifier aops, wb, we;
@@
struct address_space_operations aops = {
	.write_begin = wb,
	.write_end = we,
};

@wbp@
identifier ops.wb, foliop, pos;
identifier f0, mapping;
type T0;
@@
 wb(T0 f0, struct address_space *mapping, loff_t pos, unsigned int len,
- struct folio **foliop
+ struct page **pagep
  , void **fsdata) {...}

@@
identifier ops.wb, wbp.foliop, wbp.pos;
expression F;
@@
 wb(...) {
 <...
- *foliop = F;
+ *pagep = folio_file_page(F, pos >> PAGE_SHIFT);
 ...>
 }

@wep@
identifier ops.we, folio;
@@
 we(...,
- struct folio *folio
+ struct page *page
  , void *fsdata)
 {
+ struct folio *folio = page_folio(page);
 ...
 }

@@
expression M;
@@
- mapping_set_large_folios(M);

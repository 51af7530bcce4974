// SPDX-License-Identifier: GPL-2.0
// Feature: writepage_folio
// Upstream change: 6.3 ("mm: convert write_cache_pages() to use a
//   folio") made the writepage_t callback of write_cache_pages() take a
//   struct folio * instead of a struct page *.  Only variants that use
//   write_cache_pages() (cocci/writeback_iter.cocci) are concerned.
// Inverse: the callback takes the page and works on its folio.
// Probe: compat/probes/writepage_folio.c
@cb@
identifier mapping, wbc, fn;
expression data, E;
@@
 E = write_cache_pages(mapping, wbc, fn, data);

@@
identifier cb.fn, folio, wbc, data;
@@
 fn(
- struct folio *folio
+ struct page *page
  , struct writeback_control *wbc, void *data)
 {
+ struct folio *folio = page_folio(page);
 ...
 }

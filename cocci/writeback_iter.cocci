// SPDX-License-Identifier: GPL-2.0
// Feature: writeback_iter
// Upstream change: 6.10 ("writeback: add a writeback iterator") added
//   writeback_iter(), which hands a ->writepages loop the next locked
//   folio, its dirty bit cleared for I/O; 7.2 removed
//   write_cache_pages(), the callback interface it replaced.
// Inverse: the loop "while ((folio = writeback_iter(mapping, wbc, folio,
//   &err))) err = fn(folio, wbc, data);" becomes write_cache_pages() with
//   fn as its callback, which receives each folio in the same state and
//   owes the same (unlock it, start writeback).
// Probe: compat/probes/writeback_iter.c
@r@
identifier f, mapping, wbc, folio, err, fn;
expression data;
@@
 f(...) {
 ...
- struct folio *folio = NULL;
 ...
- while ((folio = writeback_iter(mapping, wbc, folio, &err)))
-	err = fn(folio, wbc, data);
+ err = write_cache_pages(mapping, wbc, fn, data);
 ...
 }

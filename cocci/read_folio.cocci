// SPDX-License-Identifier: GPL-2.0
// Feature: read_folio
// Upstream change: 5.19 ("fs: Introduce aops->read_folio", then "fs:
//   Remove aops->readpage") replaced address_space_operations->readpage
//   (struct file *, struct page *) with ->read_folio(struct file *,
//   struct folio *).
// Inverse: the method is ->readpage again and takes the page; its body
//   works on the page's folio (compat/include/folio.h gives one where
//   the kernel has none).
// Probe: compat/probes/read_folio.c
@ops@
identifier aops, fn;
@@
struct address_space_operations aops = {
-	.read_folio = fn,
+	.readpage = fn,
};

@@
identifier ops.fn, file, folio;
type T;
@@
 int fn(T file,
-	struct folio *folio
+	struct page *page
 )
 {
+	struct folio *folio = page_folio(page);
 ...
 }

// SPDX-License-Identifier: GPL-2.0
// Feature: write_begin_get_folio
// Upstream change: 6.17 added write_begin_get_folio() (linux/pagemap.h),
//   the helper a ->write_begin uses to get its locked folio, sized for the
//   write (fgf_set_order()).  __filemap_get_folio() returns an ERR_PTR on
//   failure since 6.3 and NULL before; FGP_WRITEBEGIN is not in the
//   headers of 6.1.
// Inverse: call __filemap_get_folio() with the flags FGP_WRITEBEGIN
//   stands for, and accept both failure conventions.  The folio is then
//   whatever size the page cache has (order 0 when it creates one).
// Probe: compat/probes/write_begin_get_folio.c
@@
expression iocb, mapping, index, len;
identifier folio;
@@
  folio =
- write_begin_get_folio(iocb, mapping, index, len);
+ __filemap_get_folio(mapping, index,
+		      FGP_LOCK | FGP_WRITE | FGP_CREAT | FGP_STABLE,
+		      mapping_gfp_mask(mapping));
- if (IS_ERR(folio))
-	return PTR_ERR(folio);
+ if (IS_ERR_OR_NULL(folio))
+	return folio ? PTR_ERR(folio) : -ENOMEM;

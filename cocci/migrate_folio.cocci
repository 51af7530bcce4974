// SPDX-License-Identifier: GPL-2.0
// Feature: migrate_folio
// Upstream change: 6.0 ("fs: Add aops->migrate_folio", then "fs:
//   Remove aops->migratepage") replaced address_space_operations
//   ->migratepage(mapping, newpage, page, mode) with
//   ->migrate_folio(mapping, dst, src, mode), and migrate_page() with
//   filemap_migrate_folio().
// Inverse: ->migratepage = migrate_page, where a filesystem uses
//   filemap_migrate_folio (another method would need a rule of its own).
//   migrate_page() is in <linux/migrate.h>, which the patched file then
//   includes after <linux/pagemap.h>.
// Probe: compat/probes/migrate_folio.c
@mf@
identifier aops;
@@
struct address_space_operations aops = {
-	.migrate_folio = filemap_migrate_folio,
+	.migratepage = migrate_page,
};

@depends on mf@
@@
 #include <linux/pagemap.h>
+#include <linux/migrate.h>

// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: migrate_folio
 * address_space_operations->migrate_folio and filemap_migrate_folio()
 * (upstream 6.0; ->migratepage and migrate_page() before).
 */
#include <linux/fs.h>
#include <linux/pagemap.h>
#include <linux/migrate.h>

const struct address_space_operations probe_aops = {
	.migrate_folio = filemap_migrate_folio,
};

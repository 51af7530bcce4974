// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: read_folio
 * address_space_operations->read_folio(struct file *, struct folio *)
 * (upstream 5.19; ->readpage before).
 */
#include <linux/fs.h>

static int probe_read_folio(struct file *file, struct folio *folio)
{
	return 0;
}

const struct address_space_operations probe_aops = {
	.read_folio = probe_read_folio,
};

// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: fillattr_mask
 * generic_fillattr() takes the statx request mask (upstream 6.6, "fs:
 * pass the request_mask to generic_fillattr").
 */
#include <linux/fs.h>

void probe(struct mnt_idmap *idmap, struct inode *inode, struct kstat *st);
void probe(struct mnt_idmap *idmap, struct inode *inode, struct kstat *st)
{
	generic_fillattr(idmap, STATX_BASIC_STATS, inode, st);
}

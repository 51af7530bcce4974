// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: create_noexcl
 * ->create() lost its "bool excl" argument: a filesystem's ->create must
 * assume O_EXCL (upstream 7.3; see Documentation/filesystems/porting.rst).
 */
#include <linux/fs.h>

static int probe_create(struct mnt_idmap *idmap, struct inode *dir,
			struct dentry *dentry, umode_t mode)
{
	return 0;
}

const struct inode_operations probe_iops = {
	.create = probe_create,
};

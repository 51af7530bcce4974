// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: mkdir_dentry
 * ->mkdir() returns a struct dentry * (NULL, an error pointer, or a
 * different dentry it spliced) instead of an int (upstream 6.15, "Change
 * inode_operations.mkdir to return struct dentry *").
 */
#include <linux/fs.h>

static struct dentry *probe_mkdir(struct mnt_idmap *idmap, struct inode *dir,
				  struct dentry *dentry, umode_t mode)
{
	return NULL;
}

const struct inode_operations probe_iops = {
	.mkdir = probe_mkdir,
};

// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: set_acl_dentry
 * inode_operations->set_acl takes a dentry (upstream 6.2, "fs: pass
 * dentry to set acl method").
 */
#include <linux/fs.h>

int probe(const struct inode_operations *iops, struct dentry *dentry);
int probe(const struct inode_operations *iops, struct dentry *dentry)
{
	return iops->set_acl(NULL, dentry, NULL, 0);
}

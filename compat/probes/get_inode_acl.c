// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: get_inode_acl
 * Permission checks read ACLs through inode_operations->get_inode_acl
 * (upstream 6.2, "fs: rename current get acl method").
 */
#include <linux/fs.h>

static struct posix_acl *probe_get(struct inode *inode, int type, bool rcu)
{
	return NULL;
}

const struct inode_operations probe_iops = {
	.get_inode_acl = probe_get,
};

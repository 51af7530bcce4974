// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: inode_userns
 * setattr_prepare() and its kin take the mount's idmapping first
 * (upstream 5.12: a struct user_namespace *; 6.3: a struct mnt_idmap *,
 * which NULL converts to as well).
 */
#include <linux/fs.h>

int probe(struct dentry *d, struct iattr *a);
int probe(struct dentry *d, struct iattr *a)
{
	return setattr_prepare(NULL, d, a);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: mnt_idmap
 * Inode operations and VFS helpers take a struct mnt_idmap * (upstream
 * 6.3, "fs: port ->create() to pass mnt_idmap" and the series around it).
 * From 5.12 to 6.2 they took a struct user_namespace *.
 */
#include <linux/fs.h>
#include <linux/mnt_idmapping.h>

int probe(struct mnt_idmap *idmap, struct dentry *d, struct iattr *a);
int probe(struct mnt_idmap *idmap, struct dentry *d, struct iattr *a)
{
	return setattr_prepare(idmap, d, a);
}

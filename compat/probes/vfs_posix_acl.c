// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: vfs_posix_acl
 * The VFS sets and gets POSIX ACLs through vfs_set_acl() and
 * vfs_get_acl(), not through the filesystem's xattr handlers (upstream
 * 6.2, "acl: add vfs posix acl api").
 */
#include <linux/fs.h>
#include <linux/posix_acl.h>

void *probe(void);
void *probe(void)
{
	return vfs_get_acl;
}

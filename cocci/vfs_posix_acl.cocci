// SPDX-License-Identifier: GPL-2.0
// Feature: vfs_posix_acl
// Upstream change: 6.2 ("acl: add vfs posix acl api" and the series
//   around it): the VFS takes system.posix_acl_access and
//   system.posix_acl_default to ->get_acl and ->set_acl itself.  Before,
//   they went through the filesystem's xattr handlers, which had to list
//   posix_acl_access_xattr_handler and posix_acl_default_xattr_handler.
// Inverse: add both handlers to the table of the superblock.
// Probe: compat/probes/vfs_posix_acl.c
@@
@@
 #include <linux/xattr.h>
+#include <linux/posix_acl_xattr.h>

@@
identifier h;
type T;
@@
 T h[] = {
	...,
	&loom_xattr_security_handler,
+	&posix_acl_access_xattr_handler,
+	&posix_acl_default_xattr_handler,
	...
 };

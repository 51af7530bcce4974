// SPDX-License-Identifier: GPL-2.0
// Feature: get_inode_acl
// Upstream change: 6.2 ("fs: rename current get acl method") renamed
//   inode_operations->get_acl(inode, type, rcu), which permission checks
//   and the ACL cache call, to ->get_inode_acl, and gave the name ->get_acl
//   to a new dentry-based method for the VFS's ACL API.
// Inverse: the inode-based method is ->get_acl again.
// Probe: compat/probes/get_inode_acl.c
@@
identifier iops, fn;
@@
struct inode_operations iops = {
-	.get_inode_acl = fn,
+	.get_acl = fn,
};

// SPDX-License-Identifier: GPL-2.0
// Feature: set_acl_dentry
// Upstream change: 6.2 ("fs: pass dentry to set acl method") made
//   inode_operations->set_acl take the dentry instead of the inode.
// Inverse: ->set_acl takes the inode, which it used to find from the
//   dentry.
// Probe: compat/probes/set_acl_dentry.c
@@
identifier fn, idmap, dentry, acl, type;
type T;
@@
 int fn(T idmap,
-	struct dentry *dentry,
+	struct inode *inode,
	struct posix_acl *acl, int type)
 {
	<...
-	d_inode(dentry)
+	inode
	...>
 }

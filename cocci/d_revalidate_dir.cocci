// SPDX-License-Identifier: GPL-2.0
// Feature: d_revalidate_dir
// Upstream change: 6.14 ("make ->d_revalidate() take the parent directory
//   and the name") passes ->d_revalidate the parent's inode and a stable
//   name, where it took only the dentry and the lookup flags.
// Inverse: take (dentry, flags) again and compute the directory (the
//   parent's inode, read once: under RCU walk the parent may change, but
//   a directory with children keeps its inode) and the name (the
//   dentry's own) at the top of the function.
// Probe: compat/probes/d_revalidate_dir.c
@ops@
identifier dops, fn;
@@
struct dentry_operations dops = {
	.d_revalidate = fn,
};

@@
identifier ops.fn, dir, name, dentry, flags;
@@
 int fn(
-	struct inode *dir, const struct qstr *name,
	struct dentry *dentry, unsigned int flags)
 {
+	struct inode *dir = d_inode_rcu(READ_ONCE(dentry->d_parent));
+	const struct qstr *name = &dentry->d_name;
 	...
 }

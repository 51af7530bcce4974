// SPDX-License-Identifier: GPL-2.0
// Feature: create_noexcl
// Upstream change: 7.3 dropped the "bool excl" argument of
//   inode_operations->create(): ->create must now assume O_EXCL and
//   non-exclusive creation goes through ->atomic_open.
// Inverse: give every ->create method back its "bool excl" argument.
//   Loom's ->create always creates exclusively, which is what the VFS
//   asks of it when it has no ->atomic_open, so excl is ignored.
// Probe: compat/probes/create_noexcl.c
@ops@
identifier iops, fn;
@@
struct inode_operations iops = {
	.create = fn,
};

@@
identifier ops.fn, idmap, dir, dentry, mode;
type T;
@@
 int fn(T idmap, struct inode *dir, struct dentry *dentry, umode_t mode
+	, bool excl
 )
 {
 ...
 }

// SPDX-License-Identifier: GPL-2.0
// Feature: mkdir_dentry
// Upstream change: 6.15 ("Change inode_operations.mkdir
//   to return struct dentry *") lets ->mkdir return NULL (the dentry it
//   was given is now positive), a different dentry it spliced, or an
//   ERR_PTR.  Before, ->mkdir returned 0 or a negative errno.
// Inverse: return an int again: NULL becomes 0, ERR_PTR(e) becomes e and
//   any other dentry becomes its PTR_ERR_OR_ZERO().
// Probe: compat/probes/mkdir_dentry.c
@ops@
identifier iops, fn;
@@
struct inode_operations iops = {
	.mkdir = fn,
};

@ret@
identifier ops.fn;
expression E;
@@
 fn(...)
 {
 <...
(
- return NULL;
+ return 0;
|
- return ERR_PTR(E);
+ return E;
|
- return E;
+ return PTR_ERR_OR_ZERO(E);
)
 ...>
 }

@@
identifier ops.fn;
@@
- struct dentry *
+ int
 fn(...) {...}

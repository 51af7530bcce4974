// SPDX-License-Identifier: GPL-2.0
// Feature: set_default_d_op
// Upstream change: 6.17 ("new helper: set_default_d_op()") hides the
//   superblock's default dentry operations behind set_default_d_op(); the
//   field became sb->__s_d_op.
// Inverse: assign sb->s_d_op.
// Probe: compat/probes/set_default_d_op.c
@@
expression sb, ops;
@@
- set_default_d_op(sb, ops);
+ sb->s_d_op = ops;

// SPDX-License-Identifier: GPL-2.0
// Feature: mnt_idmap
// Upstream change: 6.3 (the "fs: port ... to mnt_idmap" series)
//   replaced the struct user_namespace * that inode
//   operations and VFS helpers took since 5.12 with struct mnt_idmap *.
// Inverse: pass the mount's user namespace again: the type, the no-op
//   idmap and the accessors go back to their user namespace forms.
// Probe: compat/probes/mnt_idmap.c
@@
@@
- struct mnt_idmap
+ struct user_namespace

@@
symbol nop_mnt_idmap;
@@
- nop_mnt_idmap
+ init_user_ns

@@
expression F;
@@
- file_mnt_idmap(F)
+ file_mnt_user_ns(F)

@@
expression M;
@@
- mnt_idmap(M)
+ mnt_user_ns(M)

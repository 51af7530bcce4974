// SPDX-License-Identifier: GPL-2.0
// Feature: file_open_root_path
// Upstream change: 5.13 ("switch file_open_root() to struct path")
//   made file_open_root() take a const struct path * where it took the
//   dentry and the vfsmount of that path.
// Inverse: pass the path's dentry and mount.
// Probe: compat/probes/file_open_root_path.c
@@
expression P, N, F, M;
@@
(
- file_open_root(&P, N, F, M)
+ file_open_root(P.dentry, P.mnt, N, F, M)
|
- file_open_root(P, N, F, M)
+ file_open_root(P->dentry, P->mnt, N, F, M)
)

// SPDX-License-Identifier: GPL-2.0
// Feature: inode_userns
// Upstream change: 5.12 (Christian Brauner's idmapped mounts series,
//   "fs: add mount_setattr()" and the "fs: make helpers idmap mount
//   aware" patches before it) gave the inode operations that create or
//   change inodes (->create, ->mkdir, ->mknod, ->symlink, ->rename,
//   ->setattr, ->getattr, ->permission, ...), xattr_handler->set and
//   the VFS helpers behind them (setattr_prepare(), setattr_copy(),
//   generic_fillattr(), inode_owner_or_capable(), vfs_getxattr(),
//   vfs_setxattr(), vfs_removexattr(), vfs_unlink(), ...) a first struct
//   user_namespace * argument, the mount's idmapping (6.3 made it a
//   struct mnt_idmap *: cocci/mnt_idmap.cocci runs first).
// Inverse: no idmapping at all: drop the struct user_namespace *
//   parameter from every function that takes one (in Loom only the
//   methods above do; a function that needed a namespace for another
//   reason would need a rule of its own), and drop the first argument
//   of the helpers that gained it.
//   Loom's own functions that take one as their first parameter (a
//   method's helper, such as loom_inode_set_acl()) lose it at their
//   call sites too (the first rules find them, before the parameter goes; the
//   argument dropped is the one of that type, so a function both
//   declared and defined in a file loses it once).
// Probe: compat/probes/inode_userns.c
@own@
identifier F, U;
type T;
@@
  T F(struct user_namespace *U, ...) { ... }

@@
identifier own.F;
struct user_namespace *E;
@@
  F(
-   E,
    ...)

@ownp@
identifier F, U;
type T;
@@
  T F(struct user_namespace *U, ...);

@@
identifier ownp.F;
struct user_namespace *E;
@@
  F(
-   E,
    ...)

@@
identifier F, U;
@@
  F(...,
-   struct user_namespace *U,
    ...) { ... }

@@
identifier F, U;
type T;
@@
  T F(...,
-   struct user_namespace *U,
    ...);

@@
expression U;
identifier H = {setattr_prepare, setattr_copy, generic_fillattr,
		inode_owner_or_capable, inode_init_owner, generic_permission,
		inode_permission, notify_change, vfs_getxattr, vfs_setxattr,
		vfs_removexattr, vfs_unlink, vfs_rmdir, vfs_mkdir, vfs_create,
		vfs_mknod, vfs_symlink, vfs_link, vfs_tmpfile, posix_acl_chmod,
		posix_acl_update_mode};
@@
  H(
-   U,
    ...)

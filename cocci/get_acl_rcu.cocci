// SPDX-License-Identifier: GPL-2.0
// Feature: get_acl_rcu
// Upstream change: 5.15 ("vfs: add rcu argument to ->get_acl()
//   callback") gave inode_operations->get_acl a bool rcu, set when the
//   VFS asks in RCU path walk, where the method must not block.
// Inverse: ->get_acl(inode, type): before 5.15 the VFS never calls it
//   in RCU walk (an ACL not cached there ends the walk with -ECHILD
//   first), so the method's tests of the flag go, as if it were false.
//   The rule takes every function of the method's shape, struct
//   posix_acl *(struct inode *, int, bool), with its prototypes.
// Probe: compat/probes/get_acl_rcu.c
@@
identifier fn, inode, type, rcu;
statement S;
@@
 struct posix_acl *fn(struct inode *inode, int type
-	, bool rcu
 )
 {
 <...
(
- if (rcu) S
|
- rcu
+ false
)
 ...>
 }

@@
identifier fn, inode, type, rcu;
@@
 struct posix_acl *fn(struct inode *inode, int type
-	, bool rcu
 );

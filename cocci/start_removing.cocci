// SPDX-License-Identifier: GPL-2.0
// Feature: start_removing
// Upstream change: 6.19 (NeilBrown's start_dirop() series): the
//   directory operation helpers lock the parent and look the name up in
//   one call, start_removing_noperm(); end_removing() unlocks and drops
//   the dentry.  Before, callers took inode_lock_nested(I_MUTEX_PARENT)
//   and called lookup_one_len() themselves.
// Inverse: lock the parent and look the name up again; unlock the parent
//   of the dentry and drop it at the end.
// Probe: compat/probes/start_removing.c
@@
expression D, P, Q;
@@
- D = start_removing_noperm(P, Q);
+ inode_lock_nested(d_inode(P), I_MUTEX_PARENT);
+ D = lookup_one_len((Q)->name, P, (Q)->len);
+ if (IS_ERR(D))
+	inode_unlock(d_inode(P));

@@
expression D;
@@
- end_removing(D);
+ inode_unlock(d_inode(D->d_parent));
+ dput(D);

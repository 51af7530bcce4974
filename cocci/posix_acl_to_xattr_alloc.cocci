// SPDX-License-Identifier: GPL-2.0
// Feature: posix_acl_to_xattr_alloc
// Upstream change: after 6.12 (6.13..7.3), posix_acl_to_xattr()
//   allocates the buffer it encodes the ACL into and returns it, with its
//   size through a size_t pointer; before, the caller passed a buffer of
//   posix_acl_xattr_size() bytes and got the size or an errno back.
// Inverse: allocate the buffer and encode into it.
// Probe: compat/probes/posix_acl_to_xattr_alloc.c
@@
expression E, NS, A, L, G;
@@
- E = posix_acl_to_xattr(NS, A, L, G);
+ *L = posix_acl_xattr_size(A->a_count);
+ E = kmalloc(*L, G);
+ if (E && posix_acl_to_xattr(NS, A, E, *L) < 0) {
+	kfree(E);
+	E = NULL;
+ }

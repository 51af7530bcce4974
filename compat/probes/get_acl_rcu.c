// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: get_acl_rcu
 * The inode-based ACL method (->get_acl, ->get_inode_acl since 6.2)
 * takes a bool rcu (upstream 5.15).
 */
#include <linux/fs.h>

static const struct inode_operations *probe_iops;

/*
 * ->get_acl is there in every kernel: 5.10's (inode, type), 5.15's
 * (inode, type, rcu), or from 6.2 the dentry-based method (the inode's
 * is ->get_inode_acl then, with rcu).  Only the first lacks the flag.
 */
_Static_assert(!__builtin_types_compatible_p(typeof(probe_iops->get_acl),
					     struct posix_acl *(*)(struct inode *, int)),
	       "->get_acl takes no rcu flag");

// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: posix_acl_to_xattr_alloc
 * posix_acl_to_xattr() allocates and returns the buffer, its size through
 * a size_t pointer (upstream after 6.12).
 */
#include <linux/fs.h>
#include <linux/posix_acl_xattr.h>

void *probe(const struct posix_acl *acl, size_t *size);
void *probe(const struct posix_acl *acl, size_t *size)
{
	return posix_acl_to_xattr(&init_user_ns, acl, size, GFP_KERNEL);
}

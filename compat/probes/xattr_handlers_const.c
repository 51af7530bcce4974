// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: xattr_handlers_const
 * super_block->s_xattr takes a const table of handler pointers (upstream
 * 6.7, "fs: make s_xattr const").
 */
#include <linux/fs.h>
#include <linux/xattr.h>

static const struct xattr_handler * const probe_handlers[] = { NULL };

static void probe_set(struct super_block *sb)
{
	sb->s_xattr = probe_handlers;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: set_default_d_op
 * The default dentry operations of a superblock are set with
 * set_default_d_op() (upstream 6.17, "new helper: set_default_d_op()").
 */
#include <linux/fs.h>
#include <linux/dcache.h>

static const struct dentry_operations probe_dops = {
	.d_delete	= always_delete_dentry,
};

static int probe_fill_super(struct super_block *sb, struct fs_context *fc)
{
	set_default_d_op(sb, &probe_dops);
	return 0;
}

int (*probe_fill)(struct super_block *sb, struct fs_context *fc) =
	probe_fill_super;

// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: d_revalidate_dir
 * ->d_revalidate() takes the parent directory and the name before the
 * dentry (upstream 6.14, "make ->d_revalidate() take the parent directory
 * and the name").
 */
#include <linux/fs.h>
#include <linux/dcache.h>

static int probe_revalidate(struct inode *dir, const struct qstr *name,
			    struct dentry *dentry, unsigned int flags)
{
	return 1;
}

const struct dentry_operations probe_dops = {
	.d_revalidate = probe_revalidate,
};

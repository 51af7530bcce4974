// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: start_removing
 * start_removing_noperm() locks a directory and looks a name up in it;
 * end_removing() undoes both (upstream 6.19).
 */
#include <linux/fs.h>
#include <linux/namei.h>

static struct dentry *probe_start_removing(struct dentry *parent, struct qstr *q)
{
	struct dentry *d = start_removing_noperm(parent, q);

	if (!IS_ERR(d))
		end_removing(d);
	return d;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: file_open_root_path
 * file_open_root() takes a const struct path * (upstream 5.13); it took
 * a dentry and a vfsmount before.
 */
#include <linux/fs.h>
#include <linux/path.h>

struct file *probe(const struct path *root);
struct file *probe(const struct path *root)
{
	return file_open_root(root, "x", O_RDONLY, 0);
}

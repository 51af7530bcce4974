// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: filemap_splice_read
 * filemap_splice_read() splices from the page cache (upstream 6.5).
 */
#include <linux/fs.h>

const struct file_operations probe_fops = {
	.splice_read = filemap_splice_read,
};

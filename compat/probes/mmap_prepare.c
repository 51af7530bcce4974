// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: mmap_prepare
 * generic_file_mmap_prepare() for file_operations ->mmap_prepare
 * (upstream 6.17).
 */
#include <linux/fs.h>

const struct file_operations probe_fops = {
	.mmap_prepare = generic_file_mmap_prepare,
};

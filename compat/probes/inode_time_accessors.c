// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: inode_time_accessors
 * Inode timestamps are reached through inode_get_mtime(),
 * inode_set_mtime_to_ts() and friends; the i_atime/i_mtime fields are
 * gone (upstream 6.7, "fs: add inode_get_mtime and friends").
 */
#include <linux/fs.h>

struct timespec64 probe(struct inode *inode, struct timespec64 ts);
struct timespec64 probe(struct inode *inode, struct timespec64 ts)
{
	inode_set_mtime_to_ts(inode, ts);
	inode_set_atime_to_ts(inode, ts);
	return inode_get_mtime(inode);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: alloc_inode_sb
 * alloc_inode_sb() allocates a filesystem's inode (upstream 5.18).
 */
#include <linux/fs.h>
#include <linux/slab.h>

void *probe(struct super_block *sb, struct kmem_cache *c);
void *probe(struct super_block *sb, struct kmem_cache *c)
{
	return alloc_inode_sb(sb, c, GFP_KERNEL);
}

// SPDX-License-Identifier: GPL-2.0
// Feature: alloc_inode_sb
// Upstream change: 5.18 ("fs: introduce alloc_inode_sb() to allocate
//   filesystems specific inode", commit 8b9f3ac5b01d) makes ->alloc_inode
//   allocate through alloc_inode_sb(sb, cache, gfp), which charges the
//   inode to the superblock's memcg-aware shrinker list; porting.rst
//   makes it mandatory.
// Inverse: a plain kmem_cache_alloc() from the filesystem's cache.
// Probe: compat/probes/alloc_inode_sb.c
@@
expression SB, C, G;
@@
- alloc_inode_sb(SB, C, G)
+ kmem_cache_alloc(C, G)

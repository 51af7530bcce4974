// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: kmalloc_obj
 * kmalloc_obj(), kzalloc_obj(), kmalloc_objs() and kzalloc_objs() allocate
 * by variable or type, deriving the size and the returned type (absent
 * from Debian's 6.1, present in its 6.12 and in 7.x).
 */
#include <linux/slab.h>

struct probe_s {
	int a;
};

struct probe_s *probe(void);
struct probe_s *probe(void)
{
	struct probe_s *p = kzalloc_obj(*p, GFP_KERNEL);
	struct probe_s *q = kmalloc_objs(*q, 2, GFP_KERNEL);

	kfree(q);
	return p;
}

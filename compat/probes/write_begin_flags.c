// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: write_begin_flags
 * ->write_begin takes no flags between len and its page or folio
 * (upstream 5.19); it took an unsigned int flags before.  Its first
 * argument (a file, or a kiocb since 6.17) and what it hands out (a
 * page, or a folio since 6.12) are other features.
 */
#include <linux/fs.h>

static const struct address_space_operations *probe_aops;

#define PROBE_WB(F, P) int (*)(F, struct address_space *, loff_t, \
			       unsigned int, P, void **)

_Static_assert(__builtin_types_compatible_p(typeof(probe_aops->write_begin),
					    PROBE_WB(struct file *, struct page **)) ||
	       __builtin_types_compatible_p(typeof(probe_aops->write_begin),
					    PROBE_WB(struct file *, struct folio **)) ||
	       __builtin_types_compatible_p(typeof(probe_aops->write_begin),
					    PROBE_WB(const struct kiocb *, struct folio **)),
	       "->write_begin takes flags");

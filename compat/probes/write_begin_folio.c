// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: write_begin_folio
 * ->write_begin hands out a struct folio ** and ->write_end takes a
 * struct folio * (upstream 6.12); they were pages before.  Their first
 * argument (a file, or a kiocb since 6.17) is another feature.
 */
#include <linux/fs.h>

#define PROBE_WE(F) int (*)(F, struct address_space *, loff_t, unsigned int, \
			    unsigned int, struct folio *, void *)

static const struct address_space_operations *probe_aops;

_Static_assert(__builtin_types_compatible_p(typeof(probe_aops->write_end),
					    PROBE_WE(struct file *)) ||
	       __builtin_types_compatible_p(typeof(probe_aops->write_end),
					    PROBE_WE(const struct kiocb *)),
	       "->write_end takes a page");

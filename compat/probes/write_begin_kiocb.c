// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: write_begin_kiocb
 * ->write_begin and ->write_end take a const struct kiocb * (upstream
 * 6.17) instead of a struct file *.
 */
#include <linux/fs.h>

static int probe_wb(const struct kiocb *iocb, struct address_space *mapping,
		    loff_t pos, unsigned int len, struct folio **foliop,
		    void **fsdata)
{
	return 0;
}

const struct address_space_operations probe_aops = {
	.write_begin = probe_wb,
};

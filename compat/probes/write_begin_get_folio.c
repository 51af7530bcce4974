// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: write_begin_get_folio
 * write_begin_get_folio() gets a ->write_begin its folio (upstream 6.17).
 */
#include <linux/pagemap.h>

static struct folio *probe_get(const struct kiocb *iocb, struct address_space *m)
{
	return write_begin_get_folio(iocb, m, 0, PAGE_SIZE);
}

/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim of <linux/bvec.h>. */
#ifndef _SHIM_LINUX_BVEC_H
#define _SHIM_LINUX_BVEC_H
struct page;
struct bio_vec {
	struct page *bv_page;
	unsigned int bv_len;
	unsigned int bv_offset;
};
#endif

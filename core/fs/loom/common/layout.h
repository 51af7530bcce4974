/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loom RAID-0 layout arithmetic: which object holds which bytes.
 *
 * A file striped over C objects with stripe size S stores file byte F in
 * object (F / S) % C at object offset (F / S / C) * S + F % S.  These
 * helpers take native values, so callers decode and validate the wire
 * layout first (loom_wire_check_layout()).  Userspace-buildable.
 */
#ifndef _LOOM_LAYOUT_H
#define _LOOM_LAYOUT_H

#include <linux/types.h>

/**
 * struct loom_stripe_chunk - a contiguous piece of a file range
 * @stripe: index into the layout's objects
 * @obj_off: offset in that object
 * @file_off: offset in the file
 * @len: bytes, never crossing a stripe boundary
 */
struct loom_stripe_chunk {
	u32	stripe;
	u64	obj_off;
	u64	file_off;
	u64	len;
};

unsigned int loom_layout_map(u32 stripe_size, u16 stripe_count, u64 pos,
			     u64 len, struct loom_stripe_chunk *chunks,
			     unsigned int max);
u64 loom_layout_file_off(u32 stripe_size, u16 stripe_count, u16 stripe,
			 u64 obj_off);
u64 loom_layout_file_size(u32 stripe_size, u16 stripe_count, u16 stripe,
			  u64 obj_size);
u64 loom_layout_obj_size(u32 stripe_size, u16 stripe_count, u16 stripe,
			 u64 file_size);
bool loom_layout_obj_range(u32 stripe_size, u16 stripe_count, u16 stripe,
			   u64 start, u64 end, u64 *obj_start, u64 *obj_end);

/* loom_layout_seek(): an object with no data at or after the offset */
#define LOOM_LAYOUT_SEEK_NONE	(~0ULL)

s64 loom_layout_seek(u32 stripe_size, u16 stripe_count, const u64 *obj_ans,
		     bool hole, u64 pos, u64 size);

#endif /* _LOOM_LAYOUT_H */

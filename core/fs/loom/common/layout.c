// SPDX-License-Identifier: GPL-2.0
/*
 * Loom RAID-0 layout arithmetic.  Pure functions of their arguments: no
 * allocation, no locking, userspace-buildable.  A stripe size of 0 or a
 * stripe count of 0 maps nothing.
 */
#include <linux/types.h>
#include <linux/math64.h>
#include "layout.h"

/**
 * loom_layout_map() - split a file range into per-object chunks
 * @stripe_size: bytes per stripe
 * @stripe_count: number of objects
 * @pos: file offset of the range
 * @len: length of the range
 * @chunks: output, in file order
 * @max: room in @chunks
 *
 * Each chunk lies within one stripe of one object.  A range needing more
 * than @max chunks is mapped up to the end of chunk @max; the caller sums
 * the lengths to see how far it got.  Ranges wrapping past U64_MAX are cut
 * there.
 *
 * Return: the number of chunks filled.
 */
unsigned int loom_layout_map(u32 stripe_size, u16 stripe_count, u64 pos,
			     u64 len, struct loom_stripe_chunk *chunks,
			     unsigned int max)
{
	unsigned int n = 0;

	if (!stripe_size || !stripe_count)
		return 0;
	if (len > ~0ULL - pos)
		len = ~0ULL - pos;

	while (len && n < max) {
		u32 within, stripe;
		u64 snum, row, chunk;

		snum = div_u64_rem(pos, stripe_size, &within);
		row = div_u64_rem(snum, stripe_count, &stripe);
		chunk = stripe_size - within;
		if (chunk > len)
			chunk = len;

		chunks[n].stripe = stripe;
		chunks[n].obj_off = row * stripe_size + within;
		chunks[n].file_off = pos;
		chunks[n].len = chunk;
		n++;
		pos += chunk;
		len -= chunk;
	}
	return n;
}

/**
 * loom_layout_file_off() - file offset of a byte of an object
 * @stripe_size: bytes per stripe
 * @stripe_count: number of objects
 * @stripe: index of the object in the layout (< @stripe_count)
 * @obj_off: offset in the object
 *
 * Return: the file offset, or 0 for an invalid geometry.
 */
u64 loom_layout_file_off(u32 stripe_size, u16 stripe_count, u16 stripe,
			 u64 obj_off)
{
	u32 within;
	u64 row;

	if (!stripe_size || stripe >= stripe_count)
		return 0;
	row = div_u64_rem(obj_off, stripe_size, &within);
	return (row * stripe_count + stripe) * stripe_size + within;
}

/**
 * loom_layout_file_size() - the file size an object's size implies
 * @stripe_size: bytes per stripe
 * @stripe_count: number of objects
 * @stripe: index of the object in the layout
 * @obj_size: the object's size
 *
 * The file size is the maximum of this over all objects.
 *
 * Return: one past the file offset of the object's last byte, 0 for an
 * empty object.
 */
u64 loom_layout_file_size(u32 stripe_size, u16 stripe_count, u16 stripe,
			  u64 obj_size)
{
	if (!obj_size)
		return 0;
	return loom_layout_file_off(stripe_size, stripe_count, stripe,
				    obj_size - 1) + 1;
}

/**
 * loom_layout_obj_size() - an object's size in a file of a given size
 * @stripe_size: bytes per stripe
 * @stripe_count: number of objects
 * @stripe: index of the object in the layout
 * @file_size: the file's size
 *
 * This is the size to truncate the object to when the file is truncated
 * to @file_size.
 *
 * Return: the number of bytes of [0, @file_size) stored in the object.
 */
u64 loom_layout_obj_size(u32 stripe_size, u16 stripe_count, u16 stripe,
			 u64 file_size)
{
	u64 row_bytes, rows, rem, start;

	if (!stripe_size || stripe >= stripe_count)
		return 0;
	row_bytes = (u64)stripe_size * stripe_count;
	rows = div64_u64_rem(file_size, row_bytes, &rem);
	start = (u64)stripe * stripe_size;
	if (rem <= start)
		rem = 0;
	else if (rem - start > stripe_size)
		rem = stripe_size;
	else
		rem -= start;
	return rows * stripe_size + rem;
}

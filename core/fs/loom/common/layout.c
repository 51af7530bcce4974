// SPDX-License-Identifier: GPL-2.0
/*
 * Loom RAID-0 layout arithmetic.  Pure functions of their arguments: no
 * allocation, no locking, userspace-buildable.  A stripe size of 0 or a
 * stripe count of 0 maps nothing.
 */
#include <linux/types.h>
#include <linux/errno.h>
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

/**
 * loom_layout_obj_range() - the part of a file range stored in an object
 * @stripe_size: bytes per stripe
 * @stripe_count: number of objects
 * @stripe: index of the object in the layout
 * @start: file offset of the range
 * @end: one past its last byte
 * @obj_start: output: object offset of the first byte of the range
 *	the object holds
 * @obj_end: output: one past the object offset of the last one
 *
 * The bytes of [@start, @end) stored in object @stripe are exactly the
 * object range [@obj_start, @obj_end): what fallocate() and punching a
 * hole apply to each object.
 *
 * Return: true when the object holds some of the range.
 */
bool loom_layout_obj_range(u32 stripe_size, u16 stripe_count, u16 stripe,
			   u64 start, u64 end, u64 *obj_start, u64 *obj_end)
{
	*obj_start = loom_layout_obj_size(stripe_size, stripe_count, stripe,
					  start);
	*obj_end = start < end ? loom_layout_obj_size(stripe_size,
						      stripe_count, stripe,
						      end) : *obj_start;
	return *obj_start < *obj_end;
}

/**
 * loom_layout_seek() - a file's SEEK_DATA or SEEK_HOLE from its objects'
 * @stripe_size: bytes per stripe
 * @stripe_count: number of objects, the entries of @obj_ans
 * @obj_ans: per object, its answer when asked from the object offset
 *	loom_layout_obj_size(@pos) (the first of its bytes at or after file
 *	offset @pos): the object offset of its next data (@hole false) or
 *	hole (@hole true) there or after, or %LOOM_LAYOUT_SEEK_NONE for none
 * @hole: SEEK_HOLE rather than SEEK_DATA
 * @pos: the file offset sought from
 * @size: the file's size
 *
 * The file has data at an offset when the object storing it has, so the
 * next data of the file is the first of the objects' next data mapped
 * back to file offsets; the same holds of holes.  A file has a hole at its
 * end: SEEK_HOLE answers @size at most.
 *
 * Return: the file offset, -ENXIO when @pos is at or past @size or, for
 * SEEK_DATA, when no data follows it, -EPROTO when an object answered
 * before where it was asked from.
 */
s64 loom_layout_seek(u32 stripe_size, u16 stripe_count, const u64 *obj_ans,
		     bool hole, u64 pos, u64 size)
{
	u64 best = ~0ULL, from, off;
	u16 i;

	if (pos >= size || !stripe_size || !stripe_count)
		return -ENXIO;
	for (i = 0; i < stripe_count; i++) {
		if (obj_ans[i] == LOOM_LAYOUT_SEEK_NONE)
			continue;
		from = loom_layout_obj_size(stripe_size, stripe_count, i, pos);
		if (obj_ans[i] < from)
			return -EPROTO;
		/* past the end of any file: as good as none */
		if (obj_ans[i] >= size)
			continue;
		off = loom_layout_file_off(stripe_size, stripe_count, i,
					   obj_ans[i]);
		if (off < best)
			best = off;
	}
	if (best < size)
		return best;
	if (hole)
		return size;
	return -ENXIO;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of core/fs/loom/common/layout.c.
 *
 * cc -Itests/unit/shim -Icore/include -Icore/include/uapi \
 *    tests/unit/test_layout.c core/fs/loom/common/layout.c -lcmocka
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdbool.h>
#include <errno.h>
#include <cmocka.h>

#include <linux/types.h>
#include "../../core/fs/loom/common/layout.h"

#define MB (1024ULL * 1024)

static void test_map_simple(void **state)
{
	struct loom_stripe_chunk c[8];
	unsigned int n;

	(void)state;
	/* 3 stripes of 1 MiB: [0.5M, 3.5M) */
	n = loom_layout_map(MB, 3, MB / 2, 3 * MB, c, 8);
	assert_int_equal(n, 4);
	assert_int_equal(c[0].stripe, 0);
	assert_int_equal(c[0].obj_off, MB / 2);
	assert_int_equal(c[0].len, MB / 2);
	assert_int_equal(c[1].stripe, 1);
	assert_int_equal(c[1].obj_off, 0);
	assert_int_equal(c[1].len, MB);
	assert_int_equal(c[2].stripe, 2);
	assert_int_equal(c[3].stripe, 0);
	assert_int_equal(c[3].obj_off, MB);
	assert_int_equal(c[3].file_off, 3 * MB);
	assert_int_equal(c[3].len, MB / 2);

	/* limited room */
	n = loom_layout_map(MB, 3, 0, 10 * MB, c, 2);
	assert_int_equal(n, 2);
	assert_int_equal(c[1].file_off + c[1].len, 2 * MB);

	/* degenerate geometry */
	assert_int_equal(loom_layout_map(0, 3, 0, MB, c, 8), 0);
	assert_int_equal(loom_layout_map(MB, 0, 0, MB, c, 8), 0);
	assert_int_equal(loom_layout_map(MB, 1, 0, 0, c, 8), 0);
	/* wrap is cut */
	n = loom_layout_map(MB, 1, ~0ULL - 10, 100, c, 8);
	assert_int_equal(n, 1);
	assert_int_equal(c[0].len, 10);
}

static void test_map_roundtrip(void **state)
{
	struct loom_stripe_chunk c[64];
	u64 pos, sum;
	unsigned int n, i;

	(void)state;
	for (pos = 0; pos < 20 * MB; pos += 777777) {
		n = loom_layout_map(64 * 1024, 5, pos, 3 * MB, c, 64);
		sum = 0;
		for (i = 0; i < n; i++) {
			assert_int_equal(loom_layout_file_off(64 * 1024, 5,
							      c[i].stripe,
							      c[i].obj_off),
					 c[i].file_off);
			assert_int_equal(c[i].file_off, pos + sum);
			sum += c[i].len;
		}
		assert_int_equal(sum, 3 * MB);
	}
}

static void test_sizes(void **state)
{
	u64 fsz, max;
	u16 s;

	(void)state;
	assert_int_equal(loom_layout_file_size(MB, 4, 0, 0), 0);
	assert_int_equal(loom_layout_file_size(MB, 4, 0, 1), 1);
	assert_int_equal(loom_layout_file_size(MB, 4, 1, 1), MB + 1);
	assert_int_equal(loom_layout_file_size(MB, 4, 3, MB), 4 * MB);
	assert_int_equal(loom_layout_file_size(MB, 4, 0, MB + 1), 4 * MB + 1);

	assert_int_equal(loom_layout_obj_size(MB, 4, 0, 0), 0);
	assert_int_equal(loom_layout_obj_size(MB, 4, 0, 10), 10);
	assert_int_equal(loom_layout_obj_size(MB, 4, 1, 10), 0);
	assert_int_equal(loom_layout_obj_size(MB, 4, 1, MB + 10), 10);
	assert_int_equal(loom_layout_obj_size(MB, 4, 0, MB + 10), MB);
	assert_int_equal(loom_layout_obj_size(MB, 4, 3, 9 * MB), 2 * MB);
	assert_int_equal(loom_layout_obj_size(MB, 4, 0, 9 * MB), 3 * MB);
	assert_int_equal(loom_layout_obj_size(MB, 4, 4, 9 * MB), 0);

	/* the max over stripes of file_size(obj_size(f)) is f */
	for (fsz = 0; fsz < 30 * MB; fsz += 123457) {
		max = 0;
		for (s = 0; s < 7; s++) {
			u64 o = loom_layout_obj_size(MB, 7, s, fsz);
			u64 f = loom_layout_file_size(MB, 7, s, o);

			if (f > max)
				max = f;
		}
		assert_int_equal(max, fsz);
	}
	/* large geometry does not overflow */
	assert_int_equal(loom_layout_obj_size(0xffff0000u, 64, 63,
					      64ULL * 0xffff0000u),
			 0xffff0000u);
}

static void test_obj_range(void **state)
{
	u64 s, e, start, end, sum;
	u16 i;

	(void)state;
	/* [0.5M, 3.5M) over 3 stripes of 1 MiB */
	assert_true(loom_layout_obj_range(MB, 3, 0, MB / 2, 7 * MB / 2, &s, &e));
	assert_int_equal(s, MB / 2);
	assert_int_equal(e, 3 * MB / 2);
	assert_true(loom_layout_obj_range(MB, 3, 1, MB / 2, 7 * MB / 2, &s, &e));
	assert_int_equal(s, 0);
	assert_int_equal(e, MB);
	assert_true(loom_layout_obj_range(MB, 3, 2, MB / 2, 7 * MB / 2, &s, &e));
	assert_int_equal(s, 0);
	assert_int_equal(e, MB);
	/* inside one stripe: the other objects hold none of it */
	assert_false(loom_layout_obj_range(MB, 3, 1, 10, 20, &s, &e));
	assert_true(loom_layout_obj_range(MB, 3, 0, 10, 20, &s, &e));
	assert_int_equal(e - s, 10);
	/* empty and reversed ranges are empty */
	assert_false(loom_layout_obj_range(MB, 3, 0, 10, 10, &s, &e));
	assert_false(loom_layout_obj_range(MB, 3, 0, 20, 10, &s, &e));
	/* the objects' pieces add up to the range */
	for (start = 0; start < 10 * MB; start += 333333) {
		end = start + 4 * MB + 12345;
		sum = 0;
		for (i = 0; i < 5; i++)
			if (loom_layout_obj_range(64 * 1024, 5, i, start, end,
						  &s, &e))
				sum += e - s;
		assert_int_equal(sum, end - start);
	}
}

/* A byte-granular model: bytes of a file are data or hole. */
#define MSZ	64
#define MSS	4

static s64 model_file_seek(const bool *bm, u64 size, u64 pos, bool hole)
{
	u64 f;

	if (pos >= size)
		return -ENXIO;
	for (f = pos; f < size; f++)
		if (bm[f] != hole)
			return f;
	return hole ? (s64)size : -ENXIO;
}

/* What an object holding its part of the file answers. */
static u64 model_obj_seek(const bool *bm, u64 size, u16 cnt, u16 i, u64 from,
			  bool hole)
{
	u64 osize = loom_layout_obj_size(MSS, cnt, i, size), o;

	for (o = from; o < osize; o++)
		if (bm[loom_layout_file_off(MSS, cnt, i, o)] != hole)
			return o;
	return hole ? (from > osize ? from : osize) : LOOM_LAYOUT_SEEK_NONE;
}

static void test_seek_model(void **state)
{
	u64 ans[4], size, pos, seed = 1;
	bool bm[MSZ];
	unsigned int round, f;
	u16 cnt, i;
	int h;

	(void)state;
	for (round = 0; round < 300; round++) {
		cnt = 1 + round % 4;
		size = 1 + round % MSZ;
		for (f = 0; f < MSZ; f++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			/* runs of data and holes, some long */
			bm[f] = f < size && ((seed >> 33) % 3 == 0) == (round & 1);
		}
		for (h = 0; h < 2; h++) {
			for (pos = 0; pos < size + 3; pos++) {
				for (i = 0; i < cnt; i++)
					ans[i] = model_obj_seek(bm, size, cnt, i,
						loom_layout_obj_size(MSS, cnt, i, pos), h);
				assert_int_equal(loom_layout_seek(MSS, cnt, ans, h,
								  pos, size),
						 model_file_seek(bm, size, pos, h));
			}
		}
	}
}

static void test_seek_edges(void **state)
{
	u64 none[2] = { LOOM_LAYOUT_SEEK_NONE, LOOM_LAYOUT_SEEK_NONE };
	u64 ans[2];

	(void)state;
	/* no data anywhere: ENXIO for data, the hole is where we are... */
	assert_int_equal(loom_layout_seek(MB, 2, none, false, 0, 100), -ENXIO);
	/* ...or, with no hole reported either, the end of the file */
	assert_int_equal(loom_layout_seek(MB, 2, none, true, 5, 100), 100);
	/* at or past the end */
	assert_int_equal(loom_layout_seek(MB, 2, none, true, 100, 100), -ENXIO);
	assert_int_equal(loom_layout_seek(MB, 2, none, false, 200, 100), -ENXIO);
	/* data of object 1 at its offset 0 is file offset 1M */
	ans[0] = LOOM_LAYOUT_SEEK_NONE;
	ans[1] = 0;
	assert_int_equal(loom_layout_seek(MB, 2, ans, false, 10, 3 * MB), MB);
	/* data past the file's size does not count */
	assert_int_equal(loom_layout_seek(MB, 2, ans, false, 10, MB), -ENXIO);
	/* a hole answer past the size is the size */
	ans[0] = 2 * MB;
	ans[1] = 2 * MB;
	assert_int_equal(loom_layout_seek(MB, 2, ans, true, 10, 3 * MB), 3 * MB);
	/* an object answering before where it was asked from is wrong */
	ans[0] = 5;
	assert_int_equal(loom_layout_seek(MB, 2, ans, true, 10, 3 * MB), -EPROTO);
	/* degenerate geometry */
	assert_int_equal(loom_layout_seek(0, 2, ans, true, 0, 3 * MB), -ENXIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_simple),
		cmocka_unit_test(test_map_roundtrip),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_obj_range),
		cmocka_unit_test(test_seek_model),
		cmocka_unit_test(test_seek_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_simple),
		cmocka_unit_test(test_map_roundtrip),
		cmocka_unit_test(test_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

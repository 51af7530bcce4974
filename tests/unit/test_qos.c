// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of core/fs/loom/common/qos.c: object placement.
 *
 * cc -Itests/unit/shim -Icore/include -Icore/include/uapi \
 *    tests/unit/test_qos.c core/fs/loom/common/qos.c -lcmocka
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <linux/types.h>
#include "../../core/fs/loom/common/qos.h"

#define GB (1ULL << 30)

static void set(struct loom_qos_tgt *t, unsigned int nr, const u64 *avail)
{
	unsigned int i;

	memset(t, 0, nr * sizeof(*t));
	for (i = 0; i < nr; i++) {
		t[i].avail = avail[i];
		t[i].total = 100 * GB;
		t[i].usable = true;
	}
}

static void test_balanced_rr(void **state)
{
	struct loom_qos q = { .threshold_rr = LOOM_QOS_THRESHOLD_RR };
	const u64 av[4] = { 50 * GB, 48 * GB, 45 * GB, 49 * GB };
	struct loom_qos_tgt t[4];
	unsigned int out[4], i, n;

	(void)state;
	set(t, 4, av);
	assert_true(loom_qos_balanced(&q, t, 4));
	for (i = 0; i < 12; i++) {
		n = loom_qos_choose(&q, t, 4, 1, LOOM_QOS_ANY, out);
		assert_int_equal(n, 1);
		assert_int_equal(out[0], i % 4);
	}
	/* two stripes: 0 1, 2 3, 0 1 */
	q.rr = 0;
	for (i = 0; i < 6; i++) {
		n = loom_qos_choose(&q, t, 4, 2, LOOM_QOS_ANY, out);
		assert_int_equal(n, 2);
		assert_int_equal(out[0], (2 * i) % 4);
		assert_int_equal(out[1], (2 * i + 1) % 4);
	}
}

static void test_threshold(void **state)
{
	struct loom_qos q = { .threshold_rr = 17 };
	const u64 av16[2] = { 100 * GB, 84 * GB };
	const u64 av18[2] = { 100 * GB, 82 * GB };
	struct loom_qos_tgt t[2];

	(void)state;
	set(t, 2, av16);
	assert_true(loom_qos_balanced(&q, t, 2));
	set(t, 2, av18);
	assert_false(loom_qos_balanced(&q, t, 2));
	q.threshold_rr = 100;
	assert_true(loom_qos_balanced(&q, t, 2));
	q.threshold_rr = 0;
	set(t, 2, av16);
	assert_false(loom_qos_balanced(&q, t, 2));
	/* huge targets do not overflow */
	t[0].avail = ~0ULL / 2;
	t[1].avail = ~0ULL / 2 - (~0ULL / 200);
	t[0].total = t[1].total = ~0ULL;
	q.threshold_rr = 17;
	assert_true(loom_qos_balanced(&q, t, 2));
}

static void test_weighted_proportional(void **state)
{
	struct loom_qos q = { .threshold_rr = LOOM_QOS_THRESHOLD_RR };
	const u64 av[4] = { 10 * GB, 20 * GB, 30 * GB, 40 * GB };
	unsigned int cnt[4] = {}, out[1], i, n, last = 4, runs = 0;
	struct loom_qos_tgt t[4];

	(void)state;
	set(t, 4, av);
	assert_false(loom_qos_balanced(&q, t, 4));
	for (i = 0; i < 1000; i++) {
		n = loom_qos_choose(&q, t, 4, 1, LOOM_QOS_ANY, out);
		assert_int_equal(n, 1);
		cnt[out[0]]++;
		/* smooth: the emptiest never gets long runs */
		if (out[0] == last)
			runs++;
		last = out[0];
	}
	assert_int_equal(cnt[0], 100);
	assert_int_equal(cnt[1], 200);
	assert_int_equal(cnt[2], 300);
	assert_int_equal(cnt[3], 400);
	assert_true(runs < 200);
}

static void test_weighted_deterministic(void **state)
{
	struct loom_qos q1 = { .threshold_rr = 17 }, q2 = { .threshold_rr = 17 };
	const u64 av[3] = { 5 * GB, 50 * GB, 20 * GB };
	struct loom_qos_tgt a[3], b[3];
	unsigned int oa[2], ob[2], i;

	(void)state;
	set(a, 3, av);
	set(b, 3, av);
	for (i = 0; i < 100; i++) {
		assert_int_equal(loom_qos_choose(&q1, a, 3, 2, LOOM_QOS_ANY, oa), 2);
		assert_int_equal(loom_qos_choose(&q2, b, 3, 2, LOOM_QOS_ANY, ob), 2);
		assert_int_equal(oa[0], ob[0]);
		assert_int_equal(oa[1], ob[1]);
		assert_int_not_equal(oa[0], oa[1]);
	}
}

static void test_full_never(void **state)
{
	struct loom_qos q = { .threshold_rr = 17 };
	const u64 bal[3] = { 50 * GB, 50 * GB, 50 * GB };
	const u64 imb[3] = { 10 * GB, 90 * GB, 40 * GB };
	struct loom_qos_tgt t[3];
	unsigned int out[3], i, n;

	(void)state;
	set(t, 3, bal);
	t[1].avail = 1000;		/* full: not even balanced with it */
	for (i = 0; i < 30; i++) {
		n = loom_qos_choose(&q, t, 3, 1, LOOM_QOS_ANY, out);
		assert_int_equal(n, 1);
		assert_int_not_equal(out[0], 1);
	}
	set(t, 3, imb);
	t[1].avail = 90 * GB / 1000 - 1;
	t[1].total = 90 * GB;
	assert_true(loom_qos_full(&t[1]));
	for (i = 0; i < 100; i++) {
		n = loom_qos_choose(&q, t, 3, 3, LOOM_QOS_ANY, out);
		assert_int_equal(n, 2);
		assert_int_not_equal(out[0], 1);
		assert_int_not_equal(out[1], 1);
	}
	/* nothing can take objects */
	t[0].usable = false;
	t[2].avail = 0;
	assert_int_equal(loom_qos_choose(&q, t, 3, 1, LOOM_QOS_ANY, out), 0);
}

static void test_unusable_skipped(void **state)
{
	struct loom_qos q = { .threshold_rr = 17 };
	const u64 av[4] = { 50 * GB, 50 * GB, 50 * GB, 50 * GB };
	static const unsigned int want[3] = { 0, 1, 3 };
	struct loom_qos_tgt t[4];
	unsigned int out[4], i, n;

	(void)state;
	set(t, 4, av);
	t[2].usable = false;
	for (i = 0; i < 9; i++) {
		n = loom_qos_choose(&q, t, 4, 1, LOOM_QOS_ANY, out);
		assert_int_equal(n, 1);
		assert_int_equal(out[0], want[i % 3]);
	}
	n = loom_qos_choose(&q, t, 4, 4, LOOM_QOS_ANY, out);
	assert_int_equal(n, 3);
}

static void test_offset(void **state)
{
	struct loom_qos q = { .threshold_rr = 17 };
	const u64 av[4] = { 10 * GB, 20 * GB, 30 * GB, 90 * GB };
	struct loom_qos_tgt t[4];
	unsigned int out[4], n;

	(void)state;
	set(t, 4, av);
	n = loom_qos_choose(&q, t, 4, 1, 2, out);
	assert_int_equal(n, 1);
	assert_int_equal(out[0], 2);
	n = loom_qos_choose(&q, t, 4, 3, 2, out);
	assert_int_equal(n, 3);
	assert_int_equal(out[0], 2);
	assert_int_equal(out[1], 3);
	assert_int_equal(out[2], 0);
	/* state untouched by explicit offsets */
	assert_int_equal(q.rr, 0);
	assert_false(q.weighted);
	/* an offset that cannot take objects moves on */
	t[2].usable = false;
	n = loom_qos_choose(&q, t, 4, 1, 2, out);
	assert_int_equal(n, 1);
	assert_int_equal(out[0], 3);
	assert_int_equal(loom_qos_choose(&q, t, 0, 1, LOOM_QOS_ANY, out), 0);
	assert_int_equal(loom_qos_choose(&q, t, 4, 0, LOOM_QOS_ANY, out), 0);
}

static void test_back_to_rr(void **state)
{
	struct loom_qos q = { .threshold_rr = 17 };
	const u64 imb[2] = { 10 * GB, 90 * GB };
	const u64 bal[2] = { 90 * GB, 90 * GB };
	struct loom_qos_tgt t[2];
	unsigned int out[1], i;

	(void)state;
	set(t, 2, imb);
	for (i = 0; i < 7; i++)
		loom_qos_choose(&q, t, 2, 1, LOOM_QOS_ANY, out);
	assert_true(q.weighted);
	t[0].avail = bal[0];
	t[1].avail = bal[1];
	loom_qos_choose(&q, t, 2, 1, LOOM_QOS_ANY, out);
	assert_false(q.weighted);
	assert_int_equal(t[0].credit, 0);
	assert_int_equal(t[1].credit, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_balanced_rr),
		cmocka_unit_test(test_threshold),
		cmocka_unit_test(test_weighted_proportional),
		cmocka_unit_test(test_weighted_deterministic),
		cmocka_unit_test(test_full_never),
		cmocka_unit_test(test_unusable_skipped),
		cmocka_unit_test(test_offset),
		cmocka_unit_test(test_back_to_rr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

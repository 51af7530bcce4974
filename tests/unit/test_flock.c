// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of core/fs/loom/common/flock.c: conflicts, merge and split of
 * an owner's ranges, flock() locks, dropping a client's locks, deadlock
 * detection, and the MDT_FLOCK wire checks.
 *
 * cc -Itests/unit/shim -Icore/include -Icore/include/uapi \
 *    tests/unit/test_flock.c core/fs/loom/common/flock.c \
 *    core/fs/loom/common/wire.c -lcmocka
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <linux/types.h>
#include <linux/errno.h>
#include <asm/byteorder.h>
#include "../../core/fs/loom/common/flock.h"

#define EOFX LOOM_FLOCK_EOF
#define RD LOOM_FLOCK_RD
#define WR LOOM_FLOCK_WR
#define UN LOOM_FLOCK_UN

static int exp_a, exp_b;

static struct loom_flock_lk lk(void *exp, u64 owner, u16 type, u64 start,
			       u64 end)
{
	struct loom_flock_lk l = {
		.exp = exp, .owner = owner, .type = type,
		.start = start, .end = end, .pid = 7,
	};

	return l;
}

static void free_list(struct list_head *head)
{
	struct loom_flock_lk *l, *t;

	list_for_each_entry_safe(l, t, head, link) {
		list_del(&l->link);
		free(l);
	}
}

/* Test, then apply like the MDT: returns -EAGAIN on a conflict. */
static int set(struct list_head *locks, struct loom_flock_lk req)
{
	struct loom_flock_lk *spare[2];
	LIST_HEAD(dead);

	if (loom_flock_test(locks, &req))
		return -EAGAIN;
	spare[0] = calloc(1, sizeof(*spare[0]));
	spare[1] = calloc(1, sizeof(*spare[1]));
	loom_flock_apply(locks, &req, spare, &dead);
	free(spare[0]);
	free(spare[1]);
	free_list(&dead);
	return 0;
}

static int count(struct list_head *locks)
{
	struct loom_flock_lk *l;
	int n = 0;

	list_for_each_entry(l, locks, link)
		n++;
	return n;
}

/* Whether the owner holds exactly [start, end] of type as one lock. */
static bool holds(struct list_head *locks, void *exp, u64 owner, u16 type,
		  u64 start, u64 end)
{
	struct loom_flock_lk *l;

	list_for_each_entry(l, locks, link)
		if (l->exp == exp && l->owner == owner && l->type == type &&
		    l->start == start && l->end == end)
			return true;
	return false;
}

static void test_conflict(void **state)
{
	struct loom_flock_lk a = lk(&exp_a, 1, WR, 0, 9);
	struct loom_flock_lk b = lk(&exp_b, 1, WR, 9, 20);

	(void)state;
	assert_true(loom_flock_conflict(&a, &b));
	b.start = 10;
	assert_false(loom_flock_conflict(&a, &b));
	b.start = 0;
	a.type = RD;
	b.type = RD;
	assert_false(loom_flock_conflict(&a, &b));
	b.type = WR;
	assert_true(loom_flock_conflict(&a, &b));
	/* same owner never conflicts; same client, other owner does */
	b.exp = &exp_a;
	assert_false(loom_flock_conflict(&a, &b));
	b.owner = 2;
	assert_true(loom_flock_conflict(&a, &b));
	/* flock() and fcntl() locks ignore each other */
	b.flock = true;
	assert_false(loom_flock_conflict(&a, &b));
}

static void test_remote_exclusive(void **state)
{
	LIST_HEAD(locks);

	(void)state;
	assert_int_equal(set(&locks, lk(&exp_a, 1, WR, 0, EOFX)), 0);
	assert_int_equal(set(&locks, lk(&exp_b, 1, WR, 0, EOFX)), -EAGAIN);
	assert_int_equal(set(&locks, lk(&exp_b, 1, RD, 100, 200)), -EAGAIN);
	assert_int_equal(set(&locks, lk(&exp_a, 1, UN, 0, EOFX)), 0);
	assert_int_equal(count(&locks), 0);
	assert_int_equal(set(&locks, lk(&exp_b, 1, RD, 100, 200)), 0);
	assert_int_equal(set(&locks, lk(&exp_a, 1, RD, 0, EOFX)), 0);
	free_list(&locks);
}

static void test_merge_split(void **state)
{
	LIST_HEAD(locks);

	(void)state;
	assert_int_equal(set(&locks, lk(&exp_a, 1, WR, 0, 9)), 0);
	assert_int_equal(set(&locks, lk(&exp_a, 1, WR, 10, 19)), 0);
	assert_int_equal(count(&locks), 1);
	assert_true(holds(&locks, &exp_a, 1, WR, 0, 19));
	/* overlapping merge */
	assert_int_equal(set(&locks, lk(&exp_a, 1, WR, 15, 29)), 0);
	assert_true(holds(&locks, &exp_a, 1, WR, 0, 29));
	/* unlock in the middle splits */
	assert_int_equal(set(&locks, lk(&exp_a, 1, UN, 10, 14)), 0);
	assert_int_equal(count(&locks), 2);
	assert_true(holds(&locks, &exp_a, 1, WR, 0, 9));
	assert_true(holds(&locks, &exp_a, 1, WR, 15, 29));
	/* the hole is free for another owner, the rest is not */
	assert_int_equal(set(&locks, lk(&exp_b, 1, WR, 10, 14)), 0);
	assert_int_equal(set(&locks, lk(&exp_b, 1, WR, 9, 9)), -EAGAIN);
	assert_int_equal(set(&locks, lk(&exp_b, 1, UN, 10, 14)), 0);
	/* a read lock in the middle of a write lock: one type per byte */
	assert_int_equal(set(&locks, lk(&exp_a, 1, RD, 2, 4)), 0);
	assert_int_equal(count(&locks), 4);
	assert_true(holds(&locks, &exp_a, 1, WR, 0, 1));
	assert_true(holds(&locks, &exp_a, 1, RD, 2, 4));
	assert_true(holds(&locks, &exp_a, 1, WR, 5, 9));
	assert_int_equal(set(&locks, lk(&exp_b, 1, RD, 3, 3)), 0);
	assert_int_equal(set(&locks, lk(&exp_b, 1, RD, 5, 5)), -EAGAIN);
	assert_int_equal(set(&locks, lk(&exp_b, 1, UN, 0, EOFX)), 0);
	/* a write lock over all of them merges them */
	assert_int_equal(set(&locks, lk(&exp_a, 1, WR, 0, 40)), 0);
	assert_int_equal(count(&locks), 1);
	assert_true(holds(&locks, &exp_a, 1, WR, 0, 40));
	/* trimming the head and the tail */
	assert_int_equal(set(&locks, lk(&exp_a, 1, UN, 0, 4)), 0);
	assert_int_equal(set(&locks, lk(&exp_a, 1, UN, 36, EOFX)), 0);
	assert_true(holds(&locks, &exp_a, 1, WR, 5, 35));
	/* to EOF, then adjacent at EOF does not wrap */
	assert_int_equal(set(&locks, lk(&exp_a, 1, RD, 100, EOFX)), 0);
	assert_int_equal(set(&locks, lk(&exp_a, 1, RD, 0, 0)), 0);
	assert_int_equal(count(&locks), 3);
	free_list(&locks);
}

static void test_flock_class(void **state)
{
	struct loom_flock_lk f;
	LIST_HEAD(locks);

	(void)state;
	f = lk(&exp_a, 5, RD, 0, EOFX);
	f.flock = true;
	assert_int_equal(set(&locks, f), 0);
	f.type = WR;
	assert_int_equal(set(&locks, f), 0);	/* conversion */
	assert_int_equal(count(&locks), 1);
	f.exp = &exp_b;
	assert_int_equal(set(&locks, f), -EAGAIN);
	/* a POSIX lock is not in the way */
	assert_int_equal(set(&locks, lk(&exp_b, 5, WR, 0, EOFX)), 0);
	f.exp = &exp_a;
	f.type = UN;
	assert_int_equal(set(&locks, f), 0);
	assert_int_equal(count(&locks), 1);
	free_list(&locks);
}

static void test_drop_exp(void **state)
{
	LIST_HEAD(locks);
	LIST_HEAD(dead);

	(void)state;
	assert_int_equal(set(&locks, lk(&exp_a, 1, WR, 0, 9)), 0);
	assert_int_equal(set(&locks, lk(&exp_a, 2, WR, 20, 29)), 0);
	assert_int_equal(set(&locks, lk(&exp_b, 1, WR, 10, 19)), 0);
	loom_flock_drop_exp(&locks, &exp_a, &dead);
	assert_int_equal(count(&locks), 1);
	assert_int_equal(count(&dead), 2);
	assert_int_equal(set(&locks, lk(&exp_b, 1, WR, 0, 9)), 0);
	free_list(&locks);
	free_list(&dead);
}

static void test_deadlock(void **state)
{
	struct loom_flock_wait w1 = {
		.exp = &exp_a, .owner = 1, .bexp = &exp_b, .bowner = 2,
	};
	struct loom_flock_wait w2 = {
		.exp = &exp_b, .owner = 2, .bexp = &exp_b, .bowner = 3,
	};
	LIST_HEAD(waiters);

	(void)state;
	/* A1 waits for B2: B2 waiting for A1 closes the cycle */
	list_add_tail(&w1.link, &waiters);
	assert_true(loom_flock_deadlock(&waiters, &exp_b, 2, &exp_a, 1));
	/* B3 waiting for A1: A1 -> B2, and B2 waits for nobody */
	assert_false(loom_flock_deadlock(&waiters, &exp_b, 3, &exp_a, 1));
	/* with B2 -> B3: A1 -> B2 -> B3 */
	list_add_tail(&w2.link, &waiters);
	assert_true(loom_flock_deadlock(&waiters, &exp_b, 3, &exp_a, 1));
	assert_ptr_equal(loom_flock_waiter(&waiters, &exp_b, 2), &w2);
	assert_null(loom_flock_waiter(&waiters, &exp_a, 2));
	/* a cycle not through the asker ends after the depth limit */
	w2.bexp = &exp_a;
	w2.bowner = 1;
	assert_false(loom_flock_deadlock(&waiters, &exp_b, 9, &exp_a, 1));
}

static struct loom_flock_req req(u16 cmd, u16 type, u32 flags, u64 start,
				 u64 end)
{
	struct loom_flock_req r = {};

	r.fid.seq = cpu_to_le64(1);
	r.owner = cpu_to_le64(42);
	r.cmd = cpu_to_le16(cmd);
	r.type = cpu_to_le16(type);
	r.flags = cpu_to_le32(flags);
	r.start = cpu_to_le64(start);
	r.end = cpu_to_le64(end);
	return r;
}

static void test_check_flock(void **state)
{
	struct loom_flock_req r;

	(void)state;
	r = req(LOOM_FLOCK_SET, WR, LOOM_FLOCK_F_WAIT | LOOM_FLOCK_F_DEADLK,
		0, EOFX);
	assert_int_equal(loom_wire_check_flock(&r, sizeof(r)), 0);
	assert_int_equal(loom_wire_check_flock(&r, sizeof(r) - 1), -EPROTO);
	r.padding = 1;
	assert_int_equal(loom_wire_check_flock(&r, sizeof(r)), -EPROTO);
	r = req(LOOM_FLOCK_SET, 0, 0, 0, 1);
	assert_int_equal(loom_wire_check_flock(&r, sizeof(r)), -EINVAL);
	r = req(LOOM_FLOCK_SET, 4, 0, 0, 1);
	assert_int_equal(loom_wire_check_flock(&r, sizeof(r)), -EINVAL);
	r = req(LOOM_FLOCK_SET, RD, 0, 2, 1);
	assert_int_equal(loom_wire_check_flock(&r, sizeof(r)), -EINVAL);
	r = req(LOOM_FLOCK_SET, UN, LOOM_FLOCK_F_WAIT, 0, 1);
	assert_int_equal(loom_wire_check_flock(&r, sizeof(r)), -EINVAL);
	r = req(LOOM_FLOCK_SET, RD, 0x80, 0, 1);
	assert_int_equal(loom_wire_check_flock(&r, sizeof(r)), -EINVAL);
	r = req(LOOM_FLOCK_SET, RD, LOOM_FLOCK_F_FLOCK, 0, 1);
	assert_int_equal(loom_wire_check_flock(&r, sizeof(r)), -EINVAL);
	r = req(LOOM_FLOCK_SET, RD, LOOM_FLOCK_F_FLOCK, 0, EOFX);
	assert_int_equal(loom_wire_check_flock(&r, sizeof(r)), 0);
	r.owner = 0;
	assert_int_equal(loom_wire_check_flock(&r, sizeof(r)), -EINVAL);
	r = req(LOOM_FLOCK_SET, RD, 0, 0, 1);
	r.fid.seq = 0;
	assert_int_equal(loom_wire_check_flock(&r, sizeof(r)), -EINVAL);
	r = req(LOOM_FLOCK_GET, WR, 0, 5, 5);
	assert_int_equal(loom_wire_check_flock(&r, sizeof(r)), 0);
	r = req(LOOM_FLOCK_GET, UN, 0, 5, 5);
	assert_int_equal(loom_wire_check_flock(&r, sizeof(r)), -EINVAL);
	r = req(LOOM_FLOCK_CANCEL, 0, 0, 0, 0);
	assert_int_equal(loom_wire_check_flock(&r, sizeof(r)), 0);
	r = req(LOOM_FLOCK_CANCEL, RD, 0, 0, 0);
	assert_int_equal(loom_wire_check_flock(&r, sizeof(r)), -EINVAL);
	r = req(9, RD, 0, 0, 0);
	assert_int_equal(loom_wire_check_flock(&r, sizeof(r)), -EINVAL);
	/* replay: a SET of a read or write lock that does not wait */
	r = req(LOOM_FLOCK_SET, WR, LOOM_FLOCK_F_REPLAY | LOOM_FLOCK_F_DEADLK,
		0, EOFX);
	assert_int_equal(loom_wire_check_flock(&r, sizeof(r)), 0);
	r = req(LOOM_FLOCK_SET, RD, LOOM_FLOCK_F_REPLAY | LOOM_FLOCK_F_FLOCK,
		0, EOFX);
	assert_int_equal(loom_wire_check_flock(&r, sizeof(r)), 0);
	r = req(LOOM_FLOCK_SET, UN, LOOM_FLOCK_F_REPLAY, 0, EOFX);
	assert_int_equal(loom_wire_check_flock(&r, sizeof(r)), -EINVAL);
	r = req(LOOM_FLOCK_SET, WR, LOOM_FLOCK_F_REPLAY | LOOM_FLOCK_F_WAIT,
		0, EOFX);
	assert_int_equal(loom_wire_check_flock(&r, sizeof(r)), -EINVAL);
	r = req(LOOM_FLOCK_GET, WR, LOOM_FLOCK_F_REPLAY, 0, EOFX);
	assert_int_equal(loom_wire_check_flock(&r, sizeof(r)), -EINVAL);
	r = req(LOOM_FLOCK_CANCEL, 0, LOOM_FLOCK_F_REPLAY, 0, 0);
	assert_int_equal(loom_wire_check_flock(&r, sizeof(r)), -EINVAL);
	r = req(LOOM_FLOCK_SET, RD, 0x10, 0, 1);
	assert_int_equal(loom_wire_check_flock(&r, sizeof(r)), -EINVAL);
}

static void test_check_flock_rep(void **state)
{
	struct loom_flock_rep rep = {};

	(void)state;
	assert_int_equal(loom_wire_check_flock_rep(&rep, sizeof(rep)), -EPROTO);
	rep.type = cpu_to_le16(UN);
	assert_int_equal(loom_wire_check_flock_rep(&rep, sizeof(rep)), 0);
	assert_int_equal(loom_wire_check_flock_rep(&rep, 8), -EPROTO);
	rep.type = cpu_to_le16(WR);
	rep.start = cpu_to_le64(5);
	assert_int_equal(loom_wire_check_flock_rep(&rep, sizeof(rep)), -EPROTO);
	rep.end = cpu_to_le64(5);
	assert_int_equal(loom_wire_check_flock_rep(&rep, sizeof(rep)), 0);
	rep.padding = 1;
	assert_int_equal(loom_wire_check_flock_rep(&rep, sizeof(rep)), -EPROTO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conflict),
		cmocka_unit_test(test_remote_exclusive),
		cmocka_unit_test(test_merge_split),
		cmocka_unit_test(test_flock_class),
		cmocka_unit_test(test_drop_exp),
		cmocka_unit_test(test_deadlock),
		cmocka_unit_test(test_check_flock),
		cmocka_unit_test(test_check_flock_rep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

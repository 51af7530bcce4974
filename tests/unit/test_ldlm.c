// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of core/fs/loom/common/ldlm.c: lock compatibility, coverage,
 * extent growth and the DLM's wire checks.
 *
 * cc -Itests/unit/shim -Icore/include -Icore/include/uapi \
 *    tests/unit/test_ldlm.c core/fs/loom/common/ldlm.c \
 *    core/fs/loom/common/wire.c -lcmocka
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <linux/types.h>
#include <linux/errno.h>
#include <asm/byteorder.h>
#include "../../core/fs/loom/common/ldlm.h"

#define EOFX LOOM_EXTENT_EOF

static struct loom_lock_desc ib(u32 mode, u64 bits)
{
	struct loom_lock_desc d = { LOOM_LDLM_IBITS, mode, bits, 0, 0 };

	return d;
}

static struct loom_lock_desc ext(u32 mode, u64 start, u64 end)
{
	struct loom_lock_desc d = { LOOM_LDLM_EXTENT, mode, 0, start, end };

	return d;
}

static void test_modes(void **state)
{
	(void)state;
	assert_true(loom_ldlm_modes_compat(LOOM_LCK_PR, LOOM_LCK_PR));
	assert_false(loom_ldlm_modes_compat(LOOM_LCK_PR, LOOM_LCK_PW));
	assert_false(loom_ldlm_modes_compat(LOOM_LCK_PW, LOOM_LCK_PR));
	assert_false(loom_ldlm_modes_compat(LOOM_LCK_PW, LOOM_LCK_PW));
}

static void test_conflict_ibits(void **state)
{
	struct loom_lock_desc a = ib(LOOM_LCK_PR, LOOM_IBIT_UPDATE);
	struct loom_lock_desc b = ib(LOOM_LCK_PW, LOOM_IBIT_LOOKUP);
	struct loom_lock_desc c = ib(LOOM_LCK_PW, LOOM_IBIT_LOOKUP |
				     LOOM_IBIT_UPDATE);

	(void)state;
	assert_false(loom_ldlm_conflict(&a, &b));	/* no common bit */
	assert_true(loom_ldlm_conflict(&a, &c));
	assert_true(loom_ldlm_conflict(&c, &a));
	c.mode = LOOM_LCK_PR;
	assert_false(loom_ldlm_conflict(&a, &c));	/* PR and PR share */
}

static void test_conflict_extent(void **state)
{
	struct loom_lock_desc a = ext(LOOM_LCK_PW, 0, 4095);
	struct loom_lock_desc b = ext(LOOM_LCK_PW, 4096, EOFX);
	struct loom_lock_desc c = ext(LOOM_LCK_PR, 4095, 4095);
	struct loom_lock_desc i = ib(LOOM_LCK_PR, LOOM_IBIT_UPDATE);

	(void)state;
	assert_false(loom_ldlm_conflict(&a, &b));	/* adjacent */
	assert_true(loom_ldlm_conflict(&a, &c));	/* one byte */
	assert_false(loom_ldlm_conflict(&b, &c));
	assert_true(loom_ldlm_conflict(&a, &i));	/* types never mix */
}

static void test_covers(void **state)
{
	struct loom_lock_desc held = ext(LOOM_LCK_PW, 0, EOFX);
	struct loom_lock_desc want = ext(LOOM_LCK_PR, 100, 200);
	struct loom_lock_desc hib = ib(LOOM_LCK_PR, LOOM_IBIT_UPDATE |
				       LOOM_IBIT_XATTR);
	struct loom_lock_desc wib = ib(LOOM_LCK_PR, LOOM_IBIT_UPDATE);

	(void)state;
	assert_true(loom_ldlm_covers(&held, &want));	/* PW serves PR */
	held.mode = LOOM_LCK_PR;
	want.mode = LOOM_LCK_PW;
	assert_false(loom_ldlm_covers(&held, &want));	/* PR does not serve PW */
	held = ext(LOOM_LCK_PW, 150, EOFX);
	assert_false(loom_ldlm_covers(&held, &want));	/* not all bytes */
	assert_true(loom_ldlm_covers(&hib, &wib));
	wib.bits = LOOM_IBIT_LOOKUP;
	assert_false(loom_ldlm_covers(&hib, &wib));
	assert_false(loom_ldlm_covers(&hib, &want));
}

static void test_expand(void **state)
{
	struct loom_lock_desc req = ext(LOOM_LCK_PW, 1000, 1999);
	struct loom_lock_desc want = ext(LOOM_LCK_PW, 0, EOFX);
	struct loom_lock_desc left = ext(LOOM_LCK_PR, 0, 499);
	struct loom_lock_desc right = ext(LOOM_LCK_PW, 5000, 5999);
	struct loom_lock_desc shared = ext(LOOM_LCK_PR, 3000, 3999);

	(void)state;
	loom_ldlm_expand(&want, &req, &left);
	assert_int_equal(want.start, 500);
	assert_true(want.end == EOFX);
	loom_ldlm_expand(&want, &req, &right);
	assert_int_equal(want.end, 4999);
	/* a compatible lock bounds nothing */
	req.mode = want.mode = LOOM_LCK_PR;
	want = ext(LOOM_LCK_PR, 0, EOFX);
	loom_ldlm_expand(&want, &req, &shared);
	assert_int_equal(want.start, 0);
	assert_true(want.end == EOFX);
	/* the requested range itself is never given up */
	want = ext(LOOM_LCK_PW, 0, EOFX);
	req = ext(LOOM_LCK_PW, 1000, 1999);
	right = ext(LOOM_LCK_PW, 1500, 1600);
	loom_ldlm_expand(&want, &req, &right);
	assert_int_equal(want.start, 0);
	assert_true(want.end == EOFX);
}

static struct loom_ldlm_enqueue_req enq(u32 type, u32 mode, u64 bits,
					u64 start, u64 end, u32 intent)
{
	struct loom_ldlm_enqueue_req r;

	memset(&r, 0, sizeof(r));
	r.res.seq = cpu_to_le64(0x200000400ULL);
	r.res.oid = cpu_to_le32(7);
	r.cookie = cpu_to_le64(42);
	r.type = cpu_to_le32(type);
	r.mode = cpu_to_le32(mode);
	r.bits = cpu_to_le64(bits);
	r.start = cpu_to_le64(start);
	r.end = cpu_to_le64(end);
	r.intent = cpu_to_le32(intent);
	return r;
}

static void test_check_enqueue(void **state)
{
	struct {
		struct loom_ldlm_enqueue_req r;
		char name[8];
	} lk;
	struct loom_ldlm_enqueue_req r;
	struct loom_lock_desc d;

	(void)state;
	r = enq(LOOM_LDLM_IBITS, LOOM_LCK_PR, LOOM_IBIT_UPDATE, 0, 0,
		LOOM_IT_GETATTR);
	assert_int_equal(loom_wire_check_enqueue(&r, sizeof(r), LOOM_TGT_MDT,
						 &d), 0);
	assert_int_equal(d.bits, LOOM_IBIT_UPDATE);
	/* wrong target type, bad bits, bad mode, no cookie, short */
	assert_int_equal(loom_wire_check_enqueue(&r, sizeof(r), LOOM_TGT_OST,
						 &d), -EINVAL);
	r.bits = cpu_to_le64(0x100);
	assert_int_equal(loom_wire_check_enqueue(&r, sizeof(r), LOOM_TGT_MDT,
						 &d), -EINVAL);
	r = enq(LOOM_LDLM_IBITS, 3, LOOM_IBIT_UPDATE, 0, 0, LOOM_IT_NONE);
	assert_int_equal(loom_wire_check_enqueue(&r, sizeof(r), LOOM_TGT_MDT,
						 &d), -EINVAL);
	r = enq(LOOM_LDLM_IBITS, LOOM_LCK_PR, LOOM_IBIT_UPDATE, 0, 0, 0);
	r.cookie = 0;
	assert_int_equal(loom_wire_check_enqueue(&r, sizeof(r), LOOM_TGT_MDT,
						 &d), -EPROTO);
	assert_int_equal(loom_wire_check_enqueue(&r, sizeof(r) - 1,
						 LOOM_TGT_MDT, &d), -EPROTO);
	assert_int_equal(loom_wire_check_enqueue(NULL, 0, LOOM_TGT_MDT, &d),
			 -EPROTO);

	/* extents: OST only, start <= end, no intent */
	r = enq(LOOM_LDLM_EXTENT, LOOM_LCK_PW, 0, 0, EOFX, LOOM_IT_NONE);
	assert_int_equal(loom_wire_check_enqueue(&r, sizeof(r), LOOM_TGT_OST,
						 &d), 0);
	r = enq(LOOM_LDLM_EXTENT, LOOM_LCK_PW, 0, 10, 9, LOOM_IT_NONE);
	assert_int_equal(loom_wire_check_enqueue(&r, sizeof(r), LOOM_TGT_OST,
						 &d), -EINVAL);
	r = enq(LOOM_LDLM_EXTENT, LOOM_LCK_PR, 0, 0, 9, LOOM_IT_GETATTR);
	assert_int_equal(loom_wire_check_enqueue(&r, sizeof(r), LOOM_TGT_OST,
						 &d), -EINVAL);
	/* glimpse: OST extents, PR only */
	r = enq(LOOM_LDLM_EXTENT, LOOM_LCK_PR, 0, 0, EOFX, LOOM_IT_GLIMPSE);
	assert_int_equal(loom_wire_check_enqueue(&r, sizeof(r), LOOM_TGT_OST,
						 &d), 0);
	r = enq(LOOM_LDLM_EXTENT, LOOM_LCK_PW, 0, 0, EOFX, LOOM_IT_GLIMPSE);
	assert_int_equal(loom_wire_check_enqueue(&r, sizeof(r), LOOM_TGT_OST,
						 &d), -EINVAL);
	r = enq(LOOM_LDLM_IBITS, LOOM_LCK_PR, LOOM_IBIT_UPDATE, 0, 0,
		LOOM_IT_GLIMPSE);
	assert_int_equal(loom_wire_check_enqueue(&r, sizeof(r), LOOM_TGT_MDT,
						 &d), -EINVAL);

	/* replay: a PR lock on the OPEN bit alone, on an MDT */
	r = enq(LOOM_LDLM_IBITS, LOOM_LCK_PR, LOOM_IBIT_OPEN, 0, 0,
		LOOM_IT_REPLAY);
	assert_int_equal(loom_wire_check_enqueue(&r, sizeof(r), LOOM_TGT_MDT,
						 &d), 0);
	assert_int_equal(loom_wire_check_enqueue(&r, sizeof(r), LOOM_TGT_OST,
						 &d), -EINVAL);
	r = enq(LOOM_LDLM_IBITS, LOOM_LCK_PW, LOOM_IBIT_OPEN, 0, 0,
		LOOM_IT_REPLAY);
	assert_int_equal(loom_wire_check_enqueue(&r, sizeof(r), LOOM_TGT_MDT,
						 &d), -EINVAL);
	r = enq(LOOM_LDLM_IBITS, LOOM_LCK_PR,
		LOOM_IBIT_OPEN | LOOM_IBIT_UPDATE, 0, 0, LOOM_IT_REPLAY);
	assert_int_equal(loom_wire_check_enqueue(&r, sizeof(r), LOOM_TGT_MDT,
						 &d), -EINVAL);
	r = enq(LOOM_LDLM_IBITS, LOOM_LCK_PR, LOOM_IBIT_OPEN, 0, 0, 5);
	assert_int_equal(loom_wire_check_enqueue(&r, sizeof(r), LOOM_TGT_MDT,
						 &d), -EINVAL);

	/* LOOKUP: a name, padded to 8 bytes, and the LOOKUP bit */
	memset(&lk, 0, sizeof(lk));
	lk.r = enq(LOOM_LDLM_IBITS, LOOM_LCK_PR, LOOM_IBIT_LOOKUP, 0, 0,
		   LOOM_IT_LOOKUP);
	lk.r.name_len = cpu_to_le32(5);
	memcpy(lk.name, "hello", 5);
	assert_int_equal(loom_wire_check_enqueue(&lk, sizeof(lk), LOOM_TGT_MDT,
						 &d), 0);
	assert_int_equal(loom_wire_check_enqueue(&lk, sizeof(lk) - 8,
						 LOOM_TGT_MDT, &d), -EPROTO);
	lk.r.name_len = cpu_to_le32(9);
	assert_int_equal(loom_wire_check_enqueue(&lk, sizeof(lk), LOOM_TGT_MDT,
						 &d), -EPROTO);
	lk.r.name_len = cpu_to_le32(5);
	lk.r.bits = cpu_to_le64(LOOM_IBIT_UPDATE);
	assert_int_equal(loom_wire_check_enqueue(&lk, sizeof(lk), LOOM_TGT_MDT,
						 &d), -EINVAL);
	/* a name without the LOOKUP intent */
	lk.r.intent = cpu_to_le32(LOOM_IT_GETATTR);
	assert_int_equal(loom_wire_check_enqueue(&lk, sizeof(lk), LOOM_TGT_MDT,
						 &d), -EPROTO);
}

static void test_check_enqueue_rep(void **state)
{
	struct loom_ldlm_enqueue_rep rep;
	struct loom_lock_desc asked = ext(LOOM_LCK_PR, 100, 200), got;

	(void)state;
	memset(&rep, 0, sizeof(rep));
	rep.handle = cpu_to_le64(9);
	rep.mode = cpu_to_le32(LOOM_LCK_PR);
	rep.start = 0;
	rep.end = cpu_to_le64(EOFX);
	assert_int_equal(loom_wire_check_enqueue_rep(&rep, sizeof(rep), &asked,
						     &got), 0);
	assert_int_equal(got.start, 0);
	/* smaller than asked */
	rep.start = cpu_to_le64(150);
	assert_int_equal(loom_wire_check_enqueue_rep(&rep, sizeof(rep), &asked,
						     &got), -EPROTO);
	rep.start = 0;
	rep.handle = 0;
	assert_int_equal(loom_wire_check_enqueue_rep(&rep, sizeof(rep), &asked,
						     &got), -EPROTO);
	rep.handle = cpu_to_le64(9);
	rep.mode = cpu_to_le32(LOOM_LCK_PW);
	assert_int_equal(loom_wire_check_enqueue_rep(&rep, sizeof(rep), &asked,
						     &got), -EPROTO);
	rep.mode = cpu_to_le32(LOOM_LCK_PR);
	rep.flags = cpu_to_le32(0x80);
	assert_int_equal(loom_wire_check_enqueue_rep(&rep, sizeof(rep), &asked,
						     &got), -EPROTO);
	rep.flags = 0;
	rep.lvb.mtime_nsec = cpu_to_le32(1000000000U);
	assert_int_equal(loom_wire_check_enqueue_rep(&rep, sizeof(rep), &asked,
						     &got), -EPROTO);
	assert_int_equal(loom_wire_check_enqueue_rep(&rep, sizeof(rep) - 1,
						     &asked, &got), -EPROTO);

	/* a glimpse answer: no lock, only the lock value block */
	memset(&rep, 0, sizeof(rep));
	rep.flags = cpu_to_le32(LOOM_LDLM_F_GLIMPSE);
	rep.lvb.size = cpu_to_le64(4096);
	assert_int_equal(loom_wire_check_enqueue_rep(&rep, sizeof(rep), &asked,
						     &got), 1);
	rep.handle = cpu_to_le64(9);
	assert_int_equal(loom_wire_check_enqueue_rep(&rep, sizeof(rep), &asked,
						     &got), -EPROTO);
	rep.handle = 0;
	rep.mode = cpu_to_le32(LOOM_LCK_PR);
	assert_int_equal(loom_wire_check_enqueue_rep(&rep, sizeof(rep), &asked,
						     &got), -EPROTO);
	rep.mode = 0;
	rep.flags = cpu_to_le32(LOOM_LDLM_F_GLIMPSE | LOOM_LDLM_F_NEGATIVE);
	assert_int_equal(loom_wire_check_enqueue_rep(&rep, sizeof(rep), &asked,
						     &got), -EPROTO);
	rep.flags = cpu_to_le32(LOOM_LDLM_F_GLIMPSE);
	asked.type = LOOM_LDLM_IBITS;
	assert_int_equal(loom_wire_check_enqueue_rep(&rep, sizeof(rep), &asked,
						     &got), -EPROTO);
}

static void test_check_gl_reply(void **state)
{
	struct loom_ldlm_gl_reply r;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.handle = cpu_to_le64(3);
	assert_int_equal(loom_wire_check_gl_reply(&r, sizeof(r)), 0);
	r.lvb.size = cpu_to_le64(10);	/* a size without KNOWN */
	assert_int_equal(loom_wire_check_gl_reply(&r, sizeof(r)), -EPROTO);
	r.flags = cpu_to_le32(LOOM_GL_F_KNOWN);
	assert_int_equal(loom_wire_check_gl_reply(&r, sizeof(r)), 0);
	assert_int_equal(loom_wire_check_gl_reply(&r, sizeof(r) - 8), -EPROTO);
	r.lvb.size = cpu_to_le64(LOOM_MAX_OBJ_SIZE + 1);
	assert_int_equal(loom_wire_check_gl_reply(&r, sizeof(r)), -EPROTO);
	r.lvb.size = cpu_to_le64(10);
	r.lvb.mtime_nsec = cpu_to_le32(1000000000U);
	assert_int_equal(loom_wire_check_gl_reply(&r, sizeof(r)), -EPROTO);
	r.lvb.mtime_nsec = 0;
	r.lvb.blocks = cpu_to_le64(1);
	assert_int_equal(loom_wire_check_gl_reply(&r, sizeof(r)), -EPROTO);
	r.lvb.blocks = 0;
	r.flags = cpu_to_le32(2);
	assert_int_equal(loom_wire_check_gl_reply(&r, sizeof(r)), -EPROTO);
	r.flags = cpu_to_le32(LOOM_GL_F_KNOWN);
	r.handle = 0;
	assert_int_equal(loom_wire_check_gl_reply(&r, sizeof(r)), -EPROTO);
	assert_int_equal(loom_wire_check_gl_reply(NULL, 0), -EPROTO);
}

static void test_check_cancel(void **state)
{
	struct {
		struct loom_ldlm_cancel_req r;
		__le64 h[3];
	} c;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.r.count = cpu_to_le32(3);
	assert_int_equal(loom_wire_check_cancel(&c, sizeof(c)), 0);
	assert_int_equal(loom_wire_check_cancel(&c, sizeof(c) - 8), -EPROTO);
	c.r.count = 0;
	assert_int_equal(loom_wire_check_cancel(&c, 8), -EPROTO);
	c.r.count = cpu_to_le32(LOOM_LDLM_CANCEL_MAX + 1);
	assert_int_equal(loom_wire_check_cancel(&c, sizeof(c)), -EPROTO);
	c.r.count = cpu_to_le32(3);
	c.r.padding = cpu_to_le32(1);
	assert_int_equal(loom_wire_check_cancel(&c, sizeof(c)), -EPROTO);
}

static void test_check_cb(void **state)
{
	struct loom_ldlm_cb cb;

	(void)state;
	memset(&cb, 0, sizeof(cb));
	cb.hdr.magic = cpu_to_le32(LOOM_MSG_MAGIC);
	cb.hdr.version = cpu_to_le16(LOOM_PROTO_VERSION);
	cb.hdr.opcode = cpu_to_le16(LOOM_OPC_LDLM_BL_AST);
	cb.hdr.xid = cpu_to_le64(77);
	cb.hdr.body_len = cpu_to_le32(sizeof(cb) - sizeof(cb.hdr));
	cb.target_type = cpu_to_le32(LOOM_TGT_OST);
	cb.cookie = cpu_to_le64(5);
	cb.handle = cpu_to_le64(77);
	assert_int_equal(loom_wire_check_cb(&cb, sizeof(cb)), 0);
	assert_int_equal(loom_wire_check_cb(&cb, sizeof(cb) - 1), -EPROTO);
	cb.handle = cpu_to_le64(78);		/* xid must name the lock */
	assert_int_equal(loom_wire_check_cb(&cb, sizeof(cb)), -EPROTO);
	cb.handle = cpu_to_le64(77);
	cb.target_type = cpu_to_le32(LOOM_TGT_MGS);	/* the config lock */
	assert_int_equal(loom_wire_check_cb(&cb, sizeof(cb)), 0);
	cb.target_type = cpu_to_le32(LOOM_TGT_OST + 1);
	assert_int_equal(loom_wire_check_cb(&cb, sizeof(cb)), -EPROTO);
	cb.target_type = 0;
	assert_int_equal(loom_wire_check_cb(&cb, sizeof(cb)), -EPROTO);
	cb.target_type = cpu_to_le32(LOOM_TGT_MDT);
	cb.cookie = 0;
	assert_int_equal(loom_wire_check_cb(&cb, sizeof(cb)), -EPROTO);
	cb.cookie = cpu_to_le64(5);
	cb.hdr.opcode = cpu_to_le16(LOOM_OPC_LDLM_CANCEL);
	assert_int_equal(loom_wire_check_cb(&cb, sizeof(cb)), -EPROTO);
	/* glimpse callbacks come from OSTs only */
	cb.hdr.opcode = cpu_to_le16(LOOM_OPC_LDLM_GL_AST);
	assert_int_equal(loom_wire_check_cb(&cb, sizeof(cb)), -EPROTO);
	cb.target_type = cpu_to_le32(LOOM_TGT_OST);
	assert_int_equal(loom_wire_check_cb(&cb, sizeof(cb)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_conflict_ibits),
		cmocka_unit_test(test_conflict_extent),
		cmocka_unit_test(test_covers),
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_check_enqueue),
		cmocka_unit_test(test_check_enqueue_rep),
		cmocka_unit_test(test_check_cancel),
		cmocka_unit_test(test_check_cb),
		cmocka_unit_test(test_check_gl_reply),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

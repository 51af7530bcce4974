// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of core/net/loomnet/wire.c: the hello and frame header
 * decoder loomnet.ko runs on every received byte.
 *
 * cc -Itests/unit/shim -Icore/include -Icore/include/uapi \
 *    tests/unit/test_loomnet_wire.c core/net/loomnet/wire.c -lcmocka
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <linux/types.h>
#include <linux/errno.h>
#include <linux/loomnet.h>
#include <asm/byteorder.h>
#include "../../core/net/loomnet/wire.h"

static const struct loomnet_nid nid4 = {
	.family = LOOMNET_AF_INET, .lnd = LOOMNET_LND_TCP, .net = 3,
	.addr = { 10, 1, 0, 1 },
};
static const struct loomnet_nid nid6 = {
	.family = LOOMNET_AF_INET6, .lnd = LOOMNET_LND_TCP, .net = 0,
	.addr = { 0xfd, 0, 0, 1, [15] = 2 },
};

static void test_nid_roundtrip(void **state)
{
	struct loomnet_wire_nid w;
	struct loomnet_nid n;

	(void)state;
	loomnet_nid_encode(&w, &nid4);
	assert_int_equal(le16_to_cpu(w.net), 3);
	assert_int_equal(loomnet_nid_decode(&w, &n), 0);
	assert_memory_equal(&n, &nid4, sizeof(n));
	loomnet_nid_encode(&w, &nid6);
	assert_int_equal(loomnet_nid_decode(&w, &n), 0);
	assert_memory_equal(&n, &nid6, sizeof(n));

	loomnet_nid_encode(&w, &nid4);
	w.addr[4] = 1;		/* IPv4 with junk after the address */
	assert_int_equal(loomnet_nid_decode(&w, &n), -EPROTO);
	loomnet_nid_encode(&w, &nid4);
	w.lnd = 2;
	assert_int_equal(loomnet_nid_decode(&w, &n), -EPROTO);
	loomnet_nid_encode(&w, &nid4);
	w.family = 0;
	assert_int_equal(loomnet_nid_decode(&w, &n), -EPROTO);
	w.family = 3;
	assert_int_equal(loomnet_nid_decode(&w, &n), -EPROTO);
}

static void test_hello(void **state)
{
	struct loomnet_wire_hello h;
	struct loomnet_nid src, dst;
	unsigned char buf[sizeof(h) + 1];

	(void)state;
	loomnet_wire_hello_init(&h, &nid4, &nid6, NULL, 0);
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst, NULL, NULL, NULL), 0);
	assert_memory_equal(&src, &nid4, sizeof(src));
	assert_memory_equal(&dst, &nid6, sizeof(dst));

	/* Exactly one hello's size, from any alignment. */
	memcpy(buf + 1, &h, sizeof(h));
	assert_int_equal(loomnet_wire_check_hello(buf + 1, sizeof(h), &src, &dst, NULL, NULL, NULL), 0);
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h) - 1, &src, &dst, NULL, NULL, NULL), -EPROTO);
	assert_int_equal(loomnet_wire_check_hello(buf, sizeof(buf), &src, &dst, NULL, NULL, NULL), -EPROTO);
	assert_int_equal(loomnet_wire_check_hello(NULL, sizeof(h), &src, &dst, NULL, NULL, NULL), -EPROTO);

	/* Unknown feature bits are ignored. */
	h.features = cpu_to_le64(~0ULL);
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst, NULL, NULL, NULL), 0);

	loomnet_wire_hello_init(&h, &nid4, &nid6, NULL, 0);
	h.magic = cpu_to_le32(LOOMNET_HDR_MAGIC);
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst, NULL, NULL, NULL), -EPROTO);
	loomnet_wire_hello_init(&h, &nid4, &nid6, NULL, 0);
	h.version = cpu_to_le16(LOOMNET_PROTO_VERSION + 1);
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst, NULL, NULL, NULL), -EPROTO);
	loomnet_wire_hello_init(&h, &nid4, &nid6, NULL, 0);
	h.hdr_size = cpu_to_le16(sizeof(struct loomnet_wire_hdr) + 8);
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst, NULL, NULL, NULL), -EPROTO);
	loomnet_wire_hello_init(&h, &nid4, &nid6, NULL, 0);
	h.src.lnd = 0;
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst, NULL, NULL, NULL), -EPROTO);
	loomnet_wire_hello_init(&h, &nid4, &nid6, NULL, 0);
	h.dst.family = 9;
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst, NULL, NULL, NULL), -EPROTO);
}

/* The role of a connection: control by default, bulk with the feature. */
static void test_hello_role(void **state)
{
	struct loomnet_wire_hello h;
	struct loomnet_nid src, dst;
	u64 features = 0;

	(void)state;
	loomnet_wire_hello_init(&h, &nid4, &nid6, NULL, 0);
	assert_true(le64_to_cpu(h.features) & LOOMNET_FEATURE_ROLES);
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst, NULL, NULL, NULL), 0);
	assert_int_equal(loomnet_wire_hello_role(&h, &features), LOOMNET_ROLE_CTRL);
	assert_int_equal(features, LOOMNET_FEATURES_KNOWN);

	h.role = cpu_to_le16(LOOMNET_ROLE_BULK);
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst, NULL, NULL, NULL), 0);
	assert_int_equal(loomnet_wire_hello_role(&h, NULL), LOOMNET_ROLE_BULK);

	/* A peer without the feature (an older v2) only has a control one. */
	h.features = 0;
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst, NULL, NULL, NULL), -EPROTO);
	h.role = 0;
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst, NULL, NULL, NULL), 0);
	assert_int_equal(loomnet_wire_hello_role(&h, &features), LOOMNET_ROLE_CTRL);
	assert_int_equal(features, 0);

	/* Unknown roles are refused. */
	loomnet_wire_hello_init(&h, &nid4, &nid6, NULL, 0);
	h.role = cpu_to_le16(LOOMNET_NR_ROLES);
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst, NULL, NULL, NULL), -EPROTO);
	h.role = cpu_to_le16(0x100);
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst, NULL, NULL, NULL), -EPROTO);
}

/* The NID list of a multi-rail node. */
static void test_hello_nids(void **state)
{
	struct loomnet_nid rails[3] = { nid4, nid4, nid4 };
	struct loomnet_nid src, dst, nids[LOOMNET_HELLO_MAX_NIDS];
	struct loomnet_nid many[LOOMNET_HELLO_MAX_NIDS + 2];
	struct loomnet_wire_hello h;
	unsigned int nr = 0, i;
	u32 credits;

	(void)state;
	rails[0].addr[2] = 2;
	rails[2].addr[2] = 3;
	loomnet_wire_hello_init(&h, &nid4, &nid4, rails, 3);
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst,
						  nids, &nr, NULL), 0);
	assert_int_equal(nr, 3);
	assert_memory_equal(nids, rails, sizeof(rails));
	credits = 0;
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst,
						  NULL, NULL, &credits), 0);
	assert_int_equal(credits, LOOMNET_CREDITS);

	/* Without a list, the source alone. */
	loomnet_wire_hello_init(&h, &nid6, &nid6, NULL, 0);
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst,
						  nids, &nr, NULL), 0);
	assert_int_equal(nr, 1);
	assert_memory_equal(&nids[0], &nid6, sizeof(nid6));

	/* Too long a list is cut to what fits. */
	for (i = 0; i < LOOMNET_HELLO_MAX_NIDS + 2; i++) {
		many[i] = nid4;
		many[i].addr[3] = i + 1;
	}
	loomnet_wire_hello_init(&h, &nid4, &nid4, many, LOOMNET_HELLO_MAX_NIDS + 2);
	assert_int_equal(le16_to_cpu(h.nr_nids), LOOMNET_HELLO_MAX_NIDS);
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst,
						  nids, &nr, NULL), 0);

	/* Refused: no entry, too many, junk after the list, reserved bits,
	 * another network or family, a bad NID, the source missing.
	 */
	loomnet_wire_hello_init(&h, &nid4, &nid4, rails, 3);
	h.nr_nids = 0;
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst, NULL, NULL, NULL), -EPROTO);
	h.nr_nids = cpu_to_le16(LOOMNET_HELLO_MAX_NIDS + 1);
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst, NULL, NULL, NULL), -EPROTO);
	loomnet_wire_hello_init(&h, &nid4, &nid4, rails, 3);
	h.nids[3].family = LOOMNET_AF_INET;
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst, NULL, NULL, NULL), -EPROTO);
	loomnet_wire_hello_init(&h, &nid4, &nid4, rails, 3);
	h.credits = 0;
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst, NULL, NULL, NULL), -EPROTO);
	h.credits = cpu_to_le16(LOOMNET_MAX_CREDITS + 1);
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst, NULL, NULL, NULL), -EPROTO);
	loomnet_wire_hello_init(&h, &nid4, &nid4, rails, 3);
	h.reserved = cpu_to_le16(1);
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst, NULL, NULL, NULL), -EPROTO);
	loomnet_wire_hello_init(&h, &nid4, &nid4, rails, 3);
	h.nids[2].net = cpu_to_le16(4);
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst, NULL, NULL, NULL), -EPROTO);
	loomnet_wire_hello_init(&h, &nid4, &nid4, rails, 3);
	loomnet_nid_encode(&h.nids[2], &nid6);
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst, NULL, NULL, NULL), -EPROTO);
	loomnet_wire_hello_init(&h, &nid4, &nid4, rails, 3);
	h.nids[0].lnd = 7;
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst, NULL, NULL, NULL), -EPROTO);
	loomnet_wire_hello_init(&h, &nid4, &nid4, rails, 1);
	h.nids[0].addr[0] = 99;
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst, NULL, NULL, NULL), -EPROTO);
}

static void fill_hdr(struct loomnet_wire_hdr *h, u8 type, u32 portal, u32 len,
		     u32 status, u32 mlength)
{
	memset(h, 0, sizeof(*h));
	h->magic = cpu_to_le32(LOOMNET_HDR_MAGIC);
	h->version = LOOMNET_PROTO_VERSION;
	h->type = type;
	h->portal = cpu_to_le32(portal);
	h->len = cpu_to_le32(len);
	h->match = cpu_to_le64(0x0123456789abcdefULL);
	h->cookie = cpu_to_le64(77);
	h->status = cpu_to_le32(status);
	h->mlength = cpu_to_le32(mlength);
}

static int check(u8 type, u32 portal, u32 len, u32 status, u32 mlength)
{
	struct loomnet_wire_hdr h;
	struct loomnet_frame f;

	fill_hdr(&h, type, portal, len, status, mlength);
	return loomnet_wire_check_hdr(&h, sizeof(h), &f);
}

static void test_hdr_decode(void **state)
{
	struct loomnet_wire_hdr h;
	struct loomnet_frame f;
	unsigned char buf[sizeof(h) + 1];

	(void)state;
	fill_hdr(&h, LOOMNET_T_ACK, 0, 0, EIO, 4096);
	memcpy(buf + 1, &h, sizeof(h));
	assert_int_equal(loomnet_wire_check_hdr(buf + 1, sizeof(h), &f), 0);
	assert_int_equal(f.type, LOOMNET_T_ACK);
	assert_int_equal(f.len, 0);
	assert_int_equal(f.status, EIO);
	assert_int_equal(f.mlength, 4096);
	assert_true(f.match == 0x0123456789abcdefULL);
	assert_true(f.cookie == 77);

	assert_int_equal(loomnet_wire_check_hdr(&h, sizeof(h) - 1, &f), -EPROTO);
	assert_int_equal(loomnet_wire_check_hdr(buf, sizeof(buf), &f), -EPROTO);
	assert_int_equal(loomnet_wire_check_hdr(NULL, sizeof(h), &f), -EPROTO);
	assert_int_equal(loomnet_wire_check_hdr(&h, 0, &f), -EPROTO);

	fill_hdr(&h, LOOMNET_T_PING, 0, 0, 0, 0);
	h.magic = cpu_to_le32(LOOMNET_HELLO_MAGIC);
	assert_int_equal(loomnet_wire_check_hdr(&h, sizeof(h), &f), -EPROTO);
	fill_hdr(&h, LOOMNET_T_PING, 0, 0, 0, 0);
	h.version = LOOMNET_PROTO_VERSION - 1;
	assert_int_equal(loomnet_wire_check_hdr(&h, sizeof(h), &f), -EPROTO);
	/* RESEND on operations and messages only; no unknown flag. */
	fill_hdr(&h, LOOMNET_T_MSG, 2, 100, 0, 0);
	h.flags = cpu_to_le16(LOOMNET_F_RESEND);
	assert_int_equal(loomnet_wire_check_hdr(&h, sizeof(h), &f), 0);
	assert_int_equal(f.flags, LOOMNET_F_RESEND);
	assert_true(f.cookie == 77);
	fill_hdr(&h, LOOMNET_T_CREDIT, 0, 0, 0, 1);
	h.flags = cpu_to_le16(LOOMNET_F_RESEND);
	assert_int_equal(loomnet_wire_check_hdr(&h, sizeof(h), &f), -EPROTO);
	fill_hdr(&h, LOOMNET_T_PING, 0, 0, 0, 0);
	h.flags = cpu_to_le16(LOOMNET_F_RESEND);
	assert_int_equal(loomnet_wire_check_hdr(&h, sizeof(h), &f), -EPROTO);
	fill_hdr(&h, LOOMNET_T_ACK, 0, 0, 0, 0);
	h.flags = cpu_to_le16(LOOMNET_F_RESEND);
	assert_int_equal(loomnet_wire_check_hdr(&h, sizeof(h), &f), -EPROTO);
	fill_hdr(&h, LOOMNET_T_PUT, 1, 4096, 0, 0);
	h.flags = cpu_to_le16(LOOMNET_F_RESEND);
	assert_int_equal(loomnet_wire_check_hdr(&h, sizeof(h), &f), 0);
	assert_int_equal(f.flags, LOOMNET_F_RESEND);
	fill_hdr(&h, LOOMNET_T_GET, 1, 0, 0, 4096);
	h.flags = cpu_to_le16(LOOMNET_F_RESEND);
	assert_int_equal(loomnet_wire_check_hdr(&h, sizeof(h), &f), 0);
	h.flags = cpu_to_le16(2);
	assert_int_equal(loomnet_wire_check_hdr(&h, sizeof(h), &f), -EPROTO);
	fill_hdr(&h, LOOMNET_T_PUT, 1, 4096, 0, 0);
	assert_int_equal(loomnet_wire_check_hdr(&h, sizeof(h), &f), 0);
	assert_int_equal(f.flags, 0);
}

static void test_hdr_types(void **state)
{
	(void)state;
	/* Types. */
	assert_int_equal(check(0, 0, 0, 0, 0), -EPROTO);
	assert_int_equal(check(LOOMNET_T_MAX + 1, 0, 0, 0, 0), -EPROTO);
	assert_int_equal(check(255, 0, 0, 0, 0), -EPROTO);
	/* Status: a positive errno at most MAX_ERRNO, on any type. */
	assert_int_equal(check(LOOMNET_T_ACK, 0, 0, 4095, 0), 0);
	assert_int_equal(check(LOOMNET_T_ACK, 0, 0, 4096, 0), -EPROTO);
	assert_int_equal(check(LOOMNET_T_ACK, 0, 0, (u32)-5, 0), -EPROTO);

	/* MSG: a portal and a payload up to LOOMNET_MAX_MSG_SIZE. */
	assert_int_equal(check(LOOMNET_T_MSG, LOOMNET_NR_PORTALS - 1,
			       LOOMNET_MAX_MSG_SIZE, 0, 0), 0);
	assert_int_equal(check(LOOMNET_T_MSG, 0, 0, 0, 0), 0);
	assert_int_equal(check(LOOMNET_T_MSG, LOOMNET_NR_PORTALS, 1, 0, 0), -EPROTO);
	assert_int_equal(check(LOOMNET_T_MSG, 0, LOOMNET_MAX_MSG_SIZE + 1, 0, 0), -EPROTO);
	/* PUT: bulk data up to LOOMNET_MAX_MD_SIZE. */
	assert_int_equal(check(LOOMNET_T_PUT, 1, LOOMNET_MAX_MD_SIZE, 0, 0), 0);
	assert_int_equal(check(LOOMNET_T_PUT, 1, LOOMNET_MAX_MD_SIZE + 1, 0, 0), -EPROTO);
	assert_int_equal(check(LOOMNET_T_PUT, ~0U, 1, 0, 0), -EPROTO);
	/* GET: no data, an MD length up to LOOMNET_MAX_MD_SIZE. */
	assert_int_equal(check(LOOMNET_T_GET, 2, 0, 0, LOOMNET_MAX_MD_SIZE), 0);
	assert_int_equal(check(LOOMNET_T_GET, 2, 1, 0, 0), -EPROTO);
	assert_int_equal(check(LOOMNET_T_GET, 2, 0, 0, LOOMNET_MAX_MD_SIZE + 1), -EPROTO);
	assert_int_equal(check(LOOMNET_T_GET, LOOMNET_NR_PORTALS, 0, 0, 0), -EPROTO);
	/* ACK: no data; the portal is not looked at. */
	assert_int_equal(check(LOOMNET_T_ACK, ~0U, 0, 0, LOOMNET_MAX_MD_SIZE), 0);
	assert_int_equal(check(LOOMNET_T_ACK, 0, 1, 0, 0), -EPROTO);
	assert_int_equal(check(LOOMNET_T_ACK, 0, 0, 0, LOOMNET_MAX_MD_SIZE + 1), -EPROTO);
	/* REPLY: data, or a status without data. */
	assert_int_equal(check(LOOMNET_T_REPLY, 0, LOOMNET_MAX_MD_SIZE, 0, 0), 0);
	assert_int_equal(check(LOOMNET_T_REPLY, 0, 0, ENOENT, 0), 0);
	assert_int_equal(check(LOOMNET_T_REPLY, 0, 1, ENOENT, 0), -EPROTO);
	assert_int_equal(check(LOOMNET_T_REPLY, 0, LOOMNET_MAX_MD_SIZE + 1, 0, 0), -EPROTO);
	/* PING, PONG: nothing after the header. */
	assert_int_equal(check(LOOMNET_T_PING, 0, 0, 0, 0), 0);
	assert_int_equal(check(LOOMNET_T_PONG, 0, 0, 0, 0), 0);
	assert_int_equal(check(LOOMNET_T_PING, 0, 1, 0, 0), -EPROTO);
	assert_int_equal(check(LOOMNET_T_PONG, 0, ~0U, 0, 0), -EPROTO);
	/* CREDIT: no data, 1 to LOOMNET_MAX_CREDITS credits in mlength. */
	assert_int_equal(check(LOOMNET_T_CREDIT, 0, 0, 0, 1), 0);
	assert_int_equal(check(LOOMNET_T_CREDIT, 0, 0, 0, LOOMNET_MAX_CREDITS), 0);
	assert_int_equal(check(LOOMNET_T_CREDIT, 0, 0, 0, 0), -EPROTO);
	assert_int_equal(check(LOOMNET_T_CREDIT, 0, 0, 0, LOOMNET_MAX_CREDITS + 1), -EPROTO);
	assert_int_equal(check(LOOMNET_T_CREDIT, 0, 4, 0, 1), -EPROTO);
}

static void test_hello_features(void **state)
{
	struct loomnet_wire_hello h;
	struct loomnet_nid src, dst;
	u64 features = 0;

	(void)state;
	/* Our hello offers exactly-once messages; unknown bits pass. */
	loomnet_wire_hello_init(&h, &nid4, &nid6, NULL, 0);
	assert_true(le64_to_cpu(h.features) & LOOMNET_FEATURE_MSG_ONCE);
	h.features = cpu_to_le64(LOOMNET_FEATURE_ROLES |
				 LOOMNET_FEATURE_MSG_ONCE | (1ULL << 40));
	assert_int_equal(loomnet_wire_check_hello(&h, sizeof(h), &src, &dst,
						  NULL, NULL, NULL), 0);
	loomnet_wire_hello_role(&h, &features);
	assert_true(features & LOOMNET_FEATURE_MSG_ONCE);
	assert_true(LOOMNET_FEATURES_KNOWN & LOOMNET_FEATURE_MSG_ONCE);
}

static void test_seen(void **state)
{
	static u64 mem[(16 * (sizeof(u32) +
			      sizeof(struct loomnet_seen_ent))) / 8];
	struct loomnet_seen s;
	u64 c;

	(void)state;
	assert_int_equal(loomnet_seen_bytes(16), sizeof(mem));
	assert_int_equal(loomnet_seen_init(&s, mem, 12), -EINVAL);
	assert_int_equal(loomnet_seen_init(&s, mem, 1), -EINVAL);
	assert_int_equal(loomnet_seen_init(&s, NULL, 16), -EINVAL);
	assert_int_equal(loomnet_seen_init(&s, mem, 16), 0);

	/* First time new, then a duplicate; per node. */
	assert_false(loomnet_seen_test_add(&s, &nid4, 5));
	assert_true(loomnet_seen_test_add(&s, &nid4, 5));
	assert_false(loomnet_seen_test_add(&s, &nid6, 5));
	assert_true(loomnet_seen_test_add(&s, &nid6, 5));
	assert_false(loomnet_seen_test_add(&s, &nid4, 6));
	/* Cookie 0 is a cookie like the others. */
	assert_false(loomnet_seen_test_add(&s, &nid4, 0));
	assert_true(loomnet_seen_test_add(&s, &nid4, 0));

	/* The last 16 are remembered, the older ones forgotten. */
	memset(mem, 0, sizeof(mem));
	assert_int_equal(loomnet_seen_init(&s, mem, 16), 0);
	for (c = 1000; c < 1100; c++)
		assert_false(loomnet_seen_test_add(&s, &nid4, c));
	for (c = 1084; c < 1100; c++)
		assert_true(loomnet_seen_test_add(&s, &nid4, c));
	/* Not added again: the record did not move. */
	assert_true(loomnet_seen_test_add(&s, &nid4, 1084));
	assert_false(loomnet_seen_test_add(&s, &nid4, 1083));
	/* 1083 took 1084's place. */
	assert_false(loomnet_seen_test_add(&s, &nid4, 1084));
	for (c = 1086; c < 1100; c++)
		assert_true(loomnet_seen_test_add(&s, &nid4, c));
	/* Many collisions: cookies differing only in high bits. */
	memset(mem, 0, sizeof(mem));
	assert_int_equal(loomnet_seen_init(&s, mem, 16), 0);
	for (c = 0; c < 64; c++)
		assert_false(loomnet_seen_test_add(&s, &nid6, c << 40));
	for (c = 48; c < 64; c++)
		assert_true(loomnet_seen_test_add(&s, &nid6, c << 40));
	for (c = 0; c < 48; c++)
		assert_false(loomnet_seen_test_add(&s, &nid6, c << 40 | 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nid_roundtrip),
		cmocka_unit_test(test_hello),
		cmocka_unit_test(test_hello_role),
		cmocka_unit_test(test_hello_nids),
		cmocka_unit_test(test_hdr_decode),
		cmocka_unit_test(test_hdr_types),
		cmocka_unit_test(test_hello_features),
		cmocka_unit_test(test_seen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: loomnet's hello and frame header decoder
 * (core/net/loomnet/wire.c, the code loomnet.ko runs on every connection).
 *
 * The input is read as a connection's receive stream: a hello, then frames,
 * each a header followed by hdr.len bytes of payload skipped here, until
 * the input ends or the decoder refuses something (the kernel then closes
 * the connection).  Everything the decoder accepts must respect the bounds
 * the rest of loomnet relies on; a NID it accepts must encode back to the
 * same bytes.  Built and run by tests/fuzz/run.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/types.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/loomnet.h>
#include <asm/byteorder.h>
#include "../../core/net/loomnet/wire.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static void check_nid(const struct loomnet_wire_nid *w,
		      const struct loomnet_nid *n)
{
	struct loomnet_wire_nid back;

	CHECK(n->lnd == LOOMNET_LND_TCP);
	CHECK(n->family == LOOMNET_AF_INET || n->family == LOOMNET_AF_INET6);
	loomnet_nid_encode(&back, n);
	CHECK(!memcmp(&back, w, sizeof(back)));
}

static void check_frame(const struct loomnet_frame *f)
{
	CHECK(f->type >= LOOMNET_T_MSG && f->type <= LOOMNET_T_MAX);
	CHECK(f->status <= MAX_ERRNO);
	CHECK(f->len <= LOOMNET_MAX_MD_SIZE);
	CHECK(!(f->flags & ~LOOMNET_F_KNOWN));
	CHECK(!f->flags || f->type == LOOMNET_T_PUT || f->type == LOOMNET_T_GET ||
	      f->type == LOOMNET_T_MSG);
	if (f->type == LOOMNET_T_CREDIT)
		CHECK(f->mlength >= 1 && f->mlength <= LOOMNET_MAX_CREDITS);
	switch (f->type) {
	case LOOMNET_T_MSG:
		CHECK(f->len <= LOOMNET_MAX_MSG_SIZE);
		/* fall through */
	case LOOMNET_T_PUT:
		CHECK(f->portal < LOOMNET_NR_PORTALS);
		break;
	case LOOMNET_T_GET:
		CHECK(f->portal < LOOMNET_NR_PORTALS);
		/* fall through */
	case LOOMNET_T_ACK:
		CHECK(!f->len && f->mlength <= LOOMNET_MAX_MD_SIZE);
		break;
	case LOOMNET_T_REPLY:
		CHECK(!(f->status && f->len));
		break;
	default:
		CHECK(!f->len);
	}
}

static uint64_t seen_mem[64 * (sizeof(struct loomnet_seen_ent) +
				sizeof(uint32_t)) / 8];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct loomnet_seen seen;
	const struct loomnet_wire_hello *wh;
	struct loomnet_nid src, dst, nids[LOOMNET_HELLO_MAX_NIDS];
	struct loomnet_frame f;
	unsigned int nr_nids = 0, i;
	uint32_t credits = 0;
	uint64_t features = 0;
	unsigned int role;
	size_t off;
	uint8_t *hello;

	/*
	 * Short inputs: the hello check refuses any length but its own; the
	 * header check any length but its own, and at that length what it
	 * accepts must hold.
	 */
	if (size < sizeof(*wh)) {
		CHECK(loomnet_wire_check_hello(data, size, &src, &dst, nids, &nr_nids, &credits) == -EPROTO);
		if (size != sizeof(struct loomnet_wire_hdr))
			CHECK(loomnet_wire_check_hdr(data, size, &f) == -EPROTO);
		else if (!loomnet_wire_check_hdr(data, size, &f))
			check_frame(&f);
		return 0;
	}
	/* An exact-size copy, so that ASan sees any read beyond the hello. */
	hello = malloc(sizeof(*wh));
	CHECK(hello);
	memcpy(hello, data, sizeof(*wh));
	if (loomnet_wire_check_hello(hello, sizeof(*wh), &src, &dst, nids, &nr_nids, &credits)) {
		free(hello);
		return 0;
	}
	wh = (const void *)hello;
	check_nid(&wh->src, &src);
	check_nid(&wh->dst, &dst);
	CHECK(nr_nids >= 1 && nr_nids <= LOOMNET_HELLO_MAX_NIDS);
	CHECK(credits >= 1 && credits <= LOOMNET_MAX_CREDITS);
	role = loomnet_wire_hello_role(hello, &features);
	CHECK(role < LOOMNET_NR_ROLES);
	CHECK(role == LOOMNET_ROLE_CTRL || (features & LOOMNET_FEATURE_ROLES));
	for (i = 0; i < nr_nids; i++) {
		check_nid(&wh->nids[i], &nids[i]);
		CHECK(nids[i].family == src.family && nids[i].net == src.net);
	}
	free(hello);
	/* The record of delivered messages, fed the frames' cookies. */
	memset(seen_mem, 0, sizeof(seen_mem));
	CHECK(!loomnet_seen_init(&seen, seen_mem, 64));

	for (off = sizeof(*wh); size - off >= sizeof(struct loomnet_wire_hdr);) {
		uint8_t *hdr = malloc(sizeof(struct loomnet_wire_hdr));
		int ret;

		CHECK(hdr);
		memcpy(hdr, data + off, sizeof(struct loomnet_wire_hdr));
		ret = loomnet_wire_check_hdr(hdr, sizeof(struct loomnet_wire_hdr), &f);
		free(hdr);
		if (ret) {
			CHECK(ret == -EPROTO);
			break;
		}
		check_frame(&f);
		if (f.type == LOOMNET_T_MSG) {
			loomnet_seen_test_add(&seen, &src, f.cookie);

			CHECK(loomnet_seen_test_add(&seen, &src, f.cookie));
		}
		off += sizeof(struct loomnet_wire_hdr);
		if (f.len > size - off)
			break;
		off += f.len;
	}
	return 0;
}

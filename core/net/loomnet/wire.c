// SPDX-License-Identifier: GPL-2.0
/*
 * loomnet: decoding and validation of what arrives on a connection.
 *
 * Pure functions over bytes: every received hello and frame header goes
 * through them before any field is used.  This file builds in the kernel
 * and, with a few shim headers, in userspace for unit tests and fuzzing
 * (tests/unit/test_loomnet_wire.c, tests/fuzz/fuzz_loomnet_hdr.c).
 */
#include <linux/types.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/loomnet.h>
#include <asm/byteorder.h>
#include "wire.h"

/**
 * loomnet_nid_encode() - a NID in wire format
 * @w: the wire NID
 * @nid: the NID
 */
void loomnet_nid_encode(struct loomnet_wire_nid *w,
			const struct loomnet_nid *nid)
{
	w->family = nid->family;
	w->lnd = nid->lnd;
	w->net = cpu_to_le16(nid->net);
	memcpy(w->addr, nid->addr, sizeof(w->addr));
}

/**
 * loomnet_nid_decode() - decode and validate a wire NID
 * @w: the wire NID
 * @nid: the result
 *
 * Return: 0 or -EPROTO.
 */
int loomnet_nid_decode(const struct loomnet_wire_nid *w,
		       struct loomnet_nid *nid)
{
	static const u8 zero[12];

	if (w->lnd != LOOMNET_LND_TCP)
		return -EPROTO;
	if (w->family == LOOMNET_AF_INET) {
		if (memcmp(w->addr + 4, zero, sizeof(zero)))
			return -EPROTO;
	} else if (w->family != LOOMNET_AF_INET6) {
		return -EPROTO;
	}
	nid->family = w->family;
	nid->lnd = w->lnd;
	nid->net = le16_to_cpu(w->net);
	memcpy(nid->addr, w->addr, sizeof(nid->addr));
	return 0;
}

/**
 * loomnet_wire_hello_init() - build the hello a connection starts with
 * @h: the hello
 * @src: the local NID
 * @dst: the remote NID
 * @nids: the local NIs on @src's network, or NULL for @src alone
 * @nr_nids: their number; at most %LOOMNET_HELLO_MAX_NIDS are listed
 */
void loomnet_wire_hello_init(struct loomnet_wire_hello *h,
			     const struct loomnet_nid *src,
			     const struct loomnet_nid *dst,
			     const struct loomnet_nid *nids,
			     unsigned int nr_nids)
{
	unsigned int i;

	memset(h, 0, sizeof(*h));
	h->magic = cpu_to_le32(LOOMNET_HELLO_MAGIC);
	h->version = cpu_to_le16(LOOMNET_PROTO_VERSION);
	h->hdr_size = cpu_to_le16(sizeof(struct loomnet_wire_hdr));
	h->features = cpu_to_le64(LOOMNET_FEATURES_KNOWN);
	loomnet_nid_encode(&h->src, src);
	loomnet_nid_encode(&h->dst, dst);
	if (!nids || !nr_nids) {
		nids = src;
		nr_nids = 1;
	}
	if (nr_nids > LOOMNET_HELLO_MAX_NIDS)
		nr_nids = LOOMNET_HELLO_MAX_NIDS;
	h->nr_nids = cpu_to_le16(nr_nids);
	h->credits = cpu_to_le16(LOOMNET_CREDITS);
	for (i = 0; i < nr_nids; i++)
		loomnet_nid_encode(&h->nids[i], &nids[i]);
}

/**
 * loomnet_wire_check_hello() - decode and validate a received hello
 * @buf: the bytes received
 * @size: their number; anything but sizeof(struct loomnet_wire_hello) is
 *        refused
 * @src: the sender's NID, set on success
 * @dst: the NID the sender wants to reach, set on success
 * @nids: if not NULL, room for %LOOMNET_HELLO_MAX_NIDS NIDs: the sender's
 *	NIs, set on success
 * @nr_nids: if not NULL, their number, set on success
 * @credits: if not NULL, the frames the sender accepts before it returns
 *	credits, set on success
 *
 * Checks the magic, the version, the frame header size, both NIDs, and
 * the NID list: 1 to %LOOMNET_HELLO_MAX_NIDS valid NIDs, each on @src's
 * network and family, one of them @src, the unused entries and the
 * reserved field zero; credits from 1 to %LOOMNET_MAX_CREDITS; a known
 * role, the bulk one only with %LOOMNET_FEATURE_ROLES.  Unknown feature
 * bits are ignored.  Whether @dst
 * is ours and @src is where the connection comes from is for the caller
 * to check.
 *
 * Return: 0 or -EPROTO.
 */
int loomnet_wire_check_hello(const void *buf, size_t size,
			     struct loomnet_nid *src, struct loomnet_nid *dst,
			     struct loomnet_nid *nids, unsigned int *nr_nids,
			     u32 *credits)
{
	static const struct loomnet_wire_nid zero;
	struct loomnet_wire_hello h;
	struct loomnet_nid n;
	bool has_src = false;
	unsigned int i, nr, role;

	if (!buf || size != sizeof(h))
		return -EPROTO;
	memcpy(&h, buf, sizeof(h));
	role = le16_to_cpu(h.role);
	if (role >= LOOMNET_NR_ROLES || h.reserved ||
	    (role != LOOMNET_ROLE_CTRL &&
	     !(le64_to_cpu(h.features) & LOOMNET_FEATURE_ROLES)))
		return -EPROTO;
	if (le32_to_cpu(h.magic) != LOOMNET_HELLO_MAGIC ||
	    le16_to_cpu(h.version) != LOOMNET_PROTO_VERSION ||
	    le16_to_cpu(h.hdr_size) != sizeof(struct loomnet_wire_hdr))
		return -EPROTO;
	if (loomnet_nid_decode(&h.src, src) ||
	    loomnet_nid_decode(&h.dst, dst))
		return -EPROTO;
	nr = le16_to_cpu(h.nr_nids);
	if (!nr || nr > LOOMNET_HELLO_MAX_NIDS || !h.credits ||
	    le16_to_cpu(h.credits) > LOOMNET_MAX_CREDITS)
		return -EPROTO;
	for (i = 0; i < LOOMNET_HELLO_MAX_NIDS; i++) {
		if (i >= nr) {
			if (memcmp(&h.nids[i], &zero, sizeof(zero)))
				return -EPROTO;
			continue;
		}
		if (loomnet_nid_decode(&h.nids[i], &n) ||
		    n.family != src->family || n.net != src->net)
			return -EPROTO;
		if (!memcmp(n.addr, src->addr, sizeof(n.addr)))
			has_src = true;
		if (nids)
			nids[i] = n;
	}
	if (!has_src)
		return -EPROTO;
	if (nr_nids)
		*nr_nids = nr;
	if (credits)
		*credits = le16_to_cpu(h.credits);
	return 0;
}

/**
 * loomnet_wire_hello_role() - the role and features of a valid hello
 * @buf: a hello loomnet_wire_check_hello() accepted
 * @features: if not NULL, set to its feature bits
 *
 * Return: its &enum loomnet_role.
 */
unsigned int loomnet_wire_hello_role(const void *buf, u64 *features)
{
	struct loomnet_wire_hello h;

	memcpy(&h, buf, sizeof(h));
	if (features)
		*features = le64_to_cpu(h.features);
	return le16_to_cpu(h.role);
}

/**
 * loomnet_wire_check_hdr() - decode and validate a received frame header
 * @buf: the bytes received
 * @size: their number; anything but sizeof(struct loomnet_wire_hdr) is
 *        refused
 * @f: the decoded header, in CPU byte order, set on success
 *
 * Checks the magic, the version, the flags, the status, the type, and the
 * portal and lengths that type allows: a message payload of at most
 * %LOOMNET_MAX_MSG_SIZE, bulk data or an MD length of at most
 * %LOOMNET_MAX_MD_SIZE, no data where the type carries none.
 *
 * Return: 0 or -EPROTO.
 */
int loomnet_wire_check_hdr(const void *buf, size_t size,
			   struct loomnet_frame *f)
{
	struct loomnet_wire_hdr h;
	u32 portal, len, status, mlength;
	bool ok;

	if (!buf || size != sizeof(h))
		return -EPROTO;
	memcpy(&h, buf, sizeof(h));
	portal = le32_to_cpu(h.portal);
	len = le32_to_cpu(h.len);
	status = le32_to_cpu(h.status);
	mlength = le32_to_cpu(h.mlength);
	if (le32_to_cpu(h.magic) != LOOMNET_HDR_MAGIC ||
	    h.version != LOOMNET_PROTO_VERSION ||
	    (le16_to_cpu(h.flags) & ~LOOMNET_F_KNOWN) ||
	    status > MAX_ERRNO)
		return -EPROTO;
	switch (h.type) {
	case LOOMNET_T_MSG:
		ok = portal < LOOMNET_NR_PORTALS && len <= LOOMNET_MAX_MSG_SIZE;
		break;
	case LOOMNET_T_PUT:
		ok = portal < LOOMNET_NR_PORTALS && len <= LOOMNET_MAX_MD_SIZE;
		break;
	case LOOMNET_T_GET:
		ok = portal < LOOMNET_NR_PORTALS && !len &&
		     mlength <= LOOMNET_MAX_MD_SIZE;
		break;
	case LOOMNET_T_ACK:
		ok = !len && mlength <= LOOMNET_MAX_MD_SIZE;
		break;
	case LOOMNET_T_REPLY:
		ok = len <= LOOMNET_MAX_MD_SIZE && !(status && len);
		break;
	case LOOMNET_T_PING:
	case LOOMNET_T_PONG:
		ok = !len;
		break;
	case LOOMNET_T_CREDIT:
		ok = !len && mlength && mlength <= LOOMNET_MAX_CREDITS;
		break;
	default:
		ok = false;
	}
	/* Only operations and messages are sent again. */
	if ((le16_to_cpu(h.flags) & LOOMNET_F_RESEND) &&
	    h.type != LOOMNET_T_PUT && h.type != LOOMNET_T_GET &&
	    h.type != LOOMNET_T_MSG)
		ok = false;
	if (!ok)
		return -EPROTO;
	f->type = h.type;
	f->flags = le16_to_cpu(h.flags);
	f->portal = portal;
	f->len = len;
	f->match = le64_to_cpu(h.match);
	f->cookie = le64_to_cpu(h.cookie);
	f->status = status;
	f->mlength = mlength;
	return 0;
}

/**
 * loomnet_seen_bytes() - memory a &struct loomnet_seen of @size entries needs
 * @size: entries, a power of two
 *
 * Return: bytes to give loomnet_seen_init().
 */
size_t loomnet_seen_bytes(u32 size)
{
	return (size_t)size * (sizeof(u32) + sizeof(struct loomnet_seen_ent));
}

/**
 * loomnet_seen_init() - set up an empty record of delivered messages
 * @s: the record
 * @mem: zeroed memory of loomnet_seen_bytes(@size) bytes, suitably aligned
 * @size: entries, a power of two from 2 to 2^24
 *
 * Return: 0 or -EINVAL.
 */
int loomnet_seen_init(struct loomnet_seen *s, void *mem, u32 size)
{
	if (!mem || size < 2 || size > (1U << 24) || (size & (size - 1)))
		return -EINVAL;
	s->size = size;
	s->next = 0;
	s->ents = mem;
	s->heads = (u32 *)(s->ents + size);
	return 0;
}

static u32 loomnet_seen_hash(const struct loomnet_seen *s,
			     const struct loomnet_nid *node, u64 cookie)
{
	u64 h = cookie * 0x9e3779b97f4a7c15ULL;
	unsigned int i;

	for (i = 0; i < sizeof(node->addr); i++)
		h = (h ^ node->addr[i]) * 0x100000001b3ULL;
	h ^= (u64)node->net << 16 | (u64)node->family << 8 | node->lnd;
	h *= 0x9e3779b97f4a7c15ULL;
	return (u32)(h >> 32) & (s->size - 1);
}

static bool loomnet_seen_match(const struct loomnet_seen_ent *e,
			       const struct loomnet_nid *node, u64 cookie)
{
	return e->used && e->cookie == cookie &&
	       e->node.family == node->family && e->node.lnd == node->lnd &&
	       e->node.net == node->net &&
	       !memcmp(e->node.addr, node->addr, sizeof(node->addr));
}

/**
 * loomnet_seen_test_add() - whether a message was delivered already
 * @s: the record
 * @node: the sender's node
 * @cookie: the message's cookie
 *
 * If not, remembers it, forgetting the oldest message if the record is
 * full.
 *
 * Return: true if (@node, @cookie) is in the record (a duplicate).
 */
bool loomnet_seen_test_add(struct loomnet_seen *s,
			   const struct loomnet_nid *node, u64 cookie)
{
	u32 h = loomnet_seen_hash(s, node, cookie);
	u32 i, *pp, slot = s->next & (s->size - 1);
	struct loomnet_seen_ent *e = &s->ents[slot];

	for (i = s->heads[h]; i; i = s->ents[i - 1].chain)
		if (loomnet_seen_match(&s->ents[i - 1], node, cookie))
			return true;
	if (e->used) {
		/* Forget the oldest: unlink it from its bucket. */
		pp = &s->heads[loomnet_seen_hash(s, &e->node, e->cookie)];
		while (*pp && *pp != slot + 1)
			pp = &s->ents[*pp - 1].chain;
		if (*pp)
			*pp = e->chain;
	}
	e->node = *node;
	e->cookie = cookie;
	e->used = 1;
	e->chain = s->heads[h];
	s->heads[h] = slot + 1;
	s->next++;
	return false;
}

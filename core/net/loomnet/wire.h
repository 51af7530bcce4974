/* SPDX-License-Identifier: GPL-2.0 */
/*
 * loomnet: the wire protocol.
 *
 * Fixed-size little-endian structures; their layout is checked at build
 * time.  A connection starts with one struct loomnet_wire_hello in each
 * direction, then carries frames: a struct loomnet_wire_hdr followed by
 * hdr.len bytes (message payload or bulk data).
 *
 * wire.c decodes and validates what arrives; it and this file also build
 * in userspace for unit tests and fuzzing.
 */
#ifndef _LOOMNET_WIRE_H
#define _LOOMNET_WIRE_H

#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

#define LOOMNET_HELLO_MAGIC	0x4c4f4f4dU	/* "LOOM" */
#define LOOMNET_HDR_MAGIC	0x4c4e4554U	/* "LNET" */
#define LOOMNET_PROTO_VERSION	2

/* Most NIDs a hello lists: the sender's NIs on the hello's network. */
#define LOOMNET_HELLO_MAX_NIDS	8

/* Receive window a connection grants, in frames; returned by CREDITs. */
#define LOOMNET_CREDITS		256
#define LOOMNET_MAX_CREDITS	4096

/* Frame header flags. */
#define LOOMNET_F_RESEND	0x0001	/* PUT, GET or MSG sent again */
#define LOOMNET_F_KNOWN		LOOMNET_F_RESEND

/*
 * Feature bits of the hello.  ROLES: the sender understands @role, and
 * opens a bulk connection besides the control one.  MSG_ONCE: the
 * sender's messages carry a unique cookie and are sent again after a
 * broken connection until its CREDITs covered them (the receiver drops
 * the duplicates); it returns credits for a message once it is delivered.
 */
#define LOOMNET_FEATURE_ROLES		0x1ULL
#define LOOMNET_FEATURE_MSG_ONCE	0x2ULL
#define LOOMNET_FEATURES_KNOWN		(LOOMNET_FEATURE_ROLES | \
					 LOOMNET_FEATURE_MSG_ONCE)

/*
 * What a connection carries.  The control connection: messages and
 * everything else; the bulk one (only to peers with the ROLES feature):
 * PUTs, GETs and their answers, so that a small message never waits
 * behind megabytes of bulk data.
 */
enum loomnet_role {
	LOOMNET_ROLE_CTRL,
	LOOMNET_ROLE_BULK,
	LOOMNET_NR_ROLES,
};

/* struct loomnet_nid on the wire: @net is little-endian. */
struct loomnet_wire_nid {
	__u8	family;
	__u8	lnd;
	__le16	net;
	__u8	addr[16];
};

/**
 * struct loomnet_wire_hello - first bytes of a connection, each direction
 * @magic: %LOOMNET_HELLO_MAGIC
 * @version: %LOOMNET_PROTO_VERSION
 * @hdr_size: sizeof(struct loomnet_wire_hdr)
 * @features: feature bits, unknown ones ignored
 * @src: the sender's NI this connection uses
 * @dst: the NI the sender wants to reach
 * @nr_nids: entries used in @nids, 1 to %LOOMNET_HELLO_MAX_NIDS
 * @credits: frames the sender may receive before returning credits, 1 to
 *	%LOOMNET_MAX_CREDITS
 * @role: an &enum loomnet_role, the same both ways; %LOOMNET_ROLE_BULK
 *	only from a sender with %LOOMNET_FEATURE_ROLES
 * @reserved: zero
 * @nids: the sender's NIs on @src's network and family (its rails), the
 *	first being its primary NID; the rest of the array is zero
 */
struct loomnet_wire_hello {
	__le32			magic;
	__le16			version;
	__le16			hdr_size;
	__le64			features;
	struct loomnet_wire_nid	src;
	struct loomnet_wire_nid	dst;
	__le16			nr_nids;
	__le16			credits;
	__le16			role;
	__le16			reserved;
	struct loomnet_wire_nid	nids[LOOMNET_HELLO_MAX_NIDS];
};

enum loomnet_wire_type {
	LOOMNET_T_MSG = 1,	/* payload to a portal */
	LOOMNET_T_PUT,		/* bulk data into a remote MD, acked */
	LOOMNET_T_ACK,		/* end of a PUT: status, mlength */
	LOOMNET_T_GET,		/* request for a remote MD's data */
	LOOMNET_T_REPLY,	/* answer to a GET: status, then data */
	LOOMNET_T_PING,
	LOOMNET_T_PONG,
	LOOMNET_T_CREDIT,	/* mlength receive credits returned */
	LOOMNET_T_MAX = LOOMNET_T_CREDIT,
};

/**
 * struct loomnet_wire_hdr - frame header
 * @magic: %LOOMNET_HDR_MAGIC
 * @version: %LOOMNET_PROTO_VERSION
 * @type: an &enum loomnet_wire_type
 * @flags: %LOOMNET_F_RESEND or zero
 * @portal: destination portal (MSG, PUT, GET)
 * @len: bytes following the header
 * @match: match bits (MSG, PUT, GET)
 * @cookie: the initiator's operation (PUT/ACK, GET/REPLY, PING/PONG), or
 *	the message's unique number (MSG)
 * @status: 0 or a positive errno (ACK, REPLY)
 * @mlength: bytes accepted (ACK), the initiator's MD length (GET), or
 *	credits returned (CREDIT)
 */
struct loomnet_wire_hdr {
	__le32	magic;
	__u8	version;
	__u8	type;
	__le16	flags;
	__le32	portal;
	__le32	len;
	__le64	match;
	__le64	cookie;
	__le32	status;
	__le32	mlength;
};

/**
 * struct loomnet_frame - a validated frame header, in CPU byte order
 * @type: an &enum loomnet_wire_type
 * @portal: destination portal, below %LOOMNET_NR_PORTALS where it matters
 * @len: bytes following the header
 * @match: match bits
 * @cookie: the initiator's operation
 * @status: 0 or a positive errno, at most MAX_ERRNO
 * @mlength: bytes accepted (ACK) or the initiator's MD length (GET)
 * @flags: %LOOMNET_F_RESEND or zero
 */
struct loomnet_frame {
	u8	type;
	u16	flags;
	u32	portal;
	u32	len;
	u64	match;
	u64	cookie;
	u32	status;
	u32	mlength;
};

struct loomnet_nid;

/**
 * struct loomnet_seen_ent - one entry of a &struct loomnet_seen
 * @node: the sender's node
 * @cookie: the message's cookie
 * @chain: next entry of the same hash bucket, plus one (0 ends)
 * @used: the entry holds a message
 */
struct loomnet_seen_ent {
	struct loomnet_nid	node;
	u64			cookie;
	u32			chain;
	u32			used;
};

/**
 * struct loomnet_seen - the messages delivered last, to drop their resends
 * @size: entries, a power of two; the oldest is forgotten first
 * @next: the entry to fill next
 * @heads: @size hash buckets, the first entry plus one (0: empty)
 * @ents: @size entries
 *
 * No locking of its own; caller-allocated (loomnet_seen_bytes()).
 */
struct loomnet_seen {
	u32			size;
	u32			next;
	u32			*heads;
	struct loomnet_seen_ent	*ents;
};

size_t loomnet_seen_bytes(u32 size);
int loomnet_seen_init(struct loomnet_seen *s, void *mem, u32 size);
bool loomnet_seen_test_add(struct loomnet_seen *s,
			   const struct loomnet_nid *node, u64 cookie);

void loomnet_nid_encode(struct loomnet_wire_nid *w,
			const struct loomnet_nid *nid);
int loomnet_nid_decode(const struct loomnet_wire_nid *w,
		       struct loomnet_nid *nid);
void loomnet_wire_hello_init(struct loomnet_wire_hello *h,
			     const struct loomnet_nid *src,
			     const struct loomnet_nid *dst,
			     const struct loomnet_nid *nids,
			     unsigned int nr_nids);
int loomnet_wire_check_hello(const void *buf, size_t size,
			     struct loomnet_nid *src, struct loomnet_nid *dst,
			     struct loomnet_nid *nids, unsigned int *nr_nids,
			     u32 *credits);
unsigned int loomnet_wire_hello_role(const void *buf, u64 *features);
int loomnet_wire_check_hdr(const void *buf, size_t size,
			   struct loomnet_frame *f);

static_assert(sizeof(struct loomnet_wire_nid) == 20);
static_assert(offsetof(struct loomnet_wire_nid, net) == 2);
static_assert(offsetof(struct loomnet_wire_nid, addr) == 4);
static_assert(sizeof(struct loomnet_wire_hello) == 224);
static_assert(offsetof(struct loomnet_wire_hello, nr_nids) == 56);
static_assert(offsetof(struct loomnet_wire_hello, credits) == 58);
static_assert(offsetof(struct loomnet_wire_hello, role) == 60);
static_assert(offsetof(struct loomnet_wire_hello, nids) == 64);
static_assert(offsetof(struct loomnet_wire_hello, features) == 8);
static_assert(offsetof(struct loomnet_wire_hello, src) == 16);
static_assert(offsetof(struct loomnet_wire_hello, dst) == 36);
static_assert(sizeof(struct loomnet_wire_hdr) == 40);
static_assert(offsetof(struct loomnet_wire_hdr, portal) == 8);
static_assert(offsetof(struct loomnet_wire_hdr, len) == 12);
static_assert(offsetof(struct loomnet_wire_hdr, match) == 16);
static_assert(offsetof(struct loomnet_wire_hdr, cookie) == 24);
static_assert(offsetof(struct loomnet_wire_hdr, status) == 32);
static_assert(offsetof(struct loomnet_wire_hdr, mlength) == 36);

#endif /* _LOOMNET_WIRE_H */

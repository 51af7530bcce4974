/* SPDX-License-Identifier: GPL-2.0 */
/*
 * loomnet: the in-kernel API of Loom's network layer.
 *
 * loomnet moves messages and bulk page vectors between nodes named by NIDs.
 * Its model is the one of Lustre's LNet, reduced to what Loom needs:
 *
 * - A *message* is a small buffer sent to a *portal* of a peer, with 64
 *   match bits.  The receiving side registers a handler per portal.
 * - A *memory descriptor* (MD) exposes a vector of pages under a portal and
 *   match bits.  A peer can PUT data into it or GET data from it; the data
 *   moves straight between the socket and the MD's pages.
 *
 * All state is per network namespace: a process in a namespace sees the
 * interfaces, peers and portals of that namespace only.
 */
#ifndef _LINUX_LOOMNET_H
#define _LINUX_LOOMNET_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/bvec.h>
#include <uapi/linux/loomnet.h>

struct net;

/* Largest message payload; bulk data goes through MDs. */
#define LOOMNET_MAX_MSG_SIZE	(64 * 1024)
/* Largest MD. */
#define LOOMNET_MAX_MD_SIZE	(64 * 1024 * 1024)

/* Portals used by Loom.  Each is registered by at most one user. */
enum {
	LOOMNET_PORTAL_PING = 0,	/* loomnet's own ping/selftest */
	LOOMNET_PORTAL_SELFTEST,
	LOOMNET_PORTAL_MGS,		/* requests to an MGS */
	LOOMNET_PORTAL_MDT,		/* requests to an MDT */
	LOOMNET_PORTAL_OST,		/* requests to an OST */
	LOOMNET_PORTAL_REPLY,		/* replies to clients */
	LOOMNET_PORTAL_CB,		/* server-to-client callbacks */
	LOOMNET_PORTAL_BULK,		/* bulk MDs */
	LOOMNET_NR_PORTALS,
};

/**
 * struct loomnet_msg - a received message, handed to a portal handler
 * @net: network namespace it arrived in
 * @src: the sender's NID
 * @dst: the local NID it arrived on
 * @portal: destination portal
 * @match: the sender's match bits
 * @len: payload length
 * @data: payload, @len bytes, 8-byte aligned
 *
 * The handler owns the message and releases it with loomnet_msg_free(),
 * from any context, possibly much later (after queuing it to a workqueue).
 */
struct loomnet_msg {
	struct net		*net;
	struct loomnet_nid	src;
	struct loomnet_nid	dst;
	u32			portal;
	u64			match;
	u32			len;
	void			*data;
};

/**
 * typedef loomnet_handler_t - receive callback of a portal
 * @msg: the message; owned by the handler from now on
 * @priv: the pointer given to loomnet_portal_register()
 *
 * Called in process context (a loomnet receive worker).  It must not block
 * for long: queue real work elsewhere.
 */
typedef void (*loomnet_handler_t)(struct loomnet_msg *msg, void *priv);

/**
 * struct loomnet_md - a memory descriptor
 * @bvec: the pages, owned by the caller until @complete has run
 * @nr_bvec: number of entries in @bvec
 * @length: total bytes in @bvec
 * @complete: called once when the MD is done: @status 0 with @mlength the
 *	bytes moved, or a negative errno (-ECANCELED after loomnet_md_unlink(),
 *	-ETIMEDOUT, -ECONNRESET, -ENOENT when the peer had no MD, -EMSGSIZE).
 *	Runs in process context; may free the MD.
 * @priv: for the caller
 *
 * The remaining fields are loomnet's: callers must not touch them.
 */
struct loomnet_md {
	struct bio_vec		*bvec;
	unsigned int		nr_bvec;
	u32			length;
	void			(*complete)(struct loomnet_md *md, int status,
					    u32 mlength);
	void			*priv;

	/* private: to loomnet */
	struct list_head	lmd_list;
	struct net		*lmd_net;
	struct loomnet_nid	lmd_peer;
	u32			lmd_portal;
	u64			lmd_match;
	unsigned long		lmd_flags;
	u64			lmd_cookie;
	void			*lmd_conn;
	unsigned long		lmd_deadline;
	struct loomnet_nid	lmd_node;
};

u32 loomnet_nid_hash(const struct loomnet_nid *nid);
bool loomnet_nid_equal(const struct loomnet_nid *a, const struct loomnet_nid *b);
int loomnet_nid_parse(const char *str, size_t len, struct loomnet_nid *nid);
int loomnet_nid_format(const struct loomnet_nid *nid, char *buf, size_t size);

int loomnet_portal_register(struct net *net, u32 portal,
			    loomnet_handler_t handler, void *priv);
void loomnet_portal_unregister(struct net *net, u32 portal);

int loomnet_send(struct net *net, const struct loomnet_nid *dst, u32 portal,
		 u64 match, const void *data, u32 len);
void loomnet_msg_free(struct loomnet_msg *msg);

int loomnet_md_attach(struct net *net, const struct loomnet_nid *peer,
		      u32 portal, u64 match, struct loomnet_md *md);
int loomnet_md_unlink(struct loomnet_md *md);
int loomnet_put(struct net *net, const struct loomnet_nid *dst, u32 portal,
		u64 match, struct loomnet_md *md);
int loomnet_get(struct net *net, const struct loomnet_nid *dst, u32 portal,
		u64 match, struct loomnet_md *md);

int loomnet_local_nid(struct net *net, const struct loomnet_nid *peer,
		      struct loomnet_nid *nid);
bool loomnet_is_local(struct net *net, const struct loomnet_nid *nid);

#endif /* _LINUX_LOOMNET_H */

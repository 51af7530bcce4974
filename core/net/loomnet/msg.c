// SPDX-License-Identifier: GPL-2.0
/*
 * loomnet: portals, memory descriptors, and the frame protocol.
 *
 * Every received header is decoded and validated here, in one place.
 *
 * MD life cycle (pn->md_lock): an MD is ATTACHED (waiting for a remote PUT
 * or GET), RX (data arriving into it), TX (its data queued for sending), OP
 * (a local PUT or GET awaiting the peer's answer), or none of these once
 * "claimed" for completion.  Whoever claims an MD calls ->complete() once,
 * with no lock held.
 */
#include <linux/ktime.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/sock.h>
#include "internal.h"

/**
 * loomnet_tx_alloc() - allocate a frame
 * @type: an &enum loomnet_wire_type
 * @plen: payload bytes to reserve after the frame
 * @gfp: allocation flags
 *
 * Return: the frame, header initialised, or NULL.
 */
struct loomnet_tx *loomnet_tx_alloc(u8 type, u32 plen, gfp_t gfp)
{
	struct loomnet_tx *tx;

	tx = kzalloc(sizeof(*tx) + plen, gfp);
	if (!tx)
		return NULL;
	tx->hdr.magic = cpu_to_le32(LOOMNET_HDR_MAGIC);
	tx->hdr.version = LOOMNET_PROTO_VERSION;
	tx->hdr.type = type;
	tx->hdr.len = cpu_to_le32(plen);
	tx->hlen = sizeof(tx->hdr);
	tx->plen = plen;
	tx->payload = tx + 1;
	return tx;
}

/**
 * loomnet_tx_set_hello() - turn a frame into a hello
 * @tx: a frame from loomnet_tx_alloc() without payload
 * @src: the local NID
 * @dst: the remote NID
 * @nids: the local NIs on @src's network, @src among them
 * @nr: their number
 * @role: the connection's &enum loomnet_role
 *
 * The hello grants the peer_credits parameter's receive window.
 */
void loomnet_tx_set_hello(struct loomnet_tx *tx, const struct loomnet_nid *src,
			  const struct loomnet_nid *dst,
			  const struct loomnet_nid *nids, unsigned int nr,
			  unsigned int role)
{
	loomnet_wire_hello_init(&tx->hello, src, dst, nids, nr);
	tx->hello.role = cpu_to_le16(role);
	tx->hello.credits = cpu_to_le16(clamp(READ_ONCE(loomnet_peer_credits),
					      1U, LOOMNET_MAX_CREDITS));
	tx->hlen = sizeof(tx->hello);
	tx->plen = 0;
}

static bool loomnet_sockaddr_is(struct socket *sock,
				const struct loomnet_nid *nid)
{
	struct sockaddr_storage ss;
	int len;

	len = kernel_getpeername(sock, (struct sockaddr *)&ss);
	if (len < 0)
		return false;
	if (nid->family == LOOMNET_AF_INET && ss.ss_family == AF_INET)
		return !memcmp(&((struct sockaddr_in *)&ss)->sin_addr,
			       nid->addr, 4);
	if (nid->family == LOOMNET_AF_INET6 && ss.ss_family == AF_INET6)
		return !memcmp(&((struct sockaddr_in6 *)&ss)->sin6_addr,
			       nid->addr, 16);
	return false;
}

/**
 * loomnet_rx_hello() - validate a received hello
 * @conn: the connection; rx_mutex held
 * @src: the peer's NID
 * @nids: room for %LOOMNET_HELLO_MAX_NIDS NIDs: the peer node's rails
 * @nr_nids: their number
 * @credits: the frames the peer accepts before returning credits
 *
 * Return: 0 or -EPROTO.
 */
int loomnet_rx_hello(struct loomnet_conn *conn, struct loomnet_nid *src,
		     struct loomnet_nid *nids, unsigned int *nr_nids,
		     u32 *credits)
{
	struct loomnet_nid dst;

	if (loomnet_wire_check_hello(&conn->rx_buf.hello,
				     sizeof(conn->rx_buf.hello), src, &dst,
				     nids, nr_nids, credits))
		return -EPROTO;
	/* We must be who the peer wanted, on the network it wanted. */
	if (!loomnet_nid_equal(&dst, &conn->ni->nid))
		return -EPROTO;
	if (conn->outgoing)
		return loomnet_nid_equal(src, &conn->remote) ? 0 : -EPROTO;
	if (src->family != dst.family || src->net != dst.net ||
	    !loomnet_sockaddr_is(conn->sock, src))
		return -EPROTO;
	return 0;
}

/**
 * loomnet_portal_register() - receive the messages sent to a portal
 * @net: network namespace
 * @portal: the portal, below %LOOMNET_NR_PORTALS
 * @handler: called for each message, in process context
 * @priv: passed to @handler
 *
 * Return: 0, -EINVAL, or -EBUSY if the portal has a handler already.
 */
int loomnet_portal_register(struct net *net, u32 portal,
			    loomnet_handler_t handler, void *priv)
{
	struct loomnet_pn *pn = loomnet_pn(net);
	struct loomnet_portal *p;
	int ret = 0;

	if (portal >= LOOMNET_NR_PORTALS || !handler)
		return -EINVAL;
	p = &pn->portals[portal];
	spin_lock(&pn->portal_lock);
	if (p->handler) {
		ret = -EBUSY;
	} else {
		WRITE_ONCE(p->priv, priv);
		/* Pairs with loomnet_rx_deliver(): @priv before @handler. */
		smp_store_release(&p->handler, handler);
	}
	spin_unlock(&pn->portal_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(loomnet_portal_register);

/**
 * loomnet_portal_unregister() - stop receiving on a portal
 * @net: network namespace
 * @portal: the portal
 *
 * Messages arriving from now on are dropped.  Waits until no call of the
 * portal's handler is running, so it must not be called from that handler.
 */
void loomnet_portal_unregister(struct net *net, u32 portal)
{
	struct loomnet_pn *pn = loomnet_pn(net);

	if (portal >= LOOMNET_NR_PORTALS)
		return;
	spin_lock(&pn->portal_lock);
	WRITE_ONCE(pn->portals[portal].handler, NULL);
	spin_unlock(&pn->portal_lock);
	synchronize_srcu(&pn->srcu);
}
EXPORT_SYMBOL_GPL(loomnet_portal_unregister);

/**
 * loomnet_msg_free() - free a received message
 * @msg: the message given to a portal handler
 */
void loomnet_msg_free(struct loomnet_msg *msg)
{
	kfree(msg);
}
EXPORT_SYMBOL_GPL(loomnet_msg_free);

/**
 * loomnet_send_tx() - queue a message frame on a path to a node
 * @pn: the namespace
 * @dst: a NID of the node
 * @tx: the frame, owned by the connection on success
 * @peerp: if not NULL, set to the peer NI chosen
 * @how: queue within the limits, beyond them, or first (a resend)
 *
 * Return: 0 or an error of loomnet_send(), -ECONNRESET if every connection
 * tried was closing.
 */
int loomnet_send_tx(struct loomnet_pn *pn, const struct loomnet_nid *dst,
		    struct loomnet_tx *tx, struct loomnet_peer **peerp,
		    enum loomnet_q how)
{
	struct loomnet_conn *conn;
	int ret = 0, tries;

	for (tries = 0; tries < 4; tries++) {
		conn = loomnet_conn_get_peer(pn, dst, peerp, false,
					     LOOMNET_ROLE_CTRL);
		if (IS_ERR(conn))
			return PTR_ERR(conn);
		if (how == LOOMNET_Q_RESEND)
			ret = loomnet_conn_queue_resend(conn, tx);
		else
			ret = loomnet_conn_queue(conn, tx,
						 how == LOOMNET_Q_LIMIT);
		loomnet_conn_put(conn);
		if (ret != -ECONNRESET)
			break;
	}
	return ret;
}

/**
 * loomnet_send() - send a message to a portal of a peer
 * @net: network namespace
 * @dst: the peer
 * @portal: its portal
 * @match: match bits given to the receiver
 * @data: payload, copied
 * @len: payload length, at most %LOOMNET_MAX_MSG_SIZE
 *
 * Connects on demand.  The message goes out on the control connection of
 * one of the rails of @dst's node (multi-rail), never behind bulk data;
 * messages on one connection arrive in order.  Delivery is exactly once to
 * a peer with the MSG_ONCE feature: the message is kept until the peer's
 * credits show it arrived, sent again on the best path left if its
 * connection breaks first (for up to resend_timeout_ms), and the peer
 * drops a copy it delivered already (see protocol.rst).  A resent message
 * may overtake later ones.  Delivery can still fail without an error (no
 * path for resend_timeout_ms, the peer's memory, a portal without a
 * handler), so callers keep their own timeouts.  May sleep.
 *
 * Return: 0 once queued, -EINVAL (bad portal), -EMSGSIZE, -EHOSTUNREACH (no
 * local NI on @dst's network), -ENOBUFS (too much queued to @dst), -ENOMEM,
 * or -ESHUTDOWN (the namespace is going away).
 */
int loomnet_send(struct net *net, const struct loomnet_nid *dst, u32 portal,
		 u64 match, const void *data, u32 len)
{
	return loomnet_send_msg(net, dst, portal, match, data, len,
				LOOMNET_Q_LIMIT);
}
EXPORT_SYMBOL_GPL(loomnet_send);

/**
 * loomnet_send_msg() - loomnet_send(), choosing the queue limits
 * @net: network namespace
 * @dst: the peer
 * @portal: its portal
 * @match: match bits given to the receiver
 * @data: payload, copied
 * @len: payload length
 * @how: %LOOMNET_Q_LIMIT as loomnet_send(), or %LOOMNET_Q_NOLIMIT for an
 *	answer that must not wait for queue room (the selftest's echoes)
 *
 * Return: as loomnet_send().
 */
int loomnet_send_msg(struct net *net, const struct loomnet_nid *dst,
		     u32 portal, u64 match, const void *data, u32 len,
		     enum loomnet_q how)
{
	struct loomnet_pn *pn = loomnet_pn(net);
	struct loomnet_peer *peer = NULL;
	struct loomnet_tx *tx;
	int ret;

	if (portal >= LOOMNET_NR_PORTALS)
		return -EINVAL;
	if (len > LOOMNET_MAX_MSG_SIZE)
		return -EMSGSIZE;
	tx = loomnet_tx_alloc(LOOMNET_T_MSG, len, GFP_NOFS);
	if (!tx)
		return -ENOMEM;
	tx->hdr.portal = cpu_to_le32(portal);
	tx->hdr.match = cpu_to_le64(match);
	/* Unique: the receiver drops a message it saw with this cookie. */
	tx->hdr.cookie = cpu_to_le64(atomic64_inc_return(&pn->next_cookie));
	tx->dst = *dst;
	tx->deadline = jiffies +
		       msecs_to_jiffies(READ_ONCE(loomnet_resend_timeout_ms));
	if (len)
		memcpy(tx->payload, data, len);

	ret = loomnet_send_tx(pn, dst, tx, &peer, how);
	if (ret == -ECONNRESET) {
		/* Every connection tried was closing: not sent. */
		if (peer)
			atomic64_inc(&peer->stats.drops);
		ret = 0;
	} else if (!ret) {
		return 0;
	}
	kfree(tx);
	return ret;
}

/**
 * loomnet_md_claim_locked() - take an MD out of every state to complete it
 * @pn: the namespace; pn->md_lock held
 * @md: the MD, in some state
 * @c: record of the completion, kept until loomnet_md_finish()
 *
 * Return: true if the connection the MD's data was being sent on must be
 * failed, its stream being cut in the middle of a frame.
 */
bool loomnet_md_claim_locked(struct loomnet_pn *pn, struct loomnet_md *md,
			     struct loomnet_completing *c)
{
	struct loomnet_conn *conn = md->lmd_conn;
	bool broken = false;

	lockdep_assert_held(&pn->md_lock);
	if (md->lmd_flags & (LMD_ATTACHED | LMD_OP | LMD_RESEND))
		list_del_init(&md->lmd_list);
	if ((md->lmd_flags & LMD_RX) && conn->rx_md == md) {
		conn->rx_md = NULL;
		conn->rx_status = -ECANCELED;
		iov_iter_discard(&conn->rx_iter, ITER_DEST,
				 iov_iter_count(&conn->rx_iter));
	}
	if (md->lmd_flags & LMD_TX)
		broken = loomnet_conn_tx_forget(conn, md);
	md->lmd_flags &= ~LMD_STATES;
	c->md = md;
	c->task = current;
	list_add(&c->list, &pn->completing);
	return broken;
}

/**
 * loomnet_md_finish() - call an MD's completion
 * @pn: the namespace; no lock held
 * @c: from loomnet_md_claim_locked()
 * @status: 0 or a negative errno
 * @mlength: bytes moved
 */
void loomnet_md_finish(struct loomnet_pn *pn, struct loomnet_completing *c,
		       int status, u32 mlength)
{
	c->md->complete(c->md, status, mlength);
	spin_lock(&pn->md_lock);
	list_del(&c->list);
	spin_unlock(&pn->md_lock);
	wake_up_all(&pn->wq);
}

static bool loomnet_md_completing(struct loomnet_pn *pn, struct loomnet_md *md)
{
	struct loomnet_completing *c;
	bool ret = false;

	spin_lock(&pn->md_lock);
	list_for_each_entry(c, &pn->completing, list)
		if (c->md == md && c->task != current)
			ret = true;
	spin_unlock(&pn->md_lock);
	return ret;
}

static int loomnet_md_check(const struct loomnet_md *md)
{
	u64 sum = 0;
	unsigned int i;

	if (!md->complete || md->length > LOOMNET_MAX_MD_SIZE ||
	    (md->length && !md->bvec))
		return -EINVAL;
	for (i = 0; i < md->nr_bvec && sum < md->length; i++)
		sum += md->bvec[i].bv_len;
	return sum < md->length ? -EINVAL : 0;
}

static bool loomnet_md_splice_ok(const struct loomnet_md *md)
{
	u64 sum = 0;
	unsigned int i;

	for (i = 0; i < md->nr_bvec && sum < md->length; i++) {
		if (!sendpage_ok(md->bvec[i].bv_page))
			return false;
		sum += md->bvec[i].bv_len;
	}
	return true;
}

/**
 * loomnet_md_attach() - expose an MD to one remote PUT or GET
 * @net: network namespace
 * @peer: the only peer allowed, or NULL for any
 * @portal: the portal
 * @match: match bits
 * @md: the MD; @md->bvec, nr_bvec, length and complete set by the caller
 *
 * The first PUT or GET from @peer to (@portal, @match) uses @md, which is
 * then detached; @md->complete() runs once when that operation ends or
 * after loomnet_md_unlink().
 *
 * Return: 0, -EINVAL, or -ESHUTDOWN.
 */
int loomnet_md_attach(struct net *net, const struct loomnet_nid *peer,
		      u32 portal, u64 match, struct loomnet_md *md)
{
	struct loomnet_pn *pn = loomnet_pn(net);
	int ret = 0;

	if (portal >= LOOMNET_NR_PORTALS || loomnet_md_check(md))
		return -EINVAL;
	md->lmd_net = net;
	memset(&md->lmd_peer, 0, sizeof(md->lmd_peer));
	if (peer)
		md->lmd_peer = *peer;
	md->lmd_portal = portal;
	md->lmd_match = match;
	md->lmd_conn = NULL;
	md->lmd_cookie = 0;
	md->lmd_flags = LMD_ATTACHED | (peer ? 0 : LMD_ANYPEER);
	spin_lock(&pn->md_lock);
	if (pn->md_dead) {
		md->lmd_flags = 0;
		ret = -ESHUTDOWN;
	} else {
		list_add_tail(&md->lmd_list, &pn->mds[portal]);
	}
	spin_unlock(&pn->md_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(loomnet_md_attach);

/*
 * Stop the socket I/O of @conn in both directions, and let it go on: held
 * while an MD is taken away from the connection whose socket may be
 * reading into or sending from its pages.  rx_mutex nests outside
 * tx_mutex.
 */
static void loomnet_conn_io_stop(struct loomnet_conn *conn)
{
	mutex_lock(&conn->rx_mutex);
	mutex_lock(&conn->tx_mutex);
}

static void loomnet_conn_io_resume(struct loomnet_conn *conn)
{
	mutex_unlock(&conn->tx_mutex);
	mutex_unlock(&conn->rx_mutex);
}

/**
 * loomnet_md_unlink() - cancel an MD
 * @md: an MD given to loomnet_md_attach(), loomnet_put() or loomnet_get()
 *
 * If the MD is still attached or its operation in progress, completes it
 * with -ECANCELED.  Either way, when this returns, @md->complete() has run
 * or will never run again, and loomnet no longer touches @md's pages.
 * Cancelling an MD whose data is half sent closes that connection.
 *
 * Return: 0 if cancelled here, -ENOENT if it had completed already.
 */
int loomnet_md_unlink(struct loomnet_md *md)
{
	struct loomnet_pn *pn = loomnet_pn(md->lmd_net);
	struct loomnet_conn *conn;
	struct loomnet_completing c;
	bool broken;

again:
	conn = NULL;
	spin_lock(&pn->md_lock);
	if (md->lmd_flags & (LMD_RX | LMD_TX)) {
		/* Wait for the socket I/O on the pages to stop. */
		conn = md->lmd_conn;
		kref_get(&conn->ref);
		spin_unlock(&pn->md_lock);
		loomnet_conn_io_stop(conn);
		spin_lock(&pn->md_lock);
		if ((md->lmd_flags & (LMD_RX | LMD_TX)) &&
		    md->lmd_conn != conn) {
			spin_unlock(&pn->md_lock);
			loomnet_conn_io_resume(conn);
			loomnet_conn_put(conn);
			goto again;
		}
	}
	if ((md->lmd_flags & (LMD_RX | LMD_TX)) && !conn) {
		spin_unlock(&pn->md_lock);
		goto again;
	}
	if (!(md->lmd_flags & LMD_STATES)) {
		spin_unlock(&pn->md_lock);
		if (conn) {
			loomnet_conn_io_resume(conn);
			loomnet_conn_put(conn);
		}
		wait_event(pn->wq, !loomnet_md_completing(pn, md));
		return -ENOENT;
	}
	broken = loomnet_md_claim_locked(pn, md, &c);
	spin_unlock(&pn->md_lock);
	if (conn) {
		if (broken)
			loomnet_conn_fail(conn, -ECANCELED);
		loomnet_conn_io_resume(conn);
		loomnet_conn_put(conn);
	}
	loomnet_md_finish(pn, &c, -ECANCELED, 0);
	return 0;
}
EXPORT_SYMBOL_GPL(loomnet_md_unlink);

/* What a PUT or GET frame needs from its MD, taken under pn->md_lock. */
struct loomnet_op {
	struct loomnet_nid	dst;
	u32			portal;
	u64			match;
	u64			cookie;
	u32			length;
	bool			get;
	bool			splice;
};

static void loomnet_op_init(struct loomnet_op *op, struct loomnet_md *md)
{
	op->dst = md->lmd_peer;
	op->portal = md->lmd_portal;
	op->match = md->lmd_match;
	op->cookie = md->lmd_cookie;
	op->length = md->length;
	op->get = md->lmd_flags & LMD_GET;
	op->splice = !op->get && loomnet_md_splice_ok(md);
}

static bool loomnet_md_resending_locked(struct loomnet_pn *pn,
					struct loomnet_md *md)
{
	struct loomnet_md *m;

	list_for_each_entry(m, &pn->resend, lmd_list)
		if (m == md)
			return true;
	return false;
}

/*
 * Queue the frame of a PUT or GET on a path to its peer.  For a resend,
 * @md may have been cancelled meanwhile (and freed): it is only touched
 * if still on pn->resend.  On failure, a resent MD stays there.
 *
 * Return: 0 (queued, or cancelled meanwhile) or a negative errno.
 */
static int loomnet_md_start(struct loomnet_pn *pn, struct loomnet_md *md,
			    const struct loomnet_op *op, bool resend)
{
	struct loomnet_peer *peer = NULL;
	struct loomnet_conn *conn;
	struct loomnet_tx *tx;
	int ret = 0, tries;

	for (tries = 0; tries < 2; tries++) {
		tx = loomnet_tx_alloc(op->get ? LOOMNET_T_GET : LOOMNET_T_PUT,
				      0, GFP_NOFS);
		if (!tx)
			return -ENOMEM;
		conn = loomnet_conn_get_peer(pn, &op->dst, &peer, false,
					     LOOMNET_ROLE_BULK);
		if (IS_ERR(conn)) {
			kfree(tx);
			return PTR_ERR(conn);
		}
		tx->hdr.portal = cpu_to_le32(op->portal);
		tx->hdr.match = cpu_to_le64(op->match);
		tx->hdr.cookie = cpu_to_le64(op->cookie);
		if (resend)
			tx->hdr.flags = cpu_to_le16(LOOMNET_F_RESEND);
		if (op->get) {
			tx->hdr.mlength = cpu_to_le32(op->length);
		} else {
			tx->hdr.len = cpu_to_le32(op->length);
			tx->md = md;
			tx->blen = op->length;
			tx->splice = op->splice;
		}

		spin_lock(&pn->md_lock);
		if (resend) {
			if (!loomnet_md_resending_locked(pn, md)) {
				/* Cancelled meanwhile. */
				spin_unlock(&pn->md_lock);
				loomnet_conn_put(conn);
				kfree(tx);
				return 0;
			}
			list_del_init(&md->lmd_list);
		}
		md->lmd_conn = conn;
		md->lmd_flags = (md->lmd_flags & LMD_GET) | LMD_OP |
				(op->get ? 0 : LMD_TX);
		list_add_tail(&md->lmd_list, &conn->ops);
		ret = loomnet_conn_queue(conn, tx, true);
		if (ret) {
			list_del_init(&md->lmd_list);
			md->lmd_conn = NULL;
			md->lmd_flags &= LMD_GET;
			if (resend) {
				md->lmd_flags |= LMD_RESEND;
				list_add(&md->lmd_list, &pn->resend);
			}
		}
		spin_unlock(&pn->md_lock);
		loomnet_conn_put(conn);
		if (!ret) {
			if (resend)
				atomic64_inc(&peer->stats.resends);
			return 0;
		}
		kfree(tx);
		if (ret != -ECONNRESET)
			break;
	}
	return ret;
}

/* Start a PUT or GET from a local MD. */
static int loomnet_md_op(struct net *net, const struct loomnet_nid *dst,
			 u32 portal, u64 match, struct loomnet_md *md, bool get)
{
	struct loomnet_pn *pn = loomnet_pn(net);
	struct loomnet_op op;
	int ret;

	if (portal >= LOOMNET_NR_PORTALS || loomnet_md_check(md))
		return -EINVAL;
	md->lmd_net = net;
	md->lmd_peer = *dst;
	md->lmd_portal = portal;
	md->lmd_match = match;
	md->lmd_cookie = atomic64_inc_return(&pn->next_cookie);
	md->lmd_deadline = jiffies +
			   msecs_to_jiffies(READ_ONCE(loomnet_resend_timeout_ms));
	md->lmd_conn = NULL;
	md->lmd_flags = get ? LMD_GET : 0;
	INIT_LIST_HEAD(&md->lmd_list);
	loomnet_op_init(&op, md);
	ret = loomnet_md_start(pn, md, &op, false);
	if (ret)
		md->lmd_flags = 0;
	return ret;
}

/**
 * loomnet_resend_work() - send again the operations of broken connections
 * @work: pn->resend_work
 *
 * Each goes out on the best path left to its peer's node, or completes
 * with -ECONNRESET once its resend timeout has passed.
 */
void loomnet_resend_work(struct work_struct *work)
{
	struct loomnet_pn *pn = container_of(to_delayed_work(work),
					     struct loomnet_pn, resend_work);
	struct loomnet_completing c;
	struct loomnet_md *md;
	struct loomnet_op op;
	int ret;

	for (;;) {
		spin_lock(&pn->md_lock);
		md = list_first_entry_or_null(&pn->resend, struct loomnet_md,
					      lmd_list);
		if (!md) {
			spin_unlock(&pn->md_lock);
			break;
		}
		ret = -ECONNRESET;
		if (time_before(jiffies, md->lmd_deadline)) {
			loomnet_op_init(&op, md);
			spin_unlock(&pn->md_lock);
			ret = loomnet_md_start(pn, md, &op, true);
			if (!ret)
				continue;
			spin_lock(&pn->md_lock);
			if (!loomnet_md_resending_locked(pn, md)) {
				spin_unlock(&pn->md_lock);
				continue;
			}
		}
		loomnet_md_claim_locked(pn, md, &c);
		spin_unlock(&pn->md_lock);
		loomnet_md_finish(pn, &c, ret, 0);
	}
}

/*
 * Put an MD of a dead connection back to work, with pn->md_lock held: an
 * operation of ours to send again, or a target of the peer's (PUT sink,
 * GET source) attached again for the peer to resend to.
 *
 * Return: true if @md was put back, false if it must complete.
 */
static bool loomnet_md_requeue_locked(struct loomnet_conn *conn,
				      struct loomnet_md *md)
{
	struct loomnet_pn *pn = conn->pn;

	lockdep_assert_held(&pn->md_lock);
	if (pn->md_dead || READ_ONCE(pn->shutdown))
		return false;
	if ((md->lmd_flags & LMD_RX) && conn->rx_md == md) {
		conn->rx_md = NULL;
		iov_iter_discard(&conn->rx_iter, ITER_DEST,
				 iov_iter_count(&conn->rx_iter));
	}
	if (md->lmd_flags & LMD_TX)
		loomnet_conn_tx_forget(conn, md);
	if (md->lmd_flags & LMD_OP)
		list_del_init(&md->lmd_list);
	md->lmd_conn = NULL;
	if (md->lmd_flags & (LMD_OP | LMD_GET)) {
		md->lmd_flags = (md->lmd_flags & LMD_GET) | LMD_RESEND;
		list_add_tail(&md->lmd_list, &pn->resend);
	} else {
		md->lmd_flags = (md->lmd_flags & ~LMD_STATES) | LMD_ATTACHED;
		list_add(&md->lmd_list, &pn->mds[md->lmd_portal]);
	}
	return true;
}

/**
 * loomnet_put() - send an MD's data into a remote MD
 * @net: network namespace
 * @dst: the peer
 * @portal: the remote MD's portal
 * @match: its match bits
 * @md: the local MD; its pages are sent without copy where possible
 *
 * @md->complete() runs exactly once: status 0 and the length the peer
 * accepted once it acknowledged the data (the pages may be reused then),
 * or -ENOENT (no such remote MD), -EMSGSIZE (remote MD too small),
 * -ECONNRESET (no path to the peer for resend_timeout_ms; until then the
 * operation is sent again on another path or connection), -ECANCELED
 * (loomnet_md_unlink()).
 *
 * Return: 0 if started; otherwise a negative errno as for loomnet_send(),
 * and @md->complete() is not called.
 */
int loomnet_put(struct net *net, const struct loomnet_nid *dst, u32 portal,
		u64 match, struct loomnet_md *md)
{
	return loomnet_md_op(net, dst, portal, match, md, false);
}
EXPORT_SYMBOL_GPL(loomnet_put);

/**
 * loomnet_get() - fetch a remote MD's data into an MD
 * @net: network namespace
 * @dst: the peer
 * @portal: the remote MD's portal
 * @match: its match bits
 * @md: the local MD, receiving the data
 *
 * @md->complete() runs exactly once: status 0 and the bytes received, or
 * a negative errno as for loomnet_put() (-EMSGSIZE if the remote MD is
 * larger than @md).
 *
 * Return: 0 if started; otherwise a negative errno as for loomnet_send(),
 * and @md->complete() is not called.
 */
int loomnet_get(struct net *net, const struct loomnet_nid *dst, u32 portal,
		u64 match, struct loomnet_md *md)
{
	return loomnet_md_op(net, dst, portal, match, md, true);
}
EXPORT_SYMBOL_GPL(loomnet_get);

/* An MD for a PUT or GET arriving on @conn: from any rail of the node. */
static struct loomnet_md *loomnet_md_match_locked(struct loomnet_conn *conn,
						  u32 portal, u64 match)
{
	struct loomnet_pn *pn = conn->pn;
	struct loomnet_md *md, *found = NULL;

	spin_lock(&pn->lock);
	list_for_each_entry(md, &pn->mds[portal], lmd_list)
		if (md->lmd_match == match &&
		    ((md->lmd_flags & LMD_ANYPEER) ||
		     loomnet_peer_is_locked(conn->peer, &md->lmd_peer))) {
			found = md;
			break;
		}
	spin_unlock(&pn->lock);
	return found;
}

/* The primary NID of the node at the other end of @conn. */
static void loomnet_conn_node(struct loomnet_conn *conn,
			      struct loomnet_nid *node)
{
	spin_lock(&conn->pn->lock);
	*node = conn->peer->node;
	spin_unlock(&conn->pn->lock);
}

/**
 * loomnet_done_add_locked() - remember a peer's PUT or GET completed here
 * @pn: the namespace; pn->md_lock held
 * @node: the initiator's node
 * @cookie: its operation
 * @type: %LOOMNET_T_PUT or %LOOMNET_T_GET
 * @status: the status acknowledged
 * @mlength: the length acknowledged
 *
 * A resend of the operation (its answer lost with a connection) is then
 * answered from here instead of consuming another MD.
 */
void loomnet_done_add_locked(struct loomnet_pn *pn,
			     const struct loomnet_nid *node, u64 cookie,
			     u8 type, int status, u32 mlength)
{
	struct loomnet_done *d = &pn->done[pn->done_next++ %
					   LOOMNET_DONE_RING];

	d->node = *node;
	d->cookie = cookie;
	d->type = type;
	d->status = status;
	d->mlength = mlength;
}

static struct loomnet_done *loomnet_done_find_locked(struct loomnet_pn *pn,
						     const struct loomnet_nid *node,
						     u64 cookie, u8 type)
{
	unsigned int i;

	for (i = 0; i < LOOMNET_DONE_RING; i++)
		if (pn->done[i].cookie == cookie && pn->done[i].type == type &&
		    loomnet_nid_equal(&pn->done[i].node, node))
			return &pn->done[i];
	return NULL;
}

/*
 * A resent operation whose target MD is still busy with the first attempt
 * on another, stale connection of the same node: that connection is
 * returned, counted, to be failed (which attaches the MD again).
 * pn->md_lock held.
 */
static struct loomnet_conn *loomnet_stale_find_locked(struct loomnet_conn *conn,
						      const struct loomnet_nid *node,
						      u64 cookie)
{
	struct loomnet_pn *pn = conn->pn;
	struct loomnet_conn *c, *found = NULL;
	struct loomnet_tx *tx;
	struct loomnet_md *md;

	spin_lock(&pn->lock);
	list_for_each_entry(c, &pn->conns, list) {
		if (c == conn || !c->peer ||
		    !loomnet_nid_equal(&c->peer->node, node))
			continue;
		md = c->rx_md;
		if (md && md->lmd_cookie == cookie &&
		    loomnet_nid_equal(&md->lmd_node, node))
			found = c;
		spin_lock(&c->lock);
		if (c->tx_cur && c->tx_cur->md && c->tx_cur->md_complete &&
		    c->tx_cur->md->lmd_cookie == cookie)
			found = c;
		list_for_each_entry(tx, &c->txq, list)
			if (tx->md && tx->md_complete &&
			    tx->md->lmd_cookie == cookie &&
			    loomnet_nid_equal(&tx->md->lmd_node, node))
				found = c;
		spin_unlock(&c->lock);
		if (found) {
			kref_get(&found->ref);
			break;
		}
	}
	spin_unlock(&pn->lock);
	return found;
}

static struct loomnet_md *loomnet_op_find_locked(struct loomnet_conn *conn,
						 u64 cookie, bool get)
{
	struct loomnet_md *md;

	list_for_each_entry(md, &conn->ops, lmd_list)
		if (md->lmd_cookie == cookie &&
		    !!(md->lmd_flags & LMD_GET) == get)
			return md;
	return NULL;
}

static void loomnet_count_drop(struct loomnet_conn *conn)
{
	atomic64_inc(&conn->ni->stats.drops);
	if (conn->peer)
		atomic64_inc(&conn->peer->stats.drops);
}

/* Queue a control frame answering the current one. */
static void loomnet_rx_answer(struct loomnet_conn *conn, u8 type, int status,
			      u32 mlength)
{
	struct loomnet_tx *tx;

	tx = loomnet_tx_alloc(type, 0, GFP_NOFS);
	if (!tx) {
		/* The peer's operation will time out. */
		loomnet_count_drop(conn);
		return;
	}
	tx->hdr.cookie = cpu_to_le64(conn->rx_cookie);
	tx->hdr.status = cpu_to_le32(-status);
	tx->hdr.mlength = cpu_to_le32(mlength);
	if (loomnet_conn_queue(conn, tx, false))
		kfree(tx);
}

/* Run a completion from the receive path, without rx_mutex. */
static void loomnet_rx_finish(struct loomnet_conn *conn,
			      struct loomnet_completing *c, int status,
			      u32 mlength)
{
	mutex_unlock(&conn->rx_mutex);
	loomnet_md_finish(conn->pn, c, status, mlength);
	mutex_lock(&conn->rx_mutex);
}

static int loomnet_rx_msg_start(struct loomnet_conn *conn, u32 portal,
				u64 match, u32 len)
{
	struct loomnet_msg *msg;

	msg = kmalloc(sizeof(*msg) + len, GFP_NOFS);
	if (!msg) {
		/*
		 * Not credited, so not lost: the sender sends it again on
		 * the next connection.
		 */
		loomnet_count_drop(conn);
		return -ENOMEM;
	}
	msg->net = conn->pn->net;
	/* The node's primary NID, whichever rail it came on. */
	loomnet_conn_node(conn, &msg->src);
	msg->dst = conn->ni->nid;
	msg->portal = portal;
	msg->match = match;
	msg->len = len;
	msg->data = msg + 1;
	loomnet_conn_rx_msg(conn, msg);
	return 0;
}

/**
 * loomnet_rx_deliver() - hand a fully received message to its portal
 * @conn: the connection; rx_mutex held, dropped around the handler
 */
void loomnet_rx_deliver(struct loomnet_conn *conn)
{
	struct loomnet_pn *pn = conn->pn;
	struct loomnet_msg *msg = conn->rx_msg;
	struct loomnet_portal *p = &pn->portals[msg->portal];
	loomnet_handler_t handler;
	bool dup = false;
	int idx;

	conn->rx_msg = NULL;
	loomnet_conn_expect_hdr(conn);
	if (conn->msg_once) {
		/* Delivered already, on this or another rail: drop it. */
		spin_lock(&pn->seen_lock);
		if (pn->seen.size)
			dup = loomnet_seen_test_add(&pn->seen, &msg->src,
						    conn->rx_cookie);
		spin_unlock(&pn->seen_lock);
	}
	/* Credits for a message mean it arrived whole (exactly once). */
	loomnet_conn_credit(conn);
	if (dup) {
		atomic64_inc(&conn->ni->stats.dups);
		atomic64_inc(&conn->peer->stats.dups);
		kfree(msg);
		return;
	}
	idx = srcu_read_lock(&pn->srcu);
	/* Pairs with loomnet_portal_register(). */
	handler = smp_load_acquire(&p->handler);
	if (handler) {
		void *priv = READ_ONCE(p->priv);

		mutex_unlock(&conn->rx_mutex);
		handler(msg, priv);
		mutex_lock(&conn->rx_mutex);
	} else {
		loomnet_count_drop(conn);
		kfree(msg);
	}
	srcu_read_unlock(&pn->srcu, idx);
}

static int loomnet_rx_put(struct loomnet_conn *conn,
			  const struct loomnet_frame *f)
{
	struct loomnet_pn *pn = conn->pn;
	struct loomnet_conn *stale = NULL;
	struct loomnet_completing c;
	struct loomnet_md *md = NULL;
	struct loomnet_done *done;
	struct loomnet_nid node;
	bool toobig = false;
	u32 len = f->len;

	loomnet_conn_node(conn, &node);
	conn->rx_status = 0;
	conn->rx_ack_len = len;
	spin_lock(&pn->md_lock);
	done = NULL;
	if (f->flags & LOOMNET_F_RESEND) {
		/* Landed already, the ACK lost: acknowledge again. */
		done = loomnet_done_find_locked(pn, &node, f->cookie,
						LOOMNET_T_PUT);
		if (done) {
			conn->rx_status = done->status;
			conn->rx_ack_len = done->mlength;
		}
	}
	if (!done)
		md = loomnet_md_match_locked(conn, f->portal, f->match);
	if (md && len > md->length) {
		loomnet_md_claim_locked(pn, md, &c);
		loomnet_done_add_locked(pn, &node, f->cookie, LOOMNET_T_PUT,
					-EMSGSIZE, 0);
		toobig = true;
	} else if (md) {
		list_del_init(&md->lmd_list);
		md->lmd_flags = (md->lmd_flags & ~LMD_STATES) | LMD_RX;
		md->lmd_conn = conn;
		md->lmd_cookie = f->cookie;
		md->lmd_node = node;
		conn->rx_md = md;
	} else if (!done && (f->flags & LOOMNET_F_RESEND)) {
		stale = loomnet_stale_find_locked(conn, &node, f->cookie);
	}
	spin_unlock(&pn->md_lock);

	if (md && !toobig) {
		loomnet_conn_rx_bulk(conn, md, len);
		return 0;
	}
	if (stale) {
		/* Busy on a dead path: the sender retries once it is closed. */
		loomnet_conn_fail(stale, -ECONNRESET);
		loomnet_conn_put(stale);
		conn->rx_status = -EAGAIN;
	} else if (toobig) {
		conn->rx_status = -EMSGSIZE;
	} else if (!done) {
		conn->rx_status = -ENOENT;
		loomnet_count_drop(conn);
	}
	loomnet_conn_rx_drain(conn, len);
	if (toobig)
		loomnet_rx_finish(conn, &c, -EMSGSIZE, 0);
	return 0;
}

/**
 * loomnet_rx_bulk_done() - end of the data of a PUT or a REPLY
 * @conn: the connection; rx_mutex held
 */
void loomnet_rx_bulk_done(struct loomnet_conn *conn)
{
	struct loomnet_pn *pn = conn->pn;
	struct loomnet_completing c;
	struct loomnet_md *md;
	int status = conn->rx_status;
	u32 len = conn->rx_len;

	spin_lock(&pn->md_lock);
	md = conn->rx_md;
	if (md) {
		loomnet_md_claim_locked(pn, md, &c);
		status = 0;
		if (conn->rx_type == LOOMNET_T_PUT)
			loomnet_done_add_locked(pn, &md->lmd_node,
						md->lmd_cookie, LOOMNET_T_PUT,
						0, len);
	}
	spin_unlock(&pn->md_lock);
	loomnet_conn_expect_hdr(conn);
	if (conn->rx_type == LOOMNET_T_PUT)
		loomnet_rx_answer(conn, LOOMNET_T_ACK, status,
				  status ? 0 : md ? len : conn->rx_ack_len);
	if (md)
		loomnet_rx_finish(conn, &c, 0, len);
}

static int loomnet_rx_get(struct loomnet_conn *conn,
			  const struct loomnet_frame *f)
{
	struct loomnet_pn *pn = conn->pn;
	struct loomnet_conn *stale = NULL;
	struct loomnet_completing c;
	struct loomnet_md *md = NULL;
	struct loomnet_nid node;
	struct loomnet_tx *tx;
	int status = 0, ret;
	bool done = false;

	tx = loomnet_tx_alloc(LOOMNET_T_REPLY, 0, GFP_NOFS);
	if (!tx) {
		loomnet_count_drop(conn);
		return 0;
	}
	tx->hdr.cookie = cpu_to_le64(conn->rx_cookie);
	loomnet_conn_node(conn, &node);

	spin_lock(&pn->md_lock);
	if (f->flags & LOOMNET_F_RESEND)
		/* Its data was all sent and the source MD is gone. */
		done = !!loomnet_done_find_locked(pn, &node, f->cookie,
						  LOOMNET_T_GET);
	if (!done)
		md = loomnet_md_match_locked(conn, f->portal, f->match);
	if (done) {
		status = -ECONNRESET;
	} else if (md && md->length > f->mlength) {
		loomnet_md_claim_locked(pn, md, &c);
		status = -EMSGSIZE;
	} else if (md) {
		list_del_init(&md->lmd_list);
		md->lmd_flags = (md->lmd_flags & ~LMD_STATES) | LMD_TX;
		md->lmd_conn = conn;
		md->lmd_cookie = f->cookie;
		md->lmd_node = node;
		tx->md = md;
		tx->blen = md->length;
		tx->md_complete = true;
		tx->splice = loomnet_md_splice_ok(md);
		tx->hdr.len = cpu_to_le32(md->length);
	} else {
		status = -ENOENT;
		if (f->flags & LOOMNET_F_RESEND) {
			stale = loomnet_stale_find_locked(conn, &node,
							  f->cookie);
			if (stale)
				status = -EAGAIN;
		}
	}
	tx->hdr.status = cpu_to_le32(-status);
	ret = loomnet_conn_queue(conn, tx, false);
	if (ret && tx->md) {
		/* Closing: not queued, so complete it here. */
		loomnet_md_claim_locked(pn, md, &c);
		status = ret;
	}
	spin_unlock(&pn->md_lock);
	if (ret)
		kfree(tx);
	if (stale) {
		loomnet_conn_fail(stale, -ECONNRESET);
		loomnet_conn_put(stale);
	} else if (!md && !done) {
		loomnet_count_drop(conn);
	}
	loomnet_conn_expect_hdr(conn);
	if (md && status)
		loomnet_rx_finish(conn, &c, status, 0);
	return 0;
}

/* The peer asks to try an operation again later; pn->md_lock held. */
static void loomnet_op_retry_locked(struct loomnet_pn *pn,
				    struct loomnet_md *md)
{
	list_del_init(&md->lmd_list);
	md->lmd_conn = NULL;
	md->lmd_flags = (md->lmd_flags & LMD_GET) | LMD_RESEND;
	list_add_tail(&md->lmd_list, &pn->resend);
	queue_delayed_work(loomnet_wq, &pn->resend_work, LOOMNET_RETRY_DELAY);
}

static int loomnet_rx_ack(struct loomnet_conn *conn, int status, u32 mlength)
{
	struct loomnet_pn *pn = conn->pn;
	struct loomnet_completing c;
	struct loomnet_md *md;

	spin_lock(&pn->md_lock);
	md = loomnet_op_find_locked(conn, conn->rx_cookie, false);
	if (md && (md->lmd_flags & LMD_TX)) {
		/* tx_work may not have noted the end of the data yet. */
		spin_unlock(&pn->md_lock);
		mutex_lock(&conn->tx_mutex);
		mutex_unlock(&conn->tx_mutex);
		spin_lock(&pn->md_lock);
		md = loomnet_op_find_locked(conn, conn->rx_cookie, false);
	}
	if (md && ((md->lmd_flags & LMD_TX) || mlength > md->length)) {
		/* Acknowledged before it was sent, or more than it had. */
		spin_unlock(&pn->md_lock);
		return -EPROTO;
	}
	if (md && status == -EAGAIN) {
		loomnet_op_retry_locked(pn, md);
		md = NULL;
	}
	if (md)
		loomnet_md_claim_locked(pn, md, &c);
	spin_unlock(&pn->md_lock);
	loomnet_conn_expect_hdr(conn);
	if (md)
		loomnet_rx_finish(conn, &c, status, status ? 0 : mlength);
	return 0;
}

static int loomnet_rx_reply(struct loomnet_conn *conn, int status, u32 len)
{
	struct loomnet_pn *pn = conn->pn;
	struct loomnet_completing c;
	struct loomnet_md *md;

	spin_lock(&pn->md_lock);
	md = loomnet_op_find_locked(conn, conn->rx_cookie, true);
	if (md && len > md->length) {
		spin_unlock(&pn->md_lock);
		return -EPROTO;
	}
	if (md && status == -EAGAIN) {
		loomnet_op_retry_locked(pn, md);
		md = NULL;
	} else if (md && status) {
		loomnet_md_claim_locked(pn, md, &c);
	} else if (md) {
		list_del_init(&md->lmd_list);
		md->lmd_flags = (md->lmd_flags & ~LMD_STATES) | LMD_RX;
		conn->rx_md = md;
	}
	spin_unlock(&pn->md_lock);
	conn->rx_status = 0;
	if (md && !status) {
		loomnet_conn_rx_bulk(conn, md, len);
		return 0;
	}
	loomnet_conn_rx_drain(conn, len);
	if (md)
		loomnet_rx_finish(conn, &c, status, 0);
	return 0;
}

/**
 * loomnet_rx_hdr() - decode, validate and act on a received frame header
 * @conn: the connection; rx_mutex held
 *
 * Return: 0, with the next receive target set, or -EPROTO.
 */
int loomnet_rx_hdr(struct loomnet_conn *conn)
{
	struct loomnet_frame f;

	if (loomnet_wire_check_hdr(&conn->rx_buf.hdr, sizeof(conn->rx_buf.hdr),
				   &f))
		return -EPROTO;

	conn->rx_type = f.type;
	conn->rx_cookie = f.cookie;
	conn->rx_ack_len = f.len;
	/* A message is credited once it arrived whole: loomnet_rx_deliver(). */
	if (f.type != LOOMNET_T_CREDIT && f.type != LOOMNET_T_MSG)
		loomnet_conn_credit(conn);
	conn->rx_len = f.len;
	loomnet_stats_add(&conn->peer->stats, false,
			  sizeof(struct loomnet_wire_hdr) + f.len);
	loomnet_stats_add(&conn->ni->stats, false,
			  sizeof(struct loomnet_wire_hdr) + f.len);

	switch (f.type) {
	case LOOMNET_T_MSG:
		return loomnet_rx_msg_start(conn, f.portal, f.match, f.len);
	case LOOMNET_T_PUT:
		return loomnet_rx_put(conn, &f);
	case LOOMNET_T_GET:
		return loomnet_rx_get(conn, &f);
	case LOOMNET_T_ACK:
		return loomnet_rx_ack(conn, -(int)f.status, f.mlength);
	case LOOMNET_T_REPLY:
		return loomnet_rx_reply(conn, -(int)f.status, f.len);
	case LOOMNET_T_PING:
		loomnet_conn_expect_hdr(conn);
		loomnet_rx_answer(conn, LOOMNET_T_PONG, 0, 0);
		return 0;
	case LOOMNET_T_CREDIT:
		loomnet_conn_expect_hdr(conn);
		loomnet_conn_add_credits(conn, f.mlength);
		return 0;
	default:
		loomnet_conn_expect_hdr(conn);
		atomic_set(&conn->peer->health, LOOMNET_HEALTH_MAX);
		loomnet_pong(conn->pn, conn->rx_cookie);
		return 0;
	}
}

/**
 * loomnet_conn_abort_mds() - complete every MD of a dead connection
 * @conn: the connection, with no socket I/O running any more
 */
void loomnet_conn_abort_mds(struct loomnet_conn *conn)
{
	struct loomnet_pn *pn = conn->pn;
	struct loomnet_completing c;
	struct loomnet_md *md;
	bool resend = false;

	for (;;) {
		spin_lock(&pn->md_lock);
		md = conn->rx_md;
		if (!md && !list_empty(&conn->ops))
			md = list_first_entry(&conn->ops, struct loomnet_md,
					      lmd_list);
		if (!md)
			md = loomnet_conn_tx_md(conn);
		if (!md) {
			spin_unlock(&pn->md_lock);
			break;
		}
		if (loomnet_md_requeue_locked(conn, md)) {
			resend |= !!(md->lmd_flags & LMD_RESEND);
			spin_unlock(&pn->md_lock);
			continue;
		}
		loomnet_md_claim_locked(pn, md, &c);
		spin_unlock(&pn->md_lock);
		loomnet_md_finish(pn, &c, -ECONNRESET, 0);
	}
	if (resend)
		mod_delayed_work(loomnet_wq, &pn->resend_work, 0);
}

/**
 * loomnet_md_shutdown() - complete every attached MD of a dying namespace
 * @pn: the namespace, without connections any more
 */
void loomnet_md_shutdown(struct loomnet_pn *pn)
{
	struct loomnet_completing c;
	struct loomnet_ping *ping;
	struct loomnet_md *md;
	int i;

	spin_lock(&pn->lock);
	list_for_each_entry(ping, &pn->pings, list)
		complete(&ping->done);
	spin_unlock(&pn->lock);

	spin_lock(&pn->md_lock);
	pn->md_dead = true;
	while (!list_empty(&pn->resend)) {
		md = list_first_entry(&pn->resend, struct loomnet_md,
				      lmd_list);
		loomnet_md_claim_locked(pn, md, &c);
		spin_unlock(&pn->md_lock);
		loomnet_md_finish(pn, &c, -ESHUTDOWN, 0);
		spin_lock(&pn->md_lock);
	}
	for (i = 0; i < LOOMNET_NR_PORTALS; i++) {
		while (!list_empty(&pn->mds[i])) {
			md = list_first_entry(&pn->mds[i], struct loomnet_md,
					      lmd_list);
			loomnet_md_claim_locked(pn, md, &c);
			spin_unlock(&pn->md_lock);
			loomnet_md_finish(pn, &c, -ESHUTDOWN, 0);
			spin_lock(&pn->md_lock);
		}
	}
	spin_unlock(&pn->md_lock);
	wait_event(pn->wq, ({
		bool idle;

		spin_lock(&pn->md_lock);
		idle = list_empty(&pn->completing);
		spin_unlock(&pn->md_lock);
		idle;
	}));
}

/**
 * loomnet_ping() - measure the round trip time to a peer
 * @net: network namespace
 * @dst: the peer
 * @timeout_ms: how long to wait
 * @rtt_us: the round trip time
 *
 * Return: 0, -ETIMEDOUT, -EINTR, or an error of loomnet_send().
 */
int loomnet_ping(struct net *net, const struct loomnet_nid *dst,
		 unsigned int timeout_ms, u64 *rtt_us)
{
	struct loomnet_pn *pn = loomnet_pn(net);
	struct loomnet_peer *peer = NULL;
	struct loomnet_conn *conn;
	struct loomnet_ping ping;
	struct loomnet_tx *tx;
	ktime_t start;
	long left;
	int ret;

	init_completion(&ping.done);
	ping.cookie = atomic64_inc_return(&pn->next_cookie);
	tx = loomnet_tx_alloc(LOOMNET_T_PING, 0, GFP_KERNEL);
	if (!tx)
		return -ENOMEM;
	tx->hdr.cookie = cpu_to_le64(ping.cookie);
	conn = loomnet_conn_get_peer(pn, dst, &peer, true, LOOMNET_ROLE_CTRL);
	if (IS_ERR(conn)) {
		kfree(tx);
		return PTR_ERR(conn);
	}
	spin_lock(&pn->lock);
	list_add(&ping.list, &pn->pings);
	spin_unlock(&pn->lock);
	start = ktime_get();
	ret = loomnet_conn_queue(conn, tx, true);
	loomnet_conn_put(conn);
	if (ret) {
		kfree(tx);
	} else {
		unsigned long t = msecs_to_jiffies(timeout_ms);

		left = wait_for_completion_interruptible_timeout(&ping.done, t);
		if (!left)
			ret = -ETIMEDOUT;
		else if (left < 0)
			ret = -EINTR;
	}
	spin_lock(&pn->lock);
	list_del(&ping.list);
	if (!ret) {
		*rtt_us = ktime_us_delta(ktime_get(), start);
		peer->rtt_us = *rtt_us;
	}
	spin_unlock(&pn->lock);
	return ret;
}

/**
 * loomnet_pong() - a ping's answer arrived
 * @pn: the namespace
 * @cookie: the ping's cookie
 */
void loomnet_pong(struct loomnet_pn *pn, u64 cookie)
{
	struct loomnet_ping *ping;

	spin_lock(&pn->lock);
	list_for_each_entry(ping, &pn->pings, list)
		if (ping->cookie == cookie)
			complete(&ping->done);
	spin_unlock(&pn->lock);
}

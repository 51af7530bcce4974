// SPDX-License-Identifier: GPL-2.0
/*
 * Loom RPC: the client side of requests and replies over loomnet.
 *
 * Every request gets an XID, unique for this module instance, at
 * allocation.  While it waits for its reply the request sits in a per
 * network namespace hash table keyed by XID; the single handler of
 * LOOMNET_PORTAL_REPLY of the namespace validates each reply and hands it
 * to the waiting request.  Replies nobody waits for (late, duplicate,
 * forged) are dropped and counted.
 *
 * Recovery: a request that gets no reply within rpc_timeout seconds, or
 * that the target answers with -ENOTCONN (a restarted target does not know
 * the connection's handle), recovers its connection: under the
 * connection's recovery mutex, CONNECT is sent again with exponential
 * backoff until it succeeds or the target has been silent for the
 * connection's recovery limit.  A new handle bumps the connection's epoch
 * and wakes every request in flight on it, which all resend with
 * LOOM_MSG_RESENT and the new handle; the server answers resent
 * non-idempotent requests it already executed from its reply cache, which
 * persistent targets keep on disk across restarts.  A new server instance
 * id also bumps the connection's generation; a new handle (new instance,
 * or an eviction) runs the connection's reconnect callback first.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/rhashtable.h>
#include <linux/sched/signal.h>
#include <linux/wait.h>
#include <linux/kref.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include "rpc.h"
#include "ldlm.h"

static unsigned int rpc_timeout = 10;
module_param(rpc_timeout, uint, 0644);
MODULE_PARM_DESC(rpc_timeout, "Seconds to wait for a reply before resending (default 10)");

static unsigned int rpc_resends = 5;
module_param(rpc_resends, uint, 0644);
MODULE_PARM_DESC(rpc_resends, "Connections without a timeout: fail requests after rpc_timeout * (rpc_resends + 1) seconds of silence (default 5)");

/* First delay between two CONNECTs of a recovery; doubles each time. */
#define LOOM_RECOVER_BACKOFF	(HZ / 4)

/**
 * struct loom_rpc_net - RPC state of a network namespace
 * @lock: protects @reqs and the reply hand-over
 * @reqs: requests waiting for a reply, by XID
 * @dropped: replies nobody waited for
 * @bad: replies that failed validation
 */
struct loom_rpc_net {
	spinlock_t		lock;	/* reqs, reply hand-over */
	struct rhashtable	reqs;
	atomic64_t		dropped;
	atomic64_t		bad;
};

static unsigned int loom_rpc_net_id;
static atomic64_t loom_next_xid;

/**
 * struct loom_conn - a client connection to one target
 * @ref: held by the creator and by each request
 * @net: network namespace (a reference is held)
 * @nid: the target's NID
 * @type: target type
 * @index: target index
 * @fsname: filesystem name
 * @handle: from CONNECT
 * @features: negotiated features
 * @cookie: identifies this client instance to the server
 * @dead: loom_conn_destroy() was called
 * @instance: the target instance id of the last CONNECT
 * @generation: number of target instances connected to
 * @epoch: bumped when @handle changes; wakes requests to resend
 * @timeout: recovery limit in seconds, 0 for the default
 * @last_heard: jiffies of the last good reply
 * @gave_up: the last recovery ran out of time; nothing heard since
 * @recov_lock: serializes recoveries
 * @reconnect_cb: called when a reconnect gets a new handle
 * @cb_arg: for @reconnect_cb
 * @lock: protects @inflight, @dead, @handle, @epoch and @instance changes
 * @inflight: requests waiting for replies
 * @pinging: bit 0 set while a loom_conn_ping() waits for its reply
 */
struct loom_conn {
	struct kref		ref;
	struct net		*net;
	struct loomnet_nid	nid;
	u32			type;
	u32			index;
	char			fsname[LOOM_FSNAME_MAX];
	u64			handle;
	u64			features;
	u64			cookie;
	bool			dead;
	u64			instance;
	u64			generation;
	u32			epoch;
	unsigned int		timeout;
	unsigned long		last_heard;
	bool			gave_up;
	struct mutex		recov_lock;	/* one recovery at a time */
	loom_conn_reconnect_cb_t reconnect_cb;
	void			*cb_arg;
	spinlock_t		lock;	/* inflight, dead, handle, epoch */
	struct list_head	inflight;
	unsigned long		pinging;
};

/* A background ping (loom_conn_ping()). */
struct loom_ping {
	struct work_struct	work;
	struct loom_conn	*conn;
};

/* A request and its private state. */
struct loom_rq {
	struct loom_req		req;
	struct rhash_head	node;
	u64			xid;
	struct list_head	link;		/* in conn->inflight */
	struct loom_msg_hdr	*msg;		/* header + body */
	struct loomnet_msg	*reply;
	bool			replied;
	bool			hashed;
	bool			no_recover;	/* CONNECT */
	bool			once;		/* no resend either */
	long			attempt_tmo;	/* jiffies, 0: rpc_timeout */
	u32			epoch;		/* conn->epoch at the last send */
	unsigned long		start;		/* jiffies of the first send */
	unsigned long		limit;		/* recovery limit, jiffies */
	wait_queue_head_t	waitq;
	/* bulk */
	bool			has_bulk;
	bool			md_busy;
	bool			md_attached;	/* attached at least once */
	int			md_status;
	struct loomnet_md	md;
};

static const struct rhashtable_params loom_rq_params = {
	.key_len		= sizeof(u64),
	.key_offset		= offsetof(struct loom_rq, xid),
	.head_offset		= offsetof(struct loom_rq, node),
	.automatic_shrinking	= true,
};

static inline struct loom_rq *loom_rq(const struct loom_req *req)
{
	return container_of(req, struct loom_rq, req);
}

static struct loom_rpc_net *loom_rpc_net(struct net *net)
{
	return net_generic(net, loom_rpc_net_id);
}

static u32 loom_conn_portal(const struct loom_conn *conn)
{
	switch (conn->type) {
	case LOOM_TGT_MGS:
		return LOOMNET_PORTAL_MGS;
	case LOOM_TGT_MDT:
		return LOOMNET_PORTAL_MDT;
	default:
		return LOOMNET_PORTAL_OST;
	}
}

static void loom_conn_release(struct kref *ref)
{
	struct loom_conn *conn = container_of(ref, struct loom_conn, ref);

	put_net(conn->net);
	kfree(conn);
}

/* LOOMNET_PORTAL_REPLY handler: hand a valid reply to its request. */
static void loom_rpc_reply_handler(struct loomnet_msg *msg, void *priv)
{
	struct loom_rpc_net *rn = priv;
	const struct loom_msg_hdr *hdr = msg->data;
	struct loom_rq *rq;
	u64 xid;

	if (loom_wire_check_hdr(msg->data, msg->len, true) ||
	    le64_to_cpu(hdr->xid) != msg->match) {
		atomic64_inc(&rn->bad);
		goto drop;
	}
	xid = msg->match;

	spin_lock(&rn->lock);
	rq = rhashtable_lookup_fast(&rn->reqs, &xid, loom_rq_params);
	if (!rq || rq->replied ||
	    le16_to_cpu(hdr->opcode) != rq->req.opcode ||
	    !loomnet_nid_equal(&msg->src, &rq->req.conn->nid)) {
		spin_unlock(&rn->lock);
		atomic64_inc(&rn->dropped);
		goto drop;
	}
	rq->reply = msg;
	WRITE_ONCE(rq->replied, true);
	wake_up(&rq->waitq);
	spin_unlock(&rn->lock);
	return;

drop:
	pr_debug("loom: dropped reply (match %llx, %u bytes)\n",
		 msg->match, msg->len);
	loomnet_msg_free(msg);
}

/**
 * loom_req_alloc() - allocate a request
 * @conn: connection it will go over
 * @opcode: enum loom_opcode, valid for the connection's target type
 * @body_len: bytes of request body, at most %LOOMNET_MAX_MSG_SIZE minus
 *	the header
 *
 * The body (@req->req_body) is zeroed; the caller fills it in wire byte
 * order.  The request holds a reference on @conn.
 *
 * Return: the request or ERR_PTR(-EINVAL, -ENOMEM, -ESHUTDOWN).
 */
struct loom_req *loom_req_alloc(struct loom_conn *conn, u16 opcode,
				u32 body_len)
{
	struct loom_rq *rq;

	if (!loom_wire_opcode_valid(opcode, conn->type) ||
	    body_len > LOOMNET_MAX_MSG_SIZE - sizeof(struct loom_msg_hdr))
		return ERR_PTR(-EINVAL);
	if (READ_ONCE(conn->dead))
		return ERR_PTR(-ESHUTDOWN);

	rq = kzalloc_obj(*rq, GFP_NOFS);
	if (!rq)
		return ERR_PTR(-ENOMEM);
	rq->msg = kvzalloc(sizeof(*rq->msg) + body_len, GFP_NOFS);
	if (!rq->msg) {
		kfree(rq);
		return ERR_PTR(-ENOMEM);
	}
	do {
		rq->xid = atomic64_inc_return(&loom_next_xid);
	} while (!rq->xid);
	init_waitqueue_head(&rq->waitq);
	INIT_LIST_HEAD(&rq->link);
	kref_get(&conn->ref);
	rq->req.conn = conn;
	rq->req.opcode = opcode;
	rq->req.req_body = rq->msg + 1;
	rq->req.req_len = body_len;
	rq->req.rq_priv = rq;
	return &rq->req;
}

static void loom_rq_md_complete(struct loomnet_md *md, int status,
				u32 mlength)
{
	struct loom_rq *rq = md->priv;

	rq->md_status = status;
	/*
	 * Publish md_status before md_busy; pairs with loom_rq_md_idle() and
	 * the wait_event()s, which read md_busy after the wakeup.
	 */
	smp_store_release(&rq->md_busy, false);
	wake_up(&rq->waitq);
}

static bool loom_rq_md_idle(struct loom_rq *rq)
{
	/* md_status is valid once md_busy reads false */
	return !smp_load_acquire(&rq->md_busy);
}

/**
 * loom_req_set_bulk() - attach pages for the request's bulk transfer
 * @req: the request (OST READ or WRITE)
 * @bvec: the pages; owned by the caller, untouched by rpc.c after
 *	loom_req_send_wait() returned
 * @nr_bvec: entries in @bvec
 * @len: bytes, at most %LOOM_MAX_RPC_BULK
 * @to_server: true for a WRITE (the server GETs from @bvec), false for a
 *	READ (the server PUTs into @bvec)
 *
 * The caller must also store loom_req_bulk_match() in the body.
 *
 * Return: 0 or -EINVAL.
 */
int loom_req_set_bulk(struct loom_req *req, struct bio_vec *bvec,
		      unsigned int nr_bvec, u32 len, bool to_server)
{
	struct loom_rq *rq = loom_rq(req);
	bool write = req->opcode == LOOM_OPC_OST_WRITE;

	if (rq->has_bulk || !len || len > LOOM_MAX_RPC_BULK || !nr_bvec ||
	    (!write && req->opcode != LOOM_OPC_OST_READ) || to_server != write)
		return -EINVAL;
	rq->has_bulk = true;
	rq->md.bvec = bvec;
	rq->md.nr_bvec = nr_bvec;
	rq->md.length = len;
	rq->md.complete = loom_rq_md_complete;
	rq->md.priv = rq;
	return 0;
}

/**
 * loom_req_bulk_match() - match bits of the request's bulk MD
 * @req: the request
 *
 * Return: the value the caller puts (as cpu_to_le64()) in
 * loom_ost_io_req.bulk_match; it is unique per request.
 */
u64 loom_req_bulk_match(const struct loom_req *req)
{
	return loom_rq(req)->xid;
}

/*
 * Make sure loomnet is done with the MD, before the request is resent or
 * freed. md_busy reading false is not enough: loom_rq_md_complete() may
 * still be about to wake rq->waitq. loomnet_md_unlink() cancels an MD
 * still attached and, for one already completed, waits until its
 * ->complete has returned.
 */
static void loom_rq_bulk_finish(struct loom_rq *rq)
{
	if (!rq->md_attached)
		return;
	loomnet_md_unlink(&rq->md);
	/* loomnet runs ->complete exactly once, after an unlink too */
	wait_event(rq->waitq, loom_rq_md_idle(rq));
}

static void loom_rq_unhash(struct loom_rq *rq)
{
	struct loom_rpc_net *rn = loom_rpc_net(rq->req.conn->net);
	struct loom_conn *conn = rq->req.conn;

	if (!rq->hashed)
		return;
	spin_lock(&rn->lock);
	rhashtable_remove_fast(&rn->reqs, &rq->node, loom_rq_params);
	spin_unlock(&rn->lock);
	spin_lock(&conn->lock);
	list_del_init(&rq->link);
	spin_unlock(&conn->lock);
	rq->hashed = false;
}

static int loom_rq_hash(struct loom_rq *rq)
{
	struct loom_conn *conn = rq->req.conn;
	struct loom_rpc_net *rn = loom_rpc_net(conn->net);
	int ret;

	spin_lock(&conn->lock);
	if (conn->dead) {
		spin_unlock(&conn->lock);
		return -ESHUTDOWN;
	}
	list_add_tail(&rq->link, &conn->inflight);
	spin_unlock(&conn->lock);

	spin_lock(&rn->lock);
	ret = rhashtable_insert_fast(&rn->reqs, &rq->node, loom_rq_params);
	spin_unlock(&rn->lock);
	if (ret) {
		spin_lock(&conn->lock);
		list_del_init(&rq->link);
		spin_unlock(&conn->lock);
		return ret;
	}
	rq->hashed = true;
	return 0;
}

static bool loom_rq_done(struct loom_rq *rq)
{
	return READ_ONCE(rq->replied) || READ_ONCE(rq->req.conn->dead) ||
	       READ_ONCE(rq->req.conn->epoch) != rq->epoch;
}

/* The server's status in the reply a request got. */
static int loom_rq_status(const struct loom_rq *rq)
{
	const struct loom_msg_hdr *hdr = rq->reply->data;

	return (s32)le32_to_cpu(hdr->status);
}

/* Forget a reply (-ENOTCONN) so that the request can be resent. */
static void loom_rq_drop_reply(struct loom_rq *rq)
{
	struct loom_rpc_net *rn = loom_rpc_net(rq->req.conn->net);
	struct loomnet_msg *msg;

	spin_lock(&rn->lock);
	msg = rq->reply;
	rq->reply = NULL;
	WRITE_ONCE(rq->replied, false);
	spin_unlock(&rn->lock);
	loomnet_msg_free(msg);
}

/* Jiffies left before the request gives up: its target has been silent
 * for the connection's recovery limit since the request was first sent.
 */
static long loom_rq_remaining(const struct loom_rq *rq)
{
	unsigned long since = READ_ONCE(rq->req.conn->last_heard);

	if (time_before(since, rq->start))
		since = rq->start;
	return (long)(since + rq->limit - jiffies);
}

static int loom_conn_recover(struct loom_rq *rq);

/* Take the reply over: 0 or the server's status. */
static int loom_rq_take_reply(struct loom_rq *rq)
{
	const struct loom_msg_hdr *hdr = rq->reply->data;
	long left;
	int status;

	status = (s32)le32_to_cpu(hdr->status);
	rq->req.rep_body = (void *)(hdr + 1);
	rq->req.rep_len = le32_to_cpu(hdr->body_len);
	rq->req.transno = le64_to_cpu(hdr->transno);

	if (!rq->has_bulk)
		return status;
	if (status || !(le32_to_cpu(hdr->flags) & LOOM_MSG_BULK_DONE)) {
		loom_rq_bulk_finish(rq);
		return status;
	}
	/* The server moved the data: let our side of the MD finish. */
	left = wait_event_timeout(rq->waitq, loom_rq_md_idle(rq),
				  (unsigned long)rpc_timeout * HZ);
	if (!left) {
		loom_rq_bulk_finish(rq);
		return -ETIMEDOUT;
	}
	return rq->md_status ? -EIO : 0;
}

/**
 * loom_req_send_wait() - send a request and wait for its reply
 * @req: the request, body filled in
 *
 * Sends @req to its connection's target and sleeps until the reply came.
 * Without a reply within rpc_timeout seconds, or when the target does not
 * know the connection (-ENOTCONN: it restarted), the connection is
 * recovered (see the top of this file) and @req is resent with the same
 * XID, until the target has been silent for the connection's recovery
 * limit.  The reply was validated (header, XID, opcode, sender) before
 * this returns.  A fatal signal interrupts the wait.  May be called once
 * per request.
 *
 * Return: 0 with @req->rep_body and @req->rep_len set, the server's
 * negative status (@req->rep_body then holds its possibly empty body),
 * -ETIMEDOUT, -ESHUTDOWN after loom_conn_destroy(), -EINTR on a fatal
 * signal, -EIO if the bulk transfer failed, or a loomnet error.
 */
int loom_req_send_wait(struct loom_req *req)
{
	struct loom_rq *rq = loom_rq(req);
	struct loom_conn *conn = req->conn;
	long delay = LOOM_RECOVER_BACKOFF, left, tmo;
	struct loom_msg_hdr *hdr = rq->msg;
	unsigned int attempt;
	int ret, send_err = 0;

	if (rq->hashed || rq->reply)
		return -EINVAL;

	hdr->magic = cpu_to_le32(LOOM_MSG_MAGIC);
	hdr->version = cpu_to_le16(LOOM_PROTO_VERSION);
	hdr->opcode = cpu_to_le16(req->opcode);
	hdr->flags = 0;
	hdr->xid = cpu_to_le64(rq->xid);
	hdr->body_len = cpu_to_le32(req->req_len);
	hdr->target = cpu_to_le32(conn->index);

	ret = loom_rq_hash(rq);
	if (ret)
		return ret;

	rq->start = jiffies;
	if (READ_ONCE(conn->gave_up))
		rq->limit = (unsigned long)rpc_timeout * HZ;
	else if (READ_ONCE(conn->timeout))
		rq->limit = (unsigned long)READ_ONCE(conn->timeout) * HZ;
	else
		rq->limit = (unsigned long)rpc_timeout * (rpc_resends + 1) * HZ;

	for (attempt = 0; ; attempt++) {
		spin_lock(&conn->lock);
		rq->epoch = conn->epoch;
		hdr->handle = cpu_to_le64(conn->handle);
		spin_unlock(&conn->lock);

		if (rq->has_bulk && loom_rq_md_idle(rq)) {
			WRITE_ONCE(rq->md_busy, true);
			ret = loomnet_md_attach(conn->net, &conn->nid,
						LOOMNET_PORTAL_BULK, rq->xid,
						&rq->md);
			if (ret) {
				WRITE_ONCE(rq->md_busy, false);
				break;
			}
			rq->md_attached = true;
		}
		send_err = loomnet_send(conn->net, &conn->nid,
					loom_conn_portal(conn), rq->xid, hdr,
					sizeof(*hdr) + req->req_len);

		tmo = rq->attempt_tmo ?: (long)rpc_timeout * HZ;
		if (!rq->no_recover)
			tmo = clamp(loom_rq_remaining(rq), 1L, tmo);
		left = wait_event_killable_timeout(rq->waitq, loom_rq_done(rq),
						   tmo);
		if (READ_ONCE(rq->replied)) {
			if (rq->no_recover && !rq->once &&
			    loom_rq_status(rq) == -ENODEV &&
			    loom_rq_remaining(rq) > 0) {
				/*
				 * The node runs targets but not this one yet
				 * (it is starting): ask again, as if silent.
				 */
				loom_rq_drop_reply(rq);
				left = min(delay, max(loom_rq_remaining(rq), 1L));
				if (wait_event_killable_timeout(rq->waitq,
								READ_ONCE(conn->dead),
								left) < 0) {
					ret = -EINTR;
					break;
				}
				if (READ_ONCE(conn->dead)) {
					ret = -ESHUTDOWN;
					break;
				}
				delay = min_t(long, delay * 2,
					      (long)rpc_timeout * HZ);
				continue;
			}
			if (rq->no_recover) {
				/* CONNECT: loom_conn_apply() if it succeeded */
				ret = 0;
				break;
			}
			if (loom_rq_status(rq) != -ENOTCONN) {
				WRITE_ONCE(conn->last_heard, jiffies);
				WRITE_ONCE(conn->gave_up, false);
				ret = 0;
				break;
			}
			/* the target restarted: reconnect, then resend */
			loom_rq_drop_reply(rq);
			ret = loom_conn_recover(rq);
			if (ret)
				break;
		} else if (left < 0) {
			ret = -EINTR;
			break;
		} else if (READ_ONCE(conn->dead)) {
			ret = -ESHUTDOWN;
			break;
		} else if (READ_ONCE(conn->epoch) != rq->epoch) {
			/* someone else reconnected: resend at once */
		} else if (rq->no_recover) {
			if (rq->once || attempt >= rpc_resends) {
				ret = send_err ?: -ETIMEDOUT;
				break;
			}
		} else {
			ret = loom_conn_recover(rq);
			if (ret)
				break;
		}
		hdr->flags = cpu_to_le32(LOOM_MSG_RESENT);
	}

	loom_rq_unhash(rq);
	if (rq->reply)
		return loom_rq_take_reply(rq);
	loom_rq_bulk_finish(rq);
	return ret;
}

/**
 * loom_req_reply() - the reply body of a request, checked for size
 * @req: a request loom_req_send_wait() returned for
 * @min_len: bytes the caller will read
 *
 * Return: the body, or ERR_PTR(-EPROTO) if there is none or it is shorter
 * than @min_len.
 */
const void *loom_req_reply(const struct loom_req *req, u32 min_len)
{
	if (!req->rep_body || req->rep_len < min_len)
		return ERR_PTR(-EPROTO);
	return req->rep_body;
}

/**
 * loom_req_free() - free a request and its reply
 * @req: the request, or %NULL
 *
 * Waits for a still attached bulk MD to be unlinked first.
 */
void loom_req_free(struct loom_req *req)
{
	struct loom_rq *rq;

	if (IS_ERR_OR_NULL(req))
		return;
	rq = loom_rq(req);
	loom_rq_unhash(rq);
	loom_rq_bulk_finish(rq);
	if (rq->reply)
		loomnet_msg_free(rq->reply);
	kvfree(rq->msg);
	kref_put(&req->conn->ref, loom_conn_release);
	kfree(rq);
}

/**
 * loom_conn_alloc() - a connection to a target, not connected yet
 * @net: network namespace to use
 * @nid: the target's NID
 * @type: the target's type
 * @index: the target's index (0 for the MGS)
 * @fsname: filesystem name, NUL-terminated, at most %LOOM_FSNAME_MAX - 1
 *	characters
 *
 * For callers that want to be able to loom_conn_shutdown() the connection
 * while loom_conn_connect() sleeps; others use loom_conn_create().
 *
 * Return: the connection or ERR_PTR(-EINVAL, -ENOMEM).
 */
struct loom_conn *loom_conn_alloc(struct net *net,
				  const struct loomnet_nid *nid,
				  enum loom_target_type type, u32 index,
				  const char *fsname)
{
	struct loom_conn *conn;

	if (type < LOOM_TGT_MGS || type > LOOM_TGT_OST ||
	    index >= LOOM_MAX_TARGETS || !fsname)
		return ERR_PTR(-EINVAL);

	conn = kzalloc_obj(*conn, GFP_KERNEL);
	if (!conn)
		return ERR_PTR(-ENOMEM);
	if (strscpy(conn->fsname, fsname, sizeof(conn->fsname)) < 0 ||
	    loom_wire_check_fsname(conn->fsname)) {
		kfree(conn);
		return ERR_PTR(-EINVAL);
	}
	kref_init(&conn->ref);
	conn->net = get_net(net);
	conn->nid = *nid;
	conn->type = type;
	conn->index = index;
	conn->cookie = get_random_u64();
	conn->last_heard = jiffies;
	mutex_init(&conn->recov_lock);
	spin_lock_init(&conn->lock);
	INIT_LIST_HEAD(&conn->inflight);
	return conn;
}

/* A CONNECT's result, not applied to the connection yet. */
struct loom_connect_res {
	u64	features;
	u64	handle;
	u64	instance;
};

/*
 * Send one CONNECT: with @once a single attempt of at most @tmo jiffies
 * that never recovers, else the resends of any request.
 */
static int loom_conn_send_connect(struct loom_conn *conn, bool once, long tmo,
				  struct loom_connect_res *res)
{
	const struct loom_connect_rep *rep;
	struct loom_connect_req *body;
	struct loom_req *req;
	struct loom_rq *rq;
	int ret;

	req = loom_req_alloc(conn, LOOM_OPC_CONNECT, sizeof(*body));
	if (IS_ERR(req))
		return PTR_ERR(req);
	rq = loom_rq(req);
	rq->no_recover = true;
	body = req->req_body;
	body->features = cpu_to_le64(LOOM_FEAT_ALL);
	body->client_cookie = cpu_to_le64(conn->cookie);
	body->target_type = cpu_to_le32(conn->type);
	body->target_index = cpu_to_le32(conn->index);
	memcpy(body->fsname, conn->fsname, LOOM_FSNAME_MAX);

	rq->once = once;
	rq->attempt_tmo = tmo;
	ret = loom_req_send_wait(req);
	if (ret)
		goto out;
	rep = loom_req_reply(req, sizeof(*rep));
	if (IS_ERR(rep)) {
		ret = PTR_ERR(rep);
		goto out;
	}
	res->features = le64_to_cpu(rep->features);
	res->handle = le64_to_cpu(rep->handle);
	res->instance = le64_to_cpu(rep->instance);
	if (!(res->features & LOOM_FEAT_BASE) ||
	    (res->features & ~LOOM_FEAT_ALL) || !res->handle ||
	    !res->instance ||
	    le32_to_cpu(rep->target_type) != conn->type ||
	    le32_to_cpu(rep->target_index) != conn->index)
		ret = -EPROTO;
out:
	loom_req_free(req);
	return ret;
}

/*
 * Take a CONNECT's result over; a new handle bumps the epoch and wakes
 * the requests in flight so that they resend with it.
 */
static void loom_conn_apply(struct loom_conn *conn,
			    const struct loom_connect_res *res)
{
	struct loom_rq *rq;

	spin_lock(&conn->lock);
	conn->features = res->features;
	conn->instance = res->instance;
	if (conn->handle != res->handle) {
		conn->handle = res->handle;
		conn->epoch++;
		list_for_each_entry(rq, &conn->inflight, link)
			wake_up(&rq->waitq);
	}
	conn->last_heard = jiffies;
	conn->gave_up = false;
	spin_unlock(&conn->lock);
}

/**
 * loom_conn_connect() - send CONNECT on a connection
 * @conn: from loom_conn_alloc()
 *
 * The target must serve the connection's filesystem and support
 * %LOOM_FEAT_BASE; the negotiated features, the handle and the target's
 * instance are kept in @conn.  Requests recover the connection by
 * themselves after that.  A node that answers it runs no such target
 * (-ENODEV: it may be starting) is asked again, with backoff, for as long
 * as a silent one would be.  Sleeps.
 *
 * Return: 0, -EPROTO if the target speaks another protocol, or what
 * loom_req_send_wait() returned.
 */
int loom_conn_connect(struct loom_conn *conn)
{
	struct loom_connect_res res;
	int ret;

	ret = loom_conn_send_connect(conn, false, 0, &res);
	if (ret)
		return ret;
	mutex_lock(&conn->recov_lock);
	if (res.instance != READ_ONCE(conn->instance))
		WRITE_ONCE(conn->generation, conn->generation + 1);
	loom_conn_apply(conn, &res);
	mutex_unlock(&conn->recov_lock);
	return 0;
}

/* Reconnect once; called with the recovery mutex held. */
static int loom_conn_reconnect(struct loom_conn *conn, long tmo)
{
	struct loom_connect_res res;
	loom_conn_reconnect_cb_t cb;
	u64 gen;
	int ret;

	lockdep_assert_held(&conn->recov_lock);
	ret = loom_conn_send_connect(conn, true, tmo, &res);
	if (ret)
		return ret;
	gen = conn->generation;
	if (res.instance != READ_ONCE(conn->instance)) {
		WRITE_ONCE(conn->generation, ++gen);
		pr_info("loom: %s: %s%04x restarted, reconnected (generation %llu)\n",
			conn->fsname, conn->type == LOOM_TGT_MGS ? "MGS" :
			conn->type == LOOM_TGT_MDT ? "MDT" : "OST",
			conn->index, gen);
	}
	/* a new handle: the target restarted or evicted us, state is gone */
	cb = READ_ONCE(conn->reconnect_cb);
	if (cb && res.handle != READ_ONCE(conn->handle))
		cb(conn, gen, READ_ONCE(conn->cb_arg));
	loom_conn_apply(conn, &res);
	return 0;
}

/*
 * Recover @rq's connection unless it was recovered since @rq was sent:
 * reconnect with backoff until the target answers or @rq runs out of
 * time.  Return: 0 (resend @rq), -ETIMEDOUT, -ESHUTDOWN or -EINTR.
 */
static int loom_conn_recover(struct loom_rq *rq)
{
	struct loom_conn *conn = rq->req.conn;
	long delay = LOOM_RECOVER_BACKOFF, left, tmo;
	int ret;

	if (mutex_lock_killable(&conn->recov_lock))
		return -EINTR;
	for (;;) {
		if (READ_ONCE(conn->epoch) != rq->epoch) {
			ret = 0;
			break;
		}
		if (READ_ONCE(conn->dead)) {
			ret = -ESHUTDOWN;
			break;
		}
		left = loom_rq_remaining(rq);
		if (left <= 0) {
			ret = -ETIMEDOUT;
			break;
		}
		tmo = min_t(long, left, (long)rpc_timeout * HZ);
		ret = loom_conn_reconnect(conn, tmo);
		if (!ret || ret == -EINTR || ret == -ESHUTDOWN)
			break;
		left = loom_rq_remaining(rq);
		if (left <= 0) {
			ret = -ETIMEDOUT;
			break;
		}
		if (wait_event_killable_timeout(rq->waitq,
						READ_ONCE(conn->dead),
						min(delay, left)) < 0) {
			ret = -EINTR;
			break;
		}
		delay = min_t(long, delay * 2, (long)rpc_timeout * HZ);
	}
	if (ret == -ETIMEDOUT) {
		WRITE_ONCE(conn->gave_up, true);
		pr_warn_ratelimited("loom: %s: %s%04x unreachable for %lus, failing requests\n",
				    conn->fsname,
				    conn->type == LOOM_TGT_MGS ? "MGS" :
				    conn->type == LOOM_TGT_MDT ? "MDT" : "OST",
				    conn->index, rq->limit / HZ);
	}
	mutex_unlock(&conn->recov_lock);
	return ret;
}

/**
 * loom_conn_create() - connect to a target
 * @net: network namespace to use
 * @nid: the target's NID
 * @type: the target's type
 * @index: the target's index (0 for the MGS)
 * @fsname: filesystem name, NUL-terminated, at most %LOOM_FSNAME_MAX - 1
 *	characters
 *
 * loom_conn_alloc() and loom_conn_connect() in one.  Sleeps.
 *
 * Return: the connection, or an ERR_PTR() with the errno of either.
 */
struct loom_conn *loom_conn_create(struct net *net,
				   const struct loomnet_nid *nid,
				   enum loom_target_type type, u32 index,
				   const char *fsname)
{
	struct loom_conn *conn;
	int ret;

	conn = loom_conn_alloc(net, nid, type, index, fsname);
	if (IS_ERR(conn))
		return conn;
	ret = loom_conn_connect(conn);
	if (ret) {
		kref_put(&conn->ref, loom_conn_release);
		return ERR_PTR(ret);
	}
	return conn;
}

/**
 * loom_conn_shutdown() - make a connection fail from now on
 * @conn: the connection
 *
 * Requests waiting on @conn return -ESHUTDOWN, new ones fail at once.
 * Does not sleep and does not free @conn: loom_conn_destroy() still must
 * be called.
 */
void loom_conn_shutdown(struct loom_conn *conn)
{
	struct loom_rq *rq;

	spin_lock(&conn->lock);
	WRITE_ONCE(conn->dead, true);
	list_for_each_entry(rq, &conn->inflight, link)
		wake_up(&rq->waitq);
	spin_unlock(&conn->lock);
}

/**
 * loom_conn_destroy() - disconnect and drop a connection
 * @conn: the connection, or %NULL
 *
 * Tells the target (without waiting for an answer) and makes requests
 * still waiting on @conn return -ESHUTDOWN.  The memory goes away with the
 * last request.
 */
void loom_conn_destroy(struct loom_conn *conn)
{
	struct loom_msg_hdr hdr = {};
	u32 portal;

	if (IS_ERR_OR_NULL(conn))
		return;

	loom_conn_shutdown(conn);

	portal = loom_conn_portal(conn);
	hdr.magic = cpu_to_le32(LOOM_MSG_MAGIC);
	hdr.version = cpu_to_le16(LOOM_PROTO_VERSION);
	hdr.opcode = cpu_to_le16(LOOM_OPC_DISCONNECT);
	hdr.xid = cpu_to_le64(atomic64_inc_return(&loom_next_xid) ?: 1);
	hdr.handle = cpu_to_le64(conn->handle);
	hdr.target = cpu_to_le32(conn->index);
	if (conn->handle)
		loomnet_send(conn->net, &conn->nid, portal,
			     le64_to_cpu(hdr.xid), &hdr, sizeof(hdr));

	kref_put(&conn->ref, loom_conn_release);
}

/**
 * loom_conn_nid() - the NID a connection goes to
 * @conn: the connection
 *
 * Return: the target's NID.
 */
const struct loomnet_nid *loom_conn_nid(const struct loom_conn *conn)
{
	return &conn->nid;
}

static void loom_conn_ping_work(struct work_struct *work)
{
	struct loom_ping *p = container_of(work, struct loom_ping, work);
	struct loom_conn *conn = p->conn;
	struct loom_req *req;

	req = loom_req_alloc(conn, LOOM_OPC_PING, 0);
	if (!IS_ERR(req)) {
		loom_req_send_wait(req);
		loom_req_free(req);
	}
	clear_bit(0, &conn->pinging);
	kref_put(&conn->ref, loom_conn_release);
	kfree(p);
}

/**
 * loom_conn_ping() - ping a target in the background
 * @conn: the connection; nothing is sent while its last ping waits
 * @wq: the workqueue the ping waits on; flushed before the module goes
 *
 * A ping tells the target this client is alive (servers evict clients
 * they do not hear of) and tells the client whether the target evicted
 * it.  Each target is pinged on its own, so that one that is down does
 * not hold the others' pings back.
 */
void loom_conn_ping(struct loom_conn *conn, struct workqueue_struct *wq)
{
	struct loom_ping *p;

	if (!conn || test_and_set_bit(0, &conn->pinging))
		return;
	p = kzalloc_obj(*p, GFP_NOFS);
	if (!p) {
		clear_bit(0, &conn->pinging);
		return;
	}
	kref_get(&conn->ref);
	p->conn = conn;
	INIT_WORK(&p->work, loom_conn_ping_work);
	queue_work(wq, &p->work);
}

/**
 * loom_conn_features() - the features a connection negotiated
 * @conn: the connection
 *
 * Return: the LOOM_FEAT_* bits both ends support, as of the last CONNECT.
 */
u64 loom_conn_features(const struct loom_conn *conn)
{
	return READ_ONCE(conn->features);
}

/**
 * loom_conn_epoch() - which handle a connection is on
 * @conn: the connection
 *
 * Return: a number bumped each time the connection comes back under a new
 * handle (its target restarted or evicted this client).  A reply that may
 * have come from a reply cache names locks of the old handle when this
 * changed while its request was in flight.
 */
u64 loom_conn_epoch(struct loom_conn *conn)
{
	u64 epoch;

	spin_lock(&conn->lock);
	epoch = conn->epoch;
	spin_unlock(&conn->lock);
	return epoch;
}

/**
 * loom_conn_generation() - which instance of its target a connection is on
 * @conn: the connection
 *
 * Return: 0 before the first CONNECT, then the number of target instances
 * (target starts, told apart by the instance id CONNECT returns) the
 * connection has been connected to.  A change means that the target
 * forgot every state it held for this client but what it committed.
 */
u64 loom_conn_generation(const struct loom_conn *conn)
{
	return READ_ONCE(conn->generation);
}

/**
 * loom_conn_set_timeout() - set a connection's recovery limit
 * @conn: the connection
 * @seconds: how long its target may stay silent (not answering, or
 *	refusing to reconnect) before requests fail with -ETIMEDOUT; 0 for
 *	the default, rpc_timeout * (rpc_resends + 1)
 */
void loom_conn_set_timeout(struct loom_conn *conn, unsigned int seconds)
{
	WRITE_ONCE(conn->timeout, seconds);
}

/**
 * loom_conn_set_reconnect_cb() - be told when a target forgets the client
 * @conn: the connection
 * @cb: called after reconnecting with a new handle, to a new instance of
 *	the target or after an eviction (see &typedef
 *	loom_conn_reconnect_cb_t), or %NULL
 * @arg: passed to @cb
 *
 * Set it right after connecting, before requests run on @conn.
 */
void loom_conn_set_reconnect_cb(struct loom_conn *conn,
				loom_conn_reconnect_cb_t cb, void *arg)
{
	mutex_lock(&conn->recov_lock);
	WRITE_ONCE(conn->cb_arg, arg);
	WRITE_ONCE(conn->reconnect_cb, cb);
	mutex_unlock(&conn->recov_lock);
}

static int __net_init loom_rpc_net_init(struct net *net)
{
	struct loom_rpc_net *rn = loom_rpc_net(net);
	int ret;

	spin_lock_init(&rn->lock);
	atomic64_set(&rn->dropped, 0);
	atomic64_set(&rn->bad, 0);
	ret = rhashtable_init(&rn->reqs, &loom_rq_params);
	if (ret)
		return ret;
	ret = loomnet_portal_register(net, LOOMNET_PORTAL_REPLY,
				      loom_rpc_reply_handler, rn);
	if (ret)
		rhashtable_destroy(&rn->reqs);
	return ret;
}

static void __net_exit loom_rpc_net_exit(struct net *net)
{
	struct loom_rpc_net *rn = loom_rpc_net(net);

	loomnet_portal_unregister(net, LOOMNET_PORTAL_REPLY);
	/* every request is freed by its sleeping owner before this */
	WARN_ON(atomic_read(&rn->reqs.nelems));
	rhashtable_destroy(&rn->reqs);
}

static struct pernet_operations loom_rpc_net_ops = {
	.init	= loom_rpc_net_init,
	.exit	= loom_rpc_net_exit,
	.id	= &loom_rpc_net_id,
	.size	= sizeof(struct loom_rpc_net),
};

/**
 * loom_rpc_init() - set up the RPC layer in every network namespace
 *
 * Return: 0 or a negative errno.
 */
int loom_rpc_init(void)
{
	atomic64_set(&loom_next_xid, (u64)get_random_u32() << 16);
	return register_pernet_subsys(&loom_rpc_net_ops);
}

/**
 * loom_rpc_exit() - tear the RPC layer down
 */
void loom_rpc_exit(void)
{
	unregister_pernet_subsys(&loom_rpc_net_ops);
}

/**
 * loom_mgs_config_enqueue() - take a PR lock on the MGS's configuration
 * @conn: a connection to the MGS
 * @cookie: the caller's non-zero name for the lock, known to its callback
 *	handler before this is called (a callback may come before the reply)
 * @handle: set to the granted lock's handle
 *
 * Clients and MDTs hold this lock while they follow the configuration;
 * a change calls it back.  Sleeps.
 *
 * Return: 0 or a negative errno.
 */
int loom_mgs_config_enqueue(struct loom_conn *conn, u64 cookie, u64 *handle)
{
	const struct loom_fid fid = {
		.seq = cpu_to_le64(LOOM_FID_SEQ_MGS),
		.oid = cpu_to_le32(LOOM_FID_OID_MGS_CONFIG),
	};
	const struct loom_lock_desc want = {
		.type = LOOM_LDLM_IBITS,
		.mode = LOOM_LCK_PR,
		.bits = LOOM_IBIT_UPDATE,
	};
	const struct loom_ldlm_enqueue_rep *rep;
	struct loom_ldlm_enqueue_req *body;
	struct loom_lock_desc granted;
	struct loom_req *req;
	int ret;

	req = loom_req_alloc(conn, LOOM_OPC_LDLM_ENQUEUE, sizeof(*body));
	if (IS_ERR_OR_NULL(req))
		return req ? PTR_ERR(req) : -ENOMEM;
	body = req->req_body;
	body->res = fid;
	body->cookie = cpu_to_le64(cookie);
	body->type = cpu_to_le32(want.type);
	body->mode = cpu_to_le32(want.mode);
	body->bits = cpu_to_le64(want.bits);
	ret = loom_req_send_wait(req);
	if (!ret) {
		rep = loom_req_reply(req, sizeof(*rep));
		if (IS_ERR_OR_NULL(rep))
			ret = rep ? PTR_ERR(rep) : -EPROTO;
		else
			ret = loom_wire_check_enqueue_rep(rep, req->rep_len,
							  &want, &granted);
		if (!ret)
			*handle = le64_to_cpu(rep->handle);
	}
	loom_req_free(req);
	return ret;
}

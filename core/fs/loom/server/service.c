// SPDX-License-Identifier: GPL-2.0
/*
 * Loom servers: targets, their connected clients and request dispatch.
 *
 * Per network namespace: the running targets, and one loomnet portal
 * handler per target type in use.  Per target: its exports (connected
 * clients, found by the handle CONNECT gave them) and an ordered or
 * concurrent workqueue serving requests.  Each export remembers its last
 * replies to non-idempotent requests, so that a resent request is answered
 * again instead of being executed twice; on a persistent target they also
 * go to the reply log (replies.c) before the reply is sent, and a client
 * reconnecting to a restarted target finds them there.  Every start of a
 * target has a random instance id that CONNECT returns, so that clients
 * know when the target forgot them.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include "../common/rpc.h"
#include "../common/disk.h"
#include "server.h"
#include "ldlm.h"

#define LOOM_REPLY_CACHE	8
#define LOOM_MAX_EXPORTS	4096

static_assert(LOOM_REPLY_CACHE == LOOM_DISK_REPLY_SLOT);

static unsigned int fail_drop_replies;
module_param(fail_drop_replies, uint, 0644);
MODULE_PARM_DESC(fail_drop_replies, "Testing: lose the next N replies to non-idempotent requests, after executing and logging them");

static unsigned int recovery_window = 30;
module_param(recovery_window, uint, 0644);
MODULE_PARM_DESC(recovery_window,
		 "Seconds a restarted MDT waits at most for the clients of its last instance to replay their open and advisory locks, 0 for no wait (default 30)");

/**
 * struct loom_srv_net - servers of a network namespace
 * @lock: serializes start and stop
 * @tlock: protects @targets for the portal handlers
 * @targets: running targets
 * @users: running targets; with any, the MGS, MDT and OST portals are
 *	registered so that a request for a target not running here gets
 *	-ENODEV (it may be starting), not silence
 */
struct loom_srv_net {
	struct mutex		lock;	/* start, stop */
	spinlock_t		tlock;	/* targets */
	struct list_head	targets;
	unsigned int		users;
};

static void loom_srv_handler(struct loomnet_msg *msg, void *priv);

static const u32 loom_srv_portals[] = {
	LOOMNET_PORTAL_MGS, LOOMNET_PORTAL_MDT, LOOMNET_PORTAL_OST,
};

static void loom_srv_portals_unregister(struct net *net, unsigned int nr)
{
	while (nr--)
		loomnet_portal_unregister(net, loom_srv_portals[nr]);
}

static int loom_srv_portals_register(struct net *net, struct loom_srv_net *sn)
{
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(loom_srv_portals); i++) {
		ret = loomnet_portal_register(net, loom_srv_portals[i],
					      loom_srv_handler, sn);
		if (ret) {
			loom_srv_portals_unregister(net, i);
			return ret;
		}
	}
	return 0;
}

struct loom_cached_reply {
	u64			xid;
	void			*buf;
	u32			len;
};

/* A connected client of a target. */
struct loom_export {
	struct list_head	list;
	struct kref		ref;
	u64			handle;
	u64			cookie;
	u64			features;
	struct loomnet_nid	nid;
	struct mutex		cache_lock;	/* cache, cache_next */
	struct loom_cached_reply cache[LOOM_REPLY_CACHE];
	unsigned int		cache_next;
	int			rslot;		/* in the reply log, or -1 */
	unsigned long		last_heard;	/* jiffies of its last request */
	bool			recov_known;	/* a client of the last instance */
	bool			recov_done;	/* it replayed its locks */
};

static unsigned int loom_srv_net_id;

/* Registration with the MGS: sleeps in RPCs, so not on a system queue. */
struct workqueue_struct *loom_reg_wq;

/* Lock cancels: never behind the enqueues that wait for them. */
static struct workqueue_struct *loom_cancel_wq;

static struct loom_srv_net *loom_srv_net(struct net *net)
{
	return net_generic(net, loom_srv_net_id);
}

static const struct loom_target_ops *loom_type_ops(u32 type)
{
	switch (type) {
	case LOOM_TGT_MGS:
		return &loom_mgs_ops;
	case LOOM_TGT_MDT:
		return &loom_mdt_ops;
	case LOOM_TGT_OST:
		return &loom_ost_ops;
	default:
		return NULL;
	}
}

static u32 loom_portal_type(u32 portal)
{
	switch (portal) {
	case LOOMNET_PORTAL_MGS:
		return LOOM_TGT_MGS;
	case LOOMNET_PORTAL_MDT:
		return LOOM_TGT_MDT;
	case LOOMNET_PORTAL_OST:
		return LOOM_TGT_OST;
	default:
		return 0;
	}
}

static void loom_export_release(struct kref *ref)
{
	struct loom_export *exp = container_of(ref, struct loom_export, ref);
	unsigned int i;

	for (i = 0; i < LOOM_REPLY_CACHE; i++)
		kvfree(exp->cache[i].buf);
	kfree(exp);
}

static void loom_export_put(struct loom_export *exp)
{
	if (exp)
		kref_put(&exp->ref, loom_export_release);
}

static struct loom_export *loom_export_get(struct loom_target *tgt, u64 handle,
					   const struct loomnet_nid *nid)
{
	struct loom_export *exp;

	if (!handle)
		return NULL;
	spin_lock(&tgt->exp_lock);
	list_for_each_entry(exp, &tgt->exports, list) {
		if (exp->handle == handle && loomnet_nid_equal(&exp->nid, nid)) {
			kref_get(&exp->ref);
			WRITE_ONCE(exp->last_heard, jiffies);
			spin_unlock(&tgt->exp_lock);
			return exp;
		}
	}
	spin_unlock(&tgt->exp_lock);
	return NULL;
}

/**
 * loom_srv_reply() - allocate the body of a request's reply
 * @sr: the request
 * @len: body length, at most %LOOMNET_MAX_MSG_SIZE minus the header
 *
 * A second call replaces the first body.
 *
 * Return: the zeroed body, or %NULL (out of memory, or @len too large).
 */
void *loom_srv_reply(struct loom_srv_req *sr, u32 len)
{
	if (len > LOOMNET_MAX_MSG_SIZE - sizeof(struct loom_msg_hdr))
		return NULL;
	kvfree(sr->rep);
	sr->rep = kvzalloc(sizeof(*sr->rep) + len, GFP_NOFS);
	if (!sr->rep) {
		sr->rep_len = 0;
		return NULL;
	}
	sr->rep_len = len;
	return sr->rep + 1;
}

/* An export of the same client instance exists: @exp is not needed. */
static struct loom_export *loom_srv_reconnect(struct loom_target *tgt,
					      struct loom_export *exp,
					      u64 features)
{
	struct loom_export *old;

	spin_lock(&tgt->exp_lock);
	list_for_each_entry(old, &tgt->exports, list) {
		if (old->cookie == exp->cookie &&
		    loomnet_nid_equal(&old->nid, &exp->nid)) {
			old->features = features;
			spin_unlock(&tgt->exp_lock);
			return old;
		}
	}
	spin_unlock(&tgt->exp_lock);
	return NULL;
}

struct loom_srv_fill {
	struct loom_target	*tgt;
	struct loom_export	*exp;
	u64			newest;
};

/* A record of the reply log back into the export's reply cache. */
static void loom_srv_fill_cache(void *arg, unsigned int i,
				const struct loom_disk_reply_info *ri)
{
	struct loom_srv_fill *f = arg;
	struct loom_cached_reply *c = &f->exp->cache[i];
	struct loom_msg_hdr *rep;

	/* the mark of a new slot (replies.c), no reply */
	if (ri->opcode == LOOM_OPC_CONNECT)
		return;
	rep = kvzalloc(sizeof(*rep) + ri->body_len, GFP_KERNEL);
	if (!rep)
		return;
	rep->magic = cpu_to_le32(LOOM_MSG_MAGIC);
	rep->version = cpu_to_le16(LOOM_PROTO_VERSION);
	rep->opcode = cpu_to_le16(ri->opcode);
	rep->flags = cpu_to_le32(ri->flags);
	rep->status = cpu_to_le32((u32)ri->status);
	rep->xid = cpu_to_le64(ri->xid);
	rep->transno = cpu_to_le64(ri->transno);
	rep->body_len = cpu_to_le32(ri->body_len);
	rep->target = cpu_to_le32(f->tgt->index);
	memcpy(rep + 1, ri->body, ri->body_len);
	kvfree(c->buf);
	c->xid = ri->xid;
	c->buf = rep;
	c->len = sizeof(*rep) + ri->body_len;
	if (ri->xid > f->newest) {
		f->newest = ri->xid;
		f->exp->cache_next = (i + 1) % LOOM_REPLY_CACHE;
	}
}

static void loom_srv_attach_replies(struct loom_target *tgt,
				    struct loom_export *exp)
{
	struct loom_srv_fill f = { .tgt = tgt, .exp = exp };
	bool known;
	int slot;

	if (!tgt->replies)
		return;
	slot = loom_replies_attach(tgt->replies, exp->cookie,
				   loom_srv_fill_cache, &f, &known);
	if (slot >= 0) {
		exp->rslot = slot;
		exp->recov_known = known;
	} else if (slot != -EBUSY) {
		pr_warn_ratelimited("loom: %s %s%04x: no reply log slot for a client: %d\n",
				    tgt->fsname, tgt->ops->name, tgt->index,
				    slot);
	}
}

/* Free an export that never was on the list. */
static void loom_srv_export_drop(struct loom_target *tgt,
				 struct loom_export *exp)
{
	if (exp->rslot >= 0)
		loom_replies_detach(tgt->replies, exp->rslot, false);
	loom_export_put(exp);
}

static int loom_srv_connect(struct loom_srv_req *sr)
{
	const struct loom_connect_req *body = sr->body;
	struct loom_target *tgt = sr->tgt;
	struct loom_connect_rep *rep;
	struct loom_export *exp, *old;
	u64 features;

	if (sr->body_len != sizeof(*body))
		return -EPROTO;
	if (loom_wire_check_fsname(body->fsname))
		return -EINVAL;
	if (strncmp(body->fsname, tgt->fsname, LOOM_FSNAME_MAX) ||
	    le32_to_cpu(body->target_type) != tgt->type ||
	    le32_to_cpu(body->target_index) != tgt->index)
		return -ENXIO;
	features = le64_to_cpu(body->features) & LOOM_FEAT_ALL;
	if (!(features & LOOM_FEAT_BASE))
		return -EPROTO;

	exp = kzalloc_obj(*exp, GFP_KERNEL);
	if (!exp)
		return -ENOMEM;
	kref_init(&exp->ref);
	mutex_init(&exp->cache_lock);
	exp->cookie = le64_to_cpu(body->client_cookie);
	exp->features = features;
	exp->nid = sr->msg->src;
	exp->rslot = -1;
	exp->last_heard = jiffies;
	do {
		exp->handle = get_random_u64();
	} while (!exp->handle);

	/* a reconnecting client instance gets its export back */
	old = loom_srv_reconnect(tgt, exp, features);
	if (old) {
		kfree(exp);
		exp = old;
		WRITE_ONCE(exp->last_heard, jiffies);
		goto reply;
	}
	/* a client new to this instance: its replies from the last one */
	loom_srv_attach_replies(tgt, exp);

	spin_lock(&tgt->exp_lock);
	list_for_each_entry(old, &tgt->exports, list) {
		if (old->cookie == exp->cookie &&
		    loomnet_nid_equal(&old->nid, &exp->nid)) {
			old->features = features;
			spin_unlock(&tgt->exp_lock);
			loom_srv_export_drop(tgt, exp);
			exp = old;
			goto reply;
		}
	}
	if (tgt->nr_exports >= LOOM_MAX_EXPORTS) {
		spin_unlock(&tgt->exp_lock);
		loom_srv_export_drop(tgt, exp);
		return -EUSERS;
	}
	list_add_tail(&exp->list, &tgt->exports);
	tgt->nr_exports++;
	spin_unlock(&tgt->exp_lock);

reply:
	rep = loom_srv_reply(sr, sizeof(*rep));
	if (!rep)
		return -ENOMEM;
	rep->features = cpu_to_le64(features);
	rep->handle = cpu_to_le64(exp->handle);
	rep->target_type = cpu_to_le32(tgt->type);
	rep->target_index = cpu_to_le32(tgt->index);
	rep->instance = cpu_to_le64(tgt->instance);
	return 0;
}

/*
 * Drop a client's export.  @forget: a clean DISCONNECT, after which that
 * client instance resends nothing, so its reply log slot goes too; an
 * evicted client keeps it for its resends after it reconnects.
 */
static void loom_srv_disconnect(struct loom_target *tgt,
				struct loom_export *exp, bool forget)
{
	bool found = false;

	spin_lock(&tgt->exp_lock);
	if (!list_empty(&exp->list)) {
		list_del_init(&exp->list);
		tgt->nr_exports--;
		found = true;
	}
	spin_unlock(&tgt->exp_lock);
	if (!found)
		return;
	if (tgt->ldlm)
		loom_ldlm_drop_owner(tgt->ldlm, exp);
	loom_flock_drop_export(tgt->flock, exp);
	if (exp->rslot >= 0)
		loom_replies_detach(tgt->replies, exp->rslot, forget);
	loom_export_put(exp);
}

/**
 * loom_srv_evict() - disconnect a client that does not answer callbacks
 * @tgt: the target
 * @exp: the client's export (struct loom_ldlm_owner.exp)
 *
 * Its locks are dropped; its next request gets -ENOTCONN and it has to
 * connect again, with its caches of this target gone.
 */
void loom_srv_evict(struct loom_target *tgt, void *exp)
{
	struct loom_export *e = exp, *it;
	bool found = false;

	spin_lock(&tgt->exp_lock);
	list_for_each_entry(it, &tgt->exports, list)
		if (it == e) {
			kref_get(&e->ref);
			found = true;
			break;
		}
	spin_unlock(&tgt->exp_lock);
	if (!found)
		return;
	pr_warn_ratelimited("loom: %s %s%04x: evicting a client that did not cancel its locks in time\n",
			    tgt->fsname, tgt->ops->name, tgt->index);
	loom_srv_disconnect(tgt, e, false);
	loom_export_put(e);
}

/*
 * Clients ping their MDTs and OSTs every ping_interval seconds: one not
 * heard of for export_timeout seconds is gone (its node died, or it was
 * cut off), and its locks, open ones too, must not outlive it.
 */
static unsigned int export_timeout = 90;
module_param(export_timeout, uint, 0644);
MODULE_PARM_DESC(export_timeout,
		 "Seconds an MDT or OST waits without a request from a client before it evicts it, 0 for never (default 90)");

/* At most an hour: a window never keeps an MDT from serving for long. */
static unsigned int loom_recovery_window(void)
{
	return min(READ_ONCE(recovery_window), 3600U);
}

static unsigned long loom_idle_period(void)
{
	return max(READ_ONCE(export_timeout) / 4, 1U) * HZ;
}

static void loom_target_idle_work(struct work_struct *work)
{
	struct loom_target *tgt = container_of(to_delayed_work(work),
					       struct loom_target, idle_work);
	unsigned int timeout = READ_ONCE(export_timeout);
	struct loom_export *exp, *found;
	char nid[LOOMNET_NIDSTR_SIZE];

	while (timeout) {
		found = NULL;
		spin_lock(&tgt->exp_lock);
		list_for_each_entry(exp, &tgt->exports, list)
			if (time_after(jiffies, READ_ONCE(exp->last_heard) +
					       (unsigned long)timeout * HZ)) {
				kref_get(&exp->ref);
				found = exp;
				break;
			}
		spin_unlock(&tgt->exp_lock);
		if (!found)
			break;
		if (loomnet_nid_format(&found->nid, nid, sizeof(nid)) < 0)
			strscpy(nid, "?", sizeof(nid));
		pr_warn("loom: %s %s%04x: evicting client %s: nothing heard for %u s\n",
			tgt->fsname, tgt->ops->name, tgt->index, nid, timeout);
		loom_srv_disconnect(tgt, found, false);
		loom_export_put(found);
	}
	spin_lock(&tgt->mgs_spin);
	if (!tgt->stopping)
		queue_delayed_work(loom_reg_wq, &tgt->idle_work,
				   loom_idle_period());
	spin_unlock(&tgt->mgs_spin);
}

/**
 * loom_srv_owner() - the lock owner a request speaks for
 * @sr: a request of a connected client
 * @owner: filled in
 */
void loom_srv_owner(const struct loom_srv_req *sr,
		    struct loom_ldlm_owner *owner)
{
	owner->exp = sr->exp_cookie;
	owner->nid = sr->msg->src;
	owner->conn_handle = le64_to_cpu(sr->hdr->handle);
}

/**
 * loom_srv_features() - the features a request's client negotiated
 * @sr: a request of a connected client
 *
 * Return: the LOOM_FEAT_* bits of its export.
 */
u64 loom_srv_features(const struct loom_srv_req *sr)
{
	const struct loom_export *exp = sr->exp_cookie;

	return exp ? READ_ONCE(exp->features) : 0;
}

/**
 * loom_srv_recovering() - whether an MDT is in its recovery window
 * @tgt: the target
 *
 * After a restart, until the clients of the last instance have replayed
 * their open and advisory locks or recovery_window seconds have passed,
 * the MDT keeps open-unlinked files and refuses new advisory locks.
 *
 * Return: true while the window is open.
 */
bool loom_srv_recovering(const struct loom_target *tgt)
{
	return READ_ONCE(tgt->recovering);
}

/* Close the recovery window: at its end, or once every client is back. */
static void loom_srv_recovery_work(struct work_struct *work)
{
	struct loom_target *tgt = container_of(to_delayed_work(work),
					       struct loom_target, recov_work);
	u32 known, done;
	bool was;

	spin_lock(&tgt->exp_lock);
	was = tgt->recovering;
	WRITE_ONCE(tgt->recovering, false);
	known = tgt->recov_known;
	done = tgt->recov_done;
	spin_unlock(&tgt->exp_lock);
	if (!was)
		return;
	pr_info("loom: %s %s%04x: recovery ended, %u of %u clients replayed their locks\n",
		tgt->fsname, tgt->ops->name, tgt->index, done, known);
	if (tgt->type == LOOM_TGT_MDT)
		loom_mdt_recovery_end(tgt);
}

/* MDT_REPLAY_DONE: a client replayed what it held before the restart. */
static int loom_srv_replay_done(struct loom_srv_req *sr,
				struct loom_export *exp)
{
	struct loom_target *tgt = sr->tgt;
	bool all = false;

	if (sr->body_len)
		return -EPROTO;
	if (!(exp->features & LOOM_FEAT_REPLAY))
		return -EPROTO;
	spin_lock(&tgt->exp_lock);
	if (tgt->recovering && exp->recov_known && !exp->recov_done) {
		exp->recov_done = true;
		tgt->recov_done++;
		all = tgt->recov_done >= tgt->recov_known;
	}
	spin_unlock(&tgt->exp_lock);
	if (all) {
		spin_lock(&tgt->mgs_spin);
		if (!tgt->stopping)
			mod_delayed_work(loom_reg_wq, &tgt->recov_work, 0);
		spin_unlock(&tgt->mgs_spin);
	}
	return 0;
}

static int loom_srv_cancel(struct loom_srv_req *sr)
{
	const struct loom_ldlm_cancel_req *req = sr->body;
	u32 i;

	if (!sr->tgt->ldlm)
		return -EOPNOTSUPP;
	if (loom_wire_check_cancel(sr->body, sr->body_len))
		return -EPROTO;
	for (i = 0; i < le32_to_cpu(req->count); i++)
		loom_ldlm_cancel(sr->tgt->ldlm, sr->exp_cookie,
				 le64_to_cpu(req->handles[i]));
	return 0;
}

/* LDLM_GL_REPLY: a lock holder answers a glimpse. */
static int loom_srv_gl_reply(struct loom_srv_req *sr)
{
	const struct loom_ldlm_gl_reply *req = sr->body;
	struct timespec64 mtime;

	if (!sr->tgt->ldlm)
		return -EOPNOTSUPP;
	if (loom_wire_check_gl_reply(sr->body, sr->body_len))
		return -EPROTO;
	mtime.tv_sec = le64_to_cpu(req->lvb.mtime_sec);
	mtime.tv_nsec = le32_to_cpu(req->lvb.mtime_nsec);
	loom_ldlm_glimpse_answer(sr->tgt->ldlm, sr->exp_cookie,
				 le64_to_cpu(req->handle),
				 le32_to_cpu(req->flags) & LOOM_GL_F_KNOWN,
				 le64_to_cpu(req->lvb.size), &mtime);
	return 0;
}

/* Resend a cached reply; true if there was one. */
static bool loom_srv_replay(struct loom_srv_req *sr, struct loom_export *exp,
			    u64 xid)
{
	bool found = false;
	unsigned int i;

	mutex_lock(&exp->cache_lock);
	for (i = 0; i < LOOM_REPLY_CACHE; i++) {
		struct loom_cached_reply *c = &exp->cache[i];

		if (c->buf && c->xid == xid) {
			struct loom_msg_hdr *h = c->buf;

			/* the bulk, if any, moved the first time */
			h->flags = cpu_to_le32((le32_to_cpu(h->flags) &
						~LOOM_MSG_BULK_DONE) |
					       LOOM_MSG_RESENT);
			h->handle = sr->hdr->handle;
			loomnet_send(sr->tgt->net, &sr->msg->src,
				     LOOMNET_PORTAL_REPLY, xid, c->buf, c->len);
			found = true;
			break;
		}
	}
	mutex_unlock(&exp->cache_lock);
	return found;
}

/* Whether to lose this reply (fail_drop_replies), counting it down. */
static bool loom_srv_fail_drop(void)
{
	unsigned int n = READ_ONCE(fail_drop_replies), old;

	while (n) {
		old = cmpxchg(&fail_drop_replies, n, n - 1);
		if (old == n)
			return true;
		n = old;
	}
	return false;
}

/*
 * Send a reply to a non-idempotent request and keep it for resends: a
 * successful one goes to the reply log first, durably unless it is an OST
 * write (whose data is not durable either before an OST_SYNC).
 */
static void loom_srv_cache_send(struct loom_srv_req *sr,
				struct loom_export *exp, void *buf, u32 len)
{
	const struct loom_msg_hdr *rep = buf;
	struct loom_target *tgt = sr->tgt;
	u64 xid = le64_to_cpu(rep->xid);
	struct loom_cached_reply *c;
	int ret;

	mutex_lock(&exp->cache_lock);
	if (exp->rslot >= 0 && !rep->status) {
		ret = loom_replies_save(tgt->replies, exp->rslot,
					exp->cache_next, exp->cookie, rep,
					sr->opcode != LOOM_OPC_OST_WRITE);
		if (ret)
			pr_warn_ratelimited("loom: %s %s%04x: cannot log a reply: %d\n",
					    tgt->fsname, tgt->ops->name,
					    tgt->index, ret);
	}
	if (!loom_srv_fail_drop())
		loomnet_send(tgt->net, &sr->msg->src, LOOMNET_PORTAL_REPLY, xid,
			     buf, len);
	c = &exp->cache[exp->cache_next];
	exp->cache_next = (exp->cache_next + 1) % LOOM_REPLY_CACHE;
	kvfree(c->buf);
	c->xid = xid;
	c->buf = buf;
	c->len = len;
	mutex_unlock(&exp->cache_lock);
}

static void loom_srv_send_reply(struct loom_srv_req *sr, int status,
				struct loom_export *exp)
{
	const struct loom_msg_hdr *hdr = sr->hdr;
	struct loom_target *tgt = sr->tgt;
	struct loom_msg_hdr *rep;
	u32 len;

	if (status || !sr->rep) {
		/* errors carry no body */
		kvfree(sr->rep);
		sr->rep = kvzalloc_obj(*rep, GFP_NOFS);
		sr->rep_len = 0;
		if (!sr->rep)
			return;
	}
	rep = sr->rep;
	rep->magic = cpu_to_le32(LOOM_MSG_MAGIC);
	rep->version = cpu_to_le16(LOOM_PROTO_VERSION);
	rep->opcode = hdr->opcode;
	rep->flags = cpu_to_le32(LOOM_MSG_REPLY | sr->rep_flags |
				 (le32_to_cpu(hdr->flags) & LOOM_MSG_RESENT));
	rep->status = cpu_to_le32(status);
	rep->xid = hdr->xid;
	rep->transno = cpu_to_le64(sr->transno);
	rep->handle = hdr->handle;
	rep->body_len = cpu_to_le32(sr->rep_len);
	rep->target = cpu_to_le32(tgt->index);
	len = sizeof(*rep) + sr->rep_len;

	if (exp && tgt->ops->replay_cached &&
	    tgt->ops->replay_cached(sr->opcode)) {
		loom_srv_cache_send(sr, exp, rep, len);
		sr->rep = NULL;
		return;
	}
	loomnet_send(tgt->net, &sr->msg->src, LOOMNET_PORTAL_REPLY,
		     le64_to_cpu(hdr->xid), rep, len);
}

static void loom_srv_req_free(struct loom_srv_req *sr)
{
	kvfree(sr->rep);
	loomnet_msg_free(sr->msg);
	kfree(sr);
}

static void loom_srv_work(struct work_struct *work)
{
	struct loom_srv_req *sr = container_of(work, struct loom_srv_req, work);
	struct loom_target *tgt = sr->tgt;
	const struct loom_msg_hdr *hdr = sr->msg->data;
	struct loom_export *exp = NULL;
	u64 xid = le64_to_cpu(hdr->xid);
	int status;

	sr->hdr = hdr;
	sr->opcode = le16_to_cpu(hdr->opcode);
	sr->body = hdr + 1;
	sr->body_len = le32_to_cpu(hdr->body_len);
	atomic64_inc(&tgt->requests);

	if (!loom_wire_opcode_valid(sr->opcode, tgt->type)) {
		status = -EOPNOTSUPP;
		goto reply;
	}
	if (sr->opcode == LOOM_OPC_CONNECT) {
		status = loom_srv_connect(sr);
		goto reply;
	}
	exp = loom_export_get(tgt, le64_to_cpu(hdr->handle), &sr->msg->src);
	if (!exp) {
		status = -ENOTCONN;
		if (sr->opcode == LOOM_OPC_DISCONNECT)
			goto out;
		goto reply;
	}
	sr->exp_cookie = exp;

	switch (sr->opcode) {
	case LOOM_OPC_DISCONNECT:
		loom_srv_disconnect(tgt, exp, true);
		goto out;
	case LOOM_OPC_PING:
		status = 0;
		goto reply;
	case LOOM_OPC_LDLM_CANCEL:
		status = loom_srv_cancel(sr);
		goto reply;
	case LOOM_OPC_LDLM_GL_REPLY:
		status = loom_srv_gl_reply(sr);
		goto reply;
	case LOOM_OPC_MDT_REPLAY_DONE:
		status = loom_srv_replay_done(sr, exp);
		goto reply;
	}
	if ((le32_to_cpu(hdr->flags) & LOOM_MSG_RESENT) &&
	    tgt->ops->replay_cached && tgt->ops->replay_cached(sr->opcode) &&
	    loom_srv_replay(sr, exp, xid))
		goto out;

	status = tgt->ops->handle(sr);
	/*
	 * Refused because the target is stopping (its lock namespace is
	 * gone), nothing done: to the client the target is gone already,
	 * so it reconnects and resends to the next instance.
	 */
	if (status == -ESHUTDOWN && READ_ONCE(tgt->stopping))
		status = -ENOTCONN;
reply:
	loom_srv_send_reply(sr, status, exp);
out:
	loom_export_put(exp);
	loom_srv_req_free(sr);
}

/* Answer a request no target will serve. */
static void loom_srv_reject(struct net *net, struct loomnet_msg *msg, int err)
{
	const struct loom_msg_hdr *hdr = msg->data;
	struct loom_msg_hdr rep = {
		.magic = cpu_to_le32(LOOM_MSG_MAGIC),
		.version = cpu_to_le16(LOOM_PROTO_VERSION),
		.opcode = hdr->opcode,
		.flags = cpu_to_le32(LOOM_MSG_REPLY),
		.status = cpu_to_le32(err),
		.xid = hdr->xid,
		.handle = hdr->handle,
		.target = hdr->target,
	};

	/* a connection to a target not running here is unknown here */
	if (le16_to_cpu(hdr->opcode) != LOOM_OPC_CONNECT)
		rep.status = cpu_to_le32(-ENOTCONN);
	if (le16_to_cpu(hdr->opcode) != LOOM_OPC_DISCONNECT)
		loomnet_send(net, &msg->src, LOOMNET_PORTAL_REPLY,
			     le64_to_cpu(hdr->xid), &rep, sizeof(rep));
}

/*
 * Requests served on loom_cancel_wq, never behind enqueues: those that
 * release what enqueues wait for.
 */
static bool loom_srv_fast_opcode(u16 opcode)
{
	return opcode == LOOM_OPC_LDLM_CANCEL ||
	       opcode == LOOM_OPC_LDLM_GL_REPLY;
}

static void loom_srv_handler(struct loomnet_msg *msg, void *priv)
{
	struct loom_srv_net *sn = priv;
	u32 type = loom_portal_type(msg->portal);
	const struct loom_msg_hdr *hdr = msg->data;
	struct loom_target *tgt;
	struct loom_srv_req *sr;
	u32 index;

	if (!type || loom_wire_check_hdr(msg->data, msg->len, false)) {
		pr_debug("loom: malformed request dropped\n");
		loomnet_msg_free(msg);
		return;
	}
	index = le32_to_cpu(hdr->target);

	sr = kzalloc_obj(*sr, GFP_KERNEL);
	if (!sr) {
		loomnet_msg_free(msg);
		return;
	}
	INIT_WORK(&sr->work, loom_srv_work);
	sr->msg = msg;

	spin_lock(&sn->tlock);
	list_for_each_entry(tgt, &sn->targets, list) {
		if (tgt->type == type && tgt->index == index &&
		    !tgt->stopping) {
			sr->tgt = tgt;
			if (loom_srv_fast_opcode(le16_to_cpu(hdr->opcode)))
				queue_work(loom_cancel_wq, &sr->work);
			else
				queue_work(tgt->wq, &sr->work);
			spin_unlock(&sn->tlock);
			return;
		}
	}
	spin_unlock(&sn->tlock);

	loom_srv_reject(msg->net, msg, -ENODEV);
	kfree(sr);
	loomnet_msg_free(msg);
}

/**
 * loom_target_kick_mgs() - run the MGS registration worker now
 * @tgt: an MDT or OST
 *
 * Also used by the MDT to refresh its configuration.  Does nothing once
 * the target is stopping.
 */
void loom_target_kick_mgs(struct loom_target *tgt)
{
	spin_lock(&tgt->mgs_spin);
	if (!tgt->stopping)
		mod_delayed_work(loom_reg_wq, &tgt->reg_work, 0);
	spin_unlock(&tgt->mgs_spin);
}

static void loom_target_free(struct loom_target *tgt)
{
	struct loom_export *exp, *tmp;

	list_for_each_entry_safe(exp, tmp, &tgt->exports, list) {
		list_del_init(&exp->list);
		loom_export_put(exp);
	}
	loom_ldlm_ns_destroy(tgt->ldlm);
	loom_replies_close(tgt->replies);
	if (tgt->osd)
		loom_osd_release(tgt->osd);
	put_net(tgt->net);
	kfree(tgt);
}

static void loom_target_shutdown(struct loom_srv_net *sn,
				 struct loom_target *tgt)
{
	lockdep_assert_held(&sn->lock);

	spin_lock(&sn->tlock);
	list_del(&tgt->list);
	spin_unlock(&sn->tlock);

	spin_lock(&tgt->mgs_spin);
	tgt->stopping = true;
	if (tgt->mgs)
		loom_conn_shutdown(tgt->mgs);
	spin_unlock(&tgt->mgs_spin);
	cancel_delayed_work_sync(&tgt->reg_work);
	cancel_delayed_work_sync(&tgt->idle_work);
	cancel_delayed_work_sync(&tgt->recov_work);
	loom_conn_destroy(tgt->mgs);
	tgt->mgs = NULL;
	loom_target_cfg_lock_free(tgt);

	/* handlers see the target gone: drain what they queued */
	if (tgt->ldlm)
		loom_ldlm_ns_stop(tgt->ldlm);
	destroy_workqueue(tgt->wq);
	flush_workqueue(loom_cancel_wq);
	tgt->ops->stop(tgt);

	if (!--sn->users)
		loom_srv_portals_unregister(tgt->net,
					    ARRAY_SIZE(loom_srv_portals));
	pr_info("loom: %s %s%04x stopped\n", tgt->fsname, tgt->ops->name,
		tgt->index);
	loom_target_free(tgt);
}

static struct loom_target *loom_target_find(struct loom_srv_net *sn, u32 type,
					    u32 index)
{
	struct loom_target *tgt;

	list_for_each_entry(tgt, &sn->targets, list)
		if (tgt->type == type && tgt->index == index)
			return tgt;
	return NULL;
}

/**
 * loom_target_start() - start a target in a network namespace
 * @net: the namespace
 * @cfg: the validated configuration
 * @extack: for error messages
 *
 * Only one target of a type and index runs in a namespace, whatever its
 * filesystem.  An MDT or OST registers with its MGS in the background.
 *
 * Return: 0, -EEXIST, -EOPNOTSUPP (unknown backend), -ENOMEM, or what the
 * type's start or loomnet_portal_register() returned.
 */
int loom_target_start(struct net *net, const struct loom_target_cfg *cfg,
		      struct netlink_ext_ack *extack)
{
	struct loom_srv_net *sn = loom_srv_net(net);
	const struct loom_target_ops *ops = loom_type_ops(cfg->type);
	struct loom_target *tgt;
	int ret;

	if (!ops)
		return -EINVAL;

	tgt = kzalloc_obj(*tgt, GFP_KERNEL);
	if (!tgt)
		return -ENOMEM;
	INIT_LIST_HEAD(&tgt->list);
	tgt->net = get_net(net);
	tgt->type = cfg->type;
	tgt->index = cfg->index;
	memcpy(tgt->fsname, cfg->fsname, LOOM_FSNAME_MAX);
	tgt->ops = ops;
	spin_lock_init(&tgt->exp_lock);
	INIT_LIST_HEAD(&tgt->exports);
	atomic64_set(&tgt->requests, 0);
	tgt->mgs_nid = cfg->mgs_nid;
	INIT_DELAYED_WORK(&tgt->reg_work, loom_target_reg_work);
	INIT_DELAYED_WORK(&tgt->idle_work, loom_target_idle_work);
	INIT_DELAYED_WORK(&tgt->recov_work, loom_srv_recovery_work);
	spin_lock_init(&tgt->mgs_spin);

	if (!strcmp(cfg->backend, "dir")) {
		tgt->osd = loom_osd_vfs_create(cfg->path, cfg->type, cfg->index,
					       cfg->fsname, extack);
		if (IS_ERR(tgt->osd)) {
			ret = PTR_ERR(tgt->osd);
			tgt->osd = NULL;
			goto err_free;
		}
	} else if (cfg->type != LOOM_TGT_MGS) {
		tgt->osd = loom_osd_open(cfg->backend, cfg->capacity);
		if (IS_ERR(tgt->osd)) {
			ret = PTR_ERR(tgt->osd);
			tgt->osd = NULL;
			NL_SET_ERR_MSG(extack, "cannot create the storage backend");
			goto err_free;
		}
	}
	/* the MGS's has the configuration lock (mgs.c) */
	tgt->ldlm = loom_ldlm_ns_create(tgt);
	if (IS_ERR(tgt->ldlm)) {
		ret = PTR_ERR(tgt->ldlm);
		tgt->ldlm = NULL;
		goto err_free;
	}
	if (tgt->osd) {
		tgt->replies = loom_replies_open(tgt->osd);
		if (IS_ERR(tgt->replies)) {
			ret = PTR_ERR(tgt->replies);
			tgt->replies = NULL;
			NL_SET_ERR_MSG(extack, "cannot read the reply log");
			goto err_free;
		}
	}
	/* clients of the last instance get time to replay their locks */
	if (cfg->type == LOOM_TGT_MDT && tgt->replies &&
	    loom_recovery_window()) {
		tgt->recov_known = loom_replies_known(tgt->replies);
		tgt->recovering = tgt->recov_known > 0;
	}
	do {
		tgt->instance = get_random_u64();
	} while (!tgt->instance);
	if (ops->ordered)
		tgt->wq = alloc_ordered_workqueue("loom_%s%u", WQ_MEM_RECLAIM,
						  ops->name, cfg->index);
	else
		tgt->wq = alloc_workqueue("loom_%s%u",
					  WQ_UNBOUND | WQ_MEM_RECLAIM, 0,
					  ops->name, cfg->index);
	if (!tgt->wq) {
		ret = -ENOMEM;
		goto err_free;
	}

	mutex_lock(&sn->lock);
	if (loom_target_find(sn, cfg->type, cfg->index)) {
		NL_SET_ERR_MSG(extack, "target already running in this netns");
		ret = -EEXIST;
		goto err_unlock;
	}
	ret = ops->start(tgt, cfg, extack);
	if (ret)
		goto err_unlock;
	if (!sn->users) {
		ret = loom_srv_portals_register(net, sn);
		if (ret) {
			NL_SET_ERR_MSG(extack, "cannot register the loomnet portal");
			ops->stop(tgt);
			goto err_unlock;
		}
	}
	sn->users++;
	spin_lock(&sn->tlock);
	list_add_tail(&tgt->list, &sn->targets);
	spin_unlock(&sn->tlock);
	if (cfg->type != LOOM_TGT_MGS) {
		loom_target_kick_mgs(tgt);
		/* MGS clients do not ping */
		queue_delayed_work(loom_reg_wq, &tgt->idle_work,
				   loom_idle_period());
	}
	if (tgt->recovering) {
		unsigned int window = loom_recovery_window();

		pr_info("loom: %s %s%04x: recovery window of %u s for %u clients\n",
			tgt->fsname, ops->name, tgt->index, window,
			tgt->recov_known);
		queue_delayed_work(loom_reg_wq, &tgt->recov_work,
				   (unsigned long)window * HZ);
	}
	mutex_unlock(&sn->lock);
	pr_info("loom: %s %s%04x started\n", tgt->fsname, ops->name,
		tgt->index);
	return 0;

err_unlock:
	mutex_unlock(&sn->lock);
	destroy_workqueue(tgt->wq);
err_free:
	loom_target_free(tgt);
	return ret;
}

/**
 * loom_target_stop() - stop a target
 * @net: its network namespace
 * @type: its type
 * @fsname: its filesystem name
 * @index: its index
 *
 * Its clients are dropped; requests already queued are served first.
 *
 * Return: 0 or -ENOENT.
 */
int loom_target_stop(struct net *net, u32 type, const char *fsname, u32 index)
{
	struct loom_srv_net *sn = loom_srv_net(net);
	struct loom_target *tgt;
	int ret = -ENOENT;

	mutex_lock(&sn->lock);
	tgt = loom_target_find(sn, type, index);
	if (tgt && !strncmp(tgt->fsname, fsname, LOOM_FSNAME_MAX)) {
		loom_target_shutdown(sn, tgt);
		ret = 0;
	}
	mutex_unlock(&sn->lock);
	return ret;
}

/**
 * loom_target_dump() - report the targets of a namespace
 * @net: the namespace
 * @skip: targets already reported
 * @fill: called per target; non-zero stops the walk
 * @arg: for @fill
 *
 * Return: the position to continue from (@skip plus targets filled).
 */
int loom_target_dump(struct net *net, unsigned int skip,
		     int (*fill)(void *arg, struct loom_target *tgt),
		     void *arg)
{
	struct loom_srv_net *sn = loom_srv_net(net);
	struct loom_target *tgt;
	unsigned int i = 0;

	mutex_lock(&sn->lock);
	list_for_each_entry(tgt, &sn->targets, list) {
		if (i++ < skip)
			continue;
		if (fill(arg, tgt)) {
			i--;
			break;
		}
	}
	mutex_unlock(&sn->lock);
	return i;
}

static int __net_init loom_srv_net_init(struct net *net)
{
	struct loom_srv_net *sn = loom_srv_net(net);

	mutex_init(&sn->lock);
	spin_lock_init(&sn->tlock);
	INIT_LIST_HEAD(&sn->targets);
	return 0;
}

static void __net_exit loom_srv_net_exit(struct net *net)
{
	struct loom_srv_net *sn = loom_srv_net(net);
	struct loom_target *tgt, *tmp;

	mutex_lock(&sn->lock);
	/* newest first: OSTs and MDTs before the MGS they registered with */
	list_for_each_entry_safe_reverse(tgt, tmp, &sn->targets, list)
		loom_target_shutdown(sn, tgt);
	mutex_unlock(&sn->lock);
}

static struct pernet_operations loom_srv_net_ops = {
	.init	= loom_srv_net_init,
	.exit	= loom_srv_net_exit,
	.id	= &loom_srv_net_id,
	.size	= sizeof(struct loom_srv_net),
};

/**
 * loom_service_init() - set up server state in every network namespace
 *
 * Return: 0 or a negative errno.
 */
int loom_service_init(void)
{
	int ret;

	loom_reg_wq = alloc_workqueue("loom_reg", WQ_UNBOUND | WQ_MEM_RECLAIM,
				      0);
	if (!loom_reg_wq)
		return -ENOMEM;
	loom_cancel_wq = alloc_workqueue("loom_cancel",
					 WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	if (!loom_cancel_wq) {
		destroy_workqueue(loom_reg_wq);
		return -ENOMEM;
	}
	ret = register_pernet_subsys(&loom_srv_net_ops);
	if (ret) {
		destroy_workqueue(loom_cancel_wq);
		destroy_workqueue(loom_reg_wq);
	}
	return ret;
}

/**
 * loom_service_exit() - stop every target in every network namespace
 */
void loom_service_exit(void)
{
	unregister_pernet_subsys(&loom_srv_net_ops);
	destroy_workqueue(loom_cancel_wq);
	destroy_workqueue(loom_reg_wq);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Loom metadata target: advisory locks (MDT_FLOCK).
 *
 * The MDT is the arbiter of the fcntl() and flock() locks of its files,
 * as Lustre's MDT is with LDLM_FLOCK locks: each file with locks has an
 * entry in a hash table of the target, with the list of its granted locks
 * (common/flock.c does the range arithmetic).  A client asks and gets an
 * answer at once: granted, -EAGAIN, or -EDEADLK; an F_SETLKW waiter asks
 * again until it is granted, and meanwhile its wait record feeds the
 * deadlock detection.  The locks of a client go when its export does
 * (disconnect, eviction).  After a restart of the MDT, its clients
 * replay the locks they hold (%LOOM_FLOCK_F_REPLAY) during the recovery
 * window (service.c), while everyone else's new locks are refused with
 * -EINPROGRESS, so that no lock is granted against one not replayed yet.
 */
#include <linux/slab.h>
#include <linux/mutex.h>
#include <linux/hashtable.h>
#include <linux/jiffies.h>
#include "../common/flock.h"
#include "server.h"

#define LOOM_FLOCK_HASH_BITS	8
#define LOOM_FLOCK_MAX_LOCKS	65536

/**
 * struct loom_flock_table - the advisory locks of an MDT
 * @lock: serializes everything below
 * @res: files with locks (struct loom_flock_res), by FID
 * @waiters: F_SETLKW owners waiting (struct loom_flock_wait)
 * @nr_locks: granted locks, bounded by %LOOM_FLOCK_MAX_LOCKS
 */
struct loom_flock_table {
	struct mutex		lock;	/* res, waiters, nr_locks */
	DECLARE_HASHTABLE(res, LOOM_FLOCK_HASH_BITS);
	struct list_head	waiters;
	unsigned int		nr_locks;
};

/* A file with locks. */
struct loom_flock_res {
	struct hlist_node	node;
	struct loom_fid		fid;
	struct list_head	locks;
};

static u64 loom_flock_key(const struct loom_fid *fid)
{
	return le64_to_cpu(fid->seq) * 0x9e3779b97f4a7c15ULL ^
	       le32_to_cpu(fid->oid);
}

static struct loom_flock_res *loom_flock_res_find(struct loom_flock_table *ft,
						  const struct loom_fid *fid)
{
	struct loom_flock_res *res;

	hash_for_each_possible(ft->res, res, node, loom_flock_key(fid))
		if (res->fid.seq == fid->seq && res->fid.oid == fid->oid &&
		    res->fid.ver == fid->ver)
			return res;
	return NULL;
}

/* Free the entries on @dead; drop @res when it has no lock left. */
static void loom_flock_reap(struct loom_flock_table *ft,
			    struct loom_flock_res *res, struct list_head *dead)
{
	struct loom_flock_lk *lk, *tmp;

	list_for_each_entry_safe(lk, tmp, dead, link) {
		list_del(&lk->link);
		ft->nr_locks--;
		kfree(lk);
	}
	if (res && list_empty(&res->locks)) {
		hash_del(&res->node);
		kfree(res);
	}
}

static void loom_flock_unwait(struct loom_flock_table *ft, void *exp,
			      u64 owner)
{
	struct loom_flock_wait *w = loom_flock_waiter(&ft->waiters, exp, owner);

	if (w) {
		list_del(&w->link);
		kfree(w);
	}
}

/* Wait records not refreshed in time: their owners gave up. */
static void loom_flock_expire(struct loom_flock_table *ft)
{
	struct loom_flock_wait *w, *tmp;
	u64 now = get_jiffies_64();

	list_for_each_entry_safe(w, tmp, &ft->waiters, link)
		if (time_after64(now, w->expires)) {
			list_del(&w->link);
			kfree(w);
		}
}

/* @req conflicts with @c and its owner waits: record it, or -EDEADLK. */
static int loom_flock_wait(struct loom_flock_table *ft,
			   const struct loom_flock_lk *req,
			   const struct loom_flock_lk *c)
{
	struct loom_flock_wait *w;

	if (loom_flock_deadlock(&ft->waiters, req->exp, req->owner, c->exp,
				c->owner)) {
		loom_flock_unwait(ft, req->exp, req->owner);
		return -EDEADLK;
	}
	w = loom_flock_waiter(&ft->waiters, req->exp, req->owner);
	if (!w) {
		w = kzalloc_obj(*w, GFP_KERNEL);
		if (!w)
			return -ENOMEM;
		w->exp = req->exp;
		w->owner = req->owner;
		list_add_tail(&w->link, &ft->waiters);
	}
	w->bexp = c->exp;
	w->bowner = c->owner;
	w->expires = get_jiffies_64() + LOOM_FLOCK_WAIT_EXPIRE * HZ;
	return 0;
}

static int loom_flock_set(struct loom_target *tgt, struct loom_flock_table *ft,
			  const struct loom_flock_req *wreq,
			  const struct loom_flock_lk *req)
{
	u32 flags = le32_to_cpu(wreq->flags);
	struct loom_flock_lk *spare[2] = {};
	struct loom_flock_res *res;
	struct loom_flock_lk *c;
	LIST_HEAD(dead);
	int ret;

	res = loom_flock_res_find(ft, &wreq->fid);
	if (!res) {
		struct loom_osd_obj *obj;

		loom_flock_unwait(ft, req->exp, req->owner);
		if (req->type == LOOM_FLOCK_UN)
			return 0;
		obj = loom_osd_obj_find(tgt->osd, &wreq->fid, 0);
		if (IS_ERR(obj))
			return PTR_ERR(obj);
		loom_osd_obj_put(obj);
		res = kzalloc_obj(*res, GFP_KERNEL);
		if (!res)
			return -ENOMEM;
		res->fid = wreq->fid;
		INIT_LIST_HEAD(&res->locks);
		hash_add(ft->res, &res->node, loom_flock_key(&res->fid));
	}

	c = loom_flock_test(&res->locks, req);
	if (c) {
		ret = -EAGAIN;
		if ((flags & LOOM_FLOCK_F_WAIT) && (flags & LOOM_FLOCK_F_DEADLK))
			ret = loom_flock_wait(ft, req, c) ?: -EAGAIN;
		goto out;
	}
	loom_flock_unwait(ft, req->exp, req->owner);

	ret = -ENOLCK;
	if (req->type != LOOM_FLOCK_UN &&
	    ft->nr_locks + 2 > LOOM_FLOCK_MAX_LOCKS)
		goto out;
	ret = -ENOMEM;
	spare[0] = kzalloc_obj(*spare[0], GFP_KERNEL);
	spare[1] = kzalloc_obj(*spare[1], GFP_KERNEL);
	if (!spare[0] || !spare[1])
		goto out;
	loom_flock_apply(&res->locks, req, spare, &dead);
	ft->nr_locks += !spare[0] + !spare[1];
	ret = 0;
out:
	kfree(spare[0]);
	kfree(spare[1]);
	loom_flock_reap(ft, res, &dead);
	return ret;
}

/**
 * loom_flock_handle() - serve an MDT_FLOCK request
 * @sr: the request, of a connected client
 *
 * Return: 0 with the reply body set, or a negative errno for the reply's
 * status: -EAGAIN for a conflict, -EDEADLK for a deadlock, -EINVAL or
 * -EPROTO for a malformed request, -ENOENT for an unknown file, -ENOLCK
 * when the MDT holds too many locks, -EINPROGRESS for a new lock or test
 * during the recovery window (ask again), -EBUSY for a replayed lock that
 * conflicts (a bug somewhere: the MDT granted both once).
 */
int loom_flock_handle(struct loom_srv_req *sr)
{
	const struct loom_flock_req *wreq = sr->body;
	struct loom_flock_table *ft = sr->tgt->flock;
	struct loom_flock_lk req = {}, *c;
	struct loom_flock_res *res;
	struct loom_flock_rep *rep;
	bool replay;
	int ret;

	ret = loom_wire_check_flock(sr->body, sr->body_len);
	if (ret)
		return ret;
	if (!ft)
		return -EOPNOTSUPP;
	replay = le32_to_cpu(wreq->flags) & LOOM_FLOCK_F_REPLAY;
	if (replay && !(loom_srv_features(sr) & LOOM_FEAT_REPLAY))
		return -EPROTO;
	/* unlocks and cancels only lose locks: they need not wait */
	if (!replay && loom_srv_recovering(sr->tgt) &&
	    (le16_to_cpu(wreq->cmd) == LOOM_FLOCK_GET ||
	     (le16_to_cpu(wreq->cmd) == LOOM_FLOCK_SET &&
	      le16_to_cpu(wreq->type) != LOOM_FLOCK_UN)))
		return -EINPROGRESS;
	rep = loom_srv_reply(sr, sizeof(*rep));
	if (!rep)
		return -ENOMEM;
	rep->type = cpu_to_le16(LOOM_FLOCK_UN);

	req.exp = sr->exp_cookie;
	req.owner = le64_to_cpu(wreq->owner);
	req.start = le64_to_cpu(wreq->start);
	req.end = le64_to_cpu(wreq->end);
	req.pid = le32_to_cpu(wreq->pid);
	req.type = le16_to_cpu(wreq->type);
	req.flock = le32_to_cpu(wreq->flags) & LOOM_FLOCK_F_FLOCK;

	mutex_lock(&ft->lock);
	loom_flock_expire(ft);
	switch (le16_to_cpu(wreq->cmd)) {
	case LOOM_FLOCK_SET:
		ret = loom_flock_set(sr->tgt, ft, wreq, &req);
		if (replay && ret == -EAGAIN) {
			pr_warn_ratelimited("loom: %s mdt%04x: a replayed lock on %llx:%x conflicts with another, refused\n",
					    sr->tgt->fsname, sr->tgt->index,
					    le64_to_cpu(wreq->fid.seq),
					    le32_to_cpu(wreq->fid.oid));
			ret = -EBUSY;
		}
		break;
	case LOOM_FLOCK_GET:
		res = loom_flock_res_find(ft, &wreq->fid);
		c = res ? loom_flock_test(&res->locks, &req) : NULL;
		if (c) {
			rep->type = cpu_to_le16(c->type);
			rep->start = cpu_to_le64(c->start);
			rep->end = cpu_to_le64(c->end);
			rep->pid = cpu_to_le32(c->pid);
		}
		break;
	case LOOM_FLOCK_CANCEL:
		loom_flock_unwait(ft, req.exp, req.owner);
		break;
	}
	mutex_unlock(&ft->lock);
	return ret;
}

/**
 * loom_flock_drop_export() - drop the locks and wait records of a client
 * @ft: the MDT's table, or %NULL
 * @exp: the client's export, gone (disconnect or eviction)
 *
 * The owners that wait for those locks get them when they ask again.
 */
void loom_flock_drop_export(struct loom_flock_table *ft, void *exp)
{
	struct loom_flock_wait *w, *wtmp;
	struct loom_flock_res *res;
	struct hlist_node *tmp;
	unsigned int bkt;
	LIST_HEAD(dead);

	if (!ft)
		return;
	mutex_lock(&ft->lock);
	hash_for_each_safe(ft->res, bkt, tmp, res, node) {
		loom_flock_drop_exp(&res->locks, exp, &dead);
		loom_flock_reap(ft, res, &dead);
	}
	list_for_each_entry_safe(w, wtmp, &ft->waiters, link)
		if (w->exp == exp || w->bexp == exp) {
			list_del(&w->link);
			kfree(w);
		}
	mutex_unlock(&ft->lock);
}

/**
 * loom_flock_table_create() - the empty lock table of an MDT
 *
 * Return: the table, or %NULL when out of memory.
 */
struct loom_flock_table *loom_flock_table_create(void)
{
	struct loom_flock_table *ft;

	ft = kzalloc_obj(*ft, GFP_KERNEL);
	if (!ft)
		return NULL;
	mutex_init(&ft->lock);
	hash_init(ft->res);
	INIT_LIST_HEAD(&ft->waiters);
	return ft;
}

/**
 * loom_flock_table_destroy() - free an MDT's lock table and its locks
 * @ft: the table, or %NULL; no request uses it any more
 */
void loom_flock_table_destroy(struct loom_flock_table *ft)
{
	struct loom_flock_wait *w, *wtmp;
	struct loom_flock_res *res;
	struct loom_flock_lk *lk, *ltmp;
	struct hlist_node *tmp;
	unsigned int bkt;

	if (!ft)
		return;
	hash_for_each_safe(ft->res, bkt, tmp, res, node) {
		list_for_each_entry_safe(lk, ltmp, &res->locks, link)
			kfree(lk);
		hash_del(&res->node);
		kfree(res);
	}
	list_for_each_entry_safe(w, wtmp, &ft->waiters, link)
		kfree(w);
	mutex_destroy(&ft->lock);
	kfree(ft);
}

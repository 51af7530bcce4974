// SPDX-License-Identifier: GPL-2.0
/*
 * Loom servers: the lock namespace of an MDT or OST.
 *
 * Resources are FIDs, found in a hash table; each holds the locks granted
 * on it and the changes in progress (struct loom_ldlm_op).  An enqueue is
 * served in the caller's worker: while a granted lock of another client
 * conflicts, the holder is sent a blocking callback (again every
 * LOOM_LDLM_RESEND seconds) and the worker sleeps until something is
 * cancelled; a holder that has not cancelled lock_timeout seconds after
 * the first callback is evicted: its export is disconnected and all its
 * locks dropped.  Cancels never queue behind enqueues: service.c serves
 * them on a workqueue of their own.
 *
 * One spinlock per namespace protects the resources and locks; nothing
 * sleeps or sends under it.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/rhashtable.h>
#include <linux/wait.h>
#include <linux/jiffies.h>
#include <linux/random.h>
#include "server.h"
#include "ldlm.h"

#define LOOM_LDLM_RESEND	5	/* seconds between callbacks */
#define LOOM_LDLM_MAX_CB	8	/* callbacks sent per round */
#define LOOM_LDLM_GL_WAIT	5	/* seconds to wait for glimpse answers */

static unsigned int lock_timeout = 30;
module_param(lock_timeout, uint, 0644);
MODULE_PARM_DESC(lock_timeout,
		 "Seconds a client has to cancel a lock after a callback before it is evicted (default 30)");

struct loom_ldlm_ns {
	struct loom_target	*tgt;
	spinlock_t		lock;		/* everything below */
	struct rhashtable	res_hash;
	struct rhashtable	lock_hash;
	wait_queue_head_t	waitq;
	struct list_head	locks;		/* every granted lock */
	u64			gen;		/* bumped at every release */
	u64			next_handle;
	bool			stopping;
	u64			nr_locks;
	u64			callbacks;
	u64			evictions;
	u64			notify_bits;	/* IBITS whose release... */
	void			(*notify)(void *arg);	/* ...calls this */
	void			*notify_arg;
};

struct loom_ldlm_res {
	struct rhash_head	node;
	struct loom_fid		fid;
	struct list_head	granted;
	struct list_head	ops;
	unsigned int		users;
};

struct loom_sldlm_lock {
	struct rhash_head	node;
	u64			handle;
	u64			cookie;
	struct loom_ldlm_owner	owner;
	struct loom_lock_desc	desc;
	struct loom_ldlm_res	*res;
	struct list_head	res_link;
	struct list_head	ns_link;
	unsigned long		cb_first;	/* jiffies of the first callback */
	unsigned long		cb_last;
	bool			cb_sent;
	bool			gl_known;	/* the last glimpse answer: */
	u64			gl_gen;		/* bumped at each answer */
	u64			gl_size;
	struct timespec64	gl_mtime;
};

static const struct rhashtable_params loom_res_params = {
	.key_len	= sizeof(struct loom_fid),
	.key_offset	= offsetof(struct loom_ldlm_res, fid),
	.head_offset	= offsetof(struct loom_ldlm_res, node),
	.automatic_shrinking = true,
};

static const struct rhashtable_params loom_lock_params = {
	.key_len	= sizeof(u64),
	.key_offset	= offsetof(struct loom_sldlm_lock, handle),
	.head_offset	= offsetof(struct loom_sldlm_lock, node),
	.automatic_shrinking = true,
};

/* A callback to send once the namespace lock is dropped. */
struct loom_ldlm_cb_todo {
	struct loomnet_nid	nid;
	u64			conn_handle;
	u64			cookie;
	u64			handle;
};

/**
 * loom_ldlm_ns_create() - the lock namespace of a target
 * @tgt: an MDT or OST
 *
 * Return: the namespace or an ERR_PTR().
 */
struct loom_ldlm_ns *loom_ldlm_ns_create(struct loom_target *tgt)
{
	struct loom_ldlm_ns *ns;
	int ret;

	ns = kzalloc_obj(*ns, GFP_KERNEL);
	if (!ns)
		return ERR_PTR(-ENOMEM);
	ns->tgt = tgt;
	spin_lock_init(&ns->lock);
	init_waitqueue_head(&ns->waitq);
	INIT_LIST_HEAD(&ns->locks);
	ns->next_handle = get_random_u32() | 1;
	ret = rhashtable_init(&ns->res_hash, &loom_res_params);
	if (ret)
		goto err_free;
	ret = rhashtable_init(&ns->lock_hash, &loom_lock_params);
	if (ret)
		goto err_res;
	return ns;

err_res:
	rhashtable_destroy(&ns->res_hash);
err_free:
	kfree(ns);
	return ERR_PTR(ret);
}

/* Under ns->lock: the resource of @fid, created if needed, with a user. */
static struct loom_ldlm_res *loom_res_get(struct loom_ldlm_ns *ns,
					  const struct loom_fid *fid,
					  struct loom_ldlm_res **spare)
{
	struct loom_ldlm_res *res;

	res = rhashtable_lookup_fast(&ns->res_hash, fid, loom_res_params);
	if (!res) {
		if (!*spare)
			return NULL;
		res = *spare;
		res->fid = *fid;
		INIT_LIST_HEAD(&res->granted);
		INIT_LIST_HEAD(&res->ops);
		if (rhashtable_insert_fast(&ns->res_hash, &res->node,
					   loom_res_params))
			return ERR_PTR(-ENOMEM);
		*spare = NULL;
	}
	res->users++;
	return res;
}

/* Under ns->lock: drop a user; the resource goes when nothing is left. */
static void loom_res_put(struct loom_ldlm_ns *ns, struct loom_ldlm_res *res)
{
	if (--res->users || !list_empty(&res->granted) ||
	    !list_empty(&res->ops))
		return;
	rhashtable_remove_fast(&ns->res_hash, &res->node, loom_res_params);
	kfree(res);
}

/* Under ns->lock: unlink a granted lock; the caller frees it. */
static void loom_lock_unlink(struct loom_ldlm_ns *ns,
			     struct loom_sldlm_lock *lk)
{
	rhashtable_remove_fast(&ns->lock_hash, &lk->node, loom_lock_params);
	list_del(&lk->res_link);
	list_del(&lk->ns_link);
	ns->nr_locks--;
	ns->gen++;
	loom_res_put(ns, lk->res);	/* the lock's user */
	if (ns->notify && lk->desc.type == LOOM_LDLM_IBITS &&
	    (lk->desc.bits & ns->notify_bits))
		ns->notify(ns->notify_arg);
}

/*
 * Under ns->lock: look at the granted locks of other clients that
 * conflict with @desc.  Collects callbacks due into @todo and the export
 * to evict, if a holder ran out of time.
 *
 * Return: whether any conflicts.
 */
static bool loom_res_conflicts(struct loom_ldlm_ns *ns,
			       struct loom_ldlm_res *res, void *exp,
			       const struct loom_lock_desc *desc,
			       struct loom_ldlm_cb_todo *todo,
			       unsigned int *nr_todo, void **evict)
{
	unsigned long now = jiffies;
	struct loom_sldlm_lock *lk;
	bool conflict = false;

	list_for_each_entry(lk, &res->granted, res_link) {
		if (lk->owner.exp == exp || !loom_ldlm_conflict(&lk->desc, desc))
			continue;
		conflict = true;
		if (!lk->cb_sent) {
			lk->cb_sent = true;
			lk->cb_first = now;
		} else if (time_after(now, lk->cb_first +
				      READ_ONCE(lock_timeout) * HZ)) {
			if (!*evict)
				*evict = lk->owner.exp;
			continue;
		} else if (time_before(now, lk->cb_last +
				       LOOM_LDLM_RESEND * HZ)) {
			continue;
		}
		if (*nr_todo < LOOM_LDLM_MAX_CB) {
			struct loom_ldlm_cb_todo *t = &todo[(*nr_todo)++];

			lk->cb_last = now;
			t->nid = lk->owner.nid;
			t->conn_handle = lk->owner.conn_handle;
			t->cookie = lk->cookie;
			t->handle = lk->handle;
		}
	}
	return conflict;
}

static void loom_ldlm_send_cbs(struct loom_ldlm_ns *ns,
			       const struct loom_ldlm_cb_todo *todo,
			       unsigned int nr, u16 opcode)
{
	struct loom_target *tgt = ns->tgt;
	struct loom_ldlm_cb cb;
	unsigned int i;

	for (i = 0; i < nr; i++) {
		memset(&cb, 0, sizeof(cb));
		cb.hdr.magic = cpu_to_le32(LOOM_MSG_MAGIC);
		cb.hdr.version = cpu_to_le16(LOOM_PROTO_VERSION);
		cb.hdr.opcode = cpu_to_le16(opcode);
		cb.hdr.xid = cpu_to_le64(todo[i].handle);
		cb.hdr.handle = cpu_to_le64(todo[i].conn_handle);
		cb.hdr.body_len = cpu_to_le32(sizeof(cb) - sizeof(cb.hdr));
		cb.hdr.target = cpu_to_le32(tgt->index);
		cb.target_type = cpu_to_le32(tgt->type);
		cb.cookie = cpu_to_le64(todo[i].cookie);
		cb.handle = cpu_to_le64(todo[i].handle);
		/* a lost callback is sent again; an unreachable client is
		 * evicted when its time is up
		 */
		loomnet_send(tgt->net, &todo[i].nid, LOOMNET_PORTAL_CB,
			     todo[i].cookie, &cb, sizeof(cb));
	}
	if (opcode != LOOM_OPC_LDLM_BL_AST)
		return;
	spin_lock(&ns->lock);
	ns->callbacks += nr;
	spin_unlock(&ns->lock);
}

/*
 * Wait until the locks conflicting with @desc on @res are gone: send their
 * holders callbacks, evict those out of time.  Called and returns with
 * ns->lock held.  -ESHUTDOWN when the target stops.
 */
static int loom_res_wait(struct loom_ldlm_ns *ns, struct loom_ldlm_res *res,
			 void *exp, const struct loom_lock_desc *desc,
			 bool (*blocked)(struct loom_ldlm_ns *ns,
					 struct loom_ldlm_res *res, void *exp,
					 const struct loom_lock_desc *desc))
{
	struct loom_ldlm_cb_todo todo[LOOM_LDLM_MAX_CB];
	unsigned int nr;
	void *evict;
	u64 gen;

	for (;;) {
		if (ns->stopping)
			return -ESHUTDOWN;
		nr = 0;
		evict = NULL;
		if (!loom_res_conflicts(ns, res, exp, desc, todo, &nr,
					&evict) &&
		    !(blocked && blocked(ns, res, exp, desc)))
			return 0;
		gen = ns->gen;
		if (evict)
			ns->evictions++;
		spin_unlock(&ns->lock);

		if (nr)
			loom_ldlm_send_cbs(ns, todo, nr, LOOM_OPC_LDLM_BL_AST);
		if (evict)
			loom_srv_evict(ns->tgt, evict);
		else
			wait_event_timeout(ns->waitq,
					   READ_ONCE(ns->gen) != gen ||
					   READ_ONCE(ns->stopping), HZ);
		spin_lock(&ns->lock);
	}
}

/* Whether a change in progress by another client blocks a grant. */
static bool loom_res_ops_block(struct loom_ldlm_ns *ns,
			       struct loom_ldlm_res *res, void *exp,
			       const struct loom_lock_desc *desc)
{
	struct loom_ldlm_op *op;

	list_for_each_entry(op, &res->ops, link)
		if (op->exp != exp && loom_ldlm_conflict(&op->desc, desc))
			return true;
	return false;
}

/*
 * Under ns->lock: grant @lk on @res (holding a user, which the lock
 * keeps): an extent lock grows as far as other clients' locks and
 * changes allow.  On error the user is dropped.
 */
static int loom_grant(struct loom_ldlm_ns *ns, struct loom_ldlm_res *res,
		      struct loom_sldlm_lock *lk, struct loom_lock_desc *desc)
{
	struct loom_sldlm_lock *other;
	struct loom_lock_desc want;

	want = *desc;
	if (want.type == LOOM_LDLM_EXTENT) {
		struct loom_ldlm_op *op;

		want.start = 0;
		want.end = LOOM_EXTENT_EOF;
		list_for_each_entry(other, &res->granted, res_link)
			if (other->owner.exp != lk->owner.exp)
				loom_ldlm_expand(&want, desc, &other->desc);
		list_for_each_entry(op, &res->ops, link)
			if (op->exp != lk->owner.exp)
				loom_ldlm_expand(&want, desc, &op->desc);
	}
	lk->desc = want;
	lk->res = res;
	do {
		lk->handle = ns->next_handle++;
	} while (!lk->handle ||
		 rhashtable_lookup_fast(&ns->lock_hash, &lk->handle,
					loom_lock_params));
	if (rhashtable_insert_fast(&ns->lock_hash, &lk->node,
				   loom_lock_params)) {
		loom_res_put(ns, res);
		return -ENOMEM;
	}
	list_add_tail(&lk->res_link, &res->granted);
	list_add_tail(&lk->ns_link, &ns->locks);
	ns->nr_locks++;
	*desc = want;
	return 0;
}

/* A new lock and a spare resource for an enqueue. */
static struct loom_sldlm_lock *loom_lock_new(const struct loom_ldlm_owner *owner,
					     u64 cookie,
					     struct loom_ldlm_res **spare)
{
	struct loom_sldlm_lock *lk;

	lk = kzalloc_obj(*lk, GFP_NOFS);
	*spare = kzalloc_obj(**spare, GFP_NOFS);
	if (!lk || !*spare) {
		kfree(lk);
		kfree(*spare);
		return NULL;
	}
	lk->cookie = cookie;
	lk->owner = *owner;
	return lk;
}

/**
 * loom_ldlm_enqueue() - grant a client a lock, waiting for conflicts
 * @ns: the namespace
 * @owner: the client
 * @fid: the resource
 * @cookie: the client's name for the lock
 * @desc: the lock asked for, validated; an extent lock comes back grown
 *	as far as it can without conflicting with another client's lock
 * @handle: the new lock's handle
 *
 * Sleeps while other clients' conflicting locks are called back, and
 * while other clients' changes to the resource are in progress.
 *
 * Return: 0, -ENOMEM or -ESHUTDOWN (the target stops).
 */
int loom_ldlm_enqueue(struct loom_ldlm_ns *ns,
		      const struct loom_ldlm_owner *owner,
		      const struct loom_fid *fid, u64 cookie,
		      struct loom_lock_desc *desc, u64 *handle)
{
	struct loom_ldlm_res *res, *spare;
	struct loom_sldlm_lock *lk;
	int ret;

	lk = loom_lock_new(owner, cookie, &spare);
	if (!lk)
		return -ENOMEM;
	spin_lock(&ns->lock);
	res = loom_res_get(ns, fid, &spare);
	if (IS_ERR_OR_NULL(res)) {
		spin_unlock(&ns->lock);
		ret = -ENOMEM;
		goto out_free;
	}
	ret = loom_res_wait(ns, res, owner->exp, desc, loom_res_ops_block);
	if (ret)
		loom_res_put(ns, res);
	else
		ret = loom_grant(ns, res, lk, desc);
	spin_unlock(&ns->lock);
	if (ret)
		goto out_free;
	kfree(spare);
	*handle = lk->handle;
	return 0;

out_free:
	kfree(spare);
	kfree(lk);
	return ret;
}

/*
 * Under ns->lock: the granted locks of other clients that conflict with
 * @desc, as glimpse callbacks to send (at most LOOM_LDLM_MAX_CB), each
 * with the answer generation it waits past.
 */
static unsigned int loom_res_glimpse_todo(struct loom_ldlm_res *res,
					  void *exp,
					  const struct loom_lock_desc *desc,
					  struct loom_ldlm_cb_todo *todo,
					  u64 *gens)
{
	struct loom_sldlm_lock *lk;
	unsigned int nr = 0;

	list_for_each_entry(lk, &res->granted, res_link) {
		if (lk->owner.exp == exp || !loom_ldlm_conflict(&lk->desc, desc))
			continue;
		if (nr == LOOM_LDLM_MAX_CB)
			break;
		todo[nr].nid = lk->owner.nid;
		todo[nr].conn_handle = lk->owner.conn_handle;
		todo[nr].cookie = lk->cookie;
		todo[nr].handle = lk->handle;
		gens[nr++] = lk->gl_gen;
	}
	return nr;
}

/* Whether every glimpsed lock answered or is gone. */
static bool loom_glimpse_done(struct loom_ldlm_ns *ns,
			      const struct loom_ldlm_cb_todo *todo,
			      const u64 *gens, unsigned int nr)
{
	struct loom_sldlm_lock *lk;
	bool done = true;
	unsigned int i;

	spin_lock(&ns->lock);
	if (ns->stopping)
		goto out;
	for (i = 0; i < nr && done; i++) {
		lk = rhashtable_lookup_fast(&ns->lock_hash, &todo[i].handle,
					    loom_lock_params);
		if (lk && lk->gl_gen == gens[i])
			done = false;
	}
out:
	spin_unlock(&ns->lock);
	return done;
}

/**
 * loom_ldlm_glimpse() - the size of an object, without taking it from a
 *	writer
 * @ns: an OST's namespace
 * @owner: the client
 * @fid: the object
 * @cookie: the client's name for a lock, if one is granted
 * @desc: a PR extent lock, validated; comes back as granted
 * @handle: the granted lock's handle, or 0 if none was granted
 * @gl: the holders' answers folded together, when none was granted
 *
 * While no other client holds a conflicting lock, grants @desc as
 * loom_ldlm_enqueue() does.  Otherwise sends the holders glimpse
 * callbacks (LDLM_GL_AST) and waits a few seconds for their answers
 * (loom_ldlm_glimpse_answer()) or cancels; nothing is granted.  Waits
 * for other clients' changes in progress first.
 *
 * Return: 0, -ENOMEM or -ESHUTDOWN.
 */
int loom_ldlm_glimpse(struct loom_ldlm_ns *ns,
		      const struct loom_ldlm_owner *owner,
		      const struct loom_fid *fid, u64 cookie,
		      struct loom_lock_desc *desc, u64 *handle,
		      struct loom_ldlm_glimpse *gl)
{
	struct loom_ldlm_cb_todo todo[LOOM_LDLM_MAX_CB];
	u64 gens[LOOM_LDLM_MAX_CB];
	struct loom_ldlm_res *res, *spare;
	struct loom_sldlm_lock *lk, *other;
	unsigned int i, nr;
	int ret = 0;
	u64 gen;

	memset(gl, 0, sizeof(*gl));
	*handle = 0;
	lk = loom_lock_new(owner, cookie, &spare);
	if (!lk)
		return -ENOMEM;
	spin_lock(&ns->lock);
	res = loom_res_get(ns, fid, &spare);
	if (IS_ERR_OR_NULL(res)) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	/* a change in progress: its result is what to see */
	while (loom_res_ops_block(ns, res, owner->exp, desc)) {
		if (ns->stopping) {
			ret = -ESHUTDOWN;
			goto out_put;
		}
		gen = ns->gen;
		spin_unlock(&ns->lock);
		wait_event_timeout(ns->waitq, READ_ONCE(ns->gen) != gen ||
				   READ_ONCE(ns->stopping), HZ);
		spin_lock(&ns->lock);
	}
	nr = loom_res_glimpse_todo(res, owner->exp, desc, todo, gens);
	if (!nr) {
		ret = loom_grant(ns, res, lk, desc);
		spin_unlock(&ns->lock);
		if (ret)
			goto out_free;
		kfree(spare);
		*handle = lk->handle;
		return 0;
	}
	spin_unlock(&ns->lock);

	loom_ldlm_send_cbs(ns, todo, nr, LOOM_OPC_LDLM_GL_AST);
	wait_event_timeout(ns->waitq, loom_glimpse_done(ns, todo, gens, nr),
			   LOOM_LDLM_GL_WAIT * HZ);

	spin_lock(&ns->lock);
	for (i = 0; i < nr; i++) {
		other = rhashtable_lookup_fast(&ns->lock_hash, &todo[i].handle,
					       loom_lock_params);
		if (!other || other->gl_gen == gens[i] || !other->gl_known)
			continue;
		gl->known = true;
		gl->size = max(gl->size, other->gl_size);
		if (timespec64_compare(&other->gl_mtime, &gl->mtime) > 0)
			gl->mtime = other->gl_mtime;
	}
out_put:
	loom_res_put(ns, res);
out_unlock:
	spin_unlock(&ns->lock);
out_free:
	kfree(spare);
	kfree(lk);
	return ret;
}

/**
 * loom_ldlm_glimpse_answer() - a holder answers a glimpse callback
 * @ns: an OST's namespace
 * @exp: the client
 * @handle: its lock; an unknown one, or another client's, is ignored
 * @known: whether @size and @mtime say anything
 * @size: the object's size as the holder knows it
 * @mtime: its mtime
 */
void loom_ldlm_glimpse_answer(struct loom_ldlm_ns *ns, void *exp, u64 handle,
			      bool known, u64 size,
			      const struct timespec64 *mtime)
{
	struct loom_sldlm_lock *lk;

	spin_lock(&ns->lock);
	lk = rhashtable_lookup_fast(&ns->lock_hash, &handle, loom_lock_params);
	if (lk && lk->owner.exp == exp) {
		lk->gl_known = known;
		lk->gl_size = size;
		lk->gl_mtime = *mtime;
		lk->gl_gen++;
	} else {
		lk = NULL;
	}
	spin_unlock(&ns->lock);
	if (lk)
		wake_up_all(&ns->waitq);
}

/**
 * loom_ldlm_cancel() - a client gives a lock back
 * @ns: the namespace
 * @exp: the client
 * @handle: the lock; a lock of another client or an unknown one is
 *	ignored (it may have been dropped by an eviction)
 */
void loom_ldlm_cancel(struct loom_ldlm_ns *ns, void *exp, u64 handle)
{
	struct loom_sldlm_lock *lk;

	spin_lock(&ns->lock);
	lk = rhashtable_lookup_fast(&ns->lock_hash, &handle, loom_lock_params);
	if (lk && lk->owner.exp == exp)
		loom_lock_unlink(ns, lk);
	else
		lk = NULL;
	spin_unlock(&ns->lock);
	if (lk) {
		wake_up_all(&ns->waitq);
		kfree(lk);
	}
}

/**
 * loom_ldlm_drop_owner() - drop every lock of a client
 * @ns: the namespace
 * @exp: the client, gone (disconnected or evicted)
 */
void loom_ldlm_drop_owner(struct loom_ldlm_ns *ns, void *exp)
{
	struct loom_sldlm_lock *lk, *tmp;
	LIST_HEAD(dead);

	spin_lock(&ns->lock);
	list_for_each_entry_safe(lk, tmp, &ns->locks, ns_link) {
		if (lk->owner.exp != exp)
			continue;
		loom_lock_unlink(ns, lk);
		list_add(&lk->ns_link, &dead);
	}
	spin_unlock(&ns->lock);
	wake_up_all(&ns->waitq);
	list_for_each_entry_safe(lk, tmp, &dead, ns_link)
		kfree(lk);
}

/**
 * loom_ldlm_held() - whether any client holds a lock on some bits
 * @ns: an MDT's namespace
 * @fid: the resource
 * @bits: LOOM_IBIT_*
 * @except: a client whose locks do not count, or %NULL
 *
 * Return: true if a granted IBITS lock on @fid covers one of @bits.
 */
bool loom_ldlm_held(struct loom_ldlm_ns *ns, const struct loom_fid *fid,
		    u64 bits, void *except)
{
	struct loom_ldlm_res *res;
	struct loom_sldlm_lock *lk;
	bool held = false;

	spin_lock(&ns->lock);
	res = rhashtable_lookup_fast(&ns->res_hash, fid, loom_res_params);
	if (res)
		list_for_each_entry(lk, &res->granted, res_link)
			if (lk->desc.type == LOOM_LDLM_IBITS &&
			    (lk->desc.bits & bits) && lk->owner.exp != except) {
				held = true;
				break;
			}
	spin_unlock(&ns->lock);
	return held;
}

/**
 * loom_ldlm_revoke() - ask the holders of conflicting locks to cancel them
 * @ns: the namespace
 * @fid: the resource
 * @desc: the lock they conflict with
 *
 * Sends a blocking callback to each holder (at most %LOOM_LDLM_MAX_CB of
 * them) and returns: nobody waits, nobody is evicted for keeping a lock
 * in use.  A holder cancels once it stops using the lock.
 */
void loom_ldlm_revoke(struct loom_ldlm_ns *ns, const struct loom_fid *fid,
		      const struct loom_lock_desc *desc)
{
	struct loom_ldlm_cb_todo todo[LOOM_LDLM_MAX_CB];
	struct loom_ldlm_res *res;
	struct loom_sldlm_lock *lk;
	unsigned int nr = 0;

	spin_lock(&ns->lock);
	res = rhashtable_lookup_fast(&ns->res_hash, fid, loom_res_params);
	if (res)
		list_for_each_entry(lk, &res->granted, res_link) {
			struct loom_ldlm_cb_todo *t;

			if (!loom_ldlm_conflict(&lk->desc, desc))
				continue;
			if (nr == LOOM_LDLM_MAX_CB)
				break;
			t = &todo[nr++];
			t->nid = lk->owner.nid;
			t->conn_handle = lk->owner.conn_handle;
			t->cookie = lk->cookie;
			t->handle = lk->handle;
		}
	spin_unlock(&ns->lock);
	if (nr)
		loom_ldlm_send_cbs(ns, todo, nr, LOOM_OPC_LDLM_BL_AST);
}

/**
 * loom_ldlm_set_notify() - be told when locks on some bits go
 * @ns: the namespace
 * @bits: LOOM_IBIT_*, 0 to stop
 * @fn: called, under the namespace's spinlock (it must not sleep), each
 *	time a granted IBITS lock covering one of @bits is cancelled or
 *	dropped with its client
 * @arg: for @fn
 *
 * Once this returns with @bits 0, @fn is no longer running nor called.
 */
void loom_ldlm_set_notify(struct loom_ldlm_ns *ns, u64 bits,
			  void (*fn)(void *arg), void *arg)
{
	spin_lock(&ns->lock);
	ns->notify_bits = fn ? bits : 0;
	ns->notify = bits ? fn : NULL;
	ns->notify_arg = arg;
	spin_unlock(&ns->lock);
}

/**
 * loom_ldlm_op_begin() - start a change of a resource for a client
 * @ns: the namespace
 * @exp: the client the change is made for
 * @fid: the resource
 * @desc: what the change touches (mode PW)
 * @op: to pass to loom_ldlm_op_end(); the caller's storage
 *
 * From now on no other client is granted a conflicting lock; returns once
 * every other client's conflicting lock has been called back and
 * cancelled (or its holder evicted).  Changes never wait for each other.
 *
 * Return: 0, -ENOMEM or -ESHUTDOWN; on error there is nothing to end.
 */
int loom_ldlm_op_begin(struct loom_ldlm_ns *ns, void *exp,
		       const struct loom_fid *fid,
		       const struct loom_lock_desc *desc,
		       struct loom_ldlm_op *op)
{
	struct loom_ldlm_res *res, *spare;
	int ret;

	spare = kzalloc_obj(*spare, GFP_NOFS);
	if (!spare)
		return -ENOMEM;
	op->desc = *desc;
	op->fid = *fid;
	op->exp = exp;
	spin_lock(&ns->lock);
	res = loom_res_get(ns, fid, &spare);
	if (IS_ERR_OR_NULL(res)) {
		spin_unlock(&ns->lock);
		kfree(spare);
		return -ENOMEM;
	}
	op->res = res;
	list_add_tail(&op->link, &res->ops);
	ret = loom_res_wait(ns, res, exp, desc, NULL);
	if (ret) {
		list_del(&op->link);
		loom_res_put(ns, res);
	}
	spin_unlock(&ns->lock);
	kfree(spare);
	return ret;
}

/**
 * loom_ldlm_op_end() - a change is done
 * @ns: the namespace
 * @op: as loom_ldlm_op_begin() filled it
 */
void loom_ldlm_op_end(struct loom_ldlm_ns *ns, struct loom_ldlm_op *op)
{
	spin_lock(&ns->lock);
	list_del(&op->link);
	ns->gen++;
	loom_res_put(ns, op->res);
	spin_unlock(&ns->lock);
	wake_up_all(&ns->waitq);
}

/**
 * loom_ldlm_stats() - counters of a namespace
 * @ns: the namespace
 * @locks: granted locks now
 * @callbacks: blocking callbacks sent
 * @evictions: clients evicted for not cancelling
 */
void loom_ldlm_stats(struct loom_ldlm_ns *ns, u64 *locks, u64 *callbacks,
		     u64 *evictions)
{
	spin_lock(&ns->lock);
	*locks = ns->nr_locks;
	*callbacks = ns->callbacks;
	*evictions = ns->evictions;
	spin_unlock(&ns->lock);
}

/**
 * loom_ldlm_ns_stop() - the target stops: waiters give up
 * @ns: the namespace
 */
void loom_ldlm_ns_stop(struct loom_ldlm_ns *ns)
{
	spin_lock(&ns->lock);
	ns->stopping = true;
	spin_unlock(&ns->lock);
	wake_up_all(&ns->waitq);
}

static void loom_lock_free(void *ptr, void *arg)
{
	kfree(ptr);
}

/**
 * loom_ldlm_ns_destroy() - free a stopped namespace and its locks
 * @ns: the namespace; nothing uses it any more
 */
void loom_ldlm_ns_destroy(struct loom_ldlm_ns *ns)
{
	if (!ns)
		return;
	rhashtable_free_and_destroy(&ns->lock_hash, loom_lock_free, NULL);
	rhashtable_free_and_destroy(&ns->res_hash, loom_lock_free, NULL);
	kfree(ns);
}

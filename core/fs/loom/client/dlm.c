// SPDX-License-Identifier: GPL-2.0
/*
 * Loom client: the lock cache.
 *
 * The client caches what the servers say only under their locks
 * (common/wire.h explains the DLM): an inode's attributes under an MDT
 * lock with LOOM_IBIT_UPDATE, a directory's names (dentries, negative
 * ones too) under one with LOOM_IBIT_LOOKUP, a file's size and pages
 * under extent locks on all its objects.  A lock is found again by what
 * it covers (loom_dlm_match()), held by a user count while an operation
 * relies on it, and kept after use on a per-mount LRU list.
 *
 * A blocking callback marks the lock; once its users are gone a worker
 * writes back and drops what it covered, and sends LDLM_CANCEL.  So do
 * the LRU (beyond lock_lru_size locks per mount) and the eviction of the
 * inode.  Every lock of a mount is under one spinlock, sbi->dlm_lock.
 */
#include <linux/fs.h>
#include <linux/pagemap.h>
#include <linux/slab.h>
#include <linux/rhashtable.h>
#include <linux/workqueue.h>
#include <linux/module.h>
#include <linux/posix_acl.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include "internal.h"
#include "../common/layout.h"

static unsigned int lock_lru_size = 16384;
module_param(lock_lru_size, uint, 0644);
MODULE_PARM_DESC(lock_lru_size,
		 "Unused locks a mount keeps cached before cancelling the oldest (default 16384)");

static unsigned int ping_interval = 10;
module_param(ping_interval, uint, 0644);
MODULE_PARM_DESC(ping_interval,
		 "Seconds between a mount's pings of its targets, so that it learns of an eviction (default 10)");

/* struct loom_cl_lock.flags */
enum {
	LOOM_LK_GRANTED,	/* the server granted it */
	LOOM_LK_CB_PENDING,	/* called back: no new users, cancel when idle */
	LOOM_LK_CANCELLING,	/* a worker or eviction owns it */
	LOOM_LK_FRESH,		/* granted for the user that asked, not reused */
	LOOM_LK_REPLAY,		/* an open lock to replay to a new MDT */
};

/**
 * struct loom_cl_lock - a lock this client holds or asks for
 * @node: in loom_cl_locks, by @cookie
 * @cookie: the client's name for it (callbacks carry it)
 * @handle: the server's
 * @sbi: the mount
 * @conn: the target's connection
 * @res: the resource
 * @desc: what is granted (what is asked before that)
 * @lvb: OST: the object at the grant
 * @inode: the inode it serves, %NULL once it is being evicted
 * @stripe: OST: the index of @res in the layout
 * @users: operations relying on it
 * @flags: LOOM_LK_*
 * @ilink: in the inode's list of locks
 * @lru: in sbi->dlm_lru while granted and unused; in sbi->dlm_cancel when
 *	queued for cancellation
 * @rlink: in sbi->dlm_replay while %LOOM_LK_REPLAY is set
 * @rcu: freeing
 */
struct loom_cl_lock {
	struct rhash_head	node;
	u64			cookie;
	u64			handle;
	struct loom_sb_info	*sbi;
	struct loom_conn	*conn;
	struct loom_fid		res;
	struct loom_lock_desc	desc;
	struct loom_ost_obj_rep	lvb;
	struct inode		*inode;
	int			stripe;
	unsigned int		users;
	unsigned long		flags;
	struct list_head	ilink;
	struct list_head	lru;
	struct list_head	rlink;
	struct rcu_head		rcu;
};

static const struct rhashtable_params loom_cl_lock_params = {
	.key_len	= sizeof(u64),
	.key_offset	= offsetof(struct loom_cl_lock, cookie),
	.head_offset	= offsetof(struct loom_cl_lock, node),
	.automatic_shrinking = true,
};

static struct rhashtable loom_cl_locks;
static atomic64_t loom_next_cookie;

static void loom_dlm_lru_trim(struct loom_sb_info *sbi);

static unsigned long loom_dlm_ping_delay(void)
{
	return max(READ_ONCE(ping_interval), 1U) * HZ;
}

/*
 * A client the servers evicted still trusts its locks until a request
 * tells it (-ENOTCONN): ping every target now and then, so that a mount
 * doing nothing but reading its cache learns of it, reconnects and drops
 * what its locks covered (loom_dlm_conn_reset()).
 */
static void loom_dlm_ping_work(struct work_struct *work)
{
	struct loom_sb_info *sbi = container_of(to_delayed_work(work),
						struct loom_sb_info, dlm_ping);
	u32 i;

	loom_conn_ping(sbi->mdt, loom_dlm_wq);
	for (i = 0; i < sbi->nr_osts; i++)
		loom_conn_ping(sbi->osts[i], loom_dlm_wq);
	/* lock_lru_size may have shrunk since the last lock was put */
	spin_lock(&sbi->dlm_lock);
	loom_dlm_lru_trim(sbi);
	spin_unlock(&sbi->dlm_lock);
	if (!READ_ONCE(sbi->dlm_dying))
		queue_delayed_work(loom_dlm_wq, &sbi->dlm_ping,
				   loom_dlm_ping_delay());
}

/**
 * loom_dlm_sb_start() - a mount under the DLM is up: start its pings
 * @sbi: the mount
 */
void loom_dlm_sb_start(struct loom_sb_info *sbi)
{
	queue_delayed_work(loom_dlm_wq, &sbi->dlm_ping, loom_dlm_ping_delay());
}

static void loom_dlm_gl_work(struct work_struct *work);
static void loom_dlm_replay_work(struct work_struct *work);
static void loom_dlm_replay_drop(struct loom_sb_info *sbi);

/**
 * loom_dlm_sb_init() - set up the lock cache of a mount
 * @sbi: the mount
 */
void loom_dlm_sb_init(struct loom_sb_info *sbi)
{
	spin_lock_init(&sbi->dlm_lock);
	INIT_LIST_HEAD(&sbi->dlm_lru);
	INIT_LIST_HEAD(&sbi->dlm_cancel);
	INIT_WORK(&sbi->dlm_work, loom_dlm_cancel_work);
	INIT_DELAYED_WORK(&sbi->dlm_ping, loom_dlm_ping_work);
	INIT_LIST_HEAD(&sbi->dlm_gl);
	INIT_WORK(&sbi->dlm_gl_work, loom_dlm_gl_work);
	INIT_LIST_HEAD(&sbi->dlm_replay);
	INIT_WORK(&sbi->dlm_replay_work, loom_dlm_replay_work);
	sbi->dlm_nr_lru = 0;
	loom_flock_sb_init(sbi);
}

static void loom_lock_free_rcu(struct rcu_head *rcu)
{
	kfree(container_of(rcu, struct loom_cl_lock, rcu));
}

static void loom_lock_free(struct loom_cl_lock *lk)
{
	rhashtable_remove_fast(&loom_cl_locks, &lk->node, loom_cl_lock_params);
	call_rcu(&lk->rcu, loom_lock_free_rcu);
}

/*
 * Send LDLM_CANCEL for @nr locks of one connection and free them; errors
 * only cost the server a callback.
 */
static void loom_locks_send_cancel(struct loom_cl_lock **locks,
				   unsigned int nr)
{
	struct loom_ldlm_cancel_req *body;
	struct loom_req *req;
	unsigned int i, n = 0;

	req = loom_cl_req(locks[0]->conn, LOOM_OPC_LDLM_CANCEL,
			  sizeof(*body) + nr * sizeof(__le64));
	if (!IS_ERR(req)) {
		body = req->req_body;
		for (i = 0; i < nr; i++)
			if (locks[i]->handle)
				body->handles[n++] = cpu_to_le64(locks[i]->handle);
		body->count = cpu_to_le32(n);
		req->req_len = sizeof(*body) + n * sizeof(__le64);
		if (n)
			loom_req_send_wait(req);
		loom_req_free(req);
	}
	for (i = 0; i < nr; i++)
		loom_lock_free(locks[i]);
}

/* Under sbi->dlm_lock: hand an idle, called-back lock to the worker. */
static void loom_lock_queue_cancel(struct loom_cl_lock *lk)
{
	struct loom_sb_info *sbi = lk->sbi;

	lockdep_assert_held(&sbi->dlm_lock);
	if (lk->users || !test_bit(LOOM_LK_GRANTED, &lk->flags) ||
	    test_and_set_bit(LOOM_LK_CANCELLING, &lk->flags))
		return;
	if (!list_empty(&lk->lru)) {
		list_del(&lk->lru);
		sbi->dlm_nr_lru--;
	}
	list_add_tail(&lk->lru, &sbi->dlm_cancel);
	queue_work(loom_dlm_wq, &sbi->dlm_work);
}

/*
 * What losing a lock means for the inode: called by the lock's owner
 * (worker or eviction), before LDLM_CANCEL goes, with a reference on the
 * inode.  Extent locks write back and drop the file's pages.
 */
static void loom_lock_revoke(struct loom_cl_lock *lk, struct inode *inode)
{
	struct loom_inode_info *li = loom_i(inode);

	if (lk->desc.type == LOOM_LDLM_IBITS) {
		if (lk->desc.bits & LOOM_IBIT_UPDATE) {
			spin_lock(&lk->sbi->dlm_lock);
			li->dlm_attr_gen++;
			clear_bit(LOOM_LI_ATTR_VALID, &li->dlm_flags);
			spin_unlock(&lk->sbi->dlm_lock);
		}
		if (lk->desc.bits & LOOM_IBIT_XATTR) {
			loom_dlm_xattr_changed(inode);
			forget_all_cached_acls(inode);
		}
		return;
	}
	clear_bit(LOOM_LI_SIZE_VALID, &li->dlm_flags);
	if (lk->desc.mode == LOOM_LCK_PW)
		filemap_write_and_wait(inode->i_mapping);
	invalidate_inode_pages2(inode->i_mapping);
}

/* Under sbi->dlm_lock: the lock leaves its inode's list. */
static void loom_lock_unlink_inode(struct loom_cl_lock *lk)
{
	struct inode *inode = lk->inode;

	if (list_empty(&lk->ilink))
		return;
	list_del_init(&lk->ilink);
	if (inode && lk->desc.type == LOOM_LDLM_IBITS &&
	    (lk->desc.bits & LOOM_IBIT_LOOKUP)) {
		loom_i(inode)->dlm_lookup_locks--;
		loom_i(inode)->dlm_dir_gen++;
		clear_bit(LOOM_LI_DIR_COMPLETE, &loom_i(inode)->dlm_flags);
	}
}

/**
 * loom_dlm_cancel_work() - cancel the locks queued on a mount
 * @work: sbi->dlm_work
 */
void loom_dlm_cancel_work(struct work_struct *work)
{
	struct loom_sb_info *sbi = container_of(work, struct loom_sb_info,
						dlm_work);
	struct loom_cl_lock *batch[LOOM_LDLM_CANCEL_MAX];
	unsigned int nr = 0;
	struct loom_cl_lock *lk;
	struct inode *inode;

	for (;;) {
		spin_lock(&sbi->dlm_lock);
		lk = list_first_entry_or_null(&sbi->dlm_cancel,
					      struct loom_cl_lock, lru);
		if (!lk) {
			spin_unlock(&sbi->dlm_lock);
			break;
		}
		list_del_init(&lk->lru);
		inode = READ_ONCE(sbi->dlm_dying) ? NULL : lk->inode;
		if (inode && !igrab(inode))
			inode = NULL;	/* being evicted: nothing to drop */
		spin_unlock(&sbi->dlm_lock);

		if (inode)
			loom_lock_revoke(lk, inode);
		spin_lock(&sbi->dlm_lock);
		loom_lock_unlink_inode(lk);
		if (inode && lk->desc.type == LOOM_LDLM_EXTENT)
			clear_bit(LOOM_LI_SIZE_VALID, &loom_i(inode)->dlm_flags);
		spin_unlock(&sbi->dlm_lock);
		iput(inode);

		/* one LDLM_CANCEL per connection for a run of locks */
		if (nr && (batch[0]->conn != lk->conn ||
			   nr == LOOM_LDLM_CANCEL_MAX)) {
			loom_locks_send_cancel(batch, nr);
			nr = 0;
		}
		batch[nr++] = lk;
	}
	if (nr)
		loom_locks_send_cancel(batch, nr);
}

/**
 * struct loom_gl_answer - an answer to a glimpse callback, to send
 * @link: in sbi->dlm_gl
 * @conn: the OST that asked
 * @body: the answer
 */
struct loom_gl_answer {
	struct list_head		link;
	struct loom_conn		*conn;
	struct loom_ldlm_gl_reply	body;
};

/* Send the answers to glimpse callbacks queued on a mount. */
static void loom_dlm_gl_work(struct work_struct *work)
{
	struct loom_sb_info *sbi = container_of(work, struct loom_sb_info,
						dlm_gl_work);
	struct loom_gl_answer *ans;
	struct loom_req *req;

	for (;;) {
		spin_lock(&sbi->dlm_lock);
		ans = list_first_entry_or_null(&sbi->dlm_gl,
					       struct loom_gl_answer, link);
		if (ans)
			list_del(&ans->link);
		spin_unlock(&sbi->dlm_lock);
		if (!ans)
			break;
		req = loom_cl_req(ans->conn, LOOM_OPC_LDLM_GL_REPLY,
				  sizeof(ans->body));
		if (!IS_ERR(req)) {
			memcpy(req->req_body, &ans->body, sizeof(ans->body));
			/* lost, the OST stops waiting after a few seconds */
			loom_req_send_wait(req);
			loom_req_free(req);
		}
		kfree(ans);
	}
}

/*
 * Under sbi->dlm_lock: answer a glimpse callback on @lk with the object
 * as this client knows it.  While it holds every lock of the file its
 * i_size is the file's, cached writes included; so it is while it has
 * data to write back (losing any lock of the file writes it all back).
 * Nobody else changed the object under the lock, so i_size is never
 * too large for it.
 */
static void loom_lock_glimpse(struct loom_cl_lock *lk, u64 handle)
{
	struct loom_sb_info *sbi = lk->sbi;
	struct inode *inode = lk->inode;
	struct loom_gl_answer *ans;
	struct loom_cl_layout *lo;
	struct timespec64 mtime;

	lockdep_assert_held(&sbi->dlm_lock);
	if (sbi->dlm_dying || lk->desc.type != LOOM_LDLM_EXTENT)
		return;
	ans = kzalloc_obj(*ans, GFP_ATOMIC);
	if (!ans)
		return;		/* the OST waits a little, then goes on */
	ans->conn = lk->conn;
	ans->body.handle = cpu_to_le64(handle);
	/* not granted yet (the callback overtook the reply): nothing cached */
	lo = inode && test_bit(LOOM_LK_GRANTED, &lk->flags) ?
	     READ_ONCE(loom_i(inode)->layout) : NULL;
	if (lo && lk->stripe >= 0 && lk->stripe < lo->stripe_count &&
	    (test_bit(LOOM_LI_SIZE_VALID, &loom_i(inode)->dlm_flags) ||
	     loom_has_unsent(inode))) {
		mtime = inode_get_mtime(inode);
		ans->body.flags = cpu_to_le32(LOOM_GL_F_KNOWN);
		ans->body.lvb.size =
			cpu_to_le64(loom_layout_obj_size(lo->stripe_size,
							 lo->stripe_count,
							 lk->stripe,
							 i_size_read(inode)));
		ans->body.lvb.mtime_sec = cpu_to_le64(mtime.tv_sec);
		ans->body.lvb.mtime_nsec = cpu_to_le32(mtime.tv_nsec);
	}
	list_add_tail(&ans->link, &sbi->dlm_gl);
	queue_work(loom_dlm_wq, &sbi->dlm_gl_work);
}

/* LOOMNET_PORTAL_CB: a server calls a lock back or glimpses it. */
static void loom_dlm_cb_handler(struct loomnet_msg *msg, void *priv)
{
	const struct loom_ldlm_cb *cb = msg->data;
	struct loom_cl_lock *lk;
	u64 cookie;

	if (loom_wire_check_cb(msg->data, msg->len)) {
		pr_warn_ratelimited("loom: malformed lock callback dropped\n");
		goto out;
	}
	cookie = le64_to_cpu(cb->cookie);
	if (le32_to_cpu(cb->target_type) == LOOM_TGT_MGS) {
		loom_mgc_callback(cookie);	/* the configuration lock */
		goto out;
	}
	rcu_read_lock();
	lk = rhashtable_lookup(&loom_cl_locks, &cookie, loom_cl_lock_params);
	if (lk) {
		struct loom_sb_info *sbi = lk->sbi;

		spin_lock(&sbi->dlm_lock);
		if (le16_to_cpu(cb->hdr.opcode) == LOOM_OPC_LDLM_GL_AST) {
			loom_lock_glimpse(lk, le64_to_cpu(cb->handle));
		} else {
			set_bit(LOOM_LK_CB_PENDING, &lk->flags);
			loom_lock_queue_cancel(lk);
		}
		spin_unlock(&sbi->dlm_lock);
	}
	rcu_read_unlock();
	/*
	 * An unknown cookie is a lock already cancelled (its LDLM_CANCEL is
	 * on its way) or one whose enqueue this client gave up on; the
	 * server evicts us in the second case.
	 */
out:
	loomnet_msg_free(msg);
}

/* Under sbi->dlm_lock: take a user of a matching granted lock. */
static struct loom_cl_lock *loom_dlm_match(struct inode *inode,
					   struct loom_conn *conn,
					   const struct loom_fid *res,
					   const struct loom_lock_desc *want)
{
	struct loom_sb_info *sbi = loom_sbi(inode->i_sb);
	struct loom_cl_lock *lk;

	list_for_each_entry(lk, &loom_i(inode)->dlm_locks, ilink) {
		if (lk->conn != conn || !loom_fid_equal(&lk->res, res) ||
		    !test_bit(LOOM_LK_GRANTED, &lk->flags) ||
		    test_bit(LOOM_LK_CB_PENDING, &lk->flags) ||
		    test_bit(LOOM_LK_CANCELLING, &lk->flags) ||
		    !loom_ldlm_covers(&lk->desc, want))
			continue;
		if (!lk->users++ && !list_empty(&lk->lru)) {
			list_del_init(&lk->lru);
			sbi->dlm_nr_lru--;
		}
		return lk;
	}
	return NULL;
}

/**
 * loom_dlm_find() - a cached granted lock serving a need
 * @inode: the inode the lock serves
 * @conn: the target
 * @res: the resource
 * @want: the lock needed
 *
 * Return: the lock with a user (drop it with loom_dlm_put()), or %NULL.
 */
struct loom_cl_lock *loom_dlm_find(struct inode *inode, struct loom_conn *conn,
				   const struct loom_fid *res,
				   const struct loom_lock_desc *want)
{
	struct loom_sb_info *sbi = loom_sbi(inode->i_sb);
	struct loom_cl_lock *lk;

	spin_lock(&sbi->dlm_lock);
	lk = loom_dlm_match(inode, conn, res, want);
	spin_unlock(&sbi->dlm_lock);
	return lk;
}

/* Under sbi->dlm_lock: while the LRU is too long, the oldest lock goes. */
static void loom_dlm_lru_trim(struct loom_sb_info *sbi)
{
	struct loom_cl_lock *old;

	lockdep_assert_held(&sbi->dlm_lock);
	while (sbi->dlm_nr_lru > READ_ONCE(lock_lru_size)) {
		old = list_first_entry(&sbi->dlm_lru, struct loom_cl_lock, lru);
		set_bit(LOOM_LK_CB_PENDING, &old->flags);
		loom_lock_queue_cancel(old);
	}
}

/**
 * loom_dlm_put() - an operation no longer relies on a lock
 * @lk: the lock, from loom_dlm_lock()
 */
void loom_dlm_put(struct loom_cl_lock *lk)
{
	struct loom_sb_info *sbi;

	if (!lk)
		return;
	sbi = lk->sbi;
	spin_lock(&sbi->dlm_lock);
	clear_bit(LOOM_LK_FRESH, &lk->flags);
	if (--lk->users) {
		spin_unlock(&sbi->dlm_lock);
		return;
	}
	if (test_bit(LOOM_LK_CB_PENDING, &lk->flags) || !lk->inode) {
		set_bit(LOOM_LK_CB_PENDING, &lk->flags);
		loom_lock_queue_cancel(lk);
	} else if (!test_bit(LOOM_LK_CANCELLING, &lk->flags)) {
		list_add_tail(&lk->lru, &sbi->dlm_lru);
		sbi->dlm_nr_lru++;
		loom_dlm_lru_trim(sbi);
	}
	spin_unlock(&sbi->dlm_lock);
}

/**
 * loom_dlm_lock() - find or take a lock for an inode
 * @inode: the inode the lock serves
 * @conn: the target
 * @res: the resource (the inode's FID or one of its objects')
 * @want: the lock needed
 * @stripe: the object's index in the layout, -1 for an MDT lock
 * @intent: LOOM_IT_*; with an intent no cached lock is used
 * @name: LOOM_IT_LOOKUP: the name
 * @name_len: its length
 * @reqp: with an intent, the request, whose reply holds the intent's part
 *	after struct loom_ldlm_enqueue_rep; the caller frees it
 *
 * Return: the lock with a user (drop it with loom_dlm_put()), or an
 * ERR_PTR().  With LOOM_IT_GLIMPSE, %NULL when no lock was granted: the
 * reply in *@reqp holds the object's size in its lock value block.
 */
struct loom_cl_lock *loom_dlm_lock(struct inode *inode, struct loom_conn *conn,
				   const struct loom_fid *res,
				   const struct loom_lock_desc *want,
				   int stripe, u32 intent, const char *name,
				   u32 name_len, struct loom_req **reqp)
{
	const struct loom_ldlm_enqueue_rep *rep;
	struct loom_ldlm_enqueue_req *body;
	struct loom_lock_desc granted;
	struct loom_cl_lock *lk;
	struct loom_req *req;
	int rc;

	if (intent == LOOM_IT_NONE) {
		lk = loom_dlm_find(inode, conn, res, want);
		if (lk)
			return lk;
	}

	lk = loom_dlm_prepare(loom_sbi(inode->i_sb), conn, want, stripe);
	if (IS_ERR(lk))
		return lk;
	req = loom_cl_req(conn, LOOM_OPC_LDLM_ENQUEUE,
			  sizeof(*body) + ALIGN(name_len, 8));
	if (IS_ERR(req)) {
		rc = PTR_ERR(req);
		goto err;
	}
	body = req->req_body;
	body->res = *res;
	body->cookie = cpu_to_le64(lk->cookie);
	body->type = cpu_to_le32(want->type);
	body->mode = cpu_to_le32(want->mode);
	body->bits = cpu_to_le64(want->bits);
	body->start = cpu_to_le64(want->start);
	body->end = cpu_to_le64(want->end);
	body->intent = cpu_to_le32(intent);
	body->name_len = cpu_to_le32(name_len);
	if (name_len)
		memcpy(body + 1, name, name_len);
	rep = loom_cl_call(req, sizeof(*rep));
	if (IS_ERR(rep)) {
		rc = PTR_ERR(rep);
		goto err_req;
	}
	rc = loom_wire_check_enqueue_rep(rep, req->rep_len, want, &granted);
	if (rc > 0 && intent == LOOM_IT_GLIMPSE && reqp) {
		/* no lock: the reply's lock value block is the answer */
		loom_lock_free(lk);
		*reqp = req;
		return NULL;
	}
	if (rc)
		goto err_req;

	lk->lvb = rep->lvb;
	loom_dlm_attach(lk, inode, res, le64_to_cpu(rep->handle), &granted);
	if (reqp)
		*reqp = req;
	else
		loom_req_free(req);
	return lk;

err_req:
	loom_req_free(req);
err:
	loom_lock_free(lk);
	return ERR_PTR(rc);
}

/**
 * loom_dlm_prepare() - a lock about to be asked for in a request
 * @sbi: the mount
 * @conn: the target
 * @want: the lock to ask for
 * @stripe: the object's index in the layout, -1 for an MDT lock
 *
 * The lock gets its cookie (loom_dlm_cookie()) and is known to callbacks
 * at once, since one may come before the reply.  Once the reply comes,
 * loom_dlm_attach() it to its inode, or loom_dlm_abort() it.
 *
 * Return: the lock, with a user, or an ERR_PTR().
 */
struct loom_cl_lock *loom_dlm_prepare(struct loom_sb_info *sbi,
				      struct loom_conn *conn,
				      const struct loom_lock_desc *want,
				      int stripe)
{
	struct loom_cl_lock *lk;
	int rc;

	lk = kzalloc_obj(*lk, GFP_NOFS);
	if (!lk)
		return ERR_PTR(-ENOMEM);
	INIT_LIST_HEAD(&lk->ilink);
	INIT_LIST_HEAD(&lk->lru);
	INIT_LIST_HEAD(&lk->rlink);
	lk->sbi = sbi;
	lk->conn = conn;
	lk->desc = *want;
	lk->stripe = stripe;
	lk->users = 1;
	do {
		lk->cookie = atomic64_inc_return(&loom_next_cookie);
	} while (!lk->cookie);
	rc = rhashtable_insert_fast(&loom_cl_locks, &lk->node,
				    loom_cl_lock_params);
	if (rc) {
		kfree(lk);
		return ERR_PTR(rc);
	}
	return lk;
}

/**
 * loom_dlm_cookie() - the client's name for a lock
 * @lk: a lock from loom_dlm_prepare()
 *
 * Return: the cookie to send.
 */
u64 loom_dlm_cookie(const struct loom_cl_lock *lk)
{
	return lk->cookie;
}

/**
 * loom_dlm_attach() - the server granted a prepared lock
 * @lk: the lock, from loom_dlm_prepare()
 * @inode: the inode it serves
 * @res: the resource
 * @handle: the server's handle, non-zero
 * @granted: what was granted
 *
 * The lock keeps its user: drop it with loom_dlm_put().
 */
void loom_dlm_attach(struct loom_cl_lock *lk, struct inode *inode,
		     const struct loom_fid *res, u64 handle,
		     const struct loom_lock_desc *granted)
{
	struct loom_sb_info *sbi = lk->sbi;
	struct loom_inode_info *li = loom_i(inode);

	spin_lock(&sbi->dlm_lock);
	lk->res = *res;
	lk->handle = handle;
	lk->desc = *granted;
	lk->inode = inode;
	list_add_tail(&lk->ilink, &li->dlm_locks);
	if (granted->type == LOOM_LDLM_IBITS &&
	    (granted->bits & LOOM_IBIT_LOOKUP))
		li->dlm_lookup_locks++;
	set_bit(LOOM_LK_FRESH, &lk->flags);
	set_bit(LOOM_LK_GRANTED, &lk->flags);
	spin_unlock(&sbi->dlm_lock);
}

/**
 * loom_dlm_abort() - forget a prepared lock that was not granted
 * @lk: the lock, from loom_dlm_prepare()
 * @handle: non-zero if the server granted it all the same (a reply that
 *	cannot be trusted): it is cancelled
 */
void loom_dlm_abort(struct loom_cl_lock *lk, u64 handle)
{
	if (handle) {
		lk->handle = handle;
		loom_locks_send_cancel(&lk, 1);	/* frees it */
		return;
	}
	loom_lock_free(lk);
}

/**
 * loom_dlm_is_new() - whether a lock was just granted to its user
 * @lk: a lock from loom_dlm_lock()
 *
 * Return: true if loom_dlm_lock() enqueued it rather than found it cached:
 * its lock value block describes the object as it is now.
 */
bool loom_dlm_is_new(const struct loom_cl_lock *lk)
{
	return test_bit(LOOM_LK_FRESH, &lk->flags);
}

/**
 * loom_dlm_dentry_stamp() - a dentry of @dir was just looked up or made
 * @dentry: the dentry
 * @dir: its parent directory
 *
 * Call with a user of @dir's LOOKUP lock held (or after this client
 * changed the directory itself): the dentry stays valid until that lock
 * goes.  Without such a lock it is checked at its next use.
 */
void loom_dlm_dentry_stamp(struct dentry *dentry, struct inode *dir)
{
	struct loom_sb_info *sbi = loom_sbi(dir->i_sb);
	struct loom_inode_info *li = loom_i(dir);

	spin_lock(&sbi->dlm_lock);
	dentry->d_time = li->dlm_lookup_locks ? li->dlm_dir_gen :
			 li->dlm_dir_gen - 1;
	spin_unlock(&sbi->dlm_lock);
}

/**
 * loom_dlm_held_gen() - whether an MDT lock is held, and since when
 * @inode: the inode
 * @want: the inode-bits lock needed
 * @gen: set to the inode's directory generation (for LOOKUP) or
 *	attribute generation (else) while such a lock is held
 *
 * For a request sent under a lock without holding it: the MDT serves
 * requests in order, so one queued behind a change that waits for this
 * client to cancel the lock must not keep it.  What the reply says stays
 * valid if the generation has not moved by then (loom_dlm_attr_set_valid(),
 * or a dentry's d_time): a lock that goes bumps it before its cancel is
 * sent, so before the change is made.
 *
 * Return: true if a granted lock covers @want.
 */
bool loom_dlm_held_gen(struct inode *inode, const struct loom_lock_desc *want,
		       unsigned long *gen)
{
	struct loom_sb_info *sbi = loom_sbi(inode->i_sb);
	struct loom_inode_info *li = loom_i(inode);
	struct loom_cl_lock *lk;

	lk = loom_dlm_find(inode, sbi->mdt, &li->fid, want);
	if (!lk)
		return false;
	spin_lock(&sbi->dlm_lock);
	*gen = want->bits & LOOM_IBIT_LOOKUP ? li->dlm_dir_gen :
	       li->dlm_attr_gen;
	spin_unlock(&sbi->dlm_lock);
	loom_dlm_put(lk);
	return true;
}

/**
 * loom_dlm_attr_set_valid() - keep attributes fetched under a lock
 * @inode: the inode, its attributes just applied
 * @gen: from loom_dlm_held_gen() before the request went
 *
 * Return: true if the lock stayed and the attributes are now cached.
 */
bool loom_dlm_attr_set_valid(struct inode *inode, unsigned long gen)
{
	struct loom_sb_info *sbi = loom_sbi(inode->i_sb);
	struct loom_inode_info *li = loom_i(inode);
	bool ok;

	spin_lock(&sbi->dlm_lock);
	ok = li->dlm_attr_gen == gen;
	if (ok)
		set_bit(LOOM_LI_ATTR_VALID, &li->dlm_flags);
	spin_unlock(&sbi->dlm_lock);
	return ok;
}

/**
 * loom_dlm_xattr_gen() - the xattr generation, while an XATTR lock is held
 * @inode: the inode
 * @gen: set to its xattr generation when a granted lock covers its
 *	extended attributes
 *
 * Return: true if such a lock is held; what a GETXATTR sent now says
 * stays true while @gen does not move (loom_dlm_no_caps_set()).
 */
bool loom_dlm_xattr_gen(struct inode *inode, unsigned long *gen)
{
	const struct loom_lock_desc want = {
		.type = LOOM_LDLM_IBITS,
		.mode = LOOM_LCK_PR,
		.bits = LOOM_IBIT_XATTR,
	};
	struct loom_sb_info *sbi = loom_sbi(inode->i_sb);
	struct loom_inode_info *li = loom_i(inode);
	struct loom_cl_lock *lk;

	if (!sbi->dlm)
		return false;
	lk = loom_dlm_find(inode, sbi->mdt, &li->fid, &want);
	if (!lk)
		return false;
	spin_lock(&sbi->dlm_lock);
	*gen = li->dlm_xattr_gen;
	spin_unlock(&sbi->dlm_lock);
	loom_dlm_put(lk);
	return true;
}

/**
 * loom_dlm_xattr_changed() - forget what is cached of the xattrs
 * @inode: the inode: its XATTR lock goes, or this client changes one
 */
void loom_dlm_xattr_changed(struct inode *inode)
{
	struct loom_sb_info *sbi = loom_sbi(inode->i_sb);
	struct loom_inode_info *li = loom_i(inode);

	spin_lock(&sbi->dlm_lock);
	li->dlm_xattr_gen++;
	clear_bit(LOOM_LI_NO_CAPS, &li->dlm_flags);
	spin_unlock(&sbi->dlm_lock);
}

/**
 * loom_dlm_no_caps_set() - the inode has no security.capability
 * @inode: the inode
 * @gen: from loom_dlm_xattr_gen() before the GETXATTR that said so
 *
 * Kept while the XATTR lock is: every write asks for that attribute
 * (file_remove_privs()), which then costs no request.
 */
void loom_dlm_no_caps_set(struct inode *inode, unsigned long gen)
{
	struct loom_sb_info *sbi = loom_sbi(inode->i_sb);
	struct loom_inode_info *li = loom_i(inode);

	spin_lock(&sbi->dlm_lock);
	if (li->dlm_xattr_gen == gen)
		set_bit(LOOM_LI_NO_CAPS, &li->dlm_flags);
	spin_unlock(&sbi->dlm_lock);
}

/**
 * loom_dlm_dentry_valid() - whether a dentry is still what the MDT says
 * @dentry: a dentry
 * @dir: its parent directory
 *
 * Return: true while its parent's LOOKUP lock, held when the dentry was
 * stamped, is still held.
 */
bool loom_dlm_dentry_valid(struct dentry *dentry, struct inode *dir)
{
	struct loom_inode_info *li = loom_i(dir);

	return READ_ONCE(li->dlm_lookup_locks) &&
	       READ_ONCE(dentry->d_time) == READ_ONCE(li->dlm_dir_gen);
}

/**
 * loom_dlm_lock_lvb() - the object as the server described it at the grant
 * @lk: an extent lock
 *
 * Return: the lock value block.
 */
const struct loom_ost_obj_rep *loom_dlm_lock_lvb(const struct loom_cl_lock *lk)
{
	return &lk->lvb;
}

/**
 * loom_dlm_evict_inode() - an inode goes: cancel its locks
 * @inode: the inode, its pages already gone
 *
 * The locks lose their inode and are cancelled in the background, in
 * batches; locks a worker is already cancelling only lose their inode.
 */
void loom_dlm_evict_inode(struct inode *inode)
{
	struct loom_sb_info *sbi = loom_sbi(inode->i_sb);
	struct loom_inode_info *li = loom_i(inode);
	struct loom_cl_lock *lk, *tmp;
	bool queued = false;

	spin_lock(&sbi->dlm_lock);
	list_for_each_entry_safe(lk, tmp, &li->dlm_locks, ilink) {
		lk->inode = NULL;
		list_del_init(&lk->ilink);
		if (lk->users)	/* an enqueue's user: it cancels at put */
			continue;
		if (test_and_set_bit(LOOM_LK_CANCELLING, &lk->flags))
			continue;
		if (!list_empty(&lk->lru)) {
			list_del(&lk->lru);
			sbi->dlm_nr_lru--;
		}
		list_add_tail(&lk->lru, &sbi->dlm_cancel);
		queued = true;
	}
	li->dlm_lookup_locks = 0;
	clear_bit(LOOM_LI_DIR_COMPLETE, &li->dlm_flags);
	spin_unlock(&sbi->dlm_lock);
	/* the cancels need nothing of the inode: they go in the background */
	if (queued)
		queue_work(loom_dlm_wq, &sbi->dlm_work);
}

/**
 * loom_dlm_sb_shutdown() - a mount goes: wait for its cancels
 * @sbi: the mount, all its inodes evicted
 */
void loom_dlm_sb_shutdown(struct loom_sb_info *sbi)
{
	struct loom_gl_answer *ans, *tmp;

	/* glimpse callbacks queue answers only while not dying */
	spin_lock(&sbi->dlm_lock);
	WRITE_ONCE(sbi->dlm_dying, true);
	spin_unlock(&sbi->dlm_lock);
	cancel_delayed_work_sync(&sbi->dlm_ping);
	cancel_work_sync(&sbi->dlm_replay_work);
	loom_dlm_replay_drop(sbi);
	loom_flock_sb_free(sbi);
	cancel_work_sync(&sbi->dlm_gl_work);
	list_for_each_entry_safe(ans, tmp, &sbi->dlm_gl, link)
		kfree(ans);
	INIT_LIST_HEAD(&sbi->dlm_gl);
	flush_work(&sbi->dlm_work);
	/* callbacks found the locks under RCU and look at @sbi */
	synchronize_rcu();
}

/*
 * Under sbi->dlm_lock: whether @lk is the open lock of an open file
 * (called back or not: the MDT calls back the open locks of a removed
 * file, which their holders keep until their last close).
 */
static bool loom_lock_replayable(struct loom_cl_lock *lk)
{
	return lk->desc.type == LOOM_LDLM_IBITS &&
	       lk->desc.bits == LOOM_IBIT_OPEN && lk->users && lk->inode &&
	       test_bit(LOOM_LK_GRANTED, &lk->flags) &&
	       !test_bit(LOOM_LK_CANCELLING, &lk->flags);
}

/* Re-enqueue an open lock with the new MDT instance: 0 or an errno. */
static int loom_lock_replay(struct loom_cl_lock *lk)
{
	const struct loom_ldlm_enqueue_rep *rep;
	struct loom_ldlm_enqueue_req *body;
	struct loom_lock_desc granted;
	struct loom_req *req;
	int rc;

	req = loom_cl_req(lk->conn, LOOM_OPC_LDLM_ENQUEUE, sizeof(*body));
	if (IS_ERR(req))
		return PTR_ERR(req);
	body = req->req_body;
	body->res = lk->res;
	body->cookie = cpu_to_le64(lk->cookie);
	body->type = cpu_to_le32(LOOM_LDLM_IBITS);
	body->mode = cpu_to_le32(LOOM_LCK_PR);
	body->bits = cpu_to_le64(LOOM_IBIT_OPEN);
	body->intent = cpu_to_le32(LOOM_IT_REPLAY);
	rep = loom_cl_call(req, sizeof(*rep));
	if (IS_ERR(rep)) {
		rc = PTR_ERR(rep);
		goto out;
	}
	rc = loom_wire_check_enqueue_rep(rep, req->rep_len, &lk->desc,
					 &granted);
	if (rc) {
		rc = -EPROTO;
		goto out;
	}
	spin_lock(&lk->sbi->dlm_lock);
	lk->handle = le64_to_cpu(rep->handle);
	spin_unlock(&lk->sbi->dlm_lock);
out:
	loom_req_free(req);
	return rc;
}

/*
 * The MDT restarted: replay the open locks of the open files, then the
 * advisory locks, and say so, so that the MDT's recovery window can end
 * before its time.  A lock the new instance refuses is lost: it is
 * cancelled at its last close, as a called back one.
 */
static void loom_dlm_replay_work(struct work_struct *work)
{
	struct loom_sb_info *sbi = container_of(work, struct loom_sb_info,
						dlm_replay_work);
	unsigned int nr = 0, lost = 0;
	struct loom_cl_lock *lk;
	struct loom_req *req;
	int rc;

	for (;;) {
		spin_lock(&sbi->dlm_lock);
		lk = list_first_entry_or_null(&sbi->dlm_replay,
					      struct loom_cl_lock, rlink);
		if (lk)
			list_del_init(&lk->rlink);
		spin_unlock(&sbi->dlm_lock);
		if (!lk)
			break;
		rc = loom_lock_replay(lk);
		spin_lock(&sbi->dlm_lock);
		clear_bit(LOOM_LK_REPLAY, &lk->flags);
		if (rc)
			set_bit(LOOM_LK_CB_PENDING, &lk->flags);
		spin_unlock(&sbi->dlm_lock);
		if (rc) {
			lost++;
			pr_warn_ratelimited("loom: %s: an open file's lock was not replayed: %d\n",
					    sbi->fsname, rc);
		}
		nr++;
		loom_dlm_put(lk);
	}
	if (READ_ONCE(sbi->dlm_dying))
		return;
	loom_flock_replay(sbi);
	req = loom_cl_req(sbi->mdt, LOOM_OPC_MDT_REPLAY_DONE, 0);
	if (!IS_ERR(req)) {
		loom_req_send_wait(req);
		loom_req_free(req);
	}
	if (nr)
		pr_info("loom: %s: replayed %u open locks to the MDT, %u lost\n",
			sbi->fsname, nr - lost, lost);
}

/* A mount goes: open locks left to replay lose their replay's user. */
static void loom_dlm_replay_drop(struct loom_sb_info *sbi)
{
	struct loom_cl_lock *lk;

	for (;;) {
		spin_lock(&sbi->dlm_lock);
		lk = list_first_entry_or_null(&sbi->dlm_replay,
					      struct loom_cl_lock, rlink);
		if (lk) {
			list_del_init(&lk->rlink);
			clear_bit(LOOM_LK_REPLAY, &lk->flags);
			set_bit(LOOM_LK_CB_PENDING, &lk->flags);
		}
		spin_unlock(&sbi->dlm_lock);
		if (!lk)
			break;
		loom_dlm_put(lk);
	}
}

/**
 * loom_dlm_conn_reset() - a target forgot this client's locks
 * @sbi: the mount
 * @conn: the target (reconnected under a new export, or evicted us)
 *
 * Every lock on @conn is called back at once, so that what it covered is
 * dropped; its cancel reaches a server that no longer knows it.  But an
 * MDT with %LOOM_FEAT_REPLAY gets the open locks of open files again,
 * and the advisory locks (loom_dlm_replay_work()), in its recovery window.
 */
void loom_dlm_conn_reset(struct loom_sb_info *sbi, struct loom_conn *conn)
{
	bool replay = conn == sbi->mdt &&
		      (loom_conn_features(conn) & LOOM_FEAT_REPLAY);
	struct rhashtable_iter iter;
	struct loom_cl_lock *lk;

	rhashtable_walk_enter(&loom_cl_locks, &iter);
	rhashtable_walk_start(&iter);
	while ((lk = rhashtable_walk_next(&iter))) {
		if (IS_ERR(lk) || lk->sbi != sbi || lk->conn != conn)
			continue;
		spin_lock(&sbi->dlm_lock);
		if (replay && loom_lock_replayable(lk)) {
			/* held by the replay until it is done */
			if (!test_and_set_bit(LOOM_LK_REPLAY, &lk->flags)) {
				lk->users++;
				list_add_tail(&lk->rlink, &sbi->dlm_replay);
			}
			spin_unlock(&sbi->dlm_lock);
			continue;
		}
		set_bit(LOOM_LK_CB_PENDING, &lk->flags);
		/* the target forgot it already: what it covered is stale now */
		if (lk->inode && lk->desc.type == LOOM_LDLM_EXTENT) {
			clear_bit(LOOM_LI_SIZE_VALID,
				  &loom_i(lk->inode)->dlm_flags);
		} else if (lk->inode) {
			struct loom_inode_info *li = loom_i(lk->inode);

			if (lk->desc.bits & LOOM_IBIT_UPDATE) {
				li->dlm_attr_gen++;
				clear_bit(LOOM_LI_ATTR_VALID, &li->dlm_flags);
			}
			if (lk->desc.bits & LOOM_IBIT_XATTR) {
				li->dlm_xattr_gen++;
				clear_bit(LOOM_LI_NO_CAPS, &li->dlm_flags);
			}
		}
		loom_lock_queue_cancel(lk);
		spin_unlock(&sbi->dlm_lock);
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	if (replay && !READ_ONCE(sbi->dlm_dying))
		queue_work(loom_dlm_wq, &sbi->dlm_replay_work);
}

struct workqueue_struct *loom_dlm_wq;

static int __net_init loom_dlm_net_init(struct net *net)
{
	return loomnet_portal_register(net, LOOMNET_PORTAL_CB,
				       loom_dlm_cb_handler, NULL);
}

static void __net_exit loom_dlm_net_exit(struct net *net)
{
	loomnet_portal_unregister(net, LOOMNET_PORTAL_CB);
}

static struct pernet_operations loom_dlm_net_ops = {
	.init	= loom_dlm_net_init,
	.exit	= loom_dlm_net_exit,
};

/**
 * loom_dlm_init() - set up the client's lock cache
 *
 * Return: 0 or a negative errno.
 */
int loom_dlm_init(void)
{
	int rc;

	atomic64_set(&loom_next_cookie, get_random_u64() >> 1);
	rc = rhashtable_init(&loom_cl_locks, &loom_cl_lock_params);
	if (rc)
		return rc;
	loom_dlm_wq = alloc_workqueue("loom_dlm", WQ_UNBOUND | WQ_MEM_RECLAIM,
				      0);
	if (!loom_dlm_wq) {
		rc = -ENOMEM;
		goto err_hash;
	}
	rc = register_pernet_subsys(&loom_dlm_net_ops);
	if (rc)
		goto err_wq;
	return 0;

err_wq:
	destroy_workqueue(loom_dlm_wq);
err_hash:
	rhashtable_destroy(&loom_cl_locks);
	return rc;
}

/**
 * loom_dlm_exit() - tear the lock cache down; no mount is left
 */
void loom_dlm_exit(void)
{
	unregister_pernet_subsys(&loom_dlm_net_ops);
	destroy_workqueue(loom_dlm_wq);
	rcu_barrier();
	rhashtable_destroy(&loom_cl_locks);
}

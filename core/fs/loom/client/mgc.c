// SPDX-License-Identifier: GPL-2.0
/*
 * Loom client: following the MGS's configuration while mounted.
 *
 * With an MGS that negotiated %LOOM_FEAT_MGS_NOTIFY, a mount holds a PR
 * lock on the MGS's configuration resource (common/wire.h).  A change on
 * the MGS calls it back (dlm.c hands the callback to loom_mgc_callback());
 * a worker cancels the lock, enqueues it again, which the MGS grants once
 * the change is done, fetches the configuration with its tunables and
 * applies it: new OSTs get a connection and are usable at once, the
 * default layout and the readahead window change.  The worker also pings
 * the MGS now and then, so that a restarted MGS, which forgot the lock,
 * is noticed and the lock taken again.  Without the feature nothing of
 * this runs: the configuration is the one read at mount.
 */
#include <linux/fs.h>
#include <linux/backing-dev.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include "../loom.h"
#include "internal.h"

#define LOOM_MGC_PING	(10 * HZ)
#define LOOM_MGC_RETRY	(3 * HZ)

/**
 * struct loom_mgc - a mount following its configuration
 * @link: in loom_mgcs
 * @sb: the mount
 * @work: refreshes the lock and the configuration, pings the MGS
 * @refresh: the lock was called back or lost: take it again and refetch
 * @dying: unmounting: callbacks are ignored
 * @cookie: the client's name of the current lock
 * @handle: the MGS's, 0 while none is granted
 * @version: the configuration version applied
 */
struct loom_mgc {
	struct list_head	link;
	struct super_block	*sb;
	struct delayed_work	work;
	atomic_t		refresh;
	bool			dying;
	u64			cookie;
	u64			handle;
	u64			version;
};

static LIST_HEAD(loom_mgcs);
static LIST_HEAD(loom_mgc_watches);	/* servers' locks, under loom_mgcs_lock */
static DEFINE_SPINLOCK(loom_mgcs_lock);	/* loom_mgcs, cookies, dying */
static u64 loom_mgc_next_cookie;

static void loom_mgc_kick(struct loom_mgc *mgc)
{
	atomic_set(&mgc->refresh, 1);
	mod_delayed_work(loom_dlm_wq, &mgc->work, 0);
}

/**
 * loom_mgc_callback() - the MGS calls a configuration lock back
 * @cookie: the lock's cookie
 *
 * Called by the callback portal's handler; an unknown cookie is a lock
 * already cancelled.
 */
void loom_mgc_callback(u64 cookie)
{
	struct loom_mgc_watch *w;
	struct loom_mgc *mgc;

	spin_lock_bh(&loom_mgcs_lock);
	list_for_each_entry(mgc, &loom_mgcs, link)
		if (mgc->cookie == cookie && !mgc->dying)
			loom_mgc_kick(mgc);
	list_for_each_entry(w, &loom_mgc_watches, link)
		if (w->cookie == cookie)
			w->fn(w->arg);
	spin_unlock_bh(&loom_mgcs_lock);
}

/**
 * loom_mgc_watch_add() - route callbacks of a server's configuration lock
 * @w: the watch, @w->fn and @w->arg set
 */
void loom_mgc_watch_add(struct loom_mgc_watch *w)
{
	spin_lock_bh(&loom_mgcs_lock);
	w->cookie = 0;
	list_add(&w->link, &loom_mgc_watches);
	spin_unlock_bh(&loom_mgcs_lock);
}

/**
 * loom_mgc_watch_del() - stop routing callbacks to a watch
 * @w: the watch; @w->fn is not running or called any more on return
 */
void loom_mgc_watch_del(struct loom_mgc_watch *w)
{
	spin_lock_bh(&loom_mgcs_lock);
	list_del(&w->link);
	spin_unlock_bh(&loom_mgcs_lock);
}

/**
 * loom_mgc_watch_cookie() - a new cookie for a watch's next lock
 * @w: the watch
 *
 * Callbacks of the watch's earlier locks are ignored from then on.
 *
 * Return: the cookie, non-zero.
 */
u64 loom_mgc_watch_cookie(struct loom_mgc_watch *w)
{
	spin_lock_bh(&loom_mgcs_lock);
	do {
		w->cookie = ++loom_mgc_next_cookie;
	} while (!w->cookie);
	spin_unlock_bh(&loom_mgcs_lock);
	return w->cookie;
}

/* The MGS restarted or evicted us: the lock is gone. */
static void loom_mgc_reconnected(struct loom_conn *conn, u64 generation,
				 void *arg)
{
	struct loom_mgc *mgc = arg;

	spin_lock_bh(&loom_mgcs_lock);
	if (!mgc->dying) {
		mgc->handle = 0;
		loom_mgc_kick(mgc);
	}
	spin_unlock_bh(&loom_mgcs_lock);
}

static void loom_mgc_cancel(struct loom_mgc *mgc)
{
	struct loom_sb_info *sbi = loom_sbi(mgc->sb);
	struct loom_ldlm_cancel_req *body;
	struct loom_req *req;

	if (!mgc->handle)
		return;
	req = loom_cl_req(sbi->mgs, LOOM_OPC_LDLM_CANCEL,
			  sizeof(*body) + sizeof(__le64));
	if (!IS_ERR(req)) {
		body = req->req_body;
		body->count = cpu_to_le32(1);
		body->handles[0] = cpu_to_le64(mgc->handle);
		loom_req_send_wait(req);
		loom_req_free(req);
	}
	mgc->handle = 0;
}

static int loom_mgc_enqueue(struct loom_mgc *mgc)
{
	/* a callback may come before the reply: the cookie is known first */
	spin_lock_bh(&loom_mgcs_lock);
	do {
		mgc->cookie = ++loom_mgc_next_cookie;
	} while (!mgc->cookie);
	spin_unlock_bh(&loom_mgcs_lock);
	return loom_mgs_config_enqueue(loom_sbi(mgc->sb)->mgs, mgc->cookie,
				       &mgc->handle);
}

static int loom_wire_to_nid(const struct loomnet_nid *w,
			    struct loomnet_nid *nid)
{
	*nid = *w;
	nid->net = le16_to_cpu((__force __le16)w->net);
	return loom_wire_check_nid(w);
}

/* Connect to an OST the configuration lists and the mount does not know. */
static void loom_mgc_add_ost(struct loom_sb_info *sbi,
			     const struct loom_target_entry *e)
{
	u32 index = le32_to_cpu(e->index);
	struct loomnet_nid nid;
	struct loom_conn *conn;

	if (READ_ONCE(sbi->osts[index]) || loom_wire_to_nid(&e->nid, &nid))
		return;
	conn = loom_cl_connect(sbi, &nid, LOOM_TGT_OST, index);
	if (IS_ERR(conn)) {
		pr_warn("loom: %s: cannot connect to new OST%04x: %pe\n",
			sbi->fsname, index, conn);
		return;
	}
	if (sbi->dlm && !(loom_conn_features(conn) & LOOM_FEAT_DLM)) {
		pr_warn("loom: %s: new OST%04x has no locks: not used\n",
			sbi->fsname, index);
		loom_conn_destroy(conn);
		return;
	}
	WRITE_ONCE(sbi->osts[index], conn);
	/* readers check the slots below nr_osts without a lock: slot first */
	smp_wmb();
	if (index >= sbi->nr_osts)
		WRITE_ONCE(sbi->nr_osts, index + 1);
	pr_info("loom: %s: OST%04x added\n", sbi->fsname, index);
}

/* Apply a validated configuration with tunables. */
static void loom_mgc_apply(struct loom_mgc *mgc, const void *body, u32 len)
{
	struct loom_sb_info *sbi = loom_sbi(mgc->sb);
	const struct loom_mgs_config_rep *rep = body;
	const struct loom_target_entry *e = (const void *)(rep + 1);
	const struct loom_mgs_tunables *tun;
	struct backing_dev_info *bdi = mgc->sb->s_bdi;
	u32 i, nr = le32_to_cpu(rep->nr_targets);
	unsigned long ra;

	tun = (const void *)((const char *)body + len - sizeof(*tun));
	for (i = 0; i < nr; i++, e++)
		if (le32_to_cpu(e->type) == LOOM_TGT_OST &&
		    (le32_to_cpu(e->flags) & LOOM_TGT_F_ACTIVE))
			loom_mgc_add_ost(sbi, e);
	ra = le32_to_cpu(tun->readahead_kb) ?
		le32_to_cpu(tun->readahead_kb) / (PAGE_SIZE / 1024) :
		LOOM_READAHEAD_BYTES / PAGE_SIZE;
	WRITE_ONCE(bdi->ra_pages, ra);
	WRITE_ONCE(bdi->io_pages, ra);
	spin_lock(&sbi->dlm_lock);
	sbi->def_layout = rep->def_layout;
	spin_unlock(&sbi->dlm_lock);
	if (mgc->version != le64_to_cpu(rep->config_version))
		pr_info("loom: %s: configuration version %llu\n", sbi->fsname,
			le64_to_cpu(rep->config_version));
	mgc->version = le64_to_cpu(rep->config_version);
}

static int loom_mgc_fetch(struct loom_mgc *mgc)
{
	struct loom_sb_info *sbi = loom_sbi(mgc->sb);
	struct loom_mgs_config_req *body;
	struct loom_mgs_config_ext *ext;
	struct loom_req *req;
	const void *rep;
	int rc;

	req = loom_cl_req(sbi->mgs, LOOM_OPC_MGS_CONFIG,
			  sizeof(*body) + sizeof(*ext));
	if (IS_ERR(req))
		return PTR_ERR(req);
	body = req->req_body;
	strscpy(body->fsname, sbi->fsname, sizeof(body->fsname));
	ext = (void *)(body + 1);
	ext->flags = cpu_to_le32(LOOM_MGS_CONFIG_TUNABLES);
	ext->padding = 0;
	rep = loom_cl_call(req, sizeof(struct loom_mgs_config_rep));
	if (IS_ERR(rep)) {
		rc = PTR_ERR(rep);
		goto out;
	}
	rc = loom_wire_check_config_ext(rep, req->rep_len, true);
	if (!rc)
		loom_mgc_apply(mgc, rep, req->rep_len);
out:
	loom_req_free(req);
	return rc;
}

/* Take the lock again (granted after the change) and refetch. */
static int loom_mgc_refresh(struct loom_mgc *mgc)
{
	int rc;

	loom_mgc_cancel(mgc);
	rc = loom_mgc_enqueue(mgc);
	if (!rc)
		rc = loom_mgc_fetch(mgc);
	return rc;
}

static void loom_mgc_work(struct work_struct *work)
{
	struct loom_mgc *mgc = container_of(to_delayed_work(work),
					    struct loom_mgc, work);
	struct loom_sb_info *sbi = loom_sbi(mgc->sb);
	unsigned long delay = LOOM_MGC_PING;
	struct loom_req *req;
	int rc;

	if (atomic_xchg(&mgc->refresh, 0)) {
		rc = loom_mgc_refresh(mgc);
		if (rc) {
			pr_debug("loom: %s: configuration refresh failed: %d\n",
				 sbi->fsname, rc);
			atomic_set(&mgc->refresh, 1);
			delay = LOOM_MGC_RETRY;
		}
	} else {
		/* a restarted MGS is noticed here: loom_mgc_reconnected() */
		req = loom_cl_req(sbi->mgs, LOOM_OPC_PING, 0);
		if (!IS_ERR(req)) {
			loom_req_send_wait(req);
			loom_req_free(req);
		}
	}
	spin_lock_bh(&loom_mgcs_lock);
	if (!mgc->dying)
		mod_delayed_work(loom_dlm_wq, &mgc->work,
				 atomic_read(&mgc->refresh) ? 0 : delay);
	spin_unlock_bh(&loom_mgcs_lock);
}

/**
 * loom_mgc_start() - follow the configuration of a new mount
 * @sb: the mount, connected to its targets
 *
 * Takes the configuration lock and applies the tunables, if the MGS
 * negotiated %LOOM_FEAT_MGS_NOTIFY; otherwise, or if that fails, the
 * mount keeps the configuration it read at mount.
 */
void loom_mgc_start(struct super_block *sb)
{
	struct loom_sb_info *sbi = loom_sbi(sb);
	struct loom_mgc *mgc;
	int rc;

	if (!(loom_conn_features(sbi->mgs) & LOOM_FEAT_MGS_NOTIFY))
		return;
	mgc = kzalloc_obj(*mgc, GFP_KERNEL);
	if (!mgc)
		return;
	mgc->sb = sb;
	INIT_DELAYED_WORK(&mgc->work, loom_mgc_work);
	spin_lock_bh(&loom_mgcs_lock);
	list_add(&mgc->link, &loom_mgcs);
	spin_unlock_bh(&loom_mgcs_lock);
	sbi->mgc = mgc;
	loom_conn_set_reconnect_cb(sbi->mgs, loom_mgc_reconnected, mgc);
	rc = loom_mgc_enqueue(mgc);
	if (!rc)
		rc = loom_mgc_fetch(mgc);
	if (rc) {
		pr_warn("loom: %s: cannot follow the MGS configuration: %d\n",
			sbi->fsname, rc);
		atomic_set(&mgc->refresh, 1);
	}
	queue_delayed_work(loom_dlm_wq, &mgc->work,
			   rc ? LOOM_MGC_RETRY : LOOM_MGC_PING);
}

/**
 * loom_mgc_stop() - stop following the configuration
 * @sbi: the mount, its connections still up
 */
void loom_mgc_stop(struct loom_sb_info *sbi)
{
	struct loom_mgc *mgc = sbi->mgc;

	if (!mgc)
		return;
	spin_lock_bh(&loom_mgcs_lock);
	mgc->dying = true;
	list_del(&mgc->link);
	spin_unlock_bh(&loom_mgcs_lock);
	cancel_delayed_work_sync(&mgc->work);
	loom_conn_set_reconnect_cb(sbi->mgs, NULL, NULL);
	loom_mgc_cancel(mgc);
	sbi->mgc = NULL;
	kfree(mgc);
}

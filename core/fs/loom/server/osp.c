// SPDX-License-Identifier: GPL-2.0
/*
 * Loom MDT: its connections to the OSTs (object storage proxies), object
 * placement and precreation.
 *
 * For every OST the MGS configuration names, the MDT keeps a loom_conn
 * and a worker that polls OST_STATFS (every statfs_interval seconds, and
 * at once when placement wants it) to know whether the OST is up and how
 * much space it has.  Objects are precreated: the worker asks the OST with
 * OST_PRECREATE for objects [created + 1, created + create_count] of the
 * MDT's sequence on it whenever fewer than create_count / 2 are left, so
 * that a file creation takes object ids that exist already and never
 * waits for an OST, unless one it wants has none left.
 *
 * Ids: per OST, @used is the last id handed out to a file, @created the
 * last the OST made.  @used is reserved on disk ahead of use (an xattr of
 * the MDT's root: one __le32 per OST index up to the highest known,
 * OSP_RESERVE ids at a time) and written exactly at a
 * clean stop, so after a restart, even after a crash, the MDT resumes
 * above every id it may have handed out.  At each connection to an OST
 * instance (the MDT's start, the OST's restart, an eviction) the pool is
 * dropped and OST_ORPHAN tells the OST the last id used: the OST destroys
 * the objects above it, which no file refers to, before precreation
 * resumes.  OSTs that do not negotiate %LOOM_FEAT_OST_CREATE get ids
 * without precreation, as before: they create objects at the first write.
 *
 * Placement (common/qos.c): round-robin while the OSTs' free space is
 * balanced, weighted round-robin by free space when it is not.  OSTs that
 * are down, full or without precreated objects are skipped.
 *
 * Destroy log: a regular file that loses its last link keeps its MDT
 * object (link count 0, with its layout) and gets a record in the log, a
 * directory object of the MDT (FID MDT sequence:%LOOM_DISK_OID_DESTROY_LOG)
 * whose entries are named 'd' (destroy now), 'k' (kept open by a client
 * until MDT_RELEASE) or 'o' (open on clients: kept while any client holds
 * a lock on %LOOM_IBIT_OPEN) followed by the file's FID.  The record is
 * on disk before the MDT answers the unlink.  Clients that only cache an
 * open lock are asked to cancel it; each cancel, and each client that
 * goes with its locks, wakes the worker, which turns the 'o' records
 * nobody holds open any more into 'd'.  A worker sends OST_DESTROY for every
 * object of each 'd' record over the OST's connection (an OST that says
 * -ENOENT counts as done) and, once all are gone, destroys the MDT object
 * and removes the record; records whose OSTs are down are retried with
 * backoff and as soon as an OST comes back.  At a start with a recovery
 * window (service.c), 'k' and 'o' records stay while the clients of the
 * last instance replay their open locks, and so does every record that
 * would become 'd' because nobody holds the file open: at the window's
 * end, 'o' records nobody replayed an open lock for become 'd', and so do
 * 'k' ones (those still held open stay 'k', for their MDT_RELEASE).
 * Without a window every 'k' and 'o' record becomes 'd' at start.  Then
 * pending records are replayed.
 *
 * Tunables and state in /sys/fs/loom/FSNAME-MDTxxxx/.
 */
#include <linux/slab.h>
#include <linux/mutex.h>
#include <linux/kobject.h>
#include <linux/sysfs.h>
#include <linux/workqueue.h>
#include <linux/wait.h>
#include <linux/overflow.h>
#include <linux/stat.h>
#include <net/net_namespace.h>
#include "../common/rpc.h"
#include "../common/qos.h"
#include "../common/disk.h"
#include "server.h"
#include "ldlm.h"

#define OSP_XA_IDS		"loom.ostids"
#define OSP_RESERVE		256
#define OSP_CREATE_COUNT	128
#define OSP_STATFS_INTERVAL	5
#define OSP_CONN_TIMEOUT	10
#define OSP_WAIT		(10 * HZ)
#define OSP_XA_LAYOUT		"loom.layout"	/* the MDT's, mdt.c */
#define OSP_DESTROY_BATCH	16
#define OSP_DESTROY_RETRY_MAX	(16 * HZ)
#define OSP_REC_LEN		(1 + 16 + 1 + 8)

enum osp_state {
	OSP_NEW,	/* not heard from yet */
	OSP_UP,		/* answered the last STATFS */
	OSP_DOWN,	/* did not */
};

/**
 * struct osp_dev - the MDT's view of one OST
 * @osp: the MDT's OSP
 * @index: OST index
 * @present: named by the MGS configuration
 * @nid: its NID
 * @reset: @nid changed: reconnect
 * @conn: connection, made by @work
 * @state: enum osp_state
 * @precreate: the OST serves OST_PRECREATE and OST_ORPHAN
 * @synced: orphans were cleaned up since the last new connection
 * @gen: bumped by every new connection handle
 * @avail: bytes available, from the last STATFS
 * @total: bytes in all
 * @used: last object id handed out
 * @created: last object id the OST made (with @synced)
 * @reserved: ids up to this are reserved on disk
 * @credit: placement state (struct loom_qos_tgt)
 * @err: errno of the last failed request
 * @born: jiffies when the configuration first named it: while it is
 *	new, for OSP_WAIT, failures leave it new (it may be starting too)
 * @work: connects, polls STATFS, cleans orphans up, precreates
 * @send_lock: held while @conn may be replaced, and by OST_DESTROY senders
 *	while they use it
 *
 * Everything but @work and @send_lock under the OSP's lock.
 */
struct osp_dev {
	struct loom_osp		*osp;
	u32			index;
	bool			present;
	struct loomnet_nid	nid;
	bool			reset;
	struct loom_conn	*conn;
	enum osp_state		state;
	bool			precreate;
	bool			synced;
	u64			gen;
	u64			avail;
	u64			total;
	u32			used;
	u32			created;
	u32			reserved;
	s64			credit;
	int			err;
	unsigned long		born;
	struct delayed_work	work;
	struct mutex		send_lock;	/* see above */
};

/**
 * struct loom_osp - an MDT's OSTs
 * @kobj: /sys/fs/loom/FSNAME-MDTxxxx
 * @tgt: the MDT
 * @osd: its storage
 * @root: FID of its root, where the reserved ids are kept
 * @lock: protects the fields below and the devices'
 * @stopping: no work is queued any more
 * @devs: by OST index, allocated when first configured
 * @qos: placement state
 * @create_count: objects precreated at a time
 * @statfs_interval: seconds between STATFS polls
 * @events: bumped when an OST gets objects or changes state
 * @waitq: creations waiting for objects
 * @log: the destroy log directory
 * @destroy_work: sends OST_DESTROY for the records of @log
 * @destroy_delay: retry delay, doubled while records stay pending
 * @destroy_pending: records left pending by the last pass
 * @destroy_open: records of files still open on clients, at the last pass
 * @destroyed: objects the OSTs destroyed (not counting those they did
 *	not have)
 * @recov_keep: 'k' records kept through the recovery window, to sort out
 *	once it ends
 */
struct loom_osp {
	struct kobject		kobj;
	struct loom_target	*tgt;
	struct loom_osd		*osd;
	struct loom_fid		root;
	struct mutex		lock;	/* see above */
	bool			stopping;
	struct osp_dev		*devs[LOOM_MAX_TARGETS];
	struct loom_qos		qos;
	u32			create_count;
	u32			statfs_interval;
	atomic_t		events;
	wait_queue_head_t	waitq;
	struct loom_osd_obj	*log;
	struct delayed_work	destroy_work;
	unsigned long		destroy_delay;
	u32			destroy_pending;
	u32			destroy_open;
	u64			destroyed;
	bool			recov_keep;
};

static struct kset *loom_kset;
static struct workqueue_struct *osp_wq;

static void osp_event(struct loom_osp *osp)
{
	atomic_inc(&osp->events);
	wake_up_all(&osp->waitq);
}

static void osp_queue(struct osp_dev *d, unsigned long delay)
{
	if (!d->osp->stopping)
		mod_delayed_work(osp_wq, &d->work, delay);
}

/* Reserve ids above every OST's @used on disk; called with the lock. */
static int osp_reserve(struct loom_osp *osp, bool exact)
{
	struct loom_osd_obj *root;
	__le32 *ids;
	u32 i, nr = 0;
	int ret;

	ids = kcalloc(LOOM_MAX_TARGETS, sizeof(*ids), GFP_NOFS);
	if (!ids)
		return -ENOMEM;
	for (i = 0; i < LOOM_MAX_TARGETS; i++) {
		struct osp_dev *d = osp->devs[i];
		u32 r;

		if (!d)
			continue;
		nr = i + 1;
		r = d->reserved;
		if (exact)
			r = d->used;
		else if (d->used >= r)
			r = d->used > U32_MAX - OSP_RESERVE ? U32_MAX :
			    d->used + OSP_RESERVE;
		ids[i] = cpu_to_le32(r);
	}
	root = loom_osd_obj_find(osp->osd, &osp->root, 0);
	if (IS_ERR(root)) {
		ret = PTR_ERR(root);
	} else {
		/* up to the highest OST index: small enough for any xattr */
		ret = nr ? loom_osd_xattr_set(root, OSP_XA_IDS, ids,
					      nr * sizeof(*ids)) : 0;
		loom_osd_obj_put(root);
	}
	if (!ret)
		for (i = 0; i < LOOM_MAX_TARGETS; i++)
			if (osp->devs[i])
				osp->devs[i]->reserved = le32_to_cpu(ids[i]);
	kfree(ids);
	return ret;
}

static void osp_reconnected(struct loom_conn *conn, u64 generation, void *arg)
{
	struct osp_dev *d = arg;

	/* a new OST instance, or it evicted us: clean orphans up again */
	mutex_lock(&d->osp->lock);
	d->gen++;
	d->synced = false;
	d->created = d->used;
	mutex_unlock(&d->osp->lock);
}

/* The connection to the OST, made if needed; NULL if it cannot be. */
static struct loom_conn *osp_conn(struct osp_dev *d)
{
	struct loom_osp *osp = d->osp;
	struct loom_conn *conn, *old = NULL;
	struct loomnet_nid nid;
	int ret;

	mutex_lock(&d->send_lock);
	mutex_lock(&osp->lock);
	if (d->reset) {
		old = d->conn;
		d->conn = NULL;
		d->reset = false;
	}
	conn = d->conn;
	nid = d->nid;
	mutex_unlock(&osp->lock);
	loom_conn_destroy(old);
	if (conn)
		goto out;

	conn = loom_conn_alloc(osp->tgt->net, &nid, LOOM_TGT_OST, d->index,
			       osp->tgt->fsname);
	if (IS_ERR(conn)) {
		conn = NULL;
		goto out;
	}
	loom_conn_set_timeout(conn, OSP_CONN_TIMEOUT);
	loom_conn_set_reconnect_cb(conn, osp_reconnected, d);
	mutex_lock(&osp->lock);
	if (osp->stopping) {
		mutex_unlock(&osp->lock);
		loom_conn_destroy(conn);
		conn = NULL;
		goto out;
	}
	d->conn = conn;
	mutex_unlock(&osp->lock);

	ret = loom_conn_connect(conn);
	mutex_lock(&osp->lock);
	if (ret) {
		old = d->conn;
		d->conn = NULL;
		d->err = ret;
		conn = NULL;
	} else {
		d->gen++;
		d->synced = false;
		d->created = d->used;
		d->precreate = loom_conn_features(conn) & LOOM_FEAT_OST_CREATE;
	}
	mutex_unlock(&osp->lock);
	if (ret) {
		pr_debug("loom: %s mdt%04x: cannot connect to ost%04x: %d\n",
			 osp->tgt->fsname, osp->tgt->index, d->index, ret);
		loom_conn_destroy(old);
	}
out:
	mutex_unlock(&d->send_lock);
	return conn;
}

/* An OST not heard from yet, named a short while ago: maybe starting. */
static bool osp_young(const struct osp_dev *d)
{
	return d->state == OSP_NEW && time_before(jiffies, d->born + OSP_WAIT);
}

static int osp_statfs(struct osp_dev *d, struct loom_conn *conn)
{
	const struct loom_statfs_rep *rep;
	struct loom_osp *osp = d->osp;
	u64 avail = 0, total = 0;
	struct loom_req *req;
	int ret;

	req = loom_req_alloc(conn, LOOM_OPC_OST_STATFS, 0);
	if (IS_ERR(req))
		return PTR_ERR(req);
	ret = loom_req_send_wait(req);
	if (!ret) {
		rep = loom_req_reply(req, sizeof(*rep));
		if (!rep || !le32_to_cpu(rep->bsize) ||
		    check_mul_overflow(le64_to_cpu(rep->bavail),
				       (u64)le32_to_cpu(rep->bsize), &avail) ||
		    check_mul_overflow(le64_to_cpu(rep->blocks),
				       (u64)le32_to_cpu(rep->bsize), &total))
			ret = -EPROTO;
	}
	loom_req_free(req);

	mutex_lock(&osp->lock);
	if (ret && osp_young(d)) {
		d->err = ret;
	} else if (ret) {
		if (d->state != OSP_DOWN)
			pr_info("loom: %s mdt%04x: ost%04x is down (%d), placing objects elsewhere\n",
				osp->tgt->fsname, osp->tgt->index, d->index,
				ret);
		d->state = OSP_DOWN;
		d->err = ret;
	} else {
		if (d->state == OSP_DOWN)
			pr_info("loom: %s mdt%04x: ost%04x is up again\n",
				osp->tgt->fsname, osp->tgt->index, d->index);
		/* objects left to destroy on it can go now */
		if (d->state != OSP_UP && osp->destroy_pending &&
		    !osp->stopping)
			mod_delayed_work(osp_wq, &osp->destroy_work, 0);
		d->state = OSP_UP;
		d->avail = avail;
		d->total = total;
	}
	mutex_unlock(&osp->lock);
	osp_event(osp);
	return ret;
}

/* Send OST_PRECREATE or OST_ORPHAN; the OST's last id, or an errno. */
static s64 osp_create_rpc(struct osp_dev *d, struct loom_conn *conn,
			  u16 opcode, u32 id, u32 count)
{
	const struct loom_ost_create_rep *rep;
	struct loom_ost_create_req *body;
	struct loom_req *req;
	s64 ret;

	req = loom_req_alloc(conn, opcode, sizeof(*body));
	if (IS_ERR(req))
		return PTR_ERR(req);
	body = req->req_body;
	body->mdt_index = cpu_to_le32(d->osp->tgt->index);
	body->id = cpu_to_le32(id);
	body->count = cpu_to_le32(count);
	ret = loom_req_send_wait(req);
	if (!ret) {
		rep = loom_req_reply(req, sizeof(*rep));
		ret = rep ? le32_to_cpu(rep->last_id) : -EPROTO;
	}
	loom_req_free(req);
	return ret;
}

/* Clean orphans up after a new connection; 0 when in sync. */
static int osp_orphans(struct osp_dev *d, struct loom_conn *conn)
{
	struct loom_osp *osp = d->osp;
	u64 gen;
	u32 last;
	s64 ret;

	mutex_lock(&osp->lock);
	if (d->synced) {
		mutex_unlock(&osp->lock);
		return 0;
	}
	gen = d->gen;
	d->created = d->used;	/* nothing handed out until in sync */
	last = d->used;
	mutex_unlock(&osp->lock);

	ret = osp_create_rpc(d, conn, LOOM_OPC_OST_ORPHAN, last, 0);
	if (ret >= 0 && ret != last)
		ret = -EPROTO;
	mutex_lock(&osp->lock);
	if (ret < 0)
		d->err = ret;
	else if (d->gen == gen)
		d->synced = true;
	mutex_unlock(&osp->lock);
	return ret < 0 ? ret : 0;
}

/* Precreate if low: 1 if more are wanted at once, 0, or an errno. */
static int osp_precreate(struct osp_dev *d, struct loom_conn *conn)
{
	struct loom_osp *osp = d->osp;
	u32 start, count, low;
	u64 gen;
	s64 ret;

	mutex_lock(&osp->lock);
	count = osp->create_count;
	low = count / 2;
	if (!d->synced || d->created - d->used > low ||
	    d->created == U32_MAX) {
		mutex_unlock(&osp->lock);
		return 0;
	}
	gen = d->gen;
	start = d->created + 1;
	count = min(count, U32_MAX - d->created);
	mutex_unlock(&osp->lock);

	ret = osp_create_rpc(d, conn, LOOM_OPC_OST_PRECREATE, start, count);
	if (ret >= 0 && (ret < start - 1 || ret > (u64)start + count - 1))
		ret = -EPROTO;
	mutex_lock(&osp->lock);
	if (ret < 0) {
		d->err = ret;
	} else if (d->gen == gen && d->synced && ret > d->created) {
		d->created = ret;
		ret = ret < (u64)start + count - 1 ? 0 :
		      d->created - d->used <= low;
	} else {
		ret = 0;
	}
	mutex_unlock(&osp->lock);
	osp_event(osp);
	return ret;
}

static void osp_dev_work(struct work_struct *work)
{
	struct osp_dev *d = container_of(to_delayed_work(work),
					 struct osp_dev, work);
	struct loom_osp *osp = d->osp;
	unsigned long delay;
	struct loom_conn *conn;
	int ret = -ENOTCONN;
	bool pre, young;

	conn = osp_conn(d);
	if (conn)
		ret = osp_statfs(d, conn);
	mutex_lock(&osp->lock);
	pre = d->precreate;
	young = osp_young(d);
	if (!conn && !young && d->state != OSP_DOWN) {
		d->state = OSP_DOWN;
		osp_event(osp);
	}
	mutex_unlock(&osp->lock);
	if (!ret && pre) {
		ret = osp_orphans(d, conn);
		if (!ret)
			ret = osp_precreate(d, conn);
	}
	delay = (unsigned long)READ_ONCE(osp->statfs_interval) * HZ;
	if (ret == 1)
		delay = 0;
	else if (ret && young)
		delay = HZ / 2;
	mutex_lock(&osp->lock);
	osp_queue(d, delay);
	mutex_unlock(&osp->lock);
}

/**
 * loom_osp_set_ost() - the MGS configuration names an OST
 * @osp: the MDT's OSP
 * @index: OST index, below %LOOM_MAX_TARGETS
 * @nid: its NID
 *
 * Starts polling and precreating on a new OST, reconnects to one whose
 * NID changed.
 */
void loom_osp_set_ost(struct loom_osp *osp, u32 index,
		      const struct loomnet_nid *nid)
{
	struct osp_dev *d, *nd = NULL;

	if (index >= LOOM_MAX_TARGETS)
		return;
	if (!READ_ONCE(osp->devs[index])) {
		nd = kzalloc_obj(*nd, GFP_KERNEL);
		if (!nd)
			return;
	}
	mutex_lock(&osp->lock);
	d = osp->devs[index];
	if (!d && nd) {
		d = nd;
		nd = NULL;
		d->osp = osp;
		d->index = index;
		INIT_DELAYED_WORK(&d->work, osp_dev_work);
		mutex_init(&d->send_lock);
		osp->devs[index] = d;
	}
	if (d && (!d->present || !loomnet_nid_equal(&d->nid, nid))) {
		if (d->present)
			d->reset = true;
		if (!d->present)
			d->born = jiffies;
		d->present = true;
		d->nid = *nid;
		osp_queue(d, 0);
	}
	mutex_unlock(&osp->lock);
	kfree(nd);
}

/* Fill @t for placement; @map[i] is the OST of @t[i].  With the lock. */
static unsigned int osp_fill(struct loom_osp *osp, struct loom_qos_tgt *t,
			     u32 *map, unsigned int *eligible,
			     unsigned int *expected)
{
	unsigned int nr = 0, i;

	*eligible = 0;
	*expected = 0;
	for (i = 0; i < LOOM_MAX_TARGETS; i++) {
		struct osp_dev *d = osp->devs[i];

		if (!d || !d->present)
			continue;
		t[nr].avail = d->avail;
		t[nr].total = d->total;
		t[nr].credit = d->credit;
		t[nr].usable = d->state == OSP_UP &&
			       (!d->precreate ||
				(d->synced && d->created != d->used));
		if (d->state == OSP_NEW ||
		    (d->state == OSP_UP && !loom_qos_full(&t[nr])))
			(*expected)++;
		if (t[nr].usable && !loom_qos_full(&t[nr]))
			(*eligible)++;
		map[nr++] = i;
	}
	return nr;
}

/* Is the OST a file asks to start on getting objects?  With the lock. */
static bool osp_wait_first(struct loom_osp *osp, u32 offset)
{
	struct osp_dev *d;

	if (offset >= LOOM_MAX_TARGETS)
		return false;
	d = osp->devs[offset];
	if (!d || !d->present || d->state == OSP_DOWN)
		return false;
	if (d->state == OSP_NEW)
		return true;
	return d->precreate && (!d->synced || d->created == d->used);
}

/**
 * loom_osp_alloc() - place a new file's objects
 * @osp: the MDT's OSP
 * @count: stripes wanted, at least 1
 * @offset: OST index of the first stripe, or 0xffff for any
 * @objs: @count entries, filled
 *
 * Takes precreated objects of OSTs chosen by common/qos.c.  Waits for
 * objects only when fewer OSTs have some than the file wants and more
 * could (an OST being connected to or refilled), or when none has any,
 * at most OSP_WAIT.
 *
 * Return: the number of stripes placed (fewer than @count when fewer
 * OSTs can take objects), -ENOSPC if none can, -EINVAL if @offset is
 * not a configured OST, or another negative errno.
 */
int loom_osp_alloc(struct loom_osp *osp, u32 count, u32 offset,
		   struct loom_ost_obj *objs)
{
	unsigned long deadline = jiffies + OSP_WAIT;
	unsigned int nr, n, i, eligible, expected, first = LOOM_QOS_ANY;
	struct loom_qos_tgt *t;
	unsigned int *out;
	bool kicked = false;
	u32 *map;
	int ret, ev;

	t = kcalloc(LOOM_MAX_TARGETS, sizeof(*t), GFP_NOFS);
	map = kcalloc(LOOM_MAX_TARGETS, sizeof(*map), GFP_NOFS);
	out = kcalloc(LOOM_MAX_TARGETS, sizeof(*out), GFP_NOFS);
	if (!t || !map || !out) {
		ret = -ENOMEM;
		goto out;
	}
	mutex_lock(&osp->lock);
	for (;;) {
		ev = atomic_read(&osp->events);
		nr = osp_fill(osp, t, map, &eligible, &expected);
		/*
		 * No OST can take objects: rather than fail the create at
		 * once, wait for one to come back (a target restarting with
		 * a slow start, its pool refilling), asking the down ones too.
		 */
		if ((eligible >= min(count, expected) && (eligible || !nr) &&
		     !osp_wait_first(osp, offset)) ||
		    time_after(jiffies, deadline) || osp->stopping)
			break;
		/* an OST being connected to or refilled: wait for it */
		for (i = 0; i < nr && !kicked; i++)
			if (!t[i].usable &&
			    (!eligible ||
			     osp->devs[map[i]]->state != OSP_DOWN))
				osp_queue(osp->devs[map[i]], 0);
		kicked = true;
		mutex_unlock(&osp->lock);
		wait_event_timeout(osp->waitq,
				   atomic_read(&osp->events) != ev ||
				   READ_ONCE(osp->stopping),
				   max_t(long, deadline - jiffies, 1));
		mutex_lock(&osp->lock);
	}
	if (offset != 0xffff) {
		for (i = 0; i < nr; i++)
			if (map[i] == offset)
				first = i;
		if (first == LOOM_QOS_ANY) {
			ret = -EINVAL;
			goto unlock;
		}
	}
	n = loom_qos_choose(&osp->qos, t, nr, min_t(u32, count, nr), first,
			    out);
	for (i = 0; i < nr; i++)
		osp->devs[map[i]]->credit = t[i].credit;
	if (!n) {
		ret = -ENOSPC;
		goto unlock;
	}
	for (i = 0; i < n; i++) {
		struct osp_dev *d = osp->devs[map[out[i]]];

		if (d->used == U32_MAX) {
			ret = -ENOSPC;
			goto unlock;
		}
	}
	for (i = 0; i < n; i++) {
		struct osp_dev *d = osp->devs[map[out[i]]];

		d->used++;
		objs[i].ost_index = cpu_to_le32(d->index);
		objs[i].oid.seq = cpu_to_le64(loom_ost_seq(osp->tgt->index,
							   d->index));
		objs[i].oid.oid = cpu_to_le32(d->used);
		objs[i].oid.ver = 0;
		objs[i].padding = 0;
	}
	ret = 0;
	for (i = 0; i < n && !ret; i++)
		if (osp->devs[map[out[i]]]->used > osp->devs[map[out[i]]]->reserved)
			ret = osp_reserve(osp, false);
	if (ret) {
		/* not reserved: hand none of them out */
		for (i = 0; i < n; i++)
			osp->devs[map[out[i]]]->used--;
		goto unlock;
	}
	for (i = 0; i < n; i++) {
		struct osp_dev *d = osp->devs[map[out[i]]];

		if (d->precreate && d->created - d->used <= osp->create_count / 2)
			osp_queue(d, 0);
	}
	ret = n;
unlock:
	mutex_unlock(&osp->lock);
out:
	kfree(out);
	kfree(map);
	kfree(t);
	return ret;
}

/* Destroy log */

static void osp_rec_name(char *name, char state, const struct loom_fid *fid)
{
	snprintf(name, OSP_REC_LEN + 1, "%c%016llx-%08x", state,
		 le64_to_cpu(fid->seq), le32_to_cpu(fid->oid));
}

static void osp_destroy_kick(struct loom_osp *osp, unsigned long delay)
{
	mutex_lock(&osp->lock);
	if (!osp->stopping)
		mod_delayed_work(osp_wq, &osp->destroy_work, delay);
	mutex_unlock(&osp->lock);
}

static const struct loom_lock_desc osp_open_revoke = {
	.type = LOOM_LDLM_IBITS,
	.mode = LOOM_LCK_PW,
	.bits = LOOM_IBIT_OPEN,
};

/*
 * Whether a client holds @fid open (a lock on LOOM_IBIT_OPEN), not
 * counting @except's locks.
 */
static bool osp_open_held(struct loom_osp *osp, const struct loom_fid *fid,
			  void *except)
{
	struct loom_ldlm_ns *ns = osp->tgt->ldlm;

	return ns && loom_ldlm_held(ns, fid, LOOM_IBIT_OPEN, except);
}

/* A lock on LOOM_IBIT_OPEN went: under the namespace's spinlock. */
static void osp_open_released(void *arg)
{
	struct loom_osp *osp = arg;

	mod_delayed_work(osp_wq, &osp->destroy_work, 0);
}

/**
 * loom_osp_destroy_log() - log the destruction of a file's objects
 * @osp: the MDT's OSP
 * @fid: the file, whose last link is gone; its MDT object stays, with
 *	its layout, until its objects are destroyed
 * @keep: the client that removed it has it open: wait for
 *	loom_osp_release()
 * @exp: the export of that client
 *
 * Without @keep the objects still wait for the last close on the other
 * clients that hold the file open (locks on %LOOM_IBIT_OPEN); the
 * client that removed it said it does not use it, whatever lock it may
 * still cache.  The record is on disk when this returns.
 *
 * Return: 0 or a negative errno.
 */
int loom_osp_destroy_log(struct loom_osp *osp, const struct loom_fid *fid,
			 bool keep, void *exp)
{
	char name[OSP_REC_LEN + 1];
	char state = 'd';
	int ret;

	/* in the recovery window, holders may not have replayed yet */
	if (keep)
		state = 'k';
	else if (loom_srv_recovering(osp->tgt) ||
		 osp_open_held(osp, fid, exp))
		state = 'o';
	osp_rec_name(name, state, fid);
	ret = loom_osd_dir_insert(osp->log, name, OSP_REC_LEN, fid, DT_REG);
	if (ret == -EEXIST)
		ret = 0;
	if (ret)
		return ret;
	if (state == 'o')
		loom_ldlm_revoke(osp->tgt->ldlm, fid, &osp_open_revoke);
	if (state != 'k')
		osp_destroy_kick(osp, 0);
	return 0;
}

/*
 * Turn a record from state @from into one to destroy now or, when
 * @held_to is not 0 and a client still holds the file open (or may, in
 * the recovery window, before it replays its open lock), into a
 * @held_to one.
 * Return: the new state, or a negative errno (-ENOENT: no such record).
 */
static int osp_rec_move(struct loom_osp *osp, const struct loom_fid *fid,
			char from, char held_to)
{
	char name[OSP_REC_LEN + 1];
	struct loom_fid f;
	char to = 'd';
	int ret;

	osp_rec_name(name, from, fid);
	ret = loom_osd_dir_lookup(osp->log, name, OSP_REC_LEN, &f, NULL);
	if (ret)
		return ret;
	if (held_to && (loom_srv_recovering(osp->tgt) ||
			osp_open_held(osp, &f, NULL)))
		to = held_to;
	if (to == from)
		return to;
	name[0] = to;
	ret = loom_osd_dir_insert(osp->log, name, OSP_REC_LEN, &f, DT_REG);
	if (ret && ret != -EEXIST)
		return ret;
	name[0] = from;
	ret = loom_osd_dir_delete(osp->log, name, OSP_REC_LEN);
	if (ret)
		return ret;
	if (to == 'o')
		loom_ldlm_revoke(osp->tgt->ldlm, &f, &osp_open_revoke);
	return to;
}

/**
 * loom_osp_release() - the last close of a file logged with @keep
 * @osp: the MDT's OSP
 * @fid: the file
 *
 * Return: 0, -ENOENT if no record keeps @fid, or another negative errno.
 */
int loom_osp_release(struct loom_osp *osp, const struct loom_fid *fid)
{
	int ret = osp_rec_move(osp, fid, 'k', 'o');

	if (ret == 'd')
		osp_destroy_kick(osp, 0);
	return ret < 0 ? ret : 0;
}

/**
 * loom_osp_recovery_end() - the MDT's recovery window closed
 * @osp: the MDT's OSP
 *
 * The destroy log is sorted out again: files nobody replayed an open lock
 * for go.
 */
void loom_osp_recovery_end(struct loom_osp *osp)
{
	osp_destroy_kick(osp, 0);
}

/* Send OST_DESTROY for one object: 0 when it is gone, -EAGAIN if the
 * OST cannot be asked now, or the OST's error.
 */
static int osp_destroy_obj(struct loom_osp *osp, u32 index,
			   const struct loom_fid *oid)
{
	struct loom_ost_obj_req *body;
	struct loom_conn *conn = NULL;
	struct loom_req *req;
	struct osp_dev *d;
	int ret;

	if (index >= LOOM_MAX_TARGETS)
		return -EINVAL;
	mutex_lock(&osp->lock);
	d = osp->devs[index];
	if (!d || !d->present || d->state != OSP_UP)
		d = NULL;
	mutex_unlock(&osp->lock);
	if (!d)
		return -EAGAIN;

	mutex_lock(&d->send_lock);
	mutex_lock(&osp->lock);
	if (d->state == OSP_UP && !d->reset && !osp->stopping)
		conn = d->conn;
	mutex_unlock(&osp->lock);
	ret = -EAGAIN;
	if (conn) {
		req = loom_req_alloc(conn, LOOM_OPC_OST_DESTROY, sizeof(*body));
		if (IS_ERR(req)) {
			ret = PTR_ERR(req);
		} else {
			body = req->req_body;
			body->oid = *oid;
			ret = loom_req_send_wait(req);
			loom_req_free(req);
		}
	}
	mutex_unlock(&d->send_lock);
	if (!ret) {
		mutex_lock(&osp->lock);
		osp->destroyed++;
		mutex_unlock(&osp->lock);
	}
	/* gone already (a resend, a replayed record): done too */
	return ret == -ENOENT ? 0 : ret;
}

/* Destroy the objects of a record's file, then the file: 0 when done. */
static int osp_destroy_rec(struct loom_osp *osp, const struct loom_fid *fid)
{
	struct loom_osd_attr attr;
	struct loom_osd_obj *obj;
	struct loom_layout *lo;
	u32 i, count = 0;
	bool pending = false;
	ssize_t n;
	int ret;

	obj = loom_osd_obj_find(osp->osd, fid, 0);
	if (IS_ERR(obj))
		return PTR_ERR(obj) == -ENOENT ? 0 : PTR_ERR(obj);
	ret = loom_osd_obj_getattr(obj, &attr);
	if (ret)
		goto out;
	if (attr.nlink) {
		/* linked again: never destroy a file with a name */
		pr_warn_ratelimited("loom: %s mdt%04x: destroy record of a linked file %llx:%x dropped\n",
				    osp->tgt->fsname, osp->tgt->index,
				    le64_to_cpu(fid->seq), le32_to_cpu(fid->oid));
		goto out;
	}
	lo = kzalloc_obj(*lo, GFP_NOFS);
	if (!lo) {
		ret = -ENOMEM;
		goto out;
	}
	n = -ENODATA;
	if (S_ISREG(attr.mode))
		n = loom_osd_xattr_get(obj, OSP_XA_LAYOUT, lo, sizeof(*lo));
	if (n >= (ssize_t)offsetof(struct loom_layout, objs) &&
	    le32_to_cpu(lo->magic) == LOOM_LAYOUT_MAGIC)
		count = le16_to_cpu(lo->stripe_count);
	if (count > LOOM_MAX_STRIPES || n < (ssize_t)loom_layout_size(count)) {
		pr_warn_ratelimited("loom: %s mdt%04x: corrupt layout of %llx:%x: its objects are left\n",
				    osp->tgt->fsname, osp->tgt->index,
				    le64_to_cpu(fid->seq), le32_to_cpu(fid->oid));
		count = 0;
	}
	for (i = 0; i < count && !READ_ONCE(osp->stopping); i++) {
		ret = osp_destroy_obj(osp, le32_to_cpu(lo->objs[i].ost_index),
				      &lo->objs[i].oid);
		if (ret == -EINVAL || ret == -EPROTO)
			pr_warn_ratelimited("loom: %s mdt%04x: cannot destroy object %u of %llx:%x: %d\n",
					    osp->tgt->fsname, osp->tgt->index,
					    i, le64_to_cpu(fid->seq),
					    le32_to_cpu(fid->oid), ret);
		else if (ret)
			pending = true;
	}
	kfree(lo);
	ret = 0;
	if (pending || READ_ONCE(osp->stopping))
		ret = -EAGAIN;
	else
		loom_osd_obj_destroy(obj);
out:
	loom_osd_obj_put(obj);
	return ret;
}

struct osp_log_batch {
	char		state;
	unsigned int	nr;
	struct loom_fid	fid[OSP_DESTROY_BATCH];
};

static int osp_log_fill(void *arg, const char *name, u32 len,
			const struct loom_fid *fid, u32 type, u64 next)
{
	struct osp_log_batch *b = arg;

	if (len == OSP_REC_LEN && name[0] == b->state) {
		if (b->nr == OSP_DESTROY_BATCH)
			return 1;
		b->fid[b->nr++] = *fid;
	}
	return 0;
}

/*
 * Move every record in state @from (osp_rec_move()); @b is scratch.
 * Return: how many are still in state @from, or a negative errno.
 */
static int osp_log_move_all(struct loom_osp *osp, struct osp_log_batch *b,
			    char from, char held_to)
{
	unsigned int i, left = 0;
	u64 pos = 0;
	int ret;

	b->state = from;
	do {
		b->nr = 0;
		ret = loom_osd_dir_iterate(osp->log, &pos, osp_log_fill, b);
		if (ret < 0)
			return ret;
		for (i = 0; i < b->nr; i++) {
			ret = osp_rec_move(osp, &b->fid[i], from, held_to);
			if (ret == from)
				left++;
			else if (ret < 0 && ret != -ENOENT)
				return ret;
		}
	} while (b->nr == OSP_DESTROY_BATCH && pos != LOOM_DIR_EOF &&
		 !READ_ONCE(osp->stopping));
	return left;
}

static void osp_destroy_work(struct work_struct *work)
{
	struct loom_osp *osp = container_of(to_delayed_work(work),
					    struct loom_osp, destroy_work);
	struct osp_log_batch *b;
	char name[OSP_REC_LEN + 1];
	u32 pending = 0;
	unsigned int i;
	u64 pos = 0;
	int ret;

	b = kzalloc_obj(*b, GFP_KERNEL);
	if (!b) {
		osp_destroy_kick(osp, HZ);
		return;
	}
	/* the recovery window is over: 'k' records nobody replayed go */
	if (osp->recov_keep && !loom_srv_recovering(osp->tgt) &&
	    osp_log_move_all(osp, b, 'k', 'k') >= 0)
		osp->recov_keep = false;
	/* files no client holds open any more: destroy them now */
	ret = osp_log_move_all(osp, b, 'o', 'o');
	if (ret >= 0)
		WRITE_ONCE(osp->destroy_open, ret);
	b->state = 'd';
	do {
		b->nr = 0;
		ret = loom_osd_dir_iterate(osp->log, &pos, osp_log_fill, b);
		if (ret < 0)
			break;
		for (i = 0; i < b->nr && !READ_ONCE(osp->stopping); i++) {
			ret = osp_destroy_rec(osp, &b->fid[i]);
			if (!ret) {
				osp_rec_name(name, 'd', &b->fid[i]);
				ret = loom_osd_dir_delete(osp->log, name,
							  OSP_REC_LEN);
			}
			if (ret && ret != -ENOENT)
				pending++;
		}
	} while (b->nr == OSP_DESTROY_BATCH && pos != LOOM_DIR_EOF &&
		 !READ_ONCE(osp->stopping));
	kfree(b);

	mutex_lock(&osp->lock);
	osp->destroy_pending = pending;
	if (pending || ret < 0) {
		/* OSTs down: try again later, and when one comes back */
		osp->destroy_delay = clamp(osp->destroy_delay * 2, (unsigned long)HZ,
					   (unsigned long)OSP_DESTROY_RETRY_MAX);
		if (!osp->stopping)
			queue_delayed_work(osp_wq, &osp->destroy_work,
					   osp->destroy_delay);
	} else {
		osp->destroy_delay = 0;
	}
	mutex_unlock(&osp->lock);
}

/*
 * Open the destroy log; records kept open before the restart go now, or
 * at the end of the recovery window.
 */
static int osp_log_open(struct loom_osp *osp)
{
	struct osp_log_batch *b;
	struct loom_osd_obj *log;
	struct loom_fid fid;
	int ret;

	fid.seq = osp->root.seq;
	fid.oid = cpu_to_le32(LOOM_DISK_OID_DESTROY_LOG);
	fid.ver = 0;
	log = loom_osd_obj_find(osp->osd, &fid, S_IFDIR | 0700);
	if (PTR_ERR_OR_ZERO(log) == -EEXIST)
		log = loom_osd_obj_find(osp->osd, &fid, 0);
	if (IS_ERR(log))
		return PTR_ERR(log);
	osp->log = log;

	b = kzalloc_obj(*b, GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	if (loom_srv_recovering(osp->tgt)) {
		osp->recov_keep = true;
		ret = 0;
	} else {
		ret = osp_log_move_all(osp, b, 'k', 0);
		if (ret >= 0)
			ret = osp_log_move_all(osp, b, 'o', 0);
	}
	kfree(b);
	return ret < 0 ? ret : 0;
}

/* sysfs */

struct osp_attr {
	struct attribute attr;
	ssize_t (*show)(struct loom_osp *osp, char *buf);
	ssize_t (*store)(struct loom_osp *osp, const char *buf, size_t len);
};

static ssize_t osp_attr_show(struct kobject *kobj, struct attribute *attr,
			     char *buf)
{
	struct osp_attr *a = container_of(attr, struct osp_attr, attr);

	return a->show(container_of(kobj, struct loom_osp, kobj), buf);
}

static ssize_t osp_attr_store(struct kobject *kobj, struct attribute *attr,
			      const char *buf, size_t len)
{
	struct osp_attr *a = container_of(attr, struct osp_attr, attr);

	if (!a->store)
		return -EPERM;
	return a->store(container_of(kobj, struct loom_osp, kobj), buf, len);
}

static const struct sysfs_ops osp_sysfs_ops = {
	.show	= osp_attr_show,
	.store	= osp_attr_store,
};

static ssize_t osp_store_u32(struct loom_osp *osp, const char *buf,
			     size_t len, u32 *field, u32 min, u32 max)
{
	u32 v;
	int ret;

	ret = kstrtou32(buf, 0, &v);
	if (ret)
		return ret;
	if (v < min || v > max)
		return -ERANGE;
	mutex_lock(&osp->lock);
	*field = v;
	mutex_unlock(&osp->lock);
	return len;
}

static ssize_t qos_threshold_rr_show(struct loom_osp *osp, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(osp->qos.threshold_rr));
}

static ssize_t qos_threshold_rr_store(struct loom_osp *osp, const char *buf,
				      size_t len)
{
	return osp_store_u32(osp, buf, len, &osp->qos.threshold_rr, 0, 100);
}

static ssize_t create_count_show(struct loom_osp *osp, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(osp->create_count));
}

static ssize_t create_count_store(struct loom_osp *osp, const char *buf,
				  size_t len)
{
	return osp_store_u32(osp, buf, len, &osp->create_count, 2,
			     LOOM_OST_CREATE_MAX);
}

static ssize_t statfs_interval_show(struct loom_osp *osp, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(osp->statfs_interval));
}

static ssize_t statfs_interval_store(struct loom_osp *osp, const char *buf,
				     size_t len)
{
	return osp_store_u32(osp, buf, len, &osp->statfs_interval, 1, 3600);
}

/* One line per OST: index state avail_kb total_kb used created */
static ssize_t osts_show(struct loom_osp *osp, char *buf)
{
	static const char * const states[] = { "new", "up", "down" };
	ssize_t n = 0;
	u32 i;

	mutex_lock(&osp->lock);
	for (i = 0; i < LOOM_MAX_TARGETS; i++) {
		struct osp_dev *d = osp->devs[i];

		if (!d || !d->present)
			continue;
		n += sysfs_emit_at(buf, n, "%u %s %llu %llu %u %u\n", d->index,
				   states[d->state], d->avail >> 10,
				   d->total >> 10, d->used,
				   d->precreate ? d->created : d->used);
	}
	mutex_unlock(&osp->lock);
	return n;
}

/* Destroy log records left pending by the last pass, objects destroyed */
static ssize_t destroy_pending_show(struct loom_osp *osp, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(osp->destroy_pending));
}

/* Destroy log records waiting for clients to close the file */
static ssize_t destroy_open_show(struct loom_osp *osp, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(osp->destroy_open));
}

static ssize_t recovery_show(struct loom_osp *osp, char *buf)
{
	struct loom_target *tgt = osp->tgt;

	if (!loom_srv_recovering(tgt))
		return sysfs_emit(buf, "complete\n");
	return sysfs_emit(buf, "recovering %u/%u\n", READ_ONCE(tgt->recov_done),
			  READ_ONCE(tgt->recov_known));
}

static ssize_t destroyed_show(struct loom_osp *osp, char *buf)
{
	u64 n;

	mutex_lock(&osp->lock);
	n = osp->destroyed;
	mutex_unlock(&osp->lock);
	return sysfs_emit(buf, "%llu\n", n);
}

#define OSP_ATTR_RW(_name) \
	static struct osp_attr osp_attr_##_name = { \
		.attr = { .name = __stringify(_name), .mode = 0644 }, \
		.show = _name##_show, .store = _name##_store }
#define OSP_ATTR_RO(_name) \
	static struct osp_attr osp_attr_##_name = { \
		.attr = { .name = __stringify(_name), .mode = 0444 }, \
		.show = _name##_show }

OSP_ATTR_RW(qos_threshold_rr);
OSP_ATTR_RW(create_count);
OSP_ATTR_RW(statfs_interval);
OSP_ATTR_RO(osts);
OSP_ATTR_RO(destroy_pending);
OSP_ATTR_RO(destroy_open);
OSP_ATTR_RO(destroyed);
OSP_ATTR_RO(recovery);

static struct attribute *osp_attrs[] = {
	&osp_attr_qos_threshold_rr.attr,
	&osp_attr_create_count.attr,
	&osp_attr_statfs_interval.attr,
	&osp_attr_osts.attr,
	&osp_attr_destroy_pending.attr,
	&osp_attr_destroy_open.attr,
	&osp_attr_destroyed.attr,
	&osp_attr_recovery.attr,
	NULL,
};
ATTRIBUTE_GROUPS(osp);

static void osp_release(struct kobject *kobj)
{
	struct loom_osp *osp = container_of(kobj, struct loom_osp, kobj);
	u32 i;

	for (i = 0; i < LOOM_MAX_TARGETS; i++)
		kfree(osp->devs[i]);
	if (!IS_ERR_OR_NULL(osp->log))
		loom_osd_obj_put(osp->log);
	kfree(osp);
}

static const struct kobj_type osp_ktype = {
	.sysfs_ops	= &osp_sysfs_ops,
	.release	= osp_release,
	.default_groups	= osp_groups,
};

/* Load the reserved ids; without any yet, start above @floor. */
static int osp_load(struct loom_osp *osp, u32 floor)
{
	struct loom_osd_obj *root;
	__le32 *ids;
	ssize_t n;
	u32 i;

	ids = kcalloc(LOOM_MAX_TARGETS, sizeof(*ids), GFP_KERNEL);
	if (!ids)
		return -ENOMEM;
	root = loom_osd_obj_find(osp->osd, &osp->root, 0);
	if (IS_ERR(root)) {
		kfree(ids);
		return PTR_ERR(root);
	}
	n = loom_osd_xattr_get(root, OSP_XA_IDS, ids,
			       LOOM_MAX_TARGETS * sizeof(*ids));
	loom_osd_obj_put(root);
	if (n != -ENODATA && (n < 0 || n % sizeof(*ids))) {
		kfree(ids);
		return n < 0 ? n : -EUCLEAN;
	}
	for (i = 0; i < LOOM_MAX_TARGETS; i++) {
		struct osp_dev *d;
		u32 used = n < 0 ? floor : i < n / sizeof(*ids) ?
			   le32_to_cpu(ids[i]) : 0;

		if (!used)
			continue;
		d = kzalloc_obj(*d, GFP_KERNEL);
		if (!d) {
			kfree(ids);
			return -ENOMEM;
		}
		d->osp = osp;
		d->index = i;
		d->used = used;
		d->created = used;
		d->reserved = used;
		INIT_DELAYED_WORK(&d->work, osp_dev_work);
		mutex_init(&d->send_lock);
		osp->devs[i] = d;
	}
	kfree(ids);
	return 0;
}

/**
 * loom_osp_start() - set up an MDT's OSTs
 * @tgt: the MDT
 * @osd: its storage
 * @root: FID of its root directory
 * @floor: object ids handed out before precreation existed go up to
 *	this (used when nothing else is on disk)
 *
 * OSTs are added by loom_osp_set_ost() as the configuration names them.
 *
 * Return: the OSP or an ERR_PTR().
 */
struct loom_osp *loom_osp_start(struct loom_target *tgt, struct loom_osd *osd,
				const struct loom_fid *root, u32 floor)
{
	struct loom_osp *osp;
	struct kobject *other;
	char name[LOOM_FSNAME_MAX + 32];
	int ret;

	osp = kzalloc_obj(*osp, GFP_KERNEL);
	if (!osp)
		return ERR_PTR(-ENOMEM);
	osp->tgt = tgt;
	osp->osd = osd;
	osp->root = *root;
	mutex_init(&osp->lock);
	init_waitqueue_head(&osp->waitq);
	INIT_DELAYED_WORK(&osp->destroy_work, osp_destroy_work);
	osp->qos.threshold_rr = LOOM_QOS_THRESHOLD_RR;
	osp->create_count = OSP_CREATE_COUNT;
	osp->statfs_interval = OSP_STATFS_INTERVAL;
	kobject_init(&osp->kobj, &osp_ktype);
	ret = osp_load(osp, floor);
	if (!ret)
		ret = osp_log_open(osp);
	if (ret) {
		kobject_put(&osp->kobj);
		return ERR_PTR(ret);
	}
	/* replay what was pending before the restart, once OSTs are known */
	mod_delayed_work(osp_wq, &osp->destroy_work, HZ);
	if (tgt->ldlm)
		loom_ldlm_set_notify(tgt->ldlm, LOOM_IBIT_OPEN,
				     osp_open_released, osp);

	/* the same filesystem may run in another network namespace */
	snprintf(name, sizeof(name), "%s-MDT%04x", tgt->fsname, tgt->index);
	other = kset_find_obj(loom_kset, name);
	if (other) {
		kobject_put(other);
		snprintf(name, sizeof(name), "%s-MDT%04x-%u", tgt->fsname,
			 tgt->index, tgt->net->ns.inum);
	}
	osp->kobj.kset = loom_kset;
	ret = kobject_add(&osp->kobj, NULL, "%s", name);
	if (ret)
		pr_warn("loom: %s mdt%04x: no sysfs directory: %d\n",
			tgt->fsname, tgt->index, ret);
	return osp;
}

/**
 * loom_osp_stop() - stop talking to the OSTs and free the OSP
 * @osp: from loom_osp_start()
 *
 * Writes the exact last ids used, so that the next start's orphan
 * cleanup destroys every object left unused.
 */
void loom_osp_stop(struct loom_osp *osp)
{
	struct loom_conn *conn;
	u32 i;

	if (osp->tgt->ldlm)
		loom_ldlm_set_notify(osp->tgt->ldlm, 0, NULL, NULL);
	mutex_lock(&osp->lock);
	osp->stopping = true;
	for (i = 0; i < LOOM_MAX_TARGETS; i++)
		if (osp->devs[i] && osp->devs[i]->conn)
			loom_conn_shutdown(osp->devs[i]->conn);
	mutex_unlock(&osp->lock);
	wake_up_all(&osp->waitq);
	cancel_delayed_work_sync(&osp->destroy_work);
	for (i = 0; i < LOOM_MAX_TARGETS; i++) {
		if (!osp->devs[i])
			continue;
		cancel_delayed_work_sync(&osp->devs[i]->work);
		conn = osp->devs[i]->conn;
		osp->devs[i]->conn = NULL;
		loom_conn_destroy(conn);
	}
	loom_osd_obj_put(osp->log);
	osp->log = NULL;
	mutex_lock(&osp->lock);
	if (osp_reserve(osp, true))
		pr_warn("loom: %s mdt%04x: cannot save the last object ids\n",
			osp->tgt->fsname, osp->tgt->index);
	mutex_unlock(&osp->lock);
	if (osp->kobj.state_in_sysfs)
		kobject_del(&osp->kobj);
	kobject_put(&osp->kobj);
}

/**
 * loom_osp_init() - /sys/fs/loom and the OSP workqueue
 *
 * Return: 0 or a negative errno.
 */
int loom_osp_init(void)
{
	osp_wq = alloc_workqueue("loom_osp", WQ_UNBOUND, 0);
	if (!osp_wq)
		return -ENOMEM;
	loom_kset = kset_create_and_add("loom", NULL, fs_kobj);
	if (!loom_kset) {
		destroy_workqueue(osp_wq);
		return -ENOMEM;
	}
	return 0;
}

/**
 * loom_osp_exit() - undo loom_osp_init(); every MDT has stopped
 */
void loom_osp_exit(void)
{
	kset_unregister(loom_kset);
	destroy_workqueue(osp_wq);
}

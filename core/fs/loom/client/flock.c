// SPDX-License-Identifier: GPL-2.0
/*
 * Loom client: fcntl() byte-range locks (POSIX and OFD) and flock(),
 * arbitrated by the MDT so that they exclude processes of every client.
 *
 * A lock is asked of the MDT first (MDT_FLOCK) and, once granted, taken
 * in the local lock table too, so that /proc/locks, close() and exit
 * find it as on a local filesystem; an unlock is made locally, then sent.
 * The VFS calls ->lock with an unlock at every close of a file by a
 * process holding POSIX locks on it, and ->flock at the last close of a
 * description holding a flock() lock, which sends it on.
 *
 * F_SETLKW and a blocking flock() ask again, with a growing pause, until
 * the MDT grants the lock, the MDT sees a deadlock (-EDEADLK) or a signal
 * arrives (the MDT is told the owner waits no more).  F_GETLK reports a
 * conflicting lock of this node with its pid, one of another node with
 * the negated pid of its owner there, as Lustre and the VFS's convention
 * for remote locks have it.
 *
 * The mount keeps its own record of what the MDT granted it (the same
 * range arithmetic as the MDT's, common/flock.c), and replays it to a
 * restarted MDT (%LOOM_FEAT_REPLAY) in its recovery window, during which
 * the MDT answers new locks and tests with -EINPROGRESS: they are asked
 * again until the window closes.
 *
 * The localflock mount option keeps locks local to the node; noflock
 * refuses them with -ENOLCK (where Lustre says -ENOSYS).  Without
 * %LOOM_FEAT_FLOCK on the MDT they are local.
 */
#include <linux/fs.h>
#include <linux/filelock.h>
#include <linux/sched/signal.h>
#include <linux/delay.h>
#include <linux/siphash.h>
#include <linux/random.h>
#include <linux/once.h>
#include <linux/threads.h>
#include <linux/slab.h>
#include "internal.h"
#include "../common/flock.h"

#define LOOM_FLOCK_PAUSE_MIN	10	/* ms, first pause of a waiter */
#define LOOM_FLOCK_PAUSE_MAX	500	/* ms, longest */
#define LOOM_FLOCK_RECOVERY_PAUSE 200	/* ms, during an MDT's recovery */

/**
 * struct loom_cl_flock_res - the locks a mount holds on one file
 * @link: in sbi->flock_res
 * @fid: the file
 * @locks: struct loom_flock_lk, as the MDT granted them (exp is %NULL)
 */
struct loom_cl_flock_res {
	struct list_head	link;
	struct loom_fid		fid;
	struct list_head	locks;
};

/**
 * loom_flock_sb_init() - a mount's record of its advisory locks
 * @sbi: the mount
 */
void loom_flock_sb_init(struct loom_sb_info *sbi)
{
	mutex_init(&sbi->flock_lock);
	INIT_LIST_HEAD(&sbi->flock_res);
}

static void loom_flock_res_free(struct loom_cl_flock_res *res)
{
	struct loom_flock_lk *lk, *tmp;

	list_for_each_entry_safe(lk, tmp, &res->locks, link)
		kfree(lk);
	list_del(&res->link);
	kfree(res);
}

/**
 * loom_flock_sb_free() - a mount goes: forget its record
 * @sbi: the mount
 */
void loom_flock_sb_free(struct loom_sb_info *sbi)
{
	struct loom_cl_flock_res *res, *tmp;

	mutex_lock(&sbi->flock_lock);
	list_for_each_entry_safe(res, tmp, &sbi->flock_res, link)
		loom_flock_res_free(res);
	mutex_unlock(&sbi->flock_lock);
}

/*
 * Under sbi->flock_lock: the MDT granted or dropped @req on @fid.  Out of
 * memory, the record misses a lock, which a restart of the MDT then loses.
 */
static void loom_flock_record(struct loom_sb_info *sbi,
			      const struct loom_fid *fid,
			      const struct loom_flock_lk *req)
{
	struct loom_flock_lk *spare[2] = {}, *lk, *tmp;
	struct loom_cl_flock_res *res;
	LIST_HEAD(dead);
	bool found = false;

	lockdep_assert_held(&sbi->flock_lock);
	list_for_each_entry(res, &sbi->flock_res, link)
		if (loom_fid_equal(&res->fid, fid)) {
			found = true;
			break;
		}
	if (!found) {
		if (req->type == LOOM_FLOCK_UN)
			return;
		res = kzalloc_obj(*res, GFP_KERNEL);
		if (!res)
			goto nomem;
		res->fid = *fid;
		INIT_LIST_HEAD(&res->locks);
		list_add_tail(&res->link, &sbi->flock_res);
	}
	spare[0] = kzalloc_obj(*spare[0], GFP_KERNEL);
	spare[1] = kzalloc_obj(*spare[1], GFP_KERNEL);
	if (!spare[0] || !spare[1]) {
		kfree(spare[0]);
		kfree(spare[1]);
		if (list_empty(&res->locks))
			loom_flock_res_free(res);
		goto nomem;
	}
	loom_flock_apply(&res->locks, req, spare, &dead);
	kfree(spare[0]);
	kfree(spare[1]);
	list_for_each_entry_safe(lk, tmp, &dead, link)
		kfree(lk);
	if (list_empty(&res->locks))
		loom_flock_res_free(res);
	return;
nomem:
	pr_warn_ratelimited("loom: %s: out of memory: a lock would not survive a restart of the MDT\n",
			    sbi->fsname);
}

static siphash_key_t loom_flock_key __read_mostly;

/* The owner's name on the wire: not the kernel address itself. */
static u64 loom_flock_owner(fl_owner_t owner)
{
	u64 id;

	get_random_once(&loom_flock_key, sizeof(loom_flock_key));
	id = siphash_1u64((u64)(unsigned long)owner, &loom_flock_key);
	return id ?: 1;
}

static bool loom_flock_remote(struct inode *inode)
{
	struct loom_sb_info *sbi = loom_sbi(inode->i_sb);

	return sbi->flock == LOOM_FLOCK_MODE_ON &&
	       (loom_conn_features(sbi->mdt) & LOOM_FEAT_FLOCK);
}

static u16 loom_flock_wire_type(struct file_lock *fl)
{
	if (lock_is_unlock(fl))
		return LOOM_FLOCK_UN;
	return lock_is_write(fl) ? LOOM_FLOCK_WR : LOOM_FLOCK_RD;
}

/*
 * One MDT_FLOCK round trip; for GET, a conflict is copied into @fl.
 * Return: 0, or the MDT's or the transport's error.
 */
static int loom_flock_rpc_once(struct file *file, struct file_lock *fl,
			       u16 cmd, u32 flags)
{
	struct inode *inode = file_inode(file);
	struct loom_sb_info *sbi = loom_sbi(inode->i_sb);
	const struct loom_flock_rep *rep;
	struct loom_flock_req *body;
	struct loom_flock_lk rec = {};
	struct loom_req *req;
	int rc = 0;

	req = loom_cl_req(sbi->mdt, LOOM_OPC_MDT_FLOCK, sizeof(*body));
	if (IS_ERR(req))
		return PTR_ERR(req);
	body = req->req_body;
	body->fid = loom_i(inode)->fid;
	body->owner = cpu_to_le64(loom_flock_owner(fl->c.flc_owner));
	body->cmd = cpu_to_le16(cmd);
	body->flags = cpu_to_le32(flags);
	body->pid = cpu_to_le32(max(fl->c.flc_pid, 0));
	if (flags & LOOM_FLOCK_F_FLOCK) {
		body->end = cpu_to_le64(LOOM_FLOCK_EOF);
	} else {
		body->start = cpu_to_le64(fl->fl_start);
		body->end = cpu_to_le64(fl->fl_end == OFFSET_MAX ?
					LOOM_FLOCK_EOF : fl->fl_end);
	}
	if (cmd != LOOM_FLOCK_CANCEL)
		body->type = cpu_to_le16(loom_flock_wire_type(fl));

	if (cmd == LOOM_FLOCK_SET) {
		/* what the MDT holds and the record change together */
		rec.owner = le64_to_cpu(body->owner);
		rec.start = le64_to_cpu(body->start);
		rec.end = le64_to_cpu(body->end);
		rec.pid = le32_to_cpu(body->pid);
		rec.type = le16_to_cpu(body->type);
		rec.flock = flags & LOOM_FLOCK_F_FLOCK;
		mutex_lock(&sbi->flock_lock);
	}
	rep = loom_cl_call(req, sizeof(*rep));
	if (cmd == LOOM_FLOCK_SET) {
		/* an unlock is recorded whatever came of it */
		if (!IS_ERR(rep) || rec.type == LOOM_FLOCK_UN)
			loom_flock_record(sbi, &body->fid, &rec);
		mutex_unlock(&sbi->flock_lock);
	}
	if (IS_ERR(rep)) {
		rc = PTR_ERR(rep);
		goto out;
	}
	if (cmd != LOOM_FLOCK_GET)
		goto out;
	rc = loom_wire_check_flock_rep(rep, req->rep_len);
	if (rc)
		goto out;
	switch (le16_to_cpu(rep->type)) {
	case LOOM_FLOCK_UN:
		fl->c.flc_type = F_UNLCK;
		break;
	case LOOM_FLOCK_RD:
	case LOOM_FLOCK_WR:
		fl->c.flc_type = le16_to_cpu(rep->type) == LOOM_FLOCK_WR ?
				 F_WRLCK : F_RDLCK;
		fl->fl_start = min_t(u64, le64_to_cpu(rep->start), OFFSET_MAX);
		fl->fl_end = min_t(u64, le64_to_cpu(rep->end), OFFSET_MAX);
		/* another node's process: a negative pid, never translated */
		fl->c.flc_pid = -(pid_t)min_t(u32, le32_to_cpu(rep->pid),
					      PID_MAX_LIMIT);
		break;
	}
out:
	loom_req_free(req);
	return rc;
}

/*
 * One MDT_FLOCK, asked again while the MDT is in its recovery window
 * (-EINPROGRESS: the locks of before its restart are being replayed).
 * Return: 0, the MDT's or the transport's error, or -ERESTARTSYS.
 */
static int loom_flock_rpc(struct file *file, struct file_lock *fl, u16 cmd,
			  u32 flags)
{
	int rc;

	for (;;) {
		rc = loom_flock_rpc_once(file, fl, cmd, flags);
		if (rc != -EINPROGRESS)
			return rc;
		if (msleep_interruptible(LOOM_FLOCK_RECOVERY_PAUSE) ||
		    signal_pending(current))
			return -ERESTARTSYS;
	}
}

/**
 * loom_flock_replay() - give a restarted MDT the locks it granted
 * @sbi: the mount, reconnected to a new instance of its MDT
 *
 * Sent with %LOOM_FLOCK_F_REPLAY, before the MDT's recovery window
 * closes.  A lock the MDT refuses (another client holds a conflicting
 * one: it was granted after a window that this mount missed) stays in
 * the local table only, and is reported.
 */
void loom_flock_replay(struct loom_sb_info *sbi)
{
	struct loom_cl_flock_res *res, *rtmp;
	struct loom_flock_lk *lk, *tmp;
	struct loom_flock_req *body;
	unsigned int nr = 0, lost = 0;
	struct loom_req *req;
	u32 flags;
	int rc;

	if (sbi->flock != LOOM_FLOCK_MODE_ON)
		return;
	mutex_lock(&sbi->flock_lock);
	list_for_each_entry_safe(res, rtmp, &sbi->flock_res, link) {
		list_for_each_entry_safe(lk, tmp, &res->locks, link) {
			flags = LOOM_FLOCK_F_REPLAY;
			if (lk->flock)
				flags |= LOOM_FLOCK_F_FLOCK;
			req = loom_cl_req(sbi->mdt, LOOM_OPC_MDT_FLOCK,
					  sizeof(*body));
			if (IS_ERR(req)) {
				rc = PTR_ERR(req);
			} else {
				body = req->req_body;
				body->fid = res->fid;
				body->owner = cpu_to_le64(lk->owner);
				body->start = cpu_to_le64(lk->start);
				body->end = cpu_to_le64(lk->end);
				body->pid = cpu_to_le32(lk->pid);
				body->cmd = cpu_to_le16(LOOM_FLOCK_SET);
				body->type = cpu_to_le16(lk->type);
				body->flags = cpu_to_le32(flags);
				rc = loom_req_send_wait(req);
				loom_req_free(req);
			}
			nr++;
			if (rc) {
				/* the MDT does not hold it: forget it */
				lost++;
				list_del(&lk->link);
				kfree(lk);
			}
		}
		if (list_empty(&res->locks))
			loom_flock_res_free(res);
	}
	mutex_unlock(&sbi->flock_lock);
	if (lost)
		pr_warn("loom: %s: %u of %u advisory locks not replayed to the restarted MDT\n",
			sbi->fsname, lost, nr);
	else if (nr)
		pr_info("loom: %s: replayed %u advisory locks to the MDT\n",
			sbi->fsname, nr);
}

/* Ask the MDT until granted; waiting ends with a signal or a deadlock. */
static int loom_flock_acquire(struct file *file, struct file_lock *fl,
			      u32 flags)
{
	unsigned int pause = LOOM_FLOCK_PAUSE_MIN;
	bool wait = fl->c.flc_flags & FL_SLEEP;
	int rc;

	if (wait)
		flags |= LOOM_FLOCK_F_WAIT;
	for (;;) {
		rc = loom_flock_rpc(file, fl, LOOM_FLOCK_SET, flags);
		if (rc != -EAGAIN || !wait)
			return rc;
		if (msleep_interruptible(pause) || signal_pending(current))
			break;
		pause = min_t(unsigned int, pause * 2, LOOM_FLOCK_PAUSE_MAX);
	}
	/* the MDT forgets that this owner waits */
	loom_flock_rpc(file, fl, LOOM_FLOCK_CANCEL, flags & ~LOOM_FLOCK_F_WAIT);
	return -ERESTARTSYS;
}

/*
 * Take or drop @fl at the MDT and in the local table.  A lock the MDT
 * granted that the local table refuses (a local waiter raced) is given
 * back.
 */
static int loom_flock_set(struct file *file, struct file_lock *fl, u32 flags)
{
	unsigned char type = fl->c.flc_type;
	int rc;

	if (lock_is_unlock(fl)) {
		rc = locks_lock_file_wait(file, fl);
		/* a close must not fail: the MDT drops what it can */
		loom_flock_rpc(file, fl, LOOM_FLOCK_SET, flags);
		return rc;
	}
	rc = loom_flock_acquire(file, fl, flags);
	if (rc)
		return rc;
	fl->c.flc_flags &= ~FL_SLEEP;
	rc = locks_lock_file_wait(file, fl);
	if (rc) {
		fl->c.flc_type = F_UNLCK;
		loom_flock_rpc(file, fl, LOOM_FLOCK_SET, flags);
		fl->c.flc_type = type;
	}
	return rc;
}

/**
 * loom_lock() - ->lock of Loom files: fcntl() POSIX and OFD locks
 * @file: the file
 * @cmd: F_GETLK (vfs_test_lock()), F_SETLK, F_SETLKW (F_OFD_* and the
 *	64-bit commands arrive as these), F_CANCELLK
 * @fl: the lock; FL_OFDLCK for OFD locks, FL_SLEEP for F_SETLKW
 *
 * Return: 0, -EAGAIN for a conflict, -EDEADLK, -ERESTARTSYS when a signal
 * ended the wait, -ENOLCK (noflock, or a lock of no known kind), or an
 * RPC error.
 */
int loom_lock(struct file *file, int cmd, struct file_lock *fl)
{
	struct inode *inode = file_inode(file);
	u32 flags = 0;

	if (loom_sbi(inode->i_sb)->flock == LOOM_FLOCK_MODE_OFF)
		return -ENOLCK;
	if (cmd == F_CANCELLK)
		return 0;
	if (!loom_flock_remote(inode)) {
		if (cmd == F_GETLK) {
			posix_test_lock(file, fl);
			return 0;
		}
		return posix_lock_file(file, fl, NULL);
	}
	if (!(fl->c.flc_flags & FL_POSIX))
		return -ENOLCK;
	if (cmd == F_GETLK) {
		unsigned char type = fl->c.flc_type;

		/* a lock of this node, with its local pid, comes first */
		posix_test_lock(file, fl);
		if (!lock_is_unlock(fl))
			return 0;
		fl->c.flc_type = type;
		return loom_flock_rpc(file, fl, LOOM_FLOCK_GET, 0);
	}
	if (!(fl->c.flc_flags & FL_OFDLCK))
		flags |= LOOM_FLOCK_F_DEADLK;
	return loom_flock_set(file, fl, flags);
}

/**
 * loom_flock() - ->flock of Loom files and directories
 * @file: the file
 * @cmd: F_SETLK (LOCK_NB) or F_SETLKW
 * @fl: a whole-file lock owned by the open file description
 *
 * Return: 0, -EAGAIN (-EWOULDBLOCK) for a conflict, -ERESTARTSYS when a
 * signal ended the wait, -ENOLCK with noflock, or an RPC error.
 */
int loom_flock(struct file *file, int cmd, struct file_lock *fl)
{
	struct inode *inode = file_inode(file);

	if (loom_sbi(inode->i_sb)->flock == LOOM_FLOCK_MODE_OFF)
		return -ENOLCK;
	if (!loom_flock_remote(inode))
		return locks_lock_file_wait(file, fl);
	if (!(fl->c.flc_flags & FL_FLOCK))
		return -ENOLCK;
	return loom_flock_set(file, fl, LOOM_FLOCK_F_FLOCK);
}

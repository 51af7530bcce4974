// SPDX-License-Identifier: GPL-2.0
/*
 * Loom client: inodes.
 *
 * Inodes are keyed by FID.  Attributes come from MDT0, except the size
 * and block count of a regular file, which the client computes from the
 * sizes of the file's objects on the OSTs through the RAID-0 layout.
 */

#include <linux/fs.h>
#include <linux/completion.h>
#include <linux/workqueue.h>
#include <linux/slab.h>
#include <linux/kdev_t.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/pagemap.h>
#include <linux/err.h>
#include "../common/layout.h"
#include "internal.h"

static struct kmem_cache *loom_inode_cachep;

/**
 * loom_layout_decode() - validate a wire layout and decode it
 * @sb: the superblock, whose OST connections the layout must name
 * @wl: the layout as it arrived
 *
 * Return: a new layout, %NULL when @wl has no objects, or an ERR_PTR().
 */
struct loom_cl_layout *loom_layout_decode(struct super_block *sb,
					  const struct loom_layout *wl)
{
	u16 i, count = le16_to_cpu(wl->stripe_count);
	struct loom_cl_layout *lo;

	if (!count)
		return NULL;
	if (loom_wire_check_layout(wl))
		return ERR_PTR(-EPROTO);
	if (le32_to_cpu(wl->magic) != LOOM_LAYOUT_MAGIC ||
	    le32_to_cpu(wl->pattern) != LOOM_LAYOUT_RAID0 ||
	    count > LOOM_MAX_STRIPES || !le32_to_cpu(wl->stripe_size))
		return ERR_PTR(-EPROTO);

	lo = kzalloc(struct_size(lo, objs, count), GFP_KERNEL);
	if (!lo)
		return ERR_PTR(-ENOMEM);
	lo->pattern = LOOM_LAYOUT_RAID0;
	lo->stripe_size = le32_to_cpu(wl->stripe_size);
	lo->stripe_count = count;
	lo->generation = le16_to_cpu(wl->generation);
	for (i = 0; i < count; i++) {
		lo->objs[i].ost_index = le32_to_cpu(wl->objs[i].ost_index);
		lo->objs[i].oid = wl->objs[i].oid;
		if (!loom_cl_ost(sb, lo->objs[i].ost_index) ||
		    loom_wire_check_fid(&lo->objs[i].oid)) {
			kfree(lo);
			return ERR_PTR(-EPROTO);
		}
	}
	return lo;
}

/* Install @lo as the inode's layout unless it has one; consumes @lo. */
static void loom_set_layout(struct inode *inode, struct loom_cl_layout *lo)
{
	if (!lo)
		return;
	if (cmpxchg(&loom_i(inode)->layout, NULL, lo))
		kfree(lo);
}

/**
 * loom_check_attr() - check attributes that arrived from the MDT
 * @attr: the attributes
 *
 * Return: 0, or -EPROTO when they cannot describe an inode.
 */
int loom_check_attr(const struct loom_attr *attr)
{
	u64 need = LOOM_ATTR_MODE | LOOM_ATTR_NLINK;

	if (loom_wire_check_attr(attr) || loom_wire_check_fid(&attr->fid))
		return -EPROTO;
	if ((le64_to_cpu(attr->valid) & need) != need)
		return -EPROTO;
	switch (le32_to_cpu(attr->mode) & S_IFMT) {
	case S_IFREG:
	case S_IFDIR:
	case S_IFLNK:
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		return 0;
	default:
		return -EPROTO;
	}
}

/**
 * loom_inode_update() - apply attributes from the MDT to an inode
 * @inode: the inode
 * @attr: checked attributes of the same FID
 *
 * The file type never changes; the size of a regular file is the OSTs'
 * business and is left alone.  A new ctime drops the cached ACLs.
 */
void loom_inode_update(struct inode *inode, const struct loom_attr *attr)
{
	u64 valid = le64_to_cpu(attr->valid);
	struct timespec64 ts, old = inode_get_ctime(inode);

	if (valid & LOOM_ATTR_MODE)
		inode->i_mode = (inode->i_mode & S_IFMT) |
				(le32_to_cpu(attr->mode) & ~S_IFMT);
	if (valid & LOOM_ATTR_NLINK)
		set_nlink(inode, le32_to_cpu(attr->nlink));
	if (valid & LOOM_ATTR_UID)
		i_uid_write(inode, le32_to_cpu(attr->uid));
	if (valid & LOOM_ATTR_GID)
		i_gid_write(inode, le32_to_cpu(attr->gid));
	if ((valid & LOOM_ATTR_SIZE) && !S_ISREG(inode->i_mode))
		i_size_write(inode, le64_to_cpu(attr->size));
	if ((valid & LOOM_ATTR_BLOCKS) && !S_ISREG(inode->i_mode))
		inode->i_blocks = le64_to_cpu(attr->blocks);
	if (valid & LOOM_ATTR_ATIME) {
		ts.tv_sec = le64_to_cpu(attr->atime_sec);
		ts.tv_nsec = le32_to_cpu(attr->atime_nsec);
		inode_set_atime_to_ts(inode, ts);
	}
	if (valid & LOOM_ATTR_MTIME) {
		ts.tv_sec = le64_to_cpu(attr->mtime_sec);
		ts.tv_nsec = le32_to_cpu(attr->mtime_nsec);
		inode_set_mtime_to_ts(inode, ts);
	}
	if (valid & LOOM_ATTR_CTIME) {
		ts.tv_sec = le64_to_cpu(attr->ctime_sec);
		ts.tv_nsec = le32_to_cpu(attr->ctime_nsec);
		inode_set_ctime_to_ts(inode, ts);
		/* every ACL change moves the ctime on the MDT */
		if (!timespec64_equal(&ts, &old))
			loom_inode_acl_changed(inode);
	}
}

/**
 * loom_fid_ino() - the inode number of a FID
 * @fid: the FID
 *
 * Return: an inode number, unique for the FIDs of one sequence range.
 */
u64 loom_fid_ino(const struct loom_fid *fid)
{
	u64 seq = le64_to_cpu(fid->seq);

	/* Lustre's flattening of a FID */
	return (seq << 24) + ((seq >> 24) & 0xffffff0000ULL) +
	       le32_to_cpu(fid->oid);
}

static int loom_inode_test(struct inode *inode, void *data)
{
	return loom_fid_equal(&loom_i(inode)->fid, data);
}

static void loom_inode_init(struct inode *inode, const struct loom_attr *attr)
{
	umode_t mode = le32_to_cpu(attr->mode) & S_IFMT;

	inode->i_mode = mode;
	switch (mode) {
	case S_IFREG:
		inode->i_op = &loom_file_inode_ops;
		inode->i_fop = &loom_file_ops;
		inode->i_mapping->a_ops = &loom_aops;
		mapping_set_large_folios(inode->i_mapping);
		break;
	case S_IFDIR:
		inode->i_op = &loom_dir_inode_ops;
		inode->i_fop = &loom_dir_ops;
		break;
	case S_IFLNK:
		inode->i_op = &loom_symlink_inode_ops;
		break;
	default:
		inode->i_op = &loom_special_inode_ops;
		init_special_inode(inode, mode,
				   new_decode_dev(le32_to_cpu(attr->rdev)));
		break;
	}
	loom_inode_update(inode, attr);
}

/**
 * loom_iget() - find or create the inode described by an MDT reply
 * @sb: the superblock
 * @body: attributes and layout, as they arrived
 *
 * Return: a referenced inode, or an ERR_PTR().
 */
struct inode *loom_iget(struct super_block *sb,
			const struct loom_body_attr_layout *body)
{
	const struct loom_attr *attr = &body->attr;
	struct loom_cl_layout *lo = NULL;
	struct loom_fid fid = attr->fid;
	u64 hash = loom_fid_ino(&fid);
	struct inode *inode;
	int rc;

	rc = loom_check_attr(attr);
	if (rc)
		return ERR_PTR(rc);
	if (S_ISREG(le32_to_cpu(attr->mode))) {
		lo = loom_layout_decode(sb, &body->layout);
		if (IS_ERR(lo))
			return ERR_CAST(lo);
	}

	for (;;) {
		inode = ilookup5(sb, hash, loom_inode_test, &fid);
		if (inode) {
			if ((inode->i_mode ^ le32_to_cpu(attr->mode)) & S_IFMT) {
				iput(inode);
				kfree(lo);
				return ERR_PTR(-ESTALE);
			}
			loom_inode_update(inode, attr);
			break;
		}

		inode = new_inode(sb);
		if (!inode) {
			kfree(lo);
			return ERR_PTR(-ENOMEM);
		}
		inode->i_ino = hash;
		loom_i(inode)->fid = fid;
		loom_inode_init(inode, attr);
		rc = insert_inode_locked4(inode, hash, loom_inode_test, &fid);
		if (!rc) {
			unlock_new_inode(inode);
			break;
		}
		/* somebody else inserted it first: use theirs */
		iput(inode);
		if (rc != -EBUSY) {
			kfree(lo);
			return ERR_PTR(rc);
		}
	}
	loom_set_layout(inode, lo);
	return inode;
}

/**
 * loom_ost_obj_op() - GETATTR, PUNCH, DESTROY or SYNC one object
 * @sb: the superblock
 * @obj: the object
 * @opcode: LOOM_OPC_OST_{GETATTR,PUNCH,DESTROY,SYNC}
 * @start: PUNCH: start of the range
 * @end: PUNCH: end of the range, %LOOM_OBJ_EOF to truncate to @start
 * @rep: where to copy the reply, or %NULL
 *
 * Return: 0 or a negative errno.
 */
int loom_ost_obj_op(struct super_block *sb, const struct loom_cl_obj *obj,
		    u16 opcode, u64 start, u64 end,
		    struct loom_ost_obj_rep *rep)
{
	const struct loom_ost_obj_rep *r;
	struct loom_ost_obj_req *body;
	struct loom_req *req;
	int rc = 0;

	req = loom_cl_req(loom_cl_ost(sb, obj->ost_index), opcode,
			  sizeof(*body));
	if (IS_ERR(req))
		return PTR_ERR(req);
	body = req->req_body;
	body->oid = obj->oid;
	body->start = cpu_to_le64(start);
	body->end = cpu_to_le64(end);
	r = loom_cl_call(req, rep ? sizeof(*r) : 0);
	if (IS_ERR(r))
		rc = PTR_ERR(r);
	else if (rep)
		*rep = *r;
	loom_req_free(req);
	return rc;
}

/*
 * Fold one object's attributes, as an OST replied them, into its file's
 * size, blocks and, unless @mtime is %NULL, mtime.
 */
static int loom_obj_rep_fold(const struct loom_cl_layout *lo, unsigned int i,
			     const struct loom_ost_obj_rep *rep, u64 *size,
			     u64 *blocks, struct timespec64 *mtime)
{
	u64 obj_size = le64_to_cpu(rep->size);
	struct timespec64 ts;

	if (obj_size > LOOM_MAX_OBJ_SIZE ||
	    le32_to_cpu(rep->mtime_nsec) >= NSEC_PER_SEC || rep->padding)
		return -EPROTO;
	*size = max(*size, loom_layout_file_size(lo->stripe_size,
						 lo->stripe_count, i,
						 obj_size));
	*blocks += le64_to_cpu(rep->blocks);
	ts.tv_sec = le64_to_cpu(rep->mtime_sec);
	ts.tv_nsec = le32_to_cpu(rep->mtime_nsec);
	if (mtime && timespec64_compare(&ts, mtime) > 0)
		*mtime = ts;
	return 0;
}

/**
 * loom_has_unsent() - whether this client has data the OSTs lack
 * @inode: a file
 *
 * Return: true while pages of @inode are dirty or under writeback.
 */
bool loom_has_unsent(struct inode *inode)
{
	struct address_space *mapping = inode->i_mapping;

	return mapping_tagged(mapping, PAGECACHE_TAG_DIRTY) ||
	       mapping_tagged(mapping, PAGECACHE_TAG_WRITEBACK);
}

/*
 * Lock (or, with @glimpse, glimpse) one object of a file: a cached lock,
 * else a new one.  A glimpse that gets no lock leaves %NULL in *@lk and
 * the object's size in @lvb.
 */
static int loom_data_lock_obj(struct inode *inode, unsigned int i,
			      const struct loom_lock_desc *want, bool glimpse,
			      struct loom_cl_lock **lk,
			      struct loom_ost_obj_rep *lvb)
{
	struct loom_cl_layout *lo = READ_ONCE(loom_i(inode)->layout);
	const struct loom_ldlm_enqueue_rep *rep;
	struct loom_req *req = NULL;
	struct loom_conn *conn;

	*lk = NULL;
	conn = loom_cl_ost(inode->i_sb, lo->objs[i].ost_index);
	if (!conn)
		return -EIO;
	if (!glimpse || !(loom_conn_features(conn) & LOOM_FEAT_GLIMPSE)) {
		*lk = loom_dlm_lock(inode, conn, &lo->objs[i].oid, want, i,
				    LOOM_IT_NONE, NULL, 0, NULL);
		return PTR_ERR_OR_ZERO(*lk);
	}
	*lk = loom_dlm_find(inode, conn, &lo->objs[i].oid, want);
	if (*lk)
		return 0;
	*lk = loom_dlm_lock(inode, conn, &lo->objs[i].oid, want, i,
			    LOOM_IT_GLIMPSE, NULL, 0, &req);
	if (IS_ERR(*lk))
		return PTR_ERR(*lk);
	if (!*lk) {
		rep = req->rep_body;
		*lvb = rep->lvb;
	}
	loom_req_free(req);
	return 0;
}

/**
 * struct loom_glimpse_one - one object's glimpse, run on loom_dlm_wq
 * @work: the work item
 * @inode: the file
 * @i: the object's index in the layout
 * @want: the PR lock a glimpse may be granted
 * @lk: where the granted lock goes
 * @lvb: where the size goes when none is granted
 * @rc: the result
 * @pending: glimpses not done yet
 * @done: completed by the last one
 */
struct loom_glimpse_one {
	struct work_struct		work;
	struct inode			*inode;
	unsigned int			i;
	const struct loom_lock_desc	*want;
	struct loom_cl_lock		**lk;
	struct loom_ost_obj_rep		*lvb;
	int				rc;
	atomic_t			*pending;
	struct completion		*done;
};

static void loom_glimpse_one_work(struct work_struct *work)
{
	struct loom_glimpse_one *g = container_of(work, struct loom_glimpse_one,
						  work);

	g->rc = loom_data_lock_obj(g->inode, g->i, g->want, true, g->lk,
				   g->lvb);
	if (atomic_dec_and_test(g->pending))
		complete(g->done);
}

/*
 * Glimpse every object of a striped file at once: a glimpse never waits
 * for a lock, so their order does not matter (locks are taken in stripe
 * order, one after the other, so that two clients cannot deadlock).  On
 * error the locks granted are dropped.
 */
static int loom_glimpse_objs(struct inode *inode,
			     const struct loom_cl_layout *lo,
			     const struct loom_lock_desc *want,
			     struct loom_cl_lock **held,
			     struct loom_ost_obj_rep *lvbs)
{
	DECLARE_COMPLETION_ONSTACK(done);
	struct loom_glimpse_one *g;
	unsigned int i, n = lo->stripe_count;
	atomic_t pending;
	int rc = 0;

	g = kcalloc(n, sizeof(*g), GFP_NOFS);
	if (!g)
		return -ENOMEM;
	atomic_set(&pending, n);
	for (i = 0; i < n; i++) {
		g[i].inode = inode;
		g[i].i = i;
		g[i].want = want;
		g[i].lk = &held[i];
		g[i].lvb = &lvbs[i];
		g[i].pending = &pending;
		g[i].done = &done;
		INIT_WORK(&g[i].work, loom_glimpse_one_work);
		if (i)
			queue_work(loom_dlm_wq, &g[i].work);
	}
	loom_glimpse_one_work(&g[0].work);
	wait_for_completion(&done);
	for (i = 0; i < n; i++) {
		if (g[i].rc) {
			held[i] = NULL;
			if (!rc)
				rc = g[i].rc;
		}
	}
	kfree(g);
	return rc;
}

static int __loom_data_lock(struct inode *inode, u32 mode,
			    struct loom_cl_lock **held, bool glimpse)
{
	struct loom_cl_layout *lo = READ_ONCE(loom_i(inode)->layout);
	struct loom_inode_info *li = loom_i(inode);
	struct timespec64 omtime = { .tv_sec = TIME64_MIN };
	struct timespec64 mtime = inode_get_mtime(inode);
	struct loom_lock_desc want = {
		.type = LOOM_LDLM_EXTENT,
		.mode = mode,
		.end = LOOM_EXTENT_EOF,
	};
	struct loom_ost_obj_rep *lvbs = NULL;
	struct loom_ost_obj_rep rep;
	u64 size = 0, blocks = 0;
	bool fresh = true, any = false;
	unsigned int i, glimpsed = 0;
	int rc;

	if (glimpse) {
		lvbs = kcalloc(lo->stripe_count, sizeof(*lvbs), GFP_NOFS);
		if (!lvbs)
			return -ENOMEM;
	}
	if (glimpse && lo->stripe_count > 1) {
		rc = loom_glimpse_objs(inode, lo, &want, held, lvbs);
		if (rc)
			goto err;
	}
	for (i = 0; i < lo->stripe_count; i++) {
		if (!glimpse || lo->stripe_count == 1) {
			rc = loom_data_lock_obj(inode, i, &want, glimpse,
						&held[i], lvbs ? &lvbs[i] : NULL);
			if (rc) {
				held[i] = NULL;
				goto err;
			}
		}
		if (!held[i])
			glimpsed++;
		else
			fresh &= loom_dlm_is_new(held[i]);
	}
	rc = 0;
	if (!glimpsed && test_bit(LOOM_LI_SIZE_VALID, &li->dlm_flags))
		goto out;
	if (!fresh) {
		rc = filemap_write_and_wait(inode->i_mapping);
		if (rc)
			goto err;
	}
	for (i = 0; i < lo->stripe_count; i++) {
		if (!held[i] || fresh) {
			rep = held[i] ? *loom_dlm_lock_lvb(held[i]) : lvbs[i];
			if (!rep.size && !rep.blocks && !rep.mtime_sec &&
			    !rep.mtime_nsec)
				continue;	/* not written to yet */
		} else {
			rc = loom_ost_obj_op(inode->i_sb, &lo->objs[i],
					     LOOM_OPC_OST_GETATTR, 0, 0, &rep);
			if (rc == -ENOENT)
				continue;
			if (rc)
				goto err;
		}
		rc = loom_obj_rep_fold(lo, i, &rep, &size, &blocks, &omtime);
		if (rc)
			goto err;
		any = true;
	}
	if (any && timespec64_compare(&omtime, &mtime) > 0)
		mtime = omtime;
	spin_lock(&li->size_lock);
	if (loom_has_unsent(inode))
		size = max_t(u64, size, i_size_read(inode));
	i_size_write(inode, size);
	spin_unlock(&li->size_lock);
	inode->i_blocks = blocks;
	inode_set_mtime_to_ts(inode, mtime);
	/* a glimpse is a snapshot: without every lock the size is not kept */
	if (!glimpsed)
		set_bit(LOOM_LI_SIZE_VALID, &li->dlm_flags);
out:
	kfree(lvbs);
	return 0;

err:
	kfree(lvbs);
	loom_data_unlock(inode, held);
	return rc;
}

/**
 * loom_data_lock() - lock a regular file's objects and know its size
 * @inode: the file
 * @mode: %LOOM_LCK_PR to read or stat, %LOOM_LCK_PW to write
 * @held: where to keep the locks: one per stripe, for loom_data_unlock()
 *
 * Takes (or finds cached) an extent lock on the whole of every object of
 * the file.  Unless a lock was lost since the size was last computed,
 * i_size is still right; otherwise it is computed again: from the lock
 * value blocks when every lock was just granted, else from the objects,
 * after writing back this client's dirty pages.
 *
 * Return: 0 with the locks held, or a negative errno with none.
 */
int loom_data_lock(struct inode *inode, u32 mode, struct loom_cl_lock **held)
{
	return __loom_data_lock(inode, mode, held, false);
}

/**
 * loom_data_unlock() - drop the locks loom_data_lock() took
 * @inode: the file
 * @held: the locks; %NULL entries are skipped
 */
void loom_data_unlock(struct inode *inode, struct loom_cl_lock **held)
{
	struct loom_cl_layout *lo = READ_ONCE(loom_i(inode)->layout);
	unsigned int i;

	for (i = 0; lo && i < lo->stripe_count; i++) {
		loom_dlm_put(held[i]);
		held[i] = NULL;
	}
}

/**
 * loom_data_lock_alloc() - room for the locks of a file's objects
 * @inode: a regular file whose layout is known
 *
 * Return: an array for loom_data_lock(), kfree() it, or %NULL.
 */
struct loom_cl_lock **loom_data_lock_alloc(struct inode *inode)
{
	struct loom_cl_layout *lo = READ_ONCE(loom_i(inode)->layout);

	return kcalloc(lo ? lo->stripe_count : 1, sizeof(void *), GFP_NOFS);
}

static int loom_refresh_size_dlm(struct inode *inode)
{
	struct loom_cl_lock **held;
	int rc;

	if (!READ_ONCE(loom_i(inode)->layout))
		return 0;
	/*
	 * Extent locks on every object still held keep i_size right: a lock
	 * called back clears the bit before its cancel goes, so until then
	 * no other client changed an object.  No need to look them up.
	 */
	if (test_bit(LOOM_LI_SIZE_VALID, &loom_i(inode)->dlm_flags))
		return 0;
	held = loom_data_lock_alloc(inode);
	if (!held)
		return -ENOMEM;
	/*
	 * Only the size is wanted: glimpse, so that a writer keeps its
	 * lock and cache; a PR lock comes back when nobody writes.
	 */
	rc = __loom_data_lock(inode, LOOM_LCK_PR, held, true);
	if (!rc)
		loom_data_unlock(inode, held);
	kfree(held);
	return rc;
}

/**
 * loom_refresh_size() - compute a regular file's size from its objects
 * @inode: the inode
 *
 * Sets i_size, i_blocks and, when an object is newer, the mtime.  While
 * this client holds dirty pages the size does not shrink below its own.
 * When the objects changed since the cached pages were read (another
 * client wrote or truncated), the cached pages are dropped.
 *
 * Return: 0 or a negative errno.
 */
int loom_refresh_size(struct inode *inode)
{
	struct loom_cl_layout *lo = READ_ONCE(loom_i(inode)->layout);
	struct loom_inode_info *li = loom_i(inode);
	struct timespec64 mtime = inode_get_mtime(inode);
	struct timespec64 omtime = { .tv_sec = TIME64_MIN };
	struct loom_ost_obj_rep rep;
	u64 size = 0, blocks = 0;
	bool stale = false, any = false;
	unsigned int i;
	int rc;

	if (!S_ISREG(inode->i_mode))
		return 0;
	if (loom_sbi(inode->i_sb)->dlm && !li->destroy)
		return loom_refresh_size_dlm(inode);
	for (i = 0; lo && i < lo->stripe_count; i++) {
		rc = loom_ost_obj_op(inode->i_sb, &lo->objs[i],
				     LOOM_OPC_OST_GETATTR, 0, 0, &rep);
		if (rc == -ENOENT)
			continue;	/* not written to yet */
		if (rc)
			return rc;
		rc = loom_obj_rep_fold(lo, i, &rep, &size, &blocks, &omtime);
		if (rc)
			return rc;
		any = true;
	}
	if (any && timespec64_compare(&omtime, &mtime) > 0)
		mtime = omtime;

	spin_lock(&li->size_lock);
	if (loom_has_unsent(inode)) {
		size = max_t(u64, size, i_size_read(inode));
	} else {
		stale = li->data_valid && (size != li->data_size ||
			!timespec64_equal(&omtime, &li->data_mtime));
		li->data_valid = true;
		li->data_size = size;
		li->data_mtime = omtime;
	}
	i_size_write(inode, size);
	spin_unlock(&li->size_lock);
	inode->i_blocks = blocks;
	inode_set_mtime_to_ts(inode, mtime);
	if (stale)
		invalidate_inode_pages2(inode->i_mapping);
	return 0;
}

/**
 * loom_extend_size() - grow i_size after this client wrote up to @end
 * @inode: the inode
 * @end: file offset just past the write
 */
void loom_extend_size(struct inode *inode, loff_t end)
{
	struct loom_inode_info *li = loom_i(inode);

	spin_lock(&li->size_lock);
	if (end > i_size_read(inode))
		i_size_write(inode, end);
	spin_unlock(&li->size_lock);
}

/**
 * loom_data_changed() - this client changed the objects of @inode
 * @inode: the inode
 *
 * The next refresh takes the objects' new size and mtime as the state of
 * the cached pages instead of a sign that another client changed them.
 */
void loom_data_changed(struct inode *inode)
{
	struct loom_inode_info *li = loom_i(inode);

	spin_lock(&li->size_lock);
	li->data_valid = false;
	spin_unlock(&li->size_lock);
}

/* Take what the MDT says of an inode. */
static int loom_inode_apply(struct inode *inode,
			    const struct loom_body_attr_layout *rep)
{
	struct loom_cl_layout *lo = NULL;
	int rc;

	rc = loom_check_attr(&rep->attr);
	if (rc)
		return rc;
	if (!loom_fid_equal(&rep->attr.fid, &loom_i(inode)->fid) ||
	    ((inode->i_mode ^ le32_to_cpu(rep->attr.mode)) & S_IFMT))
		return -ESTALE;
	if (S_ISREG(inode->i_mode) && !loom_i(inode)->layout) {
		lo = loom_layout_decode(inode->i_sb, &rep->layout);
		if (IS_ERR(lo))
			return PTR_ERR(lo);
	}
	loom_inode_update(inode, &rep->attr);
	loom_set_layout(inode, lo);
	return 0;
}

/* Attributes under an UPDATE lock: an RPC only when the lock was lost. */
static int loom_inode_refresh_dlm(struct inode *inode)
{
	struct loom_sb_info *sbi = loom_sbi(inode->i_sb);
	struct loom_inode_info *li = loom_i(inode);
	const struct loom_lock_desc want = {
		.type = LOOM_LDLM_IBITS,
		.mode = LOOM_LCK_PR,
		.bits = LOOM_IBIT_UPDATE | LOOM_IBIT_XATTR,
	};
	const struct loom_ldlm_enqueue_rep *rep;
	struct loom_cl_lock *lk;
	struct loom_req *req;
	unsigned long gen;
	int rc;

	if (test_bit(LOOM_LI_ATTR_VALID, &li->dlm_flags))
		return 0;
	/*
	 * A lock still held (this client changed the inode): just ask, not
	 * holding the lock, which a change queued before this GETATTR may be
	 * waiting for.
	 */
	if (loom_dlm_held_gen(inode, &want, &gen)) {
		struct loom_getattr_req *body;
		const void *attr;

		req = loom_cl_req(sbi->mdt, LOOM_OPC_MDT_GETATTR,
				  sizeof(*body));
		if (IS_ERR(req))
			return PTR_ERR(req);
		body = req->req_body;
		body->fid = li->fid;
		attr = loom_cl_call(req, sizeof(struct loom_body_attr_layout));
		rc = IS_ERR(attr) ? PTR_ERR(attr) :
		     loom_inode_apply(inode, attr);
		loom_req_free(req);
		if (!rc && loom_dlm_attr_set_valid(inode, gen))
			clear_bit(LOOM_LI_SIZE_VALID, &li->dlm_flags);
		return rc;
	}
	lk = loom_dlm_lock(inode, sbi->mdt, &li->fid, &want, -1,
			   LOOM_IT_GETATTR, NULL, 0, &req);
	if (IS_ERR(lk))
		return PTR_ERR(lk);
	rep = req->rep_body;
	if (req->rep_len < sizeof(*rep) + sizeof(struct loom_body_attr_layout))
		rc = -EPROTO;
	else
		rc = loom_inode_apply(inode, (const void *)(rep + 1));
	if (!rc) {
		set_bit(LOOM_LI_ATTR_VALID, &li->dlm_flags);
		/* the MDT's mtime came back: fold the objects' in again */
		clear_bit(LOOM_LI_SIZE_VALID, &li->dlm_flags);
	}
	loom_req_free(req);
	loom_dlm_put(lk);
	return rc;
}

/**
 * loom_inode_refresh() - fetch an inode's attributes again
 * @inode: the inode
 *
 * Under the DLM, attributes and size are fetched only when the locks that
 * kept them valid were lost.
 *
 * Return: 0 or a negative errno (-ESTALE if the FID is gone).
 */
int loom_inode_refresh(struct inode *inode)
{
	struct loom_sb_info *sbi = loom_sbi(inode->i_sb);
	const struct loom_body_attr_layout *rep;
	struct loom_getattr_req *body;
	struct loom_req *req;
	int rc = 0;

	if (sbi->dlm && !loom_i(inode)->destroy) {
		rc = loom_inode_refresh_dlm(inode);
		goto out_size;
	}
	req = loom_cl_req(sbi->mdt, LOOM_OPC_MDT_GETATTR, sizeof(*body));
	if (IS_ERR(req))
		return PTR_ERR(req);
	body = req->req_body;
	body->fid = loom_i(inode)->fid;
	rep = loom_cl_call(req, sizeof(*rep));
	if (IS_ERR(rep))
		rc = PTR_ERR(rep);
	else
		rc = loom_inode_apply(inode, rep);
	loom_req_free(req);
out_size:
	if (rc == -ENOENT)
		rc = -ESTALE;
	if (!rc)
		rc = loom_refresh_size(inode);
	return rc;
}

/**
 * loom_getattr() - ->getattr: attributes from the MDT and the OSTs
 * @idmap: idmap of the mount
 * @path: what to stat
 * @stat: the result
 * @request_mask: STATX_* wanted
 * @flags: AT_STATX_* sync flags
 *
 * Return: 0 or a negative errno.
 */
int loom_getattr(struct mnt_idmap *idmap, const struct path *path,
		 struct kstat *stat, u32 request_mask, unsigned int flags)
{
	struct inode *inode = d_inode(path->dentry);
	struct loom_cl_layout *lo;
	int rc;

	if ((flags & AT_STATX_SYNC_TYPE) != AT_STATX_DONT_SYNC &&
	    loom_i(inode)->destroy) {
		/*
		 * Open after this client removed its last name: the MDT
		 * forgot it, the objects live until the last close.
		 */
		rc = filemap_write_and_wait(inode->i_mapping);
		if (!rc)
			rc = loom_refresh_size(inode);
		if (rc)
			return rc;
	} else if ((flags & AT_STATX_SYNC_TYPE) != AT_STATX_DONT_SYNC) {
		/*
		 * Without locks the OSTs say the size and mtime once they
		 * have the data; under the DLM the locks keep them.
		 */
		if (S_ISREG(inode->i_mode) && !loom_sbi(inode->i_sb)->dlm &&
		    (request_mask & (STATX_SIZE | STATX_BLOCKS | STATX_MTIME |
				     STATX_CTIME))) {
			rc = filemap_write_and_wait(inode->i_mapping);
			if (rc)
				return rc;
		}
		rc = loom_inode_refresh(inode);
		if (rc)
			return rc;
	}
	generic_fillattr(idmap, request_mask, inode, stat);
	lo = READ_ONCE(loom_i(inode)->layout);
	if (lo)
		stat->blksize = lo->stripe_size;
	return 0;
}

/**
 * loom_punch() - truncate or extend every object to its share of a size
 * @inode: a regular file
 * @size: the file's new size
 *
 * Return: 0 or a negative errno.
 */
int loom_punch(struct inode *inode, loff_t size)
{
	struct loom_cl_layout *lo = READ_ONCE(loom_i(inode)->layout);
	unsigned int i;
	u64 obj_size;
	int rc;

	if (!lo)
		return size ? -EOPNOTSUPP : 0;
	for (i = 0; i < lo->stripe_count; i++) {
		obj_size = loom_layout_obj_size(lo->stripe_size,
						lo->stripe_count, i, size);
		rc = loom_ost_obj_op(inode->i_sb, &lo->objs[i],
				     LOOM_OPC_OST_PUNCH, obj_size,
				     LOOM_OBJ_EOF, NULL);
		if (rc == -ENOENT && !obj_size)
			continue;	/* never written, nothing to cut */
		if (rc)
			return rc;
	}
	return 0;
}

/* MDT_SETATTR of everything in @iattr but the size. */
static int loom_mdt_setattr(struct inode *inode, const struct iattr *iattr)
{
	struct loom_sb_info *sbi = loom_sbi(inode->i_sb);
	const struct loom_body_attr_layout *rep;
	unsigned int ia = iattr->ia_valid;
	struct loom_cl_layout *lo;
	struct loom_setattr_req *body;
	struct loom_attr *a;
	struct loom_req *req;
	u64 valid = 0;
	int rc = 0;

	req = loom_cl_req(sbi->mdt, LOOM_OPC_MDT_SETATTR, sizeof(*body));
	if (IS_ERR(req))
		return PTR_ERR(req);
	body = req->req_body;
	a = &body->attr;
	a->fid = loom_i(inode)->fid;
	if (ia & ATTR_MODE) {
		valid |= LOOM_ATTR_MODE;
		a->mode = cpu_to_le32(iattr->ia_mode);
	}
	if (ia & ATTR_UID) {
		valid |= LOOM_ATTR_UID;
		a->uid = cpu_to_le32(from_kuid(&init_user_ns, iattr->ia_uid));
	}
	if (ia & ATTR_GID) {
		valid |= LOOM_ATTR_GID;
		a->gid = cpu_to_le32(from_kgid(&init_user_ns, iattr->ia_gid));
	}
	if (ia & ATTR_ATIME) {
		valid |= LOOM_ATTR_ATIME;
		a->atime_sec = cpu_to_le64(iattr->ia_atime.tv_sec);
		a->atime_nsec = cpu_to_le32(iattr->ia_atime.tv_nsec);
	}
	if (ia & ATTR_MTIME) {
		valid |= LOOM_ATTR_MTIME;
		a->mtime_sec = cpu_to_le64(iattr->ia_mtime.tv_sec);
		a->mtime_nsec = cpu_to_le32(iattr->ia_mtime.tv_nsec);
	}
	if (ia & ATTR_CTIME) {
		valid |= LOOM_ATTR_CTIME;
		a->ctime_sec = cpu_to_le64(iattr->ia_ctime.tv_sec);
		a->ctime_nsec = cpu_to_le32(iattr->ia_ctime.tv_nsec);
	}
	a->valid = cpu_to_le64(valid);

	rep = loom_cl_call(req, sizeof(*rep));
	if (IS_ERR(rep)) {
		rc = PTR_ERR(rep);
		goto out;
	}
	rc = loom_check_attr(&rep->attr);
	if (rc)
		goto out;
	if (!loom_fid_equal(&rep->attr.fid, &loom_i(inode)->fid)) {
		rc = -EPROTO;
		goto out;
	}
	loom_inode_update(inode, &rep->attr);
	if (S_ISREG(inode->i_mode) && !loom_i(inode)->layout) {
		lo = loom_layout_decode(inode->i_sb, &rep->layout);
		if (IS_ERR(lo))
			rc = PTR_ERR(lo);
		else
			loom_set_layout(inode, lo);
	}
out:
	loom_req_free(req);
	return rc;
}

/*
 * Whether a setattr sets times the objects must follow: those of
 * utimes() and friends, explicit or now.  A truncate's mtime is the
 * PUNCH's on the objects.
 */
static bool loom_times_to_objects(unsigned int ia)
{
	if (ia & (ATTR_ATIME_SET | ATTR_MTIME_SET))
		return true;
	return (ia & (ATTR_ATIME | ATTR_MTIME)) && !(ia & ATTR_SIZE);
}

/*
 * OST_SETATTR of the times in @iattr on every object of a regular file:
 * its mtime is the newest of the MDT's and the objects', so a time set
 * into the past must reach the objects as well.  The replies say what the
 * objects are now, which refreshes i_size and i_blocks.  Objects on OSTs
 * that do not know OST_SETATTR keep their own times.
 */
static int loom_ost_setattr(struct inode *inode, const struct iattr *iattr)
{
	struct loom_cl_layout *lo = READ_ONCE(loom_i(inode)->layout);
	unsigned int ia = iattr->ia_valid;
	const struct loom_ost_obj_rep *rep;
	struct loom_ost_setattr_req *body;
	u64 size = 0, blocks = 0, valid = 0;
	struct loom_conn *conn;
	struct loom_req *req;
	bool all = true;
	unsigned int i;
	int rc;

	if (!lo)
		return 0;
	if (ia & ATTR_ATIME)
		valid |= LOOM_ATTR_ATIME;
	if (ia & ATTR_MTIME)
		valid |= LOOM_ATTR_MTIME;
	if (ia & ATTR_CTIME)
		valid |= LOOM_ATTR_CTIME;
	for (i = 0; i < lo->stripe_count; i++) {
		conn = loom_cl_ost(inode->i_sb, lo->objs[i].ost_index);
		if (conn &&
		    !(loom_conn_features(conn) & LOOM_FEAT_OST_SETATTR)) {
			all = false;
			continue;
		}
		req = loom_cl_req(conn, LOOM_OPC_OST_SETATTR, sizeof(*body));
		if (IS_ERR(req))
			return PTR_ERR(req);
		body = req->req_body;
		body->oid = lo->objs[i].oid;
		body->valid = cpu_to_le64(valid);
		if (valid & LOOM_ATTR_MTIME) {
			body->mtime_sec = cpu_to_le64(iattr->ia_mtime.tv_sec);
			body->mtime_nsec = cpu_to_le32(iattr->ia_mtime.tv_nsec);
		}
		if (valid & LOOM_ATTR_ATIME) {
			body->atime_sec = cpu_to_le64(iattr->ia_atime.tv_sec);
			body->atime_nsec = cpu_to_le32(iattr->ia_atime.tv_nsec);
		}
		if (valid & LOOM_ATTR_CTIME) {
			body->ctime_sec = cpu_to_le64(iattr->ia_ctime.tv_sec);
			body->ctime_nsec = cpu_to_le32(iattr->ia_ctime.tv_nsec);
		}
		rep = loom_cl_call(req, sizeof(*rep));
		if (IS_ERR(rep))
			rc = PTR_ERR(rep);
		else
			rc = loom_obj_rep_fold(lo, i, rep, &size, &blocks,
					       NULL);
		loom_req_free(req);
		if (rc)
			return rc;
	}
	if (all) {
		i_size_write(inode, size);
		inode->i_blocks = blocks;
	}
	return 0;
}

/**
 * loom_setattr() - ->setattr: size on the OSTs, the rest on the MDT
 * @idmap: idmap of the mount
 * @dentry: what to change
 * @iattr: the change
 *
 * Times set by utimes() and friends go to the MDT and to every object of
 * a regular file, whose mtime is the newest of them all.
 *
 * Return: 0 or a negative errno.
 */
int loom_setattr(struct mnt_idmap *idmap, struct dentry *dentry,
		 struct iattr *iattr)
{
	struct inode *inode = d_inode(dentry);
	int rc;

	rc = setattr_prepare(idmap, dentry, iattr);
	if (rc)
		return rc;

	/*
	 * Dirty pages written back later would move the objects' sizes and
	 * mtimes past what is set here: send them first.
	 */
	if (S_ISREG(inode->i_mode) &&
	    (iattr->ia_valid & (ATTR_SIZE | ATTR_ATIME | ATTR_MTIME))) {
		rc = filemap_write_and_wait(inode->i_mapping);
		if (rc)
			return rc;
	}
	if ((iattr->ia_valid & ATTR_SIZE) && S_ISREG(inode->i_mode)) {
		if (iattr->ia_size > inode->i_sb->s_maxbytes)
			return -EFBIG;
		rc = loom_punch(inode, iattr->ia_size);
		if (rc)
			return rc;
		loom_data_changed(inode);
		truncate_setsize(inode, iattr->ia_size);
	}
	/* an open file without names keeps its attributes here only */
	if ((iattr->ia_valid & (ATTR_MODE | ATTR_UID | ATTR_GID | ATTR_ATIME |
				ATTR_MTIME | ATTR_CTIME)) &&
	    !loom_i(inode)->destroy) {
		rc = loom_mdt_setattr(inode, iattr);
		if (rc)
			return rc;
	}
	if (S_ISREG(inode->i_mode) && loom_times_to_objects(iattr->ia_valid)) {
		rc = loom_ost_setattr(inode, iattr);
		if (rc)
			return rc;
	}
	setattr_copy(idmap, inode, iattr);
	return 0;
}

static const char *loom_get_link(struct dentry *dentry, struct inode *inode,
				 struct delayed_call *done)
{
	struct loom_sb_info *sbi = loom_sbi(inode->i_sb);
	const struct loom_readlink_rep *rep;
	struct loom_getattr_req *body;
	struct loom_req *req;
	char *link;
	u32 len;

	if (!dentry)
		return ERR_PTR(-ECHILD);

	req = loom_cl_req(sbi->mdt, LOOM_OPC_MDT_READLINK, sizeof(*body));
	if (IS_ERR(req))
		return ERR_CAST(req);
	body = req->req_body;
	body->fid = loom_i(inode)->fid;
	rep = loom_cl_call(req, sizeof(*rep));
	if (IS_ERR(rep)) {
		link = ERR_CAST(rep);
		goto out;
	}
	len = le32_to_cpu(rep->len);
	if (!len || len > LOOM_SYMLINK_MAX ||
	    req->rep_len < sizeof(*rep) + len) {
		link = ERR_PTR(-EPROTO);
		goto out;
	}
	link = kmemdup_nul((const char *)(rep + 1), len, GFP_KERNEL);
	if (!link) {
		link = ERR_PTR(-ENOMEM);
		goto out;
	}
	if (strlen(link) != len) {
		kfree(link);
		link = ERR_PTR(-EPROTO);
		goto out;
	}
	set_delayed_call(done, kfree_link, link);
out:
	loom_req_free(req);
	return link;
}

const struct inode_operations loom_file_inode_ops = {
	.getattr	= loom_getattr,
	.setattr	= loom_setattr,
	.listxattr	= loom_listxattr,
	.get_inode_acl	= loom_get_acl,
	.set_acl	= loom_set_acl,
};

const struct inode_operations loom_symlink_inode_ops = {
	.get_link	= loom_get_link,
	.getattr	= loom_getattr,
	.setattr	= loom_setattr,
	.listxattr	= loom_listxattr,
};

const struct inode_operations loom_special_inode_ops = {
	.getattr	= loom_getattr,
	.setattr	= loom_setattr,
	.listxattr	= loom_listxattr,
	.get_inode_acl	= loom_get_acl,
	.set_acl	= loom_set_acl,
};

/* Superblock operations on inodes */

/**
 * loom_alloc_inode() - ->alloc_inode
 * @sb: the superblock
 *
 * Return: the VFS inode inside a new struct loom_inode_info, or %NULL.
 */
struct inode *loom_alloc_inode(struct super_block *sb)
{
	struct loom_inode_info *li;

	li = alloc_inode_sb(sb, loom_inode_cachep, GFP_KERNEL);
	if (!li)
		return NULL;
	memset(&li->fid, 0, sizeof(li->fid));
	li->layout = NULL;
	li->destroy = false;
	li->release = false;
	li->data_valid = false;
	li->data_size = 0;
	li->data_mtime = (struct timespec64){};
	INIT_LIST_HEAD(&li->dlm_locks);
	li->dlm_flags = 0;
	li->dlm_lookup_locks = 0;
	li->dlm_dir_gen = 0;
	li->dlm_attr_gen = 0;
	li->dlm_xattr_gen = 0;
	return &li->vfs_inode;
}

/**
 * loom_free_inode() - ->free_inode, after an RCU grace period
 * @inode: the inode
 */
void loom_free_inode(struct inode *inode)
{
	struct loom_inode_info *li = loom_i(inode);

	kfree(li->layout);
	kmem_cache_free(loom_inode_cachep, li);
}

/**
 * loom_evict_inode() - ->evict_inode: destroy the objects of a dead file
 * @inode: the inode
 *
 * When the last link of a regular file went away while it was in use,
 * its objects are destroyed on the OSTs once the last user is gone.
 */
void loom_evict_inode(struct inode *inode)
{
	struct loom_cl_layout *lo = loom_i(inode)->layout;
	unsigned int i;
	int rc;

	truncate_inode_pages_final(&inode->i_data);
	loom_dlm_evict_inode(inode);
	clear_inode(inode);
	if (!loom_i(inode)->destroy || !lo || !S_ISREG(inode->i_mode))
		return;
	/* the MDT destroys them: at once, or now if it kept them for us */
	if (loom_conn_features(loom_sbi(inode->i_sb)->mdt) &
	    LOOM_FEAT_MDT_DESTROY) {
		if (loom_i(inode)->release)
			loom_mdt_release(inode);
		return;
	}
	for (i = 0; i < lo->stripe_count; i++) {
		rc = loom_ost_obj_op(inode->i_sb, &lo->objs[i],
				     LOOM_OPC_OST_DESTROY, 0, 0, NULL);
		if (rc && rc != -ENOENT)
			pr_warn_ratelimited("loom: cannot destroy object %u of inode %llu: %d\n",
					    i, (unsigned long long)inode->i_ino,
					    rc);
	}
}

static void loom_inode_init_once(void *obj)
{
	struct loom_inode_info *li = obj;

	spin_lock_init(&li->size_lock);
	inode_init_once(&li->vfs_inode);
}

/**
 * loom_inode_cache_init() - create the inode cache
 *
 * Return: 0 or -ENOMEM.
 */
int loom_inode_cache_init(void)
{
	loom_inode_cachep = kmem_cache_create("loom_inode_cache",
					      sizeof(struct loom_inode_info), 0,
					      SLAB_RECLAIM_ACCOUNT | SLAB_ACCOUNT,
					      loom_inode_init_once);
	return loom_inode_cachep ? 0 : -ENOMEM;
}

/**
 * loom_inode_cache_exit() - destroy the inode cache
 */
void loom_inode_cache_exit(void)
{
	/* free_inode runs after an RCU grace period */
	rcu_barrier();
	kmem_cache_destroy(loom_inode_cachep);
}

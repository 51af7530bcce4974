// SPDX-License-Identifier: GPL-2.0
/*
 * Loom metadata target: the namespace.
 *
 * Every inode is an OSD object named by its FID; directories use the
 * OSD's index, and the rest lives in extended attributes of the object:
 * a file's layout, a directory's default layout and parent, a symlink's
 * target.  Requests run one at a time (ordered workqueue), so an
 * operation on several inodes needs no further locking.
 *
 * Clients cache attributes and names under DLM locks (ldlm.c): a change
 * first calls back the other clients' locks on every inode it touches
 * (mdt_op_lock()), and LDLM_ENQUEUE grants a lock and, with an intent,
 * answers a GETATTR or LOOKUP under it in the same round trip.
 *
 * Regular files get their layout at creation: stripe count and size from
 * the request, else from the parent directory's default, else from the
 * filesystem default of the MGS; the OSTs and the objects on them come
 * from osp.c: placement by free space among the OSTs the MGS knows, and
 * objects the OSTs precreated (sequence LOOM_FID_SEQ_OST + (MDT index <<
 * 16) + OST index, loom_ost_seq()).
 */
#include <linux/slab.h>
#include <linux/mutex.h>
#include <linux/stat.h>
#include <linux/fs.h>
#include <linux/timekeeping.h>
#include "../common/disk.h"
#include "server.h"
#include "ldlm.h"

#define MDT_XA_LAYOUT	"loom.layout"
#define MDT_XA_DIRDEF	"loom.dirlayout"
#define MDT_XA_PARENT	"loom.parent"
#define MDT_XA_LINK	"loom.link"
#define MDT_XA_NAMES	"loom.xnames"	/* names of the user's xattrs */
#define MDT_XA_USER	"u."		/* prefix of their values */
#define MDT_XA_VALUE_V1	0x01		/* first byte of a stored value */
#define MDT_XA_LASTID	"loom.lastid"
#define MDT_ID_BATCH	1024
#define MDT_ANY		0xffff
#define MDT_MAX_DEPTH	4096

static int mdt_xa_put(struct loom_osd_obj *obj, const char *xname,
		      const void *value, u32 value_len);
static int mdt_acl_chmod(struct loom_osd_obj *obj, u32 mode);

struct loom_mdt {
	struct loom_target	*tgt;
	struct loom_osd		*osd;
	u64			seq;
	u32			next_oid;
	u32			next_obj;
	u32			oid_limit;	/* reserved on disk up to */
	u32			obj_limit;
	u64			transno;
	struct mutex		cfg_lock;	/* the fields below */
	u32			def_size;
	u16			def_count;
	u32			nr_osts;
	u32			osts[LOOM_MAX_TARGETS];
	u32			rr;
	unsigned long		cfg_asked;	/* jiffies of the last refresh */
	struct loom_osp		*osp;		/* OSTs, placement (osp.c) */
};

/*
 * The FIDs an MDT hands out (inodes and OST objects) are reserved on disk
 * in batches, in an xattr of the root, before they are used: after a
 * restart, even after a crash, allocation resumes past every FID that may
 * have been handed out.
 */
struct mdt_lastid {
	__le32	oid_limit;
	__le32	obj_limit;
};

static int mdt_reserve_ids(struct loom_mdt *mdt)
{
	struct mdt_lastid li;
	struct loom_osd_obj *root;
	struct loom_fid fid;
	u32 oid = mdt->next_oid, obj = mdt->next_obj;
	int ret;

	if (oid < mdt->oid_limit && obj + LOOM_MAX_STRIPES <= mdt->obj_limit)
		return 0;
	if (oid > U32_MAX - MDT_ID_BATCH ||
	    obj > U32_MAX - MDT_ID_BATCH - LOOM_MAX_STRIPES)
		return -ENOSPC;
	li.oid_limit = cpu_to_le32(oid + MDT_ID_BATCH);
	li.obj_limit = cpu_to_le32(obj + MDT_ID_BATCH + LOOM_MAX_STRIPES);
	fid.seq = cpu_to_le64(mdt->seq);
	fid.oid = cpu_to_le32(LOOM_FID_OID_ROOT);
	fid.ver = 0;
	root = loom_osd_obj_find(mdt->osd, &fid, 0);
	if (IS_ERR(root))
		return PTR_ERR(root);
	ret = loom_osd_xattr_set(root, MDT_XA_LASTID, &li, sizeof(li));
	loom_osd_obj_put(root);
	if (ret)
		return ret;
	mdt->oid_limit = le32_to_cpu(li.oid_limit);
	mdt->obj_limit = le32_to_cpu(li.obj_limit);
	return 0;
}

static struct loom_mdt *mdt_of(struct loom_srv_req *sr)
{
	return sr->tgt->priv;
}

static bool mdt_fid_eq(const struct loom_fid *a, const struct loom_fid *b)
{
	return a->seq == b->seq && a->oid == b->oid && a->ver == b->ver;
}

static void mdt_set_fid(struct loom_fid *fid, u64 seq, u32 oid)
{
	fid->seq = cpu_to_le64(seq);
	fid->oid = cpu_to_le32(oid);
	fid->ver = 0;
}

static u32 mdt_dt_type(u32 mode)
{
	return (mode & S_IFMT) >> 12;
}

/* Does the variable tail of a request (@tail bytes) fit its body? */
static bool mdt_tail_ok(const struct loom_srv_req *sr, size_t fixed, u64 tail)
{
	u64 need = fixed + tail;

	return sr->body_len >= need && sr->body_len <= round_up(need, 8);
}

static struct loom_osd_obj *mdt_find(struct loom_mdt *mdt,
				     const struct loom_fid *fid)
{
	/* the destroy log (osp.c) is no client's business */
	if (loom_wire_check_fid(fid) ||
	    le32_to_cpu(fid->oid) == LOOM_DISK_OID_DESTROY_LOG)
		return ERR_PTR(-EINVAL);
	return loom_osd_obj_find(mdt->osd, fid, 0);
}

static struct loom_osd_obj *mdt_find_dir(struct loom_mdt *mdt,
					 const struct loom_fid *fid,
					 struct loom_osd_attr *attr)
{
	struct loom_osd_obj *obj = mdt_find(mdt, fid);
	int ret;

	if (IS_ERR(obj))
		return obj;
	ret = loom_osd_obj_getattr(obj, attr);
	if (!ret && !S_ISDIR(attr->mode))
		ret = -ENOTDIR;
	if (ret) {
		loom_osd_obj_put(obj);
		return ERR_PTR(ret);
	}
	return obj;
}

static void mdt_now(struct timespec64 *ts, __le64 sec, __le32 nsec)
{
	u32 ns = le32_to_cpu(nsec);

	if (sec && ns < NSEC_PER_SEC) {
		ts->tv_sec = (s64)le64_to_cpu(sec);
		ts->tv_nsec = ns;
	} else {
		ktime_get_real_ts64(ts);
	}
}

static int mdt_touch(struct loom_osd_obj *obj, const struct timespec64 *ts,
		     int nlink_delta)
{
	struct loom_osd_attr attr;
	u64 valid = LOOM_ATTR_MTIME | LOOM_ATTR_CTIME;
	int ret;

	ret = loom_osd_obj_getattr(obj, &attr);
	if (ret)
		return ret;
	attr.mtime = *ts;
	attr.ctime = *ts;
	if (nlink_delta) {
		attr.nlink += nlink_delta;
		valid |= LOOM_ATTR_NLINK;
	}
	return loom_osd_obj_setattr(obj, &attr, valid);
}

/* Fill the reply's attributes and layout of an inode. */
static int mdt_pack(struct loom_osd_obj *obj, const struct loom_fid *fid,
		    struct loom_body_attr_layout *b)
{
	struct loom_osd_attr attr;
	struct loom_attr *a = &b->attr;
	u64 valid = LOOM_ATTR_ALL;
	ssize_t n;
	int ret;

	ret = loom_osd_obj_getattr(obj, &attr);
	if (ret)
		return ret;
	if (S_ISREG(attr.mode)) {
		/* a file's size and blocks are the OSTs' */
		valid &= ~(LOOM_ATTR_SIZE | LOOM_ATTR_BLOCKS);
		attr.size = 0;
		attr.blocks = 0;
	}
	a->valid = cpu_to_le64(valid);
	a->fid = *fid;
	a->mode = cpu_to_le32(attr.mode);
	a->nlink = cpu_to_le32(attr.nlink);
	a->uid = cpu_to_le32(attr.uid);
	a->gid = cpu_to_le32(attr.gid);
	a->size = cpu_to_le64(attr.size);
	a->blocks = cpu_to_le64(attr.blocks);
	a->atime_sec = cpu_to_le64(attr.atime.tv_sec);
	a->mtime_sec = cpu_to_le64(attr.mtime.tv_sec);
	a->ctime_sec = cpu_to_le64(attr.ctime.tv_sec);
	a->atime_nsec = cpu_to_le32(attr.atime.tv_nsec);
	a->mtime_nsec = cpu_to_le32(attr.mtime.tv_nsec);
	a->ctime_nsec = cpu_to_le32(attr.ctime.tv_nsec);
	a->rdev = cpu_to_le32(attr.rdev);
	a->flags = cpu_to_le64(attr.flags);

	memset(&b->layout, 0, sizeof(b->layout));
	if (S_ISREG(attr.mode)) {
		n = loom_osd_xattr_get(obj, MDT_XA_LAYOUT, &b->layout,
				       sizeof(b->layout));
		if (n < 0 && n != -ENODATA)
			return n;
	}
	return 0;
}

static int mdt_reply_obj(struct loom_srv_req *sr, struct loom_osd_obj *obj,
			 const struct loom_fid *fid)
{
	struct loom_body_attr_layout *b;

	b = loom_srv_reply(sr, sizeof(*b));
	if (!b)
		return -ENOMEM;
	return mdt_pack(obj, fid, b);
}

/*
 * The reply to a CREATE: the inode, and with %LOOM_CREATE_LOCK the lock
 * granted on it when @cl is given (a new inode: nobody else can hold a
 * lock on it, so the grant does not wait), and with %LOOM_CREATE_OPEN its
 * open lock when @co is given.  Without a lock the reply still says so.
 * @mode is the new inode's.
 */
static int mdt_reply_created(struct loom_srv_req *sr, struct loom_osd_obj *obj,
			     const struct loom_fid *fid,
			     const struct loom_create_lock *cl,
			     const struct loom_create_open *co, u32 mode)
{
	const struct loom_create_req *req = sr->body;
	u32 flags = le32_to_cpu(req->flags);
	struct loom_create_open_rep *orep = NULL;
	struct loom_create_lock_rep *lr;
	struct loom_body_attr_layout *b;
	struct loom_ldlm_owner owner;
	struct loom_lock_desc desc = {
		.type = LOOM_LDLM_IBITS,
		.mode = LOOM_LCK_PR,
	};
	size_t len = sizeof(*b) + sizeof(*lr);
	u64 handle = 0;
	int ret;

	if (!(flags & LOOM_CREATE_LOCK))
		return mdt_reply_obj(sr, obj, fid);
	if (flags & LOOM_CREATE_OPEN)
		len += sizeof(*orep);
	b = loom_srv_reply(sr, len);
	if (!b)
		return -ENOMEM;
	lr = (struct loom_create_lock_rep *)(b + 1);
	if (flags & LOOM_CREATE_OPEN)
		orep = (struct loom_create_open_rep *)(lr + 1);
	ret = mdt_pack(obj, fid, b);
	if (ret || !cl || !sr->tgt->ldlm)
		return ret;
	loom_srv_owner(sr, &owner);
	desc.bits = le64_to_cpu(cl->bits);
	if (!S_ISDIR(mode))
		desc.bits &= ~(u64)LOOM_IBIT_LOOKUP;
	/* no lock is no error: the client asks again when it needs one */
	if (desc.bits &&
	    !loom_ldlm_enqueue(sr->tgt->ldlm, &owner, fid,
			       le64_to_cpu(cl->cookie), &desc, &handle)) {
		lr->handle = cpu_to_le64(handle);
		lr->bits = cpu_to_le64(desc.bits);
	}
	if (!co || !orep)
		return 0;
	desc.bits = LOOM_IBIT_OPEN;
	if (!loom_ldlm_enqueue(sr->tgt->ldlm, &owner, fid,
			       le64_to_cpu(co->cookie), &desc, &handle))
		orep->handle = cpu_to_le64(handle);
	return 0;
}

static int mdt_getattr(struct loom_srv_req *sr)
{
	const struct loom_getattr_req *req = sr->body;
	struct loom_osd_obj *obj;
	int ret;

	if (sr->body_len != sizeof(*req))
		return -EPROTO;
	obj = mdt_find(mdt_of(sr), &req->fid);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	ret = mdt_reply_obj(sr, obj, &req->fid);
	loom_osd_obj_put(obj);
	return ret;
}

static int mdt_lookup(struct loom_srv_req *sr)
{
	const struct loom_lookup_req *req = sr->body;
	struct loom_mdt *mdt = mdt_of(sr);
	struct loom_osd_obj *dir, *obj;
	struct loom_osd_attr attr;
	const char *name;
	struct loom_fid fid;
	u32 len;
	int ret;

	if (sr->body_len < sizeof(*req) || req->padding)
		return -EPROTO;
	len = le32_to_cpu(req->name_len);
	if (!mdt_tail_ok(sr, sizeof(*req), len))
		return -EPROTO;
	name = (const char *)(req + 1);
	ret = loom_wire_check_name(name, len);
	if (ret)
		return ret;

	dir = mdt_find_dir(mdt, &req->parent, &attr);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	ret = loom_osd_dir_lookup(dir, name, len, &fid, NULL);
	loom_osd_obj_put(dir);
	if (ret)
		return ret;
	obj = mdt_find(mdt, &fid);
	if (IS_ERR(obj))
		return PTR_ERR(obj) == -ENOENT ? -ESTALE : PTR_ERR(obj);
	ret = mdt_reply_obj(sr, obj, &fid);
	loom_osd_obj_put(obj);
	return ret;
}

/**
 * loom_mdt_recovery_end() - the recovery window of an MDT closed
 * @tgt: the MDT
 *
 * The files kept for clients that did not replay their open locks go.
 */
void loom_mdt_recovery_end(struct loom_target *tgt)
{
	struct loom_mdt *mdt = tgt->priv;

	if (mdt && !IS_ERR_OR_NULL(mdt->osp))
		loom_osp_recovery_end(mdt->osp);
}

/**
 * loom_mdt_set_config() - take a new configuration from the MGS
 * @tgt: the MDT
 * @body: a validated MGS_CONFIG reply body
 * @len: its length
 */
void loom_mdt_set_config(struct loom_target *tgt, const void *body, u32 len)
{
	const struct loom_mgs_config_rep *rep = body;
	const struct loom_target_entry *te = (const void *)(rep + 1);
	struct loom_mdt *mdt = tgt->priv;
	u32 i, nr = le32_to_cpu(rep->nr_targets);

	if (tgt->type != LOOM_TGT_MDT || !mdt)
		return;
	mutex_lock(&mdt->cfg_lock);
	mdt->def_size = le32_to_cpu(rep->def_layout.stripe_size);
	mdt->def_count = le16_to_cpu(rep->def_layout.stripe_count);
	mdt->nr_osts = 0;
	for (i = 0; i < nr; i++, te++)
		if (le32_to_cpu(te->type) == LOOM_TGT_OST &&
		    (le32_to_cpu(te->flags) & LOOM_TGT_F_ACTIVE) &&
		    mdt->nr_osts < LOOM_MAX_TARGETS) {
			mdt->osts[mdt->nr_osts++] = le32_to_cpu(te->index);
			loom_osp_set_ost(mdt->osp, le32_to_cpu(te->index),
					 &te->nid);
		}
	mutex_unlock(&mdt->cfg_lock);
}

/*
 * Ask the MGS again before placing a file when we know no OST, or fewer
 * than the file wants: OSTs that registered since the last refresh are
 * used at once.  At most once a second, unless we know none.
 */
static bool mdt_want_refresh(struct loom_mdt *mdt, u32 count)
{
	bool want;

	mutex_lock(&mdt->cfg_lock);
	if (!count)
		count = mdt->def_count ?: 1;
	want = !mdt->nr_osts ||
	       ((count == MDT_ANY || count > mdt->nr_osts) &&
		(!mdt->cfg_asked || time_after(jiffies, mdt->cfg_asked + HZ)));
	if (want)
		mdt->cfg_asked = jiffies;
	mutex_unlock(&mdt->cfg_lock);
	return want;
}

static bool mdt_ld_empty(const struct loom_layout_default *ld)
{
	return !ld->stripe_size && !ld->stripe_count && !ld->stripe_offset;
}

/* Build a new file's layout from the request, the parent and the fs. */
static int mdt_new_layout(struct loom_mdt *mdt, struct loom_osd_obj *parent,
			  const struct loom_layout_default *req,
			  struct loom_layout *lo)
{
	struct loom_layout_default pd = {};
	u32 size = 0, count = 0, offset = MDT_ANY;
	ssize_t n;
	int ret;

	if (!mdt_ld_empty(req)) {
		size = le32_to_cpu(req->stripe_size);
		count = le16_to_cpu(req->stripe_count);
		offset = le16_to_cpu(req->stripe_offset);
	}
	n = loom_osd_xattr_get(parent, MDT_XA_DIRDEF, &pd, sizeof(pd));
	if (n == sizeof(pd)) {
		if (!size)
			size = le32_to_cpu(pd.stripe_size);
		if (!count)
			count = le16_to_cpu(pd.stripe_count);
		if (offset == MDT_ANY)
			offset = le16_to_cpu(pd.stripe_offset);
	}

	if (mdt_want_refresh(mdt, count)) {
		/* maybe OSTs registered since we last asked the MGS */
		loom_target_kick_mgs(mdt->tgt);
		flush_delayed_work(&mdt->tgt->reg_work);
	}

	mutex_lock(&mdt->cfg_lock);
	if (!mdt->nr_osts) {
		mutex_unlock(&mdt->cfg_lock);
		return -ENOSPC;
	}
	if (!size)
		size = mdt->def_size ?: 1 << 20;
	if (!count)
		count = mdt->def_count ?: 1;
	if (count == MDT_ANY || count > mdt->nr_osts)
		count = mdt->nr_osts;
	mutex_unlock(&mdt->cfg_lock);

	memset(lo, 0, sizeof(*lo));
	ret = loom_osp_alloc(mdt->osp, count, offset, lo->objs);
	if (ret < 0)
		return ret;
	lo->magic = cpu_to_le32(LOOM_LAYOUT_MAGIC);
	lo->pattern = cpu_to_le32(LOOM_LAYOUT_RAID0);
	lo->stripe_size = cpu_to_le32(size);
	lo->stripe_count = cpu_to_le16(ret);
	return 0;
}

static int mdt_init_dir(struct loom_osd_obj *obj, const struct loom_fid *parent,
			const struct loom_layout_default *ld)
{
	int ret;

	ret = loom_osd_xattr_set(obj, MDT_XA_PARENT, parent, sizeof(*parent));
	if (!ret && !mdt_ld_empty(ld))
		ret = loom_osd_xattr_set(obj, MDT_XA_DIRDEF, ld, sizeof(*ld));
	return ret;
}

static int mdt_create(struct loom_srv_req *sr)
{
	const struct loom_create_req *req = sr->body;
	struct loom_mdt *mdt = mdt_of(sr);
	struct loom_osd_obj *dir, *obj = NULL;
	struct loom_osd_attr pattr, attr = {};
	struct loom_layout *lo = NULL;
	const struct loom_create_lock *cl = NULL;
	const struct loom_create_open *co = NULL;
	const struct loom_create_acl *ca;
	const char *name, *target, *acc, *def;
	u32 mode, len, tlen, flags, alen = 0, dlen = 0, perm;
	size_t fixed = sizeof(*req);
	struct loom_fid fid;
	struct timespec64 now;
	int ret;

	if (sr->body_len < sizeof(*req))
		return -EPROTO;
	len = le32_to_cpu(req->name_len);
	tlen = le32_to_cpu(req->tgt_len);
	flags = le32_to_cpu(req->flags);
	if (flags & LOOM_CREATE_ACL) {
		if (sr->body_len < sizeof(*req) + sizeof(*ca))
			return -EPROTO;
		ca = (const struct loom_create_acl *)(req + 1);
		alen = le32_to_cpu(ca->access_len);
		dlen = le32_to_cpu(ca->default_len);
		if (alen > LOOM_XATTR_SIZE_MAX || dlen > LOOM_XATTR_SIZE_MAX)
			return -E2BIG;
		fixed += sizeof(*ca);
	}
	if (flags & LOOM_CREATE_LOCK) {
		if (sr->body_len < fixed + sizeof(*cl))
			return -EPROTO;
		cl = (const struct loom_create_lock *)((const char *)req + fixed);
		if (!cl->cookie || !cl->bits ||
		    (le64_to_cpu(cl->bits) & ~(u64)LOOM_IBIT_ALL))
			return -EPROTO;
		fixed += sizeof(*cl);
	}
	if (flags & LOOM_CREATE_OPEN) {
		if (!(flags & LOOM_CREATE_LOCK) ||
		    sr->body_len < fixed + sizeof(*co))
			return -EPROTO;
		co = (const struct loom_create_open *)((const char *)req + fixed);
		if (!co->cookie)
			return -EPROTO;
		fixed += sizeof(*co);
	}
	if (!mdt_tail_ok(sr, fixed, (u64)len + tlen + alen + dlen))
		return -EPROTO;
	name = (const char *)req + fixed;
	target = name + len;
	acc = target + tlen;
	def = acc + alen;
	mode = le32_to_cpu(req->mode);
	ret = loom_wire_check_name(name, len);
	if (ret)
		return ret;
	if ((flags & ~(LOOM_CREATE_EXCL | LOOM_CREATE_ACL | LOOM_CREATE_LOCK |
		       LOOM_CREATE_OPEN)) ||
	    (co && !S_ISREG(mode)) || (mode & ~(S_IFMT | 07777)) ||
	    loom_wire_check_layout_default(&req->layout) ||
	    le32_to_cpu(req->ctime_nsec) >= NSEC_PER_SEC)
		return -EINVAL;
	/* the ACLs of the new inode, and the mode its access ACL grants */
	if ((alen && (S_ISLNK(mode) || loom_acl_mode(acc, alen, &perm) < 0)) ||
	    (dlen && (!S_ISDIR(mode) || loom_acl_check(def, dlen))))
		return -EINVAL;
	if (alen)
		mode = (mode & ~0777) | perm;
	switch (mode & S_IFMT) {
	case S_IFLNK:
		if (!tlen || tlen > LOOM_SYMLINK_MAX ||
		    memchr(target, '\0', tlen))
			return tlen > LOOM_SYMLINK_MAX ? -ENAMETOOLONG : -EINVAL;
		break;
	case S_IFREG:
	case S_IFDIR:
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		if (tlen)
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}

	dir = mdt_find_dir(mdt, &req->parent, &pattr);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	if (!pattr.nlink) {
		ret = -ENOENT;
		goto out;
	}
	ret = loom_osd_dir_lookup(dir, name, len, &fid, NULL);
	if (!ret) {
		/* open(O_CREAT) without O_EXCL of an existing file */
		if (!(flags & LOOM_CREATE_EXCL) && S_ISREG(mode)) {
			obj = mdt_find(mdt, &fid);
			if (IS_ERR(obj)) {
				ret = PTR_ERR(obj);
				obj = NULL;
				goto out;
			}
			ret = loom_osd_obj_getattr(obj, &attr);
			if (!ret && !S_ISREG(attr.mode))
				ret = S_ISDIR(attr.mode) ? -EISDIR : -EEXIST;
			if (!ret)
				ret = mdt_reply_created(sr, obj, &fid, NULL,
							NULL, 0);
			goto out;
		}
		ret = -EEXIST;
		goto out;
	}
	if (ret != -ENOENT)
		goto out;

	ret = mdt_reserve_ids(mdt);
	if (ret)
		goto out;
	if (S_ISREG(mode)) {
		lo = kmalloc_obj(*lo, GFP_NOFS);
		if (!lo) {
			ret = -ENOMEM;
			goto out;
		}
		ret = mdt_new_layout(mdt, dir, &req->layout, lo);
		if (ret)
			goto out;
	}

	if (mdt->next_oid == U32_MAX) {
		ret = -ENOSPC;
		goto out;
	}
	mdt_set_fid(&fid, mdt->seq, ++mdt->next_oid);
	obj = loom_osd_obj_find(mdt->osd, &fid, mode);
	if (IS_ERR(obj)) {
		ret = PTR_ERR(obj);
		obj = NULL;
		goto out;
	}
	mdt_now(&now, req->ctime_sec, req->ctime_nsec);
	attr.mode = mode;
	attr.uid = le32_to_cpu(req->uid);
	attr.gid = le32_to_cpu(req->gid);
	attr.rdev = S_ISCHR(mode) || S_ISBLK(mode) ? le32_to_cpu(req->rdev) : 0;
	attr.nlink = S_ISDIR(mode) ? 2 : 1;
	attr.size = S_ISLNK(mode) ? tlen : 0;
	attr.atime = now;
	attr.mtime = now;
	attr.ctime = now;
	ret = loom_osd_obj_setattr(obj, &attr, LOOM_ATTR_ALL & ~LOOM_ATTR_BLOCKS);
	if (ret)
		goto err_destroy;

	if (lo)
		ret = loom_osd_xattr_set(obj, MDT_XA_LAYOUT, lo,
					 loom_layout_size(le16_to_cpu(lo->stripe_count)));
	else if (S_ISLNK(mode))
		ret = loom_osd_xattr_set(obj, MDT_XA_LINK, target, tlen);
	else if (S_ISDIR(mode))
		ret = mdt_init_dir(obj, &req->parent, &req->layout);
	if (!ret && alen)
		ret = mdt_xa_put(obj, LOOM_ACL_XATTR_ACCESS, acc, alen);
	if (!ret && dlen)
		ret = mdt_xa_put(obj, LOOM_ACL_XATTR_DEFAULT, def, dlen);
	if (ret)
		goto err_destroy;

	ret = loom_osd_dir_insert(dir, name, len, &fid, mdt_dt_type(mode));
	if (ret)
		goto err_destroy;
	mdt_touch(dir, &now, S_ISDIR(mode) ? 1 : 0);
	sr->transno = ++mdt->transno;
	ret = mdt_reply_created(sr, obj, &fid, cl, co, mode);
	goto out;

err_destroy:
	loom_osd_obj_destroy(obj);
out:
	kfree(lo);
	loom_osd_obj_put(obj);
	loom_osd_obj_put(dir);
	return ret;
}

/*
 * Unlink @obj (@attr its attributes) for @sr: drop its link, destroy it
 * when none is left, pack it into @b if given.  A regular file's objects
 * are destroyed by the OSP from its destroy log: at once, after
 * MDT_RELEASE with @keep (the client asking has it open), or after the
 * last close on the other clients that hold it open.
 */
static int mdt_drop_link(struct loom_srv_req *sr, struct loom_osd_obj *obj,
			 const struct loom_fid *fid,
			 struct loom_osd_attr *attr,
			 const struct timespec64 *now,
			 struct loom_body_attr_layout *b, bool keep)
{
	struct loom_mdt *mdt = mdt_of(sr);
	int ret;

	attr->nlink = S_ISDIR(attr->mode) || attr->nlink <= 1 ? 0 :
		      attr->nlink - 1;
	attr->ctime = *now;
	ret = loom_osd_obj_setattr(obj, attr, LOOM_ATTR_NLINK | LOOM_ATTR_CTIME);
	if (ret)
		return ret;
	if (b) {
		ret = mdt_pack(obj, fid, b);
		if (ret)
			return ret;
	}
	if (attr->nlink)
		return 0;
	if (S_ISREG(attr->mode)) {
		ret = loom_osp_destroy_log(mdt->osp, fid, keep,
					   sr->exp_cookie);
		if (!ret)
			return 0;
		pr_warn_ratelimited("loom: mdt: cannot log the destruction of %llx:%x (%d): its objects are left\n",
				    le64_to_cpu(fid->seq),
				    le32_to_cpu(fid->oid), ret);
	}
	loom_osd_obj_destroy(obj);
	return 0;
}

static int mdt_unlink(struct loom_srv_req *sr)
{
	const struct loom_unlink_req *req = sr->body;
	struct loom_mdt *mdt = mdt_of(sr);
	struct loom_osd_obj *dir, *obj = NULL;
	struct loom_osd_attr pattr, attr;
	struct loom_body_attr_layout *b;
	struct timespec64 now;
	const char *name;
	struct loom_fid fid;
	u32 len, is_dir, flags;
	int ret;

	if (sr->body_len < sizeof(*req))
		return -EPROTO;
	flags = le32_to_cpu(req->flags);
	if (flags & ~LOOM_UNLINK_KEEP)
		return -EPROTO;
	len = le32_to_cpu(req->name_len);
	is_dir = le32_to_cpu(req->is_dir);
	if (!mdt_tail_ok(sr, sizeof(*req), len) || is_dir > 1)
		return -EPROTO;
	name = (const char *)(req + 1);
	ret = loom_wire_check_name(name, len);
	if (ret)
		return ret;
	mdt_now(&now, req->ctime_sec, req->ctime_nsec);

	dir = mdt_find_dir(mdt, &req->parent, &pattr);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	ret = loom_osd_dir_lookup(dir, name, len, &fid, NULL);
	if (ret)
		goto out;
	obj = mdt_find(mdt, &fid);
	if (IS_ERR(obj)) {
		ret = PTR_ERR(obj);
		obj = NULL;
		goto out;
	}
	ret = loom_osd_obj_getattr(obj, &attr);
	if (ret)
		goto out;
	if (is_dir && !S_ISDIR(attr.mode)) {
		ret = -ENOTDIR;
		goto out;
	}
	if (!is_dir && S_ISDIR(attr.mode)) {
		ret = -EISDIR;
		goto out;
	}
	if (is_dir && loom_osd_dir_count(obj)) {
		ret = -ENOTEMPTY;
		goto out;
	}
	b = loom_srv_reply(sr, sizeof(*b));
	if (!b) {
		ret = -ENOMEM;
		goto out;
	}
	ret = loom_osd_dir_delete(dir, name, len);
	if (ret)
		goto out;
	mdt_touch(dir, &now, is_dir ? -1 : 0);
	ret = mdt_drop_link(sr, obj, &fid, &attr, &now, b,
			    flags & LOOM_UNLINK_KEEP);
	sr->transno = ++mdt->transno;
out:
	loom_osd_obj_put(obj);
	loom_osd_obj_put(dir);
	return ret;
}

struct mdt_readdir_ctx {
	u8	*buf;
	u32	size;
	u32	used;
	u32	nr;
	u64	next;
};

static int mdt_filldir(void *arg, const char *name, u32 len,
		       const struct loom_fid *fid, u32 type, u64 next)
{
	struct mdt_readdir_ctx *ctx = arg;
	u32 reclen = round_up(sizeof(struct loom_dirent) + len, 8);
	struct loom_dirent *de;

	if (ctx->size - ctx->used < reclen)
		return 1;
	de = (struct loom_dirent *)(ctx->buf + ctx->used);
	de->fid = *fid;
	de->cookie = cpu_to_le64(next + 2);
	de->type = cpu_to_le32(type);
	de->name_len = cpu_to_le32(len);
	memcpy(de + 1, name, len);
	ctx->used += reclen;
	ctx->nr++;
	ctx->next = next + 2;
	return 0;
}

static int mdt_readdir(struct loom_srv_req *sr)
{
	const struct loom_readdir_req *req = sr->body;
	struct loom_mdt *mdt = mdt_of(sr);
	struct mdt_readdir_ctx ctx = {};
	struct loom_readdir_rep *rep;
	struct loom_osd_obj *dir;
	struct loom_osd_attr attr;
	struct loom_fid parent;
	u64 cookie, pos;
	u32 max;
	int ret = 0;

	if (sr->body_len != sizeof(*req) || req->padding)
		return -EPROTO;
	max = min_t(u32, le32_to_cpu(req->max_bytes),
		    LOOMNET_MAX_MSG_SIZE - sizeof(struct loom_msg_hdr) -
		    sizeof(*rep));
	if (max < round_up(sizeof(struct loom_dirent) + LOOM_NAME_MAX, 8))
		return -EINVAL;
	cookie = le64_to_cpu(req->cookie);

	dir = mdt_find_dir(mdt, &req->fid, &attr);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	rep = loom_srv_reply(sr, sizeof(*rep) + max);
	if (!rep) {
		ret = -ENOMEM;
		goto out;
	}
	ctx.buf = (u8 *)(rep + 1);
	ctx.size = max;
	ctx.next = cookie;

	if (cookie == LOOM_DIR_EOF)
		goto done;
	if (cookie == 0) {
		mdt_filldir(&ctx, ".", 1, &req->fid, DT_DIR, (u64)-1);
		ctx.next = 1;
	}
	if (cookie <= 1) {
		if (loom_osd_xattr_get(dir, MDT_XA_PARENT, &parent,
				       sizeof(parent)) != sizeof(parent))
			parent = req->fid;
		mdt_filldir(&ctx, "..", 2, &parent, DT_DIR, (u64)-1);
		/* entries after "." and ".." have cookies from 2 on */
		ctx.next = 2;
		cookie = 2;
	}
	pos = cookie - 2;
	ret = loom_osd_dir_iterate(dir, &pos, mdt_filldir, &ctx);
	if (ret)
		goto out;
	ctx.next = pos == LOOM_DIR_EOF ? LOOM_DIR_EOF : pos + 2;
done:
	rep->next_cookie = cpu_to_le64(ctx.next);
	rep->nr_entries = cpu_to_le32(ctx.nr);
	sr->rep_len = sizeof(*rep) + ctx.used;
out:
	loom_osd_obj_put(dir);
	return ret;
}

static int mdt_setattr(struct loom_srv_req *sr)
{
	const struct loom_setattr_req *req = sr->body;
	const struct loom_attr *a = &req->attr;
	struct loom_mdt *mdt = mdt_of(sr);
	struct loom_osd_attr attr;
	struct loom_osd_obj *obj;
	u64 valid;
	int ret;

	if (sr->body_len != sizeof(*req))
		return -EPROTO;
	ret = loom_wire_check_attr(a);
	if (ret)
		return ret;
	valid = le64_to_cpu(a->valid);
	if (valid & (LOOM_ATTR_NLINK | LOOM_ATTR_BLOCKS | LOOM_ATTR_RDEV))
		return -EINVAL;

	obj = mdt_find(mdt, &a->fid);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	ret = loom_osd_obj_getattr(obj, &attr);
	if (ret)
		goto out;
	if ((valid & LOOM_ATTR_SIZE) && !S_ISREG(attr.mode)) {
		ret = S_ISDIR(attr.mode) ? -EISDIR : -EINVAL;
		goto out;
	}
	if (valid & LOOM_ATTR_MODE)
		attr.mode = (attr.mode & S_IFMT) | (le32_to_cpu(a->mode) & 07777);
	if (valid & LOOM_ATTR_UID)
		attr.uid = le32_to_cpu(a->uid);
	if (valid & LOOM_ATTR_GID)
		attr.gid = le32_to_cpu(a->gid);
	if (valid & LOOM_ATTR_SIZE)
		attr.size = le64_to_cpu(a->size);
	if (valid & LOOM_ATTR_ATIME) {
		attr.atime.tv_sec = (s64)le64_to_cpu(a->atime_sec);
		attr.atime.tv_nsec = le32_to_cpu(a->atime_nsec);
	}
	if (valid & LOOM_ATTR_MTIME) {
		attr.mtime.tv_sec = (s64)le64_to_cpu(a->mtime_sec);
		attr.mtime.tv_nsec = le32_to_cpu(a->mtime_nsec);
	}
	if (valid & LOOM_ATTR_CTIME) {
		attr.ctime.tv_sec = (s64)le64_to_cpu(a->ctime_sec);
		attr.ctime.tv_nsec = le32_to_cpu(a->ctime_nsec);
	} else {
		ktime_get_real_ts64(&attr.ctime);
		valid |= LOOM_ATTR_CTIME;
	}
	/* chmod changes the access ACL with the mode: posix_acl_chmod() */
	if (valid & LOOM_ATTR_MODE) {
		ret = mdt_acl_chmod(obj, attr.mode);
		if (ret)
			goto out;
	}
	ret = loom_osd_obj_setattr(obj, &attr, valid);
	if (ret)
		goto out;
	sr->transno = ++mdt->transno;
	ret = mdt_reply_obj(sr, obj, &a->fid);
out:
	loom_osd_obj_put(obj);
	return ret;
}

static int mdt_statfs(struct loom_srv_req *sr)
{
	struct loom_statfs_rep *rep;
	struct loom_osd_statfs st;
	int ret;

	if (sr->body_len)
		return -EPROTO;
	ret = loom_osd_statfs(mdt_of(sr)->osd, &st);
	if (ret)
		return ret;
	rep = loom_srv_reply(sr, sizeof(*rep));
	if (!rep)
		return -ENOMEM;
	rep->blocks = cpu_to_le64(st.blocks);
	rep->bfree = cpu_to_le64(st.bfree);
	rep->bavail = cpu_to_le64(st.bfree);
	rep->files = cpu_to_le64(st.files);
	rep->ffree = cpu_to_le64(st.ffree);
	rep->bsize = cpu_to_le32(st.bsize);
	rep->namelen = cpu_to_le32(LOOM_NAME_MAX);
	return 0;
}

/* Is directory @anc an ancestor of (or equal to) directory @fid? */
static int mdt_is_ancestor(struct loom_mdt *mdt, const struct loom_fid *anc,
			   const struct loom_fid *fid)
{
	struct loom_fid cur = *fid, parent;
	unsigned int depth;

	for (depth = 0; depth < MDT_MAX_DEPTH; depth++) {
		struct loom_osd_obj *obj;
		ssize_t n;

		if (mdt_fid_eq(&cur, anc))
			return 1;
		obj = mdt_find(mdt, &cur);
		if (IS_ERR(obj))
			return PTR_ERR(obj);
		n = loom_osd_xattr_get(obj, MDT_XA_PARENT, &parent,
				       sizeof(parent));
		loom_osd_obj_put(obj);
		if (n != sizeof(parent) || mdt_fid_eq(&parent, &cur))
			return 0;	/* the root */
		cur = parent;
	}
	return -ELOOP;
}

static int mdt_rename(struct loom_srv_req *sr)
{
	const struct loom_rename_req *req = sr->body;
	struct loom_mdt *mdt = mdt_of(sr);
	struct loom_osd_obj *sdir = NULL, *ddir = NULL, *src = NULL, *dst = NULL;
	struct loom_osd_attr sdattr, ddattr, sattr, dattr;
	struct loom_body_attr_layout *b;
	struct loom_fid sfid, dfid;
	const char *sname, *dname;
	struct timespec64 now;
	u32 slen, dlen, flags, stype, dtype;
	bool same_dir, have_dst, keep;
	int ret;

	if (sr->body_len < sizeof(*req) || req->padding || req->padding2)
		return -EPROTO;
	slen = le32_to_cpu(req->src_len);
	dlen = le32_to_cpu(req->dst_len);
	if (!mdt_tail_ok(sr, sizeof(*req), (u64)slen + dlen))
		return -EPROTO;
	sname = (const char *)(req + 1);
	dname = sname + slen;
	flags = le32_to_cpu(req->flags);
	keep = flags & LOOM_UNLINK_KEEP;
	flags &= ~LOOM_UNLINK_KEEP;
	if ((flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE)) ||
	    flags == (RENAME_NOREPLACE | RENAME_EXCHANGE))
		return -EINVAL;
	ret = loom_wire_check_name(sname, slen);
	if (!ret)
		ret = loom_wire_check_name(dname, dlen);
	if (ret)
		return ret;
	mdt_now(&now, req->ctime_sec, req->ctime_nsec);
	same_dir = mdt_fid_eq(&req->src_parent, &req->dst_parent);

	b = loom_srv_reply(sr, sizeof(*b));
	if (!b)
		return -ENOMEM;

	sdir = mdt_find_dir(mdt, &req->src_parent, &sdattr);
	if (IS_ERR(sdir)) {
		ret = PTR_ERR(sdir);
		sdir = NULL;
		goto out;
	}
	ddir = mdt_find_dir(mdt, &req->dst_parent, &ddattr);
	if (IS_ERR(ddir)) {
		ret = PTR_ERR(ddir);
		ddir = NULL;
		goto out;
	}
	ret = loom_osd_dir_lookup(sdir, sname, slen, &sfid, &stype);
	if (ret)
		goto out;
	ret = loom_osd_dir_lookup(ddir, dname, dlen, &dfid, &dtype);
	if (ret && ret != -ENOENT)
		goto out;
	have_dst = !ret;
	ret = 0;
	if ((flags & RENAME_EXCHANGE) && !have_dst) {
		ret = -ENOENT;
		goto out;
	}
	if ((flags & RENAME_NOREPLACE) && have_dst) {
		ret = -EEXIST;
		goto out;
	}
	/* same entry, or two links of one inode: nothing to do */
	if (have_dst && mdt_fid_eq(&sfid, &dfid))
		goto out;

	src = mdt_find(mdt, &sfid);
	if (IS_ERR(src)) {
		ret = PTR_ERR(src);
		src = NULL;
		goto out;
	}
	ret = loom_osd_obj_getattr(src, &sattr);
	if (ret)
		goto out;
	if (have_dst) {
		dst = mdt_find(mdt, &dfid);
		if (IS_ERR(dst)) {
			ret = PTR_ERR(dst);
			dst = NULL;
			goto out;
		}
		ret = loom_osd_obj_getattr(dst, &dattr);
		if (ret)
			goto out;
	}

	/* a directory cannot move below itself */
	if (S_ISDIR(sattr.mode) && !same_dir) {
		ret = mdt_is_ancestor(mdt, &sfid, &req->dst_parent);
		if (ret) {
			ret = ret > 0 ? -EINVAL : ret;
			goto out;
		}
	}
	if ((flags & RENAME_EXCHANGE) && S_ISDIR(dattr.mode) && !same_dir) {
		ret = mdt_is_ancestor(mdt, &dfid, &req->src_parent);
		if (ret) {
			ret = ret > 0 ? -EINVAL : ret;
			goto out;
		}
	}

	if (flags & RENAME_EXCHANGE) {
		ret = loom_osd_dir_delete(sdir, sname, slen);
		if (!ret)
			ret = loom_osd_dir_delete(ddir, dname, dlen);
		if (!ret)
			ret = loom_osd_dir_insert(sdir, sname, slen, &dfid,
						  dtype);
		if (!ret)
			ret = loom_osd_dir_insert(ddir, dname, dlen, &sfid,
						  stype);
		if (ret)
			goto out;
		if (!same_dir) {
			int delta = (S_ISDIR(sattr.mode) ? 1 : 0) -
				    (S_ISDIR(dattr.mode) ? 1 : 0);

			if (S_ISDIR(sattr.mode))
				loom_osd_xattr_set(src, MDT_XA_PARENT,
						   &req->dst_parent,
						   sizeof(req->dst_parent));
			if (S_ISDIR(dattr.mode))
				loom_osd_xattr_set(dst, MDT_XA_PARENT,
						   &req->src_parent,
						   sizeof(req->src_parent));
			mdt_touch(sdir, &now, -delta);
			mdt_touch(ddir, &now, delta);
		} else {
			mdt_touch(sdir, &now, 0);
		}
		mdt_touch(src, &now, 0);
		mdt_touch(dst, &now, 0);
		goto done;
	}

	if (have_dst) {
		if (S_ISDIR(sattr.mode) && !S_ISDIR(dattr.mode)) {
			ret = -ENOTDIR;
			goto out;
		}
		if (!S_ISDIR(sattr.mode) && S_ISDIR(dattr.mode)) {
			ret = -EISDIR;
			goto out;
		}
		if (S_ISDIR(dattr.mode) && loom_osd_dir_count(dst)) {
			ret = -ENOTEMPTY;
			goto out;
		}
		ret = loom_osd_dir_delete(ddir, dname, dlen);
		if (ret)
			goto out;
		if (S_ISDIR(dattr.mode))
			mdt_touch(ddir, &now, -1);
		ret = mdt_drop_link(sr, dst, &dfid, &dattr, &now, b, keep);
		if (ret)
			goto out;
	}
	/* the new name first: a crash in between leaves two names, not none */
	ret = loom_osd_dir_insert(ddir, dname, dlen, &sfid, stype);
	if (ret)
		goto out;
	ret = loom_osd_dir_delete(sdir, sname, slen);
	if (ret) {
		loom_osd_dir_delete(ddir, dname, dlen);
		goto out;
	}
	if (S_ISDIR(sattr.mode) && !same_dir) {
		loom_osd_xattr_set(src, MDT_XA_PARENT, &req->dst_parent,
				   sizeof(req->dst_parent));
		mdt_touch(sdir, &now, -1);
		mdt_touch(ddir, &now, 1);
	} else {
		mdt_touch(sdir, &now, 0);
		if (!same_dir)
			mdt_touch(ddir, &now, 0);
	}
	sattr.ctime = now;
	loom_osd_obj_setattr(src, &sattr, LOOM_ATTR_CTIME);
done:
	sr->transno = ++mdt->transno;
out:
	loom_osd_obj_put(dst);
	loom_osd_obj_put(src);
	loom_osd_obj_put(ddir);
	loom_osd_obj_put(sdir);
	return ret;
}

static int mdt_link(struct loom_srv_req *sr)
{
	const struct loom_link_req *req = sr->body;
	struct loom_mdt *mdt = mdt_of(sr);
	struct loom_osd_obj *dir, *obj = NULL;
	struct loom_osd_attr pattr, attr;
	struct timespec64 now;
	struct loom_fid fid;
	const char *name;
	u32 len;
	int ret;

	if (sr->body_len < sizeof(*req) || req->padding)
		return -EPROTO;
	len = le32_to_cpu(req->name_len);
	if (!mdt_tail_ok(sr, sizeof(*req), len))
		return -EPROTO;
	name = (const char *)(req + 1);
	ret = loom_wire_check_name(name, len);
	if (ret)
		return ret;
	ktime_get_real_ts64(&now);

	dir = mdt_find_dir(mdt, &req->parent, &pattr);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	obj = mdt_find(mdt, &req->fid);
	if (IS_ERR(obj)) {
		ret = PTR_ERR(obj);
		obj = NULL;
		goto out;
	}
	ret = loom_osd_obj_getattr(obj, &attr);
	if (ret)
		goto out;
	if (S_ISDIR(attr.mode)) {
		ret = -EPERM;
		goto out;
	}
	if (!attr.nlink || !pattr.nlink) {
		ret = -ENOENT;
		goto out;
	}
	if (attr.nlink >= U32_MAX - 1) {
		ret = -EMLINK;
		goto out;
	}
	ret = loom_osd_dir_lookup(dir, name, len, &fid, NULL);
	if (!ret) {
		ret = -EEXIST;
		goto out;
	}
	/* the link count first: a crash in between leaves it too high */
	attr.nlink++;
	attr.ctime = now;
	ret = loom_osd_obj_setattr(obj, &attr,
				   LOOM_ATTR_NLINK | LOOM_ATTR_CTIME);
	if (ret)
		goto out;
	ret = loom_osd_dir_insert(dir, name, len, &req->fid,
				  mdt_dt_type(attr.mode));
	if (ret) {
		attr.nlink--;
		loom_osd_obj_setattr(obj, &attr, LOOM_ATTR_NLINK);
		goto out;
	}
	mdt_touch(dir, &now, 0);
	sr->transno = ++mdt->transno;
	ret = mdt_reply_obj(sr, obj, &req->fid);
out:
	loom_osd_obj_put(obj);
	loom_osd_obj_put(dir);
	return ret;
}

static int mdt_readlink(struct loom_srv_req *sr)
{
	const struct loom_getattr_req *req = sr->body;
	struct loom_readlink_rep *rep;
	struct loom_osd_attr attr;
	struct loom_osd_obj *obj;
	ssize_t n;
	int ret;

	if (sr->body_len != sizeof(*req))
		return -EPROTO;
	obj = mdt_find(mdt_of(sr), &req->fid);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	ret = loom_osd_obj_getattr(obj, &attr);
	if (ret)
		goto out;
	if (!S_ISLNK(attr.mode)) {
		ret = -EINVAL;
		goto out;
	}
	rep = loom_srv_reply(sr, sizeof(*rep) + LOOM_SYMLINK_MAX);
	if (!rep) {
		ret = -ENOMEM;
		goto out;
	}
	n = loom_osd_xattr_get(obj, MDT_XA_LINK, rep + 1, LOOM_SYMLINK_MAX);
	if (n < 0) {
		ret = n == -ENODATA ? -EIO : n;
		goto out;
	}
	rep->len = cpu_to_le32(n);
	sr->rep_len = sizeof(*rep) + n;
out:
	loom_osd_obj_put(obj);
	return ret;
}

static int mdt_setstripe(struct loom_srv_req *sr)
{
	const struct loom_setstripe_req *req = sr->body;
	struct loom_mdt *mdt = mdt_of(sr);
	struct loom_osd_attr attr;
	struct loom_osd_obj *dir;
	int ret;

	if (sr->body_len != sizeof(*req))
		return -EPROTO;
	if (loom_wire_check_layout_default(&req->layout))
		return -EINVAL;
	dir = mdt_find_dir(mdt, &req->fid, &attr);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	if (mdt_ld_empty(&req->layout))
		ret = loom_osd_xattr_set(dir, MDT_XA_DIRDEF, NULL, 0);
	else
		ret = loom_osd_xattr_set(dir, MDT_XA_DIRDEF, &req->layout,
					 sizeof(req->layout));
	if (!ret) {
		sr->transno = ++mdt->transno;
		ret = mdt_reply_obj(sr, dir, &req->fid);
	}
	loom_osd_obj_put(dir);
	return ret;
}

/* The OSD name of a user-visible xattr: MDT_XA_USER and the name. */
static void mdt_xa_name(char *buf, const char *name, u32 len)
{
	size_t plen = strlen(MDT_XA_USER);

	memcpy(buf, MDT_XA_USER, plen);
	memcpy(buf + plen, name, len);
	buf[plen + len] = '\0';
}

#define MDT_XA_NAME_BUF	(sizeof(MDT_XA_USER) + LOOM_XATTR_NAME_MAX)

/* Read and check the list of an inode's xattr names into @buf. */
static ssize_t mdt_xa_names(struct loom_osd_obj *obj, char *buf)
{
	ssize_t n = loom_osd_xattr_get(obj, MDT_XA_NAMES, buf,
				       LOOM_XATTR_LIST_MAX);

	if (n == -ENODATA)
		return 0;
	if (n < 0)
		return n == -ERANGE ? -EUCLEAN : n;
	if (loom_xattr_list_check(buf, n)) {
		pr_err_ratelimited("loom: %s: corrupt xattr name list\n",
				   "mdt");
		return -EUCLEAN;
	}
	return n;
}

/* Whether a GETXATTR or SETXATTR names one of the two ACLs. */
static bool mdt_xa_is_acl(const struct loom_xattr_req *req)
{
	u32 len = le32_to_cpu(req->name_len);
	const char *name = (const char *)(req + 1);

	return (len == strlen(LOOM_ACL_XATTR_ACCESS) &&
		!memcmp(name, LOOM_ACL_XATTR_ACCESS, len)) ||
	       (len == strlen(LOOM_ACL_XATTR_DEFAULT) &&
		!memcmp(name, LOOM_ACL_XATTR_DEFAULT, len));
}

/* Store a user-visible value: a marker byte first, so an empty value is one. */
static int mdt_xa_set_value(struct loom_osd_obj *obj, const char *name,
			    const void *value, u32 value_len)
{
	char *val;
	int ret;

	val = kvmalloc(value_len + 1, GFP_KERNEL);
	if (!val)
		return -ENOMEM;
	val[0] = MDT_XA_VALUE_V1;
	memcpy(val + 1, value, value_len);
	ret = loom_osd_xattr_set(obj, name, val, value_len + 1);
	kvfree(val);
	return ret;
}

/*
 * Store @value as the xattr @xname (a name loom_wire_check_xattr_name()
 * accepts) of @obj and list it: for inodes being created, nobody sees
 * them yet.
 */
static int mdt_xa_put(struct loom_osd_obj *obj, const char *xname,
		      const void *value, u32 value_len)
{
	u32 name_len = strlen(xname);
	char name[MDT_XA_NAME_BUF];
	ssize_t len;
	char *list;
	int ret;

	list = kvmalloc(LOOM_XATTR_LIST_MAX, GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	len = mdt_xa_names(obj, list);
	if (len >= 0)
		len = loom_xattr_list_add(list, len, LOOM_XATTR_LIST_MAX,
					  xname, name_len);
	if (len < 0) {
		ret = len;
		goto out;
	}
	mdt_xa_name(name, xname, name_len);
	ret = mdt_xa_set_value(obj, name, value, value_len);
	if (!ret)
		ret = loom_osd_xattr_set(obj, MDT_XA_NAMES, list, len);
out:
	kvfree(list);
	return ret;
}

/*
 * chmod of @obj to @mode: its access ACL, if any, takes the new owner,
 * group class and other bits in the same request, so that no client ever
 * sees a mode and an access ACL that disagree.  A corrupt stored ACL
 * fails the chmod (-EUCLEAN) rather than being used.
 */
static int mdt_acl_chmod(struct loom_osd_obj *obj, u32 mode)
{
	char name[MDT_XA_NAME_BUF];
	ssize_t n;
	u8 *buf;
	int ret;

	buf = kvmalloc(LOOM_XATTR_SIZE_MAX + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	mdt_xa_name(name, LOOM_ACL_XATTR_ACCESS, strlen(LOOM_ACL_XATTR_ACCESS));
	n = loom_osd_xattr_get(obj, name, buf, LOOM_XATTR_SIZE_MAX + 1);
	if (n == -ENODATA) {
		ret = 0;
	} else if (n < 0 && n != -ERANGE) {
		ret = n;
	} else if (n < 1 || buf[0] != MDT_XA_VALUE_V1 ||
		   loom_acl_chmod(buf + 1, n - 1, mode)) {
		pr_err_ratelimited("loom: mdt: corrupt access ACL\n");
		ret = -EUCLEAN;
	} else {
		ret = loom_osd_xattr_set(obj, name, buf, n);
	}
	kvfree(buf);
	return ret;
}

static int mdt_getxattr(struct loom_srv_req *sr)
{
	const struct loom_xattr_req *req = sr->body;
	char name[MDT_XA_NAME_BUF], *list = NULL;
	struct loom_xattr_rep *rep;
	struct loom_osd_obj *obj;
	u32 want, name_len;
	void *buf;
	ssize_t n;
	int ret;

	ret = loom_wire_check_xattr(sr->body, sr->body_len, sr->opcode);
	if (ret)
		return ret;
	want = min_t(u32, le32_to_cpu(req->value_len),
		     sr->opcode == LOOM_OPC_MDT_LISTXATTR ?
		     LOOM_XATTR_LIST_MAX : LOOM_XATTR_SIZE_MAX);
	obj = mdt_find(mdt_of(sr), &req->fid);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	/* with no buffer, the size alone: read into a scratch one */
	buf = kvmalloc(max_t(u32, LOOM_XATTR_SIZE_MAX + 1, LOOM_XATTR_LIST_MAX),
		       GFP_KERNEL);
	if (!buf) {
		ret = -ENOMEM;
		goto out;
	}
	if (sr->opcode == LOOM_OPC_MDT_LISTXATTR) {
		list = buf;
		n = mdt_xa_names(obj, list);
	} else {
		name_len = le32_to_cpu(req->name_len);
		mdt_xa_name(name, (const char *)(req + 1), name_len);
		/* stored: MDT_XA_VALUE_V1, then the value (maybe empty) */
		n = loom_osd_xattr_get(obj, name, buf, LOOM_XATTR_SIZE_MAX + 1);
		if (n == -ERANGE ||
		    (n >= 0 && (n < 1 || *(u8 *)buf != MDT_XA_VALUE_V1))) {
			pr_err_ratelimited("loom: mdt: corrupt xattr value\n");
			n = -EUCLEAN;
		} else if (n > 0) {
			n--;
			memmove(buf, buf + 1, n);
			if (mdt_xa_is_acl(req) && loom_acl_check(buf, n)) {
				pr_err_ratelimited("loom: mdt: corrupt ACL\n");
				n = -EUCLEAN;
			}
		}
	}
	if (n < 0) {
		ret = n;
		goto out;
	}
	if (want && n > want) {
		ret = -ERANGE;
		goto out;
	}
	rep = loom_srv_reply(sr, sizeof(*rep) + (want ? n : 0));
	if (!rep) {
		ret = -ENOMEM;
		goto out;
	}
	rep->size = cpu_to_le32(n);
	if (want)
		memcpy(rep + 1, buf, n);
out:
	kvfree(buf);
	loom_osd_obj_put(obj);
	return ret;
}

static int mdt_setxattr(struct loom_srv_req *sr)
{
	const struct loom_xattr_req *req = sr->body;
	u32 name_len, value_len, flags, mode, perm = 0;
	char name[MDT_XA_NAME_BUF];
	struct loom_osd_attr attr;
	struct loom_osd_obj *obj;
	char *list = NULL;
	const char *xname;
	bool exists, acl;
	ssize_t n, len;
	u64 valid;
	int ret;

	ret = loom_wire_check_xattr(sr->body, sr->body_len, sr->opcode);
	if (ret)
		return ret;
	name_len = le32_to_cpu(req->name_len);
	value_len = le32_to_cpu(req->value_len);
	flags = le32_to_cpu(req->flags);
	xname = (const char *)(req + 1);
	acl = mdt_xa_is_acl(req);
	/* ACLs are checked here: a client may be wrong, never an MDT */
	if (acl && !(flags & LOOM_XATTR_REMOVE) &&
	    loom_acl_mode(xname + name_len, value_len, &perm) < 0)
		return -EINVAL;
	obj = mdt_find(mdt_of(sr), &req->fid);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	ret = loom_osd_obj_getattr(obj, &attr);
	if (ret)
		goto out;
	if (acl && name_len == strlen(LOOM_ACL_XATTR_DEFAULT) &&
	    !S_ISDIR(attr.mode) && !(flags & LOOM_XATTR_REMOVE)) {
		ret = -EACCES;
		goto out;
	}
	list = kvmalloc(LOOM_XATTR_LIST_MAX, GFP_KERNEL);
	if (!list) {
		ret = -ENOMEM;
		goto out;
	}
	len = mdt_xa_names(obj, list);
	if (len < 0) {
		ret = len;
		goto out;
	}
	mdt_xa_name(name, xname, name_len);
	n = loom_osd_xattr_get(obj, name, NULL, 0);
	exists = n >= 0 || n == -ERANGE;
	if (!exists && n != -ENODATA) {
		ret = n;
		goto out;
	}
	if ((flags & LOOM_XATTR_CREATE) && exists) {
		ret = -EEXIST;
		goto out;
	}
	if ((flags & (LOOM_XATTR_REPLACE | LOOM_XATTR_REMOVE)) && !exists &&
	    !(flags & LOOM_XATTR_MODE)) {
		ret = -ENODATA;
		goto out;
	}
	/*
	 * The value first, then the list: a crash in between leaves a value
	 * nobody lists (a set) or a listed name without value (a remove),
	 * which getxattr reports as absent and the next set repairs.
	 */
	if ((flags & LOOM_XATTR_REMOVE) && !exists) {
		ret = 0;	/* LOOM_XATTR_MODE: the mode alone */
	} else if (flags & LOOM_XATTR_REMOVE) {
		ret = loom_osd_xattr_set(obj, name, NULL, 0);
		if (ret && ret != -ENODATA)
			goto out;
		len = loom_xattr_list_del(list, len, xname, name_len);
		if (len < 0)
			len = 0;	/* listed nowhere: nothing to fix */
		else
			ret = loom_osd_xattr_set(obj, MDT_XA_NAMES, list, len);
	} else {
		len = loom_xattr_list_add(list, len, LOOM_XATTR_LIST_MAX,
					  xname, name_len);
		if (len < 0) {
			ret = len;
			goto out;
		}
		ret = mdt_xa_set_value(obj, name, xname + name_len,
				       value_len);
		if (!ret)
			ret = loom_osd_xattr_set(obj, MDT_XA_NAMES, list, len);
	}
	if (ret)
		goto out;
	/*
	 * An access ACL set changes the mode with it (posix_acl_update_mode()
	 * on the client decides the rest): its rwx bits are the ACL's.
	 */
	valid = LOOM_ATTR_CTIME;
	if (flags & LOOM_XATTR_MODE) {
		valid |= LOOM_ATTR_MODE;
		mode = le32_to_cpu(req->mode);
	} else {
		mode = attr.mode & 07777;
	}
	if (acl && name_len == strlen(LOOM_ACL_XATTR_ACCESS) &&
	    !(flags & LOOM_XATTR_REMOVE)) {
		valid |= LOOM_ATTR_MODE;
		mode = (mode & ~0777) | perm;
	}
	attr.mode = (attr.mode & S_IFMT) | mode;
	ktime_get_real_ts64(&attr.ctime);
	ret = loom_osd_obj_setattr(obj, &attr, valid);
	if (!ret)
		ret = mdt_reply_obj(sr, obj, &req->fid);
out:
	kvfree(list);
	loom_osd_obj_put(obj);
	return ret;
}

/*
 * An open lock was granted on @fid.  If its last name is gone already,
 * the unlink called back the open locks before this one existed: call
 * this one back too, so that its client does not keep it cached (and the
 * objects with it) after its last close.  The link count is read after
 * the grant, and an unlink drops it before it looks for open locks.
 */
static void mdt_open_granted(struct loom_mdt *mdt, struct loom_ldlm_ns *ns,
			     const struct loom_fid *fid)
{
	static const struct loom_lock_desc revoke = {
		.type = LOOM_LDLM_IBITS,
		.mode = LOOM_LCK_PW,
		.bits = LOOM_IBIT_OPEN,
	};
	struct loom_osd_attr attr;
	struct loom_osd_obj *obj;
	bool orphan;

	obj = mdt_find(mdt, fid);
	if (IS_ERR(obj))
		return;
	orphan = !loom_osd_obj_getattr(obj, &attr) && !attr.nlink;
	loom_osd_obj_put(obj);
	if (orphan)
		loom_ldlm_revoke(ns, fid, &revoke);
}

static int mdt_enqueue(struct loom_srv_req *sr)
{
	const struct loom_ldlm_enqueue_req *req = sr->body;
	struct loom_mdt *mdt = mdt_of(sr);
	struct loom_ldlm_enqueue_rep *rep;
	struct loom_body_attr_layout *b = NULL;
	struct loom_osd_obj *obj = NULL;
	struct loom_ldlm_owner owner;
	struct loom_lock_desc desc;
	struct loom_osd_attr attr;
	struct loom_fid fid;
	u32 intent, len = 0;
	const char *name;
	u64 handle;
	int ret;

	ret = loom_wire_check_enqueue(sr->body, sr->body_len, LOOM_TGT_MDT,
				      &desc);
	if (ret)
		return ret;
	intent = le32_to_cpu(req->intent);
	/* an open lock of the last instance: granted as a new one */
	if (intent == LOOM_IT_REPLAY) {
		if (!(loom_srv_features(sr) & LOOM_FEAT_REPLAY))
			return -EPROTO;
		intent = LOOM_IT_NONE;
	}
	name = (const char *)(req + 1);
	if (intent == LOOM_IT_LOOKUP) {
		len = le32_to_cpu(req->name_len);
		ret = loom_wire_check_name(name, len);
		if (ret)
			return ret;
		obj = mdt_find_dir(mdt, &req->res, &attr);
	} else {
		obj = mdt_find(mdt, &req->res);
	}
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	loom_osd_obj_put(obj);
	obj = NULL;

	loom_srv_owner(sr, &owner);
	ret = loom_ldlm_enqueue(sr->tgt->ldlm, &owner, &req->res,
				le64_to_cpu(req->cookie), &desc, &handle);
	if (ret)
		return ret;
	if (desc.bits & LOOM_IBIT_OPEN)
		mdt_open_granted(mdt, sr->tgt->ldlm, &req->res);

	rep = loom_srv_reply(sr, sizeof(*rep) +
				 (intent != LOOM_IT_NONE ? sizeof(*b) : 0));
	if (!rep) {
		ret = -ENOMEM;
		goto err_cancel;
	}
	rep->handle = cpu_to_le64(handle);
	rep->mode = cpu_to_le32(desc.mode);
	rep->bits = cpu_to_le64(desc.bits);
	if (intent == LOOM_IT_NONE)
		return 0;
	b = (void *)(rep + 1);
	fid = req->res;
	if (intent == LOOM_IT_LOOKUP) {
		obj = mdt_find_dir(mdt, &req->res, &attr);
		if (IS_ERR(obj)) {
			ret = PTR_ERR(obj);
			goto err_cancel;
		}
		ret = loom_osd_dir_lookup(obj, name, len, &fid, NULL);
		loom_osd_obj_put(obj);
		if (ret == -ENOENT) {
			rep->flags = cpu_to_le32(LOOM_LDLM_F_NEGATIVE);
			return 0;
		}
		if (ret)
			goto err_cancel;
	}
	obj = mdt_find(mdt, &fid);
	if (IS_ERR(obj)) {
		ret = PTR_ERR(obj) == -ENOENT && intent == LOOM_IT_LOOKUP ?
		      -ESTALE : PTR_ERR(obj);
		goto err_cancel;
	}
	ret = mdt_pack(obj, &fid, b);
	loom_osd_obj_put(obj);
	if (ret)
		goto err_cancel;
	return 0;

err_cancel:
	loom_ldlm_cancel(sr->tgt->ldlm, owner.exp, handle);
	return ret;
}

#define MDT_MAX_OPS	4

/* The inodes a change touches, each locked for it. */
struct mdt_ops {
	unsigned int		nr;
	struct loom_ldlm_op	op[MDT_MAX_OPS];
};

static int mdt_op_lock(struct loom_srv_req *sr, struct mdt_ops *ops,
		       const struct loom_fid *fid, u64 bits)
{
	struct loom_lock_desc desc = {
		.type = LOOM_LDLM_IBITS,
		.mode = LOOM_LCK_PW,
		.bits = bits,
	};
	unsigned int i;
	int ret;

	if (loom_wire_check_fid(fid))
		return 0;	/* the handler refuses it */
	for (i = 0; i < ops->nr; i++) {
		if (mdt_fid_eq(&ops->op[i].fid, fid) &&
		    (ops->op[i].desc.bits & bits) == bits)
			return 0;
	}
	if (WARN_ON_ONCE(ops->nr >= MDT_MAX_OPS))
		return -EINVAL;
	ret = loom_ldlm_op_begin(sr->tgt->ldlm, sr->exp_cookie, fid, &desc,
				 &ops->op[ops->nr]);
	if (!ret)
		ops->nr++;
	return ret;
}

/* Lock the entry @name of @parent and the inode it names, if any. */
static int mdt_op_lock_entry(struct loom_srv_req *sr, struct mdt_ops *ops,
			     const struct loom_fid *parent, const char *name,
			     u32 len)
{
	struct loom_osd_attr attr;
	struct loom_osd_obj *dir;
	struct loom_fid child;
	int ret;

	ret = mdt_op_lock(sr, ops, parent, LOOM_IBIT_LOOKUP | LOOM_IBIT_UPDATE);
	if (ret || !name || loom_wire_check_name(name, len))
		return ret;
	dir = mdt_find_dir(mdt_of(sr), parent, &attr);
	if (IS_ERR(dir))
		return 0;
	ret = loom_osd_dir_lookup(dir, name, len, &child, NULL);
	loom_osd_obj_put(dir);
	if (ret)
		return 0;
	return mdt_op_lock(sr, ops, &child, LOOM_IBIT_ALL);
}

/*
 * Before a change: call back the locks other clients hold on what it will
 * touch.  Requests are checked only as far as needed to find the inodes;
 * their handlers check them fully.  Requests run one at a time, so the
 * inodes found here are those the handler will change.
 */
static int mdt_lock_change(struct loom_srv_req *sr, struct mdt_ops *ops)
{
	const void *body = sr->body;
	u32 len = sr->body_len;

	switch (sr->opcode) {
	case LOOM_OPC_MDT_CREATE: {
		const struct loom_create_req *req = body;

		if (len < sizeof(*req))
			return 0;
		return mdt_op_lock(sr, ops, &req->parent,
				   LOOM_IBIT_LOOKUP | LOOM_IBIT_UPDATE);
	}
	case LOOM_OPC_MDT_UNLINK: {
		const struct loom_unlink_req *req = body;

		if (len < sizeof(*req) ||
		    !mdt_tail_ok(sr, sizeof(*req), le32_to_cpu(req->name_len)))
			return 0;
		return mdt_op_lock_entry(sr, ops, &req->parent,
					 (const char *)(req + 1),
					 le32_to_cpu(req->name_len));
	}
	case LOOM_OPC_MDT_RENAME: {
		const struct loom_rename_req *req = body;
		const char *src = (const char *)(req + 1);
		u32 sl, dl;
		int ret;

		if (len < sizeof(*req))
			return 0;
		sl = le32_to_cpu(req->src_len);
		dl = le32_to_cpu(req->dst_len);
		if (sl > LOOM_NAME_MAX || dl > LOOM_NAME_MAX ||
		    !mdt_tail_ok(sr, sizeof(*req), (u64)sl + dl))
			return 0;
		ret = mdt_op_lock_entry(sr, ops, &req->src_parent, src, sl);
		if (ret)
			return ret;
		return mdt_op_lock_entry(sr, ops, &req->dst_parent, src + sl,
					 dl);
	}
	case LOOM_OPC_MDT_LINK: {
		const struct loom_link_req *req = body;
		int ret;

		if (len < sizeof(*req))
			return 0;
		ret = mdt_op_lock(sr, ops, &req->parent,
				  LOOM_IBIT_LOOKUP | LOOM_IBIT_UPDATE);
		if (ret)
			return ret;
		return mdt_op_lock(sr, ops, &req->fid, LOOM_IBIT_UPDATE);
	}
	case LOOM_OPC_MDT_SETATTR: {
		const struct loom_setattr_req *req = body;

		if (len < sizeof(*req))
			return 0;
		/* a mode change rewrites the access ACL too */
		return mdt_op_lock(sr, ops, &req->attr.fid,
				   LOOM_IBIT_UPDATE | LOOM_IBIT_XATTR);
	}
	case LOOM_OPC_MDT_SETXATTR: {
		const struct loom_xattr_req *req = body;

		if (len < sizeof(*req))
			return 0;
		return mdt_op_lock(sr, ops, &req->fid,
				   LOOM_IBIT_UPDATE | LOOM_IBIT_XATTR);
	}
	case LOOM_OPC_MDT_SETSTRIPE: {
		const struct loom_setstripe_req *req = body;

		if (len < sizeof(*req))
			return 0;
		return mdt_op_lock(sr, ops, &req->fid, LOOM_IBIT_UPDATE);
	}
	default:
		return 0;
	}
}

/* MDT_RELEASE: the last close of a file unlinked while open. */
static int mdt_release(struct loom_srv_req *sr)
{
	const struct loom_release_req *req = sr->body;

	if (sr->body_len != sizeof(*req))
		return -EPROTO;
	if (loom_wire_check_fid(&req->fid))
		return -EINVAL;
	return loom_osp_release(mdt_of(sr)->osp, &req->fid);
}

static int mdt_serve(struct loom_srv_req *sr)
{
	switch (sr->opcode) {
	case LOOM_OPC_MDT_GETATTR:
		return mdt_getattr(sr);
	case LOOM_OPC_MDT_LOOKUP:
		return mdt_lookup(sr);
	case LOOM_OPC_MDT_CREATE:
		return mdt_create(sr);
	case LOOM_OPC_MDT_UNLINK:
		return mdt_unlink(sr);
	case LOOM_OPC_MDT_READDIR:
		return mdt_readdir(sr);
	case LOOM_OPC_MDT_SETATTR:
		return mdt_setattr(sr);
	case LOOM_OPC_MDT_STATFS:
		return mdt_statfs(sr);
	case LOOM_OPC_MDT_RENAME:
		return mdt_rename(sr);
	case LOOM_OPC_MDT_LINK:
		return mdt_link(sr);
	case LOOM_OPC_MDT_READLINK:
		return mdt_readlink(sr);
	case LOOM_OPC_MDT_SETSTRIPE:
		return mdt_setstripe(sr);
	case LOOM_OPC_MDT_GETXATTR:
	case LOOM_OPC_MDT_LISTXATTR:
		return mdt_getxattr(sr);
	case LOOM_OPC_MDT_SETXATTR:
		return mdt_setxattr(sr);
	case LOOM_OPC_MDT_RELEASE:
		return mdt_release(sr);
	default:
		return -EOPNOTSUPP;
	}
}

static int mdt_handle(struct loom_srv_req *sr)
{
	struct mdt_ops ops = { .nr = 0 };
	unsigned int i;
	int ret;

	if (sr->opcode == LOOM_OPC_LDLM_ENQUEUE)
		return mdt_enqueue(sr);
	if (sr->opcode == LOOM_OPC_MDT_FLOCK)
		return loom_flock_handle(sr);
	ret = mdt_lock_change(sr, &ops);
	if (!ret)
		ret = mdt_serve(sr);
	for (i = ops.nr; i-- > 0; )
		loom_ldlm_op_end(sr->tgt->ldlm, &ops.op[i]);
	return ret;
}

static bool mdt_replay_cached(u16 opcode)
{
	switch (opcode) {
	case LOOM_OPC_MDT_CREATE:
	case LOOM_OPC_MDT_UNLINK:
	case LOOM_OPC_MDT_RENAME:
	case LOOM_OPC_MDT_LINK:
	case LOOM_OPC_MDT_SETATTR:
	case LOOM_OPC_MDT_SETXATTR:
		return true;
	default:
		return false;
	}
}

/* Load an existing root and the FID counters, or make a new root. */
static int mdt_load_root(struct loom_mdt *mdt, struct netlink_ext_ack *extack)
{
	struct loom_osd_attr attr = {};
	struct loom_osd_obj *root;
	struct mdt_lastid li;
	struct loom_fid fid;
	ssize_t n;
	int ret;

	mdt_set_fid(&fid, mdt->seq, LOOM_FID_OID_ROOT);
	root = loom_osd_obj_find(mdt->osd, &fid, S_IFDIR | 0755);
	if (PTR_ERR_OR_ZERO(root) == -EEXIST) {
		root = loom_osd_obj_find(mdt->osd, &fid, 0);
		if (IS_ERR(root)) {
			NL_SET_ERR_MSG(extack, "cannot read the root directory (run fsck.loom)");
			return PTR_ERR(root);
		}
		ret = loom_osd_obj_getattr(root, &attr);
		if (!ret && !S_ISDIR(attr.mode))
			ret = -EUCLEAN;
		n = ret ? ret : loom_osd_xattr_get(root, MDT_XA_LASTID, &li,
						    sizeof(li));
		if (n == sizeof(li)) {
			mdt->next_oid = le32_to_cpu(li.oid_limit);
			mdt->next_obj = le32_to_cpu(li.obj_limit);
			ret = mdt->next_oid < LOOM_FID_OID_ROOT ? -EUCLEAN : 0;
		} else if (n == -ENODATA && !loom_osd_dir_count(root)) {
			/* a crash right after the root was made */
			ret = 0;
		} else {
			ret = n < 0 ? (int)n : -EUCLEAN;
		}
		loom_osd_obj_put(root);
		if (ret)
			NL_SET_ERR_MSG(extack, "corrupt root directory (run fsck.loom)");
		else
			pr_info("loom: mdt: namespace loaded, next FID %u\n",
				mdt->next_oid + 1);
		return ret;
	}
	if (IS_ERR(root)) {
		NL_SET_ERR_MSG(extack, "cannot create the root directory");
		return PTR_ERR(root);
	}
	attr.mode = S_IFDIR | 0755;
	attr.nlink = 2;
	ktime_get_real_ts64(&attr.ctime);
	attr.atime = attr.ctime;
	attr.mtime = attr.ctime;
	ret = loom_osd_obj_setattr(root, &attr, LOOM_ATTR_ALL & ~LOOM_ATTR_BLOCKS);
	if (!ret)
		ret = loom_osd_xattr_set(root, MDT_XA_PARENT, &fid, sizeof(fid));
	loom_osd_obj_put(root);
	return ret;
}

static int mdt_start(struct loom_target *tgt, const struct loom_target_cfg *cfg,
		     struct netlink_ext_ack *extack)
{
	struct loom_mdt *mdt;
	int ret;

	mdt = kzalloc_obj(*mdt, GFP_KERNEL);
	if (!mdt)
		return -ENOMEM;
	mdt->tgt = tgt;
	mdt->osd = tgt->osd;
	mdt->seq = LOOM_FID_SEQ_MDT + cfg->index;
	mdt->next_oid = LOOM_FID_OID_ROOT;
	mutex_init(&mdt->cfg_lock);

	ret = mdt_load_root(mdt, extack);
	if (!ret)
		ret = mdt_reserve_ids(mdt);
	if (!ret) {
		struct loom_fid root;

		mdt_set_fid(&root, mdt->seq, LOOM_FID_OID_ROOT);
		mdt->osp = loom_osp_start(tgt, mdt->osd, &root, mdt->next_obj);
		if (IS_ERR(mdt->osp)) {
			ret = PTR_ERR(mdt->osp);
			NL_SET_ERR_MSG(extack, "cannot read the OST object ids (run fsck.loom)");
		}
	}
	if (!ret) {
		tgt->flock = loom_flock_table_create();
		if (!tgt->flock) {
			loom_osp_stop(mdt->osp);
			ret = -ENOMEM;
		}
	}
	if (ret) {
		kfree(mdt);
		return ret;
	}
	tgt->priv = mdt;
	return 0;
}

static void mdt_stop(struct loom_target *tgt)
{
	struct loom_mdt *mdt = tgt->priv;

	if (mdt)
		loom_osp_stop(mdt->osp);
	loom_flock_table_destroy(tgt->flock);
	tgt->flock = NULL;
	kfree(tgt->priv);
	tgt->priv = NULL;
}

const struct loom_target_ops loom_mdt_ops = {
	.name		= "mdt",
	.ordered	= true,
	.start		= mdt_start,
	.stop		= mdt_stop,
	.handle		= mdt_handle,
	.replay_cached	= mdt_replay_cached,
};

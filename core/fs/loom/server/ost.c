// SPDX-License-Identifier: GPL-2.0
/*
 * Loom object storage target: data objects.
 *
 * Objects are created on their first write (or extending truncate, or
 * OST_SETATTR): a read or getattr of an object never written sees an
 * empty object.  Bulk data moves through the client's MD: READ fills
 * fresh pages from the OSD and PUTs them, WRITE GETs the client's pages
 * and writes them into the OSD.  Requests run concurrently; the OSD
 * serializes per object.
 *
 * Clients cache data and sizes under extent locks (ldlm.c): WRITE, PUNCH,
 * FALLOCATE, DESTROY and SETATTR first call back the conflicting locks of
 * other clients on the range they change (ost_handle()).  SEEK answers
 * from what the OSD holds: clients flush before they ask.  LDLM_ENQUEUE grants a
 * lock with the object's size and mtime as they are under it.
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/completion.h>
#include <linux/stat.h>
#include "server.h"
#include "ldlm.h"

#define OST_BULK_TIMEOUT	(60 * HZ)

struct ost_bulk {
	struct loomnet_md	md;
	struct completion	done;
	int			status;
	u32			mlength;
};

static void ost_bulk_complete(struct loomnet_md *md, int status, u32 mlength)
{
	struct ost_bulk *b = container_of(md, struct ost_bulk, md);

	b->status = status;
	b->mlength = mlength;
	complete(&b->done);
}

static void ost_free_pages(struct bio_vec *bv, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (bv[i].bv_page)
			put_page(bv[i].bv_page);
	kvfree(bv);
}

static struct bio_vec *ost_alloc_pages(u32 len, unsigned int *nr)
{
	struct bio_vec *bv;
	unsigned int i;

	*nr = DIV_ROUND_UP(len, PAGE_SIZE);
	bv = kvcalloc(*nr, sizeof(*bv), GFP_NOFS);
	if (!bv)
		return NULL;
	for (i = 0; i < *nr; i++) {
		struct page *page = alloc_page(GFP_NOFS);

		if (!page) {
			ost_free_pages(bv, *nr);
			return NULL;
		}
		bvec_set_page(&bv[i], page, min_t(u32, PAGE_SIZE, len), 0);
		len -= bv[i].bv_len;
	}
	return bv;
}

/* Move @len bytes of @bv to (put) or from (get) the client's MD. */
static int ost_bulk(struct loom_srv_req *sr, u64 match, struct bio_vec *bv,
		    u32 len, bool put)
{
	struct loom_target *tgt = sr->tgt;
	struct ost_bulk b = {};
	int ret;

	init_completion(&b.done);
	b.md.bvec = bv;
	b.md.nr_bvec = DIV_ROUND_UP(len, PAGE_SIZE);
	b.md.length = len;
	b.md.complete = ost_bulk_complete;
	if (put)
		ret = loomnet_put(tgt->net, &sr->msg->src, LOOMNET_PORTAL_BULK,
				  match, &b.md);
	else
		ret = loomnet_get(tgt->net, &sr->msg->src, LOOMNET_PORTAL_BULK,
				  match, &b.md);
	if (ret)
		return ret;
	if (!wait_for_completion_timeout(&b.done, OST_BULK_TIMEOUT)) {
		loomnet_md_unlink(&b.md);
		wait_for_completion(&b.done);
	}
	if (b.status)
		return b.status == -ENOENT ? -ENOENT : -EIO;
	if (b.mlength != len)
		return -EIO;
	sr->rep_flags |= LOOM_MSG_BULK_DONE;
	return 0;
}

static int ost_check_io(const struct loom_srv_req *sr)
{
	return loom_wire_check_ost_io(sr->body, sr->body_len, sr->opcode);
}

static bool ost_io_inline(const struct loom_ost_io_req *req)
{
	return le32_to_cpu(req->flags) & LOOM_IO_INLINE;
}

static u64 ost_obj_size(struct loom_osd_obj *obj)
{
	struct loom_osd_attr attr;

	if (!obj || loom_osd_obj_getattr(obj, &attr))
		return 0;
	return attr.size;
}

static int ost_read(struct loom_srv_req *sr)
{
	const struct loom_ost_io_req *req = sr->body;
	struct loom_ost_io_rep *rep;
	struct loom_osd_obj *obj;
	struct bio_vec *bv = NULL;
	unsigned int nr = 0;
	ssize_t n = 0;
	bool inl;
	int ret;

	ret = ost_check_io(sr);
	if (ret)
		return ret;
	inl = ost_io_inline(req);
	rep = loom_srv_reply(sr, sizeof(*rep) +
				 (inl ? le64_to_cpu(req->count) : 0));
	if (!rep)
		return -ENOMEM;
	sr->rep_len = sizeof(*rep);

	obj = loom_osd_obj_find(sr->tgt->osd, &req->oid, 0);
	if (IS_ERR(obj)) {
		if (PTR_ERR(obj) != -ENOENT)
			return PTR_ERR(obj);
		/* never written: empty */
		return 0;
	}
	bv = ost_alloc_pages(le64_to_cpu(req->count), &nr);
	if (!bv) {
		ret = -ENOMEM;
		goto out;
	}
	n = loom_osd_obj_read_pages(obj, le64_to_cpu(req->offset), bv, nr,
				    le64_to_cpu(req->count));
	if (n < 0) {
		ret = n;
		goto out;
	}
	if (n && inl) {
		struct iov_iter it;

		iov_iter_bvec(&it, ITER_SOURCE, bv, nr, n);
		if (copy_from_iter(rep + 1, n, &it) != n) {
			ret = -EIO;
			goto out;
		}
		sr->rep_len = sizeof(*rep) + n;
	} else if (n) {
		ret = ost_bulk(sr, le64_to_cpu(req->bulk_match), bv, n, true);
		if (ret)
			goto out;
	}
	rep->count = cpu_to_le64(n);
	rep->obj_size = cpu_to_le64(ost_obj_size(obj));
out:
	if (bv)
		ost_free_pages(bv, nr);
	loom_osd_obj_put(obj);
	return ret;
}

static struct loom_osd_obj *ost_obj_get_create(struct loom_target *tgt,
					       const struct loom_fid *fid)
{
	struct loom_osd_obj *obj;

	obj = loom_osd_obj_find(tgt->osd, fid, S_IFREG | 0666);
	if (PTR_ERR_OR_ZERO(obj) == -EEXIST)
		obj = loom_osd_obj_find(tgt->osd, fid, 0);
	return obj;
}

static int ost_write(struct loom_srv_req *sr)
{
	const struct loom_ost_io_req *req = sr->body;
	struct loom_ost_io_rep *rep;
	struct loom_osd_obj *obj;
	struct bio_vec *bv;
	unsigned int nr;
	u32 count;
	ssize_t n;
	int ret;

	ret = ost_check_io(sr);
	if (ret)
		return ret;
	count = le64_to_cpu(req->count);
	rep = loom_srv_reply(sr, sizeof(*rep));
	if (!rep)
		return -ENOMEM;
	bv = ost_alloc_pages(count, &nr);
	if (!bv)
		return -ENOMEM;
	if (ost_io_inline(req)) {
		struct iov_iter it;

		iov_iter_bvec(&it, ITER_DEST, bv, nr, count);
		ret = copy_to_iter(req + 1, count, &it) == count ? 0 : -EIO;
	} else {
		ret = ost_bulk(sr, le64_to_cpu(req->bulk_match), bv, count,
			       false);
	}
	if (ret)
		goto out;
	obj = ost_obj_get_create(sr->tgt, &req->oid);
	if (IS_ERR(obj)) {
		ret = PTR_ERR(obj);
		goto out;
	}
	n = loom_osd_obj_write_pages(obj, le64_to_cpu(req->offset), bv, nr,
				     count);
	if (n < 0) {
		ret = n;
	} else {
		rep->count = cpu_to_le64(n);
		rep->obj_size = cpu_to_le64(ost_obj_size(obj));
	}
	loom_osd_obj_put(obj);
out:
	ost_free_pages(bv, nr);
	return ret;
}

/* The reply of object operations: what the object is now. */
static void ost_fill_obj_rep(struct loom_osd_obj *obj,
			     struct loom_ost_obj_rep *rep)
{
	struct loom_osd_attr attr;

	if (loom_osd_obj_getattr(obj, &attr))
		return;
	rep->size = cpu_to_le64(attr.size);
	rep->blocks = cpu_to_le64(attr.blocks);
	rep->mtime_sec = cpu_to_le64(attr.mtime.tv_sec);
	rep->mtime_nsec = cpu_to_le32(attr.mtime.tv_nsec);
}

static int ost_obj_op(struct loom_srv_req *sr)
{
	const struct loom_ost_obj_req *req = sr->body;
	struct loom_ost_obj_rep *rep;
	struct loom_osd_obj *obj;
	u64 start, end;
	int ret = 0;

	if (sr->body_len != sizeof(*req))
		return -EPROTO;
	if (loom_wire_check_fid(&req->oid))
		return -EINVAL;
	start = le64_to_cpu(req->start);
	end = le64_to_cpu(req->end);
	rep = loom_srv_reply(sr, sizeof(*rep));
	if (!rep)
		return -ENOMEM;

	if (sr->opcode == LOOM_OPC_OST_PUNCH) {
		if (start > LOOM_MAX_OBJ_SIZE ||
		    (end != LOOM_OBJ_EOF && end < start))
			return -EINVAL;
		/* an extending truncate creates the object to keep the size */
		if (end == LOOM_OBJ_EOF && start)
			obj = ost_obj_get_create(sr->tgt, &req->oid);
		else
			obj = loom_osd_obj_find(sr->tgt->osd, &req->oid, 0);
	} else {
		obj = loom_osd_obj_find(sr->tgt->osd, &req->oid, 0);
	}
	if (IS_ERR(obj)) {
		/* objects never written are empty; DESTROY says there is none */
		if (PTR_ERR(obj) == -ENOENT && sr->opcode != LOOM_OPC_OST_DESTROY)
			return 0;
		return PTR_ERR(obj);
	}

	switch (sr->opcode) {
	case LOOM_OPC_OST_PUNCH:
		ret = loom_osd_obj_punch(obj, start, end);
		break;
	case LOOM_OPC_OST_DESTROY:
		ret = loom_osd_obj_destroy(obj);
		break;
	case LOOM_OPC_OST_SYNC:
		ret = loom_osd_obj_sync(obj);
		break;
	}
	if (!ret && sr->opcode != LOOM_OPC_OST_DESTROY)
		ost_fill_obj_rep(obj, rep);
	loom_osd_obj_put(obj);
	return ret;
}

/*
 * Set the times of an object, creating it if it was never written: the
 * client takes a file's mtime as the newest of the MDT's and the objects',
 * and OST_GETATTR of an object that does not exist reports an mtime of 0,
 * which would hide a time set before the epoch.
 */
static int ost_setattr(struct loom_srv_req *sr)
{
	const struct loom_ost_setattr_req *req = sr->body;
	struct loom_osd_attr attr = {};
	struct loom_ost_obj_rep *rep;
	struct loom_osd_obj *obj;
	u64 valid;
	int ret;

	if (sr->body_len != sizeof(*req))
		return -EPROTO;
	ret = loom_wire_check_ost_setattr(req);
	if (ret)
		return ret;
	valid = le64_to_cpu(req->valid);
	attr.mtime.tv_sec = (s64)le64_to_cpu(req->mtime_sec);
	attr.mtime.tv_nsec = le32_to_cpu(req->mtime_nsec);
	attr.atime.tv_sec = (s64)le64_to_cpu(req->atime_sec);
	attr.atime.tv_nsec = le32_to_cpu(req->atime_nsec);
	attr.ctime.tv_sec = (s64)le64_to_cpu(req->ctime_sec);
	attr.ctime.tv_nsec = le32_to_cpu(req->ctime_nsec);
	rep = loom_srv_reply(sr, sizeof(*rep));
	if (!rep)
		return -ENOMEM;

	obj = ost_obj_get_create(sr->tgt, &req->oid);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	ret = loom_osd_obj_setattr(obj, &attr, valid);
	if (!ret)
		ost_fill_obj_rep(obj, rep);
	loom_osd_obj_put(obj);
	return ret;
}

/* OST_FALLOCATE: reserve a range of an object, creating it if needed. */
static int ost_fallocate(struct loom_srv_req *sr)
{
	const struct loom_ost_falloc_req *req = sr->body;
	struct loom_ost_obj_rep *rep;
	struct loom_osd_obj *obj;
	int ret;

	if (sr->body_len != sizeof(*req))
		return -EPROTO;
	ret = loom_wire_check_ost_falloc(req);
	if (ret)
		return ret;
	rep = loom_srv_reply(sr, sizeof(*rep));
	if (!rep)
		return -ENOMEM;
	obj = ost_obj_get_create(sr->tgt, &req->oid);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	ret = loom_osd_obj_fallocate(obj, le64_to_cpu(req->start),
				     le64_to_cpu(req->end),
				     le32_to_cpu(req->mode) &
				     LOOM_FALLOC_KEEP_SIZE);
	if (!ret)
		ost_fill_obj_rep(obj, rep);
	loom_osd_obj_put(obj);
	return ret;
}

/* OST_SEEK: the next data or hole of an object; a missing one is a hole. */
static int ost_seek(struct loom_srv_req *sr)
{
	const struct loom_ost_seek_req *req = sr->body;
	struct loom_ost_seek_rep *rep;
	struct loom_osd_obj *obj;
	u64 off, found;
	bool hole;
	int ret;

	if (sr->body_len != sizeof(*req))
		return -EPROTO;
	ret = loom_wire_check_ost_seek(req);
	if (ret)
		return ret;
	off = le64_to_cpu(req->offset);
	hole = le32_to_cpu(req->whence) == LOOM_SEEK_HOLE;
	rep = loom_srv_reply(sr, sizeof(*rep));
	if (!rep)
		return -ENOMEM;
	obj = loom_osd_obj_find(sr->tgt->osd, &req->oid, 0);
	if (IS_ERR(obj)) {
		if (PTR_ERR(obj) != -ENOENT)
			return PTR_ERR(obj);
		rep->offset = cpu_to_le64(hole ? off : LOOM_OBJ_EOF);
		rep->size = 0;
		return 0;
	}
	ret = loom_osd_obj_seek(obj, off, hole, &found);
	if (!ret && found != LOOM_OBJ_EOF &&
	    (found < off || found > LOOM_MAX_OBJ_SIZE))
		ret = -EIO;
	if (!ret) {
		rep->offset = cpu_to_le64(found);
		rep->size = cpu_to_le64(ost_obj_size(obj));
	}
	loom_osd_obj_put(obj);
	return ret;
}

static int ost_statfs(struct loom_srv_req *sr)
{
	struct loom_statfs_rep *rep;
	struct loom_osd_statfs st;
	int ret;

	if (sr->body_len)
		return -EPROTO;
	ret = loom_osd_statfs(sr->tgt->osd, &st);
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

/* A glimpse granted no lock: the object on disk, and what holders know. */
static int ost_glimpse_reply(struct loom_srv_req *sr,
			     const struct loom_fid *fid,
			     const struct loom_ldlm_glimpse *gl)
{
	struct loom_ldlm_enqueue_rep *rep;
	struct loom_osd_obj *obj;
	struct timespec64 mtime;

	rep = loom_srv_reply(sr, sizeof(*rep));
	if (!rep)
		return -ENOMEM;
	rep->flags = cpu_to_le32(LOOM_LDLM_F_GLIMPSE);
	obj = loom_osd_obj_find(sr->tgt->osd, fid, 0);
	if (!IS_ERR(obj)) {
		ost_fill_obj_rep(obj, &rep->lvb);
		loom_osd_obj_put(obj);
	}
	if (!gl->known)
		return 0;
	if (gl->size > le64_to_cpu(rep->lvb.size))
		rep->lvb.size = cpu_to_le64(gl->size);
	mtime.tv_sec = le64_to_cpu(rep->lvb.mtime_sec);
	mtime.tv_nsec = le32_to_cpu(rep->lvb.mtime_nsec);
	if (timespec64_compare(&gl->mtime, &mtime) > 0) {
		rep->lvb.mtime_sec = cpu_to_le64(gl->mtime.tv_sec);
		rep->lvb.mtime_nsec = cpu_to_le32(gl->mtime.tv_nsec);
	}
	return 0;
}

/*
 * Precreation (OST_PRECREATE, OST_ORPHAN): each MDT's objects are in a
 * sequence of their own, whose LAST_ID (the highest id created for the
 * MDT) is an xattr of object 0 of the sequence, written durably before
 * the objects it covers are made.  One MDT at a time changes them.
 */
#define OST_XA_LASTID		"loom.lastid"
#define OST_ORPHAN_MAX		1048576U

static DEFINE_MUTEX(ost_create_lock);

static struct loom_osd_obj *ost_lastid_obj(struct loom_target *tgt, u64 seq)
{
	struct loom_fid fid = { .seq = cpu_to_le64(seq) };

	return ost_obj_get_create(tgt, &fid);
}

static u32 ost_lastid_get(struct loom_osd_obj *obj)
{
	__le32 v;

	if (loom_osd_xattr_get(obj, OST_XA_LASTID, &v, sizeof(v)) != sizeof(v))
		return 0;
	return le32_to_cpu(v);
}

static int ost_lastid_set(struct loom_osd_obj *obj, u32 id)
{
	__le32 v = cpu_to_le32(id);
	int ret;

	ret = loom_osd_xattr_set(obj, OST_XA_LASTID, &v, sizeof(v));
	return ret ?: loom_osd_obj_sync(obj);
}

/* OST_ORPHAN: destroy (@id, LAST_ID], never handed out, and go back. */
static int ost_orphan(struct loom_srv_req *sr, struct loom_osd_obj *lobj,
		      struct loom_fid *fid, u32 id)
{
	u32 last = ost_lastid_get(lobj);
	struct loom_osd_obj *obj;
	u64 d, end;

	if (last > id) {
		end = min_t(u64, last, (u64)id + OST_ORPHAN_MAX);
		for (d = (u64)id + 1; d <= end; d++) {
			fid->oid = cpu_to_le32((u32)d);
			obj = loom_osd_obj_find(sr->tgt->osd, fid, 0);
			if (IS_ERR(obj))
				continue;
			loom_osd_obj_destroy(obj);
			loom_osd_obj_put(obj);
		}
		pr_info("loom: %s ost%04x: destroyed orphan objects %u-%llu of mdt%04x\n",
			sr->tgt->fsname, sr->tgt->index, id + 1, end,
			le32_to_cpu(((const struct loom_ost_create_req *)sr->body)->mdt_index));
	}
	return ost_lastid_set(lobj, id);
}

/* OST_PRECREATE: make [@id, @id + @count); return the last one made. */
static int ost_precreate(struct loom_srv_req *sr, struct loom_osd_obj *lobj,
			 struct loom_fid *fid, u32 id, u32 count, u32 *made)
{
	u64 d, end = (u64)id + count - 1;
	struct loom_osd_obj *obj;
	int ret;

	if (end > ost_lastid_get(lobj)) {
		ret = ost_lastid_set(lobj, end);
		if (ret)
			return ret;
	}
	for (d = id; d <= end; d++) {
		fid->oid = cpu_to_le32((u32)d);
		obj = loom_osd_obj_find(sr->tgt->osd, fid, S_IFREG | 0666);
		if (IS_ERR(obj)) {
			if (PTR_ERR(obj) == -EEXIST)
				continue;
			/* full: what exists so far */
			if (d == id)
				return PTR_ERR(obj);
			break;
		}
		loom_osd_obj_put(obj);
	}
	*made = d - 1;
	return 0;
}

static int ost_create(struct loom_srv_req *sr)
{
	const struct loom_ost_create_req *req = sr->body;
	struct loom_ost_create_rep *rep;
	struct loom_osd_obj *lobj;
	struct loom_fid fid = {};
	u32 id, made;
	int ret;

	ret = loom_wire_check_ost_create(sr->body, sr->body_len, sr->opcode);
	if (ret)
		return ret;
	rep = loom_srv_reply(sr, sizeof(*rep));
	if (!rep)
		return -ENOMEM;
	fid.seq = cpu_to_le64(loom_ost_seq(le32_to_cpu(req->mdt_index),
					   sr->tgt->index));
	id = le32_to_cpu(req->id);
	made = id;

	mutex_lock(&ost_create_lock);
	lobj = ost_lastid_obj(sr->tgt, le64_to_cpu(fid.seq));
	if (IS_ERR(lobj)) {
		ret = PTR_ERR(lobj);
	} else {
		if (sr->opcode == LOOM_OPC_OST_ORPHAN)
			ret = ost_orphan(sr, lobj, &fid, id);
		else
			ret = ost_precreate(sr, lobj, &fid, id,
					    le32_to_cpu(req->count), &made);
		loom_osd_obj_put(lobj);
	}
	mutex_unlock(&ost_create_lock);
	if (!ret)
		rep->last_id = cpu_to_le32(made);
	return ret;
}

static int ost_enqueue(struct loom_srv_req *sr)
{
	const struct loom_ldlm_enqueue_req *req = sr->body;
	struct loom_ldlm_enqueue_rep *rep;
	struct loom_ldlm_owner owner;
	struct loom_ldlm_glimpse gl;
	struct loom_lock_desc desc;
	struct loom_osd_obj *obj;
	u64 handle;
	int ret;

	ret = loom_wire_check_enqueue(sr->body, sr->body_len, LOOM_TGT_OST,
				      &desc);
	if (ret)
		return ret;
	loom_srv_owner(sr, &owner);
	if (le32_to_cpu(req->intent) == LOOM_IT_GLIMPSE) {
		ret = loom_ldlm_glimpse(sr->tgt->ldlm, &owner, &req->res,
					le64_to_cpu(req->cookie), &desc,
					&handle, &gl);
		if (!ret && !handle)
			return ost_glimpse_reply(sr, &req->res, &gl);
	} else {
		ret = loom_ldlm_enqueue(sr->tgt->ldlm, &owner, &req->res,
					le64_to_cpu(req->cookie), &desc,
					&handle);
	}
	if (ret)
		return ret;
	rep = loom_srv_reply(sr, sizeof(*rep));
	if (!rep) {
		loom_ldlm_cancel(sr->tgt->ldlm, owner.exp, handle);
		return -ENOMEM;
	}
	rep->handle = cpu_to_le64(handle);
	rep->mode = cpu_to_le32(desc.mode);
	rep->start = cpu_to_le64(desc.start);
	rep->end = cpu_to_le64(desc.end);
	/* no other client changes the object while the lock is held */
	obj = loom_osd_obj_find(sr->tgt->osd, &req->res, 0);
	if (!IS_ERR(obj)) {
		ost_fill_obj_rep(obj, &rep->lvb);
		loom_osd_obj_put(obj);
	}
	return 0;
}

/* The range of an object a request changes, as a PW extent lock. */
static bool ost_change_range(const struct loom_srv_req *sr,
			     struct loom_fid *fid, struct loom_lock_desc *d)
{
	d->type = LOOM_LDLM_EXTENT;
	d->mode = LOOM_LCK_PW;
	d->bits = 0;
	d->start = 0;
	d->end = LOOM_EXTENT_EOF;
	switch (sr->opcode) {
	case LOOM_OPC_OST_WRITE: {
		const struct loom_ost_io_req *req = sr->body;

		if (ost_check_io(sr))
			return false;
		*fid = req->oid;
		d->start = le64_to_cpu(req->offset);
		d->end = d->start + le64_to_cpu(req->count) - 1;
		return true;
	}
	case LOOM_OPC_OST_PUNCH: {
		const struct loom_ost_obj_req *req = sr->body;
		u64 end;

		if (sr->body_len != sizeof(*req))
			return false;
		*fid = req->oid;
		d->start = le64_to_cpu(req->start);
		end = le64_to_cpu(req->end);
		if (end != LOOM_OBJ_EOF && end > d->start)
			d->end = end - 1;
		return d->start <= d->end;
	}
	case LOOM_OPC_OST_DESTROY: {
		const struct loom_ost_obj_req *req = sr->body;

		if (sr->body_len != sizeof(*req))
			return false;
		*fid = req->oid;
		return true;
	}
	case LOOM_OPC_OST_SETATTR: {
		const struct loom_ost_setattr_req *req = sr->body;

		if (sr->body_len != sizeof(*req))
			return false;
		*fid = req->oid;
		return true;
	}
	case LOOM_OPC_OST_FALLOCATE: {
		const struct loom_ost_falloc_req *req = sr->body;

		if (sr->body_len != sizeof(*req) ||
		    loom_wire_check_ost_falloc(req))
			return false;
		*fid = req->oid;
		d->start = le64_to_cpu(req->start);
		d->end = le64_to_cpu(req->end) - 1;
		return true;
	}
	default:
		return false;
	}
}

static int ost_serve(struct loom_srv_req *sr)

{
	switch (sr->opcode) {
	case LOOM_OPC_OST_READ:
		return ost_read(sr);
	case LOOM_OPC_OST_WRITE:
		return ost_write(sr);
	case LOOM_OPC_OST_GETATTR:
	case LOOM_OPC_OST_PUNCH:
	case LOOM_OPC_OST_DESTROY:
	case LOOM_OPC_OST_SYNC:
		return ost_obj_op(sr);
	case LOOM_OPC_OST_STATFS:
		return ost_statfs(sr);
	case LOOM_OPC_OST_SETATTR:
		return ost_setattr(sr);
	case LOOM_OPC_OST_FALLOCATE:
		return ost_fallocate(sr);
	case LOOM_OPC_OST_SEEK:
		return ost_seek(sr);
	case LOOM_OPC_OST_PRECREATE:
	case LOOM_OPC_OST_ORPHAN:
		return ost_create(sr);
	default:
		return -EOPNOTSUPP;
	}
}

static int ost_handle(struct loom_srv_req *sr)
{
	struct loom_lock_desc desc;
	struct loom_ldlm_op op;
	struct loom_fid fid;
	bool locked = false;
	int ret;

	if (sr->opcode == LOOM_OPC_LDLM_ENQUEUE)
		return ost_enqueue(sr);
	if (ost_change_range(sr, &fid, &desc) && !loom_wire_check_fid(&fid)) {
		ret = loom_ldlm_op_begin(sr->tgt->ldlm, sr->exp_cookie, &fid,
					 &desc, &op);
		if (ret)
			return ret;
		locked = true;
	}
	ret = ost_serve(sr);
	if (locked)
		loom_ldlm_op_end(sr->tgt->ldlm, &op);
	return ret;
}

static int ost_start(struct loom_target *tgt, const struct loom_target_cfg *cfg,
		     struct netlink_ext_ack *extack)
{
	return 0;
}

static void ost_stop(struct loom_target *tgt)
{
}

/* Requests that must not run twice: a late resend would undo newer data. */
static bool ost_replay_cached(u16 opcode)
{
	switch (opcode) {
	case LOOM_OPC_OST_WRITE:
	case LOOM_OPC_OST_PUNCH:
	case LOOM_OPC_OST_SETATTR:
	case LOOM_OPC_OST_FALLOCATE:
		return true;
	default:
		return false;
	}
}

const struct loom_target_ops loom_ost_ops = {
	.name		= "ost",
	.ordered	= false,
	.start		= ost_start,
	.stop		= ost_stop,
	.handle		= ost_handle,
	.replay_cached	= ost_replay_cached,
};

// SPDX-License-Identifier: GPL-2.0
/*
 * Loom client: regular files.
 *
 * Buffered I/O goes through the page cache (aops.c).  O_DIRECT reads and
 * writes bypass it: they split the range along the file's RAID-0 layout
 * and move each piece with one OST_READ or OST_WRITE, the data going
 * through kernel pages attached as the RPC's bulk, after writing back and
 * before dropping the cached pages of the range.  The size of a file is
 * what its objects say it is, or more while this client holds dirty
 * pages beyond it.
 *
 * fallocate() and SEEK_DATA/SEEK_HOLE split the file range the same way
 * and send one OST_FALLOCATE or OST_SEEK per object, all objects at once
 * (loom_obj_calls()); the file's answer is computed from the objects'
 * (common/layout.c).
 */

#include <linux/fs.h>
#include <linux/pagemap.h>
#include <linux/falloc.h>
#include <linux/mm.h>
#include <linux/uio.h>
#include <linux/highmem.h>
#include <linux/slab.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/err.h>
#include <linux/workqueue.h>
#include <linux/completion.h>
#include "../common/layout.h"
#include "internal.h"

/**
 * struct loom_iobuf - bounce pages for one read or write call
 * @pages: the pages
 * @bvec: a bio_vec per page, for the RPC's bulk
 * @nr: number of pages
 */
struct loom_iobuf {
	struct page	**pages;
	struct bio_vec	*bvec;
	unsigned int	nr;
};

static void loom_iobuf_free(struct loom_iobuf *buf)
{
	unsigned int i;

	for (i = 0; buf->pages && i < buf->nr; i++)
		if (buf->pages[i])
			__free_page(buf->pages[i]);
	kfree(buf->pages);
	kfree(buf->bvec);
}

static int loom_iobuf_alloc(struct loom_iobuf *buf, size_t bytes)
{
	unsigned int i;

	buf->nr = DIV_ROUND_UP(bytes, PAGE_SIZE);
	buf->pages = kcalloc(buf->nr, sizeof(*buf->pages), GFP_KERNEL);
	buf->bvec = kcalloc(buf->nr, sizeof(*buf->bvec), GFP_KERNEL);
	if (!buf->pages || !buf->bvec)
		goto nomem;
	for (i = 0; i < buf->nr; i++) {
		buf->pages[i] = alloc_page(GFP_KERNEL);
		if (!buf->pages[i])
			goto nomem;
	}
	return 0;
nomem:
	loom_iobuf_free(buf);
	return -ENOMEM;
}

/* Point @buf's bio_vecs at its pages for @len bytes; returns how many. */
static unsigned int loom_iobuf_bvec(struct loom_iobuf *buf, size_t len)
{
	unsigned int i, nr = DIV_ROUND_UP(len, PAGE_SIZE);

	for (i = 0; i < nr; i++) {
		buf->bvec[i].bv_page = buf->pages[i];
		buf->bvec[i].bv_offset = 0;
		buf->bvec[i].bv_len = min_t(size_t, PAGE_SIZE,
					    len - (size_t)i * PAGE_SIZE);
	}
	return nr;
}

/* The largest piece one RPC of this layout moves. */
static size_t loom_max_chunk(const struct loom_cl_layout *lo, size_t count)
{
	size_t max = LOOM_MAX_RPC_BULK;

	if (lo->stripe_count > 1)
		max = min_t(size_t, max, lo->stripe_size);
	return min(count, max);
}

/**
 * loom_map_chunk() - the next piece of a file range one RPC moves
 * @lo: the file's layout
 * @pos: file offset
 * @len: bytes from @pos
 * @c: the piece: its stripe, object offset, file offset and length
 */
void loom_map_chunk(const struct loom_cl_layout *lo, u64 pos, u64 len,
		    struct loom_stripe_chunk *c)
{
	len = min_t(u64, len, LOOM_MAX_RPC_BULK);
	if (lo->stripe_count == 1) {
		/* unstriped: the object is the file */
		c->stripe = 0;
		c->obj_off = pos;
		c->file_off = pos;
		c->len = len;
		return;
	}
	loom_layout_map(lo->stripe_size, lo->stripe_count, pos, len, c, 1);
}

/**
 * loom_obj_io() - one OST_READ or OST_WRITE of a piece of a file
 * @inode: the file
 * @lo: its layout
 * @c: the piece, from loom_map_chunk()
 * @bvec: pages holding @c->len bytes
 * @nr: entries in @bvec
 * @write: true to write, false to read
 *
 * Return: bytes moved (short for a read at a hole or an object's end),
 * -ENOENT for a read of an object never written, or a negative errno.
 */
ssize_t loom_obj_io(struct inode *inode, const struct loom_cl_layout *lo,
		    const struct loom_stripe_chunk *c, struct bio_vec *bvec,
		    unsigned int nr, bool write)
{
	const struct loom_cl_obj *obj = &lo->objs[c->stripe];
	struct loom_conn *conn = loom_cl_ost(inode->i_sb, obj->ost_index);
	const struct loom_ost_io_rep *rep;
	struct loom_ost_io_req *body;
	struct loom_req *req;
	struct iov_iter it;
	bool inl;
	ssize_t ret;
	u64 done;

	/* short I/O: the data rides in the messages, no bulk round trip */
	inl = c->len <= LOOM_SHORT_IO_MAX &&
	      (loom_conn_features(conn) & LOOM_FEAT_SHORT_IO);
	req = loom_cl_req(conn, write ? LOOM_OPC_OST_WRITE : LOOM_OPC_OST_READ,
			  sizeof(*body) + (inl && write ? c->len : 0));
	if (IS_ERR(req))
		return PTR_ERR(req);
	body = req->req_body;
	body->oid = obj->oid;
	body->offset = cpu_to_le64(c->obj_off);
	body->count = cpu_to_le64(c->len);
	if (inl) {
		body->flags = cpu_to_le32(LOOM_IO_INLINE);
		iov_iter_bvec(&it, write ? ITER_SOURCE : ITER_DEST, bvec, nr,
			      c->len);
		if (write && copy_from_iter(body + 1, c->len, &it) != c->len) {
			ret = -EFAULT;
			goto out;
		}
	} else {
		ret = loom_req_set_bulk(req, bvec, nr, c->len, write);
		if (ret)
			goto out;
		body->bulk_match = cpu_to_le64(loom_req_bulk_match(req));
	}

	rep = loom_cl_call(req, sizeof(*rep));
	if (IS_ERR(rep)) {
		ret = PTR_ERR(rep);
		goto out;
	}
	done = le64_to_cpu(rep->count);
	if (done > c->len || le64_to_cpu(rep->obj_size) > LOOM_MAX_OBJ_SIZE ||
	    (inl && !write && req->rep_len != sizeof(*rep) + done)) {
		ret = -EPROTO;
	} else if (inl && !write && copy_to_iter(rep + 1, done, &it) != done) {
		ret = -EFAULT;
	} else {
		ret = done;
	}
out:
	loom_req_free(req);
	return ret;
}

static struct loom_cl_layout *loom_file_layout(struct inode *inode)
{
	struct loom_cl_layout *lo = READ_ONCE(loom_i(inode)->layout);
	int rc;

	if (lo)
		return lo;
	rc = loom_inode_refresh(inode);
	if (rc)
		return ERR_PTR(rc);
	lo = READ_ONCE(loom_i(inode)->layout);
	return lo ? lo : ERR_PTR(-EIO);
}

static ssize_t loom_direct_read(struct kiocb *iocb, struct iov_iter *to)
{
	struct inode *inode = file_inode(iocb->ki_filp);
	struct loom_cl_layout *lo;
	struct loom_iobuf buf;
	struct loom_stripe_chunk c;
	size_t count, done = 0, n, copied, got, keep, off;
	loff_t pos = iocb->ki_pos, size;
	unsigned int i;
	ssize_t ret;

	if (!iov_iter_count(to))
		return 0;
	/* what this client wrote to the range must be on the OSTs */
	ret = filemap_write_and_wait_range(inode->i_mapping, pos,
					   pos + iov_iter_count(to) - 1);
	if (ret)
		return ret;
	/* the objects' sizes, unless the read stays below the known size */
	if (pos + iov_iter_count(to) > i_size_read(inode)) {
		ret = loom_refresh_size(inode);
		if (ret)
			return ret;
	}
	size = i_size_read(inode);
	if (pos >= size)
		return 0;
	lo = loom_file_layout(inode);
	if (IS_ERR(lo))
		return PTR_ERR(lo);
	count = min_t(u64, iov_iter_count(to), size - pos);

	ret = loom_iobuf_alloc(&buf, loom_max_chunk(lo, count));
	if (ret)
		return ret;
	while (done < count) {
		loom_map_chunk(lo, pos, count - done, &c);
		ret = loom_obj_io(inode, lo, &c, buf.bvec,
				  loom_iobuf_bvec(&buf, c.len), false);
		if (ret == -ENOENT)
			ret = 0;	/* an object not written to yet */
		if (ret < 0)
			break;
		/* short: a hole or the object's end, inside the file */
		got = ret;
		for (i = 0, off = 0; off < c.len; i++, off += n) {
			n = min_t(u64, PAGE_SIZE, c.len - off);
			keep = got > off ? min(got - off, n) : 0;
			if (keep < n)
				memzero_page(buf.pages[i], keep, n - keep);
			copied = copy_page_to_iter(buf.pages[i], 0, n, to);
			done += copied;
			pos += copied;
			if (copied < n) {
				ret = -EFAULT;
				goto out;
			}
		}
	}
out:
	loom_iobuf_free(&buf);
	iocb->ki_pos = pos;
	return done ? done : ret;
}

static ssize_t loom_direct_write(struct kiocb *iocb, struct iov_iter *from)
{
	struct file *file = iocb->ki_filp;
	struct inode *inode = file_inode(file);
	struct loom_cl_layout *lo;
	struct loom_iobuf buf;
	struct loom_stripe_chunk c;
	size_t count, done = 0, n, copied, chunk;
	bool fault = false;
	unsigned int i;
	loff_t pos;
	ssize_t ret;

	lo = loom_file_layout(inode);
	if (IS_ERR(lo))
		return PTR_ERR(lo);

	inode_lock(inode);
	if (iocb->ki_flags & IOCB_APPEND) {
		ret = loom_refresh_size(inode);
		if (ret)
			goto unlock;
	}
	ret = generic_write_checks(iocb, from);
	if (ret <= 0)
		goto unlock;
	ret = file_remove_privs(file);
	if (ret)
		goto unlock;
	/* as a buffered write does: the objects' own times only go up */
	ret = file_update_time(file);
	if (ret)
		goto unlock;

	pos = iocb->ki_pos;
	count = iov_iter_count(from);
	ret = filemap_write_and_wait_range(inode->i_mapping, pos,
					   pos + count - 1);
	if (ret)
		goto unlock;
	ret = loom_iobuf_alloc(&buf, loom_max_chunk(lo, count));
	if (ret)
		goto unlock;
	while (done < count) {
		loom_map_chunk(lo, pos, count - done, &c);
		chunk = 0;
		for (i = 0; chunk < c.len; i++) {
			n = min_t(u64, PAGE_SIZE, c.len - chunk);
			copied = copy_page_from_iter(buf.pages[i], 0, n, from);
			chunk += copied;
			if (copied < n) {
				fault = true;
				break;
			}
		}
		if (!chunk) {
			ret = -EFAULT;
			break;
		}
		c.len = chunk;
		ret = loom_obj_io(inode, lo, &c, buf.bvec,
				  loom_iobuf_bvec(&buf, c.len), true);
		if (ret < 0) {
			iov_iter_revert(from, chunk);
			break;
		}
		done += ret;
		pos += ret;
		if (ret < chunk) {
			iov_iter_revert(from, chunk - ret);
			break;
		}
		if (fault)
			break;
	}
	loom_iobuf_free(&buf);
	if (done) {
		/* cached copies of the range are stale now */
		invalidate_inode_pages2_range(inode->i_mapping,
					      iocb->ki_pos >> PAGE_SHIFT,
					      (pos - 1) >> PAGE_SHIFT);
		loom_data_changed(inode);
		iocb->ki_pos = pos;
		loom_extend_size(inode, pos);
		ret = done;
	}
unlock:
	inode_unlock(inode);
	if (ret > 0)
		ret = generic_write_sync(iocb, ret);
	return ret;
}

/*
 * Under the DLM, reads and writes hold extent locks on every object of
 * the file for their duration: what they cache stays valid until the
 * locks are called back, which writes back and drops it (dlm.c).
 */
static struct loom_cl_lock **loom_io_lock(struct inode *inode, u32 mode)
{
	struct loom_cl_lock **held;
	int rc;

	if (!loom_sbi(inode->i_sb)->dlm || loom_i(inode)->destroy)
		return NULL;
	held = loom_data_lock_alloc(inode);
	if (!held)
		return ERR_PTR(-ENOMEM);
	rc = loom_data_lock(inode, mode, held);
	if (rc) {
		kfree(held);
		return ERR_PTR(rc);
	}
	return held;
}

static void loom_io_unlock(struct inode *inode, struct loom_cl_lock **held)
{
	if (!held)
		return;
	loom_data_unlock(inode, held);
	kfree(held);
}

static ssize_t loom_file_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct inode *inode = file_inode(iocb->ki_filp);
	struct loom_cl_lock **held;
	struct loom_cl_layout *lo;
	ssize_t ret;

	if (!iov_iter_count(to))
		return 0;
	lo = loom_file_layout(inode);
	if (IS_ERR(lo))
		return PTR_ERR(lo);
	held = loom_io_lock(inode, LOOM_LCK_PR);
	if (IS_ERR(held))
		return PTR_ERR(held);
	if (iocb->ki_flags & IOCB_DIRECT)
		ret = loom_direct_read(iocb, to);
	else
		ret = generic_file_read_iter(iocb, to);
	loom_io_unlock(inode, held);
	return ret;
}

static ssize_t loom_file_splice_read(struct file *in, loff_t *ppos,
				     struct pipe_inode_info *pipe, size_t len,
				     unsigned int flags)
{
	struct inode *inode = file_inode(in);
	struct loom_cl_lock **held;
	ssize_t ret;

	held = loom_io_lock(inode, LOOM_LCK_PR);
	if (IS_ERR(held))
		return PTR_ERR(held);
	ret = filemap_splice_read(in, ppos, pipe, len, flags);
	loom_io_unlock(inode, held);
	return ret;
}

static ssize_t loom_file_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct file *file = iocb->ki_filp;
	struct inode *inode = file_inode(file);
	struct loom_cl_lock **held;
	struct loom_cl_layout *lo;
	ssize_t ret;

	/* write back needs the layout: know it before dirtying pages */
	lo = loom_file_layout(inode);
	if (IS_ERR(lo))
		return PTR_ERR(lo);
	held = loom_io_lock(inode, LOOM_LCK_PW);
	if (IS_ERR(held))
		return PTR_ERR(held);
	if (iocb->ki_flags & IOCB_DIRECT) {
		ret = loom_direct_write(iocb, from);
		loom_io_unlock(inode, held);
		return ret;
	}

	inode_lock(inode);
	if (iocb->ki_flags & IOCB_APPEND) {
		ret = loom_refresh_size(inode);
		if (ret)
			goto unlock;
	}
	ret = generic_write_checks(iocb, from);
	if (ret > 0)
		ret = __generic_file_write_iter(iocb, from);
unlock:
	inode_unlock(inode);
	loom_io_unlock(inode, held);
	if (ret > 0)
		ret = generic_write_sync(iocb, ret);
	return ret;
}

/*
 * The open lock: while a client holds a lock on LOOM_IBIT_OPEN, an MDT
 * that removes the file's last name keeps its objects.  Each open file
 * holds a user of one, so open(2) after the first costs no request.
 */
static int loom_open_lock(struct inode *inode, struct file *file)
{
	struct loom_sb_info *sbi = loom_sbi(inode->i_sb);
	static const struct loom_lock_desc want = {
		.type = LOOM_LDLM_IBITS,
		.mode = LOOM_LCK_PR,
		.bits = LOOM_IBIT_OPEN,
	};
	struct loom_cl_lock *lk;

	if (!sbi->dlm || loom_i(inode)->destroy ||
	    !(loom_conn_features(sbi->mdt) & LOOM_FEAT_OPEN_LOCK))
		return 0;
	lk = loom_dlm_lock(inode, sbi->mdt, &loom_i(inode)->fid, &want, -1,
			   LOOM_IT_NONE, NULL, 0, NULL);
	if (IS_ERR(lk))
		return PTR_ERR(lk);
	file->private_data = lk;
	return 0;
}

static int loom_file_open(struct inode *inode, struct file *file)
{
	struct loom_cl_layout *lo;
	int rc;

	rc = generic_file_open(inode, file);
	if (rc)
		return rc;
	/* the page cache's operations rely on it */
	lo = loom_file_layout(inode);
	if (IS_ERR(lo))
		return PTR_ERR(lo);
	file->f_mode |= FMODE_CAN_ODIRECT;
	rc = loom_open_lock(inode, file);
	if (rc)
		return rc;
	/* close-to-open: see what other clients wrote until they closed */
	rc = loom_refresh_size(inode);
	if (rc) {
		loom_dlm_put(file->private_data);
		file->private_data = NULL;
	}
	return rc;
}

/* The last close of an open file description: its open lock may go. */
static int loom_file_release(struct inode *inode, struct file *file)
{
	loom_dlm_put(file->private_data);
	return 0;
}

/* close(): write back what this file dirtied and report its errors. */
static int loom_file_flush(struct file *file, fl_owner_t id)
{
	if (!(file->f_mode & FMODE_WRITE))
		return 0;
	return filemap_write_and_wait(file->f_mapping);
}

/**
 * struct loom_obj_call - one OST_FALLOCATE or OST_SEEK of a fan-out
 * @work: runs the RPC on system_dfl_wq
 * @sb: the superblock
 * @obj: the object
 * @opcode: %LOOM_OPC_OST_FALLOCATE or %LOOM_OPC_OST_SEEK
 * @start: FALLOCATE: object offset of the range; SEEK: offset to look from
 * @end: FALLOCATE: one past the end of the range
 * @mode: FALLOCATE: LOOM_FALLOC_*; SEEK: %LOOM_SEEK_DATA or %LOOM_SEEK_HOLE
 * @found: SEEK: the object's answer, validated
 * @rc: 0 or a negative errno
 * @pending: calls of the fan-out not done yet
 * @done: completed by the last one
 */
struct loom_obj_call {
	struct work_struct	work;
	struct super_block	*sb;
	const struct loom_cl_obj *obj;
	u16			opcode;
	u64			start;
	u64			end;
	u32			mode;
	u64			found;
	int			rc;
	atomic_t		*pending;
	struct completion	*done;
};

static int loom_obj_call_one(struct loom_obj_call *oc)
{
	struct loom_conn *conn = loom_cl_ost(oc->sb, oc->obj->ost_index);
	const struct loom_ost_seek_rep *srep;
	struct loom_ost_falloc_req *fbody;
	struct loom_ost_seek_req *sbody;
	struct loom_req *req;
	const void *rep;
	int rc = 0;

	if (oc->opcode == LOOM_OPC_OST_FALLOCATE) {
		req = loom_cl_req(conn, oc->opcode, sizeof(*fbody));
		if (IS_ERR(req))
			return PTR_ERR(req);
		fbody = req->req_body;
		fbody->oid = oc->obj->oid;
		fbody->start = cpu_to_le64(oc->start);
		fbody->end = cpu_to_le64(oc->end);
		fbody->mode = cpu_to_le32(oc->mode);
		rep = loom_cl_call(req, sizeof(struct loom_ost_obj_rep));
	} else {
		req = loom_cl_req(conn, oc->opcode, sizeof(*sbody));
		if (IS_ERR(req))
			return PTR_ERR(req);
		sbody = req->req_body;
		sbody->oid = oc->obj->oid;
		sbody->offset = cpu_to_le64(oc->start);
		sbody->whence = cpu_to_le32(oc->mode);
		rep = loom_cl_call(req, sizeof(*srep));
		if (!IS_ERR(rep)) {
			srep = rep;
			rc = loom_wire_check_ost_seek_rep(srep, oc->start,
							  oc->mode);
			oc->found = le64_to_cpu(srep->offset);
		}
	}
	if (IS_ERR(rep))
		rc = PTR_ERR(rep);
	loom_req_free(req);
	return rc;
}

static void loom_obj_call_work(struct work_struct *work)
{
	struct loom_obj_call *oc = container_of(work, struct loom_obj_call,
						work);
	struct completion *done = oc->done;

	oc->rc = loom_obj_call_one(oc);
	if (atomic_dec_and_test(oc->pending))
		complete(done);
}

/* Run @n calls, in parallel when there are several; the first error. */
static int loom_obj_calls(struct loom_obj_call *oc, unsigned int n)
{
	DECLARE_COMPLETION_ONSTACK(done);
	atomic_t pending;
	unsigned int i;
	int rc = 0;

	if (n <= 1)
		return n ? loom_obj_call_one(oc) : 0;
	atomic_set(&pending, n);
	for (i = 0; i < n; i++) {
		oc[i].pending = &pending;
		oc[i].done = &done;
		INIT_WORK(&oc[i].work, loom_obj_call_work);
		queue_work(system_dfl_wq, &oc[i].work);
	}
	wait_for_completion(&done);
	for (i = 0; i < n; i++)
		if (oc[i].rc && !rc)
			rc = oc[i].rc;
	return rc;
}

/* Whether every OST the file lives on negotiated @feature. */
static bool loom_osts_have(struct inode *inode,
			   const struct loom_cl_layout *lo, u64 feature)
{
	struct loom_conn *conn;
	unsigned int i;

	for (i = 0; i < lo->stripe_count; i++) {
		conn = loom_cl_ost(inode->i_sb, lo->objs[i].ost_index);
		if (!conn || !(loom_conn_features(conn) & feature))
			return false;
	}
	return true;
}

/*
 * SEEK_DATA and SEEK_HOLE: under PR locks on the objects (other clients
 * write back what they cached) and after writing back this client's dirty
 * pages, ask every object where its next data or hole is and combine.
 * Without OST_SEEK on every OST, the generic answer: all data.
 */
static loff_t loom_seek_data_hole(struct file *file, loff_t offset,
				  int whence)
{
	struct inode *inode = file_inode(file);
	struct loom_cl_lock **held;
	struct loom_cl_layout *lo;
	struct loom_obj_call *oc;
	unsigned int i;
	loff_t size, ret;
	u64 *ans;
	int rc;

	lo = loom_file_layout(inode);
	if (IS_ERR(lo))
		return PTR_ERR(lo);
	if (!loom_osts_have(inode, lo, LOOM_FEAT_SEEK)) {
		rc = loom_refresh_size(inode);
		if (rc)
			return rc;
		return generic_file_llseek(file, offset, whence);
	}
	if (offset < 0)
		return -ENXIO;
	oc = kcalloc(lo->stripe_count, sizeof(*oc), GFP_KERNEL);
	ans = kcalloc(lo->stripe_count, sizeof(*ans), GFP_KERNEL);
	if (!oc || !ans) {
		ret = -ENOMEM;
		goto out;
	}
	held = loom_io_lock(inode, LOOM_LCK_PR);
	if (IS_ERR(held)) {
		ret = PTR_ERR(held);
		goto out;
	}
	ret = filemap_write_and_wait_range(inode->i_mapping, offset,
					   LLONG_MAX);
	/* under the locks the size is known; without, ask the objects */
	if (!ret && !held)
		ret = loom_refresh_size(inode);
	if (ret)
		goto unlock;
	size = i_size_read(inode);
	if (offset >= size) {
		ret = -ENXIO;
		goto unlock;
	}
	for (i = 0; i < lo->stripe_count; i++) {
		oc[i].sb = inode->i_sb;
		oc[i].obj = &lo->objs[i];
		oc[i].opcode = LOOM_OPC_OST_SEEK;
		oc[i].start = loom_layout_obj_size(lo->stripe_size,
						   lo->stripe_count, i, offset);
		oc[i].mode = whence == SEEK_HOLE ? LOOM_SEEK_HOLE :
						   LOOM_SEEK_DATA;
	}
	ret = loom_obj_calls(oc, lo->stripe_count);
	if (ret)
		goto unlock;
	for (i = 0; i < lo->stripe_count; i++)
		ans[i] = oc[i].found == LOOM_OBJ_EOF ? LOOM_LAYOUT_SEEK_NONE :
						       oc[i].found;
	ret = loom_layout_seek(lo->stripe_size, lo->stripe_count, ans,
			       whence == SEEK_HOLE, offset, size);
unlock:
	loom_io_unlock(inode, held);
out:
	kfree(ans);
	kfree(oc);
	if (ret < 0)
		return ret;
	return vfs_setpos(file, ret, inode->i_sb->s_maxbytes);
}

static loff_t loom_llseek(struct file *file, loff_t offset, int whence)
{
	int rc;

	if (whence == SEEK_DATA || whence == SEEK_HOLE)
		return loom_seek_data_hole(file, offset, whence);

	if (whence != SEEK_SET && whence != SEEK_CUR) {
		rc = loom_refresh_size(file_inode(file));
		if (rc)
			return rc;
	}
	return generic_file_llseek(file, offset, whence);
}

static int loom_fsync(struct file *file, loff_t start, loff_t end,
		      int datasync)
{
	struct inode *inode = file_inode(file);
	struct loom_cl_layout *lo;
	unsigned int i;
	int rc, ret;

	ret = file_write_and_wait_range(file, start, end);
	lo = READ_ONCE(loom_i(inode)->layout);
	if (!lo)
		return ret;
	for (i = 0; i < lo->stripe_count; i++) {
		rc = loom_ost_obj_op(inode->i_sb, &lo->objs[i],
				     LOOM_OPC_OST_SYNC, 0, LOOM_OBJ_EOF, NULL);
		if (rc && rc != -ENOENT && !ret)
			ret = rc;
	}
	return ret;
}

/*
 * Plain allocation (mode 0 or FALLOC_FL_KEEP_SIZE): every object holding
 * part of the range reserves its part, all at once.  The OSTs call back
 * the extent locks other clients hold on what changes, as for a punch.
 * On failure (-ENOSPC) the size goes back to what it was; what the OSTs
 * reserved may stay, as on a local filesystem.
 */
static long loom_falloc_alloc(struct file *file,
			      const struct loom_cl_layout *lo, int mode,
			      loff_t off, loff_t end)
{
	struct inode *inode = file_inode(file);
	bool keep = mode & FALLOC_FL_KEEP_SIZE;
	struct loom_obj_call *oc;
	unsigned int i, n = 0;
	loff_t size;
	u64 s, e;
	long rc;

	if (!loom_osts_have(inode, lo, LOOM_FEAT_FALLOC))
		return -EOPNOTSUPP;
	oc = kcalloc(lo->stripe_count, sizeof(*oc), GFP_KERNEL);
	if (!oc)
		return -ENOMEM;
	inode_lock(inode);
	if (!keep) {
		rc = inode_newsize_ok(inode, end);
		if (rc)
			goto unlock;
	}
	rc = file_remove_privs(file);
	if (rc)
		goto unlock;
	size = i_size_read(inode);
	for (i = 0; i < lo->stripe_count; i++) {
		if (!loom_layout_obj_range(lo->stripe_size, lo->stripe_count,
					   i, off, end, &s, &e))
			continue;
		oc[n].sb = inode->i_sb;
		oc[n].obj = &lo->objs[i];
		oc[n].opcode = LOOM_OPC_OST_FALLOCATE;
		oc[n].start = s;
		oc[n].end = e;
		oc[n].mode = keep ? LOOM_FALLOC_KEEP_SIZE : 0;
		n++;
	}
	rc = loom_obj_calls(oc, n);
	if (rc && !keep && end > size)
		loom_punch(inode, size);	/* objects may have grown */
	else if (!rc && !keep)
		loom_extend_size(inode, end);
	/* the objects' sizes and blocks changed: ask them next time */
	clear_bit(LOOM_LI_SIZE_VALID, &loom_i(inode)->dlm_flags);
	loom_data_changed(inode);
unlock:
	inode_unlock(inode);
	kfree(oc);
	return rc;
}

/*
 * fallocate(): punching a hole frees the range in every object it covers
 * and zeroing a range does the same and may extend the file.  Plain
 * allocation reserves space on the OSTs that serve OST_FALLOCATE and is
 * -EOPNOTSUPP elsewhere, on which posix_fallocate() writes the zeros
 * itself.
 */
static long loom_fallocate(struct file *file, int mode, loff_t off,
			   loff_t len)
{
	struct inode *inode = file_inode(file);
	struct loom_cl_layout *lo;
	loff_t end = off + len, size, pend;
	unsigned int i;
	u64 s, e;
	long rc;

	if (mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE |
		     FALLOC_FL_ZERO_RANGE))
		return -EOPNOTSUPP;
	if (end > inode->i_sb->s_maxbytes || end < off)
		return -EFBIG;
	lo = loom_file_layout(inode);
	if (IS_ERR(lo))
		return PTR_ERR(lo);
	if (!(mode & (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE)))
		return loom_falloc_alloc(file, lo, mode, off, end);

	inode_lock(inode);
	rc = file_remove_privs(file);
	if (rc)
		goto unlock;
	/* what is dirty in the range goes out, then the range is dropped */
	rc = filemap_write_and_wait_range(inode->i_mapping, off, end - 1);
	if (rc)
		goto unlock;
	rc = loom_refresh_size(inode);
	if (rc)
		goto unlock;
	size = i_size_read(inode);
	truncate_pagecache_range(inode, off, end - 1);
	pend = min(end, size);
	for (i = 0; i < lo->stripe_count && off < pend; i++) {
		s = loom_layout_obj_size(lo->stripe_size, lo->stripe_count, i,
					 off);
		e = loom_layout_obj_size(lo->stripe_size, lo->stripe_count, i,
					 pend);
		if (s >= e)
			continue;
		rc = loom_ost_obj_op(inode->i_sb, &lo->objs[i],
				     LOOM_OPC_OST_PUNCH, s, e, NULL);
		if (rc == -ENOENT)
			rc = 0;		/* never written: a hole already */
		if (rc)
			goto unlock;
	}
	if ((mode & FALLOC_FL_ZERO_RANGE) && !(mode & FALLOC_FL_KEEP_SIZE) &&
	    end > size) {
		rc = loom_punch(inode, end);
		if (rc)
			goto unlock;
		loom_extend_size(inode, end);
	}
	loom_data_changed(inode);
unlock:
	inode_unlock(inode);
	return rc;
}

/*
 * Under the DLM, pages a fault reads in are cached under extent locks as
 * read(2)'s are, and a page made writable is dirtied under a PW lock.
 */
static vm_fault_t loom_fault(struct vm_fault *vmf)
{
	struct inode *inode = file_inode(vmf->vma->vm_file);
	struct loom_cl_lock **held;
	vm_fault_t ret;

	held = loom_io_lock(inode, LOOM_LCK_PR);
	if (IS_ERR(held))
		return vmf_error(PTR_ERR(held));
	ret = filemap_fault(vmf);
	loom_io_unlock(inode, held);
	return ret;
}

static vm_fault_t loom_page_mkwrite(struct vm_fault *vmf)
{
	struct inode *inode = file_inode(vmf->vma->vm_file);
	struct loom_cl_lock **held;
	vm_fault_t ret;

	held = loom_io_lock(inode, LOOM_LCK_PW);
	if (IS_ERR(held))
		return vmf_error(PTR_ERR(held));
	ret = filemap_page_mkwrite(vmf);
	loom_io_unlock(inode, held);
	return ret;
}

static const struct vm_operations_struct loom_file_vm_ops = {
	.fault		= loom_fault,
	.map_pages	= filemap_map_pages,
	.page_mkwrite	= loom_page_mkwrite,
};

static int loom_file_mmap_prepare(struct vm_area_desc *desc)
{
	int rc;

	rc = generic_file_mmap_prepare(desc);
	if (!rc && loom_sbi(file_inode(desc->file)->i_sb)->dlm)
		desc->vm_ops = &loom_file_vm_ops;
	return rc;
}

const struct file_operations loom_file_ops = {
	.open		= loom_file_open,
	.release	= loom_file_release,
	.flush		= loom_file_flush,
	.llseek		= loom_llseek,
	.read_iter	= loom_file_read_iter,
	.write_iter	= loom_file_write_iter,
	.mmap_prepare	= loom_file_mmap_prepare,
	.splice_read	= loom_file_splice_read,
	.splice_write	= iter_file_splice_write,
	.fsync		= loom_fsync,
	.fallocate	= loom_fallocate,
	.unlocked_ioctl	= loom_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.lock		= loom_lock,
	.flock		= loom_flock,
};

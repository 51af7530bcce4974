// SPDX-License-Identifier: GPL-2.0
/*
 * Loom client: the page cache of regular files.
 *
 * File data is cached in folios, large ones where the page cache gives
 * them.  Reads fill whole folios, readahead batches of contiguous folios;
 * writes dirty folios through ->write_begin() and ->write_end(), and
 * ->writepages() sends runs of contiguous dirty folios.  A run is one
 * byte range of the file; loom_pages_io() splits it along the file's
 * RAID-0 layout into one OST_READ or OST_WRITE per stripe chunk and,
 * when the run spans several chunks, issues them in parallel from a
 * workqueue so that a striped file moves data to all its OSTs at once.
 *
 * Coherence with other clients is close-to-open, as NFS gives: opening a
 * file and stat() fetch its size and mtime from the OSTs, and a change
 * made elsewhere since the cache was filled drops the cached pages.
 */

#include <linux/fs.h>
#include <linux/pagemap.h>
#include <linux/writeback.h>
#include <linux/highmem.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/workqueue.h>
#include <linux/completion.h>
#include <linux/sched/mm.h>
#include <linux/moduleparam.h>
#include <linux/wait.h>
#include <uapi/linux/loom.h>
#include "../common/layout.h"
#include "internal.h"

/* A run of folios moved together: at most this many pages. */
#define LOOM_RUN_PAGES	(LOOM_READAHEAD_BYTES / PAGE_SIZE)

static struct workqueue_struct *loom_io_wq;
/* Runs of readahead and write back, sent while their callers go on. */
static struct workqueue_struct *loom_run_wq;

static unsigned int runs_in_flight = 4;
module_param(runs_in_flight, uint, 0644);
MODULE_PARM_DESC(runs_in_flight,
		 "Runs of readahead or write back (each up to run_kb, one RPC per stripe chunk) in flight at once, 0 to move each one before the next (default 4)");

static unsigned int run_kb = 2048;
module_param(run_kb, uint, 0644);
MODULE_PARM_DESC(run_kb,
		 "Largest run of readahead or write back sent while more are built, in KiB (default 2048, at most 8192)");

static atomic_t loom_runs;	/* runs on loom_run_wq */
static DECLARE_WAIT_QUEUE_HEAD(loom_runs_wait);

/**
 * struct loom_chunk_io - one RPC of a multi-chunk transfer
 * @work: runs the RPC on loom_io_wq
 * @inode: the file
 * @lo: its layout
 * @c: the piece of the file and its object
 * @bvec: the pages of the piece
 * @nr: entries in @bvec
 * @write: direction
 * @ret: bytes moved or a negative errno
 * @pending: the transfer's count of unfinished chunks
 * @done: completed when @pending drops to zero
 */
struct loom_chunk_io {
	struct work_struct	work;
	struct inode		*inode;
	const struct loom_cl_layout *lo;
	struct loom_stripe_chunk c;
	struct bio_vec		*bvec;
	unsigned int		nr;
	bool			write;
	ssize_t			ret;
	atomic_t		*pending;
	struct completion	*done;
};

/* Zero what a short read left of a chunk's pages. */
static void loom_zero_tail(struct bio_vec *bvec, unsigned int nr, size_t got)
{
	size_t off = 0, keep;
	unsigned int i;

	for (i = 0; i < nr; off += bvec[i].bv_len, i++) {
		keep = got > off ? min_t(size_t, got - off, bvec[i].bv_len) : 0;
		if (keep < bvec[i].bv_len)
			memzero_page(bvec[i].bv_page, bvec[i].bv_offset + keep,
				     bvec[i].bv_len - keep);
	}
}

/* One chunk: reads fill all of it (holes and the objects' ends are
 * zeros), writes must move all of it.
 */
static ssize_t loom_chunk_rw(struct inode *inode,
			     const struct loom_cl_layout *lo,
			     const struct loom_stripe_chunk *c,
			     struct bio_vec *bvec, unsigned int nr, bool write)
{
	ssize_t ret;

	ret = loom_obj_io(inode, lo, c, bvec, nr, write);
	if (!write) {
		if (ret == -ENOENT)
			ret = 0;	/* an object not written to yet */
		if (ret >= 0) {
			loom_zero_tail(bvec, nr, ret);
			ret = c->len;
		}
	} else if (ret >= 0 && ret < c->len) {
		ret = -EIO;
	}
	return ret;
}

static void loom_chunk_work(struct work_struct *work)
{
	struct loom_chunk_io *ci = container_of(work, struct loom_chunk_io,
						work);
	unsigned int flags = memalloc_nofs_save();

	ci->ret = loom_chunk_rw(ci->inode, ci->lo, &ci->c, ci->bvec, ci->nr,
				ci->write);
	memalloc_nofs_restore(flags);
	if (atomic_dec_and_test(ci->pending))
		complete(ci->done);
}

/*
 * Split [@pos, @pos + @len) into the stripe chunks one RPC each moves.
 * @pos is page aligned, every entry of @bvec but the last is a whole page.
 */
static unsigned int loom_split(const struct loom_cl_layout *lo, u64 pos,
			       size_t len, struct loom_stripe_chunk *c,
			       unsigned int max)
{
	unsigned int n = 0;
	size_t off = 0;

	while (off < len && n < max) {
		loom_map_chunk(lo, pos + off, len - off, &c[n]);
		off += c[n].len;
		n++;
	}
	return off < len ? 0 : n;
}

/**
 * loom_pages_io() - move a page-aligned range of a file to or from the OSTs
 * @inode: the file
 * @lo: its layout
 * @pos: file offset, a multiple of PAGE_SIZE
 * @bvec: the pages, one whole page per entry but the last
 * @nr: entries in @bvec
 * @len: bytes to move
 * @write: true to write the pages, false to read into them
 *
 * A read fills every byte of @len: holes and what lies beyond the
 * objects' ends read as zeros.  Chunks on different stripes go out in
 * parallel.
 *
 * Return: 0, or a negative errno (a write may have been partly done).
 */
int loom_pages_io(struct inode *inode, const struct loom_cl_layout *lo,
		  u64 pos, struct bio_vec *bvec, unsigned int nr, size_t len,
		  bool write)
{
	struct loom_chunk_io *ci = NULL;
	DECLARE_COMPLETION_ONSTACK(done);
	unsigned int i, n, first = 0, max;
	struct loom_stripe_chunk *c;
	atomic_t pending;
	ssize_t ret;
	int rc = 0;

	if (!len)
		return 0;
	if (WARN_ON_ONCE(!PAGE_ALIGNED(pos)))
		return -EINVAL;
	max = DIV_ROUND_UP(len, LOOM_STRIPE_SIZE_MIN) + 1;
	c = kmalloc_array(max, sizeof(*c), GFP_NOFS);
	if (!c)
		return -ENOMEM;
	n = loom_split(lo, pos, len, c, max);
	if (n <= 1) {
		if (!n) {
			rc = -EINVAL;
		} else {
			ret = loom_chunk_rw(inode, lo, &c[0], bvec, nr, write);
			rc = min_t(ssize_t, ret, 0);
		}
		goto out;
	}

	ci = kcalloc(n, sizeof(*ci), GFP_NOFS);
	if (!ci) {
		rc = -ENOMEM;
		goto out;
	}
	atomic_set(&pending, n);
	for (i = 0; i < n; i++) {
		ci[i].inode = inode;
		ci[i].lo = lo;
		ci[i].c = c[i];
		ci[i].bvec = bvec + first;
		ci[i].nr = DIV_ROUND_UP(c[i].len, PAGE_SIZE);
		ci[i].write = write;
		ci[i].pending = &pending;
		ci[i].done = &done;
		first += ci[i].nr;
		if (WARN_ON_ONCE(first > nr)) {
			rc = -EINVAL;
			goto out;
		}
	}
	for (i = 0; i < n; i++) {
		INIT_WORK(&ci[i].work, loom_chunk_work);
		queue_work(loom_io_wq, &ci[i].work);
	}
	wait_for_completion(&done);
	for (i = 0; i < n; i++)
		if (ci[i].ret < 0 && !rc)
			rc = ci[i].ret;
out:
	kfree(ci);
	kfree(c);
	return rc;
}

/**
 * struct loom_run - contiguous folios moved together
 * @inode: the file
 * @lo: its layout
 * @pos: file offset of the first folio
 * @len: bytes the folios cover
 * @nr_folios: folios in @folios
 * @nr_pages: pages in @bvec
 * @max_pages: room in @folios and @bvec
 * @cut: pages past which no folio joins (one folio may pass it)
 * @folios: the folios, in file order
 * @bvec: one entry per page of the folios
 */
struct loom_run {
	struct inode		*inode;
	const struct loom_cl_layout *lo;
	u64			pos;
	size_t			len;
	unsigned int		nr_folios;
	unsigned int		nr_pages;
	unsigned int		max_pages;
	unsigned int		cut;
	struct folio		**folios;
	struct bio_vec		*bvec;
};

/* A run of at most @max_pages pages (LOOM_RUN_PAGES at most). */
static int loom_run_init(struct loom_run *run, struct inode *inode,
			 const struct loom_cl_layout *lo, unsigned int max_pages)
{
	run->max_pages = min_t(unsigned int, max_pages, LOOM_RUN_PAGES);
	run->cut = run->max_pages;
	run->inode = inode;
	run->lo = lo;
	run->len = 0;
	run->nr_folios = 0;
	run->nr_pages = 0;
	run->folios = kvmalloc_array(run->max_pages, sizeof(*run->folios),
				     GFP_NOFS);
	run->bvec = kvmalloc_array(run->max_pages, sizeof(*run->bvec),
				   GFP_NOFS);
	if (!run->folios || !run->bvec) {
		kvfree(run->folios);
		kvfree(run->bvec);
		return -ENOMEM;
	}
	return 0;
}

static void loom_run_free(struct loom_run *run)
{
	kvfree(run->folios);
	kvfree(run->bvec);
}

/* Whether @folio can join @run: it must follow it and fit. */
static bool loom_run_fits(const struct loom_run *run, struct folio *folio)
{
	if (!run->nr_folios)
		return true;
	return folio_pos(folio) == run->pos + run->len &&
	       run->nr_pages + folio_nr_pages(folio) <=
	       min(run->max_pages, run->cut);
}

static void loom_run_add(struct loom_run *run, struct folio *folio)
{
	long i, n = folio_nr_pages(folio);

	if (!run->nr_folios)
		run->pos = folio_pos(folio);
	run->folios[run->nr_folios++] = folio;
	for (i = 0; i < n; i++) {
		struct bio_vec *bv = &run->bvec[run->nr_pages++];

		bv->bv_page = folio_page(folio, i);
		bv->bv_offset = 0;
		bv->bv_len = PAGE_SIZE;
	}
	run->len += folio_size(folio);
}

static void loom_run_reset(struct loom_run *run)
{
	run->len = 0;
	run->nr_folios = 0;
	run->nr_pages = 0;
}

/* Read a run of locked folios; they stay locked. */
static int loom_run_read(struct loom_run *run)
{
	return loom_pages_io(run->inode, run->lo, run->pos, run->bvec,
			     run->nr_pages, run->len, false);
}

/* Read a run of locked folios, mark them uptodate and unlock them. */
static void loom_run_read_unlock(struct loom_run *run)
{
	unsigned int i;
	int rc;

	if (!run->nr_folios)
		return;
	rc = loom_run_read(run);
	for (i = 0; i < run->nr_folios; i++) {
		if (!rc)
			folio_mark_uptodate(run->folios[i]);
		folio_unlock(run->folios[i]);
	}
	loom_run_reset(run);
}

/*
 * The layout of an open file: ->open fetched it.  Never fetched here, as
 * that refreshes the size and may drop cached pages while a caller holds
 * one locked.
 */
static const struct loom_cl_layout *loom_aops_layout(struct inode *inode)
{
	struct loom_cl_layout *lo = READ_ONCE(loom_i(inode)->layout);

	return lo ? lo : ERR_PTR(-EIO);
}

/**
 * struct loom_run_io - a run sent from loom_run_wq
 * @work: runs it
 * @run: the run; its arrays follow the structure
 * @write: write back, else read (readahead)
 */
struct loom_run_io {
	struct work_struct	work;
	struct loom_run		run;
	bool			write;
};

static int loom_run_write(struct loom_run *run);

/* Pages of a run that is sent while the next is built. */
static unsigned int loom_run_async_pages(void)
{
	unsigned int kb = clamp_t(unsigned int, READ_ONCE(run_kb),
				  PAGE_SIZE / 1024, LOOM_RUN_PAGES * (PAGE_SIZE / 1024));

	return kb / (PAGE_SIZE / 1024);
}

/* Take a slot among the runs in flight, if one is free. */
static bool loom_run_slot(void)
{
	int n = atomic_read(&loom_runs);

	do {
		if (n >= (int)READ_ONCE(runs_in_flight))
			return false;
	} while (!atomic_try_cmpxchg(&loom_runs, &n, n + 1));
	return true;
}

static void loom_run_io_work(struct work_struct *work)
{
	struct loom_run_io *rio = container_of(work, struct loom_run_io, work);
	unsigned int flags = memalloc_nofs_save();

	if (rio->write)
		loom_run_write(&rio->run);
	else
		loom_run_read_unlock(&rio->run);
	memalloc_nofs_restore(flags);
	kvfree(rio);
	atomic_dec(&loom_runs);
	wake_up(&loom_runs_wait);
}

/*
 * Send @run (locked folios to read, or folios under writeback) from
 * loom_run_wq and reset it: the folios are unlocked, or their writeback
 * ended, when it is done; first waits while runs_in_flight runs are.
 * With runs_in_flight 0, or without memory for a copy of the run, it is
 * sent here, as before.
 */
static void loom_run_submit(struct loom_run *run, bool write)
{
	struct loom_run_io *rio;
	size_t fsz, bsz;

	if (!run->nr_folios)
		return;
	if (!READ_ONCE(runs_in_flight))
		goto sync;
	fsz = array_size(run->nr_folios, sizeof(*run->folios));
	bsz = array_size(run->nr_pages, sizeof(*run->bvec));
	rio = kvmalloc(size_add(sizeof(*rio), size_add(fsz, bsz)), GFP_NOFS);
	if (!rio)
		goto sync;
	rio->run = *run;
	rio->run.bvec = (struct bio_vec *)(rio + 1);
	rio->run.folios = (struct folio **)((u8 *)rio->run.bvec + bsz);
	memcpy(rio->run.bvec, run->bvec, bsz);
	memcpy(rio->run.folios, run->folios, fsz);
	rio->write = write;
	INIT_WORK(&rio->work, loom_run_io_work);
	wait_event(loom_runs_wait, loom_run_slot());
	queue_work(loom_run_wq, &rio->work);
	loom_run_reset(run);
	return;
sync:
	if (write)
		loom_run_write(run);
	else
		loom_run_read_unlock(run);
}

/* Fill one locked folio from the OSTs; it stays locked. */
static int loom_fill_folio(struct inode *inode, struct folio *folio)
{
	const struct loom_cl_layout *lo;
	struct loom_run run;
	int rc;

	if (folio_pos(folio) >= i_size_read(inode)) {
		folio_zero_range(folio, 0, folio_size(folio));
		return 0;
	}
	lo = loom_aops_layout(inode);
	if (IS_ERR(lo))
		return PTR_ERR(lo);
	/* sized for this folio: ->read_folio and ->write_begin are hot */
	rc = loom_run_init(&run, inode, lo, folio_nr_pages(folio));
	if (rc)
		return rc;
	loom_run_add(&run, folio);
	rc = loom_run_read(&run);
	loom_run_free(&run);
	return rc;
}

static int loom_read_folio(struct file *file, struct folio *folio)
{
	int rc = loom_fill_folio(folio->mapping->host, folio);

	if (!rc)
		folio_mark_uptodate(folio);
	folio_unlock(folio);
	return rc;
}

static void loom_readahead(struct readahead_control *rac)
{
	struct inode *inode = rac->mapping->host;
	const struct loom_cl_layout *lo;
	struct loom_run run;
	struct folio *folio;

	lo = READ_ONCE(loom_i(inode)->layout);
	/* Without a layout or memory, ->read_folio() does the work. */
	if (!lo || loom_run_init(&run, inode, lo, readahead_count(rac)))
		return;
	run.cut = loom_run_async_pages();
	while ((folio = readahead_folio(rac))) {
		if (!loom_run_fits(&run, folio))
			loom_run_submit(&run, false);
		loom_run_add(&run, folio);
	}
	loom_run_submit(&run, false);
	loom_run_free(&run);
}

/* Send a run of folios under writeback, then end their writeback. */
static int loom_run_write(struct loom_run *run)
{
	struct inode *inode = run->inode;
	loff_t size = i_size_read(inode);
	unsigned int i, nr;
	size_t len;
	int rc = 0;

	if (!run->nr_folios)
		return 0;
	len = run->pos < size ? min_t(u64, run->len, size - run->pos) : 0;
	nr = DIV_ROUND_UP(len, PAGE_SIZE);
	if (nr)
		run->bvec[nr - 1].bv_len = len - (size_t)(nr - 1) * PAGE_SIZE;
	rc = loom_pages_io(inode, run->lo, run->pos, run->bvec, nr, len, true);
	if (rc) {
		mapping_set_error(inode->i_mapping, rc);
		pr_warn_ratelimited("loom: write back of inode %llu at %llu failed: %d\n",
				    (unsigned long long)inode->i_ino,
				    (unsigned long long)run->pos, rc);
	} else {
		loom_data_changed(inode);
	}
	for (i = 0; i < run->nr_folios; i++)
		folio_end_writeback(run->folios[i]);
	loom_run_reset(run);
	return rc;
}

/* Add a locked folio, its dirty bit cleared for I/O, to a write run. */
static int loom_writepage_add(struct folio *folio,
			      struct writeback_control *wbc, void *data)
{
	struct loom_run *run = data;

	if (folio_pos(folio) >= i_size_read(run->inode)) {
		/* beyond the end: truncated while dirty, nothing to send */
		folio_unlock(folio);
		return 0;
	}
	if (!loom_run_fits(run, folio))
		loom_run_submit(run, true);
	folio_start_writeback(folio);
	folio_unlock(folio);
	loom_run_add(run, folio);
	return 0;
}

static int loom_writepages(struct address_space *mapping,
			   struct writeback_control *wbc)
{
	struct inode *inode = mapping->host;
	const struct loom_cl_layout *lo;
	struct folio *folio = NULL;
	struct loom_run run;
	int err = 0, rc;

	lo = loom_aops_layout(inode);
	if (IS_ERR(lo))
		return PTR_ERR(lo);
	rc = loom_run_init(&run, inode, lo, LOOM_RUN_PAGES);
	if (rc)
		return rc;
	run.cut = loom_run_async_pages();
	while ((folio = writeback_iter(mapping, wbc, folio, &err)))
		err = loom_writepage_add(folio, wbc, &run);
	loom_run_submit(&run, true);
	loom_run_free(&run);
	return err;
}

static int loom_write_begin(const struct kiocb *iocb,
			    struct address_space *mapping, loff_t pos,
			    unsigned int len, struct folio **foliop,
			    void **fsdata)
{
	struct inode *inode = mapping->host;
	struct folio *folio;
	size_t off;
	int rc;

	folio = write_begin_get_folio(iocb, mapping, pos >> PAGE_SHIFT, len);
	if (IS_ERR(folio))
		return PTR_ERR(folio);
	if (!folio_test_uptodate(folio)) {
		off = offset_in_folio(folio, pos);
		if (folio_pos(folio) >= i_size_read(inode)) {
			/* all new: zero around what the write brings */
			folio_zero_segments(folio, 0, off,
					    off + min_t(size_t, len,
							folio_size(folio) - off),
					    folio_size(folio));
		} else if (off || len < folio_size(folio)) {
			rc = loom_fill_folio(inode, folio);
			if (rc) {
				folio_unlock(folio);
				folio_put(folio);
				return rc;
			}
			folio_mark_uptodate(folio);
		}
	}
	*foliop = folio;
	return 0;
}

static int loom_write_end(const struct kiocb *iocb,
			  struct address_space *mapping, loff_t pos,
			  unsigned int len, unsigned int copied,
			  struct folio *folio, void *fsdata)
{
	struct inode *inode = mapping->host;

	if (!folio_test_uptodate(folio)) {
		/* a short copy into a folio not read: do it again */
		if (copied < len) {
			copied = 0;
			goto out;
		}
		folio_mark_uptodate(folio);
	}
	if (!copied)
		goto out;
	loom_extend_size(inode, pos + copied);
	folio_mark_dirty(folio);
out:
	folio_unlock(folio);
	folio_put(folio);
	return copied;
}

const struct address_space_operations loom_aops = {
	.read_folio	= loom_read_folio,
	.readahead	= loom_readahead,
	.writepages	= loom_writepages,
	.write_begin	= loom_write_begin,
	.write_end	= loom_write_end,
	.dirty_folio	= filemap_dirty_folio,
	.migrate_folio	= filemap_migrate_folio,
};

/**
 * loom_aops_init() - create the workqueue of parallel OST transfers
 *
 * Return: 0 or -ENOMEM.
 */
int loom_aops_init(void)
{
	loom_io_wq = alloc_workqueue("loom_io", WQ_UNBOUND | WQ_MEM_RECLAIM,
				     0);
	if (!loom_io_wq)
		return -ENOMEM;
	/* its runs wait for chunks on loom_io_wq: not the same queue */
	loom_run_wq = alloc_workqueue("loom_run", WQ_UNBOUND | WQ_MEM_RECLAIM,
				      0);
	if (!loom_run_wq) {
		destroy_workqueue(loom_io_wq);
		return -ENOMEM;
	}
	return 0;
}

/**
 * loom_aops_exit() - destroy the workqueue of parallel OST transfers
 */
void loom_aops_exit(void)
{
	destroy_workqueue(loom_run_wq);
	destroy_workqueue(loom_io_wq);
}

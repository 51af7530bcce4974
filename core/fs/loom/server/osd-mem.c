// SPDX-License-Identifier: GPL-2.0
/*
 * Loom OSD backend in memory: objects in an rbtree by FID, their data in
 * an xarray of pages, directory entries in an rbtree by name plus an
 * xarray by cookie.  Bounded by a capacity in bytes; everything is lost
 * when the target stops.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/highmem.h>
#include <linux/rbtree.h>
#include <linux/xarray.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/timekeeping.h>
#include <linux/string.h>
#include "osd.h"

static unsigned long mem_capacity_mb = 1024;
module_param(mem_capacity_mb, ulong, 0644);
MODULE_PARM_DESC(mem_capacity_mb, "Default capacity of in-memory targets in MiB (default 1024)");

#define OSD_MEM_BSIZE		PAGE_SIZE
#define OSD_MEM_INODE_BYTES	1024	/* capacity charged per object */
/* a page fallocate() reserved and nothing wrote yet: a hole to seek */
#define OSD_MEM_UNWRITTEN	XA_MARK_1

struct mem_osd {
	struct loom_osd		osd;
	spinlock_t		lock;		/* objs, nr_objs */
	struct rb_root		objs;
	u64			nr_objs;
	u64			max_objs;
	u64			max_pages;
	atomic64_t		used_pages;
};

struct mem_xattr {
	struct list_head	list;
	size_t			size;
	char			*name;
	u8			data[];
};

struct mem_dirent {
	struct rb_node		node;
	u64			cookie;
	struct loom_fid		fid;
	u32			type;
	u32			len;
	char			name[];
};

struct mem_obj {
	struct loom_osd_obj	obj;
	struct rb_node		node;
	refcount_t		ref;
	u64			seq;
	u32			oid;
	bool			dead;
	struct mutex		lock;		/* everything below */
	struct loom_osd_attr	attr;
	struct xarray		pages;
	u64			nr_pages;
	struct list_head	xattrs;
	struct rb_root		names;
	struct xarray		cookies;
	u64			next_cookie;
	u64			nr_entries;
};

static inline struct mem_osd *mem_osd(struct loom_osd *osd)
{
	return container_of(osd, struct mem_osd, osd);
}

static inline struct mem_obj *mem_obj(struct loom_osd_obj *obj)
{
	return container_of(obj, struct mem_obj, obj);
}

static int mem_fid_cmp(u64 seq, u32 oid, const struct mem_obj *o)
{
	if (seq != o->seq)
		return seq < o->seq ? -1 : 1;
	if (oid != o->oid)
		return oid < o->oid ? -1 : 1;
	return 0;
}

static void mem_obj_free(struct mem_obj *o)
{
	struct mem_osd *mo = mem_osd(o->obj.osd);
	struct mem_xattr *xa, *tmp;
	struct mem_dirent *de;
	unsigned long idx;
	struct page *page;

	xa_for_each(&o->pages, idx, page)
		__free_page(page);
	xa_destroy(&o->pages);
	atomic64_sub(o->nr_pages, &mo->used_pages);
	xa_for_each(&o->cookies, idx, de)
		kfree(de);
	xa_destroy(&o->cookies);
	list_for_each_entry_safe(xa, tmp, &o->xattrs, list) {
		kfree(xa->name);
		kfree(xa);
	}
	kfree(o);
}

static void mem_obj_put(struct loom_osd_obj *obj)
{
	struct mem_obj *o = mem_obj(obj);
	struct mem_osd *mo = mem_osd(obj->osd);

	if (!refcount_dec_and_lock(&o->ref, &mo->lock))
		return;
	if (!o->dead) {
		rb_erase(&o->node, &mo->objs);
		mo->nr_objs--;
	}
	spin_unlock(&mo->lock);
	/* live objects stay referenced by the tree until destroyed */
	mem_obj_free(o);
}

static struct loom_osd_obj *mem_obj_find(struct loom_osd *osd,
					 const struct loom_fid *fid,
					 u32 create_mode)
{
	struct mem_osd *mo = mem_osd(osd);
	u64 seq = le64_to_cpu(fid->seq);
	u32 oid = le32_to_cpu(fid->oid);
	struct rb_node **p, *parent = NULL;
	struct mem_obj *o, *new = NULL;
	struct timespec64 now;
	int cmp;

	if (create_mode) {
		new = kzalloc_obj(*new, GFP_NOFS);
		if (!new)
			return ERR_PTR(-ENOMEM);
		new->obj.osd = osd;
		new->seq = seq;
		new->oid = oid;
		/* one reference for the tree, one for the caller */
		refcount_set(&new->ref, 2);
		mutex_init(&new->lock);
		xa_init(&new->pages);
		xa_init_flags(&new->cookies, XA_FLAGS_ALLOC);
		INIT_LIST_HEAD(&new->xattrs);
		new->names = RB_ROOT;
		ktime_get_real_ts64(&now);
		new->attr.mode = create_mode;
		new->attr.nlink = 1;
		new->attr.atime = now;
		new->attr.mtime = now;
		new->attr.ctime = now;
	}

	spin_lock(&mo->lock);
	p = &mo->objs.rb_node;
	while (*p) {
		parent = *p;
		o = rb_entry(parent, struct mem_obj, node);
		cmp = mem_fid_cmp(seq, oid, o);
		if (cmp < 0) {
			p = &parent->rb_left;
		} else if (cmp > 0) {
			p = &parent->rb_right;
		} else {
			if (new) {
				spin_unlock(&mo->lock);
				kfree(new);
				return ERR_PTR(-EEXIST);
			}
			refcount_inc(&o->ref);
			spin_unlock(&mo->lock);
			return &o->obj;
		}
	}
	if (!new) {
		spin_unlock(&mo->lock);
		return ERR_PTR(-ENOENT);
	}
	if (mo->nr_objs >= mo->max_objs) {
		spin_unlock(&mo->lock);
		kfree(new);
		return ERR_PTR(-ENOSPC);
	}
	rb_link_node(&new->node, parent, p);
	rb_insert_color(&new->node, &mo->objs);
	mo->nr_objs++;
	spin_unlock(&mo->lock);
	return &new->obj;
}

static int mem_obj_destroy(struct loom_osd_obj *obj)
{
	struct mem_obj *o = mem_obj(obj);
	struct mem_osd *mo = mem_osd(obj->osd);
	bool drop = false;

	spin_lock(&mo->lock);
	if (!o->dead) {
		o->dead = true;
		rb_erase(&o->node, &mo->objs);
		mo->nr_objs--;
		drop = true;
	}
	spin_unlock(&mo->lock);
	if (!drop)
		return -ENOENT;
	/* the tree's reference; the caller still holds its own */
	if (refcount_dec_and_test(&o->ref))
		mem_obj_free(o);
	return 0;
}

static int mem_obj_getattr(struct loom_osd_obj *obj,
			   struct loom_osd_attr *attr)
{
	struct mem_obj *o = mem_obj(obj);

	mutex_lock(&o->lock);
	*attr = o->attr;
	attr->blocks = o->nr_pages * (PAGE_SIZE >> 9);
	mutex_unlock(&o->lock);
	return 0;
}

/*
 * An object's page to change in place: mem_obj_read_pages() lends pages
 * to the network (a reference in a socket buffer, maybe still to be sent
 * or sent again), so a page with more than the object's reference is
 * copied first.  o->lock held.  Returns NULL if no memory: the caller
 * then changes @page in place, as before pages were lent.
 */
static struct page *mem_page_own(struct mem_obj *o, unsigned long idx,
				 struct page *page)
{
	struct page *copy;

	if (page_ref_count(page) == 1)
		return page;
	copy = alloc_page(GFP_NOFS);
	if (!copy)
		return NULL;
	copy_highpage(copy, page);
	if (xa_is_err(xa_store(&o->pages, idx, copy, GFP_NOFS))) {
		__free_page(copy);
		return NULL;
	}
	put_page(page);
	return copy;
}

static void mem_page_zero(struct mem_obj *o, u64 pos, u32 len)
{
	unsigned long idx = pos >> PAGE_SHIFT;
	struct page *page = xa_load(&o->pages, idx);

	if (page)
		memzero_page(mem_page_own(o, idx, page) ?: page,
			     offset_in_page(pos), len);
}

/* Free the pages wholly inside [start, end) and zero partial ones. */
static void mem_obj_zero(struct mem_obj *o, u64 start, u64 end)
{
	struct mem_osd *mo = mem_osd(o->obj.osd);
	unsigned long idx, first, last;
	struct page *page;

	if (start >= end)
		return;
	if (offset_in_page(start)) {
		u32 len = min_t(u64, PAGE_SIZE - offset_in_page(start),
				end - start);

		mem_page_zero(o, start, len);
		start += len;
	}
	if (start < end && offset_in_page(end) && end - start < PAGE_SIZE) {
		mem_page_zero(o, start, end - start);
		return;
	}
	if (offset_in_page(end)) {
		mem_page_zero(o, round_down(end, PAGE_SIZE),
			      offset_in_page(end));
		end = round_down(end, PAGE_SIZE);
	}
	if (start >= end)
		return;
	first = start >> PAGE_SHIFT;
	last = (end >> PAGE_SHIFT) - 1;
	xa_for_each_range(&o->pages, idx, page, first, last) {
		xa_erase(&o->pages, idx);
		__free_page(page);
		o->nr_pages--;
		atomic64_dec(&mo->used_pages);
	}
}

static void mem_obj_truncate(struct mem_obj *o, u64 size)
{
	/* with the pages fallocate() reserved past the end */
	if (size < o->attr.size || o->nr_pages > DIV_ROUND_UP(size, PAGE_SIZE))
		mem_obj_zero(o, size, LOOM_MAX_OBJ_SIZE);
	o->attr.size = size;
}

static int mem_obj_setattr(struct loom_osd_obj *obj,
			   const struct loom_osd_attr *attr, u64 valid)
{
	struct mem_obj *o = mem_obj(obj);

	mutex_lock(&o->lock);
	if (valid & LOOM_ATTR_MODE)
		o->attr.mode = attr->mode;
	if (valid & LOOM_ATTR_UID)
		o->attr.uid = attr->uid;
	if (valid & LOOM_ATTR_GID)
		o->attr.gid = attr->gid;
	if (valid & LOOM_ATTR_NLINK)
		o->attr.nlink = attr->nlink;
	if (valid & LOOM_ATTR_RDEV)
		o->attr.rdev = attr->rdev;
	if (valid & LOOM_ATTR_ATIME)
		o->attr.atime = attr->atime;
	if (valid & LOOM_ATTR_MTIME)
		o->attr.mtime = attr->mtime;
	if (valid & LOOM_ATTR_CTIME)
		o->attr.ctime = attr->ctime;
	if (valid & LOOM_ATTR_SIZE)
		mem_obj_truncate(o, attr->size);
	mutex_unlock(&o->lock);
	return 0;
}

/*
 * Read into @bvec; with @lend, a whole page of @bvec that an object's
 * page fills is swapped for a reference to the object's page (the
 * caller's page is freed), so that the network sends it with no copy.
 */
static ssize_t mem_obj_read_lend(struct loom_osd_obj *obj, u64 pos,
				 struct bio_vec *bvec, unsigned int nr,
				 u32 len, bool lend)
{
	struct mem_obj *o = mem_obj(obj);
	unsigned int i;
	ssize_t done = 0;

	mutex_lock(&o->lock);
	if (pos >= o->attr.size) {
		mutex_unlock(&o->lock);
		return 0;
	}
	len = min_t(u64, len, o->attr.size - pos);
	for (i = 0; i < nr && done < len; i++) {
		u32 boff = 0;

		while (boff < bvec[i].bv_len && done < len) {
			u64 opos = pos + done;
			u32 ooff = offset_in_page(opos);
			u32 n = min3((u32)(PAGE_SIZE - ooff),
				     bvec[i].bv_len - boff, (u32)(len - done));
			struct page *src = xa_load(&o->pages,
						   opos >> PAGE_SHIFT);

			if (src && lend && n == PAGE_SIZE &&
			    !bvec[i].bv_offset) {
				get_page(src);
				put_page(bvec[i].bv_page);
				bvec[i].bv_page = src;
			} else if (src) {
				memcpy_page(bvec[i].bv_page,
					    bvec[i].bv_offset + boff,
					    src, ooff, n);
			} else {
				memzero_page(bvec[i].bv_page,
					     bvec[i].bv_offset + boff, n);
			}
			boff += n;
			done += n;
		}
	}
	mutex_unlock(&o->lock);
	return done;
}

static ssize_t mem_obj_read(struct loom_osd_obj *obj, u64 pos,
			    struct bio_vec *bvec, unsigned int nr, u32 len)
{
	return mem_obj_read_lend(obj, pos, bvec, nr, len, false);
}

static ssize_t mem_obj_read_pages(struct loom_osd_obj *obj, u64 pos,
				  struct bio_vec *bvec, unsigned int nr,
				  u32 len)
{
	return mem_obj_read_lend(obj, pos, bvec, nr, len, true);
}

/*
 * Write from @bvec; with @take, a whole page of @bvec that covers an
 * object's page becomes that page (the object's old one is freed) and
 * its bv_page is set to NULL, so that the data is not copied again.
 */
static ssize_t mem_obj_write_take(struct loom_osd_obj *obj, u64 pos,
				  struct bio_vec *bvec, unsigned int nr,
				  u32 len, bool take)
{
	struct mem_obj *o = mem_obj(obj);
	struct mem_osd *mo = mem_osd(obj->osd);
	struct timespec64 now;
	unsigned int i;
	ssize_t done = 0;
	int ret = 0;

	if (pos > LOOM_MAX_OBJ_SIZE || len > LOOM_MAX_OBJ_SIZE - pos)
		return -EFBIG;

	mutex_lock(&o->lock);
	for (i = 0; i < nr && done < len && !ret; i++) {
		u32 boff = 0;

		while (boff < bvec[i].bv_len && done < len) {
			u64 opos = pos + done;
			u32 ooff = offset_in_page(opos);
			u32 n = min3((u32)(PAGE_SIZE - ooff),
				     bvec[i].bv_len - boff, (u32)(len - done));
			unsigned long idx = opos >> PAGE_SHIFT;
			struct page *dst = xa_load(&o->pages, idx);
			bool whole = take && n == PAGE_SIZE &&
				     !bvec[i].bv_offset;

			if (!dst) {
				if (atomic64_inc_return(&mo->used_pages) >
				    mo->max_pages) {
					atomic64_dec(&mo->used_pages);
					ret = -ENOSPC;
					break;
				}
				dst = whole ? bvec[i].bv_page :
					      alloc_page(GFP_NOFS | __GFP_ZERO);
				if (!dst) {
					atomic64_dec(&mo->used_pages);
					ret = -ENOMEM;
					break;
				}
				ret = xa_err(xa_store(&o->pages, idx, dst,
						      GFP_NOFS));
				if (ret) {
					if (!whole)
						__free_page(dst);
					atomic64_dec(&mo->used_pages);
					break;
				}
				o->nr_pages++;
			} else if (whole) {
				ret = xa_err(xa_store(&o->pages, idx,
						      bvec[i].bv_page,
						      GFP_NOFS));
				if (ret)
					break;
				put_page(dst);
				dst = bvec[i].bv_page;
			}
			if (xa_get_mark(&o->pages, idx, OSD_MEM_UNWRITTEN))
				xa_clear_mark(&o->pages, idx,
					      OSD_MEM_UNWRITTEN);
			if (whole) {
				bvec[i].bv_page = NULL;
			} else {
				dst = mem_page_own(o, idx, dst) ?: dst;
				memcpy_page(dst, ooff, bvec[i].bv_page,
					    bvec[i].bv_offset + boff, n);
			}
			boff += n;
			done += n;
		}
	}
	if (done) {
		if (pos + done > o->attr.size)
			o->attr.size = pos + done;
		ktime_get_real_ts64(&now);
		o->attr.mtime = now;
		o->attr.ctime = now;
	}
	mutex_unlock(&o->lock);
	return done ?: ret;
}

static ssize_t mem_obj_write(struct loom_osd_obj *obj, u64 pos,
			     const struct bio_vec *bvec, unsigned int nr,
			     u32 len)
{
	/* without @take the vector is only read */
	return mem_obj_write_take(obj, pos, (struct bio_vec *)bvec, nr, len,
				  false);
}

static ssize_t mem_obj_write_pages(struct loom_osd_obj *obj, u64 pos,
				   struct bio_vec *bvec, unsigned int nr,
				   u32 len)
{
	return mem_obj_write_take(obj, pos, bvec, nr, len, true);
}

static int mem_obj_punch(struct loom_osd_obj *obj, u64 start, u64 end)
{
	struct mem_obj *o = mem_obj(obj);

	if (start > LOOM_MAX_OBJ_SIZE || (end != LOOM_OBJ_EOF && end < start))
		return -EINVAL;
	mutex_lock(&o->lock);
	if (end == LOOM_OBJ_EOF)
		mem_obj_truncate(o, start);
	else
		mem_obj_zero(o, start, min(end, round_up(o->attr.size,
							 PAGE_SIZE)));
	ktime_get_real_ts64(&o->attr.mtime);
	o->attr.ctime = o->attr.mtime;
	mutex_unlock(&o->lock);
	return 0;
}

/*
 * Reserve the pages of [start, end): they are allocated and charged now,
 * zeroed, and marked unwritten until a write lands in them.
 */
static int mem_obj_fallocate(struct loom_osd_obj *obj, u64 start, u64 end,
			     bool keep_size)
{
	struct mem_obj *o = mem_obj(obj);
	struct mem_osd *mo = mem_osd(obj->osd);
	unsigned long idx, last;
	struct page *page;
	int ret = 0;

	if (start >= end || end > LOOM_MAX_OBJ_SIZE)
		return -EINVAL;
	last = (end - 1) >> PAGE_SHIFT;
	mutex_lock(&o->lock);
	for (idx = start >> PAGE_SHIFT; idx <= last; idx++) {
		if (xa_load(&o->pages, idx))
			continue;
		if (atomic64_inc_return(&mo->used_pages) > mo->max_pages) {
			atomic64_dec(&mo->used_pages);
			ret = -ENOSPC;
			break;
		}
		page = alloc_page(GFP_NOFS | __GFP_ZERO);
		if (!page) {
			atomic64_dec(&mo->used_pages);
			ret = -ENOMEM;
			break;
		}
		ret = xa_err(xa_store(&o->pages, idx, page, GFP_NOFS));
		if (ret) {
			__free_page(page);
			atomic64_dec(&mo->used_pages);
			break;
		}
		xa_set_mark(&o->pages, idx, OSD_MEM_UNWRITTEN);
		o->nr_pages++;
		cond_resched();
	}
	if (!ret && !keep_size && end > o->attr.size) {
		o->attr.size = end;
		ktime_get_real_ts64(&o->attr.mtime);
		o->attr.ctime = o->attr.mtime;
	}
	mutex_unlock(&o->lock);
	return ret;
}

/* Data is the pages written to; holes are the rest, and past the size. */
static int mem_obj_seek(struct loom_osd_obj *obj, u64 pos, bool hole,
			u64 *found)
{
	struct mem_obj *o = mem_obj(obj);
	unsigned long idx, next;
	struct page *page;
	u64 size, at;

	mutex_lock(&o->lock);
	size = o->attr.size;
	if (pos >= size) {
		mutex_unlock(&o->lock);
		*found = hole ? pos : LOOM_OBJ_EOF;
		return 0;
	}
	next = pos >> PAGE_SHIFT;
	if (hole) {
		/* the end of the run of written pages from pos */
		xa_for_each_start(&o->pages, idx, page, next) {
			if (idx != next ||
			    xa_get_mark(&o->pages, idx, OSD_MEM_UNWRITTEN))
				break;
			next++;
		}
		at = max_t(u64, pos, (u64)next << PAGE_SHIFT);
		*found = min(at, size);
	} else {
		*found = LOOM_OBJ_EOF;
		xa_for_each_start(&o->pages, idx, page, next) {
			at = max_t(u64, pos, (u64)idx << PAGE_SHIFT);
			if (at >= size)
				break;
			if (!xa_get_mark(&o->pages, idx, OSD_MEM_UNWRITTEN)) {
				*found = at;
				break;
			}
		}
	}
	mutex_unlock(&o->lock);
	return 0;
}

static struct mem_xattr *mem_xattr_find(struct mem_obj *o, const char *name)
{
	struct mem_xattr *xa;

	list_for_each_entry(xa, &o->xattrs, list)
		if (!strcmp(xa->name, name))
			return xa;
	return NULL;
}

static ssize_t mem_xattr_get(struct loom_osd_obj *obj, const char *name,
			     void *buf, size_t size)
{
	struct mem_obj *o = mem_obj(obj);
	struct mem_xattr *xa;
	ssize_t ret;

	mutex_lock(&o->lock);
	xa = mem_xattr_find(o, name);
	if (!xa) {
		ret = -ENODATA;
	} else if (size < xa->size) {
		ret = -ERANGE;
	} else {
		memcpy(buf, xa->data, xa->size);
		ret = xa->size;
	}
	mutex_unlock(&o->lock);
	return ret;
}

static int mem_xattr_set(struct loom_osd_obj *obj, const char *name,
			 const void *buf, size_t size)
{
	struct mem_obj *o = mem_obj(obj);
	struct mem_xattr *xa, *new = NULL;

	if (size) {
		new = kmalloc(struct_size(new, data, size), GFP_NOFS);
		if (!new)
			return -ENOMEM;
		new->name = kstrdup(name, GFP_NOFS);
		if (!new->name) {
			kfree(new);
			return -ENOMEM;
		}
		new->size = size;
		memcpy(new->data, buf, size);
	}
	mutex_lock(&o->lock);
	xa = mem_xattr_find(o, name);
	if (xa) {
		list_del(&xa->list);
		kfree(xa->name);
		kfree(xa);
	}
	if (new)
		list_add_tail(&new->list, &o->xattrs);
	mutex_unlock(&o->lock);
	return 0;
}

static int mem_name_cmp(const char *name, u32 len, const struct mem_dirent *de)
{
	int cmp = memcmp(name, de->name, min(len, de->len));

	if (cmp)
		return cmp;
	return len == de->len ? 0 : (len < de->len ? -1 : 1);
}

static struct mem_dirent *mem_dir_find(struct mem_obj *o, const char *name,
				       u32 len)
{
	struct rb_node *n = o->names.rb_node;

	while (n) {
		struct mem_dirent *de = rb_entry(n, struct mem_dirent, node);
		int cmp = mem_name_cmp(name, len, de);

		if (cmp < 0)
			n = n->rb_left;
		else if (cmp > 0)
			n = n->rb_right;
		else
			return de;
	}
	return NULL;
}

static int mem_dir_insert(struct loom_osd_obj *dir, const char *name, u32 len,
			  const struct loom_fid *fid, u32 type)
{
	struct mem_obj *o = mem_obj(dir);
	struct rb_node **p, *parent = NULL;
	struct mem_dirent *de;
	u32 id;
	int ret;

	de = kmalloc(struct_size(de, name, len), GFP_NOFS);
	if (!de)
		return -ENOMEM;
	de->fid = *fid;
	de->type = type;
	de->len = len;
	memcpy(de->name, name, len);

	mutex_lock(&o->lock);
	p = &o->names.rb_node;
	while (*p) {
		int cmp;

		parent = *p;
		cmp = mem_name_cmp(name, len,
				   rb_entry(parent, struct mem_dirent, node));
		if (cmp < 0) {
			p = &parent->rb_left;
		} else if (cmp > 0) {
			p = &parent->rb_right;
		} else {
			ret = -EEXIST;
			goto err;
		}
	}
	/* cookies only grow: a deleted entry's cookie is never reused */
	ret = xa_alloc(&o->cookies, &id, de,
		       XA_LIMIT(o->next_cookie, U32_MAX - 1), GFP_NOFS);
	if (ret)
		goto err;
	de->cookie = id;
	o->next_cookie = (u64)id + 1;
	rb_link_node(&de->node, parent, p);
	rb_insert_color(&de->node, &o->names);
	o->nr_entries++;
	mutex_unlock(&o->lock);
	return 0;
err:
	mutex_unlock(&o->lock);
	kfree(de);
	return ret == -EBUSY ? -ENOSPC : ret;
}

static int mem_dir_lookup(struct loom_osd_obj *dir, const char *name, u32 len,
			  struct loom_fid *fid, u32 *type)
{
	struct mem_obj *o = mem_obj(dir);
	struct mem_dirent *de;
	int ret = -ENOENT;

	mutex_lock(&o->lock);
	de = mem_dir_find(o, name, len);
	if (de) {
		*fid = de->fid;
		if (type)
			*type = de->type;
		ret = 0;
	}
	mutex_unlock(&o->lock);
	return ret;
}

static int mem_dir_delete(struct loom_osd_obj *dir, const char *name, u32 len)
{
	struct mem_obj *o = mem_obj(dir);
	struct mem_dirent *de;

	mutex_lock(&o->lock);
	de = mem_dir_find(o, name, len);
	if (!de) {
		mutex_unlock(&o->lock);
		return -ENOENT;
	}
	rb_erase(&de->node, &o->names);
	xa_erase(&o->cookies, de->cookie);
	o->nr_entries--;
	mutex_unlock(&o->lock);
	kfree(de);
	return 0;
}

static int mem_dir_iterate(struct loom_osd_obj *dir, u64 *pos,
			   loom_osd_filldir_t filldir, void *arg)
{
	struct mem_obj *o = mem_obj(dir);
	struct mem_dirent *de;
	unsigned long idx;

	if (*pos >= U32_MAX) {
		*pos = LOOM_DIR_EOF;
		return 0;
	}
	mutex_lock(&o->lock);
	xa_for_each_start(&o->cookies, idx, de, (unsigned long)*pos) {
		if (filldir(arg, de->name, de->len, &de->fid, de->type,
			    (u64)idx + 1)) {
			*pos = idx;
			mutex_unlock(&o->lock);
			return 0;
		}
	}
	*pos = LOOM_DIR_EOF;
	mutex_unlock(&o->lock);
	return 0;
}

static u64 mem_dir_count(struct loom_osd_obj *dir)
{
	struct mem_obj *o = mem_obj(dir);
	u64 n;

	mutex_lock(&o->lock);
	n = o->nr_entries;
	mutex_unlock(&o->lock);
	return n;
}

static int mem_statfs(struct loom_osd *osd, struct loom_osd_statfs *st)
{
	struct mem_osd *mo = mem_osd(osd);
	u64 used = atomic64_read(&mo->used_pages);

	st->bsize = OSD_MEM_BSIZE;
	st->blocks = mo->max_pages;
	st->bfree = used < mo->max_pages ? mo->max_pages - used : 0;
	spin_lock(&mo->lock);
	st->files = mo->max_objs;
	st->ffree = mo->max_objs - mo->nr_objs;
	spin_unlock(&mo->lock);
	return 0;
}

static int mem_sync(struct loom_osd *osd)
{
	return 0;
}

static void mem_release(struct loom_osd *osd)
{
	struct mem_osd *mo = mem_osd(osd);
	struct rb_node *n;

	/* no handles are left: the target's users are gone */
	while ((n = rb_first(&mo->objs))) {
		struct mem_obj *o = rb_entry(n, struct mem_obj, node);

		rb_erase(n, &mo->objs);
		WARN_ON(refcount_read(&o->ref) != 1);
		mem_obj_free(o);
	}
	WARN_ON(atomic64_read(&mo->used_pages));
	kfree(mo);
}

static const struct loom_osd_ops mem_osd_ops = {
	.release	= mem_release,
	.statfs		= mem_statfs,
	.sync		= mem_sync,
	.obj_find	= mem_obj_find,
	.obj_put	= mem_obj_put,
	.obj_destroy	= mem_obj_destroy,
	.obj_getattr	= mem_obj_getattr,
	.obj_setattr	= mem_obj_setattr,
	.obj_read	= mem_obj_read,
	.obj_write	= mem_obj_write,
	.obj_read_pages	= mem_obj_read_pages,
	.obj_write_pages = mem_obj_write_pages,
	.obj_punch	= mem_obj_punch,
	.xattr_get	= mem_xattr_get,
	.xattr_set	= mem_xattr_set,
	.dir_insert	= mem_dir_insert,
	.dir_lookup	= mem_dir_lookup,
	.dir_delete	= mem_dir_delete,
	.dir_iterate	= mem_dir_iterate,
	.dir_count	= mem_dir_count,
	.obj_fallocate	= mem_obj_fallocate,
	.obj_seek	= mem_obj_seek,
};

/**
 * loom_osd_mem_create() - create an empty in-memory OSD
 * @capacity: bytes it may hold, 0 for the mem_capacity_mb default
 *
 * Return: the OSD or ERR_PTR(-ENOMEM).
 */
struct loom_osd *loom_osd_mem_create(u64 capacity)
{
	struct mem_osd *mo;

	if (!capacity)
		capacity = (u64)mem_capacity_mb << 20;
	mo = kzalloc_obj(*mo, GFP_KERNEL);
	if (!mo)
		return ERR_PTR(-ENOMEM);
	mo->osd.ops = &mem_osd_ops;
	spin_lock_init(&mo->lock);
	mo->objs = RB_ROOT;
	mo->max_pages = max_t(u64, capacity >> PAGE_SHIFT, 1);
	mo->max_objs = max_t(u64, capacity / OSD_MEM_INODE_BYTES, 16);
	atomic64_set(&mo->used_pages, 0);
	return &mo->osd;
}

/**
 * loom_osd_open() - create an OSD of a named backend
 * @backend: "mem", or %NULL for it
 * @capacity: bytes, 0 for the backend's default
 *
 * Return: the OSD, ERR_PTR(-EOPNOTSUPP) for an unknown backend or
 * ERR_PTR(-ENOMEM).
 */
struct loom_osd *loom_osd_open(const char *backend, u64 capacity)
{
	if (!backend || !strcmp(backend, "mem"))
		return loom_osd_mem_create(capacity);
	return ERR_PTR(-EOPNOTSUPP);
}

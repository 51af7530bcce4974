/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loom object storage device (OSD) API: what servers store things in.
 *
 * An OSD holds objects named by FID.  Each object has attributes, data
 * (read and written through page vectors), small named extended
 * attributes, and, when it is a directory, an index of names to FIDs with
 * stable cookies for iteration.  The MDT keeps inodes, the OST data
 * objects.  Backends: osd-mem.c (memory, for tests and demos) and
 * osd-vfs.c (persistent, on a directory of a local filesystem).
 *
 * Locking: operations on one object are serialized by the backend; the
 * callers order operations on several objects themselves (the MDT runs
 * one request at a time).
 */
#ifndef _LOOM_OSD_H
#define _LOOM_OSD_H

#include <linux/types.h>
#include <linux/bvec.h>
#include <linux/time64.h>
#include <linux/minmax.h>
#include "../common/wire.h"

struct loom_osd;
struct loom_osd_obj;

/**
 * struct loom_osd_attr - attributes of an object, native byte order
 * @mode: type and permission bits
 * @nlink: link count
 * @uid: owner
 * @gid: group
 * @rdev: device number of device nodes (new_encode_dev())
 * @size: data size in bytes
 * @blocks: 512-byte blocks allocated
 * @flags: inode flags
 * @atime: access time
 * @mtime: modification time
 * @ctime: change time
 *
 * loom_osd_obj_setattr() takes LOOM_ATTR_* bits saying which to set.
 */
struct loom_osd_attr {
	u32			mode;
	u32			nlink;
	u32			uid;
	u32			gid;
	u32			rdev;
	u64			size;
	u64			blocks;
	u64			flags;
	struct timespec64	atime;
	struct timespec64	mtime;
	struct timespec64	ctime;
};

/**
 * struct loom_osd_statfs - space of an OSD
 * @bsize: block size
 * @blocks: total blocks
 * @bfree: free blocks
 * @files: total objects
 * @ffree: free objects
 */
struct loom_osd_statfs {
	u32	bsize;
	u64	blocks;
	u64	bfree;
	u64	files;
	u64	ffree;
};

/**
 * typedef loom_osd_filldir_t - callback of loom_osd_dir_iterate()
 * @arg: the caller's argument
 * @name: entry name, not NUL-terminated
 * @len: its length
 * @fid: the FID it names (wire byte order)
 * @type: DT_* type
 * @next: the cookie after this entry
 *
 * Return: 0 to go on, anything else to stop before this entry.
 */
typedef int (*loom_osd_filldir_t)(void *arg, const char *name, u32 len,
				  const struct loom_fid *fid, u32 type,
				  u64 next);

/**
 * struct loom_osd_ops - a backend
 * @release: free the OSD and every object in it; no handle may remain
 * @statfs: report the space and object counts into @st
 * @sync: make everything written so far durable
 * @obj_find: find an object by FID, or create one when @create_mode is
 *	not 0; returns a counted handle or an ERR_PTR()
 * @obj_put: drop a handle returned by @obj_find
 * @obj_destroy: remove an object; its storage goes with the last handle
 * @obj_sync: make an object's data and attributes durable (optional:
 *	@sync when %NULL)
 * @obj_getattr: read the attributes of an object
 * @obj_setattr: set the attributes flagged LOOM_ATTR_* in @valid
 * @obj_read: read into a page vector; holes read as zeros
 * @obj_write: write from a page vector
 * @obj_punch: free a byte range, or truncate at LOOM_OBJ_EOF
 * @xattr_get: read an extended attribute
 * @xattr_set: set an extended attribute, or remove it with @size 0
 * @dir_insert: add a name to a directory index
 * @dir_lookup: look a name up in a directory index
 * @dir_delete: remove a name from a directory index
 * @dir_iterate: walk a directory index from a stable cookie
 * @dir_count: number of entries in a directory index
 * @reply_read: read from the target's reply log (optional: only
 *	persistent backends have one)
 * @reply_write: write to the reply log; with @sync durably before it
 *	returns, else by the next @sync or the release
 * @obj_fallocate: reserve the space of a byte range (optional: storage
 *	that cannot reserve space says -EOPNOTSUPP)
 * @obj_seek: find the next data or hole from an offset (optional: all
 *	data below the size)
 * @obj_read_pages: @obj_read that may lend its own pages (optional)
 * @obj_write_pages: @obj_write that may keep the caller's pages (optional)
 *
 * See the loom_osd_*() wrappers below for the full semantics.
 */
struct loom_osd_ops {
	void (*release)(struct loom_osd *osd);
	int (*statfs)(struct loom_osd *osd, struct loom_osd_statfs *st);
	int (*sync)(struct loom_osd *osd);
	struct loom_osd_obj *(*obj_find)(struct loom_osd *osd,
					 const struct loom_fid *fid,
					 u32 create_mode);
	void (*obj_put)(struct loom_osd_obj *obj);
	int (*obj_destroy)(struct loom_osd_obj *obj);
	int (*obj_sync)(struct loom_osd_obj *obj);
	int (*obj_getattr)(struct loom_osd_obj *obj,
			   struct loom_osd_attr *attr);
	int (*obj_setattr)(struct loom_osd_obj *obj,
			   const struct loom_osd_attr *attr, u64 valid);
	ssize_t (*obj_read)(struct loom_osd_obj *obj, u64 pos,
			    struct bio_vec *bvec, unsigned int nr, u32 len);
	ssize_t (*obj_write)(struct loom_osd_obj *obj, u64 pos,
			     const struct bio_vec *bvec, unsigned int nr,
			     u32 len);
	int (*obj_punch)(struct loom_osd_obj *obj, u64 start, u64 end);
	ssize_t (*xattr_get)(struct loom_osd_obj *obj, const char *name,
			     void *buf, size_t size);
	int (*xattr_set)(struct loom_osd_obj *obj, const char *name,
			 const void *buf, size_t size);
	int (*dir_insert)(struct loom_osd_obj *dir, const char *name, u32 len,
			  const struct loom_fid *fid, u32 type);
	int (*dir_lookup)(struct loom_osd_obj *dir, const char *name, u32 len,
			  struct loom_fid *fid, u32 *type);
	int (*dir_delete)(struct loom_osd_obj *dir, const char *name, u32 len);
	int (*dir_iterate)(struct loom_osd_obj *dir, u64 *pos,
			   loom_osd_filldir_t filldir, void *arg);
	u64 (*dir_count)(struct loom_osd_obj *dir);
	ssize_t (*reply_read)(struct loom_osd *osd, u64 pos, void *buf,
			      size_t len);
	int (*reply_write)(struct loom_osd *osd, u64 pos, const void *buf,
			   size_t len, bool sync);
	int (*obj_fallocate)(struct loom_osd_obj *obj, u64 start, u64 end,
			     bool keep_size);
	int (*obj_seek)(struct loom_osd_obj *obj, u64 pos, bool hole,
			u64 *found);
	ssize_t (*obj_read_pages)(struct loom_osd_obj *obj, u64 pos,
				  struct bio_vec *bvec, unsigned int nr,
				  u32 len);
	ssize_t (*obj_write_pages)(struct loom_osd_obj *obj, u64 pos,
				   struct bio_vec *bvec, unsigned int nr,
				   u32 len);
};

/**
 * struct loom_osd - an OSD instance
 * @ops: its backend
 */
struct loom_osd {
	const struct loom_osd_ops *ops;
};

/**
 * struct loom_osd_obj - an object handle, counted
 * @osd: the OSD it belongs to
 */
struct loom_osd_obj {
	struct loom_osd *osd;
};

struct loom_osd *loom_osd_open(const char *backend, u64 capacity);
struct loom_osd *loom_osd_mem_create(u64 capacity);
struct netlink_ext_ack;
struct loom_osd *loom_osd_vfs_create(const char *path, u32 type, u32 index,
				     const char *fsname,
				     struct netlink_ext_ack *extack);

static inline void loom_osd_release(struct loom_osd *osd)
{
	osd->ops->release(osd);
}

static inline int loom_osd_statfs(struct loom_osd *osd,
				  struct loom_osd_statfs *st)
{
	return osd->ops->statfs(osd, st);
}

static inline int loom_osd_sync(struct loom_osd *osd)
{
	return osd->ops->sync(osd);
}

/*
 * Find an object: with @create_mode 0 an existing one (ERR_PTR(-ENOENT)
 * if none), else create one of that mode (ERR_PTR(-EEXIST) if it exists,
 * -ENOSPC when full).  Drop the handle with loom_osd_obj_put().
 */
static inline struct loom_osd_obj *
loom_osd_obj_find(struct loom_osd *osd, const struct loom_fid *fid,
		  u32 create_mode)
{
	return osd->ops->obj_find(osd, fid, create_mode);
}

static inline void loom_osd_obj_put(struct loom_osd_obj *obj)
{
	if (obj)
		obj->osd->ops->obj_put(obj);
}

/* Remove an object; its storage goes when the last handle is put. */
static inline int loom_osd_obj_destroy(struct loom_osd_obj *obj)
{
	return obj->osd->ops->obj_destroy(obj);
}

/* Make an object's data durable (the whole OSD's without obj_sync). */
static inline int loom_osd_obj_sync(struct loom_osd_obj *obj)
{
	if (obj->osd->ops->obj_sync)
		return obj->osd->ops->obj_sync(obj);
	return obj->osd->ops->sync(obj->osd);
}

static inline int loom_osd_obj_getattr(struct loom_osd_obj *obj,
				       struct loom_osd_attr *attr)
{
	return obj->osd->ops->obj_getattr(obj, attr);
}

/* Set the attributes flagged LOOM_ATTR_* in @valid; LOOM_ATTR_SIZE
 * truncates or extends the data.
 */
static inline int loom_osd_obj_setattr(struct loom_osd_obj *obj,
				       const struct loom_osd_attr *attr,
				       u64 valid)
{
	return obj->osd->ops->obj_setattr(obj, attr, valid);
}

/* Read up to @len bytes at @pos into @bvec (each entry within one page);
 * holes read as zeros.  Returns the bytes read, short at the end of the
 * data, 0 beyond it.
 */
static inline ssize_t loom_osd_obj_read(struct loom_osd_obj *obj, u64 pos,
					struct bio_vec *bvec, unsigned int nr,
					u32 len)
{
	return obj->osd->ops->obj_read(obj, pos, bvec, nr, len);
}

/* Write @len bytes at @pos from @bvec; returns @len or a negative errno. */
static inline ssize_t loom_osd_obj_write(struct loom_osd_obj *obj, u64 pos,
					 const struct bio_vec *bvec,
					 unsigned int nr, u32 len)
{
	return obj->osd->ops->obj_write(obj, pos, bvec, nr, len);
}

/* As loom_osd_obj_read(), into pages from alloc_page() that the caller
 * frees with put_page(): the OSD may swap whole pages of @bvec for
 * references to its own (the network then sends them with no copy).  It
 * never changes a page it lent in place.
 */
static inline ssize_t loom_osd_obj_read_pages(struct loom_osd_obj *obj,
					      u64 pos, struct bio_vec *bvec,
					      unsigned int nr, u32 len)
{
	if (obj->osd->ops->obj_read_pages)
		return obj->osd->ops->obj_read_pages(obj, pos, bvec, nr, len);
	return obj->osd->ops->obj_read(obj, pos, bvec, nr, len);
}

/* As loom_osd_obj_write(), from pages from alloc_page(): the OSD may keep
 * whole pages of @bvec as the object's, setting their bv_page to NULL;
 * the caller frees the others.
 */
static inline ssize_t loom_osd_obj_write_pages(struct loom_osd_obj *obj,
					       u64 pos, struct bio_vec *bvec,
					       unsigned int nr, u32 len)
{
	if (obj->osd->ops->obj_write_pages)
		return obj->osd->ops->obj_write_pages(obj, pos, bvec, nr, len);
	return obj->osd->ops->obj_write(obj, pos, bvec, nr, len);
}

/* Free [@start, @end); @end LOOM_OBJ_EOF also sets the size to @start. */
static inline int loom_osd_obj_punch(struct loom_osd_obj *obj, u64 start,
				     u64 end)
{
	return obj->osd->ops->obj_punch(obj, start, end);
}

/*
 * Reserve [@start, @end) (@start < @end <= LOOM_MAX_OBJ_SIZE) so that
 * writes there do not fail for want of space; the size grows to @end
 * unless @keep_size.  Data in the range stays, the rest reads as zeros
 * and is a hole for loom_osd_obj_seek().  -ENOSPC when full (what was
 * reserved may stay), -EOPNOTSUPP when the backend cannot reserve.
 */
static inline int loom_osd_obj_fallocate(struct loom_osd_obj *obj, u64 start,
					 u64 end, bool keep_size)
{
	if (!obj->osd->ops->obj_fallocate)
		return -EOPNOTSUPP;
	return obj->osd->ops->obj_fallocate(obj, start, end, keep_size);
}

/*
 * The first offset at or after @pos (<= LOOM_MAX_OBJ_SIZE) holding data
 * (@hole false) or in a hole (@hole true) into *@found.  Past the size
 * is a hole; with no data there *@found is LOOM_OBJ_EOF.  Backends that
 * cannot tell report everything below the size as data.
 */
static inline int loom_osd_obj_seek(struct loom_osd_obj *obj, u64 pos,
				    bool hole, u64 *found)
{
	struct loom_osd_attr attr;
	int ret;

	if (obj->osd->ops->obj_seek)
		return obj->osd->ops->obj_seek(obj, pos, hole, found);
	ret = obj->osd->ops->obj_getattr(obj, &attr);
	if (ret)
		return ret;
	if (hole)
		*found = max(pos, attr.size);
	else
		*found = pos < attr.size ? pos : LOOM_OBJ_EOF;
	return 0;
}

/* Extended attributes: get returns the size (-ENODATA if none, -ERANGE
 * if @size is too small); set with @size 0 removes.
 */
static inline ssize_t loom_osd_xattr_get(struct loom_osd_obj *obj,
					 const char *name, void *buf,
					 size_t size)
{
	return obj->osd->ops->xattr_get(obj, name, buf, size);
}

static inline int loom_osd_xattr_set(struct loom_osd_obj *obj,
				     const char *name, const void *buf,
				     size_t size)
{
	return obj->osd->ops->xattr_set(obj, name, buf, size);
}

/* Directory index: names (validated by the caller) to FIDs. */
static inline int loom_osd_dir_insert(struct loom_osd_obj *dir,
				      const char *name, u32 len,
				      const struct loom_fid *fid, u32 type)
{
	return dir->osd->ops->dir_insert(dir, name, len, fid, type);
}

static inline int loom_osd_dir_lookup(struct loom_osd_obj *dir,
				      const char *name, u32 len,
				      struct loom_fid *fid, u32 *type)
{
	return dir->osd->ops->dir_lookup(dir, name, len, fid, type);
}

static inline int loom_osd_dir_delete(struct loom_osd_obj *dir,
				      const char *name, u32 len)
{
	return dir->osd->ops->dir_delete(dir, name, len);
}

/* Iterate from cookie *@pos; *@pos is where to go on, LOOM_DIR_EOF at
 * the end.  Cookies are stable: entries keep theirs until deleted.
 */
static inline int loom_osd_dir_iterate(struct loom_osd_obj *dir, u64 *pos,
				       loom_osd_filldir_t filldir, void *arg)
{
	return dir->osd->ops->dir_iterate(dir, pos, filldir, arg);
}

static inline u64 loom_osd_dir_count(struct loom_osd_obj *dir)
{
	return dir->osd->ops->dir_count(dir);
}

/* The reply log (common/disk.h, struct loom_disk_reply), kept by
 * persistent backends only: loom_osd_has_replies() says whether there is
 * one.  Reads return the bytes read, short or 0 past its end.
 */
static inline bool loom_osd_has_replies(struct loom_osd *osd)
{
	return osd->ops->reply_read && osd->ops->reply_write;
}

static inline ssize_t loom_osd_reply_read(struct loom_osd *osd, u64 pos,
					  void *buf, size_t len)
{
	return osd->ops->reply_read(osd, pos, buf, len);
}

static inline int loom_osd_reply_write(struct loom_osd *osd, u64 pos,
				       const void *buf, size_t len, bool sync)
{
	return osd->ops->reply_write(osd, pos, buf, len, sync);
}

#endif /* _LOOM_OSD_H */

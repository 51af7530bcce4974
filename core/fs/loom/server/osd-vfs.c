// SPDX-License-Identifier: GPL-2.0
/*
 * Loom OSD backend on a directory of a local filesystem (ext4, xfs),
 * through exported VFS calls only, as nfsd and ksmbd use the VFS.
 *
 * The directory is formatted by mkfs.loom: a LABEL file (common/disk.h)
 * and O/00 .. O/ff.  Every object is a regular file O/hh/SEQ-OID-VER: its
 * data is the object's data (for a directory object, the log of its
 * index records), its attributes are a checksummed trusted.loom.attr
 * xattr and its extended attributes trusted.loom.x.NAME.  A directory
 * index is loaded into an rbtree by name on first use; the offset of a
 * record in the log is its stable cookie.  Everything read back is
 * checked: a bad record is -EUCLEAN and a rate-limited message.
 *
 * Durability: creating an object, setting attributes or xattrs, inserting
 * and deleting names and destroying objects are on disk when the call
 * returns (the backing file, and its hash directory when a name changed,
 * are fsync'ed).  Data writes stay in the backing filesystem's page cache
 * until loom_osd_obj_sync(), loom_osd_sync() or the OSD's release; the
 * written objects stay cached until then.
 *
 * The REPLIES file holds the target's reply log (struct loom_disk_reply),
 * created at the first start; the service layer decides what goes in it.
 *
 * All file access runs with a kernel credential of the OSD's own, so the
 * credentials of whoever triggers a request do not matter.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/namei.h>
#include <linux/dcache.h>
#include <linux/xattr.h>
#include <linux/uio.h>
#include <linux/statfs.h>
#include <linux/falloc.h>
#include <linux/cred.h>
#include <linux/sched/task.h>
#include <linux/rbtree.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/timekeeping.h>
#include <linux/mount.h>
#include <linux/netlink.h>
#include "../common/disk.h"
#include "osd.h"

#define OVFS_XATTR_MAX		65536
#define OVFS_READ_CHUNK		8192
#define OVFS_PATH_MAX		64

struct ovfs_osd {
	struct loom_osd		osd;
	struct path		root;
	struct file		*hash[LOOM_DISK_NR_HASH];
	struct file		*replies;
	const struct cred	*cred;
	struct mutex		open_lock;	/* instantiating objects */
	spinlock_t		lock;		/* objs */
	struct rb_root		objs;
};

struct ovfs_de {
	struct rb_node		node;
	loff_t			off;
	struct loom_fid		fid;
	u32			type;
	u32			len;
	char			name[];
};

struct ovfs_obj {
	struct loom_osd_obj	obj;
	struct rb_node		node;
	refcount_t		ref;
	struct loom_fid		fid;
	u32			hash;
	bool			dead;
	struct mutex		lock;		/* everything below */
	struct file		*file;
	struct loom_disk_attr_info attr;
	bool			dirty;		/* unsynced data; pinned */
	bool			attr_dirty;	/* unsaved times */
	bool			indexed;	/* index loaded; pinned */
	struct rb_root		names;
	u64			nr_entries;
	loff_t			index_end;
	struct list_head	sync_list;
};

static inline struct ovfs_osd *ovfs_osd(struct loom_osd *osd)
{
	return container_of(osd, struct ovfs_osd, osd);
}

static inline struct ovfs_obj *ovfs_obj(struct loom_osd_obj *obj)
{
	return container_of(obj, struct ovfs_obj, obj);
}

static void ovfs_fid_warn(const struct loom_fid *fid, const char *what, int err)
{
	pr_err_ratelimited("loom: osd: object %llx:%x:%x: %s: %d\n",
			   le64_to_cpu(fid->seq), le32_to_cpu(fid->oid),
			   le32_to_cpu(fid->ver), what, err);
}

static int ovfs_fid_cmp(const struct loom_fid *a, const struct loom_fid *b)
{
	u64 sa = le64_to_cpu(a->seq), sb = le64_to_cpu(b->seq);
	u32 oa = le32_to_cpu(a->oid), ob = le32_to_cpu(b->oid);
	u32 va = le32_to_cpu(a->ver), vb = le32_to_cpu(b->ver);

	if (sa != sb)
		return sa < sb ? -1 : 1;
	if (oa != ob)
		return oa < ob ? -1 : 1;
	if (va != vb)
		return va < vb ? -1 : 1;
	return 0;
}

static struct ovfs_obj *ovfs_tree_find(struct ovfs_osd *vo,
				       const struct loom_fid *fid,
				       struct rb_node ***link,
				       struct rb_node **parent)
{
	struct rb_node **p = &vo->objs.rb_node;

	*parent = NULL;
	while (*p) {
		struct ovfs_obj *o = rb_entry(*p, struct ovfs_obj, node);
		int cmp = ovfs_fid_cmp(fid, &o->fid);

		*parent = *p;
		if (cmp < 0)
			p = &(*p)->rb_left;
		else if (cmp > 0)
			p = &(*p)->rb_right;
		else
			return o;
	}
	*link = p;
	return NULL;
}

static void ovfs_attr_from_disk(struct loom_osd_attr *a,
				const struct loom_disk_attr_info *d)
{
	a->mode = d->mode;
	a->nlink = d->nlink;
	a->uid = d->uid;
	a->gid = d->gid;
	a->rdev = d->rdev;
	a->flags = d->flags;
	a->atime.tv_sec = d->atime_sec;
	a->atime.tv_nsec = d->atime_nsec;
	a->mtime.tv_sec = d->mtime_sec;
	a->mtime.tv_nsec = d->mtime_nsec;
	a->ctime.tv_sec = d->ctime_sec;
	a->ctime.tv_nsec = d->ctime_nsec;
}

static void ovfs_set_time(s64 *sec, u32 *nsec, const struct timespec64 *ts)
{
	*sec = ts->tv_sec;
	*nsec = clamp_t(long, ts->tv_nsec, 0, NSEC_PER_SEC - 1);
}

/* Write the attribute record of an object; the caller fsyncs. */
static int ovfs_attr_save(struct ovfs_obj *o)
{
	struct loom_disk_attr d;
	int ret;

	loom_disk_attr_encode(&d, &o->attr);
	ret = vfs_setxattr(&nop_mnt_idmap, o->file->f_path.dentry,
			   LOOM_DISK_XATTR_ATTR, &d, sizeof(d), 0);
	if (!ret)
		o->attr_dirty = false;
	return ret;
}

static int ovfs_attr_load(struct ovfs_obj *o)
{
	struct loom_disk_attr d;
	ssize_t n;
	int ret;

	n = vfs_getxattr(&nop_mnt_idmap, o->file->f_path.dentry,
			 LOOM_DISK_XATTR_ATTR, &d, sizeof(d));
	if (n == -ENODATA || n == -ERANGE || (n >= 0 && n != sizeof(d)))
		n = -EUCLEAN;
	if (n < 0) {
		ovfs_fid_warn(&o->fid, "bad attributes", (int)n);
		return n;
	}
	ret = loom_disk_attr_decode(&d, sizeof(d), &o->attr);
	if (ret)
		ovfs_fid_warn(&o->fid, "bad attributes", ret);
	return ret;
}

static struct file *ovfs_open_rel(struct ovfs_osd *vo, const char *name,
				  int flags, umode_t mode)
{
	return file_open_root(&vo->root, name, flags | O_LARGEFILE | O_NOATIME,
			      mode);
}

static void ovfs_obj_free(struct ovfs_obj *o)
{
	struct ovfs_de *de, *tmp;

	rbtree_postorder_for_each_entry_safe(de, tmp, &o->names, node)
		kfree(de);
	if (o->file)
		fput(o->file);
	kfree(o);
}

static void ovfs_obj_put(struct loom_osd_obj *obj)
{
	struct ovfs_obj *o = ovfs_obj(obj);
	struct ovfs_osd *vo = ovfs_osd(obj->osd);

	if (!refcount_dec_and_lock(&o->ref, &vo->lock))
		return;
	if (!o->dead)
		rb_erase(&o->node, &vo->objs);
	spin_unlock(&vo->lock);
	ovfs_obj_free(o);
}

/* Create the backing file of a new object, durably. */
static int ovfs_obj_create(struct ovfs_osd *vo, struct ovfs_obj *o,
			   const char *name, u32 mode)
{
	struct timespec64 now;
	struct file *f;
	int ret;

	f = ovfs_open_rel(vo, name, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (IS_ERR(f))
		return PTR_ERR(f);
	o->file = f;
	ktime_get_real_ts64(&now);
	o->attr.mode = mode;
	o->attr.nlink = 1;
	ovfs_set_time(&o->attr.atime_sec, &o->attr.atime_nsec, &now);
	ovfs_set_time(&o->attr.mtime_sec, &o->attr.mtime_nsec, &now);
	ovfs_set_time(&o->attr.ctime_sec, &o->attr.ctime_nsec, &now);
	ret = ovfs_attr_save(o);
	if (!ret)
		ret = vfs_fsync(f, 0);
	if (!ret)
		ret = vfs_fsync(vo->hash[o->hash], 0);
	return ret;
}

static struct loom_osd_obj *ovfs_obj_find(struct loom_osd *osd,
					  const struct loom_fid *fid,
					 u32 create_mode)
{
	struct ovfs_osd *vo = ovfs_osd(osd);
	const struct cred *old;
	struct rb_node **link, *parent;
	char name[OVFS_PATH_MAX];
	struct ovfs_obj *o;
	int ret;

	spin_lock(&vo->lock);
	o = ovfs_tree_find(vo, fid, &link, &parent);
	if (o) {
		if (create_mode) {
			spin_unlock(&vo->lock);
			return ERR_PTR(-EEXIST);
		}
		refcount_inc(&o->ref);
		spin_unlock(&vo->lock);
		return &o->obj;
	}
	spin_unlock(&vo->lock);

	ret = loom_disk_objname(name, sizeof(name), fid);
	if (ret < 0)
		return ERR_PTR(ret);
	o = kzalloc_obj(*o, GFP_NOFS);
	if (!o)
		return ERR_PTR(-ENOMEM);
	o->obj.osd = osd;
	o->fid = *fid;
	refcount_set(&o->ref, 1);
	mutex_init(&o->lock);
	o->names = RB_ROOT;
	INIT_LIST_HEAD(&o->sync_list);
	o->hash = loom_disk_objhash(fid);

	old = override_creds(vo->cred);
	mutex_lock(&vo->open_lock);
	spin_lock(&vo->lock);
	if (ovfs_tree_find(vo, fid, &link, &parent)) {
		/* instantiated meanwhile */
		spin_unlock(&vo->lock);
		mutex_unlock(&vo->open_lock);
		revert_creds(old);
		kfree(o);
		return create_mode ? ERR_PTR(-EEXIST) :
			ovfs_obj_find(osd, fid, 0);
	}
	spin_unlock(&vo->lock);
	if (create_mode) {
		ret = ovfs_obj_create(vo, o, name, create_mode);
	} else {
		o->file = ovfs_open_rel(vo, name, O_RDWR, 0);
		if (IS_ERR(o->file)) {
			ret = PTR_ERR(o->file);
			o->file = NULL;
		} else {
			ret = ovfs_attr_load(o);
		}
	}
	if (!ret && !S_ISREG(file_inode(o->file)->i_mode))
		ret = -EUCLEAN;
	if (!ret) {
		spin_lock(&vo->lock);
		ovfs_tree_find(vo, fid, &link, &parent);
		rb_link_node(&o->node, parent, link);
		rb_insert_color(&o->node, &vo->objs);
		spin_unlock(&vo->lock);
	}
	mutex_unlock(&vo->open_lock);
	revert_creds(old);
	if (ret) {
		ovfs_obj_free(o);
		return ERR_PTR(ret);
	}
	return &o->obj;
}

/* Remove a backing file by name from its hash directory, durably. */
static int ovfs_unlink_name(struct ovfs_osd *vo, u32 hash, const char *name)
{
	struct dentry *parent = vo->hash[hash]->f_path.dentry;
	struct qstr q = QSTR_INIT(name, strlen(name));
	struct dentry *d;
	int ret;

	d = start_removing_noperm(parent, &q);
	if (IS_ERR(d))
		return PTR_ERR(d);
	if (d_is_negative(d))
		ret = -ENOENT;
	else
		ret = vfs_unlink(&nop_mnt_idmap, d_inode(parent), d, NULL);
	end_removing(d);
	if (!ret)
		ret = vfs_fsync(vo->hash[hash], 0);
	return ret;
}

/* Drop the references an object holds on itself while dirty or indexed. */
static unsigned int ovfs_obj_unpin(struct ovfs_obj *o)
{
	unsigned int n = 0;

	if (o->dirty) {
		o->dirty = false;
		n++;
	}
	if (o->indexed) {
		o->indexed = false;
		n++;
	}
	return n;
}

static int ovfs_obj_destroy(struct loom_osd_obj *obj)
{
	struct ovfs_obj *o = ovfs_obj(obj);
	struct ovfs_osd *vo = ovfs_osd(obj->osd);
	char name[OVFS_PATH_MAX];
	const struct cred *old;
	unsigned int pins;
	int ret;

	spin_lock(&vo->lock);
	if (o->dead) {
		spin_unlock(&vo->lock);
		return -ENOENT;
	}
	o->dead = true;
	rb_erase(&o->node, &vo->objs);
	spin_unlock(&vo->lock);

	loom_disk_objname(name, sizeof(name), &o->fid);
	old = override_creds(vo->cred);
	ret = ovfs_unlink_name(vo, o->hash, name + 5);
	revert_creds(old);
	mutex_lock(&o->lock);
	pins = ovfs_obj_unpin(o);
	mutex_unlock(&o->lock);
	/* the caller still holds its own reference */
	while (pins--)
		refcount_dec(&o->ref);
	return ret;
}

static int ovfs_obj_getattr(struct loom_osd_obj *obj,
			    struct loom_osd_attr *attr)
{
	struct ovfs_obj *o = ovfs_obj(obj);
	struct inode *inode = file_inode(o->file);

	mutex_lock(&o->lock);
	memset(attr, 0, sizeof(*attr));
	ovfs_attr_from_disk(attr, &o->attr);
	attr->size = S_ISDIR(o->attr.mode) ? 0 : i_size_read(inode);
	attr->blocks = inode->i_blocks;
	mutex_unlock(&o->lock);
	return 0;
}

static int ovfs_obj_setattr(struct loom_osd_obj *obj,
			    const struct loom_osd_attr *attr, u64 valid)
{
	struct ovfs_obj *o = ovfs_obj(obj);
	struct ovfs_osd *vo = ovfs_osd(obj->osd);
	const struct cred *old;
	int ret = 0;

	mutex_lock(&o->lock);
	if (valid & LOOM_ATTR_MODE)
		o->attr.mode = (o->attr.mode & S_IFMT) | (attr->mode & ~S_IFMT);
	if (valid & LOOM_ATTR_UID)
		o->attr.uid = attr->uid;
	if (valid & LOOM_ATTR_GID)
		o->attr.gid = attr->gid;
	if (valid & LOOM_ATTR_NLINK)
		o->attr.nlink = attr->nlink;
	if (valid & LOOM_ATTR_RDEV)
		o->attr.rdev = attr->rdev;
	if (valid & LOOM_ATTR_ATIME)
		ovfs_set_time(&o->attr.atime_sec, &o->attr.atime_nsec,
			      &attr->atime);
	if (valid & LOOM_ATTR_MTIME)
		ovfs_set_time(&o->attr.mtime_sec, &o->attr.mtime_nsec,
			      &attr->mtime);
	if (valid & LOOM_ATTR_CTIME)
		ovfs_set_time(&o->attr.ctime_sec, &o->attr.ctime_nsec,
			      &attr->ctime);
	old = override_creds(vo->cred);
	if ((valid & LOOM_ATTR_SIZE) && !S_ISDIR(o->attr.mode)) {
		if (attr->size > LOOM_MAX_OBJ_SIZE)
			ret = -EFBIG;
		else
			ret = vfs_truncate(&o->file->f_path, attr->size);
	}
	if (!ret)
		ret = ovfs_attr_save(o);
	if (!ret)
		ret = vfs_fsync(o->file, 0);
	revert_creds(old);
	mutex_unlock(&o->lock);
	return ret;
}

static ssize_t ovfs_obj_read(struct loom_osd_obj *obj, u64 pos,
			     struct bio_vec *bvec, unsigned int nr, u32 len)
{
	struct ovfs_obj *o = ovfs_obj(obj);
	struct ovfs_osd *vo = ovfs_osd(obj->osd);
	const struct cred *old;
	struct iov_iter iter;
	loff_t off = pos;
	ssize_t n;

	if (pos > LOOM_MAX_OBJ_SIZE)
		return 0;
	if (S_ISDIR(o->attr.mode))
		return -EISDIR;
	iov_iter_bvec(&iter, ITER_DEST, bvec, nr, len);
	old = override_creds(vo->cred);
	n = vfs_iter_read(o->file, &iter, &off, 0);
	revert_creds(old);
	return n;
}

static ssize_t ovfs_obj_write(struct loom_osd_obj *obj, u64 pos,
			      const struct bio_vec *bvec, unsigned int nr,
			     u32 len)
{
	struct ovfs_obj *o = ovfs_obj(obj);
	struct ovfs_osd *vo = ovfs_osd(obj->osd);
	const struct cred *old;
	struct iov_iter iter;
	struct timespec64 now;
	loff_t off = pos;
	ssize_t n;

	if (pos > LOOM_MAX_OBJ_SIZE || len > LOOM_MAX_OBJ_SIZE - pos)
		return -EFBIG;
	if (S_ISDIR(o->attr.mode))
		return -EISDIR;
	iov_iter_bvec(&iter, ITER_SOURCE, bvec, nr, len);
	old = override_creds(vo->cred);
	n = vfs_iter_write(o->file, &iter, &off, 0);
	revert_creds(old);
	if (n > 0) {
		mutex_lock(&o->lock);
		ktime_get_real_ts64(&now);
		ovfs_set_time(&o->attr.mtime_sec, &o->attr.mtime_nsec, &now);
		o->attr.ctime_sec = o->attr.mtime_sec;
		o->attr.ctime_nsec = o->attr.mtime_nsec;
		o->attr_dirty = true;
		if (!o->dirty && !o->dead) {
			/* stay cached until synced */
			o->dirty = true;
			refcount_inc(&o->ref);
		}
		mutex_unlock(&o->lock);
	}
	return n;
}

/* Make an object's data and attributes durable; o->lock held. */
static int ovfs_obj_flush(struct ovfs_obj *o)
{
	int ret = 0;

	if (o->dead)
		return 0;
	if (o->attr_dirty)
		ret = ovfs_attr_save(o);
	if (!ret)
		ret = vfs_fsync(o->file, 0);
	return ret;
}

static int ovfs_obj_sync(struct loom_osd_obj *obj)
{
	struct ovfs_obj *o = ovfs_obj(obj);
	struct ovfs_osd *vo = ovfs_osd(obj->osd);
	const struct cred *old;
	bool unpin = false;
	int ret;

	old = override_creds(vo->cred);
	mutex_lock(&o->lock);
	ret = ovfs_obj_flush(o);
	if (!ret && o->dirty) {
		o->dirty = false;
		unpin = true;
	}
	mutex_unlock(&o->lock);
	revert_creds(old);
	if (unpin)
		refcount_dec(&o->ref);	/* the caller holds one */
	return ret;
}

static int ovfs_obj_punch(struct loom_osd_obj *obj, u64 start, u64 end)
{
	struct ovfs_obj *o = ovfs_obj(obj);
	struct ovfs_osd *vo = ovfs_osd(obj->osd);
	const struct cred *old;
	struct timespec64 now;
	u64 size;
	int ret = 0;

	if (start > LOOM_MAX_OBJ_SIZE || (end != LOOM_OBJ_EOF && end < start))
		return -EINVAL;
	if (S_ISDIR(o->attr.mode))
		return -EISDIR;
	old = override_creds(vo->cred);
	mutex_lock(&o->lock);
	if (end == LOOM_OBJ_EOF) {
		ret = vfs_truncate(&o->file->f_path, start);
	} else {
		size = i_size_read(file_inode(o->file));
		end = min(end, size);
		if (start < end)
			ret = vfs_fallocate(o->file, FALLOC_FL_PUNCH_HOLE |
					    FALLOC_FL_KEEP_SIZE, start,
					    end - start);
	}
	if (!ret) {
		ktime_get_real_ts64(&now);
		ovfs_set_time(&o->attr.mtime_sec, &o->attr.mtime_nsec, &now);
		o->attr.ctime_sec = o->attr.mtime_sec;
		o->attr.ctime_nsec = o->attr.mtime_nsec;
		ret = ovfs_obj_flush(o);
	}
	mutex_unlock(&o->lock);
	revert_creds(old);
	return ret;
}

static int ovfs_obj_fallocate(struct loom_osd_obj *obj, u64 start, u64 end,
			      bool keep_size)
{
	struct ovfs_obj *o = ovfs_obj(obj);
	struct ovfs_osd *vo = ovfs_osd(obj->osd);
	const struct cred *old;
	struct timespec64 now;
	int ret;

	if (start >= end || end > LOOM_MAX_OBJ_SIZE)
		return -EINVAL;
	if (S_ISDIR(o->attr.mode))
		return -EISDIR;
	old = override_creds(vo->cred);
	mutex_lock(&o->lock);
	ret = vfs_fallocate(o->file, keep_size ? FALLOC_FL_KEEP_SIZE : 0,
			    start, end - start);
	if (!ret) {
		if (!keep_size) {
			ktime_get_real_ts64(&now);
			ovfs_set_time(&o->attr.mtime_sec, &o->attr.mtime_nsec,
				      &now);
			o->attr.ctime_sec = o->attr.mtime_sec;
			o->attr.ctime_nsec = o->attr.mtime_nsec;
			o->attr_dirty = true;
		}
		/* the reservation and the size survive a crash */
		ret = ovfs_obj_flush(o);
	}
	mutex_unlock(&o->lock);
	revert_creds(old);
	return ret;
}

/* The backing file's holes are the object's: ask its filesystem. */
static int ovfs_obj_seek(struct loom_osd_obj *obj, u64 pos, bool hole,
			 u64 *found)
{
	struct ovfs_obj *o = ovfs_obj(obj);
	struct ovfs_osd *vo = ovfs_osd(obj->osd);
	const struct cred *old;
	loff_t ret;

	if (pos > LOOM_MAX_OBJ_SIZE)
		return -EINVAL;
	if (S_ISDIR(o->attr.mode))
		return -EISDIR;
	old = override_creds(vo->cred);
	ret = vfs_llseek(o->file, pos, hole ? SEEK_HOLE : SEEK_DATA);
	revert_creds(old);
	if (ret == -ENXIO) {
		/* at or past the end: a hole there, no data after */
		*found = hole ? pos : LOOM_OBJ_EOF;
		return 0;
	}
	if (ret < 0)
		return ret;
	if (ret < pos || ret > LOOM_MAX_OBJ_SIZE)
		return -EIO;
	*found = ret;
	return 0;
}

static int ovfs_xattr_name(char *buf, size_t size, const char *name)
{
	int n = snprintf(buf, size, "%s%s", LOOM_DISK_XATTR_PREFIX, name);

	return n < 0 || (size_t)n >= size || n > XATTR_NAME_MAX ? -ERANGE : 0;
}

static ssize_t ovfs_xattr_get(struct loom_osd_obj *obj, const char *name,
			      void *buf, size_t size)
{
	struct ovfs_obj *o = ovfs_obj(obj);
	struct ovfs_osd *vo = ovfs_osd(obj->osd);
	char full[XATTR_NAME_MAX + 1];
	const struct cred *old;
	ssize_t n;

	if (ovfs_xattr_name(full, sizeof(full), name))
		return -ENODATA;
	old = override_creds(vo->cred);
	n = vfs_getxattr(&nop_mnt_idmap, o->file->f_path.dentry, full, buf,
			 size);
	revert_creds(old);
	if (n == 0 && !size)
		n = -ERANGE;
	return n;
}

static int ovfs_xattr_set(struct loom_osd_obj *obj, const char *name,
			  const void *buf, size_t size)
{
	struct ovfs_obj *o = ovfs_obj(obj);
	struct ovfs_osd *vo = ovfs_osd(obj->osd);
	char full[XATTR_NAME_MAX + 1];
	const struct cred *old;
	int ret;

	if (ovfs_xattr_name(full, sizeof(full), name) || size > OVFS_XATTR_MAX)
		return -ERANGE;
	old = override_creds(vo->cred);
	mutex_lock(&o->lock);
	if (size)
		ret = vfs_setxattr(&nop_mnt_idmap, o->file->f_path.dentry,
				   full, buf, size, 0);
	else
		ret = vfs_removexattr(&nop_mnt_idmap, o->file->f_path.dentry,
				      full);
	if (ret == -ENODATA && !size)
		ret = 0;
	if (!ret)
		ret = vfs_fsync(o->file, 0);
	mutex_unlock(&o->lock);
	revert_creds(old);
	return ret;
}

/* Directory index. */

static int ovfs_name_cmp(const char *name, u32 len, const struct ovfs_de *de)
{
	int cmp = memcmp(name, de->name, min(len, de->len));

	if (cmp)
		return cmp;
	return len == de->len ? 0 : (len < de->len ? -1 : 1);
}

static struct ovfs_de *ovfs_de_find(struct ovfs_obj *o, const char *name,
				    u32 len, struct rb_node ***link,
				    struct rb_node **parent)
{
	struct rb_node **p = &o->names.rb_node;

	*parent = NULL;
	while (*p) {
		struct ovfs_de *de = rb_entry(*p, struct ovfs_de, node);
		int cmp = ovfs_name_cmp(name, len, de);

		*parent = *p;
		if (cmp < 0)
			p = &(*p)->rb_left;
		else if (cmp > 0)
			p = &(*p)->rb_right;
		else
			return de;
	}
	*link = p;
	return NULL;
}

static int ovfs_de_add(struct ovfs_obj *o, const struct loom_disk_de_info *di,
		       loff_t off)
{
	struct rb_node **link, *parent;
	struct ovfs_de *de;

	if (ovfs_de_find(o, di->name, di->name_len, &link, &parent))
		return -EEXIST;
	de = kmalloc(struct_size(de, name, di->name_len), GFP_NOFS);
	if (!de)
		return -ENOMEM;
	de->off = off;
	de->fid = di->fid;
	de->type = di->type;
	de->len = di->name_len;
	memcpy(de->name, di->name, di->name_len);
	rb_link_node(&de->node, parent, link);
	rb_insert_color(&de->node, &o->names);
	o->nr_entries++;
	return 0;
}

/*
 * Walk the index log from @off to its end (or the first bad record),
 * calling @fn for each record.  @fn returns 0 to go on, > 0 to stop.
 * Returns the offset where the walk stopped in *@end.
 */
static int ovfs_index_walk(struct ovfs_obj *o, loff_t off, loff_t limit,
			   int (*fn)(struct ovfs_obj *o,
				     const struct loom_disk_de_info *di,
				     loff_t off, void *arg),
			   void *arg, loff_t *end)
{
	struct loom_disk_de_info di;
	loff_t boff = off, pos;
	size_t have = 0, used = 0;
	u8 *buf;
	int ret = 0;

	buf = kmalloc(OVFS_READ_CHUNK, GFP_NOFS);
	if (!buf)
		return -ENOMEM;
	while (off < limit) {
		ssize_t n;

		if (off != boff + used || have - used <
		    loom_disk_de_reclen(LOOM_NAME_MAX)) {
			boff = off;
			pos = off;
			n = kernel_read(o->file, buf,
					min_t(loff_t, OVFS_READ_CHUNK,
					      limit - off), &pos);
			if (n < 0) {
				ret = n;
				break;
			}
			have = n;
			used = 0;
		}
		ret = loom_disk_de_decode(buf + used, have - used, &di);
		if (ret == -ENODATA) {
			ret = 0;
			break;
		}
		if (ret)
			break;
		ret = fn(o, &di, off, arg);
		if (ret)
			break;
		used += di.reclen;
		off += di.reclen;
	}
	kfree(buf);
	*end = off;
	return ret < 0 ? ret : 0;
}

static int ovfs_index_load_one(struct ovfs_obj *o,
			       const struct loom_disk_de_info *di, loff_t off,
			      void *arg)
{
	int ret;

	if (!di->live)
		return 0;
	ret = ovfs_de_add(o, di, off);
	if (ret == -EEXIST) {
		ovfs_fid_warn(&o->fid, "duplicate name in the index", ret);
		return 0;
	}
	return ret;
}

/* Load a directory's index; o->lock held. */
static int ovfs_index_load(struct ovfs_obj *o)
{
	loff_t size, end;
	int ret;

	if (o->indexed)
		return 0;
	if (!S_ISDIR(o->attr.mode))
		return -ENOTDIR;
	size = i_size_read(file_inode(o->file));
	ret = ovfs_index_walk(o, 0, size, ovfs_index_load_one, NULL, &end);
	if (ret == -EUCLEAN) {
		/* a torn append is overwritten by the next one */
		ovfs_fid_warn(&o->fid, "index ends in a bad record", ret);
		ret = 0;
	}
	if (ret) {
		struct ovfs_de *de, *tmp;

		rbtree_postorder_for_each_entry_safe(de, tmp, &o->names, node)
			kfree(de);
		o->names = RB_ROOT;
		o->nr_entries = 0;
		return ret;
	}
	o->index_end = end;
	if (!o->dead) {
		o->indexed = true;
		refcount_inc(&o->ref);
	}
	return 0;
}

static int ovfs_dir_insert(struct loom_osd_obj *dir, const char *name, u32 len,
			   const struct loom_fid *fid, u32 type)
{
	struct ovfs_obj *o = ovfs_obj(dir);
	struct ovfs_osd *vo = ovfs_osd(dir->osd);
	struct rb_node **link, *parent;
	struct loom_disk_de_info di;
	const struct cred *old;
	u8 *rec;
	u32 reclen;
	loff_t pos;
	ssize_t n;
	int ret;

	rec = kmalloc(loom_disk_de_reclen(LOOM_NAME_MAX), GFP_NOFS);
	if (!rec)
		return -ENOMEM;
	reclen = loom_disk_de_encode(rec, loom_disk_de_reclen(LOOM_NAME_MAX),
				     name, len, fid, type);
	if (!reclen) {
		kfree(rec);
		return -EINVAL;
	}
	old = override_creds(vo->cred);
	mutex_lock(&o->lock);
	ret = ovfs_index_load(o);
	if (ret)
		goto out;
	if (ovfs_de_find(o, name, len, &link, &parent)) {
		ret = -EEXIST;
		goto out;
	}
	pos = o->index_end;
	n = kernel_write(o->file, rec, reclen, &pos);
	if (n != reclen) {
		ret = n < 0 ? n : -EIO;
		goto out;
	}
	ret = vfs_fsync(o->file, 1);
	if (ret)
		goto out;
	loom_disk_de_decode(rec, reclen, &di);
	ret = ovfs_de_add(o, &di, o->index_end);
	if (!ret)
		o->index_end += reclen;
out:
	mutex_unlock(&o->lock);
	revert_creds(old);
	kfree(rec);
	return ret;
}

static int ovfs_dir_lookup(struct loom_osd_obj *dir, const char *name, u32 len,
			   struct loom_fid *fid, u32 *type)
{
	struct ovfs_obj *o = ovfs_obj(dir);
	struct ovfs_osd *vo = ovfs_osd(dir->osd);
	struct rb_node **link, *parent;
	const struct cred *old;
	struct ovfs_de *de;
	int ret;

	old = override_creds(vo->cred);
	mutex_lock(&o->lock);
	ret = ovfs_index_load(o);
	if (!ret) {
		de = ovfs_de_find(o, name, len, &link, &parent);
		if (de) {
			*fid = de->fid;
			if (type)
				*type = de->type;
		} else {
			ret = -ENOENT;
		}
	}
	mutex_unlock(&o->lock);
	revert_creds(old);
	return ret;
}

static int ovfs_dir_delete(struct loom_osd_obj *dir, const char *name, u32 len)
{
	struct ovfs_obj *o = ovfs_obj(dir);
	struct ovfs_osd *vo = ovfs_osd(dir->osd);
	__le32 dead = cpu_to_le32(LOOM_DISK_DE_DEAD);
	struct rb_node **link, *parent;
	const struct cred *old;
	struct ovfs_de *de;
	loff_t pos;
	ssize_t n;
	int ret;

	old = override_creds(vo->cred);
	mutex_lock(&o->lock);
	ret = ovfs_index_load(o);
	if (ret)
		goto out;
	de = ovfs_de_find(o, name, len, &link, &parent);
	if (!de) {
		ret = -ENOENT;
		goto out;
	}
	pos = de->off;
	n = kernel_write(o->file, &dead, sizeof(dead), &pos);
	if (n != sizeof(dead)) {
		ret = n < 0 ? n : -EIO;
		goto out;
	}
	ret = vfs_fsync(o->file, 1);
	if (ret)
		goto out;
	rb_erase(&de->node, &o->names);
	o->nr_entries--;
	kfree(de);
out:
	mutex_unlock(&o->lock);
	revert_creds(old);
	return ret;
}

struct ovfs_iter_ctx {
	loom_osd_filldir_t	filldir;
	void			*arg;
	loff_t			stopped;
};

static int ovfs_iter_one(struct ovfs_obj *o, const struct loom_disk_de_info *di,
			 loff_t off, void *arg)
{
	struct ovfs_iter_ctx *ctx = arg;

	if (!di->live)
		return 0;
	if (ctx->filldir(ctx->arg, di->name, di->name_len, &di->fid, di->type,
			 off + di->reclen)) {
		ctx->stopped = off;
		return 1;
	}
	return 0;
}

static int ovfs_dir_iterate(struct loom_osd_obj *dir, u64 *pos,
			    loom_osd_filldir_t filldir, void *arg)
{
	struct ovfs_obj *o = ovfs_obj(dir);
	struct ovfs_osd *vo = ovfs_osd(dir->osd);
	struct ovfs_iter_ctx ctx = { .filldir = filldir, .arg = arg,
				    .stopped = -1 };
	const struct cred *old;
	loff_t end;
	int ret;

	old = override_creds(vo->cred);
	mutex_lock(&o->lock);
	ret = ovfs_index_load(o);
	if (ret)
		goto out;
	if (*pos >= o->index_end) {
		*pos = LOOM_DIR_EOF;
		goto out;
	}
	if (*pos % 8) {
		ret = -EINVAL;
		goto out;
	}
	ret = ovfs_index_walk(o, *pos, o->index_end, ovfs_iter_one, &ctx, &end);
	if (ret == -EUCLEAN)
		ovfs_fid_warn(&o->fid, "bad index record", ret);
	if (ret)
		goto out;
	*pos = ctx.stopped >= 0 ? ctx.stopped : LOOM_DIR_EOF;
out:
	mutex_unlock(&o->lock);
	revert_creds(old);
	return ret;
}

static u64 ovfs_dir_count(struct loom_osd_obj *dir)
{
	struct ovfs_obj *o = ovfs_obj(dir);
	struct ovfs_osd *vo = ovfs_osd(dir->osd);
	const struct cred *old;
	u64 n = 0;

	old = override_creds(vo->cred);
	mutex_lock(&o->lock);
	if (!ovfs_index_load(o))
		n = o->nr_entries;
	mutex_unlock(&o->lock);
	revert_creds(old);
	return n;
}

static int ovfs_statfs(struct loom_osd *osd, struct loom_osd_statfs *st)
{
	struct ovfs_osd *vo = ovfs_osd(osd);
	struct kstatfs k;
	int ret;

	ret = vfs_statfs(&vo->root, &k);
	if (ret)
		return ret;
	st->bsize = k.f_bsize;
	st->blocks = k.f_blocks;
	st->bfree = k.f_bavail;
	st->files = k.f_files;
	st->ffree = k.f_ffree;
	return 0;
}

/* Flush every object with unsynced data; with @all drop the cache too. */
static int ovfs_sync_all(struct ovfs_osd *vo)
{
	struct ovfs_obj *o, *tmp;
	const struct cred *old;
	struct rb_node *n;
	LIST_HEAD(list);
	int ret = 0, err;

	spin_lock(&vo->lock);
	for (n = rb_first(&vo->objs); n; n = rb_next(n)) {
		o = rb_entry(n, struct ovfs_obj, node);
		if (READ_ONCE(o->dirty)) {
			refcount_inc(&o->ref);
			list_add_tail(&o->sync_list, &list);
		}
	}
	spin_unlock(&vo->lock);
	old = override_creds(vo->cred);
	list_for_each_entry_safe(o, tmp, &list, sync_list) {
		list_del_init(&o->sync_list);
		err = ovfs_obj_sync(&o->obj);
		if (err && !ret)
			ret = err;
		ovfs_obj_put(&o->obj);
	}
	revert_creds(old);
	return ret;
}

static int ovfs_replies_sync(struct ovfs_osd *vo)
{
	const struct cred *old;
	int ret;

	old = override_creds(vo->cred);
	ret = vfs_fsync(vo->replies, 1);
	revert_creds(old);
	return ret;
}

static int ovfs_sync(struct loom_osd *osd)
{
	struct ovfs_osd *vo = ovfs_osd(osd);
	int ret, err;

	ret = ovfs_sync_all(vo);
	/* after the data: a record never claims more than is on disk */
	err = ovfs_replies_sync(vo);
	return ret ?: err;
}

static ssize_t ovfs_reply_read(struct loom_osd *osd, u64 pos, void *buf,
			       size_t len)
{
	struct ovfs_osd *vo = ovfs_osd(osd);
	const struct cred *old;
	loff_t off = pos;
	size_t done = 0;
	ssize_t n;

	old = override_creds(vo->cred);
	while (done < len) {
		n = kernel_read(vo->replies, buf + done, len - done, &off);
		if (n <= 0) {
			if (n < 0 && !done)
				done = n;
			break;
		}
		done += n;
	}
	revert_creds(old);
	return done;
}

static int ovfs_reply_write(struct loom_osd *osd, u64 pos, const void *buf,
			    size_t len, bool sync)
{
	struct ovfs_osd *vo = ovfs_osd(osd);
	const struct cred *old;
	loff_t off = pos;
	ssize_t n;
	int ret = 0;

	old = override_creds(vo->cred);
	n = kernel_write(vo->replies, buf, len, &off);
	if (n < 0)
		ret = n;
	else if (n != len)
		ret = -EIO;
	if (!ret && sync)
		ret = vfs_fsync_range(vo->replies, pos, pos + len - 1, 1);
	revert_creds(old);
	return ret;
}

static void ovfs_release(struct loom_osd *osd)
{
	struct ovfs_osd *vo = ovfs_osd(osd);
	const struct cred *old;
	struct rb_node *n;
	int i;

	ovfs_sync_all(vo);
	if (ovfs_replies_sync(vo))
		pr_err_ratelimited("loom: osd: cannot sync the reply log\n");
	/* no handles are left: what is cached holds only its own pins */
	while ((n = rb_first(&vo->objs))) {
		struct ovfs_obj *o = rb_entry(n, struct ovfs_obj, node);

		rb_erase(n, &vo->objs);
		old = override_creds(vo->cred);
		mutex_lock(&o->lock);
		if (ovfs_obj_flush(o))
			ovfs_fid_warn(&o->fid, "cannot flush at release", -EIO);
		mutex_unlock(&o->lock);
		revert_creds(old);
		ovfs_obj_free(o);
	}
	for (i = 0; i < LOOM_DISK_NR_HASH; i++)
		if (vo->hash[i])
			fput(vo->hash[i]);
	fput(vo->replies);
	path_put(&vo->root);
	put_cred(vo->cred);
	kfree(vo);
}

static const struct loom_osd_ops ovfs_osd_ops = {
	.release	= ovfs_release,
	.statfs		= ovfs_statfs,
	.sync		= ovfs_sync,
	.obj_find	= ovfs_obj_find,
	.obj_put	= ovfs_obj_put,
	.obj_destroy	= ovfs_obj_destroy,
	.obj_sync	= ovfs_obj_sync,
	.obj_getattr	= ovfs_obj_getattr,
	.obj_setattr	= ovfs_obj_setattr,
	.obj_read	= ovfs_obj_read,
	.obj_write	= ovfs_obj_write,
	.obj_punch	= ovfs_obj_punch,
	.xattr_get	= ovfs_xattr_get,
	.xattr_set	= ovfs_xattr_set,
	.dir_insert	= ovfs_dir_insert,
	.dir_lookup	= ovfs_dir_lookup,
	.dir_delete	= ovfs_dir_delete,
	.dir_iterate	= ovfs_dir_iterate,
	.dir_count	= ovfs_dir_count,
	.reply_read	= ovfs_reply_read,
	.reply_write	= ovfs_reply_write,
	.obj_fallocate	= ovfs_obj_fallocate,
	.obj_seek	= ovfs_obj_seek,
};

static int ovfs_check_label(struct ovfs_osd *vo, u32 type, u32 index,
			    const char *fsname, struct netlink_ext_ack *extack)
{
	struct loom_disk_label l;
	struct file *f;
	loff_t pos = 0;
	ssize_t n;
	u8 extra;

	f = ovfs_open_rel(vo, LOOM_DISK_LABEL, O_RDONLY, 0);
	if (IS_ERR(f)) {
		NL_SET_ERR_MSG(extack, "the directory is not formatted by mkfs.loom (no LABEL)");
		return PTR_ERR(f) == -ENOENT ? -ENODEV : PTR_ERR(f);
	}
	n = kernel_read(f, &l, sizeof(l), &pos);
	if (n == sizeof(l) && kernel_read(f, &extra, 1, &pos) != 0)
		n = -EUCLEAN;
	fput(f);
	if (n < 0 && n != -EUCLEAN)
		return n;
	if (n != sizeof(l) || loom_disk_label_check(&l, sizeof(l))) {
		pr_err_ratelimited("loom: osd: corrupt target label\n");
		NL_SET_ERR_MSG(extack, "corrupt target label (run fsck.loom)");
		return -EUCLEAN;
	}
	if (le16_to_cpu(l.type) != type) {
		NL_SET_ERR_MSG(extack, "the directory is formatted for another target type");
		return -EINVAL;
	}
	if (strncmp((const char *)l.fsname, fsname, sizeof(l.fsname))) {
		NL_SET_ERR_MSG(extack, "the directory is formatted for another filesystem");
		return -EINVAL;
	}
	if (le32_to_cpu(l.index) != index) {
		NL_SET_ERR_MSG(extack, "the directory is formatted for another target index");
		return -EINVAL;
	}
	return 0;
}

/**
 * loom_osd_vfs_create() - open the persistent OSD of a formatted directory
 * @path: absolute path of the directory, formatted by mkfs.loom
 * @type: the target type it must be formatted for
 * @index: the target index it must be formatted for
 * @fsname: the filesystem name it must be formatted for
 * @extack: for error messages
 *
 * Return: the OSD, or ERR_PTR(-ENOENT) (no such directory), -ENOTDIR,
 * -ENODEV (not formatted), -EUCLEAN (corrupt label), -EINVAL (formatted
 * for another target), -EOPNOTSUPP (no trusted xattrs) or -ENOMEM.
 */
struct loom_osd *loom_osd_vfs_create(const char *path, u32 type, u32 index,
				     const char *fsname,
				     struct netlink_ext_ack *extack)
{
	char name[8];
	const struct cred *old;
	struct ovfs_osd *vo;
	int i, ret;

	if (!path || path[0] != '/') {
		NL_SET_ERR_MSG(extack, "the backend directory must be an absolute path");
		return ERR_PTR(-EINVAL);
	}
	vo = kzalloc_obj(*vo, GFP_KERNEL);
	if (!vo)
		return ERR_PTR(-ENOMEM);
	vo->osd.ops = &ovfs_osd_ops;
	mutex_init(&vo->open_lock);
	spin_lock_init(&vo->lock);
	vo->objs = RB_ROOT;
	vo->cred = prepare_kernel_cred(&init_task);
	if (!vo->cred) {
		kfree(vo);
		return ERR_PTR(-ENOMEM);
	}
	old = override_creds(vo->cred);
	ret = kern_path(path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &vo->root);
	if (ret) {
		NL_SET_ERR_MSG(extack, "cannot find the backend directory");
		goto err_cred;
	}
	ret = ovfs_check_label(vo, type, index, fsname, extack);
	if (ret)
		goto err_path;
	for (i = 0; i < LOOM_DISK_NR_HASH; i++) {
		snprintf(name, sizeof(name), "O/%02x", i);
		vo->hash[i] = ovfs_open_rel(vo, name, O_RDONLY | O_DIRECTORY, 0);
		if (IS_ERR(vo->hash[i])) {
			ret = PTR_ERR(vo->hash[i]);
			vo->hash[i] = NULL;
			NL_SET_ERR_MSG(extack, "object directories missing (run fsck.loom)");
			goto err_hash;
		}
	}
	vo->replies = ovfs_open_rel(vo, LOOM_DISK_REPLIES, O_RDWR | O_CREAT,
				    0600);
	if (IS_ERR(vo->replies)) {
		ret = PTR_ERR(vo->replies);
		NL_SET_ERR_MSG(extack, "cannot open the reply log");
		goto err_hash;
	}
	revert_creds(old);
	return &vo->osd;

err_hash:
	while (i--)
		fput(vo->hash[i]);
err_path:
	path_put(&vo->root);
err_cred:
	revert_creds(old);
	put_cred(vo->cred);
	kfree(vo);
	return ERR_PTR(ret);
}

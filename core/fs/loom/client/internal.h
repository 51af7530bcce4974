/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loom client: declarations shared by the files of client/.
 *
 * The client keeps one connection to the MGS, one to MDT0 and one per OST
 * of the filesystem.  Inodes are keyed by FID; a regular file carries its
 * RAID-0 layout, decoded and validated once, which maps file ranges to
 * (object, offset) pairs on the OSTs.  File data is cached in the page
 * cache (aops.c), coherent between clients from close to open.
 */
#ifndef _LOOM_CLIENT_INTERNAL_H
#define _LOOM_CLIENT_INTERNAL_H

#include <linux/fs.h>
#include <linux/spinlock.h>
#include <linux/time64.h>
#include "../common/wire.h"
#include "../common/rpc.h"
#include "../common/ldlm.h"

#define LOOM_SUPER_MAGIC	0x4c4f4f4d	/* "LOOM" */
#define LOOM_DEFAULT_TIMEOUT	30		/* seconds */
#define LOOM_READAHEAD_BYTES	(8 * 1024 * 1024)	/* one run, aops.c */

/**
 * struct loom_sb_info - one mounted Loom filesystem
 * @net: network namespace of the mount (a reference is held)
 * @mgs_nid: NID of the MGS, from the mount source
 * @fsname: filesystem name, NUL-terminated
 * @timeout: RPC timeout in seconds (timeout= mount option)
 * @mgs: connection to the MGS
 * @mdt: connection to MDT0
 * @osts: connections indexed by OST index, %NULL where there is none
 * @nr_osts: one past the highest OST index with a connection
 * @def_layout: the filesystem's default layout, from the MGS
 * @root_fid: FID of the root directory
 * @dlm: every target negotiated %LOOM_FEAT_DLM: caches live under locks
 * @dlm_dying: unmounting: cancelled locks leave the inodes alone
 * @dlm_lock: protects the locks of the mount (dlm.c)
 * @dlm_lru: granted locks nobody uses, oldest first
 * @dlm_nr_lru: entries on @dlm_lru
 * @dlm_cancel: locks queued for @dlm_work to cancel
 * @dlm_work: cancels them
 * @dlm_ping: pings the targets (dlm.c)
 * @dlm_gl: answers to glimpse callbacks, for @dlm_gl_work to send
 * @dlm_gl_work: sends them
 * @dlm_replay: open locks to replay to a restarted MDT (dlm.c)
 * @dlm_replay_work: replays them, then the advisory locks
 * @acl: the acl mount option: 1 acl, 0 noacl, -1 (default) acl if the
 *	MDT keeps ACLs
 * @mgc: following the MGS's configuration (mgc.c), or %NULL
 * @flock: enum loom_flock_mode: flock, localflock or noflock (flock.c);
 *	-1 until the mount options are parsed
 * @flock_lock: serializes the MDT_FLOCK SETs and @flock_res
 * @flock_res: the advisory locks the MDT granted this mount, per file,
 *	to replay after it restarts (flock.c)
 */
struct loom_sb_info {
	struct net		*net;
	struct loomnet_nid	mgs_nid;
	char			fsname[LOOM_FSNAME_MAX];
	unsigned int		timeout;
	struct loom_conn	*mgs;
	struct loom_conn	*mdt;
	struct loom_conn	**osts;
	u32			nr_osts;
	struct loom_layout_default def_layout;
	struct loom_fid		root_fid;
	bool			dlm;
	bool			dlm_dying;
	spinlock_t		dlm_lock;	/* the mount's locks */
	struct list_head	dlm_lru;
	unsigned int		dlm_nr_lru;
	struct list_head	dlm_cancel;
	struct work_struct	dlm_work;
	struct delayed_work	dlm_ping;
	struct list_head	dlm_gl;
	struct work_struct	dlm_gl_work;
	struct list_head	dlm_replay;
	struct work_struct	dlm_replay_work;
	int			acl;
	struct loom_mgc		*mgc;
	int			flock;
	struct mutex		flock_lock;	/* SETs, flock_res */
	struct list_head	flock_res;
};

/* loom_sb_info.flock: where fcntl() and flock() locks are arbitrated */
enum loom_flock_mode {
	LOOM_FLOCK_MODE_ON,	/* flock (default): by the MDT */
	LOOM_FLOCK_MODE_LOCAL,	/* localflock: on each node */
	LOOM_FLOCK_MODE_OFF,	/* noflock: -ENOLCK */
};

/**
 * struct loom_cl_layout - a validated RAID-0 layout, in native byte order
 * @pattern: %LOOM_LAYOUT_RAID0
 * @stripe_size: bytes per stripe
 * @stripe_count: number of entries in @objs, at least 1
 * @generation: layout generation
 * @objs: the objects; @objs[i].ost_index has a connection in the sb
 */
struct loom_cl_layout {
	u32			pattern;
	u32			stripe_size;
	u16			stripe_count;
	u16			generation;
	struct loom_cl_obj {
		u32		ost_index;
		struct loom_fid	oid;
	} objs[] __counted_by(stripe_count);
};

/**
 * struct loom_inode_info - the client's part of an inode
 * @fid: the inode's FID, as it travels on the wire
 * @layout: regular files: the layout once known, then never changed
 *	(set with cmpxchg(), freed with the inode)
 * @destroy: this client removed the last link: destroy the objects at
 *	eviction (the MDT does with %LOOM_FEAT_MDT_DESTROY)
 * @release: the MDT keeps the objects until MDT_RELEASE at eviction
 * @size_lock: serializes changes of i_size and of the fields below
 * @data_valid: @data_size and @data_mtime describe the cached pages
 * @data_size: file size the OSTs reported when the cache was last
 *	found valid
 * @data_mtime: newest object mtime then
 * @dlm_locks: the locks serving this inode (under sbi->dlm_lock)
 * @dlm_flags: LOOM_LI_* bits
 * @dlm_lookup_locks: granted locks with LOOM_IBIT_LOOKUP (directories)
 * @dlm_attr_gen: bumped when a lock with LOOM_IBIT_UPDATE goes
 * @dlm_dir_gen: bumped when such a lock goes; dentries stamped with the
 *	current value in d_time are valid while a lock is held
 * @dlm_xattr_gen: bumped when a lock with LOOM_IBIT_XATTR goes, and when
 *	this client changes an extended attribute
 * @vfs_inode: the VFS inode
 */
struct loom_inode_info {
	struct loom_fid		fid;
	struct loom_cl_layout	*layout;
	bool			destroy;
	bool			release;
	spinlock_t		size_lock;	/* i_size and the data_* fields */
	bool			data_valid;
	u64			data_size;
	struct timespec64	data_mtime;
	struct list_head	dlm_locks;
	unsigned long		dlm_flags;
	unsigned int		dlm_lookup_locks;
	unsigned long		dlm_dir_gen;
	unsigned long		dlm_attr_gen;
	unsigned long		dlm_xattr_gen;
	struct inode		vfs_inode;
};

/* loom_inode_info.dlm_flags */
enum {
	LOOM_LI_ATTR_VALID,	/* attributes under an UPDATE lock */
	LOOM_LI_SIZE_VALID,	/* i_size under extent locks on all objects */
	LOOM_LI_DIR_COMPLETE,	/* every name is in the dcache (namei.c) */
	LOOM_LI_NO_CAPS,	/* no security.capability, under an XATTR lock */
};

static inline struct loom_inode_info *loom_i(struct inode *inode)
{
	return container_of(inode, struct loom_inode_info, vfs_inode);
}

static inline struct loom_sb_info *loom_sbi(struct super_block *sb)
{
	return sb->s_fs_info;
}

static inline bool loom_fid_equal(const struct loom_fid *a,
				  const struct loom_fid *b)
{
	return a->seq == b->seq && a->oid == b->oid && a->ver == b->ver;
}

struct loom_cl_lock;

/* super.c */
struct loom_req *loom_cl_req(struct loom_conn *conn, u16 opcode, u32 len);
const void *loom_cl_call(struct loom_req *req, u32 min_len);
struct loom_conn *loom_cl_ost(struct super_block *sb, u32 ost_index);
struct loom_conn *loom_cl_connect(struct loom_sb_info *sbi,
				  const struct loomnet_nid *nid,
				  enum loom_target_type type, u32 index);

/* mgc.c */
struct loom_mgc;
void loom_mgc_start(struct super_block *sb);
void loom_mgc_stop(struct loom_sb_info *sbi);
void loom_mgc_callback(u64 cookie);

/* inode.c */
u64 loom_fid_ino(const struct loom_fid *fid);
int loom_check_attr(const struct loom_attr *attr);
struct loom_cl_layout *loom_layout_decode(struct super_block *sb,
					  const struct loom_layout *wl);
struct inode *loom_iget(struct super_block *sb,
			const struct loom_body_attr_layout *body);
void loom_inode_update(struct inode *inode, const struct loom_attr *attr);
int loom_inode_refresh(struct inode *inode);
int loom_refresh_size(struct inode *inode);
bool loom_has_unsent(struct inode *inode);
int loom_data_lock(struct inode *inode, u32 mode, struct loom_cl_lock **held);
void loom_data_unlock(struct inode *inode, struct loom_cl_lock **held);
struct loom_cl_lock **loom_data_lock_alloc(struct inode *inode);
void loom_extend_size(struct inode *inode, loff_t end);
void loom_data_changed(struct inode *inode);
int loom_punch(struct inode *inode, loff_t size);
int loom_getattr(struct mnt_idmap *idmap, const struct path *path,
		 struct kstat *stat, u32 request_mask, unsigned int flags);
int loom_setattr(struct mnt_idmap *idmap, struct dentry *dentry,
		 struct iattr *iattr);
int loom_ost_obj_op(struct super_block *sb, const struct loom_cl_obj *obj,
		    u16 opcode, u64 start, u64 end,
		    struct loom_ost_obj_rep *rep);
struct inode *loom_alloc_inode(struct super_block *sb);
void loom_free_inode(struct inode *inode);
void loom_evict_inode(struct inode *inode);
int loom_inode_cache_init(void);
void loom_inode_cache_exit(void);

extern const struct inode_operations loom_file_inode_ops;
extern const struct inode_operations loom_symlink_inode_ops;
extern const struct inode_operations loom_special_inode_ops;

/* namei.c */
extern const struct dentry_operations loom_dentry_ops;
void loom_mdt_release(struct inode *inode);
void loom_dead_inode(struct inode *inode,
		     const struct loom_body_attr_layout *rep);
extern const struct inode_operations loom_dir_inode_ops;

/* dir.c */
extern const struct file_operations loom_dir_ops;

/* file.c */
struct loom_stripe_chunk;
void loom_map_chunk(const struct loom_cl_layout *lo, u64 pos, u64 len,
		    struct loom_stripe_chunk *c);
ssize_t loom_obj_io(struct inode *inode, const struct loom_cl_layout *lo,
		    const struct loom_stripe_chunk *c, struct bio_vec *bvec,
		    unsigned int nr, bool write);
extern const struct file_operations loom_file_ops;

/* aops.c */
int loom_pages_io(struct inode *inode, const struct loom_cl_layout *lo,
		  u64 pos, struct bio_vec *bvec, unsigned int nr, size_t len,
		  bool write);
int loom_aops_init(void);
void loom_aops_exit(void);
extern const struct address_space_operations loom_aops;

/* dlm.c */
struct loom_cl_lock;
extern struct workqueue_struct *loom_dlm_wq;
void loom_dlm_sb_init(struct loom_sb_info *sbi);
void loom_dlm_sb_start(struct loom_sb_info *sbi);
void loom_dlm_sb_shutdown(struct loom_sb_info *sbi);
void loom_dlm_cancel_work(struct work_struct *work);
struct loom_cl_lock *loom_dlm_lock(struct inode *inode, struct loom_conn *conn,
				   const struct loom_fid *res,
				   const struct loom_lock_desc *want,
				   int stripe, u32 intent, const char *name,
				   u32 name_len, struct loom_req **reqp);
void loom_dlm_put(struct loom_cl_lock *lk);
struct loom_cl_lock *loom_dlm_prepare(struct loom_sb_info *sbi,
				      struct loom_conn *conn,
				      const struct loom_lock_desc *want,
				      int stripe);
u64 loom_dlm_cookie(const struct loom_cl_lock *lk);
void loom_dlm_attach(struct loom_cl_lock *lk, struct inode *inode,
		     const struct loom_fid *res, u64 handle,
		     const struct loom_lock_desc *granted);
void loom_dlm_abort(struct loom_cl_lock *lk, u64 handle);
struct loom_cl_lock *loom_dlm_find(struct inode *inode, struct loom_conn *conn,
				   const struct loom_fid *res,
				   const struct loom_lock_desc *want);

/* What this client changed itself: its cached attributes are stale. */
static inline void loom_attr_stale(struct inode *inode)
{
	clear_bit(LOOM_LI_ATTR_VALID, &loom_i(inode)->dlm_flags);
}

bool loom_dlm_is_new(const struct loom_cl_lock *lk);
const struct loom_ost_obj_rep *loom_dlm_lock_lvb(const struct loom_cl_lock *lk);
void loom_dlm_evict_inode(struct inode *inode);
void loom_dlm_conn_reset(struct loom_sb_info *sbi, struct loom_conn *conn);
bool loom_dlm_dentry_valid(struct dentry *dentry, struct inode *dir);
void loom_dlm_dentry_stamp(struct dentry *dentry, struct inode *dir);
bool loom_dlm_held_gen(struct inode *inode, const struct loom_lock_desc *want,
		       unsigned long *gen);
bool loom_dlm_attr_set_valid(struct inode *inode, unsigned long gen);
bool loom_dlm_xattr_gen(struct inode *inode, unsigned long *gen);
void loom_dlm_xattr_changed(struct inode *inode);
void loom_dlm_no_caps_set(struct inode *inode, unsigned long gen);
int loom_dlm_init(void);
void loom_dlm_exit(void);

/* xattr.c */
ssize_t loom_listxattr(struct dentry *dentry, char *list, size_t size);
ssize_t loom_xattr_fetch(struct inode *inode, u16 opcode, const char *name,
			 void *buf, size_t size);
int loom_xattr_send(struct inode *inode, const char *name, const void *value,
		    size_t size, u32 wflags, umode_t mode);
extern const struct xattr_handler loom_xattr_user_handler;
extern const struct xattr_handler loom_xattr_trusted_handler;
extern const struct xattr_handler loom_xattr_security_handler;

/**
 * struct loom_new_acls - the ACLs of an inode being created
 * @valid: computed: the new inode has these and no others
 * @acl: its access ACL, or %NULL
 * @dacl: its default ACL, or %NULL
 * @abuf: @acl in the portable format
 * @dbuf: @dacl in the portable format
 * @alen: bytes of @abuf
 * @dlen: bytes of @dbuf
 */
struct loom_new_acls {
	bool			valid;
	struct posix_acl	*acl;
	struct posix_acl	*dacl;
	void			*abuf;
	void			*dbuf;
	size_t			alen;
	size_t			dlen;
};

/* acl.c */
void loom_inode_acl_changed(struct inode *inode);
struct posix_acl *loom_get_acl(struct inode *inode, int type, bool rcu);
int loom_inode_set_acl(struct mnt_idmap *idmap, struct inode *inode,
		       struct posix_acl *acl, int type);
int loom_acl_prepare(struct inode *dir, umode_t *mode,
		     struct loom_new_acls *na);
void loom_acl_instantiate(struct inode *inode, const struct loom_new_acls *na);
void loom_acl_release(struct loom_new_acls *na);

/* ->set_acl of every inode but symlinks; acl.c does the work */
static inline int loom_set_acl(struct mnt_idmap *idmap, struct dentry *dentry,
			       struct posix_acl *acl, int type)
{
	return loom_inode_set_acl(idmap, d_inode(dentry), acl, type);
}

/* flock.c */
int loom_lock(struct file *file, int cmd, struct file_lock *fl);
int loom_flock(struct file *file, int cmd, struct file_lock *fl);
void loom_flock_sb_init(struct loom_sb_info *sbi);
void loom_flock_sb_free(struct loom_sb_info *sbi);
void loom_flock_replay(struct loom_sb_info *sbi);

/* ioctl.c */
long loom_ioctl(struct file *file, unsigned int cmd, unsigned long arg);

#endif /* _LOOM_CLIENT_INTERNAL_H */

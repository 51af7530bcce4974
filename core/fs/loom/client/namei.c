// SPDX-License-Identifier: GPL-2.0
/*
 * Loom client: the namespace operations of directories.
 *
 * Every operation is one RPC to MDT0; the reply describes the inode the
 * operation produced (or, for unlink and rename, the one it removed).
 *
 * Under the DLM a directory's dentries, negative ones too, are valid as
 * long as this client holds a lock with LOOM_IBIT_LOOKUP on it: the first
 * lookup takes one with the answer (LDLM_ENQUEUE with a LOOKUP intent),
 * later lookups under it are plain LOOKUPs, and ->d_revalidate trusts a
 * dentry stamped while the lock was held.
 */

#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/cred.h>
#include <linux/kdev_t.h>
#include <linux/timekeeping.h>
#include <linux/err.h>
#include "internal.h"

/* Request bodies are 8-byte aligned; names follow the fixed part. */
static u32 loom_name_body_len(size_t fixed, size_t names)
{
	return fixed + round_up(names, 8);
}

static struct loom_req *loom_name_req(struct inode *dir, u16 opcode,
				      size_t fixed, size_t names)
{
	return loom_cl_req(loom_sbi(dir->i_sb)->mdt, opcode,
			   loom_name_body_len(fixed, names));
}

/* Decode a reply describing one inode into a referenced inode. */
static struct inode *loom_reply_iget(struct super_block *sb,
				     struct loom_req *req)
{
	const struct loom_body_attr_layout *rep;

	rep = loom_cl_call(req, sizeof(*rep));
	if (IS_ERR(rep))
		return ERR_CAST(rep);
	return loom_iget(sb, rep);
}

/*
 * LOOKUP under the directory's LOOKUP lock: the inode, %NULL (no such
 * name) or an ERR_PTR().  The dentry is stamped valid for as long as the
 * lock stays.
 */
static struct inode *loom_lookup_locked(struct inode *dir,
					struct dentry *dentry,
					const struct qstr *name)
{
	struct loom_sb_info *sbi = loom_sbi(dir->i_sb);
	const struct loom_lock_desc want = {
		.type = LOOM_LDLM_IBITS,
		.mode = LOOM_LCK_PR,
		.bits = LOOM_IBIT_LOOKUP,
	};
	const struct loom_ldlm_enqueue_rep *rep;
	struct loom_lookup_req *body;
	struct loom_cl_lock *lk;
	struct loom_req *req;
	struct inode *inode;

	unsigned long gen;

	lk = loom_dlm_find(dir, sbi->mdt, &loom_i(dir)->fid, &want);
	if (lk && test_bit(LOOM_LI_DIR_COMPLETE, &loom_i(dir)->dlm_flags)) {
		/* every name is in the dcache: this one does not exist */
		loom_dlm_dentry_stamp(dentry, dir);
		loom_dlm_put(lk);
		return NULL;
	}
	loom_dlm_put(lk);
	/*
	 * Under the lock, a plain LOOKUP, sent without holding the lock: a
	 * change queued before it on the MDT may be waiting for it.  The
	 * dentry is valid if the lock stayed meanwhile.
	 */
	if (loom_dlm_held_gen(dir, &want, &gen)) {
		req = loom_name_req(dir, LOOM_OPC_MDT_LOOKUP, sizeof(*body),
				    name->len);
		if (IS_ERR(req))
			return ERR_CAST(req);
		body = req->req_body;
		body->parent = loom_i(dir)->fid;
		body->name_len = cpu_to_le32(name->len);
		memcpy(body + 1, name->name, name->len);
		inode = loom_reply_iget(dir->i_sb, req);
		loom_req_free(req);
		if (inode == ERR_PTR(-ENOENT))
			inode = NULL;
		if (!IS_ERR(inode))
			dentry->d_time = gen;
		return inode;
	}
	lk = loom_dlm_lock(dir, sbi->mdt, &loom_i(dir)->fid, &want, -1,
			   LOOM_IT_LOOKUP, name->name, name->len, &req);
	if (IS_ERR(lk))
		return ERR_CAST(lk);
	rep = req->rep_body;
	if (le32_to_cpu(rep->flags) & LOOM_LDLM_F_NEGATIVE)
		inode = NULL;
	else if (req->rep_len < sizeof(*rep) +
		 sizeof(struct loom_body_attr_layout))
		inode = ERR_PTR(-EPROTO);
	else
		inode = loom_iget(dir->i_sb, (const void *)(rep + 1));
	loom_req_free(req);
	if (!IS_ERR(inode))
		loom_dlm_dentry_stamp(dentry, dir);
	loom_dlm_put(lk);
	return inode;
}

static struct dentry *loom_lookup(struct inode *dir, struct dentry *dentry,
				  unsigned int flags)
{
	const struct qstr *name = &dentry->d_name;
	struct loom_lookup_req *body;
	struct loom_req *req;
	struct inode *inode;

	if (name->len > LOOM_NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);

	if (loom_sbi(dir->i_sb)->dlm) {
		inode = loom_lookup_locked(dir, dentry, name);
		return d_splice_alias(inode, dentry);
	}
	req = loom_name_req(dir, LOOM_OPC_MDT_LOOKUP, sizeof(*body), name->len);
	if (IS_ERR(req))
		return ERR_CAST(req);
	body = req->req_body;
	body->parent = loom_i(dir)->fid;
	body->name_len = cpu_to_le32(name->len);
	memcpy(body + 1, name->name, name->len);

	inode = loom_reply_iget(dir->i_sb, req);
	loom_req_free(req);
	if (inode == ERR_PTR(-ENOENT))
		inode = NULL;
	return d_splice_alias(inode, dentry);
}

/*
 * ->d_revalidate: a dentry stamped under its directory's LOOKUP lock is
 * valid while the lock is held; otherwise the name is looked up again and
 * the dentry kept if it still names the same inode (or still nothing).
 */
static int loom_d_revalidate(struct inode *dir, const struct qstr *name,
			     struct dentry *dentry, unsigned int flags)
{
	struct inode *inode, *found;

	if (loom_dlm_dentry_valid(dentry, dir))
		return 1;
	if (flags & LOOKUP_RCU)
		return -ECHILD;
	if (name->len > LOOM_NAME_MAX)
		return 0;
	found = loom_lookup_locked(dir, dentry, name);
	if (IS_ERR(found))
		return PTR_ERR(found) == -ESTALE || PTR_ERR(found) == -ENOENT ?
		       0 : PTR_ERR(found);
	inode = d_inode(dentry);
	iput(found);
	if (found == inode)
		return 1;
	/* it names something else now: forget the stamp */
	dentry->d_time = loom_i(dir)->dlm_dir_gen - 1;
	return 0;
}

/*
 * ->d_prune: a hashed dentry leaves the dcache, so its directory's
 * dentries no longer list every name (LOOM_LI_DIR_COMPLETE).
 */
static void loom_d_prune(struct dentry *dentry)
{
	struct dentry *parent = dentry->d_parent;
	struct inode *dir = parent != dentry ? d_inode(parent) : NULL;

	if (dir && S_ISDIR(dir->i_mode))
		clear_bit(LOOM_LI_DIR_COMPLETE, &loom_i(dir)->dlm_flags);
}

const struct dentry_operations loom_dentry_ops = {
	.d_revalidate	= loom_d_revalidate,
	.d_prune	= loom_d_prune,
};

/*
 * The lock a CREATE reply grants: its handle, 0 for none.  *@trusted is
 * false for one to cancel at once: malformed, or granted under a handle
 * of the MDT connection that changed since (the reply may come from the
 * reply cache of a target that restarted or evicted this client).
 */
static u64 loom_create_lock_granted(const void *tail,
				    struct loom_lock_desc *want, u64 epoch,
				    struct loom_conn *mdt, bool *trusted)
{
	const struct loom_create_lock_rep *lr = tail;
	u64 handle = le64_to_cpu(lr->handle);
	u64 bits = le64_to_cpu(lr->bits);

	*trusted = handle && bits && !(bits & ~want->bits) &&
		   loom_conn_epoch(mdt) == epoch;
	if (*trusted)
		want->bits = bits;
	return handle;
}

/* CREATE of any kind of inode; @target is a symlink's target. */
static struct inode *loom_create_node(struct inode *dir, struct dentry *dentry,
				      umode_t mode, dev_t rdev,
				      const char *target, bool excl,
				      bool *created)
{
	const struct qstr *name = &dentry->d_name;
	struct loom_sb_info *sbi = loom_sbi(dir->i_sb);
	size_t tgt_len = target ? strlen(target) : 0;
	struct loom_lock_desc want = {
		.type = LOOM_LDLM_IBITS,
		.mode = LOOM_LCK_PR,
		.bits = LOOM_IBIT_UPDATE | LOOM_IBIT_XATTR |
			(S_ISDIR(mode) ? LOOM_IBIT_LOOKUP : 0),
	};
	static const struct loom_lock_desc open_want = {
		.type = LOOM_LDLM_IBITS,
		.mode = LOOM_LCK_PR,
		.bits = LOOM_IBIT_OPEN,
	};
	const struct loom_body_attr_layout *rep;
	struct loom_cl_lock *lk = NULL, *olk = NULL;
	struct loom_create_req *body;
	struct loom_create_lock *cl;
	struct loom_create_acl *ca;
	struct loom_new_acls na;
	struct loom_req *req;
	struct inode *inode;
	struct timespec64 now;
	kgid_t gid = current_fsgid();
	size_t fixed = sizeof(*body);
	u32 flags = excl ? LOOM_CREATE_EXCL : 0;
	u64 handle = 0, ohandle = 0, epoch = 0;
	size_t rep_len = sizeof(*rep);
	bool trusted = false;
	char *tail;
	int rc;

	if (name->len > LOOM_NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	if (tgt_len > LOOM_SYMLINK_MAX)
		return ERR_PTR(-ENAMETOOLONG);

	if (dir->i_mode & S_ISGID) {
		gid = dir->i_gid;
		if (S_ISDIR(mode))
			mode |= S_ISGID;
	}

	/* the umask or the default ACL, sent with the CREATE (acl.c) */
	rc = loom_acl_prepare(dir, &mode, &na);
	if (rc)
		return ERR_PTR(rc);
	if (na.alen || na.dlen) {
		fixed += sizeof(*ca);
		flags |= LOOM_CREATE_ACL;
	}
	/* under the DLM, the new inode comes with its lock: no GETATTR */
	if (sbi->dlm &&
	    (loom_conn_features(sbi->mdt) & LOOM_FEAT_CREATE_LOCK)) {
		lk = loom_dlm_prepare(sbi, sbi->mdt, &want, -1);
		if (IS_ERR(lk)) {
			loom_acl_release(&na);
			return ERR_CAST(lk);
		}
		fixed += sizeof(*cl);
		flags |= LOOM_CREATE_LOCK;
		rep_len += sizeof(struct loom_create_lock_rep);
		epoch = loom_conn_epoch(sbi->mdt);
	}
	/* and a new file, with the open lock its open(2) is about to take */
	if (lk && S_ISREG(mode) &&
	    (loom_conn_features(sbi->mdt) & LOOM_FEAT_OPEN_LOCK)) {
		olk = loom_dlm_prepare(sbi, sbi->mdt, &open_want, -1);
		if (IS_ERR(olk)) {
			loom_dlm_abort(lk, 0);
			loom_acl_release(&na);
			return ERR_CAST(olk);
		}
		fixed += sizeof(struct loom_create_open);
		flags |= LOOM_CREATE_OPEN;
		rep_len += sizeof(struct loom_create_open_rep);
	}
	req = loom_name_req(dir, LOOM_OPC_MDT_CREATE, fixed,
			    name->len + tgt_len + na.alen + na.dlen);
	if (IS_ERR(req)) {
		loom_acl_release(&na);
		if (lk)
			loom_dlm_abort(lk, 0);
		if (olk)
			loom_dlm_abort(olk, 0);
		return ERR_CAST(req);
	}
	body = req->req_body;
	ktime_get_real_ts64(&now);
	body->parent = loom_i(dir)->fid;
	body->mode = cpu_to_le32(mode);
	body->uid = cpu_to_le32(from_kuid(&init_user_ns, current_fsuid()));
	body->gid = cpu_to_le32(from_kgid(&init_user_ns, gid));
	body->rdev = cpu_to_le32(new_encode_dev(rdev));
	body->name_len = cpu_to_le32(name->len);
	body->tgt_len = cpu_to_le32(tgt_len);
	body->ctime_sec = cpu_to_le64(now.tv_sec);
	body->ctime_nsec = cpu_to_le32(now.tv_nsec);
	body->flags = cpu_to_le32(flags);
	tail = (char *)(body + 1);
	if (flags & LOOM_CREATE_ACL) {
		ca = (struct loom_create_acl *)tail;
		ca->access_len = cpu_to_le32(na.alen);
		ca->default_len = cpu_to_le32(na.dlen);
		tail += sizeof(*ca);
	}
	if (lk) {
		cl = (struct loom_create_lock *)tail;
		cl->cookie = cpu_to_le64(loom_dlm_cookie(lk));
		cl->bits = cpu_to_le64(want.bits);
		tail += sizeof(*cl);
	}
	if (olk) {
		struct loom_create_open *co = (struct loom_create_open *)tail;

		co->cookie = cpu_to_le64(loom_dlm_cookie(olk));
		tail += sizeof(*co);
	}
	memcpy(tail, name->name, name->len);
	tail += name->len;
	if (tgt_len)
		memcpy(tail, target, tgt_len);
	tail += tgt_len;
	if (na.alen)
		memcpy(tail, na.abuf, na.alen);
	if (na.dlen)
		memcpy(tail + na.alen, na.dbuf, na.dlen);

	rep = loom_cl_call(req, rep_len);
	if (IS_ERR(rep)) {
		inode = ERR_CAST(rep);
	} else {
		const struct loom_create_lock_rep *lr = (const void *)(rep + 1);

		inode = loom_iget(dir->i_sb, rep);
		if (lk)
			handle = loom_create_lock_granted(lr, &want, epoch,
							  sbi->mdt, &trusted);
		if (olk) {
			const struct loom_create_open_rep *orep =
				(const void *)(lr + 1);

			ohandle = le64_to_cpu(orep->handle);
		}
	}
	loom_req_free(req);
	if (!IS_ERR(inode))
		loom_acl_instantiate(inode, &na);
	loom_acl_release(&na);
	if (!IS_ERR(inode) && (inode->i_mode & S_IFMT) != (mode & S_IFMT)) {
		iput(inode);
		inode = ERR_PTR(-EPROTO);
	}
	if (olk) {
		/* granted under the same connection as the create lock */
		if (IS_ERR(inode) || !trusted || !ohandle) {
			loom_dlm_abort(olk, ohandle);
		} else {
			loom_dlm_attach(olk, inode, &loom_i(inode)->fid, ohandle,
					&open_want);
			loom_dlm_put(olk);
		}
	}
	if (lk) {
		if (IS_ERR(inode) || !trusted) {
			loom_dlm_abort(lk, handle);
			lk = NULL;
		} else {
			/* the reply's attributes hold until the lock goes */
			loom_dlm_attach(lk, inode, &loom_i(inode)->fid, handle,
					&want);
			set_bit(LOOM_LI_ATTR_VALID, &loom_i(inode)->dlm_flags);
			/*
			 * A new directory is empty, and while its LOOKUP lock
			 * stays, only this client adds names: those in the
			 * dcache are all there are, until one is pruned.
			 */
			if (want.bits & LOOM_IBIT_LOOKUP)
				set_bit(LOOM_LI_DIR_COMPLETE,
					&loom_i(inode)->dlm_flags);
			loom_dlm_put(lk);
		}
	}
	/*
	 * A lock comes only with a new inode.  Without one, a new inode
	 * carries the ctime this request gave it; an existing file another
	 * client made (open without O_EXCL) has its own.
	 */
	if (created && !IS_ERR(inode)) {
		struct timespec64 ct = inode_get_ctime(inode);

		*created = lk || timespec64_equal(&ct, &now);
	}
	return inode;
}

static int loom_instantiate(struct inode *dir, struct dentry *dentry,
			    struct inode *inode)
{
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	/* the new name is this client's doing: its LOOKUP lock still holds */
	loom_dlm_dentry_stamp(dentry, dir);
	loom_attr_stale(dir);
	d_instantiate(dentry, inode);
	return 0;
}

static int loom_create(struct mnt_idmap *idmap, struct inode *dir,
		       struct dentry *dentry, umode_t mode)
{
	return loom_instantiate(dir, dentry, loom_create_node(dir, dentry,
							 mode | S_IFREG, 0,
							 NULL, true, NULL));
}

static struct dentry *loom_mkdir(struct mnt_idmap *idmap, struct inode *dir,
				 struct dentry *dentry, umode_t mode)
{
	int rc;

	rc = loom_instantiate(dir, dentry,
			      loom_create_node(dir, dentry, mode | S_IFDIR, 0,
					       NULL, true, NULL));
	return rc ? ERR_PTR(rc) : NULL;
}

static int loom_mknod(struct mnt_idmap *idmap, struct inode *dir,
		      struct dentry *dentry, umode_t mode, dev_t rdev)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		break;
	default:
		return -EINVAL;
	}
	return loom_instantiate(dir, dentry, loom_create_node(dir, dentry, mode,
							 rdev, NULL, true,
							 NULL));
}

static int loom_symlink(struct mnt_idmap *idmap, struct inode *dir,
			struct dentry *dentry, const char *symname)
{
	if (!*symname)
		return -ENOENT;
	return loom_instantiate(dir, dentry, loom_create_node(dir, dentry,
							 S_IFLNK | 0777, 0,
							 symname, true, NULL));
}

static int loom_link(struct dentry *old_dentry, struct inode *dir,
		     struct dentry *dentry)
{
	struct inode *inode = d_inode(old_dentry);
	const struct qstr *name = &dentry->d_name;
	struct loom_link_req *body;
	struct loom_req *req;
	struct inode *res;

	if (name->len > LOOM_NAME_MAX)
		return -ENAMETOOLONG;
	req = loom_name_req(dir, LOOM_OPC_MDT_LINK, sizeof(*body), name->len);
	if (IS_ERR(req))
		return PTR_ERR(req);
	body = req->req_body;
	body->fid = loom_i(inode)->fid;
	body->parent = loom_i(dir)->fid;
	body->name_len = cpu_to_le32(name->len);
	memcpy(body + 1, name->name, name->len);

	/* loom_iget() finds @inode and updates its nlink and ctime */
	res = loom_reply_iget(dir->i_sb, req);
	loom_req_free(req);
	if (IS_ERR(res))
		return PTR_ERR(res);
	if (res != inode) {
		iput(res);
		return -EPROTO;
	}
	loom_dlm_dentry_stamp(dentry, dir);
	loom_attr_stale(dir);
	d_instantiate(dentry, inode);	/* consumes the reference */
	return 0;
}

/**
 * loom_dead_inode() - apply what the MDT said about a removed inode
 * @inode: the inode that lost a link
 * @rep: the MDT's description of it after the change
 *
 * When the last link went away, the objects of a regular file are
 * destroyed when the inode is evicted, i.e. after its last close.
 */
void loom_dead_inode(struct inode *inode,
		     const struct loom_body_attr_layout *rep)
{
	struct loom_cl_layout *lo;

	if (loom_check_attr(&rep->attr) ||
	    !loom_fid_equal(&rep->attr.fid, &loom_i(inode)->fid)) {
		drop_nlink(inode);
		return;
	}
	loom_inode_update(inode, &rep->attr);
	if (inode->i_nlink || !S_ISREG(inode->i_mode))
		return;
	if (!loom_i(inode)->layout) {
		lo = loom_layout_decode(inode->i_sb, &rep->layout);
		if (!IS_ERR_OR_NULL(lo) && cmpxchg(&loom_i(inode)->layout,
						   NULL, lo))
			kfree(lo);
	}
	loom_i(inode)->destroy = true;
}

/*
 * With an MDT that destroys objects itself, ask it to keep those of a
 * regular file that may lose its last link while still in use here (open,
 * mapped or with data not yet written back) until loom_mdt_release().
 */
static u32 loom_keep_flag(struct dentry *dentry)
{
	struct inode *inode = d_inode(dentry);

	if (!inode || !S_ISREG(inode->i_mode) ||
	    !(loom_conn_features(loom_sbi(inode->i_sb)->mdt) &
	      LOOM_FEAT_MDT_DESTROY))
		return 0;
	if (d_count(dentry) > 1 ||
	    mapping_tagged(inode->i_mapping, PAGECACHE_TAG_DIRTY) ||
	    mapping_tagged(inode->i_mapping, PAGECACHE_TAG_WRITEBACK))
		return LOOM_UNLINK_KEEP;
	return 0;
}

/**
 * loom_mdt_release() - the last user of a file unlinked while in use left
 * @inode: the inode being evicted, whose removal sent %LOOM_UNLINK_KEEP
 *
 * Tells the MDT to destroy the objects it kept for this client.
 */
void loom_mdt_release(struct inode *inode)
{
	struct loom_release_req *body;
	struct loom_req *req;
	const void *rep;

	req = loom_cl_req(loom_sbi(inode->i_sb)->mdt, LOOM_OPC_MDT_RELEASE,
			  sizeof(*body));
	if (IS_ERR(req))
		return;
	body = req->req_body;
	body->fid = loom_i(inode)->fid;
	rep = loom_cl_call(req, 0);
	if (IS_ERR(rep) && PTR_ERR(rep) != -ENOENT)
		pr_warn_ratelimited("loom: cannot release the objects of inode %llu: %pe\n",
				    (unsigned long long)inode->i_ino, rep);
	loom_req_free(req);
}

static int loom_remove(struct inode *dir, struct dentry *dentry, bool is_dir)
{
	struct inode *inode = d_inode(dentry);
	const struct qstr *name = &dentry->d_name;
	const struct loom_body_attr_layout *rep;
	struct loom_unlink_req *body;
	struct loom_req *req;
	struct timespec64 now;
	u32 keep = is_dir ? 0 : loom_keep_flag(dentry);
	int rc = 0;

	req = loom_name_req(dir, LOOM_OPC_MDT_UNLINK, sizeof(*body), name->len);
	if (IS_ERR(req))
		return PTR_ERR(req);
	body = req->req_body;
	ktime_get_real_ts64(&now);
	body->parent = loom_i(dir)->fid;
	body->name_len = cpu_to_le32(name->len);
	body->is_dir = cpu_to_le32(is_dir);
	body->ctime_sec = cpu_to_le64(now.tv_sec);
	body->ctime_nsec = cpu_to_le32(now.tv_nsec);
	body->flags = cpu_to_le32(keep);
	memcpy(body + 1, name->name, name->len);

	rep = loom_cl_call(req, 0);
	if (IS_ERR(rep)) {
		rc = PTR_ERR(rep);
		goto out;
	}
	if (is_dir)
		clear_nlink(inode);
	else if (req->rep_len >= sizeof(*rep))
		loom_dead_inode(inode, rep);
	else
		drop_nlink(inode);
	if (keep && !inode->i_nlink)
		loom_i(inode)->release = true;
	inode_set_ctime_to_ts(inode, now);
	loom_attr_stale(dir);
out:
	loom_req_free(req);
	return rc;
}

static int loom_unlink(struct inode *dir, struct dentry *dentry)
{
	return loom_remove(dir, dentry, false);
}

static int loom_rmdir(struct inode *dir, struct dentry *dentry)
{
	return loom_remove(dir, dentry, true);
}

static int loom_rename(struct mnt_idmap *idmap, struct inode *old_dir,
		       struct dentry *old_dentry, struct inode *new_dir,
		       struct dentry *new_dentry, unsigned int flags)
{
	const struct qstr *src = &old_dentry->d_name, *dst = &new_dentry->d_name;
	struct inode *victim = d_inode(new_dentry);
	const struct loom_body_attr_layout *rep;
	struct loom_rename_req *body;
	struct loom_req *req;
	struct timespec64 now;
	char *names;
	u32 keep = 0;
	int rc = 0;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE))
		return -EINVAL;
	if (victim && !(flags & RENAME_EXCHANGE))
		keep = loom_keep_flag(new_dentry);
	if (dst->len > LOOM_NAME_MAX)
		return -ENAMETOOLONG;

	req = loom_name_req(old_dir, LOOM_OPC_MDT_RENAME, sizeof(*body),
			    src->len + dst->len);
	if (IS_ERR(req))
		return PTR_ERR(req);
	body = req->req_body;
	ktime_get_real_ts64(&now);
	body->src_parent = loom_i(old_dir)->fid;
	body->dst_parent = loom_i(new_dir)->fid;
	body->src_len = cpu_to_le32(src->len);
	body->dst_len = cpu_to_le32(dst->len);
	body->flags = cpu_to_le32(flags | keep);
	body->ctime_sec = cpu_to_le64(now.tv_sec);
	body->ctime_nsec = cpu_to_le32(now.tv_nsec);
	names = (char *)(body + 1);
	memcpy(names, src->name, src->len);
	memcpy(names + src->len, dst->name, dst->len);

	rep = loom_cl_call(req, 0);
	if (IS_ERR(rep)) {
		rc = PTR_ERR(rep);
		goto out;
	}
	if (victim && !(flags & RENAME_EXCHANGE)) {
		if (S_ISDIR(victim->i_mode))
			clear_nlink(victim);
		else if (req->rep_len >= sizeof(*rep) && rep->attr.valid)
			loom_dead_inode(victim, rep);
		else
			drop_nlink(victim);
		if (keep && !victim->i_nlink)
			loom_i(victim)->release = true;
	}
	inode_set_ctime_to_ts(d_inode(old_dentry), now);
	loom_attr_stale(old_dir);
	loom_attr_stale(new_dir);
	loom_attr_stale(d_inode(old_dentry));
	if (flags & RENAME_EXCHANGE)
		loom_attr_stale(victim);
	/* d_move() keeps d_time: the names are now in @new_dir */
	loom_dlm_dentry_stamp(old_dentry, new_dir);
	loom_dlm_dentry_stamp(new_dentry, old_dir);
out:
	loom_req_free(req);
	return rc;
}

/*
 * open(O_CREAT) in one round trip, and without O_EXCL of a file another
 * client created since this one looked the name up: the MDT then answers
 * with the existing file instead of EEXIST.
 */
static int loom_atomic_open(struct inode *dir, struct dentry *dentry,
			    struct file *file, unsigned int open_flags,
			    umode_t mode)
{
	struct dentry *res = NULL;
	struct inode *inode;
	bool created = false;
	int rc;

	if (d_in_lookup(dentry)) {
		res = loom_lookup(dir, dentry, 0);
		if (IS_ERR(res))
			return PTR_ERR(res);
		if (res)
			dentry = res;
	}
	if (!(open_flags & O_CREAT) || d_really_is_positive(dentry))
		return finish_no_open(file, res);

	inode = loom_create_node(dir, dentry, mode | S_IFREG, 0, NULL,
				 open_flags & O_EXCL, &created);
	rc = loom_instantiate(dir, dentry, inode);
	if (rc)
		goto out;
	if (created)
		file->f_mode |= FMODE_CREATED;
	rc = finish_open(file, dentry, NULL);
out:
	dput(res);
	return rc;
}

const struct inode_operations loom_dir_inode_ops = {
	.lookup		= loom_lookup,
	.atomic_open	= loom_atomic_open,
	.create		= loom_create,
	.link		= loom_link,
	.unlink		= loom_unlink,
	.symlink	= loom_symlink,
	.mkdir		= loom_mkdir,
	.rmdir		= loom_rmdir,
	.mknod		= loom_mknod,
	.rename		= loom_rename,
	.getattr	= loom_getattr,
	.setattr	= loom_setattr,
	.listxattr	= loom_listxattr,
	.get_inode_acl	= loom_get_acl,
	.set_acl	= loom_set_acl,
};

// SPDX-License-Identifier: GPL-2.0
/*
 * Loom client: POSIX ACLs.
 *
 * The MDT keeps an inode's ACLs as its xattrs system.posix_acl_access and
 * system.posix_acl_default, in the portable format of the xattr system
 * calls, and checks every ACL it is sent or reads back (loom_acl_check()).
 * The client caches them in the inode for generic_permission(); the cache
 * is dropped when attributes from the MDT show that the inode changed
 * (loom_inode_acl_changed()), since another client may have set an ACL.
 *
 * Where the rules of POSIX ACLs are applied:
 *
 * - A new inode: the client computes its mode and ACLs from the parent's
 *   default ACL and the creating process's umask (posix_acl_create()),
 *   and the CREATE carries them; the MDT stores them before it inserts
 *   the name, so no one ever sees the inode with a mode or ACL it is not
 *   to have.  The umask is the client process's, which the MDT does not
 *   know, and the kernel's helper does the arithmetic.
 * - An ACL set: posix_acl_update_mode() computes the new mode, which the
 *   same SETXATTR carries (LOOM_XATTR_MODE): mode and ACL change in one
 *   MDT transaction.
 * - chmod: the MDT rewrites the access ACL within the SETATTR, as
 *   posix_acl_chmod() would (loom_acl_chmod()), in the same transaction.
 */

#include <linux/fs.h>
#include <linux/posix_acl.h>
#include <linux/posix_acl_xattr.h>
#include <linux/slab.h>
#include "internal.h"

static const char *loom_acl_name(int type)
{
	return type == ACL_TYPE_ACCESS ? LOOM_ACL_XATTR_ACCESS :
					 LOOM_ACL_XATTR_DEFAULT;
}

static bool loom_acl_supported(struct inode *inode)
{
	return loom_conn_features(loom_sbi(inode->i_sb)->mdt) & LOOM_FEAT_ACL;
}

/* One ACL in the portable format, kmalloc()ed, or NULL for none. */
static int loom_acl_encode(struct posix_acl *acl, void **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	if (!acl)
		return 0;
	*buf = posix_acl_to_xattr(&init_user_ns, acl, len, GFP_KERNEL);
	return *buf ? 0 : -ENOMEM;
}

/**
 * loom_inode_acl_changed() - forget the ACLs cached for an inode
 * @inode: the inode
 *
 * Called when attributes refreshed from the MDT show that the inode
 * changed, and by whoever learns that the cached ones may be stale (a
 * lost lock); the next permission check reads them from the MDT again.
 */
void loom_inode_acl_changed(struct inode *inode)
{
	forget_all_cached_acls(inode);
}

/**
 * loom_get_acl() - ->get_inode_acl: read an ACL from the MDT
 * @inode: the inode
 * @type: %ACL_TYPE_ACCESS or %ACL_TYPE_DEFAULT
 * @rcu: in RCU path walk, where no RPC can be sent
 *
 * The VFS caches what this returns until loom_inode_acl_changed().
 *
 * Return: the ACL, %NULL for none, or an ERR_PTR(); -EIO for an ACL the
 * MDT sent that is not valid.
 */
struct posix_acl *loom_get_acl(struct inode *inode, int type, bool rcu)
{
	struct posix_acl *acl;
	ssize_t n;
	void *buf;

	if (rcu)
		return ERR_PTR(-ECHILD);
	if (!loom_acl_supported(inode))
		return NULL;
	buf = kvmalloc(LOOM_XATTR_SIZE_MAX, GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	n = loom_xattr_fetch(inode, LOOM_OPC_MDT_GETXATTR, loom_acl_name(type),
			     buf, LOOM_XATTR_SIZE_MAX);
	if (n == -ENODATA) {
		acl = NULL;
	} else if (n < 0) {
		acl = ERR_PTR(n);
	} else if (loom_acl_check(buf, n)) {
		pr_warn_ratelimited("loom: inode %llu: the MDT sent a bad ACL\n",
				    (u64)inode->i_ino);
		acl = ERR_PTR(-EIO);
	} else {
		acl = posix_acl_from_xattr(&init_user_ns, buf, n);
	}
	kvfree(buf);
	return acl;
}

/**
 * loom_inode_set_acl() - set or remove an ACL on the MDT (->set_acl)
 * @idmap: idmap of the mount
 * @inode: the inode
 * @acl: the ACL, %NULL to remove it
 * @type: %ACL_TYPE_ACCESS or %ACL_TYPE_DEFAULT
 *
 * An access ACL goes with the mode posix_acl_update_mode() computes, in
 * one SETXATTR; an ACL a mode can express is not stored at all.
 *
 * Return: 0 or a negative errno.
 */
int loom_inode_set_acl(struct mnt_idmap *idmap, struct inode *inode,
		       struct posix_acl *acl, int type)
{
	umode_t mode = inode->i_mode;
	size_t size = 0;
	void *value = NULL;
	u32 wflags = 0;
	int rc;

	if (!loom_acl_supported(inode))
		return -EOPNOTSUPP;
	switch (type) {
	case ACL_TYPE_ACCESS:
		if (acl) {
			rc = posix_acl_update_mode(idmap, inode, &mode, &acl);
			if (rc)
				return rc;
		}
		wflags = LOOM_XATTR_MODE;
		break;
	case ACL_TYPE_DEFAULT:
		if (!S_ISDIR(inode->i_mode))
			return acl ? -EACCES : 0;
		break;
	default:
		return -EINVAL;
	}
	rc = loom_acl_encode(acl, &value, &size);
	if (rc)
		return rc;
	if (!acl)
		wflags |= LOOM_XATTR_REMOVE;
	rc = loom_xattr_send(inode, loom_acl_name(type), value, size, wflags,
			     mode);
	kfree(value);
	if (rc == -ENODATA && !acl)
		rc = 0;		/* no default ACL to remove */
	if (!rc)
		set_cached_acl(inode, type, acl);
	return rc;
}

/**
 * loom_acl_prepare() - the mode and ACLs of an inode about to be created
 * @dir: the parent directory
 * @mode: the requested mode, changed by the parent's default ACL or, if
 *	it has none, the umask
 * @na: filled with the ACLs and their encodings, for the CREATE
 *
 * Without ACLs (noacl, or an MDT without them) the VFS has applied the
 * umask already and @na stays empty.  loom_acl_release() frees @na.
 *
 * Return: 0 or a negative errno.
 */
int loom_acl_prepare(struct inode *dir, umode_t *mode,
		     struct loom_new_acls *na)
{
	int rc;

	memset(na, 0, sizeof(*na));
	if (!IS_POSIXACL(dir) || !loom_acl_supported(dir))
		return 0;
	rc = posix_acl_create(dir, mode, &na->dacl, &na->acl);
	if (rc)
		return rc;
	rc = loom_acl_encode(na->acl, &na->abuf, &na->alen);
	if (!rc)
		rc = loom_acl_encode(na->dacl, &na->dbuf, &na->dlen);
	if (!rc && (na->alen > LOOM_XATTR_SIZE_MAX ||
		    na->dlen > LOOM_XATTR_SIZE_MAX))
		rc = -E2BIG;
	if (rc)
		loom_acl_release(na);
	na->valid = !rc;
	return rc;
}

/**
 * loom_acl_instantiate() - cache the ACLs a new inode was created with
 * @inode: the new inode
 * @na: what loom_acl_prepare() computed
 */
void loom_acl_instantiate(struct inode *inode, const struct loom_new_acls *na)
{
	if (!na->valid)
		return;
	set_cached_acl(inode, ACL_TYPE_ACCESS, na->acl);
	if (S_ISDIR(inode->i_mode))
		set_cached_acl(inode, ACL_TYPE_DEFAULT, na->dacl);
}

/**
 * loom_acl_release() - free what loom_acl_prepare() allocated
 * @na: the ACLs
 */
void loom_acl_release(struct loom_new_acls *na)
{
	posix_acl_release(na->acl);
	posix_acl_release(na->dacl);
	kfree(na->abuf);
	kfree(na->dbuf);
	memset(na, 0, sizeof(*na));
}

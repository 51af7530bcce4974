// SPDX-License-Identifier: GPL-2.0
/*
 * Loom client: extended attributes.
 *
 * The user., trusted. and security. namespaces are kept by the MDT with
 * the inode (MDT_GETXATTR, MDT_SETXATTR, MDT_LISTXATTR) and not cached:
 * every call is a round trip, so what one client sets another reads at
 * once.  The VFS checks permissions (xattr_permission()) before a
 * handler runs.
 */

#include <linux/fs.h>
#include <linux/xattr.h>
#include <linux/slab.h>
#include <linux/capability.h>
#include <linux/string.h>
#include "internal.h"

/**
 * loom_xattr_fetch() - one GETXATTR or LISTXATTR
 * @inode: the inode
 * @opcode: %LOOM_OPC_MDT_GETXATTR or %LOOM_OPC_MDT_LISTXATTR
 * @name: the full name for GETXATTR, %NULL for LISTXATTR
 * @buf: where the value or the names go
 * @size: size of @buf, 0 to learn the size only
 *
 * Return: bytes of the value or names, or a negative errno (-ENODATA:
 * no such attribute, -ERANGE: @buf is too small).
 */
ssize_t loom_xattr_fetch(struct inode *inode, u16 opcode, const char *name,
			 void *buf, size_t size)
{
	struct loom_sb_info *sbi = loom_sbi(inode->i_sb);
	const struct loom_xattr_rep *rep;
	struct loom_xattr_req *body;
	u32 name_len = name ? strlen(name) : 0, want, got;
	struct loom_req *req;
	ssize_t ret;

	if (!(loom_conn_features(sbi->mdt) & LOOM_FEAT_XATTR))
		return -EOPNOTSUPP;
	if (name_len > LOOM_XATTR_NAME_MAX)
		return -ERANGE;
	want = min_t(size_t, size, opcode == LOOM_OPC_MDT_LISTXATTR ?
		     LOOM_XATTR_LIST_MAX : LOOM_XATTR_SIZE_MAX);
	req = loom_cl_req(sbi->mdt, opcode, sizeof(*body) + name_len);
	if (IS_ERR(req))
		return PTR_ERR(req);
	body = req->req_body;
	body->fid = loom_i(inode)->fid;
	body->name_len = cpu_to_le32(name_len);
	body->value_len = cpu_to_le32(want);
	memcpy(body + 1, name, name_len);
	rep = loom_cl_call(req, sizeof(*rep));
	if (IS_ERR(rep)) {
		ret = PTR_ERR(rep);
		goto out;
	}
	got = le32_to_cpu(rep->size);
	if (rep->padding || got > LOOM_XATTR_SIZE_MAX ||
	    (want && (got > want || req->rep_len < sizeof(*rep) + got))) {
		ret = -EPROTO;
		goto out;
	}
	if (want)
		memcpy(buf, rep + 1, got);
	ret = got;
out:
	loom_req_free(req);
	return ret;
}

/**
 * loom_xattr_send() - one SETXATTR
 * @inode: the inode
 * @name: the full name
 * @value: the value (ignored with %LOOM_XATTR_REMOVE)
 * @size: its size
 * @wflags: LOOM_XATTR_* flags
 * @mode: with %LOOM_XATTR_MODE, the mode bits to set with it
 *
 * The inode takes the attributes of the reply.
 *
 * Return: 0 or a negative errno.
 */
int loom_xattr_send(struct inode *inode, const char *name, const void *value,
		    size_t size, u32 wflags, umode_t mode)
{
	struct loom_sb_info *sbi = loom_sbi(inode->i_sb);
	const struct loom_body_attr_layout *rep;
	struct loom_xattr_req *body;
	u32 name_len = strlen(name);
	struct loom_req *req;
	int rc = 0;

	if (!(loom_conn_features(sbi->mdt) & LOOM_FEAT_XATTR))
		return -EOPNOTSUPP;
	if (name_len > LOOM_XATTR_NAME_MAX)
		return -ERANGE;
	if (size > LOOM_XATTR_SIZE_MAX)
		return -E2BIG;
	if (wflags & LOOM_XATTR_REMOVE)
		size = 0;
	/* what this client cached of the xattrs may not hold after this */
	loom_dlm_xattr_changed(inode);
	req = loom_cl_req(sbi->mdt, LOOM_OPC_MDT_SETXATTR,
			  sizeof(*body) + name_len + size);
	if (IS_ERR(req))
		return PTR_ERR(req);
	body = req->req_body;
	body->fid = loom_i(inode)->fid;
	body->name_len = cpu_to_le32(name_len);
	body->value_len = cpu_to_le32(size);
	body->flags = cpu_to_le32(wflags);
	if (wflags & LOOM_XATTR_MODE)
		body->mode = cpu_to_le32(mode & 07777);
	memcpy(body + 1, name, name_len);
	if (size)
		memcpy((char *)(body + 1) + name_len, value, size);
	rep = loom_cl_call(req, sizeof(*rep));
	if (IS_ERR(rep))
		rc = PTR_ERR(rep);
	else if (!loom_check_attr(&rep->attr) &&
		 loom_fid_equal(&rep->attr.fid, &loom_i(inode)->fid))
		loom_inode_update(inode, &rep->attr);
	loom_req_free(req);
	return rc;
}

/* One SETXATTR with the flags of setxattr(2): @value %NULL removes. */
static int loom_xattr_store(struct inode *inode, const char *name,
			    const void *value, size_t size, int flags)
{
	u32 wflags = 0;

	if (!value)
		wflags = LOOM_XATTR_REMOVE;
	else if (flags & XATTR_CREATE)
		wflags = LOOM_XATTR_CREATE;
	else if (flags & XATTR_REPLACE)
		wflags = LOOM_XATTR_REPLACE;
	return loom_xattr_send(inode, name, value, size, wflags, 0);
}

static int loom_xattr_get(const struct xattr_handler *handler,
			  struct dentry *unused, struct inode *inode,
			  const char *name, void *buffer, size_t size)
{
	const char *full = xattr_full_name(handler, name);
	unsigned long gen;
	bool caps, locked;
	int rc;

	/*
	 * Every write asks whether there are file capabilities to drop:
	 * under the XATTR lock, a "no" is remembered until it goes.
	 */
	caps = !strcmp(full, XATTR_NAME_CAPS);
	if (caps && test_bit(LOOM_LI_NO_CAPS, &loom_i(inode)->dlm_flags))
		return -ENODATA;
	locked = caps && loom_dlm_xattr_gen(inode, &gen);
	rc = loom_xattr_fetch(inode, LOOM_OPC_MDT_GETXATTR, full, buffer,
			      size);
	if (locked && rc == -ENODATA)
		loom_dlm_no_caps_set(inode, gen);
	return rc;
}

static int loom_xattr_set(const struct xattr_handler *handler,
			  struct mnt_idmap *idmap, struct dentry *unused,
			  struct inode *inode, const char *name,
			  const void *value, size_t size, int flags)
{
	return loom_xattr_store(inode, xattr_full_name(handler, name), value,
				size, flags);
}

/**
 * loom_listxattr() - ->listxattr: the names the MDT keeps
 * @dentry: the inode's dentry
 * @list: the buffer, or %NULL to learn the size
 * @size: its size
 *
 * trusted. names are shown to CAP_SYS_ADMIN only, as everywhere, and the
 * ACLs' system. names only where ACLs are on (the acl mount option).
 *
 * Return: bytes of NUL-terminated names, or a negative errno.
 */
ssize_t loom_listxattr(struct dentry *dentry, char *list, size_t size)
{
	struct inode *inode = d_inode(dentry);
	bool trusted = capable(CAP_SYS_ADMIN), acls = IS_POSIXACL(inode);
	size_t off, n, out = 0;
	char *names;
	ssize_t len;

	names = kvmalloc(LOOM_XATTR_LIST_MAX, GFP_KERNEL);
	if (!names)
		return -ENOMEM;
	len = loom_xattr_fetch(inode, LOOM_OPC_MDT_LISTXATTR, NULL, names,
			       LOOM_XATTR_LIST_MAX);
	if (len == -EOPNOTSUPP)
		len = 0;
	if (len < 0)
		goto out;
	if (len && names[len - 1]) {
		len = -EPROTO;
		goto out;
	}
	for (off = 0; off < len; off += n + 1) {
		n = strlen(names + off);
		if (!trusted && !strncmp(names + off, XATTR_TRUSTED_PREFIX,
					 XATTR_TRUSTED_PREFIX_LEN))
			continue;
		if (!acls && !strncmp(names + off, XATTR_SYSTEM_PREFIX,
				      XATTR_SYSTEM_PREFIX_LEN))
			continue;
		if (list) {
			if (out + n + 1 > size) {
				len = -ERANGE;
				goto out;
			}
			memcpy(list + out, names + off, n + 1);
		}
		out += n + 1;
	}
	len = out;
out:
	kvfree(names);
	return len;
}

const struct xattr_handler loom_xattr_user_handler = {
	.prefix	= XATTR_USER_PREFIX,
	.get	= loom_xattr_get,
	.set	= loom_xattr_set,
};

const struct xattr_handler loom_xattr_trusted_handler = {
	.prefix	= XATTR_TRUSTED_PREFIX,
	.get	= loom_xattr_get,
	.set	= loom_xattr_set,
};

const struct xattr_handler loom_xattr_security_handler = {
	.prefix	= XATTR_SECURITY_PREFIX,
	.get	= loom_xattr_get,
	.set	= loom_xattr_set,
};

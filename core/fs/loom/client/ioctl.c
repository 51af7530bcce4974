// SPDX-License-Identifier: GPL-2.0
/*
 * Loom client: ioctls (striping).
 */

#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/uaccess.h>
#include <linux/slab.h>
#include <linux/err.h>
#include <uapi/linux/loom.h>
#include "internal.h"

static_assert(sizeof(struct loom_user_layout) == 16 + 24 * 64);
static_assert(LOOM_MAX_STRIPES_USER == LOOM_MAX_STRIPES);
static_assert(LOOM_USER_LAYOUT_MAGIC == LOOM_LAYOUT_MAGIC);

static int loom_ioc_getstripe(struct file *file, void __user *arg)
{
	struct inode *inode = file_inode(file);
	struct loom_user_layout *ul;
	struct loom_cl_layout *lo;
	unsigned int i;
	int rc = 0;

	if (!S_ISREG(inode->i_mode))
		return -ENODATA;
	lo = READ_ONCE(loom_i(inode)->layout);
	if (!lo) {
		rc = loom_inode_refresh(inode);
		if (rc)
			return rc;
		lo = READ_ONCE(loom_i(inode)->layout);
		if (!lo)
			return -ENODATA;
	}

	ul = kzalloc(sizeof(*ul), GFP_KERNEL);
	if (!ul)
		return -ENOMEM;
	ul->magic = LOOM_USER_LAYOUT_MAGIC;
	ul->pattern = LOOM_USER_PATTERN_RAID0;
	ul->stripe_size = lo->stripe_size;
	ul->stripe_count = lo->stripe_count;
	ul->generation = lo->generation;
	for (i = 0; i < lo->stripe_count; i++) {
		ul->objs[i].ost_index = lo->objs[i].ost_index;
		ul->objs[i].seq = le64_to_cpu(lo->objs[i].oid.seq);
		ul->objs[i].oid = le32_to_cpu(lo->objs[i].oid.oid);
		ul->objs[i].ver = le32_to_cpu(lo->objs[i].oid.ver);
	}
	if (copy_to_user(arg, ul, sizeof(*ul)))
		rc = -EFAULT;
	kfree(ul);
	return rc;
}

static int loom_check_stripe_default(struct super_block *sb,
				     const struct loom_user_stripe_default *u)
{
	if (u->flags || u->reserved)
		return -EINVAL;
	if (u->stripe_size % LOOM_STRIPE_SIZE_MIN)
		return -EINVAL;
	if (u->stripe_count > LOOM_MAX_STRIPES_USER &&
	    u->stripe_count != LOOM_STRIPE_COUNT_ALL)
		return -EINVAL;
	if (u->stripe_offset != LOOM_STRIPE_OFFSET_ANY &&
	    !loom_cl_ost(sb, u->stripe_offset))
		return -EINVAL;
	return 0;
}

static int loom_ioc_setstripe(struct file *file, const void __user *arg)
{
	struct inode *inode = file_inode(file);
	struct loom_sb_info *sbi = loom_sbi(inode->i_sb);
	const struct loom_body_attr_layout *rep;
	struct loom_user_stripe_default u;
	struct loom_setstripe_req *body;
	struct loom_req *req;
	int rc;

	if (copy_from_user(&u, arg, sizeof(u)))
		return -EFAULT;
	if (!S_ISDIR(inode->i_mode))
		return -ENOTDIR;
	rc = loom_check_stripe_default(inode->i_sb, &u);
	if (rc)
		return rc;
	if (!inode_owner_or_capable(file_mnt_idmap(file), inode))
		return -EPERM;
	rc = mnt_want_write_file(file);
	if (rc)
		return rc;

	req = loom_cl_req(sbi->mdt, LOOM_OPC_MDT_SETSTRIPE, sizeof(*body));
	if (IS_ERR(req)) {
		rc = PTR_ERR(req);
		goto drop;
	}
	body = req->req_body;
	body->fid = loom_i(inode)->fid;
	body->layout.stripe_size = cpu_to_le32(u.stripe_size);
	body->layout.stripe_count = cpu_to_le16(u.stripe_count);
	body->layout.stripe_offset = cpu_to_le16(u.stripe_offset);
	rep = loom_cl_call(req, 0);
	rc = PTR_ERR_OR_ZERO(rep);
	loom_req_free(req);
drop:
	mnt_drop_write_file(file);
	return rc;
}

/**
 * loom_ioctl() - ->unlocked_ioctl of files and directories
 * @file: the file
 * @cmd: LOOM_IOC_*
 * @arg: user pointer to the ioctl's structure
 *
 * Return: 0 or a negative errno; -ENOTTY for unknown commands.
 */
long loom_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case LOOM_IOC_GETSTRIPE:
		return loom_ioc_getstripe(file, uarg);
	case LOOM_IOC_SETSTRIPE:
		return loom_ioc_setstripe(file, uarg);
	default:
		return -ENOTTY;
	}
}

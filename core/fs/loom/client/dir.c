// SPDX-License-Identifier: GPL-2.0
/*
 * Loom client: reading directories.
 *
 * Positions 0 and 1 are "." and ".."; from 2 on, the position is the
 * MDT's readdir cookie plus 2, so that a directory can be read in pieces
 * and seeked back to any position telldir() returned.
 */

#include <linux/fs.h>
#include <linux/err.h>
#include <linux/minmax.h>
#include "internal.h"

#define LOOM_READDIR_BYTES	(32 * 1024)
#define LOOM_POS_OFFSET		2
#define LOOM_POS_EOF		((loff_t)LLONG_MAX)

/* The client makes "." and ".." itself. */
static bool loom_is_dot(const char *name, u32 len)
{
	return (len == 1 || len == 2) && name[0] == '.' &&
	       (len == 1 || name[1] == '.');
}

/* Emit the entries of one READDIR reply; *stop when the caller is full. */
static int loom_emit(struct dir_context *ctx, const void *rep_body, u32 len,
		     bool *stop)
{
	const struct loom_readdir_rep *rep = rep_body;
	u32 i, nr = le32_to_cpu(rep->nr_entries);
	const struct loom_dirent *de;
	u32 off = sizeof(*rep), name_len, type;
	const char *name;
	u64 cookie;

	for (i = 0; i < nr; i++) {
		if (len - off < sizeof(*de))
			return -EPROTO;
		de = rep_body + off;
		name = (const char *)(de + 1);
		name_len = le32_to_cpu(de->name_len);
		type = le32_to_cpu(de->type);
		cookie = le64_to_cpu(de->cookie);
		if (!name_len || name_len > LOOM_NAME_MAX ||
		    len - off - sizeof(*de) < name_len)
			return -EPROTO;
		if (type > DT_WHT ||
		    (cookie != LOOM_DIR_EOF &&
		     cookie >= LOOM_POS_EOF - LOOM_POS_OFFSET))
			return -EPROTO;
		if (loom_is_dot(name, name_len))
			goto next;	/* emitted by dir_emit_dots() */
		if (loom_wire_check_fid(&de->fid) ||
		    loom_wire_check_name(name, name_len))
			return -EPROTO;
		if (!dir_emit(ctx, name, name_len, loom_fid_ino(&de->fid),
			      type)) {
			*stop = true;
			return 0;
		}
next:
		ctx->pos = cookie == LOOM_DIR_EOF ? LOOM_POS_EOF :
			   cookie + LOOM_POS_OFFSET;
		off = min_t(u32, len, off + round_up(sizeof(*de) + name_len, 8));
	}
	return 0;
}

static int loom_readdir(struct file *file, struct dir_context *ctx)
{
	struct inode *dir = file_inode(file);
	struct loom_sb_info *sbi = loom_sbi(dir->i_sb);
	struct loom_readdir_req *body;
	const struct loom_readdir_rep *rep;
	struct loom_req *req;
	bool stop = false;
	u64 next;
	int rc;

	if (!dir_emit_dots(file, ctx))
		return 0;

	while (!stop && ctx->pos != LOOM_POS_EOF) {
		req = loom_cl_req(sbi->mdt, LOOM_OPC_MDT_READDIR, sizeof(*body));
		if (IS_ERR(req))
			return PTR_ERR(req);
		body = req->req_body;
		body->fid = loom_i(dir)->fid;
		body->cookie = cpu_to_le64(ctx->pos - LOOM_POS_OFFSET);
		body->max_bytes = cpu_to_le32(LOOM_READDIR_BYTES);

		rep = loom_cl_call(req, sizeof(*rep));
		if (IS_ERR(rep)) {
			rc = PTR_ERR(rep);
			goto fail;
		}
		rc = loom_wire_check_readdir(rep, req->rep_len);
		if (rc)
			goto fail;
		rc = loom_emit(ctx, rep, req->rep_len, &stop);
		if (rc)
			goto fail;
		next = le64_to_cpu(rep->next_cookie);
		if (!stop) {
			if (next == LOOM_DIR_EOF)
				ctx->pos = LOOM_POS_EOF;
			else if (next >= LOOM_POS_EOF - LOOM_POS_OFFSET ||
				 next + LOOM_POS_OFFSET <= ctx->pos)
				rc = -EPROTO;	/* would loop forever */
			else
				ctx->pos = next + LOOM_POS_OFFSET;
		}
		loom_req_free(req);
		if (rc)
			return rc;
	}
	return 0;
fail:
	loom_req_free(req);
	return rc == -EPROTO ? -EIO : rc;
}

const struct file_operations loom_dir_ops = {
	.llseek		= generic_file_llseek,
	.read		= generic_read_dir,
	.iterate_shared	= loom_readdir,
	.fsync		= noop_fsync,
	.unlocked_ioctl	= loom_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.lock		= loom_lock,
	.flock		= loom_flock,
};

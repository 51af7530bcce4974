// SPDX-License-Identifier: GPL-2.0
/*
 * Loom client: mounting, the superblock and statfs.
 *
 * mount -t loom MGSNID:/FSNAME /mnt asks the MGS for the filesystem's
 * configuration, connects to MDT0 and every active OST, and reads the
 * root directory's attributes.  All connections live in the network
 * namespace of the mounting process.
 */

#include <linux/module.h>
#include <linux/fs.h>
#include <linux/xattr.h>
#include <linux/backing-dev.h>
#include <linux/fs_context.h>
#include <linux/fs_parser.h>
#include <linux/seq_file.h>
#include <linux/statfs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/ctype.h>
#include <linux/stringhash.h>
#include <linux/err.h>
#include <net/net_namespace.h>
#include "../loom.h"
#include "internal.h"

/**
 * loom_cl_req() - allocate a request on a connection
 * @conn: the connection
 * @opcode: enum loom_opcode
 * @len: length of the request body
 *
 * Return: the request, or an ERR_PTR().
 */
struct loom_req *loom_cl_req(struct loom_conn *conn, u16 opcode, u32 len)
{
	struct loom_req *req;

	if (!conn)
		return ERR_PTR(-EIO);
	req = loom_req_alloc(conn, opcode, len);
	if (!req)
		return ERR_PTR(-ENOMEM);
	return req;
}

/**
 * loom_cl_call() - send a request, wait and check the reply's length
 * @req: the request
 * @min_len: the smallest acceptable reply body
 *
 * Return: the reply body (owned by @req), or an ERR_PTR(): the status the
 * server returned, a transport error, or -EPROTO for a short reply.
 */
const void *loom_cl_call(struct loom_req *req, u32 min_len)
{
	const void *rep;
	int rc;

	rc = loom_req_send_wait(req);
	if (rc)
		return ERR_PTR(rc < 0 ? rc : -EPROTO);
	rep = loom_req_reply(req, min_len);
	if (IS_ERR_OR_NULL(rep))
		return rep ? rep : ERR_PTR(-EPROTO);
	return rep;
}

/**
 * loom_cl_ost() - the connection to an OST
 * @sb: the superblock
 * @ost_index: the OST's index
 *
 * Return: the connection, or %NULL if the client has none to that OST.
 */
struct loom_conn *loom_cl_ost(struct super_block *sb, u32 ost_index)
{
	struct loom_sb_info *sbi = loom_sbi(sb);

	if (ost_index >= sbi->nr_osts)
		return NULL;
	return sbi->osts[ost_index];
}

/* statfs: inodes from MDT0, blocks summed over the OSTs. */
static int loom_statfs_one(struct loom_conn *conn, u16 opcode,
			   struct loom_statfs_rep *out)
{
	const struct loom_statfs_rep *rep;
	struct loom_req *req;
	int rc = 0;

	req = loom_cl_req(conn, opcode, 0);
	if (IS_ERR(req))
		return PTR_ERR(req);
	rep = loom_cl_call(req, sizeof(*rep));
	if (IS_ERR(rep)) {
		rc = PTR_ERR(rep);
		goto out;
	}
	out->blocks = rep->blocks;
	out->bfree = rep->bfree;
	out->bavail = rep->bavail;
	out->files = rep->files;
	out->ffree = rep->ffree;
	out->bsize = rep->bsize;
	out->namelen = rep->namelen;
	if (!le32_to_cpu(out->bsize) ||
	    le64_to_cpu(out->bfree) > le64_to_cpu(out->blocks) ||
	    le64_to_cpu(out->bavail) > le64_to_cpu(out->blocks) ||
	    le64_to_cpu(out->ffree) > le64_to_cpu(out->files))
		rc = -EPROTO;
out:
	loom_req_free(req);
	return rc;
}

/* Convert @n units of @bsize bytes into units of PAGE_SIZE, saturating. */
static u64 loom_to_pages(u64 n, u32 bsize)
{
	u64 bytes;

	if (check_mul_overflow(n, (u64)bsize, &bytes))
		return U64_MAX >> PAGE_SHIFT;
	return bytes >> PAGE_SHIFT;
}

static int loom_statfs(struct dentry *dentry, struct kstatfs *buf)
{
	struct super_block *sb = dentry->d_sb;
	struct loom_sb_info *sbi = loom_sbi(sb);
	struct loom_statfs_rep st;
	u64 blocks = 0, bfree = 0, bavail = 0;
	u32 i, bsize;
	int rc;

	rc = loom_statfs_one(sbi->mdt, LOOM_OPC_MDT_STATFS, &st);
	if (rc)
		return rc;
	buf->f_files = le64_to_cpu(st.files);
	buf->f_ffree = le64_to_cpu(st.ffree);

	for (i = 0; i < sbi->nr_osts; i++) {
		if (!sbi->osts[i])
			continue;
		rc = loom_statfs_one(sbi->osts[i], LOOM_OPC_OST_STATFS, &st);
		if (rc)
			return rc;
		bsize = le32_to_cpu(st.bsize);
		blocks += loom_to_pages(le64_to_cpu(st.blocks), bsize);
		bfree += loom_to_pages(le64_to_cpu(st.bfree), bsize);
		bavail += loom_to_pages(le64_to_cpu(st.bavail), bsize);
	}

	buf->f_type = LOOM_SUPER_MAGIC;
	buf->f_bsize = PAGE_SIZE;
	buf->f_frsize = PAGE_SIZE;
	buf->f_blocks = blocks;
	buf->f_bfree = bfree;
	buf->f_bavail = bavail;
	buf->f_namelen = LOOM_NAME_MAX;
	buf->f_fsid = u64_to_fsid((u64)loomnet_nid_hash(&sbi->mgs_nid) << 32 |
				  full_name_hash(NULL, sbi->fsname,
						 strlen(sbi->fsname)));
	return 0;
}

static int loom_show_options(struct seq_file *m, struct dentry *root)
{
	struct loom_sb_info *sbi = loom_sbi(root->d_sb);

	if (sbi->timeout != LOOM_DEFAULT_TIMEOUT)
		seq_printf(m, ",timeout=%u", sbi->timeout);
	if (!(root->d_sb->s_flags & SB_POSIXACL))
		seq_puts(m, ",noacl");
	if (sbi->flock == LOOM_FLOCK_MODE_LOCAL)
		seq_puts(m, ",localflock");
	else if (sbi->flock == LOOM_FLOCK_MODE_OFF)
		seq_puts(m, ",noflock");
	return 0;
}

static const struct super_operations loom_super_ops = {
	.alloc_inode	= loom_alloc_inode,
	.free_inode	= loom_free_inode,
	.evict_inode	= loom_evict_inode,
	.statfs		= loom_statfs,
	.show_options	= loom_show_options,
};

/* Connections */

/* A target forgot this client (restart or eviction): so did its locks. */
static void loom_conn_reset_cb(struct loom_conn *conn, u64 generation,
			       void *arg)
{
	loom_dlm_conn_reset(arg, conn);
}

/**
 * loom_cl_connect() - connect a mount to a target
 * @sbi: the mount
 * @nid: the target's NID
 * @type: its type
 * @index: its index
 *
 * Return: the connection, with the mount's timeout, or an ERR_PTR().
 */
struct loom_conn *loom_cl_connect(struct loom_sb_info *sbi,
				  const struct loomnet_nid *nid,
				  enum loom_target_type type, u32 index)
{
	struct loom_conn *conn;

	conn = loom_conn_create(sbi->net, nid, type, index, sbi->fsname);
	if (!conn)
		return ERR_PTR(-ENOMEM);
	if (!IS_ERR(conn)) {
		loom_conn_set_timeout(conn, sbi->timeout);
		if (type != LOOM_TGT_MGS)
			loom_conn_set_reconnect_cb(conn, loom_conn_reset_cb,
						   sbi);
	}
	return conn;
}

static void loom_disconnect_all(struct loom_sb_info *sbi)
{
	u32 i;

	if (sbi->osts) {
		for (i = 0; i < sbi->nr_osts; i++)
			if (sbi->osts[i])
				loom_conn_destroy(sbi->osts[i]);
		kfree(sbi->osts);
		sbi->osts = NULL;
	}
	if (sbi->mdt)
		loom_conn_destroy(sbi->mdt);
	sbi->mdt = NULL;
	if (sbi->mgs)
		loom_conn_destroy(sbi->mgs);
	sbi->mgs = NULL;
}

static int loom_wire_nid(const struct loomnet_nid *w, struct loomnet_nid *nid)
{
	*nid = *w;
	nid->net = le16_to_cpu((__force __le16)w->net);
	if (nid->lnd != LOOMNET_LND_TCP)
		return -EPROTO;
	if (nid->family != LOOMNET_AF_INET && nid->family != LOOMNET_AF_INET6)
		return -EPROTO;
	return 0;
}

/* Connect to one target listed in the configuration. */
static int loom_connect_target(struct fs_context *fc, struct loom_sb_info *sbi,
			       const struct loom_target_entry *e)
{
	u32 type = le32_to_cpu(e->type), index = le32_to_cpu(e->index);
	struct loomnet_nid nid;
	struct loom_conn *conn, **slot;
	int rc;

	if (!(le32_to_cpu(e->flags) & LOOM_TGT_F_ACTIVE))
		return 0;
	if (index >= LOOM_MAX_TARGETS)
		return -EPROTO;
	rc = loom_wire_nid(&e->nid, &nid);
	if (rc)
		return rc;

	switch (type) {
	case LOOM_TGT_MGS:
		return 0;
	case LOOM_TGT_MDT:
		if (index != 0)
			return 0;	/* one MDT for now */
		slot = &sbi->mdt;
		break;
	case LOOM_TGT_OST:
		slot = &sbi->osts[index];
		break;
	default:
		return -EPROTO;
	}
	if (*slot)
		return -EPROTO;		/* listed twice */

	conn = loom_cl_connect(sbi, &nid, type, index);
	if (IS_ERR(conn)) {
		errorfc(fc, "%s: cannot connect to %s%04x: %pe", sbi->fsname,
			type == LOOM_TGT_MDT ? "MDT" : "OST", index, conn);
		return PTR_ERR(conn);
	}
	*slot = conn;
	if (type == LOOM_TGT_OST && index >= sbi->nr_osts)
		sbi->nr_osts = index + 1;
	return 0;
}

static int loom_get_config(struct fs_context *fc, struct loom_sb_info *sbi)
{
	const struct loom_mgs_config_rep *rep;
	const struct loom_target_entry *e;
	struct loom_mgs_config_req *body;
	struct loom_req *req;
	u32 i, nr;
	int rc = 0;

	req = loom_cl_req(sbi->mgs, LOOM_OPC_MGS_CONFIG, sizeof(*body));
	if (IS_ERR(req))
		return PTR_ERR(req);
	body = req->req_body;
	strscpy(body->fsname, sbi->fsname, sizeof(body->fsname));

	rep = loom_cl_call(req, sizeof(*rep));
	if (IS_ERR(rep)) {
		rc = PTR_ERR(rep);
		errorfc(fc, "%s: cannot get the configuration from the MGS: %pe",
			sbi->fsname, rep);
		goto out;
	}
	nr = le32_to_cpu(rep->nr_targets);
	if (loom_wire_check_config(rep, req->rep_len) ||
	    nr > 2 * LOOM_MAX_TARGETS + 1 ||
	    req->rep_len < sizeof(*rep) + (size_t)nr * sizeof(*e)) {
		rc = -EPROTO;
		goto bad;
	}
	sbi->def_layout = rep->def_layout;

	e = (const struct loom_target_entry *)(rep + 1);
	for (i = 0; i < nr; i++) {
		rc = loom_connect_target(fc, sbi, &e[i]);
		if (rc == -EPROTO)
			goto bad;
		if (rc)
			goto out;
	}
	if (!sbi->mdt) {
		rc = -EHOSTUNREACH;
		errorfc(fc, "%s: the MGS lists no active MDT0", sbi->fsname);
	}
	goto out;
bad:
	errorfc(fc, "%s: malformed configuration from the MGS", sbi->fsname);
out:
	loom_req_free(req);
	return rc;
}

static const struct xattr_handler * const loom_xattr_handlers[] = {
	&loom_xattr_user_handler,
	&loom_xattr_trusted_handler,
	&loom_xattr_security_handler,
	NULL,
};

/* Whether every target serves locks: then caches live under them. */
static bool loom_all_dlm(struct loom_sb_info *sbi)
{
	u32 i;

	if (!(loom_conn_features(sbi->mdt) & LOOM_FEAT_DLM))
		return false;
	for (i = 0; i < sbi->nr_osts; i++)
		if (sbi->osts[i] &&
		    !(loom_conn_features(sbi->osts[i]) & LOOM_FEAT_DLM))
			return false;
	return true;
}

static int loom_fill_super(struct super_block *sb, struct fs_context *fc)
{
	struct loom_sb_info *sbi = loom_sbi(sb);
	struct loom_body_attr_layout *rep;
	struct loom_getattr_req *body;
	struct loom_req *req;
	struct inode *root;
	int rc;

	sb->s_magic = LOOM_SUPER_MAGIC;
	sb->s_op = &loom_super_ops;
	sb->s_blocksize = PAGE_SIZE;
	sb->s_blocksize_bits = PAGE_SHIFT;
	sb->s_maxbytes = MAX_LFS_FILESIZE;
	sb->s_time_gran = 1;
	sb->s_xattr = loom_xattr_handlers;

	rc = super_setup_bdi(sb);
	if (rc)
		return rc;
	/*
	 * Read ahead whole runs of stripes: one window feeds every OST of a
	 * striped file in parallel (aops.c), where the default 128 KiB
	 * would make a round trip per 128 KiB.
	 */
	sb->s_bdi->ra_pages = LOOM_READAHEAD_BYTES / PAGE_SIZE;
	sb->s_bdi->io_pages = LOOM_READAHEAD_BYTES / PAGE_SIZE;

	sbi->osts = kcalloc(LOOM_MAX_TARGETS, sizeof(*sbi->osts), GFP_KERNEL);
	if (!sbi->osts)
		return -ENOMEM;

	sbi->mgs = loom_cl_connect(sbi, &sbi->mgs_nid, LOOM_TGT_MGS, 0);
	if (IS_ERR(sbi->mgs)) {
		rc = PTR_ERR(sbi->mgs);
		sbi->mgs = NULL;
		errorfc(fc, "%s: cannot connect to the MGS: %pe",
			sbi->fsname, ERR_PTR(rc));
		return rc;
	}
	rc = loom_get_config(fc, sbi);
	if (rc)
		return rc;
	sbi->dlm = loom_all_dlm(sbi);
	if (sbi->dlm) {
		set_default_d_op(sb, &loom_dentry_ops);
		loom_dlm_sb_start(sbi);
	}
	/* configuration changes, tunables (after the bdi's defaults) */
	loom_mgc_start(sb);
	/* POSIX ACLs: on unless noacl, if the MDT keeps them */
	if (loom_conn_features(sbi->mdt) & LOOM_FEAT_ACL) {
		if (sbi->acl)
			sb->s_flags |= SB_POSIXACL;
	} else if (sbi->acl > 0) {
		return invalfc(fc, "%s: the MDT does not support POSIX ACLs",
			       sbi->fsname);
	}

	sbi->root_fid.seq = cpu_to_le64(LOOM_FID_SEQ_ROOT);
	sbi->root_fid.oid = cpu_to_le32(LOOM_FID_OID_ROOT);
	sbi->root_fid.ver = 0;

	req = loom_cl_req(sbi->mdt, LOOM_OPC_MDT_GETATTR, sizeof(*body));
	if (IS_ERR(req))
		return PTR_ERR(req);
	body = req->req_body;
	body->fid = sbi->root_fid;
	rep = (struct loom_body_attr_layout *)loom_cl_call(req, sizeof(*rep));
	if (IS_ERR(rep)) {
		rc = PTR_ERR(rep);
		loom_req_free(req);
		errorfc(fc, "%s: cannot read the root directory: %pe",
			sbi->fsname, rep);
		return rc;
	}
	root = loom_iget(sb, rep);
	loom_req_free(req);
	if (IS_ERR(root)) {
		errorfc(fc, "%s: bad root directory: %pe", sbi->fsname, root);
		return PTR_ERR(root);
	}
	if (!S_ISDIR(root->i_mode)) {
		iput(root);
		return invalfc(fc, "%s: the root is not a directory",
			       sbi->fsname);
	}
	sb->s_root = d_make_root(root);
	if (!sb->s_root)
		return -ENOMEM;
	return 0;
}

/* Mount options */

enum {
	LOOM_OPT_SOURCE,
	LOOM_OPT_TIMEOUT,
	LOOM_OPT_ACL,
	LOOM_OPT_FLOCK,
	LOOM_OPT_LOCALFLOCK,
};

static const struct fs_parameter_spec loom_fs_parameters[] = {
	fsparam_string("source", LOOM_OPT_SOURCE),
	fsparam_u32("timeout", LOOM_OPT_TIMEOUT),
	fsparam_flag_no("acl", LOOM_OPT_ACL),
	fsparam_flag_no("flock", LOOM_OPT_FLOCK),
	fsparam_flag("localflock", LOOM_OPT_LOCALFLOCK),
	{}
};

static bool loom_fsname_valid(const char *s, size_t len)
{
	size_t i;

	if (!len || len >= LOOM_FSNAME_MAX)
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum(s[i]) && s[i] != '_' && s[i] != '-')
			return false;
	return true;
}

/* "NID:/FSNAME", the NID possibly "[IPv6]@tcp". */
static int loom_parse_source(struct fs_context *fc, struct loom_sb_info *sbi,
			     const char *src)
{
	const char *sep = strrchr(src, '/');
	size_t nid_len;

	if (!sep || sep == src || sep[-1] != ':')
		goto bad;
	nid_len = sep - 1 - src;
	if (!nid_len || !loom_fsname_valid(sep + 1, strlen(sep + 1)))
		goto bad;
	if (loomnet_nid_parse(src, nid_len, &sbi->mgs_nid))
		return invalfc(fc, "bad MGS NID '%.*s' in source '%s'",
			       (int)nid_len, src, src);
	strscpy(sbi->fsname, sep + 1, sizeof(sbi->fsname));
	return 0;
bad:
	return invalfc(fc, "bad source '%s': expected NID:/fsname", src);
}

static int loom_parse_param(struct fs_context *fc, struct fs_parameter *param)
{
	struct loom_sb_info *sbi = fc->s_fs_info;
	struct fs_parse_result result;
	int opt, rc;

	opt = fs_parse(fc, loom_fs_parameters, param, &result);
	if (opt < 0)
		return opt;

	switch (opt) {
	case LOOM_OPT_SOURCE:
		if (fc->source)
			return invalfc(fc, "multiple sources");
		rc = loom_parse_source(fc, sbi, param->string);
		if (rc)
			return rc;
		fc->source = param->string;
		param->string = NULL;
		break;
	case LOOM_OPT_TIMEOUT:
		if (!result.uint_32 || result.uint_32 > 3600)
			return invalfc(fc, "timeout must be 1-3600 seconds");
		sbi->timeout = result.uint_32;
		break;
	case LOOM_OPT_ACL:
		sbi->acl = !result.negated;
		break;
	case LOOM_OPT_FLOCK:
		sbi->flock = result.negated ? LOOM_FLOCK_MODE_OFF :
			     LOOM_FLOCK_MODE_ON;
		break;
	case LOOM_OPT_LOCALFLOCK:
		sbi->flock = LOOM_FLOCK_MODE_LOCAL;
		break;
	}
	return 0;
}

static int loom_get_tree(struct fs_context *fc)
{
	struct loom_sb_info *sbi = fc->s_fs_info;

	if (!fc->source)
		return invalfc(fc, "no source: expected NID:/fsname");
	if (sbi->flock < 0)
		sbi->flock = LOOM_FLOCK_MODE_ON;
	sbi->net = get_net(fc->net_ns);
	return get_tree_nodev(fc, loom_fill_super);
}

static int loom_reconfigure(struct fs_context *fc)
{
	struct loom_sb_info *new = fc->s_fs_info;
	struct super_block *sb = fc->root->d_sb;

	if (new->acl >= 0 && !new->acl != !(sb->s_flags & SB_POSIXACL))
		return invalfc(fc, "acl and noacl cannot change on remount");
	if (new->flock >= 0 && new->flock != loom_sbi(sb)->flock)
		return invalfc(fc, "flock, localflock and noflock cannot change on remount");
	sync_filesystem(sb);
	return 0;
}

static void loom_sbi_free(struct loom_sb_info *sbi)
{
	if (!sbi)
		return;
	loom_mgc_stop(sbi);
	loom_dlm_sb_shutdown(sbi);
	loom_disconnect_all(sbi);
	if (sbi->net)
		put_net(sbi->net);
	kfree(sbi);
}

static void loom_free_fc(struct fs_context *fc)
{
	loom_sbi_free(fc->s_fs_info);
}

static const struct fs_context_operations loom_context_ops = {
	.free		= loom_free_fc,
	.parse_param	= loom_parse_param,
	.get_tree	= loom_get_tree,
	.reconfigure	= loom_reconfigure,
};

static int loom_init_fs_context(struct fs_context *fc)
{
	struct loom_sb_info *sbi;

	sbi = kzalloc_obj(*sbi, GFP_KERNEL);
	if (!sbi)
		return -ENOMEM;
	sbi->timeout = LOOM_DEFAULT_TIMEOUT;
	loom_dlm_sb_init(sbi);
	sbi->acl = -1;
	sbi->flock = -1;
	fc->s_fs_info = sbi;
	fc->ops = &loom_context_ops;
	return 0;
}

static void loom_kill_sb(struct super_block *sb)
{
	struct loom_sb_info *sbi = loom_sbi(sb);

	loom_mgc_stop(sbi);	/* it sets the bdi, which goes next */
	WRITE_ONCE(sbi->dlm_dying, true);
	cancel_delayed_work_sync(&sbi->dlm_ping);
	flush_work(&sbi->dlm_work);
	kill_anon_super(sb);
	loom_sbi_free(sbi);
}

static struct file_system_type loom_fs_type = {
	.owner			= THIS_MODULE,
	.name			= "loom",
	.init_fs_context	= loom_init_fs_context,
	.parameters		= loom_fs_parameters,
	.kill_sb		= loom_kill_sb,
};
MODULE_ALIAS_FS("loom");

/**
 * loom_client_init() - register the Loom filesystem type
 *
 * Return: 0 or a negative errno.
 */
int loom_client_init(void)
{
	int rc;

	rc = loom_inode_cache_init();
	if (rc)
		return rc;
	rc = loom_aops_init();
	if (rc)
		goto out_cache;
	rc = loom_dlm_init();
	if (rc)
		goto out_aops;
	rc = register_filesystem(&loom_fs_type);
	if (rc)
		goto out_dlm;
	return 0;
out_dlm:
	loom_dlm_exit();
out_aops:
	loom_aops_exit();
out_cache:
	loom_inode_cache_exit();
	return rc;
}

/**
 * loom_client_exit() - unregister the Loom filesystem type
 */
void loom_client_exit(void)
{
	unregister_filesystem(&loom_fs_type);
	loom_dlm_exit();
	loom_aops_exit();
	loom_inode_cache_exit();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Loom management server: the filesystem's configuration.
 *
 * MDTs and OSTs register (type, index, NID); clients and MDTs fetch the
 * configuration: the default layout, the list of targets and the
 * tunables clients apply.  An administrator dumps it as text, restores an
 * edited text or sets one value (loomctl mgs dump|restore|set, over the
 * "loom" generic netlink family; common/mgsconf.c has the text form).
 *
 * An MGS started on a directory (the "dir" backend) keeps its
 * configuration in a checksummed record in one object of its OSD,
 * written at every change, alternately in two slots (common/mgsconf.h),
 * and reads it back at start; a corrupt record refuses the start.  An
 * in-memory MGS forgets everything when it stops: targets register again
 * periodically, so it heals.
 *
 * Every change is made under a PW lock on the configuration resource of
 * the MGS's lock namespace: the PR locks of clients that negotiated
 * %LOOM_FEAT_MGS_NOTIFY are called back, and the clients fetch the new
 * configuration when their next enqueue is granted, after the change.
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/highmem.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/stat.h>
#include "../common/mgsconf.h"
#include "server.h"
#include "ldlm.h"

/**
 * struct loom_mgs - a running MGS
 * @tgt: its target
 * @lock: protects everything below
 * @conf: the configuration
 * @obj: persistent MGS: the object holding the configuration record
 * @capacity: bytes of each OST, as registered
 * @free: free bytes of each OST, as registered
 */
struct loom_mgs {
	struct loom_target	*tgt;
	struct mutex		lock;	/* the fields below */
	struct loom_mgs_conf	*conf;
	struct loom_osd_obj	*obj;
	u64			capacity[LOOM_MAX_TARGETS];
	u64			free[LOOM_MAX_TARGETS];
};

static const struct loom_fid mgs_conf_fid = {
	.seq = cpu_to_le64(LOOM_FID_SEQ_MGS),
	.oid = cpu_to_le32(LOOM_FID_OID_MGS_CONFIG),
};

/* Read or write @len bytes at @pos of the configuration object. */
static int mgs_obj_io(struct loom_osd_obj *obj, u64 pos, void *buf, u32 len,
		      bool write)
{
	unsigned int i, nr = DIV_ROUND_UP(len, PAGE_SIZE);
	struct bio_vec *bvec;
	struct page **pages;
	ssize_t ret = -ENOMEM;

	pages = kcalloc(nr, sizeof(*pages), GFP_KERNEL);
	bvec = kcalloc(nr, sizeof(*bvec), GFP_KERNEL);
	if (!pages || !bvec)
		goto out;
	for (i = 0; i < nr; i++) {
		u32 n = min_t(u32, len - i * PAGE_SIZE, PAGE_SIZE);

		pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!pages[i])
			goto out;
		if (write)
			memcpy_to_page(pages[i], 0, buf + i * PAGE_SIZE, n);
		bvec_set_page(&bvec[i], pages[i], n, 0);
	}
	if (write)
		ret = loom_osd_obj_write(obj, pos, bvec, nr, len);
	else
		ret = loom_osd_obj_read(obj, pos, bvec, nr, len);
	if (ret >= 0 && !write)
		for (i = 0; i < nr; i++)
			memcpy_from_page(buf + i * PAGE_SIZE, pages[i], 0,
					 min_t(u32, len - i * PAGE_SIZE,
					       PAGE_SIZE));
out:
	if (pages)
		for (i = 0; i < nr; i++)
			if (pages[i])
				__free_page(pages[i]);
	kfree(pages);
	kfree(bvec);
	if (ret < 0)
		return ret;
	return write && ret != len ? -EIO : 0;
}

/* Persistent MGS: write @c to the slot of its version's parity, durably. */
static int mgs_save(struct loom_mgs *mgs, const struct loom_mgs_conf *c)
{
	void *buf;
	u32 len;
	int ret;

	if (!mgs->obj)
		return 0;
	buf = kvzalloc(LOOM_DISK_MGS_SLOT, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	len = loom_disk_mgs_encode(buf, LOOM_DISK_MGS_SLOT, c);
	ret = len ? mgs_obj_io(mgs->obj, (c->version & 1) * LOOM_DISK_MGS_SLOT,
			       buf, len, true) : -EOVERFLOW;
	if (!ret)
		ret = loom_osd_obj_sync(mgs->obj);
	kvfree(buf);
	if (ret)
		pr_err("loom: %s MGS: cannot store the configuration: %d\n",
		       mgs->tgt->fsname, ret);
	return ret;
}

/* Persistent MGS: read the newer valid slot into mgs->conf. */
static int mgs_load(struct loom_mgs *mgs, struct netlink_ext_ack *extack)
{
	struct loom_mgs_conf *c;
	struct loom_osd_attr attr;
	int ret, slot, found = -ENODATA;
	void *buf;

	ret = loom_osd_obj_getattr(mgs->obj, &attr);
	if (ret)
		return ret;
	if (!attr.size) {
		/* created but never written: start afresh */
		return mgs_save(mgs, mgs->conf);
	}
	buf = kvzalloc(2 * LOOM_DISK_MGS_SLOT, GFP_KERNEL);
	c = kvzalloc_obj(*c, GFP_KERNEL);
	ret = -ENOMEM;
	if (!buf || !c)
		goto out;
	ret = mgs_obj_io(mgs->obj, 0, buf, 2 * LOOM_DISK_MGS_SLOT, false);
	if (ret)
		goto out;
	for (slot = 0; slot < 2; slot++) {
		ret = loom_disk_mgs_decode(buf + slot * LOOM_DISK_MGS_SLOT,
					   LOOM_DISK_MGS_SLOT, c);
		if (ret == -ENODATA)
			continue;
		if (!ret && strncmp(c->fsname, mgs->tgt->fsname,
				    LOOM_FSNAME_MAX))
			ret = -EUCLEAN;
		if (ret) {
			pr_warn("loom: %s MGS: configuration slot %d is corrupt\n",
				mgs->tgt->fsname, slot);
			if (found == -ENODATA)
				found = ret;
			continue;
		}
		if (found || c->version > mgs->conf->version) {
			memcpy(mgs->conf, c, sizeof(*c));
			found = 0;
		}
	}
	ret = found;
	if (ret == -ENODATA || ret == -EUCLEAN) {
		NL_SET_ERR_MSG(extack,
			       "corrupt MGS configuration record: restore a dump or run fsck.loom");
		ret = -EUCLEAN;
	}
out:
	kvfree(c);
	kvfree(buf);
	return ret;
}

static int mgs_start(struct loom_target *tgt, const struct loom_target_cfg *cfg,
		     struct netlink_ext_ack *extack)
{
	struct loom_mgs *mgs;
	int ret;

	mgs = kvzalloc_obj(*mgs, GFP_KERNEL);
	if (!mgs)
		return -ENOMEM;
	mgs->conf = kvzalloc_obj(*mgs->conf, GFP_KERNEL);
	if (!mgs->conf) {
		kvfree(mgs);
		return -ENOMEM;
	}
	mutex_init(&mgs->lock);
	mgs->tgt = tgt;
	/* the start options only shape a new configuration */
	loom_mgs_conf_init(mgs->conf, tgt->fsname);
	if (cfg->stripe_size)
		mgs->conf->stripe_size = cfg->stripe_size;
	if (cfg->stripe_count)
		mgs->conf->stripe_count = cfg->stripe_count;

	if (tgt->osd) {
		mgs->obj = loom_osd_obj_find(tgt->osd, &mgs_conf_fid, 0);
		if (PTR_ERR(mgs->obj) == -ENOENT) {
			mgs->obj = loom_osd_obj_find(tgt->osd, &mgs_conf_fid,
						     S_IFREG | 0600);
		}
		if (IS_ERR(mgs->obj)) {
			ret = PTR_ERR(mgs->obj);
			mgs->obj = NULL;
			NL_SET_ERR_MSG(extack, "cannot open the MGS configuration");
			goto err;
		}
		ret = mgs_load(mgs, extack);
		if (ret) {
			if (ret != -EUCLEAN)
				NL_SET_ERR_MSG(extack,
					       "cannot read the MGS configuration");
			goto err;
		}
	}
	tgt->priv = mgs;
	return 0;
err:
	loom_osd_obj_put(mgs->obj);
	kvfree(mgs->conf);
	kvfree(mgs);
	return ret;
}

static void mgs_stop(struct loom_target *tgt)
{
	struct loom_mgs *mgs = tgt->priv;

	if (!mgs)
		return;
	loom_osd_obj_put(mgs->obj);
	kvfree(mgs->conf);
	kvfree(mgs);
	tgt->priv = NULL;
}

/*
 * Change the configuration: @fn edits a copy, which replaces the current
 * one (stored first when persistent) with the next version.  The
 * configuration locks of every client but @exp (the registering target,
 * which fetches the configuration next; %NULL for an administrator) are
 * called back first.  Return: 0, 1 if @fn changed nothing, or a negative
 * errno (nothing changed).
 */
static int mgs_change(struct loom_mgs *mgs, void *exp,
		      int (*fn)(struct loom_mgs_conf *c, void *arg), void *arg)
{
	struct loom_ldlm_ns *ns = mgs->tgt->ldlm;
	struct loom_lock_desc desc = {
		.type = LOOM_LDLM_IBITS,
		.mode = LOOM_LCK_PW,
		.bits = LOOM_IBIT_UPDATE,
	};
	struct loom_mgs_conf *c;
	struct loom_ldlm_op op;
	int ret;

	c = kvzalloc_obj(*c, GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	if (ns) {
		ret = loom_ldlm_op_begin(ns, exp, &mgs_conf_fid, &desc, &op);
		if (ret)
			goto out_free;
	}
	mutex_lock(&mgs->lock);
	memcpy(c, mgs->conf, sizeof(*c));
	ret = fn(c, arg);
	if (ret)
		goto out_unlock;
	if (!memcmp(c, mgs->conf, sizeof(*c))) {
		ret = 1;
		goto out_unlock;
	}
	c->version = mgs->conf->version + 1;
	ret = mgs_save(mgs, c);
	if (!ret)
		swap(mgs->conf, c);
out_unlock:
	mutex_unlock(&mgs->lock);
	if (ns)
		loom_ldlm_op_end(ns, &op);
out_free:
	kvfree(c);
	return ret;
}

struct mgs_reg_arg {
	u32			type;
	u32			index;
	struct loomnet_nid	nid;
};

static int mgs_reg_fn(struct loom_mgs_conf *c, void *arg)
{
	struct mgs_reg_arg *a = arg;
	struct loom_mgs_conf_tgt *t;

	t = a->type == LOOM_TGT_MDT ? &c->mdts[a->index] : &c->osts[a->index];
	t->present = true;
	t->nid = a->nid;
	return 0;
}

static int mgs_register(struct loom_srv_req *sr)
{
	const struct loom_mgs_register_req *req = sr->body;
	struct loom_mgs *mgs = sr->tgt->priv;
	struct loom_mgs_conf_tgt *t;
	struct mgs_reg_arg a;
	bool same;
	int ret;

	if (sr->body_len != sizeof(*req) || req->padding)
		return -EPROTO;
	if (loom_wire_check_fsname(req->fsname) ||
	    loom_wire_check_nid(&req->nid))
		return -EINVAL;
	if (strncmp(req->fsname, sr->tgt->fsname, LOOM_FSNAME_MAX))
		return -ENODEV;
	a.type = le32_to_cpu(req->target_type);
	a.index = le32_to_cpu(req->target_index);
	if (a.index >= LOOM_MAX_TARGETS ||
	    (a.type != LOOM_TGT_MDT && a.type != LOOM_TGT_OST))
		return -EINVAL;
	a.nid = req->nid;
	a.nid.net = le16_to_cpu((__force __le16)req->nid.net);

	mutex_lock(&mgs->lock);
	t = a.type == LOOM_TGT_MDT ? &mgs->conf->mdts[a.index] :
		&mgs->conf->osts[a.index];
	same = t->present && loomnet_nid_equal(&t->nid, &a.nid);
	if (a.type == LOOM_TGT_OST) {
		mgs->capacity[a.index] = le64_to_cpu(req->capacity);
		mgs->free[a.index] = le64_to_cpu(req->free);
	}
	mutex_unlock(&mgs->lock);
	if (same)
		return 0;
	ret = mgs_change(mgs, sr->exp_cookie, mgs_reg_fn, &a);
	if (ret == 0)
		pr_info("loom: %s MGS: %s%04x registered\n", sr->tgt->fsname,
			a.type == LOOM_TGT_MDT ? "MDT" : "OST", a.index);
	return ret < 0 ? ret : 0;
}

static void mgs_fill(struct loom_target_entry **te, u32 type, u32 index,
		     const struct loom_mgs_conf_tgt *t)
{
	(*te)->type = cpu_to_le32(type);
	(*te)->index = cpu_to_le32(index);
	(*te)->nid = t->nid;
	(*te)->nid.net = (__force u16)cpu_to_le16(t->nid.net);
	(*te)->flags = cpu_to_le32(LOOM_TGT_F_ACTIVE);
	(*te)++;
}

static int mgs_config(struct loom_srv_req *sr)
{
	const struct loom_mgs_config_req *req = sr->body;
	const struct loom_mgs_config_ext *ext = (const void *)(req + 1);
	struct loom_mgs *mgs = sr->tgt->priv;
	struct loom_mgs_conf *c = mgs->conf;
	struct loom_mgs_config_rep *rep;
	struct loom_mgs_tunables *tun;
	struct loom_target_entry *te;
	bool tunables = false;
	u32 i, nr = 0;

	if (sr->body_len == sizeof(*req) + sizeof(*ext)) {
		if (ext->padding ||
		    (le32_to_cpu(ext->flags) & ~LOOM_MGS_CONFIG_TUNABLES))
			return -EPROTO;
		tunables = le32_to_cpu(ext->flags) & LOOM_MGS_CONFIG_TUNABLES;
	} else if (sr->body_len != sizeof(*req)) {
		return -EPROTO;
	}
	if (loom_wire_check_fsname(req->fsname))
		return -EINVAL;
	if (strncmp(req->fsname, sr->tgt->fsname, LOOM_FSNAME_MAX))
		return -ENODEV;

	mutex_lock(&mgs->lock);
	c = mgs->conf;
	for (i = 0; i < LOOM_MAX_TARGETS; i++)
		nr += c->mdts[i].present + c->osts[i].present;
	rep = loom_srv_reply(sr, sizeof(*rep) + nr * sizeof(*te) +
			     (tunables ? sizeof(*tun) : 0));
	if (!rep) {
		mutex_unlock(&mgs->lock);
		return -ENOMEM;
	}
	rep->config_version = cpu_to_le64(c->version);
	rep->def_layout.stripe_size = cpu_to_le32(c->stripe_size);
	rep->def_layout.stripe_count = cpu_to_le16(c->stripe_count);
	rep->def_layout.stripe_offset = cpu_to_le16(c->stripe_offset);
	rep->nr_targets = cpu_to_le32(nr);
	te = (struct loom_target_entry *)(rep + 1);
	for (i = 0; i < LOOM_MAX_TARGETS; i++)
		if (c->mdts[i].present)
			mgs_fill(&te, LOOM_TGT_MDT, i, &c->mdts[i]);
	for (i = 0; i < LOOM_MAX_TARGETS; i++)
		if (c->osts[i].present)
			mgs_fill(&te, LOOM_TGT_OST, i, &c->osts[i]);
	if (tunables) {
		tun = (struct loom_mgs_tunables *)te;
		memset(tun, 0, sizeof(*tun));
		tun->readahead_kb = cpu_to_le32(c->readahead_kb);
	}
	mutex_unlock(&mgs->lock);
	return 0;
}

/* LDLM_ENQUEUE: a PR lock on the configuration, nothing else. */
static int mgs_enqueue(struct loom_srv_req *sr)
{
	const struct loom_ldlm_enqueue_req *req = sr->body;
	struct loom_ldlm_enqueue_rep *rep;
	struct loom_ldlm_owner owner;
	struct loom_lock_desc desc;
	u64 handle;
	int ret;

	if (!sr->tgt->ldlm)
		return -EOPNOTSUPP;
	ret = loom_wire_check_enqueue(sr->body, sr->body_len, LOOM_TGT_MGS,
				      &desc);
	if (ret)
		return ret;
	if (memcmp(&req->res, &mgs_conf_fid, sizeof(req->res)) ||
	    le32_to_cpu(req->intent) != LOOM_IT_NONE ||
	    desc.mode != LOOM_LCK_PR || desc.bits != LOOM_IBIT_UPDATE)
		return -EINVAL;
	loom_srv_owner(sr, &owner);
	ret = loom_ldlm_enqueue(sr->tgt->ldlm, &owner, &req->res,
				le64_to_cpu(req->cookie), &desc, &handle);
	if (ret)
		return ret;
	rep = loom_srv_reply(sr, sizeof(*rep));
	if (!rep) {
		loom_ldlm_cancel(sr->tgt->ldlm, sr->exp_cookie, handle);
		return -ENOMEM;
	}
	rep->handle = cpu_to_le64(handle);
	rep->mode = cpu_to_le32(desc.mode);
	rep->bits = cpu_to_le64(desc.bits);
	return 0;
}

static int mgs_handle(struct loom_srv_req *sr)
{
	switch (sr->opcode) {
	case LOOM_OPC_MGS_REGISTER:
		return mgs_register(sr);
	case LOOM_OPC_MGS_CONFIG:
		return mgs_config(sr);
	case LOOM_OPC_LDLM_ENQUEUE:
		return mgs_enqueue(sr);
	default:
		return -EOPNOTSUPP;
	}
}

/**
 * loom_mgs_dump() - the text form of an MGS's configuration
 * @tgt: a running MGS
 * @buf: where to write it, NUL-terminated
 * @size: bytes at @buf
 *
 * Return: the length of the text, or -ENOSPC.
 */
int loom_mgs_dump(struct loom_target *tgt, char *buf, size_t size)
{
	struct loom_mgs *mgs = tgt->priv;
	int ret;

	mutex_lock(&mgs->lock);
	ret = loom_mgs_conf_format(mgs->conf, buf, size);
	mutex_unlock(&mgs->lock);
	return ret;
}

struct mgs_text_arg {
	const char		*text;
	size_t			len;
	bool			replace;
	const char		*err;
	unsigned int		line;
};

static int mgs_text_fn(struct loom_mgs_conf *c, void *arg)
{
	struct mgs_text_arg *a = arg;

	return loom_mgs_conf_parse(c, a->text, a->len, a->replace, &a->err,
				   &a->line);
}

/**
 * loom_mgs_apply() - change an MGS's configuration from text
 * @tgt: a running MGS
 * @text: lines of the dump format
 * @len: bytes of @text
 * @replace: restore: @text is the whole configuration; else (set) each
 *	line changes what it says
 * @extack: says what is wrong
 *
 * Everything is checked before anything changes: a bad line leaves the
 * configuration as it was.  Clients are told of the new version.
 *
 * Return: 0 or a negative errno.
 */
int loom_mgs_apply(struct loom_target *tgt, const char *text, size_t len,
		   bool replace, struct netlink_ext_ack *extack)
{
	struct mgs_text_arg a = {
		.text = text, .len = len, .replace = replace,
		.err = "invalid configuration",
	};
	int ret;

	ret = mgs_change(tgt->priv, NULL, mgs_text_fn, &a);
	if (ret == -EINVAL) {
		/* a constant message, which the extack only points to */
		if (extack)
			extack->_msg = a.err;
	} else if (ret < 0) {
		NL_SET_ERR_MSG(extack, "cannot store the configuration");
	}
	return ret < 0 ? ret : 0;
}

const struct loom_target_ops loom_mgs_ops = {
	.name		= "mgs",
	/*
	 * Not ordered: a change waits in loom_ldlm_op_begin() for holders
	 * of the configuration lock to cancel, and a holder may be waiting
	 * for the reply to an MGS_CONFIG before it gets to that.
	 */
	.ordered	= false,
	.start		= mgs_start,
	.stop		= mgs_stop,
	.handle		= mgs_handle,
};

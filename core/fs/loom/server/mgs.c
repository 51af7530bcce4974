// SPDX-License-Identifier: GPL-2.0
/*
 * Loom management server: the filesystem's configuration.
 *
 * MDTs and OSTs register (type, index, NID); clients and MDTs fetch the
 * configuration: the default layout and the list of targets.  All in
 * memory: targets register again periodically, so an MGS restart heals.
 */
#include <linux/slab.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include "server.h"

struct loom_mgs_tgt {
	bool			present;
	struct loomnet_nid	nid;
	u64			capacity;
	u64			free;
};

struct loom_mgs {
	struct mutex		lock;	/* everything below */
	u64			version;
	struct loom_layout_default def;
	struct loom_mgs_tgt	mdts[LOOM_MAX_TARGETS];
	struct loom_mgs_tgt	osts[LOOM_MAX_TARGETS];
};

static int mgs_start(struct loom_target *tgt, const struct loom_target_cfg *cfg,
		     struct netlink_ext_ack *extack)
{
	struct loom_mgs *mgs;

	mgs = kzalloc_obj(*mgs, GFP_KERNEL);
	if (!mgs)
		return -ENOMEM;
	mutex_init(&mgs->lock);
	mgs->version = 1;
	mgs->def.stripe_size = cpu_to_le32(cfg->stripe_size ?: 1 << 20);
	mgs->def.stripe_count = cpu_to_le16(cfg->stripe_count ?: 1);
	mgs->def.stripe_offset = cpu_to_le16(0xffff);
	tgt->priv = mgs;
	return 0;
}

static void mgs_stop(struct loom_target *tgt)
{
	kfree(tgt->priv);
	tgt->priv = NULL;
}

static int mgs_register(struct loom_srv_req *sr)
{
	const struct loom_mgs_register_req *req = sr->body;
	struct loom_mgs *mgs = sr->tgt->priv;
	struct loom_mgs_tgt *t;
	u32 type, index;

	if (sr->body_len != sizeof(*req) || req->padding)
		return -EPROTO;
	if (loom_wire_check_fsname(req->fsname) ||
	    loom_wire_check_nid(&req->nid))
		return -EINVAL;
	if (strncmp(req->fsname, sr->tgt->fsname, LOOM_FSNAME_MAX))
		return -ENODEV;
	type = le32_to_cpu(req->target_type);
	index = le32_to_cpu(req->target_index);
	if (index >= LOOM_MAX_TARGETS)
		return -EINVAL;
	if (type == LOOM_TGT_MDT)
		t = &mgs->mdts[index];
	else if (type == LOOM_TGT_OST)
		t = &mgs->osts[index];
	else
		return -EINVAL;

	mutex_lock(&mgs->lock);
	if (!t->present || !loomnet_nid_equal(&t->nid, &req->nid)) {
		t->present = true;
		t->nid = req->nid;
		mgs->version++;
	}
	t->capacity = le64_to_cpu(req->capacity);
	t->free = le64_to_cpu(req->free);
	mutex_unlock(&mgs->lock);
	return 0;
}

static void mgs_fill(struct loom_target_entry **te, u32 type, u32 index,
		     const struct loom_mgs_tgt *t)
{
	(*te)->type = cpu_to_le32(type);
	(*te)->index = cpu_to_le32(index);
	(*te)->nid = t->nid;
	(*te)->flags = cpu_to_le32(LOOM_TGT_F_ACTIVE);
	(*te)++;
}

static int mgs_config(struct loom_srv_req *sr)
{
	const struct loom_mgs_config_req *req = sr->body;
	struct loom_mgs *mgs = sr->tgt->priv;
	struct loom_mgs_config_rep *rep;
	struct loom_target_entry *te;
	u32 i, nr = 0;

	if (sr->body_len != sizeof(*req))
		return -EPROTO;
	if (loom_wire_check_fsname(req->fsname))
		return -EINVAL;
	if (strncmp(req->fsname, sr->tgt->fsname, LOOM_FSNAME_MAX))
		return -ENODEV;

	mutex_lock(&mgs->lock);
	for (i = 0; i < LOOM_MAX_TARGETS; i++)
		nr += mgs->mdts[i].present + mgs->osts[i].present;
	rep = loom_srv_reply(sr, sizeof(*rep) + nr * sizeof(*te));
	if (!rep) {
		mutex_unlock(&mgs->lock);
		return -ENOMEM;
	}
	rep->config_version = cpu_to_le64(mgs->version);
	rep->def_layout = mgs->def;
	rep->nr_targets = cpu_to_le32(nr);
	te = (struct loom_target_entry *)(rep + 1);
	for (i = 0; i < LOOM_MAX_TARGETS; i++)
		if (mgs->mdts[i].present)
			mgs_fill(&te, LOOM_TGT_MDT, i, &mgs->mdts[i]);
	for (i = 0; i < LOOM_MAX_TARGETS; i++)
		if (mgs->osts[i].present)
			mgs_fill(&te, LOOM_TGT_OST, i, &mgs->osts[i]);
	mutex_unlock(&mgs->lock);
	return 0;
}

static int mgs_handle(struct loom_srv_req *sr)
{
	switch (sr->opcode) {
	case LOOM_OPC_MGS_REGISTER:
		return mgs_register(sr);
	case LOOM_OPC_MGS_CONFIG:
		return mgs_config(sr);
	default:
		return -EOPNOTSUPP;
	}
}

const struct loom_target_ops loom_mgs_ops = {
	.name		= "mgs",
	.portal		= LOOMNET_PORTAL_MGS,
	.ordered	= true,
	.start		= mgs_start,
	.stop		= mgs_stop,
	.handle		= mgs_handle,
};

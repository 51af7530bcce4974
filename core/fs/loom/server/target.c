// SPDX-License-Identifier: GPL-2.0
/*
 * Loom servers: the "loom" generic netlink family that starts, stops and
 * lists targets in the caller's network namespace, and the registration
 * of MDTs and OSTs with their MGS.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <uapi/linux/loom.h>
#include "../common/rpc.h"
#include "../common/mgsconf.h"
#include "../loom.h"
#include "server.h"
#include "ldlm.h"

#define LOOM_REG_RETRY		(3 * HZ)
#define LOOM_REG_REFRESH	(10 * HZ)
#define LOOM_MAX_CAPACITY_MB	BIT_ULL(40)

static int loom_target_register(struct loom_target *tgt, struct loom_conn *conn)
{
	struct loom_mgs_register_req *body;
	struct loom_osd_statfs st = {};
	struct loom_req *req;
	int ret;

	ret = loomnet_local_nid(tgt->net, &tgt->mgs_nid, &tgt->nid);
	if (ret)
		return ret;
	if (tgt->osd)
		loom_osd_statfs(tgt->osd, &st);

	req = loom_req_alloc(conn, LOOM_OPC_MGS_REGISTER, sizeof(*body));
	if (IS_ERR(req))
		return PTR_ERR(req);
	body = req->req_body;
	body->target_type = cpu_to_le32(tgt->type);
	body->target_index = cpu_to_le32(tgt->index);
	memcpy(body->fsname, tgt->fsname, LOOM_FSNAME_MAX);
	body->nid = tgt->nid;
	body->capacity = cpu_to_le64(st.blocks * st.bsize);
	body->free = cpu_to_le64(st.bfree * st.bsize);
	ret = loom_req_send_wait(req);
	loom_req_free(req);
	return ret;
}

static int loom_target_fetch_config(struct loom_target *tgt,
				    struct loom_conn *conn)
{
	struct loom_mgs_config_req *body;
	struct loom_req *req;
	int ret;

	req = loom_req_alloc(conn, LOOM_OPC_MGS_CONFIG, sizeof(*body));
	if (IS_ERR(req))
		return PTR_ERR(req);
	body = req->req_body;
	memcpy(body->fsname, tgt->fsname, LOOM_FSNAME_MAX);
	ret = loom_req_send_wait(req);
	if (!ret) {
		ret = loom_wire_check_config(req->rep_body, req->rep_len);
		if (!ret)
			loom_mdt_set_config(tgt, req->rep_body, req->rep_len);
	}
	loom_req_free(req);
	return ret;
}

/*
 * An MDT follows the configuration as a client does (client/mgc.c): it
 * holds a PR lock on the MGS's configuration resource; the callback of a
 * change runs the registration worker, which cancels the lock before
 * anything else (the MGS waits for it), enqueues it again (granted once
 * the change is made) and fetches the new configuration.  Without
 * LOOM_FEAT_MGS_NOTIFY, or meanwhile, the worker's periodic refresh does.
 */
struct loom_cfg_lock {
	struct loom_mgc_watch	watch;
	struct loom_target	*tgt;
	atomic_t		called;
	u64			handle;
};

/* Called back, or the MGS forgot the lock: run the worker now. */
static void loom_cfg_lock_called(void *arg)
{
	struct loom_cfg_lock *cl = arg;

	atomic_set(&cl->called, 1);
	loom_target_kick_mgs(cl->tgt);
}

static void loom_cfg_lock_reconnected(struct loom_conn *conn, u64 generation,
				      void *arg)
{
	loom_cfg_lock_called(arg);
}

/* Give the lock back (first thing when called back). */
static void loom_cfg_lock_cancel(struct loom_cfg_lock *cl,
				 struct loom_conn *conn)
{
	struct loom_ldlm_cancel_req *body;
	struct loom_req *req;

	if (!cl->handle)
		return;
	req = loom_req_alloc(conn, LOOM_OPC_LDLM_CANCEL,
			     sizeof(*body) + sizeof(__le64));
	if (!IS_ERR_OR_NULL(req)) {
		body = req->req_body;
		body->count = cpu_to_le32(1);
		body->handles[0] = cpu_to_le64(cl->handle);
		loom_req_send_wait(req);
		loom_req_free(req);
	}
	cl->handle = 0;
}

static int loom_cfg_lock_enqueue(struct loom_cfg_lock *cl,
				 struct loom_conn *conn)
{
	return loom_mgs_config_enqueue(conn,
				       loom_mgc_watch_cookie(&cl->watch),
				       &cl->handle);
}

/* MDT, before registering: a lock called back is given back at once. */
static void loom_cfg_lock_release(struct loom_target *tgt,
				  struct loom_conn *conn)
{
	struct loom_cfg_lock *cl = tgt->cfg_lock;

	if (cl && atomic_xchg(&cl->called, 0))
		loom_cfg_lock_cancel(cl, conn);
}

/* MDT, registered: hold the lock, then fetch the configuration. */
static int loom_cfg_lock_follow(struct loom_target *tgt,
				struct loom_conn *conn)
{
	struct loom_cfg_lock *cl = tgt->cfg_lock;
	int ret;

	if (!(loom_conn_features(conn) & LOOM_FEAT_MGS_NOTIFY))
		return loom_target_fetch_config(tgt, conn);
	if (!cl) {
		cl = kzalloc_obj(*cl, GFP_KERNEL);
		if (!cl)
			return loom_target_fetch_config(tgt, conn);
		cl->tgt = tgt;
		cl->watch.fn = loom_cfg_lock_called;
		cl->watch.arg = cl;
		loom_mgc_watch_add(&cl->watch);
		tgt->cfg_lock = cl;
	}
	if (!cl->handle) {
		loom_conn_set_reconnect_cb(conn, loom_cfg_lock_reconnected, cl);
		ret = loom_cfg_lock_enqueue(cl, conn);
		if (ret)
			return ret;
	}
	return loom_target_fetch_config(tgt, conn);
}

/**
 * loom_target_cfg_lock_free() - an MDT stops following the configuration
 * @tgt: the target, its registration worker stopped and connection gone
 */
void loom_target_cfg_lock_free(struct loom_target *tgt)
{
	struct loom_cfg_lock *cl = tgt->cfg_lock;

	if (!cl)
		return;
	loom_mgc_watch_del(&cl->watch);
	tgt->cfg_lock = NULL;
	kfree(cl);
}

static void loom_target_drop_mgs(struct loom_target *tgt)
{
	struct loom_conn *conn;

	spin_lock(&tgt->mgs_spin);
	conn = tgt->mgs;
	tgt->mgs = NULL;
	spin_unlock(&tgt->mgs_spin);
	loom_conn_destroy(conn);
	if (tgt->cfg_lock)
		tgt->cfg_lock->handle = 0;	/* went with the connection */
}

/**
 * loom_target_reg_work() - register an MDT or OST with its MGS
 * @work: the target's reg_work
 *
 * Connects to the MGS if needed, registers (again: an MGS that restarted
 * learns about us), and for an MDT fetches the configuration.  Runs again
 * periodically until the target stops.
 */
void loom_target_reg_work(struct work_struct *work)
{
	struct loom_target *tgt = container_of(to_delayed_work(work),
					       struct loom_target, reg_work);
	unsigned long delay = LOOM_REG_RETRY;
	struct loom_conn *conn;
	int ret;

	spin_lock(&tgt->mgs_spin);
	conn = tgt->stopping ? ERR_PTR(-ESHUTDOWN) : tgt->mgs;
	spin_unlock(&tgt->mgs_spin);
	if (IS_ERR(conn))
		return;

	if (!conn) {
		conn = loom_conn_alloc(tgt->net, &tgt->mgs_nid, LOOM_TGT_MGS,
				       0, tgt->fsname);
		if (IS_ERR(conn))
			goto again;
		spin_lock(&tgt->mgs_spin);
		if (tgt->stopping) {
			spin_unlock(&tgt->mgs_spin);
			loom_conn_destroy(conn);
			return;
		}
		tgt->mgs = conn;
		spin_unlock(&tgt->mgs_spin);
		ret = loom_conn_connect(conn);
		if (ret) {
			pr_debug("loom: %s%04x: cannot connect to the MGS: %d\n",
				 tgt->ops->name, tgt->index, ret);
			loom_target_drop_mgs(tgt);
			goto again;
		}
	}

	loom_cfg_lock_release(tgt, conn);
	ret = loom_target_register(tgt, conn);
	if (!ret && tgt->type == LOOM_TGT_MDT)
		ret = loom_cfg_lock_follow(tgt, conn);
	if (ret) {
		if (!READ_ONCE(tgt->registered) || ret == -ENOTCONN)
			pr_info("loom: %s %s%04x: MGS registration failed: %d\n",
				tgt->fsname, tgt->ops->name, tgt->index, ret);
		/* reconnect next time: the MGS may have restarted */
		loom_target_drop_mgs(tgt);
		WRITE_ONCE(tgt->registered, false);
		goto again;
	}
	if (!READ_ONCE(tgt->registered))
		pr_info("loom: %s %s%04x registered with the MGS\n",
			tgt->fsname, tgt->ops->name, tgt->index);
	WRITE_ONCE(tgt->registered, true);
	delay = LOOM_REG_REFRESH;
again:
	spin_lock(&tgt->mgs_spin);
	if (!tgt->stopping)
		queue_delayed_work(loom_reg_wq, &tgt->reg_work, delay);
	spin_unlock(&tgt->mgs_spin);
}

/* Generic netlink: start, stop and list targets. */

static const struct nla_policy loom_genl_policy[LOOM_A_MAX + 1] = {
	[LOOM_A_TGT_TYPE]	= NLA_POLICY_RANGE(NLA_U32, LOOM_TARGET_MGS,
						   LOOM_TARGET_OST),
	[LOOM_A_FSNAME]		= { .type = NLA_STRING,
				    .len = LOOM_FSNAME_LEN - 1 },
	[LOOM_A_INDEX]		= NLA_POLICY_MAX(NLA_U32,
						 LOOM_MAX_TARGETS - 1),
	[LOOM_A_MGS_NID]	= { .type = NLA_STRING,
				    .len = LOOMNET_NIDSTR_SIZE - 1 },
	[LOOM_A_STRIPE_COUNT]	= { .type = NLA_U32 },
	[LOOM_A_STRIPE_SIZE]	= { .type = NLA_U32 },
	[LOOM_A_BACKEND]	= { .type = NLA_STRING, .len = 15 },
	[LOOM_A_CAPACITY_MB]	= { .type = NLA_U64 },
	[LOOM_A_NID]		= { .type = NLA_REJECT },
	[LOOM_A_STATE]		= { .type = NLA_REJECT },
	[LOOM_A_CLIENTS]	= { .type = NLA_REJECT },
	[LOOM_A_REQUESTS]	= { .type = NLA_REJECT },
	[LOOM_A_PATH]		= { .type = NLA_NUL_STRING, .len = 255 },
	[LOOM_A_LOCKS]		= { .type = NLA_REJECT },
	[LOOM_A_LOCK_CALLBACKS]	= { .type = NLA_REJECT },
	[LOOM_A_EVICTIONS]	= { .type = NLA_REJECT },
	[LOOM_A_MGS_CONFIG]	= { .type = NLA_STRING,
				    .len = LOOM_MGS_TEXT_MAX },
};

static struct genl_family loom_genl_family;

static int loom_genl_fsname(struct genl_info *info, char *fsname)
{
	struct nlattr *attr = info->attrs[LOOM_A_FSNAME];

	if (!attr) {
		NL_SET_ERR_MSG(info->extack, "missing filesystem name");
		return -EINVAL;
	}
	memset(fsname, 0, LOOM_FSNAME_MAX);
	if (nla_strscpy(fsname, attr, LOOM_FSNAME_MAX) < 0 ||
	    loom_wire_check_fsname(fsname)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "filesystem name must be 1-15 characters of [A-Za-z0-9_-]");
		return -EINVAL;
	}
	return 0;
}

static int loom_genl_start(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **a = info->attrs;
	struct loom_target_cfg *cfg;
	char nidstr[LOOMNET_NIDSTR_SIZE];
	int ret;

	if (!a[LOOM_A_TGT_TYPE]) {
		NL_SET_ERR_MSG(extack, "missing target type");
		return -EINVAL;
	}
	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	cfg->type = nla_get_u32(a[LOOM_A_TGT_TYPE]);
	ret = loom_genl_fsname(info, cfg->fsname);
	if (ret)
		goto out;

	ret = -EINVAL;
	if (cfg->type == LOOM_TGT_MGS) {
		if (a[LOOM_A_INDEX] && nla_get_u32(a[LOOM_A_INDEX])) {
			NL_SET_ERR_MSG_ATTR(extack, a[LOOM_A_INDEX],
					    "the MGS has index 0");
			goto out;
		}
		if (a[LOOM_A_MGS_NID]) {
			NL_SET_ERR_MSG_ATTR(extack, a[LOOM_A_MGS_NID],
					    "an MGS takes no MGS NID");
			goto out;
		}
		if (a[LOOM_A_STRIPE_COUNT]) {
			cfg->stripe_count = nla_get_u32(a[LOOM_A_STRIPE_COUNT]);
			if (!cfg->stripe_count ||
			    (cfg->stripe_count > LOOM_MAX_STRIPES &&
			     cfg->stripe_count != 0xffff)) {
				NL_SET_ERR_MSG_ATTR(extack, a[LOOM_A_STRIPE_COUNT],
						    "stripe count must be 1-64, or 65535 for all OSTs");
				goto out;
			}
		}
		if (a[LOOM_A_STRIPE_SIZE]) {
			cfg->stripe_size = nla_get_u32(a[LOOM_A_STRIPE_SIZE]);
			if (!cfg->stripe_size ||
			    cfg->stripe_size % (64 * 1024)) {
				NL_SET_ERR_MSG_ATTR(extack, a[LOOM_A_STRIPE_SIZE],
						    "stripe size must be a non-zero multiple of 64 KiB");
				goto out;
			}
		}
	} else {
		if (a[LOOM_A_STRIPE_COUNT] || a[LOOM_A_STRIPE_SIZE]) {
			NL_SET_ERR_MSG(extack, "only the MGS takes a default layout");
			goto out;
		}
		if (!a[LOOM_A_INDEX]) {
			NL_SET_ERR_MSG(extack, "missing target index");
			goto out;
		}
		cfg->index = nla_get_u32(a[LOOM_A_INDEX]);
		if (!a[LOOM_A_MGS_NID]) {
			NL_SET_ERR_MSG(extack, "missing MGS NID");
			goto out;
		}
		nla_strscpy(nidstr, a[LOOM_A_MGS_NID], sizeof(nidstr));
		if (loomnet_nid_parse(nidstr, strlen(nidstr), &cfg->mgs_nid)) {
			NL_SET_ERR_MSG_ATTR(extack, a[LOOM_A_MGS_NID],
					    "invalid MGS NID");
			goto out;
		}
	}
	strscpy(cfg->backend, "mem", sizeof(cfg->backend));
	if (a[LOOM_A_BACKEND]) {
		nla_strscpy(cfg->backend, a[LOOM_A_BACKEND],
			    sizeof(cfg->backend));
		if (strcmp(cfg->backend, "mem") && strcmp(cfg->backend, "dir")) {
			NL_SET_ERR_MSG_ATTR(extack, a[LOOM_A_BACKEND],
					    "unknown backend (known: mem, dir)");
			ret = -EOPNOTSUPP;
			goto out;
		}
	}
	if (!strcmp(cfg->backend, "dir")) {
		if (!a[LOOM_A_PATH]) {
			NL_SET_ERR_MSG(extack, "the dir backend needs a path");
			goto out;
		}
		if (a[LOOM_A_CAPACITY_MB]) {
			NL_SET_ERR_MSG_ATTR(extack, a[LOOM_A_CAPACITY_MB],
					    "the dir backend has the capacity of its filesystem");
			goto out;
		}
		nla_strscpy(cfg->path, a[LOOM_A_PATH], sizeof(cfg->path));
	} else if (a[LOOM_A_PATH]) {
		NL_SET_ERR_MSG_ATTR(extack, a[LOOM_A_PATH],
				    "only the dir backend takes a path");
		goto out;
	}
	if (a[LOOM_A_CAPACITY_MB]) {
		u64 mb = nla_get_u64(a[LOOM_A_CAPACITY_MB]);

		if (!mb || mb > LOOM_MAX_CAPACITY_MB) {
			NL_SET_ERR_MSG_ATTR(extack, a[LOOM_A_CAPACITY_MB],
					    "capacity out of range");
			goto out;
		}
		cfg->capacity = mb << 20;
	}
	ret = loom_target_start(genl_info_net(info), cfg, extack);
out:
	kfree(cfg);
	return ret;
}

static int loom_genl_stop(struct sk_buff *skb, struct genl_info *info)
{
	char fsname[LOOM_FSNAME_MAX];
	u32 type, index = 0;
	int ret;

	if (!info->attrs[LOOM_A_TGT_TYPE]) {
		NL_SET_ERR_MSG(info->extack, "missing target type");
		return -EINVAL;
	}
	type = nla_get_u32(info->attrs[LOOM_A_TGT_TYPE]);
	ret = loom_genl_fsname(info, fsname);
	if (ret)
		return ret;
	if (info->attrs[LOOM_A_INDEX])
		index = nla_get_u32(info->attrs[LOOM_A_INDEX]);
	ret = loom_target_stop(genl_info_net(info), type, fsname, index);
	if (ret == -ENOENT)
		NL_SET_ERR_MSG(info->extack, "no such target in this network namespace");
	return ret;
}

struct loom_dump_ctx {
	struct sk_buff		*skb;
	struct netlink_callback	*cb;
};

static int loom_genl_fill(void *arg, struct loom_target *tgt)
{
	struct loom_dump_ctx *ctx = arg;
	char nidstr[LOOMNET_NIDSTR_SIZE];
	bool registered = READ_ONCE(tgt->registered);
	const char *state;
	void *hdr;

	hdr = genlmsg_put(ctx->skb, NETLINK_CB(ctx->cb->skb).portid,
			  ctx->cb->nlh->nlmsg_seq, &loom_genl_family,
			  NLM_F_MULTI, LOOM_CMD_TARGET_LIST);
	if (!hdr)
		return -EMSGSIZE;
	state = tgt->type == LOOM_TGT_MGS || registered ? "running" :
		"registering";
	if (nla_put_u32(ctx->skb, LOOM_A_TGT_TYPE, tgt->type) ||
	    nla_put_string(ctx->skb, LOOM_A_FSNAME, tgt->fsname) ||
	    nla_put_u32(ctx->skb, LOOM_A_INDEX, tgt->index) ||
	    nla_put_string(ctx->skb, LOOM_A_STATE, state) ||
	    nla_put_u32(ctx->skb, LOOM_A_CLIENTS, READ_ONCE(tgt->nr_exports)) ||
	    nla_put_u64_64bit(ctx->skb, LOOM_A_REQUESTS,
			      atomic64_read(&tgt->requests), LOOM_A_PAD))
		goto cancel;
	if (tgt->ldlm) {
		u64 locks, cbs, evictions;

		loom_ldlm_stats(tgt->ldlm, &locks, &cbs, &evictions);
		if (nla_put_u64_64bit(ctx->skb, LOOM_A_LOCKS, locks,
				      LOOM_A_PAD) ||
		    nla_put_u64_64bit(ctx->skb, LOOM_A_LOCK_CALLBACKS, cbs,
				      LOOM_A_PAD) ||
		    nla_put_u64_64bit(ctx->skb, LOOM_A_EVICTIONS, evictions,
				      LOOM_A_PAD))
			goto cancel;
	}
	if (tgt->type != LOOM_TGT_MGS) {
		if (loomnet_nid_format(&tgt->mgs_nid, nidstr,
				       sizeof(nidstr)) >= 0 &&
		    nla_put_string(ctx->skb, LOOM_A_MGS_NID, nidstr))
			goto cancel;
		if (registered &&
		    loomnet_nid_format(&tgt->nid, nidstr, sizeof(nidstr)) >= 0 &&
		    nla_put_string(ctx->skb, LOOM_A_NID, nidstr))
			goto cancel;
	}
	genlmsg_end(ctx->skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(ctx->skb, hdr);
	return -EMSGSIZE;
}

static int loom_genl_list(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct loom_dump_ctx ctx = { .skb = skb, .cb = cb };

	cb->args[0] = loom_target_dump(sock_net(skb->sk), cb->args[0],
				       loom_genl_fill, &ctx);
	return skb->len;
}

/* The MGS configuration: run @fn on the MGS of a filesystem. */
struct loom_mgs_ctx {
	const char		*fsname;
	struct genl_info	*info;
	int			(*fn)(struct loom_target *tgt,
				      struct genl_info *info);
	int			ret;
};

static int loom_mgs_find(void *arg, struct loom_target *tgt)
{
	struct loom_mgs_ctx *ctx = arg;

	if (tgt->type != LOOM_TGT_MGS ||
	    strncmp(tgt->fsname, ctx->fsname, LOOM_FSNAME_MAX))
		return 0;
	ctx->ret = ctx->fn(tgt, ctx->info);
	return 1;
}

static int loom_genl_mgs(struct genl_info *info,
			 int (*fn)(struct loom_target *tgt,
				   struct genl_info *info))
{
	char fsname[LOOM_FSNAME_MAX];
	struct loom_mgs_ctx ctx = {
		.fsname = fsname, .info = info, .fn = fn, .ret = -ENOENT,
	};
	int ret;

	ret = loom_genl_fsname(info, fsname);
	if (ret)
		return ret;
	/* the walk holds the namespace's target list: the MGS stays */
	loom_target_dump(genl_info_net(info), 0, loom_mgs_find, &ctx);
	if (ctx.ret == -ENOENT)
		NL_SET_ERR_MSG(info->extack,
			       "no MGS of this filesystem in this network namespace");
	return ctx.ret;
}

static int loom_mgs_do_dump(struct loom_target *tgt, struct genl_info *info)
{
	struct sk_buff *msg;
	char *text;
	void *hdr;
	int len, ret = -ENOMEM;

	text = kvmalloc(LOOM_MGS_TEXT_MAX, GFP_KERNEL);
	if (!text)
		return -ENOMEM;
	len = loom_mgs_dump(tgt, text, LOOM_MGS_TEXT_MAX);
	if (len < 0) {
		ret = len;
		goto out;
	}
	msg = genlmsg_new(nla_total_size(len + 1) + 64, GFP_KERNEL);
	if (!msg)
		goto out;
	hdr = genlmsg_put_reply(msg, info, &loom_genl_family, 0,
				LOOM_CMD_MGS_DUMP);
	if (!hdr || nla_put_string(msg, LOOM_A_FSNAME, tgt->fsname) ||
	    nla_put(msg, LOOM_A_MGS_CONFIG, len + 1, text)) {
		nlmsg_free(msg);
		ret = -EMSGSIZE;
		goto out;
	}
	genlmsg_end(msg, hdr);
	ret = genlmsg_reply(msg, info);
out:
	kvfree(text);
	return ret;
}

static int loom_mgs_do_apply(struct loom_target *tgt, struct genl_info *info,
			     bool replace)
{
	struct nlattr *attr = info->attrs[LOOM_A_MGS_CONFIG];

	if (!attr) {
		NL_SET_ERR_MSG(info->extack, "missing configuration text");
		return -EINVAL;
	}
	return loom_mgs_apply(tgt, nla_data(attr),
			      strnlen(nla_data(attr), nla_len(attr)), replace,
			      info->extack);
}

static int loom_mgs_do_restore(struct loom_target *tgt, struct genl_info *info)
{
	return loom_mgs_do_apply(tgt, info, true);
}

static int loom_mgs_do_set(struct loom_target *tgt, struct genl_info *info)
{
	return loom_mgs_do_apply(tgt, info, false);
}

static int loom_genl_mgs_dump(struct sk_buff *skb, struct genl_info *info)
{
	return loom_genl_mgs(info, loom_mgs_do_dump);
}

static int loom_genl_mgs_restore(struct sk_buff *skb, struct genl_info *info)
{
	return loom_genl_mgs(info, loom_mgs_do_restore);
}

static int loom_genl_mgs_set(struct sk_buff *skb, struct genl_info *info)
{
	return loom_genl_mgs(info, loom_mgs_do_set);
}

static const struct genl_small_ops loom_genl_ops[] = {
	{
		.cmd	= LOOM_CMD_TARGET_START,
		.doit	= loom_genl_start,
		.flags	= GENL_ADMIN_PERM,
	},
	{
		.cmd	= LOOM_CMD_TARGET_STOP,
		.doit	= loom_genl_stop,
		.flags	= GENL_ADMIN_PERM,
	},
	{
		.cmd	= LOOM_CMD_TARGET_LIST,
		.dumpit	= loom_genl_list,
	},
	{
		.cmd	= LOOM_CMD_MGS_DUMP,
		.doit	= loom_genl_mgs_dump,
		.flags	= GENL_ADMIN_PERM,
	},
	{
		.cmd	= LOOM_CMD_MGS_RESTORE,
		.doit	= loom_genl_mgs_restore,
		.flags	= GENL_ADMIN_PERM,
	},
	{
		.cmd	= LOOM_CMD_MGS_SET,
		.doit	= loom_genl_mgs_set,
		.flags	= GENL_ADMIN_PERM,
	},
};

static struct genl_family loom_genl_family __ro_after_init = {
	.name		= LOOM_GENL_NAME,
	.version	= LOOM_GENL_VERSION,
	.maxattr	= LOOM_A_MAX,
	.policy		= loom_genl_policy,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.small_ops	= loom_genl_ops,
	.n_small_ops	= ARRAY_SIZE(loom_genl_ops),
	.resv_start_op	= LOOM_CMD_TARGET_LIST + 1,
};

/**
 * loom_server_init() - start the server part of loom.ko
 *
 * Return: 0 or a negative errno.
 */
int loom_server_init(void)
{
	int ret;

	ret = loom_osp_init();
	if (ret)
		return ret;
	ret = loom_service_init();
	if (ret)
		goto out_osp;
	ret = genl_register_family(&loom_genl_family);
	if (ret)
		goto out_service;
	return 0;
out_service:
	loom_service_exit();
out_osp:
	loom_osp_exit();
	return ret;
}

/**
 * loom_server_exit() - stop every target and the netlink family
 */
void loom_server_exit(void)
{
	genl_unregister_family(&loom_genl_family);
	loom_service_exit();
	loom_osp_exit();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * loomnet: generic netlink interface (configuration and statistics).
 */
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include "internal.h"

static const struct nla_policy loomnet_policy[LOOMNET_A_MAX + 1] = {
	[LOOMNET_A_NID]		= { .type = NLA_NUL_STRING,
				    .len = LOOMNET_NIDSTR_SIZE - 1 },
	[LOOMNET_A_IFNAME]	= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
	[LOOMNET_A_TIMEOUT_MS]	= { .type = NLA_U32 },
	[LOOMNET_A_SIZE]	= { .type = NLA_U32 },
	[LOOMNET_A_COUNT]	= { .type = NLA_U32 },
	[LOOMNET_A_PINGS]	= { .type = NLA_U32 },
	[LOOMNET_A_MSGS]	= { .type = NLA_U32 },
};

static struct genl_family loomnet_family;

static int loomnet_nl_get_nid(struct genl_info *info, struct loomnet_nid *nid)
{
	struct nlattr *attr = info->attrs[LOOMNET_A_NID];

	if (!attr) {
		GENL_SET_ERR_MSG(info, "missing NID");
		return -EINVAL;
	}
	if (loomnet_nid_parse(nla_data(attr), strlen(nla_data(attr)), nid)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr, "invalid NID");
		return -EINVAL;
	}
	return 0;
}

static int loomnet_nl_put_nid(struct sk_buff *skb, int attr,
			      const struct loomnet_nid *nid)
{
	char buf[LOOMNET_NIDSTR_SIZE];

	if (loomnet_nid_format(nid, buf, sizeof(buf)) < 0)
		return -EINVAL;
	return nla_put_string(skb, attr, buf);
}

static int loomnet_nl_put_stats(struct sk_buff *skb,
				const struct loomnet_stats *st)
{
	if (nla_put_u64_64bit(skb, LOOMNET_A_TX_MSGS,
			      atomic64_read(&st->tx_msgs), LOOMNET_A_PAD) ||
	    nla_put_u64_64bit(skb, LOOMNET_A_RX_MSGS,
			      atomic64_read(&st->rx_msgs), LOOMNET_A_PAD) ||
	    nla_put_u64_64bit(skb, LOOMNET_A_TX_BYTES,
			      atomic64_read(&st->tx_bytes), LOOMNET_A_PAD) ||
	    nla_put_u64_64bit(skb, LOOMNET_A_RX_BYTES,
			      atomic64_read(&st->rx_bytes), LOOMNET_A_PAD) ||
	    nla_put_u64_64bit(skb, LOOMNET_A_ERRORS,
			      atomic64_read(&st->errors), LOOMNET_A_PAD) ||
	    nla_put_u64_64bit(skb, LOOMNET_A_DROPS,
			      atomic64_read(&st->drops), LOOMNET_A_PAD) ||
	    nla_put_u64_64bit(skb, LOOMNET_A_RESENDS,
			      atomic64_read(&st->resends), LOOMNET_A_PAD) ||
	    nla_put_u64_64bit(skb, LOOMNET_A_DUPS,
			      atomic64_read(&st->dups), LOOMNET_A_PAD))
		return -EMSGSIZE;
	return 0;
}

static int loomnet_nl_ni_add(struct sk_buff *skb, struct genl_info *info)
{
	struct loomnet_pn *pn = loomnet_pn(genl_info_net(info));
	struct nlattr *ifattr = info->attrs[LOOMNET_A_IFNAME];
	struct loomnet_nid nid;
	int ret;

	ret = loomnet_nl_get_nid(info, &nid);
	if (ret)
		return ret;
	ret = loomnet_ni_add(pn, &nid, ifattr ? nla_data(ifattr) : NULL);
	switch (ret) {
	case 0:
		break;
	case -EEXIST:
		GENL_SET_ERR_MSG(info, "NID already configured");
		break;
	case -EADDRINUSE:
		GENL_SET_ERR_MSG(info, "address and port already in use");
		break;
	case -EADDRNOTAVAIL:
		GENL_SET_ERR_MSG(info, "address not configured in this network namespace");
		break;
	default:
		GENL_SET_ERR_MSG(info, "cannot listen on the NID's address");
	}
	return ret;
}

static int loomnet_nl_ni_del(struct sk_buff *skb, struct genl_info *info)
{
	struct loomnet_pn *pn = loomnet_pn(genl_info_net(info));
	struct loomnet_nid nid;
	int ret;

	ret = loomnet_nl_get_nid(info, &nid);
	if (ret)
		return ret;
	ret = loomnet_ni_del(pn, &nid);
	if (ret)
		GENL_SET_ERR_MSG(info, "no such NID");
	return ret;
}

static int loomnet_nl_fill_ni(struct sk_buff *skb, struct netlink_callback *cb,
			      struct loomnet_pn *pn, struct loomnet_ni *ni)
{
	struct loomnet_conn *conn;
	unsigned int nconns = 0;
	void *hdr;

	list_for_each_entry(conn, &pn->conns, list)
		if (conn->ni == ni && !READ_ONCE(conn->closing))
			nconns++;
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &loomnet_family, NLM_F_MULTI, LOOMNET_CMD_NI_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (loomnet_nl_put_nid(skb, LOOMNET_A_NID, &ni->nid) ||
	    (ni->ifname[0] &&
	     nla_put_string(skb, LOOMNET_A_IFNAME, ni->ifname)) ||
	    nla_put_u32(skb, LOOMNET_A_STATUS, ni->up) ||
	    nla_put_u32(skb, LOOMNET_A_HEALTH, atomic_read(&ni->health)) ||
	    nla_put_u32(skb, LOOMNET_A_PORT, loomnet_port) ||
	    nla_put_u32(skb, LOOMNET_A_CONNS, nconns) ||
	    loomnet_nl_put_stats(skb, &ni->stats)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int loomnet_nl_ni_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct loomnet_pn *pn = loomnet_pn(sock_net(skb->sk));
	struct loomnet_ni *ni;
	long idx = 0;

	spin_lock(&pn->lock);
	list_for_each_entry(ni, &pn->nis, list) {
		if (idx >= cb->args[0] &&
		    loomnet_nl_fill_ni(skb, cb, pn, ni))
			break;
		idx++;
	}
	spin_unlock(&pn->lock);
	cb->args[0] = idx;
	return skb->len;
}

static int loomnet_nl_fill_peer(struct sk_buff *skb,
				struct netlink_callback *cb,
				struct loomnet_peer *peer)
{
	struct loomnet_conn *conn = peer->conns[LOOMNET_ROLE_CTRL];
	u32 credits = 0, queued = 0, unacked = 0;
	unsigned int r;
	void *hdr;

	if (conn) {
		spin_lock(&conn->lock);
		credits = conn->tx_credits;
		spin_unlock(&conn->lock);
	}
	for (r = 0; r < LOOMNET_NR_ROLES; r++) {
		if (!peer->conns[r])
			continue;
		spin_lock(&peer->conns[r]->lock);
		queued += peer->conns[r]->tx_nr;
		unacked += peer->conns[r]->unacked_nr;
		spin_unlock(&peer->conns[r]->lock);
	}
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &loomnet_family, NLM_F_MULTI, LOOMNET_CMD_PEER_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (loomnet_nl_put_nid(skb, LOOMNET_A_NID, &peer->nid) ||
	    loomnet_nl_put_nid(skb, LOOMNET_A_NODE, &peer->node) ||
	    nla_put_u32(skb, LOOMNET_A_STATUS, conn && conn->up) ||
	    nla_put_u32(skb, LOOMNET_A_HEALTH, atomic_read(&peer->health)) ||
	    nla_put_u32(skb, LOOMNET_A_CONNS, peer->nr_conns) ||
	    nla_put_u32(skb, LOOMNET_A_CREDITS, credits) ||
	    nla_put_u32(skb, LOOMNET_A_QUEUED, queued) ||
	    nla_put_u32(skb, LOOMNET_A_UNACKED, unacked) ||
	    (peer->rtt_us &&
	     nla_put_u64_64bit(skb, LOOMNET_A_RTT_US, peer->rtt_us,
			       LOOMNET_A_PAD)) ||
	    loomnet_nl_put_stats(skb, &peer->stats)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int loomnet_nl_peer_dump(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	struct loomnet_pn *pn = loomnet_pn(sock_net(skb->sk));
	struct loomnet_peer *peer;
	long idx = 0;
	int bkt;

	spin_lock(&pn->lock);
	hash_for_each(pn->peers, bkt, peer, hash) {
		if (idx >= cb->args[0] && loomnet_nl_fill_peer(skb, cb, peer))
			break;
		idx++;
	}
	spin_unlock(&pn->lock);
	cb->args[0] = idx;
	return skb->len;
}

static int loomnet_nl_fill_conn(struct sk_buff *skb,
				struct netlink_callback *cb,
				struct loomnet_conn *conn)
{
	unsigned long last = READ_ONCE(conn->rx_last);
	u32 credits, queued, unacked, idle = 0;
	u64 bytes;
	void *hdr;

	spin_lock(&conn->lock);
	credits = conn->tx_credits;
	queued = conn->tx_nr;
	unacked = conn->unacked_nr;
	bytes = conn->tx_bytes;
	spin_unlock(&conn->lock);
	if (last)
		idle = jiffies_to_msecs(jiffies - last);
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &loomnet_family, NLM_F_MULTI, LOOMNET_CMD_CONN_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (loomnet_nl_put_nid(skb, LOOMNET_A_NID, &conn->ni->nid) ||
	    ((conn->up || conn->outgoing) &&
	     loomnet_nl_put_nid(skb, LOOMNET_A_REMOTE, &conn->remote)) ||
	    nla_put_u32(skb, LOOMNET_A_ROLE, conn->role) ||
	    nla_put_u32(skb, LOOMNET_A_OUTGOING, conn->outgoing) ||
	    nla_put_u32(skb, LOOMNET_A_STATUS, conn->up) ||
	    nla_put_u32(skb, LOOMNET_A_CREDITS, credits) ||
	    nla_put_u32(skb, LOOMNET_A_QUEUED, queued) ||
	    nla_put_u64_64bit(skb, LOOMNET_A_QUEUED_BYTES, bytes,
			      LOOMNET_A_PAD) ||
	    nla_put_u32(skb, LOOMNET_A_IDLE_MS, idle) ||
	    nla_put_u32(skb, LOOMNET_A_UNACKED, unacked)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int loomnet_nl_conn_dump(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	struct loomnet_pn *pn = loomnet_pn(sock_net(skb->sk));
	struct loomnet_conn *conn;
	long idx = 0;

	spin_lock(&pn->lock);
	list_for_each_entry(conn, &pn->conns, list) {
		if (READ_ONCE(conn->closing))
			continue;
		if (idx >= cb->args[0] && loomnet_nl_fill_conn(skb, cb, conn))
			break;
		idx++;
	}
	spin_unlock(&pn->lock);
	cb->args[0] = idx;
	return skb->len;
}

static int loomnet_nl_ping(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct nlattr *tattr = info->attrs[LOOMNET_A_TIMEOUT_MS];
	unsigned int timeout = tattr ? nla_get_u32(tattr) : 1000;
	struct loomnet_nid nid;
	struct sk_buff *msg;
	u64 rtt = 0;
	void *hdr;
	int ret;

	ret = loomnet_nl_get_nid(info, &nid);
	if (ret)
		return ret;
	if (!timeout || timeout > 600000) {
		NL_SET_ERR_MSG_ATTR(info->extack, tattr,
				    "timeout must be 1 to 600000 ms");
		return -EINVAL;
	}
	ret = loomnet_ping(net, &nid, timeout, &rtt);
	if (ret) {
		if (ret == -EHOSTUNREACH)
			GENL_SET_ERR_MSG(info, "no local NI on the NID's network");
		else if (ret == -ETIMEDOUT)
			GENL_SET_ERR_MSG(info, "no answer from the peer");
		return ret;
	}
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &loomnet_family, 0,
				LOOMNET_CMD_PING);
	if (!hdr ||
	    loomnet_nl_put_nid(msg, LOOMNET_A_NID, &nid) ||
	    nla_put_u64_64bit(msg, LOOMNET_A_RTT_US, rtt, LOOMNET_A_PAD)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int loomnet_nl_selftest(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tattr = info->attrs[LOOMNET_A_TIMEOUT_MS];
	struct nlattr *sattr = info->attrs[LOOMNET_A_SIZE];
	struct nlattr *mattr = info->attrs[LOOMNET_A_MSGS];
	u32 msgs = mattr ? nla_get_u32(mattr) : 0;
	u32 size = sattr ? nla_get_u32(sattr) : msgs ? 64 : 1 << 20;
	/*
	 * Unless asked otherwise, 5 s per step and 1 s more per 256 KiB of
	 * payload: a large transfer over a slow link (or on a kernel with
	 * KASAN and lockdep) takes longer than a fixed 5 s.
	 */
	unsigned int timeout = tattr ? nla_get_u32(tattr) :
			       min(5000 + (size >> 18) * 1000, 600000U);
	struct nlattr *cattr = info->attrs[LOOMNET_A_COUNT];
	struct nlattr *pattr = info->attrs[LOOMNET_A_PINGS];
	u32 count = cattr ? nla_get_u32(cattr) : 0;
	u32 pings = pattr ? nla_get_u32(pattr) : 0;
	u64 bulk_ns = 0, ping_ns = 0, msgs_ns = 0;
	const char *step = "";
	u32 dups = 0;
	struct loomnet_nid nid;
	struct sk_buff *msg;
	ktime_t start;
	void *hdr;
	int ret;

	ret = loomnet_nl_get_nid(info, &nid);
	if (ret)
		return ret;
	if (!timeout || timeout > 600000) {
		NL_SET_ERR_MSG_ATTR(info->extack, tattr,
				    "timeout must be 1 to 600000 ms");
		return -EINVAL;
	}
	if (cattr && !count) {
		NL_SET_ERR_MSG_ATTR(info->extack, cattr,
				    "bulk count must be at least 1");
		return -EINVAL;
	}
	if (mattr && (!msgs || count)) {
		NL_SET_ERR_MSG_ATTR(info->extack, mattr,
				    "message count must be at least 1, without bulk");
		return -EINVAL;
	}
	start = ktime_get();
	if (msgs)
		ret = loomnet_selftest_msgs(genl_info_net(info), &nid, size,
					    msgs, timeout, &step, &msgs_ns,
					    &dups);
	else if (count)
		ret = loomnet_selftest_bulk(genl_info_net(info), &nid, size,
					    count, pings, timeout, &step,
					    &bulk_ns, &ping_ns);
	else
		ret = loomnet_selftest(genl_info_net(info), &nid, size,
				       timeout, &step);
	if (ret == -EIO && msgs) {
		NL_SET_ERR_MSG_FMT(info->extack,
				   "selftest failed: %u messages came back twice",
				   dups);
		return ret;
	}
	if (ret) {
		NL_SET_ERR_MSG_FMT(info->extack, "selftest failed at %s", step);
		return ret;
	}
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &loomnet_family, 0,
				LOOMNET_CMD_SELFTEST);
	if (!hdr ||
	    loomnet_nl_put_nid(msg, LOOMNET_A_NID, &nid) ||
	    nla_put_u32(msg, LOOMNET_A_SIZE, size) ||
	    nla_put_u64_64bit(msg, LOOMNET_A_RTT_US,
			      ktime_us_delta(ktime_get(), start),
			      LOOMNET_A_PAD) ||
	    (msgs &&
	     (nla_put_u32(msg, LOOMNET_A_MSGS, msgs) ||
	      nla_put_u64_64bit(msg, LOOMNET_A_MSGS_NS, msgs_ns,
				LOOMNET_A_PAD) ||
	      nla_put_u64_64bit(msg, LOOMNET_A_DUPS, dups, LOOMNET_A_PAD))) ||
	    (count &&
	     (nla_put_u32(msg, LOOMNET_A_COUNT, count) ||
	      nla_put_u32(msg, LOOMNET_A_PINGS, pings) ||
	      nla_put_u64_64bit(msg, LOOMNET_A_BULK_NS, bulk_ns,
				LOOMNET_A_PAD) ||
	      nla_put_u64_64bit(msg, LOOMNET_A_PING_NS, ping_ns,
				LOOMNET_A_PAD)))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int loomnet_nl_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct loomnet_pn *pn = loomnet_pn(genl_info_net(info));
	struct loomnet_stats *st;
	struct loomnet_peer *peer;
	struct loomnet_ni *ni;
	struct sk_buff *msg;
	unsigned int nconns = 0;
	int bkt, ret = -EMSGSIZE;
	void *hdr;

	st = kzalloc_obj(*st, GFP_KERNEL);
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!st || !msg)
		goto out;
	spin_lock(&pn->lock);
	/* Traffic is counted per NI; drops of unknown senders too. */
	list_for_each_entry(ni, &pn->nis, list) {
		atomic64_add(atomic64_read(&ni->stats.tx_msgs), &st->tx_msgs);
		atomic64_add(atomic64_read(&ni->stats.rx_msgs), &st->rx_msgs);
		atomic64_add(atomic64_read(&ni->stats.tx_bytes),
			     &st->tx_bytes);
		atomic64_add(atomic64_read(&ni->stats.rx_bytes),
			     &st->rx_bytes);
		atomic64_add(atomic64_read(&ni->stats.errors), &st->errors);
		atomic64_add(atomic64_read(&ni->stats.drops), &st->drops);
	}
	hash_for_each(pn->peers, bkt, peer, hash) {
		nconns += peer->nr_conns;
		atomic64_add(atomic64_read(&peer->stats.resends),
			     &st->resends);
	}
	spin_unlock(&pn->lock);

	hdr = genlmsg_put_reply(msg, info, &loomnet_family, 0,
				LOOMNET_CMD_STATS_GET);
	if (!hdr || nla_put_u32(msg, LOOMNET_A_CONNS, nconns) ||
	    nla_put_u32(msg, LOOMNET_A_PORT, loomnet_port) ||
	    loomnet_nl_put_stats(msg, st))
		goto out;
	genlmsg_end(msg, hdr);
	kfree(st);
	return genlmsg_reply(msg, info);
out:
	nlmsg_free(msg);
	kfree(st);
	return st ? ret : -ENOMEM;
}

static const struct genl_small_ops loomnet_ops[] = {
	{
		.cmd	= LOOMNET_CMD_NI_ADD,
		.doit	= loomnet_nl_ni_add,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= LOOMNET_CMD_NI_DEL,
		.doit	= loomnet_nl_ni_del,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= LOOMNET_CMD_NI_GET,
		.dumpit	= loomnet_nl_ni_dump,
	},
	{
		.cmd	= LOOMNET_CMD_PEER_GET,
		.dumpit	= loomnet_nl_peer_dump,
	},
	{
		.cmd	= LOOMNET_CMD_CONN_GET,
		.dumpit	= loomnet_nl_conn_dump,
	},
	{
		.cmd	= LOOMNET_CMD_PING,
		.doit	= loomnet_nl_ping,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= LOOMNET_CMD_STATS_GET,
		.doit	= loomnet_nl_stats,
	},
	{
		.cmd	= LOOMNET_CMD_SELFTEST,
		.doit	= loomnet_nl_selftest,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family loomnet_family __ro_after_init = {
	.name		= LOOMNET_GENL_NAME,
	.version	= LOOMNET_GENL_VERSION,
	.maxattr	= LOOMNET_A_MAX,
	.policy		= loomnet_policy,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.small_ops	= loomnet_ops,
	.n_small_ops	= ARRAY_SIZE(loomnet_ops),
	.resv_start_op	= LOOMNET_CMD_MAX + 1,
};

/**
 * loomnet_genl_register() - register the generic netlink family
 *
 * Return: 0 or a negative errno.
 */
int loomnet_genl_register(void)
{
	return genl_register_family(&loomnet_family);
}

/**
 * loomnet_genl_unregister() - unregister the generic netlink family
 */
void loomnet_genl_unregister(void)
{
	genl_unregister_family(&loomnet_family);
}

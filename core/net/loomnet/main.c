// SPDX-License-Identifier: GPL-2.0
/*
 * loomnet: module and network namespace life cycle, local interfaces.
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/inetdevice.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/string_choices.h>
#include <net/addrconf.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include "internal.h"

unsigned int loomnet_port = LOOMNET_DEFAULT_PORT;
module_param_named(port, loomnet_port, uint, 0444);
MODULE_PARM_DESC(port, "TCP port loomnet listens on and connects to");

unsigned int loomnet_resend_timeout_ms = 30000;
module_param_named(resend_timeout_ms, loomnet_resend_timeout_ms, uint, 0644);
MODULE_PARM_DESC(resend_timeout_ms,
		 "How long a PUT or GET is sent again over the paths left before it fails");

unsigned int loomnet_keepalive_timeout = 15;
module_param_named(keepalive_timeout, loomnet_keepalive_timeout, uint, 0644);
MODULE_PARM_DESC(keepalive_timeout,
		 "Seconds without anything received after which a connection is closed; a keepalive goes out on connections idle a third of it (0: never)");

unsigned int loomnet_peer_credits = LOOMNET_CREDITS;
module_param_named(peer_credits, loomnet_peer_credits, uint, 0644);
MODULE_PARM_DESC(peer_credits,
		 "Frames a peer may send on a new connection before it waits for credits (1 to 4096)");

static unsigned int loomnet_msg_seen = LOOMNET_SEEN_SIZE;
module_param_named(msg_seen, loomnet_msg_seen, uint, 0644);
MODULE_PARM_DESC(msg_seen,
		 "Messages a namespace remembers to drop their resends, rounded up to a power of two (256 to 16777216; 44 bytes each), taken when its first NI is added");

bool loomnet_bulk_conns = true;
module_param_named(bulk_conns, loomnet_bulk_conns, bool, 0644);
MODULE_PARM_DESC(bulk_conns,
		 "PUTs and GETs go on a connection of their own to peers that take one");

static char *networks;
module_param(networks, charp, 0444);
MODULE_PARM_DESC(networks, "NIDs to add in the initial namespace, comma separated");

struct workqueue_struct *loomnet_wq;
static unsigned int loomnet_net_id __read_mostly;

/**
 * loomnet_pn() - the loomnet state of a network namespace
 * @net: the namespace
 *
 * Return: the per-namespace state, valid while @net is alive.
 */
struct loomnet_pn *loomnet_pn(struct net *net)
{
	return net_generic(net, loomnet_net_id);
}

/**
 * loomnet_stats_add() - account one message
 * @st: counters to update
 * @tx: sent (else received)
 * @bytes: its size
 */
void loomnet_stats_add(struct loomnet_stats *st, bool tx, u64 bytes)
{
	if (tx) {
		atomic64_inc(&st->tx_msgs);
		atomic64_add(bytes, &st->tx_bytes);
	} else {
		atomic64_inc(&st->rx_msgs);
		atomic64_add(bytes, &st->rx_bytes);
	}
}

/**
 * loomnet_nid_to_sockaddr() - socket address of a NID
 * @nid: the NID
 * @port: TCP port, host order
 * @ss: the address
 * @len: its length
 */
void loomnet_nid_to_sockaddr(const struct loomnet_nid *nid, unsigned int port,
			     struct sockaddr_storage *ss, int *len)
{
	memset(ss, 0, sizeof(*ss));
	if (nid->family == LOOMNET_AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		memcpy(&sin6->sin6_addr, nid->addr, 16);
		*len = sizeof(*sin6);
	} else {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		memcpy(&sin->sin_addr, nid->addr, 4);
		*len = sizeof(*sin);
	}
}

/**
 * loomnet_health_dec() - account an error in a health value
 * @health: of an NI or a peer NI
 */
void loomnet_health_dec(atomic_t *health)
{
	int old = atomic_read(health), new;

	do {
		new = max(old - LOOMNET_HEALTH_ERROR, 0);
	} while (!atomic_try_cmpxchg(health, &old, new));
}

static void loomnet_ni_release(struct kref *ref)
{
	kfree(container_of(ref, struct loomnet_ni, ref));
}

/**
 * loomnet_ni_put() - drop a reference to an NI
 * @ni: the NI
 */
void loomnet_ni_put(struct loomnet_ni *ni)
{
	kref_put(&ni->ref, loomnet_ni_release);
}

static struct loomnet_ni *loomnet_ni_find_locked(struct loomnet_pn *pn,
						 const struct loomnet_nid *nid)
{
	struct loomnet_ni *ni;

	list_for_each_entry(ni, &pn->nis, list)
		if (loomnet_nid_equal(&ni->nid, nid))
			return ni;
	return NULL;
}

/* Bits two addresses of the same family have in common. */
static unsigned int loomnet_nid_prefix(const struct loomnet_nid *a,
				       const struct loomnet_nid *b)
{
	unsigned int i, len = a->family == LOOMNET_AF_INET6 ? 16 : 4;

	for (i = 0; i < len; i++)
		if (a->addr[i] != b->addr[i])
			return i * 8 + 8 - fls(a->addr[i] ^ b->addr[i]);
	return len * 8;
}

/**
 * loomnet_ni_route() - the local NI to reach a NID from
 * @pn: the namespace
 * @dst: the remote NID, or NULL for the first NI
 *
 * Among the NIs on @dst's network and family, prefers the longest address
 * prefix in common with @dst (the rail on the same subnet), then one
 * whose link is up, then the healthiest.  Must be called with pn->lock
 * held.
 *
 * Return: an NI on the same network and address family as @dst, or NULL.
 */
struct loomnet_ni *loomnet_ni_route(struct loomnet_pn *pn,
				    const struct loomnet_nid *dst)
{
	struct loomnet_ni *ni, *best = NULL;
	unsigned int prefix, best_prefix = 0;

	lockdep_assert_held(&pn->lock);
	list_for_each_entry(ni, &pn->nis, list) {
		if (!dst)
			return ni;
		if (ni->nid.family != dst->family || ni->nid.lnd != dst->lnd ||
		    ni->nid.net != dst->net)
			continue;
		prefix = loomnet_nid_prefix(&ni->nid, dst);
		if (best) {
			if (prefix != best_prefix) {
				if (prefix < best_prefix)
					continue;
			} else if (best->up != ni->up) {
				if (best->up)
					continue;
			} else if (atomic_read(&ni->health) <=
				   atomic_read(&best->health)) {
				continue;
			}
		}
		best = ni;
		best_prefix = prefix;
	}
	return best;
}

/* The device an NI's address is on, for its link state; 0 if none. */
static int loomnet_ni_ifindex(struct net *net, const struct loomnet_nid *nid,
			      const char *ifname)
{
	struct net_device *dev;
	int ifindex = 0;

	rcu_read_lock();
	if (ifname)
		dev = dev_get_by_name_rcu(net, ifname);
	else if (nid->family == LOOMNET_AF_INET6)
		dev = ipv6_dev_find(net, (const struct in6_addr *)nid->addr,
				    NULL);
	else
		dev = __ip_dev_find(net, *(const __be32 *)nid->addr, false);
	if (dev)
		ifindex = dev->ifindex;
	rcu_read_unlock();
	return ifindex;
}

/*
 * The record of delivered messages, made with the first NI so that a
 * namespace not using loomnet does not pay for it; ni_mutex held.
 */
static int loomnet_seen_alloc(struct loomnet_pn *pn)
{
	u32 size = clamp(READ_ONCE(loomnet_msg_seen), 256U, 1U << 24);
	struct loomnet_seen seen;
	void *mem;

	size = roundup_pow_of_two(size);
	mem = kvzalloc(loomnet_seen_bytes(size), GFP_KERNEL);
	if (!mem)
		return -ENOMEM;
	loomnet_seen_init(&seen, mem, size);
	spin_lock(&pn->seen_lock);
	pn->seen = seen;
	spin_unlock(&pn->seen_lock);
	return 0;
}

/**
 * loomnet_ni_add() - add a local interface and listen on it
 * @pn: the namespace
 * @nid: its NID; the address must be configured in the namespace
 * @ifname: interface name, informational, or NULL
 *
 * Return: 0, -EEXIST, -ESHUTDOWN, -ENOMEM or the error of bind/listen.
 */
int loomnet_ni_add(struct loomnet_pn *pn, const struct loomnet_nid *nid,
		   const char *ifname)
{
	struct loomnet_ni *ni;
	int ret;

	ni = kzalloc_obj(*ni, GFP_KERNEL);
	if (!ni)
		return -ENOMEM;
	kref_init(&ni->ref);
	ni->pn = pn;
	ni->nid = *nid;
	if (ifname)
		strscpy(ni->ifname, ifname, sizeof(ni->ifname));
	ni->ifindex = loomnet_ni_ifindex(pn->net, nid, ifname);
	ni->up = true;
	atomic_set(&ni->health, LOOMNET_HEALTH_MAX);

	mutex_lock(&pn->ni_mutex);
	spin_lock(&pn->lock);
	ret = pn->shutdown ? -ESHUTDOWN : 0;
	if (!ret && loomnet_ni_find_locked(pn, nid))
		ret = -EEXIST;
	spin_unlock(&pn->lock);
	if (!ret && !pn->seen.size)
		ret = loomnet_seen_alloc(pn);
	if (!ret)
		ret = loomnet_listen(ni);
	if (!ret) {
		spin_lock(&pn->lock);
		list_add_tail(&ni->list, &pn->nis);
		spin_unlock(&pn->lock);
	}
	mutex_unlock(&pn->ni_mutex);
	if (ret)
		kfree(ni);
	return ret;
}

static void loomnet_ni_remove(struct loomnet_pn *pn, struct loomnet_ni *ni)
{
	lockdep_assert_held(&pn->ni_mutex);
	spin_lock(&pn->lock);
	list_del(&ni->list);
	spin_unlock(&pn->lock);
	loomnet_unlisten(ni);
	loomnet_conn_close_all(pn, ni);
	loomnet_ni_put(ni);
}

/**
 * loomnet_ni_del() - remove a local interface
 * @pn: the namespace
 * @nid: its NID
 *
 * Stops its listener and closes the connections using it.
 *
 * Return: 0 or -ENOENT.
 */
int loomnet_ni_del(struct loomnet_pn *pn, const struct loomnet_nid *nid)
{
	struct loomnet_ni *ni;

	mutex_lock(&pn->ni_mutex);
	spin_lock(&pn->lock);
	ni = loomnet_ni_find_locked(pn, nid);
	spin_unlock(&pn->lock);
	if (ni)
		loomnet_ni_remove(pn, ni);
	mutex_unlock(&pn->ni_mutex);
	return ni ? 0 : -ENOENT;
}

/**
 * loomnet_local_nid() - the local NID used to reach a peer
 * @net: network namespace
 * @peer: the peer, or NULL for the first local NID
 * @nid: the result
 *
 * Return: 0 or -ENETUNREACH if no local NI reaches @peer.
 */
int loomnet_local_nid(struct net *net, const struct loomnet_nid *peer,
		      struct loomnet_nid *nid)
{
	struct loomnet_pn *pn = loomnet_pn(net);
	struct loomnet_ni *ni;
	int ret = -ENETUNREACH;

	spin_lock(&pn->lock);
	ni = loomnet_ni_route(pn, peer);
	if (ni) {
		*nid = ni->nid;
		ret = 0;
	}
	spin_unlock(&pn->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(loomnet_local_nid);

/**
 * loomnet_is_local() - whether a NID is one of this namespace's NIs
 * @net: network namespace
 * @nid: the NID
 *
 * Return: true if @nid is a local NI.
 */
bool loomnet_is_local(struct net *net, const struct loomnet_nid *nid)
{
	struct loomnet_pn *pn = loomnet_pn(net);
	bool ret;

	spin_lock(&pn->lock);
	ret = loomnet_ni_find_locked(pn, nid);
	spin_unlock(&pn->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(loomnet_is_local);

/*
 * A link went down or up: an NI on it goes down with it, and its
 * connections are closed so that their traffic moves to other rails.
 */
static void loomnet_ni_link(struct loomnet_pn *pn, int ifindex, bool up)
{
	char nid[LOOMNET_NIDSTR_SIZE];
	struct loomnet_ni *ni;
	bool changed = false;

	spin_lock(&pn->lock);
	list_for_each_entry(ni, &pn->nis, list) {
		if (ni->ifindex != ifindex || ni->up == up)
			continue;
		ni->up = up;
		changed = true;
		atomic_set(&ni->health, up ? LOOMNET_HEALTH_MAX : 0);
		loomnet_nid_format(&ni->nid, nid, sizeof(nid));
		pr_info("loomnet: NI %s: link %s\n", nid, str_up_down(up));
	}
	spin_unlock(&pn->lock);
	if (changed && !up)
		loomnet_conn_fail_ifindex(pn, ifindex);
}

static int loomnet_netdev_event(struct notifier_block *nb,
				unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	switch (event) {
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
		loomnet_ni_link(loomnet_pn(dev_net(dev)), dev->ifindex,
				netif_running(dev) && netif_carrier_ok(dev));
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block loomnet_netdev_nb = {
	.notifier_call = loomnet_netdev_event,
};

static int __net_init loomnet_net_init(struct net *net)
{
	struct loomnet_pn *pn = loomnet_pn(net);
	int i, ret;

	pn->net = net;
	mutex_init(&pn->ni_mutex);
	spin_lock_init(&pn->lock);
	INIT_LIST_HEAD(&pn->nis);
	hash_init(pn->peers);
	INIT_LIST_HEAD(&pn->conns);
	INIT_LIST_HEAD(&pn->pings);
	init_waitqueue_head(&pn->wq);
	spin_lock_init(&pn->md_lock);
	for (i = 0; i < LOOMNET_NR_PORTALS; i++)
		INIT_LIST_HEAD(&pn->mds[i]);
	INIT_LIST_HEAD(&pn->completing);
	INIT_LIST_HEAD(&pn->resend);
	INIT_DELAYED_WORK(&pn->resend_work, loomnet_resend_work);
	INIT_DELAYED_WORK(&pn->health_work, loomnet_health_work);
	/*
	 * Random: a message's cookie must not repeat one this namespace
	 * used before the module was reloaded (receivers drop repeats).
	 */
	atomic64_set(&pn->next_cookie, get_random_u64() >> 2);
	spin_lock_init(&pn->seen_lock);
	spin_lock_init(&pn->portal_lock);
	pn->portals[LOOMNET_PORTAL_SELFTEST].priv = pn;
	pn->portals[LOOMNET_PORTAL_SELFTEST].handler = loomnet_st_handler;
	ret = init_srcu_struct(&pn->srcu);
	if (!ret)
		queue_delayed_work(loomnet_wq, &pn->health_work,
				   LOOMNET_HEALTH_INTERVAL);
	return ret;
}

static void __net_exit loomnet_net_exit(struct net *net)
{
	struct loomnet_pn *pn = loomnet_pn(net);
	struct loomnet_ni *ni, *tmp;
	struct loomnet_peer *peer;
	struct hlist_node *n;
	int bkt;

	spin_lock(&pn->lock);
	pn->shutdown = true;
	spin_unlock(&pn->lock);
	cancel_delayed_work_sync(&pn->health_work);

	mutex_lock(&pn->ni_mutex);
	list_for_each_entry_safe(ni, tmp, &pn->nis, list)
		loomnet_ni_remove(pn, ni);
	mutex_unlock(&pn->ni_mutex);

	/* Incoming connections not yet bound to an NI's list, if any. */
	loomnet_conn_close_all(pn, NULL);
	wait_event(pn->wq, loomnet_conns_gone(pn));

	/* No connection left to resend on: loomnet_md_shutdown() fails them. */
	cancel_delayed_work_sync(&pn->resend_work);
	loomnet_md_shutdown(pn);

	hash_for_each_safe(pn->peers, bkt, n, peer, hash) {
		hash_del(&peer->hash);
		kfree(peer);
	}
	synchronize_srcu(&pn->srcu);
	cleanup_srcu_struct(&pn->srcu);
	kvfree(pn->seen.ents);
}

static struct pernet_operations loomnet_net_ops = {
	.init	= loomnet_net_init,
	.exit	= loomnet_net_exit,
	.id	= &loomnet_net_id,
	.size	= sizeof(struct loomnet_pn),
};

static void __init loomnet_add_networks(void)
{
	struct loomnet_pn *pn = loomnet_pn(&init_net);
	const char *p = networks;

	while (p && *p) {
		size_t len = strcspn(p, ",");
		struct loomnet_nid nid;
		int ret;

		ret = loomnet_nid_parse(p, len, &nid);
		if (!ret)
			ret = loomnet_ni_add(pn, &nid, NULL);
		if (ret)
			pr_warn("loomnet: networks: cannot add '%.*s': %d\n",
				(int)len, p, ret);
		p += len;
		if (*p)
			p++;
	}
}

static int __init loomnet_init(void)
{
	int ret;

	loomnet_wq = alloc_workqueue("loomnet", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	if (!loomnet_wq)
		return -ENOMEM;
	ret = register_pernet_subsys(&loomnet_net_ops);
	if (ret)
		goto err_wq;
	ret = register_netdevice_notifier(&loomnet_netdev_nb);
	if (ret)
		goto err_pernet;
	ret = loomnet_genl_register();
	if (ret)
		goto err_notifier;
	loomnet_add_networks();
	return 0;

err_notifier:
	unregister_netdevice_notifier(&loomnet_netdev_nb);
err_pernet:
	unregister_pernet_subsys(&loomnet_net_ops);
err_wq:
	destroy_workqueue(loomnet_wq);
	return ret;
}

static void __exit loomnet_exit(void)
{
	loomnet_genl_unregister();
	unregister_netdevice_notifier(&loomnet_netdev_nb);
	unregister_pernet_subsys(&loomnet_net_ops);
	destroy_workqueue(loomnet_wq);
}

module_init(loomnet_init);
module_exit(loomnet_exit);
MODULE_DESCRIPTION("loomnet: message passing for the Loom filesystem");
MODULE_LICENSE("GPL");

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * loomnet: internal definitions shared by the files of loomnet.ko.
 *
 * Locking, outermost first:
 *   pn->ni_mutex		NI add/del
 *   conn->rx_mutex, conn->tx_mutex	socket I/O into or out of MD pages
 *   pn->md_lock		MD state (lmd_flags, lists, conn->ops, rx_md)
 *   pn->lock			NIs, peers, conns, pings
 *   conn->lock			conn state and transmit queue
 * MD completions and portal handlers run with none of them held.
 */
#ifndef _LOOMNET_INTERNAL_H
#define _LOOMNET_INTERNAL_H

#include <linux/atomic.h>
#include <linux/hashtable.h>
#include <linux/if.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/spinlock.h>
#include <linux/srcu.h>
#include <linux/uio.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/loomnet.h>
#include "wire.h"

/* Bounds on what is queued to one connection. */
#define LOOMNET_TXQ_MAX_MSGS	4096
#define LOOMNET_TXQ_MAX_BYTES	(256U << 20)

#define LOOMNET_CONNECT_TIMEOUT	(5 * HZ)
#define LOOMNET_BACKOFF_MIN_MS	100
#define LOOMNET_BACKOFF_MAX_MS	10000

/* Health of NIs and peer NIs: full, and what an error costs. */
#define LOOMNET_HEALTH_MAX	1000
#define LOOMNET_HEALTH_ERROR	500
/* How often unhealthy peer NIs are pinged to see if they recovered. */
#define LOOMNET_HEALTH_INTERVAL	HZ
/* Delay before an operation the peer asked to retry is sent again. */
#define LOOMNET_RETRY_DELAY	(HZ / 10)
/* Completed operations remembered to answer their resends. */
#define LOOMNET_DONE_RING	256
/* Messages delivered last, remembered to drop their resends. */
#define LOOMNET_SEEN_SIZE	16384
/* Receive credits owed on an idle connection are returned after this. */
#define LOOMNET_CREDIT_DELAY	(HZ / 10)

struct loomnet_stats {
	atomic64_t	tx_msgs;
	atomic64_t	rx_msgs;
	atomic64_t	tx_bytes;
	atomic64_t	rx_bytes;
	atomic64_t	errors;
	atomic64_t	drops;
	atomic64_t	resends;	/* operations sent again */
	atomic64_t	dups;		/* messages received again, dropped */
};

struct loomnet_pn;

/* A local network interface: one NID and its listening socket. */
struct loomnet_ni {
	struct list_head	list;		/* pn->nis, under pn->lock */
	struct kref		ref;		/* list + each conn */
	struct loomnet_pn	*pn;
	struct loomnet_nid	nid;
	char			ifname[IFNAMSIZ];
	int			ifindex;	/* 0 if unknown */
	bool			up;		/* link up, pn->lock */
	atomic_t		health;
	struct socket		*lsock;
	struct work_struct	accept_work;
	void			(*orig_data_ready)(struct sock *sk);
	void			(*orig_write_space)(struct sock *sk);
	void			(*orig_state_change)(struct sock *sk);
	struct loomnet_stats	stats;
};

/*
 * A remote NID we talked to (a peer NI); lives until the namespace goes
 * away.  The peer NIs of one node (its rails) share @node, its primary
 * NID, and know each other from the hello.
 */
struct loomnet_peer {
	struct hlist_node	hash;		/* pn->peers, under pn->lock */
	struct loomnet_nid	nid;
	struct loomnet_nid	node;		/* pn->lock */
	struct loomnet_nid	rails[LOOMNET_HELLO_MAX_NIDS];
	unsigned int		nr_rails;	/* 0 before a hello */
	unsigned int		rr;		/* round robin over the rails */
	atomic_t		health;
	/* for new sends, by &enum loomnet_role, pn->lock */
	struct loomnet_conn	*conns[LOOMNET_NR_ROLES];
	bool			roles;		/* has LOOMNET_FEATURE_ROLES */
	bool			msg_once;	/* has LOOMNET_FEATURE_MSG_ONCE */
	unsigned int		nr_conns;
	unsigned long		retry_at;	/* jiffies */
	unsigned int		backoff_ms;
	u64			rtt_us;
	struct loomnet_stats	stats;
};

enum loomnet_rx_state {
	LOOMNET_RX_HELLO,
	LOOMNET_RX_HDR,
	LOOMNET_RX_MSG,
	LOOMNET_RX_BULK,
};

/* One frame waiting to be sent. */
struct loomnet_tx {
	struct list_head	list;
	union {
		struct loomnet_wire_hdr		hdr;
		struct loomnet_wire_hello	hello;
	};
	u32			hlen;
	u32			plen;		/* payload after the header */
	void			*payload;
	struct loomnet_md	*md;		/* bulk from md->bvec */
	u32			blen;
	bool			md_complete;	/* complete @md once sent */
	bool			splice;
	u32			off;		/* bytes sent so far */
	struct loomnet_nid	dst;		/* MSG: where it was sent */
	u64			seq;		/* counted frame number, conn */
	bool			sent;		/* taken from txq, maybe arrived */
	bool			resent;		/* MSG queued again, goes first */
	unsigned long		deadline;	/* MSG: resent until then */
};

struct loomnet_conn {
	struct list_head	list;		/* pn->conns, under pn->lock */
	struct kref		ref;
	struct loomnet_pn	*pn;
	struct loomnet_ni	*ni;		/* counted */
	struct loomnet_peer	*peer;		/* NULL before hello if incoming */
	struct loomnet_nid	remote;
	bool			outgoing;
	u8			role;		/* an &enum loomnet_role */
	bool			up;		/* hello received */
	bool			connected;	/* conn->lock */
	bool			msg_once;	/* peer has FEATURE_MSG_ONCE */
	struct socket		*sock;

	spinlock_t		lock;		/* see the top of this file */
	bool			closing;
	struct list_head	txq;
	struct loomnet_tx	*tx_cur;
	u32			tx_nr;
	u64			tx_bytes;
	u32			tx_credits;	/* frames the peer accepts */
	/*
	 * Exactly-once messages: counted frames taken from txq are numbered
	 * from 0 (tx_seq the next); the peer's CREDITs cover them in order
	 * (tx_acked the first not covered).  Messages sent and not covered
	 * wait on @unacked, to be sent again if the connection breaks.
	 */
	u64			tx_seq;
	u64			tx_acked;
	struct list_head	unacked;
	u32			unacked_nr;
	unsigned long		rx_last;	/* jiffies data last arrived */
	unsigned long		ka_sent;	/* jiffies of the last keepalive */

	struct list_head	ops;		/* initiator MDs, pn->md_lock */

	struct mutex		rx_mutex;	/* receive into MD pages */
	struct mutex		tx_mutex;	/* send from MD pages */
	struct work_struct	rx_work;
	struct work_struct	tx_work;
	struct work_struct	close_work;
	struct delayed_work	connect_work;
	struct delayed_work	credit_work;	/* credits owed, when idle */

	void			(*orig_data_ready)(struct sock *sk);
	void			(*orig_write_space)(struct sock *sk);
	void			(*orig_state_change)(struct sock *sk);

	/* receive state, under rx_mutex */
	enum loomnet_rx_state	rx_state;
	struct iov_iter		rx_iter;
	struct kvec		rx_kvec;
	union {
		struct loomnet_wire_hello	hello;
		struct loomnet_wire_hdr		hdr;
	} rx_buf;
	u8			rx_type;
	u64			rx_cookie;
	u32			rx_len;
	u32			rx_ack_len;	/* mlength the ACK reports */
	u32			rx_done;	/* frames not yet credited */
	u32			rx_window;	/* frames our hello granted */
	int			rx_status;
	struct loomnet_msg	*rx_msg;
	struct loomnet_md	*rx_md;		/* pn->md_lock too */
};

struct loomnet_portal {
	loomnet_handler_t	handler;
	void			*priv;
};

/* A completion in progress, so that loomnet_md_unlink() can wait for it. */
struct loomnet_completing {
	struct list_head	list;
	struct loomnet_md	*md;
	struct task_struct	*task;
};

struct loomnet_ping {
	struct list_head	list;
	u64			cookie;
	struct completion	done;
};

/* A PUT or GET that completed here, to answer its resends. */
struct loomnet_done {
	struct loomnet_nid	node;
	u64			cookie;
	u8			type;
	int			status;
	u32			mlength;
};

/* Per network namespace state. */
struct loomnet_pn {
	struct net		*net;
	struct mutex		ni_mutex;	/* NI add/del */
	spinlock_t		lock;		/* NIs, peers, conns, pings */
	bool			shutdown;
	struct list_head	nis;
	DECLARE_HASHTABLE(peers, 6);
	unsigned int		nr_peers;
	struct list_head	conns;
	unsigned int		nr_conns;	/* allocated, not freed */
	struct list_head	pings;
	wait_queue_head_t	wq;

	spinlock_t		md_lock;	/* MD states and lists */
	struct list_head	mds[LOOMNET_NR_PORTALS];
	struct list_head	completing;
	bool			md_dead;
	atomic64_t		next_cookie;
	struct list_head	resend;		/* MDs to send again */
	struct delayed_work	resend_work;
	struct loomnet_done	done[LOOMNET_DONE_RING];
	unsigned int		done_next;
	struct delayed_work	health_work;

	spinlock_t		seen_lock;	/* @seen */
	struct loomnet_seen	seen;		/* size 0 until the first NI */

	spinlock_t		portal_lock;	/* portal registration */
	struct loomnet_portal	portals[LOOMNET_NR_PORTALS];
	struct srcu_struct	srcu;

	struct loomnet_stats	stats;		/* namespace totals */
};

/* MD states in lmd_flags, under pn->md_lock. */
#define LMD_ATTACHED	BIT(0)	/* on pn->mds[portal], waiting */
#define LMD_RX		BIT(1)	/* conn->rx_md: data arriving */
#define LMD_TX		BIT(2)	/* data queued on a conn (GET answer) */
#define LMD_OP		BIT(3)	/* on conn->ops, awaiting ACK/REPLY */
#define LMD_RESEND	BIT(4)	/* on pn->resend, to send again */
#define LMD_STATES	(LMD_ATTACHED | LMD_RX | LMD_TX | LMD_OP | LMD_RESEND)
#define LMD_ANYPEER	BIT(8)
#define LMD_GET		BIT(9)	/* initiator of a GET (else PUT) */

extern struct workqueue_struct *loomnet_wq;
extern unsigned int loomnet_port;
extern unsigned int loomnet_resend_timeout_ms;
extern unsigned int loomnet_keepalive_timeout;
extern bool loomnet_bulk_conns;
extern unsigned int loomnet_peer_credits;

/* main.c */
struct loomnet_pn *loomnet_pn(struct net *net);
int loomnet_ni_add(struct loomnet_pn *pn, const struct loomnet_nid *nid,
		   const char *ifname);
int loomnet_ni_del(struct loomnet_pn *pn, const struct loomnet_nid *nid);
struct loomnet_ni *loomnet_ni_route(struct loomnet_pn *pn,
				    const struct loomnet_nid *dst);
void loomnet_ni_put(struct loomnet_ni *ni);
void loomnet_stats_add(struct loomnet_stats *st, bool tx, u64 bytes);
void loomnet_nid_to_sockaddr(const struct loomnet_nid *nid, unsigned int port,
			     struct sockaddr_storage *ss, int *len);
void loomnet_health_dec(atomic_t *health);

/* conn.c */
int loomnet_listen(struct loomnet_ni *ni);
void loomnet_unlisten(struct loomnet_ni *ni);
struct loomnet_conn *loomnet_conn_get_peer(struct loomnet_pn *pn,
					   const struct loomnet_nid *dst,
					   struct loomnet_peer **peerp,
					   bool direct, unsigned int role);
bool loomnet_peer_is_locked(struct loomnet_peer *peer,
			    const struct loomnet_nid *nid);
void loomnet_health_work(struct work_struct *work);
struct loomnet_peer *loomnet_peer_find_locked(struct loomnet_pn *pn,
					      const struct loomnet_nid *nid);
void loomnet_conn_put(struct loomnet_conn *conn);
void loomnet_conn_fail(struct loomnet_conn *conn, int err);
int loomnet_conn_queue(struct loomnet_conn *conn, struct loomnet_tx *tx,
		       bool limit);
int loomnet_conn_queue_resend(struct loomnet_conn *conn,
			      struct loomnet_tx *tx);
bool loomnet_conn_tx_forget(struct loomnet_conn *conn, struct loomnet_md *md);
struct loomnet_md *loomnet_conn_tx_md(struct loomnet_conn *conn);
void loomnet_conn_expect_hdr(struct loomnet_conn *conn);
void loomnet_conn_close_all(struct loomnet_pn *pn, struct loomnet_ni *ni);
void loomnet_conn_fail_ifindex(struct loomnet_pn *pn, int ifindex);
void loomnet_conn_credit(struct loomnet_conn *conn);
void loomnet_conn_credit_flush(struct loomnet_conn *conn);
void loomnet_conn_add_credits(struct loomnet_conn *conn, u32 n);
void loomnet_conn_rx_bulk(struct loomnet_conn *conn, struct loomnet_md *md,
			  u32 len);
void loomnet_conn_rx_drain(struct loomnet_conn *conn, u32 len);
void loomnet_conn_rx_msg(struct loomnet_conn *conn, struct loomnet_msg *msg);
bool loomnet_conns_gone(struct loomnet_pn *pn);

/* msg.c */
struct loomnet_tx *loomnet_tx_alloc(u8 type, u32 plen, gfp_t gfp);
void loomnet_tx_set_hello(struct loomnet_tx *tx, const struct loomnet_nid *src,
			  const struct loomnet_nid *dst,
			  const struct loomnet_nid *nids, unsigned int nr,
			  unsigned int role);
int loomnet_rx_hello(struct loomnet_conn *conn, struct loomnet_nid *src,
		     struct loomnet_nid *nids, unsigned int *nr_nids,
		     u32 *credits);
int loomnet_rx_hdr(struct loomnet_conn *conn);
void loomnet_rx_bulk_done(struct loomnet_conn *conn);
void loomnet_rx_deliver(struct loomnet_conn *conn);
bool loomnet_md_claim_locked(struct loomnet_pn *pn, struct loomnet_md *md,
			     struct loomnet_completing *c);
void loomnet_md_finish(struct loomnet_pn *pn, struct loomnet_completing *c,
		       int status, u32 mlength);
void loomnet_conn_abort_mds(struct loomnet_conn *conn);
void loomnet_resend_work(struct work_struct *work);
void loomnet_done_add_locked(struct loomnet_pn *pn,
			     const struct loomnet_nid *node, u64 cookie,
			     u8 type, int status, u32 mlength);
/* How loomnet_send_tx() queues: limited, unlimited, first (resend). */
enum loomnet_q {
	LOOMNET_Q_LIMIT,
	LOOMNET_Q_NOLIMIT,
	LOOMNET_Q_RESEND,
};

int loomnet_send_tx(struct loomnet_pn *pn, const struct loomnet_nid *dst,
		    struct loomnet_tx *tx, struct loomnet_peer **peerp,
		    enum loomnet_q how);
int loomnet_send_msg(struct net *net, const struct loomnet_nid *dst,
		     u32 portal, u64 match, const void *data, u32 len,
		     enum loomnet_q how);
void loomnet_md_shutdown(struct loomnet_pn *pn);
int loomnet_ping(struct net *net, const struct loomnet_nid *dst,
		 unsigned int timeout_ms, u64 *rtt_us);
void loomnet_pong(struct loomnet_pn *pn, u64 cookie);

/* selftest.c */
void loomnet_st_handler(struct loomnet_msg *msg, void *priv);
int loomnet_selftest(struct net *net, const struct loomnet_nid *dst,
		     u32 size, unsigned int timeout_ms, const char **step);
int loomnet_selftest_bulk(struct net *net, const struct loomnet_nid *dst,
			  u32 size, u32 count, u32 pings,
			  unsigned int timeout_ms, const char **step,
			  u64 *bulk_ns, u64 *ping_ns);
int loomnet_selftest_msgs(struct net *net, const struct loomnet_nid *dst,
			  u32 size, u32 count, unsigned int timeout_ms,
			  const char **step, u64 *msgs_ns, u32 *dups);

/* netlink.c */
int loomnet_genl_register(void);
void loomnet_genl_unregister(void);

#endif /* _LOOMNET_INTERNAL_H */

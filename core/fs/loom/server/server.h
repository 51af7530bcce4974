/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loom servers: the target and service framework shared by MGS, MDT and
 * OST.
 *
 * A target (one MGS, MDT or OST) lives in one network namespace.  All
 * targets of a type in a namespace share the type's loomnet portal; the
 * portal handler picks the target by loom_msg_hdr.target and queues the
 * request to the target's workqueue.  The worker checks the header and
 * the client's connection handle, answers resent non-idempotent requests
 * from the client's reply cache, calls the target's handler and sends the
 * reply to LOOMNET_PORTAL_REPLY with the XID as match bits.
 */
#ifndef _LOOM_SERVER_H
#define _LOOM_SERVER_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/workqueue.h>
#include <linux/mutex.h>
#include <linux/kref.h>
#include <linux/netlink.h>
#include <linux/loomnet.h>
#include "../common/wire.h"
#include "osd.h"

struct loom_target;
struct loom_conn;
struct loom_ldlm_ns;
struct loom_ldlm_owner;
struct loom_cfg_lock;
struct loom_flock_table;

/**
 * struct loom_target_cfg - how to start a target
 * @type: enum loom_target_type
 * @index: target index (0 for the MGS)
 * @fsname: filesystem name, validated
 * @mgs_nid: the MGS (MDT and OST)
 * @stripe_count: MGS: default stripe count
 * @stripe_size: MGS: default stripe size
 * @capacity: bytes of storage, 0 for the default
 * @backend: OSD backend name
 * @path: "dir" backend: the formatted directory
 */
struct loom_target_cfg {
	u32			type;
	u32			index;
	char			fsname[LOOM_FSNAME_MAX];
	struct loomnet_nid	mgs_nid;
	u32			stripe_count;
	u32			stripe_size;
	u64			capacity;
	char			backend[16];
	char			path[256];
};

/**
 * struct loom_srv_req - a request being served
 * @work: on the target's workqueue
 * @tgt: the target
 * @msg: the loomnet message (header and body)
 * @hdr: its header
 * @opcode: from @hdr
 * @body: request body
 * @body_len: its length
 * @exp_cookie: the client's export (private to service.c)
 * @rep: reply message (header and body), from loom_srv_reply()
 * @rep_len: reply body length
 * @rep_flags: extra LOOM_MSG_* flags of the reply
 * @transno: transaction number to put in the reply
 */
struct loom_srv_req {
	struct work_struct	work;
	struct loom_target	*tgt;
	struct loomnet_msg	*msg;
	const struct loom_msg_hdr *hdr;
	u16			opcode;
	const void		*body;
	u32			body_len;
	void			*exp_cookie;
	struct loom_msg_hdr	*rep;
	u32			rep_len;
	u32			rep_flags;
	u64			transno;
};

/**
 * struct loom_target_ops - what a type of target does
 * @name: "mgs", "mdt", "ost"
 * @ordered: run requests one at a time
 * @start: set up @tgt->priv from the config
 * @stop: tear it down; no request runs any more
 * @handle: serve a request (not CONNECT, DISCONNECT, PING): 0 or a
 *	negative errno for the reply's status
 * @replay_cached: whether a resent request of this opcode is answered
 *	from the reply cache instead of being executed again
 */
struct loom_target_ops {
	const char	*name;
	bool		ordered;
	int		(*start)(struct loom_target *tgt,
				 const struct loom_target_cfg *cfg,
				 struct netlink_ext_ack *extack);
	void		(*stop)(struct loom_target *tgt);
	int		(*handle)(struct loom_srv_req *sr);
	bool		(*replay_cached)(u16 opcode);
};

/**
 * struct loom_target - a running target
 * @list: in the namespace's list
 * @net: its network namespace
 * @type: enum loom_target_type
 * @index: target index
 * @fsname: filesystem name
 * @ops: type operations
 * @priv: type private data
 * @osd: its storage
 * @wq: request workqueue
 * @stopping: no new requests are queued
 * @exp_lock: protects @exports and @nr_exports
 * @exports: connected clients
 * @nr_exports: number of @exports
 * @requests: requests served
 * @mgs_nid: MDT and OST: the MGS
 * @nid: MDT and OST: own NID, as seen from the MGS
 * @reg_work: MDT and OST: registration with the MGS, and refreshes
 * @idle_work: MDT and OST: evicts clients not heard of for too long
 * @mgs_spin: protects @mgs and, with @stopping, re-arming @reg_work
 * @mgs: MDT and OST: connection to the MGS
 * @registered: MDT and OST: the MGS accepted us
 * @ldlm: MDT and OST: the lock namespace
 * @instance: random id of this start of the target, never 0
 * @replies: the reply log, %NULL without a persistent OSD
 * @cfg_lock: MDT: its lock on the MGS's configuration (target.c)
 * @flock: MDT: its advisory locks (flock.c), from start to stop
 * @recovering: MDT: in its recovery window (service.c), read with
 *	loom_srv_recovering()
 * @recov_known: clients of the last instance, from the reply log
 * @recov_done: how many of them replayed their locks
 * @recov_work: ends the recovery window
 */
struct loom_target {
	struct list_head	list;
	struct net		*net;
	u32			type;
	u32			index;
	char			fsname[LOOM_FSNAME_MAX];
	const struct loom_target_ops *ops;
	void			*priv;
	struct loom_osd		*osd;
	struct workqueue_struct	*wq;
	bool			stopping;
	spinlock_t		exp_lock;	/* exports, nr_exports */
	struct list_head	exports;
	u32			nr_exports;
	atomic64_t		requests;
	struct loomnet_nid	mgs_nid;
	struct loomnet_nid	nid;
	struct delayed_work	reg_work;
	struct delayed_work	idle_work;
	spinlock_t		mgs_spin;	/* mgs, stopping vs reg_work */
	struct loom_conn	*mgs;
	bool			registered;
	struct loom_ldlm_ns	*ldlm;
	u64			instance;
	struct loom_replies	*replies;
	struct loom_cfg_lock	*cfg_lock;
	struct loom_flock_table	*flock;
	bool			recovering;
	u32			recov_known;
	u32			recov_done;
	struct delayed_work	recov_work;
};

/* service.c */
void *loom_srv_reply(struct loom_srv_req *sr, u32 len);
int loom_target_start(struct net *net, const struct loom_target_cfg *cfg,
		      struct netlink_ext_ack *extack);
int loom_target_stop(struct net *net, u32 type, const char *fsname,
		     u32 index);
int loom_target_dump(struct net *net, unsigned int skip,
		     int (*fill)(void *arg, struct loom_target *tgt),
		     void *arg);
int loom_service_init(void);
void loom_service_exit(void);
void loom_target_kick_mgs(struct loom_target *tgt);
void loom_srv_evict(struct loom_target *tgt, void *exp);
void loom_srv_owner(const struct loom_srv_req *sr,
		    struct loom_ldlm_owner *owner);
u64 loom_srv_features(const struct loom_srv_req *sr);
bool loom_srv_recovering(const struct loom_target *tgt);
extern struct workqueue_struct *loom_reg_wq;

/* replies.c: the reply log of a persistent target */
struct loom_replies;
struct loom_disk_reply_info;

/**
 * typedef loom_replies_fn - called for a client's records at reconnect
 * @arg: the caller's argument
 * @i: the record's place in the client's slot
 * @ri: the record; its body is valid during the call only
 */
typedef void (*loom_replies_fn)(void *arg, unsigned int i,
				const struct loom_disk_reply_info *ri);
struct loom_replies *loom_replies_open(struct loom_osd *osd);
void loom_replies_close(struct loom_replies *r);
int loom_replies_attach(struct loom_replies *r, u64 cookie,
			loom_replies_fn fn, void *arg, bool *known);
u32 loom_replies_known(struct loom_replies *r);
void loom_replies_detach(struct loom_replies *r, int slot, bool forget);
int loom_replies_save(struct loom_replies *r, int slot, unsigned int i,
		      u64 cookie, const struct loom_msg_hdr *rep, bool sync);

/* target.c: registration with the MGS */
void loom_target_reg_work(struct work_struct *work);
void loom_target_cfg_lock_free(struct loom_target *tgt);

/* mgs.c, mdt.c, ost.c */
extern const struct loom_target_ops loom_mgs_ops;
extern const struct loom_target_ops loom_mdt_ops;
extern const struct loom_target_ops loom_ost_ops;

/* mgs.c: the configuration as text (loomctl mgs dump|restore|set) */
int loom_mgs_dump(struct loom_target *tgt, char *buf, size_t size);
int loom_mgs_apply(struct loom_target *tgt, const char *text, size_t len,
		   bool replace, struct netlink_ext_ack *extack);

/* mdt.c: called by the registration worker with a fresh MGS config */
void loom_mdt_set_config(struct loom_target *tgt, const void *body, u32 len);
void loom_mdt_recovery_end(struct loom_target *tgt);

/* flock.c: an MDT's advisory locks */
struct loom_flock_table *loom_flock_table_create(void);
void loom_flock_table_destroy(struct loom_flock_table *ft);
int loom_flock_handle(struct loom_srv_req *sr);
void loom_flock_drop_export(struct loom_flock_table *ft, void *exp);

/* osp.c: an MDT's connections to its OSTs, placement, precreation */
struct loom_osp;
struct loom_osp *loom_osp_start(struct loom_target *tgt, struct loom_osd *osd,
				const struct loom_fid *root, u32 floor);
void loom_osp_stop(struct loom_osp *osp);
void loom_osp_set_ost(struct loom_osp *osp, u32 index,
		      const struct loomnet_nid *nid);
int loom_osp_alloc(struct loom_osp *osp, u32 count, u32 offset,
		   struct loom_ost_obj *objs);
int loom_osp_destroy_log(struct loom_osp *osp, const struct loom_fid *fid,
			 bool keep, void *exp);
int loom_osp_release(struct loom_osp *osp, const struct loom_fid *fid);
void loom_osp_recovery_end(struct loom_osp *osp);
int loom_osp_init(void);
void loom_osp_exit(void);

#endif /* _LOOM_SERVER_H */

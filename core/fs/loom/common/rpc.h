/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loom RPC: requests and replies over loomnet.
 *
 * A client-side struct loom_conn is a connection to one target (MGS, MDT
 * or OST) at one NID: CONNECT negotiates features and yields a handle.  A
 * struct loom_req is one request: the caller fills its body, optionally
 * attaches bulk pages, and loom_req_send_wait() sends it and waits for the
 * reply, resending after a timeout with the same XID.  Requests go to the
 * target's portal; replies come back on LOOMNET_PORTAL_REPLY with the XID
 * as match bits.
 *
 * Bulk (OST READ/WRITE): the caller attaches its pages with
 * loom_req_set_bulk() and writes loom_req_bulk_match(req) into the
 * request's loom_ost_io_req.bulk_match (cpu_to_le64()).  rpc.c attaches
 * the MD on LOOMNET_PORTAL_BULK with those match bits before each send,
 * and loom_req_send_wait() returns only once the MD is done with: 0 means
 * the server moved the data (reply flag LOOM_MSG_BULK_DONE) or had none
 * to move (a READ beyond the object's end: loom_ost_io_rep.count is 0).
 *
 * Timeouts: the module parameter rpc_timeout (seconds, default 10) per
 * attempt; after each attempt without a reply, and whenever the target
 * answers that it does not know the connection (-ENOTCONN: it restarted),
 * the connection is recovered: CONNECT again with backoff, then every
 * request waiting on it is resent with LOOM_MSG_RESENT.  A request fails
 * with -ETIMEDOUT only once the target has been silent for the
 * connection's recovery limit (loom_conn_set_timeout(), by default
 * rpc_timeout * (rpc_resends + 1) seconds).  loom_conn_destroy() makes
 * pending waits return -ESHUTDOWN.
 *
 * Instances: every target start has a random instance id, returned by
 * CONNECT.  loom_conn_generation() counts the instances a connection has
 * seen; the callback set with loom_conn_set_reconnect_cb() runs when a
 * reconnection gets a new handle (a new instance, or an eviction), before
 * the waiting requests are resent.
 */
#ifndef _LOOM_RPC_H
#define _LOOM_RPC_H

#include <linux/types.h>
#include <linux/bvec.h>
#include <linux/loomnet.h>
#include "wire.h"

struct net;
struct loom_conn;

/**
 * typedef loom_conn_reconnect_cb_t - told that a target forgot the client
 * @conn: the connection, just reconnected with a new handle: to a new
 *	instance of the target (@generation changed), or to the same one
 *	after it evicted this client
 * @generation: loom_conn_generation() of @conn, now
 * @arg: what loom_conn_set_reconnect_cb() was given
 *
 * Runs in process context, in the thread that recovered @conn, before
 * the requests waiting for the recovery are resent.  It may sleep but
 * must not wait for requests on @conn.
 */
typedef void (*loom_conn_reconnect_cb_t)(struct loom_conn *conn,
					 u64 generation, void *arg);

/**
 * struct loom_req - one RPC, as seen by its caller
 * @conn: the connection it goes over
 * @opcode: enum loom_opcode
 * @req_body: request body, @req_len bytes, zeroed at allocation
 * @req_len: request body length
 * @rep_body: reply body once loom_req_send_wait() returned 0 (owned by req)
 * @rep_len: reply body length
 * @transno: transaction number the server gave the reply
 *
 * Fields after these are private to rpc.c.
 */
struct loom_req {
	struct loom_conn	*conn;
	u16			opcode;
	void			*req_body;
	u32			req_len;
	void			*rep_body;
	u32			rep_len;
	u64			transno;
	/* private: to rpc.c */
	void			*rq_priv;
};

struct loom_conn *loom_conn_create(struct net *net,
				   const struct loomnet_nid *nid,
				   enum loom_target_type type, u32 index,
				   const char *fsname);
struct loom_conn *loom_conn_alloc(struct net *net,
				  const struct loomnet_nid *nid,
				  enum loom_target_type type, u32 index,
				  const char *fsname);
int loom_conn_connect(struct loom_conn *conn);
void loom_conn_shutdown(struct loom_conn *conn);
void loom_conn_destroy(struct loom_conn *conn);
const struct loomnet_nid *loom_conn_nid(const struct loom_conn *conn);
u64 loom_conn_features(const struct loom_conn *conn);
void loom_conn_ping(struct loom_conn *conn, struct workqueue_struct *wq);
u64 loom_conn_generation(const struct loom_conn *conn);
u64 loom_conn_epoch(struct loom_conn *conn);
void loom_conn_set_timeout(struct loom_conn *conn, unsigned int seconds);
void loom_conn_set_reconnect_cb(struct loom_conn *conn,
				loom_conn_reconnect_cb_t cb, void *arg);

struct loom_req *loom_req_alloc(struct loom_conn *conn, u16 opcode,
				u32 body_len);
int loom_req_set_bulk(struct loom_req *req, struct bio_vec *bvec,
		      unsigned int nr_bvec, u32 len, bool to_server);
u64 loom_req_bulk_match(const struct loom_req *req);
int loom_req_send_wait(struct loom_req *req);
const void *loom_req_reply(const struct loom_req *req, u32 min_len);
void loom_req_free(struct loom_req *req);
int loom_mgs_config_enqueue(struct loom_conn *conn, u64 cookie, u64 *handle);

int loom_rpc_init(void);
void loom_rpc_exit(void);

#endif /* _LOOM_RPC_H */

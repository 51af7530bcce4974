/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loom servers: the lock namespace of a target (ldlm.c).
 */
#ifndef _LOOM_SERVER_LDLM_H
#define _LOOM_SERVER_LDLM_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/time64.h>
#include <linux/loomnet.h>
#include "../common/ldlm.h"

struct loom_target;
struct loom_ldlm_ns;
struct loom_ldlm_res;

/**
 * struct loom_ldlm_owner - who asks: a connected client
 * @exp: its export (an opaque identity: locks of one export never conflict)
 * @nid: where its callbacks go
 * @conn_handle: its connection handle, echoed in callbacks
 */
struct loom_ldlm_owner {
	void			*exp;
	struct loomnet_nid	nid;
	u64			conn_handle;
};

/**
 * struct loom_ldlm_op - a change a server makes to a resource
 * @link: in the resource's list of changes in progress
 * @res: the resource
 * @fid: its FID
 * @desc: what the change touches, as a PW lock would
 * @exp: the client the change is made for
 *
 * Between loom_ldlm_op_begin() and loom_ldlm_op_end() no other client
 * holds or is granted a conflicting lock.
 */
struct loom_ldlm_op {
	struct list_head	link;
	struct loom_ldlm_res	*res;
	struct loom_fid		fid;
	struct loom_lock_desc	desc;
	void			*exp;
};

/**
 * struct loom_ldlm_glimpse - what the holders of an object's locks said
 * @known: whether any answered with what it knows
 * @size: the largest object size they know
 * @mtime: the newest mtime
 */
struct loom_ldlm_glimpse {
	bool			known;
	u64			size;
	struct timespec64	mtime;
};

struct loom_ldlm_ns *loom_ldlm_ns_create(struct loom_target *tgt);
void loom_ldlm_ns_stop(struct loom_ldlm_ns *ns);
void loom_ldlm_ns_destroy(struct loom_ldlm_ns *ns);
int loom_ldlm_enqueue(struct loom_ldlm_ns *ns,
		      const struct loom_ldlm_owner *owner,
		      const struct loom_fid *fid, u64 cookie,
		      struct loom_lock_desc *desc, u64 *handle);
int loom_ldlm_glimpse(struct loom_ldlm_ns *ns,
		      const struct loom_ldlm_owner *owner,
		      const struct loom_fid *fid, u64 cookie,
		      struct loom_lock_desc *desc, u64 *handle,
		      struct loom_ldlm_glimpse *gl);
void loom_ldlm_glimpse_answer(struct loom_ldlm_ns *ns, void *exp, u64 handle,
			      bool known, u64 size,
			      const struct timespec64 *mtime);
void loom_ldlm_cancel(struct loom_ldlm_ns *ns, void *exp, u64 handle);
void loom_ldlm_drop_owner(struct loom_ldlm_ns *ns, void *exp);
bool loom_ldlm_held(struct loom_ldlm_ns *ns, const struct loom_fid *fid,
		    u64 bits, void *except);
void loom_ldlm_revoke(struct loom_ldlm_ns *ns, const struct loom_fid *fid,
		      const struct loom_lock_desc *desc);
void loom_ldlm_set_notify(struct loom_ldlm_ns *ns, u64 bits,
			  void (*fn)(void *arg), void *arg);
int loom_ldlm_op_begin(struct loom_ldlm_ns *ns, void *exp,
		       const struct loom_fid *fid,
		       const struct loom_lock_desc *desc,
		       struct loom_ldlm_op *op);
void loom_ldlm_op_end(struct loom_ldlm_ns *ns, struct loom_ldlm_op *op);
void loom_ldlm_stats(struct loom_ldlm_ns *ns, u64 *locks, u64 *callbacks,
		     u64 *evictions);

#endif /* _LOOM_SERVER_LDLM_H */

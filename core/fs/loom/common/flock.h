/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loom advisory locks (fcntl() and flock()) as the MDT keeps them: the
 * range arithmetic and the waits-for graph, pure logic on kernel lists so
 * that it also compiles in userspace for unit tests.
 */
#ifndef _LOOM_FLOCK_H
#define _LOOM_FLOCK_H

#include <linux/types.h>
#include <linux/list.h>
#include "wire.h"

/**
 * struct loom_flock_lk - a granted lock, or one asked for
 * @link: in the file's list of locks
 * @exp: the client's export (an opaque identity)
 * @owner: the client's name for the owner (struct loom_flock_req)
 * @start: first byte
 * @end: last byte, inclusive
 * @pid: the owner's process id on its client
 * @type: enum loom_flock_type
 * @flock: a flock() lock: conflicts with flock() locks only
 */
struct loom_flock_lk {
	struct list_head	link;
	void			*exp;
	u64			owner;
	u64			start;
	u64			end;
	u32			pid;
	u16			type;
	bool			flock;
};

/**
 * struct loom_flock_wait - an owner waiting for another's lock
 * @link: in the MDT's list of waiters
 * @exp: the waiter's export
 * @owner: the waiter's owner
 * @bexp: the export of the owner it waits for
 * @bowner: that owner
 * @expires: when the record ends unless refreshed (caller's clock)
 */
struct loom_flock_wait {
	struct list_head	link;
	void			*exp;
	u64			owner;
	void			*bexp;
	u64			bowner;
	u64			expires;
};

#define LOOM_FLOCK_DEADLK_DEPTH	64

bool loom_flock_conflict(const struct loom_flock_lk *a,
			 const struct loom_flock_lk *b);
struct loom_flock_lk *loom_flock_test(struct list_head *locks,
				      const struct loom_flock_lk *req);
void loom_flock_apply(struct list_head *locks,
		      const struct loom_flock_lk *req,
		      struct loom_flock_lk **spare, struct list_head *dead);
void loom_flock_drop_exp(struct list_head *locks, void *exp,
			 struct list_head *dead);
struct loom_flock_wait *loom_flock_waiter(struct list_head *waiters,
					  void *exp, u64 owner);
bool loom_flock_deadlock(struct list_head *waiters, void *exp, u64 owner,
			 void *bexp, u64 bowner);

#endif /* _LOOM_FLOCK_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * Loom advisory locks: the MDT's table of a file's fcntl() and flock()
 * locks, with the semantics of the VFS's own (fs/locks.c): the POSIX locks
 * of an owner on a file never overlap, adjacent or overlapping ranges of
 * one type merge, an unlock or a lock of the other type in the middle of a
 * range splits it; a flock() lock covers the whole file and an owner has
 * one.  Also the waits-for graph of F_SETLKW across clients, to answer
 * -EDEADLK as a local filesystem does.
 *
 * Pure logic on kernel lists; the caller allocates and frees, and
 * serializes the calls.  It builds in userspace for unit tests.
 */
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include "flock.h"

static bool loom_flock_same_owner(const struct loom_flock_lk *a,
				  const struct loom_flock_lk *b)
{
	return a->exp == b->exp && a->owner == b->owner && a->flock == b->flock;
}

static bool loom_flock_overlap(const struct loom_flock_lk *a,
			       const struct loom_flock_lk *b)
{
	return a->start <= b->end && b->start <= a->end;
}

/**
 * loom_flock_conflict() - whether two locks of a file exclude each other
 * @a: a lock
 * @b: another
 *
 * Return: true when they belong to different owners, are of the same
 * class (flock() or fcntl()), overlap and one of them is exclusive.
 */
bool loom_flock_conflict(const struct loom_flock_lk *a,
			 const struct loom_flock_lk *b)
{
	if (a->flock != b->flock || loom_flock_same_owner(a, b))
		return false;
	if (a->type != LOOM_FLOCK_WR && b->type != LOOM_FLOCK_WR)
		return false;
	return loom_flock_overlap(a, b);
}

/**
 * loom_flock_test() - the first granted lock that conflicts with one asked
 * @locks: the file's locks (struct loom_flock_lk.link)
 * @req: the lock asked for, RD or WR
 *
 * Return: the conflicting lock, or %NULL.
 */
struct loom_flock_lk *loom_flock_test(struct list_head *locks,
				      const struct loom_flock_lk *req)
{
	struct loom_flock_lk *lk;

	if (req->type != LOOM_FLOCK_RD && req->type != LOOM_FLOCK_WR)
		return NULL;
	list_for_each_entry(lk, locks, link)
		if (loom_flock_conflict(lk, req))
			return lk;
	return NULL;
}

static struct loom_flock_lk *loom_flock_take(struct loom_flock_lk **spare)
{
	struct loom_flock_lk *lk;

	if (spare[0]) {
		lk = spare[0];
		spare[0] = NULL;
	} else {
		lk = spare[1];
		spare[1] = NULL;
	}
	return lk;
}

/* Whether @lk is next to [start, end] with no byte between. */
static bool loom_flock_adjacent(const struct loom_flock_lk *lk, u64 start,
				u64 end)
{
	return (lk->end != LOOM_FLOCK_EOF && lk->end + 1 == start) ||
	       (end != LOOM_FLOCK_EOF && end + 1 == lk->start);
}

/**
 * loom_flock_apply() - take, change or drop a lock of an owner
 * @locks: the file's locks
 * @req: the owner's new lock on its range: RD, WR or UN
 * @spare: two zeroed entries the caller allocated; those used are set
 *	to %NULL, the caller frees the others
 * @dead: entries removed from @locks go here, for the caller to free
 *
 * The caller made sure nothing conflicts (loom_flock_test()).  The
 * owner's locks in the range become @req: same-type neighbours merge
 * with it, other-type ones are trimmed or split.
 */
void loom_flock_apply(struct list_head *locks,
		      const struct loom_flock_lk *req,
		      struct loom_flock_lk **spare, struct list_head *dead)
{
	struct loom_flock_lk *lk, *tmp, *nl;
	u64 start = req->start, end = req->end;

	list_for_each_entry_safe(lk, tmp, locks, link) {
		if (!loom_flock_same_owner(lk, req))
			continue;
		if (req->flock) {
			/* one flock() lock per owner: replaced */
			list_move(&lk->link, dead);
			continue;
		}
		if (lk->type == req->type) {
			if (!loom_flock_overlap(lk, req) &&
			    !loom_flock_adjacent(lk, start, end))
				continue;
			if (lk->start < start)
				start = lk->start;
			if (lk->end > end)
				end = lk->end;
			list_move(&lk->link, dead);
			continue;
		}
		if (!loom_flock_overlap(lk, req))
			continue;
		if (lk->start < req->start && lk->end > req->end) {
			/* split: the tail becomes a lock of its own */
			nl = loom_flock_take(spare);
			*nl = *lk;
			nl->start = req->end + 1;
			list_add_tail(&nl->link, locks);
			lk->end = req->start - 1;
		} else if (lk->start < req->start) {
			lk->end = req->start - 1;
		} else if (lk->end > req->end) {
			lk->start = req->end + 1;
		} else {
			list_move(&lk->link, dead);
		}
	}
	if (req->type == LOOM_FLOCK_UN)
		return;
	nl = loom_flock_take(spare);
	*nl = *req;
	nl->start = start;
	nl->end = end;
	list_add_tail(&nl->link, locks);
}

/**
 * loom_flock_drop_exp() - drop every lock of a client
 * @locks: the file's locks
 * @exp: the client's export
 * @dead: the entries removed go here, for the caller to free
 */
void loom_flock_drop_exp(struct list_head *locks, void *exp,
			 struct list_head *dead)
{
	struct loom_flock_lk *lk, *tmp;

	list_for_each_entry_safe(lk, tmp, locks, link)
		if (lk->exp == exp)
			list_move(&lk->link, dead);
}

/**
 * loom_flock_waiter() - the wait record of an owner
 * @waiters: the MDT's records (struct loom_flock_wait.link)
 * @exp: the owner's export
 * @owner: the owner
 *
 * Return: the record, or %NULL when the owner does not wait.
 */
struct loom_flock_wait *loom_flock_waiter(struct list_head *waiters,
					  void *exp, u64 owner)
{
	struct loom_flock_wait *w;

	list_for_each_entry(w, waiters, link)
		if (w->exp == exp && w->owner == owner)
			return w;
	return NULL;
}

/**
 * loom_flock_deadlock() - whether waiting would close a cycle
 * @waiters: the MDT's wait records
 * @exp: the export of the owner about to wait
 * @owner: that owner
 * @bexp: the export of the owner holding the conflicting lock
 * @bowner: that owner
 *
 * Follows the owners that @bowner waits for, and theirs, as
 * posix_locks_deadlock() does, at most %LOOM_FLOCK_DEADLK_DEPTH steps.
 *
 * Return: true when @owner is among them.
 */
bool loom_flock_deadlock(struct list_head *waiters, void *exp, u64 owner,
			 void *bexp, u64 bowner)
{
	struct loom_flock_wait *w;
	int i;

	for (i = 0; i < LOOM_FLOCK_DEADLK_DEPTH; i++) {
		if (bexp == exp && bowner == owner)
			return true;
		w = loom_flock_waiter(waiters, bexp, bowner);
		if (!w)
			return false;
		bexp = w->bexp;
		bowner = w->bowner;
	}
	return false;
}

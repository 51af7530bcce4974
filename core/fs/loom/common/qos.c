// SPDX-License-Identifier: GPL-2.0
/*
 * Loom object placement arithmetic (qos.h).  Pure functions of their
 * arguments and of struct loom_qos: userspace-buildable.
 */
#include <linux/types.h>
#include "qos.h"

/**
 * loom_qos_full() - whether a target takes no new objects
 * @t: the target
 *
 * Return: true when less than %LOOM_QOS_FULL_MIN bytes or less than a
 * thousandth of the target is available.
 */
bool loom_qos_full(const struct loom_qos_tgt *t)
{
	return t->avail < LOOM_QOS_FULL_MIN || t->avail < t->total / 1000;
}

static bool qos_eligible(const struct loom_qos_tgt *t)
{
	return t->usable && !loom_qos_full(t);
}

/**
 * loom_qos_balanced() - whether free space is even enough for round-robin
 * @q: the placement state (its threshold)
 * @t: the targets
 * @nr: how many
 *
 * Only eligible targets (usable, not full) count.
 *
 * Return: true when max - min of their available bytes is below
 * @q->threshold_rr percent of the max.
 */
bool loom_qos_balanced(const struct loom_qos *q, const struct loom_qos_tgt *t,
		       unsigned int nr)
{
	u64 min = ~0ULL, max = 0, diff;
	unsigned int i;

	for (i = 0; i < nr; i++) {
		if (!qos_eligible(&t[i]))
			continue;
		if (t[i].avail < min)
			min = t[i].avail;
		if (t[i].avail > max)
			max = t[i].avail;
	}
	if (!max)
		return true;
	diff = max - min;
	while (max > (1ULL << 56)) {
		max >>= 1;
		diff >>= 1;
	}
	return diff * 100 < (u64)q->threshold_rr * max;
}

static bool qos_taken(const unsigned int *out, unsigned int n, unsigned int i)
{
	unsigned int k;

	for (k = 0; k < n; k++)
		if (out[k] == i)
			return true;
	return false;
}

/* Weight of a target: its free space in 64 KiB units, at least 1. */
static s64 qos_weight(const struct loom_qos_tgt *t)
{
	u64 w = t->avail >> 16;

	if (w > (1ULL << 40))
		w = 1ULL << 40;
	return w ? (s64)w : 1;
}

static unsigned int qos_weighted(struct loom_qos_tgt *t, unsigned int nr,
				 unsigned int count, unsigned int *out)
{
	unsigned int n = 0, i, best;
	s64 sum;

	while (n < count) {
		sum = 0;
		best = nr;
		for (i = 0; i < nr; i++) {
			if (!qos_eligible(&t[i]) || qos_taken(out, n, i))
				continue;
			t[i].credit += qos_weight(&t[i]);
			sum += qos_weight(&t[i]);
			if (best == nr || t[i].credit > t[best].credit)
				best = i;
		}
		if (best == nr)
			break;
		t[best].credit -= sum;
		out[n++] = best;
	}
	return n;
}

/* Round-robin from @start, skipping targets that cannot take objects. */
static unsigned int qos_rr(struct loom_qos_tgt *t, unsigned int nr,
			   unsigned int count, unsigned int start,
			   unsigned int *out, unsigned int *next)
{
	unsigned int n = 0, k, i;

	for (k = 0; k < nr && n < count; k++) {
		i = (start + k) % nr;
		if (!qos_eligible(&t[i]))
			continue;
		out[n++] = i;
		*next = i + 1;
	}
	return n;
}

/**
 * loom_qos_choose() - pick the targets of a new file's objects
 * @q: the MDT's placement state, updated
 * @t: the targets, in configuration order; their credits are updated
 * @nr: how many
 * @count: how many objects the file wants
 * @offset: index into @t of the first target the user asked for, or
 *	%LOOM_QOS_ANY; if it cannot take objects the next one that can does
 * @out: @count entries: the chosen indices into @t, distinct
 *
 * Unusable and full targets are never chosen.  With @offset the targets
 * follow it round-robin and the state does not change.
 *
 * Return: how many were chosen, fewer than @count when fewer targets can
 * take objects.
 */
unsigned int loom_qos_choose(struct loom_qos *q, struct loom_qos_tgt *t,
			     unsigned int nr, unsigned int count, u32 offset,
			     unsigned int *out)
{
	unsigned int next = 0, n, i;

	if (!nr || !count)
		return 0;
	if (offset != LOOM_QOS_ANY)
		return qos_rr(t, nr, count, offset % nr, out, &next);
	if (loom_qos_balanced(q, t, nr)) {
		if (q->weighted)
			for (i = 0; i < nr; i++)
				t[i].credit = 0;
		q->weighted = false;
		n = qos_rr(t, nr, count, q->rr % nr, out, &next);
		if (n)
			q->rr = next % nr;
		return n;
	}
	q->weighted = true;
	return qos_weighted(t, nr, count, out);
}

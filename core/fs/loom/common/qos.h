/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loom object placement: which OSTs a new file's objects go to.
 *
 * While the OSTs' free space is balanced (the difference between the
 * emptiest and the fullest is below threshold_rr percent of the
 * emptiest's), targets are taken round-robin.  Otherwise a smooth
 * weighted round-robin by free space: each allocation credits every
 * eligible target with its weight and takes the one with the most credit,
 * which then pays the sum of the weights (its penalty).  Deterministic:
 * over many allocations every target with free space gets objects in
 * proportion to it, and one allocation never reorders the others.
 * Userspace-buildable: no allocation, no locking.
 */
#ifndef _LOOM_QOS_H
#define _LOOM_QOS_H

#include <linux/types.h>

#define LOOM_QOS_THRESHOLD_RR	17	/* default, percent */
#define LOOM_QOS_FULL_MIN	(1024 * 1024ULL)	/* bytes: below, full */
#define LOOM_QOS_ANY		(~0U)

/**
 * struct loom_qos_tgt - one target as placement sees it
 * @avail: bytes available for new data
 * @total: bytes in all
 * @usable: up, with objects to hand out
 * @credit: weighted round-robin state, 0 at first
 */
struct loom_qos_tgt {
	u64	avail;
	u64	total;
	bool	usable;
	s64	credit;
};

/**
 * struct loom_qos - placement state of an MDT
 * @threshold_rr: percent of free-space imbalance below which targets are
 *	taken round-robin
 * @rr: where the next round-robin allocation starts
 * @weighted: the last allocation was weighted
 */
struct loom_qos {
	u32	threshold_rr;
	u32	rr;
	bool	weighted;
};

bool loom_qos_full(const struct loom_qos_tgt *t);
bool loom_qos_balanced(const struct loom_qos *q, const struct loom_qos_tgt *t,
		       unsigned int nr);
unsigned int loom_qos_choose(struct loom_qos *q, struct loom_qos_tgt *t,
			     unsigned int nr, unsigned int count, u32 offset,
			     unsigned int *out);

#endif /* _LOOM_QOS_H */

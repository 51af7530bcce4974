/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loom DLM: the lock compatibility rules, shared by the servers' lock
 * namespaces and the clients' lock caches.
 *
 * Pure logic on a small description of a lock, so that it also compiles
 * in userspace for unit tests.
 */
#ifndef _LOOM_LDLM_H
#define _LOOM_LDLM_H

#include <linux/types.h>
#include "wire.h"

#define LOOM_EXTENT_EOF		(~0ULL)

/**
 * struct loom_lock_desc - what a lock covers, in native byte order
 * @type: enum loom_ldlm_type
 * @mode: enum loom_ldlm_mode
 * @bits: LOOM_IBIT_* (IBITS)
 * @start: first byte (EXTENT)
 * @end: last byte, inclusive (EXTENT)
 */
struct loom_lock_desc {
	u32	type;
	u32	mode;
	u64	bits;
	u64	start;
	u64	end;
};

bool loom_ldlm_modes_compat(u32 a, u32 b);
bool loom_ldlm_conflict(const struct loom_lock_desc *a,
			const struct loom_lock_desc *b);
bool loom_ldlm_covers(const struct loom_lock_desc *held,
		      const struct loom_lock_desc *want);
void loom_ldlm_expand(struct loom_lock_desc *want,
		      const struct loom_lock_desc *req,
		      const struct loom_lock_desc *other);
int loom_wire_check_enqueue(const void *body, u32 len, u32 target_type,
			    struct loom_lock_desc *desc);
int loom_wire_check_enqueue_rep(const void *body, u32 len,
				const struct loom_lock_desc *asked,
				struct loom_lock_desc *granted);
int loom_wire_check_cancel(const void *body, u32 len);
int loom_wire_check_cb(const void *buf, u32 len);
int loom_wire_check_gl_reply(const void *body, u32 len);

#endif /* _LOOM_LDLM_H */

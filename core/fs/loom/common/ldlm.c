// SPDX-License-Identifier: GPL-2.0
/*
 * Loom DLM: lock compatibility, coverage and extent growth, and the
 * validation of the DLM's wire messages.
 *
 * Two locks conflict when their modes do (PR shares with PR, PW shares
 * with nothing) and what they cover overlaps: for inode-bits locks any
 * common bit, for extent locks any common byte.  Whose locks they are is
 * the caller's business (a client's locks never conflict with each
 * other).
 *
 * This file is also compiled in userspace for unit tests.
 */
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <asm/byteorder.h>
#include "ldlm.h"

/**
 * loom_ldlm_modes_compat() - whether two lock modes may be held at once
 * @a: enum loom_ldlm_mode
 * @b: enum loom_ldlm_mode
 *
 * Return: true if both are %LOOM_LCK_PR.
 */
bool loom_ldlm_modes_compat(u32 a, u32 b)
{
	return a == LOOM_LCK_PR && b == LOOM_LCK_PR;
}

static bool loom_ldlm_overlap(const struct loom_lock_desc *a,
			      const struct loom_lock_desc *b)
{
	if (a->type == LOOM_LDLM_IBITS)
		return a->bits & b->bits;
	return a->start <= b->end && b->start <= a->end;
}

/**
 * loom_ldlm_conflict() - whether two locks on one resource conflict
 * @a: one lock
 * @b: the other, of the same type
 *
 * Return: true if they cannot both be granted to different clients.
 */
bool loom_ldlm_conflict(const struct loom_lock_desc *a,
			const struct loom_lock_desc *b)
{
	if (a->type != b->type)
		return true;
	return !loom_ldlm_modes_compat(a->mode, b->mode) &&
	       loom_ldlm_overlap(a, b);
}

/**
 * loom_ldlm_covers() - whether a held lock serves a need
 * @held: a granted lock
 * @want: what the caller needs
 *
 * Return: true if @held is of @want's type, at least as strong (PW serves
 * PR) and covers all of @want's bits or bytes.
 */
bool loom_ldlm_covers(const struct loom_lock_desc *held,
		      const struct loom_lock_desc *want)
{
	if (held->type != want->type)
		return false;
	if (held->mode != want->mode && held->mode != LOOM_LCK_PW)
		return false;
	if (held->type == LOOM_LDLM_IBITS)
		return (held->bits & want->bits) == want->bits;
	return held->start <= want->start && want->end <= held->end;
}

/**
 * loom_ldlm_expand() - shrink a growing extent lock around another lock
 * @want: an extent lock being granted, as large as it may grow so far
 * @req: the range the client asked for, inside @want
 * @other: another client's lock (granted or waiting) on the resource
 *
 * The server grants an extent lock as large as it can without conflicting
 * with other clients' locks, so that a client streaming through a file
 * asks once: it starts from [0, EOF] and calls this for every lock of
 * another client.  A lock overlapping @req is a real conflict and is left
 * to the caller; one on either side of @req bounds @want there.
 */
void loom_ldlm_expand(struct loom_lock_desc *want,
		      const struct loom_lock_desc *req,
		      const struct loom_lock_desc *other)
{
	if (want->type != LOOM_LDLM_EXTENT || other->type != LOOM_LDLM_EXTENT ||
	    loom_ldlm_modes_compat(want->mode, other->mode))
		return;
	if (other->end < req->start) {
		if (other->end >= want->start)
			want->start = other->end + 1;
	} else if (other->start > req->end) {
		if (other->start <= want->end)
			want->end = other->start - 1;
	}
}

static int loom_check_desc(const struct loom_lock_desc *d, u32 target_type)
{
	if (d->mode != LOOM_LCK_PR && d->mode != LOOM_LCK_PW)
		return -EINVAL;
	switch (d->type) {
	case LOOM_LDLM_IBITS:
		if ((target_type != LOOM_TGT_MDT &&
		     target_type != LOOM_TGT_MGS) || !d->bits ||
		    (d->bits & ~(u64)LOOM_IBIT_VALID) || d->start || d->end)
			return -EINVAL;
		return 0;
	case LOOM_LDLM_EXTENT:
		if (target_type != LOOM_TGT_OST || d->bits || d->start > d->end)
			return -EINVAL;
		return 0;
	default:
		return -EINVAL;
	}
}

/**
 * loom_wire_check_enqueue() - validate an LDLM_ENQUEUE request body
 * @body: the body
 * @len: its length
 * @target_type: enum loom_target_type of the receiving target
 * @desc: filled with the lock asked for
 *
 * Checks every field, the intent against the target type and lock (a
 * REPLAY is a PR lock on the OPEN bit only, on an MDT), and
 * that a LOOKUP intent's name (checked by the caller with
 * loom_wire_check_name()) fits in @len, padded to 8 bytes.
 *
 * Return: 0, -EPROTO for a malformed body, -EINVAL for a bad lock.
 */
int loom_wire_check_enqueue(const void *body, u32 len, u32 target_type,
			    struct loom_lock_desc *desc)
{
	const struct loom_ldlm_enqueue_req *req = body;
	u32 intent, name_len;

	if (!body || len < sizeof(*req))
		return -EPROTO;
	intent = le32_to_cpu(req->intent);
	name_len = le32_to_cpu(req->name_len);
	if (intent == LOOM_IT_LOOKUP) {
		if (!name_len || name_len > LOOM_NAME_MAX ||
		    len != sizeof(*req) + ALIGN(name_len, 8))
			return -EPROTO;
	} else if (name_len || len != sizeof(*req)) {
		return -EPROTO;
	}
	if (!req->cookie || loom_wire_check_fid(&req->res))
		return -EPROTO;

	desc->type = le32_to_cpu(req->type);
	desc->mode = le32_to_cpu(req->mode);
	desc->bits = le64_to_cpu(req->bits);
	desc->start = le64_to_cpu(req->start);
	desc->end = le64_to_cpu(req->end);
	if (loom_check_desc(desc, target_type))
		return -EINVAL;

	switch (intent) {
	case LOOM_IT_NONE:
		return 0;
	case LOOM_IT_GETATTR:
		return target_type == LOOM_TGT_MDT ? 0 : -EINVAL;
	case LOOM_IT_LOOKUP:
		return target_type == LOOM_TGT_MDT &&
		       (desc->bits & LOOM_IBIT_LOOKUP) ? 0 : -EINVAL;
	case LOOM_IT_GLIMPSE:
		return target_type == LOOM_TGT_OST &&
		       desc->mode == LOOM_LCK_PR ? 0 : -EINVAL;
	case LOOM_IT_REPLAY:
		return target_type == LOOM_TGT_MDT &&
		       desc->mode == LOOM_LCK_PR &&
		       desc->bits == LOOM_IBIT_OPEN ? 0 : -EINVAL;
	default:
		return -EINVAL;
	}
}

/**
 * loom_wire_check_enqueue_rep() - validate an LDLM_ENQUEUE reply's lock
 * @body: the reply body
 * @len: its length, at least the fixed part (an intent's part follows)
 * @asked: the lock the client asked for
 * @granted: filled with the lock granted
 *
 * Return: 0 if a lock of @asked's type and mode covering at least @asked
 * was granted under a non-zero handle, 1 for a well-formed glimpse answer
 * (%LOOM_LDLM_F_GLIMPSE: no lock, only the lock value block), else
 * -EPROTO.
 */
int loom_wire_check_enqueue_rep(const void *body, u32 len,
				const struct loom_lock_desc *asked,
				struct loom_lock_desc *granted)
{
	const struct loom_ldlm_enqueue_rep *rep = body;
	u32 flags;

	if (!body || len < sizeof(*rep))
		return -EPROTO;
	flags = le32_to_cpu(rep->flags);
	if (flags & ~(LOOM_LDLM_F_NEGATIVE | LOOM_LDLM_F_GLIMPSE))
		return -EPROTO;
	if (flags & LOOM_LDLM_F_GLIMPSE) {
		if (flags != LOOM_LDLM_F_GLIMPSE ||
		    asked->type != LOOM_LDLM_EXTENT || rep->handle ||
		    rep->mode || rep->bits || rep->start || rep->end ||
		    rep->lvb.padding ||
		    le32_to_cpu(rep->lvb.mtime_nsec) >= 1000000000U)
			return -EPROTO;
		return 1;
	}
	if (!rep->handle)
		return -EPROTO;
	granted->type = asked->type;
	granted->mode = le32_to_cpu(rep->mode);
	granted->bits = le64_to_cpu(rep->bits);
	granted->start = le64_to_cpu(rep->start);
	granted->end = le64_to_cpu(rep->end);
	if (granted->mode != asked->mode || granted->start > granted->end ||
	    !loom_ldlm_covers(granted, asked))
		return -EPROTO;
	if (granted->type == LOOM_LDLM_IBITS &&
	    (granted->bits & ~(u64)LOOM_IBIT_VALID))
		return -EPROTO;
	if (le32_to_cpu(rep->lvb.mtime_nsec) >= 1000000000U)
		return -EPROTO;
	return 0;
}

/**
 * loom_wire_check_cancel() - validate an LDLM_CANCEL request body
 * @body: the body
 * @len: its length
 *
 * Return: 0 or -EPROTO.
 */
int loom_wire_check_cancel(const void *body, u32 len)
{
	const struct loom_ldlm_cancel_req *req = body;
	u32 count;

	if (!body || len < sizeof(*req) || req->padding)
		return -EPROTO;
	count = le32_to_cpu(req->count);
	if (!count || count > LOOM_LDLM_CANCEL_MAX ||
	    len != sizeof(*req) + count * sizeof(__le64))
		return -EPROTO;
	return 0;
}

/**
 * loom_wire_check_cb() - validate a received DLM callback
 * @buf: the message
 * @len: its length
 *
 * Return: 0 if @buf is a well-formed struct loom_ldlm_cb: a blocking
 * callback from an MDT or OST, or a glimpse callback from an OST; else
 * -EPROTO.
 */
int loom_wire_check_cb(const void *buf, u32 len)
{
	const struct loom_ldlm_cb *cb = buf;
	u32 type;
	u16 opcode;

	if (len != sizeof(*cb) || loom_wire_check_hdr(buf, len, false))
		return -EPROTO;
	opcode = le16_to_cpu(cb->hdr.opcode);
	if ((opcode != LOOM_OPC_LDLM_BL_AST &&
	     opcode != LOOM_OPC_LDLM_GL_AST) ||
	    cb->hdr.status || cb->hdr.flags || cb->padding)
		return -EPROTO;
	type = le32_to_cpu(cb->target_type);
	if (type < LOOM_TGT_MGS || type > LOOM_TGT_OST || !cb->cookie ||
	    !cb->handle || cb->hdr.xid != cb->handle)
		return -EPROTO;
	if (opcode == LOOM_OPC_LDLM_GL_AST && type != LOOM_TGT_OST)
		return -EPROTO;
	return 0;
}

/**
 * loom_wire_check_gl_reply() - validate an LDLM_GL_REPLY request body
 * @body: the body
 * @len: its length
 *
 * Return: 0 or -EPROTO.
 */
int loom_wire_check_gl_reply(const void *body, u32 len)
{
	const struct loom_ldlm_gl_reply *req = body;
	u32 flags;

	if (!body || len != sizeof(*req) || !req->handle || req->padding ||
	    req->lvb.padding || req->lvb.blocks)
		return -EPROTO;
	flags = le32_to_cpu(req->flags);
	if (flags & ~LOOM_GL_F_KNOWN)
		return -EPROTO;
	if (!(flags & LOOM_GL_F_KNOWN) &&
	    (req->lvb.size || req->lvb.mtime_sec || req->lvb.mtime_nsec))
		return -EPROTO;
	if (le32_to_cpu(req->lvb.mtime_nsec) >= 1000000000U ||
	    le64_to_cpu(req->lvb.size) > LOOM_MAX_OBJ_SIZE)
		return -EPROTO;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Loom servers: the reply log of a persistent target.
 *
 * A client's export keeps the replies to its last LOOM_DISK_REPLY_SLOT
 * non-idempotent requests in memory (service.c), so that a resent request
 * is answered again instead of being executed twice.  On a persistent
 * target the same replies also go to the target's reply log, the REPLIES
 * file of the OSD (struct loom_disk_reply), before the reply is sent: a
 * client that reconnects to a restarted target with the same
 * client_cookie gets its slot of the log back, and a request the old
 * instance executed but whose reply was lost is answered from it.
 *
 * The log is an array of client slots of LOOM_DISK_REPLY_SLOT records;
 * record i of a slot mirrors entry i of the export's reply cache.  A slot
 * belongs to one client cookie while its export lives; a clean DISCONNECT
 * frees it, and slots of clients that never came back are taken over,
 * oldest first, once the log has LOOM_REPLIES_MAX_SLOTS slots.
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/timekeeping.h>
#include "../common/disk.h"
#include "server.h"

#define LOOM_REPLIES_MAX_SLOTS	1024

struct loom_replies_slot {
	u64	cookie;		/* 0: free */
	u64	time;		/* newest record, seconds */
	bool	busy;		/* an export has it */
	bool	known;		/* the cookie was in the log at open */
};

/**
 * struct loom_replies - the reply log of a target
 * @osd: where it is kept
 * @lock: protects @slots and @nr_slots
 * @nr_slots: slots in the file
 * @slots: what each slot holds
 * @zero: a slot's worth of zeros, to free one
 */
struct loom_replies {
	struct loom_osd			*osd;
	struct mutex			lock;	/* slots, nr_slots */
	u32				nr_slots;
	struct loom_replies_slot	*slots;
	void				*zero;
};

static u64 loom_replies_pos(int slot, unsigned int i)
{
	return (u64)slot * LOOM_DISK_REPLY_SLOT_SIZE +
	       (u64)i * LOOM_DISK_REPLY_SIZE;
}

/**
 * loom_replies_open() - load the reply log of a target
 * @osd: the target's OSD
 *
 * Reads the whole log once to learn which client owns which slot; bad
 * records are ignored (and reported).
 *
 * Return: the log, %NULL if @osd keeps none (memory backends), or an
 * ERR_PTR() (-ENOMEM, -EIO).
 */
struct loom_replies *loom_replies_open(struct loom_osd *osd)
{
	struct loom_disk_reply_info ri;
	struct loom_replies *r;
	unsigned int i, bad = 0;
	void *buf;
	ssize_t n;
	u32 s;
	int ret;

	if (!loom_osd_has_replies(osd))
		return NULL;
	r = kzalloc_obj(*r, GFP_KERNEL);
	if (!r)
		return ERR_PTR(-ENOMEM);
	mutex_init(&r->lock);
	r->osd = osd;
	r->slots = kvzalloc_objs(*r->slots, LOOM_REPLIES_MAX_SLOTS,
				 GFP_KERNEL);
	r->zero = kvzalloc(LOOM_DISK_REPLY_SLOT_SIZE, GFP_KERNEL);
	buf = kvmalloc(LOOM_DISK_REPLY_SLOT_SIZE, GFP_KERNEL);
	if (!r->slots || !r->zero || !buf) {
		ret = -ENOMEM;
		goto err;
	}
	for (s = 0; s < LOOM_REPLIES_MAX_SLOTS; s++) {
		n = loom_osd_reply_read(osd, loom_replies_pos(s, 0), buf,
					LOOM_DISK_REPLY_SLOT_SIZE);
		if (n < 0) {
			ret = n;
			goto err;
		}
		if (!n)
			break;
		if (n < LOOM_DISK_REPLY_SLOT_SIZE)
			memset(buf + n, 0, LOOM_DISK_REPLY_SLOT_SIZE - n);
		r->nr_slots = s + 1;
		for (i = 0; i < LOOM_DISK_REPLY_SLOT; i++) {
			ret = loom_disk_reply_decode(buf + i * LOOM_DISK_REPLY_SIZE,
						     LOOM_DISK_REPLY_SIZE, &ri);
			if (ret == -ENODATA)
				continue;
			if (ret) {
				bad++;
				continue;
			}
			if (ri.time >= r->slots[s].time) {
				r->slots[s].cookie = ri.cookie;
				r->slots[s].time = ri.time;
				r->slots[s].known = true;
			}
		}
	}
	if (bad)
		pr_warn("loom: %u bad records in the reply log ignored\n", bad);
	kvfree(buf);
	return r;

err:
	kvfree(buf);
	kvfree(r->zero);
	kvfree(r->slots);
	kfree(r);
	return ERR_PTR(ret);
}

/**
 * loom_replies_close() - forget a reply log
 * @r: the log, or %NULL
 *
 * Called before the OSD is released; what was written stays on disk.
 */
void loom_replies_close(struct loom_replies *r)
{
	if (IS_ERR_OR_NULL(r))
		return;
	kvfree(r->zero);
	kvfree(r->slots);
	kfree(r);
}

/* Load the records of @slot that belong to @cookie. */
static void loom_replies_load(struct loom_replies *r, int slot, u64 cookie,
			      loom_replies_fn fn, void *arg)
{
	struct loom_disk_reply_info ri;
	unsigned int i;
	void *buf;
	ssize_t n;

	buf = kvmalloc(LOOM_DISK_REPLY_SIZE, GFP_KERNEL);
	if (!buf)
		return;
	for (i = 0; i < LOOM_DISK_REPLY_SLOT; i++) {
		n = loom_osd_reply_read(r->osd, loom_replies_pos(slot, i), buf,
					LOOM_DISK_REPLY_SIZE);
		if (n <= 0)
			break;
		if (loom_disk_reply_decode(buf, n, &ri) || ri.cookie != cookie)
			continue;
		fn(arg, i, &ri);
	}
	kvfree(buf);
}

/**
 * loom_replies_known() - clients of the last instance of the target
 * @r: the log, just opened
 *
 * Return: how many client cookies the log held when it was opened: the
 * clients that were connected (or evicted without coming back) when the
 * last instance stopped.
 */
u32 loom_replies_known(struct loom_replies *r)
{
	u32 s, n = 0;

	mutex_lock(&r->lock);
	for (s = 0; s < r->nr_slots; s++)
		n += r->slots[s].cookie && r->slots[s].known;
	mutex_unlock(&r->lock);
	return n;
}

/*
 * A new slot's first record names its client, so that a restarted
 * target knows it even if it never sent a non-idempotent request: a
 * CONNECT "reply" under an XID no request uses.
 */
static int loom_replies_mark(struct loom_replies *r, int slot, u64 cookie)
{
	struct loom_disk_reply_info ri = {
		.cookie = cookie,
		.xid = U64_MAX,
		.time = ktime_get_real_seconds(),
		.opcode = LOOM_OPC_CONNECT,
	};
	u8 buf[sizeof(struct loom_disk_reply)];
	u32 len;

	len = loom_disk_reply_encode(buf, sizeof(buf), &ri);
	if (!len)
		return -EINVAL;
	return loom_osd_reply_write(r->osd, loom_replies_pos(slot, 0), buf,
				    len, false);
}

/**
 * loom_replies_attach() - give a connecting client its slot
 * @r: the log
 * @cookie: the client instance (CONNECT's client_cookie, not 0)
 * @fn: called for each record the client had in the log, if any
 * @arg: for @fn
 * @known: set to whether @cookie was in the log when it was opened (a
 *	client of the last instance), the first time it attaches, if not
 *	%NULL
 *
 * Return: the slot, -EBUSY if an export holds @cookie's slot already,
 * -ENOSPC if every slot is held, or the error of freeing a slot.
 */
int loom_replies_attach(struct loom_replies *r, u64 cookie,
			loom_replies_fn fn, void *arg, bool *known)
{
	int slot = -1, ret;
	u32 s;

	if (known)
		*known = false;
	if (!cookie)
		return -EINVAL;
	mutex_lock(&r->lock);
	for (s = 0; s < r->nr_slots; s++) {
		if (r->slots[s].cookie != cookie)
			continue;
		if (r->slots[s].busy) {
			mutex_unlock(&r->lock);
			return -EBUSY;
		}
		/* counted once: a client evicted and back is not again */
		if (known)
			*known = r->slots[s].known;
		r->slots[s].known = false;
		r->slots[s].busy = true;
		/* the MDT and OST run no other request of this client now */
		loom_replies_load(r, s, cookie, fn, arg);
		mutex_unlock(&r->lock);
		return s;
	}
	/* a free slot, a new one, or the one idle the longest */
	for (s = 0; s < r->nr_slots; s++)
		if (!r->slots[s].cookie && !r->slots[s].busy) {
			slot = s;
			break;
		}
	if (slot < 0 && r->nr_slots < LOOM_REPLIES_MAX_SLOTS)
		slot = r->nr_slots;
	for (s = 0; slot < 0 && s < r->nr_slots; s++)
		if (!r->slots[s].busy && (slot < 0 ||
					  r->slots[s].time < r->slots[slot].time))
			slot = s;
	if (slot < 0) {
		mutex_unlock(&r->lock);
		return -ENOSPC;
	}
	ret = loom_osd_reply_write(r->osd, loom_replies_pos(slot, 0), r->zero,
				   LOOM_DISK_REPLY_SLOT_SIZE, false);
	if (!ret)
		ret = loom_replies_mark(r, slot, cookie);
	if (ret) {
		mutex_unlock(&r->lock);
		return ret;
	}
	if (slot == r->nr_slots)
		r->nr_slots++;
	r->slots[slot].cookie = cookie;
	r->slots[slot].time = ktime_get_real_seconds();
	r->slots[slot].busy = true;
	r->slots[slot].known = false;
	mutex_unlock(&r->lock);
	return slot;
}

/**
 * loom_replies_detach() - an export lets its slot go
 * @r: the log
 * @slot: from loom_replies_attach()
 * @forget: the client disconnected cleanly: free the slot's records
 */
void loom_replies_detach(struct loom_replies *r, int slot, bool forget)
{
	if (slot < 0 || slot >= r->nr_slots)
		return;
	mutex_lock(&r->lock);
	r->slots[slot].busy = false;
	if (forget && !loom_osd_reply_write(r->osd, loom_replies_pos(slot, 0),
					    r->zero, LOOM_DISK_REPLY_SLOT_SIZE,
					    false))
		r->slots[slot].cookie = 0;
	mutex_unlock(&r->lock);
}

/**
 * loom_replies_save() - record a reply before it is sent
 * @r: the log
 * @slot: the client's slot
 * @i: the record in the slot, below LOOM_DISK_REPLY_SLOT
 * @cookie: the client instance
 * @rep: the reply, header and body
 * @sync: make it durable before returning (changes that are themselves
 *	durable when the reply is sent: everything but OST writes)
 *
 * Return: 0, -E2BIG if the reply is too large for a record (it then
 * stays in memory only), or the OSD's error.
 */
int loom_replies_save(struct loom_replies *r, int slot, unsigned int i,
		      u64 cookie, const struct loom_msg_hdr *rep, bool sync)
{
	struct loom_disk_reply_info ri = {
		.cookie = cookie,
		.xid = le64_to_cpu(rep->xid),
		.transno = le64_to_cpu(rep->transno),
		.time = ktime_get_real_seconds(),
		.opcode = le16_to_cpu(rep->opcode),
		.status = (s32)le32_to_cpu(rep->status),
		.flags = le32_to_cpu(rep->flags),
		.body_len = le32_to_cpu(rep->body_len),
		.body = rep + 1,
	};
	void *buf;
	u32 len;
	int ret;

	if (slot < 0 || slot >= r->nr_slots || i >= LOOM_DISK_REPLY_SLOT)
		return -EINVAL;
	buf = kvmalloc(LOOM_DISK_REPLY_SIZE, GFP_NOFS);
	if (!buf)
		return -ENOMEM;
	len = loom_disk_reply_encode(buf, LOOM_DISK_REPLY_SIZE, &ri);
	ret = len ? loom_osd_reply_write(r->osd, loom_replies_pos(slot, i), buf,
					 len, sync) : -E2BIG;
	kvfree(buf);
	if (!ret) {
		mutex_lock(&r->lock);
		r->slots[slot].time = ri.time;
		mutex_unlock(&r->lock);
	}
	return ret;
}

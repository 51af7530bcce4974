// SPDX-License-Identifier: GPL-2.0
/*
 * loomnet: selftest between two nodes, over LOOMNET_PORTAL_SELFTEST.
 *
 * The initiator sends a request message; the peer attaches a sink MD of
 * the requested size and echoes the message.  A PUT one byte too large
 * must fail with -EMSGSIZE (and consume the sink); after a second request,
 * the initiator PUTs a pattern
 * into the sink; the sink, once complete, is attached again as a source;
 * the initiator GETs it back and compares.  A GET of a match bits without
 * MD must fail with -ENOENT.  Match bits: cookie << 2 | step.
 *
 * The bulk mode measures: its request asks the peer for a window of sinks
 * that are attached again as each PUT completes, until COUNT PUTs have
 * landed; the initiator keeps that many PUTs in flight and times them,
 * then times round trips of header-only pings.  It also checks, so that
 * it can run across failovers: the peer compares each PUT's data with the
 * pattern (and logs "corrupt" if it differs), the initiator counts that
 * each PUT completes exactly once.
 */
#include <linux/bitmap.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/once.h>
#include <linux/refcount.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include "internal.h"

#define ST_REQ		0	/* request message; sink MD */
#define ST_SRC		1	/* source MD */
#define ST_ECHO		2	/* answer to the request */
#define ST_NONE		3	/* never attached; message floods */
#define ST_MAX_SIZE	(16U << 20)
#define ST_BULK_WINDOW	8	/* PUTs in flight in the bulk mode */

/*
 * The message mode: COUNT messages (match cookie << 2 | ST_NONE) that
 * start with this header; the peer sends each back with ST_MSG_ECHO and
 * the initiator counts that every sequence number came back exactly
 * once.
 */
struct loomnet_st_msg {
	__le32	seq;
	__le32	flags;
};

#define ST_MSG_ECHO	1

/* Initiator side of the message mode. */
struct loomnet_st_flood {
	struct list_head	list;		/* loomnet_st_floods */
	struct net		*net;
	u64			cookie;
	u32			count;
	unsigned long		*seen;		/* echoes, by seq */
	atomic_t		got;
	atomic_t		dups;
	struct completion	done;
};

static LIST_HEAD(loomnet_st_floods);
static DEFINE_SPINLOCK(loomnet_st_lock);

static bool loomnet_st_stall;
module_param_named(selftest_stall, loomnet_st_stall, bool, 0644);
MODULE_PARM_DESC(selftest_stall,
		 "Testing: the selftest handler stops on each flood message while set (at most 10 minutes), as a receiver that stops reading");

/* The request of the bulk mode; the plain request is the size alone. */
struct loomnet_st_bulk_req {
	__le32	size;
	__le32	count;
};

/* Peer side of the bulk mode: what the window of sinks shares. */
struct loomnet_st_bulk {
	refcount_t	ref;
	atomic_t	left;	/* PUTs still to come beyond the window */
};

struct loomnet_st_md {
	struct loomnet_md	md;
	struct completion	done;
	atomic_t		calls;	/* completions, to catch a second one */
	int			status;
	u32			mlength;
	struct net		*net;
	struct loomnet_nid	peer;
	u64			match;
	struct loomnet_st_bulk	*bulk;
};

static void loomnet_st_md_free(struct loomnet_st_md *st)
{
	unsigned int i;

	if (st->bulk && refcount_dec_and_test(&st->bulk->ref))
		kfree(st->bulk);

	for (i = 0; i < st->md.nr_bvec; i++)
		__free_page(st->md.bvec[i].bv_page);
	kfree(st->md.bvec);
	kfree(st);
}

static struct loomnet_st_md *loomnet_st_md_alloc(u32 size)
{
	unsigned int i, n = DIV_ROUND_UP(size, PAGE_SIZE);
	struct loomnet_st_md *st;

	st = kzalloc_obj(*st, GFP_KERNEL);
	if (!st)
		return NULL;
	init_completion(&st->done);
	st->md.bvec = kcalloc(n, sizeof(*st->md.bvec), GFP_KERNEL);
	if (!st->md.bvec)
		goto err;
	for (i = 0; i < n; i++) {
		struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);

		if (!page)
			goto err;
		bvec_set_page(&st->md.bvec[i], page,
			      min_t(u32, PAGE_SIZE, size - i * PAGE_SIZE), 0);
		st->md.nr_bvec++;
	}
	st->md.length = size;
	st->md.priv = st;
	return st;
err:
	loomnet_st_md_free(st);
	return NULL;
}

/*
 * The pattern: byte (u8)(cookie * 31 + off * 7 + off / 4096) at offset
 * off.  In a 4 KiB block q it is c + 7 * j (mod 256) at j, with
 * c = cookie * 31 + q: as 7 * 183 = 1 (mod 256), that is the table
 * loomnet_st_ramp[x] = 7 * x from x = 183 * c + j.  Comparing with
 * memcmp() keeps the receiver of a bulk PUT, which checks every byte in
 * its completion, from slowing the benchmark that measures the PUTs.
 */
#define ST_BLOCK	4096U
static u8 loomnet_st_ramp[ST_BLOCK + 256];

static void loomnet_st_ramp_init(void)
{
	unsigned int x;

	for (x = 0; x < ARRAY_SIZE(loomnet_st_ramp); x++)
		loomnet_st_ramp[x] = (u8)(7 * x);
}

/* Where the pattern of @cookie at offset @off starts in the ramp. */
static const u8 *loomnet_st_ramp_at(u64 cookie, u32 off)
{
	u8 c = (u8)(cookie * 31 + off / ST_BLOCK);

	return loomnet_st_ramp + (u8)(183 * c) + off % ST_BLOCK;
}

/* Fill with the pattern, or compare with it. */
static bool loomnet_st_pattern(struct loomnet_st_md *st, u64 cookie, bool fill)
{
	u32 off = 0;
	unsigned int i;

	DO_ONCE(loomnet_st_ramp_init);
	for (i = 0; i < st->md.nr_bvec; i++) {
		u8 *p = page_address(st->md.bvec[i].bv_page);
		u32 j, n;

		for (j = 0; j < st->md.bvec[i].bv_len; j += n, off += n) {
			n = min(st->md.bvec[i].bv_len - j,
				ST_BLOCK - off % ST_BLOCK);
			if (fill)
				memcpy(p + j, loomnet_st_ramp_at(cookie, off), n);
			else if (memcmp(p + j, loomnet_st_ramp_at(cookie, off), n))
				return false;
		}
	}
	return true;
}

static void loomnet_st_wait_done(struct loomnet_md *md, int status,
				 u32 mlength)
{
	struct loomnet_st_md *st = md->priv;

	atomic_inc(&st->calls);
	st->status = status;
	st->mlength = mlength;
	complete(&st->done);
}

static void loomnet_st_src_done(struct loomnet_md *md, int status,
				u32 mlength)
{
	loomnet_st_md_free(md->priv);
}

/* Peer side: the sink got the PUT; offer the same pages for the GET. */
static void loomnet_st_sink_done(struct loomnet_md *md, int status,
				 u32 mlength)
{
	struct loomnet_st_md *st = md->priv;

	if (status || mlength != md->length) {
		loomnet_st_md_free(st);
		return;
	}
	md->complete = loomnet_st_src_done;
	if (loomnet_md_attach(st->net, &st->peer, LOOMNET_PORTAL_SELFTEST,
			      st->match + ST_SRC - ST_REQ, md))
		loomnet_st_md_free(st);
}

/* Peer side, bulk mode: a sink got its PUT; attach it again if more come. */
static void loomnet_st_bulk_sink_done(struct loomnet_md *md, int status,
				      u32 mlength)
{
	struct loomnet_st_md *st = md->priv;

	if (!status && (mlength != md->length ||
			!loomnet_st_pattern(st, st->match >> 2, false)))
		pr_warn("loomnet: selftest: bulk PUT data corrupt (%u of %u bytes)\n",
			mlength, md->length);
	if (status || atomic_dec_return(&st->bulk->left) < 0 ||
	    loomnet_md_attach(st->net, &st->peer, LOOMNET_PORTAL_SELFTEST,
			      st->match, md))
		loomnet_st_md_free(st);
}

/* Peer side: attach the sinks a request asks for; false if none. */
static bool loomnet_st_attach_sinks(struct loomnet_msg *msg, u32 size,
				    u32 count)
{
	struct loomnet_st_bulk *bulk = NULL;
	struct loomnet_st_md *st;
	u32 i, window = 1;

	if (count) {
		window = min_t(u32, count, ST_BULK_WINDOW);
		bulk = kzalloc_obj(*bulk, GFP_KERNEL);
		if (!bulk)
			return false;
		refcount_set(&bulk->ref, 1);
		atomic_set(&bulk->left, count - window);
	}
	for (i = 0; i < window; i++) {
		st = loomnet_st_md_alloc(size);
		if (!st)
			break;
		st->md.complete = bulk ? loomnet_st_bulk_sink_done :
					 loomnet_st_sink_done;
		st->net = msg->net;
		st->peer = msg->src;
		st->match = msg->match;
		if (bulk) {
			refcount_inc(&bulk->ref);
			st->bulk = bulk;
		}
		if (loomnet_md_attach(msg->net, &msg->src,
				      LOOMNET_PORTAL_SELFTEST, msg->match,
				      &st->md)) {
			loomnet_st_md_free(st);
			break;
		}
	}
	if (bulk && refcount_dec_and_test(&bulk->ref))
		kfree(bulk);
	return i > 0;
}

/* Initiator side: an echo of a flood message came back. */
static void loomnet_st_flood_echo(struct loomnet_msg *msg, u32 seq)
{
	struct loomnet_st_flood *fl;

	spin_lock(&loomnet_st_lock);
	list_for_each_entry(fl, &loomnet_st_floods, list) {
		if (fl->net != msg->net || fl->cookie != msg->match >> 2 ||
		    seq >= fl->count)
			continue;
		if (test_and_set_bit(seq, fl->seen))
			atomic_inc(&fl->dups);
		else if (atomic_inc_return(&fl->got) == fl->count)
			complete(&fl->done);
		break;
	}
	spin_unlock(&loomnet_st_lock);
}

/* A flood message: echo it (peer side), or count its echo (initiator). */
static void loomnet_st_flood_msg(struct loomnet_msg *msg)
{
	unsigned long limit = jiffies + 600 * HZ;
	struct loomnet_st_msg m;
	int ret;

	if (msg->len < sizeof(m))
		return;
	memcpy(&m, msg->data, sizeof(m));
	if (le32_to_cpu(m.flags) & ST_MSG_ECHO) {
		loomnet_st_flood_echo(msg, le32_to_cpu(m.seq));
		return;
	}
	/* A receiver that stopped reading, for the stall test. */
	while (READ_ONCE(loomnet_st_stall) && time_before(jiffies, limit))
		msleep(20);
	m.flags = cpu_to_le32(ST_MSG_ECHO);
	memcpy(msg->data, &m, sizeof(m));
	/*
	 * Beyond the queue limits: waiting for room here would stop this
	 * connection's receiving, and two nodes flooding each other would
	 * wait on each other's credits for ever.  What the initiator sent
	 * bounds what is queued.
	 */
	ret = loomnet_send_msg(msg->net, &msg->src, LOOMNET_PORTAL_SELFTEST,
			       msg->match, msg->data, msg->len,
			       LOOMNET_Q_NOLIMIT);
	if (ret)
		pr_warn_ratelimited("loomnet: selftest: echo not sent: %d\n",
				    ret);
}

/**
 * loomnet_st_handler() - messages to the selftest portal
 * @msg: the message
 * @priv: the namespace's &struct loomnet_pn
 */
void loomnet_st_handler(struct loomnet_msg *msg, void *priv)
{
	struct loomnet_pn *pn = priv;
	struct loomnet_st_bulk_req req = { };

	if ((msg->match & 3) == ST_NONE) {
		loomnet_st_flood_msg(msg);
		goto out;
	}
	if ((msg->match & 3) == ST_ECHO) {
		loomnet_pong(pn, msg->match >> 2);
		goto out;
	}
	if ((msg->match & 3) != ST_REQ ||
	    (msg->len != sizeof(req.size) && msg->len != sizeof(req)))
		goto out;
	memcpy(&req, msg->data, msg->len);
	if (!le32_to_cpu(req.size) || le32_to_cpu(req.size) > ST_MAX_SIZE)
		goto out;
	if (!loomnet_st_attach_sinks(msg, le32_to_cpu(req.size),
				     le32_to_cpu(req.count)))
		goto out;
	loomnet_send(msg->net, &msg->src, LOOMNET_PORTAL_SELFTEST,
		     (msg->match & ~3ULL) | ST_ECHO, msg->data, msg->len);
out:
	loomnet_msg_free(msg);
}

/* Wait for an MD of ours; unlink it on timeout. */
static int loomnet_st_wait(struct loomnet_st_md *st, unsigned long timeout)
{
	if (wait_for_completion_timeout(&st->done, timeout))
		return st->status;
	if (!loomnet_md_unlink(&st->md))
		return -ETIMEDOUT;
	/* It completed meanwhile. */
	wait_for_completion(&st->done);
	return st->status;
}

/*
 * Ask the peer for a sink MD of @size bytes, or for the sinks of @count
 * bulk PUTs if @count is not 0, and wait for its answer.
 */
static int loomnet_st_request(struct net *net, const struct loomnet_nid *dst,
			      u64 cookie, u32 size, u32 count,
			      unsigned long timeout)
{
	struct loomnet_pn *pn = loomnet_pn(net);
	struct loomnet_st_bulk_req req = {
		.size = cpu_to_le32(size),
		.count = cpu_to_le32(count),
	};
	struct loomnet_ping echo;
	int ret;

	init_completion(&echo.done);
	echo.cookie = cookie;
	spin_lock(&pn->lock);
	list_add(&echo.list, &pn->pings);
	spin_unlock(&pn->lock);
	ret = loomnet_send(net, dst, LOOMNET_PORTAL_SELFTEST,
			   cookie << 2 | ST_REQ, &req,
			   count ? sizeof(req) : sizeof(req.size));
	if (!ret && !wait_for_completion_timeout(&echo.done, timeout))
		ret = -ETIMEDOUT;
	spin_lock(&pn->lock);
	list_del(&echo.list);
	spin_unlock(&pn->lock);
	return ret;
}

/**
 * loomnet_selftest() - run the selftest against a peer
 * @net: network namespace
 * @dst: the peer
 * @size: bytes to PUT and GET
 * @timeout_ms: for each step
 * @step: the failed step, for the error message
 *
 * Return: 0, -EIO if data came back wrong, or the failed step's error.
 */
int loomnet_selftest(struct net *net, const struct loomnet_nid *dst,
		     u32 size, unsigned int timeout_ms, const char **step)
{
	struct loomnet_pn *pn = loomnet_pn(net);
	unsigned long timeout = msecs_to_jiffies(timeout_ms);
	struct loomnet_st_md *put = NULL, *get = NULL, *big = NULL;
	u64 cookie;
	int ret;

	if (!size || size >= ST_MAX_SIZE) {
		*step = "size";
		return -EINVAL;
	}
	cookie = atomic64_inc_return(&pn->next_cookie) & (U64_MAX >> 2);

	ret = -ENOMEM;
	put = loomnet_st_md_alloc(size);
	get = loomnet_st_md_alloc(size);
	big = loomnet_st_md_alloc(size + 1);
	if (!put || !get || !big)
		goto out;
	put->md.complete = loomnet_st_wait_done;
	get->md.complete = loomnet_st_wait_done;
	big->md.complete = loomnet_st_wait_done;
	loomnet_st_pattern(put, cookie, true);

	/* A PUT larger than the MD fails on both sides, the stream intact. */
	*step = "request";
	ret = loomnet_st_request(net, dst, cookie, size, 0, timeout);
	if (ret)
		goto out;
	*step = "PUT larger than the MD";
	ret = loomnet_put(net, dst, LOOMNET_PORTAL_SELFTEST,
			  cookie << 2 | ST_REQ, &big->md);
	if (!ret)
		ret = loomnet_st_wait(big, timeout);
	ret = ret == -EMSGSIZE ? 0 : -EIO;
	if (ret)
		goto out;

	*step = "second request";
	ret = loomnet_st_request(net, dst, cookie, size, 0, timeout);
	if (ret)
		goto out;
	*step = "PUT";
	ret = loomnet_put(net, dst, LOOMNET_PORTAL_SELFTEST,
			  cookie << 2 | ST_REQ, &put->md);
	if (!ret)
		ret = loomnet_st_wait(put, timeout);
	if (!ret && put->mlength != size)
		ret = -EIO;
	if (ret)
		goto out;

	*step = "GET";
	ret = loomnet_get(net, dst, LOOMNET_PORTAL_SELFTEST,
			  cookie << 2 | ST_SRC, &get->md);
	if (!ret)
		ret = loomnet_st_wait(get, timeout);
	if (!ret && (get->mlength != size ||
		     !loomnet_st_pattern(get, cookie, false)))
		ret = -EIO;
	if (ret)
		goto out;

	*step = "GET without MD";
	reinit_completion(&get->done);
	ret = loomnet_get(net, dst, LOOMNET_PORTAL_SELFTEST,
			  cookie << 2 | ST_NONE, &get->md);
	if (!ret)
		ret = loomnet_st_wait(get, timeout);
	ret = ret == -ENOENT ? 0 : -EIO;
out:
	if (put)
		loomnet_st_md_free(put);
	if (get)
		loomnet_st_md_free(get);
	if (big)
		loomnet_st_md_free(big);
	return ret;
}

/**
 * loomnet_selftest_bulk() - measure bulk bandwidth and round trips to a peer
 * @net: network namespace
 * @dst: the peer
 * @size: bytes of each PUT
 * @count: PUTs, at least 1
 * @pings: round trips of header-only pings after the PUTs, maybe 0
 * @timeout_ms: for each operation
 * @step: the failed step, for the error message
 * @bulk_ns: time from the first PUT to the last PUT's completion
 * @ping_ns: time of the @pings round trips, one after the other
 *
 * Keeps %ST_BULK_WINDOW PUTs in flight.  The data is not checked: that is
 * loomnet_selftest()'s job.
 *
 * Return: 0, -EIO if a PUT landed short, or the failed step's error.
 */
int loomnet_selftest_bulk(struct net *net, const struct loomnet_nid *dst,
			  u32 size, u32 count, u32 pings,
			  unsigned int timeout_ms, const char **step,
			  u64 *bulk_ns, u64 *ping_ns)
{
	struct loomnet_pn *pn = loomnet_pn(net);
	unsigned long timeout = msecs_to_jiffies(timeout_ms);
	struct loomnet_st_md *win[ST_BULK_WINDOW] = { };
	u32 n, i, sent = 0, done = 0;
	ktime_t start;
	u64 cookie, rtt;
	int ret = 0;

	*step = "size";
	if (!size || size > ST_MAX_SIZE || !count)
		return -EINVAL;
	cookie = atomic64_inc_return(&pn->next_cookie) & (U64_MAX >> 2);
	n = min_t(u32, count, ST_BULK_WINDOW);
	for (i = 0; i < n; i++) {
		win[i] = loomnet_st_md_alloc(size);
		if (!win[i]) {
			ret = -ENOMEM;
			goto out;
		}
		win[i]->md.complete = loomnet_st_wait_done;
		loomnet_st_pattern(win[i], cookie, true);
	}
	*step = "request";
	ret = loomnet_st_request(net, dst, cookie, size, count, timeout);
	if (ret)
		goto out;

	*step = "PUT";
	start = ktime_get();
	for (; sent < n; sent++) {
		ret = loomnet_put(net, dst, LOOMNET_PORTAL_SELFTEST,
				  cookie << 2 | ST_REQ, &win[sent]->md);
		if (ret)
			goto out_wait;
	}
	/* Wait for the oldest PUT; send the next one from its MD. */
	while (done < count) {
		struct loomnet_st_md *st = win[done % n];

		ret = loomnet_st_wait(st, timeout);
		done++;
		if (!ret && st->mlength != size)
			ret = -EIO;
		if (ret)
			goto out_wait;
		if (sent == count)
			continue;
		reinit_completion(&st->done);
		ret = loomnet_put(net, dst, LOOMNET_PORTAL_SELFTEST,
				  cookie << 2 | ST_REQ, &st->md);
		if (ret)
			goto out_wait;
		sent++;
	}
	*bulk_ns = ktime_to_ns(ktime_sub(ktime_get(), start));
	*step = "PUT completed exactly once";
	for (i = 0, done = 0; i < n; i++)
		done += atomic_read(&win[i]->calls);
	if (done != count) {
		ret = -EIO;
		goto out;
	}

	*step = "ping";
	start = ktime_get();
	for (i = 0; i < pings && !ret; i++)
		ret = loomnet_ping(net, dst, timeout_ms, &rtt);
	*ping_ns = ktime_to_ns(ktime_sub(ktime_get(), start));
	goto out;

out_wait:
	/* The PUTs still in flight must end before their pages go. */
	for (; done < sent; done++)
		loomnet_st_wait(win[done % n], timeout);
out:
	for (i = 0; i < n; i++)
		if (win[i])
			loomnet_st_md_free(win[i]);
	return ret;
}

/**
 * loomnet_selftest_msgs() - a flood of messages, each to come back once
 * @net: network namespace
 * @dst: the peer
 * @size: bytes of each message, from 8 to %LOOMNET_MAX_MSG_SIZE
 * @count: messages, at least 1
 * @timeout_ms: how long the peer may make no progress
 * @step: the failed step, for the error message
 * @msgs_ns: time from the first message to the last echo
 * @dups: echoes that came back more than once
 *
 * Sends @count messages numbered 0 to @count - 1 as fast as loomnet takes
 * them (waiting while the queue to @dst is full: -ENOBUFS is back
 * pressure, not an error here); the peer echoes each.  Succeeds if every
 * number came back, none twice, counted 200 ms after the last one; it can
 * run across broken connections and failovers, and against a peer that
 * stalls (the selftest_stall parameter).
 *
 * Return: 0, -EIO if an echo came back twice, -ETIMEDOUT if some did not
 * come back, or the failed step's error.
 */
int loomnet_selftest_msgs(struct net *net, const struct loomnet_nid *dst,
			  u32 size, u32 count, unsigned int timeout_ms,
			  const char **step, u64 *msgs_ns, u32 *dups)
{
	struct loomnet_pn *pn = loomnet_pn(net);
	unsigned long timeout = msecs_to_jiffies(timeout_ms), since;
	struct loomnet_st_flood *fl;
	struct loomnet_st_msg m;
	ktime_t start;
	u32 seq, got;
	void *buf;
	int ret = 0;

	*step = "size";
	if (size < sizeof(m) || size > LOOMNET_MAX_MSG_SIZE || !count)
		return -EINVAL;
	fl = kzalloc_obj(*fl, GFP_KERNEL);
	buf = kzalloc(size, GFP_KERNEL);
	if (fl)
		fl->seen = bitmap_zalloc(count, GFP_KERNEL);
	if (!fl || !buf || !fl->seen) {
		ret = -ENOMEM;
		goto out_free;
	}
	fl->net = net;
	fl->count = count;
	fl->cookie = atomic64_inc_return(&pn->next_cookie) & (U64_MAX >> 2);
	init_completion(&fl->done);
	spin_lock(&loomnet_st_lock);
	list_add(&fl->list, &loomnet_st_floods);
	spin_unlock(&loomnet_st_lock);

	*step = "messages";
	start = ktime_get();
	since = jiffies;
	for (seq = 0; seq < count && !ret; seq++) {
		m.seq = cpu_to_le32(seq);
		m.flags = 0;
		memcpy(buf, &m, sizeof(m));
		for (;;) {
			ret = loomnet_send(net, dst, LOOMNET_PORTAL_SELFTEST,
					   fl->cookie << 2 | ST_NONE, buf, size);
			if (ret != -ENOBUFS)
				break;
			/* Back pressure; the peer must make progress. */
			got = atomic_read(&fl->got);
			usleep_range(1000, 2000);
			if (atomic_read(&fl->got) != got)
				since = jiffies;
			if (time_after(jiffies, since + timeout)) {
				ret = -ETIMEDOUT;
				break;
			}
			if (fatal_signal_pending(current)) {
				ret = -EINTR;
				break;
			}
		}
	}
	if (ret)
		goto out;
	*step = "echoes";
	for (;;) {
		got = atomic_read(&fl->got);
		if (wait_for_completion_timeout(&fl->done, timeout))
			break;
		if (atomic_read(&fl->got) == got) {
			ret = -ETIMEDOUT;
			break;
		}
	}
	*msgs_ns = ktime_to_ns(ktime_sub(ktime_get(), start));
	/* A copy resent late would come now. */
	msleep(200);
	*dups = atomic_read(&fl->dups);
	if (!ret && *dups) {
		*step = "each message exactly once";
		ret = -EIO;
	}
	if (ret == -ETIMEDOUT)
		pr_warn("loomnet: selftest: %u of %u messages came back\n",
			atomic_read(&fl->got), count);
out:
	spin_lock(&loomnet_st_lock);
	list_del(&fl->list);
	spin_unlock(&loomnet_st_lock);
out_free:
	if (fl)
		bitmap_free(fl->seen);
	kfree(fl);
	kfree(buf);
	return ret;
}

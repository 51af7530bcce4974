// SPDX-License-Identifier: GPL-2.0
/*
 * loomnet: TCP connections.
 *
 * Every socket is non-blocking once connected.  Socket callbacks only queue
 * work: rx_work reads frames (a small state machine), tx_work writes the
 * transmit queue, close_work tears a connection down.  Connections are made
 * on demand by connect_work, with a backoff after failures.
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <net/inet_sock.h>
#include <net/ip.h>
#include <net/sock.h>
#include <net/tcp.h>
#include "internal.h"

/*
 * The one place that knows how kernel_bind() and kernel_connect() want
 * their address in this kernel.
 */
static struct sockaddr_unsized *loomnet_sa(struct sockaddr_storage *ss)
{
	return (struct sockaddr_unsized *)ss;
}

static void loomnet_sock_setup(struct socket *sock)
{
	struct sock *sk = sock->sk;

	sk->sk_allocation = GFP_NOFS;
	sk->sk_use_task_frag = false;
	tcp_sock_set_nodelay(sk);
	sock_set_keepalive(sk);
	tcp_sock_set_keepidle(sk, 30);
	tcp_sock_set_keepintvl(sk, 10);
	tcp_sock_set_keepcnt(sk, 6);
	/* Data unacknowledged this long: the path is dead, fail over. */
	tcp_sock_set_user_timeout(sk, 20000);
}

static void loomnet_data_ready(struct sock *sk)
{
	struct loomnet_conn *conn;

	read_lock_bh(&sk->sk_callback_lock);
	conn = sk->sk_user_data;
	if (conn) {
		/* The peer is alive, whether or not we keep up reading. */
		WRITE_ONCE(conn->rx_last, jiffies | 1);
		queue_work(loomnet_wq, &conn->rx_work);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

static void loomnet_write_space(struct sock *sk)
{
	struct loomnet_conn *conn;

	read_lock_bh(&sk->sk_callback_lock);
	conn = sk->sk_user_data;
	if (conn && sk_stream_is_writeable(sk)) {
		clear_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
		queue_work(loomnet_wq, &conn->tx_work);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

static void loomnet_state_change(struct sock *sk)
{
	struct loomnet_conn *conn;

	read_lock_bh(&sk->sk_callback_lock);
	conn = sk->sk_user_data;
	if (conn)
		queue_work(loomnet_wq, &conn->rx_work);
	read_unlock_bh(&sk->sk_callback_lock);
}

static void loomnet_conn_set_callbacks(struct loomnet_conn *conn)
{
	struct sock *sk = conn->sock->sk;

	/* From now on the keepalive timeout applies (0 is "not yet"). */
	conn->ka_sent = jiffies;
	WRITE_ONCE(conn->rx_last, jiffies | 1);
	write_lock_bh(&sk->sk_callback_lock);
	if (!conn->orig_data_ready) {
		conn->orig_data_ready = sk->sk_data_ready;
		conn->orig_write_space = sk->sk_write_space;
		conn->orig_state_change = sk->sk_state_change;
	}
	sk->sk_user_data = conn;
	sk->sk_data_ready = loomnet_data_ready;
	sk->sk_write_space = loomnet_write_space;
	sk->sk_state_change = loomnet_state_change;
	write_unlock_bh(&sk->sk_callback_lock);
}

static void loomnet_conn_restore_callbacks(struct loomnet_conn *conn)
{
	struct sock *sk = conn->sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	if (sk->sk_user_data == conn) {
		sk->sk_user_data = NULL;
		sk->sk_data_ready = conn->orig_data_ready;
		sk->sk_write_space = conn->orig_write_space;
		sk->sk_state_change = conn->orig_state_change;
	}
	write_unlock_bh(&sk->sk_callback_lock);
}

static void loomnet_rx_expect(struct loomnet_conn *conn, void *buf, size_t len)
{
	conn->rx_kvec.iov_base = buf;
	conn->rx_kvec.iov_len = len;
	iov_iter_kvec(&conn->rx_iter, ITER_DEST, &conn->rx_kvec, 1, len);
}

/**
 * loomnet_conn_expect_hdr() - make the next frame header the receive target
 * @conn: the connection; rx_mutex held
 */
void loomnet_conn_expect_hdr(struct loomnet_conn *conn)
{
	conn->rx_state = LOOMNET_RX_HDR;
	loomnet_rx_expect(conn, &conn->rx_buf.hdr, sizeof(conn->rx_buf.hdr));
}

/**
 * loomnet_conn_rx_msg() - receive a message payload next
 * @conn: the connection; rx_mutex held
 * @msg: the message, with @msg->len bytes at @msg->data
 */
void loomnet_conn_rx_msg(struct loomnet_conn *conn, struct loomnet_msg *msg)
{
	conn->rx_msg = msg;
	conn->rx_state = LOOMNET_RX_MSG;
	loomnet_rx_expect(conn, msg->data, msg->len);
}

/**
 * loomnet_conn_rx_bulk() - receive bulk data into an MD next
 * @conn: the connection; rx_mutex held, @md is conn->rx_md
 * @md: the MD
 * @len: bytes to receive, at most @md->length
 */
void loomnet_conn_rx_bulk(struct loomnet_conn *conn, struct loomnet_md *md,
			  u32 len)
{
	conn->rx_state = LOOMNET_RX_BULK;
	iov_iter_bvec(&conn->rx_iter, ITER_DEST, md->bvec, md->nr_bvec,
		      md->length);
	iov_iter_truncate(&conn->rx_iter, len);
}

/**
 * loomnet_conn_rx_drain() - discard bulk data next
 * @conn: the connection; rx_mutex held
 * @len: bytes to discard
 */
void loomnet_conn_rx_drain(struct loomnet_conn *conn, u32 len)
{
	conn->rx_state = LOOMNET_RX_BULK;
	iov_iter_discard(&conn->rx_iter, ITER_DEST, len);
}

static void loomnet_conn_release(struct kref *ref)
{
	struct loomnet_conn *conn = container_of(ref, struct loomnet_conn, ref);
	struct loomnet_pn *pn = conn->pn;

	loomnet_ni_put(conn->ni);
	kfree(conn);
	spin_lock(&pn->lock);
	if (!--pn->nr_conns)
		wake_up_all(&pn->wq);
	spin_unlock(&pn->lock);
}

/**
 * loomnet_conn_put() - drop a reference to a connection
 * @conn: the connection
 */
void loomnet_conn_put(struct loomnet_conn *conn)
{
	kref_put(&conn->ref, loomnet_conn_release);
}

/**
 * loomnet_conns_gone() - whether all connections of a namespace are freed
 * @pn: the namespace
 *
 * Return: true once every connection has been released.
 */
bool loomnet_conns_gone(struct loomnet_pn *pn)
{
	bool gone;

	spin_lock(&pn->lock);
	gone = !pn->nr_conns;
	spin_unlock(&pn->lock);
	return gone;
}

/**
 * loomnet_conn_fail() - start closing a connection
 * @conn: the connection
 * @err: why, 0 for an orderly close
 *
 * Safe to call several times and from any worker; the teardown runs in
 * close_work.  Operations in flight on @conn complete with -ECONNRESET.
 */
void loomnet_conn_fail(struct loomnet_conn *conn, int err)
{
	struct loomnet_pn *pn = conn->pn;
	struct loomnet_peer *peer;

	spin_lock(&pn->lock);
	spin_lock(&conn->lock);
	if (conn->closing) {
		spin_unlock(&conn->lock);
		spin_unlock(&pn->lock);
		return;
	}
	conn->closing = true;
	spin_unlock(&conn->lock);
	peer = conn->peer;
	if (peer) {
		if (peer->conns[conn->role] == conn)
			peer->conns[conn->role] = NULL;
		if (conn->up) {
			peer->backoff_ms = 0;
		} else if (conn->outgoing) {
			peer->backoff_ms = clamp(peer->backoff_ms * 2,
						 LOOMNET_BACKOFF_MIN_MS,
						 LOOMNET_BACKOFF_MAX_MS);
			peer->retry_at = jiffies +
					 msecs_to_jiffies(peer->backoff_ms);
		}
		if (err) {
			atomic64_inc(&peer->stats.errors);
			loomnet_health_dec(&peer->health);
		}
	}
	if (err)
		atomic64_inc(&conn->ni->stats.errors);
	if (err == -ENETDOWN || err == -ENETUNREACH || err == -EADDRNOTAVAIL)
		loomnet_health_dec(&conn->ni->health);
	kref_get(&conn->ref);
	spin_unlock(&pn->lock);
	queue_work(loomnet_wq, &conn->close_work);
}

static void loomnet_close_work(struct work_struct *work)
{
	struct loomnet_conn *conn = container_of(work, struct loomnet_conn,
						 close_work);
	struct loomnet_pn *pn = conn->pn;
	struct loomnet_tx *tx, *tmp;
	struct socket *sock;
	LIST_HEAD(txq);
	u16 flag;

	spin_lock(&conn->lock);
	sock = conn->sock;
	spin_unlock(&conn->lock);
	if (sock)
		kernel_sock_shutdown(sock, SHUT_RDWR);
	cancel_delayed_work_sync(&conn->connect_work);
	if (sock)
		loomnet_conn_restore_callbacks(conn);
	cancel_work_sync(&conn->rx_work);
	cancel_delayed_work_sync(&conn->credit_work);
	cancel_work_sync(&conn->tx_work);

	/* No more socket I/O: complete what is left. */
	loomnet_conn_abort_mds(conn);

	spin_lock(&conn->lock);
	list_splice_init(&conn->txq, &txq);
	if (conn->tx_cur)
		list_add(&conn->tx_cur->list, &txq);
	/* Sent but not covered by credits: older than all of the above. */
	list_splice_init(&conn->unacked, &txq);
	conn->unacked_nr = 0;
	conn->tx_cur = NULL;
	conn->tx_nr = 0;
	conn->tx_bytes = 0;
	spin_unlock(&conn->lock);
	kfree(conn->rx_msg);
	conn->rx_msg = NULL;
	if (conn->sock)
		sock_release(conn->sock);
	conn->sock = NULL;

	spin_lock(&pn->lock);
	list_del(&conn->list);
	if (conn->peer)
		conn->peer->nr_conns--;
	spin_unlock(&pn->lock);

	/*
	 * Messages not covered by the peer's credits (sent or not; the peer
	 * drops a partial frame) go out again on the best path left, flagged
	 * RESEND if they may have arrived, until their deadline: the peer
	 * drops those it delivered already (exactly once, protocol.rst).  To
	 * a peer without MSG_ONCE only those never written go again (at most
	 * once).  The other frames belong to this connection's operations,
	 * which are sent again as a whole, or answer the peer's, which it
	 * sends again.
	 */
	flag = conn->msg_once ? LOOMNET_F_RESEND : 0;
	list_for_each_entry_safe(tx, tmp, &txq, list) {
		list_del(&tx->list);
		if (tx->hlen == sizeof(tx->hdr) &&
		    tx->hdr.type == LOOMNET_T_MSG &&
		    time_before(jiffies, tx->deadline)) {
			if (tx->sent)
				tx->hdr.flags |= cpu_to_le16(flag);
			tx->off = 0;
			tx->sent = false;
			if (!loomnet_send_tx(pn, &tx->dst, tx, NULL,
					     LOOMNET_Q_RESEND)) {
				if (conn->peer)
					atomic64_inc(&conn->peer->stats.resends);
				continue;
			}
			if (conn->peer)
				atomic64_inc(&conn->peer->stats.drops);
		}
		kfree(tx);
	}
	loomnet_conn_put(conn);		/* conn_fail's */
	loomnet_conn_put(conn);		/* the list's */
}

/**
 * loomnet_conn_queue() - queue a frame on a connection
 * @conn: the connection
 * @tx: the frame; owned by @conn on success
 * @limit: apply the queue limits (not for replies the protocol owes)
 *
 * May be called with pn->md_lock held.
 *
 * Return: 0, -ECONNRESET if @conn is closing, -ENOBUFS if it is full.
 */
int loomnet_conn_queue(struct loomnet_conn *conn, struct loomnet_tx *tx,
		       bool limit)
{
	u64 bytes = tx->hlen + tx->plen + tx->blen;
	bool kick;

	spin_lock(&conn->lock);
	if (conn->closing) {
		spin_unlock(&conn->lock);
		return -ECONNRESET;
	}
	if (limit && (conn->tx_nr >= LOOMNET_TXQ_MAX_MSGS ||
		      conn->tx_bytes + bytes > LOOMNET_TXQ_MAX_BYTES)) {
		spin_unlock(&conn->lock);
		return -ENOBUFS;
	}
	list_add_tail(&tx->list, &conn->txq);
	conn->tx_nr++;
	conn->tx_bytes += bytes;
	kick = conn->connected;
	spin_unlock(&conn->lock);
	if (kick)
		queue_work(loomnet_wq, &conn->tx_work);
	return 0;
}

/**
 * loomnet_conn_queue_resend() - queue a message sent again, first
 * @conn: the connection
 * @tx: the message; owned by @conn on success
 *
 * Goes ahead of the frames queued, after the hello, CREDITs and the
 * messages sent again before it: the receiver then sees a resent message
 * soon after the first copy, while it still remembers that one.  No queue
 * limit: what is resent was queued within the limits before.
 *
 * Return: 0 or -ECONNRESET if @conn is closing.
 */
int loomnet_conn_queue_resend(struct loomnet_conn *conn,
			      struct loomnet_tx *tx)
{
	struct list_head *pos;
	struct loomnet_tx *t;
	bool kick;

	spin_lock(&conn->lock);
	if (conn->closing) {
		spin_unlock(&conn->lock);
		return -ECONNRESET;
	}
	pos = &conn->txq;
	list_for_each_entry(t, &conn->txq, list) {
		if (t->hlen == sizeof(t->hdr) && !t->resent &&
		    t->hdr.type != LOOMNET_T_CREDIT)
			break;
		pos = &t->list;
	}
	tx->resent = true;
	list_add(&tx->list, pos);
	conn->tx_nr++;
	conn->tx_bytes += tx->hlen + tx->plen + tx->blen;
	kick = conn->connected;
	spin_unlock(&conn->lock);
	if (kick)
		queue_work(loomnet_wq, &conn->tx_work);
	return 0;
}

/**
 * loomnet_conn_tx_forget() - stop sending an MD's pages
 * @conn: the connection the MD is queued on
 * @md: the MD
 *
 * Called with pn->md_lock held, and either conn->tx_mutex held or tx_work
 * cancelled.  A frame not started yet is dropped; a frame half sent leaves
 * the stream unusable.
 *
 * Return: true if @conn must be failed.
 */
bool loomnet_conn_tx_forget(struct loomnet_conn *conn, struct loomnet_md *md)
{
	struct loomnet_tx *tx, *tmp;
	bool broken = false;

	spin_lock(&conn->lock);
	if (conn->tx_cur && conn->tx_cur->md == md) {
		conn->tx_cur->md = NULL;
		broken = true;
	}
	list_for_each_entry_safe(tx, tmp, &conn->txq, list) {
		if (tx->md != md)
			continue;
		list_del(&tx->list);
		conn->tx_nr--;
		conn->tx_bytes -= tx->hlen + tx->plen + tx->blen;
		kfree(tx);
	}
	spin_unlock(&conn->lock);
	return broken;
}

/**
 * loomnet_conn_tx_md() - an MD still referenced by a queued frame
 * @conn: the connection; pn->md_lock held
 *
 * Return: the MD or NULL.
 */
struct loomnet_md *loomnet_conn_tx_md(struct loomnet_conn *conn)
{
	struct loomnet_md *md = NULL;
	struct loomnet_tx *tx;

	spin_lock(&conn->lock);
	if (conn->tx_cur && conn->tx_cur->md)
		md = conn->tx_cur->md;
	list_for_each_entry(tx, &conn->txq, list)
		if (!md && tx->md)
			md = tx->md;
	spin_unlock(&conn->lock);
	return md;
}

static int loomnet_tx_send(struct loomnet_conn *conn, struct loomnet_tx *tx)
{
	u32 head = tx->hlen + tx->plen;
	u32 total = head + tx->blen;
	int ret;

	while (tx->off < total) {
		struct msghdr msg = {
			.msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL,
		};
		struct kvec kv[2];
		int n = 0;

		if (tx->off < head) {
			if (tx->off < tx->hlen) {
				kv[n].iov_base = (u8 *)&tx->hdr + tx->off;
				kv[n++].iov_len = tx->hlen - tx->off;
			}
			if (tx->plen) {
				u32 poff = max(tx->off, tx->hlen) - tx->hlen;

				kv[n].iov_base = (u8 *)tx->payload + poff;
				kv[n++].iov_len = tx->plen - poff;
			}
			iov_iter_kvec(&msg.msg_iter, ITER_SOURCE, kv, n,
				      head - tx->off);
			if (tx->blen)
				msg.msg_flags |= MSG_MORE;
		} else {
			if (!tx->md)
				return -ECANCELED;
			iov_iter_bvec(&msg.msg_iter, ITER_SOURCE, tx->md->bvec,
				      tx->md->nr_bvec, tx->md->length);
			iov_iter_advance(&msg.msg_iter, tx->off - head);
			iov_iter_truncate(&msg.msg_iter, total - tx->off);
			if (tx->splice)
				msg.msg_flags |= MSG_SPLICE_PAGES;
		}
		ret = sock_sendmsg(conn->sock, &msg);
		if (ret < 0)
			return ret;
		tx->off += ret;
	}
	return 0;
}

static void loomnet_tx_done(struct loomnet_conn *conn, struct loomnet_tx *tx)
{
	struct loomnet_pn *pn = conn->pn;
	struct loomnet_completing c;
	struct loomnet_md *md;
	u32 bytes = tx->hlen + tx->plen + tx->blen;
	bool keep = conn->msg_once && tx->hlen == sizeof(tx->hdr) &&
		    tx->hdr.type == LOOMNET_T_MSG;
	bool md_complete = tx->md_complete;

	/*
	 * Read tx->md before a kept message goes on @unacked: from then on
	 * the peer's CREDIT (loomnet_conn_add_credits()) or a failure of
	 * the connection may free @tx.  tx->md is stable: tx_mutex is held,
	 * which loomnet_conn_tx_forget() needs to clear it.
	 */
	md = tx->md;

	spin_lock(&conn->lock);
	conn->tx_cur = NULL;
	conn->tx_nr--;
	conn->tx_bytes -= bytes;
	/* A message is kept until the peer's credits cover it. */
	if (keep && tx->seq >= conn->tx_acked) {
		list_add_tail(&tx->list, &conn->unacked);
		conn->unacked_nr++;
	} else {
		keep = false;
	}
	spin_unlock(&conn->lock);
	if (conn->peer)
		loomnet_stats_add(&conn->peer->stats, true, bytes);
	loomnet_stats_add(&conn->ni->stats, true, bytes);

	spin_lock(&pn->md_lock);
	if (md) {
		md->lmd_flags &= ~LMD_TX;
		if (md_complete) {
			loomnet_md_claim_locked(pn, md, &c);
			loomnet_done_add_locked(pn, &md->lmd_node,
						md->lmd_cookie, LOOMNET_T_GET,
						0, md->length);
		} else {
			md = NULL;
		}
	}
	spin_unlock(&pn->md_lock);
	if (!keep)
		kfree(tx);
	if (md) {
		mutex_unlock(&conn->tx_mutex);
		loomnet_md_finish(pn, &c, 0, md->length);
		mutex_lock(&conn->tx_mutex);
	}
}

/* Frames the peer's receive window counts: all but hellos and CREDITs. */
static bool loomnet_tx_counted(const struct loomnet_tx *tx)
{
	return tx->hlen == sizeof(tx->hdr) && tx->hdr.type != LOOMNET_T_CREDIT;
}

/**
 * loomnet_conn_add_credits() - the peer returned receive credits
 * @conn: the connection
 * @n: credits returned
 */
void loomnet_conn_add_credits(struct loomnet_conn *conn, u32 n)
{
	struct loomnet_tx *tx, *tmp;
	LIST_HEAD(done);

	spin_lock(&conn->lock);
	conn->tx_credits = min(conn->tx_credits + n, LOOMNET_MAX_CREDITS);
	/* They cover the next @n frames sent: those messages arrived. */
	conn->tx_acked += n;
	list_for_each_entry_safe(tx, tmp, &conn->unacked, list) {
		if (tx->seq >= conn->tx_acked)
			break;
		list_move_tail(&tx->list, &done);
		conn->unacked_nr--;
	}
	spin_unlock(&conn->lock);
	queue_work(loomnet_wq, &conn->tx_work);
	list_for_each_entry_safe(tx, tmp, &done, list)
		kfree(tx);
}

/**
 * loomnet_conn_credit() - account a received frame, return credits
 * @conn: the connection; rx_mutex held
 *
 * Every half window (what our hello granted) of frames received, a
 * CREDIT frame returns them to the peer, ahead of the frames queued
 * (after our hello).
 */
void loomnet_conn_credit(struct loomnet_conn *conn)
{
	if (++conn->rx_done < max(conn->rx_window / 2, 1U))
		return;
	loomnet_conn_credit_flush(conn);
}

/**
 * loomnet_conn_credit_flush() - return the credits owed to the peer now
 * @conn: the connection; rx_mutex held
 *
 * The CREDIT frame goes ahead of the frames queued (after our hello).
 */
void loomnet_conn_credit_flush(struct loomnet_conn *conn)
{
	struct loomnet_tx *tx, *first;
	struct list_head *pos;
	bool kick;

	if (!conn->rx_done)
		return;
	tx = loomnet_tx_alloc(LOOMNET_T_CREDIT, 0, GFP_NOFS);
	if (!tx)
		return;		/* with the next frame */
	tx->hdr.mlength = cpu_to_le32(conn->rx_done);
	spin_lock(&conn->lock);
	if (conn->closing) {
		spin_unlock(&conn->lock);
		kfree(tx);
		return;
	}
	pos = &conn->txq;
	first = list_first_entry_or_null(&conn->txq, struct loomnet_tx, list);
	if (first && first->hlen != sizeof(first->hdr))
		pos = &first->list;	/* the hello goes first */
	list_add(&tx->list, pos);
	conn->tx_nr++;
	conn->tx_bytes += tx->hlen;
	kick = conn->connected;
	spin_unlock(&conn->lock);
	conn->rx_done = 0;
	if (kick)
		queue_work(loomnet_wq, &conn->tx_work);
}

static void loomnet_tx_work(struct work_struct *work)
{
	struct loomnet_conn *conn = container_of(work, struct loomnet_conn,
						 tx_work);
	struct loomnet_tx *tx;
	int ret;

	mutex_lock(&conn->tx_mutex);
	for (;;) {
		spin_lock(&conn->lock);
		if (conn->closing || !conn->connected) {
			spin_unlock(&conn->lock);
			break;
		}
		tx = conn->tx_cur;
		if (!tx && !list_empty(&conn->txq)) {
			tx = list_first_entry(&conn->txq, struct loomnet_tx,
					      list);
			if (loomnet_tx_counted(tx)) {
				/* No credit: wait for the peer's CREDIT. */
				if (!conn->tx_credits) {
					tx = NULL;
				} else {
					conn->tx_credits--;
					tx->seq = conn->tx_seq++;
					tx->sent = true;
				}
			}
			if (tx) {
				list_del(&tx->list);
				conn->tx_cur = tx;
			}
		}
		spin_unlock(&conn->lock);
		if (!tx)
			break;
		ret = loomnet_tx_send(conn, tx);
		if (ret == -EAGAIN)
			break;
		if (ret) {
			loomnet_conn_fail(conn, ret);
			break;
		}
		loomnet_tx_done(conn, tx);
	}
	mutex_unlock(&conn->tx_mutex);
}

static int loomnet_conn_recv(struct loomnet_conn *conn)
{
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };
	int ret;

	msg.msg_iter = conn->rx_iter;
	ret = sock_recvmsg(conn->sock, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
	if (ret > 0)
		conn->rx_iter = msg.msg_iter;
	return ret;
}

/**
 * loomnet_local_nids_locked() - the local NIs a hello lists
 * @pn: the namespace; pn->lock held
 * @src: the NI of the connection
 * @nids: room for %LOOMNET_HELLO_MAX_NIDS NIDs
 *
 * Return: the number of NIs on @src's network and family, @src included.
 */
static unsigned int loomnet_local_nids_locked(struct loomnet_pn *pn,
					      const struct loomnet_nid *src,
					      struct loomnet_nid *nids)
{
	struct loomnet_ni *ni;
	unsigned int n = 0;
	bool has_src = false;

	list_for_each_entry(ni, &pn->nis, list) {
		if (ni->nid.family != src->family || ni->nid.net != src->net)
			continue;
		if (loomnet_nid_equal(&ni->nid, src))
			has_src = true;
		else if (n == LOOMNET_HELLO_MAX_NIDS - 1 && !has_src)
			continue;
		if (n < LOOMNET_HELLO_MAX_NIDS)
			nids[n++] = ni->nid;
	}
	if (!has_src) {
		/* @src is being removed: list it anyway, the peer checks. */
		if (n == LOOMNET_HELLO_MAX_NIDS)
			n--;
		nids[n++] = *src;
	}
	return n;
}

static struct loomnet_peer *loomnet_peer_alloc(const struct loomnet_nid *nid)
{
	struct loomnet_peer *peer = kzalloc_obj(*peer, GFP_NOFS);

	if (peer) {
		peer->nid = *nid;
		peer->node = *nid;
		atomic_set(&peer->health, LOOMNET_HEALTH_MAX);
	}
	return peer;
}

static void loomnet_peer_insert_locked(struct loomnet_pn *pn,
				       struct loomnet_peer *peer)
{
	hash_add(pn->peers, &peer->hash, loomnet_nid_hash(&peer->nid));
	pn->nr_peers++;
}

/**
 * loomnet_peer_is_locked() - whether a NID names a peer NI's node
 * @peer: the peer NI; pn->lock held
 * @nid: the NID
 *
 * Return: true if @nid is @peer's NID, its node's primary NID or one of
 * its node's rails.
 */
bool loomnet_peer_is_locked(struct loomnet_peer *peer,
			    const struct loomnet_nid *nid)
{
	unsigned int i;

	if (loomnet_nid_equal(&peer->nid, nid) ||
	    loomnet_nid_equal(&peer->node, nid))
		return true;
	for (i = 0; i < peer->nr_rails; i++)
		if (loomnet_nid_equal(&peer->rails[i], nid))
			return true;
	return false;
}

/*
 * A hello told the rails of a node: every rail gets a peer NI, all of them
 * knowing the others, and whether the node takes bulk connections.
 * @newpeers holds one preallocated peer per rail; those used are set to
 * NULL.
 */
static void loomnet_peer_rails_locked(struct loomnet_pn *pn,
				      const struct loomnet_nid *nids,
				      unsigned int nr, bool roles,
				      struct loomnet_peer **newpeers)
{
	struct loomnet_peer *peer;
	unsigned int i;

	for (i = 0; i < nr; i++) {
		peer = loomnet_peer_find_locked(pn, &nids[i]);
		if (!peer && newpeers[i]) {
			peer = newpeers[i];
			newpeers[i] = NULL;
			loomnet_peer_insert_locked(pn, peer);
		}
		if (!peer)
			continue;
		peer->node = nids[0];
		memcpy(peer->rails, nids, nr * sizeof(*nids));
		peer->nr_rails = nr;
		peer->roles = roles;
	}
}

static int loomnet_conn_hello_done(struct loomnet_conn *conn)
{
	struct loomnet_pn *pn = conn->pn;
	struct loomnet_peer *newpeers[LOOMNET_HELLO_MAX_NIDS] = { };
	struct loomnet_peer *peer, *newpeer = NULL;
	struct loomnet_nid src, nids[LOOMNET_HELLO_MAX_NIDS];
	struct loomnet_tx *tx = NULL;
	unsigned int i, nr, role;
	u64 features;
	u32 credits;
	int ret;

	ret = loomnet_rx_hello(conn, &src, nids, &nr, &credits);
	if (ret)
		return ret;
	role = loomnet_wire_hello_role(&conn->rx_buf.hello, &features);
	if (conn->outgoing && role != conn->role)
		return -EPROTO;
	conn->role = role;
	for (i = 0; i < nr; i++) {
		newpeers[i] = loomnet_peer_alloc(&nids[i]);
		if (!newpeers[i]) {
			ret = -ENOMEM;
			goto out;
		}
	}
	if (!conn->outgoing) {
		struct loomnet_nid mine[LOOMNET_HELLO_MAX_NIDS];
		unsigned int nmine;

		tx = loomnet_tx_alloc(0, 0, GFP_NOFS);
		newpeer = loomnet_peer_alloc(&src);
		if (!tx || !newpeer) {
			kfree(tx);
			ret = -ENOMEM;
			goto out;
		}
		spin_lock(&pn->lock);
		nmine = loomnet_local_nids_locked(pn, &conn->ni->nid, mine);
		spin_unlock(&pn->lock);
		loomnet_tx_set_hello(tx, &conn->ni->nid, &src, mine, nmine,
				     conn->role);
		conn->rx_window = le16_to_cpu(tx->hello.credits);
		/* Our hello must be the first frame out. */
		ret = loomnet_conn_queue(conn, tx, false);
		if (ret) {
			kfree(tx);
			goto out;
		}
	}

	spin_lock(&pn->lock);
	if (!conn->outgoing) {
		peer = loomnet_peer_find_locked(pn, &src);
		if (!peer) {
			peer = newpeer;
			newpeer = NULL;
			loomnet_peer_insert_locked(pn, peer);
		}
		conn->peer = peer;
		conn->remote = src;
		peer->nr_conns++;
		if (!peer->conns[role] && !pn->shutdown)
			peer->conns[role] = conn;
	}
	conn->peer->roles = features & LOOMNET_FEATURE_ROLES;
	conn->peer->msg_once = features & LOOMNET_FEATURE_MSG_ONCE;
	conn->msg_once = conn->peer->msg_once;
	loomnet_peer_rails_locked(pn, nids, nr, conn->peer->roles, newpeers);
	conn->up = true;
	conn->peer->backoff_ms = 0;
	atomic_set(&conn->peer->health, LOOMNET_HEALTH_MAX);
	if (conn->ni->up)
		atomic_set(&conn->ni->health, LOOMNET_HEALTH_MAX);
	spin_unlock(&pn->lock);
	spin_lock(&conn->lock);
	conn->tx_credits = credits;
	conn->connected = true;
	spin_unlock(&conn->lock);
	queue_work(loomnet_wq, &conn->tx_work);
	loomnet_conn_expect_hdr(conn);
out:
	kfree(newpeer);
	for (i = 0; i < nr; i++)
		kfree(newpeers[i]);
	return ret;
}

static int loomnet_rx_step(struct loomnet_conn *conn)
{
	switch (conn->rx_state) {
	case LOOMNET_RX_HELLO:
		return loomnet_conn_hello_done(conn);
	case LOOMNET_RX_HDR:
		return loomnet_rx_hdr(conn);
	case LOOMNET_RX_MSG:
		loomnet_rx_deliver(conn);
		return 0;
	case LOOMNET_RX_BULK:
		loomnet_rx_bulk_done(conn);
		return 0;
	}
	return -EPROTO;
}

static void loomnet_conn_warn(struct loomnet_conn *conn, int err)
{
	struct sockaddr_storage ss;
	char nid[LOOMNET_NIDSTR_SIZE];

	if (conn->up || conn->outgoing) {
		loomnet_nid_format(&conn->remote, nid, sizeof(nid));
		pr_warn_ratelimited("loomnet: closing connection to %s: protocol error %d\n",
				    nid, err);
	} else if (kernel_getpeername(conn->sock,
				      (struct sockaddr *)&ss) >= 0) {
		pr_warn_ratelimited("loomnet: closing connection from unknown peer %pISpc: protocol error %d\n",
				    &ss, err);
	}
}

static void loomnet_rx_work(struct work_struct *work)
{
	struct loomnet_conn *conn = container_of(work, struct loomnet_conn,
						 rx_work);
	int ret = 0;

	mutex_lock(&conn->rx_mutex);
	while (!READ_ONCE(conn->closing)) {
		if (iov_iter_count(&conn->rx_iter)) {
			ret = loomnet_conn_recv(conn);
			if (ret == -EAGAIN) {
				/* Idle: credits owed go back soon, not never. */
				if (conn->rx_done && conn->msg_once)
					queue_delayed_work(loomnet_wq,
							   &conn->credit_work,
							   LOOMNET_CREDIT_DELAY);
				ret = 0;
				break;
			}
			if (ret <= 0) {
				ret = ret ?: -ECONNRESET;
				break;
			}
			ret = 0;
			continue;
		}
		ret = loomnet_rx_step(conn);
		if (ret) {
			loomnet_conn_warn(conn, ret);
			break;
		}
	}
	mutex_unlock(&conn->rx_mutex);
	if (ret)
		loomnet_conn_fail(conn, ret);
}

/*
 * Credits owed on a connection gone idle: returned so that the peer can
 * forget the messages they cover (and no resend outlives the receiver's
 * record of delivered messages).
 */
static void loomnet_credit_work(struct work_struct *work)
{
	struct loomnet_conn *conn = container_of(to_delayed_work(work),
						 struct loomnet_conn,
						 credit_work);

	mutex_lock(&conn->rx_mutex);
	if (!READ_ONCE(conn->closing) && conn->rx_state != LOOMNET_RX_HELLO)
		loomnet_conn_credit_flush(conn);
	mutex_unlock(&conn->rx_mutex);
}

static void loomnet_connect_work(struct work_struct *work)
{
	struct loomnet_conn *conn = container_of(to_delayed_work(work),
						 struct loomnet_conn,
						 connect_work);
	struct loomnet_pn *pn = conn->pn;
	struct sockaddr_storage ss;
	struct socket *sock;
	int family, len, ret;

	family = conn->remote.family == LOOMNET_AF_INET6 ? AF_INET6 : AF_INET;
	ret = sock_create_kern(pn->net, family, SOCK_STREAM, IPPROTO_TCP,
			       &sock);
	if (ret)
		goto fail;
	loomnet_sock_setup(sock);
	spin_lock(&conn->lock);
	if (conn->closing) {
		spin_unlock(&conn->lock);
		sock_release(sock);
		return;
	}
	conn->sock = sock;
	spin_unlock(&conn->lock);

	loomnet_nid_to_sockaddr(&conn->ni->nid, 0, &ss, &len);
	ret = kernel_bind(sock, loomnet_sa(&ss), len);
	if (ret)
		goto fail;
	sock->sk->sk_sndtimeo = LOOMNET_CONNECT_TIMEOUT;
	loomnet_nid_to_sockaddr(&conn->remote, loomnet_port, &ss, &len);
	ret = kernel_connect(sock, loomnet_sa(&ss), len, 0);
	if (ret)
		goto fail;
	sock->sk->sk_sndtimeo = MAX_SCHEDULE_TIMEOUT;
	loomnet_conn_set_callbacks(conn);
	spin_lock(&conn->lock);
	conn->connected = true;
	spin_unlock(&conn->lock);
	queue_work(loomnet_wq, &conn->rx_work);
	queue_work(loomnet_wq, &conn->tx_work);
	return;
fail:
	loomnet_conn_fail(conn, ret);
}

static struct loomnet_conn *loomnet_conn_alloc(struct loomnet_pn *pn)
{
	struct loomnet_conn *conn;

	conn = kzalloc_obj(*conn, GFP_NOFS);
	if (!conn)
		return NULL;
	kref_init(&conn->ref);
	conn->pn = pn;
	spin_lock_init(&conn->lock);
	INIT_LIST_HEAD(&conn->txq);
	INIT_LIST_HEAD(&conn->ops);
	INIT_LIST_HEAD(&conn->unacked);
	mutex_init(&conn->rx_mutex);
	mutex_init(&conn->tx_mutex);
	INIT_WORK(&conn->rx_work, loomnet_rx_work);
	INIT_WORK(&conn->tx_work, loomnet_tx_work);
	INIT_WORK(&conn->close_work, loomnet_close_work);
	INIT_DELAYED_WORK(&conn->connect_work, loomnet_connect_work);
	INIT_DELAYED_WORK(&conn->credit_work, loomnet_credit_work);
	conn->rx_state = LOOMNET_RX_HELLO;
	loomnet_rx_expect(conn, &conn->rx_buf.hello,
			  sizeof(conn->rx_buf.hello));
	return conn;
}

/* Link a new connection to its NI and the namespace; pn->lock held. */
static void loomnet_conn_link(struct loomnet_pn *pn, struct loomnet_conn *conn,
			      struct loomnet_ni *ni)
{
	lockdep_assert_held(&pn->lock);
	kref_get(&ni->ref);
	conn->ni = ni;
	list_add_tail(&conn->list, &pn->conns);
	pn->nr_conns++;
}

/**
 * loomnet_peer_find_locked() - look a peer up
 * @pn: the namespace; pn->lock held
 * @nid: its NID
 *
 * Return: the peer or NULL.
 */
struct loomnet_peer *loomnet_peer_find_locked(struct loomnet_pn *pn,
					      const struct loomnet_nid *nid)
{
	struct loomnet_peer *peer;

	hash_for_each_possible(pn->peers, peer, hash, loomnet_nid_hash(nid))
		if (loomnet_nid_equal(&peer->nid, nid))
			return peer;
	return NULL;
}

/*
 * Multi-rail: the rail of @peer's node to send on next, with the local NI
 * to send from in *@nip.  Prefers the healthiest (local NI, peer NI) pair,
 * then the least bytes queued, round robin among equals.  Falls back to
 * @peer itself (*@nip NULL) if its node has a single known rail.
 */
static struct loomnet_peer *loomnet_path_select_locked(struct loomnet_pn *pn,
						       struct loomnet_peer *peer,
						       struct loomnet_ni **nip)
{
	struct loomnet_peer *p, *best = NULL;
	struct loomnet_ni *ni, *best_ni = NULL;
	unsigned int i, r, n = peer->nr_rails, start;
	long score, best_score = 0;
	u64 queued, best_queued = 0;

	*nip = NULL;
	if (n < 2)
		return peer;
	start = peer->rr++;
	for (i = 0; i < n; i++) {
		p = loomnet_peer_find_locked(pn, &peer->rails[(start + i) % n]);
		if (!p)
			continue;
		ni = loomnet_ni_route(pn, &p->nid);
		if (!ni)
			continue;
		score = atomic_read(&p->health) + atomic_read(&ni->health);
		if (!ni->up)
			score -= 2 * LOOMNET_HEALTH_MAX;
		queued = 0;
		for (r = 0; r < LOOMNET_NR_ROLES; r++)
			if (p->conns[r])
				queued += READ_ONCE(p->conns[r]->tx_bytes);
		if (best && (score < best_score ||
			     (score == best_score && queued >= best_queued)))
			continue;
		best = p;
		best_ni = ni;
		best_score = score;
		best_queued = queued;
	}
	if (!best)
		return peer;
	*nip = best_ni;
	return best;
}

/**
 * loomnet_conn_get_peer() - the connection to send to a NID on
 * @pn: the namespace
 * @dst: the remote NID
 * @peerp: if not NULL, set to the peer NI chosen
 * @direct: to @dst itself, not to another rail of its node
 * @role: the &enum loomnet_role of what is to be sent
 *
 * Creates the peer and starts connecting if needed, after the peer's
 * backoff delay if its last connection attempt failed.  Unless @direct,
 * the connection may lead to another rail of @dst's node (multi-rail).
 * Bulk goes on the control connection to a peer NI not known (from a
 * hello) to take bulk connections, or with the bulk_conns parameter off.
 *
 * Return: a counted connection, or ERR_PTR(-EHOSTUNREACH, -ESHUTDOWN,
 * -ENOMEM).
 */
struct loomnet_conn *loomnet_conn_get_peer(struct loomnet_pn *pn,
					   const struct loomnet_nid *dst,
					   struct loomnet_peer **peerp,
					   bool direct, unsigned int role)
{
	struct loomnet_peer *peer, *newpeer = NULL;
	struct loomnet_conn *conn, *newconn = NULL;
	struct loomnet_nid nids[LOOMNET_HELLO_MAX_NIDS];
	struct loomnet_tx *hello = NULL;
	struct loomnet_ni *ni;
	unsigned long delay = 0;
	unsigned int nr;

again:
	spin_lock(&pn->lock);
	if (pn->shutdown) {
		conn = ERR_PTR(-ESHUTDOWN);
		goto out;
	}
	peer = loomnet_peer_find_locked(pn, dst);
	if (!peer && newpeer) {
		peer = newpeer;
		newpeer = NULL;
		loomnet_peer_insert_locked(pn, peer);
	}
	if (!peer) {
		spin_unlock(&pn->lock);
		newpeer = loomnet_peer_alloc(dst);
		if (!newpeer) {
			conn = ERR_PTR(-ENOMEM);
			goto out_unlocked;
		}
		goto again;
	}
	ni = NULL;
	if (!direct)
		peer = loomnet_path_select_locked(pn, peer, &ni);
	if (!ni)
		ni = loomnet_ni_route(pn, &peer->nid);
	if (!ni) {
		conn = ERR_PTR(-EHOSTUNREACH);
		goto out;
	}
	if (!peer->roles || !READ_ONCE(loomnet_bulk_conns))
		role = LOOMNET_ROLE_CTRL;
	if (peer->conns[role]) {
		conn = peer->conns[role];
		kref_get(&conn->ref);
		goto out;
	}
	if (!newconn || !hello) {
		spin_unlock(&pn->lock);
		if (!newconn)
			newconn = loomnet_conn_alloc(pn);
		if (!hello)
			hello = loomnet_tx_alloc(0, 0, GFP_NOFS);
		if (!newconn || !hello) {
			conn = ERR_PTR(-ENOMEM);
			goto out_unlocked;
		}
		goto again;
	}

	conn = newconn;
	newconn = NULL;
	loomnet_conn_link(pn, conn, ni);
	conn->outgoing = true;
	conn->role = role;
	conn->remote = peer->nid;
	conn->peer = peer;
	peer->conns[role] = conn;
	peer->nr_conns++;
	/* The hello goes first; tx_work does not run before connecting. */
	nr = loomnet_local_nids_locked(pn, &ni->nid, nids);
	loomnet_tx_set_hello(hello, &ni->nid, &peer->nid, nids, nr, role);
	conn->rx_window = le16_to_cpu(hello->hello.credits);
	list_add_tail(&hello->list, &conn->txq);
	conn->tx_nr++;
	conn->tx_bytes += hello->hlen;
	hello = NULL;
	kref_get(&conn->ref);
	if (time_before(jiffies, peer->retry_at))
		delay = peer->retry_at - jiffies;
	queue_delayed_work(loomnet_wq, &conn->connect_work, delay);
out:
	if (peerp && !IS_ERR(conn))
		*peerp = peer;
	spin_unlock(&pn->lock);
out_unlocked:
	kfree(newpeer);
	kfree(newconn);
	kfree(hello);
	return conn;
}

/**
 * loomnet_conn_fail_ifindex() - fail the connections of NIs on a device
 * @pn: the namespace
 * @ifindex: the device, whose link went down
 */
void loomnet_conn_fail_ifindex(struct loomnet_pn *pn, int ifindex)
{
	struct loomnet_conn *conn, *found;

	for (;;) {
		found = NULL;
		spin_lock(&pn->lock);
		list_for_each_entry(conn, &pn->conns, list) {
			if (conn->ni->ifindex != ifindex ||
			    READ_ONCE(conn->closing))
				continue;
			found = conn;
			kref_get(&conn->ref);
			break;
		}
		spin_unlock(&pn->lock);
		if (!found)
			break;
		loomnet_conn_fail(found, -ENETDOWN);
		loomnet_conn_put(found);
	}
}

/* Ping a peer NI, connecting to it, to learn whether it is back. */
static void loomnet_health_ping(struct loomnet_pn *pn,
				const struct loomnet_nid *nid)
{
	struct loomnet_conn *conn;
	struct loomnet_tx *tx;

	tx = loomnet_tx_alloc(LOOMNET_T_PING, 0, GFP_KERNEL);
	if (!tx)
		return;
	conn = loomnet_conn_get_peer(pn, nid, NULL, true, LOOMNET_ROLE_CTRL);
	if (IS_ERR(conn)) {
		kfree(tx);
		return;
	}
	if (loomnet_conn_queue(conn, tx, true))
		kfree(tx);
	loomnet_conn_put(conn);
}

/* Connections the keepalive scan acts on in one pass, at most. */
#define LOOMNET_KA_BATCH	16

static void loomnet_conn_timed_out(struct loomnet_conn *conn,
				   unsigned int secs)
{
	char nid[LOOMNET_NIDSTR_SIZE] = "an unknown peer";

	if (conn->up || conn->outgoing)
		loomnet_nid_format(&conn->remote, nid, sizeof(nid));
	pr_warn_ratelimited("loomnet: nothing received from %s for %us: closing the connection\n",
			    nid, secs);
	loomnet_conn_fail(conn, -ETIMEDOUT);
}

/*
 * The keepalive scan, every %LOOMNET_HEALTH_INTERVAL: a connection on
 * which nothing arrived for keepalive_timeout seconds is closed (the peer
 * NI loses health, the resend machinery moves its traffic); one idle for
 * a third of that sends a PING (cookie 0, answered by a PONG nobody
 * waits for) so that an idle but live peer is heard from.
 */
static void loomnet_conn_keepalive(struct loomnet_pn *pn)
{
	unsigned int secs = min(READ_ONCE(loomnet_keepalive_timeout), 86400U);
	struct loomnet_conn *dead[LOOMNET_KA_BATCH], *idle[LOOMNET_KA_BATCH];
	unsigned int nd = 0, nk = 0, i;
	unsigned long timeout = secs * HZ, last, now = jiffies;
	struct loomnet_conn *conn;
	struct loomnet_tx *tx;

	if (!timeout)
		return;
	spin_lock(&pn->lock);
	list_for_each_entry(conn, &pn->conns, list) {
		last = READ_ONCE(conn->rx_last);
		if (!last || READ_ONCE(conn->closing))
			continue;
		if (time_after_eq(now, last + timeout)) {
			if (nd < LOOMNET_KA_BATCH) {
				kref_get(&conn->ref);
				dead[nd++] = conn;
			}
		} else if (conn->up && nk < LOOMNET_KA_BATCH &&
			   time_after_eq(now, last + timeout / 3) &&
			   time_after_eq(now, conn->ka_sent + timeout / 3)) {
			conn->ka_sent = now;
			kref_get(&conn->ref);
			idle[nk++] = conn;
		}
	}
	spin_unlock(&pn->lock);
	for (i = 0; i < nd; i++) {
		loomnet_conn_timed_out(dead[i], secs);
		loomnet_conn_put(dead[i]);
	}
	for (i = 0; i < nk; i++) {
		tx = loomnet_tx_alloc(LOOMNET_T_PING, 0, GFP_KERNEL);
		if (tx && loomnet_conn_queue(idle[i], tx, true))
			kfree(tx);
		loomnet_conn_put(idle[i]);
	}
}

/**
 * loomnet_health_work() - recovery pings of unhealthy peer NIs
 * @work: pn->health_work
 *
 * Every %LOOMNET_HEALTH_INTERVAL, runs the keepalive scan, and each
 * unhealthy peer NI without a connection and past its backoff gets a
 * ping; the connection's hello (or the pong) makes it healthy again.
 */
void loomnet_health_work(struct work_struct *work)
{
	struct loomnet_pn *pn = container_of(to_delayed_work(work),
					     struct loomnet_pn, health_work);
	struct loomnet_nid nids[8];
	struct loomnet_peer *peer;
	unsigned int n = 0, i;
	int bkt;

	loomnet_conn_keepalive(pn);
	spin_lock(&pn->lock);
	if (pn->shutdown) {
		spin_unlock(&pn->lock);
		return;
	}
	hash_for_each(pn->peers, bkt, peer, hash) {
		if (n == ARRAY_SIZE(nids))
			break;
		if (atomic_read(&peer->health) < LOOMNET_HEALTH_MAX &&
		    !peer->conns[LOOMNET_ROLE_CTRL] &&
		    !time_before(jiffies, peer->retry_at) &&
		    loomnet_ni_route(pn, &peer->nid))
			nids[n++] = peer->nid;
	}
	spin_unlock(&pn->lock);
	for (i = 0; i < n; i++)
		loomnet_health_ping(pn, &nids[i]);
	queue_delayed_work(loomnet_wq, &pn->health_work,
			   LOOMNET_HEALTH_INTERVAL);
}

/**
 * loomnet_conn_close_all() - close the connections of an NI
 * @pn: the namespace
 * @ni: the NI, or NULL for all connections
 */
void loomnet_conn_close_all(struct loomnet_pn *pn, struct loomnet_ni *ni)
{
	struct loomnet_conn *conn, *found;

	for (;;) {
		found = NULL;
		spin_lock(&pn->lock);
		list_for_each_entry(conn, &pn->conns, list) {
			if (ni && conn->ni != ni)
				continue;
			if (READ_ONCE(conn->closing))
				continue;
			found = conn;
			kref_get(&conn->ref);
			break;
		}
		spin_unlock(&pn->lock);
		if (!found)
			break;
		loomnet_conn_fail(found, 0);
		loomnet_conn_put(found);
	}
}

static void loomnet_accept_work(struct work_struct *work)
{
	struct loomnet_ni *ni = container_of(work, struct loomnet_ni,
					     accept_work);
	struct loomnet_pn *pn = ni->pn;
	struct loomnet_conn *conn;
	struct socket *sock;
	int ret;

	for (;;) {
		ret = kernel_accept(ni->lsock, &sock, O_NONBLOCK);
		if (ret) {
			if (ret != -EAGAIN)
				pr_warn_ratelimited("loomnet: accept: %d\n",
						    ret);
			break;
		}
		conn = loomnet_conn_alloc(pn);
		if (!conn) {
			sock_release(sock);
			continue;
		}
		loomnet_sock_setup(sock);
		conn->sock = sock;
		/* The child inherited the listener's callbacks. */
		conn->orig_data_ready = ni->orig_data_ready;
		conn->orig_write_space = ni->orig_write_space;
		conn->orig_state_change = ni->orig_state_change;
		spin_lock(&pn->lock);
		loomnet_conn_link(pn, conn, ni);
		spin_unlock(&pn->lock);
		loomnet_conn_set_callbacks(conn);
		queue_work(loomnet_wq, &conn->rx_work);
	}
}

static void loomnet_listen_data_ready(struct sock *sk)
{
	struct loomnet_ni *ni;

	read_lock_bh(&sk->sk_callback_lock);
	ni = sk->sk_user_data;
	if (ni && sk->sk_state == TCP_LISTEN)
		queue_work(loomnet_wq, &ni->accept_work);
	read_unlock_bh(&sk->sk_callback_lock);
}

/**
 * loomnet_listen() - start listening on an NI's address
 * @ni: the NI, not yet visible
 *
 * Return: 0 or a negative errno from the socket layer.
 */
int loomnet_listen(struct loomnet_ni *ni)
{
	struct sockaddr_storage ss;
	struct socket *sock;
	struct sock *sk;
	int family, len, ret;

	family = ni->nid.family == LOOMNET_AF_INET6 ? AF_INET6 : AF_INET;
	ret = sock_create_kern(ni->pn->net, family, SOCK_STREAM, IPPROTO_TCP,
			       &sock);
	if (ret)
		return ret;
	sk = sock->sk;
	sock_set_reuseaddr(sk);
	loomnet_sock_setup(sock);
	loomnet_nid_to_sockaddr(&ni->nid, loomnet_port, &ss, &len);
	ret = kernel_bind(sock, loomnet_sa(&ss), len);
	if (!ret)
		ret = kernel_listen(sock, SOMAXCONN);
	if (ret) {
		sock_release(sock);
		return ret;
	}
	INIT_WORK(&ni->accept_work, loomnet_accept_work);
	ni->lsock = sock;
	write_lock_bh(&sk->sk_callback_lock);
	ni->orig_data_ready = sk->sk_data_ready;
	ni->orig_write_space = sk->sk_write_space;
	ni->orig_state_change = sk->sk_state_change;
	sk->sk_user_data = ni;
	sk->sk_data_ready = loomnet_listen_data_ready;
	write_unlock_bh(&sk->sk_callback_lock);
	queue_work(loomnet_wq, &ni->accept_work);
	return 0;
}

/**
 * loomnet_unlisten() - stop listening on an NI's address
 * @ni: the NI, no longer visible
 */
void loomnet_unlisten(struct loomnet_ni *ni)
{
	struct sock *sk = ni->lsock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = NULL;
	sk->sk_data_ready = ni->orig_data_ready;
	write_unlock_bh(&sk->sk_callback_lock);
	cancel_work_sync(&ni->accept_work);
	sock_release(ni->lsock);
	ni->lsock = NULL;
}

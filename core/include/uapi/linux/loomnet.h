/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * loomnet: the message-passing network layer of the Loom filesystem.
 *
 * User-visible definitions: the binary NID, the generic netlink family
 * used to configure and observe loomnet, and its attributes.
 */
#ifndef _UAPI_LINUX_LOOMNET_H
#define _UAPI_LINUX_LOOMNET_H

#include <linux/types.h>

/* Address families of a NID. */
#define LOOMNET_AF_INET		1
#define LOOMNET_AF_INET6	2

/* Network drivers ("LNDs"). */
#define LOOMNET_LND_TCP		1

/* Longest NID string: "[" 45-char IPv6 "]@tcp" 5-digit net number, NUL. */
#define LOOMNET_NIDSTR_SIZE	64

/* Default TCP port loomnet listens on in every network namespace. */
#define LOOMNET_DEFAULT_PORT	7988

/**
 * struct loomnet_nid - a network identifier: one address on one network
 * @family: %LOOMNET_AF_INET or %LOOMNET_AF_INET6
 * @lnd: network driver, %LOOMNET_LND_TCP
 * @net: network number ("tcp" is 0, "tcp3" is 3)
 * @addr: the address in network byte order; IPv4 uses the first 4 bytes,
 *        the rest is zero
 *
 * The same 20 bytes travel on the wire (with @net little-endian there).
 */
struct loomnet_nid {
	__u8	family;
	__u8	lnd;
	__u16	net;
	__u8	addr[16];
};

/* Generic netlink family. */
#define LOOMNET_GENL_NAME	"loomnet"
#define LOOMNET_GENL_VERSION	1

enum loomnet_cmd {
	LOOMNET_CMD_UNSPEC,
	LOOMNET_CMD_NI_ADD,	/* NID [, IFNAME]: add a local interface */
	LOOMNET_CMD_NI_DEL,	/* NID: remove a local interface */
	LOOMNET_CMD_NI_GET,	/* dump: local interfaces and their stats */
	LOOMNET_CMD_PEER_GET,	/* dump: peers, their connections and stats */
	LOOMNET_CMD_PING,	/* NID [, TIMEOUT_MS]: round trip to a peer */
	LOOMNET_CMD_STATS_GET,	/* totals for this network namespace */
	LOOMNET_CMD_SELFTEST,	/* NID [, SIZE, TIMEOUT_MS]: MSG, PUT, GET;
				 * with COUNT [, PINGS]: bulk bandwidth
				 */
	LOOMNET_CMD_CONN_GET,	/* dump: connections, their role and queue */
	__LOOMNET_CMD_MAX,
};

#define LOOMNET_CMD_MAX (__LOOMNET_CMD_MAX - 1)

enum loomnet_attr {
	LOOMNET_A_UNSPEC,
	LOOMNET_A_NID,		/* string, e.g. "10.0.0.1@tcp" */
	LOOMNET_A_IFNAME,	/* string */
	LOOMNET_A_STATUS,	/* u32: 1 up/healthy, 0 down */
	LOOMNET_A_TIMEOUT_MS,	/* u32 */
	LOOMNET_A_RTT_US,	/* u64 */
	LOOMNET_A_TX_MSGS,	/* u64 */
	LOOMNET_A_RX_MSGS,	/* u64 */
	LOOMNET_A_TX_BYTES,	/* u64 */
	LOOMNET_A_RX_BYTES,	/* u64 */
	LOOMNET_A_ERRORS,	/* u64 */
	LOOMNET_A_DROPS,	/* u64 */
	LOOMNET_A_CREDITS,	/* u32 */
	LOOMNET_A_CONNS,	/* u32: open connections */
	LOOMNET_A_PORT,		/* u32 */
	LOOMNET_A_PAD,
	LOOMNET_A_SIZE,		/* u32: bytes (selftest) */
	LOOMNET_A_COUNT,	/* u32: bulk PUTs (selftest) */
	LOOMNET_A_PINGS,	/* u32: round trips (bulk selftest) */
	LOOMNET_A_BULK_NS,	/* u64: time of the bulk PUTs */
	LOOMNET_A_PING_NS,	/* u64: time of the round trips */
	LOOMNET_A_HEALTH,	/* u32: 0 (failing) to 1000 (healthy) */
	LOOMNET_A_RESENDS,	/* u64: operations sent again */
	LOOMNET_A_NODE,		/* string: a peer NI's node, primary NID */
	LOOMNET_A_REMOTE,	/* string: a connection's peer NI */
	LOOMNET_A_ROLE,		/* u32: 0 control (messages), 1 bulk (PUT, GET) */
	LOOMNET_A_OUTGOING,	/* u32: 1 if this side connected */
	LOOMNET_A_QUEUED,	/* u32: frames waiting to be sent */
	LOOMNET_A_QUEUED_BYTES,	/* u64: their bytes */
	LOOMNET_A_IDLE_MS,	/* u32: since something last arrived */
	LOOMNET_A_DUPS,		/* u64: messages received again, dropped */
	LOOMNET_A_UNACKED,	/* u32: messages sent, not yet credited */
	LOOMNET_A_MSGS,		/* u32: messages (selftest --msgs) */
	LOOMNET_A_MSGS_NS,	/* u64: time of the messages */
	__LOOMNET_A_MAX,
};

#define LOOMNET_A_MAX (__LOOMNET_A_MAX - 1)

#endif /* _UAPI_LINUX_LOOMNET_H */

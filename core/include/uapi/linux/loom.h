/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Loom parallel filesystem: user-visible definitions.
 *
 * The generic netlink family "loom" starts, stops and lists the servers
 * (targets) of a node in the caller's network namespace; the client's
 * ioctls follow at the end.
 */
#ifndef _UAPI_LINUX_LOOM_H
#define _UAPI_LINUX_LOOM_H

#include <linux/types.h>

/* Generic netlink family. */
#define LOOM_GENL_NAME		"loom"
#define LOOM_GENL_VERSION	1

/* Target types, as in LOOM_A_TGT_TYPE (same values as on the wire). */
#define LOOM_TARGET_MGS		1
#define LOOM_TARGET_MDT		2
#define LOOM_TARGET_OST		3

/* Longest filesystem name, including the NUL. */
#define LOOM_FSNAME_LEN		16

enum loom_cmd {
	LOOM_CMD_UNSPEC,
	/*
	 * TGT_TYPE, FSNAME, INDEX (mdt/ost), MGS_NID (mdt/ost),
	 * [STRIPE_COUNT, STRIPE_SIZE (mgs)], [BACKEND ("mem")],
	 * [CAPACITY_MB]: start a target.
	 */
	LOOM_CMD_TARGET_START,
	/* TGT_TYPE, FSNAME, [INDEX]: stop a target. */
	LOOM_CMD_TARGET_STOP,
	/* dump: one message per target of this network namespace. */
	LOOM_CMD_TARGET_LIST,
	__LOOM_CMD_MAX,
};
#define LOOM_CMD_MAX (__LOOM_CMD_MAX - 1)

enum loom_attr {
	LOOM_A_UNSPEC,
	LOOM_A_TGT_TYPE,	/* u32: LOOM_TARGET_* */
	LOOM_A_FSNAME,		/* string, 1..15 chars of [A-Za-z0-9_-] */
	LOOM_A_INDEX,		/* u32: target index (0 for the MGS) */
	LOOM_A_MGS_NID,		/* string: NID of the MGS, e.g. "10.0.0.1@tcp" */
	LOOM_A_STRIPE_COUNT,	/* u32: default stripe count, 0xffff all */
	LOOM_A_STRIPE_SIZE,	/* u32: default stripe size in bytes */
	LOOM_A_BACKEND,		/* string: storage backend, "mem" */
	LOOM_A_CAPACITY_MB,	/* u64: storage capacity in MiB */
	LOOM_A_NID,		/* string: the target's own NID (list) */
	LOOM_A_STATE,		/* string: "running", "registering" (list) */
	LOOM_A_CLIENTS,		/* u32: connected clients (list) */
	LOOM_A_REQUESTS,	/* u64: requests handled (list) */
	LOOM_A_PAD,
	__LOOM_A_MAX,
};
#define LOOM_A_MAX (__LOOM_A_MAX - 1)

/* ioctls: see client */

#endif /* _UAPI_LINUX_LOOM_H */

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
#include <linux/ioctl.h>

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
	/* FSNAME: reply with MGS_CONFIG, the MGS's configuration as text. */
	LOOM_CMD_MGS_DUMP,
	/* FSNAME, MGS_CONFIG: replace the configuration with the text's. */
	LOOM_CMD_MGS_RESTORE,
	/* FSNAME, MGS_CONFIG: change what the text's lines say. */
	LOOM_CMD_MGS_SET,
	__LOOM_CMD_MAX,
};

#define LOOM_CMD_MAX (__LOOM_CMD_MAX - 1)

enum loom_genl_attr {
	LOOM_A_UNSPEC,
	LOOM_A_TGT_TYPE,	/* u32: LOOM_TARGET_* */
	LOOM_A_FSNAME,		/* string, 1..15 chars of [A-Za-z0-9_-] */
	LOOM_A_INDEX,		/* u32: target index (0 for the MGS) */
	LOOM_A_MGS_NID,		/* string: NID of the MGS, e.g. "10.0.0.1@tcp" */
	LOOM_A_STRIPE_COUNT,	/* u32: default stripe count, 0xffff all */
	LOOM_A_STRIPE_SIZE,	/* u32: default stripe size in bytes */
	LOOM_A_BACKEND,		/* string: storage backend, "mem" or "dir" */
	LOOM_A_CAPACITY_MB,	/* u64: storage capacity in MiB */
	LOOM_A_NID,		/* string: the target's own NID (list) */
	LOOM_A_STATE,		/* string: "running", "registering" (list) */
	LOOM_A_CLIENTS,		/* u32: connected clients (list) */
	LOOM_A_REQUESTS,	/* u64: requests handled (list) */
	LOOM_A_PAD,
	LOOM_A_PATH,		/* string: "dir" backend: formatted directory */
	LOOM_A_LOCKS,		/* u64: locks granted now (list) */
	LOOM_A_LOCK_CALLBACKS,	/* u64: blocking callbacks sent (list) */
	LOOM_A_EVICTIONS,	/* u64: clients evicted (list) */
	LOOM_A_MGS_CONFIG,	/* string: MGS configuration text, see
				 * Documentation/filesystems/loom/administration.rst
				 */
	__LOOM_A_MAX,
};

#define LOOM_A_MAX (__LOOM_A_MAX - 1)

/*
 * Client ioctls, on files and directories of a mounted Loom filesystem.
 *
 * LOOM_IOC_GETSTRIPE fills a struct loom_user_layout with a regular
 * file's layout: @stripe_count entries of @objs are valid.  ENODATA: the
 * file has no objects (or is not a regular file).
 *
 * LOOM_IOC_SETSTRIPE sets the default layout of a directory, used by the
 * files created in it from then on.  Zero fields mean "the filesystem
 * default"; a stripe_count of LOOM_STRIPE_COUNT_ALL stripes over every
 * OST; a stripe_offset of LOOM_STRIPE_OFFSET_ANY lets the MDT choose the
 * first OST.  EINVAL for a bad value, ENOTDIR on a non-directory.
 */
#define LOOM_IOC_MAGIC			'L'
#define LOOM_MAX_STRIPES_USER		64
#define LOOM_USER_LAYOUT_MAGIC		0x0b10a170
#define LOOM_USER_PATTERN_RAID0		1
#define LOOM_STRIPE_SIZE_MIN		65536	/* and its multiples */
#define LOOM_STRIPE_COUNT_ALL		0xffff
#define LOOM_STRIPE_OFFSET_ANY		0xffff

struct loom_user_obj {
	__u32	ost_index;	/* OST the object lives on */
	__u32	reserved;
	__u64	seq;		/* object FID on that OST */
	__u32	oid;
	__u32	ver;
};

struct loom_user_layout {
	__u32	magic;		/* LOOM_USER_LAYOUT_MAGIC */
	__u32	pattern;	/* LOOM_USER_PATTERN_RAID0 */
	__u32	stripe_size;	/* bytes */
	__u16	stripe_count;	/* valid entries in objs */
	__u16	generation;
	struct loom_user_obj objs[LOOM_MAX_STRIPES_USER];
};

struct loom_user_stripe_default {
	__u32	stripe_size;	/* 0 or a multiple of LOOM_STRIPE_SIZE_MIN */
	__u16	stripe_count;	/* 0, 1..LOOM_MAX_STRIPES_USER, or _ALL */
	__u16	stripe_offset;	/* first OST index, or _ANY */
	__u32	flags;		/* must be 0 */
	__u32	reserved;	/* must be 0 */
};

#define LOOM_IOC_GETSTRIPE	_IOR(LOOM_IOC_MAGIC, 1, struct loom_user_layout)
#define LOOM_IOC_SETSTRIPE	_IOW(LOOM_IOC_MAGIC, 2, \
				     struct loom_user_stripe_default)

#endif /* _UAPI_LINUX_LOOM_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loom MGS: the configuration of a filesystem, its text form (what
 * "loomctl mgs dump" prints and "loomctl mgs restore" reads) and its
 * on-disk record.  Pure logic, built into loom.ko, fsck.loom and the unit
 * tests; see Documentation/filesystems/loom/administration.rst.
 */
#ifndef _LOOM_MGSCONF_H
#define _LOOM_MGSCONF_H

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/loomnet.h>
#include "wire.h"

/* Defaults of a new MGS. */
#define LOOM_MGS_DEF_STRIPE_SIZE	BIT(20)
#define LOOM_MGS_DEF_STRIPE_COUNT	1
#define LOOM_MGS_STRIPE_ALL		0xffff	/* stripe_count: all OSTs */
#define LOOM_MGS_OFFSET_ANY		0xffff	/* stripe_offset: MDT picks */
#define LOOM_MGS_READAHEAD_MAX_KB	BIT(20)		/* 1 GiB */

/* Longest text of a configuration (a netlink attribute holds it). */
#define LOOM_MGS_TEXT_MAX		60000

/**
 * struct loom_mgs_conf_tgt - a target the MGS knows of
 * @present: registered, or listed by a restore
 * @nid: where it lives, native byte order
 */
struct loom_mgs_conf_tgt {
	bool			present;
	struct loomnet_nid	nid;
};

/**
 * struct loom_mgs_conf - the configuration of one filesystem
 * @fsname: its name, NUL-terminated
 * @version: bumped at every change; clients compare it
 * @stripe_size: default stripe size, a multiple of 64 KiB
 * @stripe_count: default stripe count, 1-64 or %LOOM_MGS_STRIPE_ALL
 * @stripe_offset: default first OST, or %LOOM_MGS_OFFSET_ANY
 * @readahead_kb: clients' readahead window, 0 for their default
 * @mdts: MDTs by index
 * @osts: OSTs by index
 */
struct loom_mgs_conf {
	char			fsname[LOOM_FSNAME_MAX];
	u64			version;
	u32			stripe_size;
	u16			stripe_count;
	u16			stripe_offset;
	u32			readahead_kb;
	struct loom_mgs_conf_tgt mdts[LOOM_MAX_TARGETS];
	struct loom_mgs_conf_tgt osts[LOOM_MAX_TARGETS];
};

void loom_mgs_conf_init(struct loom_mgs_conf *c, const char *fsname);
int loom_mgs_conf_check(const struct loom_mgs_conf *c, const char **err);
int loom_mgs_conf_format(const struct loom_mgs_conf *c, char *buf,
			 size_t size);
int loom_mgs_conf_parse(struct loom_mgs_conf *c, const char *text,
			size_t len, bool replace, const char **err,
			unsigned int *line);

/*
 * The on-disk record.  The configuration object of a persistent MGS
 * (FID LOOM_MGS_CONF_SEQ:LOOM_MGS_CONF_OID) holds two slots of
 * LOOM_DISK_MGS_SLOT bytes; each change is written to the slot of the
 * other parity of its version, so that a torn write leaves the previous
 * configuration intact.  The valid slot with the highest version wins.
 */
#define LOOM_MGS_CONF_SEQ		0x300000000ULL
#define LOOM_MGS_CONF_OID		1
#define LOOM_DISK_MGS_MAGIC		0x4347534dU	/* "MSGC" */
#define LOOM_DISK_MGS_SLOT		32768

/**
 * struct loom_disk_mgs - header of an MGS configuration record
 * @magic: %LOOM_DISK_MGS_MAGIC
 * @version: LOOM_DISK_VERSION
 * @hdr_len: sizeof(struct loom_disk_mgs)
 * @len: bytes of the whole record: header, targets and the CRC after them
 * @nr_targets: struct loom_disk_mgs_tgt entries following
 * @config_version: struct loom_mgs_conf.version
 * @fsname: filesystem name, NUL-padded
 * @stripe_size: default layout
 * @stripe_count: default layout
 * @stripe_offset: default layout
 * @readahead_kb: client readahead
 * @reserved: 0
 *
 * The record ends with the CRC32C (le32) of everything before it.
 */
struct loom_disk_mgs {
	__le32	magic;
	__le16	version;
	__le16	hdr_len;
	__le32	len;
	__le32	nr_targets;
	__le64	config_version;
	__u8	fsname[16];
	__le32	stripe_size;
	__le16	stripe_count;
	__le16	stripe_offset;
	__le32	readahead_kb;
	__le32	reserved[3];
};

/**
 * struct loom_disk_mgs_tgt - a target in an MGS configuration record
 * @type: LOOM_TGT_MDT or LOOM_TGT_OST
 * @index: its index
 * @nid: its NID, @nid.net little endian
 * @reserved: 0
 */
struct loom_disk_mgs_tgt {
	__le32	type;
	__le32	index;
	struct loomnet_nid nid;
	__le32	reserved;
};

static_assert(sizeof(struct loom_disk_mgs) == 64);
static_assert(sizeof(struct loom_disk_mgs_tgt) == 32);
static_assert(sizeof(struct loom_disk_mgs) +
	      2 * LOOM_MAX_TARGETS * sizeof(struct loom_disk_mgs_tgt) + 4 <=
	      LOOM_DISK_MGS_SLOT);

u32 loom_disk_mgs_encode(void *buf, size_t size,
			 const struct loom_mgs_conf *c);
int loom_disk_mgs_decode(const void *buf, size_t len,
			 struct loom_mgs_conf *c);

#endif /* _LOOM_MGSCONF_H */

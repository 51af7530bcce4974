/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loom on-disk records of the persistent OSD (osd-vfs.c), shared by the
 * kernel, mkfs.loom and fsck.loom: the target label, the attribute record
 * of every object and the records of a directory index.  All fields are
 * little endian; every record carries a magic, a version and a CRC32C so
 * that whatever is read back from disk is checked before it is used.
 */
#ifndef _LOOM_DISK_H
#define _LOOM_DISK_H

#include <linux/types.h>
#include "wire.h"

#define LOOM_DISK_VERSION	1
#define LOOM_DISK_LABEL_MAGIC	0x4c424c4dU	/* "MLBL" */
#define LOOM_DISK_ATTR_MAGIC	0x5441544dU	/* "MTAT" */
#define LOOM_DISK_DE_LIVE	0x4544544dU	/* "MTDE" */
#define LOOM_DISK_DE_DEAD	0x4444544dU	/* "MTDD" */
#define LOOM_DISK_REPLY_MAGIC	0x5052544dU	/* "MTRP" */

/* Names in the backing directory. */
#define LOOM_DISK_LABEL		"LABEL"
#define LOOM_DISK_OBJDIR	"O"
#define LOOM_DISK_NR_HASH	256
#define LOOM_DISK_XATTR_ATTR	"trusted.loom.attr"
#define LOOM_DISK_XATTR_PREFIX	"trusted.loom.x."
/* The reply log: LOOM_DISK_REPLY_SLOT records per client slot. */
#define LOOM_DISK_REPLIES	"REPLIES"
#define LOOM_DISK_REPLY_SIZE	2048
#define LOOM_DISK_REPLY_SLOT	8
#define LOOM_DISK_REPLY_SLOT_SIZE (LOOM_DISK_REPLY_SIZE * LOOM_DISK_REPLY_SLOT)
/* "O/xx/" + seq-oid-ver in hex */
/* An MDT's destroy log: a directory object of its sequence (server/osp.c) */
#define LOOM_DISK_OID_DESTROY_LOG	0
#define LOOM_DISK_OBJNAME_LEN	(16 + 1 + 8 + 1 + 8)

/**
 * struct loom_disk_label - the LABEL file of a target, written by mkfs.loom
 * @magic: LOOM_DISK_LABEL_MAGIC
 * @version: LOOM_DISK_VERSION
 * @type: enum loom_target_type
 * @index: target index
 * @flags: none defined yet, must be 0
 * @fsname: filesystem name, NUL-padded
 * @uuid: random identity of the target
 * @mkfs_time: seconds since the epoch at format time
 * @reserved: 0
 * @crc: CRC32C of everything before it
 */
struct loom_disk_label {
	__le32	magic;
	__le16	version;
	__le16	type;
	__le32	index;
	__le32	flags;
	__u8	fsname[16];
	__u8	uuid[16];
	__le64	mkfs_time;
	__le32	reserved;
	__le32	crc;
};

/**
 * struct loom_disk_attr - the trusted.loom.attr xattr of an object
 * @magic: LOOM_DISK_ATTR_MAGIC
 * @version: LOOM_DISK_VERSION
 * @len: sizeof(struct loom_disk_attr)
 * @mode: type and permissions
 * @nlink: link count
 * @uid: owner
 * @gid: group
 * @rdev: device number
 * @reserved: 0
 * @flags: inode flags
 * @atime_sec: access time
 * @mtime_sec: modification time
 * @ctime_sec: change time
 * @atime_nsec: nanoseconds of @atime_sec
 * @mtime_nsec: nanoseconds of @mtime_sec
 * @ctime_nsec: nanoseconds of @ctime_sec
 * @crc: CRC32C of everything before it
 *
 * The size of an object is the size of its backing file (0 for a
 * directory, whose backing file holds its index).
 */
struct loom_disk_attr {
	__le32	magic;
	__le16	version;
	__le16	len;
	__le32	mode;
	__le32	nlink;
	__le32	uid;
	__le32	gid;
	__le32	rdev;
	__le32	reserved;
	__le64	flags;
	__le64	atime_sec;
	__le64	mtime_sec;
	__le64	ctime_sec;
	__le32	atime_nsec;
	__le32	mtime_nsec;
	__le32	ctime_nsec;
	__le32	crc;
};

/**
 * struct loom_disk_dirent - a record of a directory index
 * @magic: LOOM_DISK_DE_LIVE, or LOOM_DISK_DE_DEAD once deleted
 * @name_len: length of the name following the record
 * @type: DT_* type of the entry
 * @fid: the FID it names
 * @crc: CRC32C of the record from @name_len on, and of the name
 * @reserved: 0
 *
 * A directory object's backing file is a log of these, each followed by
 * its name and zero padding to a multiple of 8 bytes.  Records are only
 * appended; deleting one rewrites its magic.  The offset of a record is
 * its stable readdir cookie.
 */
struct loom_disk_dirent {
	__le32	magic;
	__le16	name_len;
	__le16	type;
	struct loom_fid fid;
	__le32	crc;
	__le32	reserved;
};

/**
 * struct loom_disk_reply - a record of the reply log (REPLIES file)
 * @magic: LOOM_DISK_REPLY_MAGIC; 0 for a free record
 * @version: LOOM_DISK_VERSION
 * @opcode: the request's opcode
 * @cookie: the client instance (its CONNECT client_cookie)
 * @xid: the request's XID
 * @transno: the reply's transaction number
 * @time: seconds since the epoch when written
 * @status: the reply's status (a negative errno or 0)
 * @flags: the reply's LOOM_MSG_* flags
 * @body_len: bytes of reply body following the record
 * @crc: CRC32C of the record before it and of the body
 *
 * The REPLIES file of a target is an array of LOOM_DISK_REPLY_SIZE-byte
 * records, LOOM_DISK_REPLY_SLOT consecutive ones per client slot: the
 * last replies of the client's non-idempotent requests, so that the
 * target answers a resent request after a restart instead of executing it
 * twice.  A record holds at most LOOM_DISK_REPLY_SIZE bytes in all.
 */
struct loom_disk_reply {
	__le32	magic;
	__le16	version;
	__le16	opcode;
	__le64	cookie;
	__le64	xid;
	__le64	transno;
	__le64	time;
	__le32	status;
	__le32	flags;
	__le32	body_len;
	__le32	crc;
};

static_assert(sizeof(struct loom_disk_reply) == 56);

/**
 * struct loom_disk_reply_info - a decoded reply log record
 * @cookie: the client instance
 * @xid: the request's XID
 * @transno: the reply's transaction number
 * @time: seconds since the epoch when written
 * @opcode: the request's opcode
 * @status: the reply's status
 * @flags: the reply's flags
 * @body_len: bytes at @body
 * @body: the reply body (inside the decoded buffer when decoded)
 */
struct loom_disk_reply_info {
	u64		cookie;
	u64		xid;
	u64		transno;
	u64		time;
	u16		opcode;
	s32		status;
	u32		flags;
	u32		body_len;
	const void	*body;
};

/**
 * struct loom_disk_de_info - a decoded directory index record
 * @live: not deleted
 * @type: DT_* type
 * @name_len: length of @name
 * @name: the name, inside the buffer decoded (not NUL-terminated)
 * @fid: the FID
 * @reclen: bytes the record takes, with name and padding
 */
struct loom_disk_de_info {
	bool		live;
	u32		type;
	u32		name_len;
	const char	*name;
	struct loom_fid	fid;
	u32		reclen;
};

/**
 * struct loom_disk_attr_info - decoded attributes, native byte order
 * @mode: type and permissions
 * @nlink: link count
 * @uid: owner
 * @gid: group
 * @rdev: device number
 * @flags: inode flags
 * @atime_sec: access time
 * @mtime_sec: modification time
 * @ctime_sec: change time
 * @atime_nsec: nanoseconds
 * @mtime_nsec: nanoseconds
 * @ctime_nsec: nanoseconds
 */
struct loom_disk_attr_info {
	u32	mode;
	u32	nlink;
	u32	uid;
	u32	gid;
	u32	rdev;
	u64	flags;
	s64	atime_sec;
	s64	mtime_sec;
	s64	ctime_sec;
	u32	atime_nsec;
	u32	mtime_nsec;
	u32	ctime_nsec;
};

u32 loom_disk_crc32c(u32 crc, const void *buf, size_t len);
void loom_disk_label_encode(struct loom_disk_label *l, u32 type, u32 index,
			    const char *fsname, const u8 *uuid, u64 now);
int loom_disk_label_check(const void *buf, size_t len);
void loom_disk_attr_encode(struct loom_disk_attr *d,
			   const struct loom_disk_attr_info *a);
int loom_disk_attr_decode(const void *buf, size_t len,
			  struct loom_disk_attr_info *a);
u32 loom_disk_de_reclen(u32 name_len);
u32 loom_disk_de_encode(void *buf, size_t size, const char *name, u32 len,
			const struct loom_fid *fid, u32 type);
int loom_disk_de_decode(const void *buf, size_t len,
			struct loom_disk_de_info *de);
u32 loom_disk_reply_encode(void *buf, size_t size,
			   const struct loom_disk_reply_info *r);
int loom_disk_reply_decode(const void *buf, size_t len,
			   struct loom_disk_reply_info *r);
u32 loom_disk_objhash(const struct loom_fid *fid);
int loom_disk_objname(char *buf, size_t size, const struct loom_fid *fid);
int loom_disk_objname_parse(const char *name, size_t len,
			    struct loom_fid *fid);

#endif /* _LOOM_DISK_H */

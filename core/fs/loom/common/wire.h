/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loom wire protocol: every structure that crosses the network.
 *
 * All structures are fixed-size, little-endian and naturally aligned, with
 * explicit padding, so their layout is the same on every architecture; the
 * static_asserts at the end pin sizes and offsets.  A message is a
 * struct loom_msg_hdr followed by an opcode-specific body (and, for some
 * opcodes, a variable-length tail described by the body).  Bulk data never
 * travels in a message: it moves through loomnet memory descriptors.
 *
 * This file is also compiled in userspace for unit tests and fuzzing.
 * See Documentation/filesystems/loom/protocol.rst.
 */
#ifndef _LOOM_WIRE_H
#define _LOOM_WIRE_H

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <uapi/linux/loomnet.h>

#define LOOM_MSG_MAGIC		0x4c4f4f4d	/* "LOOM" */
#define LOOM_PROTO_VERSION	1

#define LOOM_FSNAME_MAX		16	/* including the NUL */
#define LOOM_NAME_MAX		255
#define LOOM_MAX_STRIPES	64
#define LOOM_MAX_TARGETS	256
#define LOOM_MAX_RPC_BULK	(4 * 1024 * 1024)

/* Feature bits negotiated at connect. */
#define LOOM_FEAT_BASE		0x0000000000000001ULL
#define LOOM_FEAT_OST_SETATTR	0x0000000000000002ULL	/* OSTs serve OST_SETATTR */
#define LOOM_FEAT_XATTR		0x0000000000000004ULL	/* MDT serves *XATTR */
#define LOOM_FEAT_DLM		0x0000000000000008ULL	/* LDLM_* locks, callbacks */
#define LOOM_FEAT_ACL		0x0000000000000010ULL	/* MDT keeps POSIX ACLs */
#define LOOM_FEAT_GLIMPSE	0x0000000000000020ULL	/* OST: LOOM_IT_GLIMPSE */
#define LOOM_FEAT_FALLOC	0x0000000000000040ULL	/* OSTs serve OST_FALLOCATE */
#define LOOM_FEAT_SEEK		0x0000000000000080ULL	/* OSTs serve OST_SEEK */
#define LOOM_FEAT_OST_CREATE	0x0000000000000100ULL	/* OST_PRECREATE, OST_ORPHAN */
#define LOOM_FEAT_CREATE_LOCK	0x0000000000000200ULL	/* MDT: LOOM_CREATE_LOCK */
#define LOOM_FEAT_MGS_NOTIFY	0x0000000000010000ULL	/* MGS config lock */
#define LOOM_FEAT_SHORT_IO	0x0000000000100000ULL	/* OST: LOOM_IO_INLINE */
#define LOOM_FEAT_MDT_DESTROY	0x0000000001000000ULL	/* MDT destroys objects */
#define LOOM_FEAT_OPEN_LOCK	0x0000000004000000ULL	/* MDT: LOOM_IBIT_OPEN */
#define LOOM_FEAT_FLOCK		0x0000000040000000ULL	/* MDT: MDT_FLOCK */
#define LOOM_FEAT_REPLAY	0x0000000200000000ULL	/* MDT: lock replay */
#define LOOM_FEAT_ALL		(LOOM_FEAT_BASE | LOOM_FEAT_OST_SETATTR | \
				 LOOM_FEAT_XATTR | LOOM_FEAT_DLM | \
				 LOOM_FEAT_ACL | LOOM_FEAT_GLIMPSE | \
				 LOOM_FEAT_FALLOC | LOOM_FEAT_SEEK | \
				 LOOM_FEAT_OST_CREATE | LOOM_FEAT_CREATE_LOCK | \
				 LOOM_FEAT_MGS_NOTIFY | LOOM_FEAT_SHORT_IO | \
				 LOOM_FEAT_MDT_DESTROY | LOOM_FEAT_OPEN_LOCK | \
				 LOOM_FEAT_FLOCK | LOOM_FEAT_REPLAY)

enum loom_opcode {
	LOOM_OPC_CONNECT	= 1,	/* any target */
	LOOM_OPC_DISCONNECT	= 2,
	LOOM_OPC_PING		= 3,

	LOOM_OPC_MGS_REGISTER	= 10,	/* a target announces itself */
	LOOM_OPC_MGS_CONFIG	= 11,	/* fetch the filesystem's config */

	LOOM_OPC_MDT_GETATTR	= 20,
	LOOM_OPC_MDT_LOOKUP	= 21,
	LOOM_OPC_MDT_CREATE	= 22,	/* files, dirs, symlinks, nodes */
	LOOM_OPC_MDT_UNLINK	= 23,	/* unlink and rmdir */
	LOOM_OPC_MDT_READDIR	= 24,
	LOOM_OPC_MDT_SETATTR	= 25,
	LOOM_OPC_MDT_STATFS	= 26,
	LOOM_OPC_MDT_RENAME	= 27,
	LOOM_OPC_MDT_LINK	= 28,
	LOOM_OPC_MDT_READLINK	= 29,
	LOOM_OPC_MDT_SETSTRIPE	= 30,	/* a directory's default layout */
	LOOM_OPC_MDT_GETXATTR	= 31,
	LOOM_OPC_MDT_SETXATTR	= 32,	/* set or remove */
	LOOM_OPC_MDT_LISTXATTR	= 33,
	LOOM_OPC_MDT_RELEASE	= 90,	/* last close of an unlinked file */

	LOOM_OPC_OST_READ	= 40,
	LOOM_OPC_OST_WRITE	= 41,
	LOOM_OPC_OST_GETATTR	= 42,
	LOOM_OPC_OST_PUNCH	= 43,
	LOOM_OPC_OST_DESTROY	= 44,
	LOOM_OPC_OST_STATFS	= 45,
	LOOM_OPC_OST_SYNC	= 46,
	LOOM_OPC_OST_SETATTR	= 47,	/* an object's times */
	LOOM_OPC_OST_PRECREATE	= 56,	/* MDT to OST: create empty objects */
	LOOM_OPC_OST_ORPHAN	= 57,	/* MDT to OST: destroy unused ones */

	LOOM_OPC_OST_FALLOCATE	= 50,	/* reserve space in an object */
	LOOM_OPC_OST_SEEK	= 51,	/* next data or hole of an object */

	LOOM_OPC_LDLM_ENQUEUE	= 60,	/* MDT and OST: take a lock */
	LOOM_OPC_LDLM_CANCEL	= 61,	/* MDT and OST: give locks back */
	LOOM_OPC_LDLM_BL_AST	= 62,	/* server to client: give it back */
	LOOM_OPC_LDLM_GL_AST	= 63,	/* server to client: your size? */
	LOOM_OPC_LDLM_GL_REPLY	= 64,	/* client to OST: the answer */

	LOOM_OPC_MDT_FLOCK	= 110,	/* fcntl() and flock() locks */
	LOOM_OPC_MDT_REPLAY_DONE = 131,	/* a client replayed its locks */
};

/* loom_msg_hdr.flags */
#define LOOM_MSG_REPLY		0x0001	/* this is a reply */
#define LOOM_MSG_RESENT		0x0002	/* a resend of an earlier request */
#define LOOM_MSG_BULK_DONE	0x0004	/* reply: the server moved the bulk */

/**
 * struct loom_msg_hdr - header of every request and reply
 * @magic: %LOOM_MSG_MAGIC
 * @version: %LOOM_PROTO_VERSION
 * @opcode: enum loom_opcode
 * @flags: LOOM_MSG_*
 * @status: in replies, 0 or a negative Linux errno
 * @xid: request identifier, unique per client; the reply carries it back
 * @transno: in replies, the transaction number of a committed change
 * @handle: connection handle returned by CONNECT (0 for CONNECT itself)
 * @body_len: bytes following the header
 * @target: index of the addressed target (MDT or OST index; 0 for MGS)
 */
struct loom_msg_hdr {
	__le32	magic;
	__le16	version;
	__le16	opcode;
	__le32	flags;
	__le32	status;
	__le64	xid;
	__le64	transno;
	__le64	handle;
	__le32	body_len;
	__le32	target;
};

/**
 * struct loom_fid - a file identifier, unique in a filesystem forever
 * @seq: sequence (allocated per MDT)
 * @oid: object within the sequence
 * @ver: version, 0 for now
 */
struct loom_fid {
	__le64	seq;
	__le32	oid;
	__le32	ver;
};

/* Target types. */
enum loom_target_type {
	LOOM_TGT_MGS = 1,
	LOOM_TGT_MDT = 2,
	LOOM_TGT_OST = 3,
};

/* CONNECT */
struct loom_connect_req {
	__le64	features;		/* what the client supports */
	__le64	client_cookie;		/* random, identifies a client instance */
	__le32	target_type;		/* enum loom_target_type expected */
	__le32	target_index;
	char	fsname[LOOM_FSNAME_MAX];
};

struct loom_connect_rep {
	__le64	features;		/* the intersection the server will use */
	__le64	handle;			/* to put in every following request */
	__le64	last_committed;		/* highest committed transno */
	__le32	target_type;
	__le32	target_index;
	__le64	instance;		/* random per target start, never 0 */
};

/* One stripe: an object on one OST. */
struct loom_ost_obj {
	__le32	ost_index;
	__le32	padding;
	struct loom_fid oid;		/* object id on that OST */
};

/* RAID-0 pattern. */
#define LOOM_LAYOUT_RAID0	1
#define LOOM_LAYOUT_MAGIC	0x0b10a170

/**
 * struct loom_layout - a file's striping: fixed part
 * @magic: %LOOM_LAYOUT_MAGIC
 * @pattern: %LOOM_LAYOUT_RAID0
 * @stripe_size: bytes per stripe, multiple of 64 KiB
 * @stripe_count: number of objects (0: no layout yet, directories)
 * @generation: bumped when the layout changes
 * @objs: @stripe_count entries
 */
struct loom_layout {
	__le32	magic;
	__le32	pattern;
	__le32	stripe_size;
	__le16	stripe_count;
	__le16	generation;
	struct loom_ost_obj objs[LOOM_MAX_STRIPES];
};

/* Directory default layouts use the same fixed part with no objects. */
struct loom_layout_default {
	__le32	stripe_size;		/* 0: inherit the filesystem default */
	__le16	stripe_count;		/* 0: inherit; 0xffff: all OSTs */
	__le16	stripe_offset;		/* 0xffff: the MDT chooses */
};

/* MGS_REGISTER: a target tells the MGS where it lives. */
struct loom_mgs_register_req {
	__le32	target_type;
	__le32	target_index;
	char	fsname[LOOM_FSNAME_MAX];
	struct loomnet_nid nid;
	__le32	padding;
	__le64	capacity;		/* bytes, for placement */
	__le64	free;
};

/* MGS_CONFIG reply: the fixed part, then @nr_targets loom_target_entry. */
struct loom_target_entry {
	__le32	type;
	__le32	index;
	struct loomnet_nid nid;
	__le32	flags;			/* LOOM_TGT_F_* */
	__le32	padding;
};

#define LOOM_TGT_F_ACTIVE	0x1

struct loom_mgs_config_req {
	char	fsname[LOOM_FSNAME_MAX];
};

struct loom_mgs_config_rep {
	__le64	config_version;
	struct loom_layout_default def_layout;	/* filesystem default */
	__le32	nr_targets;
	__le32	padding;
	/* struct loom_target_entry targets[nr_targets]; */
};

/**
 * struct loom_attr - attributes of an inode
 * @valid: LOOM_ATTR_* bits saying which of the fields below are set
 * @fid: the inode's FID
 * @mode: file type and permission bits (S_IFMT | 07777)
 * @nlink: link count
 * @uid: owner, in the initial user namespace
 * @gid: group, in the initial user namespace
 * @size: size in bytes; authoritative for directories and symlinks, for
 *	regular files the client asks the OSTs
 * @blocks: 512-byte blocks allocated
 * @atime_sec: access time, seconds since the epoch
 * @mtime_sec: modification time, seconds since the epoch
 * @ctime_sec: change time, seconds since the epoch
 * @atime_nsec: nanoseconds of @atime_sec, below NSEC_PER_SEC
 * @mtime_nsec: nanoseconds of @mtime_sec, below NSEC_PER_SEC
 * @ctime_nsec: nanoseconds of @ctime_sec, below NSEC_PER_SEC
 * @rdev: device number of device nodes, new_encode_dev() format
 * @flags: inode flags
 */
struct loom_attr {
	__le64	valid;
	struct loom_fid fid;
	__le32	mode;
	__le32	nlink;
	__le32	uid;
	__le32	gid;
	__le64	size;
	__le64	blocks;
	__le64	atime_sec;
	__le64	mtime_sec;
	__le64	ctime_sec;
	__le32	atime_nsec;
	__le32	mtime_nsec;
	__le32	ctime_nsec;
	__le32	rdev;
	__le64	flags;
};

#define LOOM_ATTR_MODE		BIT_ULL(0)
#define LOOM_ATTR_UID		BIT_ULL(1)
#define LOOM_ATTR_GID		BIT_ULL(2)
#define LOOM_ATTR_SIZE		BIT_ULL(3)
#define LOOM_ATTR_ATIME		BIT_ULL(4)
#define LOOM_ATTR_MTIME		BIT_ULL(5)
#define LOOM_ATTR_CTIME		BIT_ULL(6)
#define LOOM_ATTR_NLINK		BIT_ULL(7)
#define LOOM_ATTR_BLOCKS	BIT_ULL(8)
#define LOOM_ATTR_RDEV		BIT_ULL(9)
#define LOOM_ATTR_ALL		((1ULL << 10) - 1)

/* GETATTR: request is the fid, reply an attr and the layout. */
struct loom_getattr_req {
	struct loom_fid fid;
};

struct loom_body_attr_layout {
	struct loom_attr attr;
	struct loom_layout layout;
};

/* LOOKUP: fid of the parent, then name_len bytes of name (no NUL). */
struct loom_lookup_req {
	struct loom_fid parent;
	__le32	name_len;
	__le32	padding;
	/* char name[name_len], padded to 8 bytes */
};

/* LOOKUP and CREATE reply with struct loom_body_attr_layout. */

/* CREATE: files (S_IFREG), S_IFDIR, S_IFLNK (tgt_len bytes of target
 * after the name), device nodes, FIFOs and sockets.
 */
struct loom_create_req {
	struct loom_fid parent;
	__le32	mode;
	__le32	uid;
	__le32	gid;
	__le32	rdev;
	__le32	name_len;
	__le32	tgt_len;
	__le64	ctime_sec;
	__le32	ctime_nsec;
	__le32	flags;			/* LOOM_CREATE_EXCL */
	struct loom_layout_default layout;	/* requested layout, zero = default */
	/* char name[name_len], char target[tgt_len], padded to 8 bytes */
};

#define LOOM_CREATE_EXCL	0x1
#define LOOM_CREATE_ACL		0x2	/* a struct loom_create_acl follows */
#define LOOM_CREATE_LOCK	0x4	/* a struct loom_create_lock follows */
#define LOOM_CREATE_OPEN	0x8	/* and a struct loom_create_open */

/**
 * struct loom_create_lock - CREATE asks for a lock on the new inode
 * @cookie: the client's non-zero name for the lock
 * @bits: the inode bits wanted in PR mode: non-zero, LOOM_IBIT_* only;
 *	LOOKUP is granted on a new directory only
 *
 * With %LOOM_CREATE_LOCK (MDTs with %LOOM_FEAT_CREATE_LOCK) this follows
 * the fixed part of the request and its struct loom_create_acl, if any,
 * before the name; the reply's struct loom_body_attr_layout is followed by
 * a struct loom_create_lock_rep.
 */
struct loom_create_lock {
	__le64	cookie;
	__le64	bits;
};

/**
 * struct loom_create_lock_rep - the lock a CREATE granted
 * @handle: the server's handle of the PR lock, 0 when none was granted
 *	(the name existed: an open without O_EXCL of another's file)
 * @bits: the bits granted, a subset of those asked; 0 with @handle 0
 */
struct loom_create_lock_rep {
	__le64	handle;
	__le64	bits;
};

/**
 * struct loom_create_open - CREATE asks for the open lock of a new file
 * @cookie: the client's non-zero name for the lock, not the one of the
 *	struct loom_create_lock it follows
 *
 * With %LOOM_CREATE_OPEN (MDTs with %LOOM_FEAT_OPEN_LOCK; only with
 * %LOOM_CREATE_LOCK, for a regular file) this follows the struct
 * loom_create_lock, and a struct loom_create_open_rep follows the
 * reply's struct loom_create_lock_rep.  The lock is a PR IBITS lock on
 * %LOOM_IBIT_OPEN alone, which the client holds while it has the file
 * open (open(2) then needs no request).
 */
struct loom_create_open {
	__le64	cookie;
};

/**
 * struct loom_create_open_rep - the open lock a CREATE granted
 * @handle: the server's handle of the lock, 0 when none was granted
 */
struct loom_create_open_rep {
	__le64	handle;
};

/**
 * struct loom_create_acl - the POSIX ACLs of a new inode
 * @access_len: bytes of its access ACL, 0 for none
 * @default_len: bytes of its default ACL, 0 for none (directories only)
 *
 * With %LOOM_CREATE_ACL in loom_create_req.flags (only when
 * %LOOM_FEAT_ACL was negotiated) this follows the fixed part of the
 * request, and the tail is the name, the target, the access ACL and the
 * default ACL, in the portable format (struct loom_acl_hdr), padded to 8
 * bytes.  The client computed them and the mode from the parent's default
 * ACL and its umask (posix_acl_create()); the MDT stores them before the
 * name is inserted, so nobody sees the inode without them.
 */
struct loom_create_acl {
	__le32	access_len;
	__le32	default_len;
};

/* UNLINK: parent, name; is_dir selects rmdir semantics. */
struct loom_unlink_req {
	struct loom_fid parent;
	__le32	name_len;
	__le32	is_dir;
	__le64	ctime_sec;
	__le32	ctime_nsec;
	__le32	flags;			/* LOOM_UNLINK_KEEP */
	/* char name[name_len] */
};

/* UNLINK flags (and RENAME flags, for the replaced file), with
 * %LOOM_FEAT_MDT_DESTROY only: the client has the file open, so an MDT
 * removing its last link keeps its objects until MDT_RELEASE.
 */
#define LOOM_UNLINK_KEEP	0x00010000

/* The reply: the victim's attributes after unlink; when its last link
 * went away (attr.nlink == 0) the layout lists its objects.  Without
 * %LOOM_FEAT_MDT_DESTROY the client must destroy them on the OSTs; with
 * it the MDT does, after the unlink is on disk (and, with
 * %LOOM_UNLINK_KEEP, after MDT_RELEASE).
 */

/* MDT_RELEASE: the last close of a file unlinked with %LOOM_UNLINK_KEEP;
 * the MDT destroys its objects.  Empty reply.
 */
struct loom_release_req {
	struct loom_fid fid;
};

/*
 * MDT_FLOCK (MDTs with %LOOM_FEAT_FLOCK): advisory locks, fcntl() byte
 * ranges (POSIX and OFD) and flock(), arbitrated by the MDT of the file.
 */
enum loom_flock_cmd {
	LOOM_FLOCK_SET		= 1,	/* take, change or drop a lock */
	LOOM_FLOCK_GET		= 2,	/* F_GETLK: the first conflicting lock */
	LOOM_FLOCK_CANCEL	= 3,	/* a waiter gives up (signal) */
};

enum loom_flock_type {
	LOOM_FLOCK_RD		= 1,	/* shared */
	LOOM_FLOCK_WR		= 2,	/* exclusive */
	LOOM_FLOCK_UN		= 3,	/* unlock (SET), no conflict (reply) */
};

/* loom_flock_req.flags */
#define LOOM_FLOCK_F_WAIT	0x1	/* F_SETLKW: the owner is waiting */
#define LOOM_FLOCK_F_FLOCK	0x2	/* flock(): whole file, own class */
#define LOOM_FLOCK_F_DEADLK	0x4	/* process-owned POSIX lock: detect
					 * deadlocks among waiters
					 */
#define LOOM_FLOCK_F_REPLAY	0x8	/* SET of a lock the MDT granted
					 * before it restarted
					 */
#define LOOM_FLOCK_F_ALL	0xf

#define LOOM_FLOCK_EOF		(~0ULL)

/**
 * struct loom_flock_req - MDT_FLOCK request
 * @fid: the file
 * @owner: the client's non-zero name for the lock owner: a POSIX lock's
 *	process (files_struct), an OFD or flock() lock's open file
 * @start: first byte
 * @end: last byte, inclusive, @start <= @end; %LOOM_FLOCK_EOF: to the
 *	end of the file, however far.  flock() locks: 0 and %LOOM_FLOCK_EOF
 * @pid: the owner's process id on the client (F_GETLK of others)
 * @cmd: enum loom_flock_cmd
 * @type: enum loom_flock_type; GET: RD or WR; CANCEL: zero
 * @flags: LOOM_FLOCK_F_*
 * @padding: zero
 *
 * Locks of two owners conflict when their ranges overlap, one of them
 * is WR and both are flock() locks or neither is, whatever client they
 * come from.  SET replies -EAGAIN when a lock of another owner conflicts;
 * with %LOOM_FLOCK_F_WAIT the MDT also records that the owner waits for
 * the conflicting lock's owner, and replies -EDEADLK instead when that
 * closes a cycle of waiting %LOOM_FLOCK_F_DEADLK owners.  The client
 * resends the SET until it is granted; a record not refreshed for
 * %LOOM_FLOCK_WAIT_EXPIRE seconds, or dropped with CANCEL, ends.  The
 * reply is a struct loom_flock_rep: for GET the conflicting lock (type
 * UN when none), otherwise zeroes.
 */
struct loom_flock_req {
	struct loom_fid fid;
	__le64	owner;
	__le64	start;
	__le64	end;
	__le32	pid;
	__le16	cmd;
	__le16	type;
	__le32	flags;
	__le32	padding;
};

#define LOOM_FLOCK_WAIT_EXPIRE	5

/**
 * struct loom_flock_rep - MDT_FLOCK reply
 * @start: GET: first byte of the conflicting lock
 * @end: GET: its last byte, inclusive
 * @pid: GET: its owner's process id on its client
 * @type: GET: enum loom_flock_type, UN when nothing conflicts
 * @padding: zero
 */
struct loom_flock_rep {
	__le64	start;
	__le64	end;
	__le32	pid;
	__le16	type;
	__le16	padding;
};

/* READDIR: cookie 0 starts, LOOM_DIR_EOF ends. */
struct loom_readdir_req {
	struct loom_fid fid;
	__le64	cookie;
	__le32	max_bytes;		/* of entries in the reply */
	__le32	padding;
};

#define LOOM_DIR_EOF	(~0ULL)

struct loom_readdir_rep {
	__le64	next_cookie;		/* where the next READDIR starts */
	__le32	nr_entries;
	__le32	padding;
	/* struct loom_dirent entries[nr_entries] */
};

/* Each entry is 8-byte aligned: sizeof(struct loom_dirent) + name,
 * rounded up to 8.
 */
struct loom_dirent {
	struct loom_fid fid;
	__le64	cookie;			/* position after this entry */
	__le32	type;			/* DT_* */
	__le32	name_len;
	/* char name[name_len] */
};

/* SETATTR: attr.valid says which fields to change. */
struct loom_setattr_req {
	struct loom_attr attr;
};

/* RENAME: source parent, target parent, then both names. */
struct loom_rename_req {
	struct loom_fid src_parent;
	struct loom_fid dst_parent;
	__le32	src_len;
	__le32	dst_len;
	__le32	flags;			/* RENAME_NOREPLACE, RENAME_EXCHANGE */
	__le32	padding;
	__le64	ctime_sec;
	__le32	ctime_nsec;
	__le32	padding2;
	/* char src[src_len], char dst[dst_len], padded to 8 bytes */
};

/* LINK: the inode, the new parent, the name. */
struct loom_link_req {
	struct loom_fid fid;
	struct loom_fid parent;
	__le32	name_len;
	__le32	padding;
	/* char name[name_len] */
};

struct loom_statfs_rep {
	__le64	blocks;			/* in units of bsize */
	__le64	bfree;
	__le64	bavail;
	__le64	files;
	__le64	ffree;
	__le32	bsize;
	__le32	namelen;
};

/* OST I/O on one object.  READ and WRITE move data through a loomnet MD
 * the client attached on LOOMNET_PORTAL_BULK with match bits @bulk_match:
 * the OST PUTs read data into it, or GETs write data from it.
 *
 * Short I/O (OSTs with %LOOM_FEAT_SHORT_IO): with %LOOM_IO_INLINE in
 * @flags, @count at most %LOOM_SHORT_IO_MAX and @bulk_match 0, the data
 * rides in the messages instead: a WRITE's @count bytes follow the
 * request, a READ's reply is followed by the @count bytes it read.  It
 * saves the bulk transfer's round trip on small I/O.
 */
struct loom_ost_io_req {
	struct loom_fid oid;
	__le64	offset;
	__le64	count;			/* <= LOOM_MAX_RPC_BULK */
	__le64	bulk_match;
	__le32	flags;			/* LOOM_IO_* */
	__le32	padding;
};

#define LOOM_IO_INLINE		0x1	/* short I/O: the data is inline */
#define LOOM_SHORT_IO_MAX	16384

struct loom_ost_io_rep {
	__le64	count;			/* bytes read or written */
	__le64	obj_size;		/* object size after the operation */
};

/* GETATTR, DESTROY, SYNC on an object; PUNCH of [start, end): end
 * LOOM_OBJ_EOF truncates to start.
 */
struct loom_ost_obj_req {
	struct loom_fid oid;
	__le64	start;
	__le64	end;
};

#define LOOM_OBJ_EOF	(~0ULL)

struct loom_ost_obj_rep {
	__le64	size;
	__le64	blocks;			/* 512-byte units */
	__le64	mtime_sec;
	__le32	mtime_nsec;
	__le32	padding;
};

/**
 * struct loom_ost_setattr_req - OST_SETATTR: set the times of an object
 * @oid: the object
 * @valid: LOOM_ATTR_ATIME, LOOM_ATTR_MTIME and LOOM_ATTR_CTIME bits, at
 *	least one, saying which times to set
 * @mtime_sec: modification time, seconds (signed) since the epoch
 * @atime_sec: access time
 * @ctime_sec: change time
 * @mtime_nsec: nanoseconds of @mtime_sec, below 1000000000
 * @atime_nsec: nanoseconds of @atime_sec
 * @ctime_nsec: nanoseconds of @ctime_sec
 * @padding: zero
 *
 * The mtime of a regular file is the newest of the MDT's and those of its
 * objects, so that writes, which only reach the OSTs, show.  A time set
 * explicitly (utimes(), touch -d) therefore has to reach the objects too:
 * after the MDT's SETATTR succeeded, the client sends OST_SETATTR with the
 * same times to every object of the file, on the OSTs that negotiated
 * %LOOM_FEAT_OST_SETATTR.  An object not written to yet is created, so
 * that OST_GETATTR reports the times set.  Times not flagged in @valid
 * must be zero.  The reply is a struct loom_ost_obj_rep of the object
 * after the change.
 */
struct loom_ost_setattr_req {
	struct loom_fid oid;
	__le64	valid;
	__le64	mtime_sec;
	__le64	atime_sec;
	__le64	ctime_sec;
	__le32	mtime_nsec;
	__le32	atime_nsec;
	__le32	ctime_nsec;
	__le32	padding;
};

#define LOOM_OST_SETATTR_VALID	(LOOM_ATTR_ATIME | LOOM_ATTR_MTIME | \
				 LOOM_ATTR_CTIME)

/*
 * The distributed lock manager (DLM).  Every MDT and OST runs a lock
 * namespace whose resources are FIDs: inodes on an MDT, objects on an
 * OST.  A client caches what a resource describes only while it holds a
 * lock on it: attributes under an inode-bits lock with LOOM_IBIT_UPDATE,
 * the names of a directory under one with LOOM_IBIT_LOOKUP, an object's
 * data and size under an extent lock.  A server that must change a
 * resource, or grant a lock that conflicts with a granted one, sends the
 * holder a blocking callback (LDLM_BL_AST) on LOOMNET_PORTAL_CB; the
 * holder writes back and drops what the lock covered and sends
 * LDLM_CANCEL.  A holder that does not cancel within the server's lock
 * timeout is evicted.  Locks of one client never conflict with each other
 * nor with the changes that client makes.
 */
enum loom_ldlm_type {
	LOOM_LDLM_IBITS		= 1,	/* MDT: inode bits */
	LOOM_LDLM_EXTENT	= 2,	/* OST: byte range of an object */
};

enum loom_ldlm_mode {
	LOOM_LCK_PR		= 1,	/* protected read: shared */
	LOOM_LCK_PW		= 2,	/* protected write: exclusive */
};

#define LOOM_IBIT_LOOKUP	0x1	/* a directory's names */
#define LOOM_IBIT_UPDATE	0x2	/* attributes */
#define LOOM_IBIT_XATTR		0x4	/* extended attributes, ACLs */
#define LOOM_IBIT_ALL		0x7	/* every bit that caches state */
#define LOOM_IBIT_OPEN		0x8	/* the file is open (OPEN_LOCK) */
#define LOOM_IBIT_VALID		(LOOM_IBIT_ALL | LOOM_IBIT_OPEN)

/* LDLM_ENQUEUE intents (MDT only). */
enum loom_ldlm_intent {
	LOOM_IT_NONE		= 0,
	LOOM_IT_GETATTR		= 1,	/* reply: the resource's attributes */
	LOOM_IT_LOOKUP		= 2,	/* reply: the child's, name in the tail */
	LOOM_IT_GLIMPSE		= 3,	/* OST, PR: the size, lock or not */
	LOOM_IT_REPLAY		= 4,	/* MDT, PR OPEN: held before a restart */
};

/**
 * struct loom_ldlm_enqueue_req - LDLM_ENQUEUE: ask for a lock
 * @res: the resource: an inode's FID (MDT) or an object's (OST)
 * @cookie: the client's name for the lock, non-zero, unique among the
 *	client's locks; callbacks carry it
 * @type: enum loom_ldlm_type, LOOM_LDLM_IBITS on an MDT, EXTENT on an OST
 * @mode: enum loom_ldlm_mode
 * @bits: inode bits (LOOM_IBIT_*), non-zero for IBITS, zero for EXTENT
 * @start: first byte of an extent lock (zero for IBITS)
 * @end: last byte of an extent lock, inclusive, @start <= @end
 * @intent: enum loom_ldlm_intent; LOOM_IT_NONE on an OST
 * @name_len: LOOM_IT_LOOKUP: bytes of name following, else zero
 *
 * An extent lock may be granted larger than asked for, never smaller.
 */
struct loom_ldlm_enqueue_req {
	struct loom_fid res;
	__le64	cookie;
	__le32	type;
	__le32	mode;
	__le64	bits;
	__le64	start;
	__le64	end;
	__le32	intent;
	__le32	name_len;
	/* char name[name_len], padded to 8 bytes */
};

/**
 * struct loom_ldlm_enqueue_rep - the granted lock
 * @handle: the server's name for the lock, non-zero
 * @mode: granted mode, as asked
 * @flags: LOOM_LDLM_F_*
 * @bits: granted inode bits (IBITS)
 * @start: granted extent (EXTENT)
 * @end: inclusive
 * @lvb: OST: the object as it is at the grant (its size, blocks, mtime)
 *
 * On an MDT with an intent, struct loom_body_attr_layout follows: the
 * resource's (GETATTR) or the child's (LOOKUP; all zero with
 * LOOM_LDLM_F_NEGATIVE when the name does not exist, the lock on the
 * directory being granted all the same).
 */
struct loom_ldlm_enqueue_rep {
	__le64	handle;
	__le32	mode;
	__le32	flags;
	__le64	bits;
	__le64	start;
	__le64	end;
	struct loom_ost_obj_rep lvb;
};

#define LOOM_LDLM_F_NEGATIVE	0x1	/* LOOKUP: no such name */
#define LOOM_LDLM_F_GLIMPSE	0x2	/* GLIMPSE: no lock, only @lvb */

/*
 * A glimpse (LOOM_IT_GLIMPSE, OSTs with %LOOM_FEAT_GLIMPSE) asks for the
 * size of an object without taking the lock from a writer.  When no other
 * client's lock conflicts with the PR lock asked for, it is granted as
 * without the intent.  Otherwise nothing is granted: the OST sends each
 * holder of a conflicting lock an LDLM_GL_AST (struct loom_ldlm_cb with
 * that opcode), whose answer, an LDLM_GL_REPLY request, says the object
 * as the holder knows it, cached writes included; the OST waits a few
 * seconds for the answers and replies with %LOOM_LDLM_F_GLIMPSE, a zero
 * handle, mode, bits and extent, and in @lvb the largest size and newest
 * mtime of the object on disk and of the answers.  Holders that do not
 * answer (or cancel meanwhile, their data written back) are not waited
 * for further.
 */

#define LOOM_LDLM_CANCEL_MAX	64

/**
 * struct loom_ldlm_cancel_req - LDLM_CANCEL: give locks back
 * @count: entries in @handles, 1 to LOOM_LDLM_CANCEL_MAX
 * @padding: zero
 * @handles: the server's handles of the locks; unknown ones are ignored
 */
struct loom_ldlm_cancel_req {
	__le32	count;
	__le32	padding;
	__le64	handles[];
};

/**
 * struct loom_ldlm_cb - LDLM_BL_AST, a callback from server to client
 * @hdr: a request header: opcode LDLM_BL_AST, xid the lock's handle, the
 *	client's connection handle, target the sender's index
 * @target_type: enum loom_target_type of the sender
 * @padding: zero
 * @cookie: the client's name for the lock
 * @handle: the server's
 *
 * Sent to LOOMNET_PORTAL_CB with the cookie as match bits, again every few
 * seconds until the lock is cancelled.  Nothing answers it but the
 * LDLM_CANCEL; a callback for a lock the client does not know is answered
 * with a cancel of @handle.
 */
struct loom_ldlm_cb {
	struct loom_msg_hdr hdr;
	__le32	target_type;
	__le32	padding;
	__le64	cookie;
	__le64	handle;
};

/**
 * struct loom_ldlm_gl_reply - LDLM_GL_REPLY: a holder answers a glimpse
 * @handle: the server's handle of the lock the LDLM_GL_AST named
 * @flags: LOOM_GL_F_*
 * @padding: zero
 * @lvb: with %LOOM_GL_F_KNOWN, the object as the holder knows it: its
 *	size (cached writes included) and mtime; @lvb.blocks is zero
 *
 * Served beside LDLM_CANCEL, never behind enqueues.  An answer for a lock
 * the OST no longer knows, or of another client, is ignored.
 */
struct loom_ldlm_gl_reply {
	__le64	handle;
	__le32	flags;
	__le32	padding;
	struct loom_ost_obj_rep lvb;
};

#define LOOM_GL_F_KNOWN		0x1	/* @lvb holds the holder's view */

/**
 * struct loom_ost_create_req - OST_PRECREATE and OST_ORPHAN, MDT to OST
 * @mdt_index: the MDT asking, below %LOOM_MAX_TARGETS: its objects on
 *	this OST are in sequence loom_ost_seq(@mdt_index, OST index)
 * @count: PRECREATE: how many objects, 1 to %LOOM_OST_CREATE_MAX;
 *	ORPHAN: 0
 * @id: PRECREATE: the first object id to create, not 0, with
 *	@id + @count - 1 not above U32_MAX; ORPHAN: the last object id the
 *	MDT handed out (0: none)
 * @flags: zero
 *
 * PRECREATE makes sure empty objects [@id, @id + @count) exist and that
 * the OST's LAST_ID of the sequence is at least @id + @count - 1, durably
 * before the objects are made.  ORPHAN destroys the objects of the
 * sequence above @id up to LAST_ID (the MDT never handed them out) and
 * sets LAST_ID to @id.  Both reply with struct loom_ost_create_rep.
 */
struct loom_ost_create_req {
	__le32	mdt_index;
	__le32	count;
	__le32	id;
	__le32	flags;
};

/**
 * struct loom_ost_create_rep - reply of OST_PRECREATE and OST_ORPHAN
 * @last_id: the last object id that exists for the MDT now: PRECREATE
 *	may stop short of @id + @count - 1 when the OST is full
 * @padding: zero
 */
struct loom_ost_create_rep {
	__le32	last_id;
	__le32	padding;
};

#define LOOM_OST_CREATE_MAX	4096

static_assert(sizeof(struct loom_ldlm_enqueue_req) == 64);
static_assert(sizeof(struct loom_ldlm_gl_reply) == 48);
static_assert(sizeof(struct loom_ldlm_enqueue_rep) == 72);
static_assert(sizeof(struct loom_ldlm_cancel_req) == 8);
static_assert(sizeof(struct loom_ldlm_cb) == 72);
static_assert(sizeof(struct loomnet_nid) == 20);
static_assert(sizeof(struct loom_msg_hdr) == 48);
static_assert(offsetof(struct loom_msg_hdr, xid) == 16);
static_assert(offsetof(struct loom_msg_hdr, body_len) == 40);
static_assert(sizeof(struct loom_fid) == 16);
static_assert(sizeof(struct loom_connect_req) == 40);
static_assert(sizeof(struct loom_connect_rep) == 40);
static_assert(sizeof(struct loom_ost_obj) == 24);
static_assert(sizeof(struct loom_layout) == 16 + 24 * LOOM_MAX_STRIPES);
static_assert(sizeof(struct loom_layout_default) == 8);
static_assert(sizeof(struct loom_mgs_register_req) == 64);
static_assert(sizeof(struct loom_target_entry) == 36);
static_assert(sizeof(struct loom_mgs_config_rep) == 24);
static_assert(sizeof(struct loom_attr) == 104);
static_assert(offsetof(struct loom_attr, size) == 40);
static_assert(sizeof(struct loom_lookup_req) == 24);
static_assert(sizeof(struct loom_create_req) == 64);
static_assert(sizeof(struct loom_unlink_req) == 40);
static_assert(sizeof(struct loom_readdir_req) == 32);
static_assert(sizeof(struct loom_readdir_rep) == 16);
static_assert(sizeof(struct loom_dirent) == 32);
static_assert(sizeof(struct loom_rename_req) == 64);
static_assert(sizeof(struct loom_link_req) == 40);
static_assert(sizeof(struct loom_release_req) == 16);
static_assert(sizeof(struct loom_statfs_rep) == 48);
static_assert(sizeof(struct loom_ost_io_req) == 48);
static_assert(sizeof(struct loom_ost_io_rep) == 16);
static_assert(sizeof(struct loom_ost_obj_req) == 32);
static_assert(sizeof(struct loom_ost_obj_rep) == 32);
static_assert(sizeof(struct loom_ost_setattr_req) == 64);
static_assert(sizeof(struct loom_ost_create_req) == 16);
static_assert(sizeof(struct loom_ost_create_rep) == 8);
static_assert(offsetof(struct loom_ost_setattr_req, mtime_nsec) == 48);

/*
 * Additions (server side).
 */

/* FIDs.  Every MDT allocates inodes in its own sequence; the root
 * directory is a fixed FID of MDT0.  Objects on OST n live in sequence
 * LOOM_FID_SEQ_OST + n with object ids allocated by the MDT.
 */
#define LOOM_FID_SEQ_OST	0x100000000ULL
#define LOOM_FID_SEQ_MDT	0x200000000ULL
#define LOOM_FID_SEQ_ROOT	LOOM_FID_SEQ_MDT
#define LOOM_FID_OID_ROOT	1

/* The sequence of an MDT's objects on an OST. */
static inline u64 loom_ost_seq(u32 mdt_index, u32 ost_index)
{
	return LOOM_FID_SEQ_OST + ((u64)mdt_index << 16) + ost_index;
}

/* Longest symlink target, without a NUL. */
#define LOOM_SYMLINK_MAX	4095

/* Largest object size the OST accepts (offset + count). */
#define LOOM_MAX_OBJ_SIZE	BIT_ULL(50)
#define LOOM_MAX_FILE_SIZE	((1ULL << 63) - 1)

/* MGS_REGISTER reply: nothing but the status. */

/* READLINK: request is a struct loom_getattr_req; reply: */
struct loom_readlink_rep {
	__le32	len;			/* bytes of target, no NUL */
	__le32	padding;
	/* char target[len] */
};

/* RENAME reply: struct loom_body_attr_layout of the inode the rename
 * replaced (attr.valid == 0 if none); when its last link went away
 * (attr.nlink == 0) the layout lists its objects, destroyed as UNLINK's
 * (loom_rename_req.flags may carry %LOOM_UNLINK_KEEP).
 * With RENAME_EXCHANGE nothing is replaced (attr.valid == 0).
 */

/* LINK and SETATTR reply with struct loom_body_attr_layout of the inode.
 * MDT_STATFS and OST_STATFS have an empty request and reply with
 * struct loom_statfs_rep.
 */

/* SETSTRIPE: set a directory's default layout (all zero: remove it).
 * The reply is struct loom_body_attr_layout of the directory.
 */
struct loom_setstripe_req {
	struct loom_fid fid;
	struct loom_layout_default layout;
};

/* Extended attributes: names of at most LOOM_XATTR_NAME_MAX bytes in the
 * user., trusted., security. and system.posix_acl_ namespaces, values of
 * at most LOOM_XATTR_SIZE_MAX bytes, at most LOOM_XATTR_LIST_MAX bytes of
 * names (each with its NUL) per inode.
 */
#define LOOM_XATTR_NAME_MAX	255
#define LOOM_XATTR_SIZE_MAX	32768
#define LOOM_XATTR_LIST_MAX	32768

/* loom_xattr_req.flags */
#define LOOM_XATTR_CREATE	0x1	/* fail with -EEXIST if it exists */
#define LOOM_XATTR_REPLACE	0x2	/* fail with -ENODATA if it does not */
#define LOOM_XATTR_REMOVE	0x4	/* remove it (-ENODATA if none) */
#define LOOM_XATTR_MODE		0x8	/* access ACL: @mode comes with it */

/**
 * struct loom_xattr_req - GETXATTR, SETXATTR and LISTXATTR
 * @fid: the inode
 * @name_len: bytes of the name that follows (no NUL); 0 for LISTXATTR
 * @value_len: SETXATTR: bytes of the value after the name (0 with
 *	LOOM_XATTR_REMOVE); GETXATTR and LISTXATTR: the caller's buffer
 *	size, 0 to learn the size only
 * @flags: SETXATTR: LOOM_XATTR_* bits; otherwise 0
 * @mode: with %LOOM_XATTR_MODE (SETXATTR of system.posix_acl_access
 *	only): the inode's new mode bits (07777), set in the same
 *	transaction; the rwx bits of an ACL set win over those of @mode.
 *	A remove of an absent ACL then only sets the mode.  Otherwise 0.
 *
 * The reply of GETXATTR and LISTXATTR is a struct loom_xattr_rep and, if
 * @value_len was not 0, the value or the names (each NUL-terminated);
 * -ERANGE if they do not fit in @value_len, -ENODATA if there is no such
 * attribute.  SETXATTR replies with struct loom_body_attr_layout.
 */
struct loom_xattr_req {
	struct loom_fid fid;
	__le32	name_len;
	__le32	value_len;
	__le32	flags;
	__le32	mode;
	/* char name[name_len]; u8 value[value_len] (SETXATTR) */
};

/**
 * struct loom_xattr_rep - reply of GETXATTR and LISTXATTR
 * @size: bytes of the value or of the names
 * @padding: zero
 */
struct loom_xattr_rep {
	__le32	size;
	__le32	padding;
};

/*
 * POSIX ACLs travel and are stored as the values of the xattrs
 * system.posix_acl_access and system.posix_acl_default, in the portable
 * format of the xattr system calls: a header, then entries sorted by tag
 * and, for named users and groups, by id.  Ids are those of the initial
 * user namespace; the id of the other tags is LOOM_ACL_UNDEFINED_ID.
 */
#define LOOM_ACL_XATTR_ACCESS	"system.posix_acl_access"
#define LOOM_ACL_XATTR_DEFAULT	"system.posix_acl_default"
#define LOOM_ACL_VERSION	2
#define LOOM_ACL_USER_OBJ	0x01
#define LOOM_ACL_USER		0x02
#define LOOM_ACL_GROUP_OBJ	0x04
#define LOOM_ACL_GROUP		0x08
#define LOOM_ACL_MASK		0x10
#define LOOM_ACL_OTHER		0x20
#define LOOM_ACL_UNDEFINED_ID	0xffffffffU

/**
 * struct loom_acl_hdr - header of an ACL
 * @version: %LOOM_ACL_VERSION
 */
struct loom_acl_hdr {
	__le32	version;
};

/**
 * struct loom_acl_entry - one entry of an ACL
 * @tag: LOOM_ACL_USER_OBJ ... LOOM_ACL_OTHER
 * @perm: 0-7: read 4, write 2, execute 1
 * @id: uid or gid of LOOM_ACL_USER and LOOM_ACL_GROUP entries
 */
struct loom_acl_entry {
	__le16	tag;
	__le16	perm;
	__le32	id;
};

static_assert(sizeof(struct loom_xattr_req) == 32);
static_assert(sizeof(struct loom_create_acl) == 8);
static_assert(sizeof(struct loom_acl_hdr) == 4);
static_assert(sizeof(struct loom_acl_entry) == 8);
static_assert(sizeof(struct loom_xattr_rep) == 8);

/* Replies of OST READ and WRITE set LOOM_MSG_BULK_DONE in the header when
 * the OST moved data through the client's MD; without it the MD was not
 * touched (nothing to read).
 */

static_assert(sizeof(struct loom_readlink_rep) == 8);
static_assert(sizeof(struct loom_setstripe_req) == 24);

/**
 * struct loom_ost_falloc_req - OST_FALLOCATE: allocate a range of an object
 * @oid: the object, created when it does not exist
 * @start: object offset of the range
 * @end: one past its last byte: @start < @end <= %LOOM_MAX_OBJ_SIZE
 * @mode: 0 (the object's size grows to @end if it was smaller) or
 *	%LOOM_FALLOC_KEEP_SIZE (the size stays)
 * @padding: zero
 *
 * Sent only to OSTs that negotiated %LOOM_FEAT_FALLOC.  After it, writes
 * into the range do not fail for want of space.  The range reads as zeros
 * where it held no data and keeps its data elsewhere; it is a hole for
 * OST_SEEK where it held no data.  -ENOSPC when the target cannot
 * reserve the space (part of it may stay allocated), -EOPNOTSUPP when
 * its storage cannot reserve space at all.  The reply is a
 * struct loom_ost_obj_rep of the object after the change.
 */
struct loom_ost_falloc_req {
	struct loom_fid oid;
	__le64	start;
	__le64	end;
	__le32	mode;
	__le32	padding;
};

#define LOOM_FALLOC_KEEP_SIZE	0x0001
#define LOOM_FALLOC_VALID	LOOM_FALLOC_KEEP_SIZE

/**
 * struct loom_ost_seek_req - OST_SEEK: the next data or hole of an object
 * @oid: the object; one that does not exist is all hole
 * @offset: object offset to look from, <= %LOOM_MAX_OBJ_SIZE
 * @whence: %LOOM_SEEK_DATA or %LOOM_SEEK_HOLE
 * @padding: zero
 *
 * Sent only to OSTs that negotiated %LOOM_FEAT_SEEK.  The reply is a
 * struct loom_ost_seek_rep.
 */
struct loom_ost_seek_req {
	struct loom_fid oid;
	__le64	offset;
	__le32	whence;
	__le32	padding;
};

#define LOOM_SEEK_DATA		3	/* the values of lseek(2) */
#define LOOM_SEEK_HOLE		4

/**
 * struct loom_ost_seek_rep - reply of OST_SEEK
 * @offset: the first object offset at or after the request's that holds
 *	data (%LOOM_SEEK_DATA) or is a hole (%LOOM_SEEK_HOLE); an object has
 *	a hole at its end, so a hole is always found.  %LOOM_OBJ_EOF when
 *	no data follows.  Never below the request's offset, never above
 *	%LOOM_MAX_OBJ_SIZE but for %LOOM_OBJ_EOF.
 * @size: the object's size, 0 for one that does not exist
 *
 * Storage that cannot tell answers as if all were data: %LOOM_SEEK_DATA
 * returns the offset asked when below @size, %LOOM_SEEK_HOLE returns @size
 * or the offset asked, whichever is larger.
 */
struct loom_ost_seek_rep {
	__le64	offset;
	__le64	size;
};

static_assert(sizeof(struct loom_ost_falloc_req) == 40);
static_assert(sizeof(struct loom_ost_seek_req) == 32);
static_assert(sizeof(struct loom_ost_seek_rep) == 16);
static_assert(sizeof(struct loom_flock_req) == 56);
static_assert(sizeof(struct loom_flock_rep) == 24);

/*
 * Configuration changes (%LOOM_FEAT_MGS_NOTIFY).  The MGS runs a lock
 * namespace with one resource, LOOM_FID_SEQ_MGS:LOOM_FID_OID_MGS_CONFIG.
 * A client holds a PR IBITS lock with LOOM_IBIT_UPDATE on it while it
 * uses the configuration; the MGS changes the configuration under a PW
 * lock, which calls the clients' locks back: each cancels, enqueues again
 * (granted once the change is done) and fetches the new configuration.
 */
#define LOOM_FID_SEQ_MGS	0x300000000ULL
#define LOOM_FID_OID_MGS_CONFIG	1

/**
 * struct loom_mgs_config_ext - follows struct loom_mgs_config_req
 * @flags: LOOM_MGS_CONFIG_* bits
 * @padding: zero
 *
 * Sent only to an MGS that negotiated %LOOM_FEAT_MGS_NOTIFY.
 */
struct loom_mgs_config_ext {
	__le32	flags;
	__le32	padding;
};

#define LOOM_MGS_CONFIG_TUNABLES 0x1	/* append struct loom_mgs_tunables */

/**
 * struct loom_mgs_tunables - what clients apply, after the target entries
 * @readahead_kb: readahead window in KiB, 0 for the client's default
 * @padding: zero
 * @reserved: zero
 */
struct loom_mgs_tunables {
	__le32	readahead_kb;
	__le32	padding;
	__le64	reserved[3];
};

static_assert(sizeof(struct loom_mgs_config_ext) == 8);
static_assert(sizeof(struct loom_mgs_tunables) == 32);

int loom_wire_check_config_ext(const void *body, u32 len, bool tunables);

/*
 * Validators (wire.c): 0 or a negative errno; each checks every field of
 * what arrived, in wire byte order.
 */
int loom_wire_check_hdr(const void *buf, size_t len, bool reply);
int loom_wire_check_name(const char *name, u32 len);
int loom_wire_check_fsname(const char *fsname);
int loom_wire_check_fid(const struct loom_fid *fid);
int loom_wire_check_nid(const struct loomnet_nid *nid);
int loom_wire_check_layout(const struct loom_layout *layout);
int loom_wire_check_layout_default(const struct loom_layout_default *ld);
int loom_wire_check_attr(const struct loom_attr *attr);
int loom_wire_check_readdir(const void *body, u32 len);
int loom_wire_check_config(const void *body, u32 len);
int loom_wire_check_ost_setattr(const struct loom_ost_setattr_req *req);
int loom_wire_check_ost_falloc(const struct loom_ost_falloc_req *req);
int loom_wire_check_ost_io(const struct loom_ost_io_req *req, u32 len,
			   u16 opcode);
int loom_wire_check_ost_seek(const struct loom_ost_seek_req *req);
int loom_wire_check_flock(const void *body, u32 len);
int loom_wire_check_flock_rep(const void *body, u32 len);
int loom_wire_check_ost_seek_rep(const struct loom_ost_seek_rep *rep,
				 u64 offset, u32 whence);
int loom_wire_check_ost_create(const void *body, u32 len, u16 opcode);
int loom_wire_check_xattr_name(const char *name, u32 len);
int loom_wire_check_xattr(const void *body, u32 len, u16 opcode);
int loom_xattr_list_check(const char *list, u32 len);
int loom_xattr_list_add(char *list, u32 len, u32 max, const char *name,
			u32 name_len);
int loom_xattr_list_del(char *list, u32 len, const char *name, u32 name_len);
int loom_acl_check(const void *buf, u32 len);
int loom_acl_mode(const void *buf, u32 len, u32 *mode);
int loom_acl_chmod(void *buf, u32 len, u32 mode);
bool loom_wire_opcode_valid(u16 opcode, u32 target_type);
size_t loom_layout_size(u16 stripe_count);

#endif /* _LOOM_WIRE_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * Loom on-disk records of the persistent OSD: encoding and checking.
 * Pure functions of their arguments, built into loom.ko and into
 * mkfs.loom, fsck.loom and the unit tests.  A decoder never trusts its
 * input: a bad magic, version, length or checksum is -EUCLEAN.
 */
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <asm/byteorder.h>
#include "disk.h"

#ifndef EUCLEAN
#define EUCLEAN 117
#endif

/**
 * loom_disk_crc32c() - CRC32C (Castagnoli), bitwise
 * @crc: 0 to start, or the result of a previous call to go on
 * @buf: bytes
 * @len: their number
 *
 * Slow but table-free: records are small.
 *
 * Return: the CRC.
 */
u32 loom_disk_crc32c(u32 crc, const void *buf, size_t len)
{
	const u8 *p = buf;
	int k;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0x82f63b78U & (0U - (crc & 1)));
	}
	return ~crc;
}

/**
 * loom_disk_label_encode() - fill a target label
 * @l: the label
 * @type: enum loom_target_type
 * @index: target index
 * @fsname: filesystem name, at most 15 characters
 * @uuid: 16 bytes
 * @now: seconds since the epoch
 */
void loom_disk_label_encode(struct loom_disk_label *l, u32 type, u32 index,
			    const char *fsname, const u8 *uuid, u64 now)
{
	size_t n = strlen(fsname);

	memset(l, 0, sizeof(*l));
	l->magic = cpu_to_le32(LOOM_DISK_LABEL_MAGIC);
	l->version = cpu_to_le16(LOOM_DISK_VERSION);
	l->type = cpu_to_le16(type);
	l->index = cpu_to_le32(index);
	memcpy(l->fsname, fsname, n < sizeof(l->fsname) ? n :
	       sizeof(l->fsname) - 1);
	memcpy(l->uuid, uuid, sizeof(l->uuid));
	l->mkfs_time = cpu_to_le64(now);
	l->crc = cpu_to_le32(loom_disk_crc32c(0, l,
					      offsetof(struct loom_disk_label,
						       crc)));
}

/**
 * loom_disk_label_check() - check a label read from disk
 * @buf: the LABEL file's contents
 * @len: their length
 *
 * Return: 0, or -EUCLEAN for a wrong length, magic, checksum, version,
 * flags, type or an fsname not NUL-terminated.
 */
int loom_disk_label_check(const void *buf, size_t len)
{
	const struct loom_disk_label *l = buf;
	u32 type;

	if (len != sizeof(*l) || le32_to_cpu(l->magic) != LOOM_DISK_LABEL_MAGIC)
		return -EUCLEAN;
	if (le32_to_cpu(l->crc) !=
	    loom_disk_crc32c(0, l, offsetof(struct loom_disk_label, crc)))
		return -EUCLEAN;
	type = le16_to_cpu(l->type);
	if (le16_to_cpu(l->version) != LOOM_DISK_VERSION || l->flags ||
	    type < LOOM_TGT_MGS || type > LOOM_TGT_OST ||
	    !memchr(l->fsname, 0, sizeof(l->fsname)) || !l->fsname[0])
		return -EUCLEAN;
	return 0;
}

/**
 * loom_disk_attr_encode() - fill an attribute record
 * @d: the record
 * @a: the attributes
 */
void loom_disk_attr_encode(struct loom_disk_attr *d,
			   const struct loom_disk_attr_info *a)
{
	memset(d, 0, sizeof(*d));
	d->magic = cpu_to_le32(LOOM_DISK_ATTR_MAGIC);
	d->version = cpu_to_le16(LOOM_DISK_VERSION);
	d->len = cpu_to_le16(sizeof(*d));
	d->mode = cpu_to_le32(a->mode);
	d->nlink = cpu_to_le32(a->nlink);
	d->uid = cpu_to_le32(a->uid);
	d->gid = cpu_to_le32(a->gid);
	d->rdev = cpu_to_le32(a->rdev);
	d->flags = cpu_to_le64(a->flags);
	d->atime_sec = cpu_to_le64((u64)a->atime_sec);
	d->mtime_sec = cpu_to_le64((u64)a->mtime_sec);
	d->ctime_sec = cpu_to_le64((u64)a->ctime_sec);
	d->atime_nsec = cpu_to_le32(a->atime_nsec);
	d->mtime_nsec = cpu_to_le32(a->mtime_nsec);
	d->ctime_nsec = cpu_to_le32(a->ctime_nsec);
	d->crc = cpu_to_le32(loom_disk_crc32c(0, d,
					      offsetof(struct loom_disk_attr,
						       crc)));
}

/* Is @mode a file type Loom stores? */
static bool loom_disk_mode_ok(u32 mode)
{
	switch (mode & 0170000) {
	case 0100000:	/* S_IFREG */
	case 0040000:	/* S_IFDIR */
	case 0120000:	/* S_IFLNK */
	case 0020000:	/* S_IFCHR */
	case 0060000:	/* S_IFBLK */
	case 0010000:	/* S_IFIFO */
	case 0140000:	/* S_IFSOCK */
		return !(mode & ~0177777U);
	default:
		return false;
	}
}

/**
 * loom_disk_attr_decode() - check and decode an attribute record
 * @buf: the xattr's value
 * @len: its length
 * @a: the attributes, filled on success
 *
 * Return: 0, or -EUCLEAN for a wrong length, magic, version, checksum,
 * file type or nanoseconds.
 */
int loom_disk_attr_decode(const void *buf, size_t len,
			  struct loom_disk_attr_info *a)
{
	const struct loom_disk_attr *d = buf;

	if (len != sizeof(*d) || le32_to_cpu(d->magic) != LOOM_DISK_ATTR_MAGIC ||
	    le16_to_cpu(d->version) != LOOM_DISK_VERSION ||
	    le16_to_cpu(d->len) != sizeof(*d))
		return -EUCLEAN;
	if (le32_to_cpu(d->crc) !=
	    loom_disk_crc32c(0, d, offsetof(struct loom_disk_attr, crc)))
		return -EUCLEAN;
	a->mode = le32_to_cpu(d->mode);
	a->nlink = le32_to_cpu(d->nlink);
	a->uid = le32_to_cpu(d->uid);
	a->gid = le32_to_cpu(d->gid);
	a->rdev = le32_to_cpu(d->rdev);
	a->flags = le64_to_cpu(d->flags);
	a->atime_sec = (s64)le64_to_cpu(d->atime_sec);
	a->mtime_sec = (s64)le64_to_cpu(d->mtime_sec);
	a->ctime_sec = (s64)le64_to_cpu(d->ctime_sec);
	a->atime_nsec = le32_to_cpu(d->atime_nsec);
	a->mtime_nsec = le32_to_cpu(d->mtime_nsec);
	a->ctime_nsec = le32_to_cpu(d->ctime_nsec);
	if (!loom_disk_mode_ok(a->mode) || a->atime_nsec >= 1000000000U ||
	    a->mtime_nsec >= 1000000000U || a->ctime_nsec >= 1000000000U)
		return -EUCLEAN;
	return 0;
}

/**
 * loom_disk_de_reclen() - bytes a directory index record takes
 * @name_len: length of its name
 *
 * Return: the record length, a multiple of 8.
 */
u32 loom_disk_de_reclen(u32 name_len)
{
	return (sizeof(struct loom_disk_dirent) + name_len + 7) & ~7U;
}

static u32 loom_disk_de_crc(const struct loom_disk_dirent *d, const void *name,
			    u32 len)
{
	u32 crc = loom_disk_crc32c(0, &d->name_len,
				   offsetof(struct loom_disk_dirent, crc) -
				   offsetof(struct loom_disk_dirent, name_len));

	return loom_disk_crc32c(crc, name, len);
}

/**
 * loom_disk_de_encode() - build a live directory index record
 * @buf: where
 * @size: room in @buf
 * @name: entry name
 * @len: its length, 1 to LOOM_NAME_MAX
 * @fid: the FID it names
 * @type: its DT_* type
 *
 * Return: the record length, or 0 if it does not fit or @len is invalid.
 */
u32 loom_disk_de_encode(void *buf, size_t size, const char *name, u32 len,
			const struct loom_fid *fid, u32 type)
{
	struct loom_disk_dirent *d = buf;
	u32 reclen = loom_disk_de_reclen(len);

	if (!len || len > LOOM_NAME_MAX || type > 15 || size < reclen)
		return 0;
	memset(buf, 0, reclen);
	d->magic = cpu_to_le32(LOOM_DISK_DE_LIVE);
	d->name_len = cpu_to_le16(len);
	d->type = cpu_to_le16(type);
	d->fid = *fid;
	memcpy(d + 1, name, len);
	d->crc = cpu_to_le32(loom_disk_de_crc(d, name, len));
	return reclen;
}

/**
 * loom_disk_de_decode() - check and decode a directory index record
 * @buf: bytes at the record's offset
 * @len: bytes available there
 * @de: the decoded record, pointing into @buf
 *
 * Return: 0, -ENODATA if @len is 0 (the end of the index), or -EUCLEAN
 * for a truncated record, bad magic, length, type or checksum.
 */
int loom_disk_de_decode(const void *buf, size_t len,
			struct loom_disk_de_info *de)
{
	const struct loom_disk_dirent *d = buf;
	u32 magic, nlen;

	if (!len)
		return -ENODATA;
	if (len < sizeof(*d))
		return -EUCLEAN;
	magic = le32_to_cpu(d->magic);
	nlen = le16_to_cpu(d->name_len);
	if ((magic != LOOM_DISK_DE_LIVE && magic != LOOM_DISK_DE_DEAD) ||
	    !nlen || nlen > LOOM_NAME_MAX || le16_to_cpu(d->type) > 15 ||
	    d->reserved || len < loom_disk_de_reclen(nlen))
		return -EUCLEAN;
	if (le32_to_cpu(d->crc) != loom_disk_de_crc(d, d + 1, nlen))
		return -EUCLEAN;
	de->live = magic == LOOM_DISK_DE_LIVE;
	de->type = le16_to_cpu(d->type);
	de->name_len = nlen;
	de->name = (const char *)(d + 1);
	de->fid = d->fid;
	de->reclen = loom_disk_de_reclen(nlen);
	return 0;
}

static u32 loom_disk_reply_crc(const struct loom_disk_reply *d,
			       const void *body, u32 len)
{
	u32 crc = loom_disk_crc32c(0, d, offsetof(struct loom_disk_reply, crc));

	return loom_disk_crc32c(crc, body, len);
}

/**
 * loom_disk_reply_encode() - build a reply log record
 * @buf: where
 * @size: room in @buf
 * @r: what to record; @r->body holds @r->body_len bytes
 *
 * Return: the bytes used, or 0 if the record does not fit in @size or in
 * LOOM_DISK_REPLY_SIZE, or @r->status is not 0 or a negative errno.
 */
u32 loom_disk_reply_encode(void *buf, size_t size,
			   const struct loom_disk_reply_info *r)
{
	struct loom_disk_reply *d = buf;
	u32 len = sizeof(*d) + r->body_len;

	if (r->body_len > LOOM_DISK_REPLY_SIZE - sizeof(*d) || size < len ||
	    r->status > 0 || r->status < -4095)
		return 0;
	memset(d, 0, sizeof(*d));
	d->magic = cpu_to_le32(LOOM_DISK_REPLY_MAGIC);
	d->version = cpu_to_le16(LOOM_DISK_VERSION);
	d->opcode = cpu_to_le16(r->opcode);
	d->cookie = cpu_to_le64(r->cookie);
	d->xid = cpu_to_le64(r->xid);
	d->transno = cpu_to_le64(r->transno);
	d->time = cpu_to_le64(r->time);
	d->status = cpu_to_le32((u32)r->status);
	d->flags = cpu_to_le32(r->flags);
	d->body_len = cpu_to_le32(r->body_len);
	if (r->body_len)
		memcpy(d + 1, r->body, r->body_len);
	d->crc = cpu_to_le32(loom_disk_reply_crc(d, d + 1, r->body_len));
	return len;
}

/**
 * loom_disk_reply_decode() - check and decode a reply log record
 * @buf: bytes at the record's offset
 * @len: bytes available there (at most LOOM_DISK_REPLY_SIZE are used)
 * @r: the decoded record, @r->body pointing into @buf
 *
 * Return: 0, -ENODATA for a free record (a zero magic, or @len 0), or
 * -EUCLEAN for a truncated record, bad magic, version, status, length or
 * checksum.
 */
int loom_disk_reply_decode(const void *buf, size_t len,
			   struct loom_disk_reply_info *r)
{
	const struct loom_disk_reply *d = buf;
	u32 blen;
	s32 status;

	if (!len || (len >= sizeof(d->magic) && !d->magic))
		return -ENODATA;
	if (len < sizeof(*d))
		return -EUCLEAN;
	blen = le32_to_cpu(d->body_len);
	status = (s32)le32_to_cpu(d->status);
	if (le32_to_cpu(d->magic) != LOOM_DISK_REPLY_MAGIC ||
	    le16_to_cpu(d->version) != LOOM_DISK_VERSION ||
	    blen > LOOM_DISK_REPLY_SIZE - sizeof(*d) ||
	    len < sizeof(*d) + blen || status > 0 || status < -4095 ||
	    !d->xid || !d->cookie)
		return -EUCLEAN;
	if (le32_to_cpu(d->crc) != loom_disk_reply_crc(d, d + 1, blen))
		return -EUCLEAN;
	r->cookie = le64_to_cpu(d->cookie);
	r->xid = le64_to_cpu(d->xid);
	r->transno = le64_to_cpu(d->transno);
	r->time = le64_to_cpu(d->time);
	r->opcode = le16_to_cpu(d->opcode);
	r->status = status;
	r->flags = le32_to_cpu(d->flags);
	r->body_len = blen;
	r->body = d + 1;
	return 0;
}

/**
 * loom_disk_objhash() - the hash directory of an object
 * @fid: the object's FID
 *
 * Return: 0 to LOOM_DISK_NR_HASH - 1: the object is in "O/%02x".
 */
u32 loom_disk_objhash(const struct loom_fid *fid)
{
	u64 seq = le64_to_cpu(fid->seq);

	return (le32_to_cpu(fid->oid) ^ seq ^ (seq >> 16)) & 0xff;
}

static void loom_disk_hex(char *p, u64 v, int digits)
{
	static const char hex[] = "0123456789abcdef";

	while (digits--) {
		p[digits] = hex[v & 15];
		v >>= 4;
	}
}

/**
 * loom_disk_objname() - relative path of an object's backing file
 * @buf: output, NUL-terminated: "O/hh/SEQ-OID-VER" in hex
 * @size: room in @buf, at least 5 + LOOM_DISK_OBJNAME_LEN + 1
 * @fid: the object's FID
 *
 * Return: the length written, or -ENAMETOOLONG.
 */
int loom_disk_objname(char *buf, size_t size, const struct loom_fid *fid)
{
	u64 seq = le64_to_cpu(fid->seq);
	u32 oid = le32_to_cpu(fid->oid);
	char *p = buf;

	if (size < 5 + LOOM_DISK_OBJNAME_LEN + 1)
		return -ENAMETOOLONG;
	memcpy(p, "O/", 2);
	loom_disk_hex(p + 2, loom_disk_objhash(fid), 2);
	p[4] = '/';
	p += 5;
	loom_disk_hex(p, seq, 16);
	p[16] = '-';
	loom_disk_hex(p + 17, oid, 8);
	p[25] = '-';
	loom_disk_hex(p + 26, le32_to_cpu(fid->ver), 8);
	p[34] = 0;
	return 5 + LOOM_DISK_OBJNAME_LEN;
}

static int loom_disk_unhex(const char *p, int digits, u64 *v)
{
	*v = 0;
	while (digits--) {
		char c = *p++;

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			*v |= c - 'a' + 10;
		else
			return -EINVAL;
	}
	return 0;
}

/**
 * loom_disk_objname_parse() - the FID of a backing file's name
 * @name: the name in its hash directory ("SEQ-OID-VER")
 * @len: its length
 * @fid: the FID
 *
 * Return: 0, or -EINVAL if @name is not an object name.
 */
int loom_disk_objname_parse(const char *name, size_t len,
			    struct loom_fid *fid)
{
	u64 seq, oid, ver;

	if (len != LOOM_DISK_OBJNAME_LEN || name[16] != '-' || name[25] != '-' ||
	    loom_disk_unhex(name, 16, &seq) ||
	    loom_disk_unhex(name + 17, 8, &oid) ||
	    loom_disk_unhex(name + 26, 8, &ver))
		return -EINVAL;
	fid->seq = cpu_to_le64(seq);
	fid->oid = cpu_to_le32((u32)oid);
	fid->ver = cpu_to_le32((u32)ver);
	return 0;
}

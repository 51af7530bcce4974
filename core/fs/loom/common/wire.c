// SPDX-License-Identifier: GPL-2.0
/*
 * Loom wire protocol: validation of everything that arrives.
 *
 * Each function checks every field of one structure, in wire byte order,
 * and returns 0 or a negative errno (-EPROTO for a malformed message,
 * -EINVAL or -ENAMETOOLONG where POSIX has a better word).  The code only
 * uses types, errno values and byte order helpers, so that it also builds
 * in userspace for unit tests and fuzzing.
 */
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <asm/byteorder.h>
#include "wire.h"

#define LOOM_S_IFMT		0170000
#define LOOM_MODE_MASK		(LOOM_S_IFMT | 07777)
#define LOOM_NSEC_PER_SEC	1000000000U
#define LOOM_STRIPE_UNIT	(64U * 1024)
#define LOOM_ANY_COUNT		0xffff
#define LOOM_ANY_OFFSET		0xffff
#define LOOM_MAX_ERRNO		4095

/**
 * loom_wire_opcode_valid() - whether a target type serves an opcode
 * @opcode: enum loom_opcode
 * @target_type: enum loom_target_type, or 0 for "any target"
 *
 * Return: true if @opcode exists and, when @target_type is not 0, is
 * served by that type of target.
 */
bool loom_wire_opcode_valid(u16 opcode, u32 target_type)
{
	switch (opcode) {
	case LOOM_OPC_CONNECT:
	case LOOM_OPC_DISCONNECT:
	case LOOM_OPC_PING:
		return target_type <= LOOM_TGT_OST;
	case LOOM_OPC_MGS_REGISTER:
	case LOOM_OPC_MGS_CONFIG:
		return !target_type || target_type == LOOM_TGT_MGS;
	case LOOM_OPC_MDT_GETATTR ... LOOM_OPC_MDT_LISTXATTR:
	case LOOM_OPC_MDT_RELEASE:
	case LOOM_OPC_MDT_FLOCK:
	case LOOM_OPC_MDT_REPLAY_DONE:
		return !target_type || target_type == LOOM_TGT_MDT;
	case LOOM_OPC_OST_READ ... LOOM_OPC_OST_SETATTR:
	case LOOM_OPC_OST_FALLOCATE:
	case LOOM_OPC_OST_SEEK:
	case LOOM_OPC_OST_PRECREATE:
	case LOOM_OPC_OST_ORPHAN:
		return !target_type || target_type == LOOM_TGT_OST;
	case LOOM_OPC_LDLM_ENQUEUE:
	case LOOM_OPC_LDLM_CANCEL:
		return target_type <= LOOM_TGT_OST;
	case LOOM_OPC_LDLM_BL_AST:
	case LOOM_OPC_LDLM_GL_AST:
		return !target_type;
	case LOOM_OPC_LDLM_GL_REPLY:
		return !target_type || target_type == LOOM_TGT_OST;
	default:
		return false;
	}
}

/**
 * loom_wire_check_hdr() - validate the header of a received message
 * @buf: the message
 * @len: its length
 * @reply: whether it must be a reply (else a request)
 *
 * Return: 0 if @buf starts with a well-formed header whose body_len
 * accounts for the rest of @len exactly, else -EPROTO.
 */
int loom_wire_check_hdr(const void *buf, size_t len, bool reply)
{
	const struct loom_msg_hdr *hdr = buf;
	u32 flags, allowed;
	s32 status;

	if (!buf || len < sizeof(*hdr))
		return -EPROTO;
	if (le32_to_cpu(hdr->magic) != LOOM_MSG_MAGIC ||
	    le16_to_cpu(hdr->version) != LOOM_PROTO_VERSION)
		return -EPROTO;
	if (le32_to_cpu(hdr->body_len) != len - sizeof(*hdr))
		return -EPROTO;
	if (!loom_wire_opcode_valid(le16_to_cpu(hdr->opcode), 0))
		return -EPROTO;
	if (le32_to_cpu(hdr->target) >= LOOM_MAX_TARGETS)
		return -EPROTO;

	flags = le32_to_cpu(hdr->flags);
	status = (s32)le32_to_cpu(hdr->status);
	if (reply) {
		allowed = LOOM_MSG_REPLY | LOOM_MSG_RESENT | LOOM_MSG_BULK_DONE;
		if (!(flags & LOOM_MSG_REPLY))
			return -EPROTO;
		if (status > 0 || status < -LOOM_MAX_ERRNO)
			return -EPROTO;
	} else {
		allowed = LOOM_MSG_RESENT;
		if (status || hdr->transno)
			return -EPROTO;
	}
	if (flags & ~allowed)
		return -EPROTO;
	if (!hdr->xid)
		return -EPROTO;
	return 0;
}

static int loom_check_name_chars(const char *name, u32 len)
{
	u32 i;

	if (!len)
		return -EINVAL;
	if (len > LOOM_NAME_MAX)
		return -ENAMETOOLONG;
	for (i = 0; i < len; i++)
		if (name[i] == '/' || name[i] == '\0')
			return -EINVAL;
	return 0;
}

/**
 * loom_wire_check_name() - validate a name in a directory
 * @name: the name, not NUL-terminated
 * @len: its length
 *
 * Return: 0 for 1 to %LOOM_NAME_MAX bytes without '/' or NUL that are not
 * "." or "..", -ENAMETOOLONG if too long, else -EINVAL.
 */
int loom_wire_check_name(const char *name, u32 len)
{
	int ret = loom_check_name_chars(name, len);

	if (ret)
		return ret;
	if (name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.')))
		return -EINVAL;
	return 0;
}

/**
 * loom_wire_check_fsname() - validate a filesystem name
 * @fsname: %LOOM_FSNAME_MAX bytes
 *
 * Return: 0 if @fsname holds 1 to %LOOM_FSNAME_MAX - 1 characters of
 * [A-Za-z0-9_-] followed by NUL bytes, else -EINVAL.
 */
int loom_wire_check_fsname(const char *fsname)
{
	size_t i, len = 0;

	while (len < LOOM_FSNAME_MAX && fsname[len])
		len++;
	if (!len || len == LOOM_FSNAME_MAX)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		char c = fsname[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return -EINVAL;
	}
	for (i = len; i < LOOM_FSNAME_MAX; i++)
		if (fsname[i])
			return -EINVAL;
	return 0;
}

/**
 * loom_wire_check_fid() - validate a FID
 * @fid: the FID
 *
 * Return: 0 if the sequence is not 0 and the version is 0, else -EINVAL.
 */
int loom_wire_check_fid(const struct loom_fid *fid)
{
	if (!fid->seq || fid->ver)
		return -EINVAL;
	return 0;
}

/**
 * loom_layout_size() - bytes of a layout with a number of stripes
 * @stripe_count: number of objects
 *
 * Return: size of the fixed part plus @stripe_count objects.
 */
size_t loom_layout_size(u16 stripe_count)
{
	return offsetof(struct loom_layout, objs) +
	       (size_t)stripe_count * sizeof(struct loom_ost_obj);
}

static int loom_check_stripe_size(u32 size)
{
	if (size % LOOM_STRIPE_UNIT)
		return -EINVAL;
	/* a multiple of 64 KiB in 32 bits is at most 4 GiB - 64 KiB */
	return 0;
}

/**
 * loom_wire_check_layout() - validate a file layout
 * @layout: the layout, with room for %LOOM_MAX_STRIPES objects
 *
 * Return: 0 if magic, pattern, stripe size (a non-zero multiple of 64 KiB)
 * and count (at most %LOOM_MAX_STRIPES) are valid and each object names a
 * valid FID on a valid OST index; 0 also for a layout whose magic is 0 and
 * stripe_count 0 (none yet); else -EINVAL.
 */
int loom_wire_check_layout(const struct loom_layout *layout)
{
	u16 count = le16_to_cpu(layout->stripe_count);
	u32 size = le32_to_cpu(layout->stripe_size);
	u16 i;

	if (!layout->magic && !count)
		return 0;
	if (le32_to_cpu(layout->magic) != LOOM_LAYOUT_MAGIC ||
	    le32_to_cpu(layout->pattern) != LOOM_LAYOUT_RAID0)
		return -EINVAL;
	if (!size || loom_check_stripe_size(size))
		return -EINVAL;
	if (count > LOOM_MAX_STRIPES)
		return -EINVAL;
	for (i = 0; i < count; i++) {
		const struct loom_ost_obj *obj = &layout->objs[i];

		if (le32_to_cpu(obj->ost_index) >= LOOM_MAX_TARGETS ||
		    obj->padding || loom_wire_check_fid(&obj->oid))
			return -EINVAL;
	}
	return 0;
}

/**
 * loom_wire_check_layout_default() - validate a default layout request
 * @ld: the default layout
 *
 * Return: 0 if the stripe size is 0 (inherit) or a multiple of 64 KiB, the
 * count 0 (inherit), at most %LOOM_MAX_STRIPES or 0xffff (all OSTs), and
 * the offset an OST index or 0xffff (any); else -EINVAL.
 */
int loom_wire_check_layout_default(const struct loom_layout_default *ld)
{
	u16 count = le16_to_cpu(ld->stripe_count);
	u16 offset = le16_to_cpu(ld->stripe_offset);

	if (loom_check_stripe_size(le32_to_cpu(ld->stripe_size)))
		return -EINVAL;
	if (count > LOOM_MAX_STRIPES && count != LOOM_ANY_COUNT)
		return -EINVAL;
	if (offset >= LOOM_MAX_TARGETS && offset != LOOM_ANY_OFFSET)
		return -EINVAL;
	return 0;
}

/**
 * loom_wire_check_attr() - validate attributes
 * @attr: the attributes
 *
 * Only fields flagged in @attr->valid are checked, except the FID, which
 * must always be valid.
 *
 * Return: 0 or -EINVAL.
 */
int loom_wire_check_attr(const struct loom_attr *attr)
{
	u64 valid = le64_to_cpu(attr->valid);

	if (valid & ~LOOM_ATTR_ALL)
		return -EINVAL;
	if (loom_wire_check_fid(&attr->fid))
		return -EINVAL;
	if ((valid & LOOM_ATTR_MODE) &&
	    (le32_to_cpu(attr->mode) & ~LOOM_MODE_MASK))
		return -EINVAL;
	if ((valid & LOOM_ATTR_ATIME) &&
	    le32_to_cpu(attr->atime_nsec) >= LOOM_NSEC_PER_SEC)
		return -EINVAL;
	if ((valid & LOOM_ATTR_MTIME) &&
	    le32_to_cpu(attr->mtime_nsec) >= LOOM_NSEC_PER_SEC)
		return -EINVAL;
	if ((valid & LOOM_ATTR_CTIME) &&
	    le32_to_cpu(attr->ctime_nsec) >= LOOM_NSEC_PER_SEC)
		return -EINVAL;
	if ((valid & LOOM_ATTR_SIZE) && le64_to_cpu(attr->size) > LOOM_MAX_FILE_SIZE)
		return -EINVAL;
	return 0;
}

/**
 * loom_wire_check_readdir() - validate a READDIR reply body
 * @body: struct loom_readdir_rep and its entries
 * @len: body length
 *
 * Walks every entry: each must lie within @len, be 8-byte aligned, carry
 * a valid FID, a DT_* type and a name of 1 to %LOOM_NAME_MAX bytes
 * without '/' or NUL; the entries must fill @len exactly.
 *
 * Return: 0 or -EPROTO.
 */
int loom_wire_check_readdir(const void *body, u32 len)
{
	const struct loom_readdir_rep *rep = body;
	const unsigned char *p = body;
	u32 nr, i, off;

	if (len < sizeof(*rep) || rep->padding)
		return -EPROTO;
	nr = le32_to_cpu(rep->nr_entries);
	off = sizeof(*rep);
	for (i = 0; i < nr; i++) {
		const struct loom_dirent *de;
		u32 name_len, reclen;

		if (len - off < sizeof(*de))
			return -EPROTO;
		de = (const struct loom_dirent *)(p + off);
		name_len = le32_to_cpu(de->name_len);
		if (name_len > LOOM_NAME_MAX || le32_to_cpu(de->type) > 15)
			return -EPROTO;
		reclen = (sizeof(*de) + name_len + 7) & ~7U;
		if (len - off < reclen)
			return -EPROTO;
		if (loom_check_name_chars((const char *)(de + 1), name_len) ||
		    loom_wire_check_fid(&de->fid))
			return -EPROTO;
		off += reclen;
	}
	if (off != len)
		return -EPROTO;
	return 0;
}

/**
 * loom_wire_check_nid() - validate a NID
 * @nid: the NID
 *
 * Return: 0 for a TCP NID of a known family (IPv4 ones with the unused
 * address bytes zero), else -EPROTO.
 */
int loom_wire_check_nid(const struct loomnet_nid *nid)
{
	if (nid->lnd != LOOMNET_LND_TCP)
		return -EPROTO;
	if (nid->family == LOOMNET_AF_INET) {
		static const u8 zero[12];

		if (memcmp(nid->addr + 4, zero, sizeof(zero)))
			return -EPROTO;
		return 0;
	}
	return nid->family == LOOMNET_AF_INET6 ? 0 : -EPROTO;
}

/**
 * loom_wire_check_config() - validate an MGS_CONFIG reply body
 * @body: struct loom_mgs_config_rep and its target entries
 * @len: body length
 *
 * Return: 0 if the default layout is valid and exactly nr_targets entries
 * follow, each of a known type with an index below %LOOM_MAX_TARGETS, a
 * valid TCP NID and known flags; else -EPROTO.
 */
int loom_wire_check_config(const void *body, u32 len)
{
	return loom_wire_check_config_ext(body, len, false);
}

/**
 * loom_wire_check_config_ext() - validate an MGS_CONFIG reply body
 * @body: struct loom_mgs_config_rep, its target entries and, with
 *	@tunables, a struct loom_mgs_tunables
 * @len: body length
 * @tunables: the request asked for %LOOM_MGS_CONFIG_TUNABLES
 *
 * Return: 0 if valid as loom_wire_check_config() says, with the tunables
 * in range and their padding zero; else -EPROTO.
 */
int loom_wire_check_config_ext(const void *body, u32 len, bool tunables)
{
	const struct loom_mgs_config_rep *rep = body;
	const struct loom_target_entry *te;
	u32 nr, i;

	if (tunables) {
		const struct loom_mgs_tunables *tun;

		if (len < sizeof(*rep) + sizeof(*tun))
			return -EPROTO;
		len -= sizeof(*tun);
		tun = (const void *)((const char *)body + len);
		if (tun->padding || tun->reserved[0] || tun->reserved[1] ||
		    tun->reserved[2] ||
		    le32_to_cpu(tun->readahead_kb) > (1U << 20))
			return -EPROTO;
	}
	if (len < sizeof(*rep) || rep->padding)
		return -EPROTO;
	if (loom_wire_check_layout_default(&rep->def_layout))
		return -EPROTO;
	nr = le32_to_cpu(rep->nr_targets);
	if (nr > 2 * LOOM_MAX_TARGETS + 1 ||
	    len - sizeof(*rep) != (size_t)nr * sizeof(*te))
		return -EPROTO;
	te = (const struct loom_target_entry *)(rep + 1);
	for (i = 0; i < nr; i++, te++) {
		u32 type = le32_to_cpu(te->type);

		if (type < LOOM_TGT_MGS || type > LOOM_TGT_OST ||
		    le32_to_cpu(te->index) >= LOOM_MAX_TARGETS ||
		    (le32_to_cpu(te->flags) & ~LOOM_TGT_F_ACTIVE) ||
		    te->padding || loom_wire_check_nid(&te->nid))
			return -EPROTO;
	}
	return 0;
}

/* A time of OST_SETATTR: set, with valid nanoseconds, or all zero. */
static int loom_check_set_time(bool set, __le64 sec, __le32 nsec)
{
	if (!set)
		return sec || nsec ? -EINVAL : 0;
	return le32_to_cpu(nsec) < LOOM_NSEC_PER_SEC ? 0 : -EINVAL;
}

/**
 * loom_wire_check_ost_create() - validate an OST_PRECREATE or OST_ORPHAN body
 * @body: the request body
 * @len: its length
 * @opcode: %LOOM_OPC_OST_PRECREATE or %LOOM_OPC_OST_ORPHAN
 *
 * Return: 0, -EPROTO for a bad length or flags, -EINVAL for bad values.
 */
int loom_wire_check_ost_create(const void *body, u32 len, u16 opcode)
{
	const struct loom_ost_create_req *req = body;
	u32 count, id;

	if (len != sizeof(*req) || req->flags)
		return -EPROTO;
	if (le32_to_cpu(req->mdt_index) >= LOOM_MAX_TARGETS)
		return -EINVAL;
	count = le32_to_cpu(req->count);
	id = le32_to_cpu(req->id);
	if (opcode == LOOM_OPC_OST_ORPHAN)
		return count ? -EINVAL : 0;
	if (opcode != LOOM_OPC_OST_PRECREATE)
		return -EINVAL;
	if (!id || !count || count > LOOM_OST_CREATE_MAX ||
	    id - 1 > ~0U - count)
		return -EINVAL;
	return 0;
}

/**
 * loom_wire_check_ost_setattr() - validate an OST_SETATTR request body
 * @req: the body
 *
 * Return: 0 if the object's FID is valid, @req->valid holds at least one
 * of %LOOM_OST_SETATTR_VALID and nothing else, each time flagged has
 * nanoseconds below one second, the times not flagged are zero and so is
 * the padding; else -EINVAL.
 */
int loom_wire_check_ost_setattr(const struct loom_ost_setattr_req *req)
{
	u64 valid = le64_to_cpu(req->valid);

	if (!valid || (valid & ~LOOM_OST_SETATTR_VALID) || req->padding)
		return -EINVAL;
	if (loom_wire_check_fid(&req->oid))
		return -EINVAL;
	if (loom_check_set_time(valid & LOOM_ATTR_MTIME, req->mtime_sec,
				req->mtime_nsec) ||
	    loom_check_set_time(valid & LOOM_ATTR_ATIME, req->atime_sec,
				req->atime_nsec) ||
	    loom_check_set_time(valid & LOOM_ATTR_CTIME, req->ctime_sec,
				req->ctime_nsec))
		return -EINVAL;
	return 0;
}

/**
 * loom_wire_check_xattr_name() - validate an extended attribute's name
 * @name: the name, not NUL-terminated
 * @len: its length
 *
 * Return: 0 for a name of at most %LOOM_XATTR_NAME_MAX bytes with no NUL
 * in the user., trusted. or security. namespace with something after the
 * prefix, or system.posix_acl_access or system.posix_acl_default;
 * -ERANGE if too long, -EOPNOTSUPP for another namespace, else -EINVAL.
 */
int loom_wire_check_xattr_name(const char *name, u32 len)
{
	static const char *const prefixes[] = {
		"user.", "trusted.", "security.",
	};
	static const char *const acls[] = {
		"system.posix_acl_access", "system.posix_acl_default",
	};
	unsigned int i;
	size_t plen;

	if (!len)
		return -EINVAL;
	if (len > LOOM_XATTR_NAME_MAX)
		return -ERANGE;
	if (memchr(name, '\0', len))
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(acls); i++)
		if (len == strlen(acls[i]) && !memcmp(name, acls[i], len))
			return 0;
	for (i = 0; i < ARRAY_SIZE(prefixes); i++) {
		plen = strlen(prefixes[i]);
		if (len >= plen && !memcmp(name, prefixes[i], plen))
			return len > plen ? 0 : -EINVAL;
	}
	return -EOPNOTSUPP;
}

/**
 * loom_wire_check_xattr() - validate a GETXATTR, SETXATTR or LISTXATTR
 * @body: the request body
 * @len: its length
 * @opcode: which of the three
 *
 * Return: 0, -EPROTO for a malformed body, or what
 * loom_wire_check_xattr_name() says of the name; -E2BIG for a value over
 * %LOOM_XATTR_SIZE_MAX.  The value of an ACL is checked by the caller
 * (loom_acl_check()).
 */
int loom_wire_check_xattr(const void *body, u32 len, u16 opcode)
{
	const struct loom_xattr_req *req = body;
	u32 name_len, value_len, flags, mode;
	u64 need;

	if (len < sizeof(*req) || loom_wire_check_fid(&req->fid))
		return -EPROTO;
	name_len = le32_to_cpu(req->name_len);
	value_len = le32_to_cpu(req->value_len);
	flags = le32_to_cpu(req->flags);
	mode = le32_to_cpu(req->mode);
	if ((flags & LOOM_XATTR_MODE) ? mode & ~07777U : mode)
		return -EPROTO;
	switch (opcode) {
	case LOOM_OPC_MDT_LISTXATTR:
		if (name_len || flags || len != sizeof(*req))
			return -EPROTO;
		return 0;
	case LOOM_OPC_MDT_GETXATTR:
		need = sizeof(*req) + (u64)name_len;
		/* bodies may be padded to 8 bytes */
		if (flags || name_len > LOOM_XATTR_NAME_MAX || len < need ||
		    len > ((need + 7) & ~7ULL))
			return -EPROTO;
		break;
	case LOOM_OPC_MDT_SETXATTR:
		if (flags & ~(LOOM_XATTR_CREATE | LOOM_XATTR_REPLACE |
			      LOOM_XATTR_REMOVE | LOOM_XATTR_MODE))
			return -EPROTO;
		/* a mode goes with the access ACL only */
		if ((flags & LOOM_XATTR_MODE) &&
		    (name_len != strlen(LOOM_ACL_XATTR_ACCESS) ||
		     memcmp(req + 1, LOOM_ACL_XATTR_ACCESS, name_len)))
			return -EPROTO;
		if ((flags & LOOM_XATTR_REMOVE) &&
		    (value_len || (flags & LOOM_XATTR_CREATE)))
			return -EPROTO;
		if ((flags & LOOM_XATTR_CREATE) && (flags & LOOM_XATTR_REPLACE))
			return -EPROTO;
		/* bounded first: the sum below cannot wrap */
		if (value_len > LOOM_XATTR_SIZE_MAX)
			return -E2BIG;
		need = sizeof(*req) + (u64)name_len + value_len;
		if (name_len > LOOM_XATTR_NAME_MAX || len < need ||
		    len > ((need + 7) & ~7ULL))
			return -EPROTO;
		break;
	default:
		return -EPROTO;
	}
	return loom_wire_check_xattr_name((const char *)(req + 1), name_len);
}

/**
 * loom_xattr_list_check() - validate a stored list of xattr names
 * @list: the names, each NUL-terminated
 * @len: bytes in @list
 *
 * Return: 0 if every entry is a valid name, -EUCLEAN otherwise.
 */
int loom_xattr_list_check(const char *list, u32 len)
{
	const char *end;
	u32 off = 0, n;

	if (len > LOOM_XATTR_LIST_MAX)
		return -EUCLEAN;
	while (off < len) {
		end = memchr(list + off, '\0', len - off);
		if (!end)
			return -EUCLEAN;
		n = end - (list + off);
		if (loom_wire_check_xattr_name(list + off, n))
			return -EUCLEAN;
		off += n + 1;
	}
	return 0;
}

/* Offset of @name in @list, or -1. */
static long loom_xattr_list_find(const char *list, u32 len, const char *name,
				 u32 name_len)
{
	u32 off = 0, n;

	while (off < len) {
		n = strnlen(list + off, len - off);
		if (n == name_len && !memcmp(list + off, name, n))
			return off;
		off += n + 1;
	}
	return -1;
}

/**
 * loom_xattr_list_add() - add a name to a checked list of xattr names
 * @list: the names, each NUL-terminated, in a buffer of @max bytes
 * @len: bytes used
 * @max: size of the buffer
 * @name: the name, not NUL-terminated
 * @name_len: its length
 *
 * Return: the new length (@len if the name was there), or -ENOSPC.
 */
int loom_xattr_list_add(char *list, u32 len, u32 max, const char *name,
			u32 name_len)
{
	if (loom_xattr_list_find(list, len, name, name_len) >= 0)
		return len;
	if (len + name_len + 1 > max || len + name_len + 1 > LOOM_XATTR_LIST_MAX)
		return -ENOSPC;
	memcpy(list + len, name, name_len);
	list[len + name_len] = '\0';
	return len + name_len + 1;
}

/**
 * loom_xattr_list_del() - remove a name from a checked list of xattr names
 * @list: the names, each NUL-terminated
 * @len: bytes used
 * @name: the name, not NUL-terminated
 * @name_len: its length
 *
 * Return: the new length, or -ENODATA if the name is not there.
 */
int loom_xattr_list_del(char *list, u32 len, const char *name, u32 name_len)
{
	long off = loom_xattr_list_find(list, len, name, name_len);

	if (off < 0)
		return -ENODATA;
	memmove(list + off, list + off + name_len + 1,
		len - off - name_len - 1);
	return len - name_len - 1;
}

/* Entry @i of an ACL of any alignment, in native byte order. */
static void loom_acl_entry_get(const void *buf, u32 i, u16 *tag, u16 *perm,
			       u32 *id)
{
	struct loom_acl_entry e;

	memcpy(&e, (const u8 *)buf + sizeof(struct loom_acl_hdr) +
	       (size_t)i * sizeof(e), sizeof(e));
	*tag = le16_to_cpu(e.tag);
	*perm = le16_to_cpu(e.perm);
	*id = le32_to_cpu(e.id);
}

/**
 * loom_acl_check() - validate a POSIX ACL in the portable xattr format
 * @buf: the value, of any alignment
 * @len: its length
 *
 * The rules of posix_acl_valid(): version %LOOM_ACL_VERSION, at least one
 * entry, permissions within 07, exactly one owner, owning group and other
 * entry, named users then named groups in increasing id order with valid
 * ids, and a mask, at most one, whenever there is a named entry.
 *
 * Return: 0 for a valid ACL, else -EINVAL.
 */
int loom_acl_check(const void *buf, u32 len)
{
	enum { S_START, S_UOBJ, S_USER, S_GOBJ, S_GROUP, S_MASK, S_OTHER };
	u32 i, count, id, prev = 0, state = S_START;
	struct loom_acl_hdr hdr;
	bool named = false;
	u16 tag, perm;

	if (len < sizeof(hdr) ||
	    (len - sizeof(hdr)) % sizeof(struct loom_acl_entry) ||
	    len > LOOM_XATTR_SIZE_MAX)
		return -EINVAL;
	memcpy(&hdr, buf, sizeof(hdr));
	if (le32_to_cpu(hdr.version) != LOOM_ACL_VERSION)
		return -EINVAL;
	count = (len - sizeof(hdr)) / sizeof(struct loom_acl_entry);
	if (!count)
		return -EINVAL;
	for (i = 0; i < count; i++) {
		loom_acl_entry_get(buf, i, &tag, &perm, &id);
		if (perm & ~7)
			return -EINVAL;
		switch (tag) {
		case LOOM_ACL_USER_OBJ:
			if (state != S_START)
				return -EINVAL;
			state = S_UOBJ;
			break;
		case LOOM_ACL_USER:
			if ((state != S_UOBJ && state != S_USER) ||
			    id == LOOM_ACL_UNDEFINED_ID ||
			    (state == S_USER && id <= prev))
				return -EINVAL;
			state = S_USER;
			prev = id;
			named = true;
			break;
		case LOOM_ACL_GROUP_OBJ:
			if (state != S_UOBJ && state != S_USER)
				return -EINVAL;
			state = S_GOBJ;
			break;
		case LOOM_ACL_GROUP:
			if ((state != S_GOBJ && state != S_GROUP) ||
			    id == LOOM_ACL_UNDEFINED_ID ||
			    (state == S_GROUP && id <= prev))
				return -EINVAL;
			state = S_GROUP;
			prev = id;
			named = true;
			break;
		case LOOM_ACL_MASK:
			if (state != S_GOBJ && state != S_GROUP)
				return -EINVAL;
			state = S_MASK;
			break;
		case LOOM_ACL_OTHER:
			if (state != S_GOBJ && state != S_GROUP &&
			    state != S_MASK)
				return -EINVAL;
			if (named && state != S_MASK)
				return -EINVAL;
			state = S_OTHER;
			break;
		default:
			return -EINVAL;
		}
	}
	return state == S_OTHER ? 0 : -EINVAL;
}

/**
 * loom_acl_mode() - the permission bits a valid ACL grants
 * @buf: an ACL that passed loom_acl_check()
 * @len: its length
 * @mode: set to the owner's, the group class's (the mask if there is
 *	one, else the owning group) and the others' permissions, as 0777
 *	bits, as posix_acl_equiv_mode() computes them
 *
 * Return: 0 if the ACL says no more than @mode, 1 if it has named
 * entries or a mask, -EINVAL if it is not valid.
 */
int loom_acl_mode(const void *buf, u32 len, u32 *mode)
{
	u32 i, count, id, m = 0, group = 0;
	bool ext = false, mask = false;
	u16 tag, perm;

	if (loom_acl_check(buf, len))
		return -EINVAL;
	count = (len - sizeof(struct loom_acl_hdr)) /
		sizeof(struct loom_acl_entry);
	for (i = 0; i < count; i++) {
		loom_acl_entry_get(buf, i, &tag, &perm, &id);
		switch (tag) {
		case LOOM_ACL_USER_OBJ:
			m |= perm << 6;
			break;
		case LOOM_ACL_GROUP_OBJ:
			if (!mask)
				group = perm;
			break;
		case LOOM_ACL_MASK:
			group = perm;
			mask = true;
			ext = true;
			break;
		case LOOM_ACL_OTHER:
			m |= perm;
			break;
		default:
			ext = true;
			break;
		}
	}
	*mode = m | group << 3;
	return ext ? 1 : 0;
}

/**
 * loom_acl_chmod() - apply chmod's permission bits to a valid ACL
 * @buf: an ACL that passed loom_acl_check(), changed in place
 * @len: its length
 * @mode: the new mode; its 0777 bits count
 *
 * What __posix_acl_chmod() does: the owner entry takes the owner bits,
 * the mask (or, without one, the owning group) the group bits and the
 * other entry the other bits; named entries keep theirs.
 *
 * Return: 0, or -EINVAL if the ACL is not valid.
 */
int loom_acl_chmod(void *buf, u32 len, u32 mode)
{
	u32 i, count, id, gi = 0;
	struct loom_acl_entry e;
	bool mask = false;
	u16 tag, perm;
	u8 *p;

	if (loom_acl_check(buf, len))
		return -EINVAL;
	count = (len - sizeof(struct loom_acl_hdr)) /
		sizeof(struct loom_acl_entry);
	for (i = 0; i < count; i++) {
		loom_acl_entry_get(buf, i, &tag, &perm, &id);
		switch (tag) {
		case LOOM_ACL_USER_OBJ:
			perm = (mode >> 6) & 7;
			break;
		case LOOM_ACL_GROUP_OBJ:
			gi = i;
			continue;
		case LOOM_ACL_MASK:
			mask = true;
			perm = (mode >> 3) & 7;
			break;
		case LOOM_ACL_OTHER:
			perm = mode & 7;
			break;
		default:
			continue;
		}
		p = (u8 *)buf + sizeof(struct loom_acl_hdr) + (size_t)i * sizeof(e);
		memcpy(&e, p, sizeof(e));
		e.perm = cpu_to_le16(perm);
		memcpy(p, &e, sizeof(e));
	}
	if (!mask) {
		p = (u8 *)buf + sizeof(struct loom_acl_hdr) + (size_t)gi * sizeof(e);
		memcpy(&e, p, sizeof(e));
		e.perm = cpu_to_le16((mode >> 3) & 7);
		memcpy(p, &e, sizeof(e));
	}
	return 0;
}

/**
 * loom_wire_check_ost_falloc() - validate an OST_FALLOCATE request
 * @req: the request, as received
 *
 * Return: 0, -EPROTO for unknown mode bits or non-zero padding, -EINVAL
 * for a bad FID or an empty range, -EFBIG for a range past
 * %LOOM_MAX_OBJ_SIZE.
 */
int loom_wire_check_ost_falloc(const struct loom_ost_falloc_req *req)
{
	u64 start = le64_to_cpu(req->start), end = le64_to_cpu(req->end);

	if ((le32_to_cpu(req->mode) & ~LOOM_FALLOC_VALID) || req->padding)
		return -EPROTO;
	if (loom_wire_check_fid(&req->oid) || start >= end)
		return -EINVAL;
	if (end > LOOM_MAX_OBJ_SIZE)
		return -EFBIG;
	return 0;
}

/**
 * loom_wire_check_ost_io() - validate an OST_READ or OST_WRITE request
 * @req: the request body, as received
 * @len: its length, inline data included
 * @opcode: %LOOM_OPC_OST_READ or %LOOM_OPC_OST_WRITE
 *
 * A bulk request is exactly the fixed part with non-zero match bits; a
 * short one (%LOOM_IO_INLINE) has match bits 0, at most
 * %LOOM_SHORT_IO_MAX bytes, and for a WRITE exactly that many bytes
 * after the fixed part.
 *
 * Return: 0, -EPROTO for a wrong length, unknown flags or non-zero
 * padding, -EINVAL for a bad FID, match bits or count, -EFBIG for a range
 * past %LOOM_MAX_OBJ_SIZE.
 */
int loom_wire_check_ost_io(const struct loom_ost_io_req *req, u32 len,
			   u16 opcode)
{
	u32 flags, want = sizeof(*req);
	u64 off, count;

	if (len < sizeof(*req))
		return -EPROTO;
	flags = le32_to_cpu(req->flags);
	off = le64_to_cpu(req->offset);
	count = le64_to_cpu(req->count);
	if ((flags & ~LOOM_IO_INLINE) || req->padding)
		return -EPROTO;
	if (flags & LOOM_IO_INLINE) {
		if (req->bulk_match || !count || count > LOOM_SHORT_IO_MAX)
			return -EINVAL;
		if (opcode == LOOM_OPC_OST_WRITE)
			want += count;
	} else if (!req->bulk_match) {
		return -EINVAL;
	}
	if (len != want)
		return -EPROTO;
	if (loom_wire_check_fid(&req->oid))
		return -EINVAL;
	if (!count || count > LOOM_MAX_RPC_BULK)
		return -EINVAL;
	if (off > LOOM_MAX_OBJ_SIZE || count > LOOM_MAX_OBJ_SIZE - off)
		return -EFBIG;
	return 0;
}

/**
 * loom_wire_check_ost_seek() - validate an OST_SEEK request
 * @req: the request, as received
 *
 * Return: 0, -EPROTO for non-zero padding, -EINVAL for a bad FID, whence
 * or offset.
 */
int loom_wire_check_ost_seek(const struct loom_ost_seek_req *req)
{
	u32 whence = le32_to_cpu(req->whence);

	if (req->padding)
		return -EPROTO;
	if (loom_wire_check_fid(&req->oid) ||
	    (whence != LOOM_SEEK_DATA && whence != LOOM_SEEK_HOLE) ||
	    le64_to_cpu(req->offset) > LOOM_MAX_OBJ_SIZE)
		return -EINVAL;
	return 0;
}

/**
 * loom_wire_check_flock() - validate an MDT_FLOCK request
 * @body: the request body, as received
 * @len: its length
 *
 * A replayed lock (%LOOM_FLOCK_F_REPLAY) is a SET of a read or write lock
 * that does not wait.
 *
 * Return: 0, -EPROTO for a wrong length or non-zero padding, -EINVAL for
 * a bad FID, owner, command, type, flag or range.
 */
int loom_wire_check_flock(const void *body, u32 len)
{
	const struct loom_flock_req *req = body;
	u32 flags;
	u16 cmd, type;
	u64 start, end;

	if (len != sizeof(*req))
		return -EPROTO;
	if (req->padding)
		return -EPROTO;
	cmd = le16_to_cpu(req->cmd);
	type = le16_to_cpu(req->type);
	flags = le32_to_cpu(req->flags);
	start = le64_to_cpu(req->start);
	end = le64_to_cpu(req->end);
	if (loom_wire_check_fid(&req->fid) || !req->owner ||
	    (flags & ~LOOM_FLOCK_F_ALL) || start > end)
		return -EINVAL;
	if ((flags & LOOM_FLOCK_F_FLOCK) &&
	    (start || end != LOOM_FLOCK_EOF || (flags & LOOM_FLOCK_F_DEADLK)))
		return -EINVAL;
	if ((flags & LOOM_FLOCK_F_REPLAY) &&
	    (cmd != LOOM_FLOCK_SET || (flags & LOOM_FLOCK_F_WAIT) ||
	     (type != LOOM_FLOCK_RD && type != LOOM_FLOCK_WR)))
		return -EINVAL;
	switch (cmd) {
	case LOOM_FLOCK_SET:
		if (type < LOOM_FLOCK_RD || type > LOOM_FLOCK_UN)
			return -EINVAL;
		if (type == LOOM_FLOCK_UN && (flags & LOOM_FLOCK_F_WAIT))
			return -EINVAL;
		return 0;
	case LOOM_FLOCK_GET:
		if ((type != LOOM_FLOCK_RD && type != LOOM_FLOCK_WR) ||
		    (flags & LOOM_FLOCK_F_WAIT))
			return -EINVAL;
		return 0;
	case LOOM_FLOCK_CANCEL:
		return type ? -EINVAL : 0;
	default:
		return -EINVAL;
	}
}

/**
 * loom_wire_check_flock_rep() - validate an MDT_FLOCK reply to GET
 * @body: the reply body, as received
 * @len: its length
 *
 * Return: 0, or -EPROTO for a short reply, non-zero padding, a bad type
 * or range.
 */
int loom_wire_check_flock_rep(const void *body, u32 len)
{
	const struct loom_flock_rep *rep = body;
	u16 type;

	if (len < sizeof(*rep) || rep->padding)
		return -EPROTO;
	type = le16_to_cpu(rep->type);
	if (type < LOOM_FLOCK_RD || type > LOOM_FLOCK_UN)
		return -EPROTO;
	if (type != LOOM_FLOCK_UN &&
	    le64_to_cpu(rep->start) > le64_to_cpu(rep->end))
		return -EPROTO;
	return 0;
}

/**
 * loom_wire_check_ost_seek_rep() - validate an OST_SEEK reply
 * @rep: the reply, as received
 * @offset: the offset the request asked from
 * @whence: %LOOM_SEEK_DATA or %LOOM_SEEK_HOLE, as asked
 *
 * Return: 0, or -EPROTO when the answer lies before @offset or past
 * %LOOM_MAX_OBJ_SIZE, when a SEEK_HOLE found none, or when the size is
 * impossible.
 */
int loom_wire_check_ost_seek_rep(const struct loom_ost_seek_rep *rep,
				 u64 offset, u32 whence)
{
	u64 off = le64_to_cpu(rep->offset);

	if (le64_to_cpu(rep->size) > LOOM_MAX_OBJ_SIZE)
		return -EPROTO;
	if (off == LOOM_OBJ_EOF)
		return whence == LOOM_SEEK_DATA ? 0 : -EPROTO;
	if (off < offset || off > LOOM_MAX_OBJ_SIZE)
		return -EPROTO;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of core/fs/loom/common/wire.c.
 *
 * cc -Itests/unit/shim -Icore/include -Icore/include/uapi \
 *    tests/unit/test_wire.c core/fs/loom/common/wire.c -lcmocka
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <linux/types.h>
#include <linux/errno.h>
#include <asm/byteorder.h>
#include "../../core/fs/loom/common/wire.h"

static void fill_hdr(struct loom_msg_hdr *h, u32 body_len, bool reply)
{
	memset(h, 0, sizeof(*h));
	h->magic = cpu_to_le32(LOOM_MSG_MAGIC);
	h->version = cpu_to_le16(LOOM_PROTO_VERSION);
	h->opcode = cpu_to_le16(LOOM_OPC_MDT_GETATTR);
	h->flags = cpu_to_le32(reply ? LOOM_MSG_REPLY : 0);
	h->xid = cpu_to_le64(42);
	h->body_len = cpu_to_le32(body_len);
}

static void test_hdr(void **state)
{
	unsigned char buf[sizeof(struct loom_msg_hdr) + 16];
	struct loom_msg_hdr *h = (void *)buf;

	(void)state;
	fill_hdr(h, 16, false);
	assert_int_equal(loom_wire_check_hdr(buf, sizeof(buf), false), 0);
	assert_int_equal(loom_wire_check_hdr(buf, sizeof(buf), true), -EPROTO);
	assert_int_equal(loom_wire_check_hdr(buf, sizeof(buf) - 1, false), -EPROTO);
	assert_int_equal(loom_wire_check_hdr(buf, 10, false), -EPROTO);
	assert_int_equal(loom_wire_check_hdr(NULL, 0, false), -EPROTO);

	h->magic = 0;
	assert_int_equal(loom_wire_check_hdr(buf, sizeof(buf), false), -EPROTO);
	fill_hdr(h, 16, false);
	h->version = cpu_to_le16(2);
	assert_int_equal(loom_wire_check_hdr(buf, sizeof(buf), false), -EPROTO);
	fill_hdr(h, 16, false);
	h->opcode = cpu_to_le16(999);
	assert_int_equal(loom_wire_check_hdr(buf, sizeof(buf), false), -EPROTO);
	fill_hdr(h, 16, false);
	h->flags = cpu_to_le32(0x100);
	assert_int_equal(loom_wire_check_hdr(buf, sizeof(buf), false), -EPROTO);
	fill_hdr(h, 16, false);
	h->status = cpu_to_le32(-5);
	assert_int_equal(loom_wire_check_hdr(buf, sizeof(buf), false), -EPROTO);
	fill_hdr(h, 16, false);
	h->xid = 0;
	assert_int_equal(loom_wire_check_hdr(buf, sizeof(buf), false), -EPROTO);
	fill_hdr(h, 16, false);
	h->target = cpu_to_le32(LOOM_MAX_TARGETS);
	assert_int_equal(loom_wire_check_hdr(buf, sizeof(buf), false), -EPROTO);

	fill_hdr(h, 16, true);
	h->status = cpu_to_le32(-ENOENT);
	assert_int_equal(loom_wire_check_hdr(buf, sizeof(buf), true), 0);
	h->status = cpu_to_le32(1);
	assert_int_equal(loom_wire_check_hdr(buf, sizeof(buf), true), -EPROTO);
	h->status = cpu_to_le32(-100000);
	assert_int_equal(loom_wire_check_hdr(buf, sizeof(buf), true), -EPROTO);
}

static void test_opcodes(void **state)
{
	(void)state;
	assert_true(loom_wire_opcode_valid(LOOM_OPC_CONNECT, LOOM_TGT_OST));
	assert_true(loom_wire_opcode_valid(LOOM_OPC_MGS_CONFIG, LOOM_TGT_MGS));
	assert_false(loom_wire_opcode_valid(LOOM_OPC_MGS_CONFIG, LOOM_TGT_MDT));
	assert_true(loom_wire_opcode_valid(LOOM_OPC_MDT_SETSTRIPE, LOOM_TGT_MDT));
	assert_false(loom_wire_opcode_valid(LOOM_OPC_OST_READ, LOOM_TGT_MDT));
	assert_true(loom_wire_opcode_valid(LOOM_OPC_OST_SYNC, LOOM_TGT_OST));
	assert_true(loom_wire_opcode_valid(LOOM_OPC_OST_SETATTR, LOOM_TGT_OST));
	assert_true(loom_wire_opcode_valid(LOOM_OPC_OST_SETATTR, 0));
	assert_false(loom_wire_opcode_valid(LOOM_OPC_OST_SETATTR, LOOM_TGT_MDT));
	assert_false(loom_wire_opcode_valid(LOOM_OPC_OST_SETATTR, LOOM_TGT_MGS));
	assert_false(loom_wire_opcode_valid(48, 0));
	assert_true(loom_wire_opcode_valid(LOOM_OPC_OST_PRECREATE, LOOM_TGT_OST));
	assert_true(loom_wire_opcode_valid(LOOM_OPC_OST_ORPHAN, LOOM_TGT_OST));
	assert_false(loom_wire_opcode_valid(LOOM_OPC_OST_ORPHAN, LOOM_TGT_MDT));
	assert_false(loom_wire_opcode_valid(58, 0));
	assert_true(loom_wire_opcode_valid(LOOM_OPC_MDT_RELEASE, LOOM_TGT_MDT));
	assert_false(loom_wire_opcode_valid(LOOM_OPC_MDT_RELEASE, LOOM_TGT_OST));
	assert_false(loom_wire_opcode_valid(89, 0));
	assert_true(loom_wire_opcode_valid(LOOM_OPC_MDT_REPLAY_DONE,
					   LOOM_TGT_MDT));
	assert_false(loom_wire_opcode_valid(LOOM_OPC_MDT_REPLAY_DONE,
					    LOOM_TGT_OST));
	assert_false(loom_wire_opcode_valid(130, 0));
	assert_false(loom_wire_opcode_valid(0, 0));
}

static void test_name(void **state)
{
	char big[LOOM_NAME_MAX + 1];

	(void)state;
	assert_int_equal(loom_wire_check_name("a", 1), 0);
	assert_int_equal(loom_wire_check_name("...", 3), 0);
	assert_int_equal(loom_wire_check_name(".a", 2), 0);
	assert_int_equal(loom_wire_check_name(".", 1), -EINVAL);
	assert_int_equal(loom_wire_check_name("..", 2), -EINVAL);
	assert_int_equal(loom_wire_check_name("", 0), -EINVAL);
	assert_int_equal(loom_wire_check_name("a/b", 3), -EINVAL);
	assert_int_equal(loom_wire_check_name("a\0b", 3), -EINVAL);
	memset(big, 'x', sizeof(big));
	assert_int_equal(loom_wire_check_name(big, LOOM_NAME_MAX), 0);
	assert_int_equal(loom_wire_check_name(big, LOOM_NAME_MAX + 1),
			 -ENAMETOOLONG);
}

static void test_fsname(void **state)
{
	char f[LOOM_FSNAME_MAX];

	(void)state;
	memset(f, 0, sizeof(f));
	assert_int_equal(loom_wire_check_fsname(f), -EINVAL);
	strcpy(f, "lustre_2-x");
	assert_int_equal(loom_wire_check_fsname(f), 0);
	strcpy(f, "a b");
	assert_int_equal(loom_wire_check_fsname(f), -EINVAL);
	memset(f, 'a', sizeof(f));
	assert_int_equal(loom_wire_check_fsname(f), -EINVAL);
	memset(f, 0, sizeof(f));
	f[0] = 'a';
	f[5] = 'b';	/* garbage after the NUL */
	assert_int_equal(loom_wire_check_fsname(f), -EINVAL);
}

static void test_fid(void **state)
{
	struct loom_fid fid = { .seq = cpu_to_le64(LOOM_FID_SEQ_ROOT),
				.oid = cpu_to_le32(1) };

	(void)state;
	assert_int_equal(loom_wire_check_fid(&fid), 0);
	fid.ver = cpu_to_le32(1);
	assert_int_equal(loom_wire_check_fid(&fid), -EINVAL);
	fid.ver = 0;
	fid.seq = 0;
	assert_int_equal(loom_wire_check_fid(&fid), -EINVAL);
}


static u32 xreq(unsigned char *buf, const char *name, u32 value_len,
		u32 flags)
{
	struct loom_xattr_req *r = (struct loom_xattr_req *)buf;
	u32 n = strlen(name);

	memset(buf, 0, sizeof(*r));
	r->fid.seq = cpu_to_le64(LOOM_FID_SEQ_ROOT);
	r->fid.oid = cpu_to_le32(1);
	r->name_len = cpu_to_le32(n);
	r->value_len = cpu_to_le32(value_len);
	r->flags = cpu_to_le32(flags);
	memcpy(r + 1, name, n);
	return sizeof(*r) + n;
}

static void test_xattr_name(void **state)
{
	char big[300];

	(void)state;
	assert_int_equal(loom_wire_check_xattr_name("user.a", 6), 0);
	assert_int_equal(loom_wire_check_xattr_name("trusted.x", 9), 0);
	assert_int_equal(loom_wire_check_xattr_name("security.selinux", 16), 0);
	assert_int_equal(loom_wire_check_xattr_name("system.posix_acl_access", 23), 0);
	assert_int_equal(loom_wire_check_xattr_name("system.posix_acl_default", 24), 0);
	assert_int_equal(loom_wire_check_xattr_name("user.", 5), -EINVAL);
	assert_int_equal(loom_wire_check_xattr_name("", 0), -EINVAL);
	assert_int_equal(loom_wire_check_xattr_name("user.a\0b", 8), -EINVAL);
	assert_int_equal(loom_wire_check_xattr_name("system.other", 12), -EOPNOTSUPP);
	assert_int_equal(loom_wire_check_xattr_name("foo.bar", 7), -EOPNOTSUPP);
	memset(big, 'a', sizeof(big));
	memcpy(big, "user.", 5);
	assert_int_equal(loom_wire_check_xattr_name(big, 255), 0);
	assert_int_equal(loom_wire_check_xattr_name(big, 256), -ERANGE);
}

static void test_xattr_req(void **state)
{
	unsigned char buf[sizeof(struct loom_xattr_req) + 300 + 64];
	struct loom_xattr_req *r = (struct loom_xattr_req *)buf;
	u32 len;

	(void)state;
	len = xreq(buf, "user.k", 0, 0);
	assert_int_equal(loom_wire_check_xattr(buf, len, LOOM_OPC_MDT_GETXATTR), 0);
	assert_int_equal(loom_wire_check_xattr(buf, len - 1, LOOM_OPC_MDT_GETXATTR), -EPROTO);
	assert_int_equal(loom_wire_check_xattr(buf, 40, LOOM_OPC_MDT_GETXATTR), 0);	/* padded */
	assert_int_equal(loom_wire_check_xattr(buf, 48, LOOM_OPC_MDT_GETXATTR), -EPROTO);
	assert_int_equal(loom_wire_check_xattr(buf, 10, LOOM_OPC_MDT_GETXATTR), -EPROTO);
	r->mode = cpu_to_le32(1);
	assert_int_equal(loom_wire_check_xattr(buf, len, LOOM_OPC_MDT_GETXATTR), -EPROTO);
	/* a mode only with LOOM_XATTR_MODE, on the access ACL */
	len = xreq(buf, "system.posix_acl_access", 0, LOOM_XATTR_REMOVE | LOOM_XATTR_MODE);
	r->mode = cpu_to_le32(02755);
	assert_int_equal(loom_wire_check_xattr(buf, len, LOOM_OPC_MDT_SETXATTR), 0);
	r->mode = cpu_to_le32(010755);
	assert_int_equal(loom_wire_check_xattr(buf, len, LOOM_OPC_MDT_SETXATTR), -EPROTO);
	len = xreq(buf, "system.posix_acl_default", 0, LOOM_XATTR_REMOVE | LOOM_XATTR_MODE);
	assert_int_equal(loom_wire_check_xattr(buf, len, LOOM_OPC_MDT_SETXATTR), -EPROTO);
	len = xreq(buf, "user.k", 0, LOOM_XATTR_MODE);
	assert_int_equal(loom_wire_check_xattr(buf, len, LOOM_OPC_MDT_SETXATTR), -EPROTO);
	len = xreq(buf, "user.k", 0, LOOM_XATTR_CREATE);
	assert_int_equal(loom_wire_check_xattr(buf, len, LOOM_OPC_MDT_GETXATTR), -EPROTO);
	/* set: the value follows the name */
	len = xreq(buf, "user.k", 5, LOOM_XATTR_CREATE);
	assert_int_equal(loom_wire_check_xattr(buf, len + 5, LOOM_OPC_MDT_SETXATTR), 0);
	assert_int_equal(loom_wire_check_xattr(buf, len + 4, LOOM_OPC_MDT_SETXATTR), -EPROTO);
	assert_int_equal(loom_wire_check_xattr(buf, len + 13, LOOM_OPC_MDT_SETXATTR), -EPROTO);
	len = xreq(buf, "user.k", 5, LOOM_XATTR_CREATE | LOOM_XATTR_REPLACE);
	assert_int_equal(loom_wire_check_xattr(buf, len + 5, LOOM_OPC_MDT_SETXATTR), -EPROTO);
	len = xreq(buf, "user.k", 5, LOOM_XATTR_REMOVE);
	assert_int_equal(loom_wire_check_xattr(buf, len + 5, LOOM_OPC_MDT_SETXATTR), -EPROTO);
	len = xreq(buf, "user.k", 0, LOOM_XATTR_REMOVE);
	assert_int_equal(loom_wire_check_xattr(buf, len, LOOM_OPC_MDT_SETXATTR), 0);
	len = xreq(buf, "user.k", 0, 0x80);
	assert_int_equal(loom_wire_check_xattr(buf, len, LOOM_OPC_MDT_SETXATTR), -EPROTO);
	/* a huge value length must not wrap the length check */
	len = xreq(buf, "user.k", 0xffffffd0, 0);
	assert_int_equal(loom_wire_check_xattr(buf, len, LOOM_OPC_MDT_SETXATTR), -E2BIG);
	len = xreq(buf, "user.k", LOOM_XATTR_SIZE_MAX + 1, 0);
	assert_int_equal(loom_wire_check_xattr(buf, len, LOOM_OPC_MDT_SETXATTR), -E2BIG);
	len = xreq(buf, "bogus.k", 0, 0);
	assert_int_equal(loom_wire_check_xattr(buf, len, LOOM_OPC_MDT_GETXATTR), -EOPNOTSUPP);
	/* list: no name, no flags */
	len = xreq(buf, "", 100, 0);
	assert_int_equal(loom_wire_check_xattr(buf, len, LOOM_OPC_MDT_LISTXATTR), 0);
	len = xreq(buf, "user.k", 100, 0);
	assert_int_equal(loom_wire_check_xattr(buf, len, LOOM_OPC_MDT_LISTXATTR), -EPROTO);
	assert_int_equal(loom_wire_check_xattr(buf, len, LOOM_OPC_MDT_GETATTR), -EPROTO);
}

/* Build an ACL of @n entries (tag, perm, id triples) into @buf. */
static u32 acl(unsigned char *buf, u32 version, u32 n, const u32 *e)
{
	struct loom_acl_hdr h = { .version = cpu_to_le32(version) };
	struct loom_acl_entry x;
	u32 i;

	memcpy(buf, &h, sizeof(h));
	for (i = 0; i < n; i++) {
		x.tag = cpu_to_le16(e[3 * i]);
		x.perm = cpu_to_le16(e[3 * i + 1]);
		x.id = cpu_to_le32(e[3 * i + 2]);
		memcpy(buf + sizeof(h) + i * sizeof(x), &x, sizeof(x));
	}
	return sizeof(h) + n * sizeof(x);
}

#define U LOOM_ACL_UNDEFINED_ID

static void test_acl(void **state)
{
	static const u32 min[] = {
		LOOM_ACL_USER_OBJ, 6, U, LOOM_ACL_GROUP_OBJ, 4, U,
		LOOM_ACL_OTHER, 4, U,
	};
	static const u32 ext[] = {
		LOOM_ACL_USER_OBJ, 7, U, LOOM_ACL_USER, 6, 1000,
		LOOM_ACL_USER, 4, 1001, LOOM_ACL_GROUP_OBJ, 5, U,
		LOOM_ACL_GROUP, 2, 50, LOOM_ACL_MASK, 6, U,
		LOOM_ACL_OTHER, 1, U,
	};
	static const u32 nomask[] = {
		LOOM_ACL_USER_OBJ, 7, U, LOOM_ACL_USER, 6, 1000,
		LOOM_ACL_GROUP_OBJ, 5, U, LOOM_ACL_OTHER, 1, U,
	};
	static const u32 unsorted[] = {
		LOOM_ACL_USER_OBJ, 7, U, LOOM_ACL_USER, 6, 1001,
		LOOM_ACL_USER, 6, 1000, LOOM_ACL_GROUP_OBJ, 5, U,
		LOOM_ACL_MASK, 6, U, LOOM_ACL_OTHER, 1, U,
	};
	static const u32 twoowners[] = {
		LOOM_ACL_USER_OBJ, 7, U, LOOM_ACL_USER_OBJ, 7, U,
		LOOM_ACL_GROUP_OBJ, 5, U, LOOM_ACL_OTHER, 1, U,
	};
	static const u32 badperm[] = {
		LOOM_ACL_USER_OBJ, 8, U, LOOM_ACL_GROUP_OBJ, 4, U,
		LOOM_ACL_OTHER, 4, U,
	};
	static const u32 badtag[] = {
		LOOM_ACL_USER_OBJ, 6, U, LOOM_ACL_GROUP_OBJ, 4, U,
		0x40, 4, U,
	};
	static const u32 noother[] = {
		LOOM_ACL_USER_OBJ, 6, U, LOOM_ACL_GROUP_OBJ, 4, U,
	};
	static const u32 baduid[] = {
		LOOM_ACL_USER_OBJ, 7, U, LOOM_ACL_USER, 6, U,
		LOOM_ACL_GROUP_OBJ, 5, U, LOOM_ACL_MASK, 6, U,
		LOOM_ACL_OTHER, 1, U,
	};
	static const u32 masknamed[] = {
		LOOM_ACL_USER_OBJ, 6, U, LOOM_ACL_GROUP_OBJ, 4, U,
		LOOM_ACL_MASK, 7, U, LOOM_ACL_OTHER, 0, U,
	};
	unsigned char buf[256 + 1];
	u32 len, mode;

	(void)state;
	len = acl(buf, 2, 3, min);
	assert_int_equal(loom_acl_check(buf, len), 0);
	assert_int_equal(loom_acl_mode(buf, len, &mode), 0);
	assert_int_equal(mode, 0644);
	assert_int_equal(loom_acl_check(buf, len - 1), -EINVAL);
	assert_int_equal(loom_acl_check(buf, 4), -EINVAL);	/* no entry */
	assert_int_equal(loom_acl_check(buf, 2), -EINVAL);
	assert_int_equal(loom_acl_chmod(buf, len, 0750), 0);
	assert_int_equal(loom_acl_mode(buf, len, &mode), 0);
	assert_int_equal(mode, 0750);
	len = acl(buf, 1, 3, min);
	assert_int_equal(loom_acl_check(buf, len), -EINVAL);

	/* at an odd address: no alignment assumed */
	len = acl(buf + 1, 2, 7, ext);
	assert_int_equal(loom_acl_check(buf + 1, len), 0);
	assert_int_equal(loom_acl_mode(buf + 1, len, &mode), 1);
	assert_int_equal(mode, 0761);	/* group class: the mask */
	assert_int_equal(loom_acl_chmod(buf + 1, len, 0705), 0);
	assert_int_equal(loom_acl_mode(buf + 1, len, &mode), 1);
	assert_int_equal(mode, 0705);
	assert_int_equal(loom_acl_chmod(buf + 1, len - 8, 0), -EINVAL);

	len = acl(buf, 2, 4, nomask);
	assert_int_equal(loom_acl_check(buf, len), -EINVAL);
	assert_int_equal(loom_acl_mode(buf, len, &mode), -EINVAL);
	len = acl(buf, 2, 6, unsorted);
	assert_int_equal(loom_acl_check(buf, len), -EINVAL);
	len = acl(buf, 2, 4, twoowners);
	assert_int_equal(loom_acl_check(buf, len), -EINVAL);
	len = acl(buf, 2, 3, badperm);
	assert_int_equal(loom_acl_check(buf, len), -EINVAL);
	len = acl(buf, 2, 3, badtag);
	assert_int_equal(loom_acl_check(buf, len), -EINVAL);
	len = acl(buf, 2, 2, noother);
	assert_int_equal(loom_acl_check(buf, len), -EINVAL);
	len = acl(buf, 2, 5, baduid);
	assert_int_equal(loom_acl_check(buf, len), -EINVAL);
	/* a mask without named entries is valid and makes the ACL extended */
	len = acl(buf, 2, 4, masknamed);
	assert_int_equal(loom_acl_check(buf, len), 0);
	assert_int_equal(loom_acl_mode(buf, len, &mode), 1);
	assert_int_equal(mode, 0670);
	assert_int_equal(loom_acl_chmod(buf, len, 0640), 0);
	assert_int_equal(loom_acl_mode(buf, len, &mode), 1);
	assert_int_equal(mode, 0640);
	assert_int_equal(loom_acl_check(buf, LOOM_XATTR_SIZE_MAX + 4), -EINVAL);
}

static void test_xattr_list(void **state)
{
	char list[64];
	int len = 0;

	(void)state;
	len = loom_xattr_list_add(list, len, sizeof(list), "user.a", 6);
	assert_int_equal(len, 7);
	len = loom_xattr_list_add(list, len, sizeof(list), "user.bb", 7);
	assert_int_equal(len, 15);
	assert_int_equal(loom_xattr_list_add(list, len, sizeof(list), "user.a", 6), 15);
	assert_int_equal(loom_xattr_list_check(list, len), 0);
	assert_memory_equal(list, "user.a\0user.bb\0", 15);
	assert_int_equal(loom_xattr_list_add(list, len, 20, "user.ccc", 8), -ENOSPC);
	assert_int_equal(loom_xattr_list_del(list, len, "user.c", 6), -ENODATA);
	len = loom_xattr_list_del(list, len, "user.a", 6);
	assert_int_equal(len, 8);
	assert_memory_equal(list, "user.bb\0", 8);
	len = loom_xattr_list_del(list, len, "user.bb", 7);
	assert_int_equal(len, 0);
	assert_int_equal(loom_xattr_list_check(list, 0), 0);
	/* stored garbage */
	assert_int_equal(loom_xattr_list_check("user.a", 6), -EUCLEAN);
	assert_int_equal(loom_xattr_list_check("bad\0", 4), -EUCLEAN);
	assert_int_equal(loom_xattr_list_check("\0", 1), -EUCLEAN);
}

static void good_layout(struct loom_layout *l, u16 count)
{
	u16 i;

	memset(l, 0, sizeof(*l));
	l->magic = cpu_to_le32(LOOM_LAYOUT_MAGIC);
	l->pattern = cpu_to_le32(LOOM_LAYOUT_RAID0);
	l->stripe_size = cpu_to_le32(1 << 20);
	l->stripe_count = cpu_to_le16(count);
	for (i = 0; i < count && i < LOOM_MAX_STRIPES; i++) {
		l->objs[i].ost_index = cpu_to_le32(i);
		l->objs[i].oid.seq = cpu_to_le64(LOOM_FID_SEQ_OST + i);
		l->objs[i].oid.oid = cpu_to_le32(7);
	}
}

static void test_layout(void **state)
{
	struct loom_layout l;

	(void)state;
	memset(&l, 0, sizeof(l));
	assert_int_equal(loom_wire_check_layout(&l), 0);	/* none */
	good_layout(&l, 4);
	assert_int_equal(loom_wire_check_layout(&l), 0);
	good_layout(&l, LOOM_MAX_STRIPES);
	assert_int_equal(loom_wire_check_layout(&l), 0);
	good_layout(&l, LOOM_MAX_STRIPES + 1);
	assert_int_equal(loom_wire_check_layout(&l), -EINVAL);
	good_layout(&l, 2);
	l.magic = cpu_to_le32(1);
	assert_int_equal(loom_wire_check_layout(&l), -EINVAL);
	good_layout(&l, 2);
	l.pattern = cpu_to_le32(2);
	assert_int_equal(loom_wire_check_layout(&l), -EINVAL);
	good_layout(&l, 2);
	l.stripe_size = cpu_to_le32(4096);
	assert_int_equal(loom_wire_check_layout(&l), -EINVAL);
	l.stripe_size = 0;
	assert_int_equal(loom_wire_check_layout(&l), -EINVAL);
	l.stripe_size = cpu_to_le32(0xffff0000u);
	assert_int_equal(loom_wire_check_layout(&l), 0);
	good_layout(&l, 2);
	l.objs[1].ost_index = cpu_to_le32(LOOM_MAX_TARGETS);
	assert_int_equal(loom_wire_check_layout(&l), -EINVAL);
	good_layout(&l, 2);
	l.objs[1].oid.seq = 0;
	assert_int_equal(loom_wire_check_layout(&l), -EINVAL);
	good_layout(&l, 2);
	l.objs[0].padding = cpu_to_le32(1);
	assert_int_equal(loom_wire_check_layout(&l), -EINVAL);
	assert_int_equal(loom_layout_size(2), 16 + 48);
}

static void test_layout_default(void **state)
{
	struct loom_layout_default ld = { 0 };

	(void)state;
	assert_int_equal(loom_wire_check_layout_default(&ld), 0);
	ld.stripe_count = cpu_to_le16(0xffff);
	ld.stripe_offset = cpu_to_le16(0xffff);
	ld.stripe_size = cpu_to_le32(4 << 20);
	assert_int_equal(loom_wire_check_layout_default(&ld), 0);
	ld.stripe_count = cpu_to_le16(65);
	assert_int_equal(loom_wire_check_layout_default(&ld), -EINVAL);
	ld.stripe_count = cpu_to_le16(1);
	ld.stripe_offset = cpu_to_le16(256);
	assert_int_equal(loom_wire_check_layout_default(&ld), -EINVAL);
	ld.stripe_offset = 0;
	ld.stripe_size = cpu_to_le32(100);
	assert_int_equal(loom_wire_check_layout_default(&ld), -EINVAL);
}

static void test_attr(void **state)
{
	struct loom_attr a;

	(void)state;
	memset(&a, 0, sizeof(a));
	a.fid.seq = cpu_to_le64(LOOM_FID_SEQ_MDT);
	a.fid.oid = cpu_to_le32(2);
	a.valid = cpu_to_le64(LOOM_ATTR_MODE | LOOM_ATTR_MTIME);
	a.mode = cpu_to_le32(0100644);
	a.mtime_nsec = cpu_to_le32(999999999);
	assert_int_equal(loom_wire_check_attr(&a), 0);
	a.mtime_nsec = cpu_to_le32(1000000000);
	assert_int_equal(loom_wire_check_attr(&a), -EINVAL);
	a.mtime_nsec = 0;
	a.mode = cpu_to_le32(01000000);
	assert_int_equal(loom_wire_check_attr(&a), -EINVAL);
	a.mode = cpu_to_le32(0644);
	a.valid = cpu_to_le64(1ULL << 40);
	assert_int_equal(loom_wire_check_attr(&a), -EINVAL);
	a.valid = cpu_to_le64(LOOM_ATTR_SIZE);
	a.size = cpu_to_le64(~0ULL);
	assert_int_equal(loom_wire_check_attr(&a), -EINVAL);
	a.size = cpu_to_le64(1 << 30);
	assert_int_equal(loom_wire_check_attr(&a), 0);
	a.fid.seq = 0;
	assert_int_equal(loom_wire_check_attr(&a), -EINVAL);
}

static size_t add_dirent(unsigned char *buf, size_t off, const char *name)
{
	struct loom_dirent *de = (void *)(buf + off);
	size_t len = strlen(name);

	memset(de, 0, (sizeof(*de) + len + 7) & ~7UL);
	de->fid.seq = cpu_to_le64(LOOM_FID_SEQ_MDT);
	de->fid.oid = cpu_to_le32(3);
	de->cookie = cpu_to_le64(9);
	de->type = cpu_to_le32(4);
	de->name_len = cpu_to_le32(len);
	memcpy(de + 1, name, len);
	return off + ((sizeof(*de) + len + 7) & ~7UL);
}

static void test_readdir(void **state)
{
	unsigned char buf[1024] __attribute__((aligned(8)));
	struct loom_readdir_rep *rep = (void *)buf;
	struct loom_dirent *de;
	size_t off;

	(void)state;
	memset(buf, 0, sizeof(buf));
	assert_int_equal(loom_wire_check_readdir(buf, sizeof(*rep)), 0);
	assert_int_equal(loom_wire_check_readdir(buf, sizeof(*rep) - 1), -EPROTO);
	off = add_dirent(buf, sizeof(*rep), ".");
	off = add_dirent(buf, off, "..");
	off = add_dirent(buf, off, "hello-world");
	rep->nr_entries = cpu_to_le32(3);
	assert_int_equal(loom_wire_check_readdir(buf, off), 0);
	/* trailing garbage */
	assert_int_equal(loom_wire_check_readdir(buf, off + 8), -EPROTO);
	/* truncated */
	assert_int_equal(loom_wire_check_readdir(buf, off - 8), -EPROTO);
	/* too many entries claimed */
	rep->nr_entries = cpu_to_le32(4);
	assert_int_equal(loom_wire_check_readdir(buf, off), -EPROTO);
	rep->nr_entries = cpu_to_le32(0xffffffff);
	assert_int_equal(loom_wire_check_readdir(buf, off), -EPROTO);
	rep->nr_entries = cpu_to_le32(3);
	/* name_len pointing past the end */
	de = (void *)(buf + sizeof(*rep));
	de->name_len = cpu_to_le32(200);
	assert_int_equal(loom_wire_check_readdir(buf, off), -EPROTO);
	de->name_len = cpu_to_le32(0);
	assert_int_equal(loom_wire_check_readdir(buf, off), -EPROTO);
	de->name_len = cpu_to_le32(1);
	de->type = cpu_to_le32(16);
	assert_int_equal(loom_wire_check_readdir(buf, off), -EPROTO);
	de->type = cpu_to_le32(4);
	((char *)(de + 1))[0] = '/';
	assert_int_equal(loom_wire_check_readdir(buf, off), -EPROTO);
}

static void test_config(void **state)
{
	unsigned char buf[256] __attribute__((aligned(8)));
	struct loom_mgs_config_rep *rep = (void *)buf;
	struct loom_target_entry *te = (void *)(rep + 1);
	u32 len = sizeof(*rep) + 2 * sizeof(*te);

	(void)state;
	memset(buf, 0, sizeof(buf));
	rep->def_layout.stripe_size = cpu_to_le32(1 << 20);
	rep->def_layout.stripe_count = cpu_to_le16(1);
	rep->nr_targets = cpu_to_le32(2);
	te[0].type = cpu_to_le32(LOOM_TGT_MDT);
	te[0].nid.family = LOOMNET_AF_INET;
	te[0].nid.lnd = LOOMNET_LND_TCP;
	te[1].type = cpu_to_le32(LOOM_TGT_OST);
	te[1].index = cpu_to_le32(3);
	te[1].flags = cpu_to_le32(LOOM_TGT_F_ACTIVE);
	te[1].nid.family = LOOMNET_AF_INET6;
	te[1].nid.lnd = LOOMNET_LND_TCP;
	assert_int_equal(loom_wire_check_config(buf, len), 0);
	assert_int_equal(loom_wire_check_config(buf, len - 1), -EPROTO);
	assert_int_equal(loom_wire_check_config(buf, len + 36), -EPROTO);
	te[1].type = cpu_to_le32(4);
	assert_int_equal(loom_wire_check_config(buf, len), -EPROTO);
	te[1].type = cpu_to_le32(LOOM_TGT_OST);
	te[1].index = cpu_to_le32(256);
	assert_int_equal(loom_wire_check_config(buf, len), -EPROTO);
	te[1].index = 0;
	te[0].nid.addr[10] = 1;	/* IPv4 with junk in the IPv6 part */
	assert_int_equal(loom_wire_check_config(buf, len), -EPROTO);
	te[0].nid.addr[10] = 0;
	rep->nr_targets = cpu_to_le32(0x10000000);
	assert_int_equal(loom_wire_check_config(buf, len), -EPROTO);
}

static void good_ost_setattr(struct loom_ost_setattr_req *r)
{
	memset(r, 0, sizeof(*r));
	r->oid.seq = cpu_to_le64(LOOM_FID_SEQ_OST + 1);
	r->oid.oid = cpu_to_le32(7);
	r->valid = cpu_to_le64(LOOM_ATTR_ATIME | LOOM_ATTR_MTIME |
			       LOOM_ATTR_CTIME);
	r->mtime_sec = cpu_to_le64(981173106);
	r->mtime_nsec = cpu_to_le32(999999999);
	r->atime_sec = cpu_to_le64((u64)-86400);	/* before the epoch */
	r->ctime_sec = cpu_to_le64(1700000000);
	r->ctime_nsec = cpu_to_le32(1);
}

static void test_ost_setattr(void **state)
{
	struct loom_ost_setattr_req r;

	(void)state;
	good_ost_setattr(&r);
	assert_int_equal(loom_wire_check_ost_setattr(&r), 0);
	r.mtime_nsec = cpu_to_le32(1000000000);
	assert_int_equal(loom_wire_check_ost_setattr(&r), -EINVAL);
	good_ost_setattr(&r);
	r.atime_nsec = cpu_to_le32(0xffffffff);
	assert_int_equal(loom_wire_check_ost_setattr(&r), -EINVAL);
	good_ost_setattr(&r);
	r.ctime_nsec = cpu_to_le32(1000000000);
	assert_int_equal(loom_wire_check_ost_setattr(&r), -EINVAL);
	/* no time, or bits other than times */
	good_ost_setattr(&r);
	r.valid = 0;
	assert_int_equal(loom_wire_check_ost_setattr(&r), -EINVAL);
	r.valid = cpu_to_le64(LOOM_ATTR_MTIME | LOOM_ATTR_SIZE);
	assert_int_equal(loom_wire_check_ost_setattr(&r), -EINVAL);
	r.valid = cpu_to_le64(LOOM_ATTR_MTIME | (1ULL << 40));
	assert_int_equal(loom_wire_check_ost_setattr(&r), -EINVAL);
	/* a time not flagged must be zero */
	good_ost_setattr(&r);
	r.valid = cpu_to_le64(LOOM_ATTR_MTIME | LOOM_ATTR_CTIME);
	assert_int_equal(loom_wire_check_ost_setattr(&r), -EINVAL);
	r.atime_sec = 0;
	assert_int_equal(loom_wire_check_ost_setattr(&r), 0);
	r.atime_nsec = cpu_to_le32(1);
	assert_int_equal(loom_wire_check_ost_setattr(&r), -EINVAL);
	/* FID and padding */
	good_ost_setattr(&r);
	r.oid.seq = 0;
	assert_int_equal(loom_wire_check_ost_setattr(&r), -EINVAL);
	good_ost_setattr(&r);
	r.oid.ver = cpu_to_le32(1);
	assert_int_equal(loom_wire_check_ost_setattr(&r), -EINVAL);
	good_ost_setattr(&r);
	r.padding = cpu_to_le32(1);
	assert_int_equal(loom_wire_check_ost_setattr(&r), -EINVAL);
}

static void test_ost_io(void **state)
{
	struct {
		struct loom_ost_io_req r;
		char data[LOOM_SHORT_IO_MAX];
	} m;
	const u32 fixed = sizeof(m.r);

	(void)state;
	memset(&m, 0, sizeof(m));
	m.r.oid.seq = cpu_to_le64(0x200000400ULL);
	m.r.oid.oid = cpu_to_le32(7);
	m.r.offset = cpu_to_le64(8192);
	m.r.count = cpu_to_le64(4096);
	/* bulk: match bits, exactly the fixed part */
	m.r.bulk_match = cpu_to_le64(99);
	assert_int_equal(loom_wire_check_ost_io(&m.r, fixed, LOOM_OPC_OST_WRITE), 0);
	assert_int_equal(loom_wire_check_ost_io(&m.r, fixed, LOOM_OPC_OST_READ), 0);
	assert_int_equal(loom_wire_check_ost_io(&m.r, fixed + 1, LOOM_OPC_OST_READ), -EPROTO);
	assert_int_equal(loom_wire_check_ost_io(&m.r, fixed - 1, LOOM_OPC_OST_READ), -EPROTO);
	m.r.bulk_match = 0;
	assert_int_equal(loom_wire_check_ost_io(&m.r, fixed, LOOM_OPC_OST_READ), -EINVAL);
	/* inline: no match bits; a WRITE carries exactly count bytes */
	m.r.flags = cpu_to_le32(LOOM_IO_INLINE);
	assert_int_equal(loom_wire_check_ost_io(&m.r, fixed, LOOM_OPC_OST_READ), 0);
	assert_int_equal(loom_wire_check_ost_io(&m.r, fixed + 4096, LOOM_OPC_OST_WRITE), 0);
	assert_int_equal(loom_wire_check_ost_io(&m.r, fixed + 4095, LOOM_OPC_OST_WRITE), -EPROTO);
	assert_int_equal(loom_wire_check_ost_io(&m.r, fixed, LOOM_OPC_OST_WRITE), -EPROTO);
	assert_int_equal(loom_wire_check_ost_io(&m.r, fixed + 4096, LOOM_OPC_OST_READ), -EPROTO);
	m.r.bulk_match = cpu_to_le64(99);
	assert_int_equal(loom_wire_check_ost_io(&m.r, fixed, LOOM_OPC_OST_READ), -EINVAL);
	m.r.bulk_match = 0;
	m.r.count = cpu_to_le64(LOOM_SHORT_IO_MAX);
	assert_int_equal(loom_wire_check_ost_io(&m.r, fixed + LOOM_SHORT_IO_MAX, LOOM_OPC_OST_WRITE), 0);
	m.r.count = cpu_to_le64(LOOM_SHORT_IO_MAX + 1);
	assert_int_equal(loom_wire_check_ost_io(&m.r, fixed, LOOM_OPC_OST_READ), -EINVAL);
	m.r.count = 0;
	assert_int_equal(loom_wire_check_ost_io(&m.r, fixed, LOOM_OPC_OST_READ), -EINVAL);
	m.r.count = cpu_to_le64(4096);
	m.r.flags = cpu_to_le32(LOOM_IO_INLINE | 2);
	assert_int_equal(loom_wire_check_ost_io(&m.r, fixed, LOOM_OPC_OST_READ), -EPROTO);
	m.r.flags = cpu_to_le32(LOOM_IO_INLINE);
	m.r.padding = cpu_to_le32(1);
	assert_int_equal(loom_wire_check_ost_io(&m.r, fixed, LOOM_OPC_OST_READ), -EPROTO);
	m.r.padding = 0;
	m.r.offset = cpu_to_le64(LOOM_MAX_OBJ_SIZE - 100);
	assert_int_equal(loom_wire_check_ost_io(&m.r, fixed, LOOM_OPC_OST_READ), -EFBIG);
	m.r.offset = 0;
	m.r.oid.seq = 0;
	assert_int_equal(loom_wire_check_ost_io(&m.r, fixed, LOOM_OPC_OST_READ), -EINVAL);
	/* bulk count limit */
	m.r.oid.seq = cpu_to_le64(0x200000400ULL);
	m.r.flags = 0;
	m.r.bulk_match = cpu_to_le64(1);
	m.r.count = cpu_to_le64(LOOM_MAX_RPC_BULK + 1);
	assert_int_equal(loom_wire_check_ost_io(&m.r, fixed, LOOM_OPC_OST_WRITE), -EINVAL);
}

static void test_ost_falloc_seek(void **state)
{
	struct loom_ost_falloc_req f;
	struct loom_ost_seek_req q;
	struct loom_ost_seek_rep r;

	(void)state;
	assert_true(loom_wire_opcode_valid(LOOM_OPC_OST_FALLOCATE, LOOM_TGT_OST));
	assert_true(loom_wire_opcode_valid(LOOM_OPC_OST_SEEK, 0));
	assert_false(loom_wire_opcode_valid(LOOM_OPC_OST_SEEK, LOOM_TGT_MDT));
	assert_false(loom_wire_opcode_valid(49, 0));

	memset(&f, 0, sizeof(f));
	f.oid.seq = cpu_to_le64(0x200000400ULL);
	f.oid.oid = cpu_to_le32(7);
	f.start = cpu_to_le64(4096);
	f.end = cpu_to_le64(8192);
	assert_int_equal(loom_wire_check_ost_falloc(&f), 0);
	f.mode = cpu_to_le32(LOOM_FALLOC_KEEP_SIZE);
	assert_int_equal(loom_wire_check_ost_falloc(&f), 0);
	f.mode = cpu_to_le32(2);
	assert_int_equal(loom_wire_check_ost_falloc(&f), -EPROTO);
	f.mode = 0;
	f.padding = cpu_to_le32(1);
	assert_int_equal(loom_wire_check_ost_falloc(&f), -EPROTO);
	f.padding = 0;
	f.end = f.start;
	assert_int_equal(loom_wire_check_ost_falloc(&f), -EINVAL);
	f.end = cpu_to_le64(LOOM_MAX_OBJ_SIZE + 1);
	assert_int_equal(loom_wire_check_ost_falloc(&f), -EFBIG);
	f.end = cpu_to_le64(LOOM_MAX_OBJ_SIZE);
	assert_int_equal(loom_wire_check_ost_falloc(&f), 0);
	f.oid.seq = 0;
	assert_int_equal(loom_wire_check_ost_falloc(&f), -EINVAL);

	memset(&q, 0, sizeof(q));
	q.oid.seq = cpu_to_le64(0x200000400ULL);
	q.oid.oid = cpu_to_le32(7);
	q.offset = cpu_to_le64(100);
	q.whence = cpu_to_le32(LOOM_SEEK_DATA);
	assert_int_equal(loom_wire_check_ost_seek(&q), 0);
	q.whence = cpu_to_le32(LOOM_SEEK_HOLE);
	assert_int_equal(loom_wire_check_ost_seek(&q), 0);
	q.whence = cpu_to_le32(0);
	assert_int_equal(loom_wire_check_ost_seek(&q), -EINVAL);
	q.whence = cpu_to_le32(LOOM_SEEK_HOLE);
	q.offset = cpu_to_le64(LOOM_MAX_OBJ_SIZE + 1);
	assert_int_equal(loom_wire_check_ost_seek(&q), -EINVAL);
	q.offset = 0;
	q.padding = cpu_to_le32(1);
	assert_int_equal(loom_wire_check_ost_seek(&q), -EPROTO);
	q.padding = 0;
	q.oid.ver = cpu_to_le32(1);
	assert_int_equal(loom_wire_check_ost_seek(&q), -EINVAL);

	r.size = cpu_to_le64(1000);
	r.offset = cpu_to_le64(100);
	assert_int_equal(loom_wire_check_ost_seek_rep(&r, 100, LOOM_SEEK_DATA), 0);
	assert_int_equal(loom_wire_check_ost_seek_rep(&r, 101, LOOM_SEEK_DATA), -EPROTO);
	r.offset = cpu_to_le64(LOOM_OBJ_EOF);
	assert_int_equal(loom_wire_check_ost_seek_rep(&r, 100, LOOM_SEEK_DATA), 0);
	assert_int_equal(loom_wire_check_ost_seek_rep(&r, 100, LOOM_SEEK_HOLE), -EPROTO);
	r.offset = cpu_to_le64(LOOM_MAX_OBJ_SIZE + 1);
	assert_int_equal(loom_wire_check_ost_seek_rep(&r, 100, LOOM_SEEK_HOLE), -EPROTO);
	r.offset = cpu_to_le64(200);
	r.size = cpu_to_le64(LOOM_MAX_OBJ_SIZE + 1);
	assert_int_equal(loom_wire_check_ost_seek_rep(&r, 100, LOOM_SEEK_HOLE), -EPROTO);
}

static void test_ost_create(void **state)
{
	struct loom_ost_create_req r = {};

	(void)state;
	r.mdt_index = cpu_to_le32(3);
	r.id = cpu_to_le32(1);
	r.count = cpu_to_le32(LOOM_OST_CREATE_MAX);
	assert_int_equal(loom_wire_check_ost_create(&r, sizeof(r),
						    LOOM_OPC_OST_PRECREATE), 0);
	assert_int_equal(loom_wire_check_ost_create(&r, sizeof(r) - 1,
						    LOOM_OPC_OST_PRECREATE), -EPROTO);
	/* ORPHAN takes no count */
	assert_int_equal(loom_wire_check_ost_create(&r, sizeof(r),
						    LOOM_OPC_OST_ORPHAN), -EINVAL);
	r.count = cpu_to_le32(LOOM_OST_CREATE_MAX + 1);
	assert_int_equal(loom_wire_check_ost_create(&r, sizeof(r),
						    LOOM_OPC_OST_PRECREATE), -EINVAL);
	r.count = 0;
	assert_int_equal(loom_wire_check_ost_create(&r, sizeof(r),
						    LOOM_OPC_OST_PRECREATE), -EINVAL);
	r.id = 0;
	assert_int_equal(loom_wire_check_ost_create(&r, sizeof(r),
						    LOOM_OPC_OST_ORPHAN), 0);
	/* id 0, or past the end of the id space */
	r.count = cpu_to_le32(1);
	assert_int_equal(loom_wire_check_ost_create(&r, sizeof(r),
						    LOOM_OPC_OST_PRECREATE), -EINVAL);
	r.id = cpu_to_le32(0xffffffff);
	assert_int_equal(loom_wire_check_ost_create(&r, sizeof(r),
						    LOOM_OPC_OST_PRECREATE), 0);
	r.count = cpu_to_le32(2);
	assert_int_equal(loom_wire_check_ost_create(&r, sizeof(r),
						    LOOM_OPC_OST_PRECREATE), -EINVAL);
	r.count = cpu_to_le32(1);
	r.mdt_index = cpu_to_le32(LOOM_MAX_TARGETS);
	assert_int_equal(loom_wire_check_ost_create(&r, sizeof(r),
						    LOOM_OPC_OST_PRECREATE), -EINVAL);
	r.mdt_index = 0;
	r.flags = cpu_to_le32(1);
	assert_int_equal(loom_wire_check_ost_create(&r, sizeof(r),
						    LOOM_OPC_OST_PRECREATE), -EPROTO);
	r.flags = 0;
	assert_int_equal(loom_wire_check_ost_create(&r, sizeof(r),
						    LOOM_OPC_OST_READ), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hdr),
		cmocka_unit_test(test_opcodes),
		cmocka_unit_test(test_ost_create),
		cmocka_unit_test(test_name),
		cmocka_unit_test(test_fsname),
		cmocka_unit_test(test_fid),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_layout_default),
		cmocka_unit_test(test_attr),
		cmocka_unit_test(test_readdir),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_ost_setattr),
		cmocka_unit_test(test_ost_io),
		cmocka_unit_test(test_ost_falloc_seek),
		cmocka_unit_test(test_xattr_name),
		cmocka_unit_test(test_xattr_req),
		cmocka_unit_test(test_xattr_list),
		cmocka_unit_test(test_acl),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

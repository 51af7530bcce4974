// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of core/fs/loom/common/disk.c: the on-disk records of the
 * persistent OSD.  Every corruption must be caught, never trusted.
 *
 * cc -Itests/unit/shim -Icore/include -Icore/include/uapi \
 *    tests/unit/test_disk.c core/fs/loom/common/disk.c -lcmocka
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <cmocka.h>

#include <linux/types.h>
#include <asm/byteorder.h>
#include "../../core/fs/loom/common/disk.h"

static const u8 uuid[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

static void test_crc32c(void **state)
{
	(void)state;
	/* the standard check value of CRC-32C */
	assert_int_equal(loom_disk_crc32c(0, "123456789", 9), 0xe3069283);
	assert_int_equal(loom_disk_crc32c(loom_disk_crc32c(0, "1234", 4), "56789", 5),
			 0xe3069283);
}

static void test_label(void **state)
{
	struct loom_disk_label l;
	size_t i;

	(void)state;
	loom_disk_label_encode(&l, LOOM_TGT_OST, 7, "lustre-ish", uuid, 1234);
	assert_int_equal(loom_disk_label_check(&l, sizeof(l)), 0);
	assert_int_equal(le16_to_cpu(l.type), LOOM_TGT_OST);
	assert_int_equal(le32_to_cpu(l.index), 7);
	assert_string_equal((char *)l.fsname, "lustre-ish");
	assert_int_equal(loom_disk_label_check(&l, sizeof(l) - 1), -EUCLEAN);
	assert_int_equal(loom_disk_label_check(&l, sizeof(l) + 1), -EUCLEAN);
	/* every flipped byte is caught */
	for (i = 0; i < sizeof(l); i++) {
		struct loom_disk_label c = l;

		((u8 *)&c)[i] ^= 0x40;
		assert_int_equal(loom_disk_label_check(&c, sizeof(c)), -EUCLEAN);
	}
	/* a valid checksum over an invalid type is still refused */
	l.type = cpu_to_le16(9);
	l.crc = cpu_to_le32(loom_disk_crc32c(0, &l, offsetof(struct loom_disk_label, crc)));
	assert_int_equal(loom_disk_label_check(&l, sizeof(l)), -EUCLEAN);
}

static void test_attr(void **state)
{
	struct loom_disk_attr_info a = {
		.mode = 0100644, .nlink = 3, .uid = 1000, .gid = 100,
		.atime_sec = -5, .atime_nsec = 999999999,
		.mtime_sec = 1700000000, .mtime_nsec = 1, .ctime_sec = 0,
	}, b;
	struct loom_disk_attr d;
	size_t i;

	(void)state;
	loom_disk_attr_encode(&d, &a);
	memset(&b, 0x55, sizeof(b));
	assert_int_equal(loom_disk_attr_decode(&d, sizeof(d), &b), 0);
	assert_int_equal(b.mode, a.mode);
	assert_int_equal(b.nlink, a.nlink);
	assert_int_equal(b.uid, a.uid);
	assert_int_equal(b.gid, a.gid);
	assert_int_equal(b.rdev, 0);
	assert_int_equal(b.flags, 0);
	assert_int_equal(b.atime_sec, -5);
	assert_int_equal(b.atime_nsec, 999999999);
	assert_int_equal(b.mtime_sec, 1700000000);
	assert_int_equal(b.mtime_nsec, 1);
	assert_int_equal(b.ctime_sec, 0);
	assert_int_equal(b.ctime_nsec, 0);
	assert_int_equal(loom_disk_attr_decode(&d, sizeof(d) - 1, &b), -EUCLEAN);
	for (i = 0; i < sizeof(d); i++) {
		struct loom_disk_attr c = d;

		((u8 *)&c)[i] ^= 1;
		assert_int_equal(loom_disk_attr_decode(&c, sizeof(c), &b), -EUCLEAN);
	}
	/* a checksummed record of a bad file type or time is refused */
	a.mode = 0170644;
	loom_disk_attr_encode(&d, &a);
	assert_int_equal(loom_disk_attr_decode(&d, sizeof(d), &b), -EUCLEAN);
	a.mode = 040755;
	a.mtime_nsec = 1000000000;
	loom_disk_attr_encode(&d, &a);
	assert_int_equal(loom_disk_attr_decode(&d, sizeof(d), &b), -EUCLEAN);
}

static void test_dirent(void **state)
{
	struct loom_fid fid = { .seq = cpu_to_le64(0x200000000ULL), .oid = cpu_to_le32(42) };
	struct loom_disk_de_info di;
	u8 buf[512], name[LOOM_NAME_MAX + 1];
	u32 len, i;

	(void)state;
	assert_int_equal(loom_disk_de_reclen(1), 40);
	assert_int_equal(loom_disk_de_reclen(8), 40);
	assert_int_equal(loom_disk_de_reclen(9), 48);
	len = loom_disk_de_encode(buf, sizeof(buf), "hello", 5, &fid, 8);
	assert_int_equal(len, 40);
	assert_int_equal(loom_disk_de_decode(buf, len, &di), 0);
	assert_true(di.live);
	assert_int_equal(di.type, 8);
	assert_int_equal(di.name_len, 5);
	assert_memory_equal(di.name, "hello", 5);
	assert_memory_equal(&di.fid, &fid, sizeof(fid));
	assert_int_equal(di.reclen, 40);
	/* deleting rewrites the magic only: still decodes, as dead */
	*(u32 *)buf = cpu_to_le32(LOOM_DISK_DE_DEAD);
	assert_int_equal(loom_disk_de_decode(buf, len, &di), 0);
	assert_false(di.live);
	/* end of the index, torn records, flipped bytes */
	assert_int_equal(loom_disk_de_decode(buf, 0, &di), -ENODATA);
	for (i = 1; i < len; i++)
		assert_int_equal(loom_disk_de_decode(buf, i, &di), -EUCLEAN);
	for (i = 4; i < 32 + 5; i++) {
		buf[i] ^= 0x10;
		assert_int_equal(loom_disk_de_decode(buf, len, &di), -EUCLEAN);
		buf[i] ^= 0x10;
	}
	/* limits */
	memset(name, 'x', sizeof(name));
	assert_int_equal(loom_disk_de_encode(buf, sizeof(buf), (char *)name, 0, &fid, 8), 0);
	assert_int_equal(loom_disk_de_encode(buf, sizeof(buf), (char *)name,
					     LOOM_NAME_MAX + 1, &fid, 8), 0);
	assert_int_equal(loom_disk_de_encode(buf, 39, "hello", 5, &fid, 8), 0);
	len = loom_disk_de_encode(buf, sizeof(buf), (char *)name, LOOM_NAME_MAX, &fid, 4);
	assert_int_equal(len, loom_disk_de_reclen(LOOM_NAME_MAX));
	assert_int_equal(loom_disk_de_decode(buf, len, &di), 0);
	assert_int_equal(di.name_len, LOOM_NAME_MAX);
}

static void test_reply(void **state)
{
	struct loom_disk_reply_info r = {
		.cookie = 0x1234567887654321ULL, .xid = 77, .transno = 5,
		.time = 1700000000, .opcode = 22, .status = 0, .flags = 5,
	}, o;
	u8 body[1900], buf[LOOM_DISK_REPLY_SIZE];
	u32 len, i;

	(void)state;
	for (i = 0; i < sizeof(body); i++)
		body[i] = i * 7;
	r.body = body;
	r.body_len = 100;
	len = loom_disk_reply_encode(buf, sizeof(buf), &r);
	assert_int_equal(len, 56 + 100);
	assert_int_equal(loom_disk_reply_decode(buf, sizeof(buf), &o), 0);
	assert_true(o.cookie == r.cookie && o.xid == 77 && o.transno == 5);
	assert_true(o.time == r.time);
	assert_int_equal(o.opcode, 22);
	assert_int_equal(o.status, 0);
	assert_int_equal(o.flags, 5);
	assert_int_equal(o.body_len, 100);
	assert_memory_equal(o.body, body, 100);
	/* torn and flipped */
	for (i = 4; i < len; i++)
		assert_int_equal(loom_disk_reply_decode(buf, i, &o), -EUCLEAN);
	for (i = 0; i < len; i++) {
		buf[i] ^= 0x40;
		assert_int_equal(loom_disk_reply_decode(buf, len, &o), -EUCLEAN);
		buf[i] ^= 0x40;
	}
	/* free records */
	assert_int_equal(loom_disk_reply_decode(buf, 0, &o), -ENODATA);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(loom_disk_reply_decode(buf, sizeof(buf), &o), -ENODATA);
	/* errors, limits */
	r.status = -17;
	r.body_len = 0;
	len = loom_disk_reply_encode(buf, sizeof(buf), &r);
	assert_int_equal(len, 56);
	assert_int_equal(loom_disk_reply_decode(buf, len, &o), 0);
	assert_int_equal(o.status, -17);
	r.status = 1;
	assert_int_equal(loom_disk_reply_encode(buf, sizeof(buf), &r), 0);
	r.status = 0;
	r.body_len = LOOM_DISK_REPLY_SIZE - 56 + 1;
	assert_int_equal(loom_disk_reply_encode(buf, sizeof(buf), &r), 0);
	r.body_len = sizeof(body);
	assert_int_equal(loom_disk_reply_encode(buf, 56 + 10, &r), 0);
	len = loom_disk_reply_encode(buf, sizeof(buf), &r);
	assert_int_equal(len, 56 + sizeof(body));
	assert_int_equal(loom_disk_reply_decode(buf, sizeof(buf), &o), 0);
	/* a body length past the record */
	((struct loom_disk_reply *)buf)->body_len = 4000;
	assert_int_equal(loom_disk_reply_decode(buf, sizeof(buf), &o), -EUCLEAN);
}

static void test_objname(void **state)
{
	struct loom_fid fid = { .seq = cpu_to_le64(0x100010002ULL),
				.oid = cpu_to_le32(0xdeadbeef), .ver = 0 }, back;
	char buf[64];
	int n;

	(void)state;
	n = loom_disk_objname(buf, sizeof(buf), &fid);
	assert_int_equal(n, 5 + LOOM_DISK_OBJNAME_LEN);
	assert_int_equal(strlen(buf), n);
	assert_string_equal(buf + 5, "0000000100010002-deadbeef-00000000");
	assert_true(loom_disk_objhash(&fid) < LOOM_DISK_NR_HASH);
	assert_int_equal(loom_disk_objname_parse(buf + 5, strlen(buf + 5), &back), 0);
	assert_memory_equal(&back, &fid, sizeof(fid));
	assert_int_equal(loom_disk_objname(buf, 39, &fid), -ENAMETOOLONG);
	assert_int_equal(loom_disk_objname_parse("LABEL", 5, &back), -EINVAL);
	assert_int_equal(loom_disk_objname_parse("0000000100010002-deadbeeF-00000000", 34,
						 &back), -EINVAL);
	assert_int_equal(loom_disk_objname_parse("0000000100010002_deadbeef-00000000", 34,
						 &back), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32c),
		cmocka_unit_test(test_label),
		cmocka_unit_test(test_attr),
		cmocka_unit_test(test_dirent),
		cmocka_unit_test(test_reply),
		cmocka_unit_test(test_objname),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

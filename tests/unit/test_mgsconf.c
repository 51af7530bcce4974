// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of core/fs/loom/common/mgsconf.c: the MGS configuration as
 * text (loomctl mgs dump/restore/set) and as an on-disk record.  Bad text
 * and every corruption of a record must be refused, never trusted.
 *
 * cc -Itests/unit/shim -Icore/include -Icore/include/uapi \
 *    tests/unit/test_mgsconf.c core/fs/loom/common/mgsconf.c \
 *    core/fs/loom/common/disk.c core/fs/loom/common/wire.c \
 *    core/net/loomnet/nid.c -lcmocka
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <cmocka.h>

#include <linux/types.h>
#include <asm/byteorder.h>
#include "../../core/fs/loom/common/mgsconf.h"
#include "../../core/fs/loom/common/disk.h"

#ifndef EUCLEAN
#define EUCLEAN 117
#endif

static struct loom_mgs_conf *new_conf(void)
{
	struct loom_mgs_conf *c = malloc(sizeof(*c));

	assert_non_null(c);
	loom_mgs_conf_init(c, "lfs");
	return c;
}

static int parse(struct loom_mgs_conf *c, const char *text, bool replace,
		 const char **err, unsigned int *line)
{
	return loom_mgs_conf_parse(c, text, strlen(text), replace, err, line);
}

static void test_defaults(void **state)
{
	struct loom_mgs_conf *c = new_conf();
	const char *err = NULL;
	char buf[4096];
	int n;

	(void)state;
	assert_int_equal(c->version, 1);
	assert_int_equal(c->stripe_size, 1 << 20);
	assert_int_equal(c->stripe_count, 1);
	assert_int_equal(c->stripe_offset, LOOM_MGS_OFFSET_ANY);
	assert_int_equal(loom_mgs_conf_check(c, &err), 0);
	n = loom_mgs_conf_format(c, buf, sizeof(buf));
	assert_true(n > 0);
	assert_non_null(strstr(buf, "\nfsname lfs\nversion 1\n"));
	assert_non_null(strstr(buf, "default_layout stripe_size=1048576 stripe_count=1 stripe_offset=any\n"));
	assert_non_null(strstr(buf, "set readahead_kb=0\n"));
	assert_null(strstr(buf, "target"));
	/* too small a buffer */
	assert_int_equal(loom_mgs_conf_format(c, buf, 20), -ENOSPC);
	free(c);
}

static void test_roundtrip(void **state)
{
	struct loom_mgs_conf *c = new_conf(), *d = new_conf();
	const char *err = NULL;
	unsigned int line;
	char buf[8192], again[8192];

	(void)state;
	assert_int_equal(parse(c,
		"# a comment\n\n"
		"fsname lfs\n"
		"version 17\n"
		"default_layout stripe_size=4M stripe_count=all stripe_offset=3\n"
		"set readahead_kb=2048\n"
		"target mdt 0 nid=10.0.0.1@tcp\n"
		"  target ost 7\tnid=10.0.0.2@tcp  \r\n"
		"target ost 1 nid=[fd00::1]@tcp1\n", true, &err, &line), 0);
	assert_int_equal(c->stripe_size, 4 << 20);
	assert_int_equal(c->stripe_count, LOOM_MGS_STRIPE_ALL);
	assert_int_equal(c->stripe_offset, 3);
	assert_int_equal(c->readahead_kb, 2048);
	assert_true(c->mdts[0].present);
	assert_true(c->osts[7].present);
	assert_true(c->osts[1].present);
	assert_false(c->osts[0].present);
	assert_int_equal(c->version, 1);	/* "version" is informational */

	assert_true(loom_mgs_conf_format(c, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "target ost 1 nid="));
	assert_true(strstr(buf, "target ost 1") < strstr(buf, "target ost 7"));
	assert_int_equal(parse(d, buf, true, &err, &line), 0);
	assert_true(loom_mgs_conf_format(d, again, sizeof(again)) > 0);
	assert_string_equal(buf, again);

	/* a restore replaces: what is not listed goes */
	assert_int_equal(parse(d, "target ost 2 nid=10.0.0.3@tcp\n", true, &err,
			       &line), 0);
	assert_false(d->osts[7].present);
	assert_false(d->mdts[0].present);
	assert_int_equal(d->stripe_size, 1 << 20);
	assert_int_equal(d->readahead_kb, 0);
	/* a set changes only what it says */
	assert_int_equal(parse(c, "set stripe_count=2", false, &err, &line), 0);
	assert_int_equal(c->stripe_count, 2);
	assert_true(c->osts[7].present);
	assert_int_equal(c->stripe_size, 4 << 20);
	free(c);
	free(d);
}

static void bad(const char *text, unsigned int want_line, const char *want)
{
	struct loom_mgs_conf *c = new_conf();
	const char *err = NULL;
	unsigned int line = 99;

	assert_int_equal(parse(c, text, true, &err, &line), -EINVAL);
	assert_non_null(err);
	assert_int_equal(line, want_line);
	if (!strstr(err, want))
		fail_msg("'%s': message '%s' lacks '%s'", text, err, want);
	free(c);
}

static void test_bad_text(void **state)
{
	(void)state;
	bad("bogus 1\n", 1, "unknown keyword");
	bad("fsname lfs\nset frobnicate=1\n", 2, "unknown tunable");
	bad("set stripe_size\n", 1, "KEY=VALUE");
	bad("set stripe_size=1000\n", 1, "64 KiB");
	bad("set stripe_size=0\n", 1, "64 KiB");
	bad("set stripe_size=4G\n", 1, "64 KiB");
	bad("set stripe_size=99999999999999999999\n", 1, "64 KiB");
	bad("set stripe_count=65\n", 1, "stripe_count");
	bad("set stripe_count=0\n", 1, "stripe_count");
	bad("set stripe_count=x\n", 1, "stripe_count");
	bad("set stripe_offset=256\n", 1, "stripe_offset");
	bad("set readahead_kb=1048577\n", 1, "readahead_kb");
	bad("set readahead_kb=-1\n", 1, "readahead_kb");
	bad("set a=1 b=2\n", 1, "set KEY=VALUE");
	bad("default_layout readahead_kb=1\n", 1, "unknown default_layout key");
	bad("fsname other\n", 1, "fsname");
	bad("fsname\n", 1, "fsname");
	bad("version x\n", 1, "version");
	bad("target ost 1 nid=bogus\n", 1, "bad NID");
	bad("target ost 1 nid=10.0.0.1@tcp\ntarget ost 1 nid=10.0.0.2@tcp\n", 2,
	    "twice");
	bad("target ost 256 nid=10.0.0.1@tcp\n", 1, "0-255");
	bad("target mgs 0 nid=10.0.0.1@tcp\n", 1, "mdt or ost");
	bad("target ost 1\n", 1, "target mdt|ost");
	bad("target ost 1 10.0.0.1@tcp\n", 1, "target mdt|ost");
	bad("a b c d e f g h i\n", 1, "too many");
	bad("set\0stripe_count=2\n", 1, "");
}

static void test_nul(void **state)
{
	static const char text[] = "set stripe_count=2\0junk\n";
	struct loom_mgs_conf *c = new_conf();
	const char *err;
	unsigned int line;

	(void)state;
	assert_int_equal(loom_mgs_conf_parse(c, text, sizeof(text) - 1, true,
					     &err, &line), -EINVAL);
	assert_int_equal(line, 1);
	free(c);
}

static void test_disk(void **state)
{
	struct loom_mgs_conf *c = new_conf(), *d = new_conf();
	static u8 buf[LOOM_DISK_MGS_SLOT], copy[LOOM_DISK_MGS_SLOT];
	const char *err;
	unsigned int line;
	u32 len, i;

	(void)state;
	assert_int_equal(parse(c, "set stripe_size=128K\nset readahead_kb=64\n"
			       "target mdt 0 nid=10.0.0.1@tcp\n"
			       "target ost 3 nid=[fd00::7]@tcp\n", true, &err,
			       &line), 0);
	c->version = 42;
	len = loom_disk_mgs_encode(buf, sizeof(buf), c);
	assert_int_equal(len, sizeof(struct loom_disk_mgs) +
			 2 * sizeof(struct loom_disk_mgs_tgt) + 4);
	assert_int_equal(loom_disk_mgs_encode(buf, len - 1, c), 0);
	assert_int_equal(loom_disk_mgs_decode(buf, sizeof(buf), d), 0);
	assert_int_equal(d->version, 42);
	assert_string_equal(d->fsname, "lfs");
	assert_int_equal(d->stripe_size, 128 << 10);
	assert_int_equal(d->readahead_kb, 64);
	assert_true(d->mdts[0].present);
	assert_true(d->osts[3].present);
	assert_memory_equal(&d->osts[3].nid, &c->osts[3].nid, sizeof(c->osts[3].nid));
	assert_int_equal(loom_disk_mgs_decode(buf, len - 1, d), -EUCLEAN);
	/* an empty slot */
	memset(copy, 0, sizeof(copy));
	assert_int_equal(loom_disk_mgs_decode(copy, sizeof(copy), d), -ENODATA);
	assert_int_equal(loom_disk_mgs_decode(copy, 10, d), -EUCLEAN);
	/* every flipped byte is caught */
	for (i = 0; i < len; i++) {
		memcpy(copy, buf, len);
		copy[i] ^= 0x40;
		assert_true(loom_disk_mgs_decode(copy, len, d) < 0);
	}
	/* a valid checksum over a bad value is still refused */
	memcpy(copy, buf, len);
	((struct loom_disk_mgs *)copy)->stripe_count = cpu_to_le16(99);
	{
		__le32 crc = cpu_to_le32(loom_disk_crc32c(0, copy, len - 4));

		memcpy(copy + len - 4, &crc, 4);
	}
	assert_int_equal(loom_disk_mgs_decode(copy, len, d), -EUCLEAN);
	/* garbage */
	for (i = 0; i < sizeof(copy); i++)
		copy[i] = (u8)(i * 131 + 7);
	assert_int_equal(loom_disk_mgs_decode(copy, sizeof(copy), d), -EUCLEAN);
	free(c);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_bad_text),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_disk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

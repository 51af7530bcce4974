// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of core/net/loomnet/nid.c, built in userspace:
 * cc -Itests/unit/shim -Icore/include -Icore/include/uapi \
 *    -o /tmp/t tests/unit/test_nid.c core/net/loomnet/nid.c -lcmocka
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>

#include <linux/types.h>
#include <linux/errno.h>
#include <linux/loomnet.h>

static int parse(const char *s, struct loomnet_nid *nid)
{
	return loomnet_nid_parse(s, strlen(s), nid);
}

/* Parse @in, format it back and compare with @out. */
static void roundtrip(const char *in, const char *out)
{
	struct loomnet_nid nid, again;
	char buf[LOOMNET_NIDSTR_SIZE];
	int ret;

	ret = parse(in, &nid);
	if (ret)
		fail_msg("parse(\"%s\") = %d", in, ret);
	ret = loomnet_nid_format(&nid, buf, sizeof(buf));
	assert_int_equal(ret, strlen(out));
	assert_string_equal(buf, out);
	assert_int_equal(parse(buf, &again), 0);
	assert_true(loomnet_nid_equal(&nid, &again));
	assert_int_equal(loomnet_nid_hash(&nid), loomnet_nid_hash(&again));
}

static void test_ipv4(void **state)
{
	struct loomnet_nid nid;

	(void)state;
	assert_int_equal(parse("10.0.0.1@tcp", &nid), 0);
	assert_int_equal(nid.family, LOOMNET_AF_INET);
	assert_int_equal(nid.lnd, LOOMNET_LND_TCP);
	assert_int_equal(nid.net, 0);
	assert_int_equal(nid.addr[0], 10);
	assert_int_equal(nid.addr[3], 1);
	for (int i = 4; i < 16; i++)
		assert_int_equal(nid.addr[i], 0);

	assert_int_equal(parse("192.168.1.254@tcp3", &nid), 0);
	assert_int_equal(nid.net, 3);
	assert_int_equal(nid.addr[0], 192);
	assert_int_equal(nid.addr[3], 254);

	roundtrip("10.0.0.1@tcp", "10.0.0.1@tcp");
	roundtrip("10.0.0.1@tcp0", "10.0.0.1@tcp");
	roundtrip("10.0.0.1@tcp3", "10.0.0.1@tcp3");
	roundtrip("0.0.0.0@tcp", "0.0.0.0@tcp");
	roundtrip("255.255.255.255@tcp65535", "255.255.255.255@tcp65535");
}

static void test_ipv6(void **state)
{
	struct loomnet_nid nid;

	(void)state;
	assert_int_equal(parse("[fd00::1]@tcp", &nid), 0);
	assert_int_equal(nid.family, LOOMNET_AF_INET6);
	assert_int_equal(nid.addr[0], 0xfd);
	assert_int_equal(nid.addr[1], 0);
	assert_int_equal(nid.addr[15], 1);

	roundtrip("[fd00::1]@tcp", "[fd00::1]@tcp");
	roundtrip("[::]@tcp", "[::]@tcp");
	roundtrip("[::1]@tcp", "[::1]@tcp");
	roundtrip("[1::]@tcp", "[1::]@tcp");
	roundtrip("[FD00:0:0:0:0:0:0:1]@tcp2", "[fd00::1]@tcp2");
	roundtrip("[2001:db8:0:0:1:0:0:1]@tcp", "[2001:db8::1:0:0:1]@tcp");
	roundtrip("[2001:0db8:0000:0000:0000:ff00:0042:8329]@tcp",
		  "[2001:db8::ff00:42:8329]@tcp");
	roundtrip("[1:0:1:0:1:0:1:0]@tcp", "[1:0:1:0:1:0:1:0]@tcp");
	roundtrip("[1:2:3:4:5:6:7::]@tcp", "[1:2:3:4:5:6:7:0]@tcp");
	roundtrip("[::2:3:4:5:6:7:8]@tcp", "[0:2:3:4:5:6:7:8]@tcp");
	roundtrip("[1:0:0:2:0:0:0:3]@tcp", "[1:0:0:2::3]@tcp");
	roundtrip("[1:0:0:2:3:0:0:4]@tcp", "[1::2:3:0:0:4]@tcp");
	roundtrip("[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]@tcp",
		  "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]@tcp");
	roundtrip("[::ffff:10.0.0.1]@tcp", "[::ffff:10.0.0.1]@tcp");
	roundtrip("[::ffff:a00:1]@tcp", "[::ffff:10.0.0.1]@tcp");
	roundtrip("[64:ff9b::192.0.2.33]@tcp", "[64:ff9b::c000:221]@tcp");
	/* Longest IPv6 NID fits the documented buffer size. */
	roundtrip("[::ffff:255.255.255.255]@tcp65535",
		  "[::ffff:255.255.255.255]@tcp65535");
}

static void test_malformed(void **state)
{
	static const char * const bad[] = {
		"", "@", "@tcp", "10.0.0.1", "10.0.0.1@", "10.0.0.1@tc",
		"10.0.0.1@tcpx", "10.0.0.1@tcp-1", "10.0.0.1@tcp+1",
		"10.0.0.1@tcp01", "10.0.0.1@tcp65536", "10.0.0.1@tcp999999",
		"10.0.0.1@udp", "10.0.0.1@TCP", "10.0.0.1@tcp@tcp",
		"10.0.0.1 @tcp", " 10.0.0.1@tcp", "10.0.0.1@tcp ",
		"10.0.0@tcp", "10.0.0.1.2@tcp", "10.0.0.256@tcp",
		"10.0.0.01@tcp", "10..0.1@tcp", ".10.0.0.1@tcp",
		"10.0.0.1.@tcp", "1000.0.0.1@tcp", "a.b.c.d@tcp",
		"10.0.0.-1@tcp", "localhost@tcp",
		"fd00::1@tcp", "[fd00::1@tcp", "fd00::1]@tcp", "[]@tcp",
		"[[fd00::1]]@tcp", "[10.0.0.1]@tcp", "[fd00:::1]@tcp",
		"[fd00::1::2]@tcp", "[:1]@tcp", "[1:]@tcp", "[1:2]@tcp",
		"[12345::1]@tcp", "[g::1]@tcp", "[1:2:3:4:5:6:7:8:9]@tcp",
		"[1:2:3:4:5:6:7:8::]@tcp", "[::1:2:3:4:5:6:7:8]@tcp",
		"[1:2:3:4:5:6:7]@tcp", "[::ffff:1.2.3]@tcp",
		"[::ffff:1.2.3.4.5]@tcp", "[::1.2.3.4:5]@tcp",
		"[1:2:3:4:5:6:7:1.2.3.4]@tcp", "[fd00::1]x@tcp",
		"[fd00::1]@tcp3x", "[fd00::%eth0]@tcp",
		"10.0.0.1@tcp\n", "10.0.0.1\t@tcp",
	};
	struct loomnet_nid nid;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&nid, 0xa5, sizeof(nid));
		if (parse(bad[i], &nid) != -EINVAL)
			fail_msg("accepted malformed NID \"%s\"", bad[i]);
		/* untouched on error */
		assert_int_equal(nid.family, 0xa5);
	}
}

static void test_lengths(void **state)
{
	char big[256];
	struct loomnet_nid nid;

	(void)state;
	/* An embedded NUL or a length not covering the string. */
	assert_int_equal(loomnet_nid_parse("10.0.0.1@tcp\0", 13, &nid),
			 -EINVAL);
	assert_int_equal(loomnet_nid_parse("10.0.0.1@tcp", 11, &nid),
			 -EINVAL);
	assert_int_equal(loomnet_nid_parse("10.0.0.1@tcp3junk", 13, &nid), 0);
	assert_int_equal(nid.net, 3);
	assert_int_equal(loomnet_nid_parse("10.0.0.1@tcp", 0, &nid), -EINVAL);
	assert_int_equal(loomnet_nid_parse(NULL, 5, &nid), -EINVAL);

	/* Overlong input. */
	memset(big, '1', sizeof(big));
	memcpy(big + sizeof(big) - 5, "@tcp", 5);
	assert_int_equal(parse(big, &nid), -EINVAL);
	memset(big, 0, sizeof(big));
	strcpy(big, "[0000:0000:0000:0000:0000:0000:0000:0001]@tcp12345");
	assert_int_equal(parse(big, &nid), 0);
	strcpy(big, "[0000:0000:0000:0000:0000:0000:0000:0001]@tcp012345");
	assert_int_equal(parse(big, &nid), -EINVAL);
	memset(big, 0, sizeof(big));
	memset(big, '0', LOOMNET_NIDSTR_SIZE);
	assert_int_equal(loomnet_nid_parse(big, LOOMNET_NIDSTR_SIZE, &nid),
			 -EINVAL);
}

static void test_format_errors(void **state)
{
	struct loomnet_nid nid;
	char buf[LOOMNET_NIDSTR_SIZE];

	(void)state;
	assert_int_equal(parse("10.0.0.1@tcp", &nid), 0);
	assert_int_equal(loomnet_nid_format(&nid, buf, 12), -ENOSPC);
	assert_string_equal(buf, "");
	assert_int_equal(loomnet_nid_format(&nid, buf, 13), 12);
	assert_string_equal(buf, "10.0.0.1@tcp");
	assert_int_equal(loomnet_nid_format(&nid, buf, 0), -ENOSPC);

	nid.family = 7;
	assert_int_equal(loomnet_nid_format(&nid, buf, sizeof(buf)), -EINVAL);
	nid.family = LOOMNET_AF_INET;
	nid.lnd = 9;
	assert_int_equal(loomnet_nid_format(&nid, buf, sizeof(buf)), -EINVAL);
}

static void test_equal_hash(void **state)
{
	struct loomnet_nid a, b;

	(void)state;
	assert_int_equal(parse("10.0.0.1@tcp", &a), 0);
	assert_int_equal(parse("10.0.0.1@tcp1", &b), 0);
	assert_false(loomnet_nid_equal(&a, &b));
	assert_int_equal(parse("10.0.0.2@tcp", &b), 0);
	assert_false(loomnet_nid_equal(&a, &b));
	assert_int_not_equal(loomnet_nid_hash(&a), loomnet_nid_hash(&b));
	assert_int_equal(parse("[::ffff:10.0.0.1]@tcp", &b), 0);
	assert_false(loomnet_nid_equal(&a, &b));
	assert_int_equal(parse("10.0.0.1@tcp0", &b), 0);
	assert_true(loomnet_nid_equal(&a, &b));
	assert_int_equal(parse("[fd00::1]@tcp", &a), 0);
	assert_int_equal(parse("[fd00:0::0:1]@tcp", &b), 0);
	assert_true(loomnet_nid_equal(&a, &b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_format_errors),
		cmocka_unit_test(test_equal_hash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

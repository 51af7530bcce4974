// SPDX-License-Identifier: GPL-2.0
/*
 * loomctl net: configure and observe loomnet over generic netlink.
 *
 *	loomctl net add NID [IFNAME]
 *	loomctl net del NID
 *	loomctl net show
 *	loomctl net peers
 *	loomctl net stats
 *	loomctl net ping NID [TIMEOUT_MS]
 *	loomctl net selftest NID [SIZE]
 *	loomctl net selftest --bulk COUNT [--pings N] NID [SIZE]
 *	loomctl net selftest --msgs COUNT NID [SIZE]
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/loomnet.h>

#include "loomctl.h"
#include "nl.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: loomctl net add NID [IFNAME]\n"
		"       loomctl net del NID\n"
		"       loomctl net show\n"
		"       loomctl net peers\n"
		"       loomctl net conns\n"
		"       loomctl net stats\n"
		"       loomctl net ping NID [TIMEOUT_MS]\n"
		"       loomctl net selftest NID [SIZE]\n"
		"       loomctl net selftest --bulk COUNT [--pings N] NID [SIZE]\n"
		"       loomctl net selftest --msgs COUNT NID [SIZE]\n"
		"       (selftest --timeout MS: for each step, default 5000)\n"
		"NID: IPV4@tcp[N] or [IPV6]@tcp[N], e.g. 10.1.0.1@tcp, [fd00::1]@tcp\n");
}

/* A light syntax check; the kernel does the real one. */
static int nid_ok(const char *nid)
{
	const char *at = strchr(nid, '@');

	return at && at != nid && !strncmp(at + 1, "tcp", 3) &&
	       strlen(nid) < LOOMNET_NIDSTR_SIZE;
}

static struct nl_sock *net_open(const char *what)
{
	struct nl_sock *s = nl_open(LOOMNET_GENL_NAME);

	if (!s)
		fprintf(stderr, "loomctl: net %s: cannot reach loomnet: %s%s\n",
			what, strerror(errno),
			errno == ENOENT ? " (is loomnet.ko loaded?)" : "");
	return s;
}

static int fail(const char *what, const char *arg, struct nl_sock *s, int ret)
{
	const char *msg = nl_errmsg(s);

	if (*msg && arg)
		fprintf(stderr, "loomctl: net %s: %s '%s'\n", what, msg, arg);
	else if (*msg)
		fprintf(stderr, "loomctl: net %s: %s\n", what, msg);
	else
		fprintf(stderr, "loomctl: net %s%s%s%s: %s\n", what,
			arg ? " '" : "", arg ? arg : "", arg ? "'" : "",
			strerror(-ret));
	return 1;
}

static void print_stats(const struct nl_attrs *a, const char *indent)
{
	printf("%stx %" PRIu64 " msgs %" PRIu64 " bytes, rx %" PRIu64
	       " msgs %" PRIu64 " bytes, errors %" PRIu64 ", drops %" PRIu64
	       ", resends %" PRIu64 ", dups %" PRIu64 "\n", indent,
	       nl_get_u64(a, LOOMNET_A_TX_MSGS, 0),
	       nl_get_u64(a, LOOMNET_A_TX_BYTES, 0),
	       nl_get_u64(a, LOOMNET_A_RX_MSGS, 0),
	       nl_get_u64(a, LOOMNET_A_RX_BYTES, 0),
	       nl_get_u64(a, LOOMNET_A_ERRORS, 0),
	       nl_get_u64(a, LOOMNET_A_DROPS, 0),
	       nl_get_u64(a, LOOMNET_A_RESENDS, 0),
	       nl_get_u64(a, LOOMNET_A_DUPS, 0));
}

static int show_cb(const struct nl_attrs *a, void *arg)
{
	const char *ifname = nl_get_str(a, LOOMNET_A_IFNAME);
	const char *nid = nl_get_str(a, LOOMNET_A_NID);

	(void)arg;
	printf("%s%s%s %s port %u conns %u health %u\n", nid ? nid : "?",
	       ifname ? " dev " : "", ifname ? ifname : "",
	       nl_get_u32(a, LOOMNET_A_STATUS, 0) ? "up" : "down",
	       nl_get_u32(a, LOOMNET_A_PORT, 0),
	       nl_get_u32(a, LOOMNET_A_CONNS, 0),
	       nl_get_u32(a, LOOMNET_A_HEALTH, 0));
	print_stats(a, "    ");
	return 0;
}

static int peers_cb(const struct nl_attrs *a, void *arg)
{
	const char *nid = nl_get_str(a, LOOMNET_A_NID);
	const char *node = nl_get_str(a, LOOMNET_A_NODE);
	uint64_t rtt = nl_get_u64(a, LOOMNET_A_RTT_US, 0);

	(void)arg;
	printf("%s %s conns %u credits %u health %u queued %u unacked %u",
	       nid ? nid : "?",
	       nl_get_u32(a, LOOMNET_A_STATUS, 0) ? "up" : "down",
	       nl_get_u32(a, LOOMNET_A_CONNS, 0),
	       nl_get_u32(a, LOOMNET_A_CREDITS, 0),
	       nl_get_u32(a, LOOMNET_A_HEALTH, 0),
	       nl_get_u32(a, LOOMNET_A_QUEUED, 0),
	       nl_get_u32(a, LOOMNET_A_UNACKED, 0));
	if (node && nid && strcmp(node, nid))
		printf(" node %s", node);
	if (rtt)
		printf(" rtt %" PRIu64 "us", rtt);
	printf("\n");
	print_stats(a, "    ");
	return 0;
}

static int conns_cb(const struct nl_attrs *a, void *arg)
{
	const char *nid = nl_get_str(a, LOOMNET_A_NID);
	const char *remote = nl_get_str(a, LOOMNET_A_REMOTE);

	(void)arg;
	printf("%s %s %s %s %s credits %u queued %u %" PRIu64
	       " bytes idle %ums unacked %u\n",
	       nid ? nid : "?",
	       nl_get_u32(a, LOOMNET_A_OUTGOING, 0) ? "->" : "<-",
	       remote ? remote : "?",
	       nl_get_u32(a, LOOMNET_A_ROLE, 0) ? "bulk" : "ctrl",
	       nl_get_u32(a, LOOMNET_A_STATUS, 0) ? "up" : "down",
	       nl_get_u32(a, LOOMNET_A_CREDITS, 0),
	       nl_get_u32(a, LOOMNET_A_QUEUED, 0),
	       nl_get_u64(a, LOOMNET_A_QUEUED_BYTES, 0),
	       nl_get_u32(a, LOOMNET_A_IDLE_MS, 0),
	       nl_get_u32(a, LOOMNET_A_UNACKED, 0));
	return 0;
}

static int stats_cb(const struct nl_attrs *a, void *arg)
{
	(void)arg;
	printf("port %u conns %u\n", nl_get_u32(a, LOOMNET_A_PORT, 0),
	       nl_get_u32(a, LOOMNET_A_CONNS, 0));
	print_stats(a, "");
	return 0;
}

static int ping_cb(const struct nl_attrs *a, void *arg)
{
	const char *nid = nl_get_str(a, LOOMNET_A_NID);

	printf("%s: rtt %" PRIu64 " us\n", nid ? nid : (const char *)arg,
	       nl_get_u64(a, LOOMNET_A_RTT_US, 0));
	return 0;
}

/* The bulk mode of selftest: PUTs to time, then round trips. */
static unsigned long bulk_count, bulk_pings, st_timeout, st_msgs;

static int selftest_cb(const struct nl_attrs *a, void *arg)
{
	const char *nid = nl_get_str(a, LOOMNET_A_NID);

	if (st_msgs) {
		uint32_t msgs = nl_get_u32(a, LOOMNET_A_MSGS, 0);
		uint64_t ns = nl_get_u64(a, LOOMNET_A_MSGS_NS, 0);

		printf("%s: messages: %u of %u bytes, each back exactly once, in %"
		       PRIu64 " us: %.0f/s\n", nid ? nid : (const char *)arg,
		       msgs, nl_get_u32(a, LOOMNET_A_SIZE, 0), ns / 1000,
		       ns ? msgs * 1e9 / ns : 0.0);
		return 0;
	}
	if (bulk_count) {
		uint32_t size = nl_get_u32(a, LOOMNET_A_SIZE, 0);
		uint32_t count = nl_get_u32(a, LOOMNET_A_COUNT, 0);
		uint32_t pings = nl_get_u32(a, LOOMNET_A_PINGS, 0);
		uint64_t bns = nl_get_u64(a, LOOMNET_A_BULK_NS, 0);
		uint64_t pns = nl_get_u64(a, LOOMNET_A_PING_NS, 0);

		/* MB/s is 10^6 bytes per second, as iperf3 counts. */
		printf("%s: bulk: %u PUTs of %u bytes in %" PRIu64 " us: %.1f MB/s\n",
		       nid ? nid : (const char *)arg, count, size, bns / 1000,
		       bns ? (double)count * size * 1e3 / bns : 0.0);
		if (pings)
			printf("%s: round trips: %u in %" PRIu64 " us: %.0f/s\n",
			       nid ? nid : (const char *)arg, pings,
			       pns / 1000, pns ? pings * 1e9 / pns : 0.0);
		return 0;
	}

	printf("%s: selftest passed: message, PUT and GET of %u bytes in %"
	       PRIu64 " us\n", nid ? nid : (const char *)arg,
	       nl_get_u32(a, LOOMNET_A_SIZE, 0),
	       nl_get_u64(a, LOOMNET_A_RTT_US, 0));
	return 0;
}

static int cmd_nid(int argc, char **argv, const char *what, uint8_t cmd)
{
	int min = 2, max = !strcmp(what, "del") ? 2 : 3;
	struct nl_msg *m;
	struct nl_sock *s;
	int ret;

	if (argc < min || argc > max) {
		fprintf(stderr, "loomctl: net %s: wrong number of arguments\n",
			what);
		usage(stderr);
		return 2;
	}
	if (!nid_ok(argv[1])) {
		fprintf(stderr, "loomctl: net %s: invalid NID '%s'\n", what,
			argv[1]);
		return 2;
	}
	m = nl_msg_new();
	if (!m || nl_put_str(m, LOOMNET_A_NID, argv[1])) {
		fprintf(stderr, "loomctl: net %s: out of memory\n", what);
		nl_msg_free(m);
		return 1;
	}
	if (cmd == LOOMNET_CMD_NI_ADD && argc == 3)
		nl_put_str(m, LOOMNET_A_IFNAME, argv[2]);
	if (cmd == LOOMNET_CMD_PING && argc == 3) {
		char *end;
		unsigned long t = strtoul(argv[2], &end, 10);

		if (!*argv[2] || *end || !t || t > 600000) {
			fprintf(stderr, "loomctl: net ping: invalid timeout '%s' (1 to 600000 ms)\n",
				argv[2]);
			nl_msg_free(m);
			return 2;
		}
		nl_put_u32(m, LOOMNET_A_TIMEOUT_MS, t);
	}
	if (cmd == LOOMNET_CMD_SELFTEST && argc == 3) {
		char *end;
		unsigned long n = strtoul(argv[2], &end, 0);

		if (!*argv[2] || *end || !n || n >= (16UL << 20)) {
			fprintf(stderr, "loomctl: net selftest: invalid size '%s' (1 to 16777215 bytes)\n",
				argv[2]);
			nl_msg_free(m);
			return 2;
		}
		nl_put_u32(m, LOOMNET_A_SIZE, n);
	}
	if (cmd == LOOMNET_CMD_SELFTEST && st_timeout)
		nl_put_u32(m, LOOMNET_A_TIMEOUT_MS, st_timeout);
	if (cmd == LOOMNET_CMD_SELFTEST && st_msgs)
		nl_put_u32(m, LOOMNET_A_MSGS, st_msgs);
	if (cmd == LOOMNET_CMD_SELFTEST && bulk_count) {
		nl_put_u32(m, LOOMNET_A_COUNT, bulk_count);
		if (bulk_pings)
			nl_put_u32(m, LOOMNET_A_PINGS, bulk_pings);
	}
	s = net_open(what);
	if (!s) {
		nl_msg_free(m);
		return 1;
	}
	ret = nl_request(s, cmd, 0, m, LOOMNET_A_MAX,
			 cmd == LOOMNET_CMD_PING ? ping_cb :
			 cmd == LOOMNET_CMD_SELFTEST ? selftest_cb : NULL,
			 argv[1]);
	nl_msg_free(m);
	if (ret < 0)
		ret = fail(what, argv[1], s, ret);
	nl_close(s);
	return ret ? 1 : 0;
}

static int cmd_list(int argc, const char *what, uint8_t cmd, uint16_t flags,
		    nl_cb cb)
{
	struct nl_sock *s;
	int ret;

	if (argc != 1) {
		fprintf(stderr, "loomctl: net %s: takes no arguments\n", what);
		return 2;
	}
	s = net_open(what);
	if (!s)
		return 1;
	ret = nl_request(s, cmd, flags, NULL, LOOMNET_A_MAX, cb, NULL);
	if (ret < 0)
		ret = fail(what, NULL, s, ret);
	nl_close(s);
	return ret ? 1 : 0;
}

/*
 * Called as main() would be, with argv[0] "net": loomctl.c passes
 * (argc - 1, argv + 1).
 */
int loomctl_net_main(int argc, char **argv)
{
	const char *cmd;

	argc--;
	argv++;
	cmd = argc > 0 ? argv[0] : NULL;

	if (!cmd) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(cmd, "add"))
		return cmd_nid(argc, argv, "add", LOOMNET_CMD_NI_ADD);
	if (!strcmp(cmd, "del"))
		return cmd_nid(argc, argv, "del", LOOMNET_CMD_NI_DEL);
	if (!strcmp(cmd, "ping"))
		return cmd_nid(argc, argv, "ping", LOOMNET_CMD_PING);
	if (!strcmp(cmd, "selftest")) {
		while (argc > 2 && (!strcmp(argv[1], "--bulk") ||
				    !strcmp(argv[1], "--pings") ||
				    !strcmp(argv[1], "--msgs") ||
				    !strcmp(argv[1], "--timeout"))) {
			unsigned long *v = !strcmp(argv[1], "--bulk") ?
					   &bulk_count :
					   !strcmp(argv[1], "--pings") ?
					   &bulk_pings :
					   !strcmp(argv[1], "--msgs") ?
					   &st_msgs : &st_timeout;
			char *end;

			*v = strtoul(argv[2], &end, 0);
			if (!*argv[2] || *end || !*v || *v > 10000000) {
				fprintf(stderr, "loomctl: net selftest: invalid %s '%s' (1 to 10000000)\n",
					argv[1], argv[2]);
				return 2;
			}
			argv[2] = argv[0];
			argc -= 2;
			argv += 2;
		}
		if (bulk_pings && !bulk_count) {
			fprintf(stderr, "loomctl: net selftest: --pings needs --bulk\n");
			return 2;
		}
		if (st_msgs && bulk_count) {
			fprintf(stderr, "loomctl: net selftest: --msgs and --bulk are exclusive\n");
			return 2;
		}
		return cmd_nid(argc, argv, "selftest", LOOMNET_CMD_SELFTEST);
	}
	if (!strcmp(cmd, "show"))
		return cmd_list(argc, "show", LOOMNET_CMD_NI_GET, NLM_F_DUMP,
				show_cb);
	if (!strcmp(cmd, "peers"))
		return cmd_list(argc, "peers", LOOMNET_CMD_PEER_GET,
				NLM_F_DUMP, peers_cb);
	if (!strcmp(cmd, "conns"))
		return cmd_list(argc, "conns", LOOMNET_CMD_CONN_GET,
				NLM_F_DUMP, conns_cb);
	if (!strcmp(cmd, "stats"))
		return cmd_list(argc, "stats", LOOMNET_CMD_STATS_GET, 0,
				stats_cb);
	if (!strcmp(cmd, "help") || !strcmp(cmd, "-h") ||
	    !strcmp(cmd, "--help")) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "loomctl: net: unknown command '%s'\n", cmd);
	usage(stderr);
	return 2;
}

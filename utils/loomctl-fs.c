// SPDX-License-Identifier: GPL-2.0
/*
 * loomctl {mgs|mdt|ost|target}: start, stop and list Loom servers over the
 * "loom" generic netlink family, in the caller's network namespace.
 *
 *	loomctl mgs start FSNAME [--stripe-count N] [--stripe-size BYTES]
 *		[--path DIR]
 *	loomctl mdt start FSNAME INDEX --mgs NID [--capacity-mb MB | --path DIR]
 *	loomctl ost start FSNAME INDEX --mgs NID [--capacity-mb MB | --path DIR]
 *
 * --path DIR stores the target in DIR, formatted by mkfs.loom (backend
 * "dir"); without it the target lives in memory (backend "mem").
 *	loomctl {mgs|mdt|ost} stop FSNAME [INDEX]
 *	loomctl target list
 *	loomctl mgs dump FSNAME
 *	loomctl mgs restore FSNAME [FILE]	(standard input without FILE)
 *	loomctl mgs set FSNAME KEY=VALUE...
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/loom.h>

#include "loomctl.h"
#include "nl.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: loomctl mgs start FSNAME [--stripe-count N] [--stripe-size BYTES] [--path DIR]\n"
		"       loomctl {mdt|ost} start FSNAME INDEX --mgs NID [--capacity-mb MB | --path DIR]\n"
		"       loomctl {mgs|mdt|ost} stop FSNAME [INDEX]\n"
		"       loomctl target list\n"
		"       loomctl mgs dump FSNAME\n"
		"       loomctl mgs restore FSNAME [FILE]\n"
		"       loomctl mgs set FSNAME KEY=VALUE...\n");
}

static int parse_u64(const char *s, uint64_t max, uint64_t *val)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end || s[0] == '-' || v > max)
		return -1;
	*val = v;
	return 0;
}

static uint32_t type_of(const char *word)
{
	if (!strcmp(word, "mgs"))
		return LOOM_TARGET_MGS;
	if (!strcmp(word, "mdt"))
		return LOOM_TARGET_MDT;
	if (!strcmp(word, "ost"))
		return LOOM_TARGET_OST;
	return 0;
}

static const char *type_name(uint32_t type)
{
	switch (type) {
	case LOOM_TARGET_MGS:
		return "mgs";
	case LOOM_TARGET_MDT:
		return "mdt";
	case LOOM_TARGET_OST:
		return "ost";
	default:
		return "?";
	}
}

static int run(uint8_t cmd, uint16_t flags, struct nl_msg *m, nl_cb cb,
	       void *arg)
{
	struct nl_sock *s;
	int ret;

	s = nl_open(LOOM_GENL_NAME);
	if (!s) {
		fprintf(stderr, "loomctl: cannot open the \"%s\" netlink family (is loom.ko loaded?)\n",
			LOOM_GENL_NAME);
		return 1;
	}
	ret = nl_request(s, cmd, flags, m, LOOM_A_MAX, cb, arg);
	if (ret < 0) {
		const char *msg = nl_errmsg(s);

		fprintf(stderr, "loomctl: %s%s%s\n", strerror(-ret),
			msg && *msg ? ": " : "", msg ? msg : "");
		nl_close(s);
		return 1;
	}
	nl_close(s);
	return 0;
}

static int do_start(uint32_t type, int argc, char **argv)
{
	const char *fsname = NULL, *index = NULL, *mgs = NULL, *path = NULL;
	char *abs = NULL;
	int backend = 0;
	uint64_t v;
	struct nl_msg *m;
	int i, ret;

	m = nl_msg_new();
	if (!m)
		return 1;
	nl_put_u32(m, LOOM_A_TGT_TYPE, type);
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--mgs") && i + 1 < argc && type != LOOM_TARGET_MGS) {
			mgs = argv[++i];
		} else if (!strcmp(a, "--stripe-count") && i + 1 < argc &&
			   type == LOOM_TARGET_MGS) {
			if (parse_u64(argv[++i], 0xffff, &v))
				goto bad;
			nl_put_u32(m, LOOM_A_STRIPE_COUNT, v);
		} else if (!strcmp(a, "--stripe-size") && i + 1 < argc &&
			   type == LOOM_TARGET_MGS) {
			if (parse_u64(argv[++i], UINT32_MAX, &v))
				goto bad;
			nl_put_u32(m, LOOM_A_STRIPE_SIZE, v);
		} else if (!strcmp(a, "--capacity-mb") && i + 1 < argc) {
			if (parse_u64(argv[++i], UINT64_MAX, &v))
				goto bad;
			nl_put_u64(m, LOOM_A_CAPACITY_MB, v);
		} else if (!strcmp(a, "--backend") && i + 1 < argc) {
			nl_put_str(m, LOOM_A_BACKEND, argv[++i]);
			backend = 1;
		} else if (!strcmp(a, "--path") && i + 1 < argc) {
			path = argv[++i];
		} else if (a[0] == '-') {
			goto bad;
		} else if (!fsname) {
			fsname = a;
		} else if (!index && type != LOOM_TARGET_MGS) {
			index = a;
		} else {
			goto bad;
		}
	}
	if (!fsname || (type != LOOM_TARGET_MGS && (!index || !mgs)))
		goto bad;
	nl_put_str(m, LOOM_A_FSNAME, fsname);
	if (index) {
		if (parse_u64(index, UINT32_MAX, &v))
			goto bad;
		nl_put_u32(m, LOOM_A_INDEX, v);
	}
	if (mgs)
		nl_put_str(m, LOOM_A_MGS_NID, mgs);
	if (path) {
		abs = realpath(path, NULL);
		if (!abs) {
			fprintf(stderr, "loomctl: %s: %s\n", path, strerror(errno));
			nl_msg_free(m);
			return 1;
		}
		if (!backend)
			nl_put_str(m, LOOM_A_BACKEND, "dir");
		nl_put_str(m, LOOM_A_PATH, abs);
		free(abs);
	}
	ret = run(LOOM_CMD_TARGET_START, 0, m, NULL, NULL);
	nl_msg_free(m);
	return ret;
bad:
	nl_msg_free(m);
	usage(stderr);
	return 2;
}

static int do_stop(uint32_t type, int argc, char **argv)
{
	struct nl_msg *m;
	uint64_t v = 0;
	int ret;

	if (argc < 1 || argc > 2 || (argc == 2 && parse_u64(argv[1], UINT32_MAX, &v))) {
		usage(stderr);
		return 2;
	}
	m = nl_msg_new();
	if (!m)
		return 1;
	nl_put_u32(m, LOOM_A_TGT_TYPE, type);
	nl_put_str(m, LOOM_A_FSNAME, argv[0]);
	nl_put_u32(m, LOOM_A_INDEX, v);
	ret = run(LOOM_CMD_TARGET_STOP, 0, m, NULL, NULL);
	nl_msg_free(m);
	return ret;
}

static int list_cb(const struct nl_attrs *a, void *arg)
{
	const char *nid = nl_get_str(a, LOOM_A_NID);
	const char *mgs = nl_get_str(a, LOOM_A_MGS_NID);
	const char *state = nl_get_str(a, LOOM_A_STATE);
	const char *fsname = nl_get_str(a, LOOM_A_FSNAME);
	uint32_t type = nl_get_u32(a, LOOM_A_TGT_TYPE, 0);
	int *header = arg;

	if (!*header) {
		printf("%-16s %-4s %5s %-12s %7s %10s %8s %8s %5s  %-24s %s\n",
		       "FSNAME", "TYPE", "INDEX", "STATE", "CLIENTS", "REQUESTS",
		       "LOCKS", "CALLBKS", "EVICT", "NID", "MGS");
		*header = 1;
	}
	printf("%-16s %-4s %5u %-12s %7u %10" PRIu64 " %8" PRIu64 " %8" PRIu64
	       " %5" PRIu64 "  %-24s %s\n",
	       fsname ? fsname : "?", type_name(type),
	       nl_get_u32(a, LOOM_A_INDEX, 0), state ? state : "?",
	       nl_get_u32(a, LOOM_A_CLIENTS, 0),
	       nl_get_u64(a, LOOM_A_REQUESTS, 0),
	       nl_get_u64(a, LOOM_A_LOCKS, 0),
	       nl_get_u64(a, LOOM_A_LOCK_CALLBACKS, 0),
	       nl_get_u64(a, LOOM_A_EVICTIONS, 0), nid ? nid : "-",
	       mgs ? mgs : "-");
	return 0;
}

/* The MGS configuration text. */
#define MGS_TEXT_MAX	60000

static int dump_cb(const struct nl_attrs *a, void *arg)
{
	const char *text = nl_get_str(a, LOOM_A_MGS_CONFIG);

	if (!text)
		return -EPROTO;
	fputs(text, stdout);
	return 0;
}

static int do_mgs_dump(int argc, char **argv)
{
	struct nl_msg *m;
	int ret;

	if (argc != 1) {
		usage(stderr);
		return 2;
	}
	m = nl_msg_new();
	if (!m || nl_put_str(m, LOOM_A_FSNAME, argv[0])) {
		fprintf(stderr, "loomctl: out of memory\n");
		return 1;
	}
	ret = run(LOOM_CMD_MGS_DUMP, 0, m, dump_cb, NULL);
	nl_msg_free(m);
	if (!ret && fflush(stdout)) {
		perror("loomctl");
		return 1;
	}
	return ret;
}

static char *read_text(FILE *f, const char *name)
{
	char *text = malloc(MGS_TEXT_MAX + 1);
	size_t n;

	if (!text) {
		fprintf(stderr, "loomctl: out of memory\n");
		return NULL;
	}
	n = fread(text, 1, MGS_TEXT_MAX + 1, f);
	if (ferror(f)) {
		fprintf(stderr, "loomctl: %s: %s\n", name, strerror(errno));
		goto err;
	}
	if (n > MGS_TEXT_MAX) {
		fprintf(stderr, "loomctl: %s: longer than %d bytes\n", name,
			MGS_TEXT_MAX);
		goto err;
	}
	if (memchr(text, 0, n)) {
		fprintf(stderr, "loomctl: %s: not text (NUL byte)\n", name);
		goto err;
	}
	text[n] = 0;
	return text;
err:
	free(text);
	return NULL;
}

static int send_text(uint8_t cmd, const char *fsname, const char *text)
{
	struct nl_msg *m;
	int ret;

	m = nl_msg_new();
	if (!m || nl_put_str(m, LOOM_A_FSNAME, fsname) ||
	    nl_put_str(m, LOOM_A_MGS_CONFIG, text)) {
		fprintf(stderr, "loomctl: out of memory\n");
		nl_msg_free(m);
		return 1;
	}
	ret = run(cmd, 0, m, NULL, NULL);
	nl_msg_free(m);
	return ret;
}

static int do_mgs_restore(int argc, char **argv)
{
	const char *name = "standard input";
	FILE *f = stdin;
	char *text;
	int ret;

	if (argc < 1 || argc > 2) {
		usage(stderr);
		return 2;
	}
	if (argc == 2 && strcmp(argv[1], "-")) {
		name = argv[1];
		f = fopen(name, "r");
		if (!f) {
			fprintf(stderr, "loomctl: %s: %s\n", name, strerror(errno));
			return 1;
		}
	}
	text = read_text(f, name);
	if (f != stdin)
		fclose(f);
	if (!text)
		return 1;
	ret = send_text(LOOM_CMD_MGS_RESTORE, argv[0], text);
	free(text);
	return ret;
}

static int do_mgs_set(int argc, char **argv)
{
	size_t len = 1;
	char *text;
	int i, ret;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (!strchr(argv[i], '=') || strpbrk(argv[i], " \t\n")) {
			fprintf(stderr, "loomctl: '%s': expected KEY=VALUE\n",
				argv[i]);
			return 2;
		}
		len += strlen(argv[i]) + 5;
	}
	text = malloc(len);
	if (!text) {
		fprintf(stderr, "loomctl: out of memory\n");
		return 1;
	}
	text[0] = 0;
	for (i = 1; i < argc; i++) {
		strcat(text, "set ");
		strcat(text, argv[i]);
		strcat(text, "\n");
	}
	ret = send_text(LOOM_CMD_MGS_SET, argv[0], text);
	free(text);
	return ret;
}

/**
 * loomctl_fs_main() - the server subcommands of loomctl
 * @argc: argument count, argv[0] being "mgs", "mdt", "ost" or "target"
 * @argv: the arguments
 *
 * Return: the exit status.
 */
int loomctl_fs_main(int argc, char **argv)
{
	uint32_t type;
	int header = 0;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[0], "target")) {
		if (strcmp(argv[1], "list") || argc != 2) {
			usage(stderr);
			return 2;
		}
		return run(LOOM_CMD_TARGET_LIST, NLM_F_DUMP, NULL, list_cb,
			   &header);
	}
	type = type_of(argv[0]);
	if (!type) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "start"))
		return do_start(type, argc - 2, argv + 2);
	if (!strcmp(argv[1], "stop"))
		return do_stop(type, argc - 2, argv + 2);
	if (type == LOOM_TARGET_MGS && !strcmp(argv[1], "dump"))
		return do_mgs_dump(argc - 2, argv + 2);
	if (type == LOOM_TARGET_MGS && !strcmp(argv[1], "restore"))
		return do_mgs_restore(argc - 2, argv + 2);
	if (type == LOOM_TARGET_MGS && !strcmp(argv[1], "set"))
		return do_mgs_set(argc - 2, argv + 2);
	usage(stderr);
	return 2;
}

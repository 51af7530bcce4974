// SPDX-License-Identifier: GPL-2.0
/*
 * loom: user tool of the Loom filesystem client.
 *
 *   loom getstripe FILE...            show how files are striped
 *   loom setstripe [-c N] [-S SIZE] [-i IDX] DIR
 *                                     set a directory's default layout
 *   loom df [-i] [-h] [MOUNT...]      space (or inodes) of Loom mounts
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <mntent.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/loom.h>

#define LOOM_SUPER_MAGIC	0x4c4f4f4d

static const char *prog = "loom";

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s getstripe FILE...\n"
		"       %s setstripe [-c COUNT] [-S SIZE] [-i INDEX] DIR\n"
		"       %s df [-i] [-h] [MOUNTPOINT...]\n"
		"       %s --help\n"
		"\n"
		"  getstripe  print the layout of regular files: one line per\n"
		"             stripe, starting with the OST index\n"
		"  setstripe  set the default layout of files created in DIR\n"
		"             -c COUNT  stripes per file (-1: all OSTs, 0: default)\n"
		"             -S SIZE   stripe size, a multiple of 64K; K, M, G\n"
		"                       suffixes (0: default)\n"
		"             -i INDEX  first OST (-1: the MDT chooses)\n"
		"  df         space of every Loom mount, or of the given ones\n"
		"             -i  inodes instead of blocks;  -h  human readable\n",
		prog, prog, prog, prog);
}

/* Parse "123", "64K", "4M", "1G" into bytes; -1 on error. */
static long long parse_size(const char *s)
{
	unsigned long long v, mult = 1;
	char *end;

	if (!*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	switch (*end) {
	case 'k': case 'K':
		mult = 1ULL << 10;
		end++;
		break;
	case 'm': case 'M':
		mult = 1ULL << 20;
		end++;
		break;
	case 'g': case 'G':
		mult = 1ULL << 30;
		end++;
		break;
	}
	if (*end == 'i' || *end == 'B' || *end == 'b')
		end++;
	if (*end || v > LLONG_MAX / mult)
		return -1;
	return v * mult;
}

static int parse_int(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int getstripe_one(const char *path)
{
	struct loom_user_layout ul;
	unsigned int i;
	int fd, rc;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return -1;
	}
	memset(&ul, 0, sizeof(ul));
	rc = ioctl(fd, LOOM_IOC_GETSTRIPE, &ul);
	if (rc < 0) {
		int err = errno;

		close(fd);
		if (err == ENOTTY)
			fprintf(stderr, "%s: %s: not on a Loom filesystem\n",
				prog, path);
		else if (err == ENODATA)
			fprintf(stderr, "%s: %s: has no layout\n", prog, path);
		else
			fprintf(stderr, "%s: %s: %s\n", prog, path,
				strerror(err));
		return -1;
	}
	close(fd);
	if (ul.magic != LOOM_USER_LAYOUT_MAGIC ||
	    ul.stripe_count > LOOM_MAX_STRIPES_USER) {
		fprintf(stderr, "%s: %s: unexpected layout from the kernel\n",
			prog, path);
		return -1;
	}

	printf("%s\n", path);
	printf("lmm_stripe_count:  %u\n", ul.stripe_count);
	printf("lmm_stripe_size:   %u\n", ul.stripe_size);
	printf("lmm_pattern:       %s\n",
	       ul.pattern == LOOM_USER_PATTERN_RAID0 ? "raid0" : "unknown");
	printf("lmm_layout_gen:    %u\n", ul.generation);
	printf("\tobdidx\t\t objid\t\t objid\t\t group\n");
	for (i = 0; i < ul.stripe_count; i++)
		printf("\t%6u\t%14u\t%#14x\t%#14" PRIx64 "\n",
		       ul.objs[i].ost_index, ul.objs[i].oid, ul.objs[i].oid,
		       (uint64_t)ul.objs[i].seq);
	return 0;
}

static int cmd_getstripe(int argc, char **argv)
{
	int i, ret = 0;

	if (argc < 2) {
		fprintf(stderr, "%s getstripe: no file given\n", prog);
		usage(stderr);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (i > 1)
			printf("\n");
		if (getstripe_one(argv[i]))
			ret = 1;
	}
	return ret;
}

static int cmd_setstripe(int argc, char **argv)
{
	struct loom_user_stripe_default sd = {
		.stripe_offset = LOOM_STRIPE_OFFSET_ANY,
	};
	long long size;
	long v;
	int opt, fd;

	optind = 1;
	while ((opt = getopt(argc, argv, "c:S:s:i:o:h")) != -1) {
		switch (opt) {
		case 'c':
			if (parse_int(optarg, -1, LOOM_MAX_STRIPES_USER, &v)) {
				fprintf(stderr,
					"%s setstripe: bad stripe count '%s': expected -1..%d\n",
					prog, optarg, LOOM_MAX_STRIPES_USER);
				return 2;
			}
			sd.stripe_count = v < 0 ? LOOM_STRIPE_COUNT_ALL : v;
			break;
		case 'S':
		case 's':
			size = parse_size(optarg);
			if (size < 0 || size > UINT32_MAX ||
			    size % LOOM_STRIPE_SIZE_MIN) {
				fprintf(stderr,
					"%s setstripe: bad stripe size '%s': expected a multiple of 64K below 4G\n",
					prog, optarg);
				return 2;
			}
			sd.stripe_size = size;
			break;
		case 'i':
		case 'o':
			if (parse_int(optarg, -1, 0xfffe, &v)) {
				fprintf(stderr,
					"%s setstripe: bad OST index '%s'\n",
					prog, optarg);
				return 2;
			}
			sd.stripe_offset = v < 0 ? LOOM_STRIPE_OFFSET_ANY : v;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "%s setstripe: expected exactly one directory\n",
			prog);
		usage(stderr);
		return 2;
	}

	fd = open(argv[optind], O_RDONLY | O_DIRECTORY);
	if (fd < 0) {
		fprintf(stderr, "%s setstripe: %s: %s%s\n", prog, argv[optind],
			strerror(errno),
			errno == ENOTDIR ?
			" (the default layout is set on directories)" : "");
		return 1;
	}
	if (ioctl(fd, LOOM_IOC_SETSTRIPE, &sd) < 0) {
		fprintf(stderr, "%s setstripe: %s: %s\n", prog, argv[optind],
			errno == ENOTTY ? "not on a Loom filesystem" :
			strerror(errno));
		close(fd);
		return 1;
	}
	close(fd);
	return 0;
}

static void human(char *buf, size_t len, unsigned long long kib)
{
	static const char units[] = "KMGTPE";
	double v = kib;
	int u = 0;

	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, "%.1f%c", v, units[u]);
}

static int df_one(const char *source, const char *dir, int inodes, int hum)
{
	unsigned long long total, used, avail;
	char t[32], u[32], a[32];
	struct statfs st;

	if (statfs(dir, &st) < 0) {
		fprintf(stderr, "%s df: %s: %s\n", prog, dir, strerror(errno));
		return -1;
	}
	if (st.f_type != LOOM_SUPER_MAGIC) {
		fprintf(stderr, "%s df: %s: not a Loom filesystem\n", prog, dir);
		return -1;
	}
	if (inodes) {
		total = st.f_files;
		avail = st.f_ffree;
		used = total - avail;
	} else {
		total = (unsigned long long)st.f_blocks * st.f_bsize / 1024;
		avail = (unsigned long long)st.f_bavail * st.f_bsize / 1024;
		used = total - (unsigned long long)st.f_bfree * st.f_bsize / 1024;
	}
	if (hum && !inodes) {
		human(t, sizeof(t), total);
		human(u, sizeof(u), used);
		human(a, sizeof(a), avail);
	} else {
		snprintf(t, sizeof(t), "%llu", total);
		snprintf(u, sizeof(u), "%llu", used);
		snprintf(a, sizeof(a), "%llu", avail);
	}
	printf("%-24s %14s %14s %14s %4.0f%% %s\n", source, t, u, a,
	       total ? 100.0 * used / total : 0.0, dir);
	return 0;
}

static int cmd_df(int argc, char **argv)
{
	int opt, inodes = 0, hum = 0, ret = 0, found = 0, i;
	struct mntent *me;
	FILE *mt;

	optind = 1;
	while ((opt = getopt(argc, argv, "ih")) != -1) {
		switch (opt) {
		case 'i':
			inodes = 1;
			break;
		case 'h':
			hum = 1;
			break;
		default:
			usage(stderr);
			return 2;
		}
	}
	printf("%-24s %14s %14s %14s %5s %s\n", "filesystem",
	       inodes ? "inodes" : hum ? "size" : "1K-blocks",
	       inodes ? "IUsed" : "used", inodes ? "IFree" : "available",
	       "use%", "mounted on");

	if (optind < argc) {
		for (i = optind; i < argc; i++)
			if (df_one(argv[i], argv[i], inodes, hum))
				ret = 1;
		return ret;
	}

	mt = setmntent("/proc/self/mounts", "r");
	if (!mt) {
		fprintf(stderr, "%s df: /proc/self/mounts: %s\n", prog,
			strerror(errno));
		return 1;
	}
	while ((me = getmntent(mt))) {
		if (strcmp(me->mnt_type, "loom"))
			continue;
		found = 1;
		if (df_one(me->mnt_fsname, me->mnt_dir, inodes, hum))
			ret = 1;
	}
	endmntent(mt);
	if (!found) {
		fprintf(stderr, "%s df: no Loom filesystem mounted\n", prog);
		return 1;
	}
	return ret;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "getstripe"))
		return cmd_getstripe(argc - 1, argv + 1);
	if (!strcmp(argv[1], "setstripe"))
		return cmd_setstripe(argc - 1, argv + 1);
	if (!strcmp(argv[1], "df"))
		return cmd_df(argc - 1, argv + 1);
	fprintf(stderr, "%s: unknown command '%s'\n", prog, argv[1]);
	usage(stderr);
	return 2;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * mkfs.loom: format a directory of a local filesystem as the storage of a
 * Loom target (the "dir" OSD backend of loom.ko, see core/fs/loom/common/
 * disk.h): a LABEL and the object directories O/00 .. O/ff.
 *
 *	mkfs.loom --mdt|--ost|--mgs --fsname NAME [--index N] [--force] DIR
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include "../core/fs/loom/common/disk.h"

static const char *prog = "mkfs.loom";

static void usage(FILE *f)
{
	fprintf(f, "usage: mkfs.loom --mdt|--ost|--mgs --fsname NAME [--index N] [--force] DIR\n");
}

static int fsname_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (!n || n >= LOOM_FSNAME_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

static int dir_empty(const char *dir)
{
	struct dirent *de;
	int empty = 1;
	DIR *d = opendir(dir);

	if (!d)
		return -1;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
		    strcmp(de->d_name, "lost+found")) {
			empty = 0;
			break;
		}
	closedir(d);
	return empty;
}

static const char *wipe_top;

static int wipe_one(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	if (!ftw->level || (ftw->level == 1 && !strcmp(path + ftw->base, "lost+found")))
		return 0;
	if (ftw->level > 1 && !strncmp(path + strlen(wipe_top) + 1, "lost+found/", 11))
		return 0;
	if (remove(path)) {
		fprintf(stderr, "%s: cannot remove %s: %s\n", prog, path, strerror(errno));
		return -1;
	}
	return 0;
}

static int fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	int ret;

	if (fd < 0)
		return -1;
	ret = fsync(fd);
	close(fd);
	return ret;
}

int main(int argc, char **argv)
{
	const char *fsname = NULL, *dir = NULL;
	long index = -1;
	int type = 0, force = 0, i, fd;
	struct loom_disk_label l;
	unsigned char uuid[16];
	char path[4096];
	struct stat st;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--mdt")) {
			type = LOOM_TGT_MDT;
		} else if (!strcmp(a, "--ost")) {
			type = LOOM_TGT_OST;
		} else if (!strcmp(a, "--mgs")) {
			type = LOOM_TGT_MGS;
		} else if (!strcmp(a, "--fsname") && i + 1 < argc) {
			fsname = argv[++i];
		} else if (!strcmp(a, "--index") && i + 1 < argc) {
			char *end;

			errno = 0;
			index = strtol(argv[++i], &end, 0);
			if (errno || *end || index < 0 || index >= LOOM_MAX_TARGETS) {
				fprintf(stderr, "%s: index must be 0-%d\n", prog,
					LOOM_MAX_TARGETS - 1);
				return 2;
			}
		} else if (!strcmp(a, "--force") || !strcmp(a, "-f")) {
			force = 1;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (a[0] == '-' || dir) {
			usage(stderr);
			return 2;
		} else {
			dir = a;
		}
	}
	if (!type || !fsname || !dir) {
		usage(stderr);
		return 2;
	}
	if (!fsname_ok(fsname)) {
		fprintf(stderr, "%s: the fsname must be 1-15 characters of [A-Za-z0-9_-]\n", prog);
		return 2;
	}
	if (index < 0)
		index = 0;
	if (type == LOOM_TGT_MGS && index) {
		fprintf(stderr, "%s: the MGS has index 0\n", prog);
		return 2;
	}
	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "%s: %s: %s\n", prog, dir,
			errno ? strerror(errno) : "not a directory");
		return 1;
	}
	i = dir_empty(dir);
	if (i < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, dir, strerror(errno));
		return 1;
	}
	if (!i && !force) {
		fprintf(stderr, "%s: %s is not empty (use --force to wipe it)\n", prog, dir);
		return 1;
	}
	if (setxattr(dir, "trusted.loom.probe", "1", 1, 0) ||
	    removexattr(dir, "trusted.loom.probe")) {
		fprintf(stderr, "%s: %s: no trusted xattrs (%s): Loom needs a local filesystem with them (ext4, xfs) and root\n",
			prog, dir, strerror(errno));
		return 1;
	}
	if (!i) {
		wipe_top = dir;
		if (nftw(dir, wipe_one, 32, FTW_DEPTH | FTW_PHYS))
			return 1;
	}

	snprintf(path, sizeof(path), "%s/" LOOM_DISK_OBJDIR, dir);
	if (mkdir(path, 0700)) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return 1;
	}
	for (i = 0; i < LOOM_DISK_NR_HASH; i++) {
		snprintf(path, sizeof(path), "%s/" LOOM_DISK_OBJDIR "/%02x", dir, i);
		if (mkdir(path, 0700)) {
			fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
			return 1;
		}
		if (fsync_path(path))
			return 1;
	}
	snprintf(path, sizeof(path), "%s/" LOOM_DISK_OBJDIR, dir);
	if (fsync_path(path))
		return 1;

	if (getrandom(uuid, sizeof(uuid), 0) != sizeof(uuid)) {
		fprintf(stderr, "%s: getrandom: %s\n", prog, strerror(errno));
		return 1;
	}
	loom_disk_label_encode(&l, type, index, fsname, uuid, time(NULL));
	snprintf(path, sizeof(path), "%s/" LOOM_DISK_LABEL ".tmp", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, &l, sizeof(l)) != sizeof(l) || fsync(fd) ||
	    close(fd)) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return 1;
	}
	{
		char final[4096];

		snprintf(final, sizeof(final), "%s/" LOOM_DISK_LABEL, dir);
		if (rename(path, final) || fsync_path(dir)) {
			fprintf(stderr, "%s: %s: %s\n", prog, final, strerror(errno));
			return 1;
		}
	}
	printf("%s: formatted %s as %s %s%04lx\n", prog, dir, fsname,
	       type == LOOM_TGT_MDT ? "MDT" : type == LOOM_TGT_OST ? "OST" : "MGS",
	       index);
	return 0;
}

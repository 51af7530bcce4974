// SPDX-License-Identifier: GPL-2.0
/*
 * loom-iotest: data checks for the guest scenarios, where busybox has no
 * tool that does them: a file written and read through mmap, O_DIRECT,
 * sendfile and random overlapping writes checked against a model.
 * Every byte written is a function of its offset and a seed, so a reader
 * can tell a right byte from a stale or misplaced one.
 *
 *   loom-iotest fill FILE OFF LEN SEED        pwrite the pattern
 *   loom-iotest check FILE OFF LEN SEED       pread and compare
 *   loom-iotest zero FILE OFF LEN             pread: all zeros
 *   loom-iotest mmap-fill FILE SIZE SEED      ftruncate, fill through mmap
 *   loom-iotest mmap-check FILE SIZE SEED     compare through mmap
 *   loom-iotest direct-fill FILE OFF LEN SEED O_DIRECT pwrite
 *   loom-iotest direct-check FILE OFF LEN SEED O_DIRECT pread, compare
 *   loom-iotest sendfile SRC DST              copy with sendfile(2)
 *   loom-iotest random FILE SPAN OPS SEED     random pwrite/pread against
 *                                             a model, fsync, verify all
 *   loom-iotest falloc FILE MODE OFF LEN      fallocate(2), MODE one of
 *                                             alloc, keep, punch, zero,
 *                                             zero-keep; prints the errno
 *                                             name on failure
 *   loom-iotest seek FILE data|hole OFF    lseek SEEK_DATA or SEEK_HOLE:
 *                                             prints the offset or the
 *                                             errno name (ENXIO)
 *   loom-iotest seekmap FILE                  the data extents SEEK_DATA
 *                                             and SEEK_HOLE find, one
 *                                             "data START END" a line,
 *                                             after "size N"
 *   loom-iotest xset FILE NAME LEN FLAGS      setxattr of LEN pattern bytes,
 *                                             FLAGS plain|create|replace;
 *                                             prints the errno name on
 *                                             failure
 *   loom-iotest xcheck FILE NAME LEN          getxattr: size then value
 *   loom-iotest runas UID GID CMD [ARG...]   run CMD with these ids and
 *                                             no supplementary groups
 *   loom-iotest meta DIR N                    create, stat and unlink N
 *                                             empty files; print the rates
 *                                             ("create_per_s=R" lines)
 *
 * Exit status 0 when every check held, 1 with a message naming the first
 * wrong offset otherwise, 2 on bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/falloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

static unsigned char pat(uint64_t off, uint64_t seed)
{
	uint64_t x = (off + 1) * 0x9e3779b97f4a7c15ULL ^ seed * 0xbf58476d1ce4e5b9ULL;

	x ^= x >> 31;
	x *= 0x94d049bb133111ebULL;
	return (unsigned char)(x >> 29);
}

static const char *errname(int e);

static void die(const char *what)
{
	fprintf(stderr, "loom-iotest: %s: %s\n", what, strerror(errno));
	exit(1);
}

static uint64_t num(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 0);

	if (*s == '\0' || *end) {
		fprintf(stderr, "loom-iotest: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

static void fill_buf(unsigned char *b, uint64_t off, size_t len, uint64_t seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = pat(off + i, seed);
}

static int cmp_buf(const unsigned char *b, uint64_t off, size_t len,
		   uint64_t seed, int zero)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char want = zero ? 0 : pat(off + i, seed);

		if (b[i] != want) {
			fprintf(stderr, "loom-iotest: offset %llu: 0x%02x, want 0x%02x\n",
				(unsigned long long)(off + i), b[i], want);
			return 1;
		}
	}
	return 0;
}

#define CHUNK (1 << 20)

static int do_rw(const char *path, uint64_t off, uint64_t len, uint64_t seed,
		 int write, int zero, int direct)
{
	unsigned char *b;
	int fd, flags = write ? O_WRONLY | O_CREAT : O_RDONLY;

	if (direct)
		flags |= O_DIRECT;
	fd = open(path, flags, 0644);
	if (fd < 0)
		die(path);
	if (posix_memalign((void **)&b, 4096, CHUNK))
		die("memory");
	while (len) {
		size_t n = len < CHUNK ? len : CHUNK;
		ssize_t r;

		if (write) {
			fill_buf(b, off, n, seed);
			r = pwrite(fd, b, n, off);
		} else {
			r = pread(fd, b, n, off);
		}
		if (r < 0)
			die(write ? "pwrite" : "pread");
		if ((size_t)r != n) {
			fprintf(stderr, "loom-iotest: short %s at %llu: %zd of %zu\n",
				write ? "write" : "read", (unsigned long long)off, r, n);
			return 1;
		}
		if (!write && cmp_buf(b, off, n, seed, zero))
			return 1;
		off += n;
		len -= n;
	}
	if (write && fsync(fd))
		die("fsync");
	if (close(fd))
		die("close");
	free(b);
	return 0;
}

static int do_mmap(const char *path, uint64_t size, uint64_t seed, int write)
{
	unsigned char *m;
	int fd = open(path, write ? O_RDWR | O_CREAT : O_RDONLY, 0644);

	if (fd < 0)
		die(path);
	if (write && ftruncate(fd, size))
		die("ftruncate");
	m = mmap(NULL, size, write ? PROT_READ | PROT_WRITE : PROT_READ,
		 MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		die("mmap");
	if (write) {
		fill_buf(m, 0, size, seed);
		if (msync(m, size, MS_SYNC))
			die("msync");
	} else if (cmp_buf(m, 0, size, seed, 0)) {
		return 1;
	}
	if (munmap(m, size))
		die("munmap");
	if (close(fd))
		die("close");
	return 0;
}

static int do_sendfile(const char *src, const char *dst)
{
	int in = open(src, O_RDONLY), out;
	struct stat st;
	off_t off = 0;

	if (in < 0)
		die(src);
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0)
		die(dst);
	if (fstat(in, &st))
		die("fstat");
	while (off < st.st_size) {
		ssize_t r = sendfile(out, in, &off, st.st_size - off);

		if (r < 0)
			die("sendfile");
		if (!r)
			break;
	}
	if (close(out) || close(in))
		die("close");
	return 0;
}

/* Random overlapping writes and reads at odd offsets against a model. */
static int do_random(const char *path, uint64_t span, uint64_t ops, uint64_t seed)
{
	uint64_t i, size = 0, rnd = seed * 2654435761u + 1;
	uint64_t alloc = (span + 4095) & ~4095ULL;
	unsigned char *model = calloc(1, span), *b;
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	if (!model || posix_memalign((void **)&b, 4096, alloc))
		die("memory");
	if (fd < 0)
		die(path);
	for (i = 0; i < ops; i++) {
		uint64_t off, len;
		ssize_t r;

		rnd = rnd * 6364136223846793005ULL + 1442695040888963407ULL;
		off = (rnd >> 17) % span;
		rnd = rnd * 6364136223846793005ULL + 1442695040888963407ULL;
		len = 1 + (rnd >> 23) % (span / 8);
		if (off + len > span)
			len = span - off;
		if (i % 3) {
			fill_buf(b, off, len, seed + i);
			memcpy(model + off, b, len);
			r = pwrite(fd, b, len, off);
			if (r != (ssize_t)len)
				die("pwrite");
			if (off + len > size)
				size = off + len;
		} else {
			r = pread(fd, b, len, off);
			if (r < 0)
				die("pread");
			if (r != (ssize_t)(off >= size ? 0 : (off + len > size ? size - off : len))) {
				fprintf(stderr, "loom-iotest: op %llu: read %zd at %llu, size %llu\n",
					(unsigned long long)i, r, (unsigned long long)off,
					(unsigned long long)size);
				return 1;
			}
			if (memcmp(b, model + off, r)) {
				fprintf(stderr, "loom-iotest: op %llu: read at %llu differs from the model\n",
					(unsigned long long)i, (unsigned long long)off);
				return 1;
			}
		}
	}
	if (fsync(fd))
		die("fsync");
	if (close(fd))
		die("close");
	/* again from a new open, through O_DIRECT: what the OSTs hold */
	fd = open(path, O_RDONLY | O_DIRECT);
	if (fd < 0)
		die(path);
	{
		struct stat st;

		if (fstat(fd, &st))
			die("fstat");
		if ((uint64_t)st.st_size != size) {
			fprintf(stderr, "loom-iotest: size %lld, want %llu\n",
				(long long)st.st_size, (unsigned long long)size);
			return 1;
		}
	}
	{
		/* aligned, as O_DIRECT wants on most filesystems */
		ssize_t r = pread(fd, b, alloc, 0);

		if (r < 0)
			die("pread O_DIRECT");
		if ((uint64_t)r != size) {
			fprintf(stderr, "loom-iotest: O_DIRECT read %zd, want %llu\n",
				r, (unsigned long long)size);
			return 1;
		}
	}
	for (i = 0; i < size; i++)
		if (b[i] != model[i]) {
			fprintf(stderr, "loom-iotest: stored byte %llu is 0x%02x, want 0x%02x\n",
				(unsigned long long)i, b[i], model[i]);
			return 1;
		}
	close(fd);
	free(model);
	free(b);
	return 0;
}

static int do_falloc(const char *path, const char *mode, uint64_t off,
		     uint64_t len)
{
	static const struct { const char *name; int mode; } modes[] = {
		{ "alloc", 0 },
		{ "keep", FALLOC_FL_KEEP_SIZE },
		{ "punch", FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE },
		{ "zero", FALLOC_FL_ZERO_RANGE },
		{ "zero-keep", FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE },
	};
	unsigned int i;
	int fd;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (!strcmp(mode, modes[i].name))
			break;
	if (i == sizeof(modes) / sizeof(modes[0])) {
		fprintf(stderr, "loom-iotest: unknown fallocate mode %s\n", mode);
		return 2;
	}
	fd = open(path, O_RDWR);
	if (fd < 0)
		die(path);
	if (fallocate(fd, modes[i].mode, off, len)) {
		printf("%s\n", errname(errno));
		return 1;
	}
	return close(fd) ? 1 : 0;
}

static int do_seek(const char *path, const char *how, uint64_t off)
{
	int whence = !strcmp(how, "data") ? SEEK_DATA :
		     !strcmp(how, "hole") ? SEEK_HOLE : -1;
	off_t r;
	int fd;

	if (whence < 0) {
		fprintf(stderr, "loom-iotest: seek data or hole, not %s\n", how);
		return 2;
	}
	fd = open(path, O_RDONLY);
	if (fd < 0)
		die(path);
	r = lseek(fd, (off_t)off, whence);
	if (r < 0)
		printf("%s\n", errname(errno));
	else
		printf("%lld\n", (long long)r);
	close(fd);
	return 0;
}

static int do_seekmap(const char *path)
{
	struct stat st;
	off_t d, h, pos = 0;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st))
		die(path);
	printf("size %lld\n", (long long)st.st_size);
	for (;;) {
		d = lseek(fd, pos, SEEK_DATA);
		if (d < 0) {
			if (errno == ENXIO)
				break;
			die("SEEK_DATA");
		}
		h = lseek(fd, d, SEEK_HOLE);
		if (h < 0)
			die("SEEK_HOLE");
		if (h <= d) {
			fprintf(stderr, "loom-iotest: SEEK_HOLE %lld from data at %lld\n",
				(long long)h, (long long)d);
			return 1;
		}
		printf("data %lld %lld\n", (long long)d, (long long)h);
		pos = h;
		if (h >= st.st_size)
			break;
	}
	return close(fd) ? 1 : 0;
}

static const char *errname(int e)
{
	switch (e) {
	case ENXIO: return "ENXIO";
	case EEXIST: return "EEXIST";
	case ENODATA: return "ENODATA";
	case ERANGE: return "ERANGE";
	case E2BIG: return "E2BIG";
	case EPERM: return "EPERM";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ENOSPC: return "ENOSPC";
	default: return strerror(e);
	}
}

static int do_xset(const char *path, const char *name, uint64_t len,
		   const char *how)
{
	unsigned char *b = malloc(len + 1);
	int flags = !strcmp(how, "create") ? XATTR_CREATE :
		    !strcmp(how, "replace") ? XATTR_REPLACE : 0;

	if (!b)
		die("memory");
	fill_buf(b, 0, len, len);
	if (setxattr(path, name, b, len, flags)) {
		printf("%s\n", errname(errno));
		return 1;
	}
	free(b);
	return 0;
}

static int do_xcheck(const char *path, const char *name, uint64_t len)
{
	unsigned char *b = malloc(len + 1);
	ssize_t n = getxattr(path, name, NULL, 0);

	if (!b)
		die("memory");
	if (n < 0) {
		printf("%s\n", errname(errno));
		return 1;
	}
	if ((uint64_t)n != len) {
		fprintf(stderr, "loom-iotest: %s is %zd bytes, want %llu\n", name,
			n, (unsigned long long)len);
		return 1;
	}
	if (len && getxattr(path, name, b, len - 1) >= 0) {
		fprintf(stderr, "loom-iotest: a short buffer did not fail\n");
		return 1;
	}
	if (len && errno != ERANGE) {
		printf("%s\n", errname(errno));
		return 1;
	}
	n = getxattr(path, name, b, len + 1);
	if ((uint64_t)n != len) {
		fprintf(stderr, "loom-iotest: read %zd of %llu\n", n,
			(unsigned long long)len);
		return 1;
	}
	return cmp_buf(b, 0, len, len, 0);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Metadata rates: N creates, then N stats, then N unlinks, in one dir. */
static int do_meta(const char *dir, uint64_t n)
{
	static const char *const what[] = { "create", "stat", "unlink" };
	char path[4096];
	struct stat st;
	uint64_t i;
	int op, fd;

	for (op = 0; op < 3; op++) {
		double t0 = now(), t;

		for (i = 0; i < n; i++) {
			snprintf(path, sizeof(path), "%s/m%06llu", dir,
				 (unsigned long long)i);
			if (op == 0) {
				fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
				if (fd < 0 || close(fd))
					die(path);
			} else if (op == 1) {
				if (stat(path, &st))
					die(path);
			} else if (unlink(path)) {
				die(path);
			}
		}
		t = now() - t0;
		printf("%s_per_s=%.0f\n", what[op], t > 0 ? n / t : 0);
	}
	return 0;
}

static int do_runas(uid_t uid, gid_t gid, char **cmd)
{
	if (setgroups(0, NULL) || setresgid(gid, gid, gid) ||
	    setresuid(uid, uid, uid))
		die("runas");
	execvp(cmd[0], cmd);
	die(cmd[0]);
	return 1;
}

int main(int argc, char **argv)
{
	const char *c = argc > 1 ? argv[1] : "";

	if (!strcmp(c, "fill") && argc == 6)
		return do_rw(argv[2], num(argv[3]), num(argv[4]), num(argv[5]), 1, 0, 0);
	if (!strcmp(c, "check") && argc == 6)
		return do_rw(argv[2], num(argv[3]), num(argv[4]), num(argv[5]), 0, 0, 0);
	if (!strcmp(c, "zero") && argc == 5)
		return do_rw(argv[2], num(argv[3]), num(argv[4]), 0, 0, 1, 0);
	if (!strcmp(c, "direct-fill") && argc == 6)
		return do_rw(argv[2], num(argv[3]), num(argv[4]), num(argv[5]), 1, 0, 1);
	if (!strcmp(c, "direct-check") && argc == 6)
		return do_rw(argv[2], num(argv[3]), num(argv[4]), num(argv[5]), 0, 0, 1);
	if (!strcmp(c, "mmap-fill") && argc == 5)
		return do_mmap(argv[2], num(argv[3]), num(argv[4]), 1);
	if (!strcmp(c, "mmap-check") && argc == 5)
		return do_mmap(argv[2], num(argv[3]), num(argv[4]), 0);
	if (!strcmp(c, "sendfile") && argc == 4)
		return do_sendfile(argv[2], argv[3]);
	if (!strcmp(c, "falloc") && argc == 6)
		return do_falloc(argv[2], argv[3], num(argv[4]), num(argv[5]));
	if (!strcmp(c, "seek") && argc == 5)
		return do_seek(argv[2], argv[3], num(argv[4]));
	if (!strcmp(c, "seekmap") && argc == 3)
		return do_seekmap(argv[2]);
	if (!strcmp(c, "xset") && argc == 6)
		return do_xset(argv[2], argv[3], num(argv[4]), argv[5]);
	if (!strcmp(c, "xcheck") && argc == 5)
		return do_xcheck(argv[2], argv[3], num(argv[4]));
	if (!strcmp(c, "runas") && argc >= 5)
		return do_runas(num(argv[2]), num(argv[3]), argv + 4);
	if (!strcmp(c, "meta") && argc == 4)
		return do_meta(argv[2], num(argv[3]));
	if (!strcmp(c, "random") && argc == 6)
		return do_random(argv[2], num(argv[3]), num(argv[4]), num(argv[5]));
	fprintf(stderr, "usage: see the header of tests/guest/tools/loom-iotest.c\n");
	return 2;
}

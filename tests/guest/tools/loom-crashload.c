// SPDX-License-Identifier: GPL-2.0
/*
 * loom-crashload: the workload of the crash scenario and its checker.
 *
 *   loom-crashload run TAG SEED OPS DIR...     run ops 1..OPS (0: forever)
 *   loom-crashload verify TAG SEED N DIR...    check the tree against ops 1..N
 *
 * The operations are a deterministic function of SEED, the operation's
 * number and the state the earlier ones left: files created, written and
 * fsync'ed (content pat(data, offset)), files created and written without
 * fsync, appends with fsync, truncates (shrinking, no fsync), renames (some over an existing file), hard
 * links, unlinks, chmods, mkdirs and rmdirs, spread over the directories
 * DIR... (which must exist; e.g. directories of different stripe layouts)
 * and the directories made below them.
 *
 * "run" prints "LOOM-J TAG N" on the serial console after operation N
 * completed (returned from its last system call: fsync for the data
 * operations) and waits until the line left the UART (tcdrain), so a host
 * that has the line in its log knows that N completed before a power cut.
 *
 * With CRASHLOAD_PROGRESS=FILE in the environment, "run" also writes the
 * number of the last completed operation into FILE (for the scenario).
 *
 * "verify" rebuilds the model after operations 1..N, the last N the host
 * saw; N+1 and N+2 may have completed or been in flight (the journal line
 * of N+1 may have been lost with the kill), so what they touch may be in
 * either state.  Then it checks: every name of the model is there, nothing
 * else is (but the uncertain names), every name resolves (lstat), names of
 * one file are one inode, a file's link count is its number of names, a
 * directory's is 2 + its subdirectories, modes set by chmod, and every
 * fsync'ed byte (files written without fsync are only read: no error).
 *
 * Exit status 0 when every check held, 1 with a message per failure
 * (at most 20) otherwise, 2 on bad usage or a failed system call in "run"
 * (which prints "LOOM-CRASHLOAD-ERROR TAG: ...").
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#define MAX_NAMES	4096
#define MAX_OBJS	4096
#define MAX_DIRS	512
#define PATHLEN		512
#define SOFT_NAMES	300	/* above this, ops shrink the tree */
#define MAX_DEPTH	3

struct obj {
	uint64_t data;		/* content: pat(data, offset) */
	uint64_t len;		/* length when clean */
	uint64_t minlen;	/* uncertain: the shortest allowed length */
	unsigned int mode;	/* 0: not chmod'ed */
	int nlink;
	int dirty;		/* written without fsync: content unknown */
	int uncertain;		/* touched by an op that may not have happened */
	int alive;
	ino_t ino;		/* verify: the inode found first */
};

struct name {
	char path[PATHLEN];	/* relative to the roots' parent list: "R/sub/f12" */
	int obj;
};

struct dir {
	char path[PATHLEN];
	int depth;
	int nsub;		/* subdirectories in the model */
	int nent;		/* names (files and subdirectories) */
	int root;
};

struct model {
	struct name names[MAX_NAMES];
	int nnames;
	struct obj objs[MAX_OBJS];
	int nobjs;
	struct dir dirs[MAX_DIRS];
	int ndirs;
};

/* Names touched by the uncertain operations (verify). */
static char unsure[64][PATHLEN];
static int nunsure;

static const char *tag;
static uint64_t seed;
static int jfd = -1, pfd = -1;
static int failures;

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static unsigned char pat(uint64_t data, uint64_t off)
{
	return (unsigned char)(mix(data * 0x100000001b3ULL ^ (off >> 3)) >> ((off & 7) * 8));
}

/* The k-th random number of operation n. */
static uint64_t rnd(uint64_t n, int k)
{
	return mix(seed ^ mix(n * 131 + k));
}

static void fail(const char *fmt, ...)
{
	va_list ap;

	if (++failures > 20)
		return;
	fputs("loom-crashload: FAIL: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void die(const char *what, const char *path)
{
	printf("LOOM-CRASHLOAD-ERROR %s: %s %s: %s\n", tag, what, path, strerror(errno));
	fflush(stdout);
	exit(2);
}

static void journal(uint64_t n)
{
	char line[128];
	int len = snprintf(line, sizeof(line), "LOOM-J %s %llu\n", tag, (unsigned long long)n);

	if (jfd < 0) {
		fputs(line, stdout);
		fflush(stdout);
	} else {
		if (write(jfd, line, len) != len)
			die("journal write", "tty");
		tcdrain(jfd);
	}
	if (pfd >= 0) {
		len = snprintf(line, sizeof(line), "%llu\n", (unsigned long long)n);
		if (pwrite(pfd, line, len, 0) != len)
			die("progress write", "file");
	}
}

enum op {
	OP_CREATE_SYNC, OP_CREATE_NOSYNC, OP_APPEND_SYNC, OP_RENAME, OP_LINK,
	OP_UNLINK, OP_CHMOD, OP_MKDIR, OP_RMDIR, OP_TRUNCATE,
};

static const char *const op_names[] = {
	"create+fsync", "create, no fsync", "append+fsync", "rename", "link",
	"unlink", "chmod", "mkdir", "rmdir", "truncate",
};

struct plan {
	enum op op;
	int name;		/* index of an existing name */
	int dir;		/* index of a directory */
	int over;		/* rename: index of the name replaced, or -1 */
	char path[PATHLEN];	/* new name */
	uint64_t len;		/* bytes to write */
	unsigned int mode;
};

static int find_dir(const struct model *m, const char *path)
{
	int i;

	for (i = 0; i < m->ndirs; i++)
		if (!strcmp(m->dirs[i].path, path))
			return i;
	return -1;
}

static int parent_dir(const struct model *m, const char *path)
{
	char p[PATHLEN];
	char *s;

	snprintf(p, sizeof(p), "%s", path);
	s = strrchr(p, '/');
	if (!s)
		return -1;
	*s = 0;
	return find_dir(m, p);
}

static uint64_t pick_len(uint64_t n)
{
	uint64_t r = rnd(n, 7) % 100;

	if (r < 10)
		return 0;
	if (r < 50)
		return rnd(n, 8) % 8192;
	if (r < 90)
		return rnd(n, 8) % (300 << 10);
	return (1 << 20) + rnd(n, 8) % (1 << 20);	/* across 1 MiB stripes */
}

/* Decide operation n from the model; never fails. */
static void plan_op(const struct model *m, uint64_t n, struct plan *p)
{
	uint64_t r = rnd(n, 1) % 100;
	int i, tries;

	memset(p, 0, sizeof(*p));
	p->over = -1;
	if (m->nnames > SOFT_NAMES && r < 40)
		r = 60 + r % 20;	/* unlink or rename over */
	if (r < 25)
		p->op = OP_CREATE_SYNC;
	else if (r < 30)
		p->op = OP_TRUNCATE;
	else if (r < 40)
		p->op = OP_CREATE_NOSYNC;
	else if (r < 50)
		p->op = OP_APPEND_SYNC;
	else if (r < 62)
		p->op = OP_RENAME;
	else if (r < 70)
		p->op = OP_LINK;
	else if (r < 80)
		p->op = OP_UNLINK;
	else if (r < 86)
		p->op = OP_CHMOD;
	else if (r < 94)
		p->op = OP_MKDIR;
	else
		p->op = OP_RMDIR;
	if (((p->op >= OP_APPEND_SYNC && p->op <= OP_CHMOD) || p->op == OP_TRUNCATE) &&
	    m->nnames == 0)
		p->op = OP_CREATE_SYNC;
	if (p->op == OP_MKDIR && m->ndirs >= MAX_DIRS - 1)
		p->op = OP_CREATE_SYNC;
	if (p->op == OP_RMDIR) {
		p->dir = -1;
		for (tries = 0; tries < 8; tries++) {
			i = rnd(n, 20 + tries) % m->ndirs;
			if (!m->dirs[i].root && m->dirs[i].nent == 0) {
				p->dir = i;
				break;
			}
		}
		if (p->dir < 0)
			p->op = OP_MKDIR;
	}
	if (p->op == OP_MKDIR) {
		for (tries = 0; tries < 8; tries++) {
			p->dir = rnd(n, 30 + tries) % m->ndirs;
			if (m->dirs[p->dir].depth < MAX_DEPTH)
				break;
		}
		if (m->dirs[p->dir].depth >= MAX_DEPTH)
			p->dir = rnd(n, 2) % m->ndirs, p->op = OP_CREATE_SYNC;
	} else if (p->op != OP_RMDIR) {
		p->dir = rnd(n, 2) % m->ndirs;
	}
	if (m->nnames)
		p->name = rnd(n, 3) % m->nnames;
	switch (p->op) {
	case OP_CREATE_SYNC:
		snprintf(p->path, sizeof(p->path), "%s/f%llu", m->dirs[p->dir].path, (unsigned long long)n);
		p->len = pick_len(n);
		break;
	case OP_CREATE_NOSYNC:
		snprintf(p->path, sizeof(p->path), "%s/u%llu", m->dirs[p->dir].path, (unsigned long long)n);
		p->len = pick_len(n);
		break;
	case OP_APPEND_SYNC:
		p->len = 1 + rnd(n, 9) % 65536;
		break;
	case OP_RENAME:
		snprintf(p->path, sizeof(p->path), "%s/r%llu", m->dirs[p->dir].path, (unsigned long long)n);
		if (rnd(n, 4) % 4 == 0 && m->nnames > 1) {
			p->over = rnd(n, 5) % m->nnames;
			if (p->over == p->name ||
			    m->names[p->over].obj == m->names[p->name].obj)
				p->over = -1;	/* rename onto a link of itself: skip */
			else
				snprintf(p->path, sizeof(p->path), "%s", m->names[p->over].path);
		}
		break;
	case OP_LINK:
		snprintf(p->path, sizeof(p->path), "%s/l%llu", m->dirs[p->dir].path, (unsigned long long)n);
		break;
	case OP_CHMOD:
		p->mode = 0600 | (rnd(n, 6) % 64);
		break;
	case OP_TRUNCATE:
		/* shrink only: what is left is still pat(data, off) */
		p->len = m->objs[m->names[p->name].obj].len;
		p->len = p->len ? rnd(n, 10) % p->len : 0;
		break;
	case OP_MKDIR:
		snprintf(p->path, sizeof(p->path), "%s/d%llu", m->dirs[p->dir].path, (unsigned long long)n);
		break;
	default:
		break;
	}
}

static void name_del(struct model *m, int i)
{
	int d = parent_dir(m, m->names[i].path);

	if (d >= 0)
		m->dirs[d].nent--;
	m->names[i] = m->names[--m->nnames];
}

static void name_add(struct model *m, const char *path, int obj)
{
	int d = parent_dir(m, path);

	if (m->nnames >= MAX_NAMES) {
		fprintf(stderr, "loom-crashload: model full\n");
		exit(2);
	}
	snprintf(m->names[m->nnames].path, PATHLEN, "%s", path);
	m->names[m->nnames++].obj = obj;
	if (d >= 0)
		m->dirs[d].nent++;
}

static void obj_unlink(struct model *m, int o)
{
	if (--m->objs[o].nlink == 0)
		m->objs[o].alive = 0;
}

static void add_unsure(const char *path)
{
	if (nunsure < (int)(sizeof(unsure) / sizeof(unsure[0])))
		snprintf(unsure[nunsure++], PATHLEN, "%s", path);
}

/* What an uncertain op touches: the length it had is still a minimum. */
static void mark_uncertain(struct obj *o)
{
	if (o->uncertain)
		return;
	o->uncertain = 1;
	o->minlen = o->dirty ? 0 : o->len;
}

/* Apply a planned operation to the model; with @uncertain, mark it so. */
static void apply_op(struct model *m, uint64_t n, const struct plan *p, int uncertain)
{
	struct obj *o;
	int oi;

	switch (p->op) {
	case OP_CREATE_SYNC:
	case OP_CREATE_NOSYNC:
		if (m->nobjs >= MAX_OBJS) {
			fprintf(stderr, "loom-crashload: model full\n");
			exit(2);
		}
		oi = m->nobjs++;
		o = &m->objs[oi];
		memset(o, 0, sizeof(*o));
		o->data = n;
		o->len = p->len;
		o->nlink = 1;
		o->alive = 1;
		o->dirty = p->op == OP_CREATE_NOSYNC;
		o->uncertain = uncertain;
		name_add(m, p->path, oi);
		if (uncertain)
			add_unsure(p->path);
		break;
	case OP_APPEND_SYNC:
		o = &m->objs[m->names[p->name].obj];
		if (uncertain)
			mark_uncertain(o);
		o->len += p->len;
		o->dirty = 0;
		break;
	case OP_RENAME:
		oi = m->names[p->name].obj;
		if (uncertain) {
			add_unsure(m->names[p->name].path);
			add_unsure(p->path);
			mark_uncertain(&m->objs[oi]);
			if (p->over >= 0)
				mark_uncertain(&m->objs[m->names[p->over].obj]);
		}
		if (p->over >= 0) {
			obj_unlink(m, m->names[p->over].obj);
			m->names[p->over].obj = oi;
			name_del(m, p->name);
		} else {
			name_del(m, p->name);
			name_add(m, p->path, oi);
		}
		break;
	case OP_LINK:
		oi = m->names[p->name].obj;
		m->objs[oi].nlink++;
		name_add(m, p->path, oi);
		if (uncertain) {
			add_unsure(p->path);
			mark_uncertain(&m->objs[oi]);
		}
		break;
	case OP_UNLINK:
		oi = m->names[p->name].obj;
		if (uncertain) {
			add_unsure(m->names[p->name].path);
			mark_uncertain(&m->objs[oi]);
		}
		obj_unlink(m, oi);
		name_del(m, p->name);
		break;
	case OP_CHMOD:
		oi = m->names[p->name].obj;
		m->objs[oi].mode = p->mode;
		if (uncertain)
			mark_uncertain(&m->objs[oi]);
		break;
	case OP_TRUNCATE:
		o = &m->objs[m->names[p->name].obj];
		if (uncertain) {
			mark_uncertain(o);
			if (o->minlen > p->len)
				o->minlen = p->len;
		}
		/* a truncated file written without fsync keeps unknown data */
		o->len = p->len;
		break;
	case OP_MKDIR:
		snprintf(m->dirs[m->ndirs].path, PATHLEN, "%s", p->path);
		m->dirs[m->ndirs].depth = m->dirs[p->dir].depth + 1;
		m->dirs[m->ndirs].nsub = 0;
		m->dirs[m->ndirs].nent = 0;
		m->dirs[m->ndirs].root = 0;
		m->dirs[p->dir].nsub++;
		m->dirs[p->dir].nent++;
		m->ndirs++;
		if (uncertain)
			add_unsure(p->path);
		break;
	case OP_RMDIR: {
		int pd = parent_dir(m, m->dirs[p->dir].path);

		if (uncertain)
			add_unsure(m->dirs[p->dir].path);
		if (pd >= 0) {
			m->dirs[pd].nsub--;
			m->dirs[pd].nent--;
		}
		m->dirs[p->dir] = m->dirs[--m->ndirs];
		break;
	}
	}
	(void)n;
}

static void write_pat(int fd, uint64_t data, uint64_t off, uint64_t len, const char *path)
{
	static unsigned char buf[65536];

	while (len) {
		size_t c = len < sizeof(buf) ? len : sizeof(buf), i;
		ssize_t w;

		for (i = 0; i < c; i++)
			buf[i] = pat(data, off + i);
		w = pwrite(fd, buf, c, off);
		if (w != (ssize_t)c)
			die("write", path);
		off += c;
		len -= c;
	}
}

/* Execute a planned operation on the real tree. */
static void do_op(const struct model *m, uint64_t n, const struct plan *p)
{
	const struct obj *o;
	int fd;

	switch (p->op) {
	case OP_CREATE_SYNC:
	case OP_CREATE_NOSYNC:
		fd = open(p->path, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0)
			die("create", p->path);
		write_pat(fd, n, 0, p->len, p->path);
		if (p->op == OP_CREATE_SYNC && fsync(fd))
			die("fsync", p->path);
		if (close(fd))
			die("close", p->path);
		break;
	case OP_APPEND_SYNC:
		o = &m->objs[m->names[p->name].obj];
		fd = open(m->names[p->name].path, O_WRONLY);
		if (fd < 0)
			die("open", m->names[p->name].path);
		write_pat(fd, o->data, o->len, p->len, m->names[p->name].path);
		if (fsync(fd))
			die("fsync", m->names[p->name].path);
		if (close(fd))
			die("close", m->names[p->name].path);
		break;
	case OP_RENAME:
		if (rename(m->names[p->name].path, p->path))
			die("rename", m->names[p->name].path);
		break;
	case OP_LINK:
		if (link(m->names[p->name].path, p->path))
			die("link", p->path);
		break;
	case OP_UNLINK:
		if (unlink(m->names[p->name].path))
			die("unlink", m->names[p->name].path);
		break;
	case OP_CHMOD:
		if (chmod(m->names[p->name].path, p->mode))
			die("chmod", m->names[p->name].path);
		break;
	case OP_TRUNCATE:
		if (truncate(m->names[p->name].path, p->len))
			die("truncate", m->names[p->name].path);
		break;
	case OP_MKDIR:
		if (mkdir(p->path, 0755))
			die("mkdir", p->path);
		break;
	case OP_RMDIR:
		if (rmdir(m->dirs[p->dir].path))
			die("rmdir", m->dirs[p->dir].path);
		break;
	}
}

static void model_init(struct model *m, int nroots, char **roots)
{
	int i;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < nroots && i < MAX_DIRS; i++) {
		snprintf(m->dirs[i].path, PATHLEN, "%s", roots[i]);
		m->dirs[i].root = 1;
	}
	m->ndirs = i;
}

static int is_unsure(const char *path)
{
	int i;

	for (i = 0; i < nunsure; i++)
		if (!strcmp(unsure[i], path))
			return 1;
	return 0;
}

/* The file of object o, found at path: length and every byte. */
static void check_data(const struct obj *o, const char *path, int fd, const struct stat *st)
{
	static unsigned char buf[65536];
	uint64_t off = 0, lo, hi;
	ssize_t r;

	if (o->dirty && !o->uncertain) {
		/* written without fsync: anything, but readable */
		while ((r = read(fd, buf, sizeof(buf))) > 0)
			;
		if (r < 0)
			fail("%s: read of an unsynced file: %s", path, strerror(errno));
		return;
	}
	lo = o->uncertain ? o->minlen : o->len;
	hi = o->len;
	if (o->uncertain && o->dirty)
		hi = UINT64_MAX;
	if ((uint64_t)st->st_size < lo || (uint64_t)st->st_size > hi) {
		fail("%s: size %lld, want %llu%s%llu", path, (long long)st->st_size,
		     (unsigned long long)lo, lo == hi ? "" : "..",
		     (unsigned long long)(lo == hi ? 0 : hi));
		if (lo == hi)
			return;
	}
	while ((r = read(fd, buf, sizeof(buf))) > 0) {
		ssize_t i;

		for (i = 0; i < r; i++, off++) {
			if (buf[i] == pat(o->data, off))
				continue;
			/* beyond the certain length: maybe not written yet */
			if (off >= lo && buf[i] == 0 && o->uncertain)
				continue;
			if (off >= lo && o->uncertain && o->dirty)
				continue;
			fail("%s: byte %llu is 0x%02x, want 0x%02x (fsync'ed data lost)", path,
			     (unsigned long long)off, buf[i], pat(o->data, off));
			return;
		}
	}
	if (r < 0)
		fail("%s: read: %s", path, strerror(errno));
}

static int seen_name(const struct model *m, const char *path)
{
	int i;

	for (i = 0; i < m->nnames; i++)
		if (!strcmp(m->names[i].path, path))
			return 1;
	return find_dir(m, path) >= 0 || is_unsure(path);
}

/* Inodes found by the walk, with the number of names they had. */
static struct { ino_t ino; nlink_t nlink; int names; char path[PATHLEN]; } found[MAX_NAMES];
static int nfound;

static void walk(const struct model *m, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int nsub = 0;
	struct stat st;

	if (!d) {
		fail("%s: opendir: %s", dir, strerror(errno));
		return;
	}
	while ((e = readdir(d))) {
		char path[PATHLEN];
		int i;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st)) {
			fail("%s: a name that does not resolve: %s", path, strerror(errno));
			continue;
		}
		if (!seen_name(m, path))
			fail("%s: a name no completed operation made", path);
		if (S_ISDIR(st.st_mode)) {
			nsub++;
			walk(m, path);
			continue;
		}
		if (!S_ISREG(st.st_mode)) {
			fail("%s: mode 0%o, not a file", path, st.st_mode);
			continue;
		}
		for (i = 0; i < nfound; i++)
			if (found[i].ino == st.st_ino)
				break;
		if (i == nfound && nfound < MAX_NAMES) {
			found[i].ino = st.st_ino;
			found[i].nlink = st.st_nlink;
			found[i].names = 0;
			snprintf(found[i].path, PATHLEN, "%s", path);
			nfound++;
		}
		if (i < MAX_NAMES)
			found[i].names++;
	}
	closedir(d);
	if (stat(dir, &st))
		fail("%s: stat: %s", dir, strerror(errno));
	else if (st.st_nlink != (nlink_t)(2 + nsub))
		fail("%s: directory link count %lu, has %d subdirectories", dir,
		     (unsigned long)st.st_nlink, nsub);
}

static int verify(struct model *m, int nroots, char **roots)
{
	struct stat st;
	int i, j, r;

	/* Namespace: every name resolves, link counts are the names. */
	for (r = 0; r < nroots; r++)
		walk(m, roots[r]);
	for (i = 0; i < nfound; i++)
		if (found[i].nlink != (nlink_t)found[i].names)
			fail("%s: link count %lu, %d names found", found[i].path,
			     (unsigned long)found[i].nlink, found[i].names);

	/* The model: directories, names, inodes, modes, data. */
	for (i = 0; i < m->ndirs; i++) {
		if (is_unsure(m->dirs[i].path))
			continue;
		if (stat(m->dirs[i].path, &st) || !S_ISDIR(st.st_mode))
			fail("%s: a directory made by a completed mkdir is missing", m->dirs[i].path);
	}
	for (i = 0; i < m->nnames; i++) {
		struct name *nm = &m->names[i];
		struct obj *o = &m->objs[nm->obj];
		int fd;

		if (is_unsure(nm->path))
			continue;
		fd = open(nm->path, O_RDONLY);
		if (fd < 0) {
			fail("%s: missing after a completed operation: %s", nm->path, strerror(errno));
			continue;
		}
		if (fstat(fd, &st)) {
			fail("%s: fstat: %s", nm->path, strerror(errno));
			close(fd);
			continue;
		}
		if (!o->ino) {
			o->ino = st.st_ino;
			check_data(o, nm->path, fd, &st);
			if (o->mode && !o->uncertain && (st.st_mode & 07777) != o->mode)
				fail("%s: mode 0%o, want 0%o", nm->path, st.st_mode & 07777, o->mode);
			if (!o->uncertain && st.st_nlink != (nlink_t)o->nlink)
				fail("%s: link count %lu, want %d", nm->path,
				     (unsigned long)st.st_nlink, o->nlink);
		} else if (o->ino != st.st_ino) {
			for (j = 0; j < i; j++)
				if (m->names[j].obj == nm->obj)
					break;
			fail("%s: not the same file as its link %s", nm->path,
			     j < i ? m->names[j].path : "?");
		}
		close(fd);
	}
	return failures ? 1 : 0;
}

static struct model model, model_after;

int main(int argc, char **argv)
{
	struct plan p;
	uint64_t n, ops;
	int nroots;
	char **roots;

	if (argc < 6 || (strcmp(argv[1], "run") && strcmp(argv[1], "verify"))) {
		fprintf(stderr, "usage: loom-crashload run TAG SEED OPS DIR...\n"
			"       loom-crashload verify TAG SEED N DIR...\n");
		return 2;
	}
	tag = argv[2];
	seed = strtoull(argv[3], NULL, 0);
	ops = strtoull(argv[4], NULL, 0);
	roots = argv + 5;
	nroots = argc - 5;
	model_init(&model, nroots, roots);

	if (!strcmp(argv[1], "run")) {
		const char *pf = getenv("CRASHLOAD_PROGRESS");

		jfd = open("/dev/ttyS0", O_WRONLY | O_NOCTTY);
		if (pf) {
			pfd = open(pf, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (pfd < 0)
				die("open", pf);
		}
		for (n = 1; !ops || n <= ops; n++) {
			plan_op(&model, n, &p);
			do_op(&model, n, &p);
			apply_op(&model, n, &p, 0);
			journal(n);
		}
		return 0;
	}

	for (n = 1; n <= ops; n++) {
		plan_op(&model, n, &p);
		apply_op(&model, n, &p, 0);
	}
	/* N+1 and N+2: either state; mark what they touch. */
	memcpy(&model_after, &model, sizeof(model));
	for (n = ops + 1; n <= ops + 2; n++) {
		plan_op(&model_after, n, &p);
		printf("loom-crashload: %s: op %llu (%s) may or may not have happened\n", tag,
		       (unsigned long long)n, op_names[p.op]);
		apply_op(&model_after, n, &p, 1);
	}
	/* The uncertain marks belong on the state after N. */
	for (n = 0; n < (uint64_t)model.nobjs; n++) {
		model.objs[n].uncertain = model_after.objs[n].uncertain;
		model.objs[n].minlen = model_after.objs[n].minlen;
		if (model.objs[n].uncertain && model_after.objs[n].len > model.objs[n].len)
			model.objs[n].len = model_after.objs[n].len;
	}
	/* A file created by an uncertain op is only an unsure name. */
	printf("loom-crashload: %s: %d names, %d directories after op %llu\n", tag,
	       model.nnames, model.ndirs, (unsigned long long)ops);
	if (verify(&model, nroots, roots)) {
		printf("loom-crashload: %s: %d failures\n", tag, failures);
		return 1;
	}
	printf("loom-crashload: %s: ok\n", tag);
	return 0;
}

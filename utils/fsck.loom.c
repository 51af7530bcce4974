// SPDX-License-Identifier: GPL-2.0
/*
 * fsck.loom: check the storage of a stopped Loom target, a directory
 * formatted by mkfs.loom (the "dir" OSD backend, core/fs/loom/common/
 * disk.h): its label, every object's attribute record and, on an MDT,
 * the namespace: every directory entry names an existing object of its
 * type, link counts match the entries, no object is an orphan and no FID
 * is past the reserved ones, no layout names an OST object id past the
 * ids reserved on that OST (loom.ostids), and the destroy log's records
 * name unlinked files (reported: the MDT destroys their objects when it
 * runs); on an MGS, the configuration record; and the records of its
 * reply log.
 *
 *	fsck.loom [-n|-y] [-v] DIR
 *
 * -n (the default) changes nothing; -y repairs what it can: removes
 * orphans and entries naming missing objects, corrects link counts, cuts
 * a directory index at a torn record, frees corrupt reply log records.  Exit status as e2fsck: 0 clean,
 * 1 errors fixed, 4 errors left, 8 operational error, 16 usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <endian.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include <asm/byteorder.h>
#include "../core/fs/loom/common/disk.h"
#include "../core/fs/loom/common/mgsconf.h"

#define XA_LASTID	LOOM_DISK_XATTR_PREFIX "loom.lastid"
#define XA_OSTIDS	LOOM_DISK_XATTR_PREFIX "loom.ostids"
#define XA_LAYOUT	LOOM_DISK_XATTR_PREFIX "loom.layout"

struct obj {
	struct loom_fid			fid;
	char				path[64];
	int				attr_ok;
	struct loom_disk_attr_info	a;
	unsigned int			refs;
	unsigned int			subdirs;
	unsigned int			pending;	/* destroy log records */
};

static const char *prog = "fsck.loom";
static const char *top;
static int fix, verbose;
static unsigned int errors, fixed;
static struct obj *objs;
static size_t nr_objs, max_objs;
static struct obj *destroy_log;
static unsigned int log_kept, log_gone;

static void problem(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void problem(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("%s: %s: ", prog, top);
	vprintf(fmt, ap);
	va_end(ap);
	errors++;
}

static void repaired(void)
{
	printf("  -> fixed\n");
	fixed++;
}

static char *fidstr(const struct loom_fid *f)
{
	static char buf[4][48];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "[0x%llx:0x%x:0x%x]",
		 (unsigned long long)le64_to_cpu(f->seq), le32_to_cpu(f->oid),
		 le32_to_cpu(f->ver));
	return buf[i];
}

static int fid_cmp(const void *x, const void *y)
{
	const struct loom_fid *a = x, *b = y;
	unsigned long long sa = le64_to_cpu(a->seq), sb = le64_to_cpu(b->seq);

	if (sa != sb)
		return sa < sb ? -1 : 1;
	if (le32_to_cpu(a->oid) != le32_to_cpu(b->oid))
		return le32_to_cpu(a->oid) < le32_to_cpu(b->oid) ? -1 : 1;
	if (le32_to_cpu(a->ver) != le32_to_cpu(b->ver))
		return le32_to_cpu(a->ver) < le32_to_cpu(b->ver) ? -1 : 1;
	return 0;
}

static struct obj *find_obj(const struct loom_fid *fid)
{
	return bsearch(fid, objs, nr_objs, sizeof(*objs), fid_cmp);
}

static int write_attr(struct obj *o)
{
	struct loom_disk_attr d;
	char p[4200];

	snprintf(p, sizeof(p), "%s/%s", top, o->path);
	loom_disk_attr_encode(&d, &o->a);
	return setxattr(p, LOOM_DISK_XATTR_ATTR, &d, sizeof(d), 0);
}

/* The reply log: each record free or valid; -y frees bad ones. */
static void check_replies(void)
{
	static const char zero[LOOM_DISK_REPLY_SIZE];
	struct loom_disk_reply_info ri;
	char buf[LOOM_DISK_REPLY_SIZE], p[4200];
	unsigned int n = 0;
	ssize_t len;
	off_t off;
	int fd, ret;

	snprintf(p, sizeof(p), "%s/" LOOM_DISK_REPLIES, top);
	fd = open(p, fix ? O_RDWR : O_RDONLY);
	if (fd < 0) {
		if (errno != ENOENT)
			problem("reply log: %s\n", strerror(errno));
		return;
	}
	for (off = 0; (len = pread(fd, buf, sizeof(buf), off)) > 0; off += len) {
		if (len < (ssize_t)sizeof(buf))
			memset(buf + len, 0, sizeof(buf) - len);
		ret = loom_disk_reply_decode(buf, sizeof(buf), &ri);
		if (ret == -ENODATA)
			continue;
		if (!ret) {
			n++;
			continue;
		}
		problem("reply log: corrupt record at %lld\n", (long long)off);
		if (fix && pwrite(fd, zero, len, off) == len)
			repaired();
	}
	if (len < 0)
		problem("reply log: %s\n", strerror(errno));
	close(fd);
	if (verbose)
		printf("%s: %s: %u reply log records\n", prog, top, n);
}

static void scan_objects(void)
{
	char p[4200], want[64];
	int h;

	for (h = 0; h < LOOM_DISK_NR_HASH; h++) {
		struct dirent *de;
		DIR *d;

		snprintf(p, sizeof(p), "%s/" LOOM_DISK_OBJDIR "/%02x", top, h);
		d = opendir(p);
		if (!d) {
			problem("object directory O/%02x missing: %s\n", h, strerror(errno));
			if (fix && !mkdir(p, 0700))
				repaired();
			continue;
		}
		while ((de = readdir(d))) {
			struct loom_disk_attr buf;
			struct obj *o;
			ssize_t n;

			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			if (nr_objs == max_objs) {
				max_objs = max_objs ? 2 * max_objs : 1024;
				objs = realloc(objs, max_objs * sizeof(*objs));
				if (!objs) {
					perror(prog);
					exit(8);
				}
			}
			o = &objs[nr_objs];
			memset(o, 0, sizeof(*o));
			if (loom_disk_objname_parse(de->d_name, strlen(de->d_name), &o->fid)) {
				problem("stray file O/%02x/%s\n", h, de->d_name);
				continue;
			}
			loom_disk_objname(want, sizeof(want), &o->fid);
			snprintf(o->path, sizeof(o->path), "O/%02x/%s", h, de->d_name);
			if (strcmp(want, o->path)) {
				problem("object %s is in the wrong directory (%s)\n",
					fidstr(&o->fid), o->path);
				continue;
			}
			snprintf(p, sizeof(p), "%s/%s", top, o->path);
			n = getxattr(p, LOOM_DISK_XATTR_ATTR, &buf, sizeof(buf));
			if (n < 0 || loom_disk_attr_decode(&buf, n, &o->a))
				problem("object %s (%s): bad attribute record%s%s\n",
					fidstr(&o->fid), o->path, n < 0 ? ": " : "",
					n < 0 ? strerror(errno) : "");
			else
				o->attr_ok = 1;
			nr_objs++;
		}
		closedir(d);
	}
	qsort(objs, nr_objs, sizeof(*objs), fid_cmp);
}

/* Walk a directory object's index: count references, drop bad entries. */
static unsigned long check_index(struct obj *dir)
{
	unsigned long entries = 0;
	struct loom_disk_de_info di;
	char p[4200];
	struct stat st;
	size_t off = 0;
	char *buf;
	int fd;

	snprintf(p, sizeof(p), "%s/%s", top, dir->path);
	fd = open(p, fix ? O_RDWR : O_RDONLY);
	if (fd < 0 || fstat(fd, &st)) {
		problem("cannot read the index of %s: %s\n", fidstr(&dir->fid), strerror(errno));
		if (fd >= 0)
			close(fd);
		return 0;
	}
	buf = malloc(st.st_size + 1);
	if (!buf || pread(fd, buf, st.st_size, 0) != st.st_size) {
		problem("cannot read the index of %s\n", fidstr(&dir->fid));
		free(buf);
		close(fd);
		return 0;
	}
	while (off < (size_t)st.st_size) {
		struct obj *t;
		int ret = loom_disk_de_decode(buf + off, st.st_size - off, &di);

		if (ret) {
			problem("directory %s: bad index record at offset %zu, %zu bytes ignored\n",
				fidstr(&dir->fid), off, (size_t)st.st_size - off);
			if (fix && !ftruncate(fd, off) && !fsync(fd))
				repaired();
			break;
		}
		if (di.live && dir == destroy_log) {
			/*
			 * 'd' destroy now, 'k' kept open by the client that
			 * removed it, 'o' open on clients (open locks)
			 */
			t = find_obj(&di.fid);
			if (!t)
				log_gone++;	/* done but for the record */
			else
				t->pending++;
			if (di.name_len && (di.name[0] == 'k' || di.name[0] == 'o'))
				log_kept++;
			entries++;
		} else if (di.live) {
			entries++;
			t = find_obj(&di.fid);
			if (!t) {
				problem("directory %s: entry '%.*s' names missing object %s\n",
					fidstr(&dir->fid), (int)di.name_len, di.name,
					fidstr(&di.fid));
				if (fix) {
					unsigned int dead = htole32(LOOM_DISK_DE_DEAD);

					if (pwrite(fd, &dead, 4, off) == 4 && !fsync(fd))
						repaired();
				}
			} else if (t->attr_ok && di.type != ((t->a.mode >> 12) & 15)) {
				problem("directory %s: entry '%.*s' has type %u, its object %s mode 0%o\n",
					fidstr(&dir->fid), (int)di.name_len, di.name,
					di.type, fidstr(&t->fid), t->a.mode);
			} else {
				t->refs++;
				if (di.type == 4)	/* DT_DIR */
					dir->subdirs++;
			}
		}
		off += di.reclen;
	}
	free(buf);
	close(fd);
	return entries;
}

/*
 * The OST object ids of every layout: none past the ids the MDT reserved
 * on that OST (the root's loom.ostids), which the OST destroys as unused
 * when the MDT next connects.
 */
static void check_layouts(struct obj *root, unsigned int index)
{
	__le32 ids[LOOM_MAX_TARGETS];
	struct loom_layout lo;
	unsigned int nr, i, j;
	char p[4200];
	ssize_t n;

	snprintf(p, sizeof(p), "%s/%s", top, root->path);
	n = getxattr(p, XA_OSTIDS, ids, sizeof(ids));
	if (n <= 0 || n % sizeof(ids[0]))
		return;
	nr = n / sizeof(ids[0]);
	for (i = 0; i < nr_objs; i++) {
		struct obj *o = &objs[i];

		if (!o->attr_ok || !S_ISREG(o->a.mode) ||
		    le64_to_cpu(o->fid.seq) != (unsigned long long)LOOM_FID_SEQ_MDT + index)
			continue;
		snprintf(p, sizeof(p), "%s/%s", top, o->path);
		n = getxattr(p, XA_LAYOUT, &lo, sizeof(lo));
		if (n < (ssize_t)offsetof(struct loom_layout, objs))
			continue;
		if (le32_to_cpu(lo.magic) != LOOM_LAYOUT_MAGIC ||
		    le16_to_cpu(lo.stripe_count) > LOOM_MAX_STRIPES ||
		    (size_t)n < offsetof(struct loom_layout, objs) +
				le16_to_cpu(lo.stripe_count) * sizeof(lo.objs[0])) {
			problem("file %s: corrupt layout\n", fidstr(&o->fid));
			continue;
		}
		for (j = 0; j < le16_to_cpu(lo.stripe_count); j++) {
			unsigned int ost = le32_to_cpu(lo.objs[j].ost_index);
			unsigned int id = le32_to_cpu(lo.objs[j].oid.oid);

			if (ost >= nr || !le32_to_cpu(ids[ost]))
				problem("file %s: stripe %u on OST %u, which has no reserved object ids\n",
					fidstr(&o->fid), j, ost);
			else if (id > le32_to_cpu(ids[ost]))
				problem("file %s: stripe %u object %u on OST %u is past the reserved ids (%u)\n",
					fidstr(&o->fid), j, id, ost,
					le32_to_cpu(ids[ost]));
		}
	}
}

static void check_mdt(unsigned int index)
{
	struct loom_fid rootfid;
	unsigned long entries = 0;
	unsigned int oid_limit = 0, orphans = 0, pending = 0;
	struct obj *root;
	size_t i;

	rootfid.seq = htole64(LOOM_FID_SEQ_MDT + index);
	rootfid.oid = htole32(LOOM_FID_OID_ROOT);
	rootfid.ver = 0;
	root = find_obj(&rootfid);
	if (!root) {
		if (nr_objs)
			problem("the root directory %s is missing\n", fidstr(&rootfid));
		return;
	}
	if (root->attr_ok && !S_ISDIR(root->a.mode))
		problem("the root %s is not a directory\n", fidstr(&rootfid));
	{
		unsigned char li[8];
		char p[4200];
		ssize_t n;

		snprintf(p, sizeof(p), "%s/%s", top, root->path);
		n = getxattr(p, XA_LASTID, li, sizeof(li));
		if (n == sizeof(li))
			oid_limit = li[0] | li[1] << 8 | li[2] << 16 | (unsigned int)li[3] << 24;
		else if (nr_objs > 1)
			problem("the root has no FID reservation record\n");
	}

	{
		struct loom_fid logfid = rootfid;

		logfid.oid = htole32(LOOM_DISK_OID_DESTROY_LOG);
		destroy_log = find_obj(&logfid);
		if (destroy_log && destroy_log->attr_ok &&
		    !S_ISDIR(destroy_log->a.mode))
			problem("the destroy log %s is not a directory\n",
				fidstr(&logfid));
	}
	for (i = 0; i < nr_objs; i++)
		if (objs[i].attr_ok && S_ISDIR(objs[i].a.mode))
			entries += check_index(&objs[i]);
	check_layouts(root, index);

	for (i = 0; i < nr_objs; i++) {
		struct obj *o = &objs[i];
		unsigned int want;

		if (le64_to_cpu(o->fid.seq) == (unsigned long long)LOOM_FID_SEQ_MDT + index && oid_limit &&
		    le32_to_cpu(o->fid.oid) > oid_limit)
			problem("object %s is past the reserved FIDs (0x%x)\n",
				fidstr(&o->fid), oid_limit);
		if (!o->attr_ok || o == destroy_log)
			continue;
		if (o->pending && !o->refs) {
			if (o->a.nlink)
				problem("destroy log record of %s, which has link count %u\n",
					fidstr(&o->fid), o->a.nlink);
			else
				pending++;
			continue;
		}
		if (o->pending)
			problem("destroy log record of %s, which has a name\n",
				fidstr(&o->fid));
		if (o != root && !o->refs) {
			problem("orphan object %s (mode 0%o, nlink %u)\n",
				fidstr(&o->fid), o->a.mode, o->a.nlink);
			orphans++;
			if (fix) {
				char p[4200];

				snprintf(p, sizeof(p), "%s/%s", top, o->path);
				if (!unlink(p))
					repaired();
			}
			continue;
		}
		if (S_ISDIR(o->a.mode) && o->refs > 1)
			problem("directory %s has %u names\n", fidstr(&o->fid), o->refs);
		want = S_ISDIR(o->a.mode) ? 2 + o->subdirs : o->refs;
		if (o->a.nlink != want) {
			problem("object %s has link count %u, the namespace %u\n",
				fidstr(&o->fid), o->a.nlink, want);
			if (fix) {
				o->a.nlink = want;
				if (!write_attr(o))
					repaired();
			}
		}
	}
	if (pending || log_gone)
		printf("%s: %s: %u destroy log records pending (%u kept open by a client, %u of files already gone): the MDT destroys their objects when it runs\n",
		       prog, top, pending + log_gone, log_kept, log_gone);
	if (verbose)
		printf("%s: %s: %zu objects, %lu entries, %u orphans\n", prog, top,
		       nr_objs, entries, orphans);
}

/*
 * The MGS configuration object: two slots, each empty or a valid record,
 * at least one valid.  Nothing is repaired: a dump restores it.
 */
static void check_mgs(void)
{
	static char buf[2 * LOOM_DISK_MGS_SLOT];
	struct loom_mgs_conf *c;
	struct loom_fid fid = {
		.seq = cpu_to_le64(LOOM_FID_SEQ_MGS),
		.oid = cpu_to_le32(LOOM_FID_OID_MGS_CONFIG),
	};
	int slot, fd, ret, valid = 0;
	struct obj *o = find_obj(&fid);
	char p[4200];
	ssize_t n;

	if (!o) {
		if (verbose)
			printf("%s: %s: no MGS configuration yet\n", prog, top);
		return;
	}
	for (size_t i = 0; i < nr_objs; i++)
		if (&objs[i] != o)
			problem("object %s does not belong on an MGS\n",
				fidstr(&objs[i].fid));
	snprintf(p, sizeof(p), "%s/%s", top, o->path);
	fd = open(p, O_RDONLY);
	if (fd < 0) {
		problem("MGS configuration: %s\n", strerror(errno));
		return;
	}
	memset(buf, 0, sizeof(buf));
	n = pread(fd, buf, sizeof(buf), 0);
	close(fd);
	c = malloc(sizeof(*c));
	if (n < 0 || !c) {
		problem("MGS configuration: %s\n", strerror(errno));
		free(c);
		return;
	}
	for (slot = 0; slot < 2; slot++) {
		ret = loom_disk_mgs_decode(buf + slot * LOOM_DISK_MGS_SLOT,
					   LOOM_DISK_MGS_SLOT, c);
		if (ret == -ENODATA)
			continue;
		if (ret) {
			problem("MGS configuration: slot %d is corrupt\n", slot);
			continue;
		}
		valid++;
		if (verbose)
			printf("%s: %s: MGS configuration slot %d: %s version %llu\n",
			       prog, top, slot, c->fsname,
			       (unsigned long long)c->version);
	}
	if (!valid && n)
		problem("MGS configuration: no valid record (restore a dump)\n");
	free(c);
}

int main(int argc, char **argv)
{
	union {
		struct loom_disk_label l;
		char raw[sizeof(struct loom_disk_label) + 1];
	} lb;
	struct loom_disk_label *lp = &lb.l;
	char p[4200];
	unsigned int type;
	ssize_t n;
	int opt, fd;
	size_t i;

	while ((opt = getopt(argc, argv, "nyvfp")) != -1) {
		switch (opt) {
		case 'n':
			fix = 0;
			break;
		case 'y':
		case 'p':
			fix = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'f':
			break;
		default:
			fprintf(stderr, "usage: fsck.loom [-n|-y] [-v] DIR\n");
			return 16;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: fsck.loom [-n|-y] [-v] DIR\n");
		return 16;
	}
	top = argv[optind];
	snprintf(p, sizeof(p), "%s/" LOOM_DISK_LABEL, top);
	fd = open(p, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "%s: %s: %s (not formatted by mkfs.loom?)\n", prog, p,
			strerror(errno));
		return 8;
	}
	n = read(fd, lb.raw, sizeof(lb.raw));
	close(fd);
	if (n != sizeof(*lp) || loom_disk_label_check(lp, sizeof(*lp))) {
		problem("corrupt label\n");
		return 4;
	}
	type = le16_to_cpu(lp->type);
	if (verbose)
		printf("%s: %s: %s %s%04x\n", prog, top, (char *)lp->fsname,
		       type == LOOM_TGT_MDT ? "MDT" : type == LOOM_TGT_OST ? "OST" : "MGS",
		       le32_to_cpu(lp->index));
	scan_objects();
	check_replies();
	if (type == LOOM_TGT_MDT)
		check_mdt(le32_to_cpu(lp->index));
	else if (type == LOOM_TGT_MGS)
		check_mgs();
	else if (type == LOOM_TGT_OST)
		for (i = 0; i < nr_objs; i++)
			if (objs[i].attr_ok && !S_ISREG(objs[i].a.mode))
				problem("object %s is not a regular object (mode 0%o)\n",
					fidstr(&objs[i].fid), objs[i].a.mode);
	printf("%s: %s: %zu objects, %u errors, %u fixed\n", prog, top, nr_objs,
	       errors, fixed);
	free(objs);
	if (errors > fixed)
		return 4;
	return fixed ? 1 : 0;
}

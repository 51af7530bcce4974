// SPDX-License-Identifier: GPL-2.0
/*
 * Loom MGS: the configuration of a filesystem as text and as an on-disk
 * record.  Pure functions of their arguments, built into loom.ko,
 * fsck.loom and the unit tests.  Nothing read is trusted: text that does
 * not parse, or a record with a bad magic, length, checksum or value, is
 * refused as a whole.
 *
 * The text is line oriented; blank lines and lines starting with '#' are
 * ignored:
 *
 *	fsname NAME
 *	version N
 *	default_layout stripe_size=N stripe_count=N|all stripe_offset=N|any
 *	set KEY=VALUE
 *	target mdt|ost INDEX nid=NID
 */
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <asm/byteorder.h>
#include "mgsconf.h"
#include "disk.h"

#ifndef EUCLEAN
#define EUCLEAN 117
#endif
#ifndef __force
#define __force		/* userspace */
#endif

/**
 * loom_mgs_conf_init() - the configuration of a new filesystem
 * @c: the configuration
 * @fsname: the filesystem's name, at most 15 characters
 *
 * Version 1, the default layout (1 MiB stripes on one OST the MDT
 * chooses), client defaults and no target.
 */
void loom_mgs_conf_init(struct loom_mgs_conf *c, const char *fsname)
{
	size_t n = strlen(fsname);

	memset(c, 0, sizeof(*c));
	memcpy(c->fsname, fsname, n < LOOM_FSNAME_MAX ? n : LOOM_FSNAME_MAX - 1);
	c->version = 1;
	c->stripe_size = LOOM_MGS_DEF_STRIPE_SIZE;
	c->stripe_count = LOOM_MGS_DEF_STRIPE_COUNT;
	c->stripe_offset = LOOM_MGS_OFFSET_ANY;
}

/**
 * loom_mgs_conf_check() - check the values of a configuration
 * @c: the configuration
 * @err: set to a constant message saying what is wrong
 *
 * Return: 0 or -EINVAL.
 */
int loom_mgs_conf_check(const struct loom_mgs_conf *c, const char **err)
{
	if (!c->stripe_size || c->stripe_size % (64 * 1024)) {
		*err = "stripe_size must be a non-zero multiple of 64 KiB below 4 GiB";
		return -EINVAL;
	}
	if (!c->stripe_count || (c->stripe_count > LOOM_MAX_STRIPES &&
				 c->stripe_count != LOOM_MGS_STRIPE_ALL)) {
		*err = "stripe_count must be 1-64 or all";
		return -EINVAL;
	}
	if (c->stripe_offset >= LOOM_MAX_TARGETS &&
	    c->stripe_offset != LOOM_MGS_OFFSET_ANY) {
		*err = "stripe_offset must be an OST index (0-255) or any";
		return -EINVAL;
	}
	if (c->readahead_kb > LOOM_MGS_READAHEAD_MAX_KB) {
		*err = "readahead_kb must be 0 (client default) to 1048576";
		return -EINVAL;
	}
	return 0;
}

/* Text output: append to a buffer, remembering overflow. */
struct loom_mgs_out {
	char	*buf;
	size_t	size;
	size_t	len;
};

static void out_str(struct loom_mgs_out *o, const char *s)
{
	size_t n = strlen(s);

	if (o->len + n < o->size)
		memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void out_u64(struct loom_mgs_out *o, u64 v)
{
	char d[24];
	int i = sizeof(d) - 1;

	d[i] = 0;
	do {
		d[--i] = '0' + v % 10;
		v /= 10;
	} while (v);
	out_str(o, d + i);
}

static void out_tgt(struct loom_mgs_out *o, const char *type, u32 index,
		    const struct loom_mgs_conf_tgt *t)
{
	char nid[LOOMNET_NIDSTR_SIZE];

	if (!t->present)
		return;
	if (loomnet_nid_format(&t->nid, nid, sizeof(nid)) < 0)
		nid[0] = 0;
	out_str(o, "target ");
	out_str(o, type);
	out_str(o, " ");
	out_u64(o, index);
	out_str(o, " nid=");
	out_str(o, nid);
	out_str(o, "\n");
}

/**
 * loom_mgs_conf_format() - the text form of a configuration
 * @c: the configuration
 * @buf: where to write it, NUL-terminated
 * @size: bytes at @buf
 *
 * Return: the length of the text (without the NUL), or -ENOSPC if it
 * does not fit.
 */
int loom_mgs_conf_format(const struct loom_mgs_conf *c, char *buf,
			 size_t size)
{
	struct loom_mgs_out o = { .buf = buf, .size = size };
	u32 i;

	out_str(&o, "# Loom MGS configuration: loomctl mgs restore reads it back\n");
	out_str(&o, "fsname ");
	out_str(&o, c->fsname);
	out_str(&o, "\nversion ");
	out_u64(&o, c->version);
	out_str(&o, "\ndefault_layout stripe_size=");
	out_u64(&o, c->stripe_size);
	out_str(&o, " stripe_count=");
	if (c->stripe_count == LOOM_MGS_STRIPE_ALL)
		out_str(&o, "all");
	else
		out_u64(&o, c->stripe_count);
	out_str(&o, " stripe_offset=");
	if (c->stripe_offset == LOOM_MGS_OFFSET_ANY)
		out_str(&o, "any");
	else
		out_u64(&o, c->stripe_offset);
	out_str(&o, "\nset readahead_kb=");
	out_u64(&o, c->readahead_kb);
	out_str(&o, "\n");
	for (i = 0; i < LOOM_MAX_TARGETS; i++)
		out_tgt(&o, "mdt", i, &c->mdts[i]);
	for (i = 0; i < LOOM_MAX_TARGETS; i++)
		out_tgt(&o, "ost", i, &c->osts[i]);
	if (o.len >= size)
		return -ENOSPC;
	buf[o.len] = 0;
	return o.len;
}

/* Text input. */
struct loom_mgs_tok {
	const char	*s;
	size_t		len;
};

static bool tok_is(const struct loom_mgs_tok *t, const char *word)
{
	return t->len == strlen(word) && !memcmp(t->s, word, t->len);
}

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

/* A decimal number with an optional K, M or G (binary) suffix. */
static int parse_num(const char *s, size_t len, bool suffix, u64 *v)
{
	unsigned int shift = 0;
	u64 n = 0;
	size_t i;

	if (suffix && len > 1) {
		switch (s[len - 1]) {
		case 'K': case 'k':
			shift = 10;
			break;
		case 'M': case 'm':
			shift = 20;
			break;
		case 'G': case 'g':
			shift = 30;
			break;
		}
		if (shift)
			len--;
	}
	if (!len || len > 19)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		n = n * 10 + (s[i] - '0');
	}
	if (shift && n > (~0ULL >> shift))
		return -EINVAL;
	*v = n << shift;
	return 0;
}

/* KEY=VALUE of "set" or "default_layout": into @c, unchecked ranges. */

static const char mgs_bad_layout_key[] =
	"unknown default_layout key (known: stripe_size, stripe_count, stripe_offset)";
static const char mgs_bad_tunable[] =
	"unknown tunable (known: stripe_size, stripe_count, stripe_offset, readahead_kb)";

static int parse_setting(struct loom_mgs_conf *c, const struct loom_mgs_tok *t,
			 bool layout_only, const char **err)
{
	const char *eq = memchr(t->s, '=', t->len);
	struct loom_mgs_tok key, val;
	u64 v;

	if (!eq) {
		*err = "expected KEY=VALUE";
		return -EINVAL;
	}
	key.s = t->s;
	key.len = eq - t->s;
	val.s = eq + 1;
	val.len = t->len - key.len - 1;

	if (tok_is(&key, "stripe_size")) {
		if (parse_num(val.s, val.len, true, &v) || !v ||
		    v >= (1ULL << 32) || v % (64 * 1024)) {
			*err = "stripe_size must be a non-zero multiple of 64 KiB below 4 GiB";
			return -EINVAL;
		}
		c->stripe_size = v;
	} else if (tok_is(&key, "stripe_count")) {
		if (tok_is(&val, "all") || tok_is(&val, "-1"))
			v = LOOM_MGS_STRIPE_ALL;
		else if (parse_num(val.s, val.len, false, &v) || !v ||
			 (v > LOOM_MAX_STRIPES && v != LOOM_MGS_STRIPE_ALL))
			v = 0;
		if (!v) {
			*err = "stripe_count must be 1-64 or all";
			return -EINVAL;
		}
		c->stripe_count = v;
	} else if (tok_is(&key, "stripe_offset")) {
		if (tok_is(&val, "any") || tok_is(&val, "-1"))
			v = LOOM_MGS_OFFSET_ANY;
		else if (parse_num(val.s, val.len, false, &v) ||
			 (v >= LOOM_MAX_TARGETS && v != LOOM_MGS_OFFSET_ANY))
			v = ~0ULL;
		if (v == ~0ULL) {
			*err = "stripe_offset must be an OST index (0-255) or any";
			return -EINVAL;
		}
		c->stripe_offset = v;
	} else if (!layout_only && tok_is(&key, "readahead_kb")) {
		if (parse_num(val.s, val.len, false, &v) ||
		    v > LOOM_MGS_READAHEAD_MAX_KB) {
			*err = "readahead_kb must be 0 (client default) to 1048576";
			return -EINVAL;
		}
		c->readahead_kb = v;
	} else {
		*err = layout_only ? mgs_bad_layout_key : mgs_bad_tunable;
		return -EINVAL;
	}
	return 0;
}

/* "target mdt|ost INDEX nid=NID" */
static int parse_target(struct loom_mgs_conf *c, const struct loom_mgs_tok *t,
			unsigned int n, bool replace, const char **err)
{
	struct loom_mgs_conf_tgt *tgt;
	struct loomnet_nid nid;
	u64 index;

	if (n != 4) {
		*err = "expected: target mdt|ost INDEX nid=NID";
		return -EINVAL;
	}
	if (parse_num(t[2].s, t[2].len, false, &index) ||
	    index >= LOOM_MAX_TARGETS) {
		*err = "target index must be 0-255";
		return -EINVAL;
	}
	if (tok_is(&t[1], "mdt")) {
		tgt = &c->mdts[index];
	} else if (tok_is(&t[1], "ost")) {
		tgt = &c->osts[index];
	} else {
		*err = "target type must be mdt or ost";
		return -EINVAL;
	}
	if (t[3].len < 4 || memcmp(t[3].s, "nid=", 4)) {
		*err = "expected: target mdt|ost INDEX nid=NID";
		return -EINVAL;
	}
	if (loomnet_nid_parse(t[3].s + 4, t[3].len - 4, &nid) ||
	    nid.lnd != LOOMNET_LND_TCP) {
		*err = "bad NID (expected e.g. 10.0.0.1@tcp)";
		return -EINVAL;
	}
	if (replace && tgt->present) {
		*err = "target listed twice";
		return -EINVAL;
	}
	tgt->present = true;
	tgt->nid = nid;
	return 0;
}

#define LOOM_MGS_MAX_TOK	8

static int parse_line(struct loom_mgs_conf *c, const char *s, size_t len,
		      bool replace, const char **err)
{
	struct loom_mgs_tok t[LOOM_MGS_MAX_TOK];
	unsigned int n = 0, i;
	size_t p = 0;
	u64 v;

	while (p < len && is_space(s[p]))
		p++;
	if (p < len && s[p] == '#')
		return 0;
	for (;;) {
		while (p < len && is_space(s[p]))
			p++;
		if (p == len)
			break;
		if (n == LOOM_MGS_MAX_TOK) {
			*err = "too many words";
			return -EINVAL;
		}
		t[n].s = s + p;
		while (p < len && !is_space(s[p]))
			p++;
		t[n].len = s + p - t[n].s;
		n++;
	}
	if (!n)
		return 0;
	for (i = 0; i < n; i++)
		if (memchr(t[i].s, 0, t[i].len)) {
			*err = "NUL character";
			return -EINVAL;
		}

	if (tok_is(&t[0], "fsname")) {
		if (n != 2 || t[1].len != strlen(c->fsname) ||
		    memcmp(t[1].s, c->fsname, t[1].len)) {
			*err = "fsname does not match this MGS's filesystem";
			return -EINVAL;
		}
		return 0;
	}
	if (tok_is(&t[0], "version")) {
		/* informational: a restore always makes a new version */
		if (n != 2 || parse_num(t[1].s, t[1].len, false, &v)) {
			*err = "expected: version N";
			return -EINVAL;
		}
		return 0;
	}
	if (tok_is(&t[0], "default_layout") || tok_is(&t[0], "set")) {
		bool layout = t[0].len != 3;

		if (n < 2 || (!layout && n != 2)) {
			*err = layout ? "expected: default_layout KEY=VALUE..." :
				"expected: set KEY=VALUE";
			return -EINVAL;
		}
		for (i = 1; i < n; i++)
			if (parse_setting(c, &t[i], layout, err))
				return -EINVAL;
		return 0;
	}
	if (tok_is(&t[0], "target"))
		return parse_target(c, t, n, replace, err);
	*err = "unknown keyword (known: fsname, version, default_layout, set, target)";
	return -EINVAL;
}

/**
 * loom_mgs_conf_parse() - apply the text form of a configuration
 * @c: the configuration to change; its fsname and version stay
 * @text: the text, not necessarily NUL-terminated
 * @len: its length
 * @replace: a restore: start from the defaults and no target, so that
 *	the text says everything; else the lines change @c one by one
 * @err: set to a constant message saying what is wrong
 * @line: set to the number of the bad line (from 1), 0 if none
 *
 * On error @c is left half changed: parse into a copy.
 *
 * Return: 0, or -EINVAL with @err and @line set.
 */
int loom_mgs_conf_parse(struct loom_mgs_conf *c, const char *text,
			size_t len, bool replace, const char **err,
			unsigned int *line)
{
	size_t p = 0;

	*line = 0;
	if (len > LOOM_MGS_TEXT_MAX) {
		*err = "configuration text too long";
		return -EINVAL;
	}
	if (replace) {
		char fsname[LOOM_FSNAME_MAX];
		u64 version = c->version;

		memcpy(fsname, c->fsname, sizeof(fsname));
		fsname[LOOM_FSNAME_MAX - 1] = 0;
		loom_mgs_conf_init(c, fsname);
		c->version = version;
	}
	while (p < len) {
		const char *nl = memchr(text + p, '\n', len - p);
		size_t n = nl ? (size_t)(nl - text - p) : len - p;

		(*line)++;
		if (parse_line(c, text + p, n, replace, err))
			return -EINVAL;
		p += n + 1;
	}
	*line = 0;
	return loom_mgs_conf_check(c, err);
}

/* The on-disk record. */

static void disk_tgt(struct loom_disk_mgs_tgt *d, u32 type, u32 index,
		     const struct loomnet_nid *nid)
{
	memset(d, 0, sizeof(*d));
	d->type = cpu_to_le32(type);
	d->index = cpu_to_le32(index);
	d->nid = *nid;
	d->nid.net = (__force __u16)cpu_to_le16(nid->net);
}

/**
 * loom_disk_mgs_encode() - the on-disk record of a configuration
 * @buf: where to write it
 * @size: bytes at @buf, at least %LOOM_DISK_MGS_SLOT suffice
 * @c: the configuration, valid
 *
 * Return: the record's length, or 0 if it does not fit in @size.
 */
u32 loom_disk_mgs_encode(void *buf, size_t size, const struct loom_mgs_conf *c)
{
	struct loom_disk_mgs *h = buf;
	struct loom_disk_mgs_tgt *d = (void *)(h + 1);
	u32 i, nr = 0, len;
	__le32 crc;

	for (i = 0; i < LOOM_MAX_TARGETS; i++)
		nr += c->mdts[i].present + c->osts[i].present;
	len = sizeof(*h) + nr * sizeof(*d) + sizeof(crc);
	if (len > size)
		return 0;
	memset(h, 0, sizeof(*h));
	h->magic = cpu_to_le32(LOOM_DISK_MGS_MAGIC);
	h->version = cpu_to_le16(LOOM_DISK_VERSION);
	h->hdr_len = cpu_to_le16(sizeof(*h));
	h->len = cpu_to_le32(len);
	h->nr_targets = cpu_to_le32(nr);
	h->config_version = cpu_to_le64(c->version);
	memcpy(h->fsname, c->fsname, sizeof(h->fsname));
	h->fsname[sizeof(h->fsname) - 1] = 0;
	h->stripe_size = cpu_to_le32(c->stripe_size);
	h->stripe_count = cpu_to_le16(c->stripe_count);
	h->stripe_offset = cpu_to_le16(c->stripe_offset);
	h->readahead_kb = cpu_to_le32(c->readahead_kb);
	for (i = 0; i < LOOM_MAX_TARGETS; i++)
		if (c->mdts[i].present)
			disk_tgt(d++, LOOM_TGT_MDT, i, &c->mdts[i].nid);
	for (i = 0; i < LOOM_MAX_TARGETS; i++)
		if (c->osts[i].present)
			disk_tgt(d++, LOOM_TGT_OST, i, &c->osts[i].nid);
	crc = cpu_to_le32(loom_disk_crc32c(0, buf, len - sizeof(crc)));
	memcpy((char *)buf + len - sizeof(crc), &crc, sizeof(crc));
	return len;
}

/**
 * loom_disk_mgs_decode() - check and decode an MGS configuration record
 * @buf: a slot's contents
 * @len: bytes at @buf (a slot may hold more than the record)
 * @c: the configuration, filled on success
 *
 * Return: 0; -ENODATA for an empty slot (all zero magic); -EUCLEAN for a
 * wrong magic, version, length, checksum, fsname or value, or a target
 * listed twice.
 */
int loom_disk_mgs_decode(const void *buf, size_t len, struct loom_mgs_conf *c)
{
	const struct loom_disk_mgs *h = buf;
	const struct loom_disk_mgs_tgt *d = (const void *)(h + 1);
	struct loom_mgs_conf_tgt *t;
	const char *err;
	u32 i, nr, rlen;
	__le32 crc;

	if (len < sizeof(*h))
		return -EUCLEAN;
	if (!h->magic)
		return -ENODATA;
	if (le32_to_cpu(h->magic) != LOOM_DISK_MGS_MAGIC ||
	    le16_to_cpu(h->version) != LOOM_DISK_VERSION ||
	    le16_to_cpu(h->hdr_len) != sizeof(*h))
		return -EUCLEAN;
	nr = le32_to_cpu(h->nr_targets);
	rlen = le32_to_cpu(h->len);
	if (nr > 2 * LOOM_MAX_TARGETS ||
	    rlen != sizeof(*h) + nr * sizeof(*d) + sizeof(crc) || rlen > len)
		return -EUCLEAN;
	memcpy(&crc, (const char *)buf + rlen - sizeof(crc), sizeof(crc));
	if (le32_to_cpu(crc) != loom_disk_crc32c(0, buf, rlen - sizeof(crc)))
		return -EUCLEAN;
	if (!memchr(h->fsname, 0, sizeof(h->fsname)) || !h->fsname[0] ||
	    h->reserved[0] || h->reserved[1] || h->reserved[2])
		return -EUCLEAN;

	loom_mgs_conf_init(c, (const char *)h->fsname);
	c->version = le64_to_cpu(h->config_version);
	c->stripe_size = le32_to_cpu(h->stripe_size);
	c->stripe_count = le16_to_cpu(h->stripe_count);
	c->stripe_offset = le16_to_cpu(h->stripe_offset);
	c->readahead_kb = le32_to_cpu(h->readahead_kb);
	if (!c->version || loom_mgs_conf_check(c, &err))
		return -EUCLEAN;
	for (i = 0; i < nr; i++, d++) {
		u32 type = le32_to_cpu(d->type), index = le32_to_cpu(d->index);

		if (index >= LOOM_MAX_TARGETS || d->reserved ||
		    loom_wire_check_nid(&d->nid))
			return -EUCLEAN;
		if (type == LOOM_TGT_MDT)
			t = &c->mdts[index];
		else if (type == LOOM_TGT_OST)
			t = &c->osts[index];
		else
			return -EUCLEAN;
		if (t->present)
			return -EUCLEAN;
		t->present = true;
		t->nid = d->nid;
		t->nid.net = le16_to_cpu((__force __le16)d->nid.net);
	}
	return 0;
}

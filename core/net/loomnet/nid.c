// SPDX-License-Identifier: GPL-2.0
/*
 * loomnet: NID parsing and formatting.
 *
 * Pure functions over bytes: this file builds in the kernel and, with a few
 * shim headers, in userspace for unit tests.  It uses no kernel-only helper.
 *
 * A NID is "ADDR@tcpN": ADDR is an IPv4 dotted quad or an IPv6 address in
 * brackets, N an optional decimal network number (none means 0).
 */
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/export.h>
#include <linux/loomnet.h>

#define NID_LND_NAME	"tcp"
#define NID_NET_MAX	65535

static bool nid_isdigit(char c)
{
	return c >= '0' && c <= '9';
}

static int nid_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decimal without sign or superfluous leading zeros, at most @max. */
static int nid_parse_dec(const char *s, size_t len, unsigned int max,
			 unsigned int *val)
{
	unsigned int v = 0;
	size_t i;

	if (!len || len > 5 || (len > 1 && s[0] == '0'))
		return -EINVAL;
	for (i = 0; i < len; i++) {
		if (!nid_isdigit(s[i]))
			return -EINVAL;
		v = v * 10 + (s[i] - '0');
	}
	if (v > max)
		return -EINVAL;
	*val = v;
	return 0;
}

static int nid_parse_ipv4(const char *s, size_t len, u8 *addr)
{
	unsigned int v;
	size_t start = 0, i;
	int part = 0;

	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != '.')
			continue;
		if (part == 4 || i - start > 3 ||
		    nid_parse_dec(s + start, i - start, 255, &v))
			return -EINVAL;
		addr[part++] = v;
		start = i + 1;
	}
	return part == 4 ? 0 : -EINVAL;
}

static int nid_parse_ipv6(const char *s, size_t len, u8 *addr)
{
	u16 words[8];
	int nw = 0, gap = -1, i;
	size_t pos = 0;

	if (len < 2)
		return -EINVAL;
	if (s[0] == ':') {
		if (s[1] != ':')
			return -EINVAL;
		gap = 0;
		pos = 2;
	}
	while (pos < len) {
		size_t start = pos;
		unsigned int v = 0;

		if (nw == 8)
			return -EINVAL;
		while (pos < len && pos - start < 5 && nid_hexval(s[pos]) >= 0)
			v = (v << 4) | nid_hexval(s[pos++]);
		if (pos < len && s[pos] == '.') {
			/* Embedded IPv4 in the last 32 bits. */
			if (nw > 6)
				return -EINVAL;
			if (nid_parse_ipv4(s + start, len - start,
					   addr + 2 * nw))
				return -EINVAL;
			words[nw] = (addr[2 * nw] << 8) | addr[2 * nw + 1];
			words[nw + 1] = (addr[2 * nw + 2] << 8) |
					addr[2 * nw + 3];
			nw += 2;
			pos = len;
			break;
		}
		if (pos == start || pos - start > 4)
			return -EINVAL;
		words[nw++] = v;
		if (pos == len)
			break;
		if (s[pos] != ':')
			return -EINVAL;
		pos++;
		if (pos < len && s[pos] == ':') {
			if (gap >= 0)
				return -EINVAL;
			gap = nw;
			pos++;
		} else if (pos == len) {
			return -EINVAL;	/* trailing single ':' */
		}
	}
	if (gap < 0 && nw != 8)
		return -EINVAL;
	if (gap >= 0 && nw > 7)
		return -EINVAL;

	memset(addr, 0, 16);
	for (i = 0; i < nw; i++) {
		int w = (gap >= 0 && i >= gap) ? i + 8 - nw : i;

		addr[2 * w] = words[i] >> 8;
		addr[2 * w + 1] = words[i] & 0xff;
	}
	return 0;
}

/**
 * loomnet_nid_parse() - parse the text form of a NID
 * @str: the text, not necessarily NUL-terminated
 * @len: its length in bytes (a terminating NUL must not be counted)
 * @nid: where to store the result; untouched on error
 *
 * Accepts "a.b.c.d@tcp", "a.b.c.d@tcpN" and "[IPv6]@tcp[N]", with N a
 * decimal network number from 0 to 65535 without leading zeros.
 *
 * Return: 0, or -EINVAL for anything else (including @len of zero or at
 * least %LOOMNET_NIDSTR_SIZE).
 */
int loomnet_nid_parse(const char *str, size_t len, struct loomnet_nid *nid)
{
	struct loomnet_nid n;
	const char *at = NULL, *lnd;
	size_t alen, llen, i;
	unsigned int netnum = 0;

	if (!str || !len || len >= LOOMNET_NIDSTR_SIZE)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		if (str[i] == '@') {
			if (at)
				return -EINVAL;
			at = str + i;
		} else if (str[i] <= ' ' || str[i] > '~') {
			return -EINVAL;
		}
	}
	if (!at)
		return -EINVAL;
	alen = at - str;
	lnd = at + 1;
	llen = len - alen - 1;

	if (llen < sizeof(NID_LND_NAME) - 1 ||
	    memcmp(lnd, NID_LND_NAME, sizeof(NID_LND_NAME) - 1))
		return -EINVAL;
	if (llen > sizeof(NID_LND_NAME) - 1 &&
	    nid_parse_dec(lnd + sizeof(NID_LND_NAME) - 1,
			  llen - (sizeof(NID_LND_NAME) - 1), NID_NET_MAX,
			  &netnum))
		return -EINVAL;

	memset(&n, 0, sizeof(n));
	n.lnd = LOOMNET_LND_TCP;
	n.net = netnum;
	if (alen >= 2 && str[0] == '[' && str[alen - 1] == ']') {
		if (nid_parse_ipv6(str + 1, alen - 2, n.addr))
			return -EINVAL;
		n.family = LOOMNET_AF_INET6;
	} else {
		if (nid_parse_ipv4(str, alen, n.addr))
			return -EINVAL;
		n.family = LOOMNET_AF_INET;
	}
	*nid = n;
	return 0;
}
EXPORT_SYMBOL_GPL(loomnet_nid_parse);

static size_t nid_put_dec(char *p, unsigned int v)
{
	char tmp[10];
	size_t n = 0, i;

	do {
		tmp[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		p[i] = tmp[n - 1 - i];
	return n;
}

static size_t nid_put_ipv4(char *p, const u8 *a)
{
	size_t n = 0;
	int i;

	for (i = 0; i < 4; i++) {
		if (i)
			p[n++] = '.';
		n += nid_put_dec(p + n, a[i]);
	}
	return n;
}

static size_t nid_put_hex(char *p, unsigned int v)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;
	int shift;
	bool started = false;

	for (shift = 12; shift >= 0; shift -= 4) {
		unsigned int d = (v >> shift) & 0xf;

		if (d || started || !shift) {
			p[n++] = hex[d];
			started = true;
		}
	}
	return n;
}

/* RFC 5952: lower case, no leading zeros, longest zero run as "::". */
static size_t nid_put_ipv6(char *p, const u8 *a)
{
	static const u8 mapped[12] = { [10] = 0xff, [11] = 0xff };
	int best = -1, bestlen = 1, i, run;
	size_t n = 0;
	u16 w[8];

	for (i = 0; i < 8; i++)
		w[i] = (a[2 * i] << 8) | a[2 * i + 1];

	if (!memcmp(a, mapped, sizeof(mapped))) {
		memcpy(p, "::ffff:", 7);
		return 7 + nid_put_ipv4(p + 7, a + 12);
	}

	for (i = 0; i < 8; i += run ? run : 1) {
		for (run = 0; i + run < 8 && !w[i + run]; run++)
			;
		if (run > bestlen) {
			best = i;
			bestlen = run;
		}
	}

	for (i = 0; i < 8; i++) {
		if (i == best) {
			p[n++] = ':';
			p[n++] = ':';
			i += bestlen - 1;
			continue;
		}
		if (i && i != best + bestlen)
			p[n++] = ':';
		n += nid_put_hex(p + n, w[i]);
	}
	return n;
}

/**
 * loomnet_nid_format() - format a NID as text
 * @nid: the NID
 * @buf: destination, NUL-terminated on success
 * @size: size of @buf; %LOOMNET_NIDSTR_SIZE always suffices
 *
 * Return: the length of the string (without NUL), -EINVAL for a NID of an
 * unknown family or driver, or -ENOSPC if @buf is too small (then @buf holds
 * an empty string if @size is not zero).
 */
int loomnet_nid_format(const struct loomnet_nid *nid, char *buf, size_t size)
{
	char tmp[LOOMNET_NIDSTR_SIZE];
	size_t n = 0;

	if (nid->lnd != LOOMNET_LND_TCP)
		return -EINVAL;
	switch (nid->family) {
	case LOOMNET_AF_INET:
		n = nid_put_ipv4(tmp, nid->addr);
		break;
	case LOOMNET_AF_INET6:
		tmp[n++] = '[';
		n += nid_put_ipv6(tmp + n, nid->addr);
		tmp[n++] = ']';
		break;
	default:
		return -EINVAL;
	}
	tmp[n++] = '@';
	memcpy(tmp + n, NID_LND_NAME, sizeof(NID_LND_NAME) - 1);
	n += sizeof(NID_LND_NAME) - 1;
	if (nid->net)
		n += nid_put_dec(tmp + n, nid->net);
	tmp[n] = '\0';

	if (n >= size) {
		if (size)
			buf[0] = '\0';
		return -ENOSPC;
	}
	memcpy(buf, tmp, n + 1);
	return n;
}
EXPORT_SYMBOL_GPL(loomnet_nid_format);

/**
 * loomnet_nid_equal() - compare two NIDs
 * @a: a NID
 * @b: another NID
 *
 * Return: true if both name the same address on the same network.
 */
bool loomnet_nid_equal(const struct loomnet_nid *a, const struct loomnet_nid *b)
{
	return a->family == b->family && a->lnd == b->lnd &&
	       a->net == b->net && !memcmp(a->addr, b->addr, sizeof(a->addr));
}
EXPORT_SYMBOL_GPL(loomnet_nid_equal);

/**
 * loomnet_nid_hash() - hash a NID
 * @nid: the NID
 *
 * Return: a 32-bit hash (FNV-1a) of all fields, stable across hosts.
 */
u32 loomnet_nid_hash(const struct loomnet_nid *nid)
{
	u32 h = 2166136261u;
	size_t i;

	h = (h ^ nid->family) * 16777619u;
	h = (h ^ nid->lnd) * 16777619u;
	h = (h ^ (nid->net & 0xff)) * 16777619u;
	h = (h ^ (nid->net >> 8)) * 16777619u;
	for (i = 0; i < sizeof(nid->addr); i++)
		h = (h ^ nid->addr[i]) * 16777619u;
	return h;
}
EXPORT_SYMBOL_GPL(loomnet_nid_hash);

// SPDX-License-Identifier: GPL-2.0
/*
 * nl: a tiny dependency-free generic netlink client.  See nl.h.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "nl.h"

#define NL_BUFSIZE	(64 * 1024)

struct nl_sock {
	int fd;
	int family;
	uint32_t seq;
	char errmsg[256];
	char *buf;
};

struct nl_msg {
	char *data;
	size_t len, cap;
};

struct nl_msg *nl_msg_new(void)
{
	return calloc(1, sizeof(struct nl_msg));
}

void nl_msg_free(struct nl_msg *m)
{
	if (m) {
		free(m->data);
		free(m);
	}
}

int nl_put(struct nl_msg *m, uint16_t type, const void *data, size_t len)
{
	size_t need = NLA_ALIGN(NLA_HDRLEN + len);
	struct nlattr *nla;

	if (NLA_HDRLEN + len > 0xffff)
		return -EMSGSIZE;
	if (m->len + need > m->cap) {
		size_t cap = (m->cap ? m->cap * 2 : 256) + need;
		char *p = realloc(m->data, cap);

		if (!p)
			return -ENOMEM;
		m->data = p;
		m->cap = cap;
	}
	nla = (struct nlattr *)(m->data + m->len);
	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	memcpy((char *)nla + NLA_HDRLEN, data, len);
	memset((char *)nla + NLA_HDRLEN + len, 0, need - NLA_HDRLEN - len);
	m->len += need;
	return 0;
}

int nl_put_str(struct nl_msg *m, uint16_t type, const char *str)
{
	return nl_put(m, type, str, strlen(str) + 1);
}

int nl_put_u32(struct nl_msg *m, uint16_t type, uint32_t val)
{
	return nl_put(m, type, &val, sizeof(val));
}

int nl_put_u64(struct nl_msg *m, uint16_t type, uint64_t val)
{
	return nl_put(m, type, &val, sizeof(val));
}

static const struct nlattr *nl_attr(const struct nl_attrs *a, int type)
{
	return type >= 0 && type <= a->max ? a->tb[type] : NULL;
}

const char *nl_get_str(const struct nl_attrs *a, int type)
{
	const struct nlattr *nla = nl_attr(a, type);
	size_t len;

	if (!nla)
		return NULL;
	len = nla->nla_len - NLA_HDRLEN;
	if (!len || ((const char *)nla + NLA_HDRLEN)[len - 1])
		return NULL;
	return (const char *)nla + NLA_HDRLEN;
}

uint32_t nl_get_u32(const struct nl_attrs *a, int type, uint32_t def)
{
	const struct nlattr *nla = nl_attr(a, type);
	uint32_t v;

	if (!nla || nla->nla_len < NLA_HDRLEN + sizeof(v))
		return def;
	memcpy(&v, (const char *)nla + NLA_HDRLEN, sizeof(v));
	return v;
}

uint64_t nl_get_u64(const struct nl_attrs *a, int type, uint64_t def)
{
	const struct nlattr *nla = nl_attr(a, type);
	uint64_t v;

	if (!nla || nla->nla_len < NLA_HDRLEN + sizeof(v))
		return def;
	memcpy(&v, (const char *)nla + NLA_HDRLEN, sizeof(v));
	return v;
}

const char *nl_errmsg(const struct nl_sock *s)
{
	return s->errmsg;
}

int nl_family_id(const struct nl_sock *s)
{
	return s->family;
}

/* Parse the attributes in [data, data + len) into tb[0..max]. */
static void nl_parse(const char *data, size_t len, const struct nlattr **tb,
		     int max)
{
	memset(tb, 0, (max + 1) * sizeof(*tb));
	while (len >= NLA_HDRLEN) {
		const struct nlattr *nla = (const struct nlattr *)data;
		int type = nla->nla_type & NLA_TYPE_MASK;

		if (nla->nla_len < NLA_HDRLEN || nla->nla_len > len)
			break;
		if (type <= max)
			tb[type] = nla;
		if ((size_t)NLA_ALIGN(nla->nla_len) >= len)
			break;
		len -= NLA_ALIGN(nla->nla_len);
		data += NLA_ALIGN(nla->nla_len);
	}
}

/* The extended ack message after an error, if the kernel sent one. */
static void nl_parse_ext_ack(struct nl_sock *s, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = NLMSG_DATA(nlh);
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = sizeof(*nlh) + sizeof(*err);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - sizeof(err->msg);
	if (off > nlh->nlmsg_len)
		return;
	nl_parse((const char *)nlh + NLMSG_ALIGN(off),
		 nlh->nlmsg_len - NLMSG_ALIGN(off), tb, NLMSGERR_ATTR_MAX);
	if (tb[NLMSGERR_ATTR_MSG]) {
		size_t len = tb[NLMSGERR_ATTR_MSG]->nla_len - NLA_HDRLEN;

		if (len >= sizeof(s->errmsg))
			len = sizeof(s->errmsg) - 1;
		memcpy(s->errmsg, (const char *)tb[NLMSGERR_ATTR_MSG] +
		       NLA_HDRLEN, len);
		s->errmsg[len] = '\0';
	}
}

static int nl_send(struct nl_sock *s, uint16_t type, uint8_t cmd,
		   uint16_t flags, const struct nl_msg *m)
{
	size_t alen = m ? m->len : 0;
	size_t len = NLMSG_HDRLEN + GENL_HDRLEN + alen;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	char *buf;
	ssize_t ret;

	buf = calloc(1, len);
	if (!buf)
		return -ENOMEM;
	nlh = (struct nlmsghdr *)buf;
	nlh->nlmsg_len = len;
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++s->seq;
	g = NLMSG_DATA(nlh);
	g->cmd = cmd;
	g->version = 1;
	if (alen)
		memcpy(buf + NLMSG_HDRLEN + GENL_HDRLEN, m->data, alen);
	ret = sendto(s->fd, buf, len, 0, (struct sockaddr *)&sa, sizeof(sa));
	free(buf);
	if (ret < 0)
		return -errno;
	return ret == (ssize_t)len ? 0 : -EIO;
}

static int nl_recv(struct nl_sock *s, int maxattr, nl_cb cb, void *arg)
{
	const struct nlattr **tb;
	int ret = 0;
	bool done = false;

	tb = calloc(maxattr + 1, sizeof(*tb));
	if (!tb)
		return -ENOMEM;
	while (!done) {
		ssize_t n = recv(s->fd, s->buf, NL_BUFSIZE, 0);
		struct nlmsghdr *nlh;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		for (nlh = (struct nlmsghdr *)s->buf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != s->seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nlh);

				if (e->error && !ret) {
					ret = e->error;
					nl_parse_ext_ack(s, nlh);
				}
				done = true;
				break;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				/* A dump's end, carrying its error. */
				int err = 0;

				if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(err)))
					memcpy(&err, NLMSG_DATA(nlh),
					       sizeof(err));
				if (err && !ret)
					ret = err;
				done = true;
				break;
			}
			if (cb && !ret) {
				const struct genlmsghdr *g = NLMSG_DATA(nlh);
				struct nl_attrs a = {
					.max = maxattr, .tb = tb, .cmd = g->cmd,
				};

				nl_parse((const char *)g + GENL_HDRLEN,
					 nlh->nlmsg_len - NLMSG_HDRLEN -
					 GENL_HDRLEN, tb, maxattr);
				ret = cb(&a, arg);
			}
		}
	}
	free(tb);
	return ret;
}

int nl_request(struct nl_sock *s, uint8_t cmd, uint16_t flags,
	       const struct nl_msg *m, int maxattr, nl_cb cb, void *arg)
{
	int ret;

	s->errmsg[0] = '\0';
	ret = nl_send(s, s->family, cmd, flags, m);
	if (ret)
		return ret;
	return nl_recv(s, maxattr, cb, arg);
}

static int nl_family_cb(const struct nl_attrs *a, void *arg)
{
	const struct nlattr *nla = a->tb[CTRL_ATTR_FAMILY_ID];
	uint16_t id;

	/* A u16, the only non-u32/u64 integer attribute we read. */
	if (nla && nla->nla_len >= NLA_HDRLEN + sizeof(id)) {
		memcpy(&id, (const char *)nla + NLA_HDRLEN, sizeof(id));
		*(int *)arg = id;
	}
	return 0;
}

struct nl_sock *nl_open(const char *family)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct nl_msg *m = NULL;
	struct nl_sock *s;
	int one = 1, id = 0, ret;

	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->buf = malloc(NL_BUFSIZE);
	s->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (!s->buf || s->fd < 0)
		goto err;
	setsockopt(s->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(s->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	if (bind(s->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		goto err;

	m = nl_msg_new();
	if (!m || nl_put_str(m, CTRL_ATTR_FAMILY_NAME, family))
		goto err;
	s->family = GENL_ID_CTRL;
	ret = nl_request(s, CTRL_CMD_GETFAMILY, 0, m, CTRL_ATTR_MAX,
			 nl_family_cb, &id);
	nl_msg_free(m);
	m = NULL;
	if (ret < 0 || !id) {
		errno = ret < 0 ? -ret : ENOENT;
		goto err;
	}
	s->family = id;
	return s;
err:
	ret = errno;
	nl_msg_free(m);
	nl_close(s);
	errno = ret;
	return NULL;
}

void nl_close(struct nl_sock *s)
{
	if (!s)
		return;
	if (s->fd >= 0)
		close(s->fd);
	free(s->buf);
	free(s);
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nl: a tiny dependency-free generic netlink client.
 *
 *	struct nl_sock *s = nl_open("loomnet");
 *	struct nl_msg *m = nl_msg_new();
 *	nl_put_str(m, LOOMNET_A_NID, "10.0.0.1@tcp");
 *	ret = nl_request(s, LOOMNET_CMD_NI_ADD, 0, m, NULL, NULL);
 *	if (ret < 0)
 *		fprintf(stderr, "%s: %s\n", strerror(-ret), nl_errmsg(s));
 *
 * Dumps: pass NLM_F_DUMP and a callback, called once per reply message.
 */
#ifndef LOOM_NL_H
#define LOOM_NL_H

#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>

struct nl_sock;
struct nl_msg;

/* Attributes of one reply message, indexed by type (NULL if absent). */
struct nl_attrs {
	int max;
	const struct nlattr **tb;
	uint8_t cmd;
};

typedef int (*nl_cb)(const struct nl_attrs *attrs, void *arg);

struct nl_sock *nl_open(const char *family);
void nl_close(struct nl_sock *s);
/* Extended ack message of the last failed request, or "". */
const char *nl_errmsg(const struct nl_sock *s);
int nl_family_id(const struct nl_sock *s);

struct nl_msg *nl_msg_new(void);
void nl_msg_free(struct nl_msg *m);
int nl_put(struct nl_msg *m, uint16_t type, const void *data, size_t len);
int nl_put_str(struct nl_msg *m, uint16_t type, const char *str);
int nl_put_u32(struct nl_msg *m, uint16_t type, uint32_t val);
int nl_put_u64(struct nl_msg *m, uint16_t type, uint64_t val);

/*
 * Send @cmd with the attributes of @m (may be NULL; not freed), with
 * NLM_F_REQUEST | NLM_F_ACK | @flags, and wait for the answer; @cb (may be
 * NULL) is called for each reply message with attributes up to @maxattr.
 * A non-zero return of @cb stops and is returned.
 * Return: 0 or a negative errno (the kernel's, see nl_errmsg()).
 */
int nl_request(struct nl_sock *s, uint8_t cmd, uint16_t flags,
	       const struct nl_msg *m, int maxattr, nl_cb cb, void *arg);

const char *nl_get_str(const struct nl_attrs *a, int type);
uint32_t nl_get_u32(const struct nl_attrs *a, int type, uint32_t def);
uint64_t nl_get_u64(const struct nl_attrs *a, int type, uint64_t def);

#endif

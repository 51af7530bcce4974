// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: netlink_fmt_msg
 * NL_SET_ERR_MSG_FMT() formats an extack message into the extack itself
 * (upstream 6.3, "netlink: add support for formatted extack messages").
 */
#include <linux/netlink.h>

void probe(struct netlink_ext_ack *extack, const char *s);
void probe(struct netlink_ext_ack *extack, const char *s)
{
	NL_SET_ERR_MSG_FMT(extack, "probe %s", s);
}

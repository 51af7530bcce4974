// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: nla_strscpy
 * nla_strscpy() copies a string attribute, -E2BIG on truncation
 * (upstream 5.11; nla_strlcpy() before).
 */
#include <net/netlink.h>

ssize_t probe(char *d, const struct nlattr *a);
ssize_t probe(char *d, const struct nlattr *a)
{
	return nla_strscpy(d, a, 8);
}

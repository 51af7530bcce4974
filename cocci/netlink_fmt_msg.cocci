// SPDX-License-Identifier: GPL-2.0
// Feature: netlink_fmt_msg
// Upstream change: 6.3 ("netlink: add support for
//   formatted extack messages") added NL_SET_ERR_MSG_FMT() and
//   NL_SET_ERR_MSG_FMT_MOD(), which format into a buffer inside
//   struct netlink_ext_ack.
// Inverse: older kernels can only point the extack at a constant string:
//   report the format with its conversions replaced by "..." and log the
//   formatted message, rate limited.
// Probe: compat/probes/netlink_fmt_msg.c
@r@
expression E;
constant char[] F;
expression list ES;
@@
(
NL_SET_ERR_MSG_FMT(E, F, ES)
|
NL_SET_ERR_MSG_FMT_MOD(E, F, ES)
)

@script:python s@
f << r.F;
m;
@@
import re
coccinelle.m = cocci.make_expr(re.sub(r'%[-+ #0]*[0-9*]*(\.[0-9*]+)?(hh|h|ll|l|z|t|j)?[a-zA-Z]', '...', f))

@@
expression r.E;
constant char[] r.F;
expression list r.ES;
expression s.m;
@@
(
- NL_SET_ERR_MSG_FMT(E, F, ES);
+ NL_SET_ERR_MSG(E, m);
+ net_info_ratelimited(F, ES);
|
- NL_SET_ERR_MSG_FMT_MOD(E, F, ES);
+ NL_SET_ERR_MSG_MOD(E, m);
+ net_info_ratelimited(F, ES);
)

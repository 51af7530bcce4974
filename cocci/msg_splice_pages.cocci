// SPDX-License-Identifier: GPL-2.0
// Feature: msg_splice_pages
// Upstream change: 6.5 ("net: Declare MSG_SPLICE_PAGES internal
//   sendmsg() flag", commit b841b901c452) lets sock_sendmsg() splice the
//   pages of a bvec iterator into the socket instead of copying them; it
//   replaced kernel_sendpage().  Debian's 6.1 defines the flag (through
//   the stable series) but its TCP ignores it and copies.
// Inverse: without the flag sock_sendmsg() copies the bvec's pages, as
//   6.1's TCP does: drop the flag, and a condition that only chose it.
// Probe: compat/probes/msg_splice_pages.c
@@
expression M, C;
@@
- if (C)
-	M |= MSG_SPLICE_PAGES;

@@
expression M;
@@
- M |= MSG_SPLICE_PAGES;

@@
expression E;
@@
(
- E | MSG_SPLICE_PAGES
+ E
|
- MSG_SPLICE_PAGES | E
+ E
)

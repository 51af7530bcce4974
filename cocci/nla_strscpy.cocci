// SPDX-License-Identifier: GPL-2.0
// Feature: nla_strscpy
// Upstream change: 5.11 ("netlink: rename nla_strlcpy to match
//   strscpy() and return values", commit 872f690341948) turned
//   nla_strlcpy(), which returned the attribute's string length, into
//   nla_strscpy(), which returns the length copied or -E2BIG when it
//   had to truncate.
// Inverse: nla_strlcpy(); where the result is used, -E2BIG when the length it reports does
//   not fit the buffer (the size is evaluated twice: it is a constant or
//   a sizeof at every call).
// Probe: compat/probes/nla_strscpy.c
@@
expression D, A, N;
@@
- nla_strscpy(D, A, N);
+ nla_strlcpy(D, A, N);

@@
expression D, A, N;
@@
- nla_strscpy(D, A, N)
+ (nla_strlcpy(D, A, N) >= (N) ? -E2BIG : 0)

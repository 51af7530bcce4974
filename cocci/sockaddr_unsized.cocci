// SPDX-License-Identifier: GPL-2.0
// Feature: sockaddr_unsized
// Upstream change: 6.19 made kernel_bind(), kernel_connect() and the
//   proto_ops ->bind/->connect methods take a struct sockaddr_unsized *,
//   a type that carries no size claim, instead of a struct sockaddr *.
// Inverse: use struct sockaddr again, wherever the type is named.
// Probe: compat/probes/sockaddr_unsized.c
@@
@@
- struct sockaddr_unsized
+ struct sockaddr

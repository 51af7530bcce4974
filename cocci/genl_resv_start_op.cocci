// SPDX-License-Identifier: GPL-2.0
// Feature: genl_resv_start_op
// Upstream change: 6.1 ("genetlink: start to validate reserved header
//   bytes", commit 9c5d03d36251) added struct genl_family.resv_start_op:
//   commands from that number on get their reserved header bytes checked,
//   and a command without a policy rejects every attribute.
// Inverse: older kernels have no such field: drop the initializer.  They
//   validate attributes strictly by default already (a genl_small_ops
//   entry opts out with GENL_DONT_VALIDATE_STRICT, which Loom never does).
// Probe: compat/probes/genl_resv_start_op.c
@@
identifier F;
expression E;
@@
struct genl_family F = {
	...,
-	.resv_start_op = E,
	...
};

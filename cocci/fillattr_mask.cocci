// SPDX-License-Identifier: GPL-2.0
// Feature: fillattr_mask
// Upstream change: 6.6 ("fs: pass the request_mask to
//   generic_fillattr") added the statx request mask as the second
//   argument of generic_fillattr().
// Inverse: drop the mask.
// Probe: compat/probes/fillattr_mask.c
@@
expression I, M, N, S;
@@
- generic_fillattr(I, M, N, S)
+ generic_fillattr(I, N, S)

// SPDX-License-Identifier: GPL-2.0
// Feature: xattr_handlers_const
// Upstream change: 6.7 ("fs: make s_xattr const", the const xattr tables
//   series) made super_block->s_xattr a const struct xattr_handler *
//   const *, so a filesystem's table of handlers can be const itself.
// Inverse: the table's pointers are not const (s_xattr is
//   const struct xattr_handler **).
// Probe: compat/probes/xattr_handlers_const.c
@@
identifier h;
initializer list I;
@@
- const struct xattr_handler * const h[] = { I };
+ const struct xattr_handler *h[] = { I };

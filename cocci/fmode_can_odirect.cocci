// SPDX-License-Identifier: GPL-2.0
// Feature: fmode_can_odirect
// Upstream change: 5.19 (NeilBrown, "VFS: add FMODE_CAN_ODIRECT file
//   flag"; the version is recalled, not checked here): open() with
//   O_DIRECT succeeds when ->open set FMODE_CAN_ODIRECT in f_mode,
//   instead of when the address_space_operations have ->direct_IO.
// Inverse: drop the flag and give every address_space_operations
//   that lacks one the ->direct_IO that does nothing, noop_direct_IO():
//   the old open() only checks that it exists; Loom's ->read_iter and
//   ->write_iter do O_DIRECT themselves.
// Probe: compat/probes/fmode_can_odirect.c
@@
expression F;
@@
- F->f_mode |= FMODE_CAN_ODIRECT;

@has_dio@
identifier A;
expression D;
@@
const struct address_space_operations A = {
	...,
	.direct_IO = D,
	...
};

@depends on !has_dio@
identifier A;
@@
const struct address_space_operations A = {
	...,
+	.direct_IO = noop_direct_IO,
};

// SPDX-License-Identifier: GPL-2.0
// Feature: write_begin_flags
// Upstream change: 5.19 ("fs: Remove flags parameter from
//   aops->write_begin", with "fs: Remove aop flags parameter from
//   grab_cache_page_write_begin()") dropped the unsigned int flags
//   (AOP_FLAG_NOFS, no longer set by anyone) that ->write_begin took
//   between len and pagep.
// Inverse: take the flags again, and ignore them, as 5.19 does: the
//   callers that set AOP_FLAG_NOFS run under memalloc_nofs_save().
// Probe: compat/probes/write_begin_flags.c
@ops@
identifier aops, wb;
@@
struct address_space_operations aops = {
	.write_begin = wb,
};

@@
identifier ops.wb, f, mapping, pos, len, pagep, fsdata;
type T0;
@@
 int wb(T0 f, struct address_space *mapping, loff_t pos, unsigned int len,
+	unsigned int flags,
	struct page **pagep, void **fsdata) {...}

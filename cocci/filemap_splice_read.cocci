// SPDX-License-Identifier: GPL-2.0
// Feature: filemap_splice_read
// Upstream change: 6.5 ("splice: Make filemap_splice_read() check
//   s_maxbytes", "fs: Rename generic_file_splice_read()...") added
//   filemap_splice_read(), splicing straight from the page cache, and
//   removed generic_file_splice_read().
// Inverse: ->splice_read = generic_file_splice_read, which reads the
//   page cache through ->read_iter.
// Probe: compat/probes/filemap_splice_read.c
@@
identifier fops;
@@
struct file_operations fops = {
-	.splice_read = filemap_splice_read,
+	.splice_read = generic_file_splice_read,
};

@@
expression file, ppos, pipe, len, flags;
@@
- filemap_splice_read(file, ppos, pipe, len, flags)
+ generic_file_splice_read(file, ppos, pipe, len, flags)

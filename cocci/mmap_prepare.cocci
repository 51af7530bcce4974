// SPDX-License-Identifier: GPL-2.0
// Feature: mmap_prepare
// Upstream change: 6.17 added generic_file_mmap_prepare() for the
//   file_operations ->mmap_prepare hook (6.16), which replaces ->mmap
//   (deprecated; a file may not have both).
// Inverse: ->mmap = generic_file_mmap, which does the same for the page
//   cache: generic_file_vm_ops and an accessed file.
// Probe: compat/probes/mmap_prepare.c
@@
identifier fops;
@@
struct file_operations fops = {
-	.mmap_prepare = generic_file_mmap_prepare,
+	.mmap = generic_file_mmap,
};

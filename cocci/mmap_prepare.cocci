// SPDX-License-Identifier: GPL-2.0
// Feature: mmap_prepare
// Upstream change: 6.17 added generic_file_mmap_prepare() for the
//   file_operations ->mmap_prepare hook (6.16), which replaces ->mmap
//   (deprecated; a file may not have both).
// Inverse: ->mmap = generic_file_mmap, which does the same for the page
//   cache: generic_file_vm_ops and an accessed file.  A filesystem's own
//   ->mmap_prepare becomes its ->mmap: desc->file and desc->vm_ops become
//   the file and vma->vm_ops.
// Probe: compat/probes/mmap_prepare.c
@@
identifier fops;
@@
struct file_operations fops = {
-	.mmap_prepare = generic_file_mmap_prepare,
+	.mmap = generic_file_mmap,
};

// A filesystem's own ->mmap_prepare becomes an ->mmap.
@mp@
identifier fops, fn;
@@
struct file_operations fops = {
-	.mmap_prepare = fn,
+	.mmap = fn,
};

@depends on mp@
identifier mp.fn, desc;
@@
 int fn(
-	struct vm_area_desc *desc
+	struct file *file, struct vm_area_struct *vma
 )
 {
 <...
(
- generic_file_mmap_prepare(desc)
+ generic_file_mmap(file, vma)
|
- desc->file
+ file
|
- desc->vm_ops
+ vma->vm_ops
)
 ...>
 }

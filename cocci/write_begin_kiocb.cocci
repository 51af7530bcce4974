// SPDX-License-Identifier: GPL-2.0
// Feature: write_begin_kiocb
// Upstream change: 6.17 ("fs: change write_begin/write_end interface to
//   take struct kiocb *") made address_space_operations ->write_begin and
//   ->write_end take a const struct kiocb * instead of a struct file *.
// Inverse: take the struct file * again; what used the kiocb's file uses
//   the file.
// Probe: compat/probes/write_begin_kiocb.c
@ops@
identifier aops, wb, we;
@@
struct address_space_operations aops = {
	.write_begin = wb,
	.write_end = we,
};

@kio@
identifier fn = {ops.wb, ops.we};
identifier iocb;
@@
 fn(
- const struct kiocb *iocb
+ struct file *file
  , ...) {...}

@@
identifier kio.fn, kio.iocb;
@@
 fn(...) {
 <...
- iocb->ki_filp
+ file
 ...>
 }

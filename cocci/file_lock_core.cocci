// SPDX-License-Identifier: GPL-2.0
// Feature: file_lock_core
// Upstream change: 6.9 ("filelock: split common fields into struct
//   file_lock_core") moved the fields file locks and leases share into
//   fl->c (c.flc_type, c.flc_flags, c.flc_owner, c.flc_pid) and added
//   lock_is_unlock(), lock_is_read() and lock_is_write(); 6.3
//   ("filelock: split file locking declarations out of fs.h") had moved
//   the declarations to <linux/filelock.h>, which fs.h still includes up
//   to 6.8.
// Inverse: the fields are fl->fl_type, fl_flags, fl_owner and fl_pid;
//   the predicates compare fl_type; the declarations come with fs.h (the
//   include goes, fs.h being included wherever file locks are used).
// Probe: compat/probes/file_lock_core.c
@@
@@
- #include <linux/filelock.h>

@@
expression E;
@@
(
- E->c.flc_type
+ E->fl_type
|
- E->c.flc_flags
+ E->fl_flags
|
- E->c.flc_owner
+ E->fl_owner
|
- E->c.flc_pid
+ E->fl_pid
)

@@
expression E;
@@
(
- lock_is_unlock(E)
+ (E->fl_type == F_UNLCK)
|
- lock_is_write(E)
+ (E->fl_type == F_WRLCK)
|
- lock_is_read(E)
+ (E->fl_type == F_RDLCK)
)

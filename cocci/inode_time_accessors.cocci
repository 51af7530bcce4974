// SPDX-License-Identifier: GPL-2.0
// Feature: inode_time_accessors
// Upstream change: 6.7 ("fs: new accessor methods for
//   atime and mtime", and the conversions after it) hid inode->i_atime and
//   i_mtime behind inode_get_mtime(), inode_set_mtime_to_ts() and
//   friends.  (The ctime accessors came in 6.6 and were backported to the
//   5.10 and 6.1 stable series, so they stay.)
// Inverse: use the fields.
// Probe: compat/probes/inode_time_accessors.c
@@
expression I, T;
@@
(
- inode_set_mtime_to_ts(I, T)
+ I->i_mtime = T
|
- inode_set_atime_to_ts(I, T)
+ I->i_atime = T
)

@@
expression I, S, N;
@@
(
- inode_set_mtime(I, S, N)
+ I->i_mtime = (struct timespec64){ .tv_sec = S, .tv_nsec = N }
|
- inode_set_atime(I, S, N)
+ I->i_atime = (struct timespec64){ .tv_sec = S, .tv_nsec = N }
)

@@
expression I;
@@
(
- inode_get_mtime(I)
+ I->i_mtime
|
- inode_get_atime(I)
+ I->i_atime
|
- inode_get_mtime_sec(I)
+ I->i_mtime.tv_sec
|
- inode_get_atime_sec(I)
+ I->i_atime.tv_sec
|
- inode_get_mtime_nsec(I)
+ I->i_mtime.tv_nsec
|
- inode_get_atime_nsec(I)
+ I->i_atime.tv_nsec
)

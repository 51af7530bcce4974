# loom-timeout: 500
# loom-kmods: loop ext4 xfs
# loom-bins: mkfs.ext4:e2fsprogs mkfs.xfs:xfsprogs xfs_io:xfsprogs setfattr:attr getfattr:attr
# Persistent targets on xfs: persist.sh with an xfs backing filesystem.
LOOM_FS=xfs
. /scenarios/persist.sh

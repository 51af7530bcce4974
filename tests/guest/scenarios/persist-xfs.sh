# loom-timeout: 500
# loom-kmods: loop ext4 xfs
# loom-bins: /usr/sbin/mkfs.ext4 /usr/sbin/mkfs.xfs /usr/sbin/xfs_io /usr/bin/setfattr /usr/bin/getfattr
# Persistent targets on xfs: persist.sh with an xfs backing filesystem.
LOOM_FS=xfs
. /scenarios/persist.sh

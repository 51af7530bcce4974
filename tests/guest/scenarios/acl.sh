# loom-timeout: 300
# loom-bins: setfacl:acl getfacl:acl setfattr:attr getfattr:attr
# POSIX ACLs: set, get and remove; the mask; chmod and ACLs changing each
# other; default ACLs inherited by new files and directories, the umask
# ignored then; permission checks for other uids by named users and
# groups; what one mount sets another sees and enforces; malformed ACL
# values refused with EINVAL; a noacl mount ignores ACLs and applies the
# umask.
. "$LOOM_LIB"

SRV=10.1.0.1@tcp; CLI=10.1.0.2@tcp
A=/mnt/a; B=/mnt/b; N=/mnt/n
IOT=loom-iotest

netns_pair srv cli
load_loom
require "server NI" in_ns srv loomctl net add "$SRV"
require "client NI" in_ns cli loomctl net add "$CLI"
require "start MGS" in_ns srv loomctl mgs start acl
require "start MDT0" in_ns srv loomctl mdt start acl 0 --mgs "$SRV"
require "start OST0" in_ns srv loomctl ost start acl 0 --mgs "$SRV"
mkdir -p $A $B $N
require "mount A" in_ns cli mount -t loom "$SRV:/acl" $A
require "mount B (-o acl)" in_ns cli mount -t loom -o acl "$SRV:/acl" $B
require "mount N (-o noacl)" in_ns cli mount -t loom -o noacl "$SRV:/acl" $N
on_exit "umount $N 2>/dev/null; umount $B 2>/dev/null; umount $A 2>/dev/null; true"

as() { u=$1; g=$2; shift 2; $IOT runas "$u" "$g" "$@"; }
acl() { getfacl -n -c "$@" 2>/dev/null; }		# entries only
has() { acl "$1" | grep -Eqx "$2"; }	# an entry line (ERE)
E='[[:space:]]+#effective:'			# getfacl's comment
mode() { test "$(stat -c %a "$1")" = "$2"; }
einval() { "$@" 2>&1 | grep -q "Invalid argument"; }

check "the root is searchable by all" chmod 755 $A
check "a file, mode 640" sh -c "echo data > $A/f && chmod 640 $A/f"
check "no ACL: three entries" sh -c "test \$(getfacl -n -c $A/f | grep -c .) = 3"
check_fails "uid 1000 cannot read it" as 1000 1000 cat $A/f

# set, mask, permission for a named user
check "setfacl -m u:1000:rw" setfacl -m u:1000:rw $A/f
check "getfacl shows the entry" has $A/f "user:1000:rw-"
check "and a mask rw-" has $A/f "mask::rw-"
check "the group bits are the mask: mode 660" mode $A/f 660
check "uid 1000 reads" as 1000 1000 cat $A/f
check "uid 1000 writes" as 1000 1000 sh -c "echo more >> $A/f"
check_fails "uid 1001 still cannot read" as 1001 1001 cat $A/f
check "the second mount sees the entry" has $B/f "user:1000:rw-"
check "and enforces it" as 1000 1000 cat $B/f
check_fails "for uid 1000 only" as 1001 1001 cat $B/f
check "getfattr reads the raw ACL" sh -c "getfattr -e hex -n system.posix_acl_access $A/f | grep -q 0x02000000"
check "listxattr lists it" sh -c "getfattr -m - $A/f | grep -q system.posix_acl_access"

# the mask limits named entries
check "setfacl -m m::r" setfacl -m m::r $A/f
check "mode follows the mask: 640" mode $A/f 640
check "uid 1000 still reads" as 1000 1000 cat $A/f
check_fails "but cannot write past the mask" as 1000 1000 sh -c "echo x >> $A/f"
check "the other mount sees the mask" has $B/f "mask::r--"
check "and the mode" mode $B/f 640

# chmod rewrites the mask
check "chmod 600" chmod 600 $A/f
check "the mask is now ---" has $A/f "mask::---"
check "the named entry stays, effective ---" has $A/f "user:1000:rw-$E"---
check_fails "uid 1000 cannot read" as 1000 1000 cat $A/f
check "seen by the other mount" has $B/f "mask::---"
check_fails "which denies too" as 1000 1000 cat $B/f
check "chmod 660 from the other mount" chmod 660 $B/f
check "the mask is rw- again" has $A/f "mask::rw-"
check "uid 1000 writes again" as 1000 1000 sh -c "echo again >> $A/f"

# named groups
check "setfacl -m g:2000:r" setfacl -m g:2000:r $A/f
check "uid 1001 in group 2000 reads" as 1001 2000 cat $A/f
check_fails "uid 1001 in group 2001 does not" as 1001 2001 cat $A/f
check_fails "nor writes in group 2000" as 1001 2000 sh -c "echo x >> $A/f"

# remove
check "setfacl -x u:1000" setfacl -x u:1000 $A/f
check "the entry is gone" sh -c "! getfacl -n -c $A/f | grep -q user:1000"
check_fails "uid 1000 cannot read any more" as 1000 1000 cat $A/f
check "setfacl -b removes the ACL" setfacl -b $A/f
check "three entries again" sh -c "test \$(getfacl -n -c $B/f | grep -c .) = 3"
check "no system.posix_acl_access left" sh -c "! getfattr -m - $A/f | grep -q posix_acl"
check "the mode stayed 640 (group from the mask)" mode $A/f 640

# default ACLs and inheritance
check "a directory" mkdir -m 755 $A/d
check "setfacl -d -m u:1000:rwx" setfacl -d -m u:1000:rwx $A/d
check "the default ACL is there" sh -c "getfacl -n -d $A/d | grep -qx user:1000:rwx"
check "a file created with umask 077 inherits it" sh -c "umask 077; echo x > $A/d/f1"
check "its access ACL has the entry" has $A/d/f1 "user:1000:rwx$E"rw-
check "the umask is ignored, the create mode masks: 664" mode $A/d/f1 664
check "uid 1000 writes it" as 1000 1000 sh -c "echo y >> $A/d/f1"
check "the other mount sees the inherited ACL" has $B/d/f1 "user:1000:rwx$E"rw-
check "a subdirectory created with umask 077" sh -c "umask 077; mkdir $A/d/sub"
check "inherits the default ACL as its default" sh -c "getfacl -n -d $A/d/sub | grep -qx user:1000:rwx"
check "and as its access ACL" has $A/d/sub "user:1000:rwx"
check "mode 775" mode $A/d/sub 775
check "a FIFO in it, umask 077" sh -c "umask 077; mknod $A/d/sub/p p"
check "inherits again" has $A/d/sub/p "user:1000:rwx$E"rw-
check "no default ACL: a file with umask 027" sh -c "umask 027; echo x > $A/g"
check "the umask applies: 640" mode $A/g 640
check "and it has no ACL" sh -c "test \$(getfacl -n -c $A/g | grep -c .) = 3"
check "setfacl -k removes the default ACL" setfacl -k $A/d
check "gone" sh -c "! getfacl -n -d $A/d | grep -q user"
check "a new file with umask 077" sh -c "umask 077; echo x > $A/d/f2"
check "follows the umask then: 600" mode $A/d/f2 600
check_fails "a default ACL on a file is refused" setfacl -d -m u:1000:r $A/f

# malformed values
check "a bad version: EOPNOTSUPP, as the VFS says" sh -c "setfattr -n system.posix_acl_access -v 0x0300000001000600ffffffff04000400ffffffff20000400ffffffff $A/f 2>&1 | grep -q 'not supported'"
check "a torn entry: EINVAL" einval setfattr -n system.posix_acl_access -v 0x0200000001000600 $A/f
check "no other entry: EINVAL" einval setfattr -n system.posix_acl_access -v 0x0200000001000600ffffffff04000400ffffffff $A/f
check "named user without mask: EINVAL" einval setfattr -n system.posix_acl_access -v 0x0200000001000600ffffffff02000600e803000004000400ffffffff20000400ffffffff $A/f
check "a bad permission: EINVAL" einval setfattr -n system.posix_acl_access -v 0x0200000001001600ffffffff04000400ffffffff20000400ffffffff $A/f
check "the file has no ACL after all that" sh -c "test \$(getfacl -n -c $A/f | grep -c .) = 3"
check "a valid raw value is taken" setfattr -n system.posix_acl_access -v 0x0200000001000600ffffffff02000600e803000004000400ffffffff10000600ffffffff20000000ffffffff $A/f
check "as an ACL" has $B/f "user:1000:rw-"

# noacl
check "noacl shows in the mount options" grep -q "$N .*noacl" /proc/mounts
check "noacl: getfacl shows the mode only" sh -c "! getfacl -n -c $N/f | grep -q user:1000"
check_fails "noacl: setfacl fails" setfacl -m u:1001:r $N/f
check "the ACL grants uid 1000 on the acl mount" as 1000 1000 cat $A/f
check_fails "noacl ignores it: uid 1000 is other" as 1000 1000 cat $N/f
check "noacl: a new directory" sh -c "mkdir -m 755 $A/e && setfacl -d -m u:1000:rwx $A/e"
check "noacl: a file with umask 077 under a default ACL" sh -c "umask 077; echo x > $N/e/h"
check "noacl: the umask applies" mode $N/e/h 600
check "noacl: no ACL inherited" sh -c "! getfacl -n -c $A/e/h | grep -q user:1000"
check "noacl hides the ACL names from listxattr" sh -c "! getfattr -m - $N/f | grep -q posix_acl"
check_fails "remount cannot turn acl on" in_ns cli mount -o remount,acl $N

# across a remount
check "umount A" umount $A
check "mount A again" in_ns cli mount -t loom "$SRV:/acl" $A
check "the ACLs are still there" has $A/f "user:1000:rw-"
check "and the inherited ones" has $A/d/f1 "user:1000:rwx$E"rw-
check "cleanup" rm -rf $A/f $A/g $A/d $A/e

require "umount N" umount $N
require "umount B" umount $B
require "umount A" umount $A
require "stop OST0" in_ns srv loomctl ost stop acl 0
require "stop MDT0" in_ns srv loomctl mdt stop acl 0
require "stop MGS" in_ns srv loomctl mgs stop acl
in_ns cli loomctl net del "$CLI"
in_ns srv loomctl net del "$SRV"
unload_loom
exit 0

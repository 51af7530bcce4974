# loom-timeout: 300
# loom-bins: setfattr:attr getfattr:attr
# Extended attributes: user., trusted. and security. names kept by the
# MDT, with the flags, limits and error codes of setxattr(2), getxattr(2),
# listxattr(2) and removexattr(2); seen at once by a second mount, kept
# across umount and server restart of the client, and a corrupt request
# never crashes anything.
. "$LOOM_LIB"

SRV=10.1.0.1@tcp; CLI=10.1.0.2@tcp
A=/mnt/a; B=/mnt/b
IOT=loom-iotest

netns_pair srv cli
load_loom
require "server NI" in_ns srv loomctl net add "$SRV"
require "client NI" in_ns cli loomctl net add "$CLI"
require "start MGS" in_ns srv loomctl mgs start xa
require "start MDT0" in_ns srv loomctl mdt start xa 0 --mgs "$SRV"
require "start OST0" in_ns srv loomctl ost start xa 0 --mgs "$SRV"
mkdir -p $A $B
require "mount A" in_ns cli mount -t loom "$SRV:/xa" $A
require "mount B" in_ns cli mount -t loom "$SRV:/xa" $B
on_exit "umount $B 2>/dev/null; umount $A 2>/dev/null; true"

err() { test "$("$@" 2>/dev/null)" = "$E"; }   # the errno name printed
check "a file" sh -c "echo data > $A/f"
check "a directory" mkdir $A/d
check "setfattr user.color" setfattr -n user.color -v blue $A/f
check "getfattr reads it" sh -c "test \"\$(getfattr --only-values -n user.color $A/f)\" = blue"
check "the other mount reads it" sh -c "test \"\$(getfattr --only-values -n user.color $B/f)\" = blue"
check "overwrite" setfattr -n user.color -v green $A/f
check "overwritten" sh -c "test \"\$(getfattr --only-values -n user.color $B/f)\" = green"
check "binary value of 1000 bytes, create" $IOT xset $A/f user.bin 1000 create
check "its size, ERANGE on a short buffer, its bytes" $IOT xcheck $B/f user.bin 1000
E=EEXIST check "XATTR_CREATE of an existing name: EEXIST" err $IOT xset $A/f user.bin 10 create
E=ENODATA check "XATTR_REPLACE of a missing name: ENODATA" err $IOT xset $A/f user.none 10 replace
check "XATTR_REPLACE of an existing one" $IOT xset $A/f user.bin 7 replace
check "replaced" $IOT xcheck $A/f user.bin 7
check "an empty value" $IOT xset $A/f user.empty 0 plain
check "is there, empty" $IOT xcheck $B/f user.empty 0
check "largest value (32768 bytes)" $IOT xset $A/f user.big 32768 plain
check "read back" $IOT xcheck $B/f user.big 32768
E=E2BIG check "32769 bytes: E2BIG" err $IOT xset $A/f user.big2 32769 plain
long=user.$(printf '%0250d' 0)
check "a 255-byte name" $IOT xset $A/f "$long" 3 plain
check "read back" $IOT xcheck $B/f "$long" 3
E=ERANGE check "a 256-byte name: ERANGE" err $IOT xset $A/f "${long}x" 3 plain
E=EOPNOTSUPP check "an unknown namespace: EOPNOTSUPP" err $IOT xset $A/f bogus.x 3 plain
check "listxattr lists them all" sh -c "getfattr -d -m - $B/f > /tmp/l; grep -q user.color /tmp/l && grep -q user.bin /tmp/l && grep -q user.empty /tmp/l && grep -q user.big /tmp/l"
check "trusted. as root" setfattr -n trusted.t -v x $A/f
check "listed to root" sh -c "getfattr -d -m - $B/f | grep -q trusted.t"
check "security. names" setfattr -n security.s -v y $A/f
check "on a directory" setfattr -n user.d -v dir $A/d
# every write asks for security.capability (to drop it); A remembers
# "none" under its lock, and must forget it when B sets one
CAP=0sAQAAAgAgAAAAAAAAAAAAAAAAAAA=
check "A writes c twice (no file capabilities)" sh -c "echo 1 > $A/c && echo 2 >> $A/c"
check "B gives c a file capability" setfattr -n security.capability -v $CAP $B/c
check "A sees it" sh -c "getfattr -n security.capability $A/c | grep -q capability"
check "A writes c: the capability goes" sh -c "echo 3 >> $A/c && ! getfattr -n security.capability $B/c 2>/dev/null | grep -q capability"
check "A sets one itself, then writes: it goes too" sh -c "setfattr -n security.capability -v $CAP $A/c && echo 4 >> $A/c && ! getfattr -n security.capability $B/c 2>/dev/null | grep -q capability"
check "read on the directory" sh -c "test \"\$(getfattr --only-values -n user.d $B/d)\" = dir"
check "remove" setfattr -x user.color $A/f
E=ENODATA check "removed: ENODATA" err $IOT xcheck $B/f user.color 5
check_fails "removing it again fails" setfattr -x user.color $A/f
check "not listed any more" sh -c "! getfattr -d -m - $B/f | grep -q user.color"
check "ctime moves on a change" sh -c "c=\$(stat -c %Z $A/f); sleep 1.1; setfattr -n user.t -v 1 $A/f; test \$(stat -c %Z $A/f) -gt \$c"
check "symlinks take no user. names" sh -c "ln -s f $A/l; ! setfattr -h -n user.x -v 1 $A/l"

# across a remount
check "umount A" umount $A
check "mount A again" in_ns cli mount -t loom "$SRV:/xa" $A
check "still there after remount" $IOT xcheck $A/f user.bin 7
check "rename keeps them" sh -c "mv $A/f $A/g && test \"\$(getfattr --only-values -n user.d $A/d)\" = dir && $IOT xcheck $A/g user.big 32768"
check "unlink with xattrs" rm $A/g
check "cleanup" rm -rf $A/d $A/l

require "umount A" umount $A
require "umount B" umount $B
require "stop OST0" in_ns srv loomctl ost stop xa 0
require "stop MDT0" in_ns srv loomctl mdt stop xa 0
require "stop MGS" in_ns srv loomctl mgs stop xa
in_ns cli loomctl net del "$CLI"
in_ns srv loomctl net del "$SRV"
unload_loom
exit 0

# loom-ci: newest
# loom-timeout: 800
# loom-kmods: loop ext4
# loom-bins: mkfs.ext4:e2fsprogs
# The MDT destroys the objects of removed files (LOOM_FEAT_MDT_DESTROY),
# from its persistent destroy log, not the client.  Persistent targets on
# ext4; objects are counted in the OSTs' backing directories.  An unlink
# and a rename over a file free the objects, destroyed by the MDT itself
# (its "destroyed" counter counts objects the OSTs really had, so none was
# destroyed by a client first); an open-unlinked file keeps its data
# until the last close; an unlink while an OST is stopped frees that
# OST's object once it is back, also across an MDT restart (fsck.loom
# reports the pending record meanwhile); a client cut off right after an
# unlink, or while it holds an unlinked file open across an MDT restart,
# leaks nothing.  fsck.loom is clean at the end.
. "$LOOM_LIB"

SRV=10.1.0.1@tcp; CLI=10.1.0.2@tcp
S=/srv/loom
M=/mnt/loom
D=/sys/fs/loom/loom-MDT0000

netns_pair srv cli
truncate -s 300M /tmp/disk.img || die "no disk image"
require "mkfs.ext4" mkfs.ext4 -q -F /tmp/disk.img
mkdir -p $S $M
require "mount the ext4 backing filesystem" mount -o loop /tmp/disk.img $S
mkdir -p $S/mgs $S/mdt0 $S/ost0 $S/ost1
require "mkfs.loom MGS" mkfs.loom --mgs --fsname loom $S/mgs
require "mkfs.loom MDT0" mkfs.loom --mdt --fsname loom --index 0 $S/mdt0
require "mkfs.loom OST0" mkfs.loom --ost --fsname loom --index 0 $S/ost0
require "mkfs.loom OST1" mkfs.loom --ost --fsname loom --index 1 $S/ost1

load_loom rpc_timeout=4
require "server NI" in_ns srv loomctl net add "$SRV"
require "client NI" in_ns cli loomctl net add "$CLI"

ost_start() { in_ns srv loomctl ost start loom "$1" --mgs "$SRV" --path $S/ost"$1"; }
ost_stop() { in_ns srv loomctl ost stop loom "$1"; }
mdt_start() { in_ns srv loomctl mdt start loom 0 --mgs "$SRV" --path $S/mdt0; }
mdt_stop() { in_ns srv loomctl mdt stop loom 0; }
running() { [ "$(in_ns srv loomctl target list | grep -c running)" -ge "$1" ]; }

require "start MGS" in_ns srv loomctl mgs start loom --stripe-count 2 --stripe-size 1048576 --path $S/mgs
require "start MDT0" mdt_start
require "start OST0" ost_start 0
require "start OST1" ost_start 1
wait_for 30 running 4 || say "targets not all registered yet"
require "mount" in_ns cli mount -t loom "$SRV:/loom" $M
dd if=/dev/urandom of=/tmp/src bs=1024 count=2048 2>/dev/null

# "OST objid group" of each object of a file
objs() { loom getstripe "$1" | awk 'NF == 4 && $1 ~ /^[0-9]+$/ { print $1, $2, $4 }'; }
# how many objects of a list (optionally only those on OST $2) exist
nobjs() {
	_n=0
	while read -r _i _o _g; do
		[ -z "${2:-}" ] || [ "$_i" = "$2" ] || continue
		for _p in $S/ost"$_i"/O/*/"$(printf '%016x-%08x' "$_g" "$_o")"-00000000; do
			[ -e "$_p" ] && _n=$((_n + 1))
		done
	done < "$1"
	echo $_n
}
gone() { [ "$(nobjs "$@")" = 0 ]; }
has() { [ "$(nobjs "$2" "${3:-}")" = "$1" ]; }
destroyed() { cat $D/destroyed; }
mkfile() {
	require "write $1" dd if=/tmp/src of=$M/"$1" bs=65536 conv=fsync 2>/dev/null
	objs $M/"$1" > /tmp/o."$1"
	check "$1 has two objects on the OSTs" has 2 /tmp/o."$1"
}

check "the MDT negotiated LOOM_FEAT_MDT_DESTROY (its sysfs counters exist)" test -r $D/destroyed

# Unlink: the MDT destroys the objects, the client none.
mkfile f1
d0=$(destroyed)
check "unlink f1" rm $M/f1
check "f1's objects are destroyed" wait_for 15 gone /tmp/o.f1
check "by the MDT: it destroyed both (none was gone already)" test "$(destroyed)" = $((d0 + 2))
check "no record pending" test "$(cat $D/destroy_pending)" = 0

# Rename over a file.
mkfile f2
mkfile f3
check "rename f2 over f3" mv $M/f2 $M/f3
check "the replaced file's objects are destroyed" wait_for 15 gone /tmp/o.f3
check "the renamed file's are not" has 2 /tmp/o.f2
check "its data is intact" cmp /tmp/src $M/f3

# Open-unlinked: data readable until the last close.
mkfile f4
exec 3< $M/f4
check "unlink f4 while open" rm $M/f4
sleep 3
check "its objects are kept while it is open" has 2 /tmp/o.f4
check "its data is readable through the open file" sh -c 'cmp - /tmp/src <&3'
exec 3<&-
check "after the last close its objects are destroyed" wait_for 15 gone /tmp/o.f4

# Unlink while an OST is stopped: the object goes when it is back.
mkfile f5
require "stop OST1" ost_stop 1
check "unlink f5 with OST1 stopped" rm $M/f5
check "f5's object on OST0 is destroyed" wait_for 15 gone /tmp/o.f5 0
check "the record stays pending" wait_for 20 sh -c "[ \$(cat $D/destroy_pending) = 1 ]"
check "f5's object on OST1 is still there" has 1 /tmp/o.f5 1
require "start OST1" ost_start 1
check "f5's object on OST1 is destroyed once OST1 is back" wait_for 40 gone /tmp/o.f5 1

# Unlink, then restart the MDT before the OST is back.
mkfile f6
require "stop OST1 (again)" ost_stop 1
check "unlink f6 with OST1 stopped" rm $M/f6
check "f6's object on OST0 is destroyed" wait_for 15 gone /tmp/o.f6 0
require "umount" umount $M
require "stop MDT0" mdt_stop
fsck.loom -n $S/mdt0 > /tmp/fsck.out 2>&1
rc=$?
cat /tmp/fsck.out
check "fsck.loom: the stopped MDT is clean" test $rc = 0
check "fsck.loom reports the pending destroy record" grep -q "1 destroy log records pending" /tmp/fsck.out
require "start MDT0 again" mdt_start
sleep 5
check "OST1 still stopped: f6's object is still there" has 1 /tmp/o.f6 1
require "start OST1 (again)" ost_start 1
check "f6's object is destroyed after the MDT restart" wait_for 60 gone /tmp/o.f6 1
wait_for 30 running 4 || say "targets not all registered yet"
require "mount again" in_ns cli mount -t loom "$SRV:/loom" $M

# A client cut off right after an unlink leaks nothing.
mkfile f7
check "unlink f7" rm $M/f7
require "then cut the client off at once" ip -n cli link set ve-srv down
check "f7's objects are destroyed" wait_for 15 gone /tmp/o.f7

# A client cut off while it holds an unlinked file open: the MDT's next
# start destroys the objects it kept.
require "client back" ip -n cli link set ve-srv up
check "the client reconnects" wait_for 60 stat $M/f3
mkfile f8
exec 3< $M/f8
check "unlink f8 while open" rm $M/f8
sleep 2
check "f8's objects are kept while it is open" has 2 /tmp/o.f8
require "cut the client off" ip -n cli link set ve-srv down
require "stop MDT0 (client cut off)" mdt_stop
require "start MDT0 (client cut off)" mdt_start
# (the OSTs first evict the client, which holds locks on the objects)
check "f8's objects are destroyed by the MDT's restart" wait_for 120 gone /tmp/o.f8
require "client back (again)" ip -n cli link set ve-srv up
exec 3<&-
check "the client works again" wait_for 60 cmp /tmp/src $M/f3

require "umount at the end" umount $M
require "stop OST1 at the end" ost_stop 1
require "stop OST0 at the end" ost_stop 0
require "stop MDT0 at the end" mdt_stop
require "stop MGS" in_ns srv loomctl mgs stop loom
for t in mgs mdt0 ost0 ost1; do
	check "fsck.loom $t clean at the end" fsck.loom -n -v $S/$t
done
check "no destroy record left" sh -c "! fsck.loom -n $S/mdt0 | grep -q 'destroy log records pending'"
in_ns cli loomctl net del "$CLI"
in_ns srv loomctl net del "$SRV"
unload_loom
umount $S
exit 0

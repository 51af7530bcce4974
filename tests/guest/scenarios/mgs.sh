# loom-ci: newest
# loom-timeout: 600
# loom-kmods: loop ext4
# loom-bins: mkfs.ext4:e2fsprogs
# The MGS keeps the filesystem's configuration: a persistent MGS (mkfs.loom
# --mgs, started with --path) keeps it across a restart; loomctl mgs dump
# prints it, restore reads an edited dump back, set changes one value; bad
# input is refused with a message and changes nothing; a corrupt record
# refuses the start and fsck.loom reports it.  A mounted client is told of
# changes without a remount: a new default layout, an OST added while
# mounted (files created afterwards use it) and a client tunable.
. "$LOOM_LIB"

SRV=10.1.0.1@tcp; CLI=10.1.0.2@tcp
S=/srv/loom
M=/mnt/loom

netns_pair srv cli
truncate -s 200M /tmp/disk.img || die "no disk image"
require "mkfs.ext4" mkfs.ext4 -q -F /tmp/disk.img
mkdir -p $S $M
require "mount the backing filesystem" mount -o loop /tmp/disk.img $S
mkdir -p $S/mgs
require "mkfs.loom MGS" mkfs.loom --mgs --fsname loom $S/mgs
check "fsck.loom: a fresh MGS is clean" fsck.loom -n $S/mgs

load_loom
require "server NI" in_ns srv loomctl net add "$SRV"
require "client NI" in_ns cli loomctl net add "$CLI"

dump() { in_ns srv loomctl mgs dump loom; }
registered() { dump | grep -q "^target $1 nid=$SRV\$"; }

require "start the persistent MGS" in_ns srv loomctl mgs start loom --stripe-count 1 --path $S/mgs
require "start MDT0" in_ns srv loomctl mdt start loom 0 --mgs "$SRV"
require "start OST0" in_ns srv loomctl ost start loom 0 --mgs "$SRV"
require "MDT0 registered" wait_for 30 registered "mdt 0"
require "OST0 registered" wait_for 30 registered "ost 0"
dump | tee /tmp/dump1
check "dump: fsname" grep -qx 'fsname loom' /tmp/dump1
check "dump: version" grep -Eqx 'version [0-9]+' /tmp/dump1
check "dump: default layout" grep -qx 'default_layout stripe_size=1048576 stripe_count=1 stripe_offset=any' /tmp/dump1
check "dump: client tunable" grep -qx 'set readahead_kb=0' /tmp/dump1
check_fails "dump of an unknown filesystem" in_ns srv loomctl mgs dump nosuch

# set: one value, validated
v1=$(sed -n 's/^version //p' /tmp/dump1)
require "set stripe_size" in_ns srv loomctl mgs set loom stripe_size=2M
dump > /tmp/dump2
check "set: new stripe size" grep -q 'stripe_size=2097152 ' /tmp/dump2
check "set: new version" test "$(sed -n 's/^version //p' /tmp/dump2)" -gt "$v1"
refused() { # MESSAGE COMMAND...: fails, says MESSAGE, changes nothing
	_msg=$1; shift
	dump > /tmp/before
	if in_ns srv "$@" > /tmp/out 2>&1; then
		cat /tmp/out; return 1
	fi
	cat /tmp/out
	grep -q -- "$_msg" /tmp/out || return 1
	dump | cmp -s - /tmp/before
}
check "set: unknown tunable refused" refused "unknown tunable" loomctl mgs set loom bogus=1
check "set: bad stripe size refused" refused "multiple of 64 KiB" loomctl mgs set loom stripe_size=1000
check "set: bad stripe count refused" refused "stripe_count must be" loomctl mgs set loom stripe_count=65
check "set: not KEY=VALUE refused" refused "expected KEY=VALUE" loomctl mgs set loom stripe_size

# restart: the configuration stays
require "stop the MGS" in_ns srv loomctl mgs stop loom
require "start the MGS again" in_ns srv loomctl mgs start loom --path $S/mgs
check "restart keeps the configuration" sh -c "nsenter --net=/run/netns/srv -- loomctl mgs dump loom | cmp - /tmp/dump2"
check "fsck.loom: a stopped MGS is clean" sh -c "nsenter --net=/run/netns/srv -- loomctl mgs stop loom && fsck.loom -n -v $S/mgs"
require "start the MGS for the rest" in_ns srv loomctl mgs start loom --path $S/mgs

# dump -> edit -> restore round trip
sed -e 's/stripe_count=1/stripe_count=all/' -e 's/readahead_kb=0/readahead_kb=4096/' /tmp/dump2 > /tmp/edited
echo "target ost 9 nid=10.1.0.9@tcp" >> /tmp/edited
require "restore an edited dump" in_ns srv loomctl mgs restore loom /tmp/edited
dump > /tmp/dump3
check "restore: stripe count" grep -q 'stripe_count=all' /tmp/dump3
check "restore: tunable" grep -qx 'set readahead_kb=4096' /tmp/dump3
check "restore: added target" grep -qx 'target ost 9 nid=10.1.0.9@tcp' /tmp/dump3
grep -v '^version' /tmp/edited > /tmp/edited.nover
check "restore: dump equals the edited text but for the version" sh -c "grep -v ^version /tmp/dump3 | cmp - /tmp/edited.nover"
grep -v '^target ost 9' /tmp/dump3 > /tmp/dump3b
require "restore from standard input" sh -c "nsenter --net=/run/netns/srv -- loomctl mgs restore loom < /tmp/dump3b"
check "restore: a target not listed goes" sh -c "! nsenter --net=/run/netns/srv -- loomctl mgs dump loom | grep -q 'ost 9'"

# bad restores: a clear message, nothing changed
printf 'fsname loom\ntarget ost 1 nid=not-a-nid\n' > /tmp/bad1
check "restore: bad NID refused" refused "bad NID" loomctl mgs restore loom /tmp/bad1
printf 'fsname loom\nfrobnicate yes\n' > /tmp/bad2
check "restore: unknown keyword refused" refused "unknown keyword" loomctl mgs restore loom /tmp/bad2
printf 'fsname loom\nset stripe_count=1000\n' > /tmp/bad3
check "restore: out of range refused" refused "stripe_count must be" loomctl mgs restore loom /tmp/bad3
printf 'fsname other\n' > /tmp/bad4
check "restore: another filesystem's dump refused" refused "fsname does not match" loomctl mgs restore loom /tmp/bad4
printf 'set readahead_kb=1\nset readahead_kb=99999999\n' > /tmp/bad5
check "restore: half good input changes nothing" refused "readahead_kb must be" loomctl mgs restore loom /tmp/bad5
head -c 3000 /dev/urandom > /tmp/bad6
check_fails "restore: garbage refused" in_ns srv loomctl mgs restore loom /tmp/bad6

# A mounted client is told of changes.
require "back to one stripe" in_ns srv loomctl mgs set loom stripe_count=1 readahead_kb=0
require "mount" in_ns cli mount -t loom "$SRV:/loom" $M
ra() { cat /sys/class/bdi/loom-*/read_ahead_kb; }
check "readahead: client default" test "$(ra)" = 8192
require "write before" sh -c "echo before > $M/before"
require "start OST1 while mounted" in_ns srv loomctl ost start loom 1 --mgs "$SRV"
require "OST1 registered" wait_for 30 registered "ost 1"
require "set a new default layout" in_ns srv loomctl mgs set loom stripe_count=2 stripe_size=128K readahead_kb=1024
check "readahead: the client applied the tunable" wait_for 20 sh -c "test \"\$(cat /sys/class/bdi/loom-*/read_ahead_kb)\" = 1024"
# the MDT learns of it within its refresh period
new_layout() {
	rm -f $M/after
	dd if=/dev/urandom of=$M/after bs=64k count=8 2>/dev/null || return 1
	loom getstripe $M/after > /tmp/layout 2>&1 || return 1
	grep -Eq 'stripe_count:[[:space:]]+2' /tmp/layout
}
check "a new file gets the new default layout" wait_for 30 new_layout
cat /tmp/layout
check "the new file has an object on the new OST" grep -Eq '^[[:space:]]+1[[:space:]]' /tmp/layout
check "stripe size 128K" grep -Eq 'stripe_size:[[:space:]]+131072' /tmp/layout
check "the new file reads back" sh -c "dd if=$M/after bs=64k 2>/dev/null | wc -c | grep -qx 524288"
# the MDT is told too: a new stripe size applies at once, not at its
# next periodic refresh (10 s)
require "set another stripe size" in_ns srv loomctl mgs set loom stripe_size=256K
new_size() {
	rm -f $M/after2
	echo x > $M/after2 || return 1
	loom getstripe $M/after2 > /tmp/layout2 2>&1 || return 1
	grep -Eq 'stripe_size:[[:space:]]+262144' /tmp/layout2
}
check "the MDT applies a new stripe size at once" wait_for 4 new_size
in_ns srv loomctl target list | tee /tmp/list
# FSNAME TYPE INDEX STATE CLIENTS REQUESTS LOCKS CALLBKS EVICT ...
check "the MGS granted configuration locks (client and MDT)" sh -c "awk '\$2 == \"mgs\" && \$7 >= 2' /tmp/list | grep -q ."
check "the MGS called them back" sh -c "awk '\$2 == \"mgs\" && \$8 > 0' /tmp/list | grep -q ."
check "and evicted nobody" sh -c "awk '\$2 == \"mgs\" && \$9 == 0' /tmp/list | grep -q ."
# a restarted MGS is noticed (pings) and followed again
require "restart the MGS while mounted" sh -c "nsenter --net=/run/netns/srv -- loomctl mgs stop loom && nsenter --net=/run/netns/srv -- loomctl mgs start loom --path $S/mgs"
check "the restarted MGS kept the configuration" sh -c "nsenter --net=/run/netns/srv -- loomctl mgs dump loom | grep -q 'stripe_size=262144 stripe_count=2'"
require "set a tunable on the restarted MGS" in_ns srv loomctl mgs set loom readahead_kb=512
check "the client follows the restarted MGS (its ping finds it)" wait_for 30 sh -c "test \"\$(cat /sys/class/bdi/loom-*/read_ahead_kb)\" = 512"
check "the old file is still there" grep -qx before $M/before
check "the mount was never redone" test "$(grep -c " $M loom " /proc/mounts)" = 1

require "umount" umount $M
in_ns srv loomctl ost stop loom 1
in_ns srv loomctl ost stop loom 0
in_ns srv loomctl mdt stop loom 0
require "stop the MGS" in_ns srv loomctl mgs stop loom

# A corrupt record refuses the start; fsck.loom says so; a dump heals.
dump_ok=/tmp/dump-final
cp /tmp/dump3b $dump_ok
obj=$(find $S/mgs/O -type f | head -n 1)
check "the configuration object exists" test -f "$obj"
dd if=/dev/urandom of="$obj" bs=4096 count=16 conv=notrunc 2>/dev/null
check_fails "fsck.loom reports the corrupt record" fsck.loom -n $S/mgs
if in_ns srv loomctl mgs start loom --path $S/mgs > /tmp/out 2>&1; then
	cat /tmp/out; check "a corrupt record refuses the start" false
else
	cat /tmp/out
	check "a corrupt record refuses the start, saying so" grep -q "corrupt MGS configuration" /tmp/out
fi
rm -rf $S/mgs && mkdir -p $S/mgs
require "mkfs.loom a new MGS" mkfs.loom --mgs --fsname loom $S/mgs
require "start it" in_ns srv loomctl mgs start loom --path $S/mgs
require "restore the last dump" in_ns srv loomctl mgs restore loom $dump_ok
grep -v '^version' $dump_ok > /tmp/dump3b.nover
check "the restored configuration matches the dump" sh -c "nsenter --net=/run/netns/srv -- loomctl mgs dump loom | grep -v ^version | cmp - /tmp/dump3b.nover"
require "stop the MGS" in_ns srv loomctl mgs stop loom
check "fsck.loom: clean again" fsck.loom -n $S/mgs

in_ns cli loomctl net del "$CLI"
in_ns srv loomctl net del "$SRV"
unload_loom
umount $S
exit 0

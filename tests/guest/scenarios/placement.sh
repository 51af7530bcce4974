# loom-ci: newest
# loom-timeout: 900
# loom-kmods: loop ext4
# loom-bins: mkfs.ext4:e2fsprogs
# Object placement and precreation: four OSTs, each on its own small ext4
# (persistent targets).  With equal free space, stripe_count 1 files go
# round-robin, exactly; after two OSTs are filled, placement is weighted
# by free space: the emptier OSTs get more objects, the fuller still some.
# An OST that stops is skipped (creates go on, on the others); when it
# comes back, the MDT cleans its orphans up.  An MDT restart destroys every
# precreated object it did not use, never reuses an object id of a file,
# and fsck.loom is clean: every object on every OST is a file's, one of
# the MDT's current precreated ones, or the LAST_ID object.
. "$LOOM_LIB"

SRV=10.1.0.1@tcp; CLI=10.1.0.2@tcp
S=/srv/loom
M=/mnt/loom
D=$M/d
SYS=/sys/fs/loom/pl-MDT0000

netns_pair srv cli
mkdir -p $S $M
truncate -s 100M /tmp/mdt.img || die "no disk image"
require "mkfs.ext4 (MGS, MDT)" mkfs.ext4 -q -F /tmp/mdt.img
require "mount MDT backing fs" mount -o loop /tmp/mdt.img $S
mkdir -p $S/mgs $S/mdt0
for i in 0 1 2 3; do
	truncate -s 48M /tmp/ost$i.img
	require "mkfs.ext4 OST$i" mkfs.ext4 -q -F -m 0 /tmp/ost$i.img
	mkdir -p $S/ost$i
	require "mount OST$i backing fs" mount -o loop /tmp/ost$i.img $S/ost$i
	require "mkfs.loom OST$i" mkfs.loom --ost --fsname pl --index $i $S/ost$i
done
require "mkfs.loom MGS" mkfs.loom --mgs --fsname pl $S/mgs
require "mkfs.loom MDT0" mkfs.loom --mdt --fsname pl --index 0 $S/mdt0

load_loom rpc_timeout=4
require "server NI" in_ns srv loomctl net add "$SRV"
require "client NI" in_ns cli loomctl net add "$CLI"

mdt_start() { in_ns srv loomctl mdt start pl 0 --mgs "$SRV" --path $S/mdt0; }
mdt_stop() { in_ns srv loomctl mdt stop pl 0; }
ost_start() { in_ns srv loomctl ost start pl "$1" --mgs "$SRV" --path $S/ost"$1"; }
ost_stop() { in_ns srv loomctl ost stop pl "$1"; }
# every OST up with objects to hand out
osts_ready() {
	[ "$(awk '$2 == "up" && $6 > $5' $SYS/osts 2>/dev/null | wc -l)" -eq 4 ]
}
# objects per OST of the files given: "n0 n1 n2 n3"
per_ost() {
	loom getstripe "$@" | awk '/^\t/ && $1 ~ /^[0-9]+$/ { n[$1]++ }
		END { printf "%d %d %d %d\n", n[0], n[1], n[2], n[3] }'
}
# OST index and object id of every object of every file
all_objs() { find $M -type f -print0 | xargs -0 loom getstripe | awk '/^\t/ && $1 ~ /^[0-9]+$/ { print $1, $2 }'; }

require "start MGS" in_ns srv loomctl mgs start pl --stripe-count 1 --path $S/mgs
require "start MDT0" mdt_start
for i in 0 1 2 3; do require "start OST$i" ost_start $i; done
check "sysfs directory of the MDT" test -d $SYS
check "qos_threshold_rr defaults to 17" test "$(cat $SYS/qos_threshold_rr)" = 17
check_fails "qos_threshold_rr refuses 101" sh -c "echo 101 > $SYS/qos_threshold_rr"
require "statfs every second" sh -c "echo 1 > $SYS/statfs_interval"
require "mount" in_ns cli mount -t loom "$SRV:/pl" $M
require "OSTs connected, objects precreated" wait_for 60 osts_ready
cat $SYS/osts
mkdir -p $D/rr $D/w $D/down $D/after
require "setstripe -c 1" loom setstripe -c 1 $D

# Balanced: round-robin, ten each.
for n in $(seq 1 40); do : > $D/rr/f$n || die "create rr/f$n"; done
c=$(per_ost $D/rr/f*)
say "balanced: $c"
check "balanced: round-robin, 10 objects per OST" test "$c" = "10 10 10 10"
check "balanced: consecutive files on consecutive OSTs" sh -c \
	"loom getstripe $D/rr/f1 $D/rr/f2 | awk '/^\t/ && \$1 ~ /^[0-9]+\$/ { print \$1 }' | tr '\n' ' ' | grep -Eq '^(0 1|1 2|2 3|3 0) \$'"

# Fill OST0 with 32 MiB and OST1 with 20 MiB: imbalanced.
mkdir -p $D/fill0 $D/fill1
require "setstripe -i 0" loom setstripe -c 1 -i 0 $D/fill0
require "setstripe -i 1" loom setstripe -c 1 -i 1 $D/fill1
require "fill OST0" dd if=/dev/zero of=$D/fill0/big bs=1M count=32 conv=fsync status=none
require "fill OST1" dd if=/dev/zero of=$D/fill1/big bs=1M count=20 conv=fsync status=none
check "explicit -i 0 honoured" test "$(per_ost $D/fill0/big)" = "1 0 0 0"
check "explicit -i 1 honoured" test "$(per_ost $D/fill1/big)" = "0 1 0 0"
sleep 3
cat $SYS/osts
for n in $(seq 1 120); do : > $D/w/f$n || die "create w/f$n"; done
c=$(per_ost $D/w/f*)
say "imbalanced: $c"
set -- $c
check "imbalanced: the fullest OST gets fewest" test "$1" -lt "$2" -a "$1" -lt "$3" -a "$1" -lt "$4"
check "imbalanced: OST1 fewer than the empty ones" test "$2" -lt "$3" -a "$2" -lt "$4"
check "imbalanced: the fullest still gets objects" test "$1" -ge 3
check "imbalanced: the empty ones about even" test $(( $3 > $4 ? $3 - $4 : $4 - $3 )) -le 6
echo 100 > $SYS/qos_threshold_rr
for n in $(seq 1 8); do : > $D/w/g$n || die "create w/g$n"; done
check "threshold 100: round-robin again" test "$(per_ost $D/w/g*)" = "2 2 2 2"
echo 17 > $SYS/qos_threshold_rr

# An OST stops: creates go on, on the others.
require "stop OST2" ost_stop 2
check "OST2 seen down" wait_for 40 grep -q '^2 down' $SYS/osts
cat $SYS/osts
ok=0
for n in $(seq 1 20); do : > $D/down/f$n && ok=$((ok + 1)); done
check "20 creates with OST2 down" test $ok = 20
check "none on OST2" test "$(per_ost $D/down/f* | cut -d' ' -f3)" = 0
check "write to a file while OST2 is down" sh -c "echo hello > $D/down/f1 && test \"\$(cat $D/down/f1)\" = hello"
require "start OST2" ost_start 2
require "OST2 back with objects" wait_for 60 osts_ready
check "the MDT cleaned OST2's orphans up" sh -c "dmesg | grep -q 'pl ost0002: destroyed orphan objects'"

# MDT restart: unused precreated objects destroyed, no object id reused.
require "umount" umount $M
require "stop MDT0" mdt_stop
require "start MDT0 again" mdt_start
require "statfs every second" sh -c "echo 1 > $SYS/statfs_interval"
require "mount again" in_ns cli mount -t loom "$SRV:/pl" $M
require "OSTs resynchronized" wait_for 60 osts_ready
check "orphans of all four OSTs destroyed at MDT start" test \
	"$(dmesg | grep -c 'pl ost000[0-3]: destroyed orphan objects')" -ge 4
dd if=/dev/urandom of=/tmp/src bs=4096 count=16 status=none
for n in $(seq 1 40); do cp /tmp/src $D/after/f$n || die "write after/f$n"; done
check "data after the restart" sh -c "for f in $D/after/f*; do cmp -s /tmp/src \$f || exit 1; done"
all_objs | sort > /tmp/objs
check "every object of every file is distinct" test -z "$(uniq -d /tmp/objs)"
say "$(wc -l < /tmp/objs) objects in files"
check "unlink frees objects" rm -rf $D/rr
all_objs | sort > /tmp/objs
cat $SYS/osts | tee /tmp/osts
require "umount" umount $M
require "stop MDT0 (exact last ids)" mdt_stop
for i in 0 1 2 3; do require "stop OST$i" ost_stop $i; done
require "stop MGS" in_ns srv loomctl mgs stop pl

# Each OST holds its files' objects, the MDT's unused precreated ones and
# LAST_ID: nothing leaked.
for i in 0 1 2 3; do
	fsck.loom -n $S/ost$i > /tmp/fsck 2>&1
	check "fsck.loom OST$i clean" test $? = 0
	cat /tmp/fsck
	have=$(sed -n 's/.*: \([0-9]*\) objects,.*/\1/p' /tmp/fsck)
	files=$(awk -v i=$i '$1 == i' /tmp/objs | wc -l)
	pool=$(awk -v i=$i '$1 == i { print $6 - $5 }' /tmp/osts)
	say "OST$i: $have objects, $files in files, $pool precreated"
	check "OST$i: no leaked object" test "$have" = $((files + pool + 1))
done
check "fsck.loom MDT0 clean" fsck.loom -n $S/mdt0

in_ns cli loomctl net del "$CLI"
in_ns srv loomctl net del "$SRV"
for i in 0 1 2 3; do umount $S/ost$i; done
umount $S
unload_loom
exit 0

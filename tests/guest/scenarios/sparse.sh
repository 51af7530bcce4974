# loom-timeout: 600
# loom-kmods: loop ext4
# loom-bins: mkfs.ext4:e2fsprogs
# Sparse striped files: fallocate (OST_FALLOCATE) and SEEK_DATA/SEEK_HOLE
# (OST_SEEK).  Three OSTs store objects in files of an ext4 filesystem
# (the "dir" backend, whose holes are the backing files' holes), two keep
# them in memory.  Files striped over 2 or 3 objects of 64 KiB stripes get
# the same writes, punches and allocations as a file on a local tmpfs, and
# SEEK_DATA/SEEK_HOLE must find the same data extents in both.  fallocate
# extends the size unless KEEP_SIZE, allocates blocks, reports ENOSPC and
# leaves the size as it was then.  A second client's writes, even those it
# still caches, are found.
. "$LOOM_LIB"

SRV=10.1.0.1@tcp
A=/mnt/a; B=/mnt/b; R=/mnt/ref; S=/srv/sparse
IOT=loom-iotest
K=1024
M=1048576

netns_pair srv c1
netns_pair srv c2 10.2.0.1/24 10.2.0.2/24 fd00:2::1/64 fd00:2::2/64
require "route from c2" ip -n c2 route add 10.1.0.0/24 via 10.2.0.1
load_loom
require "server NI" in_ns srv loomctl net add "$SRV"
require "client 1 NI" in_ns c1 loomctl net add 10.1.0.2@tcp
require "client 2 NI" in_ns c2 loomctl net add 10.2.0.2@tcp

truncate -s 300M /tmp/disk.img || die "no disk image"
require "mkfs.ext4 (4 KiB blocks)" mkfs.ext4 -q -F -b 4096 /tmp/disk.img
mkdir -p $S $A $B $R
require "mount the backing ext4" mount -o loop /tmp/disk.img $S
on_exit "umount $S 2>/dev/null; true"
for i in 0 1 2; do
	mkdir -p $S/ost$i
	require "mkfs.loom OST$i" mkfs.loom --ost --fsname sp --index $i $S/ost$i
done
require "a local tmpfs for reference" mount -t tmpfs tmpfs $R
on_exit "umount $R 2>/dev/null; true"

require "start MGS" in_ns srv loomctl mgs start sp --stripe-count 2 --stripe-size 65536
require "start MDT0" in_ns srv loomctl mdt start sp 0 --mgs "$SRV"
for i in 0 1 2; do
	require "start OST$i (ext4)" in_ns srv loomctl ost start sp $i --mgs "$SRV" --path $S/ost$i
done
for i in 3 4; do
	require "start OST$i (memory, 16 MiB)" in_ns srv loomctl ost start sp $i --mgs "$SRV" --capacity-mb 16
done
wait_for 30 sh -c "[ \$(nsenter --net=/run/netns/srv -- loomctl target list | grep -c running) -ge 7 ]" ||
	say "targets not all registered yet"
require "mount A (client 1)" in_ns c1 mount -t loom "$SRV:/sp" $A
require "mount B (client 2)" in_ns c2 mount -t loom "$SRV:/sp" $B
on_exit "umount $B 2>/dev/null; umount $A 2>/dev/null; true"

require "dir v: 3 stripes of 64K on the ext4 OSTs" sh -c "mkdir $A/v && loom setstripe -c 3 -S 64K -i 0 $A/v"
require "dir m: 2 stripes of 64K on the memory OSTs" sh -c "mkdir $A/m && loom setstripe -c 2 -S 64K -i 3 $A/m"
require "dir one: 1 stripe on an ext4 OST" sh -c "mkdir $A/one && loom setstripe -c 1 -S 64K -i 1 $A/one"
touch $A/v/probe $A/m/probe
loom getstripe $A/v/probe $A/m/probe

# the same writes, punches and allocations on a Loom file and on tmpfs
pattern() {
	$IOT fill "$1" 0 $((8 * K)) 1 &&
	$IOT fill "$1" $((100 * K)) $((40 * K)) 2 &&
	$IOT fill "$1" $((300 * K)) $((4 * K)) 3 &&
	$IOT fill "$1" $((640 * K)) $((192 * K)) 4 &&
	$IOT falloc "$1" punch $((704 * K)) $((64 * K)) >/dev/null &&
	$IOT falloc "$1" punch $((112 * K)) $((8 * K)) >/dev/null &&
	$IOT falloc "$1" keep $((400 * K)) $((100 * K)) >/dev/null &&
	$IOT fill "$1" $((420 * K)) $((4 * K)) 5 &&
	truncate -s $((1100 * K)) "$1"
}

# seekmap of a Loom file equal to that of its tmpfs reference
same_map() {
	$IOT seekmap "$1" > /tmp/map.loom && $IOT seekmap "$2" > /tmp/map.ref &&
		cmp -s /tmp/map.loom /tmp/map.ref ||
		{ echo "# loom:"; sed 's/^/#   /' /tmp/map.loom; echo "# tmpfs:"; sed 's/^/#   /' /tmp/map.ref; false; }
}

# seek FILE data|hole OFF = EXPECTED
seek_is() {
	_got=$($IOT seek "$1" "$2" "$3")
	[ "$_got" = "$4" ] || { echo "# seek $2 $3 of $1: $_got, not $4"; false; }
}

for d in v m one; do
	f=$A/$d/pat
	require "$d: pattern on Loom" pattern $f
	require "$d: pattern on tmpfs" pattern $R/pat.$d
	check "$d: SEEK_DATA/SEEK_HOLE map as on tmpfs" same_map $f $R/pat.$d
	check "$d: the other client finds the same" sh -c "$IOT seekmap $B/$d/pat | cmp -s - /tmp/map.ref"
	check "$d: data at 0" seek_is $f data 0 0
	check "$d: hole at 8K" seek_is $f hole 0 $((8 * K))
	check "$d: next data at 100K" seek_is $f data $((8 * K)) $((100 * K))
	check "$d: hole punched at 112K" seek_is $f hole $((100 * K)) $((112 * K))
	check "$d: allocated with KEEP_SIZE: a hole" seek_is $f data $((400 * K)) $((420 * K))
	check "$d: data from inside an extent is that offset" seek_is $f data $((641 * K + 3)) $((641 * K + 3))
	check "$d: no data in the hole at the end: ENXIO" seek_is $f data $((900 * K)) ENXIO
	check "$d: the hole at the end" seek_is $f hole $((1000 * K)) $((1000 * K))
	check "$d: SEEK_DATA at the size: ENXIO" seek_is $f data $((1100 * K)) ENXIO
	check "$d: SEEK_HOLE at the size: ENXIO" seek_is $f hole $((1100 * K)) ENXIO
	check "$d: SEEK_HOLE past the size: ENXIO" seek_is $f hole $((5 * M)) ENXIO
	# (reading what fallocate() reserved may make it data on ext4: last)
	check "$d: data read back" sh -c "cmp $f $R/pat.$d"

	# files with no data
	check "$d: an empty file: ENXIO" sh -c "touch $A/$d/e && [ \$($IOT seek $A/$d/e data 0) = ENXIO ] && [ \$($IOT seek $A/$d/e hole 0) = ENXIO ]"
	check "$d: all hole: no data" sh -c "truncate -s $M $A/$d/h && [ \$($IOT seek $A/$d/h data 0) = ENXIO ]"
	check "$d: all hole: a hole where asked" seek_is $A/$d/h hole $((5 * K)) $((5 * K))

	# writes this client still caches are found (written back first)
	sh -c "exec 3>>$A/$d/h; head -c 4096 /dev/zero | tr '\\0' x >&3; sleep 4" &
	w=$!
	sleep 1
	check "$d: dirty data appended by an open file" seek_is $A/$d/h data 0 $M
	wait $w
	# and those the other client caches: its lock is called back
	truncate -s $M $A/$d/h2
	sh -c "exec 3>>$B/$d/h2; head -c 4096 /dev/zero | tr '\\0' y >&3; sleep 4" &
	w=$!
	sleep 1
	check "$d: data the other client holds open" seek_is $A/$d/h2 data 0 $M
	check "$d: and the hole before it" seek_is $A/$d/h2 hole 0 0
	wait $w
	check "$d: the other client's data" sh -c "[ \"\$(tail -c 4096 $A/$d/h2 | tr -d y | wc -c)\" = 0 ]"

	# fallocate
	f=$A/$d/fa
	check "$d: create" touch $f
	check "$d: fallocate 256K" $IOT falloc $f alloc 0 $((256 * K))
	check "$d: extends the size" test "$(stat -c %s $f)" = $((256 * K))
	check "$d: the other client sees it" test "$(stat -c %s $B/$d/fa)" = $((256 * K))
	check "$d: blocks allocated" test "$(stat -c %b $f)" -ge 512
	b=$(stat -c %b $f)
	check "$d: KEEP_SIZE 256K more" $IOT falloc $f keep $((256 * K)) $((256 * K))
	check "$d: keeps the size" test "$(stat -c %s $f)" = $((256 * K))
	check "$d: more blocks allocated" test "$(stat -c %b $f)" -ge $((b + 512))
	check "$d: allocated, not data" seek_is $f data 0 ENXIO
	check "$d: a hole" seek_is $f hole $((5 * K)) $((5 * K))
	check "$d: write into it" $IOT fill $f $((68 * K)) $((8 * K)) 9
	check "$d: the write is data" seek_is $f data 0 $((68 * K))
	check "$d: then a hole" seek_is $f hole $((68 * K)) $((76 * K))
	check "$d: the rest reads as zeros" sh -c "$IOT zero $f 0 $((68 * K)) && $IOT zero $f $((76 * K)) $((180 * K))"
	check "$d: data kept by another fallocate" sh -c "$IOT falloc $f alloc 0 $((300 * K)) && $IOT check $f $((68 * K)) $((8 * K)) 9"
	check "$d: and the size grew" test "$(stat -c %s $f)" = $((300 * K))
	check "$d: writes after it keep their data" sh -c "$IOT fill $f $((500 * K)) $((10 * K)) 8 && $IOT check $f $((500 * K)) $((10 * K)) 8"
done

# ENOSPC: nothing is left half-grown
touch $A/v/big $A/m/big
check "ext4 OSTs: 1 GiB does not fit" sh -c "[ \"\$($IOT falloc $A/v/big alloc 0 $((1024 * M)))\" = ENOSPC ]"
check "the size stays 0" test "$(stat -c %s $A/v/big)" = 0
check "writes still work there" sh -c "$IOT fill $A/v/big 0 $M 3 && $IOT check $A/v/big 0 $M 3"
check "memory OSTs: 64 MiB do not fit in 2 x 16" sh -c "[ \"\$($IOT falloc $A/m/big alloc 0 $((64 * M)))\" = ENOSPC ]"
check "the size stays 0" test "$(stat -c %s $A/m/big)" = 0
check "the space came back" sh -c "$IOT fill $A/m/big 0 $((8 * M)) 3 && $IOT check $A/m/big 0 $((8 * M)) 3"
check "KEEP_SIZE ENOSPC keeps the size" sh -c "[ \"\$($IOT falloc $A/m/big keep 0 $((64 * M)))\" = ENOSPC ] && [ \$(stat -c %s $A/m/big) = $((8 * M)) ]"
check "and the data" $IOT check $A/m/big 0 $((8 * M)) 3
check "bad ranges: EINVAL" sh -c "! $IOT falloc $A/v/pat alloc 0 0 >/dev/null"

check "umount B" umount $B
check "umount A" umount $A
for i in 4 3 2 1 0; do
	require "stop OST$i" in_ns srv loomctl ost stop sp $i
done
require "stop MDT0" in_ns srv loomctl mdt stop sp 0
require "stop MGS" in_ns srv loomctl mgs stop sp
in_ns c2 loomctl net del 10.2.0.2@tcp
in_ns c1 loomctl net del 10.1.0.2@tcp
in_ns srv loomctl net del "$SRV"
unload_loom
exit 0

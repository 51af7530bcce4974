# loom-timeout: 500
# loom-kmods: loop ext4 xfs
# loom-bins: mkfs.ext4:e2fsprogs mkfs.xfs:xfsprogs xfs_io:xfsprogs setfattr:attr getfattr:attr
# Persistent targets (the "dir" OSD backend) on ext4 (LOOM_FS=xfs: xfs):
# mkfs.loom an MGS, an MDT and two OSTs on a loop-mounted filesystem,
# refuse wrong directories, build a tree from a client in another netns,
# stop everything and unload, fsck.loom, start again from the same
# directories and find every byte and the whole namespace.  Then a crash
# (the backing filesystem shut down without flushing, as xfstests do):
# what was fsync'ed survives and fsck.loom is clean.  Corrupt records are
# errors, never oopses, and fsck.loom reports them.
. "$LOOM_LIB"

FS=${LOOM_FS:-ext4}
SRV=10.1.0.1@tcp; CLI=10.1.0.2@tcp
S=/srv/loom
M=/mnt/loom

netns_pair srv cli
truncate -s 300M /tmp/disk.img || die "no disk image"
if [ "$FS" = xfs ]; then
	require "mkfs.xfs" mkfs.xfs -q -f /tmp/disk.img
else
	require "mkfs.ext4" mkfs.ext4 -q -F /tmp/disk.img
fi
mkdir -p $S $M
require "mount the $FS backing filesystem" mount -o loop /tmp/disk.img $S
mkdir -p $S/mgs $S/mdt0 $S/ost0 $S/ost1 $S/empty $S/junk
echo hello > $S/junk/file

require "mkfs.loom MGS" mkfs.loom --mgs --fsname loom $S/mgs
require "mkfs.loom MDT0" mkfs.loom --mdt --fsname loom --index 0 $S/mdt0
require "mkfs.loom OST0" mkfs.loom --ost --fsname loom --index 0 $S/ost0
require "mkfs.loom OST1" mkfs.loom --ost --fsname loom --index 1 $S/ost1
check_fails "mkfs.loom refuses a non-empty directory" mkfs.loom --ost --fsname loom --index 2 $S/junk
check_fails "mkfs.loom refuses a bad fsname" mkfs.loom --ost --fsname 'a/b' --index 2 $S/empty
check "fsck.loom: a fresh MDT is clean" fsck.loom -n $S/mdt0

net_up() {
	require "server NI" in_ns srv loomctl net add "$SRV"
	require "client NI" in_ns cli loomctl net add "$CLI"
}

start_all() {
	require "start MGS ($1)" in_ns srv loomctl mgs start loom --stripe-count 2 --stripe-size 1048576 --path $S/mgs
	require "start MDT0 ($1)" in_ns srv loomctl mdt start loom 0 --mgs "$SRV" --path $S/mdt0
	require "start OST0 ($1)" in_ns srv loomctl ost start loom 0 --mgs "$SRV" --path $S/ost0
	require "start OST1 ($1)" in_ns srv loomctl ost start loom 1 --mgs "$SRV" --path $S/ost1
	wait_for 30 sh -c "in_ns() { nsenter --net=/run/netns/\$1 -- loomctl target list; }; [ \$(in_ns srv | grep -c running) -ge 4 ]" ||
		say "targets not all registered yet"
	require "mount ($1)" in_ns cli mount -t loom "$SRV:/loom" $M
}

stop_all() {
	require "umount ($1)" umount $M
	require "stop OST1 ($1)" in_ns srv loomctl ost stop loom 1
	require "stop OST0 ($1)" in_ns srv loomctl ost stop loom 0
	require "stop MDT0 ($1)" in_ns srv loomctl mdt stop loom 0
	require "stop MGS ($1)" in_ns srv loomctl mgs stop loom
}

# Names, types, sizes, modes, link counts of the whole tree, and checksums.
snapshot() {
	(cd $M && find . | sort | while read -r f; do
		stat -c '%n %F %s %a %h' "$f"
		[ -f "$f" ] && [ ! -L "$f" ] && md5sum < "$f"
		[ -L "$f" ] && echo "-> $(readlink "$f")"
	done)
}

load_loom
net_up
check_fails "an unformatted directory is refused" in_ns srv loomctl mdt start loom 0 --mgs "$SRV" --path $S/empty
check_fails "a missing directory is refused" in_ns srv loomctl mdt start loom 0 --mgs "$SRV" --path $S/nope
check_fails "an OST directory is refused for an MDT" in_ns srv loomctl mdt start loom 0 --mgs "$SRV" --path $S/ost0
check_fails "another fsname is refused" in_ns srv loomctl mdt start other 0 --mgs "$SRV" --path $S/mdt0
check_fails "another index is refused" in_ns srv loomctl ost start loom 1 --mgs "$SRV" --path $S/ost0
in_ns srv loomctl ost start loom 1 --mgs "$SRV" --path $S/ost0 2>&1 | tee /tmp/err
check "the refusal says why" grep -q "another target index" /tmp/err
check "nothing half-started" sh -c "! nsenter --net=/run/netns/srv -- loomctl target list | grep -q ."

start_all first
dd if=/dev/urandom of=/tmp/src bs=1024 count=3100 2>/dev/null
mkdir -p $M/d1/d2 $M/d3 $M/gone
require "write a striped file, fsync" dd if=/tmp/src of=$M/d1/striped bs=65536 conv=fsync 2>/dev/null
echo "small file" > $M/d1/small
dd if=/tmp/src of=$M/d3/tail bs=1000 count=7 conv=fsync 2>/dev/null
ln -s ../d1/striped $M/d3/link
ln $M/d1/small $M/d2hard 2>/dev/null || ln $M/d1/small $M/hard
check "rename a file" mv $M/d1/small $M/d1/small2
check "rename a directory" mv $M/d3 $M/d1/d2/d3
check "chmod" chmod 0640 $M/d1/small2
echo doomed > $M/doomed
check "unlink" rm $M/doomed
check "rmdir" rmdir $M/gone
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo "entry $i" > $M/d1/d2/f$i; done
rm $M/d1/d2/f3 $M/d1/d2/f7
snapshot > /tmp/before
cat /tmp/before
stop_all first
unload_loom

for t in mgs mdt0 ost0 ost1; do
	check "fsck.loom $t clean after a clean stop" fsck.loom -n -v $S/$t
done

load_loom
net_up
start_all second
snapshot > /tmp/after
check "the namespace and every byte survive a restart" cmp /tmp/before /tmp/after
diff /tmp/before /tmp/after
check "readdir of a directory with deleted entries" test "$(ls $M/d1/d2 | wc -l)" = 11
check "data read back" cmp /tmp/src $M/d1/striped
echo "after restart" > $M/d1/new
check "new files get new FIDs: old data intact" cmp /tmp/src $M/d1/striped
check "new file readable" grep -q "after restart" $M/d1/new
check "hard link count" test "$(stat -c %h $M/d1/small2)" = 2

# A crash: data fsync'ed survives, the backing fs loses what was not.
dd if=/tmp/src of=$M/d1/synced bs=65536 count=20 conv=fsync 2>/dev/null
mkdir $M/d1/newdir
dd if=/tmp/src of=$M/d1/unsynced bs=65536 count=4 2>/dev/null
require "shut the $FS filesystem down without flushing" xfs_io -x -c "shutdown" $S
umount $M 2>/dev/null || umount -f $M 2>/dev/null
in_ns srv loomctl ost stop loom 1 2>/dev/null; in_ns srv loomctl ost stop loom 0 2>/dev/null
in_ns srv loomctl mdt stop loom 0 2>/dev/null; in_ns srv loomctl mgs stop loom 2>/dev/null
unload_loom
require "umount the shut down filesystem" umount $S
require "mount it again (journal recovery)" mount -o loop /tmp/disk.img $S
for t in mgs mdt0 ost0 ost1; do
	check "fsck.loom $t clean after the crash" fsck.loom -n -v $S/$t
done
load_loom
net_up
start_all third
check "the fsync'ed file survives the crash" sh -c "head -c 1310720 /tmp/src | cmp - $M/d1/synced"
check "a completed mkdir survives the crash" test -d $M/d1/newdir
check "older data survives the crash" cmp /tmp/src $M/d1/striped
stop_all third

# Corruption: errors, never oopses.
f=$(ls $S/ost0/O/*/* | head -1)
v=$(getfattr -e hex -n trusted.loom.attr "$f" | sed -n 's/^trusted.loom.attr=0x//p')
say "corrupting $f ($v)"
nv=0x$(echo "$v" | cut -c1-40)ff$(echo "$v" | cut -c43-)
[ "$nv" != "0x$v" ] || nv=0x$(echo "$v" | cut -c1-40)00$(echo "$v" | cut -c43-)
require "flip a byte of an attribute record" setfattr -n trusted.loom.attr -v "$nv" "$f"
fsck.loom -n $S/ost0; rc=$?
check "fsck.loom reports a corrupt attribute record (exit 4)" test $rc = 4
printf 'X' | dd of=$S/ost1/LABEL bs=1 seek=24 conv=notrunc 2>/dev/null
fsck.loom -n $S/ost1; rc=$?
check "fsck.loom reports a corrupt label (exit 4)" test $rc = 4
in_ns srv loomctl mgs start loom --path $S/mgs
in_ns srv loomctl mdt start loom 0 --mgs "$SRV" --path $S/mdt0
in_ns srv loomctl ost start loom 0 --mgs "$SRV" --path $S/ost0
in_ns srv loomctl ost start loom 1 --mgs "$SRV" --path $S/ost1 2>&1 | tee /tmp/err
check "a corrupt label is refused" grep -q "corrupt target label" /tmp/err
require "start OST1 on a fixed label" mkfs.loom --ost --fsname loom --index 1 --force $S/ost1
in_ns srv loomctl ost start loom 1 --mgs "$SRV" --path $S/ost1
in_ns cli mount -t loom "$SRV:/loom" $M
for x in $(find $M -type f); do cat "$x" > /dev/null 2>&1; done
say "reading every file with a corrupt object: errors, no oops"
umount $M
unload_loom
check "unload with targets running" sh -c "! grep -q '^loom ' /proc/modules"
umount $S
exit 0

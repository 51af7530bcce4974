# loom-timeout: 1200
# loom-disk: 2G
# loom-image: tests/guest/kbuild-image
# loom-kmods: virtio_pci virtio_blk ext4
# loom-bins: mkfs.ext4:e2fsprogs
# A real workload: a kernel source subset (include/, lib/, arch/x86/include
# and the generated headers of the newest kernel's configuration, from
# tests/guest/kbuild-image on the read-only disk /dev/vdb) is unpacked onto
# Loom (files striped over two OSTs, the targets on ext4 on /dev/vda) and
# onto a local tmpfs; every file's sha256 matches on both and the list
# made on the host.  Then about 40 lib/*.c files are compiled with kernel
# flags by make -j2 with the host's gcc (chroot into the image) in both
# trees: the objects are identical, also read back after a remount.
# Last, rm -rf of the whole tree on Loom.
. "$LOOM_LIB"

SRV=10.1.0.1@tcp; CLI=10.1.0.2@tcp
S=/srv/loom
M=/mnt/loom
K=/kb
L=/tmp/local
TAR=$K/src/linux-subset.tar.xz

elapsed() { echo $(( $(cut -d. -f1 /proc/uptime) - $1 )); }
now() { cut -d. -f1 /proc/uptime; }

netns_pair srv cli
mkdir -p $S $M $K $L
require "the image is there" mount -t ext4 -o ro /dev/vdb $K
require "mkfs.ext4 on /dev/vda" mkfs.ext4 -q -F /dev/vda
require "mount it" mount -t ext4 /dev/vda $S
mkdir -p $S/mgs $S/mdt0 $S/ost0 $S/ost1
require "mkfs.loom MGS" mkfs.loom --mgs --fsname loom $S/mgs
require "mkfs.loom MDT0" mkfs.loom --mdt --fsname loom --index 0 $S/mdt0
require "mkfs.loom OST0" mkfs.loom --ost --fsname loom --index 0 $S/ost0
require "mkfs.loom OST1" mkfs.loom --ost --fsname loom --index 1 $S/ost1
load_loom
require "server NI" in_ns srv loomctl net add "$SRV"
require "client NI" in_ns cli loomctl net add "$CLI"
require "start MGS (files striped over 2 OSTs, 64K)" in_ns srv loomctl mgs start loom --stripe-count 2 --stripe-size 65536 --path $S/mgs
require "start MDT0" in_ns srv loomctl mdt start loom 0 --mgs "$SRV" --path $S/mdt0
require "start OST0" in_ns srv loomctl ost start loom 0 --mgs "$SRV" --path $S/ost0
require "start OST1" in_ns srv loomctl ost start loom 1 --mgs "$SRV" --path $S/ost1
registered() { [ "$(in_ns srv loomctl target list | grep -c running)" -ge 4 ]; }
wait_for 30 registered || say "targets not all registered yet"
mnt() { in_ns cli mount -t loom "$SRV:/loom" $M; }
require "mount" mnt

sums() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs -r sha256sum); }

t=$(now)
require "unpack onto Loom" tar -xJf $TAR -C $M
say "unpacked onto Loom in $(elapsed "$t") s"
t=$(now)
require "unpack onto tmpfs" tar -xJf $TAR -C $L
say "unpacked onto tmpfs in $(elapsed "$t") s"
say "$(find $L -type f | wc -l) files, $(find $L -type d | wc -l) directories, $(du -sm $L | cut -f1) MB"
check "the files are striped over both OSTs" sh -c "loom getstripe $M/Makefile | grep -q 'lmm_stripe_count: *2$'"
check "the same directories" sh -c "(cd $M && find . -type d | LC_ALL=C sort) > /tmp/d.loom; (cd $L && find . -type d | LC_ALL=C sort) > /tmp/d.local; cmp /tmp/d.loom /tmp/d.local"
sums $M > /tmp/sum.loom
sums $L > /tmp/sum.local
check "every file's sha256 on Loom is the host's" cmp /tmp/sum.loom $K/src/linux-subset.sha256
check "and the tmpfs copy's" cmp /tmp/sum.loom /tmp/sum.local
cmp /tmp/sum.loom $K/src/linux-subset.sha256 >/dev/null || diff /tmp/sum.loom $K/src/linux-subset.sha256 | head -20

# Build in a chroot into the image, one tree at a time.
require "bind the Loom tree" mount --bind $M $K/w1
require "bind the local tree" mount --bind $L $K/w2
require "/dev in the chroot" mount --bind /dev $K/dev
require "/proc in the chroot" mount -t proc proc $K/proc
require "/tmp in the chroot" mount -t tmpfs tmpfs $K/tmp
nobj=$(grep -c '^OBJS' $L/loom-kbuild-objs.mk)
for w in w1 w2; do
	t=$(now)
	check "make -j2 of $nobj lib/ objects in $w" chroot $K /bin/sh -c "cd /$w && make -f loom-kbuild.mk -j2 >/tmp/make.$w 2>&1" ||
		tail -20 $K/tmp/make.$w
	say "built in $w in $(elapsed "$t") s"
done
objsums() { (cd "$1" && find lib -name '*.o' | LC_ALL=C sort | xargs -r sha256sum); }
objsums $L > /tmp/obj.local
objsums $M > /tmp/obj.loom
check "$nobj objects built" test "$(wc -l < /tmp/obj.local)" = "$nobj"
check "the objects built on Loom are the local ones" cmp /tmp/obj.loom /tmp/obj.local
umount $K/tmp $K/proc $K/dev $K/w2 $K/w1

require "umount" umount $M
require "mount again (no cached pages)" mnt
objsums $M > /tmp/obj.loom2
check "the objects read back after a remount" cmp /tmp/obj.loom2 /tmp/obj.local
sums $M | grep -v '\.o$' | grep -v ' ./lib/.*\.o$' > /tmp/sum.loom2
grep -v '\.o$' /tmp/sum.loom > /tmp/sum.loom1
check "and the sources" cmp /tmp/sum.loom1 /tmp/sum.loom2

t=$(now)
check "rm -rf of the tree on Loom" rm -rf $M/include $M/lib $M/arch $M/Makefile $M/loom-kbuild.mk $M/loom-kbuild-objs.mk
say "removed in $(elapsed "$t") s"
check "empty" test -z "$(ls -A $M)"

require "umount" umount $M
require "stop OST1" in_ns srv loomctl ost stop loom 1
require "stop OST0" in_ns srv loomctl ost stop loom 0
require "stop MDT0" in_ns srv loomctl mdt stop loom 0
require "stop MGS" in_ns srv loomctl mgs stop loom
unload_loom
for t in mdt0 ost0 ost1; do check "fsck.loom $t clean" fsck.loom -n $S/$t; done
umount $S
umount $K
exit 0

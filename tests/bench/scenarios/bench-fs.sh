# loom-timeout: 1500
# bench-fs: Loom (MGS, MDT and two OSTs in memory, stripe count 2, 1 MiB
# stripes, client in another netns over veth) against knfsd NFSv4.2 over
# loopback exporting a tmpfs, and against tmpfs itself, in one guest.
# tests/bench/fs-vs-nfs runs it (never part of "tests/guest/run all").
# Prints "LOOM-BENCH FS_MEASURE=value" lines, FS one of loom, nfs, tmpfs:
#   seqwrite_MBps   fio sequential write, 1 MiB blocks, 256 MiB, fsync at end
#   seqread_MBps    fio sequential read of it, page cache dropped first
#   randwrite_iops  fio 4 KiB random writes, O_DIRECT (tmpfs: buffered), 16 MiB
#   randread_iops   fio 4 KiB random reads, O_DIRECT (tmpfs: buffered)
#   create_per_s, stat_per_s, unlink_per_s   loom-iotest meta, 2000 files
# Measured, never asserted: the scenario fails only if a tool fails.
. "$LOOM_LIB"

SRV=10.1.0.1@tcp; CLI=10.1.0.2@tcp
SIZE=256M
bench() { echo "LOOM-BENCH $1=$2"; }
dropc() { sync; echo 3 > /proc/sys/vm/drop_caches; }

# fio terse v3: field 7 read bandwidth KiB/s, 8 read IOPS, 48 write KiB/s,
# 49 write IOPS.
fio_field() { # FIELD ARGS...
	_f=$1; shift
	fio --thread --minimal --name=b "$@" > /tmp/fio.out 2>/tmp/fio.err ||
		{ cat /tmp/fio.err; die "fio $*"; }
	awk -F';' -v f="$_f" '{ print $f; exit }' /tmp/fio.out
}
measure() { # FS DIR DIRECT
	_fs=$1 _d=$2 _direct=$3
	kb=$(fio_field 48 --directory="$_d" --rw=write --bs=1M --size="$SIZE" --end_fsync=1)
	bench "${_fs}_seqwrite_MBps" "$(awk -v k="$kb" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }')"
	dropc
	kb=$(fio_field 7 --directory="$_d" --rw=read --bs=1M --size="$SIZE")
	bench "${_fs}_seqread_MBps" "$(awk -v k="$kb" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }')"
	rm -f "$_d"/b.*
	io=$(fio_field 49 --directory="$_d" --rw=randwrite --bs=4k --size=16M --direct="$_direct" --runtime=15 --time_based)
	bench "${_fs}_randwrite_iops" "$io"
	dropc
	io=$(fio_field 8 --directory="$_d" --rw=randread --bs=4k --size=16M --direct="$_direct" --runtime=15 --time_based)
	bench "${_fs}_randread_iops" "$io"
	rm -f "$_d"/b.*
	mkdir -p "$_d/meta"
	loom-iotest meta "$_d/meta" 2000 > /tmp/meta.out || die "meta on $_fs"
	sed "s/^/LOOM-BENCH ${_fs}_/" /tmp/meta.out
	rmdir "$_d/meta"
}

# tmpfs
mkdir -p /mnt/tmpfs
mount -t tmpfs -o size=1g tmpfs /mnt/tmpfs || die "tmpfs"
measure tmpfs /mnt/tmpfs 0
umount /mnt/tmpfs

# knfsd NFSv4.2 over loopback, exporting a tmpfs
ip link set lo up
grep -q nfsd /proc/filesystems || die "no nfsd module (--kmod nfsd)"
mkdir -p /srv/export /proc/fs/nfsd /var/lib/nfs/v4recovery /mnt/nfs \
	 /var/lib/nfs/rpc_pipefs /var/lib/nfs/nfsdcld
mount -t tmpfs -o size=1g tmpfs /srv/export
mount -t nfsd nfsd /proc/fs/nfsd || die "nfsd fs"
mount -t rpc_pipefs sunrpc /var/lib/nfs/rpc_pipefs 2>/dev/null || true
# client tracking: without nfsdcld knfsd waits ~40 s for it at start
nfsdcld -p /var/lib/nfs/rpc_pipefs 2>/dev/null || true
echo 10 > /proc/fs/nfsd/nfsv4leasetime 2>/dev/null || true
echo 10 > /proc/fs/nfsd/nfsv4gracetime 2>/dev/null || true
: > /var/lib/nfs/etab
echo "/srv/export 127.0.0.1(rw,sync,no_root_squash,no_subtree_check,insecure,fsid=0)" > /etc/exports
exportfs -ra || die "exportfs"
rpc.mountd -N 3 --no-udp || die "rpc.mountd"
rpc.nfsd -N 3 --no-udp 4 || die "rpc.nfsd"
sleep 1
mount.nfs 127.0.0.1:/ /mnt/nfs -o vers=4.2 || die "mount nfs"
wait_for 60 touch /mnt/nfs/.grace || die "NFS grace period did not end"
rm -f /mnt/nfs/.grace
measure nfs /mnt/nfs 1
umount /mnt/nfs
rpc.nfsd 0
exportfs -ua

# Loom
netns_pair srv cli
load_loom
require "server NI" in_ns srv loomctl net add "$SRV"
require "client NI" in_ns cli loomctl net add "$CLI"
require "start MGS" in_ns srv loomctl mgs start bench --stripe-count 2 --stripe-size 1048576
require "start MDT0" in_ns srv loomctl mdt start bench 0 --mgs "$SRV"
require "start OST0" in_ns srv loomctl ost start bench 0 --mgs "$SRV" --capacity-mb 1024
require "start OST1" in_ns srv loomctl ost start bench 1 --mgs "$SRV" --capacity-mb 1024
mkdir -p /mnt/loom
require "mount" in_ns cli mount -t loom "$SRV:/bench" /mnt/loom
measure loom /mnt/loom 1
loom getstripe /mnt/loom 2>/dev/null | head -3
require "umount" umount /mnt/loom
exit 0

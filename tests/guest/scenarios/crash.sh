# loom-ci: newest
# loom-timeout: 600
# loom-disk: 3G
# loom-phases: 4
# loom-kmods: virtio_pci virtio_blk ext4
# loom-bins: mkfs.ext4:e2fsprogs e2fsck:e2fsprogs
# A killed server loses nothing that completed.  Every target (MGS, MDT,
# three OSTs) lives on ext4 on a virtio disk that outlives the guest.
# Phases 1-3 each run a workload in a new directory (round): two
# loom-crashload workers create files of known content with fsync in
# directories of several stripe layouts, append with fsync, rename (also
# over files), link, unlink, chmod, mkdir, rmdir, and journal each
# completed operation on the serial console, while a third process writes
# without fsync; then the guest asks to be killed (SIGKILL to QEMU: the
# page cache is lost) at a different moment each time: well into the
# workload, right at its start, and in a flood of unsynced data.  Phases
# 2-4 boot again on the disk: e2fsck replays the ext4 journal, fsck.loom
# finds nothing but the crash residue it documents (and repairs it), the
# targets start, and every round so far is
# checked against its journal: each fsync'ed byte and each completed
# metadata operation is there, no other name is, every name resolves,
# link counts are right.  Phase 4 ends with a clean stop and fsck.
. "$LOOM_LIB"

SRV=10.1.0.1@tcp; CLI=10.1.0.2@tcp
S=/srv/loom
M=/mnt/loom
DEV=/dev/vda
TARGETS="mgs mdt0 ost0 ost1 ost2"

# Only warnings and worse on the console: the journal lines stay whole.
echo "5 4 1 7" > /proc/sys/kernel/printk
say "phase $LOOM_PHASE of $LOOM_PHASES"
netns_pair srv cli
mkdir -p $S $M
require "the disk is there" test -b $DEV

if [ "$LOOM_PHASE" = 1 ]; then
	require "mkfs.ext4 on the disk" mkfs.ext4 -q -F $DEV
	require "mount it" mount -t ext4 $DEV $S
	for t in $TARGETS; do mkdir -p $S/$t; done
	require "mkfs.loom MGS" mkfs.loom --mgs --fsname loom $S/mgs
	require "mkfs.loom MDT0" mkfs.loom --mdt --fsname loom --index 0 $S/mdt0
	for i in 0 1 2; do
		require "mkfs.loom OST$i" mkfs.loom --ost --fsname loom --index $i $S/ost$i
	done
else
	# A power cut: the ext4 journal is replayed, and nothing else is wrong.
	e2fsck -p $DEV; rc=$?
	check "e2fsck -p after the kill (exit $rc: 0 or 1)" test $rc -le 1
	check "e2fsck -fn: the backing ext4 is consistent" e2fsck -fn $DEV
	require "mount it" mount -t ext4 $DEV $S
	# What the MDT's ordering of its steps may leave after a crash
	# (design.rst, Durability): an orphan object (made, its name not yet
	# added; or its name removed, the object not yet destroyed), a wrong
	# link count (a file's raised before its new name, a parent's raised
	# after a mkdir's name), and fsck.loom -y repairs.  Anything else is
	# an error.
	for t in $TARGETS; do
		fsck.loom -n -v $S/$t > /tmp/fsck.$t 2>&1; rc=$?
		cat /tmp/fsck.$t
		[ $rc = 0 ] && { check "fsck.loom $t clean after the kill" true; continue; }
		grep ': /srv/loom/[a-z0-9]*: ' /tmp/fsck.$t | grep -vE ': (loom [A-Z]+[0-9]+|[0-9]+ reply log records|[0-9]+ objects, .*)$' > /tmp/fsck.problems
		check "fsck.loom $t: only crash residue it repairs (exit $rc)" sh -c \
			"test $rc = 4 && ! grep -vE ': (orphan object .*|object .* has link count [0-9]+, the namespace [0-9]+)$' /tmp/fsck.problems"
		fsck.loom -y $S/$t; rc=$?
		check "fsck.loom -y $t repairs it (exit $rc)" test $rc = 1
		check "fsck.loom $t clean after the repair" fsck.loom -n $S/$t
	done
fi

load_loom
require "server NI" in_ns srv loomctl net add "$SRV"
require "client NI" in_ns cli loomctl net add "$CLI"
require "start MGS" in_ns srv loomctl mgs start loom --stripe-count 1 --stripe-size 65536 --path $S/mgs
require "start MDT0" in_ns srv loomctl mdt start loom 0 --mgs "$SRV" --path $S/mdt0
for i in 0 1 2; do
	require "start OST$i" in_ns srv loomctl ost start loom $i --mgs "$SRV" --path $S/ost$i
done
registered() { [ "$(in_ns srv loomctl target list | grep -c running)" -ge 5 ]; }
wait_for 30 registered || say "targets not all registered yet"
require "mount" in_ns cli mount -t loom "$SRV:/loom" $M

LAYOUTS="s1 s2 s3 def"
roots() { for l in $LAYOUTS; do printf '%s ' "$M/r$1/$l/w$2"; done; }

# The last operation of worker TAG whose journal line reached the host.
journal_last() {
	phase_log | awk -v t="$1" '$1 == "LOOM-J" && $2 == t && NF == 3 && $3 ~ /^[0-9]+$/ {
		if ($3 + 0 > m) m = $3 + 0 } END { print m + 0 }'
}

# Rounds of the earlier phases: everything that completed is there.
r=1
while [ $r -lt "$LOOM_PHASE" ]; do
	for w in 1 2; do
		n=$(journal_last r${r}w$w)
		say "round $r worker $w: $n operations completed before the kill"
		# shellcheck disable=SC2046
		check "round $r worker $w: every completed operation and fsync'ed byte" \
			loom-crashload verify r${r}w$w $((r * 1000 + w)) "$n" $(roots $r $w)
	done
	check "round $r: the unsynced files read without error" \
		sh -c "for f in $M/r$r/nosync/*; do [ -e \"\$f\" ] || continue; cat \"\$f\" > /dev/null || exit 1; done"
	r=$((r + 1))
done
check "no operation failed before a kill" sh -c "! grep -qs LOOM-CRASHLOAD-ERROR /etc/loom/phase-log"

if [ "$LOOM_PHASE" = "$LOOM_PHASES" ]; then
	require "umount" umount $M
	for i in 2 1 0; do require "stop OST$i" in_ns srv loomctl ost stop loom $i; done
	require "stop MDT0" in_ns srv loomctl mdt stop loom 0
	require "stop MGS" in_ns srv loomctl mgs stop loom
	unload_loom
	for t in $TARGETS; do check "fsck.loom $t clean after a clean stop" fsck.loom -n $S/$t; done
	require "umount the backing ext4" umount $S
	check "e2fsck -fn clean at the end" e2fsck -fn $DEV
	exit 0
fi

# A new round: the layouts, the workers, unsynced writes, then the kill.
r=$LOOM_PHASE
require "round $r directories" mkdir -p $M/r$r/s1 $M/r$r/s2 $M/r$r/s3 $M/r$r/def $M/r$r/nosync
for w in 1 2; do
	for d in $(roots $r $w); do require "mkdir $d" mkdir $d; done
	require "layout: 1 stripe" loom setstripe -c 1 $M/r$r/s1/w$w
	require "layout: 2 stripes of 64K" loom setstripe -c 2 -S 64K $M/r$r/s2/w$w
	require "layout: all OSTs, 1M stripes" loom setstripe -c -1 -S 1M $M/r$r/s3/w$w
done
require "sync the round's directories" sync
dd if=/dev/urandom of=/tmp/junk bs=65536 count=64 2>/dev/null

progress() { cat /tmp/progress.1 /tmp/progress.2 2>/dev/null | awk 'NR == 1 || $1 + 0 < m { m = $1 + 0 } END { print m + 0 }'; }
advanced() { [ "$(progress)" -ge "$1" ]; }
nosync() { # write files without fsync until killed
	i=0
	while :; do
		i=$((i + 1))
		dd if=/tmp/junk of=$M/r$r/nosync/n$i bs=65536 count=$(($1 + i % 7)) 2>/dev/null
	done
}

rm -f /tmp/progress.*
for w in 1 2; do
	# shellcheck disable=SC2046
	CRASHLOAD_PROGRESS=/tmp/progress.$w loom-crashload run r${r}w$w $((r * 1000 + w)) 0 $(roots $r $w) &
done
case $r in
1)	# well into the workload
	nosync 8 &
	require "round 1: the workload runs" wait_for 300 advanced 150
	;;
2)	# at its start
	nosync 16 &
	require "round 2: the workload starts" wait_for 120 advanced 2
	;;
3)	# in a flood of unsynced data
	require "round 3: the workload runs" wait_for 300 advanced 60
	nosync 48 &
	dd if=/dev/zero of=$M/r$r/nosync/big bs=1M count=256 2>/dev/null &
	sleep 2
	;;
esac
say "round $r: $(progress) operations per worker done; killing the guest"
kill_me

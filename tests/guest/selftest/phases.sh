# loom-kmods: virtio_pci virtio_blk
# loom-disk: 64M
# loom-phases: 2
# The harness's phases and disks (tests/guest/run): phase 1 writes a
# block to /dev/vda, syncs it, writes a second one without syncing and
# asks to be killed; phase 2 boots on the same disk, finds the synced
# block and phase 1's console output (a journal line) in the phase log.
. "$LOOM_LIB"

check "a virtio disk is there" test -b /dev/vda
say "phase $LOOM_PHASE of $LOOM_PHASES"
if [ "$LOOM_PHASE" = 1 ]; then
	check "no phase log in phase 1" test -z "$(phase_log)"
	echo "phase-one-data" | dd of=/dev/vda bs=4096 conv=sync,fsync 2>/dev/null
	echo "JOURNAL synced-block-0"
	kill_me
fi
check "phase 2 of 2" test "$LOOM_PHASE/$LOOM_PHASES" = 2/2
check "the synced block survived the kill" sh -c "dd if=/dev/vda bs=4096 count=1 2>/dev/null | grep -aq phase-one-data"
check "the phase log has phase 1's journal" sh -c "phase_log() { cat /etc/loom/phase-log; }; phase_log | grep -q '^JOURNAL synced-block-0'"
check "and its kill" grep -q 'LOOM-PHASE 1 killed' /etc/loom/phase-log
exit 0

# loom-timeout: 600
# loom-kmods: loop ext4
# loom-bins: mkfs.ext4:e2fsprogs
# Open and advisory locks survive an MDT restart: a persistent MDT (ext4
# in a loop file) restarts with a recovery window, in which the clients
# it knew replay the open locks of their open files and their fcntl()
# and flock() locks (LOOM_FEAT_REPLAY).  Two clients on separate network
# stacks.  A file A holds open and B removed keeps its data across the
# restart: A reads and writes it, and its objects go at A's last close;
# so does one A removed itself.  An exclusive lock A holds is still A's
# after the restart: B gets EAGAIN, and the lock once A releases it.  A
# client that does not come back only delays the window's end
# (recovery_window seconds).  fsck.loom is clean at the end.
. "$LOOM_LIB"

SRV=10.1.0.1@tcp
S=/srv/loom
A=/mnt/a; B=/mnt/b
LT=loom-locktest
M=/tmp/replay-marks
D=/sys/fs/loom/rp-MDT0000
P=/sys/module/loom/parameters

netns_pair srv c1
netns_pair srv c2 10.2.0.1/24 10.2.0.2/24 fd00:2::1/64 fd00:2::2/64
require "route from c2" ip -n c2 route add 10.1.0.0/24 via 10.2.0.1
truncate -s 300M /tmp/disk.img || die "no disk image"
require "mkfs.ext4" mkfs.ext4 -q -F /tmp/disk.img
mkdir -p $S $A $B $M
require "mount the ext4 backing filesystem" mount -o loop /tmp/disk.img $S
mkdir -p $S/mgs $S/mdt0 $S/ost0 $S/ost1
require "mkfs.loom MGS" mkfs.loom --mgs --fsname rp $S/mgs
require "mkfs.loom MDT0" mkfs.loom --mdt --fsname rp --index 0 $S/mdt0
require "mkfs.loom OST0" mkfs.loom --ost --fsname rp --index 0 $S/ost0
require "mkfs.loom OST1" mkfs.loom --ost --fsname rp --index 1 $S/ost1

load_loom rpc_timeout=4 ping_interval=2 recovery_window=20
require "server NI" in_ns srv loomctl net add "$SRV"
require "client 1 NI" in_ns c1 loomctl net add 10.1.0.2@tcp
require "client 2 NI" in_ns c2 loomctl net add 10.2.0.2@tcp

mdt_start() { in_ns srv loomctl mdt start rp 0 --mgs "$SRV" --path $S/mdt0; }
mdt_stop() { in_ns srv loomctl mdt stop rp 0; }
registered() { [ "$(in_ns srv loomctl target list | grep -c running)" -ge 4 ]; }
recovered() { [ "$(cat $D/recovery 2>/dev/null)" = complete ]; }
destroyed() { cat $D/destroyed; }

require "start MGS" in_ns srv loomctl mgs start rp --stripe-count 2 --stripe-size 1048576 --path $S/mgs
require "start MDT0" mdt_start
require "start OST0" in_ns srv loomctl ost start rp 0 --mgs "$SRV" --path $S/ost0
require "start OST1" in_ns srv loomctl ost start rp 1 --mgs "$SRV" --path $S/ost1
wait_for 30 registered || say "targets not all registered yet"
require "mount A (client 1)" in_ns c1 mount -t loom -o timeout=120 "$SRV:/rp" $A
require "mount B (client 2)" in_ns c2 mount -t loom -o timeout=120 "$SRV:/rp" $B
on_exit "exec 3<&- 4<&-; umount $B 2>/dev/null; umount $A 2>/dev/null; true"
check "a first start has no recovery window" recovered

# hold NAME FILE STEP...: a holder in the background that runs the steps,
# touches $M/NAME, and keeps its locks until $M/NAME.go exists (without
# the scenario's open files 3 and 4)
hold() {
	_n=$1; shift
	_f=$1; shift
	rm -f "$M/$_n" "$M/$_n.go"
	$LT "$_f" "$@" "touch:$M/$_n" "wait:$M/$_n.go" > "$M/$_n.log" 2>&1 3<&- 4<&- &
	eval "pid_$_n=\$!"
	wait_for 30 test -e "$M/$_n" || { cat "$M/$_n.log"; return 1; }
}
release() {
	touch "$M/$1.go"
	eval "wait \$pid_$1"
}

dd if=/dev/urandom of=/tmp/src bs=65536 count=40 2>/dev/null	# 2.5 MiB: both stripes

# The state before the restart: f1 open on A and removed by B; f2 open
# on A and removed by A; an fcntl() write lock and a flock() lock of A.
require "A writes f1" dd if=/tmp/src of=$A/f1 bs=65536 conv=fsync 2>/dev/null
require "A writes f2" dd if=/tmp/src of=$A/f2 bs=65536 conv=fsync 2>/dev/null
exec 3<> $A/f1
exec 4< $A/f2
check "B removes f1, open on A" rm $B/f1
check "A removes f2, open on A" rm $A/f2
check "the MDT keeps f1 for A" wait_for 10 sh -c "[ \$(cat $D/destroy_open) = 1 ]"
touch $A/lk $A/lk2
check "A write-locks bytes 0-99 of lk" hold a1 $A/lk w:0:100
check "A takes flock LOCK_EX on lk2" hold a2 $A/lk2 fex
check "B: lk is locked" $LT $B/lk w:50:10=EAGAIN

# The restart: both clients replay, the window closes early.
t0=$(cut -d. -f1 /proc/uptime)
require "stop MDT0" mdt_stop
require "start MDT0 again" mdt_start
check "the MDT opens a recovery window for its 2 clients" \
	sh -c "dmesg | grep -q 'rp mdt0000: recovery window of 20 s for 2 clients'"
check "B: F_SETLK on A's range -> EAGAIN, after A's replay" \
	$LT $B/lk w:50:10=EAGAIN
check "B: flock LOCK_EX|LOCK_NB on lk2 -> EWOULDBLOCK" $LT $B/lk2 fexnb=EAGAIN
check "B: past A's range is free" $LT $B/lk w:100:10
check "the window closed once both clients replayed" wait_for 30 recovered
check "before its 20 s" test $(($(cut -d. -f1 /proc/uptime) - t0)) -lt 20
check "the MDT logged both clients' replay" \
	sh -c "dmesg | grep -q 'rp mdt0000: recovery ended, 2 of 2 clients replayed'"
check "A replayed its open locks" \
	sh -c "dmesg | grep -q 'rp: replayed [0-9]* open locks to the MDT, 0 lost'"
check "A replayed its advisory locks" \
	sh -c "dmesg | grep -q 'rp: replayed 2 advisory locks to the MDT'"
sleep 2
check "f1 is still kept for A" test "$(cat $D/destroy_open)" = 1
check "nothing was destroyed" test "$(destroyed)" = 0
check "A reads all of f1 through its open file" sh -c 'cmp - /tmp/src <&3'
check "A writes into f1" \
	sh -c 'printf XYZ | dd of=/proc/self/fd/3 bs=1 seek=100 conv=notrunc 2>/dev/null'
check "and reads it back" \
	sh -c "dd if=/proc/self/fd/3 bs=1 skip=100 count=3 2>/dev/null | grep -qx XYZ"
check "A reads all of f2, which it removed" sh -c 'cmp - /tmp/src <&4'
exec 3<&-
check "at A's close of f1 its objects go" \
	wait_for 15 sh -c "[ \$(cat $D/destroyed) = 2 ]"
exec 4<&-
check "at A's close of f2 its objects go" \
	wait_for 15 sh -c "[ \$(cat $D/destroyed) = 4 ]"
check "no record waits any more" test "$(cat $D/destroy_open)" = 0

check "A releases lk" release a1
check "B gets the lock now" $LT $B/lk w:50:10
check "A releases lk2" release a2
check "B gets flock LOCK_EX now" $LT $B/lk2 fexnb

# B does not come back: the window runs its time, then A's lock is A's.
check "A write-locks lk again" hold a3 $A/lk w:0:0
require "cut B off" ip -n c2 link set ve-srv down
t0=$(cut -d. -f1 /proc/uptime)
require "stop MDT0" mdt_stop
require "start MDT0 again" mdt_start
check "the window waits for B once A replayed" \
	wait_for 15 sh -c "grep -q 'recovering 1/2' $D/recovery"
check "and closes after recovery_window" wait_for 40 recovered
check "not before" test $(($(cut -d. -f1 /proc/uptime) - t0)) -ge 18
check "the MDT logged B's absence" \
	sh -c "dmesg | grep -q 'rp mdt0000: recovery ended, 1 of 2 clients replayed'"
require "B back" ip -n c2 link set ve-srv up
require "B's route back" ip -n c2 route replace 10.1.0.0/24 via 10.2.0.1
check "B: lk is still A's" wait_for 60 $LT $B/lk w:0:1=EAGAIN
check "A releases" release a3
check "B gets it" $LT $B/lk w:0:1

# A stop without clients: the destroy log holds nothing open; fsck is clean.
umount $B; umount $A
require "stop MDT0" mdt_stop
check "fsck.loom MDT0 is clean" fsck.loom -n $S/mdt0

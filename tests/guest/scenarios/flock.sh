# loom-timeout: 400
# fcntl() and flock() locks are arbitrated by the MDT: two clients on
# separate network stacks exclude each other as two processes of one
# node do.  Conflicts, shared locks, F_SETLKW waiting for a release,
# ranges that split and merge, F_GETLK with the remote owner's pid
# negated, flock(), OFD locks, EDEADLK across clients, locks dropped at
# close, at a kill, and when the holder is evicted; bad ranges and types
# get the local filesystem's errors; localflock keeps them per node.
. "$LOOM_LIB"

SRV=10.1.0.1@tcp
A=/mnt/a; B=/mnt/b
LT=loom-locktest
M=/tmp/flock-marks

netns_pair srv c1
netns_pair srv c2 10.2.0.1/24 10.2.0.2/24 fd00:2::1/64 fd00:2::2/64
require "route from c2" ip -n c2 route add 10.1.0.0/24 via 10.2.0.1
load_loom
require "server NI" in_ns srv loomctl net add "$SRV"
require "client 1 NI" in_ns c1 loomctl net add 10.1.0.2@tcp
require "client 2 NI" in_ns c2 loomctl net add 10.2.0.2@tcp
require "start MGS" in_ns srv loomctl mgs start fl --stripe-count 1
require "start MDT0" in_ns srv loomctl mdt start fl 0 --mgs "$SRV"
require "start OST0" in_ns srv loomctl ost start fl 0 --mgs "$SRV"
mkdir -p $A $B $M
require "mount A (client 1)" in_ns c1 mount -t loom "$SRV:/fl" $A
require "mount B (client 2)" in_ns c2 mount -t loom "$SRV:/fl" $B
on_exit "umount $B 2>/dev/null; umount $A 2>/dev/null; true"

col() { in_ns srv loomctl target list | awk -v t="$1" -v i="$2" -v c="$3" '$2 == t && $3 == i { print $c }'; }

# hold NAME FILE STEP...: a holder in the background that runs the steps,
# touches $M/NAME, and keeps its locks until $M/NAME.go exists
hold() {
	_n=$1; shift
	_f=$1; shift
	rm -f "$M/$_n" "$M/$_n.go"
	$LT "$_f" "$@" "touch:$M/$_n" "wait:$M/$_n.go" > "$M/$_n.log" 2>&1 &
	eval "pid_$_n=\$!"
	wait_for 30 test -e "$M/$_n" || { cat "$M/$_n.log"; return 1; }
}
release() {
	touch "$M/$1.go"
	eval "wait \$pid_$1"
}

touch $A/lk
check "mount shows no localflock" sh -c "! grep -q localflock /proc/mounts"

# exclusive against exclusive, across clients
check "A write-locks bytes 0-99" hold a1 $A/lk w:0:100
check "B: write lock in A's range -> EAGAIN" $LT $B/lk w:50:10=EAGAIN
check "B: read lock there -> EAGAIN" $LT $B/lk r:0:1=EAGAIN
check "B: past A's range is free" $LT $B/lk w:100:10
check "B: F_GETLK shows A's range, type and negated pid" \
	sh -c "$LT $B/lk g:r:10:5 | grep -q '^getlk w 0 100 -[1-9]'"
check "B: F_GETLK past it: no conflict" sh -c "$LT $B/lk g:w:100:0 | grep -q '^getlk u '"
check "A: another process of client 1 is excluded too" $LT $A/lk w:0:1=EAGAIN
check "A: its F_GETLK shows the holder's own pid" \
	sh -c "$LT $A/lk g:w:0:1 | grep -q '^getlk w 0 100 $pid_a1\$'"
check "A closes" release a1
check "B: the range is free after A's close" $LT $B/lk w:0:100

# shared with shared
check "A read-locks the whole file" hold a2 $A/lk r:0:0
check "B: read lock too" $LT $B/lk r:0:0
check "B: write lock -> EAGAIN" $LT $B/lk w:4096:1=EAGAIN
check "A closes" release a2

# F_SETLKW waits for the release
check "A write-locks the whole file" hold a3 $A/lk w:0:0
rm -f $M/b3
$LT $B/lk W:10:10 touch:$M/b3 > $M/b3.log 2>&1 &
b3=$!
sleep 2
check "B's F_SETLKW waits" test ! -e $M/b3
check "A releases" release a3
check "B gets the lock" wait_for 10 test -e $M/b3
check "B's waiter ends well" wait $b3

# a signal ends a wait with EINTR
check "A write-locks again" hold a4 $A/lk w:0:0
check "B: F_SETLKW interrupted by a signal -> EINTR" $LT $B/lk alarm:2 W:0:1=EINTR
check "A releases" release a4

# split and merge: one type per byte, an owner's ranges coalesce
check "A: lock 0-99, unlock 40-59" hold a5 $A/lk w:0:100 u:40:20
check "B: the hole is free" $LT $B/lk w:40:20
check "B: its edges are not" sh -c "$LT $B/lk w:39:1=EAGAIN w:60:1=EAGAIN"
check "B: F_GETLK at 70 shows the tail 60-99" sh -c "$LT $B/lk g:w:70:1 | grep -q '^getlk w 60 40 '"
check "A releases" release a5
check "A: 0-9 and 10-19 merge" hold a6 $A/lk w:0:10 w:10:10
check "B: F_GETLK shows one lock 0-19" sh -c "$LT $B/lk g:w:15:1 | grep -q '^getlk w 0 20 '"
check "A releases" release a6
check "A: a read lock inside a write lock" hold a7 $A/lk w:0:100 r:20:10
check "B: a read lock there is granted" $LT $B/lk r:25:1
check "B: not next to it" sh -c "$LT $B/lk r:19:1=EAGAIN r:30:1=EAGAIN"
check "A releases" release a7

# OFD locks: owned by the open file, and conflicting with POSIX locks
check "A takes an OFD write lock" hold a8 $A/lk ow:0:10
check "B: OFD lock -> EAGAIN" $LT $B/lk ow:5:1=EAGAIN
check "B: POSIX lock -> EAGAIN" $LT $B/lk w:5:1=EAGAIN
check "A releases" release a8

# flock()
check "A: flock LOCK_EX" hold a9 $A/lk fex
check "B: LOCK_EX|LOCK_NB -> EWOULDBLOCK" $LT $B/lk fexnb=EAGAIN
check "B: LOCK_SH|LOCK_NB -> EWOULDBLOCK" $LT $B/lk fshnb=EAGAIN
check "B: fcntl locks are another class" $LT $B/lk w:0:0
check "A releases" release a9
check "A: flock LOCK_SH" hold a10 $A/lk fsh
check "B: LOCK_SH|LOCK_NB" $LT $B/lk fshnb
check "B: LOCK_EX|LOCK_NB -> EWOULDBLOCK" $LT $B/lk fexnb=EAGAIN
rm -f $M/b10
$LT $B/lk fex touch:$M/b10 > $M/b10.log 2>&1 &
b10=$!
sleep 2
check "B: a blocking LOCK_EX waits" test ! -e $M/b10
check "A releases" release a10
check "B gets it" wait_for 10 test -e $M/b10
check "B's waiter ends well" wait $b10
mkdir -p $A/dir
check "A: flock LOCK_EX on a directory" hold dl $A/dir fex
check "B: LOCK_EX|LOCK_NB on it -> EWOULDBLOCK" $LT $B/dir fexnb=EAGAIN
check "A releases" release dl

# a deadlock across two clients
rm -f $M/e1 $M/e2
$LT $A/lk w:0:10 touch:$M/e1 wait:$M/e2 W:20:10 > $M/ea.log 2>&1 &
ea=$!
check "B: F_SETLKW closing a cycle -> EDEADLK" \
	$LT $B/lk wait:$M/e1 w:20:10 touch:$M/e2 sleep:1500 W:0:10=EDEADLK
check "A gets B's range once B is gone" wait $ea
cat $M/ea.log

# a killed holder's locks go
$LT $A/lk w:0:0 touch:$M/k1 sleep:600000 > /dev/null 2>&1 &
k1=$!
check "A holds the file" wait_for 10 test -e $M/k1
check "B: EAGAIN" $LT $B/lk w:0:1=EAGAIN
kill -9 $k1
wait $k1 2>/dev/null
check "B: free once the holder is killed" $LT $B/lk w:0:1

# bad input: the local filesystem's errors
check "bad l_type -> EINVAL" $LT $A/lk t:99:0:1=EINVAL
check "negative start -> EINVAL" $LT $A/lk w:-5:2=EINVAL
check "range past OFFSET_MAX -> EOVERFLOW" $LT $A/lk w:9223372036854775807:10=EOVERFLOW
check "negative length before 0 -> EINVAL" $LT $A/lk w:2:-5=EINVAL
check "a lock up to OFFSET_MAX" $LT $A/lk w:9223372036854775806:1 g:w:0:0

# an evicted holder's locks go, and its waiter gets them
echo 5 > /sys/module/loom/parameters/lock_timeout
echo 2 > /sys/module/loom/parameters/ping_interval
touch $A/ev
check "A holds ev" hold ev $A/ev w:0:0
check "A caches ev's attributes under a lock" stat $A/ev
rm -f $M/bev
$LT $B/ev W:0:0 touch:$M/bev > $M/bev.log 2>&1 &
bev=$!
ev0=$(col mdt 0 9)
require "client 1 cut off" ip -n c1 link set ve-srv down
check "B changes ev: A is called back, and evicted" timeout 60 chmod 600 $B/ev
check "the MDT evicted A" test "$(col mdt 0 9)" -gt "$ev0"
check "B's waiter gets the lock" wait_for 30 test -e $M/bev
check "B's waiter ends well" wait $bev
require "client 1 back" ip -n c1 link set ve-srv up
touch $M/ev.go
wait $pid_ev
check "A reconnects" wait_for 60 stat $A/ev
echo 30 > /sys/module/loom/parameters/lock_timeout
echo 10 > /sys/module/loom/parameters/ping_interval

# localflock: per node, as before
check "umount A" umount $A
require "mount A with localflock" in_ns c1 mount -t loom -o localflock "$SRV:/fl" $A
check "mount shows localflock" grep -q "$A loom .*localflock" /proc/mounts
check "A (localflock) locks" hold lf $A/lk w:0:0
check "B is not excluded" $LT $B/lk w:0:0
check "another process of A is" $LT $A/lk w:0:1=EAGAIN
release lf
check "remount cannot change it" sh -c "! mount -o remount,flock $A 2>/dev/null"
check "umount A" umount $A
require "mount A with noflock" in_ns c1 mount -t loom -o noflock "$SRV:/fl" $A
check "noflock: ENOLCK" sh -c "$LT $A/lk w:0:0=ENOLCK && $LT $A/lk fexnb=ENOLCK"

check "umount A" umount $A
check "umount B" umount $B
require "stop OST0" in_ns srv loomctl ost stop fl 0
require "stop MDT0" in_ns srv loomctl mdt stop fl 0
require "stop MGS" in_ns srv loomctl mgs stop fl
in_ns c1 loomctl net del 10.1.0.2@tcp
in_ns c2 loomctl net del 10.2.0.2@tcp
in_ns srv loomctl net del "$SRV"
unload_loom
exit 0

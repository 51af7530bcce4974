# loom-timeout: 300
# Open files survive their removal by another client: while a client
# holds a file open it holds the MDT's open lock on it (LOOM_IBIT_OPEN,
# granted with the create or at the first open, cached after the close),
# and an MDT that removes the last name of a file someone holds open keeps
# its objects (a destroy log record in state 'o') until the last close.
# Two clients on separate network stacks: B removes (or renames over) what
# A reads and writes through open files; the objects go at A's last close,
# and at once when A only cached the lock.  No lock is called back for
# nothing, no client is evicted for keeping a file open.  A client that
# goes silent with a file open is evicted after export_timeout (pings
# every ping_interval keep the others), and the objects go then.
. "$LOOM_LIB"

SRV=10.1.0.1@tcp
A=/mnt/a; B=/mnt/b
D=/sys/fs/loom/ou-MDT0000

netns_pair srv c1
netns_pair srv c2 10.2.0.1/24 10.2.0.2/24 fd00:2::1/64 fd00:2::2/64
require "route from c2" ip -n c2 route add 10.1.0.0/24 via 10.2.0.1
load_loom ping_interval=2 export_timeout=10
require "server NI" in_ns srv loomctl net add "$SRV"
require "client 1 NI" in_ns c1 loomctl net add 10.1.0.2@tcp
require "client 2 NI" in_ns c2 loomctl net add 10.2.0.2@tcp
require "start MGS" in_ns srv loomctl mgs start ou --stripe-count 2 --stripe-size 1048576
require "start MDT0" in_ns srv loomctl mdt start ou 0 --mgs "$SRV"
require "start OST0" in_ns srv loomctl ost start ou 0 --mgs "$SRV"
require "start OST1" in_ns srv loomctl ost start ou 1 --mgs "$SRV"
mkdir -p $A $B
require "mount A (client 1)" in_ns c1 mount -t loom "$SRV:/ou" $A
require "mount B (client 2)" in_ns c2 mount -t loom "$SRV:/ou" $B
on_exit "exec 3<&- 4<&- 5<&-; umount $B 2>/dev/null; umount $A 2>/dev/null; true"

# column N of the target list: 6 requests, 7 locks, 8 callbacks, 9 evictions
col() { in_ns srv loomctl target list | awk -v t="$1" -v i="$2" -v c="$3" '$2 == t && $3 == i { print $c }'; }
destroyed() { cat $D/destroyed; }
dd if=/dev/urandom of=/tmp/src bs=65536 count=40 2>/dev/null	# 2.5 MiB: both stripes
check "the MDT has the destroy_open counter" test -r $D/destroy_open

# A reads a file B removes.
require "A writes f1" dd if=/tmp/src of=$A/f1 bs=65536 conv=fsync 2>/dev/null
d0=$(destroyed)
exec 3< $A/f1
check "B removes f1, open on A" rm $B/f1
check "B no longer sees it" sh -c "! test -e $B/f1"
check "A no longer sees the name either" sh -c "! test -e $A/f1"
check "the MDT keeps it for A: one record waits for a close" \
	wait_for 10 sh -c "[ \$(cat $D/destroy_open) = 1 ]"
sleep 2
check "no object was destroyed" test "$(destroyed)" = "$d0"
check "A reads all of it through the open file" sh -c 'cmp - /tmp/src <&3'
exec 3<&-
check "at A's last close both objects are destroyed" \
	wait_for 15 sh -c "[ \$(cat $D/destroyed) = $((d0 + 2)) ]"
check "no record waits any more" test "$(cat $D/destroy_open)" = 0

# A writes into a file B renames another over; A's two open files.
require "A writes f2" dd if=/tmp/src of=$A/f2 bs=65536 conv=fsync 2>/dev/null
require "B writes f3" sh -c "echo new > $B/f3"
d0=$(destroyed)
exec 4<> $A/f2
exec 5< $A/f2
check "B renames f3 over f2" mv $B/f3 $B/f2
check "A sees the new f2" sh -c "[ \"\$(cat $A/f2)\" = new ]"
check "A writes through the replaced file's descriptor" \
	sh -c 'printf XYZ | dd of=/proc/self/fd/4 bs=1 seek=100 conv=notrunc 2>/dev/null' 4<&4
check "and reads it back through another" \
	sh -c 'dd bs=1 skip=100 count=3 2>/dev/null <&5 | grep -qx XYZ'
exec 4<&-
sleep 2
check "one descriptor still open: nothing destroyed" test "$(destroyed)" = "$d0"
exec 5<&-
check "at the last close the replaced file's objects go" \
	wait_for 15 sh -c "[ \$(cat $D/destroyed) = $((d0 + 2)) ]"

# A opened and closed f4: the lock it caches does not keep the objects.
require "A writes f4" dd if=/tmp/src of=$A/f4 bs=65536 conv=fsync 2>/dev/null
check "A reads f4 (open lock cached after the close)" cmp $A/f4 /tmp/src
d0=$(destroyed)
check "B removes f4" rm $B/f4
check "A cancels its cached open lock: the objects go at once" \
	wait_for 10 sh -c "[ \$(cat $D/destroyed) = $((d0 + 2)) ]"

# The same client: remove a file it holds open itself.
require "A writes f5" dd if=/tmp/src of=$A/f5 bs=65536 conv=fsync 2>/dev/null
d0=$(destroyed)
exec 3< $A/f5
check "A removes f5, open on A" rm $A/f5
sleep 2
check "kept while open" test "$(destroyed)" = "$d0"
check "readable" sh -c 'cmp - /tmp/src <&3'
exec 3<&-
check "destroyed after the close" \
	wait_for 15 sh -c "[ \$(cat $D/destroyed) = $((d0 + 2)) ]"

# A file created and unlinked by another client while open (O_CREAT's lock).
d0=$(destroyed)
exec 3<> $A/f6
check "write into the new f6" sh -c 'cat /tmp/src >&3'
check "B removes f6" rm $B/f6
check "A still reads f6's data" sh -c "cmp /proc/self/fd/3 /tmp/src" 3<&3
exec 3<&-
check "f6's objects go at the close" \
	wait_for 15 sh -c "[ \$(cat $D/destroyed) = $((d0 + 2)) ]"

check "nobody was evicted" test "$(col mdt 0 9)" = 0
sleep 12
check "pings kept both clients: no export went idle" sh -c "! dmesg | grep -q 'nothing heard'"

# A goes silent with f7 open: the MDT evicts it, then destroys f7.
require "A writes f7" dd if=/tmp/src of=$A/f7 bs=65536 conv=fsync 2>/dev/null
d0=$(destroyed)
exec 3< $A/f7
require "cut A off" ip -n c1 link set ve-srv down
# (the unlink calls back A's locks on the directory: it waits for the
# eviction, well before the 30 s lock_timeout)
t0=$(date +%s)
check "B removes f7" rm $B/f7
check "A was evicted for its silence, not for its locks" \
	test $(($(date +%s) - t0)) -lt 25
check "f7's objects go" \
	wait_for 20 sh -c "[ \$(cat $D/destroyed) = $((d0 + 2)) ]"
check "the eviction is logged" sh -c "dmesg | grep -q 'mdt0000: evicting client 10.1.0.2@tcp: nothing heard for 10 s'"
require "A back" ip -n c1 link set ve-srv up
exec 3<&-
check "A works again" wait_for 40 sh -c "echo again > $A/f8 && [ \"\$(cat $B/f8)\" = again ]"

# loom-timeout: 500
# The distributed lock manager: two clients on separate network stacks
# see each other's changes at once, with no reopen and no timeout:
# names (negative dentries too), attributes, sizes and data a writer still
# holds open.  What is cached under a lock costs no request; callbacks are
# counted; the lock LRU stays within lock_lru_size; nobody is evicted.
. "$LOOM_LIB"

SRV=10.1.0.1@tcp
A=/mnt/a; B=/mnt/b
IOT=loom-iotest
MiB=1048576

netns_pair srv c1
netns_pair srv c2 10.2.0.1/24 10.2.0.2/24 fd00:2::1/64 fd00:2::2/64
require "route from c2" ip -n c2 route add 10.1.0.0/24 via 10.2.0.1
load_loom
require "server NI" in_ns srv loomctl net add "$SRV"
require "client 1 NI" in_ns c1 loomctl net add 10.1.0.2@tcp
require "client 2 NI" in_ns c2 loomctl net add 10.2.0.2@tcp
require "start MGS" in_ns srv loomctl mgs start dl --stripe-count 2 --stripe-size 1048576
require "start MDT0" in_ns srv loomctl mdt start dl 0 --mgs "$SRV"
require "start OST0" in_ns srv loomctl ost start dl 0 --mgs "$SRV"
require "start OST1" in_ns srv loomctl ost start dl 1 --mgs "$SRV"
mkdir -p $A $B
require "mount A (client 1)" in_ns c1 mount -t loom "$SRV:/dl" $A
require "mount B (client 2)" in_ns c2 mount -t loom "$SRV:/dl" $B
on_exit "umount $B 2>/dev/null; umount $A 2>/dev/null; true"

# column N of the target list for a target: 6 requests, 7 locks, 8 callbacks, 9 evictions
col() { in_ns srv loomctl target list | awk -v t="$1" -v i="$2" -v c="$3" '$2 == t && $3 == i { print $c }'; }

# names
check "A: no such name yet" sh -c "! stat $A/x >/dev/null 2>&1"
check "B creates it" touch $B/x
check "A sees it (negative dentry called back)" stat $A/x
check "B removes it" rm $B/x
check "A sees it gone" sh -c "! stat $A/x >/dev/null 2>&1"
check "A creates r1" sh -c "echo hello > $A/r1"
check "B reads r1" sh -c "[ \"\$(cat $B/r1)\" = hello ]"
check "B renames r1 to r2" mv $B/r1 $B/r2
check "A: r1 is gone" sh -c "! test -e $A/r1"
check "A: r2 holds the data" sh -c "[ \"\$(cat $A/r2)\" = hello ]"
check "B makes a directory with a file" sh -c "mkdir $B/d && touch $B/d/f1"
check "A lists it" sh -c "[ \"\$(ls $A/d)\" = f1 ]"
check "A adds f2" touch $A/d/f2
check "B lists both" sh -c "[ \"\$(ls $B/d | tr '\n' ' ')\" = 'f1 f2 ' ]"
check "B replaces f1 by a directory" sh -c "rm $B/d/f1 && mkdir $B/d/f1"
check "A sees a directory" test -d $A/d/f1

# attributes
check "A creates m" sh -c "touch $A/m && chmod 644 $A/m"
check "B sees mode 644" sh -c "[ \$(stat -c %a $B/m) = 644 ]"
check "B chmods 600" chmod 600 $B/m
check "A sees mode 600" sh -c "[ \$(stat -c %a $A/m) = 600 ]"
check "B chowns it" chown 123:456 $B/m
check "A sees the owner" sh -c "[ \"\$(stat -c %u:%g $A/m)\" = 123:456 ]"
check "B sets its mtime" touch -d '2001-02-03 04:05:06' $B/m
check "A sees the mtime" sh -c "[ \$(stat -c %Y $A/m) = \$(stat -c %Y $B/m) ]"
check "B links it" ln $B/m $B/m2
check "A sees two links" sh -c "[ \$(stat -c %h $A/m) = 2 ]"

# sizes and data of files the writer still holds open
check "A writes 3 MiB" $IOT fill $A/s 0 $((3 * MiB)) 7
check "B sees the size" sh -c "[ \$(stat -c %s $B/s) = $((3 * MiB)) ]"
check "B reads the data" $IOT check $B/s 0 $((3 * MiB)) 7
sh -c "exec 3>>$B/open; printf abc >&3; sleep 6" &
w=$!
sleep 2
check "A sees the size of unflushed data B holds open" sh -c "[ \$(stat -c %s $A/open) = 3 ]"
check "A reads it" sh -c "[ \"\$(cat $A/open)\" = abc ]"
wait $w
check "A caches v1" $IOT check $A/s 0 $((3 * MiB)) 7
check "B writes v2 over the middle" $IOT fill $B/s $MiB $MiB 8
check "A reads v2 there" $IOT check $A/s $MiB $MiB 8
check "and v1 around it" sh -c "$IOT check $A/s 0 $MiB 7 && $IOT check $A/s $((2 * MiB)) $MiB 7"
check "B truncates" truncate -s 100000 $B/s
check "A sees the new size" sh -c "[ \$(stat -c %s $A/s) = 100000 ]"
check "A reads the rest" $IOT check $A/s 0 100000 7
check "both write the same file at once" sh -c "
	$IOT fill $A/both 0 $((4 * MiB)) 21 & a=\$!
	$IOT fill $B/both $((4 * MiB)) $((4 * MiB)) 22 & b=\$!
	wait \$a && wait \$b"
check "A reads both halves" sh -c "$IOT check $A/both 0 $((4 * MiB)) 21 && $IOT check $A/both $((4 * MiB)) $((4 * MiB)) 22"
check "B reads both halves" sh -c "$IOT check $B/both 0 $((4 * MiB)) 21 && $IOT check $B/both $((4 * MiB)) $((4 * MiB)) 22"

# a stat glimpses the size from a writer without taking its locks
ocb() { echo $(($(col ost 0 8) + $(col ost 1 8))); }
check "A writes g over both stripes, unsynced" $IOT fill $A/g 0 $((5 * MiB / 2)) 31
c0=$(ocb)
check "B sees g's size" sh -c "[ \$(stat -c %s $B/g) = $((5 * MiB / 2)) ]"
check "A appends to g" $IOT fill $A/g $((5 * MiB / 2)) $MiB 32
check "B sees the new size" sh -c "[ \$(stat -c %s $B/g) = $((7 * MiB / 2)) ]"
# the OSTs stamp pages written back with their time of arrival, which
# either side may fold in first: a second or two apart at most
check "B sees A's mtime" sh -c "d=\$((\$(stat -c %Y $A/g) - \$(stat -c %Y $B/g))); echo \"A - B: \$d s\"; [ \$d -ge -2 ] && [ \$d -le 2 ]"
check "no lock of A was called back for it" test "$(ocb)" -eq "$c0"
check "ls -l in B agrees" sh -c "ls -l $B/g | grep -q ' $((7 * MiB / 2)) '"
check "B reads g (now A's locks are called back)" sh -c "$IOT check $B/g 0 $((5 * MiB / 2)) 31 && $IOT check $B/g $((5 * MiB / 2)) $MiB 32"
check "callbacks went this time" test "$(ocb)" -gt "$c0"
check "A truncates g under B's read locks" truncate -s 12345 $A/g
check "B sees 12345" sh -c "[ \$(stat -c %s $B/g) = 12345 ]"

# what is cached costs nothing
stat $A/m $A/s $A/d/f2 >/dev/null; ls $A/d >/dev/null; cat $A/r2 >/dev/null
m0=$(col mdt 0 6); o0=$(col ost 0 6); o1=$(col ost 1 6); t0=$(date +%s)
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	stat $A/m $A/s $A/d/f2 >/dev/null
	ls $A/d >/dev/null
	cat $A/r2 >/dev/null
done
m1=$(col mdt 0 6); o2=$(col ost 0 6); o3=$(col ost 1 6)
pings=$(( ($(date +%s) - t0) / 10 + 1 ))
statfs=$(( ($(date +%s) - t0) / 5 + 1 ))
say "requests for 20 rounds of stat, ls and cat in $(($(date +%s) - t0)) s: MDT $((m1 - m0)), OSTs $((o2 - o0 + o3 - o1))"
# ls reads the directory (READDIR) each time; nothing else may ask but
# the mounts' pings (one per target and mount every ping_interval, 10 s)
# and the MDT's own OST_STATFS to each OST (osp.c, every 5 s)
check "cached stats and reads ask the OSTs nothing" test $((o2 - o0 + o3 - o1)) -le $((4 * pings + 2 * statfs))
check "nor the MDT beyond READDIR" test $((m1 - m0)) -le $((20 + 2 * pings))
check "callbacks were sent" test "$(col mdt 0 8)" -gt 0

# a create comes with a lock on the new inode: stat asks the MDT nothing
m0=$(col mdt 0 6)
check "A makes 20 directories and 20 FIFOs" sh -c "mkdir $A/nd && for i in \$(seq 20); do mkdir $A/nd/d\$i && mkfifo $A/nd/p\$i || exit 1; done"
m1=$(col mdt 0 6)
check "A stats them" sh -c "for i in \$(seq 20); do stat $A/nd/d\$i $A/nd/p\$i >/dev/null || exit 1; done"
check "and looks up names in the new directories" sh -c "for i in \$(seq 20); do ! test -e $A/nd/d\$i/none || exit 1; done"
m2=$(col mdt 0 6)
say "MDT requests: 41 creates $((m1 - m0)), 40 stats and 20 lookups $((m2 - m1))"
check "creating cost one request each" test $((m1 - m0)) -le 46
check "stats and negative lookups under the create locks cost none" test $((m2 - m1)) -le 4
check "B sees them all" sh -c "[ \$(ls $B/nd | wc -l) = 40 ]"
check "B creates in A's new directory; A sees it" sh -c "touch $B/nd/d1/x && test -e $A/nd/d1/x"
check "B chmods A's new FIFO; A sees it" sh -c "chmod 600 $B/nd/p1 && [ \$(stat -c %a $A/nd/p1) = 600 ]"
check "A renames within and out of its new directory" sh -c "mv $A/nd/d2 $A/nd/d2r && mv $A/nd/p2 $A/p2 && test -d $A/nd/d2r && ! test -e $A/nd/d2 && ! test -e $A/nd/p2 && test -p $A/p2"
check "A drops its dentries; names are found again" sh -c "echo 2 > /proc/sys/vm/drop_caches; test -d $A/nd/d3 && test -p $A/nd/p3 && [ \$(ls $A/nd | wc -l) = 39 ]"
check "B sees the same" sh -c "test -d $B/nd/d2r && ! test -e $B/nd/d2 && test -p $B/p2 && [ \$(ls $B/nd | wc -l) = 39 ]"
check "OST callbacks were sent" test $(($(col ost 0 8) + $(col ost 1 8))) -gt 0

# the LRU
lru0=$(cat /sys/module/loom/parameters/lock_lru_size)
echo 8 > /sys/module/loom/parameters/lock_lru_size
check "A stats 60 new files" sh -c "mkdir $A/many && for i in \$(seq 60); do touch $A/many/f\$i; done && for i in \$(seq 60); do stat $A/many/f\$i >/dev/null || exit 1; done"
# the cancels go in the background, and B's locks taken before
# lock_lru_size shrank go at its next ping: give them a little time
for i in $(seq 25); do [ "$(col mdt 0 7)" -le 40 ] && break; sleep 1; done
say "locks on the MDT: $(col mdt 0 7)"
check "the LRU keeps the MDT's locks bounded" test "$(col mdt 0 7)" -le 40
echo "$lru0" > /sys/module/loom/parameters/lock_lru_size
check "B still sees them all" sh -c "[ \$(ls $B/many | wc -l) = 60 ]"

check "nobody was evicted" test $(($(col mdt 0 9) + $(col ost 0 9) + $(col ost 1 9))) -eq 0
in_ns srv loomctl target list

# a client that cannot answer a callback is evicted; back, it recovers
echo 5 > /sys/module/loom/parameters/lock_timeout
echo 2 > /sys/module/loom/parameters/ping_interval
check "A writes e" sh -c "$IOT fill $A/e 0 $MiB 51 && sync"
check "B sees it" $IOT check $B/e 0 $MiB 51
check "A overwrites it and keeps the lock" sh -c "$IOT fill $A/e 0 $MiB 52 && sync"
require "client 1 cut off" ip -n c1 link set ve-srv down
check "B reads e once A is evicted" timeout 60 $IOT check $B/e 0 $MiB 52
check "A was evicted" test $(($(col ost 0 9) + $(col ost 1 9))) -ge 1
check "B writes e meanwhile" sh -c "$IOT fill $B/e 0 $MiB 53 && sync"
require "client 1 back" ip -n c1 link set ve-srv up
# its pings tell it of the eviction within ping_interval of its return
check "A reconnects and reads B's data" wait_for 60 $IOT check $A/e 0 $MiB 53
check "A writes again" sh -c "$IOT fill $A/e 0 $MiB 54 && sync"
check "B sees it" $IOT check $B/e 0 $MiB 54
echo 30 > /sys/module/loom/parameters/lock_timeout
echo 10 > /sys/module/loom/parameters/ping_interval
check "umount A" umount $A
check "umount B" umount $B
check "no lock left" test $(($(col mdt 0 7) + $(col ost 0 7) + $(col ost 1 7))) -eq 0
require "stop OST1" in_ns srv loomctl ost stop dl 1
require "stop OST0" in_ns srv loomctl ost stop dl 0
require "stop MDT0" in_ns srv loomctl mdt stop dl 0
require "stop MGS" in_ns srv loomctl mgs stop dl
in_ns c1 loomctl net del 10.1.0.2@tcp
in_ns c2 loomctl net del 10.2.0.2@tcp
in_ns srv loomctl net del "$SRV"
unload_loom
exit 0

# loom-timeout: 900
# loom-kmods: loop ext4
# loom-bins: mkfs.ext4:e2fsprogs
# Server restarts under a mounted client: persistent targets (ext4 in a
# loop file), a client in another netns running I/O (files of known
# content written and fsync'ed, renamed, hard-linked, chmod'ed, unlinked,
# directories made and removed); the MDT, then an OST, are stopped and
# started again in the middle.  The application sees no error, the client
# reconnects to the new instances (the log says so), every byte verifies,
# no name is missing or doubled, and fsck.loom is clean.  Exactly once:
# the server loses the replies to a create, a rename, an unlink, a link
# and an OST write after executing them (fail_drop_replies) and restarts
# before the client resends: the client gets the logged reply, not
# EEXIST/ENOENT.  Last, a target that does not come back fails requests
# after the mount's timeout= with an error, no hang, and umount works.
. "$LOOM_LIB"

SRV=10.1.0.1@tcp; CLI=10.1.0.2@tcp
S=/srv/loom
M=/mnt/loom
W=$M/work
P=/sys/module/loom/parameters

netns_pair srv cli
truncate -s 400M /tmp/disk.img || die "no disk image"
require "mkfs.ext4" mkfs.ext4 -q -F /tmp/disk.img
mkdir -p $S $M
require "mount the ext4 backing filesystem" mount -o loop /tmp/disk.img $S
mkdir -p $S/mgs $S/mdt0 $S/ost0 $S/ost1
require "mkfs.loom MGS" mkfs.loom --mgs --fsname loom $S/mgs
require "mkfs.loom MDT0" mkfs.loom --mdt --fsname loom --index 0 $S/mdt0
require "mkfs.loom OST0" mkfs.loom --ost --fsname loom --index 0 $S/ost0
require "mkfs.loom OST1" mkfs.loom --ost --fsname loom --index 1 $S/ost1

# Short RPC timeouts: resends and reconnects come quickly.
load_loom rpc_timeout=4
require "server NI" in_ns srv loomctl net add "$SRV"
require "client NI" in_ns cli loomctl net add "$CLI"

mdt_start() { in_ns srv loomctl mdt start loom 0 --mgs "$SRV" --path $S/mdt0; }
mdt_stop() { in_ns srv loomctl mdt stop loom 0; }
ost_start() { in_ns srv loomctl ost start loom "$1" --mgs "$SRV" --path $S/ost"$1"; }
ost_stop() { in_ns srv loomctl ost stop loom "$1"; }
registered() { [ "$(in_ns srv loomctl target list | grep -c running)" -ge 4 ]; }

require "start MGS" in_ns srv loomctl mgs start loom --stripe-count 2 --stripe-size 65536 --path $S/mgs
require "start MDT0" mdt_start
require "start OST0" ost_start 0
require "start OST1" ost_start 1
wait_for 30 registered || say "targets not all registered yet"
require "mount with timeout=120" in_ns cli mount -t loom -o timeout=120 "$SRV:/loom" $M
dd if=/dev/urandom of=/tmp/src bs=65536 count=40 2>/dev/null

# The content of file N: a slice of /tmp/src that depends on N.
content() { dd if=/tmp/src bs=4096 skip=$(($1 % 37)) count=$(($1 % 29 + 1)) 2>/dev/null; }
err() { echo "$*" >> /tmp/errors; }

# One worker: each step creates, writes and fsyncs a file, renames it into
# place, links every 5th, chmods every 4th, unlinks every 3rd and makes and
# removes a directory.  The names that must exist at the end go to
# /tmp/expect.$1; progress to /tmp/progress.$1.
worker() {
	w=$1 i=0
	mkdir -p $W/$w || { err "worker $w: mkdir"; return; }
	: > /tmp/expect.$w
	while [ ! -e /tmp/stop ]; do
		i=$((i + 1)); n=$((w * 100000 + i)); f=$W/$w/f$i
		content $n | dd of=$f.tmp bs=65536 conv=fsync 2>/dev/null || err "$w/$i: write+fsync"
		mv $f.tmp $f || err "$w/$i: rename"
		echo "f$i $n" >> /tmp/expect.$w
		if [ $((i % 5)) = 0 ]; then
			ln $f $W/$w/h$i || err "$w/$i: link"
			echo "h$i $n" >> /tmp/expect.$w
		fi
		if [ $((i % 4)) = 0 ]; then
			chmod 0600 $f || err "$w/$i: chmod"
		fi
		if [ $((i % 3)) = 0 ] && [ $i -gt 1 ]; then
			rm $W/$w/f$((i - 1)) || err "$w/$i: unlink"
			grep -v "^f$((i - 1)) " /tmp/expect.$w > /tmp/expect.$w.new
			mv /tmp/expect.$w.new /tmp/expect.$w
		fi
		mkdir $W/$w/d$i || err "$w/$i: mkdir"
		rmdir $W/$w/d$i || err "$w/$i: rmdir"
		echo $i > /tmp/progress.$w
	done
}

progress() { cat /tmp/progress.1 /tmp/progress.2 2>/dev/null | awk '{ s += $1 } END { print s + 0 }'; }
advanced() { [ "$(progress)" -ge "$1" ]; }

rm -f /tmp/stop /tmp/errors /tmp/progress.*
mkdir -p $W
worker 1 &
W1=$!
worker 2 &
W2=$!
require "the workload runs" wait_for 120 advanced 6

# The MDT goes away and comes back under the running workload.
p=$(progress)
require "stop MDT0 under I/O" mdt_stop
sleep 3
require "start MDT0 again" mdt_start
check "the workload goes on after the MDT restart" wait_for 180 advanced $((p + 6))

# Then an OST.
p=$(progress)
require "stop OST0 under I/O" ost_stop 0
sleep 3
require "start OST0 again" ost_start 0
check "the workload goes on after the OST restart" wait_for 180 advanced $((p + 6))

touch /tmp/stop
wait $W1 $W2
say "$(progress) steps done"
check "the application saw no error" test ! -s /tmp/errors
[ -s /tmp/errors ] && head -20 /tmp/errors
check "the client reconnected to new instances" sh -c "dmesg | grep -q 'MDT0000 restarted, reconnected' && dmesg | grep -q 'OST0000 restarted, reconnected'"

verify() {
	for w in 1 2; do
		sort /tmp/expect.$w | cut -d' ' -f1 > /tmp/names.want
		ls $W/$w | sort > /tmp/names.have
		cmp -s /tmp/names.want /tmp/names.have || {
			echo "worker $w: names differ"; diff /tmp/names.want /tmp/names.have | head; return 1; }
		while read -r name n; do
			content "$n" | cmp -s - $W/$w/"$name" || { echo "$w/$name: bad data"; return 1; }
		done < /tmp/expect.$w
	done
}
check "every name there once, every byte verifies" verify

# Exactly once across a restart: the MDT executes and logs each request,
# loses its reply, and restarts before the client resends.
lost_reply() { # what: the request's reply is lost, the target restarts
	what=$1 tgt=$2; shift 2
	echo 1 > $P/fail_drop_replies
	"$@" > /tmp/lost.out 2>&1 &
	pid=$!
	sleep 1
	if [ "$tgt" = mdt ]; then mdt_stop; sleep 2; mdt_start; else ost_stop 1; sleep 2; ost_start 1; fi
	wait $pid
	rc=$?
	cat /tmp/lost.out
	check "$what: executed once, its reply came from the log" test $rc = 0
	check "no reply left to lose" test "$(cat $P/fail_drop_replies)" = 0
}
echo 0 > $P/fail_drop_replies
lost_reply "create (no EEXIST)" mdt sh -c "echo once > $M/once"
check "created once" test "$(cat $M/once)" = once
lost_reply "rename (no ENOENT)" mdt mv $M/once $M/once2
check "renamed once" sh -c "test ! -e $M/once && test -e $M/once2"
lost_reply "link (no EEXIST)" mdt ln $M/once2 $M/once3
check "linked once" test "$(stat -c %h $M/once2)" = 2
lost_reply "unlink (no ENOENT)" mdt rm $M/once3
check "unlinked once" sh -c "test ! -e $M/once3 && test \"\$(stat -c %h $M/once2)\" = 1"
lost_reply "mkdir (no EEXIST)" mdt mkdir $M/oncedir
check "directory made once" test -d $M/oncedir
content 7 > /tmp/seven
require "a directory striped on OST1 only" sh -c "mkdir $M/o1 && loom setstripe -c 1 -i 1 $M/o1"
require "create a file there" touch $M/o1/data
lost_reply "OST write and fsync" ost dd if=/tmp/seven of=$M/o1/data bs=65536 conv=notrunc,fsync
check "the data written once reads back" cmp /tmp/seven $M/o1/data
check "the client reconnected to the new OST1" sh -c "dmesg | grep -q 'OST0001 restarted, reconnected'"

require "umount" umount $M
require "stop OST1" ost_stop 1
require "stop OST0" ost_stop 0
require "stop MDT0" mdt_stop
for t in mdt0 ost0 ost1; do
	check "fsck.loom $t clean" fsck.loom -n -v $S/$t
done
check "a reply log was kept" test -s $S/mdt0/REPLIES

# A target that does not come back: requests fail after timeout=, no hang.
require "start MDT0" mdt_start
require "start OST0" ost_start 0
require "start OST1" ost_start 1
wait_for 30 registered || say "targets not all registered yet"
require "mount with timeout=10" in_ns cli mount -t loom -o timeout=10 "$SRV:/loom" $M
check "the data is still there" cmp /tmp/seven $M/o1/data
# on OST1 before it stops: the MDT places new files on OSTs that are up
require "a file on OST1" touch $M/o1/doomed
require "stop OST1 for good" ost_stop 1
t0=$(cut -d. -f1 /proc/uptime)
dd if=/tmp/src of=$M/o1/doomed bs=65536 count=8 conv=notrunc,fsync 2>/tmp/dd.err
rc=$?
t1=$(cut -d. -f1 /proc/uptime)
cat /tmp/dd.err
check "a write to a dead OST fails" test $rc != 0
check "after the timeout, not before, not much after ($((t1 - t0))s)" test $((t1 - t0)) -ge 8 -a $((t1 - t0)) -le 60
check "the log says why" sh -c "dmesg | grep -q 'OST0001 unreachable'"
check "the MDT still answers" test -d $M/oncedir
require "stop MDT0 for good" mdt_stop
t0=$(cut -d. -f1 /proc/uptime)
check_fails "stat with the MDT gone fails" stat $M/oncedir/nothing
t1=$(cut -d. -f1 /proc/uptime)
check "no hang ($((t1 - t0))s)" test $((t1 - t0)) -le 60
check "umount works with targets gone" umount $M
check "unmounted" sh -c "! grep -q ' $M ' /proc/mounts"
ost_stop 0
in_ns srv loomctl mgs stop loom
unload_loom
umount $S
exit 0

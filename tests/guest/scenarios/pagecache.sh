# loom-timeout: 500
# The client's page cache: buffered I/O against a model, readahead and
# writeback across stripe boundaries, mmap, O_DIRECT mixed with cached
# pages, sendfile (splice), truncate over cached pages, dirty data flushed
# by fsync, close and umount, and close-to-open coherence between two
# mounts (two superblocks, two caches) of one filesystem.
. "$LOOM_LIB"

SRV=10.1.0.1@tcp; CLI=10.1.0.2@tcp
A=/mnt/a; B=/mnt/b
IOT=loom-iotest
MiB=1048576

netns_pair srv cli
load_loom
require "server NI" in_ns srv loomctl net add "$SRV"
require "client NI" in_ns cli loomctl net add "$CLI"
require "start MGS" in_ns srv loomctl mgs start pc --stripe-count 2 --stripe-size 1048576
require "start MDT0" in_ns srv loomctl mdt start pc 0 --mgs "$SRV"
require "start OST0" in_ns srv loomctl ost start pc 0 --mgs "$SRV"
require "start OST1" in_ns srv loomctl ost start pc 1 --mgs "$SRV"
mkdir -p $A $B
require "mount A" in_ns cli mount -t loom "$SRV:/pc" $A
require "mount B" in_ns cli mount -t loom "$SRV:/pc" $B
on_exit "umount $B 2>/dev/null; umount $A 2>/dev/null; true"
drop() { sync; echo 3 > /proc/sys/vm/drop_caches; }

# buffered data against a model, then what the OSTs hold (O_DIRECT)
check "random overlapping I/O over 3 stripes" $IOT random $A/rand 3500000 400 11
check "random I/O over 9 stripes, small span ops" $IOT random $A/rand2 9437185 300 12
check "sequential 24 MiB write (writeback runs)" $IOT fill $A/seq 0 $((24 * MiB)) 5
check "read back from the cache" $IOT check $A/seq 0 $((24 * MiB)) 5
drop
check "read back after dropping the cache (readahead)" $IOT check $A/seq 0 $((24 * MiB)) 5
check "read through the other mount" $IOT check $B/seq 0 $((24 * MiB)) 5
check "unaligned read across a stripe boundary" $IOT check $A/seq $((MiB - 7)) 4099 5
check "dd with 1 MiB blocks" sh -c "dd if=$A/seq bs=1M 2>/dev/null | cmp - $B/seq"

# writes not flushed until close/umount are not lost
check "write without fsync" $IOT fill $A/nofsync 4096 $((3 * MiB + 5)) 21
check "its size before write back" test "$(stat -c %s $A/nofsync)" = $((3 * MiB + 4101))
check "seen by the other mount after close" $IOT check $B/nofsync 4096 $((3 * MiB + 5)) 21
check "the hole before it reads as zeros" $IOT zero $B/nofsync 0 4096

# close-to-open: B has the old data cached, A rewrites, B reopens
check "B caches v1" $IOT check $B/seq 0 $((4 * MiB)) 5
check "A writes v2 over it" $IOT fill $A/seq $((MiB / 2)) $((2 * MiB)) 6
check "B sees v2 after reopening" $IOT check $B/seq $((MiB / 2)) $((2 * MiB)) 6
check "B still sees v1 around it" $IOT check $B/seq 0 $((MiB / 2)) 5
check "and after it" $IOT check $B/seq $((5 * MiB / 2)) $((MiB / 2)) 5

# mmap
check "mmap write of a striped file" $IOT mmap-fill $A/mm $((3 * MiB + 333)) 31
check "mmap read back" $IOT mmap-check $A/mm $((3 * MiB + 333)) 31
check "read(2) through the other mount" $IOT check $B/mm 0 $((3 * MiB + 333)) 31
drop
check "mmap read after dropping the cache" $IOT mmap-check $B/mm $((3 * MiB + 333)) 31

# O_DIRECT mixed with cached pages
check "cache a file" $IOT fill $A/dio 0 $((2 * MiB)) 41
check "O_DIRECT overwrite of a cached range" $IOT direct-fill $A/dio $((MiB - 4096)) 8192 42
check "buffered read sees it" $IOT check $A/dio $((MiB - 4096)) 8192 42
check "buffered write" $IOT fill $A/dio 100 1000 43
check "O_DIRECT read sees the buffered write" $IOT direct-check $A/dio 100 1000 43
check "unaligned O_DIRECT read" $IOT direct-check $A/dio 1101 100 41
check "an O_DIRECT write moves mtime and ctime, seen by the writer" sh -c "m=\$(stat -c %Y:%Z $A/dio); sleep 1.1; $IOT direct-fill $A/dio 0 4096 44 && [ \$(stat -c %Y $A/dio) -gt \${m%%:*} ] && [ \$(stat -c %Z $A/dio) -gt \${m##*:} ]"

# splice
check "sendfile copy" $IOT sendfile $A/seq $A/seq.copy
check "copy equal" cmp $A/seq $A/seq.copy

# truncate over cached pages
check "cache 3 MiB" $IOT fill $A/tr 0 $((3 * MiB)) 51
check "truncate to 1.5 MiB + 123" truncate -s $((3 * MiB / 2 + 123)) $A/tr
check "size" test "$(stat -c %s $A/tr)" = $((3 * MiB / 2 + 123))
check "content kept below" $IOT check $A/tr 0 $((3 * MiB / 2 + 123)) 51
check "extend to 4 MiB" truncate -s $((4 * MiB)) $A/tr
check "the extension reads as zeros" $IOT zero $A/tr $((3 * MiB / 2 + 123)) $((5 * MiB / 2 - 123))
check "the other mount sees the same" $IOT zero $B/tr $((3 * MiB / 2 + 123)) $((5 * MiB / 2 - 123))
check "append after truncate" sh -c "printf xyz >> $A/tr"
check "size after append" test "$(stat -c %s $A/tr)" = $((4 * MiB + 3))

# fallocate: holes punched and ranges zeroed across stripes
check "a 4 MiB file" $IOT fill $A/fa 0 $((4 * MiB)) 71
check "punch a hole over a stripe boundary" $IOT falloc $A/fa punch $((MiB - 5000)) 10000
check "the hole reads as zeros" $IOT zero $A/fa $((MiB - 5000)) 10000
check "data before the hole kept" $IOT check $A/fa 0 $((MiB - 5000)) 71
check "data after the hole kept" $IOT check $A/fa $((MiB + 5000)) $((3 * MiB - 5000)) 71
check "size kept by the punch" test "$(stat -c %s $A/fa)" = $((4 * MiB))
check "the other mount sees the hole" $IOT zero $B/fa $((MiB - 5000)) 10000
check "punch 2 whole stripes" $IOT falloc $A/fa punch $((2 * MiB)) $((2 * MiB))
check "they read as zeros" $IOT zero $B/fa $((2 * MiB)) $((2 * MiB))
check "zero a range past the end" $IOT falloc $A/fa zero $((4 * MiB - 100)) 1000
check "size grew to the range's end" test "$(stat -c %s $A/fa)" = $((4 * MiB + 900))
check "zero-keep past the end keeps the size" $IOT falloc $A/fa zero-keep $((5 * MiB)) 1000
check "size unchanged" test "$(stat -c %s $A/fa)" = $((4 * MiB + 900))
check "plain allocation over data" $IOT falloc $A/fa alloc 0 100
check "keeps the data and the size" sh -c "$IOT check $A/fa 0 $((MiB - 5000)) 71 && test \$(stat -c %s $A/fa) = $((4 * MiB + 900))"

# a full filesystem cycle: dirty data survives umount
check "dirty data before umount" $IOT fill $A/late 0 $((5 * MiB)) 61
check "umount A writes it back" umount $A
check "B reads it" $IOT check $B/late 0 $((5 * MiB)) 61
check "mount A again" in_ns cli mount -t loom "$SRV:/pc" $A
check "A reads it" $IOT check $A/late 0 $((5 * MiB)) 61

check "remove the files" sh -c "rm -f $A/*"
check "empty" test -z "$(ls $B)"

require "umount A" umount $A
require "umount B" umount $B
require "stop OST1" in_ns srv loomctl ost stop pc 1
require "stop OST0" in_ns srv loomctl ost stop pc 0
require "stop MDT0" in_ns srv loomctl mdt stop pc 0
require "stop MGS" in_ns srv loomctl mgs stop pc
in_ns cli loomctl net del "$CLI"
in_ns srv loomctl net del "$SRV"
unload_loom
exit 0

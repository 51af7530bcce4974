# loom-timeout: 400
# POSIX namespace and data semantics of the client on one mount: an MGS,
# an MDT and two OSTs in one network namespace, the client in another.
. "$LOOM_LIB"

SRV=10.1.0.1@tcp; CLI=10.1.0.2@tcp
M=/mnt/loom

netns_pair srv cli
load_loom
require "server NI" in_ns srv loomctl net add "$SRV"
require "client NI" in_ns cli loomctl net add "$CLI"
require "start MGS" in_ns srv loomctl mgs start posix --stripe-count 2 --stripe-size 65536
require "start MDT0" in_ns srv loomctl mdt start posix 0 --mgs "$SRV"
require "start OST0" in_ns srv loomctl ost start posix 0 --mgs "$SRV"
require "start OST1" in_ns srv loomctl ost start posix 1 --mgs "$SRV"
mkdir -p $M
require "mount" in_ns cli mount -t loom "$SRV:/posix" $M
on_exit "umount $M"
check "mounted as loom" sh -c "grep -q ' $M loom ' /proc/mounts"
mkdir -p /mnt/x
check_fails "bad NID is refused" in_ns cli mount -t loom 'x@tcp:/posix' /mnt/x
check_fails "bad fsname is refused" in_ns cli mount -t loom "$SRV:/no/pe" /mnt/x
check_fails "bad timeout is refused" in_ns cli mount -t loom -o timeout=0 "$SRV:/posix" /mnt/x

# directories
check "mkdir" mkdir $M/d
check "mkdir -p nested" mkdir -p $M/d/e/f
check "stat a directory" test -d $M/d/e/f
check_fails "mkdir of an existing name fails" mkdir $M/d
check_fails "rmdir of a non-empty directory fails" rmdir $M/d/e

# files and data
check "create with touch" touch $M/d/empty
check "empty file has size 0" test "$(stat -c %s $M/d/empty)" = 0
check "write a small file" sh -c "echo hello > $M/d/small"
check "read it back" test "$(cat $M/d/small)" = hello
check "append" sh -c "echo world >> $M/d/small"
check "appended content" test "$(cat $M/d/small)" = "$(printf 'hello\nworld')"
check "size after append" test "$(stat -c %s $M/d/small)" = 12

# 300 KiB over two 64 KiB stripes: several rows, both objects
dd if=/dev/urandom of=/tmp/big bs=1024 count=300 2>/dev/null
require "write a multi-stripe file" cp /tmp/big $M/big
check "read back byte for byte" cmp /tmp/big $M/big
check "unaligned reads" sh -c "dd if=$M/big bs=1000 2>/dev/null | cmp - /tmp/big"
dd if=/tmp/big of=/tmp/big.20 bs=4096 skip=20 2>/dev/null
check "read at an offset" sh -c "dd if=$M/big bs=4096 skip=20 2>/dev/null | cmp - /tmp/big.20"
head -c 200000 /dev/zero > /tmp/zero
head -c 80000 /dev/zero > /tmp/zero.80k

# holes read as zeros, reads past EOF return nothing
check "write after a hole" sh -c "echo tail | dd of=$M/sparse bs=1 seek=200000 2>/dev/null"
check "sparse size" test "$(stat -c %s $M/sparse)" = 200005
check "hole reads as zeros" sh -c "head -c 200000 $M/sparse | cmp - /tmp/zero"
check "read past EOF is empty" test "$(dd if=$M/small bs=1 skip=100 2>/dev/null | wc -c)" = 0

# truncate
check "truncate down" truncate -s 70000 $M/big
check "size after truncate down" test "$(stat -c %s $M/big)" = 70000
check "data kept below the cut" sh -c "head -c 70000 /tmp/big | cmp - $M/big"
check "truncate up" truncate -s 150000 $M/big
check "size after truncate up" test "$(stat -c %s $M/big)" = 150000
check "extension reads as zeros" sh -c "tail -c 80000 $M/big | cmp - /tmp/zero.80k"
check "O_TRUNC" sh -c "echo x > $M/big && test \$(stat -c %s $M/big) = 2"

# attributes
check "chmod" chmod 640 $M/d/small
check "mode after chmod" test "$(stat -c %a $M/d/small)" = 640
check "chown" chown 1000:1000 $M/d/small
check "owner after chown" test "$(stat -c %u:%g $M/d/small)" = 1000:1000
check "set mtime" touch -d '2001-02-03 04:05:06' $M/d/small
check "mtime after touch" test "$(stat -c %Y $M/d/small)" = "$(date -d '2001-02-03 04:05:06' +%s)"
# the mtime of a file is the newest of the MDT's and its objects': a time
# set explicitly goes to every object too
require "write a file on both objects" cp /tmp/big $M/times
check "set mtime of a striped file" touch -m -d '2001-02-03 04:05:06' $M/times
check "its mtime after touch" test "$(stat -c %Y $M/times)" = "$(date -d '2001-02-03 04:05:06' +%s)"
check "its size kept" test "$(stat -c %s $M/times)" = 307200
check "set atime" touch -a -d '2002-03-04 05:06:07' $M/times
check "atime after touch" test "$(stat -c %X $M/times)" = "$(date -d '2002-03-04 05:06:07' +%s)"
check "mtime kept by touch -a" test "$(stat -c %Y $M/times)" = "$(date -d '2001-02-03 04:05:06' +%s)"
check "a write after it" sh -c "echo more >> $M/times"
check "mtime follows the write" test "$(stat -c %Y $M/times)" -gt "$(date -d '2001-02-03 04:05:06' +%s)"
check "mtime before the epoch" touch -d @-14182940 $M/d/empty
check "mtime before the epoch kept" test "$(stat -c %Y $M/d/empty)" = -14182940
check "empty file still empty" test "$(stat -c %s $M/d/empty)" = 0

# links
check "symlink" ln -s small $M/d/sl
check "readlink" test "$(readlink $M/d/sl)" = small
check "read through a symlink" test "$(cat $M/d/sl)" = "$(cat $M/d/small)"
check "hard link" ln $M/d/small $M/d/hl
check "nlink 2" test "$(stat -c %h $M/d/small)" = 2
check "same inode" test "$(stat -c %i $M/d/small)" = "$(stat -c %i $M/d/hl)"
check "unlink one link" rm $M/d/hl
check "nlink 1" test "$(stat -c %h $M/d/small)" = 1
check "mkfifo" mkfifo $M/d/fifo
check "fifo type" test -p $M/d/fifo

# rename
check "rename in a directory" mv $M/d/small $M/d/small2
check "old name gone" test ! -e $M/d/small
check "content kept" test "$(head -1 $M/d/small2)" = hello
check "rename across directories" mv $M/d/small2 $M/d/e/small3
check "rename over an existing file" sh -c "echo new > $M/d/over && mv $M/d/over $M/d/e/small3"
check "replaced content" test "$(cat $M/d/e/small3)" = new
check "rename a directory" mv $M/d/e/f $M/d/f2
check "renamed directory" test -d $M/d/f2

# readdir
for i in $(seq 1 150); do : > $M/d/many.$i; done
check "readdir lists every entry" test "$(ls $M/d | grep -c '^many\.')" = 150
check "readdir with dot entries" sh -c "ls -a $M/d | grep -qx '\.\.'"

# striping
mkdir $M/one
check "setstripe -c 1 -S 128K" loom setstripe -c 1 -S 128K $M/one
check_fails "setstripe on a file fails" loom setstripe -c 1 $M/big
check_fails "setstripe with a bad size fails" loom setstripe -S 1000 $M/one
echo data > $M/one/f
loom getstripe $M/one/f > /tmp/gs
cat /tmp/gs
check "new file inherits stripe count 1" grep -Eq 'stripe_count:[[:space:]]+1$' /tmp/gs
check "new file inherits stripe size" grep -Eq 'stripe_size:[[:space:]]+131072$' /tmp/gs
check_fails "getstripe of a directory fails" loom getstripe $M/d
check "loom df" loom df $M
check "df -i" loom df -i $M

# removal
check "rm -r" rm -r $M/d $M/one
check "rm files" rm $M/big $M/sparse $M/times
check "empty again" test -z "$(ls -A $M)"
exit 0

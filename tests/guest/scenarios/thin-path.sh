# loom-timeout: 400
# The thin path through every layer: an MGS, an MDT and two OSTs in one
# network namespace, a client in another; mount, write more than two
# stripes' worth of data, read it back byte for byte, show the layout, and
# tear everything down cleanly.  LOOM_AF=6 runs it over IPv6.
. "$LOOM_LIB"

if [ "${LOOM_AF:-4}" = 6 ]; then
	SRV='[fd00:1::1]@tcp'; CLI='[fd00:1::2]@tcp'
else
	SRV=10.1.0.1@tcp; CLI=10.1.0.2@tcp
fi
netns_pair srv cli
load_loom
require "server NI $SRV" in_ns srv loomctl net add "$SRV"
require "client NI $CLI" in_ns cli loomctl net add "$CLI"
require "ping server from client" in_ns cli loomctl net ping "$SRV"

require "start MGS" in_ns srv loomctl mgs start loom --stripe-count 2 --stripe-size 1048576
require "start MDT0" in_ns srv loomctl mdt start loom 0 --mgs "$SRV"
require "start OST0" in_ns srv loomctl ost start loom 0 --mgs "$SRV"
require "start OST1" in_ns srv loomctl ost start loom 1 --mgs "$SRV"
in_ns srv loomctl target list

mkdir -p /mnt/loom
require "mount from the client namespace" in_ns cli mount -t loom "$SRV:/loom" /mnt/loom
mkdir -p /mnt/x
check_fails "a bad source is refused" in_ns cli mount -t loom nonsense /mnt/x
check_fails "an unknown option is refused" in_ns cli mount -t loom -o bogus=1 "$SRV:/loom" /mnt/x

# 5 MiB + 12345 bytes: five 1 MiB stripes over two OSTs, and a tail.
dd if=/dev/urandom of=/tmp/src bs=1024 count=5132 2>/dev/null
truncate -s 5254225 /tmp/src 2>/dev/null || dd if=/dev/urandom of=/tmp/src bs=1 count=5254225 2>/dev/null
require "write a striped file" cp /tmp/src /mnt/loom/striped
check "size after write" test "$(stat -c %s /mnt/loom/striped)" = 5254225
require "read back byte for byte" cmp /tmp/src /mnt/loom/striped
check "read with odd block size" sh -c 'dd if=/mnt/loom/striped bs=777 2>/dev/null | cmp - /tmp/src'
check "listed in its directory" sh -c 'ls /mnt/loom | grep -qx striped'

loom getstripe /mnt/loom/striped > /tmp/layout
cat /tmp/layout
check "getstripe: stripe count 2" grep -Eq 'stripe_count:[[:space:]]+2' /tmp/layout
check "getstripe: an object on OST 0" grep -Eq '^[[:space:]]+0[[:space:]]' /tmp/layout
check "getstripe: an object on OST 1" grep -Eq '^[[:space:]]+1[[:space:]]' /tmp/layout

check "unlink" rm /mnt/loom/striped
check "gone after unlink" test ! -e /mnt/loom/striped
require "umount" umount /mnt/loom
require "stop OST1" in_ns srv loomctl ost stop loom 1
require "stop OST0" in_ns srv loomctl ost stop loom 0
require "stop MDT0" in_ns srv loomctl mdt stop loom 0
require "stop MGS" in_ns srv loomctl mgs stop loom
in_ns cli loomctl net del "$CLI"
in_ns srv loomctl net del "$SRV"
unload_loom
exit 0

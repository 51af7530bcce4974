# loom-timeout: 300
# loomnet-basic: loomnet alone.  Two network namespaces joined by veth, an
# IPv4 and an IPv6 NI in each, pings both ways on both families, the peer
# and statistics dumps, bad input refused with a message, NI removal and
# re-adding, and rmmod with live peers.
# shellcheck source=tests/guest/lib.sh
. "$LOOM_LIB"

A4=10.1.0.1@tcp B4=10.1.0.2@tcp
A6='[fd00:1::1]@tcp' B6='[fd00:1::2]@tcp'

require "netns_pair a b" netns_pair a b
[ -f "$LOOM_MODDIR/loomnet.ko" ] || die "loomnet.ko is not in the initramfs"
# shellcheck disable=SC2086
require "insmod loomnet.ko" insmod "$LOOM_MODDIR/loomnet.ko" ${LOOMNET_PARAMS:-}

require "a: net add $A4" in_ns a loomctl net add "$A4" ve-b
require "b: net add $B4" in_ns b loomctl net add "$B4" ve-a
require "a: net add $A6" in_ns a loomctl net add "$A6"
require "b: net add $B6" in_ns b loomctl net add "$B6"
in_ns a loomctl net show
check "a: show lists both NIs" sh -c \
	"nsenter --net=/run/netns/a -- loomctl net show | grep -c '@tcp.* up ' | grep -qx 2"
check "root namespace has no NI" sh -c '[ -z "$(loomctl net show)" ]'

check "ping IPv4 a -> b" in_ns a loomctl net ping "$B4"
check "ping IPv4 b -> a" in_ns b loomctl net ping "$A4"
check "ping IPv6 a -> b" in_ns a loomctl net ping "$B6"
check "ping IPv6 b -> a" in_ns b loomctl net ping "$A6" 2000
check "ping again a -> b (reuses the connection)" in_ns a loomctl net ping "$B4"
check "ping own NID" in_ns a loomctl net ping "$A4"

in_ns a loomctl net peers | tee /tmp/peers
check "a: peer $B4 up" grep -q "^10.1.0.2@tcp up" /tmp/peers
check "a: peer $B6 up" grep -q "^\[fd00:1::2\]@tcp up" /tmp/peers
check "a: peer has an RTT" grep -q "rtt [0-9]*us" /tmp/peers
in_ns b loomctl net stats | tee /tmp/stats
check "b: stats count received messages" sh -c \
	"grep -Eq 'rx [1-9][0-9]* msgs' /tmp/stats"

# Message, PUT and GET with data checked end to end (loomnet's selftest).
check "selftest IPv4 a -> b, 1 MiB" in_ns a loomctl net selftest "$B4"
check "selftest IPv6 b -> a, 5000 bytes" in_ns b loomctl net selftest "$A6" 5000
check "selftest IPv4 b -> a, 4 MiB + 1" in_ns b loomctl net selftest "$A4" 4194305
check "selftest to own NID, 1 byte" in_ns a loomctl net selftest "$A4" 1
check "selftests in parallel" sh -c "
	nsenter --net=/run/netns/a -- loomctl net selftest $B4 300000 &
	nsenter --net=/run/netns/b -- loomctl net selftest $A4 300000 &
	nsenter --net=/run/netns/a -- loomctl net selftest '$B6' 70000 &
	wait %1 && wait %2 && wait %3"
check_fails "selftest: size too large" in_ns a loomctl net selftest "$B4" 999999999

# Hostile input: garbage, and a valid-looking hello for a NID b lacks.
check "garbage stream to b" in_ns a sh -c \
	'head -c 65536 /dev/urandom | nc -w 2 10.1.0.2 7988; true'
check "wrong-NID hello to b" in_ns a sh -c \
	"printf 'MOOL\\001\\000\\050\\000\\000\\000\\000\\000\\000\\000\\000\\000' | nc -w 2 10.1.0.2 7988; true"
check "b still answers after garbage" in_ns a loomctl net ping "$B4"
check "garbage closed its connections" sh -c 'dmesg | grep -q "loomnet: closing connection from unknown peer"'

check_fails "add: garbage NID refused" in_ns a loomctl net add 10.1.0.300@tcp
check_fails "add: duplicate refused" in_ns a loomctl net add "$A4"
check_fails "add: address not local" in_ns a loomctl net add 10.9.9.9@tcp
in_ns a loomctl net add 10.1.0.300@tcp 2>&1 | tee /tmp/err
check "add: error names the NID" grep -q "invalid NID '10.1.0.300@tcp'" /tmp/err
in_ns a loomctl net add "$A4" 2>&1 | tee /tmp/err
check "add: kernel's message shown" grep -q "already configured" /tmp/err
check_fails "ping: no NI on that network" in_ns a loomctl net ping 10.1.0.2@tcp5
check_fails "ping: nobody there" in_ns a loomctl net ping 10.1.0.3@tcp 300
check_fails "del: unknown NID" in_ns a loomctl net del 10.1.0.9@tcp
check_fails "unknown subcommand" loomctl net frob

require "b: del $B4" in_ns b loomctl net del "$B4"
check_fails "ping a -> b after b's NI is gone" in_ns a loomctl net ping "$B4" 500
require "b: re-add $B4" in_ns b loomctl net add "$B4"
# The failed attempt may have left a backoff of a few hundred ms.
check "ping a -> b after re-adding" wait_for 15 \
	nsenter --net=/run/netns/a -- loomctl net ping "$B4" 500
check "ping b -> a after re-adding" in_ns b loomctl net ping "$A4"

# Connections torn down under bulk traffic: every operation must end
# (with an error) and nothing may leak or warn.
kmsg "NI removal under traffic"
for i in 1 2 3 4; do
	in_ns a loomctl net selftest "$B4" 8000000 >/dev/null 2>&1 &
done
sleep 0.3
check "b: del $B4 under traffic" in_ns b loomctl net del "$B4"
# A selftest stuck for ever would hang here, and the harness times out.
wait
require "b: re-add $B4 after traffic" in_ns b loomctl net add "$B4"
check "selftest after teardown" wait_for 15 \
	nsenter --net=/run/netns/a -- loomctl net selftest "$B4" 100000

# A namespace going away with live connections.
require "netns_pair c d" netns_pair c d 10.2.0.1/24 10.2.0.2/24 fd00:2::1/64 fd00:2::2/64
require "c: net add" in_ns c loomctl net add 10.2.0.1@tcp
require "d: net add" in_ns d loomctl net add 10.2.0.2@tcp
check "ping c -> d" in_ns c loomctl net ping 10.2.0.2@tcp
check "delete namespace c with a live peer" ip netns del c
check "d lists c as a peer" sh -c \
	"nsenter --net=/run/netns/d -- loomctl net peers | grep -q '^10.2.0.1@tcp'"

kmsg "rmmod loomnet with live peers"
check "rmmod loomnet with live peers" rmmod loomnet
check "loomnet gone" sh -c '! grep -q "^loomnet " /proc/modules'
check "insmod loomnet again" insmod "$LOOM_MODDIR/loomnet.ko"
check "loomnet works after reload" sh -c \
	"nsenter --net=/run/netns/a -- loomctl net add $A4 && nsenter --net=/run/netns/b -- loomctl net add $B4 && nsenter --net=/run/netns/a -- loomctl net ping $B4"
check "rmmod loomnet again" rmmod loomnet
ip link set lo up
check "insmod with networks=127.0.0.1@tcp" insmod "$LOOM_MODDIR/loomnet.ko" networks=127.0.0.1@tcp
check "networks= added the NI" sh -c 'loomctl net show | grep -q "^127.0.0.1@tcp .*up"'
check "selftest over loopback" loomctl net selftest 127.0.0.1@tcp 1000000
check "rmmod loomnet, loopback peer live" rmmod loomnet
# Taint beyond out-of-tree (4096) and unsigned (8192) modules means a report.
# shellcheck disable=SC2317 # called through check
untainted() { [ $(($(cat /proc/sys/kernel/tainted) & ~(4096 | 8192))) = 0 ]; }
check "kernel not tainted" untainted
exit 0

# loom-ci: newest
# loom-timeout: 400
# loomnet-keepalive: loomnet finds a dead path by itself, faster than TCP.
# Two nodes (namespaces a and b) joined by two veth pairs, an NI on each
# (10.1.0.x@tcp and 10.2.0.x@tcp, one network with two rails), and
# keepalive_timeout set to 6 s.  Idle connections stay up for several
# timeouts (keepalives flow).  Then rail 2's packets are silently dropped
# (blackhole routes in both namespaces) in the middle of a bulk session:
# its connection is closed by the keepalive timeout (well before TCP's 20 s
# user timeout), the peer NI is marked unhealthy, and the bulk session
# completes over rail 1 with every PUT's data checked.  With the routes
# gone, rail 2 recovers.
# shellcheck source=tests/guest/lib.sh
. "$LOOM_LIB"

A1=10.1.0.1@tcp A2=10.2.0.1@tcp B1=10.1.0.2@tcp B2=10.2.0.2@tcp
KA=6

second_rail() {
	ip link add lvka2a type veth peer name lvka2b &&
		ip link set lvka2a netns a && ip -n a link set lvka2a name ve2-b &&
		ip link set lvka2b netns b && ip -n b link set lvka2b name ve2-a &&
		ip -n a addr add 10.2.0.1/24 dev ve2-b &&
		ip -n b addr add 10.2.0.2/24 dev ve2-a &&
		ip -n a link set ve2-b up && ip -n b link set ve2-a up
}
health() {
	nsenter --net="/run/netns/$1" -- loomctl net "$2" |
		awk -v nid="$3" '$1 == nid { for (i = 1; i < NF; i++) if ($i == "health") print $(i + 1) }'
}
ni_tx() {
	nsenter --net="/run/netns/$1" -- loomctl net show |
		awk -v nid="$2" '$1 == nid { getline; print $4 }'
}
timed_out() { dmesg | grep -q "loomnet: nothing received from $1 for ${KA}s"; }
no_corruption() { ! dmesg | grep -q "selftest: bulk PUT data corrupt"; }
uptime_s() { cut -d. -f1 /proc/uptime; }

require "netns_pair a b" netns_pair a b
require "second rail a-b" second_rail
[ -f "$LOOM_MODDIR/loomnet.ko" ] || die "loomnet.ko is not in the initramfs"
require "insmod loomnet.ko keepalive_timeout=$KA" insmod "$LOOM_MODDIR/loomnet.ko" keepalive_timeout=$KA
check "keepalive_timeout is a sysfs tunable" sh -c \
	"[ \"\$(cat /sys/module/loomnet/parameters/keepalive_timeout)\" = $KA ]"
require "a: add NIs" sh -c "nsenter --net=/run/netns/a -- loomctl net add $A1 ve-b &&
	nsenter --net=/run/netns/a -- loomctl net add $A2 ve2-b"
require "b: add NIs" sh -c "nsenter --net=/run/netns/b -- loomctl net add $B1 ve-a &&
	nsenter --net=/run/netns/b -- loomctl net add $B2 ve2-a"

check "ping a -> b rail 1" in_ns a loomctl net ping "$B1"
check "ping a -> b rail 2" in_ns a loomctl net ping "$B2"
check "bulk a -> b" in_ns a loomctl net selftest --bulk 20 "$B1" 262144
# The session below must outlast the blackhole and its detection.
n=$(bulk_count a "$B1" 12)

# Idle for three timeouts: the keepalives keep both connections up.
kmsg "idle for $((3 * KA))s"
sleep $((3 * KA))
check "idle connections were not closed" sh -c "! dmesg | grep -q 'loomnet: nothing received'"
in_ns a loomctl net peers | tee /tmp/peers
check "a: peer $B1 still up" grep -q "^10.1.0.2@tcp up" /tmp/peers
check "a: peer $B2 still up" grep -q "^10.2.0.2@tcp up" /tmp/peers

# Rail 2 silently drops everything in the middle of a bulk session.
kmsg "rail 2 blackholed under bulk traffic"
in_ns a loomctl net selftest --timeout 120000 --bulk "$n" "$B1" 262144 > /tmp/bulk 2>&1 &
bulk=$!
sleep 1
t1=$(ni_tx a "$A1")
t0=$(uptime_s)
check "a: blackhole b's rail 2" ip -n a route add blackhole 10.2.0.2/32
check "b: blackhole a's rail 2" ip -n b route add blackhole 10.2.0.1/32
check "a closed the dead rail within the keepalive timeout" wait_for $((KA + 4)) timed_out "$B2"
t=$(($(uptime_s) - t0))
say "rail 2 connection closed ${t}s after its packets were dropped (timeout ${KA}s)"
check "closed before TCP's user timeout (${t}s < 20s)" [ "$t" -lt 15 ]
wait $bulk
rc=$?
cat /tmp/bulk
check "bulk session across the dead rail succeeded" [ "$rc" = 0 ]
check "no corrupt data" no_corruption
u1=$(ni_tx a "$A1")
check "traffic moved to rail 1" [ $((u1 - t1)) -gt 4000000 ]
in_ns a loomctl net peers | tee /tmp/peers
check "a: peer NI $B2 unhealthy" [ "$(health a peers "$B2")" -lt 1000 ]
check "a: stats count the error" sh -c "nsenter --net=/run/netns/a -- loomctl net stats | grep -Eq 'errors [1-9]'"
check "selftest to $B2's node while rail 2 is dead" in_ns a loomctl net selftest --timeout 60000 "$B1" 100000

kmsg "rail 2 back"
check "a: rail 2 route back" ip -n a route del blackhole 10.2.0.2/32
check "b: rail 2 route back" ip -n b route del blackhole 10.2.0.1/32
check "a: peer NI $B2 healthy again" wait_for 40 sh -c \
	"nsenter --net=/run/netns/a -- loomctl net peers | grep -q '^10.2.0.2@tcp up .* health 1000'"
check "ping a -> b rail 2 again" in_ns a loomctl net ping "$B2"

kmsg "rmmod loomnet"
check "rmmod loomnet with live peers" rmmod loomnet
# shellcheck disable=SC2317 # called through check
untainted() { [ $(($(cat /proc/sys/kernel/tainted) & ~(4096 | 8192))) = 0 ]; }
check "kernel not tainted" untainted
exit 0

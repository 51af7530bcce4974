# loom-timeout: 600
# loomnet-multirail: two nodes (network namespaces a and b) joined by two
# veth pairs, each node with an NI on each (10.1.0.x@tcp and 10.2.0.x@tcp,
# one LNet network with two rails, and the same in IPv6).  Bulk traffic
# spreads over both rails; one rail brought down in the middle of a bulk
# selftest fails over with no error above loomnet, every PUT completing
# once with its data checked, the rail shown down and unhealthy; brought
# back up it recovers.  A single-rail link cut mid-bulk: the operations
# are sent again after the reconnection.  rmmod with live peers.
# shellcheck source=tests/guest/lib.sh
. "$LOOM_LIB"

A1=10.1.0.1@tcp A2=10.2.0.1@tcp B1=10.1.0.2@tcp B2=10.2.0.2@tcp
A61='[fd00:1::1]@tcp' A62='[fd00:2::1]@tcp'
B61='[fd00:1::2]@tcp' B62='[fd00:2::2]@tcp'

second_rail() {
	ip link add lvmr2a type veth peer name lvmr2b &&
		ip link set lvmr2a netns a && ip -n a link set lvmr2a name ve2-b &&
		ip link set lvmr2b netns b && ip -n b link set lvmr2b name ve2-a &&
		ip -n a addr add 10.2.0.1/24 dev ve2-b &&
		ip -n b addr add 10.2.0.2/24 dev ve2-a &&
		ip -n a addr add fd00:2::1/64 dev ve2-b nodad &&
		ip -n b addr add fd00:2::2/64 dev ve2-a nodad &&
		ip -n a link set ve2-b up && ip -n b link set ve2-a up
}

# NI tx bytes of NID in namespace NS.
ni_tx() {
	nsenter --net="/run/netns/$1" -- loomctl net show |
		awk -v nid="$2" '$1 == nid { getline; print $4 }'
}
# health of a peer NI (peers) or NI (show)
health() {
	nsenter --net="/run/netns/$1" -- loomctl net "$2" |
		awk -v nid="$3" '$1 == nid { for (i = 1; i < NF; i++) if ($i == "health") print $(i + 1) }'
}
no_corruption() { ! dmesg | grep -q "selftest: bulk PUT data corrupt"; }

require "netns_pair a b" netns_pair a b
require "second rail a-b" second_rail
# IPv6 addresses must survive a link going down and up.
for ns in a b c d; do
	[ -e "/run/netns/$ns" ] || { ip netns add "$ns" && ip -n "$ns" link set lo up; }
	in_ns "$ns" sysctl -qw net.ipv6.conf.all.keep_addr_on_down=1
done
[ -f "$LOOM_MODDIR/loomnet.ko" ] || die "loomnet.ko is not in the initramfs"
# shellcheck disable=SC2086
require "insmod loomnet.ko" insmod "$LOOM_MODDIR/loomnet.ko" ${LOOMNET_PARAMS:-}
require "a: add NIs" sh -c "nsenter --net=/run/netns/a -- loomctl net add $A1 ve-b &&
	nsenter --net=/run/netns/a -- loomctl net add $A2 ve2-b &&
	nsenter --net=/run/netns/a -- loomctl net add '$A61' &&
	nsenter --net=/run/netns/a -- loomctl net add '$A62'"
require "b: add NIs" sh -c "nsenter --net=/run/netns/b -- loomctl net add $B1 ve-a &&
	nsenter --net=/run/netns/b -- loomctl net add $B2 ve2-a &&
	nsenter --net=/run/netns/b -- loomctl net add '$B61' &&
	nsenter --net=/run/netns/b -- loomctl net add '$B62'"
in_ns a loomctl net show

check "ping a -> b rail 1" in_ns a loomctl net ping "$B1"
check "selftest a -> b" in_ns a loomctl net selftest "$B1" 300000
in_ns a loomctl net peers | tee /tmp/peers
check "a learned b's second rail from the hello" grep -q "^10.2.0.2@tcp .* node 10.1.0.2@tcp" /tmp/peers

# Load spreads over both rails.
t1=$(ni_tx a "$A1") t2=$(ni_tx a "$A2")
check "bulk a -> b over two rails" in_ns a loomctl net selftest --bulk 40 "$B1" 262144
u1=$(ni_tx a "$A1") u2=$(ni_tx a "$A2")
say "rail tx bytes: $A1 $t1 -> $u1, $A2 $t2 -> $u2"
check "rail 1 carried bulk data" [ $((u1 - t1)) -gt 2000000 ]
check "rail 2 carried bulk data" [ $((u2 - t2)) -gt 2000000 ]
in_ns a loomctl net peers | tee /tmp/peers
# The receive window b granted (256 frames) bounds what a sends ahead.
credits() { awk -v nid="$1" '$1 == nid { for (i = 1; i < NF; i++) if ($i == "credits") print $(i + 1) }' /tmp/peers; }
c=$(credits "$B1")
check "a: credits to $B1 within b's window ($c)" sh -c "[ '$c' -ge 1 ] && [ '$c' -le 256 ]"

# Rail 2 goes down in the middle of a bulk session.
kmsg "rail 2 down under bulk traffic"
n=$(bulk_count a "$B1" 6 2000)
in_ns a loomctl net selftest --timeout 60000 --bulk "$n" "$B1" 262144 > /tmp/bulk 2>&1 &
bulk=$!
sleep 1
t1=$(ni_tx a "$A1")
check "a: rail 2 link down" ip -n a link set ve2-b down
wait $bulk
rc=$?
cat /tmp/bulk
check "bulk session across the failover succeeded" [ "$rc" = 0 ]
check "no corrupt data" no_corruption
in_ns a loomctl net show | tee /tmp/show
in_ns a loomctl net peers | tee /tmp/peers
u1=$(ni_tx a "$A1")
check "traffic moved to rail 1" [ $((u1 - t1)) -gt 4000000 ]
check "a: NI $A2 down" grep -q "^10.2.0.1@tcp dev ve2-b down .* health 0$" /tmp/show
check "a: NI $A1 up and healthy" grep -q "^10.1.0.1@tcp dev ve-b up .* health 1000$" /tmp/show
check "a: peer NI $B2 unhealthy" [ "$(health a peers "$B2")" -lt 1000 ]
check "b: NI $B2 down (no carrier)" sh -c "nsenter --net=/run/netns/b -- loomctl net show | grep -q '^10.2.0.2@tcp dev ve2-a down'"
check "operations were sent again" sh -c "nsenter --net=/run/netns/a -- loomctl net stats | grep -Eq 'resends [1-9]'"
check "selftest with rail 2 down" in_ns a loomctl net selftest "$B2" 100000

kmsg "rail 2 up"
check "a: rail 2 link up" ip -n a link set ve2-b up
check "a: NI $A2 healthy again" wait_for 30 sh -c "[ \"\$(nsenter --net=/run/netns/a -- loomctl net show | awk '\$1 == \"$A2\" { print \$4, \$NF }')\" = 'up 1000' ]"
check "a: peer NI $B2 healthy again" wait_for 30 sh -c "nsenter --net=/run/netns/a -- loomctl net peers | grep -q '^10.2.0.2@tcp up .* health 1000'"
in_ns a loomctl net show
in_ns a loomctl net peers
t2=$(ni_tx a "$A2")
check "bulk after recovery" in_ns a loomctl net selftest --bulk 40 "$B1" 262144
u2=$(ni_tx a "$A2")
check "rail 2 carries traffic again" [ $((u2 - t2)) -gt 2000000 ]

# IPv6: rail 1 down this time, b the initiator.
kmsg "IPv6 rail 1 down under bulk traffic"
check "selftest IPv6 b -> a" in_ns b loomctl net selftest "$A61" 100000
n=$(bulk_count b "$A61" 6 2000)
in_ns b loomctl net selftest --timeout 60000 --bulk "$n" "$A61" 262144 > /tmp/bulk 2>&1 &
bulk=$!
sleep 1
check "b: rail 1 link down" ip -n b link set ve-a down
wait $bulk
rc=$?
cat /tmp/bulk
check "IPv6 bulk session across the failover succeeded" [ "$rc" = 0 ]
check "no corrupt data (IPv6)" no_corruption
in_ns b loomctl net peers
check "b: IPv6 peer NI rail 1 unhealthy" [ "$(health b peers "$A61")" -lt 1000 ]
check "b: rail 1 link up" ip -n b link set ve-a up
check "b: IPv6 peer NI rail 1 healthy again" wait_for 30 sh -c \
	"nsenter --net=/run/netns/b -- loomctl net peers | grep -q '^\\[fd00:1::1\\]@tcp up .* health 1000'"

# Single rail: cut the link mid-bulk and restore it; the operations in
# flight are sent again once reconnected, each completing once.
require "netns_pair c d" netns_pair c d 10.3.0.1/24 10.3.0.2/24 fd00:3::1/64 fd00:3::2/64
require "c: net add" in_ns c loomctl net add 10.3.0.1@tcp
require "d: net add" in_ns d loomctl net add 10.3.0.2@tcp
check "ping c -> d" in_ns c loomctl net ping 10.3.0.2@tcp
kmsg "single-rail link cut under bulk traffic"
n=$(bulk_count c 10.3.0.2@tcp 6 2000)
in_ns c loomctl net selftest --timeout 60000 --bulk "$n" 10.3.0.2@tcp 262144 > /tmp/bulk 2>&1 &
bulk=$!
sleep 1
check "c: link down" ip -n c link set ve-d down
sleep 1
check "c: link up" ip -n c link set ve-d up
wait $bulk
rc=$?
cat /tmp/bulk
check "single-rail bulk across a link cut succeeded" [ "$rc" = 0 ]
check "no corrupt data (single rail)" no_corruption
in_ns c loomctl net peers
check "selftest c -> d after the cut" in_ns c loomctl net selftest 10.3.0.2@tcp 100000

kmsg "rmmod loomnet with live multi-rail peers"
check "rmmod loomnet with live peers" rmmod loomnet
check "loomnet gone" sh -c '! grep -q "^loomnet " /proc/modules'
# shellcheck disable=SC2317 # called through check
untainted() { [ $(($(cat /proc/sys/kernel/tainted) & ~(4096 | 8192))) = 0 ]; }
check "kernel not tainted" untainted
exit 0

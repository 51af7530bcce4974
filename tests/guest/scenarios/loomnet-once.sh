# loom-ci: newest
# loom-timeout: 600
# loomnet-once: plain messages are delivered exactly once across broken
# connections.  Two nodes (namespaces a and b) joined by two veth pairs
# (two rails).  "loomctl net selftest --msgs N" floods N numbered messages
# a -> b, b echoes each, a checks that every number came back exactly once
# (none lost, none twice).  The flood runs across:
#  * rail 2 brought down in its middle (multi-rail failover: the messages
#    written on rail 2 and not yet covered by b's credits are sent again on
#    rail 1, flagged RESEND; b drops those it delivered already);
#  * a single rail (two more nodes c and d) whose link goes down and up
#    again (the connections are closed, the messages wait for the
#    reconnection);
#  * both directions at once.
# Sent-again and dropped-duplicate counts are printed (loomctl net stats:
# resends, dups).  rmmod with live peers.
# shellcheck source=tests/guest/lib.sh
. "$LOOM_LIB"

A1=10.1.0.1@tcp A2=10.2.0.1@tcp B1=10.1.0.2@tcp B2=10.2.0.2@tcp

second_rail() {
	ip link add lvon2a type veth peer name lvon2b &&
		ip link set lvon2a netns a && ip -n a link set lvon2a name ve2-b &&
		ip link set lvon2b netns b && ip -n b link set lvon2b name ve2-a &&
		ip -n a addr add 10.2.0.1/24 dev ve2-b &&
		ip -n b addr add 10.2.0.2/24 dev ve2-a &&
		ip -n a link set ve2-b up && ip -n b link set ve2-a up
}
# stat NS FIELD: a counter of "loomctl net stats" ("resends", "dups", ...)
stat() {
	nsenter --net="/run/netns/$1" -- loomctl net stats |
		awk -v f="$2" '{ for (i = 1; i < NF; i++) if ($i == f) { v = $(i + 1); sub(",", "", v); print v } }'
}
# flood NS DST N: N messages of 256 bytes, each echoed once; up to 5 min
flood() {
	nsenter --net="/run/netns/$1" -- loomctl net selftest --timeout 60000 --msgs "$3" "$2" 256
}

require "netns_pair a b" netns_pair a b
require "second rail a-b" second_rail
[ -f "$LOOM_MODDIR/loomnet.ko" ] || die "loomnet.ko is not in the initramfs"
# shellcheck disable=SC2086
require "insmod loomnet.ko" insmod "$LOOM_MODDIR/loomnet.ko" ${LOOMNET_PARAMS:-}
require "a: add NIs" sh -c "nsenter --net=/run/netns/a -- loomctl net add $A1 ve-b &&
	nsenter --net=/run/netns/a -- loomctl net add $A2 ve2-b"
require "b: add NIs" sh -c "nsenter --net=/run/netns/b -- loomctl net add $B1 ve-a &&
	nsenter --net=/run/netns/b -- loomctl net add $B2 ve2-a"
check "ping a -> b rail 1" in_ns a loomctl net ping "$B1"
check "ping a -> b rail 2" in_ns a loomctl net ping "$B2"

check "a small flood, nothing broken" sh -c "nsenter --net=/run/netns/a -- loomctl net selftest --msgs 2000 $B1 256 > /tmp/flood"
cat /tmp/flood
# Floods of about 8 s at the rate this guest achieves.
n=$(awk '/each back exactly once/ { r = $(NF); sub("/s", "", r); n = int(r * 8); if (n < 5000) n = 5000; if (n > 400000) n = 400000; print n }' /tmp/flood)
say "floods of ${n:=20000} messages"
in_ns a loomctl net peers

kmsg "rail 2 down under a message flood"
r0=$(stat a resends)
flood a "$B1" "$n" > /tmp/flood 2>&1 &
fl=$!
sleep 2
check "flood still running when rail 2 goes down" kill -0 $fl
check "a: rail 2 link down" ip -n a link set ve2-b down
wait $fl
rc=$?
cat /tmp/flood
check "every message came back exactly once across the failover" [ "$rc" = 0 ]
in_ns a loomctl net stats
in_ns b loomctl net stats
say "a: messages sent again: $(( $(stat a resends) - r0 )); duplicates dropped: a $(stat a dups), b $(stat b dups)"
check "a: messages were sent again" [ "$(stat a resends)" -gt "$r0" ]

kmsg "single rail: link down and up under a message flood"
# Two more nodes, c and d, with one rail: the messages wait for the
# reconnection on the same path.
C=10.3.0.1@tcp D=10.3.0.2@tcp
check "netns_pair c d" netns_pair c d 10.3.0.1/24 10.3.0.2/24 fd00:3::1/64 fd00:3::2/64
check "c: net add" in_ns c loomctl net add "$C" ve-d
check "d: net add" in_ns d loomctl net add "$D" ve-c
check "ping c -> d" in_ns c loomctl net ping "$D"
r0=$(stat c resends)
flood c "$D" "$n" > /tmp/flood 2>&1 &
fl=$!
sleep 2
check "flood still running when the link goes down" kill -0 $fl
check "c: link down" ip -n c link set ve-d down
sleep 1
check "c: link up" ip -n c link set ve-d up
wait $fl
rc=$?
cat /tmp/flood
check "every message came back exactly once across the reconnection" [ "$rc" = 0 ]
in_ns c loomctl net stats
in_ns d loomctl net stats
say "c: messages sent again: $(( $(stat c resends) - r0 )); duplicates dropped: c $(stat c dups), d $(stat d dups)"
check "c: messages were sent again after the reconnection" [ "$(stat c resends)" -gt "$r0" ]

kmsg "both rails, floods both ways, rail 2 down and up"
check "a: rail 2 link up" ip -n a link set ve2-b up
check "a: peer NI $B2 healthy again" wait_for 30 sh -c "nsenter --net=/run/netns/a -- loomctl net peers | grep -q '^10.2.0.2@tcp up .* health 1000'"
flood a "$B1" "$n" > /tmp/flood.a 2>&1 &
fa=$!
flood b "$A1" "$n" > /tmp/flood.b 2>&1 &
fb=$!
sleep 2
check "b: rail 2 link down" ip -n b link set ve2-a down
sleep 1
check "b: rail 2 link up" ip -n b link set ve2-a up
wait $fa
ra=$?
wait $fb
rb=$?
cat /tmp/flood.a /tmp/flood.b
check "a -> b: every message back exactly once" [ "$ra" = 0 ]
check "b -> a: every message back exactly once" [ "$rb" = 0 ]
in_ns a loomctl net peers
in_ns b loomctl net peers
check "a: nothing left unacknowledged" wait_for 10 sh -c "! nsenter --net=/run/netns/a -- loomctl net conns | grep -q 'unacked [1-9]'"

kmsg "rmmod loomnet"
check "rmmod loomnet with live peers" rmmod loomnet
exit 0

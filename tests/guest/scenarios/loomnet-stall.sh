# loom-timeout: 500
# loomnet-stall: a receiver that stops reading.  Two nodes (namespaces a
# and b), one veth pair, peer_credits=32.  a floods b with numbered
# messages ("loomctl net selftest --msgs"), which b echoes; with the
# selftest_stall parameter set, b's handler stops on the first one, so b
# reads nothing more.  a must then send only the window b granted (its
# credits fall to 0), queue the rest up to the queue limit (4096 frames)
# and push back on the sender (-ENOBUFS, which the selftest waits out):
# bounded memory, no drop, no error.  "loomctl net peers" and "conns" show
# the credits and the queue depth during the stall.  Once b resumes every
# message arrives and comes back exactly once.
# shellcheck source=tests/guest/lib.sh
. "$LOOM_LIB"

A=10.1.0.1@tcp B=10.1.0.2@tcp
STALL=/sys/module/loomnet/parameters/selftest_stall

# field of the connection of NS to/from REMOTE with ROLE: "conn_field NS REMOTE ROLE credits"
conn_field() {
	nsenter --net="/run/netns/$1" -- loomctl net conns | awk -v r="$2" -v role="$3" -v f="$4" \
		'$3 == r && $4 == role { for (i = 1; i < NF; i++) if ($i == f) { print $(i + 1); exit } }'
}
peer_field() {
	nsenter --net="/run/netns/$1" -- loomctl net peers | awk -v p="$2" -v f="$3" \
		'$1 == p { for (i = 1; i < NF; i++) if ($i == f) { print $(i + 1); exit } }'
}
stat() {
	nsenter --net="/run/netns/$1" -- loomctl net stats |
		awk -v f="$2" '{ for (i = 1; i < NF; i++) if ($i == f) { v = $(i + 1); sub(",", "", v); print v } }'
}
avail_kb() { awk '/^MemAvailable:/ { print $2 }' /proc/meminfo; }

require "netns_pair a b" netns_pair a b
[ -f "$LOOM_MODDIR/loomnet.ko" ] || die "loomnet.ko is not in the initramfs"
# A keepalive timeout longer than the stall: b hears nothing while a has
# no credits.
# shellcheck disable=SC2086
require "insmod loomnet.ko" insmod "$LOOM_MODDIR/loomnet.ko" peer_credits=32 keepalive_timeout=60 ${LOOMNET_PARAMS:-}
require "a: net add" in_ns a loomctl net add "$A" ve-b
require "b: net add" in_ns b loomctl net add "$B" ve-a
check "ping a -> b" in_ns a loomctl net ping "$B"
check "a flood without stall" in_ns a loomctl net selftest --msgs 2000 "$B" 1024

kmsg "b stalls"
check "selftest_stall is a sysfs tunable" sh -c "echo 1 > $STALL"
m0=$(avail_kb)
in_ns a loomctl net selftest --timeout 120000 --msgs 20000 "$B" 1024 > /tmp/flood 2>&1 &
fl=$!
check "a: credits spent on the stalled receiver" wait_for 30 sh -c "[ \"\$(nsenter --net=/run/netns/a -- loomctl net conns |
	awk '\$3 == \"$B\" && \$4 == \"ctrl\" { print \$7 }')\" = 0 ]"
check "a: the queue fills to its bound" wait_for 60 sh -c "[ \"\$(nsenter --net=/run/netns/a -- loomctl net conns |
	awk '\$3 == \"$B\" && \$4 == \"ctrl\" { print \$9 }')\" -ge 4000 ]"
in_ns a loomctl net peers | tee /tmp/peers
in_ns a loomctl net conns
q1=$(conn_field a "$B" ctrl queued)
sleep 3
in_ns a loomctl net peers | tee /tmp/peers
in_ns a loomctl net conns
q2=$(conn_field a "$B" ctrl queued)
m1=$(avail_kb)
say "a: queued $q1 then $q2 frames; peers shows credits $(peer_field a "$B" credits) queued $(peer_field a "$B" queued) unacked $(peer_field a "$B" unacked)"
say "MemAvailable ${m0} kB before, ${m1} kB during the stall"
check "a: peers shows no credits during the stall" [ "$(peer_field a "$B" credits)" = 0 ]
check "a: peers shows the queue depth ($(peer_field a "$B" queued))" [ "$(peer_field a "$B" queued)" -ge 4000 ]
check "a: the queue stays bounded ($q2 <= 4096 + window)" [ "${q2:-99999}" -le 4200 ]
check "a: the queue does not grow ($q1 -> $q2)" [ "${q2:-99999}" -le "${q1:-0}" ]
check "a: the flood waits, it did not fail" kill -0 $fl
check "memory stays bounded (less than 64 MiB used)" [ $((m0 - m1)) -lt 65536 ]
check "a: nothing dropped" [ "$(stat a drops)" = 0 ]

kmsg "b resumes"
check "b resumes" sh -c "echo 0 > $STALL"
wait $fl
rc=$?
cat /tmp/flood
check "every message arrived and came back exactly once after the stall" [ "$rc" = 0 ]
in_ns a loomctl net peers
in_ns b loomctl net stats
check "a: nothing dropped" [ "$(stat a drops)" = 0 ]
check "b: nothing dropped" [ "$(stat b drops)" = 0 ]
check "a: the queue drained" wait_for 10 sh -c "[ \"\$(nsenter --net=/run/netns/a -- loomctl net conns |
	awk '\$3 == \"$B\" && \$4 == \"ctrl\" { print \$9 }')\" = 0 ]"

kmsg "rmmod loomnet"
check "rmmod loomnet with live peers" rmmod loomnet
exit 0

# loom-timeout: 900
# bench-loomnet-bw: loomnet against iperf3 between two network namespaces
# joined by veth (tests/bench/loomnet-bw runs it; never part of
# "tests/guest/run all").  Prints "LOOM-BENCH key=value" lines:
#   iperf3_MBps          iperf3 TCP, one stream, receiver side, 10^6 B/s
#   iperf3_zc_MBps       the same with -Z (sendfile: zero-copy sends, as
#                        loomnet's MSG_SPLICE_PAGES)
#   loomnet_SIZE_MBps    loomnet selftest bulk PUTs of SIZE bytes
#   loomnet_rtt_per_s    loomnet header-only ping round trips per second
# The figures are measured, never asserted; the scenario fails only if a
# tool fails.
# shellcheck source=tests/guest/lib.sh
. "$LOOM_LIB"

A4=10.1.0.1@tcp B4=10.1.0.2@tcp
SECS=10

require "netns_pair a b" netns_pair a b
command -v iperf3 >/dev/null || die "iperf3 is not in the initramfs (--bin /usr/bin/iperf3)"
require "insmod loomnet.ko" insmod "$LOOM_MODDIR/loomnet.ko"
require "a: net add $A4" in_ns a loomctl net add "$A4" ve-b
require "b: net add $B4" in_ns b loomctl net add "$B4" ve-a
require "ping a -> b" in_ns a loomctl net ping "$B4" 5000

bench() { echo "LOOM-BENCH $1=$2"; }

# iperf3: a one-off server in b, a client in a; copying, then zero-copy.
iperf() { # KEY [CLIENT OPTION]...
	_key=$1; shift
	in_ns b iperf3 -s -1 -D -B 10.1.0.2 || die "iperf3 server"
	sleep 1
	in_ns a iperf3 -c 10.1.0.2 -t "$SECS" -f M "$@" | tee /tmp/iperf3.txt ||
		die "iperf3 client $*"
	_v=$(awk '/receiver/ { for (i = 2; i <= NF; i++) if ($i == "MBytes/sec") print $(i - 1) }' /tmp/iperf3.txt)
	[ -n "$_v" ] || die "no receiver figure in iperf3's output"
	# iperf3's MBytes are 2^20 bytes; report 10^6 bytes like loomctl.
	bench "$_key" "$(awk -v v="$_v" 'BEGIN { printf "%.1f", v * 1048576 / 1e6 }')"
	sleep 1
}
iperf iperf3_MBps
iperf iperf3_zc_MBps -Z

# loomnet: bulk PUTs, 8 in flight, then round trips.
for size in 1048576 4194304; do
	count=$((512 * 1048576 / size))
	in_ns a loomctl net selftest --bulk "$count" --pings 1 "$B4" "$size" |
		tee /tmp/bulk.txt || die "loomnet bulk selftest, $size bytes"
	v=$(sed -n 's/.*: \([0-9.]*\) MB\/s$/\1/p' /tmp/bulk.txt)
	[ -n "$v" ] || die "no MB/s in loomctl's output"
	bench "loomnet_${size}_MBps" "$v"
done
in_ns a loomctl net selftest --bulk 1 --pings 5000 "$B4" 4096 | tee /tmp/rtt.txt ||
	die "loomnet round trips"
v=$(sed -n 's/.*round trips: .*: \([0-9.]*\)\/s$/\1/p' /tmp/rtt.txt)
[ -n "$v" ] || die "no round trips in loomctl's output"
bench loomnet_rtt_per_s "$v"
# The data path must still be right after all that.
check "selftest after the benchmark" in_ns a loomctl net selftest "$B4"
in_ns a loomctl net stats
exit 0

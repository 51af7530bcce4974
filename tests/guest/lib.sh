# shellcheck shell=sh
# lib.sh: helpers for Loom guest scenarios (busybox sh).  In the guest it is
# /lib/loom/lib.sh, also in $LOOM_LIB; a scenario starts with
#
#     . "$LOOM_LIB"
#
# Scenario output goes to the serial console.  The host decides pass/fail
# from the scenario's exit status and from kernel reports in the log; the
# `ok N - ...` lines are diagnostics.  A failed `check` makes the scenario
# exit non-zero even if it ends with `exit 0`.
#
#   say MSG...                 print "# MSG" (a diagnostic line)
#   die MSG...                 print "not ok - MSG" and exit 1
#   check DESC CMD...          run CMD; print ok/not ok N - DESC; returns CMD's status
#   check_fails DESC CMD...    like check, but CMD must fail
#   require DESC CMD...        like check, but exits the scenario on failure
#   on_exit CMD                run CMD (a string, eval'd) at exit, last registered first
#   netns_pair NS1 NS2 [IP4A IP4B IP6A IP6B]
#                              two netns (created if missing) joined by a veth pair;
#                              defaults 10.1.0.1/24 10.1.0.2/24 fd00:1::1/64 fd00:1::2/64;
#                              the device in NS1 is "ve-NS2" and vice versa (15 chars max)
#   in_ns NS CMD...            run CMD in netns NS (nsenter --net; the mount
#                              namespace is shared, so mounts made there persist)
#   load_loom [loom.ko PARAMS...]   insmod loomnet.ko ($LOOMNET_PARAMS) then loom.ko
#   unload_loom                rmmod loom, then loomnet; dies if either fails
#                              (on a kmemleak kernel, the guest's init scans for
#                              leaks after every scenario: see tests/guest/init)
#   wait_for SECS CMD...       retry CMD every 0.2 s until it succeeds or SECS pass
#   kmsg MSG...                write MSG into the kernel log (marks dmesg)
#   kill_me                    ask the host to kill this guest now (SIGKILL to
#                              QEMU, a power cut) and wait for it; only in a
#                              phase before the last of a "# loom-phases: N"
#                              scenario (see tests/guest/run)
#   phase_log                  print the console output of the earlier phases
#                              (empty in phase 1)
#
# Environment: LOOM_K (kmatrix name, e.g. 7.3), LOOM_KVER (uname -r), LOOM_MODDIR
# (/lib/modules/loom), LOOM_PHASE and LOOM_PHASES (1 and 1 unless phased).
# "# loom-disk: SIZE..." in a scenario's header gives it raw virtio disks
# /dev/vda, /dev/vdb, ... that last across its phases.  Loom's tools are in /usr/local/bin; iproute2's ip is
# /usr/sbin/ip; everything else is busybox.

# shellcheck source=/dev/null
[ -f /etc/loom/info ] && . /etc/loom/info
LOOM_MODDIR=/lib/modules/loom
LOOM_TAP_N=0
LOOM_TAP_FAILED=0
LOOM_ON_EXIT=

# busybox sh runs its own applets before searching PATH: make "ip" the real
# iproute2 (netns, veth).  The same applies to any --bin binary whose name is
# also a busybox applet: call it by its full path.
ip() { /usr/sbin/ip "$@"; }

say() { echo "# $*"; }

die() {
	echo "not ok - $*"
	exit 1
}

kmsg() { echo "loom-scenario: $*" > /dev/kmsg; }

kill_me() {
	[ "${LOOM_PHASE:-1}" -lt "${LOOM_PHASES:-1}" ] || die "kill_me in the last phase"
	echo "LOOM-KILL-NOW phase=$LOOM_PHASE"
	sleep 600
	die "still alive 600 s after LOOM-KILL-NOW"
}

phase_log() { cat /etc/loom/phase-log 2>/dev/null; }

check() {
	_d=$1; shift
	LOOM_TAP_N=$((LOOM_TAP_N + 1))
	if "$@"; then
		echo "ok $LOOM_TAP_N - $_d"
		return 0
	else
		_rc=$?
		echo "not ok $LOOM_TAP_N - $_d (exit $_rc: $*)"
		LOOM_TAP_FAILED=$((LOOM_TAP_FAILED + 1))
		return $_rc
	fi
}

check_fails() {
	_d=$1; shift
	LOOM_TAP_N=$((LOOM_TAP_N + 1))
	if "$@"; then
		echo "not ok $LOOM_TAP_N - $_d (succeeded but should fail: $*)"
		LOOM_TAP_FAILED=$((LOOM_TAP_FAILED + 1))
		return 1
	fi
	echo "ok $LOOM_TAP_N - $_d"
}

require() {
	check "$@" || die "required: $1"
}

on_exit() { LOOM_ON_EXIT="$1
$LOOM_ON_EXIT"; }

_loom_exit() {
	_rc=$?
	set +e
	if [ -n "$LOOM_ON_EXIT" ]; then
		# (a here-document, not a pipe: a die in CMD must end this shell)
		while IFS= read -r _c; do
			[ -n "$_c" ] || continue
			eval "$_c" || { echo "not ok - on_exit '$_c' failed"; _rc=1; }
		done <<-EOT
		$LOOM_ON_EXIT
		EOT
	fi
	echo "# $LOOM_TAP_N checks, $LOOM_TAP_FAILED failed, exit $_rc"
	[ "$_rc" = 0 ] && [ "$LOOM_TAP_FAILED" -gt 0 ] && exit 1
	exit $_rc
}
trap _loom_exit EXIT

# Only the network namespace is switched (nsenter --net), unlike
# "ip netns exec", which also unshares the mount namespace: a mount made via
# in_ns stays visible to the whole guest, and Loom's client takes the
# mounting process's network namespace, as NFS does.  (/sys still shows the
# initial namespace's devices; use "ip -n NS" to inspect links.)
in_ns() {
	_ns=$1; shift
	[ -e "/run/netns/$_ns" ] || die "in_ns: no network namespace '$_ns'"
	nsenter --net="/run/netns/$_ns" -- "$@"
}

netns_pair() {
	_a=$1 _b=$2
	_a4=${3:-10.1.0.1/24} _b4=${4:-10.1.0.2/24} _a6=${5:-fd00:1::1/64} _b6=${6:-fd00:1::2/64}
	[ -n "$_a" ] && [ -n "$_b" ] || die "usage: netns_pair NS1 NS2 [IP4A IP4B IP6A IP6B]"
	for _n in "$_a" "$_b"; do
		if [ ! -e "/run/netns/$_n" ]; then
			ip netns add "$_n" || die "ip netns add $_n"
			ip -n "$_n" link set lo up || die "lo up in $_n"
		fi
	done
	_da=$(echo "ve-$_b" | cut -c1-15) _db=$(echo "ve-$_a" | cut -c1-15)
	ip link add lvtmp$$a type veth peer name lvtmp$$b || die "veth for $_a-$_b"
	ip link set lvtmp$$a netns "$_a" && ip -n "$_a" link set lvtmp$$a name "$_da" &&
		ip link set lvtmp$$b netns "$_b" && ip -n "$_b" link set lvtmp$$b name "$_db" ||
		die "moving veth into $_a/$_b"
	ip -n "$_a" addr add "$_a4" dev "$_da" && ip -n "$_b" addr add "$_b4" dev "$_db" ||
		die "IPv4 addresses on $_a-$_b"
	ip -n "$_a" addr add "$_a6" dev "$_da" nodad && ip -n "$_b" addr add "$_b6" dev "$_db" nodad ||
		die "IPv6 addresses on $_a-$_b"
	ip -n "$_a" link set "$_da" up && ip -n "$_b" link set "$_db" up || die "link up $_a-$_b"
}

# bulk_count NS NID SECS [MIN]: how many 256 KiB selftest PUTs from NS to
# NID take about SECS seconds in this guest (at least MIN, default 1500):
# sessions that must outlast a failure are sized to the guest's speed.
bulk_count() {
	_o=$(in_ns "$1" loomctl net selftest --bulk 200 "$2" 262144 2>&1)
	_us=$(echo "$_o" | sed -n 's/.* in \([0-9]*\) us.*/\1/p')
	[ -n "$_us" ] && [ "$_us" -gt 0 ] || _us=1000000
	_n=$((200 * $3 * 1000000 / _us))
	[ "$_n" -ge "${4:-1500}" ] || _n=${4:-1500}
	[ "$_n" -le 100000 ] || _n=100000
	echo "# bulk session of $_n PUTs to $2 (200 took $_us us)" >&2
	echo "$_n"
}

load_loom() {
	for _m in loomnet loom; do
		[ -f "$LOOM_MODDIR/$_m.ko" ] || die "$LOOM_MODDIR/$_m.ko is not in the initramfs (build Loom for $LOOM_K, or pass --modules)"
	done
	# shellcheck disable=SC2086
	insmod "$LOOM_MODDIR/loomnet.ko" ${LOOMNET_PARAMS:-} || die "insmod loomnet.ko failed"
	insmod "$LOOM_MODDIR/loom.ko" "$@" || die "insmod loom.ko failed"
	say "loom modules loaded"
	# Under kmemleak (debug kernels), where the code was: a leak found after
	# rmmod has a backtrace of bare addresses (init checks after the scenario).
	if [ -e /sys/kernel/debug/kmemleak ]; then
		for _m in loomnet loom; do
			say "$_m .text at $(cat /sys/module/$_m/sections/.text 2>/dev/null)"
		done
	fi
}

unload_loom() {
	for _m in loom loomnet; do
		if grep -q "^$_m " /proc/modules; then
			rmmod "$_m" || { grep -E '^loom(net)? ' /proc/modules; die "rmmod $_m failed"; }
		fi
	done
	! grep -Eq '^loom(net)? ' /proc/modules || die "loom modules still loaded after rmmod"
	say "loom modules unloaded"
}

wait_for() {
	_t=$1; shift
	_end=$(( $(cut -d. -f1 /proc/uptime) + _t ))
	while ! "$@"; do
		[ "$(cut -d. -f1 /proc/uptime)" -lt "$_end" ] || return 1
		sleep 0.2
	done
}

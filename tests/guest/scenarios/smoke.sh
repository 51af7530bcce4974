#!/bin/sh
# smoke: proves the guest harness itself: two netns joined by veth,
# ping across on IPv4 and IPv6.  Needs no Loom code.
# shellcheck source=tests/guest/lib.sh
. "$LOOM_LIB"

say "kernel $(uname -r) ($LOOM_K), $(nproc) cpus"
require "netns_pair a b" netns_pair a b
check "veth is up in a" in_ns a ip link show ve-b up
check "ping IPv4 a -> b" in_ns a ping -c 2 -W 5 10.1.0.2
check "ping IPv4 b -> a" in_ns b ping -c 2 -W 5 10.1.0.1
check "ping IPv6 a -> b" in_ns a ping6 -c 2 -W 5 fd00:1::2
check "ping IPv6 b -> a" in_ns b ping6 -c 2 -W 5 fd00:1::1
check_fails "a cannot reach 10.1.0.2 from the root netns" ping -c 1 -W 1 10.1.0.2
mkdir -p /mnt/smoke
check "a mount made in_ns is visible outside it" sh -c \
	'nsenter --net=/run/netns/a -- mount -t tmpfs smoke /mnt/smoke && grep -q " /mnt/smoke " /proc/mounts'
umount /mnt/smoke
# Taint beyond out-of-tree (4096) and unsigned (8192) modules means a report.
# shellcheck disable=SC2317 # called through check
untainted() { [ $(($(cat /proc/sys/kernel/tainted) & ~(4096 | 8192))) = 0 ]; }
check "kernel not tainted" untainted
exit 0

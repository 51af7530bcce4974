#!/bin/sh
# selftest (debug kernels): the kernel's kmemleak sample module leaks on
# purpose; after the scenario the guest's init scans, and the host must
# report "kmemleak: unreferenced object".  Passes where there is no kmemleak.
# shellcheck source=tests/guest/lib.sh
. "$LOOM_LIB"
m=/lib/modules/selftest/kmemleak_test.ko
k=/sys/kernel/debug/kmemleak
if [ ! -e $k ] || [ ! -f "$m" ]; then
	say "no kmemleak or no $m in this kernel: nothing to prove"
	exit 0
fi
require "insmod the leaking module" insmod "$m"
require "rmmod it" rmmod kmemleak_test
# kmemleak may miss a leak on its first scan (stale references): scan until
# it sees one, at most 3 times.  init then copies what the file lists.
sleep 6
for i in 1 2 3; do
	echo scan > $k
	grep -q '^unreferenced object' $k && break
	say "kmemleak: nothing after scan $i"
done
exit 0

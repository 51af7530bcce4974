#!/bin/sh
# selftest (debug kernels): the kernel's kmemleak sample module leaks on
# purpose; after the scenario the guest's init scans, and the host must
# report "kmemleak: unreferenced object".  Passes where there is no kmemleak.
# shellcheck source=tests/guest/lib.sh
. "$LOOM_LIB"
m=/lib/modules/selftest/kmemleak_test.ko
if [ ! -e /sys/kernel/debug/kmemleak ] || [ ! -f "$m" ]; then
	say "no kmemleak or no $m in this kernel: nothing to prove"
	exit 0
fi
require "insmod the leaking module" insmod "$m"
require "rmmod it" rmmod kmemleak_test
exit 0

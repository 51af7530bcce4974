#!/bin/sh
# selftest: the scenario succeeds, but the kernel prints a backtrace
# (sysrq l: backtrace of all CPUs, "Call Trace:"); the host must fail it.
# shellcheck source=tests/guest/lib.sh
. "$LOOM_LIB"
echo 1 > /proc/sys/kernel/sysrq
echo l > /proc/sysrq-trigger
sleep 1
# A scenario's own output that merely looks like a report must NOT fail it.
echo "BUG: WARNING: Call Trace: (scenario output, not a kernel report)"
exit 0

#!/bin/sh
# selftest: scenario output that looks like a kernel report must not fail
# the scenario (the host only matches kernel-formatted lines).
# shellcheck source=tests/guest/lib.sh
. "$LOOM_LIB"
echo "Oops BUG: WARNING: Call Trace: general protection fault (scenario output)"
echo "INFO: task foo blocked for more than 1 seconds. (scenario output)"
check "true is true" true
exit 0

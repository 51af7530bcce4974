#!/bin/sh
# selftest: a failed check must turn into a non-zero exit status even
# though the scenario ends with exit 0; the host must report rc=1.
# shellcheck source=tests/guest/lib.sh
. "$LOOM_LIB"
check "this check fails on purpose" false
exit 0

# loom-timeout: 400
# The thin path over IPv6 NIDs.
LOOM_AF=6
. /scenarios/thin-path.sh

# loom-timeout: 300
# servers: the server side of loom.ko alone.  An MGS, an MDT and two OSTs
# in one network namespace started with loomctl; the MDT and OSTs register
# with the MGS; the target list; bad requests refused with a message;
# targets stopped; targets left running when the modules go.
# shellcheck source=tests/guest/lib.sh
. "$LOOM_LIB"

SRV=10.1.0.1@tcp

netns_pair srv cli
load_loom
require "server NI" in_ns srv loomctl net add "$SRV"

require "start MGS" in_ns srv loomctl mgs start srvfs --stripe-count 2 --stripe-size 1048576
require "start MDT0" in_ns srv loomctl mdt start srvfs 0 --mgs "$SRV"
require "start OST0" in_ns srv loomctl ost start srvfs 0 --mgs "$SRV"
require "start OST1" in_ns srv loomctl ost start srvfs 1 --mgs "$SRV" --capacity-mb 64

registered() {
	[ "$(in_ns srv loomctl target list | grep -c ' running ')" = 4 ]
}
check "all four targets registered" wait_for 30 registered
in_ns srv loomctl target list | tee /tmp/list
check "list: MGS" grep -q '^srvfs  *mgs  *0 running' /tmp/list
check "list: MDT0 knows its NID" grep -q "^srvfs  *mdt  *0 running .* $SRV  *$SRV" /tmp/list
check "list: OST1" grep -q '^srvfs  *ost  *1 running' /tmp/list
check "root namespace has no targets" sh -c '[ -z "$(loomctl target list)" ]'
check "MGS counted requests" sh -c "grep '^srvfs  *mgs' /tmp/list | awk '{ exit !(\$6 > 0) }'"

check_fails "duplicate OST refused" in_ns srv loomctl ost start srvfs 1 --mgs "$SRV"
in_ns srv loomctl ost start srvfs 1 --mgs "$SRV" 2>&1 | tee /tmp/err
check "duplicate: kernel's message shown" grep -q "already running" /tmp/err
check_fails "bad fsname refused" in_ns srv loomctl mgs start 'a/b'
check_fails "long fsname refused" in_ns srv loomctl mgs start 0123456789abcdefg
check_fails "bad MGS NID refused" in_ns srv loomctl ost start srvfs 2 --mgs 10.1.0.300@tcp
check_fails "bad stripe size refused" in_ns srv loomctl mgs start other --stripe-size 1000
check_fails "bad stripe count refused" in_ns srv loomctl mgs start other --stripe-count 65
check_fails "index out of range refused" in_ns srv loomctl ost start srvfs 256 --mgs "$SRV"
check_fails "stop of an unknown target" in_ns srv loomctl ost stop srvfs 7
check_fails "stop with the wrong fsname" in_ns srv loomctl ost stop nope 0

check "stop OST1" in_ns srv loomctl ost stop srvfs 1
check "OST1 gone" sh -c "! nsenter --net=/run/netns/srv -- loomctl target list | grep -q '^srvfs  *ost  *1 '"
check "restart OST1" in_ns srv loomctl ost start srvfs 1 --mgs "$SRV"
check "stop MDT0" in_ns srv loomctl mdt stop srvfs 0
check "stop MGS" in_ns srv loomctl mgs stop srvfs
check "OSTs outlive their MGS" sh -c "nsenter --net=/run/netns/srv -- loomctl target list | grep -c '^srvfs  *ost' | grep -qx 2"

# the OSTs still run: module exit must stop them
unload_loom

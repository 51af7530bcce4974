# shellcheck shell=bash
# Shared host-side helpers for tests/guest/run and tests/guest/mkinitramfs.
# Sourced, never executed.

GUEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$GUEST_DIR/../.." && pwd)
# shellcheck disable=SC2034 # used by the scripts sourcing this
CACHE=${LOOM_CACHE:-/var/cache/loom}
KMATRIX=$TOP/scripts/kmatrix

gdie() { echo "${0##*/}: $*" >&2; exit 1; }
glog() { echo "${0##*/}: $*" >&2; }

# Install what the harness needs on the host, only when something is missing.
# (A fresh CI machine gets everything through here.)
ensure_host_pkgs() {
	local missing=() c
	command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
	# A static busybox: Debian's "busybox" package is dynamic, busybox-static is not.
	if [ ! -x /bin/busybox ] || ldd /bin/busybox >/dev/null 2>&1; then
		missing+=(busybox-static)
	fi
	for c in cpio:cpio xz:xz-utils zstd:zstd ip:iproute2 timeout:coreutils \
		 ldd:libc-bin gzip:gzip file:file; do
		command -v "${c%%:*}" >/dev/null || missing+=("${c#*:}")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" = 0 ] || gdie "missing host packages: ${missing[*]} (run as root or install them)"
	glog "installing host packages: ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 ||
		{ apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2; } ||
		gdie "apt-get install ${missing[*]} failed"
}

# kmatrix_info K: set KM_KVER KM_VMLINUZ KM_MODDIR ... from `kmatrix info K`
# (a debug kernel, K-debug, also sets KM_TIMEOUT_SCALE, KM_BASE, KM_CMDLINE).
kmatrix_info() {
	local out line
	unset KM_TIMEOUT_SCALE KM_BASE KM_CMDLINE
	out=$("$KMATRIX" info "$1") || gdie "kernel $1: 'scripts/kmatrix info $1' failed (run: scripts/kmatrix fetch $1)"
	while IFS= read -r line; do
		case $line in
			[A-Z]*=*) printf -v "KM_${line%%=*}" '%s' "${line#*=}" ;;
		esac
	done <<<"$out"
	[ -n "${KM_KVER:-}" ] && [ -f "${KM_VMLINUZ:-}" ] && [ -d "${KM_MODDIR:-}" ] ||
		gdie "kernel $1: incomplete kmatrix info (KVER=${KM_KVER:-} VMLINUZ=${KM_VMLINUZ:-} MODDIR=${KM_MODDIR:-})"
}

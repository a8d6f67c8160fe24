#!/bin/sh
# Install the Debian packages the build, the tests and the main job need.
# Idempotent: does nothing when everything is already present.
set -e
PKGS="gcc binutils make python3 python3-kconfiglib qemu-system-x86 grub-pc-bin
grub-common xorriso mtools cpio busybox-static device-tree-compiler libfdt-dev gzip
xz-utils zstd lz4 bzip2 libc6-dev linux-libc-dev"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "setup: installing$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing

#!/bin/sh
# fetch-linux.sh: Debian's Linux kernel for dom0 and an initramfs of ours.
#
# Downloads (apt-get download, never installs) the linux-image-*-amd64
# package Debian's linux-image-amd64 currently depends on, unpacks it with
# dpkg-deb into XH_CACHE/linux (default ~/.cache/xh/linux), and builds
# initrd.img there: busybox-static (scripts/setup.sh installs it), the Xen
# modules dom0 userspace needs (xen-evtchn, xen-gntdev, xen-gntalloc,
# xen-privcmd, xenfs; in Debian's 6.1 kernels they are uncompressed
# modules, xenfs depending on xen-privcmd), tests/linux/init and
# /bin/xendev-test (tests/linux/xendev-test.c, gcc -static).
# Idempotent: downloads once, rebuilds the initramfs when init or the
# test program changes.
# Prints shell assignments: LINUX_KERNEL, LINUX_INITRD, LINUX_SYSTEM_MAP,
# LINUX_CONFIG, LINUX_VERSION.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${XH_CACHE:-$HOME/.cache/xh}/linux
mkdir -p "$cache"
cd "$cache"

# A fresh machine's package lists may be missing or stale.
pkg_of() {
    apt-cache depends linux-image-amd64 2>/dev/null |
        sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -n 1
}
pkg=$(pkg_of)
if [ -z "$pkg" ]; then
    apt-get update -qq > /dev/null
    pkg=$(pkg_of)
fi
[ -n "$pkg" ] || { echo "fetch-linux: linux-image-amd64 depends on no kernel" >&2; exit 1; }
version=${pkg#linux-image-}

if ! ls "${pkg}"_*.deb > /dev/null 2>&1; then
    apt-get download "$pkg" > /dev/null 2>&1 || {
        apt-get update -qq > /dev/null
        apt-get download "$pkg" > /dev/null
    }
fi
deb=$(ls "${pkg}"_*.deb | tail -n 1)
if [ ! -s "root/boot/vmlinuz-$version" ] || [ "$deb" -nt "root/boot/vmlinuz-$version" ]; then
    rm -rf root
    dpkg-deb -x "$deb" root
    touch "root/boot/vmlinuz-$version"
fi
kernel=$cache/root/boot/vmlinuz-$version
[ -s "$kernel" ] || { echo "fetch-linux: no vmlinuz in $deb" >&2; exit 1; }

# Our static test program of dom0's Xen devices (tests/linux/xendev-test.c).
devtest_src=$top/tests/linux/xendev-test.c
devtest=$cache/xendev-test
if [ ! -s "$devtest" ] || [ "$devtest_src" -nt "$devtest" ]; then
    gcc -static -O2 -Wall -Wextra -Werror -o "$devtest.tmp" "$devtest_src"
    mv "$devtest.tmp" "$devtest"
fi

initrd=$cache/initrd-$version.img
init=$top/tests/linux/init
# The cache is shared by every work tree: the init and test program it
# holds (kept in initramfs/) must be this tree's, not merely older.
if [ ! -s "$initrd" ] || [ "$init" -nt "$initrd" ] || [ "$deb" -nt "$initrd" ] ||
   [ /bin/busybox -nt "$initrd" ] || [ "$devtest" -nt "$initrd" ] ||
   ! cmp -s "$init" "$cache/initramfs/init" ||
   ! cmp -s "$devtest" "$cache/initramfs/bin/xendev-test"; then
    [ -x /bin/busybox ] || { echo "fetch-linux: /bin/busybox missing (scripts/setup.sh)" >&2; exit 1; }
    tree=$cache/initramfs
    rm -rf "$tree"
    mkdir -p "$tree/bin" "$tree/sbin" "$tree/proc" "$tree/sys" "$tree/dev" \
        "$tree/lib/modules" "$tree/tmp"
    cp /bin/busybox "$tree/bin/busybox"
    for applet in $(/bin/busybox --list); do
        [ -e "$tree/bin/$applet" ] || ln -s busybox "$tree/bin/$applet"
    done
    mods=$cache/root/lib/modules/$version/kernel/drivers/xen
    for m in xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs/xenfs; do
        cp "$mods/$m.ko" "$tree/lib/modules/"
    done
    cp "$devtest" "$tree/bin/xendev-test"
    cp "$init" "$tree/init"
    chmod 755 "$tree/init"
    (cd "$tree" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) | gzip -9 > "$initrd.tmp"
    mv "$initrd.tmp" "$initrd"
fi

echo "LINUX_VERSION=$version"
echo "LINUX_KERNEL=$kernel"
echo "LINUX_INITRD=$initrd"
echo "LINUX_SYSTEM_MAP=$cache/root/boot/System.map-$version"
echo "LINUX_CONFIG=$cache/root/boot/config-$version"

#!/bin/sh
# fetch-linux.sh: Debian's Linux kernel for dom0 and an initramfs of ours.
#
# Downloads (apt-get download, never installs) the linux-image-*-amd64
# package Debian's linux-image-amd64 currently depends on, unpacks it with
# dpkg-deb into XH_CACHE/linux (default ~/.cache/xh/linux), and builds
# initrd-<version>-<digest>.img there: busybox-static (scripts/setup.sh
# installs it), the kernel modules listed in MODULES below with the ones
# they depend on (Debian's 6.1 modules are uncompressed), their load
# order in /lib/modules/order, tests/linux/init, tests/linux/hw-test as
# /bin/xh-hw-test and /bin/xendev-test (tests/linux/xendev-test.c,
# gcc -static).
# Idempotent: downloads once; the initramfs is named by a digest of its
# contents' sources, so a change to any of them makes a new one.
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
# Named by its source's digest, as the initramfs below (shared cache).
devtest=$cache/xendev-test-$(sha256sum "$devtest_src" | cut -c1-16)
if [ ! -s "$devtest" ]; then
    tmp=$(mktemp "$devtest.XXXXXX")
    gcc -static -O2 -Wall -Wextra -Werror -o "$tmp" "$devtest_src"
    mv "$tmp" "$devtest"
fi

# The kernel modules of the initramfs, by name, and what they need: the
# package has no modules.dep (depmod makes it at install time), so each
# module's "depends=" in its .modinfo section is followed instead.
# Xen's devices for userspace (xenfs needs xen-privcmd), and the drivers
# of the QEMU devices tests/linux/devices.sh gives dom0: virtio-blk (its
# PCI transport, virtio and the ring), AHCI (libata, SCSI) with SCSI
# disks, and e1000.
MODULES="xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs virtio_pci virtio_blk
         ahci sd_mod e1000"
moddir=$cache/root/lib/modules/$version
# mod_path <name>: the module's file under $moddir ("-" and "_" are one).
mod_path() {
    pat=$(echo "$1" | sed 's/[-_]/[-_]/g')
    grep -m1 -E "/$pat\.ko\$" "$moddir/modules.order" || true
}
# mod_deps <path>: the names in its "depends=" (a NUL-separated .modinfo string).
mod_deps() {
    tr '\0' '\n' < "$moddir/$1" | sed -n 's/^depends=//p' | tr ',' ' '
}
# add_module <name>: appends its path to $ordered after those it needs.
ordered=
add_module() {
    local path dep
    path=$(mod_path "$1")
    [ -n "$path" ] && [ -s "$moddir/$path" ] ||
        { echo "fetch-linux: no module $1 in $moddir" >&2; exit 1; }
    case " $ordered " in *" $path "*) return 0 ;; esac
    for dep in $(mod_deps "$path"); do
        add_module "$dep"
    done
    ordered="$ordered $path"
}
for m in $MODULES; do
    add_module "$m"
done

hwtest=$top/tests/linux/hw-test
init=$top/tests/linux/init
# The initramfs is named by a digest of all it is made of: the cache is
# shared by every work tree, and each tree gets its own image (built aside,
# then renamed) even while another tree's runs use theirs.
key=$({ echo "$deb $ordered"; cat "$init" "$hwtest" "$devtest" /bin/busybox; } |
      sha256sum | cut -c1-16)
initrd=$cache/initrd-$version-$key.img
if [ ! -s "$initrd" ]; then
    [ -x /bin/busybox ] || { echo "fetch-linux: /bin/busybox missing (scripts/setup.sh)" >&2; exit 1; }
    tree=$(mktemp -d "$cache/initramfs.XXXXXX")
    mkdir -p "$tree/bin" "$tree/sbin" "$tree/proc" "$tree/sys" "$tree/dev" \
        "$tree/lib/modules" "$tree/tmp"
    cp /bin/busybox "$tree/bin/busybox"
    for applet in $(/bin/busybox --list); do
        [ -e "$tree/bin/$applet" ] || ln -s busybox "$tree/bin/$applet"
    done
    # /lib/modules/order: the modules in the order init loads them.
    for path in $ordered; do
        cp "$moddir/$path" "$tree/lib/modules/"
        basename "$path" .ko >> "$tree/lib/modules/order"
    done
    cp "$devtest" "$tree/bin/xendev-test"
    cp "$hwtest" "$tree/bin/xh-hw-test"
    cp "$init" "$tree/init"
    chmod 755 "$tree/init" "$tree/bin/xh-hw-test"
    (cd "$tree" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) | gzip -9 > "$tree.img"
    mv "$tree.img" "$initrd"
    rm -rf "$tree"
fi

echo "LINUX_VERSION=$version"
echo "LINUX_KERNEL=$kernel"
echo "LINUX_INITRD=$initrd"
echo "LINUX_SYSTEM_MAP=$cache/root/boot/System.map-$version"
echo "LINUX_CONFIG=$cache/root/boot/config-$version"

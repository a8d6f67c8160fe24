#!/bin/sh
# fetch-xen-ref.sh: download Debian's Xen 4.17 hypervisor package, the
# reference our hypervisor is compared against (tests/guests, tests/bench),
# and unpack it.  Prints the path of its xen.gz.
#
# Cached outside the work tree in XH_CACHE (default ~/.cache/xh): once the
# image is there, a run only prints its path.  The package is downloaded,
# never installed, so the host's own boot set-up is left alone.
set -e
cache=${XH_CACHE:-$HOME/.cache/xh}
pkg=xen-hypervisor-4.17-amd64
image=$cache/root/boot/xen-4.17-amd64.gz

if [ ! -s "$image" ]; then
    mkdir -p "$cache"
    cd "$cache"
    if ! ls ${pkg}_*.deb > /dev/null 2>&1; then
        # A fresh machine's package lists may be missing or stale.
        apt-get download "$pkg" > /dev/null 2>&1 || {
            apt-get update -qq > /dev/null
            apt-get download "$pkg" > /dev/null
        }
    fi
    rm -rf root
    dpkg-deb -x "$(ls ${pkg}_*.deb | tail -n 1)" root
fi
[ -s "$image" ] || { echo "fetch-xen-ref: no $image in $pkg" >&2; exit 1; }
echo "$image"

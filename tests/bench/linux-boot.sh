#!/bin/bash
# Boot time of Debian's Linux as dom0, ours against Debian's Xen 4.17
# (docs/linux-dom0.md, "Boot-time benchmark").  Not a test.
#
#   tests/bench/linux-boot.sh [our xen.gz]      (default $XEN_DIR/xen.gz)
#
# Each boot: QEMU -cpu max,-smap -smp 2 -m 1024, GRUB Multiboot2 CD,
# dom0_mem=512M, default log levels, Linux "quiet console=hvc0"; it ends
# when dom0's init prints XH-USERSPACE-READY (tests/linux/init).  Two
# series, the hypervisors alternating within each:
#   wall   LINUX_BOOT_ROUNDS (default 5) boots each under plain TCG: host
#          seconds from QEMU's start to the marker (BIOS, GRUB and the CD
#          reads included, the same for both);
#   icount one boot each with -icount shift=0: the guest clock then counts
#          executed instructions (1 ns each), so dom0's uptime at the
#          marker is a noise-free measure of the boot's length from the
#          kernel's first clock reading, the hypervisor's work for it
#          included.
# Prints medians, dom0's uptime at the marker, and ours/Xen ratios.
cd "$(dirname "$0")/../.." || exit 2
. tests/boot/lib.sh
BOOT_TIMEOUT=${LINUX_BOOT_TIMEOUT:-400}
ROUNDS=${LINUX_BOOT_ROUNDS:-5}
POLL=0.05

ours=${1:-$XEN_DIR/xen.gz}
xen=$(sh scripts/fetch-xen-ref.sh) || { echo "bench: cannot fetch Xen 4.17" >&2; exit 1; }
mkdir -p "$OUT/bench-linux"
sh scripts/fetch-linux.sh > "$OUT/bench-linux/fetch.env" 2> "$OUT/bench-linux/fetch.log" ||
    { echo "bench: cannot fetch Debian's kernel (see $OUT/bench-linux/fetch.log)" >&2; exit 1; }
. "$OUT/bench-linux/fetch.env"

for hv in xh xen-4.17; do
    image=$ours
    [ "$hv" = xen-4.17 ] && image=$xen
    # shellcheck disable=SC2086  # options are words
    sh scripts/mkiso.sh "$OUT/bench-linux/$hv.iso" multiboot2 "$image" \
        console=com1 com1=115200,8n1 dom0_mem=512M \
        -- "$LINUX_KERNEL" quiet console=hvc0 -- "$LINUX_INITRD" \
        > "$OUT/bench-linux/$hv-iso.log" 2>&1 ||
        { echo "bench: cannot make the $hv CD" >&2; exit 1; }
done

# boot <hv> <series> [qemu options]: one boot, appends "<secs> <uptime>"
# to $OUT/bench-linux/<hv>-<series>.txt.
boot() {
    local hv=$1 series=$2 up
    shift 2
    run_qemu "bench-linux/$hv-$series" '^XH-USERSPACE-READY' \
        -cpu max,-smap -smp 2 -m 1024 -boot d -cdrom "$OUT/bench-linux/$hv.iso" "$@"
    up=$(tr -d '\r' < "$LOG" | sed -n 's/^XH-USERSPACE-READY uptime=\([0-9.]*\).*/\1/p')
    if [ "$END" != stopped ] || [ -z "$up" ]; then
        echo "bench: $hv ($series) never reached dom0's userspace ($END; log $LOG)" >&2
        return 1
    fi
    echo "$SECS $up" >> "$OUT/bench-linux/$hv-$series.txt"
}

rm -f "$OUT"/bench-linux/*.txt
for _ in $(seq "$ROUNDS"); do
    boot xen-4.17 wall && boot xh wall || exit 1
done
boot xen-4.17 icount -icount shift=0 && boot xh icount -icount shift=0 || exit 1

# median <file> <column>
median() {
    awk -v c="$2" '{ print $c }' "$1" | sort -g | awk '{ v[n++] = $1 } END { print v[int(n / 2)] }'
}
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}

printf '%-34s %12s %12s %8s\n' "median of $ROUNDS (seconds)" "Xen 4.17" ours ours/Xen
for row in "wall 1 QEMU start to dom0 userspace" "wall 2 dom0 uptime at the marker" \
           "icount 2 -icount: dom0 uptime (1 ns/insn)"; do
    set -- $row
    series=$1 col=$2
    shift 2
    x=$(median "$OUT/bench-linux/xen-4.17-$series.txt" "$col")
    o=$(median "$OUT/bench-linux/xh-$series.txt" "$col")
    printf '%-34s %12s %12s %8s\n' "$*" "$x" "$o" "$(ratio "$o" "$x")"
done

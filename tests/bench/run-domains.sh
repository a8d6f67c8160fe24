#!/bin/bash
# Benchmarks between boot-time domains (not a test; docs/boot-domains.md):
#
#   tests/bench/run-domains.sh [xen.gz]
#
# Boots each tests/bench/domains-*.dts with the PV test kernel as every
# domain's kernel and no dom0, under QEMU with -icount shift=0 (the guest
# TSC counts instructions: exact, repeatable figures on a shared host), and
# prints the first domain's medians in guest TSC cycles:
#   domain_evtchn_rtt  same-cpu / two-cpus   event-channel round trip
#   domain_switch      (two domains yielding on one CPU: two switches)
# There is no Xen comparison: Xen 4.17 has no boot-time domains on x86.
# BENCH_ONLY=<glob> picks dts files (e.g. rtt-*).  BENCH_TIMEOUT (600 s)
# bounds each boot.  Logs: tests/out/bench-domains/.
cd "$(dirname "$0")/../.." || exit 2
. tests/boot/lib.sh
. tests/guests/lib.sh
GUEST_QEMU=${BENCH_QEMU:-$GUEST_QEMU -icount shift=0}
BOOT_TIMEOUT=${BENCH_TIMEOUT:-600}
image=${1:-$XEN_DIR/xen.gz}
DIR=$OUT/bench-domains
mkdir -p "$DIR"
if ! build_guests; then
    echo "bench: guest build failed (see $OUT/guests-build.log)" >&2
    exit 1
fi

status=0
for dts in tests/bench/domains-${BENCH_ONLY:-*}.dts; do
    label=$(basename "$dts" .dts)
    dtc -q -I dts -O dtb -o "$DIR/$label.dtb" "$dts" || { status=1; continue; }
    # shellcheck disable=SC2086
    sh scripts/mkiso.sh "$DIR/$label.iso" multiboot2 "$image" $GUEST_XEN_ARGS \
        -- "$GUEST_KERNEL" xh.label=test-kernel -- "$DIR/$label.dtb" xh,boot-domains ||
        { status=1; continue; }
    # shellcheck disable=SC2086
    run_qemu "bench-domains/$label" "" -boot d -cdrom "$DIR/$label.iso" $GUEST_QEMU
    line=$(tr -d '\r' < "$LOG" | sed -n 's/^(d1) GUEST BENCH \(.*\)$/\1/p' | head -1)
    if [ -z "$line" ]; then
        echo "bench: no result from $label (log: $LOG, $END)" >&2
        status=1
        continue
    fi
    printf '%-24s %s\n' "${label#domains-}" "$line"
done
exit $status

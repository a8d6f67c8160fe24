#!/bin/bash
# Side-by-side microbenchmarks (tests/guests/README, "Benchmarks").
#
#   tests/bench/run.sh [hypervisor]
#
# Boots the PV test kernel in bench mode as dom0 under Debian's Xen 4.17
# and, when given one (a xen.gz path, or BENCH_IMAGE; ours is
# $XEN_DIR/xen.gz), under another hypervisor, alternating BENCH_ROUNDS
# times (default 1) in the same QEMU configuration.  Prints each
# benchmark's median in guest TSC cycles (over several rounds: the median
# of the rounds' medians) and the ratio other/Xen.  Not a test: it fails
# only if a run produced no results.  Logs: tests/out/bench/.
#
# QEMU runs with -icount shift=0 (BENCH_QEMU replaces the whole machine
# configuration): the guest's TSC then counts executed instructions, so
# results are exact and repeatable on a busy shared host, where TCG's
# wall-clock TSC varies by 2x between identical runs.  What is compared
# is the length of each hypervisor path, not the host's speed.
cd "$(dirname "$0")/../.." || exit 2
. tests/boot/lib.sh
. tests/guests/lib.sh
GUEST_QEMU=${BENCH_QEMU:-$GUEST_QEMU -icount shift=0}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-300}
ROUNDS=${BENCH_ROUNDS:-1}

other=${1:-$BENCH_IMAGE}
mkdir -p "$OUT/bench"
rm -f "$OUT"/bench/*.txt
if ! build_guests; then
    echo "bench: guest build failed (see $OUT/guests-build.log)" >&2
    exit 1
fi

# run_bench <label> <image>: one boot; its medians are appended to
# $OUT/bench/<label>.txt as "<benchmark> <cycles>" lines.
run_bench() {
    local label=$1 image=$2 n

    boot_guest "bench/$label" "$image" bench || return 1
    n=$(guest_lines |
        sed -n 's/^GUEST BENCH \([^ ]*\) median=\([0-9]*\) .*/\1 \2/p' |
        tee -a "$OUT/bench/$label.txt" | wc -l)
    guest_lines | grep '^GUEST FAIL' >&2
    [ "$n" -gt 0 ] && return 0
    echo "bench: no results from $label (log: $LOG, $END)" >&2
    return 1
}

# medians <label>: "<benchmark> <median over rounds>", in first-seen order.
medians() {
    awk '{ if (!($1 in n)) order[k++] = $1; v[$1, n[$1]++] = $2 }
         END { for (i = 0; i < k; i++) {
                   b = order[i]; m = n[b]
                   for (x = 0; x < m; x++) s[x] = v[b, x] + 0
                   for (x = 1; x < m; x++)
                       for (y = x; y > 0 && s[y - 1] > s[y]; y--) {
                           t = s[y]; s[y] = s[y - 1]; s[y - 1] = t }
                   print b, s[int(m / 2)] } }' "$OUT/bench/$1.txt"
}

xen=$(hypervisor_image xen-4.17) || exit 1
[ -z "$other" ] || other=$(hypervisor_image "$other") || exit 1
for image in "$xen" $other; do
    [ -s "$image" ] || { echo "bench: no image $image" >&2; exit 1; }
done
for _ in $(seq "$ROUNDS"); do
    run_bench xen-4.17 "$xen" || exit 1
    [ -z "$other" ] || run_bench other "$other" || exit 1
done

medians xen-4.17 > "$OUT/bench/xen-4.17.median"
if [ -n "$other" ]; then
    medians other > "$OUT/bench/other.median"
    printf '%-20s %14s %14s %9s\n' benchmark xen-4.17 other other/xen
    awk 'NR == FNR { o[$1] = $2; next }
         { printf "%-20s %14s %14s %9s\n", $1, $2, ($1 in o) ? o[$1] : "-",
                  ($1 in o) ? sprintf("%.2f", o[$1] / $2) : "-" }' \
        "$OUT/bench/other.median" "$OUT/bench/xen-4.17.median"
else
    printf '%-20s %14s\n' benchmark xen-4.17
    awk '{ printf "%-20s %14s\n", $1, $2 }' "$OUT/bench/xen-4.17.median"
fi

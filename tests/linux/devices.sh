#!/bin/bash
# Dom0's Xen drivers from userspace, and SMP dom0: boot Debian's Linux as
# dom0 (GRUB Multiboot2 CD, our initramfs) with xh_run= running
# /bin/xendev-test (tests/linux/xendev-test.c) and listing /proc/cpuinfo,
# then powering off (docs/linux-dom0.md).
#
#   tests/linux/devices.sh [hypervisor]   hypervisor: a xen.gz path, or
#                                         "xen-4.17" for Debian's Xen 4.17
# LINUX_VCPUS (default 1): QEMU -smp and dom0_max_vcpus= (at least 2 CPUs
# for QEMU, as in tests/linux/run.sh).  LINUX_TIMEOUT (default 300 s).
# Prints PASS/FAIL (and SKIP, for what ours lacks: KNOWN_MISSING) lines
# named linux-dev/<hv>/<check>, <hv> being "xh" or
# "xen-4.17", "-smp<N>" added when LINUX_VCPUS is not 1; exits 1 if
# anything failed.
cd "$(dirname "$0")/../.." || exit 2
. tests/boot/lib.sh
BOOT_TIMEOUT=${LINUX_TIMEOUT:-300}
VCPUS=${LINUX_VCPUS:-1}
SMP=$(( VCPUS > 2 ? VCPUS : 2 ))
# Every check xendev-test makes; each must print its PASS line.
CHECKS="privcmd-version privcmd-efault evtchn-bind evtchn-notify gntalloc-alloc gntdev-map gntdev-map-ro"
# What our hypervisor does not do yet, with the reason: such a check is
# reported SKIP when it fails on ours (PASS when it passes); on Xen 4.17
# every check must pass.
declare -A KNOWN_MISSING=()

hv=xh
image=${1:-$XEN_DIR/xen.gz}
if [ "$1" = xen-4.17 ]; then
    hv=xen-4.17
    image=$(sh scripts/fetch-xen-ref.sh) || { echo "FAIL linux-dev/$hv/fetch"; exit 1; }
fi
[ "$VCPUS" = 1 ] || hv=$hv-smp$VCPUS
mkdir -p "$OUT/linux-dev"
if ! sh scripts/fetch-linux.sh > "$OUT/linux-dev/fetch.env" 2> "$OUT/linux-dev/fetch.log"; then
    echo "FAIL linux-dev/$hv/fetch (see $OUT/linux-dev/fetch.log)"
    exit 1
fi
. "$OUT/linux-dev/fetch.env"
if [ ! -s "$image" ]; then
    echo "FAIL linux-dev/$hv/boot (no hypervisor image $image)"
    exit 1
fi

iso=$OUT/linux-dev/$hv.iso
# shellcheck disable=SC2086  # the options are words
if ! sh scripts/mkiso.sh "$iso" multiboot2 "$image" console=com1 com1=115200,8n1 \
        dom0_mem=512M dom0_max_vcpus="$VCPUS" loglvl=all guest_loglvl=all \
        -- "$LINUX_KERNEL" console=hvc0 \
        xh_run=xendev-test,grep+processor+/proc/cpuinfo,poweroff+-f \
        -- "$LINUX_INITRD" > "$OUT/linux-dev/$hv-iso.log" 2>&1; then
    echo "FAIL linux-dev/$hv/boot (cannot make the GRUB CD; see $OUT/linux-dev/$hv-iso.log)"
    exit 1
fi
run_qemu "linux-dev/$hv" "" -cpu max,-smap -smp "$SMP" -m 1G -boot d -cdrom "$iso"

failed=0
check() {
    [ -n "$REASON" ] && failed=1
    report "linux-dev/$hv/$1" "$2"
}
clean() {
    tr -d '\r' < "$LOG"
}

no_triple_fault
deny '(Panic on CPU|Kernel panic|Oops:|BUG: |FATAL|Hardware Dom0 crashed)'
need '^XH-USERSPACE-READY'
check userspace "${SECS}s to power-off"
[ "$failed" = 0 ] || exit 1

known=0
for c in $CHECKS; do
    line=$(clean | grep -m1 "^XH-DEV [A-Z]* $c\b")
    case $line in
    "XH-DEV PASS $c") ;;
    "") REASON="xendev-test printed nothing for $c" ;;
    *) REASON="${line#XH-DEV }" ;;
    esac
    if [ -n "$REASON" ] && [ "${hv%%-smp*}" = xh ] && [ -n "${KNOWN_MISSING[$c]}" ]; then
        echo "SKIP linux-dev/$hv/$c (known missing: ${KNOWN_MISSING[$c]}; $REASON)"
        REASON=
        known=$((known + 1))
        continue
    fi
    check "$c"
done
# Nothing beyond the listed checks failed (a new check is listed above).
need "^XH-DEV DONE passed=[0-9]* failed=$known\b"
check xendev-test "$(clean | sed -n 's/^XH-DEV INFO //p' | paste -sd';')"

# The vCPUs dom0 sees: nproc (init's fact) and /proc/cpuinfo's entries.
nproc=$(clean | sed -n 's/^XH-FACT nproc=//p' | head -n 1)
cpus=$(clean | grep -c '^processor[[:space:]]*:')
if [ "$nproc" != "$VCPUS" ]; then
    REASON="nproc is '$nproc', not $VCPUS (dom0_max_vcpus=$VCPUS)"
elif [ "$cpus" != "$VCPUS" ]; then
    REASON="/proc/cpuinfo lists $cpus processors, not $VCPUS"
fi
check vcpus "nproc $nproc, cpuinfo $cpus"

need '^XH-RUN poweroff -f'
ended_by exited "the power-off"
check poweroff
exit $failed

#!/bin/bash
# Dom0's Xen drivers from userspace, SMP dom0, and dom0 driving QEMU's
# devices: boot Debian's Linux as dom0 (GRUB Multiboot2 CD, our
# initramfs) with xh_run= running /bin/xendev-test
# (tests/linux/xendev-test.c: privcmd, evtchn, grants, physinfo and the
# balloon) and /bin/xh-hw-test (tests/linux/hw-test: a virtio-blk disk, an
# AHCI disk and an e1000 NIC on QEMU's user network) and listing
# /proc/cpuinfo, then
# powering off (docs/linux-dom0.md).
#
#   tests/linux/devices.sh [hypervisor]   hypervisor: a xen.gz path, or
#                                         "xen-4.17" for Debian's Xen 4.17
# The configuration (each one varies the name, see below):
#   LINUX_VCPUS     dom0_max_vcpus= (default 1)
#   LINUX_SMP       QEMU's CPUs (default LINUX_VCPUS, at least 2)
#   LINUX_CPU       QEMU -cpu (default max,-smap)
#   LINUX_DOM0_MEM  dom0_mem= in MiB, e.g. 256M, 512M, 1G (default 512M);
#                   QEMU has 1 GiB, or 2 GiB when dom0_mem is 1G or more
# LINUX_TIMEOUT (default 300 s).  Each disk is a scratch raw image made
# with mktemp outside the tree for each run (removed afterwards): the host
# writes its first MiB, dom0 checks it and writes the second, and the
# host checks that the image then holds dom0's pattern.
# Prints PASS/FAIL (and SKIP, for what ours lacks: KNOWN_MISSING) lines
# named linux-dev/<hv>/<check>, <hv> being "xh" or "xen-4.17", with
# "-smp<N>" (LINUX_VCPUS), "-cpus<N>" (LINUX_SMP), "-<cpu>" and "-<mem>"
# added when not the defaults; exits 1 if anything failed.
cd "$(dirname "$0")/../.." || exit 2
. tests/boot/lib.sh
BOOT_TIMEOUT=${LINUX_TIMEOUT:-300}
VCPUS=${LINUX_VCPUS:-1}
SMP=${LINUX_SMP:-$(( VCPUS > 2 ? VCPUS : 2 ))}
CPU=${LINUX_CPU:-max,-smap}
DOM0_MEM=${LINUX_DOM0_MEM:-512M}
case $DOM0_MEM in
*G) QEMU_MB=2048 ;;
*) QEMU_MB=1024 ;;
esac
# Every check xendev-test makes; each must print its PASS line.
CHECKS="privcmd-version privcmd-efault evtchn-bind evtchn-notify gntalloc-alloc gntdev-map
        gntdev-map-ro sysctl-physinfo sysctl-version balloon-down balloon-up"
# Every check xh-hw-test makes.
HW_CHECKS="disk-found disk-read disk-write disk-irq ahci-found ahci-read ahci-write ahci-irq
           nic-link nic-dhcp nic-ping nic-irq"
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
[ -z "$LINUX_SMP" ] || hv=$hv-cpus$SMP
[ "$CPU" = max,-smap ] || hv=$hv-${CPU//,/}
[ "$DOM0_MEM" = 512M ] || hv=$hv-$DOM0_MEM
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

# The scratch disk: 4 MiB, the host's pattern in the first MiB.  The
# token ties the patterns to this run.
token=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
MIB=1048576
disk=$(mktemp "${TMPDIR:-/tmp}/xh-dom0-disk.XXXXXX") || exit 2
ahci=$(mktemp "${TMPDIR:-/tmp}/xh-dom0-ahci.XXXXXX") || { rm -f "$disk"; exit 2; }
trap 'rm -f "$disk" "$ahci"' EXIT
for img in "$disk" "$ahci"; do
    truncate -s 4M "$img"
    yes "XH-HOST-$token" | head -c $MIB | dd of="$img" conv=notrunc status=none
done

iso=$OUT/linux-dev/$hv.iso
# shellcheck disable=SC2086  # the options are words
if ! sh scripts/mkiso.sh "$iso" multiboot2 "$image" console=com1 com1=115200,8n1 \
        dom0_mem="$DOM0_MEM" dom0_max_vcpus="$VCPUS" loglvl=all guest_loglvl=all \
        -- "$LINUX_KERNEL" console=hvc0 xh_token="$token" \
        xh_run=xendev-test,xh-hw-test,grep+processor+/proc/cpuinfo,poweroff+-f \
        -- "$LINUX_INITRD" > "$OUT/linux-dev/$hv-iso.log" 2>&1; then
    echo "FAIL linux-dev/$hv/boot (cannot make the GRUB CD; see $OUT/linux-dev/$hv-iso.log)"
    exit 1
fi
# More QEMU CPUs than host CPUs: one TCG thread runs them all in turn.
# With a thread each they preempt one another at the host's whim, and a
# vCPU spinning on a lock its preempted holder keeps, or a vCPU not run
# for seconds, looks like a lockup to Linux's watchdogs.
accel=()
[ "$SMP" -gt "$(nproc)" ] && accel=(-accel tcg,thread=single)
run_qemu "linux-dev/$hv" "" "${accel[@]}" -cpu "$CPU" -smp "$SMP" -m "$QEMU_MB" -boot d -cdrom "$iso" \
    -drive "file=$disk,format=raw,if=none,id=disk0" -device virtio-blk-pci,drive=disk0 \
    -drive "file=$ahci,format=raw,if=none,id=disk1" -device ich9-ahci,id=ahci0 \
    -device ide-hd,drive=disk1,bus=ahci0.0 \
    -netdev user,id=net0 -device e1000,netdev=net0

failed=0
check() {
    [ -n "$REASON" ] && failed=1
    report "linux-dev/$hv/$1" "$2"
}
clean() {
    tr -d '\r' < "$LOG"
}

no_triple_fault
deny '(Panic on CPU|Kernel panic|Oops:|BUG: |FATAL|Hardware Dom0 crashed|XH-FACT module-failed)'
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
    if [ -n "$REASON" ] && [ "${hv%%-*}" = xh ] && [ -n "${KNOWN_MISSING[$c]}" ]; then
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

# XEN_SYSCTL_physinfo tells the truth about the machine: QEMU's CPUs, and
# its RAM less the holes below 1 MiB and 4 GiB's PCI hole (at most 2 GiB
# here, so all below it) and what firmware reserves: 90-100% of -m.
info=$(clean | grep -m1 '^XH-DEV INFO physinfo')
ncpus=$(echo "$info" | sed -n 's/.* nr_cpus=\([0-9]*\).*/\1/p')
pages=$(echo "$info" | sed -n 's/.* total_pages=\([0-9]*\).*/\1/p')
if [ -z "$info" ]; then
    REASON="no physinfo printed"
elif [ "$ncpus" != "$SMP" ]; then
    REASON="physinfo nr_cpus $ncpus, QEMU has $SMP"
elif [ $((pages / 256)) -gt "$QEMU_MB" ] || [ $((pages / 256)) -lt $((QEMU_MB * 9 / 10)) ]; then
    REASON="physinfo total_pages $pages ($((pages / 256)) MiB), QEMU has $QEMU_MB MiB"
fi
check physinfo-host "nr_cpus $ncpus, $((pages / 256)) MiB"

# QEMU's devices, driven by dom0 (xh-hw-test).
for c in $HW_CHECKS; do
    line=$(clean | grep -m1 "^XH-HW [A-Z]* $c\b")
    case $line in
    "XH-HW PASS $c") ;;
    "") REASON="xh-hw-test printed nothing for $c" ;;
    *) REASON="${line#XH-HW }" ;;
    esac
    check "$c"
done
need '^XH-HW DONE passed=[0-9]* failed=0\b'
check hw-test "$(clean | sed -n 's/^XH-HW INFO //p' | paste -sd';')"
# What dom0 wrote reached the image (its second MiB), not only its cache.
want=$(yes "XH-DOM0-$token" | head -c $MIB | md5sum | cut -d' ' -f1)
for img in "$disk" "$ahci"; do
    got=$(dd if="$img" bs=$MIB skip=1 count=1 status=none | md5sum | cut -d' ' -f1)
    [ "$got" = "$want" ] ||
        REASON="$img's second MiB has md5 $got, dom0's pattern $want"
done
check disk-image

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

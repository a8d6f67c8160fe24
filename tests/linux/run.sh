#!/bin/bash
# Debian's Linux kernel as dom0: boot it from a GRUB Multiboot2 CD with our
# initramfs (scripts/fetch-linux.sh, tests/linux/init) and check what its
# userspace reports (docs/linux-dom0.md).
#
#   tests/linux/run.sh [hypervisor]       hypervisor: a xen.gz path, or
#                                         "xen-4.17" for Debian's Xen 4.17
# Default: our own image, $XEN_DIR/xen.gz.  One boot (LINUX_TIMEOUT
# seconds at most, default 300) with dom0_mem=512M (LINUX_DOM0_MEM, and
# LINUX_DOM0_MB the MiB that makes) dom0_max_vcpus=1 (LINUX_VCPUS) on
# QEMU -cpu $LINUX_CPU (default max,-smap) -m 1G; dom0's init measures
# "sleep 2" and starts its shell, where this script types a command on
# the serial line and then "poweroff -f" (LINUX_END=reboot: "reboot -f",
# which must reset the machine).  LINUX_LOADER: mb2 (default: GRUB
# Multiboot2), mb1 (GRUB Multiboot1) or kernel (QEMU -kernel with our
# uncompressed image $XEN_DIR/xen; not for xen-4.17).  Prints PASS/FAIL
# lines named linux/<hv>/<check>, <hv> being "xh" or "xen-4.17", with
# "-<loader>", "-<cpu>", "-vcpus<n>" and "-reboot" added when not the
# defaults; exits 1 if
# anything failed.
cd "$(dirname "$0")/../.." || exit 2
. tests/boot/lib.sh
BOOT_TIMEOUT=${LINUX_TIMEOUT:-300}
# LINUX_DOM0_MEM: the dom0_mem= option; LINUX_DOM0_MB: the MiB it comes to.
DOM0_MEM=${LINUX_DOM0_MEM:-512M}
DOM0_MEM_MB=${LINUX_DOM0_MB:-512}
VCPUS=${LINUX_VCPUS:-1}                  # dom0_max_vcpus= (QEMU has 2 CPUs)
END_CMD=${LINUX_END:-poweroff}          # how dom0's shell ends the run
case $END_CMD in
    poweroff|reboot) ;;
    *) echo "linux/run.sh: LINUX_END must be poweroff or reboot" >&2; exit 2 ;;
esac

LOADER=${LINUX_LOADER:-mb2}
CPU=${LINUX_CPU:-max,-smap}
hv=xh
image=${1:-$XEN_DIR/xen.gz}
if [ "$1" = xen-4.17 ]; then
    hv=xen-4.17
    image=$(sh scripts/fetch-xen-ref.sh) || { echo "FAIL linux/$hv/fetch"; exit 1; }
fi
[ "$LOADER" = kernel ] && image=${image%.gz}
[ "$LOADER" = mb2 ] || hv=$hv-$LOADER
[ "$CPU" = max,-smap ] || hv=$hv-${CPU//,/}
[ "$VCPUS" = 1 ] || hv=$hv-vcpus$VCPUS
[ "$END_CMD" = poweroff ] || hv=$hv-$END_CMD
mkdir -p "$OUT/linux"
if ! sh scripts/fetch-linux.sh > "$OUT/linux/fetch.env" 2> "$OUT/linux/fetch.log"; then
    echo "FAIL linux/$hv/fetch (see $OUT/linux/fetch.log)"
    exit 1
fi
. "$OUT/linux/fetch.env"
if [ ! -s "$image" ]; then
    echo "FAIL linux/$hv/boot (no hypervisor image $image)"
    exit 1
fi

XEN_OPTS="console=com1 com1=115200,8n1 dom0_mem=$DOM0_MEM dom0_max_vcpus=$VCPUS loglvl=all guest_loglvl=all"
LINUX_OPTS="console=hvc0 xh_run=echo+XH-SLEEP-START,sleep+2,echo+XH-SLEEP-END"
if [ "$LOADER" = kernel ]; then
    # QEMU's Multiboot loader: modules separated by ",", a literal "," doubled.
    boot=(-kernel "$image" -append "$XEN_OPTS"
          -initrd "$LINUX_KERNEL ${LINUX_OPTS//,/,,},$LINUX_INITRD")
else
    iso=$OUT/linux/$hv.iso
    cmd=multiboot2
    [ "$LOADER" = mb1 ] && cmd=multiboot
    # shellcheck disable=SC2086  # the options are words
    if ! sh scripts/mkiso.sh "$iso" $cmd "$image" $XEN_OPTS \
            -- "$LINUX_KERNEL" $LINUX_OPTS -- "$LINUX_INITRD" \
            > "$OUT/linux/$hv-iso.log" 2>&1; then
        echo "FAIL linux/$hv/boot (cannot make the GRUB CD; see $OUT/linux/$hv-iso.log)"
        exit 1
    fi
    boot=(-boot d -cdrom "$iso")
fi

# The host time at which each sleep marker appears (the guest's sleep
# must take about 2 s of real time: its clock neither races nor stalls).
marks=$OUT/linux/$hv.marks
: > "$marks"
: > "$OUT/linux/$hv.log"             # not the last run's markers
watch_marks() {
    local m
    for m in XH-SLEEP-START XH-SLEEP-END; do
        until grep -q "^$m" "$OUT/linux/$hv.log" 2> /dev/null; do
            sleep 0.05
        done
        echo "$m $(now_us)" >> "$marks"
    done
}
watch_marks &
watcher=$!

# The shell on hvc0 reads the serial line (CONSOLEIO_read): type a
# command when its prompt shows, then power off (or reboot).
# type_after <ERE> <printf bytes>: wait for a log line, then type.
type_after() {
    until tr -d '\r' < "$OUT/linux/$hv.log" | grep -Eq -- "$1"; do
        sleep 0.2
    done
    # shellcheck disable=SC2059  # the format is the bytes
    printf "$2" >&3
}
SERIAL_PIPE=$OUT/linux/$hv.serial
rm -f "$SERIAL_PIPE.in"
mkfifo "$SERIAL_PIPE.in"
(
    exec 3<> "$SERIAL_PIPE.in"      # read-write: opening never blocks
    type_after '^XH-SHELL' ''
    type_after '^/ # ' 'echo XH-TYPED-$((6*7))\r'
    type_after '^XH-TYPED-42' "$END_CMD -f\\r"
) &
typist=$!
SERIAL_PIPE=$SERIAL_PIPE run_qemu "linux/$hv" "" -cpu "$CPU" -smp 2 -m 1G "${boot[@]}"
kill "$watcher" "$typist" 2> /dev/null
wait "$watcher" "$typist" 2> /dev/null

failed=0
fact() {
    tr -d '\r' < "$LOG" | sed -n "s/^XH-FACT $1=//p" | head -n 1
}
check() {
    [ -n "$REASON" ] && failed=1
    report "linux/$hv/$1" "$2"
}

# Reaching userspace at all, without a crash on either side.
no_triple_fault
deny '(Panic on CPU|Kernel panic|Oops:|BUG: |FATAL|Hardware Dom0 crashed)'
need '^XH-USERSPACE-READY'
check userspace "$(fact kernel), ${SECS}s to power-off"
[ "$failed" = 0 ] || exit 1              # the rest needs userspace

caps=$(fact capabilities)
[ "$caps" = control_d ] || REASON="/proc/xen/capabilities is '$caps', not control_d"
check capabilities

devs=$(fact xen_devices)
for d in evtchn gntdev gntalloc privcmd xenbus; do
    case " $devs " in
    *" $d "*) ;;
    *) [ -z "$REASON" ] && REASON="no /dev/xen/$d (have: $devs)" ;;
    esac
done
check devices

nproc=$(fact nproc)
[ "$nproc" = "$VCPUS" ] || REASON="nproc is '$nproc', not $VCPUS (dom0_max_vcpus=$VCPUS)"
check vcpus

# MemTotal: dom0_mem minus what the kernel keeps for itself (image, page
# structures for all of the host's RAM, the 64 MiB swiotlb): at most
# dom0_mem, at least 80% of what is left after the swiotlb; and within 5% of Xen 4.17's when a run on it with the same
# dom0_mem= left its figure.
mem=$(fact memtotal_kb)
reffile=$OUT/linux/xen-4.17-dom0_mem=${DOM0_MEM//[:,]/_}.memtotal
ref=$(cat "$reffile" 2> /dev/null)
if [ -z "$mem" ]; then
    REASON="no MemTotal reported"
elif [ "$mem" -gt $((DOM0_MEM_MB * 1024)) ] ||
     [ "$mem" -lt $(( (DOM0_MEM_MB - 64) * 1024 * 8 / 10)) ]; then
    REASON="MemTotal ${mem} kB is not 80% of (${DOM0_MEM_MB} - 64) MiB .. ${DOM0_MEM_MB} MiB (dom0_mem=$DOM0_MEM)"
elif [ "$hv" != xen-4.17 ] && [ -n "$ref" ] &&
     [ $(( (mem > ref ? mem - ref : ref - mem) * 100 )) -gt $((ref * 5)) ]; then
    REASON="MemTotal ${mem} kB is not within 5% of Xen 4.17's ${ref} kB"
fi
[ "$hv" = xen-4.17 ] && [ -n "$mem" ] && echo "$mem" > "$reffile"
check memtotal "${mem} kB${ref:+, Xen 4.17: $ref kB}"

start=$(sed -n 's/^XH-SLEEP-START //p' "$marks")
end=$(sed -n 's/^XH-SLEEP-END //p' "$marks")
if [ -z "$start" ] || [ -z "$end" ]; then
    REASON="the sleep markers did not both appear"
else
    ms=$(( (end - start) / 1000 ))
    # 2 s, plus the polling and the serial console's latency under TCG.
    { [ "$ms" -ge 1900 ] && [ "$ms" -le 6000 ]; } ||
        REASON="sleep 2 took ${ms} ms of host time"
fi
check sleep-timing "${ms:-?} ms"

# The shell answers what was typed on the serial line.
need '^XH-TYPED-42'
check shell-input

# poweroff -f: SCHEDOP_shutdown(poweroff) must end the machine (QEMU exits).
# reboot -f: SCHEDOP_shutdown(reboot) must reset it (QEMU, run with
# -no-reboot, exits at the reset request), not fall back to halting.
need '^XH-TYPED-42'
if [ "$END_CMD" = reboot ]; then
    need 'Dom0 shutdown: rebooting machine'
    ended_by exited "the reset"
    [ -n "$REASON" ] || ! grep -q 'Reset failed' "$LOG" ||
        REASON="the reset failed (log: $LOG)"
    check reboot
else
    ended_by exited "the power-off"
    check poweroff
fi
exit $failed

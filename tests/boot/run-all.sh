#!/bin/bash
# QEMU boot tests under TCG (docs/testing.md).
#   tests/boot/run-all.sh [ERE]   only the tests whose name matches ERE
# XEN_DIR selects the images (default: the top level), JOBS how many QEMUs
# run at once; see lib.sh for the rest.  Prints one PASS/FAIL line per test;
# exits 1 if any failed.
cd "$(dirname "$0")/../.." || exit 2
. tests/boot/lib.sh

# Two QEMUs at once only with two host CPUs each: the boot self-checks time
# delays against the PIT, which host CPU contention skews by over 5%.
JOBS=${JOBS:-$(( $(nproc) >= 4 ? 2 : 1 ))}
FILTER=${1:-.}
OUT_ISO=$OUT/boot

# Boot matrix: loader, CPU model, CPUs, memory.  16 boots in which every
# pair of values of any two columns occurs at least once (a pairwise
# covering of the 144-boot product).
MATRIX="
mb2    max,-smap 2 128M
mb1    max,-smap 1 512M
kernel max,-smap 1 1G
mb2    max,-smap 4 4G
mb2    max       1 128M
mb1    max       2 512M
kernel max       4 1G
kernel max       2 4G
mb1    qemu64    2 128M
kernel qemu64    1 512M
mb2    qemu64    2 1G
mb1    qemu64    4 4G
kernel EPYC      4 128M
mb2    EPYC      4 512M
mb1    EPYC      2 1G
mb1    EPYC      1 4G
"

FATAL="Panic on CPU|FATAL TRAP|Fault while reporting"
# A call trace entry; "? " marks a frame the unwinder is unsure of.
TRACE_LINE='\[<[0-9a-f]+>\] (\? )?crash_test_run\+'

# The GRUB ISO for a loader (mb1, mb2) and hypervisor command line.  ISOs
# are made once, before the tests start, and shared by them.
iso_path() {
    echo "$OUT_ISO/$1-$(echo "${2:-plain}" | tr ' =' '_-').iso"
}

# loader_args <mb2|mb1|kernel> <hypervisor args>: QEMU's boot arguments in
# QARGS.
loader_args() {
    local iso

    if [ "$1" = kernel ]; then
        QARGS=(-kernel "$XEN_DIR/xen" -append "$2")
        return 0
    fi
    iso=$(iso_path "$1" "$2")
    QARGS=(-boot d -cdrom "$iso")
    [ -s "$iso" ] || { REASON="no GRUB ISO $iso (grub-mkrescue failed?)"; return 1; }
}

# A normal boot must bring up every CPU, pass the self-checks and finish.
boot_case() {
    local name=$1 loader=$2 cpu=$3 smp=$4 mem=$5

    loader_args "$loader" "" || { report "$name"; return; }
    run_qemu "$name" "Boot complete" "${QARGS[@]}" -cpu "$cpu" -smp "$smp" -m "$mem"
    deny "$FATAL"
    no_triple_fault
    ended_by stopped "'Boot complete'"
    need "Brought up $smp CPUs"
    need "IPI self-check: $smp/$smp CPUs answered: PASS"
    need "Timer self-check: .*: PASS"
    need "LAPIC timer self-check: .*: PASS"
    report "$name"
}

# crash_case <name> <loader> <kind> <reason-ERE>: crash_test=<kind> must
# report the reason and a call trace through crash_test_run, then reset.
# Surviving the crash is a failure seen without waiting for the timeout.
crash_case() {
    local name=$1 loader=$2 kind=$3 reason=$4

    loader_args "$loader" "crash_test=$kind" || { report "$name"; return; }
    run_qemu "$name" "Boot complete" "${QARGS[@]}" -cpu max,-smap -smp 2 -m 256M
    need "crash_test: injecting '$kind'"
    need "$reason"
    need "$TRACE_LINE"
    need "Rebooting the machine"
    no_triple_fault
    ended_by exited "the reset"
    report "$name"
}

# With noreboot the same crash must leave the machine halted, not reset.
noreboot_case() {
    local name=$1

    loader_args kernel "crash_test=pagefault noreboot"
    LINGER=1 run_qemu "$name" "Halting the machine" "${QARGS[@]}" -cpu max,-smap -smp 2 -m 256M
    need "Page fault at"
    need "$TRACE_LINE"
    deny "Rebooting the machine"
    no_triple_fault
    ended_by stopped "'Halting the machine'"
    report "$name"
}

# An unknown option is reported and the boot goes on; so are an unknown
# scheduler and an out-of-range time slice (credit with 30 ms is used).
unknown_option_case() {
    local name=$1

    loader_args mb1 "bogus_opt=1 sched=bogus sched_credit_tslice_ms=5000" ||
        { report "$name"; return; }
    run_qemu "$name" "Boot complete" "${QARGS[@]}" -cpu max,-smap -smp 2 -m 256M
    deny "$FATAL"
    no_triple_fault
    ended_by stopped "'Boot complete'"
    need "Unknown command line option 'bogus_opt=1' ignored"
    need "sched=bogus: unknown scheduler; using credit"
    need "sched_credit_tslice_ms=5000 out of range \\[1, 1000\\]: using 30"
    need "Scheduler: credit, time slice 30 ms"
    report "$name"
}

# A minimal PV dom0 (tests/boot/dom0) checks its start of day and the
# first hypercalls, then ends as its command line says; the machine must
# follow (power off, reset, or halt with noreboot).
DOM0=$OUT/dom0/mini
[ "${DOM0#/}" != "$DOM0" ] || DOM0=$PWD/$DOM0
MINI_DONE="MINI DONE passed=[1-9][0-9]* failed=0"

# dom0_case <name> <kernel|mb1|mb2> <mini's argument> <QEMU memory> <CPUs>
#           <hypervisor options> <what must follow ERE>
dom0_case() {
    local name=$1 loader=$2 arg=$3 mem=$4 smp=$5 opts=$6 after=$7 iso

    if [ "$loader" = kernel ]; then
        QARGS=(-kernel "$XEN_DIR/xen" -append "$opts" -initrd "$DOM0 $arg")
    else
        iso=$OUT_ISO/dom0-$loader-$arg.iso
        QARGS=(-boot d -cdrom "$iso")
        [ -s "$iso" ] || { REASON="no GRUB ISO $iso"; report "$name"; return; }
    fi
    if [ "$arg" = pagefault ]; then
        LINGER=1 run_qemu "$name" "Halting the machine" "${QARGS[@]}" \
            -cpu max,-smap -smp "$smp" -m "$mem"
        ended_by stopped "'Halting the machine'"
    else
        run_qemu "$name" "" "${QARGS[@]}" -cpu max,-smap -smp "$smp" -m "$mem"
        ended_by exited "the machine to power off or reset"
    fi
    deny "$FATAL"
    deny "MINI FAIL"
    no_triple_fault
    need "d0v0: entering the guest"
    need "$MINI_DONE"
    need "$after"
    report "$name"
}

# Serial input: a typist types on COM1 (SERIAL_PIPE) each time the log
# shows what it waits for.
# typist <log> <fifo> (<ERE> <how many matching lines> <printf bytes>)...
typist() {
    local log=$1
    exec 3<> "$2"       # read-write: opening never blocks
    shift 2
    while [ $# -ge 3 ]; do
        until [ "$(tr -d '\r' < "$log" | grep -Ec -- "$1")" -ge "$2" ]; do
            sleep 0.2
        done
        # shellcheck disable=SC2059  # the format is the bytes
        printf "$3" >&3
        shift 3
    done
}

# console_case <name> <QEMU args> -- <typist steps>: boot with serial
# input typed as the steps say; the last one must reset the machine.
console_case() {
    local name=$1 args=() pid
    shift
    while [ "$1" != -- ]; do args+=("$1"); shift; done
    shift

    SERIAL_PIPE=$OUT/$name.serial
    mkdir -p "$(dirname "$SERIAL_PIPE")"
    rm -f "$SERIAL_PIPE.in"
    mkfifo "$SERIAL_PIPE.in"
    : > "$OUT/$name.log"
    typist "$OUT/$name.log" "$SERIAL_PIPE.in" "$@" &
    pid=$!
    SERIAL_PIPE=$SERIAL_PIPE run_qemu "$name" "" "${args[@]}" -cpu max,-smap -m 256M
    kill "$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
    deny "$FATAL"
    no_triple_fault
    ended_by exited "the reset asked for with the debug key R"
    need "'R' pressed"
    need "Rebooting the machine"
}

# Dom0 gets serial input (VIRQ_CONSOLE, CONSOLEIO_read) until Ctrl-A x3
# gives it to the hypervisor, whose debug keys then answer; three more
# give it back.  The mini dom0 echoes what it reads.
CTRL_A3='\x01\x01\x01'
console_dom0_case() {
    local name=$1

    console_case "$name" -kernel "$XEN_DIR/xen" -append "dom0_mem=32M" \
        -initrd "$DOM0 console" -smp 2 -- \
        "MINI console ready" 1 a \
        "MINI got 'a'" 1 "$CTRL_A3" \
        "\*\*\* Serial input to Xen" 1 h \
        "key 'q'" 1 q \
        "VCPU0: CPU" 1 e \
        "port +[0-9]+: virq 2, vcpu 0" 1 m \
        "d0: [0-9]+ pages" 1 t \
        "spread of the samples" 1 d \
        "\*\*\* CPU1" 1 0 \
        "d0v0 \(CPU0" 1 "$CTRL_A3" \
        "\*\*\* Serial input to DOM0" 2 z \
        "MINI got 'z'" 1 "$CTRL_A3" \
        "\*\*\* Serial input to Xen" 2 R
    need "COM1: input by interrupt \(IRQ 4\)"
    need "\*\*\* Serial input to DOM0 \(type 'CTRL-a' three times to switch input\)"
    need "\*\*\* Serial input to Xen \(type 'CTRL-a' three times to switch input\)"
    need "key 'R' \(0x52\): reboot the machine"
    need "Domain 0: privileged hardware running"
    need "registers and call trace of each CPU"
    need "Call trace:"
    need "wallclock \(dom0's\)"
    need "RIP: +e033:"
    deny "MINI got '.*\\\\x01"
    [ -z "$REASON" ] && [ "$(grep -c "MINI got" "$LOG")" != 2 ] &&
        REASON="dom0 got more than 'a' and 'z': $(grep "MINI got" "$LOG" | tr -d '\r' | paste -sd' ')"
    report "$name"
}

# conswitch=bx: Ctrl-B is the switch, and input stays with the hypervisor
# at the end of boot until it is typed.
console_conswitch_case() {
    local name=$1

    console_case "$name" -kernel "$XEN_DIR/xen" -append "dom0_mem=32M conswitch=bx" \
        -initrd "$DOM0 console" -smp 1 -- \
        "MINI console ready" 1 m \
        "d0: [0-9]+ pages" 1 '\x02\x02\x02' \
        "\*\*\* Serial input to DOM0" 1 k \
        "MINI got 'k'" 1 '\x02\x02\x02' \
        "\*\*\* Serial input to Xen" 2 R
    need "\*\*\* Serial input to Xen \(type 'CTRL-b' three times to switch input\)"
    need "\*\*\* Serial input to DOM0 \(type 'CTRL-b' three times to switch input\)"
    [ -z "$REASON" ] && [ "$(grep -c "MINI got" "$LOG")" != 1 ] &&
        REASON="dom0 got more than 'k': $(grep "MINI got" "$LOG" | tr -d '\r' | paste -sd' ')"
    report "$name"
}

# Without dom0 and without an IRQ (polled UART): input stays with the
# hypervisor, and Ctrl-A x3 says so again.
console_polled_case() {
    local name=$1

    console_case "$name" -kernel "$XEN_DIR/xen" \
        -append "com1=115200,8n1,0x3f8,0" -smp 1 -- \
        "Boot complete" 1 "$CTRL_A3" \
        "\*\*\* Serial input to Xen" 2 h \
        "key 'R'" 1 R
    need "COM1: input polled every 10 ms \(no IRQ\)"
    deny "Serial input to DOM"
    report "$name"
}

grub_file_case() {
    local name=$1 kind=$2 f

    LOG=
    for f in "$XEN_DIR/xen" "$XEN_DIR/xen.gz"; do
        [ -z "$REASON" ] && ! grub-file "--is-x86-$kind" "$f" &&
            REASON="grub-file --is-x86-$kind rejects $f"
    done
    report "$name"
}

# Informational: seconds from QEMU start to "Brought up 2 CPUs", median of
# three -kernel boots run alone.  Fails only if the line never comes.
boot_time_case() {
    local name=$1 i times=() median

    for i in 1 2 3; do
        POLL=0.05 run_qemu "$name-$i" "Brought up 2 CPUs" -kernel "$XEN_DIR/xen" \
            -cpu max,-smap -smp 2 -m 512M
        [ "$END" = stopped ] || { REASON="no 'Brought up 2 CPUs' (QEMU $END)"; break; }
        times+=("$SECS")
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
    report "$name" "median ${median}s from QEMU start to 'Brought up 2 CPUs'; runs: ${times[*]}"
}

# spawn <name> <function> <args...>: run a selected test, at most JOBS at once.
spawn() {
    [[ $1 =~ $FILTER ]] || return 0
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
        wait -n
    done
    "$2" "$1" "${@:3}" &
}

if [ ! -f "$XEN_DIR/xen" ] || [ ! -f "$XEN_DIR/xen.gz" ]; then
    echo "FAIL boot (no $XEN_DIR/xen or $XEN_DIR/xen.gz: build first)"
    exit 1
fi
rm -rf "${OUT:?}/boot" "$OUT/crash" "$OUT/image" "$OUT/timing" "$OUT/dom0" \
    "$OUT/console"
mkdir -p "$OUT_ISO"
RESULTS=$OUT/boot/results
: > "$RESULTS"
while read -r loader command args; do
    sh scripts/mkiso.sh "$(iso_path "$loader" "$args")" "$command" "$XEN_DIR/xen.gz" $args
done <<'ISOS'
mb2 multiboot2
mb1 multiboot
mb2 multiboot2 crash_test=panic
mb1 multiboot bogus_opt=1 sched=bogus sched_credit_tslice_ms=5000
ISOS

if ! sh tests/boot/dom0/build.sh "$DOM0" > "$OUT/dom0-build.log" 2>&1; then
    echo "FAIL dom0/build (see $OUT/dom0-build.log)"
    echo "FAIL dom0/build" >> "$RESULTS"
fi
sh scripts/mkiso.sh "$OUT_ISO/dom0-mb2-reboot.iso" multiboot2 "$XEN_DIR/xen.gz" \
    dom0_mem=32M -- "$DOM0" reboot
sh scripts/mkiso.sh "$OUT_ISO/dom0-mb1-crash.iso" multiboot "$XEN_DIR/xen.gz" \
    dom0_mem=48M -- "$DOM0" crash

spawn image/grub-file-mb1 grub_file_case multiboot
spawn image/grub-file-mb2 grub_file_case multiboot2
while read -r loader cpu smp mem; do
    [ -n "$loader" ] && spawn "boot/$loader-${cpu/,-/-no}-smp$smp-$mem" boot_case \
        "$loader" "$cpu" "$smp" "$mem"
done <<< "$MATRIX"
spawn boot/unknown-option unknown_option_case
spawn crash/ud2 crash_case kernel ud2 "FATAL TRAP on CPU[0-9]+: vector 6 "
spawn crash/pagefault crash_case kernel pagefault "Page fault at 0*7ff000000000"
spawn crash/stack crash_case kernel stack "Stack overflow"
spawn crash/panic crash_case mb2 panic "Panic on CPU[0-9]+: crash_test=panic"
spawn crash/pagefault-noreboot noreboot_case
spawn dom0/kernel-poweroff dom0_case kernel poweroff 256M 2 "dom0_mem=32M" \
    "Hardware Dom0 halted: powering off"
spawn dom0/kernel-smp4-default-mem dom0_case kernel poweroff 1G 4 "" \
    "Hardware Dom0 halted: powering off"
spawn dom0/mb2-reboot dom0_case mb2 reboot 512M 2 "" \
    "Hardware Dom0 shutdown: rebooting machine"
spawn dom0/mb1-crash dom0_case mb1 crash 128M 1 "" "Hardware Dom0 crashed"
spawn dom0/guest-pagefault dom0_case kernel pagefault 256M 2 "dom0_mem=32M noreboot" \
    "unhandled #PF .* in guest kernel at"
spawn console/dom0-switch-and-keys console_dom0_case
spawn console/no-dom0-polled console_polled_case
spawn console/conswitch-bx console_conswitch_case
wait
spawn timing/boot-time boot_time_case
wait
! grep -q '^FAIL' "$RESULTS"

# Booting a PV test kernel as dom0 (bash; sourced by tests/guests/run.sh
# and tests/bench/run.sh, after tests/boot/lib.sh).
#
# Settings (environment), besides those of tests/boot/lib.sh:
#   O             object directory of the guest build (default build)
#   GUEST_QEMU    QEMU machine options (default below: the one
#                 configuration in which every hypervisor is compared)
#   GUEST_XEN_ARGS  hypervisor command line (default below)
#   GUEST_ARCH    x86_64 (default) or x86_32: which test kernel boots

O=${O:-build}
GUEST_QEMU=${GUEST_QEMU:--cpu max,-smap -smp 2 -m 512M -device edu}
GUEST_XEN_ARGS=${GUEST_XEN_ARGS:-console=com1 com1=115200,8n1 dom0_mem=64M \
loglvl=all guest_loglvl=all noreboot=false}
GUEST_ARCH=${GUEST_ARCH:-x86_64}
GUEST_KERNEL=$O/guests/$GUEST_ARCH/test-kernel

# hypervisor_image <name-or-path>: "xen-4.17" means Debian's Xen 4.17
# (downloaded once by scripts/fetch-xen-ref.sh); anything else is a path.
hypervisor_image() {
    if [ "$1" = xen-4.17 ]; then
        sh scripts/fetch-xen-ref.sh
    else
        echo "$1"
    fi
}

build_guests() {
    make -s -f tests/guests/Makefile O="$O" ARCH="$GUEST_ARCH" \
        > "$OUT/guests-build.log" 2>&1
}

# type_requested_input <log> <fifo>: for each "GUEST INPUT <hex>" line
# the kernel prints (test-console_read.c), type those bytes on its serial
# port, once.  Runs until killed.
type_requested_input() {
    local sent=0 reqs

    exec 3<> "$2"       # read-write: opening never blocks
    while :; do
        mapfile -t reqs < <(tr -d '\r' 2> /dev/null < "$1" |
                            sed -n 's/.*GUEST INPUT \([0-9a-f]*\)$/\1/p')
        while [ "$sent" -lt "${#reqs[@]}" ]; do
            # shellcheck disable=SC2059  # the format is the bytes
            printf "$(sed 's/../\\x&/g' <<< "${reqs[sent]}")" >&3
            sent=$((sent + 1))
        done
        sleep 0.2
    done
}

# boot_guest <log name> <hypervisor image> [kernel arguments...]
# Boots the test kernel as dom0 from a GRUB Multiboot2 CD and waits for
# QEMU to exit: the kernel ends every run with a dom0 reboot request.
# Its serial port takes the input it asks for (type_requested_input).
# Sets what run_qemu sets (LOG, END, ...).
boot_guest() {
    local name=$1 image=$2 iso typist
    shift 2

    iso=$OUT/$name.iso
    mkdir -p "$(dirname "$iso")"
    # shellcheck disable=SC2086  # the options are words
    sh scripts/mkiso.sh "$iso" multiboot2 "$image" $GUEST_XEN_ARGS \
        -- "$GUEST_KERNEL" "$@" || return 1
    SERIAL_PIPE=$OUT/$name.serial
    rm -f "$SERIAL_PIPE.in"
    mkfifo "$SERIAL_PIPE.in"
    : > "$OUT/$name.log"    # no requests left from an earlier run
    type_requested_input "$OUT/$name.log" "$SERIAL_PIPE.in" &
    typist=$!
    # shellcheck disable=SC2086
    run_qemu "$name" "" -boot d -cdrom "$iso" $GUEST_QEMU
    kill "$typist" 2> /dev/null
    wait "$typist" 2> /dev/null
    SERIAL_PIPE=
}

# guest_lines: the log's GUEST lines, without carriage returns and
# without the "(d0) " prefix a hypervisor may put before dom0's output.
guest_lines() {
    tr -d '\r' < "$LOG" | sed -n 's/^\((d0) \)\{0,1\}\(GUEST .*\)$/\2/p'
}

#!/bin/sh
# The main job: boot the hypervisor in QEMU (TCG) from a GRUB CD with
# Multiboot2 on two CPUs, its serial console on this terminal.  Ctrl-A X
# quits, Ctrl-A C switches to the QEMU monitor.  A crash's reset also ends
# QEMU (-no-reboot), leaving the report on the screen.
#
#   XEN_ARGS  hypervisor options, e.g. XEN_ARGS="loglvl=all noreboot"
#   XEN_DIR   directory holding xen.gz (default: the top level)
#   QEMU_MEM  memory (default 1G); QEMU_EXTRA: more QEMU options
cd "$(dirname "$0")/.." || exit 2
XEN_DIR=${XEN_DIR:-.}
iso=${O:-build}/run.iso
mkdir -p "$(dirname "$iso")"
sh scripts/mkiso.sh "$iso" multiboot2 "$XEN_DIR/xen.gz" $XEN_ARGS || exit 1
exec qemu-system-x86_64 -nographic -no-reboot -cpu max,-smap -smp 2 \
    -m "${QEMU_MEM:-1G}" -boot d -cdrom "$iso" $QEMU_EXTRA

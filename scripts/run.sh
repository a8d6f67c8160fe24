#!/bin/sh
# The main job: boot the hypervisor in QEMU (TCG) from a GRUB CD with
# Multiboot2 on two CPUs, with Debian's Linux kernel as dom0 (our busybox
# initramfs: a shell on hvc0; scripts/fetch-linux.sh downloads the kernel
# once), the serial console on this terminal.  Ctrl-A X quits, Ctrl-A C
# switches to the QEMU monitor.  A crash's reset also ends QEMU
# (-no-reboot), leaving the report on the screen.
#
#   XEN_ARGS   hypervisor options (default: dom0_mem=512M dom0_max_vcpus=1)
#   LINUX_ARGS dom0 kernel options (default: console=hvc0)
#   NO_DOM0=1  boot the hypervisor alone (it idles)
#   XEN_DIR    directory holding xen.gz (default: the top level)
#   QEMU_MEM   memory (default 1G); QEMU_EXTRA: more QEMU options
cd "$(dirname "$0")/.." || exit 2
XEN_DIR=${XEN_DIR:-.}
XEN_ARGS=${XEN_ARGS:-dom0_mem=512M dom0_max_vcpus=1}
iso=${O:-build}/run.iso
mkdir -p "$(dirname "$iso")"
if [ -n "$NO_DOM0" ]; then
    # shellcheck disable=SC2086  # the options are words
    sh scripts/mkiso.sh "$iso" multiboot2 "$XEN_DIR/xen.gz" $XEN_ARGS || exit 1
else
    eval "$(sh scripts/fetch-linux.sh)" || exit 1
    # shellcheck disable=SC2086
    sh scripts/mkiso.sh "$iso" multiboot2 "$XEN_DIR/xen.gz" $XEN_ARGS \
        -- "$LINUX_KERNEL" ${LINUX_ARGS:-console=hvc0} -- "$LINUX_INITRD" || exit 1
fi
exec qemu-system-x86_64 -nographic -no-reboot -cpu max,-smap -smp 2 \
    -m "${QEMU_MEM:-1G}" -boot d -cdrom "$iso" $QEMU_EXTRA

#!/bin/sh
# mkiso.sh <iso> <multiboot|multiboot2> <xen.gz> [hypervisor options...]
# Make a GRUB (BIOS) rescue CD that boots xen.gz at once with the given
# loader command, GRUB itself talking on the first serial port.  Used by
# scripts/run.sh and the boot tests.
set -e
iso=$1 cmd=$2 image=$3
shift 3
dir=$iso.root
rm -rf "$dir"
mkdir -p "$dir/boot/grub"
cp "$image" "$dir/boot/xen.gz"
cat > "$dir/boot/grub/grub.cfg" <<CFG
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
set timeout=0
menuentry xen {
    $cmd /boot/xen.gz $*
}
CFG
grub-mkrescue -d /usr/lib/grub/i386-pc -o "$iso" "$dir" > "$iso.log" 2>&1 ||
    { cat "$iso.log" >&2; exit 1; }

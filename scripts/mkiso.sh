#!/bin/sh
# mkiso.sh <iso> <multiboot|multiboot2> <xen.gz> [hypervisor options...]
#          [-- <module file> [module arguments...]]...
# Make a GRUB (BIOS) rescue CD that boots xen.gz at once with the given
# loader command, GRUB itself talking on the first serial port.  Each
# "-- file args" adds a boot module (module2 for multiboot2, module for
# multiboot), in order: the first is dom0's kernel.  Used by scripts/run.sh,
# the boot tests and the guest tests.
set -e
iso=$1 cmd=$2 image=$3
shift 3
dir=$iso.root
rm -rf "$dir"
mkdir -p "$dir/boot/grub"
cp "$image" "$dir/boot/xen.gz"

opts=
while [ $# -gt 0 ] && [ "$1" != -- ]; do
    opts="$opts $1"
    shift
done
modcmd=module
[ "$cmd" = multiboot2 ] && modcmd=module2
modules=''
n=0
while [ $# -gt 0 ]; do
    shift                       # the "--"
    n=$((n + 1))
    cp "$1" "$dir/boot/module$n"
    line="$modcmd /boot/module$n"
    shift
    while [ $# -gt 0 ] && [ "$1" != -- ]; do
        line="$line $1"
        shift
    done
    modules="$modules
    $line"
done

cat > "$dir/boot/grub/grub.cfg" <<CFG
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
set timeout=0
menuentry xen {
    $cmd /boot/xen.gz$opts$modules
}
CFG
grub-mkrescue -d /usr/lib/grub/i386-pc -o "$iso" "$dir" > "$iso.log" 2>&1 ||
    { cat "$iso.log" >&2; exit 1; }

#!/bin/sh
# build.sh <output>: build the minimal PV dom0 of the boot tests.
set -e
cd "$(dirname "$0")"
out=$1
top=../../..
flags="-std=gnu11 -O2 -Wall -Wextra -Werror -ffreestanding -fno-builtin -nostdinc
    -isystem $(${CC:-gcc} -print-file-name=include) -I$top/include
    -fno-pic -fno-pie -mcmodel=kernel -mno-red-zone -mno-sse -mno-mmx
    -fno-stack-protector -fno-asynchronous-unwind-tables -fcf-protection=none"
mkdir -p "$(dirname "$out")"
${CC:-gcc} $flags -c head.S -o "$out.head.o"
${CC:-gcc} $flags -c mini.c -o "$out.mini.o"
${LD:-ld} -nostdlib -static -z noexecstack --build-id=none -T mini.lds \
    -o "$out" "$out.head.o" "$out.mini.o"

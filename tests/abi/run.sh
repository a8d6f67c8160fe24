#!/bin/sh
# Compile-time checks of the public ABI headers (include/public): one
# PASS/FAIL line per check, exit 1 if any failed.  Nothing is linked or
# run, so a compiler that can target -m32 freestanding is enough (no
# 32-bit libc needed).
#
#   abi/64, abi/32          layouts and constants (include/xen/abi-layout-*.h)
#                           as a guest sees the headers
#   abi/64-tools, abi/32-tools, abi/64-xen
#                           the same as the toolstack (__XEN_TOOLS__) and
#                           the hypervisor (__XEN__) see them
#   abi/self-contained      every header compiles on its own, 64 and 32-bit
#   abi/iso-c               the headers are clean ISO C99 and C11 (-pedantic)
#   abi/asm                 the assembler-safe headers work in .S files
cd "$(dirname "$0")/../.." || exit 2
CC=${CC:-gcc}
failed=0

# check <name> <command...>: PASS if the command succeeds, else FAIL and
# the start of its output.
check() {
    name=$1
    shift
    if out=$("$@" 2>&1); then
        echo "PASS $name"
    else
        echo "FAIL $name"
        echo "$out" | head -n 20 | sed 's/^/    | /'
        failed=1
    fi
}

flags="-std=gnu11 -ffreestanding -fsyntax-only -Wall -Wextra -Werror -Iinclude"

check abi/64       $CC -m64 $flags tests/abi/check-64.c
check abi/64-tools $CC -m64 $flags -D__XEN_TOOLS__ tests/abi/check-64.c
check abi/64-xen   $CC -m64 $flags -D__XEN__ tests/abi/check-64.c
check abi/32       $CC -m32 $flags tests/abi/check-32.c
check abi/32-tools $CC -m32 $flags -D__XEN_TOOLS__ tests/abi/check-32.c

# Each header on its own: nothing may rely on what the includer included
# before it (beyond <stddef.h>/<string.h> for the ring macros, which only
# need them when used).
self_contained() {
    for h in $(cd include && find public -name '*.h' | sort); do
        for m in 64 32; do
            # The width-specific arch headers refuse the other width.
            case $h-$m in *x86_32.h-64|*x86_64.h-32) continue ;; esac
            printf '#include <%s>\n' "$h" |
                $CC -m$m $flags -x c - || { echo "  in $h, -m$m"; return 1; }
        done
    done
}
check abi/self-contained self_contained

iso_c() {
    for std in c99 c11; do
        for m in 64 32; do
            $CC -m$m -std=$std -pedantic-errors -ffreestanding -fsyntax-only \
                -Wall -Wextra -Werror -Iinclude -x c tests/abi/headers.h ||
                { echo "  with -std=$std -m$m"; return 1; }
        done
    done
}
check abi/iso-c iso_c

# The headers assembly files may include; the others are C only.
asm_headers() {
    for m in 64 32; do
        for h in xen.h elfnote.h errno.h features.h event_channel.h sched.h \
                 callback.h arch-x86/cpuid.h; do
            printf '#include <public/%s>\n' "$h"
        done | $CC -m$m -D__ASSEMBLY__ -Iinclude -x assembler-with-cpp -c - \
                   -o /dev/null || { echo "  -m$m"; return 1; }
    done
}
check abi/asm asm_headers

exit $failed

#!/bin/sh
# The build's libfdt safety check (scripts/check-libfdt.sh) must accept
# Debian's objects and refuse each kind of unsafe object: one PASS/FAIL
# line per case.  Hostile objects are compiled here from tiny C/asm
# snippets with the host compiler's user-space defaults.
cd "$(dirname "$0")/../.." || exit 2
out=${O:-build}/check-libfdt-test
rm -rf "$out"
mkdir -p "$out"
failed=0

result() {
    if [ "$1" = 0 ]; then
        echo "PASS build/check-libfdt/$2"
    else
        echo "FAIL build/check-libfdt/$2 ($3)"
        failed=1
    fi
}

# Debian's archive, the members the hypervisor links: accepted.
(cd "$out" && ar x /usr/lib/x86_64-linux-gnu/libfdt.a fdt.o fdt_ro.o fdt_check.o fdt_strerror.o)
if sh scripts/check-libfdt.sh "$out/fdt.o" "$out/fdt_ro.o" "$out/fdt_check.o" \
        "$out/fdt_strerror.o" > "$out/debian.log" 2>&1; then
    result 0 debian-objects
else
    result 1 debian-objects "refused: $(cat "$out/debian.log")"
fi

# refused <case> <expected message part> <compiler flags> <C source>
refused() {
    name=$1 want=$2 flags=$3
    printf '%s\n' "$4" > "$out/$name.c"
    if ! gcc -O2 $flags -c "$out/$name.c" -o "$out/$name.o" 2> "$out/$name.log"; then
        result 1 "$name" "cannot compile the sample"
        return
    fi
    if sh scripts/check-libfdt.sh "$out/$name.o" > "$out/$name.log" 2>&1; then
        result 1 "$name" "accepted"
    elif grep -q "UNSAFE: .*$want" "$out/$name.log"; then
        result 0 "$name"
    else
        result 1 "$name" "refused for another reason: $(cat "$out/$name.log")"
    fi
}

refused red-zone "below %rsp" "-mno-sse" \
    'int f(int a) { volatile int x[4]; x[0] = a; return x[0] + x[1]; }'
refused sse "SSE/AVX/MMX/x87 registers" "" \
    'double f(double a) { return a * 3.0; }'
refused x87 "floating-point instructions" "-mno-sse -mno-red-zone" \
    'long double f(long double a) { return a * 3; }'
refused other-segment "segment other than the canary" "-mno-red-zone" \
    'long f(void) { long v; __asm__ volatile("mov %%fs:0x30, %0" : "=r"(v)); return v; }'
refused gs-segment "segment other than the canary" "-mno-red-zone" \
    'long f(void) { long v; __asm__ volatile("mov %%gs:0x28, %0" : "=r"(v)); return v; }'
refused cli "system instruction" "-mno-red-zone" \
    'void f(void) { __asm__ volatile("cli"); }'
refused syscall "system instruction" "-mno-red-zone" \
    'void f(void) { __asm__ volatile("syscall" ::: "rcx", "r11"); }'
refused import "imports malloc" "-mno-red-zone" \
    'void *malloc(unsigned long); void *f(void) { return malloc(8); }'
refused tls "TLS or constructor sections" "-mno-red-zone" \
    '__thread int t; int *f(void) { return &t; }'
refused constructor "TLS or constructor sections" "-mno-red-zone" \
    'int x; __attribute__((constructor)) static void c(void) { x = 1; }'
exit $failed

#!/bin/sh
# check-libfdt.sh OBJECT...: fail loudly unless Debian's prebuilt libfdt
# objects are safe to link into the hypervisor (docs/boot-domains.md):
#  - they import nothing but the string functions of common/string.c and
#    __stack_chk_fail (arch/x86/libfdt-env.c);
#  - no SSE/AVX/MMX/x87 register is touched (the hypervisor does not save
#    the guest's FPU state around its own code);
#  - no segment access but the stack protector's canary at %fs:0x28
#    (libfdt_call() points FS at a valid canary while libfdt runs);
#  - nothing is stored below %rsp (no red-zone use: the hypervisor's own
#    code is built -mno-red-zone; libfdt also only runs with interrupts off);
#  - no privileged or system instruction, no thread-local storage, no
#    constructors, and only relocations a static link at our address can
#    resolve (PC-relative, or 64-bit absolute).
set -e
allowed_imports='__stack_chk_fail memchr memcmp memcpy memmove memset strlen strnlen strrchr'
fail() {
    echo "check-libfdt: UNSAFE: $*" >&2
    exit 1
}
for o in "$@"; do
    n=$(basename "$o")
    secs=$(readelf -SW "$o" | grep -E '\.(tdata|tbss|init_array|fini_array|ctors|dtors|preinit_array)' || true)
    [ -z "$secs" ] || fail "$n has TLS or constructor sections: $secs"
    for sym in $(nm -u "$o" | awk '{print $2}'); do
        case " $allowed_imports " in
        *" $sym "*) ;;
        *) nm -g --defined-only "$@" | awk '{print $3}' | grep -qx "$sym" ||
               fail "$n imports $sym, which the hypervisor does not provide" ;;
        esac
    done
    # Instruction lines only: "  addr:<TAB>mnemonic operands".
    dis=$(objdump -d --no-show-raw-insn "$o" | grep -P '^\s+[0-9a-f]+:\t')
    bad=$(echo "$dis" | grep -E '%[xyz]mm|%mm[0-7]|%st\b|%st\(' | head -3) || true
    [ -z "$bad" ] || fail "$n uses SSE/AVX/MMX/x87 registers: $bad"
    bad=$(echo "$dis" | grep -P ':\t(f[a-z0-9]+|emms|ldmxcsr|stmxcsr|fxsave|fxrstor|xsave[a-z]*|xrstor[a-z]*)\s' | head -3) || true
    [ -z "$bad" ] || fail "$n uses floating-point instructions: $bad"
    bad=$(echo "$dis" | grep -E '%gs|%fs' | grep -vE '%fs:0x28,' | head -3) || true
    [ -z "$bad" ] || fail "$n accesses a segment other than the canary %fs:0x28: $bad"
    bad=$(echo "$dis" | grep -E -- '-0x[0-9a-f]+\(%rsp' | head -3) || true
    [ -z "$bad" ] || fail "$n uses memory below %rsp (red zone): $bad"
    bad=$(echo "$dis" | grep -P ':\t(syscall|sysenter|sysret[lq]?|int|int3|into|iret[lq]?|hlt|cli|sti|in|out|ins[bwl]?|outs[bwl]?|rdmsr|wrmsr|cpuid|rdtsc|rdtscp|lgdt|lidt|ltr|mov\s+%cr|swapgs|invlpg|wbinvd|rdrand|rdseed|ud2)\b' | head -3) || true
    [ -z "$bad" ] || fail "$n contains a system instruction: $bad"
    rel=$(readelf -rW "$o" | awk '/^[0-9a-f]+ +[0-9a-f]+ R_X86_64_/ {print $3}' | sort -u |
          grep -vxE 'R_X86_64_(PC32|PLT32|64)' || true)
    [ -z "$rel" ] || fail "$n needs relocations a link at our address cannot take: $rel"
done
echo "check-libfdt: $(echo "$@" | wc -w) objects from Debian's libfdt checked: safe to link"

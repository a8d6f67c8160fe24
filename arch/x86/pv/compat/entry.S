/*
 * int $0x82: a hypercall from a 32-bit PV kernel in ring 1.  The IDT
 * gate (DPL 1, interrupt gate) brings us here on the stack TSS.RSP0
 * names, so the CPU's frame ends in cpu_info as for every guest entry
 * (asm/current.h).  Build the rest of a struct cpu_user_regs, call
 * compat_hypercall with interrupts on, and leave through the common
 * return path (pv/entry.S), which IRETQs to ring 1 or 3.
 */
#include <asm/config.h>
#include <asm/traps.h>
#include <asm/asm-regs.h>
#include <asm/pv-compat.h>

        .text
        .globl  compat_int82_entry
compat_int82_entry:
        pushq   $0
        movl    $HYPERCALL_VECTOR, 4(%rsp)
        SAVE_ALL
        mov     %rsp, %rdi
        /* Alignment slot and a zero frame record ending the trace chain. */
        sub     $8, %rsp
        pushq   $0
        pushq   $0
        mov     %rsp, %rbp
        cld
        sti
        call    compat_hypercall
        add     $24, %rsp
        jmp     restore_all_guest

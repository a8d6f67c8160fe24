/*
 * The ways in from 32-bit code that are not exceptions.
 *
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
        GUEST_GATE_ENTRY HYPERCALL_VECTOR, compat_hypercall, irqs_on=1

/*
 * int $0x80 (LEGACY_SYSCALL_VECTOR, a DPL 3 interrupt gate): the system
 * call of 32-bit user space, delivered straight to the guest's trap-table
 * entry 0x80 without the #GP detour (pv_int80_direct_trap, pv/traps.c).
 */
        .globl  compat_int80_entry
compat_int80_entry:
        GUEST_GATE_ENTRY LEGACY_SYSCALL_VECTOR, pv_int80_direct_trap, irqs_on=0

/*
 * SYSENTER (Intel hosts only: pv/syscall.c sets the MSRs there; AMD's
 * CPUs refuse it outside legacy mode).  SYSENTER_ESP is this CPU's guest
 * frame at its 'es' field, as the SYSCALL stubs use it.  The CPU saves
 * neither the user's EIP nor its ESP, so the frame says what Xen's says:
 * SS the user data selector (set by pv_sysenter), ESP 0, the RFLAGS of
 * the moment (SYSENTER cleared IF: the guest had it on), CS 3, EIP 0.
 * Then this CPU's flags are cleaned (TF, NT, AC, DF would follow the
 * hypervisor; a #DB from TF before that is pv_sysenter_debug's).
 */
        .globl  compat_sysenter_entry, compat_sysenter_clean
compat_sysenter_entry:
        pushq   $0
        pushq   $0
        pushfq
        pushq   $2
        popfq
compat_sysenter_clean:
        orl     $0x200, (%rsp)          /* X86_EFLAGS_IF */
        pushq   $3
        pushq   $0
        pushq   $0
        movl    $ENTRY_VECTOR_SYSCALL, 4(%rsp)
        SAVE_ALL
        CALL_FOR_GUEST pv_sysenter, irqs_on=0

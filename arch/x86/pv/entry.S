/*
 * Guest entry and exit for 64-bit PV guests.
 *
 * SYSCALL: each CPU's LSTAR points at its own stub (pv/syscall.c), which
 * runs with the guest's %rsp and interrupts off (SFMASK), and
 *   - stores the guest's %rax in its slot of the frame in cpu_info
 *     (asm/current.h), using %rax as the only scratch register;
 *   - switches to this CPU's stack with %rsp at the frame's 'es' field;
 *   - pushes what an interrupt from ring 3 would have: SS, RSP, RFLAGS
 *     (from %r11), CS, RIP (from %rcx);
 *   - jumps here.  SYSCALL clobbered %rcx and %r11, and the hypercall page
 *     saved them on the guest stack, so their frame slots get the RIP and
 *     RFLAGS values, as Xen's do.
 *
 * Every way back to a guest goes through restore_all_guest, with %rsp at
 * the guest's frame in cpu_info.  It returns with IRETQ, which is correct
 * for every frame (SYSRETQ would be faster for hypercalls, later); an
 * IRETQ the CPU refuses is the guest's fault, delivered to it as Xen does
 * (iret_to_guest_failed below), never the hypervisor's.
 */
#include <asm/config.h>
#include <asm/traps.h>
#include <asm/asm-regs.h>

/*
 * How far below the frame's rip field the IRETQ copy is: its five words
 * end below cpu_info (8 bytes below the frame), 16-byte aligned as the
 * frame's rip is 8 off.
 */
#define IRET_COPY       (UREGS_rip + 56)

/*
 * The shared part of both SYSCALL entries: the frame's error-code/vector
 * slot, the registers (%rax stored by the stub), an alignment slot and a
 * zero frame record ending the trace chain, then the call to \fn with
 * the frame (\irqs_on: with interrupts enabled), and the way out.
 */
        .macro SYSCALL_ENTRY fn, irqs_on
        pushq   $0
        movl    $ENTRY_VECTOR_SYSCALL, 4(%rsp)
        SAVE_ALL skip_rax=1
        CALL_FOR_GUEST \fn, \irqs_on
        .endm

        .text
        .globl  lstar_common
lstar_common:
        SYSCALL_ENTRY pv_hypercall, irqs_on=1

/*
 * SYSCALL from 32-bit code of a 64-bit guest (CSTAR).  Not a hypercall:
 * pv_guest_trap sees the SYSCALL vector and, from guest user mode,
 * bounces it to the guest's syscall32 callback (from kernel mode it is
 * a fatal fault).  Interrupts stay off, as before.
 */
        .globl  cstar_common
cstar_common:
        SYSCALL_ENTRY pv_guest_trap, irqs_on=0

/* void pv_enter_guest(struct cpu_user_regs *regs): regs is in cpu_info. */
        .globl  pv_enter_guest
pv_enter_guest:
        cli
        mov     %rdi, %rsp
        /* fall through */

        .globl  restore_all_guest
restore_all_guest:
        cli
        /* %rsp (the frame) is 8 off 16-byte alignment: pad for the call. */
        sub     $8, %rsp
        xor     %ebp, %ebp
        call    pv_exit_to_guest
        add     $8, %rsp
        /*
         * IRETQ from a copy of the frame's last five words, below cpu_info:
         * should the CPU refuse them, its exception frame and the trap
         * entry's pushes land on free stack, not on the guest's frame or
         * on cpu_info's processor_id (which lie just below the frame).
         */
        mov     UREGS_rip(%rsp), %rax
        mov     %rax, UREGS_rip - IRET_COPY(%rsp)
        mov     UREGS_rip + 8(%rsp), %rax
        mov     %rax, UREGS_rip + 8 - IRET_COPY(%rsp)
        mov     UREGS_rip + 16(%rsp), %rax
        mov     %rax, UREGS_rip + 16 - IRET_COPY(%rsp)
        mov     UREGS_rip + 24(%rsp), %rax
        mov     %rax, UREGS_rip + 24 - IRET_COPY(%rsp)
        mov     UREGS_rip + 32(%rsp), %rax
        mov     %rax, UREGS_rip + 32 - IRET_COPY(%rsp)
        RESTORE_ALL
        lea     8 - IRET_COPY(%rsp), %rsp       /* error code and vector */
        .globl  pv_guest_iretq
pv_guest_iretq:
        iretq
        .pushsection .ex_table, "a"
        .balign 8
        .quad   pv_guest_iretq, iret_to_guest_failed
        .popsection

/*
 * The IRETQ above faulted (#GP, #NP or #SS: a bad CS or SS selector, a
 * non-canonical RIP); do_trap noted the fault (pv_iret_fault_note).  The
 * fixup resumes here with %rsp at the copy, the guest's frame intact.
 * Like Xen, the fault is then the guest's: it arrives at the guest's
 * handler as if the refused frame had raised it (pv_iret_fault).
 */
iret_to_guest_failed:
        lea     IRET_COPY - UREGS_rip(%rsp), %rsp
        CALL_FOR_GUEST pv_iret_fault, irqs_on=1

/*
 * Interrupt and exception entry.  Every IDT vector has a stub that makes
 * the frame uniform (a zero where the CPU pushes no error code, the vector
 * number in the upper half of that slot) and jumps to a common path that
 * saves the general registers as a struct cpu_user_regs (asm/traps.h) and
 * calls do_trap() (vectors 0x00-0x1f) or do_external_interrupt() (0x20-0xff).
 *
 * All gates are interrupt gates: handlers start with interrupts off.
 * Nothing here switches segments or GS bases: the hypervisor uses neither,
 * so a guest's survive a trip through it.
 *
 * An entry from guest context (ring 3) has its frame in cpu_info
 * (asm/current.h) and leaves through restore_all_guest (pv/entry.S),
 * except NMI and #MC, which run on their own IST stacks and return
 * straight to the guest.
 */
#include <asm/config.h>
#include <asm/traps.h>
#include <asm/asm-regs.h>

        .text
handle_exception:
        SAVE_ALL
        lea     do_trap(%rip), %rax
        jmp     entry_common
handle_interrupt:
        SAVE_ALL
        lea     do_external_interrupt(%rip), %rax
entry_common:
        /*
         * The CPU aligned %rsp to 16 before its 6-slot frame, so the 15
         * registers leave it 8 off; one padding slot and a two-slot frame
         * record (interrupted %rbp, interrupted %rip) restore the alignment.
         * The record links the handler's frame-pointer chain to the
         * interrupted code, so traces taken inside a handler continue
         * through the interruption -- unless that was the guest, whose
         * %rbp means nothing to us: a zero record ends the chain there.
         */
        mov     %rsp, %rdi
        sub     $8, %rsp
        testb   $3, UREGS_cs(%rdi)
        jnz     from_guest
        pushq   UREGS_rip(%rdi)
        push    %rbp
        mov     %rsp, %rbp
        cld
        call    *%rax
        add     $24, %rsp
restore_frame:
        RESTORE_ALL
        add     $8, %rsp                /* error code and vector */
        iretq

from_guest:
        pushq   $0
        pushq   $0
        mov     %rsp, %rbp
        cld
        call    *%rax
        add     $24, %rsp
        cmpl    $X86_EXC_NMI, UREGS_entry_vector(%rsp)
        je      restore_frame
        cmpl    $X86_EXC_MC, UREGS_entry_vector(%rsp)
        je      restore_frame
        jmp     restore_all_guest

        .pushsection .rodata, "a", @progbits
        .balign 8
        .globl  entry_stubs
entry_stubs:
        .popsection

/* One stub per vector; entry_stubs[] (read-only data) lists their addresses. */
        .balign 16
vector_stubs:
        .set    vec, 0
        .rept   256
        .balign 8
2:
        .if vec < X86_NR_EXCEPTIONS
        .if ((X86_EXC_HAVE_EC >> vec) & 1) == 0
        push    $0
        .endif
        movl    $vec, 4(%rsp)
        jmp     handle_exception
        .else
        push    $0
        movl    $vec, 4(%rsp)
        jmp     handle_interrupt
        .endif
        .pushsection .rodata, "a", @progbits
        .quad   2b
        .popsection
        .set    vec, vec + 1
        .endr

/*
 * Saving and restoring the general registers as the first 15 words of a
 * struct cpu_user_regs (asm/traps.h), for assembly (.S) files only.
 */
#ifndef __ASM_X86_ASM_REGS_H__
#define __ASM_X86_ASM_REGS_H__

#ifndef __ASSEMBLY__
#error "asm/asm-regs.h is for assembly files only"
#endif

/*
 * Push %rdi ... %r15 in cpu_user_regs order.  With skip_rax=1 the %rax
 * slot is only reserved, not written (the SYSCALL stubs store it first).
 */
        .macro SAVE_ALL skip_rax=0
        push    %rdi
        push    %rsi
        push    %rdx
        push    %rcx
        .if \skip_rax
        sub     $8, %rsp                /* %rax: already in its slot */
        .else
        push    %rax
        .endif
        push    %r8
        push    %r9
        push    %r10
        push    %r11
        push    %rbx
        push    %rbp
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        .endm

/*
 * With a guest's whole frame at %rsp (in cpu_info): call \fn with it, on
 * a 16-byte-aligned stack (the frame is 8 off) under a zero frame record
 * that ends the trace chain, with interrupts on if \irqs_on, then leave
 * through restore_all_guest (pv/entry.S).
 */
        .macro CALL_FOR_GUEST fn, irqs_on
        mov     %rsp, %rdi
        sub     $8, %rsp
        pushq   $0
        pushq   $0
        mov     %rsp, %rbp
        cld
        .if \irqs_on
        sti
        .endif
        call    \fn
        add     $24, %rsp
        jmp     restore_all_guest
        .endm

/*
 * A guest's way in through an IDT gate that pushes no error code: the
 * error-code/vector slot (\vec), the registers, then CALL_FOR_GUEST.
 */
        .macro GUEST_GATE_ENTRY vec, fn, irqs_on
        pushq   $0
        movl    $\vec, 4(%rsp)
        SAVE_ALL
        CALL_FOR_GUEST \fn, \irqs_on
        .endm

/* Pop what SAVE_ALL pushed, leaving %rsp at the error-code/vector slot. */
        .macro RESTORE_ALL
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbp
        pop     %rbx
        pop     %r11
        pop     %r10
        pop     %r9
        pop     %r8
        pop     %rax
        pop     %rcx
        pop     %rdx
        pop     %rsi
        pop     %rdi
        .endm

#endif /* __ASM_X86_ASM_REGS_H__ */

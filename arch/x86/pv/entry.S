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
 * IRETQ the CPU refuses crashes the guest, not the hypervisor.
 */
#include <asm/config.h>
#include <asm/traps.h>

        .text
        .globl  lstar_common
lstar_common:
        pushq   $0
        movl    $ENTRY_VECTOR_SYSCALL, 4(%rsp)
        push    %rdi
        push    %rsi
        push    %rdx
        push    %rcx
        sub     $8, %rsp                /* %rax: stored by the stub */
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
        mov     %rsp, %rdi
        /* Alignment slot, then a zero frame record ending the trace chain. */
        sub     $8, %rsp
        pushq   $0
        pushq   $0
        mov     %rsp, %rbp
        cld
        sti
        call    pv_hypercall
        add     $24, %rsp
        jmp     restore_all_guest

/*
 * SYSCALL from 32-bit code of a 64-bit guest (CSTAR).  Not a hypercall:
 * pv_guest_trap sees the SYSCALL vector and, from guest user mode,
 * bounces it to the guest's syscall32 callback (from kernel mode it is
 * a fatal fault).
 */
        .globl  cstar_common
cstar_common:
        pushq   $0
        movl    $ENTRY_VECTOR_SYSCALL, 4(%rsp)
        push    %rdi
        push    %rsi
        push    %rdx
        push    %rcx
        sub     $8, %rsp
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
        mov     %rsp, %rdi
        sub     $8, %rsp
        pushq   $0
        pushq   $0
        mov     %rsp, %rbp
        cld
        call    pv_guest_trap
        add     $24, %rsp
        jmp     restore_all_guest

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
        add     $8, %rsp                /* error code and vector */
1:      iretq
        .pushsection .ex_table, "a"
        .balign 8
        .quad   1b, iret_to_guest_failed
        .popsection

/*
 * The IRETQ above faulted (#GP): the frame is the guest's but the CPU
 * refuses it, e.g. a SYSCALL at the very top of the lower canonical half
 * left a non-canonical RIP.  The fixup resumes here with %rsp back at the
 * frame's rip field, the frame intact in memory.
 */
iret_to_guest_failed:
        sub     $UREGS_rip, %rsp
        mov     %rsp, %rdi
        sub     $8, %rsp
        pushq   $0
        pushq   $0
        mov     %rsp, %rbp
        call    pv_bad_return_frame
        ud2

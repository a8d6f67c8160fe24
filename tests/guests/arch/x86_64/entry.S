/*
 * Ways into the kernel from the hypervisor (exceptions, event upcall,
 * syscall from user mode, failsafe) and the way back (HYPERVISOR_iret),
 * plus setjmp/longjmp and the first entry into user mode.
 *
 * A 64-bit PV bounce frame, lowest address first, is
 *     rcx, r11, [error code], rip, cs, rflags, rsp, ss
 * rcx and r11 are on top because the hypervisor returns to us with
 * sysret-like semantics, which clobbers them.  In kernel context the CS
 * RPL is 0 and its bits 32..39 hold the saved upcall mask.
 *
 * Every entry turns this into a struct trap_frame (arch.h) and calls a C
 * dispatcher with a pointer to it; the C code may edit the frame (e.g.
 * rip) before we return through HYPERVISOR_iret.
 */
#define __ASSEMBLY__
#include <public/xen.h>

    .text
    .code64

/* Exceptions without an error code get a 0 so that all frames match. */
.macro TRAP_NOERR vec
    .globl trap_\vec
trap_\vec:
    pop     %rcx
    pop     %r11
    push    $0
    push    $\vec
    jmp     trap_common
.endm

.macro TRAP_ERR vec
    .globl trap_\vec
trap_\vec:
    pop     %rcx
    pop     %r11
    push    $\vec
    jmp     trap_common
.endm

    TRAP_NOERR 0
    TRAP_NOERR 1
    /* NMI: not in the trap table; a test registers it (CALLBACKTYPE_nmi). */
    TRAP_NOERR 2
    TRAP_NOERR 3
    TRAP_NOERR 4
    TRAP_NOERR 5
    TRAP_NOERR 6
    TRAP_NOERR 7
    TRAP_ERR   8
    TRAP_ERR   10
    TRAP_ERR   11
    TRAP_ERR   12
    TRAP_ERR   13
    TRAP_ERR   14
    TRAP_NOERR 16
    TRAP_ERR   17
    TRAP_NOERR 18
    TRAP_NOERR 19
    /* A software interrupt vector (int $0x80), for the direct-trap test. */
    TRAP_NOERR 128

    .globl upcall_entry
upcall_entry:
    pop     %rcx
    pop     %r11
    push    $0
    push    $256                    /* TRAP_UPCALL */
    jmp     trap_common

    .globl syscall_entry
syscall_entry:
    pop     %rcx
    pop     %r11
    push    $0
    push    $257                    /* TRAP_SYSCALL */
    jmp     trap_common

    .globl failsafe_entry
failsafe_entry:
    pop     %rcx
    pop     %r11
    /* Xen's failsafe frame has ds, es, fs, gs here (xen-x86_64.h): kept. */
    push    %rax
    mov     8(%rsp), %rax
    mov     %rax, failsafe_selectors(%rip)
    mov     16(%rsp), %rax
    mov     %rax, failsafe_selectors + 8(%rip)
    mov     24(%rsp), %rax
    mov     %rax, failsafe_selectors + 16(%rip)
    mov     32(%rsp), %rax
    mov     %rax, failsafe_selectors + 24(%rip)
    pop     %rax
    add     $32, %rsp
    push    $0
    push    $258                    /* TRAP_FAILSAFE */
    jmp     trap_common

trap_common:
    push    %rax
    push    %rbx
    push    %rcx
    push    %rdx
    push    %rsi
    push    %rdi
    push    %rbp
    push    %r8
    push    %r9
    push    %r10
    push    %r11
    push    %r12
    push    %r13
    push    %r14
    push    %r15
    mov     %rsp, %rdi
    /* The bounce frame is only 16-byte aligned before its words. */
    mov     %rsp, %rbx
    and     $~15, %rsp
    call    trap_dispatch
    mov     %rbx, %rsp
    pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %r11
    pop     %r10
    pop     %r9
    pop     %r8
    pop     %rbp
    pop     %rdi
    pop     %rsi
    pop     %rdx
    pop     %rcx
    pop     %rbx
    pop     %rax
    add     $16, %rsp               /* vector, error code */
    /*
     * HYPERVISOR_iret takes rip, cs, rflags, rsp, ss below a flags word
     * (0: restore rcx and r11 too), and its stub pushes rcx, r11 and rax
     * itself.  The upcall mask is restored from the frame's rflags.IF.
     */
    push    $0
    jmp     hypercall_page + __HYPERVISOR_iret * 32

/* arch_enter_user(ip, sp): iret to guest user mode with events enabled. */
    .globl arch_enter_user
arch_enter_user:
    push    $FLAT_USER_SS
    push    %rsi
    push    $0x200                  /* rflags: IF, i.e. events unmasked */
    push    $FLAT_USER_CS
    push    %rdi
    push    $0
    jmp     hypercall_page + __HYPERVISOR_iret * 32

/* int setjmp(jmp_buf env) */
    .globl setjmp
setjmp:
    mov     %rbx, 0(%rdi)
    mov     %rbp, 8(%rdi)
    mov     %r12, 16(%rdi)
    mov     %r13, 24(%rdi)
    mov     %r14, 32(%rdi)
    mov     %r15, 40(%rdi)
    lea     8(%rsp), %rdx           /* the caller's rsp after we return */
    mov     %rdx, 48(%rdi)
    mov     (%rsp), %rdx
    mov     %rdx, 56(%rdi)
    xor     %eax, %eax
    ret

/* void longjmp(jmp_buf env, int val): setjmp returns val (1 if 0). */
    .globl longjmp
longjmp:
    mov     %esi, %eax
    test    %eax, %eax
    jnz     1f
    inc     %eax
1:  mov     0(%rdi), %rbx
    mov     8(%rdi), %rbp
    mov     16(%rdi), %r12
    mov     24(%rdi), %r13
    mov     32(%rdi), %r14
    mov     40(%rdi), %r15
    mov     48(%rdi), %rsp
    jmp     *56(%rdi)

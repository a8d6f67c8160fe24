/*
 * Ways into the kernel from the hypervisor (exceptions, event upcall,
 * failsafe) and the way back (HYPERVISOR_iret), plus setjmp/longjmp and
 * the first entry into user mode, for a 32-bit PV kernel in ring 1.
 *
 * A 32-bit bounce frame, lowest address first, is
 *     [error code], eip, cs, eflags, [esp, ss]
 * esp and ss only when ring 3 was interrupted; the hypervisor keeps the
 * saved event mask in bits 16..23 of the cs word.  The failsafe callback
 * has ds, es, fs, gs below all that.
 *
 * Every entry makes the frame a struct trap_frame (arch.h) and calls
 * trap_dispatch with a pointer to it; the way back is the iret stub of
 * the hypercall page, which pushes %eax and enters the hypervisor.
 */
#define __ASSEMBLY__
#include <public/xen.h>

    .text
    .code32

.macro TRAP_NOERR vec
    .globl trap_\vec
trap_\vec:
    push    $0
    push    $\vec
    jmp     trap_common
.endm

.macro TRAP_ERR vec
    .globl trap_\vec
trap_\vec:
    push    $\vec
    jmp     trap_common
.endm

    TRAP_NOERR 0
    TRAP_NOERR 1
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

/*
 * int $0x80: from ring 3 the system call (TRAP_SYSCALL, error word
 * SYSCALL_INT80), from the kernel an ordinary software interrupt.
 */
    .globl trap_128
trap_128:
    testb   $2, 4(%esp)             /* the frame's cs: ring 3? */
    jnz     1f
    push    $0
    push    $128
    jmp     trap_common
1:  push    $0x80                   /* SYSCALL_INT80 */
    push    $257                    /* TRAP_SYSCALL */
    jmp     trap_common

    .globl upcall_entry
upcall_entry:
    push    $0
    push    $256                    /* TRAP_UPCALL */
    jmp     trap_common

    /*
     * The syscall32 and sysenter callbacks (callback_op): TRAP_SYSCALL
     * too, the error word says which instruction (arch.h).
     */
    .globl syscall_entry
syscall_entry:
    push    $0x050f                 /* SYSCALL_SYSCALL */
    push    $257                    /* TRAP_SYSCALL */
    jmp     trap_common

    .globl sysenter_entry
sysenter_entry:
    push    $0x340f                 /* SYSCALL_SYSENTER */
    push    $257                    /* TRAP_SYSCALL */
    jmp     trap_common

    .globl failsafe_entry
failsafe_entry:
    /* Xen's failsafe frame has ds, es, fs, gs here: kept for the tests. */
    push    %eax
    mov     4(%esp), %eax
    mov     %eax, failsafe_selectors
    mov     8(%esp), %eax
    mov     %eax, failsafe_selectors + 4
    mov     12(%esp), %eax
    mov     %eax, failsafe_selectors + 8
    mov     16(%esp), %eax
    mov     %eax, failsafe_selectors + 12
    pop     %eax
    add     $16, %esp
    push    $0
    push    $258                    /* TRAP_FAILSAFE */
    jmp     trap_common

trap_common:
    pushal
    mov     %esp, %eax
    mov     %esp, %ebx              /* callee-saved: the frame */
    and     $~15, %esp
    sub     $12, %esp
    push    %eax
    call    trap_dispatch
    mov     %ebx, %esp
    popal
    add     $8, %esp                /* vector, error code */
    /* The iret stub pushes %eax itself; eip, cs, eflags[, esp, ss] stay. */
    jmp     hypercall_page + __HYPERVISOR_iret * 32

/*
 * arch_enter_user(ip, sp): iret to ring 3 with events enabled.  Ring 3
 * cannot use the kernel's data selector (DPL 1: the IRET would null it):
 * %ds and %es get FLAT_USER_DS, which the kernel may use too until
 * longjmp brings its own back.
 */
    .globl arch_enter_user
arch_enter_user:
    mov     $FLAT_USER_DS, %eax
    mov     %eax, %ds
    mov     %eax, %es
    mov     4(%esp), %eax
    mov     8(%esp), %ecx
    push    $FLAT_USER_SS
    push    %ecx
    push    $0x200                  /* eflags: IF, i.e. events unmasked */
    push    $FLAT_USER_CS
    push    %eax
    jmp     hypercall_page + __HYPERVISOR_iret * 32

/* int setjmp(jmp_buf env) */
    .globl setjmp
setjmp:
    mov     4(%esp), %eax
    mov     %ebx, 0(%eax)
    mov     %esi, 4(%eax)
    mov     %edi, 8(%eax)
    mov     %ebp, 12(%eax)
    lea     4(%esp), %ecx           /* the caller's esp after we return */
    mov     %ecx, 16(%eax)
    mov     (%esp), %ecx
    mov     %ecx, 20(%eax)
    xor     %eax, %eax
    ret

/*
 * void longjmp(jmp_buf env, int val): setjmp returns val (1 if 0), in
 * kernel context, so with the kernel's data selectors.
 */
    .globl longjmp
longjmp:
    mov     $FLAT_KERNEL_DS, %eax
    mov     %eax, %ds
    mov     %eax, %es
    mov     4(%esp), %edx
    mov     8(%esp), %eax
    test    %eax, %eax
    jnz     1f
    inc     %eax
1:  mov     0(%edx), %ebx
    mov     4(%edx), %esi
    mov     8(%edx), %edi
    mov     12(%edx), %ebp
    mov     16(%edx), %esp
    jmp     *20(%edx)

/*
 * Minimal 64-bit PV dom0 for the boot tests: Xen ELF notes, entry point,
 * hypercall page.  Linked like Linux at 0xffffffff80000000 with physical
 * (p_paddr) addresses from 0, so no PADDR_OFFSET note.
 */
#define __ASSEMBLY__
#include <public/elfnote.h>
#include <public/features.h>

#define NOTE(type, directive, data)                     \
    .pushsection .note.Xen, "a";                        \
    .p2align 2;                                         \
    .long 2f - 1f;                                      \
    .long 4f - 3f;                                      \
    .long type;                                         \
1:  .asciz "Xen";                                       \
2:  .p2align 2;                                         \
3:  directive data;                                     \
4:  .p2align 2;                                         \
    .popsection

    NOTE(XEN_ELFNOTE_GUEST_OS,       .asciz, "mini-dom0")
    NOTE(XEN_ELFNOTE_XEN_VERSION,    .asciz, "xen-3.0")
    NOTE(XEN_ELFNOTE_LOADER,         .asciz, "generic")
    NOTE(XEN_ELFNOTE_VIRT_BASE,      .quad, 0xffffffff80000000)
    NOTE(XEN_ELFNOTE_ENTRY,          .quad, _start)
    NOTE(XEN_ELFNOTE_HYPERCALL_PAGE, .quad, hypercall_page)
    NOTE(XEN_ELFNOTE_SUPPORTED_FEATURES, .long, (1 << XENFEAT_dom0))

    .section .text.head, "ax"
    .globl _start
_start:
    /* %rsi: start_info; %rsp: the builder's boot stack (kept, to test it). */
    mov     %rsi, %rdi
    mov     %rsp, %rsi
    call    mini_main
    ud2

    .p2align 12
    .globl hypercall_page
hypercall_page:
    .fill 4096, 1, 0

/*
 * Exception handlers for the bounce check (mini.c): count the vector and
 * return through HYPERVISOR_iret.  On entry %rsp points at the frame the
 * hypervisor built: RCX, R11, [error code], RIP, CS, RFLAGS, RSP, SS.
 * #UD resumes after its 2-byte ud2; int3 and int $n (traps) resume where
 * the frame says.
 */
    .text
    .macro HANDLER name, counter, skip, errcode
    .globl \name
\name:
    pop     %rcx
    pop     %r11
    .if \errcode
    add     $8, %rsp
    .endif
    addq    $\skip, (%rsp)
    incl    \counter(%rip)
    pushq   $0                      /* flags: not in a syscall */
    jmp     hypercall_page + 23 * 32
    .endm

    HANDLER ud_handler, ud_count, 2, 0
    HANDLER bp_handler, bp_count, 0, 0
    HANDLER int80_handler, int80_count, 0, 0
    HANDLER gp_handler, gp_count, 2, 1

    .data
    .globl ud_count, bp_count, int80_count, gp_count
ud_count:       .long 0
bp_count:       .long 0
int80_count:    .long 0
gp_count:       .long 0

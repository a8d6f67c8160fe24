/*
 * Entry point, Xen ELF notes and hypercall page of a 64-bit PV test
 * kernel.
 *
 * The domain builder reads the notes to place the kernel (VIRT_BASE,
 * PADDR_OFFSET), find the entry point and fill in the hypercall page.  It
 * starts us at _start with %rsi = the start_info page and %rsp on a small
 * boot stack, events masked, in guest kernel mode.
 */
#define __ASSEMBLY__
#include <public/xen.h>
#include <public/elfnote.h>
#include <public/features.h>

/* One ELF note of type 'type' and owner "Xen" holding 'data'. */
#define XEN_NOTE(type, directive, data)                 \
    .pushsection .note.Xen, "a";                        \
    .p2align 2;                                         \
    .long 2f - 1f;          /* name size */             \
    .long 4f - 3f;          /* descriptor size */       \
    .long type;                                         \
1:  .asciz "Xen";                                       \
2:  .p2align 2;                                         \
3:  directive data;                                     \
4:  .p2align 2;                                         \
    .popsection

    /* The generic loader: neither Linux nor NetBSD conventions apply. */
    XEN_NOTE(XEN_ELFNOTE_GUEST_OS,       .asciz, "xh-test")
    XEN_NOTE(XEN_ELFNOTE_GUEST_VERSION,  .asciz, "1")
    XEN_NOTE(XEN_ELFNOTE_XEN_VERSION,    .asciz, "xen-3.0")
    XEN_NOTE(XEN_ELFNOTE_LOADER,         .asciz, "generic")
    /* Linked at VIRT_BASE with physical = virtual addresses. */
    XEN_NOTE(XEN_ELFNOTE_VIRT_BASE,      .quad, VIRT_BASE)
    XEN_NOTE(XEN_ELFNOTE_PADDR_OFFSET,   .quad, VIRT_BASE)
    XEN_NOTE(XEN_ELFNOTE_ENTRY,          .quad, _start)
    XEN_NOTE(XEN_ELFNOTE_HYPERCALL_PAGE, .quad, hypercall_page)
    /*
     * No optional features are required: page tables are updated only by
     * hypercall, never by writable-page-table emulation.  We can run as
     * dom0, which Xen insists on once this note is present.
     */
    XEN_NOTE(XEN_ELFNOTE_SUPPORTED_FEATURES, .long, (1 << XENFEAT_dom0))

    .section .text.head, "ax"
    .code64
    .globl _start
_start:
    cld
    /* Our own, larger stack; the builder's boot stack is one page. */
    lea     boot_stack_top(%rip), %rsp
    mov     %rsi, %rdi
    call    guest_start
    ud2

    /* Written by the hypervisor: 128 stubs of 32 bytes. */
    .p2align 12
    .globl hypercall_page
hypercall_page:
    .fill 4096, 1, 0xcc

    .bss
    .p2align 12
    .globl boot_stack, boot_stack_top
boot_stack:
    .skip 16384
boot_stack_top:

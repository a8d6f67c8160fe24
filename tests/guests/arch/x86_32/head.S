/*
 * Entry point, Xen ELF notes and hypercall page of a 32-bit PAE PV test
 * kernel.  The notes are those of the 64-bit kernel with 4-byte
 * addresses, plus PAE_MODE: only PAE guests run on a 64-bit hypervisor.
 *
 * The domain builder starts us at _start in ring 1 with %esi = the
 * start_info page and %esp on a small boot stack, events masked.
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

    XEN_NOTE(XEN_ELFNOTE_GUEST_OS,       .asciz, "xh-test")
    XEN_NOTE(XEN_ELFNOTE_GUEST_VERSION,  .asciz, "1")
    XEN_NOTE(XEN_ELFNOTE_XEN_VERSION,    .asciz, "xen-3.0")
    XEN_NOTE(XEN_ELFNOTE_LOADER,         .asciz, "generic")
    XEN_NOTE(XEN_ELFNOTE_VIRT_BASE,      .long, VIRT_BASE)
    XEN_NOTE(XEN_ELFNOTE_PADDR_OFFSET,   .long, VIRT_BASE)
    XEN_NOTE(XEN_ELFNOTE_ENTRY,          .long, _start)
    XEN_NOTE(XEN_ELFNOTE_HYPERCALL_PAGE, .long, hypercall_page)
    /* PAE page tables, whose L3 may be anywhere in machine memory. */
    XEN_NOTE(XEN_ELFNOTE_PAE_MODE,       .asciz, "yes")
    XEN_NOTE(XEN_ELFNOTE_FEATURES,       .asciz, "pae_pgdir_above_4gb")
    XEN_NOTE(XEN_ELFNOTE_SUPPORTED_FEATURES, .long, (1 << XENFEAT_dom0))

    .section .text.head, "ax"
    .code32
    .globl _start
_start:
    cld
    mov     $boot_stack_top, %esp
    push    %esi
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

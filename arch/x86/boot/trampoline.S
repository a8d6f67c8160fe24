/*
 * Application processor (AP) start-up.
 *
 * smpboot.c copies [trampoline_start, trampoline_end) to a free page below
 * 1 MiB and points each AP's STARTUP IPI at it.  The AP arrives in real
 * mode with CS = page << 8, IP = 0, caches disabled (CR0.CD/NW) and no IDT,
 * so this code takes no interrupt, needs no stack and is position
 * independent: it finds its own linear base from CS and patches the three
 * base-dependent words (GDT base, two far-jump targets) in its copy.
 *
 * Steps: real mode -> 32-bit protected mode -> long mode on ap_tmp_l4 (set
 * up by smpboot.c: low 2 MiB identity-mapped, upper half shared with the
 * BSP's tables) -> 64-bit code at the image's high address, which switches
 * to the BSP's page tables and control-register settings, takes the stack
 * the BSP prepared and calls start_secondary().
 *
 * Everything the 32-bit part reads from the image (ap_tmp_l4, cpu_has_nx)
 * is addressed through sym_phys(): the image sits at XEN_PHYS_START, below
 * 4 GiB, so CR3 can be loaded with it before long mode.
 */
#include <asm/config.h>

/* Same selectors as boot_gdt in head.S, so its reload changes no CS. */
#define TRAMP_CS64       0x08
#define TRAMP_DS         0x10
#define TRAMP_CS32       0x18

#define CR0_PE           (1 << 0)
#define CR0_WP           (1 << 16)
#define CR0_PG           (1 << 31)
#define CR0_CD_NW        0x60000000
#define CR4_PAE          (1 << 5)
#define MSR_EFER         0xc0000080
#define EFER_LME         (1 << 8)
#define EFER_NXE         (1 << 11)

/* Offset of a trampoline symbol inside the copied page. */
#define T(sym)           ((sym) - trampoline_start)

        .section .text.trampoline, "ax", @progbits
        .globl  trampoline_start, trampoline_end

        .code16
trampoline_start:
        cli
        cld
        mov     %cs, %ax
        mov     %ax, %ds
        movzwl  %ax, %ebx
        shl     $4, %ebx                /* %ebx = linear base of this copy */

        lea     T(tramp_gdt)(%ebx), %eax
        mov     %eax, T(tramp_gdtr) + 2
        lea     T(tramp_32)(%ebx), %eax
        mov     %eax, T(tramp_far32)
        lea     T(tramp_64)(%ebx), %eax
        mov     %eax, T(tramp_far64)

        lgdtl   T(tramp_gdtr)
        mov     %cr0, %eax
        or      $CR0_PE, %eax
        mov     %eax, %cr0
        ljmpl   *T(tramp_far32)

        .code32
tramp_32:
        mov     $TRAMP_DS, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss

        mov     $CR4_PAE, %eax
        mov     %eax, %cr4
        mov     $sym_phys(ap_tmp_l4), %eax
        mov     %eax, %cr3

        /* The BSP's tables use NX bits: without EFER.NXE they would fault. */
        mov     $MSR_EFER, %ecx
        rdmsr
        or      $EFER_LME, %eax
        testb   $1, sym_phys(cpu_has_nx)
        jz      1f
        or      $EFER_NXE, %eax
1:      wrmsr

        /* Paging on (long mode becomes active), caches on. */
        mov     %cr0, %eax
        and     $~CR0_CD_NW, %eax
        or      $(CR0_PG | CR0_WP | CR0_PE), %eax
        mov     %eax, %cr0
        ljmpl   *T(tramp_far64)(%ebx)

        .code64
tramp_64:
        movabs  $ap_high_entry, %rax
        jmp     *%rax

        .balign 8
tramp_gdt:
        .quad   0
        .quad   0x00af9b000000ffff      /* 0x08: 64-bit code, ring 0 */
        .quad   0x00cf93000000ffff      /* 0x10: flat data */
        .quad   0x00cf9b000000ffff      /* 0x18: 32-bit flat code, ring 0 */
tramp_gdt_end:
        .balign 4
        .word   0
tramp_gdtr:
        .word   tramp_gdt_end - tramp_gdt - 1
        .long   0                       /* base, patched at run time */
tramp_far32:
        .long   0                       /* offset, patched at run time */
        .word   TRAMP_CS32
tramp_far64:
        .long   0                       /* offset, patched at run time */
        .word   TRAMP_CS64
trampoline_end:

/*
 * Running at the image's address on ap_tmp_l4.  Adopt the BSP's page
 * tables and CR0/CR4 (so PGE, WP, ... mean the same on every CPU), leave
 * the low-memory GDT, then claim the prepared stack.  The stack is taken
 * with an exchange so that only one AP can ever run on it; an AP that
 * finds none (the BSP gave up on it and reclaimed it) stops here.
 */
        .text
ap_high_entry:
        lgdt    boot_gdtr64(%rip)
        mov     $TRAMP_DS, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        xor     %eax, %eax
        mov     %eax, %fs
        mov     %eax, %gs

        mov     ap_boot_cr3(%rip), %rax
        mov     %rax, %cr3
        mov     ap_boot_cr4(%rip), %rax
        mov     %rax, %cr4
        mov     ap_boot_cr0(%rip), %rax
        mov     %rax, %cr0

        xor     %eax, %eax
        xchg    %rax, ap_boot_stack(%rip)
        test    %rax, %rax
        jz      1f
        mov     %rax, %rsp
        xor     %ebp, %ebp
        push    $0              /* stack traces end at a zero return address */
        call    start_secondary
        ud2
1:      cli
        hlt
        jmp     1b

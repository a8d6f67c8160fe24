/*
 * Entry from the boot loader: Multiboot1 (GRUB `kernel`/`multiboot`, QEMU
 * -kernel) or Multiboot2 (GRUB `multiboot2`).  Either way we arrive in
 * 32-bit protected mode, paging off, EAX = loader magic, EBX = machine
 * address of the info structure.  We check for long mode, zero the BSS,
 * switch to long mode on the boot page tables and jump to the image's high
 * virtual address, then call __start_xen(magic, info).
 */
#include <asm/config.h>
#include <asm/boot-pagetable.h>

#define MB1_MAGIC        0x1BADB002
#define MB1_FLAGS        0x00000003     /* page-align modules, want memory map */
#define MB2_MAGIC        0xE85250D6
#define MB2_ARCH_I386    0

#define BOOT_CS64        0x08
#define BOOT_DS          0x10
#define BOOT_CS32        0x18

#define MSR_EFER         0xc0000080
#define EFER_LME         (1 << 8)
#define EFER_NXE         (1 << 11)

        .section .text.header, "ax", @progbits
        .code32
        .globl start, mb1_header, mb2_header
start:
        jmp     start32

        .balign 4
mb1_header:
        .long   MB1_MAGIC
        .long   MB1_FLAGS
        .long   0x100000000 - (MB1_MAGIC + MB1_FLAGS)

        .balign 8
mb2_header:
        .long   MB2_MAGIC
        .long   MB2_ARCH_I386
        .long   mb2_header_end - mb2_header
        .long   0x100000000 - (MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
        /* Information request (optional): cmdline, modules, meminfo, mmap, ACPI. */
        .balign 8
mb2_info_req:
        .short  1, 1
        .long   mb2_info_req_end - mb2_info_req
        .long   1, 3, 4, 6, 14, 15
mb2_info_req_end:
        /* Modules must be page aligned. */
        .balign 8
        .short  6, 0
        .long   8
        /* End tag. */
        .balign 8
        .short  0, 0
        .long   8
mb2_header_end:

no_lm_msg:
        .asciz  "FATAL: this CPU has no long mode (x86-64); cannot start.\r\n"

start32:
        cli
        cld
        mov     %eax, %esi
        mov     %ebx, %ebp

        lgdt    sym_phys(boot_gdtr32)
        ljmp    $BOOT_CS32, $sym_phys(1f)
1:      mov     $BOOT_DS, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        xor     %eax, %eax
        mov     %eax, %fs
        mov     %eax, %gs

        /* Zero the BSS (uses no stack, so the stack in it may be used after). */
        mov     $sym_phys(__bss_start), %edi
        mov     $sym_phys(__bss_end), %ecx
        sub     %edi, %ecx
        xor     %eax, %eax
        rep stosb

        mov     %esi, sym_phys(boot_mb_magic)
        mov     %ebp, sym_phys(boot_mb_info)
        mov     $sym_phys(cpu0_stack) + STACK_SIZE - CPU_INFO_SIZE, %esp

        /* Long mode present?  NX present? */
        mov     $0x80000000, %eax
        cpuid
        cmp     $0x80000001, %eax
        jb      no_long_mode
        mov     $0x80000001, %eax
        cpuid
        bt      $29, %edx
        jnc     no_long_mode
        xor     %ebx, %ebx
        bt      $20, %edx
        jnc     1f
        mov     $EFER_NXE, %ebx
        movb    $1, sym_phys(cpu_has_nx)
1:
        /* CR4.PAE, CR3, EFER.LME(+NXE), CR0.PG|WP: long mode. */
        mov     %cr4, %eax
        or      $0x20, %eax
        mov     %eax, %cr4
        mov     $sym_phys(idle_pg_table), %eax
        mov     %eax, %cr3
        mov     $MSR_EFER, %ecx
        rdmsr
        or      $EFER_LME, %eax
        or      %ebx, %eax
        wrmsr
        mov     %cr0, %eax
        or      $0x80010001, %eax
        mov     %eax, %cr0
        ljmp    $BOOT_CS64, $sym_phys(start64)

/* Print a message on COM1 and the VGA screen, then stop. */
no_long_mode:
        mov     $sym_phys(no_lm_msg), %esi
        mov     $0xb8000, %edi
1:      lodsb
        test    %al, %al
        jz      3f
        mov     %al, %bl
        mov     $0x3fd, %dx
2:      inb     %dx, %al
        test    $0x20, %al
        jz      2b
        mov     $0x3f8, %dx
        mov     %bl, %al
        outb    %al, %dx
        cmp     $0x20, %bl
        jb      1b
        movb    %bl, (%edi)
        movb    $0x4f, 1(%edi)
        add     $2, %edi
        jmp     1b
3:      hlt
        jmp     3b

        .code64
start64:
        movabs  $high_start, %rax
        jmp     *%rax

        .text
high_start:
        lgdt    boot_gdtr64(%rip)
        mov     $BOOT_DS, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        lea     cpu0_stack + STACK_SIZE - CPU_INFO_SIZE(%rip), %rsp
        mov     boot_mb_magic(%rip), %edi
        mov     boot_mb_info(%rip), %esi
        xor     %ebp, %ebp
        push    $0              /* stack traces end at a zero return address */
        call    __start_xen
        ud2

        .section .data.boot, "aw", @progbits
        .balign 16
boot_gdt:
        .quad   0
        .quad   0x00af9b000000ffff      /* 0x08: 64-bit code, ring 0 */
        .quad   0x00cf93000000ffff      /* 0x10: flat data */
        .quad   0x00cf9b000000ffff      /* 0x18: 32-bit flat code, ring 0 */
boot_gdt_end:
        .balign 4
        .word   0
boot_gdtr32:
        .word   boot_gdt_end - boot_gdt - 1
        .long   sym_phys(boot_gdt)
        .balign 8
        .word   0, 0, 0
        .globl  boot_gdtr64
boot_gdtr64:
        .word   boot_gdt_end - boot_gdt - 1
        .quad   boot_gdt

        .globl  boot_mb_magic, boot_mb_info, cpu_has_nx
boot_mb_magic:  .long 0
boot_mb_info:   .long 0
cpu_has_nx:     .byte 0

        .section .bss.stack_aligned, "aw", @nobits
        .balign STACK_SIZE
        .globl  cpu0_stack
cpu0_stack:
        .skip   STACK_SIZE

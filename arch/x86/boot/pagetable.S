/* Boot page tables; layout described in asm/boot-pagetable.h. */
#include <asm/config.h>
#include <asm/boot-pagetable.h>

#define PTE_P_RW        0x003
#define PTE_P_RW_PSE    0x083
#define L4_SLOT(va)     (((va) >> 39) & 511)
#define L3_SLOT(va)     (((va) >> 30) & 511)

        .section .data.page_aligned, "aw", @progbits
        .balign PAGE_SIZE
        .globl  idle_pg_table
idle_pg_table:
        .quad   sym_phys(l3_bootident) + PTE_P_RW
        .fill   L4_SLOT(XEN_VIRT_START) - 1, 8, 0
        .quad   sym_phys(l3_bootxen) + PTE_P_RW
        .quad   sym_phys(l3_bootident) + PTE_P_RW       /* DIRECTMAP_VIRT_START */
        .fill   511 - L4_SLOT(DIRECTMAP_VIRT_START), 8, 0

        .globl  l3_bootident
l3_bootident:
        .set    i, 0
        .rept   BOOT_IDENT_GB
        .quad   sym_phys(l2_bootident) + i * PAGE_SIZE + PTE_P_RW
        .set    i, i + 1
        .endr
        .fill   512 - BOOT_IDENT_GB, 8, 0

l3_bootxen:
        .fill   L3_SLOT(XEN_VIRT_START), 8, 0
        .quad   sym_phys(l2_bootxen) + PTE_P_RW
        .fill   511 - L3_SLOT(XEN_VIRT_START), 8, 0

        .globl  l2_bootident
l2_bootident:
        .set    i, 0
        .rept   BOOT_IDENT_GB * 512
        .quad   (i << 21) + PTE_P_RW_PSE
        .set    i, i + 1
        .endr

l2_bootxen:
        .set    i, 0
        .rept   BOOT_IMAGE_L2S
        .quad   XEN_PHYS_START + (i << 21) + PTE_P_RW_PSE
        .set    i, i + 1
        .endr
        .fill   512 - BOOT_IMAGE_L2S, 8, 0

#ifndef ASM_BOOT_PAGETABLE_H
#define ASM_BOOT_PAGETABLE_H
/*
 * The boot page tables (arch/x86/boot/pagetable.S) map:
 *   0 .. 4 GiB                 1:1 with 2 MiB pages (entry code, low memory,
 *                              MMIO such as the LAPIC and IO-APIC);
 *   DIRECTMAP_VIRT_START + 0 .. 4 GiB the same frames;
 *   XEN_VIRT_START .. +16 MiB  the image, from XEN_PHYS_START.
 * setup replaces them by the final tables (NX, no W+X) once memory is known.
 */
#define BOOT_IDENT_GB    4
#define BOOT_IMAGE_L2S   8
#endif

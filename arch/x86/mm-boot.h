#ifndef ARCH_X86_MM_BOOT_H
#define ARCH_X86_MM_BOOT_H

/*
 * The steps of memory_init() (mm.c), private to mm.c, pagetables.c and
 * frametable.c.  Each runs once, on the boot CPU, in this order, with the
 * boot allocator open.
 */
#include <xen/types.h>
#include <asm/config.h>

/* Machine addresses below this have a direct-map address RAM can use. */
#define DIRECTMAP_SIZE  (DIRECTMAP_VIRT_END - DIRECTMAP_VIRT_START)

/*
 * Build the final page tables from boot-allocated pages and make
 * idle_pg_table use them.  @pre: max_page set, bootmem holds RAM.
 * Afterwards all RAM below max_page is in the direct map.
 */
void pagetables_init(void);

/*
 * Back and map the frame table for every frame of the machine map below
 * max_page, and give the heap its descriptors.
 */
void frametable_init(void);

#endif

#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#include <asm/config.h>

#define _PAGE_PRESENT   0x001UL
#define _PAGE_RW        0x002UL
#define _PAGE_USER      0x004UL
#define _PAGE_PWT       0x008UL
#define _PAGE_PCD       0x010UL
#define _PAGE_ACCESSED  0x020UL
#define _PAGE_DIRTY     0x040UL
#define _PAGE_PSE       0x080UL
#define _PAGE_GLOBAL    0x100UL
#define _PAGE_NX        (1UL << 63)

/* Physical addresses have at most PADDR_BITS bits (architectural limit). */
#define PADDR_BITS      52
#define PADDR_MASK      0x000ffffffffff000UL

#define PAGE_HYPERVISOR_RO   (_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_NX)
#define PAGE_HYPERVISOR_RW   (PAGE_HYPERVISOR_RO | _PAGE_RW | _PAGE_DIRTY)
#define PAGE_HYPERVISOR_RX   (_PAGE_PRESENT | _PAGE_ACCESSED)
#define PAGE_HYPERVISOR_UCMINUS (PAGE_HYPERVISOR_RW | _PAGE_PCD)
#define PAGE_HYPERVISOR_UC   (PAGE_HYPERVISOR_RW | _PAGE_PCD | _PAGE_PWT)
#define PAGE_HYPERVISOR      PAGE_HYPERVISOR_RW

#ifndef __ASSEMBLY__
#include <xen/types.h>
typedef uint64_t pgentry_t;
/* The idle (hypervisor) L4, from boot/pagetable.S, used by every CPU. */
extern pgentry_t idle_pg_table[512];
/* Set by boot/head.S when the CPU has NX; _PAGE_NX is only used if so. */
extern uint8_t cpu_has_nx;
#endif

#endif

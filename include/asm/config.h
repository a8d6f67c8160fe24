/*
 * Hypervisor virtual memory layout.  These ranges are Xen's, because 64-bit
 * PV guests (Linux) place themselves around them: everything below lives in
 * the reserved hole 0xffff800000000000 - 0xffff87ffffffffff (L4 slots
 * 256..271), which guests may not map.
 */
#ifndef ASM_CONFIG_H
#define ASM_CONFIG_H

#ifdef __ASSEMBLY__
#define _AC(x, s) x
#else
#define _AC(x, s) x##s
#endif

#define PAGE_SHIFT          12
#define PAGE_SIZE           (_AC(1, UL) << PAGE_SHIFT)
#define PAGE_MASK           (~(PAGE_SIZE - 1))
#define L2_PAGE_SIZE        (_AC(1, UL) << 21)

#define HYPERVISOR_VIRT_START   _AC(0xffff800000000000, UL)
#define HYPERVISOR_VIRT_END     _AC(0xffff880000000000, UL)

/* L4 slot 261: M2P, vmap/ioremap/fixmap, compat M2P, image, frame table. */
#define RO_MPT_VIRT_START       _AC(0xffff800000000000, UL)
#define PERDOMAIN_VIRT_START    _AC(0xffff820000000000, UL)
#define RDWR_MPT_VIRT_START     _AC(0xffff828000000000, UL)
#define RDWR_MPT_VIRT_END       _AC(0xffff82c000000000, UL)
#define VMAP_VIRT_START         _AC(0xffff82c000000000, UL)
#define VMAP_VIRT_END           _AC(0xffff82d000000000, UL)
#define COMPAT_M2P_VIRT_START   _AC(0xffff82d000000000, UL)
#define XEN_VIRT_START          _AC(0xffff82d040000000, UL)
#define XEN_VIRT_END            _AC(0xffff82d080000000, UL)
#define FRAMETABLE_VIRT_START   _AC(0xffff82e000000000, UL)
#define FRAMETABLE_VIRT_END     _AC(0xffff830000000000, UL)
/* L4 slots 262..271: 1:1 map of all machine memory (5 TiB). */
#define DIRECTMAP_VIRT_START    _AC(0xffff830000000000, UL)
#define DIRECTMAP_VIRT_END      _AC(0xffff880000000000, UL)

/* The image is loaded at this machine address; XEN_VIRT_START maps it. */
#define XEN_PHYS_START          _AC(0x200000, UL)

#define STACK_ORDER             3
#define STACK_SIZE              (PAGE_SIZE << STACK_ORDER)
/*
 * Every CPU's stack is STACK_SIZE aligned; its top CPU_INFO_SIZE bytes hold
 * that CPU's struct cpu_info (asm/current.h), found by masking %rsp.
 */
#define CPU_INFO_SIZE           512

#ifndef __ASSEMBLY__
/* Machine address of an image symbol, for code running before paging. */
#define sym_phys(s)   ((unsigned long)(s) - XEN_VIRT_START + XEN_PHYS_START)
#define __va(pa)      ((void *)((unsigned long)(pa) + DIRECTMAP_VIRT_START))
#define __pa(va)      __pa_fn((unsigned long)(va))
static inline unsigned long __pa_fn(unsigned long va)
{
    if ( va >= XEN_VIRT_START && va < XEN_VIRT_END )
        return va - XEN_VIRT_START + XEN_PHYS_START;
    return va - DIRECTMAP_VIRT_START;
}
#else
#define sym_phys(s)   ((s) - XEN_VIRT_START + XEN_PHYS_START)
#endif

#endif

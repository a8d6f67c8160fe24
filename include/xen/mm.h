#ifndef XEN_MM_H
#define XEN_MM_H

#include <xen/types.h>
#include <asm/bootinfo.h>

/*
 * Memory bring-up (arch/x86/mm.c, arch/x86/e820.c, common/bootmem.c,
 * common/page_alloc.c).  After memory_init():
 *  - e820 holds the sanitised machine map (sorted, no overlaps, RAM
 *    page-aligned);
 *  - all RAM is in the direct map (DIRECTMAP_VIRT_START + machine address),
 *    and so is everything below 4 GiB (MMIO of the LAPIC, IO-APIC, ...);
 *  - the image is mapped text RX, rodata R+NX, data/bss RW+NX: no mapping
 *    in the hypervisor's tables is both writable and executable;
 *  - frame_table has one struct page_info per machine frame up to max_page;
 *  - the buddy heap owns every RAM frame not used by the image, the boot
 *    modules, the loader's info block, the boot allocator's allocations and
 *    the first MiB (kept for the AP trampoline and firmware).
 */
void memory_init(struct boot_info *bi);

/* Sanitised memory map, filled by memory_init(). */
extern struct e820entry e820[E820MAX];
extern unsigned int e820_nr;

/* Highest machine frame number + 1. */
extern unsigned long max_page;
extern unsigned long total_pages;       /* RAM frames */

/*
 * Buddy heap (common/page_alloc.c).  Pages come back zeroed from the
 * xenheap: the heap scrubs on allocation, not on free.  NULL on failure.
 * Any context, interrupts included.
 */
void *alloc_xenheap_pages(unsigned int order);
void free_xenheap_pages(void *va, unsigned int order);
static inline void *alloc_xenheap_page(void) { return alloc_xenheap_pages(0); }
static inline void free_xenheap_page(void *va) { free_xenheap_pages(va, 0); }
unsigned long heap_free_pages(void);

/*
 * Domain heap (common/page_alloc.c): 2^order zeroed frames owned by d,
 * each with the allocation reference (PGC_allocated | 1, asm/mm.h), no
 * type, on d's page list and counted in d->tot_pages.  NULL if the heap
 * has no such chunk or d would exceed max_pages.  Not in interrupt
 * context.  free_domheap_pages() takes such a chunk (or a 2^order-aligned
 * part) back once no type reference is left; normally put_page() calls it
 * when the last general reference goes.
 */
struct domain;
struct page_info;
struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order);
void free_domheap_pages(struct page_info *pg, unsigned int order);
/*
 * The same, allowed to go up to 'over' pages beyond max_pages: for a
 * caller about to free at least as many of d's pages (XENMEM_exchange).
 */
struct page_info *alloc_domheap_pages_over(struct domain *d, unsigned int order,
                                           unsigned long over);

/*
 * Boot-time interface used by memory_init(): the heap's frame table covers
 * frames [0, nr_frames), with backed as described in xen/heap.h; then the
 * RAM frames [start_mfn, end_mfn) are given to it.
 */
void heap_setup(unsigned long nr_frames, const unsigned long *backed);
void heap_add_ram(unsigned long start_mfn, unsigned long end_mfn);

/*
 * Simple sized allocation on top of the heap (rounds up to a power of two).
 * xfree() takes only pointers from xzalloc_bytes() (or NULL).
 */
void *xzalloc_bytes(size_t size);
void xfree(void *p);

/*
 * Map nr machine frames at virt in the hypervisor's tables.  flags are the
 * PAGE_HYPERVISOR_* values of asm/page.h.  Returns 0, -EINVAL (range not
 * page-aligned or outside the hypervisor's virtual range) or -ENOMEM (then
 * a prefix may be mapped).  Only this CPU's TLB is flushed: replacing a
 * mapping other CPUs may be using needs a shootdown by the caller.
 */
int map_pages_to_xen(unsigned long virt, unsigned long mfn,
                     unsigned long nr, unsigned long flags);
/*
 * Uncached mapping of device memory (anywhere in the machine's space), or
 * NULL.  Usable once memory_init() has run; not in interrupt context (nor
 * is map_pages_to_xen()).
 */
void *ioremap(paddr_t pa, size_t len);

#endif

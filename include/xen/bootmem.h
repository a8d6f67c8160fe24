#ifndef XEN_BOOTMEM_H
#define XEN_BOOTMEM_H

#include <xen/types.h>

/*
 * Boot allocator (common/bootmem.c): hands out page runs before the heap
 * exists, e.g. page tables and the frame table.  It keeps a sorted list of
 * free, page-aligned, non-touching ranges.  Life cycle:
 *   bootmem_init(); bootmem_add(RAM)...; bootmem_reserve(in use)...;
 *   bootmem_alloc()...; bootmem_handoff(fn)  -> the heap gets what is left.
 * Frame 0 is never free, so 0 can mean "no memory".  The list has room for
 * BOOTMEM_MAX_RANGES ranges; when an add or a reservation would need more,
 * free memory is dropped with a warning, never a reservation.
 * Not locked: only the boot CPU runs while it is open.
 */
#define BOOTMEM_MAX_RANGES  256

void bootmem_init(void);
/* Free [start, end), shrunk to whole pages. */
void bootmem_add(paddr_t start, paddr_t end);
/* Never hand out [start, end), grown to whole pages. */
void bootmem_reserve(paddr_t start, paddr_t end);
/*
 * nr_pages contiguous pages aligned to align_pages (a power of two), ending
 * at or below limit: the highest such run.  Returns the machine address or
 * 0 if there is none.  The memory is not cleared.
 */
paddr_t bootmem_alloc(unsigned long nr_pages, unsigned long align_pages,
                      paddr_t limit);
/* Pages currently free. */
unsigned long bootmem_free_pages(void);
/* True between bootmem_init() and bootmem_handoff(). */
bool bootmem_active(void);
/* Pass every free range to fn, lowest first, then close the allocator. */
void bootmem_handoff(void (*fn)(paddr_t start, paddr_t end));

#endif

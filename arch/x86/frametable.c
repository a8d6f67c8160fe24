/*
 * The frame table (asm/mm.h) at FRAMETABLE_VIRT_START.  Only its pages
 * that describe frames of the machine map are backed: holes between RAM
 * ranges (the MMIO hole below 4 GiB, say) cost no memory.  ft_backed has a
 * bit per frame-table page saying whether it is; mfn_valid() reads it.
 */
#include <xen/lib.h>
#include <xen/bitmap.h>
#include <xen/bootmem.h>
#include <xen/mm.h>
#include <asm/mm.h>
#include <asm/page.h>
#include "mm-boot.h"

/* Frame-table pages one 2 MiB mapping covers. */
#define FT_CHUNK   (L2_PAGE_SIZE / PAGE_SIZE)
#define DIV_UP(x, y) (((x) + (y) - 1) / (y))

static unsigned long *ft_backed;

static paddr_t boot_alloc(unsigned long nr, unsigned long align)
{
    return bootmem_alloc(nr, align, (paddr_t)max_page << PAGE_SHIFT);
}

/* Back frame-table pages [first, last), in 2 MiB-aligned runs if possible. */
static void back_pages(unsigned long first, unsigned long last)
{
    while ( first < last )
    {
        unsigned long n, i, va = FRAMETABLE_VIRT_START + first * PAGE_SIZE;
        paddr_t pa;

        if ( test_bit(first, ft_backed) )
        {
            first++;
            continue;
        }
        n = min(last - first, FT_CHUNK - (first & (FT_CHUNK - 1)));
        for ( i = 1; i < n && !test_bit(first + i, ft_backed); i++ )
            ;
        n = i;
        pa = boot_alloc(n, n == FT_CHUNK ? FT_CHUNK : 1);
        if ( !pa )
        {
            n = 1;
            pa = boot_alloc(1, 1);
        }
        if ( !pa || map_pages_to_xen(va, pa >> PAGE_SHIFT, n, PAGE_HYPERVISOR_RW) )
            panic("not enough memory for the frame table");
        memset((void *)va, 0, n * PAGE_SIZE);
        for ( i = 0; i < n; i++ )
            __set_bit(first + i, ft_backed);
        first += n;
    }
}

void frametable_init(void)
{
    unsigned long nr_pages = DIV_UP(max_page, PAGE_INFO_PER_PAGE);
    unsigned long map_bytes = BITS_TO_LONGS(nr_pages) * sizeof(long);
    paddr_t pa;
    unsigned int i;

    BUILD_BUG_ON(PAGE_SIZE % sizeof(struct page_info));
    BUG_ON(nr_pages * PAGE_SIZE > FRAMETABLE_VIRT_END - FRAMETABLE_VIRT_START);

    pa = boot_alloc(DIV_UP(map_bytes, PAGE_SIZE), 1);
    if ( !pa )
        panic("no memory for the frame table bitmap");
    ft_backed = __va(pa);
    memset(ft_backed, 0, map_bytes);

    for ( i = 0; i < e820_nr; i++ )
    {
        unsigned long s = e820[i].addr >> PAGE_SHIFT;
        unsigned long e = min(DIV_UP(e820[i].addr + e820[i].size, PAGE_SIZE),
                              max_page);

        if ( s < e )
            back_pages(s / PAGE_INFO_PER_PAGE, DIV_UP(e, PAGE_INFO_PER_PAGE));
    }
    heap_setup(max_page, ft_backed);
}

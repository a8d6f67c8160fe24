/*
 * memory_init(): from the loader's memory map to a running heap.
 *   1. sanitise the map (e820.c);
 *   2. open the boot allocator on its RAM minus everything still in use:
 *      the first MiB, the image, the loader's info block, the modules and
 *      the strings we keep pointers to;
 *   3. build and switch to the final page tables (pagetables.c);
 *   4. back the frame table (frametable.c);
 *   5. give whatever the boot allocator has left to the heap.
 */
#include <xen/lib.h>
#include <xen/bootmem.h>
#include <xen/mm.h>
#include <asm/e820.h>
#include <asm/mm.h>
#include "mm-boot.h"

#define LOW_1MB          0x100000UL
#define LOW_4GB          0x100000000UL
/* A loader string longer than this is cut here. */
#define MAX_LOADER_STRING 0x10000UL

extern const char _end[];

unsigned long max_page;
unsigned long total_pages;

/* max_page and total_pages from the map, ignoring RAM beyond the direct map. */
static void scan_ram(void)
{
    unsigned int i;

    for ( i = 0; i < e820_nr; i++ )
    {
        paddr_t s = e820[i].addr, e = s + e820[i].size;

        if ( e820[i].type != E820_RAM )
            continue;
        if ( e > DIRECTMAP_SIZE )
        {
            printk(XENLOG_WARNING "RAM above %#lx ignored: beyond the direct map\n",
                   (unsigned long)DIRECTMAP_SIZE);
            e = DIRECTMAP_SIZE;
        }
        if ( s >= e )
            continue;
        total_pages += (e - s) >> PAGE_SHIFT;
        max_page = max(max_page, (unsigned long)(e >> PAGE_SHIFT));
    }
    if ( !total_pages )
        panic("no usable RAM in the memory map");
}

/*
 * Keep a string the loader left in its own memory (a direct-map pointer
 * below 4 GiB; strings in the image need nothing).  An overlong or
 * unterminated one is cut, so that readers stop inside what is kept.
 */
static void reserve_string(const char *str)
{
    unsigned long va = (unsigned long)str;
    paddr_t pa;
    size_t len, limit;

    if ( va < DIRECTMAP_VIRT_START || va >= DIRECTMAP_VIRT_START + LOW_4GB )
        return;
    pa = va - DIRECTMAP_VIRT_START;
    limit = min(MAX_LOADER_STRING, LOW_4GB - pa - 1);
    len = strnlen(str, limit);
    if ( len == limit )
    {
        printk(XENLOG_WARNING "Loader string at %#lx longer than %#lx, cut\n",
               (unsigned long)pa, (unsigned long)limit);
        ((char *)str)[len] = '\0';
    }
    bootmem_reserve(pa, pa + len + 1);
}

/* [start, start + size), saturating, so that no loader value can wrap it. */
static void reserve_sized(paddr_t start, paddr_t size)
{
    bootmem_reserve(start, size > ~(paddr_t)0 - start ? ~(paddr_t)0 : start + size);
}

static void reserve_boot_data(const struct boot_info *bi)
{
    unsigned int i;

    bootmem_reserve(0, LOW_1MB);
    bootmem_reserve(XEN_PHYS_START, __pa(_end));
    /* A block said to end before it starts wrapped: keep up to 4 GiB. */
    bootmem_reserve(bi->mbi_start,
                    bi->mbi_end >= bi->mbi_start ? bi->mbi_end : LOW_4GB);
    reserve_string(bi->cmdline);
    reserve_string(bi->loader_name);
    for ( i = 0; i < min(bi->nr_modules, (unsigned int)MAX_BOOT_MODULES); i++ )
    {
        const struct boot_module *m = &bi->modules[i];

        reserve_sized(m->start, m->size);
        reserve_string(m->cmdline);
    }
}

static void give_to_heap(paddr_t start, paddr_t end)
{
    heap_add_ram(start >> PAGE_SHIFT, end >> PAGE_SHIFT);
}

void memory_init(struct boot_info *bi)
{
    unsigned int i;

    e820_init(bi);
    scan_ram();

    bootmem_init();
    for ( i = 0; i < e820_nr; i++ )
        if ( e820[i].type == E820_RAM )
            bootmem_add(e820[i].addr,
                        min((paddr_t)(e820[i].addr + e820[i].size),
                            (paddr_t)max_page << PAGE_SHIFT));
    reserve_boot_data(bi);

    pagetables_init();
    frametable_init();
    bootmem_handoff(give_to_heap);

    printk("RAM: %lu MiB (%lu pages), max_page %#lx; heap: %lu MiB free (%lu pages)\n",
           total_pages >> (20 - PAGE_SHIFT), total_pages, max_page,
           heap_free_pages() >> (20 - PAGE_SHIFT), heap_free_pages());
}

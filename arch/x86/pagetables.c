/*
 * The hypervisor's own page tables: building the final ones at boot and
 * changing them later (map_pages_to_xen).
 *
 * Final layout of idle_pg_table:
 *   slot 0         0 .. 4 GiB identity: the first MiB read-only and
 *                  executable (real-mode and trampoline code), the rest
 *                  RW+NX;
 *   slot 261       the image at XEN_VIRT_START (text RX, rodata RO+NX,
 *                  data and BSS RW+NX; the sections are page-aligned, so
 *                  no page mixes two of them), and later the frame table
 *                  and ioremap() mappings;
 *   slots 262..271 the direct map, RW+NX: 0 .. 4 GiB and all RAM.
 * No leaf is both writable and executable (when the CPU has NX; without
 * it nothing can be non-executable).  No leaf is global or user-accessible.
 * Slot 261 always has its L3 table, so mappings added later change no L4
 * entry, and L4 copies taken by other tables stay complete.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/bootmem.h>
#include <xen/mm.h>
#include <xen/spinlock.h>
#include <asm/boot-pagetable.h>
#include <asm/cpuid.h>
#include <asm/page.h>
#include <asm/processor.h>
#include "mm-boot.h"

#define LEVEL_SHIFT(l)   (PAGE_SHIFT + 9 * ((l) - 1))
#define LEVEL_PAGES(l)   (1UL << (LEVEL_SHIFT(l) - PAGE_SHIFT))
#define LEVEL_INDEX(va, l) (((va) >> LEVEL_SHIFT(l)) & 511)
#define TABLE_FLAGS      (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define LOW_1MB          0x100000UL
#define LOW_4GB          0x100000000UL

extern const char _stext[], _srodata[], _sdata[], __bss_end[];

static bool has_page1gb;
/*
 * Page-table pages must be reachable through the direct map as it is when
 * they are written: the boot tables only map the low BOOT_IDENT_GB.
 */
static paddr_t directmap_end = (paddr_t)BOOT_IDENT_GB << 30;
static DEFINE_SPINLOCK(map_lock);

/* No mapping of ours is global, so reloading CR3 flushes them all. */
static void flush_tlb_local(void)
{
    __asm__ __volatile__("mov %0, %%cr3" :: "r" (read_cr3()) : "memory");
}

/* A zeroed page for a page table: boot allocator while open, else heap. */
static pgentry_t *alloc_pt_page(void)
{
    paddr_t pa;

    if ( !bootmem_active() )
        return alloc_xenheap_page();
    pa = bootmem_alloc(1, 1, directmap_end);
    if ( !pa )
        return NULL;
    memset(__va(pa), 0, PAGE_SIZE);
    return __va(pa);
}

static bool superpage_ok(unsigned int level)
{
    return level == 2 || (level == 3 && has_page1gb);
}

/*
 * Replace the superpage *e at level by a table of level - 1 entries that
 * map the same frames with the same rights.
 */
static int shatter(pgentry_t *e, unsigned int level)
{
    pgentry_t *t = alloc_pt_page(), old = *e;
    /* The base address bits exclude the superpage PAT bit (bit 12). */
    paddr_t base = old & PADDR_MASK & ~((LEVEL_PAGES(level) << PAGE_SHIFT) - 1);
    unsigned long flags = old & ~PADDR_MASK;
    unsigned int i;

    if ( !t )
        return -ENOMEM;
    /* Bit 7 is PSE above level 1 but PAT in a level-1 entry. */
    if ( level == 2 )
        flags &= ~_PAGE_PSE;
    for ( i = 0; i < 512; i++ )
        t[i] = (base + ((paddr_t)i << LEVEL_SHIFT(level - 1))) | flags;
    *e = __pa(t) | TABLE_FLAGS;
    return 0;
}

/*
 * Map [virt, virt + nr pages) to frames from mfn under l4, with the
 * largest pages alignment and the CPU allow, but never a superpage over an
 * existing table (it descends into it instead, so no table is orphaned).
 * *changed is set if a present entry was replaced.  On -ENOMEM a prefix of
 * the range may be mapped.
 */
static int map_pages(pgentry_t *l4, unsigned long virt, unsigned long mfn,
                     unsigned long nr, unsigned long flags, bool *changed)
{
    ASSERT(!(flags & (_PAGE_PSE | _PAGE_USER | _PAGE_GLOBAL | PADDR_MASK)));
    if ( !cpu_has_nx )
        flags &= ~_PAGE_NX;

    while ( nr )
    {
        pgentry_t *t = l4;
        unsigned int level;

        for ( level = 4; ; level-- )
        {
            pgentry_t *e = &t[LEVEL_INDEX(virt, level)];
            unsigned long pages = LEVEL_PAGES(level);

            if ( level == 1 ||
                 (superpage_ok(level) && nr >= pages &&
                  !(((virt >> PAGE_SHIFT) | mfn) & (pages - 1)) &&
                  !((*e & _PAGE_PRESENT) && !(*e & _PAGE_PSE))) )
            {
                if ( *e & _PAGE_PRESENT )
                    *changed = true;
                *e = ((paddr_t)mfn << PAGE_SHIFT) | flags |
                     (level > 1 ? _PAGE_PSE : 0);
                virt += pages << PAGE_SHIFT;
                mfn += pages;
                nr -= pages;
                break;
            }
            if ( !(*e & _PAGE_PRESENT) )
            {
                pgentry_t *n = alloc_pt_page();

                if ( !n )
                    return -ENOMEM;
                *e = __pa(n) | TABLE_FLAGS;
            }
            else if ( *e & _PAGE_PSE )
            {
                if ( shatter(e, level) )
                    return -ENOMEM;
                *changed = true;
            }
            t = __va(*e & PADDR_MASK);
        }
    }
    return 0;
}

int map_pages_to_xen(unsigned long virt, unsigned long mfn,
                     unsigned long nr, unsigned long flags)
{
    bool changed = false;
    int rc;

    if ( !IS_ALIGNED(virt, PAGE_SIZE) || virt < HYPERVISOR_VIRT_START ||
         nr > (HYPERVISOR_VIRT_END - virt) >> PAGE_SHIFT ||
         mfn >= (1UL << (PADDR_BITS - PAGE_SHIFT)) ||
         nr > (1UL << (PADDR_BITS - PAGE_SHIFT)) - mfn )
        return -EINVAL;

    spin_lock(&map_lock);
    rc = map_pages(idle_pg_table, virt, mfn, nr, flags, &changed);
    if ( changed )
        flush_tlb_local();
    spin_unlock(&map_lock);
    return rc;
}

static void boot_map(pgentry_t *l4, unsigned long virt, paddr_t pa,
                     paddr_t len, unsigned long flags)
{
    bool changed = false;

    if ( map_pages(l4, virt, pa >> PAGE_SHIFT, len >> PAGE_SHIFT, flags,
                   &changed) )
        panic("out of boot memory building page tables (%#lx)", virt);
}

/* Leaves under table t (of level) that are both writable and executable. */
static unsigned long count_wx(const pgentry_t *t, unsigned int level)
{
    unsigned long n = 0;
    unsigned int i;

    for ( i = 0; i < 512; i++ )
    {
        pgentry_t e = t[i];

        if ( !(e & _PAGE_PRESENT) )
            continue;
        if ( level > 1 && (level == 4 || !(e & _PAGE_PSE)) )
            n += count_wx(__va(e & PADDR_MASK), level - 1);
        else if ( (e & _PAGE_RW) && !(e & _PAGE_NX) )
            n++;
    }
    return n;
}

static bool cpu_has_page1gb(void)
{
    return cpuid(0x80000000).a >= 0x80000001 &&
           (cpuid(0x80000001).d & (1u << 26));
}

void pagetables_init(void)
{
    pgentry_t *l4;
    paddr_t ram_end = (paddr_t)max_page << PAGE_SHIFT;
    unsigned int i;

    BUG_ON((unsigned long)_stext != XEN_VIRT_START ||
           !IS_ALIGNED((unsigned long)_srodata, PAGE_SIZE) ||
           !IS_ALIGNED((unsigned long)_sdata, PAGE_SIZE) ||
           !IS_ALIGNED((unsigned long)__bss_end, PAGE_SIZE));
    has_page1gb = cpu_has_page1gb();
    l4 = alloc_pt_page();
    if ( !l4 )
        panic("no boot memory for the page tables");

    boot_map(l4, 0, 0, LOW_1MB, PAGE_HYPERVISOR_RX);
    boot_map(l4, LOW_1MB, LOW_1MB, LOW_4GB - LOW_1MB, PAGE_HYPERVISOR_RW);

    boot_map(l4, DIRECTMAP_VIRT_START, 0, LOW_4GB, PAGE_HYPERVISOR_RW);
    for ( i = 0; i < e820_nr; i++ )
    {
        paddr_t s = max((paddr_t)e820[i].addr, (paddr_t)LOW_4GB);
        paddr_t e = min((paddr_t)(e820[i].addr + e820[i].size), ram_end);

        if ( e820[i].type == E820_RAM && s < e )
            boot_map(l4, DIRECTMAP_VIRT_START + s, s, e - s, PAGE_HYPERVISOR_RW);
    }

    boot_map(l4, XEN_VIRT_START, __pa(_stext),
             _srodata - _stext, PAGE_HYPERVISOR_RX);
    boot_map(l4, (unsigned long)_srodata, __pa(_srodata),
             _sdata - _srodata, PAGE_HYPERVISOR_RO);
    boot_map(l4, (unsigned long)_sdata, __pa(_sdata),
             __bss_end - _sdata, PAGE_HYPERVISOR_RW);

    /*
     * Each new slot maps everything in use (this code, its stack, the
     * direct map) as the old one did, so the switch can go slot by slot.
     */
    for ( i = 0; i < 512; i++ )
        idle_pg_table[i] = l4[i];
    flush_tlb_local();
    /* The rule is cheap to check and a regression would be silent. */
    if ( cpu_has_nx && count_wx(idle_pg_table, 4) )
        panic("page tables have writable and executable mappings");
    directmap_end = ram_end;
    bootmem_add(__pa(l4), __pa(l4) + PAGE_SIZE);

    printk("Page tables: image text RX, rodata RO, data RW%s; %s direct map pages\n",
           cpu_has_nx ? "+NX" : " (no NX on this CPU)",
           has_page1gb ? "1 GiB" : "2 MiB");
}

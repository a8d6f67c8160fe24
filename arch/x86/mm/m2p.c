/*
 * The machine-to-phys table (M2P): one unsigned long per machine frame,
 * the pseudo-physical frame number its owner uses for it (or
 * INVALID_M2P_ENTRY).  PV guests read it, and keep it right for their own
 * pages with MMU_MACHPHYS_UPDATE.
 *
 * It is mapped twice, onto the same pages:
 *   RDWR_MPT_VIRT_START  read-write, supervisor only (L3 entries 0..255 of
 *                        L4 slot 261, which has no _PAGE_USER): the
 *                        hypervisor writes through this view;
 *   RO_MPT_VIRT_START    read-only, user-accessible (L4 slot 256, its own
 *                        L3 page whose entries point at the same L2 tables
 *                        without _PAGE_RW): every PV guest's L4 gets this
 *                        slot (pv/pt_validate.c), at MACH2PHYS_VIRT_START.
 * Access rights are the AND of all levels, so the L2 and L1 entries below
 * carry both _PAGE_RW and _PAGE_USER and each view's L3/L4 entries decide.
 * These are the only user-accessible mappings of hypervisor memory.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <public/xen.h>

#define L4_INDEX(va)    (((va) >> 39) & 511)
#define L3_INDEX(va)    (((va) >> 30) & 511)
#define L2_INDEX(va)    (((va) >> 21) & 511)
#define DIV_UP(x, y)    (((x) + (y) - 1) / (y))
#define L2_PAGE_ORDER   9

#define M2P_TABLE_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)

unsigned long m2p_nr_entries;

static pgentry_t nx_flag(void)
{
    return cpu_has_nx ? _PAGE_NX : 0;
}

/* An L1 table of single pages for one 2 MiB piece, when no 2 MiB chunk is free. */
static pgentry_t m2p_small_pages(void)
{
    pgentry_t *l1 = alloc_xenheap_page();
    unsigned int i;

    if ( !l1 )
        return 0;
    for ( i = 0; i < 512; i++ )
    {
        void *pg = alloc_xenheap_page();

        if ( !pg )
            return 0;
        memset(pg, 0xff, PAGE_SIZE);
        l1[i] = __pa(pg) | M2P_TABLE_FLAGS | nx_flag();
    }
    return __pa(l1) | M2P_TABLE_FLAGS;
}

void m2p_init(void)
{
    pgentry_t *rw_l3 = __va(idle_pg_table[L4_INDEX(RDWR_MPT_VIRT_START)] & PADDR_MASK);
    pgentry_t *ro_l3 = alloc_xenheap_page();
    unsigned long bytes = max_page * sizeof(unsigned long), i;

    BUILD_BUG_ON(RO_MPT_VIRT_START != MACH2PHYS_VIRT_START);
    BUILD_BUG_ON(L2_PAGE_SIZE != PAGE_SIZE << L2_PAGE_ORDER);
    BUILD_BUG_ON(L3_INDEX(RDWR_MPT_VIRT_START) != 0 ||
                 L4_INDEX(RDWR_MPT_VIRT_START) != L4_INDEX(RDWR_MPT_VIRT_END - 1));
    BUILD_BUG_ON(MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START >
                 RDWR_MPT_VIRT_END - RDWR_MPT_VIRT_START);
    BUG_ON(!(idle_pg_table[L4_INDEX(RDWR_MPT_VIRT_START)] & _PAGE_PRESENT));
    if ( !ro_l3 || bytes > MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START )
        panic("cannot set up the M2P for %#lx frames", max_page);

    for ( i = 0; i < DIV_UP(bytes, L2_PAGE_SIZE); i++ )
    {
        unsigned long va = RDWR_MPT_VIRT_START + i * L2_PAGE_SIZE;
        pgentry_t *l2, e;
        void *chunk;

        if ( !(rw_l3[L3_INDEX(va)] & _PAGE_PRESENT) )
        {
            l2 = alloc_xenheap_page();
            if ( !l2 )
                panic("no memory for the M2P");
            rw_l3[L3_INDEX(va)] = __pa(l2) | M2P_TABLE_FLAGS;
            ro_l3[L3_INDEX(va)] = __pa(l2) | _PAGE_PRESENT | _PAGE_USER |
                                  _PAGE_ACCESSED | nx_flag();
        }
        l2 = __va(rw_l3[L3_INDEX(va)] & PADDR_MASK);

        chunk = alloc_xenheap_pages(L2_PAGE_ORDER);
        if ( chunk )
        {
            memset(chunk, 0xff, L2_PAGE_SIZE);      /* INVALID_M2P_ENTRY */
            e = __pa(chunk) | M2P_TABLE_FLAGS | _PAGE_PSE | nx_flag();
        }
        else if ( !(e = m2p_small_pages()) )
            panic("no memory for the M2P");
        l2[L2_INDEX(va)] = e;
    }

    idle_pg_table[L4_INDEX(RO_MPT_VIRT_START)] =
        __pa(ro_l3) | _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED;
    /* Only new entries: nothing stale can be in the TLB. */
    m2p_nr_entries = max_page;
    printk("M2P: %lu entries (%lu KiB) at %#lx, guests read it at %#lx\n",
           max_page, bytes >> 10, RDWR_MPT_VIRT_START, RO_MPT_VIRT_START);
}

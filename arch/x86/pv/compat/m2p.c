/*
 * The M2P as 32-bit PV guests see it: 4-byte entries (machine frame ->
 * pseudo-physical frame), read-only at MACH2PHYS_VIRT_START of the PAE
 * ABI (0xF5800000, the start of the hypervisor's hole), 16 MiB long, so
 * it covers the first 4M machine frames (16 GiB); frames above have no
 * entry for 32-bit guests, as in Xen.
 *
 * Kept beside the 64-bit M2P by set_gpfn_from_mfn() (asm/mm.h), which
 * writes both.  Its pages are hypervisor pages written through the
 * direct map; guests see them through L1 tables of the hypervisor's own,
 * which every 32-bit guest's slot-3 L2 (the one covering the hole,
 * PGT_pae_xen_l2) gets in its entries 428.. (compat_l2_xen_slots), with
 * no write permission at that level.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/pv-compat.h>

#define ENTRIES_PER_PAGE    (PAGE_SIZE / sizeof(uint32_t))
#define M2P_WINDOW          (COMPAT_M2P_VIRT_END - HYPERVISOR_COMPAT_VIRT_START)
#define MAX_PAGES           (M2P_WINDOW / PAGE_SIZE)
#define MAX_L1S             (M2P_WINDOW >> 21)
/* Read-only and user-readable at the L2: the AND of the levels decides. */
#define XEN_L2E_FLAGS       (_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)
#define DATA_L1E_FLAGS      (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | \
                             _PAGE_ACCESSED | _PAGE_DIRTY)

unsigned long compat_m2p_nr_entries;
static uint32_t *m2p_pages[MAX_PAGES];
static uint64_t xen_l2e[MAX_L1S];

void compat_m2p_init(void)
{
    unsigned long entries = min(max_page, MAX_PAGES * ENTRIES_PER_PAGE);
    unsigned long pages = (entries + ENTRIES_PER_PAGE - 1) / ENTRIES_PER_PAGE, i;
    uint64_t *l1 = NULL;

    BUILD_BUG_ON(HYPERVISOR_COMPAT_VIRT_START != 0xf5800000UL);
    for ( i = 0; i < pages; i++ )
    {
        if ( i % 512 == 0 )
        {
            l1 = alloc_xenheap_page();
            if ( !l1 )
                panic("no memory for the 32-bit guests' M2P");
            memset(l1, 0, PAGE_SIZE);
            xen_l2e[i / 512] = __pa(l1) | XEN_L2E_FLAGS;
        }
        m2p_pages[i] = alloc_xenheap_page();
        if ( !m2p_pages[i] )
            panic("no memory for the 32-bit guests' M2P");
        memset(m2p_pages[i], 0xff, PAGE_SIZE);      /* all invalid */
        l1[i % 512] = __pa(m2p_pages[i]) | DATA_L1E_FLAGS |
                      (cpu_has_nx ? _PAGE_NX : 0);
    }
    compat_m2p_nr_entries = entries;
    printk("compat M2P: %lu entries (%lu KiB), 32-bit guests read it at %#lx\n",
           entries, pages * PAGE_SIZE >> 10, HYPERVISOR_COMPAT_VIRT_START);
}

void compat_m2p_set(unsigned long mfn, unsigned long pfn)
{
    m2p_pages[mfn / ENTRIES_PER_PAGE][mfn % ENTRIES_PER_PAGE] = pfn;
}

bool compat_m2p_chunk_mfn(unsigned int i, unsigned long *mfn)
{
    unsigned long pages = (compat_m2p_nr_entries + ENTRIES_PER_PAGE - 1) /
                          ENTRIES_PER_PAGE;

    if ( (unsigned long)i * 512 >= pages )
        return false;
    *mfn = __pa(m2p_pages[i * 512]) >> PAGE_SHIFT;
    return true;
}

void compat_l2_xen_slots(uint64_t *l2)
{
    unsigned int i;

    for ( i = COMPAT_L2_FIRST_XEN_SLOT; i < 512; i++ )
        l2[i] = i - COMPAT_L2_FIRST_XEN_SLOT < MAX_L1S
                ? xen_l2e[i - COMPAT_L2_FIRST_XEN_SLOT] : 0;
}

/*
 * Memory helpers: frame-number translation, a page heap, page-table walks.
 *
 * The domain builder maps our whole initial region one to one with
 * pseudo-physical frames (pfn_to_virt), and gives us the P2M list
 * (start_info.mfn_list); the hypervisor's read-only M2P table gives the
 * way back.  Together they turn any machine address found in a page-table
 * entry into a virtual address, as long as the frame is in our region,
 * which holds for every table we walk: the builder's and our own.
 */
#include "guest.h"

/* 8 MiB of bss: big enough for a 100,000-entry mmu_update batch. */
#define HEAP_PAGES  2048
static uint8_t heap[HEAP_PAGES][PAGE_SIZE] __aligned(PAGE_SIZE);
static unsigned int heap_used;

xen_pfn_t pfn_to_mfn(unsigned long pfn)
{
    return ((const xen_pfn_t *)start_info->mfn_list)[pfn];
}

unsigned long mfn_to_pfn(xen_pfn_t mfn)
{
    return machine_to_phys_mapping[mfn];
}

xen_pfn_t virt_to_mfn(const void *va)
{
    return pfn_to_mfn(virt_to_pfn(va));
}

uint64_t virt_to_maddr(const void *va)
{
    return ((uint64_t)virt_to_mfn(va) << PAGE_SHIFT) |
           ((unsigned long)va & (PAGE_SIZE - 1));
}

void *mfn_to_virt(xen_pfn_t mfn)
{
    return pfn_to_virt(mfn_to_pfn(mfn));
}

void *pages_alloc(unsigned int n)
{
    void *p;

    if ( n > HEAP_PAGES - heap_used )
        test_fail("page heap exhausted (%u of %u used, %u wanted)",
                  heap_used, HEAP_PAGES, n);
    p = heap[heap_used];
    heap_used += n;
    /* The bss came zeroed, and pages are never handed out twice. */
    return p;
}

void *page_alloc(void)
{
    return pages_alloc(1);
}

xen_pfn_t top_table_mfn(void)
{
    return virt_to_mfn((void *)start_info->pt_base);
}

/* Index of 'va' in its table at 'level'. */
static unsigned int pt_index(unsigned long va, unsigned int level)
{
    return (va >> (PAGE_SHIFT + 9 * (level - 1))) & (PT_ENTRIES - 1);
}

uint64_t pte_maddr(unsigned long va, unsigned int level)
{
    const pgentry_t *table = mfn_to_virt(top_table_mfn());
    unsigned int l;
    pgentry_t e;

    for ( l = PT_LEVELS; l > level; l-- )
    {
        e = table[pt_index(va, l)];
        if ( !(e & _PAGE_PRESENT) || (e & _PAGE_PSE) )
            return 0;
        table = mfn_to_virt(PTE_MFN(e));
    }
    return virt_to_maddr(&table[pt_index(va, level)]);
}

pgentry_t pte_read(unsigned long va, unsigned int level)
{
    uint64_t ma = pte_maddr(va, level);
    const pgentry_t *table;

    if ( !ma )
        return 0;
    table = mfn_to_virt(ma >> PAGE_SHIFT);
    return table[(ma & (PAGE_SIZE - 1)) / sizeof(pgentry_t)];
}

int set_pte(unsigned long va, pgentry_t val)
{
    return HYPERVISOR_update_va_mapping(va, val, UVMF_INVLPG | UVMF_LOCAL);
}

void make_readonly(void *va)
{
    int rc = set_pte((unsigned long)va, virt_to_maddr(va) | PTE_RO);

    if ( rc )
        test_fail("cannot make %p read-only: %d", va, rc);
}

void make_writable(void *va)
{
    int rc = set_pte((unsigned long)va, virt_to_maddr(va) | PTE_RW);

    if ( rc )
        test_fail("cannot make %p writable: %d", va, rc);
}

void image_user_access(bool on)
{
    extern char _end[];
    static struct mmu_update req[256];
    unsigned long va, last_l2 = ~0UL;
    unsigned int n = 0, level;
    long rc = 0;

    for ( va = VIRT_BASE; va < (unsigned long)_end && !rc; va += PAGE_SIZE )
        for ( level = 2; level >= 1 && !rc; level-- )
        {
            pgentry_t e = pte_read(va, level);

            /* An L2 entry maps 2 MiB: once for all its pages. */
            if ( level == 2 && va >> 21 == last_l2 )
                continue;
            if ( level == 2 )
                last_l2 = va >> 21;
            req[n].ptr = pte_maddr(va, level) | MMU_NORMAL_PT_UPDATE;
            req[n].val = on ? e | _PAGE_USER : e & ~_PAGE_USER;
            if ( ++n == ARRAY_SIZE(req) )
            {
                rc = HYPERVISOR_mmu_update(req, n, NULL, DOMID_SELF);
                n = 0;
            }
        }
    if ( !rc && n )
        rc = HYPERVISOR_mmu_update(req, n, NULL, DOMID_SELF);
    if ( !rc )
        rc = HYPERVISOR_mmuext_op(&(struct mmuext_op){
                 .cmd = MMUEXT_TLB_FLUSH_LOCAL }, 1, NULL, DOMID_SELF);
    if ( rc )
        test_fail("cannot change the user bit of our image: %ld", rc);
}

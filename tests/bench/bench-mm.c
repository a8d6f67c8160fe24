/*
 * Page-table updates: a 512-entry mmu_update batch rewriting a whole L1
 * table, and a single update_va_mapping.  Each sample flips the mappings
 * between read-only and writable, so that every entry is revalidated
 * rather than taking a "nothing changed" shortcut.
 */
#include "guest.h"

#define REPEATS     200
#define L1_SPAN     (PT_ENTRIES * PAGE_SIZE)

GUEST_BENCH(mmu_update_512)
{
    /* Enough heap to hold one whole L1 table's span, aligned. */
    uint8_t *pages = pages_alloc(2 * PT_ENTRIES);
    unsigned long base = ((unsigned long)pages + L1_SPAN - 1) & ~(L1_SPAN - 1);
    struct mmu_update *reqs = pages_alloc(PT_ENTRIES * sizeof(*reqs) /
                                          PAGE_SIZE);
    struct mmuext_op flush = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };
    unsigned int i, r, done;
    uint64_t t0;

    for ( i = 0; i < PT_ENTRIES; i++ )
    {
        void *va = (void *)(base + i * PAGE_SIZE);

        reqs[i].ptr = pte_maddr((unsigned long)va, 1) | MMU_NORMAL_PT_UPDATE;
        CHECK(reqs[i].ptr & PTE_ADDR_MASK);
        reqs[i].val = virt_to_maddr(va);
    }
    for ( r = 0; r < REPEATS + 1; r++ )
    {
        for ( i = 0; i < PT_ENTRIES; i++ )
            reqs[i].val = (reqs[i].val & PTE_ADDR_MASK) |
                          ((r & 1) ? PTE_RO : PTE_RW);
        t0 = rdtsc_ordered();
        CHECK_EQ(HYPERVISOR_mmu_update(reqs, PT_ENTRIES, &done, DOMID_SELF),
                 0);
        /* The first round warms up; its sample is dropped. */
        if ( r )
            bench_sample(rdtsc_ordered() - t0);
        CHECK_EQ(done, PT_ENTRIES);
    }
    /* The last round (r == REPEATS, even) left them writable. */
    CHECK_EQ(HYPERVISOR_mmuext_op(&flush, 1, NULL, DOMID_SELF), 0);
    CHECK_EQ(probe_write(pages + PAGE_SIZE * PT_ENTRIES, 1), -1);
}

GUEST_BENCH(update_va_mapping)
{
    uint8_t *p = page_alloc();
    uint64_t ma = virt_to_maddr(p), t0;
    unsigned int r;

    for ( r = 0; r < REPEATS; r++ )
    {
        t0 = rdtsc_ordered();
        CHECK_EQ(HYPERVISOR_update_va_mapping((unsigned long)p,
                                              ma | ((r & 1) ? PTE_RW : PTE_RO),
                                              UVMF_INVLPG | UVMF_LOCAL), 0);
        bench_sample(rdtsc_ordered() - t0);
    }
    make_writable(p);
}

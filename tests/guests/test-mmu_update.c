/*
 * mmu_update: normal page-table updates (with and without preserving the
 * A/D bits) and M2P updates; refusals for writable mappings of page
 * tables (-EBUSY), the hypervisor's L4 slots and frames (-EINVAL),
 * unknown domains and bad pointers; a 100,000-entry batch that the
 * hypervisor preempts (we see upcalls inside the call) and completes.
 */
#include "guest.h"

#define BIG_BATCH   100000

static long mmu(uint64_t ptr, uint64_t val, unsigned int *done)
{
    struct mmu_update req = { .ptr = ptr, .val = val };

    return HYPERVISOR_mmu_update(&req, 1, done, DOMID_SELF);
}

static void invlpg(const volatile void *va)
{
    struct mmuext_op op = { .cmd = MMUEXT_INVLPG_LOCAL,
                            .arg1.linear_addr = (unsigned long)va };

    CHECK_EQ(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
}

static volatile unsigned int preempted_upcalls;

static void tick(evtchn_port_t port, struct trap_frame *f)
{
    (void)port;
    if ( frame_ip(f) >= (unsigned long)hypercall_page &&
         frame_ip(f) < (unsigned long)hypercall_page + PAGE_SIZE )
        preempted_upcalls++;
}

static void big_batch(volatile uint8_t *a, uint64_t pte_ma, pgentry_t orig,
                      const void *b)
{
    struct mmu_update *reqs = pages_alloc((BIG_BATCH * sizeof(*reqs) +
                                           PAGE_SIZE - 1) / PAGE_SIZE);
    struct evtchn_bind_virq bv = { .virq = VIRQ_TIMER, .vcpu = 0 };
    struct vcpu_set_periodic_timer pt = { .period_ns = 1000000 };
    struct evtchn_close cl;
    unsigned int i, done = 0;
    uint64_t t0;
    long rc;

    /* Alternate between two frames; the last update restores 'orig'. */
    for ( i = 0; i < BIG_BATCH; i++ )
    {
        reqs[i].ptr = pte_ma | MMU_NORMAL_PT_UPDATE;
        reqs[i].val = (i & 1) ? virt_to_maddr(b) | PTE_RW : orig;
    }
    reqs[BIG_BATCH - 1].val = orig;

    /* A 1 ms tick: events pending mid-call make the hypervisor stop. */
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv), 0);
    evtchn_set_handler(bv.port, tick);
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &pt), 0);
    t0 = now_ns();
    rc = HYPERVISOR_mmu_update(reqs, BIG_BATCH, &done, DOMID_SELF);
    t0 = now_ns() - t0;
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);
    evtchn_set_handler(bv.port, NULL);
    cl.port = bv.port;
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_close, &cl), 0);

    CHECK_EQ(rc, 0);
    CHECK_EQ(done, BIG_BATCH);
    invlpg(a);
    CHECK_EQ(a[0], 0xaa);
    test_info("%u-entry batch: %llu ms, %u upcalls inside the call",
              BIG_BATCH, (unsigned long long)t0 / 1000000, preempted_upcalls);
    CHECK(preempted_upcalls > 0);
}

GUEST_TEST(mmu_update)
{
    volatile uint8_t *a = page_alloc(), *b = page_alloc();
    uint64_t pte_ma = pte_maddr((unsigned long)a, 1);
    uint64_t l1_ma = pte_ma & PTE_ADDR_MASK;
    const pgentry_t *top = mfn_to_virt(top_table_mfn());
    pgentry_t orig = pte_read((unsigned long)a, 1);
    struct mmu_update reqs[3];
    struct xen_machphys_mfn_list mfl;
    xen_pfn_t m2p_mfn, mfn = virt_to_mfn((void *)a);
    unsigned long m2p_entry;
    unsigned int done;

    a[0] = 0xaa;
    b[0] = 0xbb;
    CHECK(pte_ma);

    /* Normal update; the TLB is ours to flush. */
    done = 99;
    CHECK_EQ(mmu(pte_ma | MMU_NORMAL_PT_UPDATE,
                 virt_to_maddr((void *)b) | PTE_RW, &done), 0);
    CHECK_EQ(done, 1);
    invlpg(a);
    CHECK_EQ(a[0], 0xbb);
    CHECK_EQ(mmu(pte_ma | MMU_NORMAL_PT_UPDATE, orig, NULL), 0);
    invlpg(a);
    CHECK_EQ(a[0], 0xaa);

    /* PRESERVE_AD keeps the Accessed and Dirty bits already there. */
    CHECK_EQ(orig & (_PAGE_ACCESSED | _PAGE_DIRTY),
             _PAGE_ACCESSED | _PAGE_DIRTY);
    CHECK_EQ(mmu(pte_ma | MMU_PT_UPDATE_PRESERVE_AD,
                 (orig & ~(_PAGE_ACCESSED | _PAGE_DIRTY)), NULL), 0);
    CHECK_EQ(pte_read((unsigned long)a, 1) & (_PAGE_ACCESSED | _PAGE_DIRTY),
             _PAGE_ACCESSED | _PAGE_DIRTY);

    /* M2P updates: the table follows. */
    CHECK_EQ(mmu(((uint64_t)mfn << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE, 0x1234,
                 NULL), 0);
    CHECK_EQ(mfn_to_pfn(mfn), 0x1234);
    CHECK_EQ(mmu(((uint64_t)mfn << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE,
                 virt_to_pfn(a), NULL), 0);
    CHECK_EQ(mfn_to_pfn(mfn), virt_to_pfn(a));

    /* A page table mapped writable: refused, entry unchanged. */
    done = 99;
    CHECK_ERR(mmu(pte_ma | MMU_NORMAL_PT_UPDATE, l1_ma | PTE_RW, &done),
              EBUSY);
    CHECK_EQ(done, 0);
    CHECK_EQ(pte_read((unsigned long)a, 1), orig);
    /* ... read-only is fine. */
    CHECK_EQ(mmu(pte_ma | MMU_NORMAL_PT_UPDATE, l1_ma | PTE_RO, NULL), 0);
    CHECK_EQ(mmu(pte_ma | MMU_NORMAL_PT_UPDATE, orig, NULL), 0);
    invlpg(a);
    CHECK_EQ(a[0], 0xaa);

    /* The hypervisor's top-level slots are not ours to write. */
    CHECK_ERR(mmu(virt_to_maddr(&top[TOP_XEN_SLOT_FIRST]) |
                  MMU_NORMAL_PT_UPDATE, top[0], NULL), EINVAL);
    CHECK_ERR(mmu(virt_to_maddr(&top[TOP_XEN_SLOT_LAST]) |
                  MMU_NORMAL_PT_UPDATE, 0, NULL), EINVAL);

    /*
     * A target frame that is not a page table but an ordinary writable
     * page of ours: Xen 4.17 does the write, as a plain store.
     */
    CHECK_EQ(mmu(virt_to_maddr((void *)b + 8) | MMU_NORMAL_PT_UPDATE,
                 0x1122334455667788ULL, NULL), 0);
    CHECK_EQ(*(volatile uint64_t *)(b + 8), 0x1122334455667788ULL);
    CHECK_EQ(b[0], 0xbb);
    /* A frame that is not ours at all: the hypervisor's M2P (the word of entry 7). */
    mfl.max_extents = 1;
    set_xen_guest_handle(mfl.extent_start, &m2p_mfn);
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_machphys_mfn_list, &mfl), 0);
    CHECK_EQ(mfl.nr_extents, 1);
    m2p_entry = mfn_to_pfn(7);
    CHECK_ERR(mmu((((uint64_t)m2p_mfn << PAGE_SHIFT) +
                   ((sizeof(*machine_to_phys_mapping) * 7) & ~7)) |
                  MMU_NORMAL_PT_UPDATE, m2p_entry + 1, NULL), EINVAL);
    CHECK_EQ(mfn_to_pfn(7), m2p_entry);

    /* Batches stop at the first bad entry; 'done' counts the good ones. */
    reqs[0].ptr = pte_ma | MMU_NORMAL_PT_UPDATE;
    reqs[0].val = orig;
    reqs[1].ptr = pte_ma | MMU_NORMAL_PT_UPDATE;
    reqs[1].val = l1_ma | PTE_RW;
    reqs[2] = reqs[0];
    done = 99;
    CHECK_ERR(HYPERVISOR_mmu_update(reqs, 3, &done, DOMID_SELF), EBUSY);
    CHECK_EQ(done, 1);

    /* Unknown domains, bad pointers, nothing to do. */
    CHECK_ERR(HYPERVISOR_mmu_update(reqs, 1, NULL, 0x7000), ESRCH);
    /* Our own id owns no "foreign" frames (Xen); as the tables' owner it is us. */
    CHECK_ERR(HYPERVISOR_mmu_update(reqs, 1, NULL, self_domid()), ESRCH);
    CHECK_EQ(HYPERVISOR_mmu_update(reqs, 1, NULL,
                                   ((self_domid() + 1U) << 16) | DOMID_SELF), 0);
    CHECK_ERR(HYPERVISOR_mmu_update((void *)0x1000, 1, NULL, DOMID_SELF),
              EFAULT);
    CHECK_ERR(HYPERVISOR_mmu_update((void *)HYPERVISOR_VIRT_START, 1, NULL,
                                    DOMID_SELF), EFAULT);
    /* An unwritable 'done' is not an error: the updates were made. */
    CHECK_EQ(HYPERVISOR_mmu_update(reqs, 1, (unsigned int *)0x1000,
                                   DOMID_SELF), 0);
    CHECK_EQ(HYPERVISOR_mmu_update(reqs, 0, NULL, DOMID_SELF), 0);
    CHECK_EQ(pte_read((unsigned long)a, 1), orig);

    big_batch(a, pte_ma, orig, (const void *)b);
}

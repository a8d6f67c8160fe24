/*
 * memory_op: the reservation and M2P queries agree with start_info and
 * with each other; a page given back (decrease_reservation) and replaced
 * (populate_physmap); other domains, bad buffers and unknown ops are
 * refused.
 */
#include "guest.h"

/*
 * Give a page back and get one in its place: decrease_reservation, then
 * populate_physmap at the same pseudo-physical frame, remapped by hand.
 */
static void reservation(void)
{
    volatile uint8_t *c = page_alloc();
    unsigned long pfn = virt_to_pfn((void *)c);
    pgentry_t orig = pte_read((unsigned long)c, 1);
    struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };
    xen_pfn_t frame = virt_to_mfn((void *)c);
    long before = HYPERVISOR_memory_op(XENMEM_current_reservation,
                                       &r.domid);

    CHECK_EQ(set_pte((unsigned long)c, 0), 0);
    set_xen_guest_handle(r.extent_start, &frame);
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r), 1);
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_current_reservation, &r.domid),
             before - 1);
    /* Not ours any more: nothing to free twice. */
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r), 0);

    frame = pfn;
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), 1);
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_current_reservation, &r.domid),
             before);
    CHECK_EQ(mfn_to_pfn(frame), pfn);
    ((xen_pfn_t *)start_info->mfn_list)[pfn] = frame;
    CHECK_EQ(set_pte((unsigned long)c, ((uint64_t)frame << PAGE_SHIFT) |
                     (orig & ~PTE_ADDR_MASK)), 0);
    c[5] = 0x5a;
    CHECK_EQ(c[5], 0x5a);

    /*
     * Hostile: absurd extent orders, unknown domains, bad lists, an
     * unreadable argument: Xen reports each as "no extent done" (0).
     */
    r.extent_order = 30;
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), 0);
    r.extent_order = 0;
    r.domid = 0x7000;
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_increase_reservation, &r), 0);
    r.domid = DOMID_SELF;
    set_xen_guest_handle(r.extent_start, (void *)HYPERVISOR_VIRT_START);
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r), 0);
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_decrease_reservation,
                                  (void *)0x1000), 0);
}

/*
 * XENMEM_exchange: one unmapped page for a new one below 4 GiB at the same
 * pseudo-physical frame; then Xen's refusals, in its order of checks.
 */
static void exchange(void)
{
    volatile uint8_t *c = page_alloc();
    unsigned long pfn = virt_to_pfn((void *)c);
    pgentry_t orig = pte_read((unsigned long)c, 1);
    xen_pfn_t in = virt_to_mfn((void *)c), out = pfn, old = in;
    struct xen_memory_exchange x = {
        .in = { .nr_extents = 1, .domid = DOMID_SELF },
        .out = { .nr_extents = 1, .domid = DOMID_SELF,
                 .mem_flags = XENMEMF_address_bits(32) },
    };

    set_xen_guest_handle(x.in.extent_start, &in);
    set_xen_guest_handle(x.out.extent_start, &out);
    /* Still mapped: the frame cannot be given up; nothing done. */
    CHECK_ERR(HYPERVISOR_memory_op(XENMEM_exchange, &x), EINVAL);
    CHECK_EQ(x.nr_exchanged, 0);

    CHECK_EQ(set_pte((unsigned long)c, 0), 0);
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_exchange, &x), 0);
    CHECK_EQ(x.nr_exchanged, 1);
    CHECK(out != old && out < (1UL << (32 - PAGE_SHIFT)));
    CHECK_EQ(mfn_to_pfn(out), pfn);
    ((xen_pfn_t *)start_info->mfn_list)[pfn] = out;
    CHECK_EQ(set_pte((unsigned long)c, ((uint64_t)out << PAGE_SHIFT) |
                     (orig & ~PTE_ADDR_MASK)), 0);
    c[7] = 0xa5;
    CHECK_EQ(c[7], 0xa5);
    /* All done already: nothing to do. */
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_exchange, &x), 0);

    /* Hostile. */
    x.nr_exchanged = 0;
    x.in.extent_order = x.out.extent_order = 20;
    CHECK_ERR(HYPERVISOR_memory_op(XENMEM_exchange, &x), EPERM);
    x.in.extent_order = x.out.extent_order = 0;
    x.nr_exchanged = 2;
    CHECK_ERR(HYPERVISOR_memory_op(XENMEM_exchange, &x), EINVAL);
    x.nr_exchanged = 0;
    x.out.nr_extents = 2;
    CHECK_ERR(HYPERVISOR_memory_op(XENMEM_exchange, &x), EINVAL);
    x.out.nr_extents = 1;
    x.out.domid = 0;
    CHECK_ERR(HYPERVISOR_memory_op(XENMEM_exchange, &x), EINVAL);
    x.in.domid = x.out.domid = 0x7000;
    CHECK_ERR(HYPERVISOR_memory_op(XENMEM_exchange, &x), ESRCH);
    x.in.domid = x.out.domid = DOMID_SELF;
    set_xen_guest_handle(x.in.extent_start, (void *)HYPERVISOR_VIRT_START);
    CHECK_ERR(HYPERVISOR_memory_op(XENMEM_exchange, &x), EFAULT);
    CHECK_ERR(HYPERVISOR_memory_op(XENMEM_exchange, (void *)0x1000), EFAULT);
}

GUEST_TEST(memory_op)
{
    static struct xen_machphys_mapping mm;
    static struct e820_like {
        uint64_t addr, size;
        uint32_t type;
    } __attribute__((packed)) map[64];
    struct xen_memory_map mmap;
    domid_t dom = DOMID_SELF;
    long max_ram, cur, max;
    unsigned long pfn, ram = 0;
    unsigned int i;

    max_ram = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
    CHECK(max_ram > 0);
    cur = HYPERVISOR_memory_op(XENMEM_current_reservation, &dom);
    CHECK_EQ(cur, start_info->nr_pages);
    /* An unlimited dom0 has ~0U: -1 in a 32-bit guest's register. */
    max = HYPERVISOR_memory_op(XENMEM_maximum_reservation, &dom);
    CHECK((unsigned long)max >= (unsigned long)cur);
    test_info("maximum_ram_page %#lx, reservation %ld of %lu", max_ram, cur,
              (unsigned long)max);

    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_machphys_mapping, &mm), 0);
    CHECK_EQ(mm.v_start, MACH2PHYS_VIRT_START);
    CHECK(mm.v_end > mm.v_start && mm.v_end <= MACH2PHYS_VIRT_END);
    CHECK(mm.max_mfn >= (unsigned long)max_ram - 1);

    /* The M2P undoes the P2M for every page we own. */
    for ( pfn = 0; pfn < start_info->nr_pages; pfn++ )
        if ( mfn_to_pfn(pfn_to_mfn(pfn)) != pfn )
            test_fail("m2p[p2m[%#lx] = %#lx] = %#lx", pfn, pfn_to_mfn(pfn),
                      mfn_to_pfn(pfn_to_mfn(pfn)));

    /*
     * Dom0 sees the machine's map; entries are e820 (type 1 = RAM).  A
     * domain that is not the control domain may not: -EPERM, before
     * its arguments are read.
     */
    mmap.nr_entries = ARRAY_SIZE(map);
    set_xen_guest_handle(mmap.buffer, map);
    if ( IS_PRIVILEGED() )
    {
        CHECK_EQ(HYPERVISOR_memory_op(XENMEM_machine_memory_map, &mmap), 0);
        CHECK(mmap.nr_entries > 0 && mmap.nr_entries <= ARRAY_SIZE(map));
        for ( i = 0; i < mmap.nr_entries; i++ )
            if ( map[i].type == 1 )
                ram += map[i].size;
        CHECK(ram >= start_info->nr_pages * PAGE_SIZE);
    }
    else
    {
        CHECK_ERR(HYPERVISOR_memory_op(XENMEM_machine_memory_map, &mmap), EPERM);
        /* Xen's compat layer reads the structure before the handler runs. */
        CHECK_EQ(HYPERVISOR_memory_op(XENMEM_machine_memory_map, (void *)0x1000),
                 BITS_PER_LONG == 32 ? -XEN_EFAULT : -XEN_EPERM);
    }

    /* A PV dom0 has no pseudo-physical map of its own: -ENOSYS. */
    mmap.nr_entries = ARRAY_SIZE(map);
    set_xen_guest_handle(mmap.buffer, map);
    CHECK_ERR(HYPERVISOR_memory_op(XENMEM_memory_map, &mmap), ENOSYS);

    /* Hostile: missing domain, bad pointers, unknown op. */
    dom = 0x7000;
    CHECK_ERR(HYPERVISOR_memory_op(XENMEM_current_reservation, &dom), ESRCH);
    CHECK_ERR(HYPERVISOR_memory_op(XENMEM_current_reservation,
                                   (void *)0x1000), EFAULT);
    CHECK_ERR(HYPERVISOR_memory_op(XENMEM_machphys_mapping, (void *)0x1000),
              EFAULT);
    mmap.nr_entries = ARRAY_SIZE(map);
    set_xen_guest_handle(mmap.buffer, (void *)0x1000);
    if ( IS_PRIVILEGED() )
        CHECK_ERR(HYPERVISOR_memory_op(XENMEM_machine_memory_map, &mmap), EFAULT);
    CHECK_ERR(HYPERVISOR_memory_op(0x3f, NULL), ENOSYS);

    reservation();
    exchange();
}

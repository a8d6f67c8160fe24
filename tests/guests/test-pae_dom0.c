/*
 * 32-bit PAE guests only (arch/x86_32): the hardware domain's calls in
 * their 32-bit layouts, as the hypervisor translates them (physdev_op,
 * platform_op, sysctl, mca).  What the shared tests cannot see: nothing
 * is written past the 32-bit structure (canaries), the handles' upper
 * halves are not the guest's (garbage there is ignored), and structures,
 * handles and arrays that end exactly at the hypervisor's hole work
 * while those that reach into it are -EFAULT (-EINVAL for the I/O
 * bitmap, the 64-bit handler's rule), checked with a page mapped just
 * below the hole so that only the range check can refuse them.  No
 * reference: Xen 4.17 from Debian has no 32-bit PV; the sizes are those
 * of Xen's public headers for i386 (include/xen/abi-layout-32.h).
 */
#define __XEN_TOOLS__ 1          /* sysctl: the tools' view of the headers */
#include "guest.h"
#include <public/sysctl.h>

#define HOLE_START      0xf5800000UL
#define EDGE_PAGE       (HOLE_START - PAGE_SIZE)
#define IOAPIC_BASE     0xfec00000u
#define SPARE_GSI       5       /* ISA IRQ 5: nothing on QEMU's PC */
#define CANARY          0xa5

static pgentry_t *edge_l1;

/* An object of 'size' bytes that ends 'gap' bytes before the hole. */
static void *at_edge(size_t size, size_t gap)
{
    return (void *)(HOLE_START - size - gap);
}

/*
 * Map a page of ours at the last page below the hole, through an L1 of
 * its own in the slot-3 L2 (whose guest entries are the guest's).
 */
static void map_edge(void)
{
    struct mmu_update req;
    uint64_t l2e = pte_maddr(EDGE_PAGE, 2);

    CHECK(l2e != 0);
    CHECK_EQ(pte_read(EDGE_PAGE, 2), 0);
    edge_l1 = page_alloc();
    memset(edge_l1, 0, PAGE_SIZE);
    make_readonly(edge_l1);
    req.ptr = l2e | MMU_NORMAL_PT_UPDATE;
    req.val = virt_to_maddr(edge_l1) | _PAGE_PRESENT | _PAGE_RW;
    CHECK_EQ(HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF), 0);
    CHECK_EQ(set_pte(EDGE_PAGE, virt_to_maddr(page_alloc()) | PTE_RW), 0);
    memset((void *)EDGE_PAGE, 0, PAGE_SIZE);
}

static void unmap_edge(void)
{
    struct mmu_update req = {
        .ptr = pte_maddr(EDGE_PAGE, 2) | MMU_NORMAL_PT_UPDATE,
    };

    CHECK_EQ(set_pte(EDGE_PAGE, 0), 0);
    CHECK_EQ(HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF), 0);
    make_writable(edge_l1);
}

static bool all_canary(const void *p, size_t n)
{
    const uint8_t *b = p;

    while ( n-- )
        if ( *b++ != CANARY )
            return false;
    return true;
}

static void physdev_layouts(void)
{
    static struct {
        struct physdev_apic a;
        uint32_t canary;
    } apic;
    static struct {
        struct physdev_map_pirq m;
        uint32_t canary;
    } map;
    struct physdev_unmap_pirq unmap = { .domid = DOMID_SELF, .pirq = SPARE_GSI };
    struct physdev_apic *ea;
    struct physdev_map_pirq *em;
    struct physdev_set_iobitmap *eb;

    _Static_assert(sizeof(struct physdev_apic) == 12, "32-bit layout");
    _Static_assert(sizeof(struct physdev_map_pirq) == 36, "32-bit layout");
    _Static_assert(sizeof(struct physdev_set_iobitmap) == 8, "32-bit layout");

    /* apic_read: the value at offset 8, nothing after it. */
    apic.a.apic_physbase = IOAPIC_BASE;
    apic.a.reg = 1;
    apic.canary = 0xc0ffee;
    CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_apic_read, &apic.a), 0);
    CHECK_EQ((apic.a.value & 0xff) >= 0x11, 1);     /* an IO-APIC version */
    CHECK_EQ(apic.canary, 0xc0ffee);
    ea = at_edge(sizeof(*ea), 0);
    *ea = apic.a;
    ea->value = 0;
    CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_apic_read, ea), 0);
    CHECK_EQ(ea->value, apic.a.value);
    CHECK_ERR(HYPERVISOR_physdev_op(PHYSDEVOP_apic_read, at_edge(8, 0)), EFAULT);

    /* map_pirq: table_base is the u64 at offset 28. */
    memset(&map, 0, sizeof(map));
    map.m.domid = DOMID_SELF;
    map.m.type = MAP_PIRQ_TYPE_MULTI_MSI;
    map.m.table_base = 1ULL << 32;
    CHECK_ERR(HYPERVISOR_physdev_op(PHYSDEVOP_map_pirq, &map.m), EINVAL);
    map.m.type = MAP_PIRQ_TYPE_GSI;
    map.m.index = SPARE_GSI;
    map.m.pirq = SPARE_GSI;
    map.m.entry_nr = 77;
    map.canary = 0xc0ffee;
    CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_map_pirq, &map.m), 0);
    CHECK_EQ(map.m.pirq, SPARE_GSI);
    CHECK_EQ(map.m.entry_nr, 77);
    CHECK_EQ(map.canary, 0xc0ffee);
    /* Mapped again (an unmapped IRQ is gone for good): the PIRQ it has. */
    em = at_edge(sizeof(*em), 0);
    *em = map.m;
    em->pirq = -1;
    CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_map_pirq, em), 0);
    CHECK_EQ(em->pirq, SPARE_GSI);
    CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_unmap_pirq, &unmap), 0);
    CHECK_ERR(HYPERVISOR_physdev_op(PHYSDEVOP_map_pirq, at_edge(32, 0)), EFAULT);
    CHECK_ERR(HYPERVISOR_physdev_op(PHYSDEVOP_map_pirq, (void *)0xfffffff0UL),
              EFAULT);

    /* set_iobitmap: the structure and the 8 KiB bitmap up to the hole. */
    eb = at_edge(sizeof(*eb), 0);
    eb->bitmap.p = (uint8_t *)(HOLE_START - 8192);
    eb->nr_ports = 0;
    CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_set_iobitmap, eb), 0);
    eb->bitmap.p = (uint8_t *)(HOLE_START - 8191);
    CHECK_ERR(HYPERVISOR_physdev_op(PHYSDEVOP_set_iobitmap, eb), EINVAL);
    eb->bitmap.p = (uint8_t *)0xfffff000UL;
    CHECK_ERR(HYPERVISOR_physdev_op(PHYSDEVOP_set_iobitmap, eb), EINVAL);
    eb->bitmap.p = NULL;
    CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_set_iobitmap, eb), 0);
    CHECK_ERR(HYPERVISOR_physdev_op(PHYSDEVOP_set_iobitmap, at_edge(4, 0)),
              EFAULT);

    /* pirq_eoi_gmfn: a 4-byte frame number; same-layout sub-ops alike. */
    CHECK_ERR(HYPERVISOR_physdev_op(PHYSDEVOP_pirq_eoi_gmfn_v2, at_edge(2, 0)),
              EFAULT);
    CHECK_ERR(HYPERVISOR_physdev_op(PHYSDEVOP_eoi, at_edge(2, 0)), EFAULT);
    CHECK_ERR(HYPERVISOR_physdev_op(PHYSDEVOP_irq_status_query,
                                    (void *)0xfffffffcUL), EFAULT);
    CHECK_ERR(HYPERVISOR_physdev_op(PHYSDEVOP_free_irq_vector, &apic), ENOSYS);
}

static long pf(struct xen_platform_op *op, uint32_t cmd)
{
    op->cmd = cmd;
    op->interface_version = XENPF_INTERFACE_VERSION;
    return HYPERVISOR_platform_op(op);
}

static void platform_op_layouts(void)
{
    static struct xen_platform_op op;
    static uint32_t pdc[3] = { 1, 1, 0 };
    struct xen_platform_op *eop = at_edge(sizeof(op), 0);
    struct xenpf_resource_entry *ee;

    _Static_assert(sizeof(op) == 136, "32-bit layout");
    _Static_assert(sizeof(op.u.read_memtype) == 20, "32-bit layout");
    _Static_assert(sizeof(op.u.firmware_info) == 36, "32-bit layout");

    /* Outputs go back in the 32-bit member, nothing after it. */
    memset(&op, CANARY, sizeof(op));
    op.u.read_memtype.reg = 0;
    CHECK_EQ(pf(&op, XENPF_read_memtype), 0);
    CHECK(op.u.read_memtype.type <= 7);
    CHECK(op.u.read_memtype.nr_mfns >> 32 == 0);
    CHECK(all_canary((uint8_t *)&op.u + 20, sizeof(op.u) - 20));
    memset(&op, CANARY, sizeof(op));
    op.u.firmware_info.type = XEN_FW_KBD_SHIFT_FLAGS;
    op.u.firmware_info.index = 0;
    CHECK_EQ(pf(&op, XENPF_firmware_info), 0);
    CHECK(all_canary((uint8_t *)&op.u + 36, sizeof(op.u) - 36));

    /* The structure up to the hole, and into it. */
    memset(eop, 0, sizeof(*eop));
    eop->u.pcpu_info.xen_cpuid = 1;
    CHECK_EQ(pf(eop, XENPF_get_cpuinfo), 0);
    CHECK_EQ(eop->u.pcpu_info.flags, XEN_PCPU_FLAGS_ONLINE);
    CHECK_EQ(eop->u.pcpu_info.max_present, 1);
    CHECK_ERR(HYPERVISOR_platform_op(at_edge(132, 0)), EFAULT);
    CHECK_ERR(HYPERVISOR_platform_op((void *)0xffffff80UL), EFAULT);

    /* resource_op's entries (24 bytes each) up to the hole, and into it. */
    ee = at_edge(sizeof(*ee), 0);
    memset(ee, 0, sizeof(*ee));
    ee->u.cmd = XEN_RESOURCE_OP_MSR_READ;
    ee->idx = 0x10;                                 /* IA32_TSC */
    memset(&op, 0, sizeof(op));
    op.u.resource_op.nr_entries = 1;
    op.u.resource_op.entries.p = ee;
    CHECK_EQ(pf(&op, XENPF_resource_op), 1);
    CHECK(ee->val != 0);
    op.u.resource_op.nr_entries = 2;
    op.u.resource_op.entries.p = ee - 1;
    ee[-1] = *ee;
    CHECK_EQ(pf(&op, XENPF_resource_op), 2);
    op.u.resource_op.entries.p = (void *)((uint8_t *)ee - 8);
    CHECK_ERR(pf(&op, XENPF_resource_op), EFAULT);
    op.u.resource_op.entries.p = (void *)0xfffffff0UL;
    CHECK_ERR(pf(&op, XENPF_resource_op), EFAULT);

    /* The _PDC words (12 bytes) up to the hole, and into it. */
    memset(&op, 0, sizeof(op));
    op.u.set_pminfo.id = ~0u;
    op.u.set_pminfo.type = XEN_PM_PDC;
    memcpy(at_edge(sizeof(pdc), 0), pdc, sizeof(pdc));
    op.u.set_pminfo.u.pdc.p = at_edge(sizeof(pdc), 0);
    CHECK_EQ(pf(&op, XENPF_set_processor_pminfo), 0);
    memcpy(at_edge(8, 0), pdc, 8);              /* its third word in the hole */
    op.u.set_pminfo.u.pdc.p = at_edge(8, 0);
    CHECK_ERR(pf(&op, XENPF_set_processor_pminfo), EFAULT);
}

static long sysctl(struct xen_sysctl *op)
{
    return hypercall1(__HYPERVISOR_sysctl, op);
}

static void sysctl_layout(void)
{
    struct xen_sysctl *es = at_edge(sizeof(*es), 0);

    _Static_assert(sizeof(*es) == 136, "the same layout at both widths");
    memset(es, 0, sizeof(*es));
    es->cmd = XEN_SYSCTL_physinfo;
    es->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    CHECK_EQ(sysctl(es), 0);
    CHECK_EQ(es->u.physinfo.nr_cpus, 2);
    CHECK(es->u.physinfo.total_pages > es->u.physinfo.free_pages);
    CHECK_ERR(sysctl(at_edge(128, 0)), EFAULT);
}

static void mca_layouts(void)
{
    static struct xen_mc op;
    static struct mcinfo_logical_cpu info;
    struct mcinfo_logical_cpu *ec = at_edge(2 * sizeof(*ec), 0);
    uint32_t *raw = (uint32_t *)&op;

    _Static_assert(sizeof(op) == 152, "32-bit layout");
    _Static_assert(sizeof(info) == 300, "32-bit layout");

    /* The upper half of a 64-bit handle is not the guest's. */
    memset(&op, 0, sizeof(op));
    op.cmd = XEN_MC_physcpuinfo;
    op.interface_version = XEN_MCA_INTERFACE_VERSION;
    raw[5] = 0xdeadbeef;                        /* bytes 20..23 */
    CHECK_EQ(HYPERVISOR_mca(&op), 0);
    CHECK_EQ(op.u.mc_physcpuinfo.ncpus, 2);
    CHECK_EQ(raw[5], 0xdeadbeef);
    memset(&op, 0, sizeof(op));
    op.cmd = XEN_MC_fetch;
    op.interface_version = XEN_MCA_INTERFACE_VERSION;
    op.u.mc_fetch.flags = XEN_MC_URGENT;
    raw[7] = 0xdeadbeef;                        /* bytes 28..31 */
    CHECK_ERR(HYPERVISOR_mca(&op), EINVAL);     /* a null data handle */
    op.u.mc_fetch.data.p = (void *)&info;
    CHECK_EQ(HYPERVISOR_mca(&op), 0);
    CHECK_EQ(op.u.mc_fetch.flags, XEN_MC_NODATA);
    CHECK_EQ(raw[7], 0xdeadbeef);

    /* Two 300-byte entries up to the hole, and into it. */
    memset(&op, 0, sizeof(op));
    op.cmd = XEN_MC_physcpuinfo;
    op.interface_version = XEN_MCA_INTERFACE_VERSION;
    op.u.mc_physcpuinfo.ncpus = ~0u;
    op.u.mc_physcpuinfo.info.p = ec;
    CHECK_EQ(HYPERVISOR_mca(&op), 0);
    CHECK_EQ(op.u.mc_physcpuinfo.ncpus, 2);
    CHECK_EQ(ec[0].mc_cpunr, 0);
    CHECK_EQ(ec[1].mc_cpunr, 1);
    CHECK_EQ(ec[1].mc_apicid, 1);
    CHECK_EQ(ec[1].mc_nmsrvals, ec[0].mc_nmsrvals);
    CHECK_EQ(ec[1].mc_msrvalues[0].reg, ec[0].mc_msrvalues[0].reg);
    op.u.mc_physcpuinfo.ncpus = 2;
    op.u.mc_physcpuinfo.info.p = (void *)((uint8_t *)ec + 4);
    CHECK_ERR(HYPERVISOR_mca(&op), EFAULT);
    CHECK_EQ(op.u.mc_physcpuinfo.ncpus, 2);
    CHECK_ERR(HYPERVISOR_mca(at_edge(148, 0)), EFAULT);
    CHECK_ERR(HYPERVISOR_mca((void *)0xffffff80UL), EFAULT);
}

GUEST_TEST(pae_dom0)
{
    map_edge();
    physdev_layouts();
    platform_op_layouts();
    sysctl_layout();
    mca_layouts();
    unmap_edge();
}

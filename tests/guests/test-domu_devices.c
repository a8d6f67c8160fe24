/*
 * What a domain other than the hardware domain gets of the machine's
 * devices: nothing (docs/dom0-devices.md).  Run by the first domain of
 * tests/guests/domains/links.dts (no dom0), privileged or not
 * (tests/guests/run-domains.sh boots both); in dom0 it only says so.
 * Refused whatever the privilege: platform_op (hardware domain only),
 * mapping any IRQ (it has none), mapping I/O memory, the PCI
 * configuration ports (all ones).  Unprivileged, also every physdev_op
 * of the control domain (-EPERM).  What every PV domain has, as in Xen:
 * a PIRQ space (irq_status_query, get_free_pirq, the EOI bitmap).
 */
#include "guest.h"

#define VGA_TEXT_MFN    0xb8UL
#define LAPIC_MFN       0xfee00UL
#define RTC_GSI         8

static inline void out32(uint16_t port, uint32_t v)
{
    asm volatile ( "outl %0, %1" :: "a" (v), "Nd" (port) );
}

static inline uint32_t in32(uint16_t port)
{
    uint32_t v;

    asm volatile ( "inl %1, %0" : "=a" (v) : "Nd" (port) );
    return v;
}

static long physdev(int cmd, void *arg)
{
    return HYPERVISOR_physdev_op(cmd, arg);
}

static void control_domain_ops_refused(void)
{
    struct physdev_map_pirq m = {
        .domid = DOMID_SELF, .type = MAP_PIRQ_TYPE_GSI, .index = RTC_GSI,
        .pirq = RTC_GSI,
    };
    struct physdev_unmap_pirq um = { .domid = DOMID_SELF, .pirq = RTC_GSI };
    struct physdev_apic apic = { .apic_physbase = 0xfec00000u, .reg = 1 };
    struct physdev_irq irq = { .irq = 9 };
    struct physdev_setup_gsi sg = { .gsi = RTC_GSI };
    struct physdev_manage_pci mp = { 0 };
    struct physdev_pci_device_add add = { 0 };
    struct physdev_pci_mmcfg_reserved mc = { 0 };
    struct physdev_restore_msi rm = { 0 };
    struct physdev_dbgp_op dbgp = { 0 };

    CHECK_ERR(physdev(PHYSDEVOP_map_pirq, &m), EPERM);
    CHECK_ERR(physdev(PHYSDEVOP_unmap_pirq, &um), EPERM);
    CHECK_ERR(physdev(PHYSDEVOP_apic_read, &apic), EPERM);
    CHECK_ERR(physdev(PHYSDEVOP_apic_write, &apic), EPERM);
    CHECK_ERR(physdev(PHYSDEVOP_alloc_irq_vector, &irq), EPERM);
    CHECK_ERR(physdev(PHYSDEVOP_setup_gsi, &sg), EPERM);
    sg.gsi = 24;
    CHECK_ERR(physdev(PHYSDEVOP_setup_gsi, &sg), EINVAL);      /* range first */
    CHECK_ERR(physdev(PHYSDEVOP_manage_pci_add, &mp), EPERM);
    CHECK_ERR(physdev(PHYSDEVOP_manage_pci_remove, &mp), EPERM);
    CHECK_ERR(physdev(PHYSDEVOP_pci_device_add, &add), EPERM);
    CHECK_ERR(physdev(PHYSDEVOP_pci_mmcfg_reserved, &mc), EPERM);
    CHECK_ERR(physdev(PHYSDEVOP_restore_msi, &rm), EPERM);
    CHECK_ERR(physdev(PHYSDEVOP_dbgp_op, &dbgp), EPERM);
}

GUEST_TEST(domu_devices)
{
    static unsigned long eoi_map[PAGE_SIZE / sizeof(unsigned long)]
        __attribute__((aligned(PAGE_SIZE)));
    struct xen_platform_op op = {
        .cmd = XENPF_get_cpuinfo, .interface_version = XENPF_INTERFACE_VERSION,
    };
    struct physdev_map_pirq m = {
        .domid = DOMID_SELF, .type = MAP_PIRQ_TYPE_GSI, .index = RTC_GSI,
        .pirq = RTC_GSI,
    };
    struct physdev_irq_status_query q = { .irq = RTC_GSI };
    struct physdev_get_free_pirq fp = { .type = MAP_PIRQ_TYPE_GSI };
    struct physdev_pirq_eoi_gmfn eg;
    struct physdev_eoi eoi = { .irq = RTC_GSI };
    struct physdev_set_iopl iopl = { .iopl = 1 };
    struct evtchn_bind_pirq b = { .pirq = RTC_GSI };
    volatile uint8_t *p = page_alloc();
    pgentry_t orig = pte_read((unsigned long)p, 1);
    bool privileged = start_info->flags & SIF_PRIVILEGED;

    if ( start_info->flags & SIF_INITDOMAIN )
    {
        test_info("skipped: the hardware domain has the devices");
        return;
    }
    test_info("%sprivileged domU", privileged ? "" : "un");

    CHECK_ERR(HYPERVISOR_platform_op(&op), EPERM);
    op.interface_version = 0;
    CHECK_ERR(HYPERVISOR_platform_op(&op), EACCES);     /* checked first */

    if ( privileged )
        CHECK_ERR(physdev(PHYSDEVOP_map_pirq, &m), EPERM);  /* no IRQ of its own */
    else
        control_domain_ops_refused();

    /* Its own PIRQ space: nothing mapped, nothing to bind or EOI. */
    CHECK_EQ(physdev(PHYSDEVOP_irq_status_query, &q), 0);
    CHECK(q.flags & XENIRQSTAT_needs_eoi);
    CHECK_ERR(physdev(PHYSDEVOP_eoi, &eoi), EINVAL);
    CHECK_ERR(HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, &b), EPERM);
    CHECK_EQ(physdev(PHYSDEVOP_get_free_pirq, &fp), 0);
    CHECK(fp.pirq >= 16 && fp.pirq < 24);
    b.pirq = fp.pirq;
    CHECK_ERR(HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, &b), EPERM);
    eg.gmfn = virt_to_mfn(eoi_map);
    CHECK_EQ(physdev(PHYSDEVOP_pirq_eoi_gmfn_v2, &eg), 0);

    /* No I/O memory, not even VGA. */
    CHECK_ERR(HYPERVISOR_update_va_mapping((unsigned long)p,
                  (VGA_TEXT_MFN << PAGE_SHIFT) | PTE_RO, UVMF_INVLPG | UVMF_LOCAL),
              EPERM);
    CHECK_ERR(HYPERVISOR_update_va_mapping((unsigned long)p,
                  (LAPIC_MFN << PAGE_SHIFT) | PTE_RO, UVMF_INVLPG | UVMF_LOCAL),
              EPERM);
    CHECK_EQ(PTE_MFN(pte_read((unsigned long)p, 1)), PTE_MFN(orig));

    /* The PCI configuration ports: nothing there for it. */
    CHECK_EQ(physdev(PHYSDEVOP_set_iopl, &iopl), 0);
    out32(0xcf8, 0x80000000u);
    CHECK_EQ(in32(0xcf8), 0xffffffffu);
    CHECK_EQ(in32(0xcfc), 0xffffffffu);
    iopl.iopl = 0;
    CHECK_EQ(physdev(PHYSDEVOP_set_iopl, &iopl), 0);
}

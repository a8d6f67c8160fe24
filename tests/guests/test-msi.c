/*
 * Device interrupts for the hardware domain, with QEMU's "edu" test
 * device (1234:11e8, GUEST_QEMU adds it).
 *
 * intx: its legacy interrupt, level-triggered on the GSI the firmware
 * wrote into its interrupt line register: while the line stays asserted
 * and dom0 does not EOI, the hypervisor forces the EOI after 1 ms (as
 * Xen does) and the event comes again; once the device is acknowledged
 * and the PIRQ EOIed, it stays quiet.
 *
 * msi: dom0 reports the device, maps an MSI PIRQ (the
 * hypervisor writes the device's MSI address and data), enables MSI in
 * the capability itself (as Linux does), binds the PIRQ and makes the
 * device raise interrupts through its MMIO register at BAR0 + 0x60
 * (acknowledged at + 0x64).  Hostile maps get Xen 4.17's errors.
 */
#include "guest.h"

#define EDU_ID          0x11e81234u
#define EDU_RAISE       (0x60 / 4)
#define EDU_ACK         (0x64 / 4)
#define EDU_STATUS      (0x24 / 4)
#define PCI_CAP_MSI     0x05
#define MSI_ENABLE      0x0001

#define CF8(bus, devfn, reg) \
    (0x80000000u | (bus) << 16 | (devfn) << 8 | ((reg) & 0xfc))

static volatile uint32_t *edu;
static volatile unsigned int msi_events, intx_events;
static int msi_pirq;

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

static uint32_t conf_read(unsigned int devfn, unsigned int reg)
{
    out32(0xcf8, CF8(0, devfn, reg));
    return in32(0xcfc);
}

static void conf_write(unsigned int devfn, unsigned int reg, uint32_t v)
{
    out32(0xcf8, CF8(0, devfn, reg));
    out32(0xcfc, v);
}

/* Offset of capability id in devfn's list, 0 if none. */
static unsigned int find_cap(unsigned int devfn, unsigned int id)
{
    unsigned int pos, n;

    if ( !(conf_read(devfn, 0x04) & (0x10u << 16)) )
        return 0;
    pos = conf_read(devfn, 0x34) & 0xfc;
    for ( n = 0; pos && n < 48; n++ )
    {
        uint32_t h = conf_read(devfn, pos);

        if ( (h & 0xff) == id )
            return pos;
        pos = (h >> 8) & 0xfc;
    }
    return 0;
}

static long map_msi(int type, int index, int *pirq, unsigned int devfn,
                    int entry_nr, uint64_t table_base)
{
    struct physdev_map_pirq m = {
        .domid = DOMID_SELF, .type = type, .index = index, .pirq = *pirq,
        .bus = 0, .devfn = devfn, .entry_nr = entry_nr,
        .table_base = table_base,
    };
    long rc = HYPERVISOR_physdev_op(PHYSDEVOP_map_pirq, &m);

    *pirq = m.pirq;
    return rc;
}

/* edu's devfn on bus 0, its BAR 0 mapped at edu; or a failed check. */
static unsigned int edu_setup(void)
{
    unsigned int devfn;
    uint32_t bar;

    for ( devfn = 0; devfn < 256; devfn += 8 )
        if ( conf_read(devfn, 0) == EDU_ID )
            break;
    CHECK(devfn < 256);
    bar = conf_read(devfn, 0x10) & ~0xfu;
    CHECK(bar != 0);
    edu = page_alloc();
    CHECK_EQ(HYPERVISOR_update_va_mapping((unsigned long)edu,
                                          bar | PTE_RW | 0x010 /* PCD */,
                                          UVMF_INVLPG | UVMF_LOCAL), 0);
    CHECK_EQ(edu[0] & 0xff, 0xed);                  /* its identification */
    return devfn;
}

static void edu_release(void)
{
    CHECK_EQ(HYPERVISOR_update_va_mapping((unsigned long)edu, 0,
                                          UVMF_INVLPG | UVMF_LOCAL), 0);
}

static long eoi(int pirq)
{
    struct physdev_eoi e = { .irq = pirq };

    return HYPERVISOR_physdev_op(PHYSDEVOP_eoi, &e);
}

static void wait_events(volatile unsigned int *count, unsigned int n,
                        uint64_t ns)
{
    uint64_t deadline = now_ns() + ns;

    while ( *count < n && now_ns() < deadline )
        barrier();
}

static void intx_handler(evtchn_port_t port, struct trap_frame *f)
{
    (void)port;
    (void)f;
    intx_events++;              /* neither the device nor the PIRQ acknowledged */
}

static void msi_handler(evtchn_port_t port, struct trap_frame *f)
{
    (void)port;
    (void)f;
    edu[EDU_ACK] = edu[EDU_STATUS];
    msi_events++;
    eoi(msi_pirq);
}

GUEST_TEST(msi)
{
    struct physdev_set_iopl iopl = { .iopl = 1 };
    struct physdev_pci_device_add add = { 0 };
    struct physdev_manage_pci host = { .bus = 0, .devfn = 0 };
    struct physdev_unmap_pirq um = { .domid = DOMID_SELF };
    struct evtchn_bind_pirq b = { 0 };
    struct evtchn_close cl;
    unsigned int devfn, cap, i, delivered;
    uint32_t ctl;
    int pirq;

    /* Mapping interrupts is the hardware domain's: -EPERM for a domU. */
    if ( !IS_HWDOM() )
    {
        struct physdev_map_pirq mp = { .domid = DOMID_SELF, .pirq = -1,
                                       .type = MAP_PIRQ_TYPE_GSI, .index = 8 };

        CHECK_ERR(HYPERVISOR_physdev_op(PHYSDEVOP_map_pirq, &mp), EPERM);
        test_skip("physical interrupts are the hardware domain's");
    }

    CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl), 0);
    devfn = edu_setup();
    cap = find_cap(devfn, PCI_CAP_MSI);
    CHECK(cap != 0);

    /* Not reported yet. */
    pirq = -1;
    CHECK_ERR(map_msi(MAP_PIRQ_TYPE_MSI, -1, &pirq, devfn, 1, 0), ENODEV);
    add.devfn = devfn;
    CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_pci_device_add, &add), 0);
    /* Hostile: a GSI as MSI IRQ, bad vector counts, a table for MULTI_MSI. */
    CHECK_ERR(map_msi(MAP_PIRQ_TYPE_MSI, 5, &pirq, devfn, 1, 0), EINVAL);
    CHECK_ERR(map_msi(MAP_PIRQ_TYPE_MULTI_MSI, -1, &pirq, devfn, 0, 0), EDOM);
    CHECK_ERR(map_msi(MAP_PIRQ_TYPE_MULTI_MSI, -1, &pirq, devfn, 64, 0), EDOM);
    CHECK_ERR(map_msi(MAP_PIRQ_TYPE_MULTI_MSI, -1, &pirq, devfn, 1, 0x1000), EINVAL);
    /* A device without MSI (the host bridge). */
    CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_manage_pci_add, &host), 0);
    pirq = -1;
    CHECK_ERR(map_msi(MAP_PIRQ_TYPE_MSI, -1, &pirq, 0, 1, 0), ENODEV);

    pirq = -1;
    CHECK_EQ(map_msi(MAP_PIRQ_TYPE_MSI, -1, &pirq, devfn, 1, 0), 0);
    CHECK(pirq > 0);
    msi_pirq = pirq;
    /* The hypervisor wrote an interrupt message to the LAPICs' window. */
    CHECK_EQ(conf_read(devfn, cap + 4) & 0xfff00000u, 0xfee00000u);
    /* Enabling is left to us. */
    ctl = conf_read(devfn, cap);
    CHECK(!(ctl & (MSI_ENABLE << 16)));
    conf_write(devfn, cap, ctl | (MSI_ENABLE << 16));
    CHECK(conf_read(devfn, cap) & (MSI_ENABLE << 16));
    /* MSIs are memory writes: the device must be a bus master. */
    conf_write(devfn, 0x04, conf_read(devfn, 0x04) | 0x4);

    b.pirq = pirq;
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, &b), 0);
    CHECK(b.port < EVTCHN_TRACKED);
    evtchn_set_handler(b.port, msi_handler);
    delivered = evtchn_deliveries[b.port];
    msi_events = 0;
    for ( i = 0; i < 3; i++ )
    {
        edu[EDU_RAISE] = 1;
        wait_events(&msi_events, i + 1, 1000000000ULL);
    }
    test_info("%u MSIs", msi_events);
    CHECK_EQ(msi_events, 3);
    CHECK_EQ(evtchn_deliveries[b.port] - delivered, 3);

    cl.port = b.port;
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_close, &cl), 0);
    evtchn_set_handler(b.port, NULL);
    um.pirq = pirq;
    CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_unmap_pirq, &um), 0);
    CHECK_ERR(HYPERVISOR_physdev_op(PHYSDEVOP_unmap_pirq, &um), EINVAL);
    CHECK(!(conf_read(devfn, cap) & (MSI_ENABLE << 16)));   /* disabled */

    edu_release();
    iopl.iopl = 0;
    CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl), 0);
}

GUEST_TEST(intx)
{
    struct physdev_set_iopl iopl = { .iopl = 1 };
    struct physdev_map_pirq m = { .domid = DOMID_SELF, .type = MAP_PIRQ_TYPE_GSI };
    struct physdev_unmap_pirq um = { .domid = DOMID_SELF };
    struct evtchn_bind_pirq b = { 0 };
    struct evtchn_close cl;
    unsigned int devfn, cap, line, n;

    /* Mapping interrupts is the hardware domain's: -EPERM for a domU. */
    if ( !IS_HWDOM() )
    {
        struct physdev_map_pirq mp = { .domid = DOMID_SELF, .pirq = -1,
                                       .type = MAP_PIRQ_TYPE_GSI, .index = 8 };

        CHECK_ERR(HYPERVISOR_physdev_op(PHYSDEVOP_map_pirq, &mp), EPERM);
        test_skip("physical interrupts are the hardware domain's");
    }

    CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl), 0);
    devfn = edu_setup();
    /* Legacy interrupts: MSI off, INTx not disabled in the command register. */
    cap = find_cap(devfn, PCI_CAP_MSI);
    if ( cap )
        conf_write(devfn, cap, conf_read(devfn, cap) & ~(MSI_ENABLE << 16));
    conf_write(devfn, 0x04, conf_read(devfn, 0x04) & ~(1u << 10));
    line = conf_read(devfn, 0x3c) & 0xff;
    CHECK(line > 0 && line < 16);
    test_info("edu's INTx on GSI %u", line);

    m.index = line;
    m.pirq = line;
    CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_map_pirq, &m), 0);
    b.pirq = m.pirq;
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, &b), 0);
    CHECK(b.port < EVTCHN_TRACKED);
    evtchn_set_handler(b.port, intx_handler);
    intx_events = 0;

    edu[EDU_RAISE] = 1;
    wait_events(&intx_events, 1, 1000000000ULL);
    CHECK(intx_events >= 1);
    /* Still asserted, never EOIed: delivered again after the forced EOI. */
    wait_events(&intx_events, 3, 1000000000ULL);
    CHECK(intx_events >= 3);

    /* Acknowledged at the device and EOIed: quiet. */
    edu[EDU_ACK] = edu[EDU_STATUS];
    CHECK_EQ(eoi(m.pirq), 0);
    spin_until(now_ns() + 20000000ULL);
    n = intx_events;
    spin_until(now_ns() + 50000000ULL);
    CHECK_EQ(intx_events, n);

    /* And once more, handled properly. */
    edu[EDU_RAISE] = 1;
    wait_events(&intx_events, n + 1, 1000000000ULL);
    CHECK(intx_events > n);
    edu[EDU_ACK] = edu[EDU_STATUS];
    CHECK_EQ(eoi(m.pirq), 0);

    cl.port = b.port;
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_close, &cl), 0);
    evtchn_set_handler(b.port, NULL);
    um.pirq = m.pirq;
    CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_unmap_pirq, &um), 0);
    edu_release();
    iopl.iopl = 0;
    CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl), 0);
}

/*
 * Physical interrupts for the hardware domain: GSIs mapped to PIRQs,
 * bound to event channels, acknowledged with PHYSDEVOP_eoi, and the
 * IO-APIC seen through PHYSDEVOP_apic_read.  The real interrupt is the
 * CMOS RTC's periodic interrupt (ISA IRQ 8, GSI 8 on QEMU's PC: edge,
 * active high), programmed through ports 0x70/0x71 at 16 Hz; each one is
 * acknowledged by reading RTC register C.  Hostile arguments get Xen
 * 4.17's errors.  QEMU's PC has one IO-APIC at 0xfec00000 with 24 pins.
 */
#include "guest.h"

#define IOAPIC_BASE     0xfec00000u
#define NR_GSIS         24
#define RTC_GSI         8
#define LEVEL_GSI       20      /* an unused PCI pin of the IO-APIC */
#define BAD_PIRQ        100000

static volatile unsigned int rtc_events;

static bool test_bit(unsigned int nr, const volatile unsigned long *map)
{
    return (map[nr / (8 * sizeof(long))] >> (nr % (8 * sizeof(long)))) & 1;
}

static inline void out8(uint16_t port, uint8_t v)
{
    asm volatile ( "outb %0, %1" :: "a" (v), "Nd" (port) );
}

static inline uint8_t in8(uint16_t port)
{
    uint8_t v;

    asm volatile ( "inb %1, %0" : "=a" (v) : "Nd" (port) );
    return v;
}

static uint8_t cmos_read(uint8_t reg)
{
    out8(0x70, reg);
    return in8(0x71);
}

static void cmos_write(uint8_t reg, uint8_t v)
{
    out8(0x70, reg);
    out8(0x71, v);
}

static long physdev(int cmd, void *arg)
{
    return HYPERVISOR_physdev_op(cmd, arg);
}

static long map_gsi(domid_t dom, int gsi, int *pirq)
{
    struct physdev_map_pirq m = {
        .domid = dom, .type = MAP_PIRQ_TYPE_GSI, .index = gsi, .pirq = *pirq,
    };
    long rc = physdev(PHYSDEVOP_map_pirq, &m);

    *pirq = m.pirq;
    return rc;
}

static long unmap(int pirq)
{
    struct physdev_unmap_pirq u = { .domid = DOMID_SELF, .pirq = pirq };

    return physdev(PHYSDEVOP_unmap_pirq, &u);
}

static long bind_pirq(uint32_t pirq, uint32_t flags, evtchn_port_t *port)
{
    struct evtchn_bind_pirq b = { .pirq = pirq, .flags = flags };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, &b);

    *port = b.port;
    return rc;
}

static long close_port(evtchn_port_t port)
{
    struct evtchn_close c = { .port = port };

    return HYPERVISOR_event_channel_op(EVTCHNOP_close, &c);
}

static long eoi(uint32_t pirq)
{
    struct physdev_eoi e = { .irq = pirq };

    return physdev(PHYSDEVOP_eoi, &e);
}

static void rtc_handler(evtchn_port_t port, struct trap_frame *f)
{
    (void)port;
    (void)f;
    cmos_read(0x0c);            /* acknowledge: the RTC lowers IRQ 8 */
    rtc_events++;
    eoi(RTC_GSI);
}

static void test_hostile(void)
{
    struct physdev_map_pirq m = { .domid = DOMID_SELF };
    struct physdev_irq_status_query q = { .irq = BAD_PIRQ };
    struct physdev_setup_gsi sg = { .gsi = NR_GSIS };
    struct physdev_apic apic = { .apic_physbase = IOAPIC_BASE + 0x1000 };
    int pirq = -1;
    evtchn_port_t port;

    CHECK_ERR(map_gsi(DOMID_SELF, NR_GSIS, &pirq), EINVAL);
    CHECK_ERR(map_gsi(DOMID_SELF, -1, &pirq), EINVAL);
    CHECK_ERR(map_gsi(0x7000, RTC_GSI, &pirq), ESRCH);
    pirq = BAD_PIRQ;
    CHECK_ERR(map_gsi(DOMID_SELF, RTC_GSI, &pirq), EINVAL);
    m.type = 99;
    m.index = RTC_GSI;
    CHECK_ERR(physdev(PHYSDEVOP_map_pirq, &m), EINVAL);
    CHECK_ERR(physdev(PHYSDEVOP_map_pirq, (void *)0x1000), EFAULT);

    CHECK_ERR(unmap(BAD_PIRQ), EINVAL);
    CHECK_ERR(unmap(-1), EINVAL);
    CHECK_ERR(unmap(NR_GSIS - 1), EINVAL);          /* not mapped */
    CHECK_ERR(eoi(BAD_PIRQ), EINVAL);
    CHECK_ERR(eoi(NR_GSIS - 1), EINVAL);            /* not mapped */
    CHECK_ERR(physdev(PHYSDEVOP_irq_status_query, &q), EINVAL);
    q.irq = -1;
    CHECK_ERR(physdev(PHYSDEVOP_irq_status_query, &q), EINVAL);
    CHECK_ERR(bind_pirq(BAD_PIRQ, 0, &port), EINVAL);
    CHECK_ERR(bind_pirq(NR_GSIS - 1, 0, &port), EPERM); /* not mapped */
    CHECK_ERR(HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, (void *)0x1000),
              EFAULT);

    CHECK_ERR(physdev(PHYSDEVOP_setup_gsi, &sg), EINVAL);
    sg.gsi = -1;
    CHECK_ERR(physdev(PHYSDEVOP_setup_gsi, &sg), EINVAL);
    CHECK_ERR(physdev(PHYSDEVOP_apic_read, &apic), EINVAL);
    CHECK_ERR(physdev(PHYSDEVOP_apic_write, &apic), EINVAL);
    CHECK_ERR(physdev(PHYSDEVOP_apic_read, (void *)0x1000), EFAULT);
}

GUEST_TEST(pirq)
{
    static unsigned long eoi_map[PAGE_SIZE / sizeof(unsigned long)]
        __attribute__((aligned(PAGE_SIZE)));
    struct physdev_set_iopl iopl = { .iopl = 1 };
    struct physdev_apic apic = { .apic_physbase = IOAPIC_BASE, .reg = 1 };
    struct physdev_irq_status_query q = { .irq = RTC_GSI };
    struct physdev_irq irq_op = { .irq = 9 };
    struct physdev_get_free_pirq fp = { .type = MAP_PIRQ_TYPE_GSI };
    struct physdev_pirq_eoi_gmfn eg = { .gmfn = ~0UL };
    struct physdev_setup_gsi sg = { .gsi = LEVEL_GSI, .triggering = 1 };
    struct evtchn_status st = { .dom = DOMID_SELF };
    uint8_t reg_a, reg_b;
    evtchn_port_t port, lport;
    int pirq, lpirq;
    unsigned int delivered;
    uint64_t deadline;

    /* Mapping interrupts is the hardware domain's: -EPERM for a domU. */
    if ( !IS_HWDOM() )
    {
        struct physdev_map_pirq mp = { .domid = DOMID_SELF, .pirq = -1,
                                       .type = MAP_PIRQ_TYPE_GSI, .index = 8 };

        CHECK_ERR(HYPERVISOR_physdev_op(PHYSDEVOP_map_pirq, &mp), EPERM);
        test_skip("physical interrupts are the hardware domain's");
    }

    CHECK_EQ(physdev(PHYSDEVOP_set_iopl, &iopl), 0);
    test_hostile();

    /* The IO-APIC: its version register says 24 pins. */
    CHECK_EQ(physdev(PHYSDEVOP_apic_read, &apic), 0);
    CHECK_EQ(((apic.value >> 16) & 0xff) + 1, NR_GSIS);
    CHECK_EQ(physdev(PHYSDEVOP_alloc_irq_vector, &irq_op), 0);
    CHECK_EQ(irq_op.vector, 9);

    /* The EOI bitmap: a frame of ours, registered once. */
    CHECK_ERR(physdev(PHYSDEVOP_pirq_eoi_gmfn_v2, &eg), EINVAL);
    eg.gmfn = virt_to_mfn(eoi_map);
    CHECK_EQ(physdev(PHYSDEVOP_pirq_eoi_gmfn_v2, &eg), 0);
    CHECK_ERR(physdev(PHYSDEVOP_pirq_eoi_gmfn_v2, &eg), EBUSY);

    /* A free PIRQ for a GSI comes from 16 up to the last GSI. */
    CHECK_EQ(physdev(PHYSDEVOP_get_free_pirq, &fp), 0);
    CHECK(fp.pirq >= 16 && fp.pirq < NR_GSIS);
    /* Reserved but not mapped: an EOI is harmless, an unmap refused. */
    CHECK_EQ(eoi(fp.pirq), 0);
    CHECK_ERR(unmap(fp.pirq), EINVAL);
    fp.type = MAP_PIRQ_TYPE_MSI;
    CHECK_EQ(physdev(PHYSDEVOP_get_free_pirq, &fp), 0);
    CHECK(fp.pirq >= NR_GSIS);
    test_info("free MSI pirq %d", fp.pirq);

    /* A level-triggered GSI: mapped onto a PIRQ of our choice, bound: needs EOIs. */
    CHECK_EQ(physdev(PHYSDEVOP_setup_gsi, &sg), 0);
    CHECK_ERR(physdev(PHYSDEVOP_setup_gsi, &sg), EEXIST);     /* once only */
    lpirq = 40;
    CHECK_EQ(map_gsi(DOMID_SELF, LEVEL_GSI, &lpirq), 0);
    CHECK_EQ(lpirq, 40);
    /* The same GSI again: the PIRQ it has; another PIRQ: -EEXIST. */
    lpirq = -1;
    CHECK_EQ(map_gsi(DOMID_SELF, LEVEL_GSI, &lpirq), 0);
    CHECK_EQ(lpirq, 40);
    lpirq = 41;
    CHECK_ERR(map_gsi(DOMID_SELF, LEVEL_GSI, &lpirq), EEXIST);
    lpirq = 40;
    CHECK_EQ(bind_pirq(lpirq, BIND_PIRQ__WILL_SHARE, &lport), 0);
    CHECK_ERR(bind_pirq(lpirq, 0, &port), EEXIST);
    CHECK(test_bit(lpirq, eoi_map));
    st.port = lport;
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_status, &st), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_pirq);
    CHECK_EQ(st.u.pirq, 40);
    CHECK_EQ(st.vcpu, 0);
    CHECK_EQ(close_port(lport), 0);
    CHECK_EQ(unmap(lpirq), 0);
    CHECK_ERR(unmap(lpirq), EINVAL);
    CHECK_ERR(bind_pirq(lpirq, 0, &port), EPERM);

    /* The RTC: GSI 8 onto PIRQ 8, as Linux maps its GSIs. */
    sg.gsi = RTC_GSI;
    sg.triggering = 0;
    CHECK_EQ(physdev(PHYSDEVOP_setup_gsi, &sg), 0);
    pirq = RTC_GSI;
    CHECK_EQ(map_gsi(DOMID_SELF, RTC_GSI, &pirq), 0);
    CHECK_EQ(pirq, RTC_GSI);
    CHECK_EQ(physdev(PHYSDEVOP_irq_status_query, &q), 0);
    CHECK(q.flags & XENIRQSTAT_needs_eoi);
    CHECK(!(q.flags & XENIRQSTAT_shared));
    CHECK_EQ(bind_pirq(pirq, 0, &port), 0);
    CHECK(port < EVTCHN_TRACKED);
    /* Edge-triggered: acknowledged by the hypervisor, no EOI needed. */
    CHECK(!test_bit(pirq, eoi_map));
    evtchn_set_handler(port, rtc_handler);

    rtc_events = 0;
    delivered = evtchn_deliveries[port];
    reg_a = cmos_read(0x0a);
    reg_b = cmos_read(0x0b);
    cmos_write(0x0a, (reg_a & 0xf0) | 0x0c);    /* 16 Hz */
    cmos_write(0x0b, reg_b | 0x40);             /* periodic interrupt on */
    cmos_read(0x0c);
    deadline = now_ns() + 3000000000ULL;
    while ( rtc_events < 4 && now_ns() < deadline )
        barrier();
    cmos_write(0x0b, reg_b & ~0x40);
    cmos_write(0x0a, reg_a);
    cmos_read(0x0c);
    test_info("%u RTC interrupts", rtc_events);
    CHECK(rtc_events >= 4);
    CHECK_EQ(evtchn_deliveries[port] - delivered, rtc_events);

    /* Unmapping a bound PIRQ detaches the IRQ; the port stays until closed. */
    CHECK_EQ(unmap(pirq), 0);
    st.port = port;
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_status, &st), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_pirq);
    CHECK_EQ(close_port(port), 0);
    evtchn_set_handler(port, NULL);
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_status, &st), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_closed);
    CHECK_ERR(eoi(pirq), EINVAL);
    /* Xen 4.17 takes the IRQ away from the domain at unmap, for good. */
    CHECK_ERR(map_gsi(DOMID_SELF, RTC_GSI, &pirq), EPERM);

    /* GSI 0 is not dom0's. */
    pirq = -1;
    CHECK_ERR(map_gsi(DOMID_SELF, 0, &pirq), EPERM);

    /* The PIT's GSI (ISA IRQ 0 on QEMU's PC): Linux maps it, binding fails. */
    pirq = 2;
    CHECK_EQ(map_gsi(DOMID_SELF, 2, &pirq), 0);
    CHECK_ERR(bind_pirq(pirq, 0, &port), EBUSY);
    CHECK_EQ(unmap(pirq), 0);

    /* The console UART's IRQ (COM1: GSI 4) is the hypervisor's. */
    pirq = 4;
    CHECK_EQ(map_gsi(DOMID_SELF, 4, &pirq), 0);
    CHECK_ERR(bind_pirq(pirq, 0, &port), EBUSY);
    CHECK_EQ(unmap(pirq), 0);

    iopl.iopl = 0;
    CHECK_EQ(physdev(PHYSDEVOP_set_iopl, &iopl), 0);
}

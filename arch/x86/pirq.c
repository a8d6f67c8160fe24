/*
 * Physical IRQs delivered to the hardware domain as events (asm/pirq.h
 * has the model).  How an interrupt travels:
 *
 *   device -> IO-APIC pin (routed by pirq_guest_bind to a vector of ours,
 *   on the CPU dom0's vCPU 0 runs on), or an MSI (the device's message
 *   written by msi.c when dom0 maps the PIRQ) -> pirq_interrupt (interrupt
 *   context): a level-triggered pin is masked first, then the LAPIC is
 *   acknowledged, and the IRQ is marked pending -> PIRQ_SOFTIRQ
 *   (pirq_softirq, interrupts on): under d->event_lock, the bound port is
 *   raised -> dom0's upcall.  Level-triggered pins stay masked (in flight)
 *   until dom0's PHYSDEVOP_eoi, which unmasks them (Xen's "unmask" ack
 *   type), or for at most EOI_TIMEOUT: then the hypervisor unmasks the
 *   pin itself, as Xen does, so that a guest cannot hold a line masked;
 *   edge-triggered pins need no EOI.
 *
 * The EOI bitmap (PHYSDEVOP_pirq_eoi_gmfn_v1/v2) is a page of dom0's in
 * which bit p says "PIRQ p needs PHYSDEVOP_eoi"; we set it when a
 * level-triggered PIRQ is bound and clear it for an edge-triggered one,
 * as Xen.  With v1, an EOI also unmasks the PIRQ's event channel.
 *
 * Which IRQs a domain may map is d->arch.irq_caps, as Xen's: dom0
 * starts with every GSI but GSI 0 (as Xen keeps IRQ 0: -EPERM at map
 * time), and loses an IRQ for good when it unmaps it (Xen 4.17 revokes
 * the access at unmap).  The PIT's GSI (where ISA IRQ 0 arrives; Linux
 * maps it at boot, as under Xen) and the hypervisor's own lines
 * (io_apic_gsi_is_xen: the console UART's) may be mapped but are never
 * bound (-EBUSY, as Xen says for an IRQ it uses itself).
 */
#include <xen/lib.h>
#include <xen/bitmap.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/event.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>
#include <xen/timer.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/mm.h>
#include <asm/msi.h>
#include <asm/pci.h>
#include <asm/page.h>
#include <asm/pirq.h>
#include <asm/smp.h>
#include <public/physdev.h>

#define MAX_GSIS        256
#define NR_MSI_IRQS     64      /* host IRQs nr_gsis.. for MSI */
#define MAX_IRQS        (MAX_GSIS + NR_MSI_IRQS)
#define NR_ISA_IRQS     16
#define MAX_MSI_VECTORS 32      /* MULTI_MSI's limit, as Xen's */
#define MSI_NO_DEVICE   0xffff  /* desc->bdf of an MSI IRQ not set up yet */
#define EOI_TIMEOUT     MILLISECS(1)    /* Xen's */
/* PIRQs beyond the GSIs' (Xen's defaults): for MSIs and for mapping by number. */
#define EXTRA_DOM0_PIRQS 256
#define EXTRA_DOMU_PIRQS 32

struct irq_desc {
    spinlock_t lock;
    uint8_t vector;             /* 0 until first used, then kept for good */
    /* MSI IRQs: allocated at map time, for the device bdf (bus << 8 | devfn). */
    bool is_msi, msi_in_use, msi_maskable;
    uint16_t bdf;
    bool level, active_low;     /* the pin's mode: MADT, setup_gsi, apic_write */
    bool configured;            /* setup_gsi done (sticky, as Xen's) */
    /* Mapping (d->event_lock and lock): which domain's PIRQ names us. */
    struct domain *owner;
    unsigned int pirq;
    /* Binding (d->event_lock and lock): delivery goes to owner's pirq. */
    bool bound;
    bool in_flight;             /* level: masked until the guest's EOI */
    bool pending;               /* interrupt seen, event not raised yet */
    struct timer eoi_timer;     /* forces the EOI of a guest that is late */
};

static struct irq_desc irq_desc[MAX_IRQS];
static unsigned int nr_gsis, nr_irqs;
static uint16_t vector_irq[256];

static void pirq_interrupt(struct cpu_user_regs *regs)
{
    struct irq_desc *desc = &irq_desc[vector_irq[regs->entry_vector]];

    spin_lock(&desc->lock);
    if ( desc->level && desc->bound )
    {
        /* Masked before the LAPIC's EOI, or the still-asserted line fires again. */
        io_apic_set_masked(desc - irq_desc, true);
        desc->in_flight = true;
    }
    ack_APIC_irq();
    if ( desc->bound )
    {
        __atomic_store_n(&desc->pending, true, __ATOMIC_SEQ_CST);
        raise_softirq(PIRQ_SOFTIRQ);
    }
    spin_unlock(&desc->lock);
}

/* Raise the port of every IRQ that interrupted since the last run. */
static void pirq_softirq(void)
{
    unsigned int irq;

    for ( irq = 1; irq < nr_irqs; irq++ )
    {
        struct irq_desc *desc = &irq_desc[irq];
        struct domain *d;
        unsigned long flags;
        unsigned int pirq;

        if ( !__atomic_exchange_n(&desc->pending, false, __ATOMIC_SEQ_CST) )
            continue;
        spin_lock_irqsave(&desc->lock, flags);
        d = desc->bound ? desc->owner : NULL;
        pirq = desc->pirq;
        spin_unlock_irqrestore(&desc->lock, flags);
        if ( !d )
            continue;
        spin_lock(&d->event_lock);
        /* Still bound to the same PIRQ: the event lock keeps it so. */
        if ( desc->bound && desc->owner == d && desc->pirq == pirq &&
             d->arch.pirqs[pirq].evtchn )
        {
            if ( desc->level )
                set_timer(&desc->eoi_timer, NOW() + EOI_TIMEOUT);
            evtchn_send_pirq(d, d->arch.pirqs[pirq].evtchn);
        }
        spin_unlock(&d->event_lock);
    }
}

/* The guest did not EOI in time: unmask the pin for it (Xen's forced EOI). */
static void eoi_timeout(void *data)
{
    struct irq_desc *desc = data;
    unsigned long flags;

    spin_lock_irqsave(&desc->lock, flags);
    if ( desc->bound && desc->in_flight )
    {
        desc->in_flight = false;
        io_apic_set_masked(desc - irq_desc, false);
    }
    spin_unlock_irqrestore(&desc->lock, flags);
}

void pirq_init(void)
{
    unsigned int i, gsi;
    bool level, low;

    nr_gsis = min(io_apic_nr_gsis(), (unsigned int)MAX_GSIS);
    nr_irqs = nr_gsis + NR_MSI_IRQS;
    for ( i = 0; i < nr_irqs; i++ )
    {
        spin_lock_init(&irq_desc[i].lock);
        init_timer(&irq_desc[i].eoi_timer, eoi_timeout, &irq_desc[i], 0);
        irq_desc[i].is_msi = i >= nr_gsis;
        /* Beyond the ISA IRQs: PCI interrupts, level-triggered, active low. */
        irq_desc[i].level = irq_desc[i].active_low =
            i >= NR_ISA_IRQS && i < nr_gsis;
    }
    for ( i = 0; i < NR_ISA_IRQS; i++ )
    {
        gsi = acpi_isa_irq_to_gsi(i, &level, &low);
        if ( gsi < nr_gsis )
        {
            irq_desc[gsi].level = level;
            irq_desc[gsi].active_low = low;
        }
    }
    open_softirq(PIRQ_SOFTIRQ, pirq_softirq);
}

int pirq_domain_init(struct domain *d, bool hardware)
{
    unsigned int n = nr_gsis + (hardware ? EXTRA_DOM0_PIRQS : EXTRA_DOMU_PIRQS);

    d->arch.pirqs = xzalloc_bytes(n * sizeof(*d->arch.pirqs));
    d->arch.irq_caps = xzalloc_bytes(BITS_TO_LONGS(MAX_IRQS) * sizeof(long));
    if ( !d->arch.pirqs || !d->arch.irq_caps )
    {
        xfree(d->arch.pirqs);
        xfree(d->arch.irq_caps);
        d->arch.pirqs = NULL;
        d->arch.irq_caps = NULL;
        return -ENOMEM;
    }
    d->arch.nr_pirqs = n;
    if ( !hardware )
        return 0;
    bitmap_set(d->arch.irq_caps, 1, nr_gsis - 1);
    return 0;
}

/* The PIT's pin (unused by us after boot, but a timer no guest gets) or ours. */
static bool gsi_is_hypervisors(unsigned int gsi)
{
    bool level, low;

    return gsi == acpi_isa_irq_to_gsi(0, &level, &low) || io_apic_gsi_is_xen(gsi);
}

/* May d have IRQ irq (Xen's irq_access_permitted)?  @pre event_lock held. */
static bool irq_permitted(const struct domain *d, int irq)
{
    return d->arch.irq_caps && irq > 0 && (unsigned int)irq < nr_irqs &&
           test_bit(irq, d->arch.irq_caps);
}

static bool pirq_is_free(const struct pirq *p)
{
    return !p->irq && !p->evtchn;
}

/* The PIRQ irq is mapped to in d, 0 if none. */
static unsigned int irq_to_pirq(const struct domain *d, unsigned int irq)
{
    return irq_desc[irq].owner == d ? irq_desc[irq].pirq : 0;
}

/* @pre d->event_lock held. */
static int get_free_pirq(struct domain *d, int type)
{
    unsigned int i;

    if ( type == MAP_PIRQ_TYPE_GSI )
        for ( i = NR_ISA_IRQS; i < nr_gsis && i < d->arch.nr_pirqs; i++ )
            if ( pirq_is_free(&d->arch.pirqs[i]) )
                return i;
    for ( i = d->arch.nr_pirqs; i-- > nr_gsis; )
        if ( pirq_is_free(&d->arch.pirqs[i]) )
            return i;
    return -ENOSPC;
}

int pirq_get_free(struct domain *d, int type)
{
    int pirq;

    spin_lock(&d->event_lock);
    pirq = get_free_pirq(d, type);
    if ( pirq >= 0 )
        d->arch.pirqs[pirq].irq = PIRQ_ALLOCATED;
    spin_unlock(&d->event_lock);
    return pirq;
}

/*
 * MAP_PIRQ_TYPE_GSI, in Xen's order: the GSI's range; the PIRQ (given, or
 * the one the IRQ has, or a free one); the caller's right to the IRQ; the
 * PIRQ's range.  A PIRQ or IRQ mapped elsewhere already is left alone and
 * the call "succeeds", as in Xen.
 */
int pirq_map_gsi(struct domain *d, int gsi, int *pirq_p)
{
    unsigned int cur;
    unsigned long flags;
    int pirq = *pirq_p, rc = 0;

    if ( gsi < 0 || (unsigned int)gsi >= nr_gsis )
        return -EINVAL;
    spin_lock(&d->event_lock);
    cur = irq_to_pirq(d, gsi);
    if ( pirq < 0 )
        pirq = cur ? (int)cur : get_free_pirq(d, MAP_PIRQ_TYPE_GSI);
    else if ( cur && (unsigned int)pirq != cur )
        pirq = -EEXIST;
    if ( pirq < 0 )
        rc = pirq;
    else if ( !irq_permitted(current->domain, gsi) )
        rc = -EPERM;
    else if ( (unsigned int)pirq >= d->arch.nr_pirqs )
        rc = -EINVAL;
    else if ( (d->arch.pirqs[pirq].irq > 0 && d->arch.pirqs[pirq].irq != gsi) ||
              (irq_desc[gsi].owner && irq_desc[gsi].owner != d) ||
              (cur && cur != (unsigned int)pirq) )
        printk(XENLOG_G_WARNING "d%u: PIRQ %d or GSI %d already mapped\n",
               d->domain_id, pirq, gsi);
    else
    {
        /* The domain may now have the IRQ (Xen's irq_permit_access). */
        __set_bit(gsi, d->arch.irq_caps);
        d->arch.pirqs[pirq].irq = gsi;
        spin_lock_irqsave(&irq_desc[gsi].lock, flags);
        irq_desc[gsi].owner = d;
        irq_desc[gsi].pirq = pirq;
        spin_unlock_irqrestore(&irq_desc[gsi].lock, flags);
    }
    if ( !rc )
        *pirq_p = pirq;
    spin_unlock(&d->event_lock);
    return rc;
}

/*
 * MSI host IRQs: a free descriptor beyond the GSIs, with a vector of its
 * own (kept by the descriptor for later users), given to the caller's
 * IRQ permissions as Xen's create_irq does.  @pre current's event_lock.
 */
static int msi_irq_alloc(void)
{
    unsigned int irq;
    int vector;

    for ( irq = nr_gsis; irq < nr_irqs; irq++ )
        if ( !irq_desc[irq].msi_in_use )
            break;
    if ( irq == nr_irqs )
        return -ENOSPC;
    if ( !irq_desc[irq].vector )
    {
        vector = alloc_dynamic_vector(pirq_interrupt);
        if ( vector < 0 )
            return vector;
        vector_irq[vector] = irq;
        irq_desc[irq].vector = vector;
    }
    irq_desc[irq].msi_in_use = true;
    __set_bit(irq, current->domain->arch.irq_caps);
    return irq;
}

/* The device's MSI off, the descriptor free again. */
static void msi_irq_free(struct irq_desc *desc)
{
    if ( desc->bdf != MSI_NO_DEVICE )
        msi_teardown(desc->bdf >> 8, desc->bdf & 0xff);
    desc->bdf = MSI_NO_DEVICE;
    desc->msi_in_use = false;
    __clear_bit(desc - irq_desc, current->domain->arch.irq_caps);
}

/*
 * MAP_PIRQ_TYPE_MSI / MULTI_MSI (one vector), in Xen's order: the IRQ
 * (only a new one: index -1), the vector count, the PIRQ, the device
 * (reported by dom0, with an MSI capability: -ENODEV), its MSI-X table
 * (not driven: -EOPNOTSUPP).  Nothing stays allocated on failure.
 */
int pirq_map_msi(struct domain *d, int type, int index, int *pirq_p,
                 unsigned int seg, unsigned int bus, unsigned int devfn,
                 int *entry_nr, uint64_t table_base)
{
    struct irq_desc *desc;
    unsigned long flags;
    int irq, pirq = *pirq_p, rc;
    bool maskable;

    if ( type == MAP_PIRQ_TYPE_MSI && !table_base )
        *entry_nr = 1;
    if ( type == MAP_PIRQ_TYPE_MSI && index != -1 )
        return -EINVAL;         /* only new IRQs: an existing one is no GSI */
    if ( !current->domain->arch.irq_caps )
        return -EINVAL;
    spin_lock(&d->event_lock);
    irq = msi_irq_alloc();
    if ( irq < 0 )
    {
        spin_unlock(&d->event_lock);
        return -EINVAL;         /* Xen: "can't create irq for msi" */
    }
    desc = &irq_desc[irq];
    desc->bdf = MSI_NO_DEVICE;
    if ( type == MAP_PIRQ_TYPE_MULTI_MSI &&
         (*entry_nr <= 0 || *entry_nr > MAX_MSI_VECTORS) )
        rc = -EDOM;
    else if ( type == MAP_PIRQ_TYPE_MULTI_MSI && *entry_nr != 1 )
        rc = -EOPNOTSUPP;       /* more than one vector needs remapping */
    else if ( pirq < 0 && (pirq = get_free_pirq(d, MAP_PIRQ_TYPE_MSI)) < 0 )
        rc = pirq;
    else if ( (unsigned int)pirq >= d->arch.nr_pirqs )
        rc = -EINVAL;
    else if ( d->arch.pirqs[pirq].irq > 0 )
        rc = -EBUSY;
    else if ( seg || !pci_dev_known(seg, bus, devfn) )
        rc = -ENODEV;
    else if ( table_base )
        rc = -EOPNOTSUPP;       /* MSI-X */
    else
        rc = msi_setup(bus, devfn, desc->vector,
                       x86_cpu_to_apicid[d->vcpu[0] ? d->vcpu[0]->processor : 0],
                       &maskable);
    if ( rc )
        msi_irq_free(desc);
    else
    {
        d->arch.pirqs[pirq].irq = irq;
        spin_lock_irqsave(&desc->lock, flags);
        desc->bdf = bus << 8 | devfn;
        desc->msi_maskable = maskable;
        desc->owner = d;
        desc->pirq = pirq;
        spin_unlock_irqrestore(&desc->lock, flags);
        *pirq_p = pirq;
    }
    spin_unlock(&d->event_lock);
    return rc;
}

/* Stop delivering irq: pin masked, nothing in flight.  @pre lock held. */
static void irq_detach(struct irq_desc *desc)
{
    if ( !desc->is_msi )
        io_apic_set_masked(desc - irq_desc, true);
    desc->bound = false;
    desc->in_flight = false;
    __atomic_store_n(&desc->pending, false, __ATOMIC_SEQ_CST);
}

int pirq_unmap(struct domain *d, int pirq)
{
    struct irq_desc *desc;
    unsigned long flags;
    int irq, rc = 0;

    if ( pirq < 0 || (unsigned int)pirq >= d->arch.nr_pirqs )
        return -EINVAL;
    spin_lock(&d->event_lock);
    irq = d->arch.pirqs[pirq].irq;
    if ( irq <= 0 )
        rc = -EINVAL;
    else
    {
        desc = &irq_desc[irq];
        spin_lock_irqsave(&desc->lock, flags);
        if ( desc->bound )
        {
            printk(XENLOG_G_WARNING "d%u: PIRQ %d unmapped while bound\n",
                   d->domain_id, pirq);
            irq_detach(desc);
        }
        desc->owner = NULL;
        desc->pirq = 0;
        spin_unlock_irqrestore(&desc->lock, flags);
        d->arch.pirqs[pirq].irq = 0;
        __clear_bit(irq, d->arch.irq_caps);
        if ( desc->is_msi )
            msi_irq_free(desc);
    }
    spin_unlock(&d->event_lock);
    return rc;
}

static void eoi_map_update(struct domain *d, unsigned int pirq, bool needs_eoi)
{
    unsigned long *map = d->arch.pirq_eoi_map, bit = 1UL << (pirq % 64);

    if ( !map || pirq >= PAGE_SIZE * 8 )
        return;
    if ( needs_eoi )
        __atomic_fetch_or(&map[pirq / 64], bit, __ATOMIC_SEQ_CST);
    else
        __atomic_fetch_and(&map[pirq / 64], ~bit, __ATOMIC_SEQ_CST);
}

int pirq_bind_check(struct domain *d, unsigned int pirq)
{
    if ( pirq >= d->arch.nr_pirqs )
        return -EINVAL;
    if ( d->arch.pirqs[pirq].irq <= 0 )
        return -EPERM;
    if ( d->arch.pirqs[pirq].evtchn )
        return -EEXIST;
    return 0;
}

int pirq_guest_bind(struct domain *d, unsigned int pirq, unsigned int port)
{
    unsigned int irq = d->arch.pirqs[pirq].irq;
    struct irq_desc *desc = &irq_desc[irq];
    const struct vcpu *v = d->vcpu[0];
    unsigned long flags;
    int vector, rc = 0;

    if ( (!desc->is_msi && gsi_is_hypervisors(irq)) || desc->bound )
    {
        printk(XENLOG_G_INFO "d%u: cannot bind IRQ %u: %s\n", d->domain_id,
               irq, desc->bound ? "bound already" : "the hypervisor's");
        return -EBUSY;
    }
    if ( desc->is_msi )
    {
        /* The device's message was written at map time. */
        spin_lock_irqsave(&desc->lock, flags);
        desc->bound = true;
        d->arch.pirqs[pirq].evtchn = port;
        /* As Xen: an MSI without mask bits must be EOIed (a no-op here). */
        eoi_map_update(d, pirq, !desc->msi_maskable);
        spin_unlock_irqrestore(&desc->lock, flags);
        return 0;
    }
    if ( !desc->vector )
    {
        vector = alloc_dynamic_vector(pirq_interrupt);
        if ( vector < 0 )
            return vector;
        vector_irq[vector] = irq;
        desc->vector = vector;
    }
    spin_lock_irqsave(&desc->lock, flags);
    rc = io_apic_route_gsi(irq, desc->vector,
                           x86_cpu_to_apicid[v ? v->processor : 0],
                           desc->level, desc->active_low);
    if ( !rc )
    {
        desc->bound = true;
        desc->in_flight = false;
        d->arch.pirqs[pirq].evtchn = port;
        eoi_map_update(d, pirq, desc->level);
        io_apic_set_masked(irq, false);
    }
    spin_unlock_irqrestore(&desc->lock, flags);
    return rc;
}

void pirq_guest_unbind(struct domain *d, unsigned int pirq)
{
    int irq = d->arch.pirqs[pirq].irq;
    unsigned long flags;

    d->arch.pirqs[pirq].evtchn = 0;
    if ( irq <= 0 || irq_desc[irq].owner != d )
        return;
    spin_lock_irqsave(&irq_desc[irq].lock, flags);
    irq_detach(&irq_desc[irq]);
    spin_unlock_irqrestore(&irq_desc[irq].lock, flags);
}

/* A level-triggered pin in flight is unmasked.  @pre d->event_lock held. */
static void guest_eoi(struct domain *d, unsigned int pirq)
{
    int irq = d->arch.pirqs[pirq].irq;
    struct irq_desc *desc;
    unsigned long flags;

    if ( irq <= 0 )
        return;
    desc = &irq_desc[irq];
    stop_timer(&desc->eoi_timer);
    spin_lock_irqsave(&desc->lock, flags);
    if ( desc->owner == d && desc->bound && desc->in_flight )
    {
        desc->in_flight = false;
        io_apic_set_masked(irq, false);
    }
    spin_unlock_irqrestore(&desc->lock, flags);
}

int pirq_eoi(struct domain *d, unsigned int pirq)
{
    int rc = 0;

    if ( pirq >= d->arch.nr_pirqs )
        return -EINVAL;
    spin_lock(&d->event_lock);
    if ( pirq_is_free(&d->arch.pirqs[pirq]) )
        rc = -EINVAL;
    else
    {
        if ( d->arch.pirq_eoi_auto_unmask && d->arch.pirqs[pirq].evtchn )
            evtchn_unmask(d, d->arch.pirqs[pirq].evtchn);
        guest_eoi(d, pirq);
    }
    spin_unlock(&d->event_lock);
    return rc;
}

/* PHYSDEVOP_IRQ_UNMASK_NOTIFY: EOI every PIRQ whose port is unmasked. */
int pirq_unmask_notify(struct domain *d)
{
    unsigned int pirq;

    spin_lock(&d->event_lock);
    for ( pirq = 0; pirq < d->arch.nr_pirqs; pirq++ )
        if ( d->arch.pirqs[pirq].evtchn &&
             !evtchn_port_is_masked(d, d->arch.pirqs[pirq].evtchn) )
            guest_eoi(d, pirq);
    spin_unlock(&d->event_lock);
    return 0;
}

/*
 * The EOI bitmap: a frame of d's (a PV domain names machine frames),
 * which keeps a writable type reference for the domain's lifetime.
 */
int pirq_set_eoi_map(struct domain *d, unsigned long gmfn, bool auto_unmask)
{
    struct page_info *pg;
    unsigned long none = 0;

    if ( !mfn_valid(gmfn) )
        return -EINVAL;
    pg = mfn_to_page(gmfn);
    if ( get_page_and_type(pg, d, PGT_writable_page) )
        return -EINVAL;
    if ( !__atomic_compare_exchange_n(&d->arch.pirq_eoi_map_mfn, &none, gmfn,
                                      false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) )
    {
        put_page_and_type(pg);
        return -EBUSY;
    }
    d->arch.pirq_eoi_auto_unmask = auto_unmask;
    __atomic_store_n(&d->arch.pirq_eoi_map, __va(gmfn << PAGE_SHIFT),
                     __ATOMIC_RELEASE);
    return 0;
}

/*
 * PHYSDEVOP_setup_gsi: the pin's trigger mode and polarity from dom0's
 * ACPI tables; once per GSI (-EEXIST after), and not while bound or the
 * hypervisor's (-EEXIST, as Xen for a line in use).
 */
int pirq_setup_gsi(int gsi, bool level, bool active_low)
{
    struct irq_desc *desc;
    unsigned long flags;
    int rc = 0;

    if ( gsi < 0 || (unsigned int)gsi >= nr_gsis )
        return -EINVAL;
    desc = &irq_desc[gsi];
    spin_lock_irqsave(&desc->lock, flags);
    if ( desc->bound || desc->configured || io_apic_gsi_is_xen(gsi) )
        rc = -EEXIST;
    else
    {
        desc->configured = true;
        desc->level = level;
        desc->active_low = active_low;
    }
    spin_unlock_irqrestore(&desc->lock, flags);
    return rc;
}

void pirq_guest_set_mode(unsigned int gsi, bool level, bool active_low)
{
    struct irq_desc *desc;
    unsigned long flags;

    if ( gsi >= nr_gsis || io_apic_gsi_is_xen(gsi) )
        return;
    desc = &irq_desc[gsi];
    spin_lock_irqsave(&desc->lock, flags);
    if ( !desc->bound )
    {
        desc->level = level;
        desc->active_low = active_low;
    }
    spin_unlock_irqrestore(&desc->lock, flags);
}

#ifndef ASM_PIRQ_H
#define ASM_PIRQ_H

#include <xen/types.h>

/*
 * Physical IRQs of the hardware domain (arch/x86/pirq.c).
 *
 * A host IRQ is a GSI (an IO-APIC pin; irq == gsi, and GSI 0 is never a
 * guest's) or, above the GSIs, an MSI of a PCI device (created when dom0
 * maps it, freed when it unmaps it).  A domain names host IRQs through its own PIRQ numbers
 * 0..nr_pirqs-1:
 *   map (PHYSDEVOP_map_pirq)     pirq -> irq, one PIRQ per IRQ
 *   bind (EVTCHNOP_bind_pirq)    pirq -> event channel; the pin is routed
 *                                to a vector of ours and unmasked
 *   delivery                     the interrupt raises the bound port; a
 *                                level-triggered pin stays masked until
 *                                the domain's PHYSDEVOP_eoi
 *   close, unmap                 undo in reverse (unmap of a bound PIRQ
 *                                detaches the IRQ; the port stays until
 *                                closed, as in Xen)
 * Invariant: d->arch.pirqs[p].irq == irq > 0 exactly when IRQ irq's
 * descriptor names d as its owner and p as its PIRQ (one PIRQ per IRQ,
 * one IRQ per PIRQ); an IRQ is bound only while so mapped, or detached;
 * a domain has every IRQ it has mapped in its irq_caps.
 * Locks: d->event_lock protects d's PIRQ table and the IRQs' mappings;
 * each IRQ's descriptor lock (taken inside it, interrupts off) protects
 * what the interrupt handler reads.  Every PV domain has a PIRQ table;
 * only IRQs in its irq_caps can be mapped by it (the hardware domain's:
 * its GSIs; others: none), and only the control domain maps at all.
 */

#define PIRQ_ALLOCATED  (-1)    /* pirq.irq: reserved by get_free_pirq */

struct pirq {
    int irq;                    /* 0: none; PIRQ_ALLOCATED; else the host IRQ */
    unsigned int evtchn;        /* bound event channel port, 0 if none */
};

struct domain;

/* Host IRQ descriptors and the delivery softirq; BSP, after io_apic_init. */
void pirq_init(void);
/*
 * Give d its PIRQ table (the GSIs' numbers and, as in Xen, 256 more for
 * the hardware domain, 32 for others) and its IRQ permissions: every GSI
 * but the timer's for the hardware domain, none for others.
 */
int pirq_domain_init(struct domain *d, bool hardware);

/* PHYSDEVOP_* back ends; error codes as Xen 4.17's. */
int pirq_map_gsi(struct domain *d, int gsi, int *pirq);
int pirq_map_msi(struct domain *d, int type, int index, int *pirq,
                 unsigned int seg, unsigned int bus, unsigned int devfn,
                 int *entry_nr, uint64_t table_base);
int pirq_unmap(struct domain *d, int pirq);
int pirq_get_free(struct domain *d, int type);
int pirq_eoi(struct domain *d, unsigned int pirq);
int pirq_unmask_notify(struct domain *d);
int pirq_set_eoi_map(struct domain *d, unsigned long gmfn, bool auto_unmask);
int pirq_setup_gsi(int gsi, bool level, bool active_low);
/* PHYSDEVOP_apic_write on a redirection entry: the pin's mode, if unused. */
void pirq_guest_set_mode(unsigned int gsi, bool level, bool active_low);

/*
 * EVTCHNOP_bind_pirq / close (common/event_channel.c, d->event_lock held):
 * check that pirq may be bound (-EINVAL, -EPERM, -EEXIST), then bind it to
 * port (-EBUSY if the hypervisor keeps the IRQ); unbind on close.
 */
int pirq_bind_check(struct domain *d, unsigned int pirq);
int pirq_guest_bind(struct domain *d, unsigned int pirq, unsigned int port);
void pirq_guest_unbind(struct domain *d, unsigned int pirq);

#endif

#ifndef XEN_EVENT_H
#define XEN_EVENT_H

/*
 * Event channels, 2-level ABI (common/event_channel.c).
 *
 * A domain has EVTCHN_2L_NR_PORTS ports; each is in one state:
 *   free -> unbound (alloc_unbound: waits for a remote_dom to bind)
 *        -> interdomain (bind_interdomain: both ends point at each other)
 *   free -> virq (bind_virq) | ipi (bind_ipi) | pirq (bind_pirq, asm/pirq.h)
 * and back to free on close (closing one end of an interdomain pair
 * leaves the other end unbound, waiting for the same domain).  Port 0 is
 * reserved and never allocated.
 *
 * Raising port p (Xen's rules): set pending bit p in shared_info; if it
 * was clear and p is not masked, set bit p/64 of the notified vCPU's
 * evtchn_pending_sel and, if that was clear, its evtchn_upcall_pending.
 * An upcall is delivered on the vCPU's next return to the guest while
 * evtchn_upcall_mask is clear (pv_deliver_events, arch/x86/pv/domain.c).
 *
 * Locks: d->event_lock protects the port table; both ends of an
 * interdomain pair change only under both domains' locks, taken in
 * address order.  Handlers run in
 * hypercall or softirq context, never in interrupt context.
 */
#include <xen/types.h>
#include <xen/sched.h>
#include <public/event_channel.h>

struct domain;
struct vcpu;

/* 64 words of 64 bits: the 64-bit 2-level ABI's limit. */
#define EVTCHN_2L_NR_PORTS  4096
/*
 * Ports become valid in buckets of 64 as they are first allocated (and
 * stay valid), as in Xen: a port beyond the last bucket is -EINVAL even
 * where a port of a used bucket would report "closed".
 */
#define EVTCHNS_PER_BUCKET  64

enum evtchn_state {
    ECS_FREE = 0,
    ECS_RESERVED,               /* port 0 */
    ECS_UNBOUND,
    ECS_INTERDOMAIN,
    ECS_PIRQ,
    ECS_VIRQ,
    ECS_IPI,
};

struct evtchn {
    uint8_t state;              /* enum evtchn_state */
    uint16_t remote_dom;        /* unbound: who may bind; interdomain: peer */
    uint32_t notify_vcpu;       /* vCPU whose selector/upcall is raised */
    uint32_t u;                 /* interdomain: peer port; virq: VIRQ_* */
};

/* Allocates d's port table; -ENOMEM.  Called by domain_create(). */
int evtchn_init(struct domain *d);

/*
 * Bind a fresh port of a and one of b to each other (a static link of
 * boot-time domains): 0 with *pa, *pb, or -ENOSPC.  @pre: a != b.
 */
int evtchn_bind_static_pair(struct domain *a, struct domain *b,
                            evtchn_port_t *pa, evtchn_port_t *pb);

/* Raise VIRQ virq (per-vCPU or global) if the guest bound it. */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
void send_guest_global_virq(struct domain *d, unsigned int virq);

/* Is port p (< EVTCHN_2L_NR_PORTS) pending in d's shared_info? */
bool evtchn_port_is_pending(const struct domain *d, evtchn_port_t p);
/*
 * For the PIRQ code (asm/pirq.h), d->event_lock held: raise port p,
 * bound to a PIRQ; EVTCHNOP_unmask for p; is p masked?
 */
void evtchn_send_pirq(struct domain *d, evtchn_port_t p);
long evtchn_unmask(struct domain *d, evtchn_port_t p);
bool evtchn_port_is_masked(const struct domain *d, evtchn_port_t p);

/* Is p in one of d's allocated buckets? */
bool evtchn_port_valid(const struct domain *d, evtchn_port_t p);

/*
 * Should v take an upcall now (pending and not masked)?  Inline: every
 * exit to a guest asks.  Both fields are at the same offsets in the
 * 32-bit vcpu_info.
 */
static inline bool local_events_need_delivery(const struct vcpu *v)
{
    return ACCESS_ONCE(v->vcpu_info->evtchn_upcall_pending) &&
           !ACCESS_ONCE(v->vcpu_info->evtchn_upcall_mask);
}

#endif

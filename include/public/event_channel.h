/*
 * Event channels: the PV guest's interrupts.  An event channel is a port
 * number in one domain; a port carries a single pending bit and is bound
 * to one source (another domain's port, a VIRQ, a physical IRQ or an IPI
 * between the domain's own vCPUs).  Signalling a port sets its pending
 * bit and, unless the port or the vCPU is masked, makes an upcall to the
 * vCPU it is bound to.  See struct shared_info and struct vcpu_info in
 * xen.h for the bits themselves (2-level ABI); the FIFO ABI is at the end
 * of this file.
 *
 * HYPERVISOR_event_channel_op(int cmd, void *arg): cmd is EVTCHNOP_*,
 * arg points to the struct evtchn_<cmd> of that operation.
 */
#ifndef XEN_PUBLIC_EVENT_CHANNEL_H
#define XEN_PUBLIC_EVENT_CHANNEL_H

#include "xen.h"

#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq        1
#define EVTCHNOP_bind_pirq        2
#define EVTCHNOP_close            3
#define EVTCHNOP_send             4
#define EVTCHNOP_status           5
#define EVTCHNOP_alloc_unbound    6
#define EVTCHNOP_bind_ipi         7
#define EVTCHNOP_bind_vcpu        8
#define EVTCHNOP_unmask           9
#define EVTCHNOP_reset           10
#define EVTCHNOP_init_control    11
#define EVTCHNOP_expand_array    12
#define EVTCHNOP_set_priority    13
#ifdef __XEN__
#define EVTCHNOP_reset_cont      14     /* hypervisor-internal continuation */
#endif

#ifndef __ASSEMBLY__
typedef uint32_t evtchn_port_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_port_t);

/*
 * EVTCHNOP_alloc_unbound: allocate a fresh port in 'dom', in state
 * unbound, that 'remote_dom' may later connect to with
 * EVTCHNOP_bind_interdomain.  An unprivileged caller must pass
 * DOMID_SELF as dom; remote_dom may be DOMID_SELF (loopback).
 */
struct evtchn_alloc_unbound {
    domid_t dom;                /* IN */
    domid_t remote_dom;         /* IN */
    evtchn_port_t port;         /* OUT: the new port in dom */
};
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;

/*
 * EVTCHNOP_bind_interdomain: connect a fresh local port to
 * <remote_dom, remote_port>, which must be unbound and accept the caller.
 * The new local port starts pending, in case the remote end signalled
 * before the connection existed.  remote_dom may be DOMID_SELF.
 */
struct evtchn_bind_interdomain {
    domid_t remote_dom;         /* IN */
    evtchn_port_t remote_port;  /* IN */
    evtchn_port_t local_port;   /* OUT */
};
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;

/*
 * EVTCHNOP_bind_virq: bind a fresh port to VIRQ 'virq' on 'vcpu'.
 * Per-vCPU VIRQs can be bound once per vCPU and stay there; global ones
 * once per domain, on vCPU 0, movable later with EVTCHNOP_bind_vcpu.
 */
struct evtchn_bind_virq {
    uint32_t virq;              /* IN: VIRQ_* */
    uint32_t vcpu;              /* IN */
    evtchn_port_t port;         /* OUT */
};
typedef struct evtchn_bind_virq evtchn_bind_virq_t;

/*
 * EVTCHNOP_bind_pirq: bind a fresh port to the domain's physical IRQ
 * 'pirq' (privileged; at most one port per PIRQ per domain).
 */
struct evtchn_bind_pirq {
    uint32_t pirq;              /* IN */
#define BIND_PIRQ__WILL_SHARE 1 /* the caller accepts sharing the line */
    uint32_t flags;             /* IN: BIND_PIRQ__* */
    evtchn_port_t port;         /* OUT */
};
typedef struct evtchn_bind_pirq evtchn_bind_pirq_t;

/* EVTCHNOP_bind_ipi: a fresh port that notifies 'vcpu' (fixed for good). */
struct evtchn_bind_ipi {
    uint32_t vcpu;              /* IN */
    evtchn_port_t port;         /* OUT */
};
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;

/*
 * EVTCHNOP_close: free a local port.  If it was interdomain, the remote
 * port goes back to unbound (waiting for a new connection).
 */
struct evtchn_close {
    evtchn_port_t port;         /* IN */
};
typedef struct evtchn_close evtchn_close_t;

/* EVTCHNOP_send: signal the other end of the local port 'port'. */
struct evtchn_send {
    evtchn_port_t port;         /* IN */
};
typedef struct evtchn_send evtchn_send_t;

/*
 * EVTCHNOP_status: describe port 'port' of domain 'dom' (DOMID_SELF, or
 * any domain for a privileged caller).
 */
struct evtchn_status {
    domid_t  dom;               /* IN */
    evtchn_port_t port;         /* IN */
#define EVTCHNSTAT_closed       0   /* not in use */
#define EVTCHNSTAT_unbound      1   /* waiting for an interdomain connection */
#define EVTCHNSTAT_interdomain  2   /* connected to another domain's port */
#define EVTCHNSTAT_pirq         3   /* bound to a physical IRQ */
#define EVTCHNSTAT_virq         4   /* bound to a VIRQ */
#define EVTCHNSTAT_ipi          5   /* bound to an IPI */
    uint32_t status;            /* OUT: EVTCHNSTAT_* */
    uint32_t vcpu;              /* OUT: vCPU notified */
    union {
        struct {
            domid_t dom;        /* who may connect */
        } unbound;
        struct {
            domid_t dom;        /* remote end */
            evtchn_port_t port;
        } interdomain;
        uint32_t pirq;
        uint32_t virq;
    } u;                        /* OUT, by status */
};
typedef struct evtchn_status evtchn_status_t;

/*
 * EVTCHNOP_bind_vcpu: make 'port' notify 'vcpu' from now on.  Not allowed
 * for IPI ports and per-vCPU VIRQ ports, whose vCPU is fixed; every other
 * port notifies vCPU 0 until moved (and again after being reused).
 */
struct evtchn_bind_vcpu {
    evtchn_port_t port;         /* IN */
    uint32_t vcpu;              /* IN */
};
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;

/*
 * EVTCHNOP_unmask: clear the mask bit of 'port' and, if it is pending,
 * deliver the notification that masking held back.
 */
struct evtchn_unmask {
    evtchn_port_t port;         /* IN */
};
typedef struct evtchn_unmask evtchn_unmask_t;

/*
 * EVTCHNOP_reset: close every port of 'dom' (DOMID_SELF, or any domain
 * for a privileged caller).  For the caller itself this also drops the
 * FIFO ABI back to 2-level.  Ports bound during the call may be lost.
 */
struct evtchn_reset {
    domid_t dom;                /* IN */
};
typedef struct evtchn_reset evtchn_reset_t;

/*
 * EVTCHNOP_init_control: switch to the FIFO ABI by registering vCPU
 * 'vcpu''s control block at 'offset' in frame 'control_gfn'.  Events
 * already pending are dropped, so do it before binding anything.
 */
struct evtchn_init_control {
    uint64_t control_gfn;       /* IN */
    uint32_t offset;            /* IN */
    uint32_t vcpu;              /* IN */
    uint8_t link_bits;          /* OUT: width of the LINK field */
    uint8_t _pad[7];
};
typedef struct evtchn_init_control evtchn_init_control_t;

/* EVTCHNOP_expand_array: give the FIFO event array one more page. */
struct evtchn_expand_array {
    uint64_t array_gfn;         /* IN */
};
typedef struct evtchn_expand_array evtchn_expand_array_t;

/* EVTCHNOP_set_priority: FIFO priority of 'port' (0 highest .. 15). */
struct evtchn_set_priority {
    evtchn_port_t port;         /* IN */
    uint32_t priority;          /* IN */
};
typedef struct evtchn_set_priority evtchn_set_priority_t;

/*
 * HYPERVISOR_event_channel_op_compat(struct evtchn_op *op): the old form
 * of the call, with the command inside the argument.
 */
struct evtchn_op {
    uint32_t cmd;               /* IN: EVTCHNOP_* */
    union {
        evtchn_alloc_unbound_t    alloc_unbound;
        evtchn_bind_interdomain_t bind_interdomain;
        evtchn_bind_virq_t        bind_virq;
        evtchn_bind_pirq_t        bind_pirq;
        evtchn_bind_ipi_t         bind_ipi;
        evtchn_close_t            close;
        evtchn_send_t             send;
        evtchn_status_t           status;
        evtchn_bind_vcpu_t        bind_vcpu;
        evtchn_unmask_t           unmask;
    } u;
};
typedef struct evtchn_op evtchn_op_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_op_t);
#endif /* !__ASSEMBLY__ */

/* 2-level ABI: one pending bit per port in shared_info, two levels deep. */
#define EVTCHN_2L_NR_CHANNELS (sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)

/*
 * FIFO ABI: a 32-bit event word per port in guest-provided pages, and
 * per-vCPU queues of pending ports, one per priority, in the control
 * block.
 */
#define EVTCHN_FIFO_PRIORITY_MAX     0
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7
#define EVTCHN_FIFO_PRIORITY_MIN     15

#define EVTCHN_FIFO_MAX_QUEUES (EVTCHN_FIFO_PRIORITY_MIN + 1)

#ifndef __ASSEMBLY__
typedef uint32_t event_word_t;
#endif /* !__ASSEMBLY__ */

/* Bits of an event word; the low EVTCHN_FIFO_LINK_BITS are the link. */
#define EVTCHN_FIFO_PENDING 31
#define EVTCHN_FIFO_MASKED  30
#define EVTCHN_FIFO_LINKED  29
#define EVTCHN_FIFO_BUSY    28

#define EVTCHN_FIFO_LINK_BITS 17
#define EVTCHN_FIFO_LINK_MASK ((1 << EVTCHN_FIFO_LINK_BITS) - 1)

#define EVTCHN_FIFO_NR_CHANNELS (1 << EVTCHN_FIFO_LINK_BITS)

#ifndef __ASSEMBLY__
struct evtchn_fifo_control_block {
    uint32_t ready;                         /* XEN: bit per non-empty queue */
    uint32_t _rsvd;
    uint32_t head[EVTCHN_FIFO_MAX_QUEUES];  /* queue heads */
};
typedef struct evtchn_fifo_control_block evtchn_fifo_control_block_t;
#endif /* !__ASSEMBLY__ */

#endif /* XEN_PUBLIC_EVENT_CHANNEL_H */

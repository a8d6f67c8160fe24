/*
 * HYPERVISOR_sched_op(int cmd, void *arg, ...): a guest's dealings with
 * the scheduler: yielding, blocking, polling, shutting down.
 *
 * HYPERVISOR_sched_op_compat(int cmd, unsigned long arg) is the older
 * form, for yield, block and shutdown only, with the shutdown reason
 * passed directly as arg.
 */
#ifndef XEN_PUBLIC_SCHED_H
#define XEN_PUBLIC_SCHED_H

#include "event_channel.h"

/* SCHEDOP_yield (arg NULL): give up the CPU; the vCPU stays runnable. */
#define SCHEDOP_yield       0

/*
 * SCHEDOP_block (arg NULL): sleep until an event is pending for this
 * vCPU.  Events are unmasked (evtchn_upcall_mask cleared) and checked
 * first, atomically, so an event arriving just before the call is not
 * missed.
 */
#define SCHEDOP_block       1

/*
 * SCHEDOP_shutdown (arg struct sched_shutdown): stop every vCPU of the
 * domain and tell the toolstack why.  For SHUTDOWN_suspend a PV guest
 * also passes its start_info MFN as the third argument (%rdx / %edx); the
 * call then returns 1 if the suspend was cancelled (or was a checkpoint)
 * and 0 when the guest resumes in a new domain.
 */
#define SCHEDOP_shutdown    2

/*
 * SCHEDOP_poll (arg struct sched_poll): sleep until one of the ports is
 * pending or the timeout passes.
 */
#define SCHEDOP_poll        3

/*
 * SCHEDOP_remote_shutdown (arg struct sched_remote_shutdown, privileged):
 * shut down another domain, as if it had asked itself.
 */
#define SCHEDOP_remote_shutdown        4

/*
 * SCHEDOP_shutdown_code (arg struct sched_shutdown): record the reason to
 * report when the domain shuts down later.
 */
#define SCHEDOP_shutdown_code 5

/*
 * SCHEDOP_watchdog (arg struct sched_watchdog): id 0 creates a watchdog
 * that shuts the domain down after 'timeout' seconds without a poke, and
 * returns its id; a non-zero id with a non-zero timeout pokes it (and
 * sets a new timeout); a non-zero id with timeout 0 destroys it.
 */
#define SCHEDOP_watchdog    6

/*
 * SCHEDOP_pin_override (arg struct sched_pin_override, hardware domain
 * only): run the calling vCPU on physical CPU 'pcpu' only, overriding its
 * affinity; pcpu < 0 restores the affinity.
 */
#define SCHEDOP_pin_override 7

#ifndef __ASSEMBLY__
struct sched_shutdown {
    unsigned int reason;        /* IN: SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_shutdown_t);

struct sched_poll {
    XEN_GUEST_HANDLE(evtchn_port_t) ports;  /* IN: ports to wait for */
    unsigned int nr_ports;                  /* IN */
    uint64_t timeout;           /* IN: absolute system time (ns); 0 = none */
};
typedef struct sched_poll sched_poll_t;
DEFINE_XEN_GUEST_HANDLE(sched_poll_t);

struct sched_remote_shutdown {
    domid_t domain_id;          /* IN: the domain to shut down */
    unsigned int reason;        /* IN: SHUTDOWN_* */
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_remote_shutdown_t);

struct sched_watchdog {
    uint32_t id;                /* IN: 0 = new */
    uint32_t timeout;           /* IN: seconds */
};
typedef struct sched_watchdog sched_watchdog_t;
DEFINE_XEN_GUEST_HANDLE(sched_watchdog_t);

struct sched_pin_override {
    int32_t pcpu;               /* IN: < 0 = restore */
};
typedef struct sched_pin_override sched_pin_override_t;
DEFINE_XEN_GUEST_HANDLE(sched_pin_override_t);
#endif /* !__ASSEMBLY__ */

/*
 * Shutdown reasons, for the toolstack to act on (on_poweroff/on_reboot/
 * on_crash); the hypervisor itself mostly just passes them on.
 */
#define SHUTDOWN_poweroff   0   /* finished: destroy the domain */
#define SHUTDOWN_reboot     1   /* destroy and start again */
#define SHUTDOWN_suspend    2   /* save state, then destroy */
#define SHUTDOWN_crash      3   /* the guest crashed */
#define SHUTDOWN_watchdog   4   /* a watchdog expired */
/*
 * Soft reset: return the domain's hypervisor state (event channels,
 * grants, registered areas) to creation time but keep its memory and vCPU
 * state, so that a new kernel (kexec) can set everything up again.
 */
#define SHUTDOWN_soft_reset 5
#define SHUTDOWN_MAX        5   /* highest valid reason */

#endif /* XEN_PUBLIC_SCHED_H */

#ifndef XEN_SCHED_H
#define XEN_SCHED_H

/*
 * Domains and vCPUs (common/domain.c).
 *
 * There is no scheduler yet: a domain's vCPU 0 runs on the CPU that
 * started it (dom0 on the BSP, from the end of __start_xen) and never
 * leaves it.  current (asm/current.h) is that vCPU while the CPU works on
 * its behalf (hypercalls, traps from it).
 *
 * Lifetime: domains are created at boot and never destroyed yet, so
 * nothing here is reference counted.  Locks: page_alloc_lock protects the
 * page list and tot_pages (common/page_alloc.c); shutdown_lock the
 * shutdown state.
 */
#include <xen/types.h>
#include <xen/spinlock.h>
#include <xen/timer.h>
#include <asm/current.h>
#include <asm/domain.h>
#include <public/xen.h>
#include <public/vcpu.h>

typedef struct shared_info shared_info_t;
typedef struct vcpu_info vcpu_info_t;

#define MAX_VIRT_CPUS   XEN_LEGACY_MAX_VCPUS

struct vcpu {
    unsigned int vcpu_id;
    struct domain *domain;
    unsigned int processor;     /* physical CPU it runs on */

    /*
     * Its slot in the domain's shared_info page, or where the guest moved
     * it (VCPUOP_register_vcpu_info): then vcpu_info_mfn is that frame,
     * which holds a general and a writable type reference; else ~0UL.
     */
    vcpu_info_t *vcpu_info;
    unsigned long vcpu_info_mfn;

    struct vcpu_runstate_info runstate;
    bool is_initialised;        /* has a register state to start from */
    bool is_down;               /* VCPUOP_down, or never brought up */

    /* Events and time (common/event_channel.c, common/vcpu_op.c). */
    uint16_t virq_to_evtchn[NR_VIRQS];  /* 0 = unbound; global VIRQs on vCPU 0 */
    struct timer singleshot_timer;      /* set_timer_op, VCPUOP_*singleshot* */
    struct timer periodic_timer;        /* VCPUOP_*periodic* */
    struct timer poll_timer;            /* SCHEDOP_poll timeout */
    s_time_t periodic_period;           /* 0: periodic timer off */
    s_time_t periodic_last_event;
    unsigned long runstate_guest;       /* guest VA of its runstate copy, 0 = none */

    struct arch_vcpu arch;
};

/*
 * Shutdown states: running -> shutting down (a vCPU asked, with a
 * reason) -> shut down (all vCPUs stopped).  For the hardware domain a
 * shutdown is the machine's (hwdom_shutdown()).
 */
struct domain {
    domid_t domain_id;
    bool is_privileged;         /* the control domain (dom0) */
    bool is_hardware;           /* owns the hardware (dom0) */
    bool is_console;            /* a boot-time domU: may write to the console */
    /* Its console output not yet out: a line at most (common/console_io.c). */
    char console_line[256];
    unsigned int console_len;

    /* Pages owned by the domain (asm/mm.h owner field). */
    spinlock_t page_alloc_lock;
    uint32_t page_list;         /* first frame, PAGE_LIST_NULL if none */
    unsigned long tot_pages;
    unsigned long max_pages;

    /* One hypervisor page shared with the guest (owner is this domain). */
    shared_info_t *shared_info;

    unsigned int max_vcpus;
    struct vcpu *vcpu[MAX_VIRT_CPUS];

    unsigned long vm_assist;    /* bit VMASST_TYPE_* set: enabled */

    /* Event channels (xen/event.h); event_lock protects the table. */
    spinlock_t event_lock;
    struct evtchn *evtchn;      /* EVTCHN_2L_NR_PORTS entries */
    unsigned int valid_evtchns; /* ports below this are valid (buckets of 64) */

    spinlock_t shutdown_lock;
    bool is_shutting_down;
    bool is_shut_down;
    unsigned int shutdown_code; /* SHUTDOWN_*, or SHUTDOWN_CODE_NONE */

    xen_domain_handle_t handle; /* UUID from the toolstack (zero for dom0) */

    /* Grant table and maptrack (common/grant_table.c); NULL until first used. */
    struct grant_table *grant_table;

    struct domain *next_in_list;    /* domain_list (common/domain.c) */

    struct arch_domain arch;
};

#define SHUTDOWN_CODE_NONE  (~0u)

/* The initial domain, once built; NULL before. */
extern struct domain *hardware_domain;
/*
 * Without a dom0, the boot-time domain started first; the machine follows
 * its shutdown as it would dom0's (docs/boot-domains.md).  Else NULL.
 */
extern struct domain *lead_domain;

static inline bool is_hardware_domain(const struct domain *d)
{
    return d && d == hardware_domain;
}

/*
 * New domain with no memory and no vCPUs.  NULL on -ENOMEM.  The shared
 * info page is allocated and all its upcall masks set, as Xen does.
 */
struct domain *domain_create(domid_t domid, bool privileged);

/*
 * The domain with this id (DOMID_SELF: the caller's), or NULL.  Domains
 * live for ever today, so the result needs no reference.
 */
struct domain *domain_by_id(domid_t id);

/* Walk every domain: for_each_domain(d) { ... }. */
struct domain *first_domain(void);
#define for_each_domain(d) \
    for ( (d) = first_domain(); (d); (d) = (d)->next_in_list )

/* vCPU vcpu_id of d, offline, with no register state.  NULL on -ENOMEM. */
struct vcpu *vcpu_create(struct domain *d, unsigned int vcpu_id);

/*
 * The guest asked to shut down (SCHEDOP_shutdown) or is made to
 * (domain_crash).  For the hardware domain this powers off, resets or
 * halts the machine and does not return, and so does the lead domain's
 * (no dom0).  Other domains: not yet (no
 * toolstack to tell); returns.
 */
void domain_shutdown(struct domain *d, unsigned int reason);

/*
 * The guest did something it cannot survive (an unhandled fault...).
 * Logs who and why, then shuts the domain down with SHUTDOWN_crash.
 */
void __domain_crash(struct domain *d, const char *fn);
#define domain_crash(d) __domain_crash(d, __func__)

/* vCPU timers and runstate (common/vcpu_op.c). */
void vcpu_timers_init(struct vcpu *v);      /* at creation */
void vcpu_time_start(struct vcpu *v);       /* when it first runs */
void vcpu_runstate_change(struct vcpu *v, int state);

#endif

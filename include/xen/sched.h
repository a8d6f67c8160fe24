#ifndef XEN_SCHED_H
#define XEN_SCHED_H

/*
 * Domains and vCPUs (common/domain.c) and their scheduling
 * (common/schedule.c, docs/sched.md).
 *
 * Every CPU runs either a guest vCPU or its own idle vCPU (a vCPU of
 * idle_domain); current (asm/current.h) is the one it runs.  A guest vCPU
 * runs while it is runnable (no VPF_* pause flag, domain not shut down)
 * and the scheduler picks it; it is switched out on the way back to the
 * guest (SCHEDULE_SOFTIRQ), never in the middle of a hypercall.
 *
 * For code that builds a domain (the dom0 builder, boot-time domains):
 *   d = domain_create(id, privileged);
 *   v = vcpu_create(d, n);          offline (VPF_down), on CPU n mod CPUs
 *   ... fill v->arch.user_regs and the rest, set v->is_initialised ...
 *   vcpu_up(v);                     runnable: the scheduler runs it
 * Nothing else is needed: CPUs pick the vCPU up from their run queues.
 *
 * Lifetime: domains are created at boot and never destroyed yet, so
 * nothing here is reference counted.  Locks: page_alloc_lock protects the
 * page list and tot_pages (common/page_alloc.c); shutdown_lock the
 * shutdown state; the scheduler's own lock its state (common/schedule.c).
 */
#include <xen/types.h>
#include <xen/spinlock.h>
#include <xen/timer.h>
#include <xen/cpumask.h>
#include <asm/current.h>
#include <asm/domain.h>
#include <public/xen.h>
#include <public/vcpu.h>
#include <public/event_channel.h>

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

    /*
     * Scheduling (common/schedule.c).  pause_flags: the reasons it may not
     * run (atomic bits).  is_running: its state is loaded on processor
     * (changes under the scheduler lock only).
     */
    unsigned long pause_flags;
#define VPF_blocked     (1UL << 0)  /* SCHEDOP_block/poll: until an event */
#define VPF_down        (1UL << 1)  /* never brought up, or VCPUOP_down */
    bool is_running;
    bool sched_yield;           /* SCHEDOP_yield: go behind the others */
    int poll_evtchn;            /* SCHEDOP_poll: its one port, or -1: any */
    void *sched_priv;           /* the policy's (common/sched/) */

    /* Events and time (common/event_channel.c, common/vcpu_op.c). */
    uint16_t virq_to_evtchn[NR_VIRQS];  /* 0 = unbound; global VIRQs on vCPU 0 */
    struct timer singleshot_timer;      /* set_timer_op, VCPUOP_*singleshot* */
    struct timer periodic_timer;        /* VCPUOP_*periodic* */
    struct timer poll_timer;            /* SCHEDOP_poll timeout */
    s_time_t periodic_period;           /* 0: periodic timer off */
    s_time_t periodic_last_event;
    unsigned long runstate_guest;       /* guest VA of its runstate copy, 0 = none */
    unsigned long time_guest;           /* guest VA of its second time record, 0 = none */
    struct vcpu_time_info time;         /* the last time record given to it */
    uint32_t time_guest_version;        /* of the copy at time_guest */
    /*
     * A copy at runstate_guest / time_guest that could not be written
     * (v was not running, or ran in guest user mode, whose page table need
     * not map kernel memory): written again when v enters kernel mode.
     */
    bool runstate_guest_stale;
    bool time_guest_stale;

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

    /* Scheduling: vCPUs in SCHEDOP_poll (bit = vcpu_id); the policy's data. */
    unsigned long poll_mask;
    void *sched_priv;

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

/*
 * The same for current's domain, from a path that cannot go back to its
 * guest (a frame that cannot be built or read): never returns.  The vCPU
 * is left for good and the CPU runs whatever else may run; the hardware
 * domain's crash has already ended the machine in domain_shutdown.
 */
void __noreturn __domain_crash_sync(const char *fn);
#define domain_crash_sync() __domain_crash_sync(__func__)

/* vCPU timers and runstate (common/vcpu_op.c). */
void vcpu_timers_init(struct vcpu *v);      /* at creation */
void vcpu_timers_migrate(struct vcpu *v);   /* to v->processor */
void vcpu_time_start(struct vcpu *v);       /* when it is brought up */
/* New runstate; the guest's copy is updated when v is current. */
void vcpu_runstate_change(struct vcpu *v, int state);
/* Writes v's runstate copy, or marks it stale (v->runstate_guest_stale). */
void vcpu_runstate_area_update(struct vcpu *v);

/* ---- scheduling (common/schedule.c) ----------------------------------- */

/* The idle vCPUs' domain (id DOMID_IDLE; not in the domain list). */
extern struct domain idle_domain;
extern struct vcpu *idle_vcpu[CONFIG_NR_CPUS];
#define is_idle_vcpu(v)     ((v)->domain == &idle_domain)
/* CPUs running a guest vCPU now (TLB shootdowns, asm/flushtlb.h). */
extern cpumask_t sched_guest_cpus;

/* sched= and the policy.  BSP, once, before other CPUs start. */
void scheduler_init(void);
/*
 * This CPU joins the scheduler with a new idle vCPU (which becomes
 * current); every CPU does, then ends in idle_loop().  The BSP joins
 * before any guest vCPU is brought up.
 */
void sched_cpu_join(void);
/* vcpu_create(): a new vCPU joins the scheduler, offline.  0 or -ENOMEM. */
int sched_init_vcpu(struct vcpu *v);

bool vcpu_runnable(const struct vcpu *v);
/* Bring v (@pre is_initialised) up / take it down (VCPUOP_up/down). */
void vcpu_up(struct vcpu *v);
void vcpu_down(struct vcpu *v);
bool vcpu_is_down(const struct vcpu *v);
/* v's run state changed (domain shut down...): the scheduler re-checks it. */
void vcpu_sleep_nosync(struct vcpu *v);
/* End a block or poll. */
void vcpu_unblock(struct vcpu *v);
/*
 * Events are pending for v: unblock it, or make its CPU look.  Inline
 * for the common case of an event for the running vCPU itself (its way
 * back to the guest delivers it).  The caller's atomic raise of the
 * upcall flag orders it before the flag test (vcpu_block_until_event).
 */
void vcpu_kick_slow(struct vcpu *v);
static inline void vcpu_kick(struct vcpu *v)
{
    if ( (ACCESS_ONCE(v->pause_flags) & VPF_blocked) || v != current )
        vcpu_kick_slow(v);
}
/* Port became pending in d: wake the vCPUs polling it (SCHEDOP_poll). */
void vcpu_poll_wake(struct domain *d, evtchn_port_t port);
/* v's poll timeout expired. */
void vcpu_poll_timeout(struct vcpu *v);
/* Pin v: hard affinity (where it may run), soft (where it prefers). */
int vcpu_set_affinity(struct vcpu *v, const cpumask_t *hard,
                      const cpumask_t *soft);
/*
 * A domain's credit parameters: weight 1..65535 (default 256), cap in
 * percent of one CPU (0: none).  @pre d has a vCPU.  0 or -EINVAL.
 */
int sched_adjust_dom(struct domain *d, unsigned int weight, unsigned int cap);

/*
 * The architecture's context switch (arch/x86/pv/context.c), under the
 * scheduler lock with interrupts off: context_save() writes prev's state
 * (registers from the CPU's frame, segments, FPU...) to prev, and leaves
 * nothing of prev loaded; context_load() loads next's; after the lock is
 * dropped, context_continue() resumes next on a fresh stack.
 */
void context_save(struct vcpu *prev);
void context_load(struct vcpu *next);
void __noreturn context_continue(struct vcpu *next);
/* Per-vCPU architecture state (FPU area...) at creation: 0 or -ENOMEM. */
int arch_vcpu_create(struct vcpu *v);

#endif

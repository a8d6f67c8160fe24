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

    /* Its slot in the domain's shared_info page. */
    vcpu_info_t *vcpu_info;

    struct vcpu_runstate_info runstate;
    bool is_initialised;        /* has a register state to start from */

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

    spinlock_t shutdown_lock;
    bool is_shutting_down;
    bool is_shut_down;
    unsigned int shutdown_code; /* SHUTDOWN_*, or SHUTDOWN_CODE_NONE */

    xen_domain_handle_t handle; /* UUID from the toolstack (zero for dom0) */

    struct arch_domain arch;
};

#define SHUTDOWN_CODE_NONE  (~0u)

/* The initial domain, once built; NULL before. */
extern struct domain *hardware_domain;

static inline bool is_hardware_domain(const struct domain *d)
{
    return d && d == hardware_domain;
}

/*
 * New domain with no memory and no vCPUs.  NULL on -ENOMEM.  The shared
 * info page is allocated and all its upcall masks set, as Xen does.
 */
struct domain *domain_create(domid_t domid, bool privileged);

/* vCPU vcpu_id of d, offline, with no register state.  NULL on -ENOMEM. */
struct vcpu *vcpu_create(struct domain *d, unsigned int vcpu_id);

/*
 * The guest asked to shut down (SCHEDOP_shutdown) or is made to
 * (domain_crash).  For the hardware domain this powers off, resets or
 * halts the machine and does not return.  Other domains: not yet (no
 * toolstack to tell); returns.
 */
void domain_shutdown(struct domain *d, unsigned int reason);

/*
 * The guest did something it cannot survive (an unhandled fault...).
 * Logs who and why, then shuts the domain down with SHUTDOWN_crash.
 */
void __domain_crash(struct domain *d, const char *fn);
#define domain_crash(d) __domain_crash(d, __func__)

#endif

/*
 * Domains and vCPUs: creation and shutdown (interfaces in xen/sched.h).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/event.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/time.h>
#include <asm/mm.h>
#include <public/sched.h>

struct domain *hardware_domain;
struct domain *lead_domain;

/*
 * Every domain, newest first.  Domains are never destroyed yet, so a
 * pointer found here stays valid; domlist_lock only orders insertions.
 */
static struct domain *domain_list;
static DEFINE_SPINLOCK(domlist_lock);

struct domain *domain_by_id(domid_t id)
{
    struct domain *d;

    if ( id == DOMID_SELF )
        return current->domain;
    for ( d = ACCESS_ONCE(domain_list); d; d = d->next_in_list )
        if ( d->domain_id == id )
            return d;
    return NULL;
}

struct domain *first_domain(void)
{
    return ACCESS_ONCE(domain_list);
}

struct domain *domain_create(domid_t domid, bool privileged)
{
    struct domain *d = xzalloc_bytes(sizeof(*d));
    unsigned int i;

    if ( !d || evtchn_init(d) )
    {
        xfree(d);
        return NULL;
    }
    d->shared_info = alloc_xenheap_page();
    if ( !d->shared_info )
    {
        xfree(d->evtchn);
        xfree(d);
        return NULL;
    }
    /*
     * The guest maps this page (its frame is in start_info): it belongs
     * to the domain, which holds the allocation reference (asm/mm.h).
     */
    virt_to_page(d->shared_info)->v.owner = d;
    virt_to_page(d->shared_info)->count_info |= PGC_allocated | 1;

    d->domain_id = domid;
    d->is_privileged = privileged;
    spin_lock_init(&d->page_alloc_lock);
    spin_lock_init(&d->shutdown_lock);
    spin_lock_init(&d->arch.pt_lock);
    d->page_list = PAGE_LIST_NULL;
    d->max_pages = ~0UL;
    d->shutdown_code = SHUTDOWN_CODE_NONE;

    /* Events stay masked until the guest is ready for them. */
    for ( i = 0; i < XEN_LEGACY_MAX_VCPUS; i++ )
        d->shared_info->vcpu_info[i].evtchn_upcall_mask = 1;

    spin_lock(&domlist_lock);
    d->next_in_list = domain_list;
    /* Publish d only once it is complete (lock-free readers above). */
    __atomic_store_n(&domain_list, d, __ATOMIC_RELEASE);
    spin_unlock(&domlist_lock);
    return d;
}

struct vcpu *vcpu_create(struct domain *d, unsigned int vcpu_id)
{
    struct vcpu *v;

    if ( vcpu_id >= MAX_VIRT_CPUS || d->vcpu[vcpu_id] )
        return NULL;
    v = xzalloc_bytes(sizeof(*v));
    if ( !v )
        return NULL;
    v->vcpu_id = vcpu_id;
    v->domain = d;
    v->vcpu_info = &d->shared_info->vcpu_info[vcpu_id];
    v->vcpu_info_mfn = ~0UL;
    v->runstate.state = RUNSTATE_offline;
    v->runstate.state_entry_time = NOW();
    if ( arch_vcpu_create(v) || sched_init_vcpu(v) )
    {
        /* Nothing frees a half-made vCPU's parts yet: boot-time only. */
        printk(XENLOG_ERR "d%uv%u: no memory for its state\n", d->domain_id,
               vcpu_id);
        return NULL;
    }
    vcpu_timers_init(v);
    d->vcpu[vcpu_id] = v;
    if ( d->max_vcpus <= vcpu_id )
        d->max_vcpus = vcpu_id + 1;
    return v;
}

/*
 * The hardware domain's shutdown is the machine's, as in Xen; so is the
 * lead domain's when there is no dom0.
 */
static void __noreturn machine_follows_shutdown(const struct domain *d,
                                                unsigned int reason)
{
    const char *who = is_hardware_domain(d) ? "Hardware Dom" : "Lead Dom";

    switch ( reason )
    {
    case SHUTDOWN_poweroff:
        printk("%s%u halted: powering off the machine\n", who, d->domain_id);
        machine_power_off();
    case SHUTDOWN_reboot:
        printk("%s%u shutdown: rebooting machine\n", who, d->domain_id);
        machine_restart();
    case SHUTDOWN_crash:
        printk("%s%u crashed\n", who, d->domain_id);
        machine_halt_or_reboot();
    case SHUTDOWN_watchdog:
        printk("%s%u shutdown: watchdog rebooting machine\n", who, d->domain_id);
        machine_restart();
    case SHUTDOWN_soft_reset:
        printk("%s%u did unsupported soft reset, rebooting\n", who, d->domain_id);
        machine_restart();
    default:
        printk("%s%u shutdown (unknown reason %u)\n", who, d->domain_id, reason);
        machine_halt_or_reboot();
    }
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
    unsigned int i;

    spin_lock(&d->shutdown_lock);
    if ( d->shutdown_code == SHUTDOWN_CODE_NONE )
        d->shutdown_code = reason;
    d->is_shutting_down = true;
    spin_unlock(&d->shutdown_lock);

    if ( is_hardware_domain(d) || d == lead_domain )
        machine_follows_shutdown(d, reason);

    /* Nothing can tell a toolstack yet: the vCPUs just stop for good. */
    printk(XENLOG_WARNING "Dom%u shut down (reason %u); its vCPUs stay stopped\n",
           d->domain_id, reason);
    d->is_shut_down = true;
    for ( i = 0; i < d->max_vcpus; i++ )
        if ( d->vcpu[i] )
            vcpu_sleep_nosync(d->vcpu[i]);
    /* Tell the control domain, as Xen does (its toolstack watches this). */
    send_guest_global_virq(hardware_domain, VIRQ_DOM_EXC);
}

void __domain_crash(struct domain *d, const char *fn)
{
    printk(XENLOG_ERR "Domain %u reported crashed by %s on CPU%u\n",
           d->domain_id, fn, smp_processor_id());
    domain_shutdown(d, SHUTDOWN_crash);
}

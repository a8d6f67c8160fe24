/*
 * HYPERVISOR_sched_op.  There is no scheduler yet (each vCPU owns its
 * CPU), so yield has nobody to yield to and block just halts the CPU
 * until the next interrupt; shutting down is the real thing.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <asm/guest_access.h>
#include <public/sched.h>

/*
 * SCHEDOP_block: unmask events, and sleep unless one is already pending.
 * Until event channels exist nothing sets evtchn_upcall_pending, so this
 * returns after the next interrupt (the softirqs it raises run before the
 * guest resumes).
 */
static long vcpu_block(struct vcpu *v)
{
    v->vcpu_info->evtchn_upcall_mask = 0;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if ( ACCESS_ONCE(v->vcpu_info->evtchn_upcall_pending) )
        return 0;
    local_irq_disable();
    if ( softirq_pending(smp_processor_id()) )
        local_irq_enable();
    else
        __asm__ __volatile__ ("sti; hlt" ::: "memory");
    return 0;
}

static struct domain *find_domain(domid_t id)
{
    if ( id == DOMID_SELF )
        return current->domain;
    return hardware_domain && hardware_domain->domain_id == id
           ? hardware_domain : NULL;
}

long do_sched_op(struct hc_args *a)
{
    struct vcpu *v = current;
    struct domain *d = v->domain;
    unsigned long arg = hc_ptr(a, 1);

    switch ( hc_int(a, 0) )
    {
    case SCHEDOP_yield:
        return 0;

    case SCHEDOP_block:
        return vcpu_block(v);

    case SCHEDOP_shutdown:
    {
        struct sched_shutdown s;

        if ( copy_from_guest(&s, arg, sizeof(s)) )
            return -EFAULT;
        /* Xen passes the reason on as a byte. */
        domain_shutdown(d, (uint8_t)s.reason);
        return 0;
    }

    case SCHEDOP_shutdown_code:
    {
        struct sched_shutdown s;

        if ( copy_from_guest(&s, arg, sizeof(s)) )
            return -EFAULT;
        spin_lock(&d->shutdown_lock);
        if ( d->shutdown_code == SHUTDOWN_CODE_NONE )
            d->shutdown_code = (uint8_t)s.reason;
        spin_unlock(&d->shutdown_lock);
        return 0;
    }

    case SCHEDOP_remote_shutdown:
    {
        struct sched_remote_shutdown s;
        struct domain *target;

        if ( copy_from_guest(&s, arg, sizeof(s)) )
            return -EFAULT;
        if ( !d->is_privileged )
            return -EPERM;
        target = find_domain(s.domain_id);
        if ( !target )
            return -ESRCH;
        domain_shutdown(target, (uint8_t)s.reason);
        return 0;
    }

    default:
        /* poll, watchdog, pin_override: with event channels and the scheduler. */
        return -ENOSYS;
    }
}

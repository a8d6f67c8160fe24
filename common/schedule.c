/*
 * HYPERVISOR_sched_op.  There is no scheduler yet (each vCPU owns its
 * CPU), so yield has nobody to yield to, and block and poll wait on the
 * vCPU's own CPU (running timers, halting in between); shutting down is
 * the real thing.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/event.h>
#include <xen/softirq.h>
#include <asm/guest_access.h>
#include <public/sched.h>

/*
 * Wait on this CPU, interrupts on, until done(v, data) holds.  Softirqs
 * (timers, which raise events) run in between; the CPU halts when there
 * is nothing to do, and every interrupt wakes it to check again.
 */
static void vcpu_wait(struct vcpu *v, bool (*done)(struct vcpu *, void *),
                      void *data)
{
    unsigned int cpu = smp_processor_id();

    vcpu_runstate_change(v, RUNSTATE_blocked);
    for ( ; ; )
    {
        while ( softirq_pending(cpu) )
            do_softirq();
        local_irq_disable();
        if ( done(v, data) )
        {
            local_irq_enable();
            break;
        }
        if ( softirq_pending(cpu) )
            local_irq_enable();
        else
            __asm__ __volatile__ ("sti; hlt" ::: "memory");
    }
    vcpu_runstate_change(v, RUNSTATE_running);
}

static bool events_pending(struct vcpu *v, void *data)
{
    (void)data;
    return ACCESS_ONCE(v->vcpu_info->evtchn_upcall_pending) ||
           v->domain->is_shutting_down;
}

/* SCHEDOP_block: unmask events, and sleep until one is pending. */
static long vcpu_block(struct vcpu *v)
{
    v->vcpu_info->evtchn_upcall_mask = 0;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if ( !ACCESS_ONCE(v->vcpu_info->evtchn_upcall_pending) )
        vcpu_wait(v, events_pending, NULL);
    return 0;
}

struct poll_state {
    const evtchn_port_t *ports;
    unsigned int nr;
    uint8_t upcall_pending;     /* at the start: a new upcall also wakes us */
    s_time_t timeout;
};

static bool poll_done(struct vcpu *v, void *data)
{
    const struct poll_state *p = data;
    unsigned int i;

    for ( i = 0; i < p->nr; i++ )
        if ( evtchn_port_is_pending(v->domain, p->ports[i]) )
            return true;
    if ( p->timeout && NOW() >= p->timeout )
        return true;
    return (!p->upcall_pending &&
            ACCESS_ONCE(v->vcpu_info->evtchn_upcall_pending)) ||
           v->domain->is_shutting_down;
}

/*
 * SCHEDOP_poll: sleep until one of up to 128 ports is pending, or until
 * system time 'timeout' (0: none).  As in Xen, a newly raised upcall
 * also ends the wait; nothing is delivered by the poll itself.
 */
static long vcpu_poll(struct vcpu *v, unsigned long arg)
{
    struct sched_poll sp;
    evtchn_port_t ports[128];
    struct poll_state p;
    unsigned int i;

    if ( copy_from_guest(&sp, arg, sizeof(sp)) )
        return -EFAULT;
    if ( sp.nr_ports > ARRAY_SIZE(ports) )
        return -EINVAL;
    if ( copy_from_guest(ports, (unsigned long)sp.ports.p,
                         sp.nr_ports * sizeof(ports[0])) )
        return -EFAULT;
    for ( i = 0; i < sp.nr_ports; i++ )
    {
        /* Xen checks against the ABI's limit here, not the valid buckets. */
        if ( ports[i] >= EVTCHN_2L_NR_PORTS )
            return -EINVAL;
        if ( evtchn_port_is_pending(v->domain, ports[i]) )
            return 0;
    }
    p.ports = ports;
    p.nr = sp.nr_ports;
    p.upcall_pending = ACCESS_ONCE(v->vcpu_info->evtchn_upcall_pending);
    p.timeout = sp.timeout;
    if ( p.timeout )
        set_timer(&v->poll_timer, p.timeout);
    vcpu_wait(v, poll_done, &p);
    stop_timer(&v->poll_timer);
    return 0;
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

    case SCHEDOP_poll:
        return vcpu_poll(v, arg);

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
        target = domain_by_id(s.domain_id);
        if ( !target )
            return -ESRCH;
        domain_shutdown(target, (uint8_t)s.reason);
        return 0;
    }

    default:
        /* watchdog, pin_override: with the scheduler. */
        return -ENOSYS;
    }
}

/*
 * HYPERVISOR_vcpu_op and HYPERVISOR_set_timer_op: vCPU state, runstate,
 * and the per-vCPU timers that raise VIRQ_TIMER.
 *
 * Timers (struct timer, common/timer.c) run in softirq context on the
 * vCPU's CPU:
 *   singleshot_timer  set_timer_op / VCPUOP_set_singleshot_timer; fires once
 *   periodic_timer    every periodic_period ns while that is non-zero; a
 *                     PV vCPU starts with 10 ms, as in Xen (guests stop it)
 * Each firing refreshes the vCPU's vcpu_time_info and raises VIRQ_TIMER.
 *
 * vCPUs: a domain's vCPUs are the ones created at build time (dom0:
 * dom0_max_vcpus=); ids beyond them are -ENOENT, as in Xen.  vCPU 0 starts
 * running; the others start with VCPUOP_initialise (pv/vcpu_context.c)
 * and VCPUOP_up, and stop with VCPUOP_down (common/schedule.c runs them).
 * VCPUOP_down of the last vCPU shuts the domain down (poweroff), as in Xen.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/event.h>
#include <asm/pv-compat.h>
#include <compat/abi.h>
#include <asm/guest_access.h>
#include <asm/mm.h>
#include <asm/pv.h>
#include <xen/mm.h>
#include <public/sched.h>
#include <public/vcpu.h>

/* Xen's bounds on periodic timers. */
#define PERIODIC_MIN        MILLISECS(1)
#define PERIODIC_MAX        ((s_time_t)((uint64_t)1 << 50))
#define PERIODIC_DEFAULT    MILLISECS(10)

static void send_timer_event(struct vcpu *v)
{
    update_vcpu_system_time(v);
    send_guest_vcpu_virq(v, VIRQ_TIMER);
}

static void singleshot_timer_fn(void *data)
{
    send_timer_event(data);
}

static void periodic_timer_fn(void *data)
{
    struct vcpu *v = data;
    s_time_t now = NOW(), next;

    if ( !v->periodic_period )
        return;
    send_timer_event(v);
    next = v->periodic_last_event + v->periodic_period;
    if ( next <= now )
        next = now + v->periodic_period;    /* missed ticks are not replayed */
    v->periodic_last_event = next - v->periodic_period;
    set_timer(&v->periodic_timer, next);
}

static void poll_timer_fn(void *data)
{
    vcpu_poll_timeout(data);
}

static void start_periodic(struct vcpu *v, s_time_t period)
{
    v->periodic_period = period;
    v->periodic_last_event = NOW();
    set_timer(&v->periodic_timer, v->periodic_last_event + period);
}

void vcpu_timers_init(struct vcpu *v)
{
    init_timer(&v->singleshot_timer, singleshot_timer_fn, v, v->processor);
    init_timer(&v->periodic_timer, periodic_timer_fn, v, v->processor);
    init_timer(&v->poll_timer, poll_timer_fn, v, v->processor);
}

/* v moved to another CPU: its timers fire there from now on. */
void vcpu_timers_migrate(struct vcpu *v)
{
    migrate_timer(&v->singleshot_timer, v->processor);
    migrate_timer(&v->periodic_timer, v->processor);
    migrate_timer(&v->poll_timer, v->processor);
}

/* The vCPU starts running: its clock record, wallclock and default tick. */
void vcpu_time_start(struct vcpu *v)
{
    update_vcpu_system_time(v);
    if ( v->vcpu_id == 0 )
        update_domain_wallclock_time(v->domain);
    start_periodic(v, PERIODIC_DEFAULT);
}

void vcpu_runstate_change(struct vcpu *v, int state)
{
    s_time_t now = NOW(), delta = now - v->runstate.state_entry_time;

    if ( delta > 0 )
        v->runstate.time[v->runstate.state] += delta;
    v->runstate.state = state;
    v->runstate.state_entry_time = now;
    if ( v->runstate_guest )
        vcpu_runstate_area_update(v);
}

/*
 * Only v's own page tables map its area: when v is not running, the
 * switch to it writes the area later; in guest user mode the next entry
 * to kernel mode does (pv_toggle_guest_mode).
 */
/* Write r at addr in v's layout (32-bit guests: pv/compat/hypercall.c); 0 or -EFAULT. */
static int write_runstate(const struct vcpu *v, unsigned long addr,
                          const struct vcpu_runstate_info *r)
{
    return is_pv_32bit_vcpu(v) ? compat_write_runstate(addr, r)
                               : copy_to_guest(addr, r, sizeof(*r));
}

void vcpu_runstate_area_update(struct vcpu *v)
{
    v->runstate_guest_stale = v != current ||
        write_runstate(v, v->runstate_guest, &v->runstate);
}

void vcpu_runstate_get(const struct vcpu *v, struct vcpu_runstate_info *r)
{
    s_time_t delta = NOW() - v->runstate.state_entry_time;

    *r = v->runstate;
    if ( delta > 0 )
        r->time[r->state] += delta;
}

/*
 * HYPERVISOR_set_timer_op(deadline): v's one-shot timer; 0 cancels it.  A
 * deadline in the past fires at once.  As in Xen, one more than 2^50 ns
 * (13 days) ahead is taken for a guest's wrapped computation and fires
 * in 100 ms instead.
 */
long do_set_timer_op(struct hc_args *a)
{
    struct vcpu *v = current;
    s_time_t deadline = (s_time_t)hc_ulong(a, 0), offset;

    if ( !deadline )
    {
        stop_timer(&v->singleshot_timer);
        return 0;
    }
    offset = deadline - NOW();
    if ( offset > 0 && (offset >> 50) )
        deadline = NOW() + MILLISECS(100);
    set_timer(&v->singleshot_timer, deadline);
    return 0;
}

/*
 * VCPUOP_register_vcpu_info: move v's vcpu_info to offset of frame mfn
 * (a page of the guest's own, which then cannot become a page table),
 * once.  The old contents come along; everything is then marked pending
 * so that no event raised meanwhile is lost, as Xen does.
 */
static long map_vcpu_info(struct vcpu *v, unsigned long mfn, unsigned int offset)
{
    struct domain *d = v->domain;
    struct page_info *pg;
    vcpu_info_t *new;

    if ( offset > PAGE_SIZE - sizeof(vcpu_info_t) )
        return -ENXIO;
    if ( v->vcpu_info_mfn != ~0UL )
        return -EINVAL;
    if ( v != current && !vcpu_is_down(v) )
        return -EINVAL;
    if ( !mfn_valid(mfn) )
        return -EINVAL;
    pg = mfn_to_page(mfn);
    if ( get_page_and_type(pg, d, PGT_writable_page) )
        return -EINVAL;

    new = (vcpu_info_t *)((char *)page_to_virt(pg) + offset);
    memcpy(new, v->vcpu_info, sizeof(*new));
    v->vcpu_info = new;
    v->vcpu_info_mfn = mfn;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    new->evtchn_upcall_pending = 1;
    if ( is_pv_32bit_domain(d) )        /* include/compat/abi.h */
        *(uint32_t *)((uint8_t *)new + COMPAT_VCPU_INFO_PENDING_SEL) = ~0u;
    else
        new->evtchn_pending_sel = ~0UL;
    update_vcpu_system_time(v);
    return 0;
}

long do_vcpu_op(struct hc_args *a)
{
    struct domain *d = current->domain;
    unsigned int id = hc_uint(a, 1);
    unsigned long arg = hc_ptr(a, 2);
    struct vcpu *v;

    if ( id >= d->max_vcpus || id >= MAX_VIRT_CPUS || !(v = d->vcpu[id]) )
        return -ENOENT;

    switch ( hc_int(a, 0) )
    {
    case VCPUOP_initialise:
    {
        struct vcpu_guest_context *ctxt = xzalloc_bytes(sizeof(*ctxt));
        long rc;

        if ( !ctxt )
            return -ENOMEM;
        if ( copy_from_guest(ctxt, arg, sizeof(*ctxt)) )
            rc = -EFAULT;
        else
        {
            /* pt_lock: one initialise at a time, with the page-type changes. */
            spin_lock(&d->arch.pt_lock);
            rc = v->is_initialised ? -EEXIST : pv_vcpu_initialise(v, ctxt);
            spin_unlock(&d->arch.pt_lock);
        }
        xfree(ctxt);
        return rc;
    }

    case VCPUOP_up:
        if ( !v->is_initialised )
            return -EINVAL;
        vcpu_up(v);
        return 0;

    case VCPUOP_down:
    {
        unsigned int i;

        for ( i = 0; i < d->max_vcpus; i++ )
            if ( i != id && d->vcpu[i] && !vcpu_is_down(d->vcpu[i]) )
                break;
        if ( i == d->max_vcpus )
        {
            /* The last vCPU going down: the domain is done. */
            domain_shutdown(d, SHUTDOWN_poweroff);
            return 0;
        }
        vcpu_down(v);
        return 0;
    }

    case VCPUOP_is_up:
        return !vcpu_is_down(v);

    case VCPUOP_get_runstate_info:
    {
        struct vcpu_runstate_info r;

        vcpu_runstate_get(v, &r);
        return copy_to_guest(arg, &r, sizeof(r)) ? -EFAULT : 0;
    }

    case VCPUOP_register_runstate_memory_area:
    {
        struct vcpu_register_runstate_memory_area area;
        struct vcpu_runstate_info r;

        if ( copy_from_guest(&area, arg, sizeof(area)) )
            return -EFAULT;
        if ( !guest_range_ok(area.addr.p, is_pv_32bit_vcpu(v)
                                          ? COMPAT_RUNSTATE_SIZE : sizeof(r)) )
            return -EFAULT;
        /* As in Xen, an area that is not mapped is recorded anyway (writes fail quietly). */
        v->runstate_guest = area.addr.p;
        if ( v == current && area.addr.p )
        {
            vcpu_runstate_get(v, &r);
            write_runstate(v, area.addr.p, &r);
        }
        return 0;
    }

    case VCPUOP_set_periodic_timer:
    {
        struct vcpu_set_periodic_timer t;

        if ( copy_from_guest(&t, arg, sizeof(t)) )
            return -EFAULT;
        if ( t.period_ns < PERIODIC_MIN || t.period_ns > PERIODIC_MAX )
            return -EINVAL;
        start_periodic(v, t.period_ns);
        return 0;
    }

    case VCPUOP_stop_periodic_timer:
        v->periodic_period = 0;
        stop_timer(&v->periodic_timer);
        return 0;

    case VCPUOP_set_singleshot_timer:
    {
        struct vcpu_set_singleshot_timer t;

        if ( v != current )
            return -EINVAL;
        if ( copy_from_guest(&t, arg, sizeof(t)) )
            return -EFAULT;
        /* Xen 4.17 ignores VCPU_SSHOTTMR_future: a past deadline fires now. */
        set_timer(&v->singleshot_timer, (s_time_t)t.timeout_abs_ns);
        return 0;
    }

    case VCPUOP_stop_singleshot_timer:
        if ( v != current )
            return -EINVAL;
        stop_timer(&v->singleshot_timer);
        return 0;

    case VCPUOP_register_vcpu_info:
    {
        struct vcpu_register_vcpu_info info;

        if ( copy_from_guest(&info, arg, sizeof(info)) )
            return -EFAULT;
        return map_vcpu_info(v, info.mfn, info.offset);
    }

    case VCPUOP_register_vcpu_time_memory_area:
    {
        struct vcpu_register_time_memory_area area;

        if ( copy_from_guest(&area, arg, sizeof(area)) )
            return -EFAULT;
        if ( !guest_range_ok(area.addr.p, sizeof(struct vcpu_time_info)) )
            return -EFAULT;
        /* As Xen: 0 turns the copy off; an unmapped address is kept. */
        v->time_guest = area.addr.p;
        v->time_guest_stale = false;
        if ( area.addr.p )
            update_vcpu_system_time(v);
        return 0;
    }

    case VCPUOP_get_physid:
        /* Only for a hardware domain's vCPUs pinned one to one: never here. */
        return -EINVAL;

    case VCPUOP_send_nmi:
        /*
         * As Xen: no argument; a pending NMI is not counted twice.  It is
         * delivered on v's next way back to the guest (pv_exit_to_guest):
         * at once for the caller itself.
         */
        if ( arg )
            return -EINVAL;
        v->arch.pv.nmi_pending = true;
        return 0;

    default:
        return -ENOSYS;
    }
}

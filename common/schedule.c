/*
 * The scheduling core: vCPU run states, the SCHEDULE softirq that picks
 * what a CPU runs next and switches to it, the per-CPU slice and tick
 * timers, and HYPERVISOR_sched_op.  Who runs where is the policy's
 * decision (common/sched/private.h; sched=credit by default).
 *
 * A vCPU may run iff vcpu_runnable(): no VPF_* pause flag and its domain
 * not shut down.  Every change of those is followed by sched_update(),
 * which tells the policy (wake or sleep) under sched_lock; the CPUs the
 * policy names run schedule() from SCHEDULE_SOFTIRQ.  Waking never waits
 * for anything: a vCPU woken while it still runs simply stays.
 *
 * Locking: one global sched_lock (interrupts off while held) serialises
 * the policy, the run states (pause flags are atomic bits, but their
 * effect is evaluated under the lock) and context switches: a vCPU's
 * saved state is written and read only under it, so a vCPU leaving one
 * CPU cannot be loaded on another before it is completely saved.  Lock
 * order: sched_lock, then timer locks.
 *
 * Stacks: schedule() runs only where the CPU's stack may be abandoned
 * (softirqs run on the way back to a guest and in the idle loop, nowhere
 * else); the next vCPU continues on a fresh stack (context_continue).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/keyhandler.h>
#include <xen/sched.h>
#include <xen/event.h>
#include <xen/mm.h>
#include <xen/param.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <asm/guest_access.h>
#include <public/sched.h>
#include "sched/private.h"

static char opt_sched[16] = "credit";
string_param("sched", opt_sched);

static bool opt_dom0_vcpus_pin;
boolean_param("dom0_vcpus_pin", opt_dom0_vcpus_pin);

static const struct scheduler *const schedulers[] = { &sched_credit_def };
static const struct scheduler *ops;

static DEFINE_SPINLOCK(sched_lock);

struct domain idle_domain = { .domain_id = DOMID_IDLE };
static vcpu_info_t idle_vcpu_info;          /* never read: idle has no guest */
struct vcpu *idle_vcpu[CONFIG_NR_CPUS];

struct sched_cpu {
    struct timer slice_timer;   /* end of the running vCPU's slice */
    struct timer tick_timer;    /* policy accounting, every SCHED_TICK */
};
static struct sched_cpu sched_cpus[CONFIG_NR_CPUS];
cpumask_t sched_guest_cpus;     /* CPUs running a guest vCPU */

bool vcpu_runnable(const struct vcpu *v)
{
    return !ACCESS_ONCE(v->pause_flags) && !v->domain->is_shut_down;
}

/* Reschedule the CPUs in tickle (this one by softirq, others by IPI). */
static void tickle_cpus(const cpumask_t *tickle)
{
    unsigned int cpu;

    for_each_cpu ( cpu, tickle )
        cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
}

/* Tell the policy whether v may run now (boost: it woke from blocking). */
static void sched_update(struct vcpu *v, bool boost)
{
    unsigned long flags;
    cpumask_t tickle;

    cpumask_clear(&tickle);
    spin_lock_irqsave(&sched_lock, flags);
    /*
     * Runstates as Xen's vcpu_wake/vcpu_sleep_nosync: a woken vCPU is
     * runnable from its wake-up until it runs (so the guest sees how long
     * it waited), one that may no longer run goes offline unless it
     * blocked; a running vCPU changes state only at the switch.
     */
    if ( vcpu_runnable(v) )
    {
        if ( v->runstate.state >= RUNSTATE_blocked )
            vcpu_runstate_change(v, RUNSTATE_runnable);
        ops->wake(v, boost, &tickle);
    }
    else
    {
        if ( v->runstate.state == RUNSTATE_runnable ||
             (v->runstate.state == RUNSTATE_blocked &&
              !(v->pause_flags & VPF_blocked)) )
            vcpu_runstate_change(v, RUNSTATE_offline);
        ops->sleep(v, &tickle);
    }
    spin_unlock_irqrestore(&sched_lock, flags);
    tickle_cpus(&tickle);
}

static void vcpu_pause_flag_set(struct vcpu *v, unsigned long flag)
{
    __atomic_fetch_or(&v->pause_flags, flag, __ATOMIC_SEQ_CST);
    sched_update(v, false);
}

/* Clear flag; true if it was set. */
static bool vcpu_pause_flag_clear(struct vcpu *v, unsigned long flag)
{
    return __atomic_fetch_and(&v->pause_flags, ~flag, __ATOMIC_SEQ_CST) & flag;
}

void vcpu_sleep_nosync(struct vcpu *v)
{
    sched_update(v, false);
}

void vcpu_unblock(struct vcpu *v)
{
    if ( vcpu_pause_flag_clear(v, VPF_blocked) )
        sched_update(v, true);
}

void vcpu_kick_slow(struct vcpu *v)
{
    bool running = ACCESS_ONCE(v->is_running);

    vcpu_unblock(v);
    /* Running elsewhere: interrupt it so that its way back sees the event. */
    if ( running && v->processor != smp_processor_id() )
    {
        cpumask_t m;

        cpumask_clear(&m);
        cpumask_set_cpu(v->processor, &m);
        smp_send_event_check_mask(&m);
    }
}

void vcpu_up(struct vcpu *v)
{
    ASSERT(v->is_initialised);
    vcpu_time_start(v);
    if ( vcpu_pause_flag_clear(v, VPF_down) )
    {
        printk("d%uv%u: entering the guest at %#lx\n", v->domain->domain_id,
               v->vcpu_id, v->arch.user_regs.rip);
        vcpu_runstate_change(v, RUNSTATE_runnable);
        sched_update(v, false);
    }
}

void vcpu_down(struct vcpu *v)
{
    vcpu_pause_flag_set(v, VPF_down);
}

bool vcpu_is_down(const struct vcpu *v)
{
    return ACCESS_ONCE(v->pause_flags) & VPF_down;
}

int vcpu_set_affinity(struct vcpu *v, const cpumask_t *hard,
                      const cpumask_t *soft)
{
    unsigned long flags;
    cpumask_t tickle;
    int rc;

    cpumask_clear(&tickle);
    spin_lock_irqsave(&sched_lock, flags);
    rc = ops->set_affinity(v, hard, soft, &tickle);
    spin_unlock_irqrestore(&sched_lock, flags);
    tickle_cpus(&tickle);
    return rc;
}

/* The n-th online CPU, counting round (vCPU n's first home). */
static unsigned int nth_online_cpu(unsigned int n)
{
    unsigned int cpu = cpumask_first(&cpu_online_map);

    n %= num_online_cpus();
    while ( n-- )
        cpu = cpumask_cycle(cpu, &cpu_online_map);
    return cpu;
}

int sched_init_vcpu(struct vcpu *v)
{
    unsigned long flags;
    int rc;

    v->processor = nth_online_cpu(v->vcpu_id);
    v->pause_flags = VPF_down;
    spin_lock_irqsave(&sched_lock, flags);
    rc = ops->insert_vcpu(v);
    spin_unlock_irqrestore(&sched_lock, flags);
    if ( rc || !is_hardware_domain(v->domain) || !opt_dom0_vcpus_pin )
        return rc;
    {
        cpumask_t one;

        cpumask_clear(&one);
        cpumask_set_cpu(v->processor, &one);
        return vcpu_set_affinity(v, &one, &one);
    }
}

/* ---- per-CPU timers --------------------------------------------------- */

static void slice_timer_fn(void *data)
{
    (void)data;
    raise_softirq(SCHEDULE_SOFTIRQ);
}

static void tick_timer_fn(void *data)
{
    struct sched_cpu *sc = data;
    unsigned int cpu = smp_processor_id();
    s_time_t now = NOW();
    unsigned long flags;
    cpumask_t tickle;

    cpumask_clear(&tickle);
    spin_lock_irqsave(&sched_lock, flags);
    ops->tick(cpu, now, &tickle);
    spin_unlock_irqrestore(&sched_lock, flags);
    tickle_cpus(&tickle);
    set_timer(&sc->tick_timer, now + SCHED_TICK);
}

/* ---- the switch ------------------------------------------------------- */

static int leaving_state(const struct vcpu *v)
{
    if ( vcpu_runnable(v) )
        return RUNSTATE_runnable;
    if ( (v->pause_flags & VPF_down) || v->domain->is_shut_down )
        return RUNSTATE_offline;
    return RUNSTATE_blocked;
}

/* SCHEDULE_SOFTIRQ: run what the policy picks; may not return. */
static void schedule(void)
{
    unsigned int cpu = smp_processor_id();
    struct sched_cpu *sc = &sched_cpus[cpu];
    struct vcpu *prev = current, *next;
    s_time_t now, slice;
    bool yield;

    local_irq_disable();
    spin_lock(&sched_lock);
    now = NOW();
    yield = prev->sched_yield;
    prev->sched_yield = false;
    next = ops->do_schedule(cpu, now, yield, &slice);
    if ( slice >= 0 )
        set_timer(&sc->slice_timer, now + slice);
    else
        stop_timer(&sc->slice_timer);
    if ( next == prev )
    {
        spin_unlock(&sched_lock);
        local_irq_enable();
        return;
    }

    ASSERT(!next->is_running);
    if ( !is_idle_vcpu(prev) )
        vcpu_runstate_change(prev, leaving_state(prev));
    context_save(prev);
    prev->is_running = false;

    get_cpu_info()->current_vcpu = next;
    next->is_running = true;
    if ( is_idle_vcpu(next) )
        cpumask_clear_cpu(cpu, &sched_guest_cpus);
    else
        cpumask_set_cpu(cpu, &sched_guest_cpus);
    if ( next->processor != cpu )
    {
        next->processor = cpu;
        vcpu_timers_migrate(next);
    }
    context_load(next);
    if ( !is_idle_vcpu(next) )
    {
        vcpu_runstate_change(next, RUNSTATE_running);
        /* A fresh time record, as Xen gives at every switch. */
        update_vcpu_system_time(next);
    }
    spin_unlock(&sched_lock);
    context_continue(next);
}

void __domain_crash_sync(const char *fn)
{
    __domain_crash(current->domain, fn);
    /*
     * The domain is shut down, so the policy never picks current again; a
     * switch away abandons this stack.  Softirqs also run with the
     * interrupts this loop allows.
     */
    for ( ; ; )
    {
        raise_softirq(SCHEDULE_SOFTIRQ);
        local_irq_enable();
        do_softirq();
    }
}

/* Debug key 'r': run queues and per-vCPU credit. */
static void dump_run_queues(unsigned char key)
{
    unsigned long flags;

    printk("'%c' pressed -> run queues (system time %ld ns)\n", key,
           (long)NOW());
    spin_lock_irqsave(&sched_lock, flags);
    ops->dump();
    spin_unlock_irqrestore(&sched_lock, flags);
}

void scheduler_init(void)
{
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(schedulers); i++ )
        if ( !strcmp(schedulers[i]->name, opt_sched) )
            ops = schedulers[i];
    if ( !ops )
    {
        printk(XENLOG_WARNING "sched=%s: unknown scheduler; using %s\n",
               opt_sched, schedulers[0]->name);
        ops = schedulers[0];
    }
    if ( ops->init() )
        panic("scheduler %s failed to start", ops->name);

    open_softirq(SCHEDULE_SOFTIRQ, schedule);
    register_keyhandler('r', dump_run_queues,
                        "dump run queues and per-vCPU credit", false);
}

void sched_cpu_join(void)
{
    unsigned int cpu = smp_processor_id();
    struct sched_cpu *sc = &sched_cpus[cpu];
    unsigned long flags;
    struct vcpu *idle = xzalloc_bytes(sizeof(*idle));

    if ( !idle )
        panic("no memory for CPU%u's idle vCPU", cpu);
    idle->vcpu_id = cpu;
    idle->domain = &idle_domain;
    idle->processor = cpu;
    idle->vcpu_info = &idle_vcpu_info;
    idle->vcpu_info_mfn = ~0UL;
    idle->is_running = true;
    idle_vcpu[cpu] = idle;
    get_cpu_info()->current_vcpu = idle;
    init_timer(&sc->slice_timer, slice_timer_fn, sc, cpu);
    init_timer(&sc->tick_timer, tick_timer_fn, sc, cpu);
    spin_lock_irqsave(&sched_lock, flags);
    ops->add_cpu(cpu, idle_vcpu[cpu]);
    spin_unlock_irqrestore(&sched_lock, flags);
    set_timer(&sc->tick_timer, NOW() + SCHED_TICK);
}

int sched_adjust_dom(struct domain *d, unsigned int weight, unsigned int cap)
{
    unsigned long flags;
    int rc;

    spin_lock_irqsave(&sched_lock, flags);
    rc = ops->adjust_dom(d, weight, cap);
    spin_unlock_irqrestore(&sched_lock, flags);
    return rc;
}

/* ---- HYPERVISOR_sched_op ---------------------------------------------- */

/*
 * SCHEDOP_block: unmask events, and sleep until one is pending.  The flag
 * goes up before the check, and a waker raises the event before it
 * clears the flag (vcpu_kick), so no wake-up is lost between the two.  v
 * leaves its CPU on the way back to the guest; the hypercall has returned
 * by then.
 */
static long vcpu_block(struct vcpu *v)
{
    v->vcpu_info->evtchn_upcall_mask = 0;
    __atomic_fetch_or(&v->pause_flags, VPF_blocked, __ATOMIC_SEQ_CST);
    if ( local_events_need_delivery(v) )
        vcpu_pause_flag_clear(v, VPF_blocked);
    else
        sched_update(v, false);
    return 0;
}

/* Take v out of d->poll_mask; true if it was in. */
static bool poll_end(struct vcpu *v)
{
    unsigned long bit = 1UL << v->vcpu_id;

    return __atomic_fetch_and(&v->domain->poll_mask, ~bit, __ATOMIC_SEQ_CST) &
           bit;
}

void vcpu_poll_wake(struct domain *d, evtchn_port_t port)
{
    unsigned long mask = ACCESS_ONCE(d->poll_mask);

    while ( mask )
    {
        unsigned int id = __builtin_ctzl(mask);
        struct vcpu *v = d->vcpu[id];
        int want = v ? ACCESS_ONCE(v->poll_evtchn) : 0;

        mask &= mask - 1;
        if ( v && (want <= 0 || (evtchn_port_t)want == port) && poll_end(v) )
            vcpu_unblock(v);
    }
}

void vcpu_poll_timeout(struct vcpu *v)
{
    if ( poll_end(v) )
        vcpu_unblock(v);
}

/*
 * SCHEDOP_poll: sleep until one of up to 128 ports is pending, or until
 * system time 'timeout' (0: none).  As in Xen, any event raised for the
 * vCPU also ends the wait; nothing is delivered by the poll itself.
 */
static long vcpu_poll(struct vcpu *v, unsigned long arg)
{
    struct sched_poll sp;
    evtchn_port_t ports[128];
    unsigned int i;

    if ( copy_from_guest(&sp, arg, sizeof(sp)) )
        return -EFAULT;
    if ( sp.nr_ports > ARRAY_SIZE(ports) )
        return -EINVAL;
    if ( copy_from_guest(ports, (unsigned long)sp.ports.p,
                         sp.nr_ports * sizeof(ports[0])) )
        return -EFAULT;
    for ( i = 0; i < sp.nr_ports; i++ )
        /* Xen checks against the ABI's limit here, not the valid buckets. */
        if ( ports[i] >= EVTCHN_2L_NR_PORTS )
            return -EINVAL;

    /* Poller first, then the check: a port raised meanwhile wakes us. */
    v->poll_evtchn = sp.nr_ports == 1 ? (int)ports[0] : -1;
    __atomic_fetch_or(&v->pause_flags, VPF_blocked, __ATOMIC_SEQ_CST);
    __atomic_fetch_or(&v->domain->poll_mask, 1UL << v->vcpu_id,
                      __ATOMIC_SEQ_CST);
    for ( i = 0; i < sp.nr_ports; i++ )
        if ( evtchn_port_is_pending(v->domain, ports[i]) )
            goto done;
    if ( sp.timeout )
    {
        if ( (s_time_t)sp.timeout <= NOW() )
            goto done;
        set_timer(&v->poll_timer, sp.timeout);
    }
    sched_update(v, false);
    return 0;

 done:
    poll_end(v);
    vcpu_pause_flag_clear(v, VPF_blocked);
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
        v->sched_yield = true;
        raise_softirq(SCHEDULE_SOFTIRQ);
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
        /* watchdog, pin_override: not yet. */
        return -ENOSYS;
    }
}

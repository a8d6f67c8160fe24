/*
 * Inter-processor interrupts between hypervisor CPUs:
 *   CALL_FUNCTION_VECTOR  run a function on a set of CPUs (on_selected_cpus)
 *   EVENT_CHECK_VECTOR    wake a CPU so that it runs its pending softirqs
 * Both are fixed-vector IPIs to each target's APIC id.
 */
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <xen/time.h>
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/smp.h>

/*
 * The one call in flight.  call_lock is held by the caller from filling it
 * in until every target is done with it: a target clears its bit in
 * pending after reading fn and data (no wait) or after fn returned (wait).
 * The lock is taken with interrupts enabled, so a CPU spinning on it still
 * answers the current holder's IPI: no deadlock between two callers.
 */
static DEFINE_SPINLOCK(call_lock);
static struct {
    void (*fn)(void *data);
    void *data;
    bool wait;
    cpumask_t pending;
} call;

/* Warn about CPUs that have not answered after this long. */
#define CALL_WARN_AFTER SECONDS(1)

static void call_function_interrupt(struct cpu_user_regs *regs)
{
    unsigned int cpu = smp_processor_id();
    void (*fn)(void *);
    void *data;
    bool wait;

    ack_APIC_irq();
    /* Our bit set means the call was filled in before the IPI was sent. */
    if ( !cpumask_test_cpu(cpu, &call.pending) )
        return;
    fn = call.fn;
    data = call.data;
    wait = call.wait;
    /* Without wait, call may be reused as soon as our bit is clear. */
    if ( !wait )
        cpumask_clear_cpu(cpu, &call.pending);
    fn(data);
    if ( wait )
        cpumask_clear_cpu(cpu, &call.pending);
}

static void event_check_interrupt(struct cpu_user_regs *regs)
{
    /* The interrupted idle loop or guest exit path runs the softirqs. */
    ack_APIC_irq();
}

void smp_intr_init(void)
{
    set_direct_apic_vector(CALL_FUNCTION_VECTOR, call_function_interrupt);
    set_direct_apic_vector(EVENT_CHECK_VECTOR, event_check_interrupt);
}

static bool mask_empty(const cpumask_t *m)
{
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(m->bits); i++ )
        if ( __atomic_load_n(&m->bits[i], __ATOMIC_SEQ_CST) )
            return false;
    return true;
}

static void send_ipi_mask(const cpumask_t *mask, unsigned int vector)
{
    unsigned int cpu, self = smp_processor_id();

    for_each_cpu ( cpu, mask )
    {
        if ( cpu == self || !cpumask_test_cpu(cpu, &cpu_online_map) )
            continue;
        apic_send_ipi(cpu_physical_id(cpu), APIC_DM_FIXED | vector);
        apic_wait_icr_idle();
    }
}

void on_selected_cpus(const cpumask_t *mask, void (*fn)(void *), void *data,
                      bool wait)
{
    unsigned int cpu, i, self = smp_processor_id();
    s_time_t warn_at;

    ASSERT(local_irq_is_enabled());

    spin_lock(&call_lock);

    call.fn = fn;
    call.data = data;
    call.wait = wait;
    for ( i = 0; i < ARRAY_SIZE(call.pending.bits); i++ )
        call.pending.bits[i] = mask->bits[i] & cpu_online_map.bits[i];
    /* The IPI's ICR write must not pass the stores above (x2APIC WRMSR). */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    send_ipi_mask(&call.pending, CALL_FUNCTION_VECTOR);

    if ( cpumask_test_cpu(self, &call.pending) )
    {
        /* As on the others: in interrupt context. */
        local_irq_disable();
        fn(data);
        cpumask_clear_cpu(self, &call.pending);
        local_irq_enable();
    }

    warn_at = NOW() + CALL_WARN_AFTER;
    while ( !mask_empty(&call.pending) )
    {
        if ( warn_at && NOW() > warn_at )
        {
            for_each_cpu ( cpu, &call.pending )
                printk(XENLOG_WARNING "CPU%u: no answer to a call IPI from "
                       "CPU%u for 1s; still waiting\n", cpu, self);
            warn_at = 0;
        }
        cpu_relax();
    }

    spin_unlock(&call_lock);
}

void smp_send_event_check_mask(const cpumask_t *mask)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    send_ipi_mask(mask, EVENT_CHECK_VECTOR);
}

static void count_answer(void *data)
{
    __atomic_fetch_add((unsigned int *)data, 1, __ATOMIC_SEQ_CST);
}

void smp_ipi_selfcheck(void)
{
    unsigned int answered = 0, online = num_online_cpus();

    on_selected_cpus(&cpu_online_map, count_answer, &answered, true);
    printk("IPI self-check: %u/%u CPUs answered: %s\n", answered, online,
           answered == online ? "PASS" : "FAIL");
}

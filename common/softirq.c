/*
 * Softirqs: one pending bitmap per CPU.  Any CPU may set a bit (atomic
 * OR); only the owning CPU clears bits, in do_softirq(), which runs each
 * handler with interrupts enabled.  A raise on another CPU sends it an
 * event-check IPI so a halted CPU wakes up to look.
 *
 * SCHEDULE_SOFTIRQ may switch to another vCPU on a fresh stack and never
 * return, so do_softirq() runs it last, and only where the stack may be
 * abandoned: on the way back to a guest and in the idle loop.
 */
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>

struct softirq_state softirq_state[CONFIG_NR_CPUS];

static softirq_handler handlers[NR_SOFTIRQS];

void open_softirq(unsigned int nr, softirq_handler fn)
{
    BUG_ON(nr >= NR_SOFTIRQS);
    handlers[nr] = fn;
}

void raise_softirq(unsigned int nr)
{
    __atomic_fetch_or(&softirq_state[smp_processor_id()].pending, 1UL << nr,
                      __ATOMIC_SEQ_CST);
}

void cpu_raise_softirq(unsigned int cpu, unsigned int nr)
{
    unsigned long old = __atomic_fetch_or(&softirq_state[cpu].pending,
                                          1UL << nr, __ATOMIC_SEQ_CST);
    cpumask_t mask = { { 0 } };

    /* An already-pending bit means the CPU has been told, or is looking. */
    if ( cpu == smp_processor_id() || (old & (1UL << nr)) )
        return;
    cpumask_set_cpu(cpu, &mask);
    smp_send_event_check_mask(&mask);
}

void do_softirq(void)
{
    unsigned long *pending = &softirq_state[smp_processor_id()].pending;
    unsigned long work;
    unsigned int nr;

    ASSERT(local_irq_is_enabled());
    while ( (work = __atomic_exchange_n(pending, 0, __ATOMIC_SEQ_CST)) )
    {
        for ( nr = 0; nr < NR_SOFTIRQS; nr++ )
            if ( nr != SCHEDULE_SOFTIRQ && (work & (1UL << nr)) && handlers[nr] )
                handlers[nr]();
        /* Last: a context switch does not come back here. */
        if ( (work & (1UL << SCHEDULE_SOFTIRQ)) && handlers[SCHEDULE_SOFTIRQ] )
            handlers[SCHEDULE_SOFTIRQ]();
    }
}

/*
 * The idle loop every CPU ends in once it has nothing else to run.
 */
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>

void idle_loop(void)
{
    unsigned int cpu = smp_processor_id();

    for ( ; ; )
    {
        do_softirq();

        /*
         * Check for work with interrupts off, then halt: sti only takes
         * effect after the next instruction, so an interrupt raising a
         * softirq after the check still wakes the hlt instead of slipping
         * in before it and leaving the work until the next interrupt.
         */
        local_irq_disable();
        if ( softirq_pending(cpu) )
            local_irq_enable();
        else
            __asm__ __volatile__("sti; hlt" ::: "memory");
    }
}

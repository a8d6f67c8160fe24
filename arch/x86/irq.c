/*
 * Interrupt dispatch.  Every vector from 0x20 up arrives in do_IRQ();
 * vectors with a direct handler (LAPIC timer, IPIs, ...) go straight to
 * it, and the handler acknowledges the LAPIC itself.  Anything else is
 * unexpected: logged at a decaying rate and acknowledged so it cannot
 * block lower-priority interrupts.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <asm/apic.h>
#include <asm/i8259.h>
#include <asm/irq.h>
#include <asm/pv-compat.h>

#define NR_VECTORS 256

static vector_handler_t direct_handlers[NR_VECTORS];
static unsigned int unexpected_count[NR_VECTORS];

void set_direct_apic_vector(unsigned int vector, vector_handler_t fn)
{
    BUG_ON(vector < I8259_VECTOR_BASE || vector >= NR_VECTORS);
    __atomic_store_n(&direct_handlers[vector], fn, __ATOMIC_RELEASE);
}

int alloc_dynamic_vector(vector_handler_t fn)
{
    unsigned int v;

    for ( v = FIRST_DYNAMIC_VECTOR; v <= LAST_DYNAMIC_VECTOR; v++ )
    {
        vector_handler_t none = NULL;

        /* The guests' gates (arch/x86/traps.c), not device vectors. */
        if ( v == LEGACY_SYSCALL_VECTOR || v == HYPERCALL_VECTOR )
            continue;
        if ( __atomic_compare_exchange_n(&direct_handlers[v], &none, fn, false,
                                         __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) )
            return v;
    }
    return -ENOSPC;
}

/* Log the 1st, 2nd, 4th, 8th, ... occurrence of each unexpected vector. */
static bool log_unexpected(unsigned int vector)
{
    unsigned int n = __atomic_add_fetch(&unexpected_count[vector], 1,
                                        __ATOMIC_RELAXED);

    return !(n & (n - 1));
}

void do_IRQ(struct cpu_user_regs *regs)
{
    unsigned int vector = regs->entry_vector;
    vector_handler_t fn;

    BUG_ON(vector >= NR_VECTORS);
    fn = __atomic_load_n(&direct_handlers[vector], __ATOMIC_ACQUIRE);
    if ( fn )
    {
        fn(regs);
        return;
    }

    /*
     * 8259 deliveries (ExtINT) set no LAPIC in-service bit: EOI the PIC,
     * not the LAPIC, or we would retire someone else's interrupt.
     */
    if ( vector - I8259_VECTOR_BASE < I8259_NR_VECTORS )
    {
        bool real = i8259_ack_stray(vector);

        if ( log_unexpected(vector) )
            printk(XENLOG_WARNING "CPU%u: %s 8259 interrupt, IRQ %u "
                   "(%u so far)\n", smp_processor_id(),
                   real ? "stray" : "spurious", vector - I8259_VECTOR_BASE,
                   unexpected_count[vector]);
        return;
    }

    ack_APIC_irq();
    if ( log_unexpected(vector) )
        printk(XENLOG_WARNING "CPU%u: unexpected interrupt on vector %#x "
               "(%u so far)\n", smp_processor_id(), vector,
               unexpected_count[vector]);
}

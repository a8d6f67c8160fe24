/*
 * TLB flushes (asm/flushtlb.h): local ones, and shootdowns by IPI.  Out
 * of line so that host unit tests of the reference counting
 * (tests/unit/test-page-ref.c) can supply their own.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <asm/flushtlb.h>

#define X86_CR4_PGE_BIT   (1UL << 7)

void flush_tlb_local(void)
{
    unsigned long cr3, cr4;

    __asm__ __volatile__ ("mov %%cr4, %0" : "=r" (cr4));
    if ( cr4 & X86_CR4_PGE_BIT )
    {
        /* Toggling PGE drops global entries too. */
        __asm__ __volatile__ ("mov %0, %%cr4; mov %1, %%cr4"
                              :: "r" (cr4 & ~X86_CR4_PGE_BIT), "r" (cr4)
                              : "memory");
        return;
    }
    __asm__ __volatile__ ("mov %%cr3, %0; mov %0, %%cr3"
                          : "=r" (cr3) :: "memory");
}

static void flush_here(void *data)
{
    unsigned long va = *(const unsigned long *)data;

    if ( va == FLUSH_VA_ALL )
        flush_tlb_local();
    else
        flush_tlb_one_local(va);
}

/* This CPU, then the others of mask (not this one). */
static void flush_mask(cpumask_t *mask, unsigned long va)
{
    flush_here(&va);
    cpumask_clear_cpu(smp_processor_id(), mask);
    if ( !cpumask_empty(mask) )
        on_selected_cpus(mask, flush_here, &va, true);
}

void flush_tlb_guests(void)
{
    cpumask_t mask = sched_guest_cpus;

    flush_mask(&mask, FLUSH_VA_ALL);
}

void flush_tlb_domain(const struct domain *d, unsigned long va)
{
    cpumask_t mask;
    unsigned int i;

    cpumask_clear(&mask);
    for ( i = 0; i < d->max_vcpus; i++ )
    {
        const struct vcpu *v = d->vcpu[i];

        if ( v && ACCESS_ONCE(v->is_running) )
            cpumask_set_cpu(ACCESS_ONCE(v->processor), &mask);
    }
    flush_mask(&mask, va);
}

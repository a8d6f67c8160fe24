#ifndef ASM_FLUSHTLB_H
#define ASM_FLUSHTLB_H

/*
 * TLB flushes.  Guests may set _PAGE_GLOBAL in their L1 entries, so a
 * full flush toggles CR4.PGE when it is on (a CR3 reload alone keeps
 * global entries).
 *
 * Which CPUs may hold a guest's TLB entries: a context switch away from
 * a guest vCPU flushes everything (pv/context.c), so only the CPUs
 * running a guest vCPU right now, and this one.  A CPU that loads a vCPU
 * later fills its TLB from the page tables as they are then.  The remote
 * flushes are IPIs that wait for the targets: @pre interrupts enabled.
 */
struct domain;

/* Everything, global entries included (arch/x86/mm/flushtlb.c). */
void flush_tlb_local(void);

static inline void flush_tlb_one_local(unsigned long va)
{
    __asm__ __volatile__ ("invlpg (%0)" :: "r" (va) : "memory");
}

/* va on every CPU, or everything for FLUSH_VA_ALL. */
#define FLUSH_VA_ALL    (~0UL)
/* Page-type and frame-lifetime rules: every CPU running any guest vCPU. */
void flush_tlb_guests(void);
/* A domain's "all"/"multi" flushes: the CPUs running d's vCPUs. */
void flush_tlb_domain(const struct domain *d, unsigned long va);

#endif

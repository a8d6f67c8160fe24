#ifndef ASM_FLUSHTLB_H
#define ASM_FLUSHTLB_H

/*
 * TLB flushes of the local CPU.  Guests may set _PAGE_GLOBAL in their L1
 * entries, so a full flush toggles CR4.PGE when it is on (a CR3 reload
 * alone keeps global entries).
 *
 * One vCPU per domain, pinned to one CPU: the local TLB is every TLB the
 * guest has used.  Several vCPUs will need Xen's TLB-flush clock and
 * flushes of the domain's dirty CPUs instead.
 */
/* Everything, global entries included (arch/x86/mm/flushtlb.c). */
void flush_tlb_local(void);

static inline void flush_tlb_one_local(unsigned long va)
{
    __asm__ __volatile__ ("invlpg (%0)" :: "r" (va) : "memory");
}

#endif

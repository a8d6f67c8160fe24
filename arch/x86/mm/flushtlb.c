/*
 * Local TLB flushes (asm/flushtlb.h).  Out of line so that host unit
 * tests of the reference counting (tests/unit/test-page-ref.c) can
 * supply their own.
 */
#include <xen/types.h>
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

/* Enabling the FPU and SSE for guests on each CPU (asm/fpu.h). */
#include <xen/lib.h>
#include <asm/fpu.h>
#include <asm/x86-defns.h>

void fpu_percpu_init(void)
{
    unsigned long cr0, cr4;

    __asm__ __volatile__ ("mov %%cr0, %0" : "=r" (cr0));
    cr0 = (cr0 | X86_CR0_MP | X86_CR0_NE) & ~(X86_CR0_EM | X86_CR0_TS);
    __asm__ __volatile__ ("mov %0, %%cr0" :: "r" (cr0));
    __asm__ __volatile__ ("mov %%cr4, %0" : "=r" (cr4));
    cr4 |= X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
    __asm__ __volatile__ ("mov %0, %%cr4" :: "r" (cr4));
    /* A clean x87 state for the first guest on this CPU. */
    __asm__ __volatile__ ("fninit");
}

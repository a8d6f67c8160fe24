/* Enabling the FPU, SSE and XSAVE for guests on each CPU (asm/fpu.h). */
#include <xen/lib.h>
#include <asm/cpuid.h>
#include <asm/fpu.h>
#include <asm/processor.h>
#include <asm/x86-defns.h>

#define CPUID1_ECX_XSAVE    (1u << 26)
#define CPUID_XSTATE_LEAF   0xd

/* The components we let guests enable; AVX-512's three go together. */
#define XSTATE_OFFERED      (XSTATE_X87 | XSTATE_SSE | XSTATE_YMM | XSTATE_AVX512)

uint64_t xstate_guest_mask;

/*
 * The architectural rules for XCR0 (SDM vol. 1, 13.3), within what we
 * offer: x87 always, AVX only with SSE, AVX-512 whole and only with AVX.
 */
bool xstate_xcr0_valid(uint64_t xcr0)
{
    if ( (xcr0 & ~xstate_guest_mask) || !(xcr0 & XSTATE_X87) )
        return false;
    if ( (xcr0 & XSTATE_YMM) && !(xcr0 & XSTATE_SSE) )
        return false;
    if ( xcr0 & XSTATE_AVX512 )
        return (xcr0 & XSTATE_AVX512) == XSTATE_AVX512 && (xcr0 & XSTATE_YMM);
    return true;
}

/* Every CPU is the same model: each finds the same answer. */
static uint64_t guest_mask(void)
{
    uint64_t host;

    if ( !(cpuid(1).c & CPUID1_ECX_XSAVE) ||
         cpuid(0).a < CPUID_XSTATE_LEAF )
        return 0;
    host = cpuid_count(CPUID_XSTATE_LEAF, 0).a |
           ((uint64_t)cpuid_count(CPUID_XSTATE_LEAF, 0).d << 32);
    host &= XSTATE_OFFERED;
    if ( (host & XSTATE_AVX512) != XSTATE_AVX512 || !(host & XSTATE_YMM) )
        host &= ~XSTATE_AVX512;
    if ( !(host & XSTATE_SSE) )
        host &= ~XSTATE_YMM;
    return host;
}

void fpu_percpu_init(void)
{
    unsigned long cr4 = read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;

    xstate_guest_mask = guest_mask();
    write_cr0((read_cr0() | X86_CR0_MP | X86_CR0_NE) & ~(X86_CR0_EM | X86_CR0_TS));
    write_cr4(xstate_guest_mask ? cr4 | X86_CR4_OSXSAVE : cr4);
    /* Until a vCPU's own XCR0 is loaded: all we offer (sizes the areas). */
    if ( xstate_guest_mask )
        xsetbv0(xstate_guest_mask);
    /* A clean x87 state for the first guest on this CPU. */
    __asm__ __volatile__ ("fninit");
}

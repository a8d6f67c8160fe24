#ifndef ASM_FPU_H
#define ASM_FPU_H

/*
 * The FPU/SSE unit as PV guests use it (arch/x86/fpu.c).  Guests run
 * FXSAVE/FXRSTOR and SSE code themselves, so every CPU runs with
 * CR4.OSFXSR (FXSAVE saves the SSE state, SSE instructions do not #UD)
 * and CR4.OSXMMEXCPT (SIMD exceptions raise #XM, which is bounced to the
 * guest), CR0.MP and CR0.NE set and CR0.EM clear.  XSAVE is not enabled:
 * the guests' CPUID hides it (pv/cpuid.c), so they use FXSAVE.
 *
 * CR0.TS belongs to the running guest (its virtual TS: fpu_taskswitch,
 * clts, mov to CR0; see pv/emul-priv.c); the hypervisor never uses FPU
 * or SSE registers itself (-mno-sse), so it never needs TS of its own.
 */
void fpu_percpu_init(void);     /* every CPU, before it runs a guest */

#endif

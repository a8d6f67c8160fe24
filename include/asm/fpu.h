#ifndef ASM_FPU_H
#define ASM_FPU_H

#include <xen/types.h>

/*
 * The FPU/SSE/AVX unit as PV guests use it (arch/x86/fpu.c).  Guests run
 * FXSAVE/XSAVE, SSE and AVX code themselves, so every CPU runs with
 * CR4.OSFXSR (FXSAVE saves the SSE state, SSE instructions do not #UD)
 * and CR4.OSXMMEXCPT (SIMD exceptions raise #XM, which is bounced to the
 * guest), CR0.MP and CR0.NE set and CR0.EM clear.  Where the CPU has
 * XSAVE, CR4.OSXSAVE too: each vCPU has its own XCR0 (set by its emulated
 * XSETBV, checked by xstate_xcr0_valid, loaded while it runs) and its
 * whole state is saved and restored with XSAVE/XRSTOR at every switch
 * (pv/context.c).
 *
 * CR0.TS belongs to the running guest (its virtual TS: fpu_taskswitch,
 * clts, mov to CR0; see pv/emul-priv.c); the hypervisor never uses FPU
 * or SSE registers itself (-mno-sse), so it never needs TS of its own.
 */
void fpu_percpu_init(void);     /* every CPU, before it runs a guest */

/* XCR0 components. */
#define XSTATE_X87          (1UL << 0)
#define XSTATE_SSE          (1UL << 1)
#define XSTATE_YMM          (1UL << 2)
#define XSTATE_AVX512       (7UL << 5)  /* opmask, ZMM_Hi256, Hi16_ZMM */

/* What guests may enable in XCR0 (0: the CPU has no XSAVE, none offered). */
extern uint64_t xstate_guest_mask;
bool xstate_xcr0_valid(uint64_t xcr0);

#endif

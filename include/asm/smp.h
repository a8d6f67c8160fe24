#ifndef ASM_SMP_H
#define ASM_SMP_H

#include <xen/types.h>

/*
 * x86 side of SMP: which APIC id each CPU number has (set by
 * arch/x86/smpboot.c before the CPU starts), for addressing IPIs.
 */
extern uint32_t x86_cpu_to_apicid[CONFIG_NR_CPUS];
#define cpu_physical_id(cpu) (x86_cpu_to_apicid[cpu])

/* Install the IPI handlers (arch/x86/smp.c); BSP, before starting APs. */
void smp_intr_init(void);

/*
 * Boot self-check: every online CPU answers a call IPI; prints
 * "IPI self-check: N/N CPUs answered: PASS|FAIL".
 */
void smp_ipi_selfcheck(void);

static inline void cpu_relax(void)
{
    __asm__ __volatile__("pause" ::: "memory");
}

#endif

#ifndef ASM_CURRENT_H
#define ASM_CURRENT_H

#include <xen/types.h>
#include <asm/config.h>
#include <public/xen.h>

struct vcpu;

/*
 * Lives in the top CPU_INFO_SIZE bytes of every CPU's STACK_SIZE-aligned
 * stack, so any code can find its CPU from %rsp alone.
 *
 * guest_cpu_user_regs is where a guest's registers are while the CPU is
 * in the hypervisor on that guest's behalf: the CPU's interrupt frame on
 * entry from ring 3 ends at its 'es' field (TSS.RSP0 points there), and
 * the entry code (entry.S, pv/entry.S) saves the other registers below it,
 * so the frame of every entry from a guest is at this fixed place.  The
 * CPU aligns RSP0 down to 16 bytes, hence processor_id and apic_id first:
 * they put 'es' on a 16-byte boundary (checked in desc.c).
 */
struct cpu_info {
    unsigned int processor_id;
    unsigned int apic_id;
    struct cpu_user_regs guest_cpu_user_regs;
    struct vcpu *current_vcpu;        /* NULL while idle */
    unsigned long per_cpu_offset;     /* reserved for later per-CPU areas */
};

static inline struct cpu_info *get_cpu_info(void)
{
    unsigned long sp;

    __asm__ ("mov %%rsp, %0" : "=r" (sp));
    return (struct cpu_info *)((sp | (STACK_SIZE - 1)) + 1 - CPU_INFO_SIZE);
}

#define smp_processor_id() (get_cpu_info()->processor_id)

/* The vCPU this CPU runs (NULL when none): valid in hypercalls and guest traps. */
#define current (get_cpu_info()->current_vcpu)
#define guest_cpu_user_regs() (&get_cpu_info()->guest_cpu_user_regs)

#endif

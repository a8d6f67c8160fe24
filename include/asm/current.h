#ifndef ASM_CURRENT_H
#define ASM_CURRENT_H

#include <xen/types.h>
#include <asm/config.h>

/*
 * Lives in the top CPU_INFO_SIZE bytes of every CPU's STACK_SIZE-aligned
 * stack, so any code can find its CPU from %rsp alone.
 */
struct cpu_info {
    unsigned int processor_id;
    unsigned int apic_id;
    unsigned long per_cpu_offset;     /* reserved for later per-CPU areas */
};

static inline struct cpu_info *get_cpu_info(void)
{
    unsigned long sp;

    __asm__ ("mov %%rsp, %0" : "=r" (sp));
    return (struct cpu_info *)((sp | (STACK_SIZE - 1)) + 1 - CPU_INFO_SIZE);
}

#define smp_processor_id() (get_cpu_info()->processor_id)

#endif

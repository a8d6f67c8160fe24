#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <asm/current.h>

/* Register frame pushed by the exception entry stubs (arch/x86/entry.S). */
struct cpu_user_regs {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    uint64_t rax, rcx, rdx, rsi, rdi;
    uint32_t error_code, entry_vector;
    uint64_t rip, cs, rflags, rsp, ss;
};

/* Build this CPU's GDT, TSS (with IST stacks) and load the shared IDT. */
void trap_init(void);          /* BSP, once: builds the IDT */
void percpu_traps_init(void);  /* every CPU, on its own stack */

/* Print a call trace starting from the caller's frame. */
void show_backtrace_here(void);
/* Print registers and a call trace for regs. */
void show_registers(const struct cpu_user_regs *regs);



/*
 * Allocate (from the heap) the GDT, TSS and IST stacks of a CPU about to be
 * started; the BSP's are static.  0 or -ENOMEM.
 */
int cpu_traps_alloc(unsigned int cpu);

/* Debug builds: crash_test=<kind> injects a fault at the end of boot. */
void crash_test_run(void);
#endif

#ifndef XEN_SOFTIRQ_H
#define XEN_SOFTIRQ_H

#include <xen/types.h>

/*
 * Softirqs (common/softirq.c): work raised from interrupt context and run
 * with interrupts enabled before returning to the idle loop (or a guest).
 */
enum {
    TIMER_SOFTIRQ = 0,
    SCHEDULE_SOFTIRQ,
    PIRQ_SOFTIRQ,               /* physical IRQs to guest events (arch/x86/pirq.c) */
    CONSOLE_INPUT_SOFTIRQ,      /* serial input for dom0, debug keys */
    NR_SOFTIRQS
};

typedef void (*softirq_handler)(void);
void open_softirq(unsigned int nr, softirq_handler fn);
void raise_softirq(unsigned int nr);                    /* this CPU */
void cpu_raise_softirq(unsigned int cpu, unsigned int nr);
void do_softirq(void);

/* Each CPU's pending bits, one cache line each (common/softirq.c). */
struct softirq_state {
    unsigned long pending;
} __aligned(64);
extern struct softirq_state softirq_state[];

/* Inline: every hypercall's preemption check and every exit to a guest ask. */
static inline bool softirq_pending(unsigned int cpu)
{
    return __atomic_load_n(&softirq_state[cpu].pending, __ATOMIC_SEQ_CST);
}

#endif

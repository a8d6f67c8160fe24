#ifndef ASM_IRQ_H
#define ASM_IRQ_H

#include <asm/traps.h>

/*
 * Interrupt vectors.  0x00-0x1f are exceptions; 0x20-0x2f stay unused so a
 * stray 8259 interrupt is recognisable; device IRQs (IO-APIC) use
 * FIRST_DYNAMIC_VECTOR..LAST_DYNAMIC_VECTOR; the top ones are fixed.
 */
#define FIRST_DYNAMIC_VECTOR    0x30
#define LAST_DYNAMIC_VECTOR     0xdf
#define IRQ_MOVE_CLEANUP_VECTOR 0xe0
#define CONSOLE_UART_VECTOR     0xe8    /* COM1/COM2 input (ns16550.c) */
#define LOCAL_TIMER_VECTOR      0xf8
#define CALL_FUNCTION_VECTOR    0xfa
#define EVENT_CHECK_VECTOR      0xfb
#define INVALIDATE_TLB_VECTOR   0xfc
#define ERROR_APIC_VECTOR       0xfe
#define SPURIOUS_APIC_VECTOR    0xff

typedef void (*vector_handler_t)(struct cpu_user_regs *regs);

/* Entry for every vector >= 0x20 (arch/x86/entry.S -> arch/x86/irq.c). */
void do_IRQ(struct cpu_user_regs *regs);
/* Install a handler for a fixed vector; handlers must ack the LAPIC. */
void set_direct_apic_vector(unsigned int vector, vector_handler_t fn);
/*
 * Claim a free vector of FIRST_DYNAMIC_VECTOR..LAST_DYNAMIC_VECTOR for fn
 * (which must ack the LAPIC); the vector, or -ENOSPC.  A claimed vector
 * is never given back.
 */
int alloc_dynamic_vector(vector_handler_t fn);

#endif

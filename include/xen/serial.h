#ifndef XEN_SERIAL_H
#define XEN_SERIAL_H

#include <xen/types.h>

/* Configure COM1/COM2 from com1=/com2= and program the UART; false if absent. */
bool ns16550_init(unsigned int index);
void ns16550_puts(unsigned int index, const char *s, size_t n);
/*
 * Input: each byte received goes to fn, in interrupt context (in_irq) or
 * from a polling timer's softirq.  Interrupt-driven when the UART has an
 * IRQ (com1=...,<irq>; COM1 4, COM2 3 by default) that the IO-APIC can
 * route, else polled every 10 ms.  Once interrupts are on (after the
 * IO-APIC and timers); every UART passes the same fn.
 */
typedef void ns16550_rx_fn(unsigned char c, bool in_irq);
void ns16550_input_start(unsigned int index, ns16550_rx_fn *fn);
/* The UART's first I/O port if it is in use (8 ports from there), else 0. */
unsigned int ns16550_io_base(unsigned int index);

void vga_init(void);
void vga_puts(const char *s, size_t n);

#endif

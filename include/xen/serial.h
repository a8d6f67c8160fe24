#ifndef XEN_SERIAL_H
#define XEN_SERIAL_H

#include <xen/types.h>

/* Configure COM1/COM2 from com1=/com2= and program the UART; false if absent. */
bool ns16550_init(unsigned int index);
void ns16550_puts(unsigned int index, const char *s, size_t n);
/* Next received byte, or -1. */
int ns16550_getc(unsigned int index);
/* The UART's first I/O port if it is in use (8 ports from there), else 0. */
unsigned int ns16550_io_base(unsigned int index);

void vga_init(void);
void vga_puts(const char *s, size_t n);

#endif

#ifndef XEN_SERIAL_H
#define XEN_SERIAL_H

#include <xen/types.h>

/* Configure COM1/COM2 from com1=/com2= and program the UART; false if absent. */
bool ns16550_init(unsigned int index);
void ns16550_puts(unsigned int index, const char *s, size_t n);
/* Next received byte, or -1. */
int ns16550_getc(unsigned int index);

void vga_init(void);
void vga_puts(const char *s, size_t n);

#endif

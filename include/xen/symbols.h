#ifndef XEN_SYMBOLS_H
#define XEN_SYMBOLS_H

/*
 * Name of the text symbol containing addr, with the offset into it and its
 * size; NULL when addr is outside the hypervisor's code.
 */
const char *symbols_lookup(unsigned long addr, unsigned long *size,
                           unsigned long *offset);

#endif

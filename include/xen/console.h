#ifndef XEN_CONSOLE_H
#define XEN_CONSOLE_H

#include <xen/types.h>

/* Parse console=/com1= (already done by parse_cmdline) and start output. */
void console_init(void);
/*
 * Bytes from the hardware domain (console_io): into the ring and out as
 * they are, without the "(XEN) " line prefix.
 */
void console_write_guest(const char *s, size_t n);
/* Let panic/fatal paths print even if another CPU died holding the lock. */
void console_force_unlock(void);
/*
 * Copy up to len bytes of the ring starting at absolute byte position *pos
 * (0 = oldest kept); advances *pos.  For dom0's `xl dmesg`.
 */
size_t console_ring_read(uint64_t *pos, char *buf, size_t len);

#endif

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
/*
 * The same for a whole line (a domU's, prefixed): it starts a line of its
 * own even when the output before it (dom0's, written in pieces) has not
 * ended its line yet.
 */
void console_write_guest_line(const char *s, size_t n);
/* Once interrupts and timers work: start serial input (BSP, at boot). */
void console_init_postirq(void);
/*
 * End of boot, dom0 built (or none): input goes to dom0 unless
 * conswitch=<c>x; prints where it goes and how to switch.
 */
void console_endboot(void);
/*
 * CONSOLEIO_read: up to count bytes of dom0's input to guest address buf.
 * Returns the bytes copied (0 if none is buffered) or -EFAULT.
 */
long console_input_read(unsigned long buf, unsigned int count);
/* Serial input from this UART (0: COM1, 1: COM2) (common/console_input.c). */
void console_input_start(unsigned int uart);
/*
 * Between these, every message is printed whatever its level: output
 * asked for on purpose (debug keys).  Nest; any context.
 */
void console_start_log_everything(void);
void console_end_log_everything(void);
/* Let panic/fatal paths print even if another CPU died holding the lock. */
void console_force_unlock(void);
/*
 * Copy up to len bytes of the ring starting at absolute byte position *pos
 * (0 = oldest kept); advances *pos.  For dom0's `xl dmesg`.
 */
size_t console_ring_read(uint64_t *pos, char *buf, size_t len);

#endif

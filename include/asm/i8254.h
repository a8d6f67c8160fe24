#ifndef ASM_I8254_H
#define ASM_I8254_H

#include <xen/types.h>

/*
 * The 8254 programmable interval timer (arch/x86/i8254.c): the one clock
 * of known frequency on every PC, used to calibrate the TSC and the LAPIC
 * timer and to check them.  Channel 2 is a polled one-shot (its output is
 * readable in port 0x61); channel 0 drives ISA IRQ 0, which the hypervisor
 * never unmasks.  Callers serialise their use of the PIT (boot code only).
 */
#define PIT_HZ          1193182u

/* Start channel 2 counting down ticks (1..65535) from now. */
void pit_ch2_start(uint16_t ticks);
/* Has channel 2 reached zero since pit_ch2_start()? */
bool pit_ch2_expired(void);
/* Busy-wait us microseconds on channel 2 (before the TSC is calibrated). */
void pit_udelay(unsigned long us);

/*
 * Free-running clock for checks: channels 0 and 2 as rate generators
 * (mode 2) of the given periods, counting period..1 and reloading.
 * Channel 0's IRQ 0 must be masked (it is, at boot).
 */
void pit_free_run(uint16_t ch0_period, uint16_t ch2_period);
/* Latch channels 0 and 2 at the same PIT clock and read both counts. */
void pit_read_both(uint16_t *ch0, uint16_t *ch2);
/* Stop both: channel 0's output stays low, channel 2's gate is closed. */
void pit_stop(void);

#endif

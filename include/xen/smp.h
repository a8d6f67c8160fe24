#ifndef XEN_SMP_H
#define XEN_SMP_H

#include <xen/cpumask.h>
#include <asm/current.h>

/*
 * SMP bring-up (arch/x86/smpboot.c, arch/x86/boot/trampoline.S) and
 * cross-CPU calls (arch/x86/smp.c).
 */

/* Start every present CPU (INIT-SIPI-SIPI), print "Brought up N CPUs". */
void smp_boot_cpus(void);

/* maxcpus= (0: no limit). */
extern unsigned int opt_maxcpus;

/*
 * Run fn(data) on every CPU in mask (may include this one), from interrupt
 * context on the others.  With wait, returns once all have finished.
 * Must be called with interrupts enabled.
 */
void on_selected_cpus(const cpumask_t *mask, void (*fn)(void *), void *data,
                      bool wait);
/* Make the CPUs in mask run their softirqs now. */
void smp_send_event_check_mask(const cpumask_t *mask);



/* Every CPU ends here: run softirqs, halt until the next interrupt. */
void __noreturn idle_loop(void);
#endif

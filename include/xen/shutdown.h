#ifndef XEN_SHUTDOWN_H
#define XEN_SHUTDOWN_H

#include <xen/types.h>

/* Set by the `noreboot` option: stop instead of resetting after a crash. */
extern bool opt_noreboot;

/* Reset the machine: ACPI reset register, then keyboard controller, then CF9. */
void __noreturn machine_restart(void);
/* Power off through ACPI S5; halts if that is not possible. */
void __noreturn machine_power_off(void);
/* Stop all CPUs for good. */
void __noreturn machine_halt(void);
/* After a fatal error: machine_halt() with noreboot, else machine_restart(). */
void __noreturn machine_halt_or_reboot(void);

#endif

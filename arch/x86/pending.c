/*
 * TEMPORARY during parallel bring-up: weak placeholders for subsystems
 * being written right now, so the tree links while they are.  Each real
 * definition overrides its placeholder; this file is deleted before the
 * foundation is committed as done.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/smp.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/traps.h>

#define W __attribute__((weak))
W void acpi_boot_init(void) {}
W void apic_bsp_init(void) {}
W void io_apic_init(void) {}
W void time_init(void) {}
W void timer_init(void) {}
W void time_selfcheck(void) {}
W void smp_boot_cpus(void) {}
W void do_IRQ(struct cpu_user_regs *regs) {}
W void idle_loop(void) { for ( ; ; ) __asm__ __volatile__("sti; hlt"); }

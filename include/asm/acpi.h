#ifndef ASM_ACPI_H
#define ASM_ACPI_H

#include <xen/types.h>

/*
 * ACPI (drivers/acpi/tables.c: find and checksum tables;
 * arch/x86/acpi/boot.c: MADT, FADT, reset and S5 power-off).
 */
struct acpi_cpu {
    uint32_t apic_id;
    uint32_t acpi_id;
    bool enabled;           /* MADT says usable now */
};

struct acpi_ioapic {
    uint8_t id;
    paddr_t addr;
    uint32_t gsi_base;
};

#define MAX_IOAPICS 8

extern struct acpi_cpu acpi_cpus[CONFIG_NR_CPUS];
extern unsigned int acpi_nr_cpus;        /* entries in acpi_cpus[] */
extern struct acpi_ioapic acpi_ioapics[MAX_IOAPICS];
extern unsigned int acpi_nr_ioapics;
extern paddr_t acpi_lapic_addr;          /* LAPIC MMIO base from the MADT */

/* Find RSDP/RSDT/XSDT, parse MADT and FADT.  Without ACPI: one CPU, no IO-APIC. */
void acpi_boot_init(void);
/* GSI an ISA IRQ is wired to (MADT interrupt source overrides applied). */
unsigned int acpi_isa_irq_to_gsi(unsigned int irq, bool *level, bool *active_low);

/* Reset through the FADT reset register; returns if unsupported. */
void acpi_reboot(void);
/* Enter S5; returns if unsupported. */
void acpi_power_off(void);
/* Does the FADT give a PM1a control block / a sleep control register? */
bool acpi_has_pm1a_cnt(void);
bool acpi_has_sleep_control(void);

#endif

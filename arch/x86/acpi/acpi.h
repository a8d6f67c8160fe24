#ifndef ARCH_X86_ACPI_ACPI_H
#define ARCH_X86_ACPI_ACPI_H

/*
 * Between boot.c (MADT, called first) and power.c: read the FADT, find
 * the \_S5 sleep type and remember the reset and PM1 control registers.
 */
void acpi_power_init(void);

#endif

#ifndef ASM_MSI_H
#define ASM_MSI_H

#include <xen/types.h>

/*
 * MSI of PCI devices (arch/x86/msi.c), segment 0.
 *
 * msi_setup: point bus:devfn's MSI at vector on the CPU with apic_id (one
 * vector; the enable bit is left as it is); *maskable says whether it
 * has per-vector mask bits.  -ENODEV without an MSI capability, -EBUSY if
 * set up already, -ENOSPC if too many devices are.
 * msi_teardown: disable MSI of a device set up; others untouched.
 * msi_conf_write_allowed: may dom0 write size bytes at config register
 * reg of bdf (bus << 8 | devfn)?  Not over the message of a device set up.
 */
int msi_setup(unsigned int bus, unsigned int devfn, unsigned int vector,
              uint32_t apic_id, bool *maskable);
void msi_teardown(unsigned int bus, unsigned int devfn);
bool msi_conf_write_allowed(uint16_t bdf, unsigned int reg, unsigned int size);

#endif

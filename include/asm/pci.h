#ifndef ASM_PCI_H
#define ASM_PCI_H

#include <xen/types.h>

/*
 * PCI configuration space through configuration mechanism 1 (ports
 * 0xcf8/0xcfc, arch/x86/pci.c), segment 0.  Every access writes the
 * address register and moves the data under one lock, so the hypervisor's
 * own accesses and those it does for dom0 never interleave.
 *
 * cf8 is a CONFIG_ADDRESS value: bit 31 enable, bus 23:16, device 15:11,
 * function 10:8, register 7:2.  offset (0..3) and bytes (1, 2, 4) select
 * the part of the 32-bit data register; offset + bytes <= 4.
 */
#define PCI_CF8_ENABLE          0x80000000u
#define PCI_CF8(bus, devfn, reg) \
    (PCI_CF8_ENABLE | ((uint32_t)(bus) << 16) | ((uint32_t)(devfn) << 8) | ((reg) & 0xfc))
#define PCI_CF8_BDF(cf8)        (((cf8) >> 8) & 0xffff)     /* bus << 8 | devfn */
#define PCI_CF8_REG(cf8)        ((cf8) & 0xfc)

uint32_t pci_cf8_read(uint32_t cf8, unsigned int offset, unsigned int bytes);
void pci_cf8_write(uint32_t cf8, unsigned int offset, unsigned int bytes,
                   uint32_t val);

/* Register reg (any alignment within its dword) of bus:devfn. */
static inline uint32_t pci_conf_read(unsigned int bus, unsigned int devfn,
                                     unsigned int reg, unsigned int bytes)
{
    return pci_cf8_read(PCI_CF8(bus, devfn, reg), reg & 3, bytes);
}

static inline void pci_conf_write(unsigned int bus, unsigned int devfn,
                                  unsigned int reg, unsigned int bytes,
                                  uint32_t val)
{
    pci_cf8_write(PCI_CF8(bus, devfn, reg), reg & 3, bytes, val);
}

/*
 * The devices dom0 reported: add (0, or -ENOMEM when the table is full;
 * adding a known device changes nothing), remove (-ENODEV if unknown).
 */
int pci_dev_add(unsigned int seg, unsigned int bus, unsigned int devfn);
int pci_dev_remove(unsigned int seg, unsigned int bus, unsigned int devfn);
bool pci_dev_known(unsigned int seg, unsigned int bus, unsigned int devfn);

#endif

/*
 * The hardware domain's PCI configuration accesses through mechanism 1
 * (ports 0xcf8-0xcff), mediated as Xen does:
 *
 *  - a 4-byte access to 0xcf8 reads or writes the domain's own copy of
 *    the address register (d->arch.pci_cf8), never the hardware's, which
 *    the hypervisor loads afresh for every data access (asm/pci.h);
 *  - an access to 0xcfc-0xcff is done by the hypervisor with the
 *    domain's address: the part within the data dword (a 3-byte part
 *    shrinks to 2, as in Xen), under the configuration lock; what is left
 *    past the dword reads as all ones and is not written;
 *  - writes over the MSI message of a device whose MSI the hypervisor
 *    drives are dropped (msi.c); the rest of its configuration is dom0's;
 *  - 1- and 2-byte accesses to 0xcf8-0xcfb are ordinary ports dom0 owns
 *    (0xcf9 is the reset control register of many chipsets).
 * Other domains get none of this: they own none of these ports.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/msi.h>
#include <asm/pci.h>
#include <asm/pv.h>

#define PORT_CF8    0xcf8
#define PORT_CFC    0xcfc

/* The part of an access at port (0xcfc..0xcff) within the data dword. */
static unsigned int data_part(unsigned int port, unsigned int bytes)
{
    unsigned int size = min(bytes, 4 - (port & 3));

    return size == 3 ? 2 : size;
}

bool pv_pci_conf_read(struct domain *d, unsigned int port, unsigned int bytes,
                      uint32_t *val)
{
    unsigned int size;

    if ( !is_hardware_domain(d) )
        return false;
    if ( port == PORT_CF8 && bytes == 4 )
    {
        *val = d->arch.pci_cf8;
        return true;
    }
    if ( (port & ~3u) != PORT_CFC )
        return false;
    size = data_part(port, bytes);
    /* Bytes past the part read as all ones. */
    *val = size == 4 ? 0 : ~0u << (8 * size);
    *val |= pci_cf8_read(d->arch.pci_cf8, port & 3, size);
    return true;
}

bool pv_pci_conf_write(struct domain *d, unsigned int port, unsigned int bytes,
                       uint32_t val)
{
    unsigned int size;

    if ( !is_hardware_domain(d) )
        return false;
    if ( port == PORT_CF8 && bytes == 4 )
    {
        d->arch.pci_cf8 = val;
        return true;
    }
    if ( (port & ~3u) != PORT_CFC )
        return false;
    size = data_part(port, bytes);
    if ( !(d->arch.pci_cf8 & PCI_CF8_ENABLE) ||
         msi_conf_write_allowed(PCI_CF8_BDF(d->arch.pci_cf8),
                                PCI_CF8_REG(d->arch.pci_cf8) + (port & 3), size) )
        pci_cf8_write(d->arch.pci_cf8, port & 3, size, val);
    return true;
}

/*
 * PCI configuration mechanism 1 (asm/pci.h).  The address register at
 * 0xcf8 is shared state: pci_lock is held from writing it to the end of
 * the data access, with interrupts off so that no interrupt handler on
 * this CPU can come in between.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/spinlock.h>
#include <asm/io.h>
#include <asm/pci.h>

#define PCI_CONF_ADDRESS    0xcf8
#define PCI_CONF_DATA       0xcfc

static DEFINE_SPINLOCK(pci_lock);

uint32_t pci_cf8_read(uint32_t cf8, unsigned int offset, unsigned int bytes)
{
    unsigned long flags;
    uint32_t val;

    BUG_ON(offset + bytes > 4);
    spin_lock_irqsave(&pci_lock, flags);
    outl(cf8, PCI_CONF_ADDRESS);
    switch ( bytes )
    {
    case 1:  val = inb(PCI_CONF_DATA + offset); break;
    case 2:  val = inw(PCI_CONF_DATA + offset); break;
    default: val = inl(PCI_CONF_DATA); break;
    }
    spin_unlock_irqrestore(&pci_lock, flags);
    return val;
}

void pci_cf8_write(uint32_t cf8, unsigned int offset, unsigned int bytes,
                   uint32_t val)
{
    unsigned long flags;

    BUG_ON(offset + bytes > 4);
    spin_lock_irqsave(&pci_lock, flags);
    outl(cf8, PCI_CONF_ADDRESS);
    switch ( bytes )
    {
    case 1:  outb(val, PCI_CONF_DATA + offset); break;
    case 2:  outw(val, PCI_CONF_DATA + offset); break;
    default: outl(val, PCI_CONF_DATA); break;
    }
    spin_unlock_irqrestore(&pci_lock, flags);
}

/*
 * The PCI devices dom0 reported (PHYSDEVOP_manage_pci_add,
 * pci_device_add), as segment << 16 | bus << 8 | devfn.  Kept to answer
 * the operations that name a device as Xen does (-ENODEV for one never
 * reported); we drive none of them.
 */
#define MAX_PCI_DEVS    256

static uint32_t pci_devs[MAX_PCI_DEVS];
static unsigned int nr_pci_devs;
static DEFINE_SPINLOCK(pci_devs_lock);

static int pci_dev_index(uint32_t sbdf)
{
    unsigned int i;

    for ( i = 0; i < nr_pci_devs; i++ )
        if ( pci_devs[i] == sbdf )
            return i;
    return -1;
}

static uint32_t sbdf(unsigned int seg, unsigned int bus, unsigned int devfn)
{
    return (seg & 0xffff) << 16 | (bus & 0xff) << 8 | (devfn & 0xff);
}

int pci_dev_add(unsigned int seg, unsigned int bus, unsigned int devfn)
{
    int rc = 0;

    spin_lock(&pci_devs_lock);
    if ( pci_dev_index(sbdf(seg, bus, devfn)) >= 0 )
        ;                       /* known already: nothing changes */
    else if ( nr_pci_devs == MAX_PCI_DEVS )
        rc = -ENOMEM;
    else
        pci_devs[nr_pci_devs++] = sbdf(seg, bus, devfn);
    spin_unlock(&pci_devs_lock);
    return rc;
}

int pci_dev_remove(unsigned int seg, unsigned int bus, unsigned int devfn)
{
    int i;

    spin_lock(&pci_devs_lock);
    i = pci_dev_index(sbdf(seg, bus, devfn));
    if ( i >= 0 )
        pci_devs[i] = pci_devs[--nr_pci_devs];
    spin_unlock(&pci_devs_lock);
    return i >= 0 ? 0 : -ENODEV;
}

bool pci_dev_known(unsigned int seg, unsigned int bus, unsigned int devfn)
{
    bool known;

    spin_lock(&pci_devs_lock);
    known = pci_dev_index(sbdf(seg, bus, devfn)) >= 0;
    spin_unlock(&pci_devs_lock);
    return known;
}

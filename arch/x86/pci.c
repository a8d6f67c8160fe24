/*
 * PCI configuration mechanism 1 (asm/pci.h).  The address register at
 * 0xcf8 is shared state: pci_lock is held from writing it to the end of
 * the data access, with interrupts off so that no interrupt handler on
 * this CPU can come in between.
 */
#include <xen/lib.h>
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

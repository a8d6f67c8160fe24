/*
 * MSI of the devices dom0 uses, driven as Xen 4.17 drives them for a PV
 * dom0: when dom0 maps an MSI PIRQ, the hypervisor writes the device's
 * MSI capability (message address: the LAPIC of the destination CPU;
 * data: our vector, fixed delivery, edge), one vector, and leaves the
 * enable bit to dom0 (Linux sets it through configuration space, as
 * under Xen); at unmap, MSI is disabled.  MSI-X is not driven.
 *
 * Invariant: while a device is in msi_devs, its message address and data
 * are ours: dom0's configuration writes that touch them are dropped
 * (msi_conf_write_allowed); the control word stays dom0's.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/spinlock.h>
#include <asm/msi.h>
#include <asm/pci.h>

#define PCI_STATUS              0x06
#define PCI_STATUS_CAP_LIST     0x10
#define PCI_CAPABILITY_LIST     0x34
#define PCI_CAP_ID_MSI          0x05

#define MSI_CONTROL             2       /* from the capability */
#define MSI_ADDR_LO             4
#define MSI_ADDR_HI             8       /* 64-bit capability only */
#define MSI_CTL_ENABLE          0x0001
#define MSI_CTL_MME             0x0070  /* vectors enabled: log2 */
#define MSI_CTL_64BIT           0x0080
#define MSI_CTL_MASKBIT         0x0100

#define MSI_ADDR_BASE           0xfee00000u
#define MSI_ADDR_DEST_SHIFT     12

#define MAX_MSI_DEVS            64

struct msi_dev {
    uint16_t bdf;               /* bus << 8 | devfn */
    uint8_t pos;                /* the MSI capability */
    bool is64;
};

static struct msi_dev msi_devs[MAX_MSI_DEVS];
static unsigned int nr_msi_devs;
static DEFINE_SPINLOCK(msi_lock);

/* The MSI capability of bus:devfn, 0 if none (the list walk is bounded). */
static unsigned int msi_cap(unsigned int bus, unsigned int devfn)
{
    unsigned int pos, n;

    if ( !(pci_conf_read(bus, devfn, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST) )
        return 0;
    pos = pci_conf_read(bus, devfn, PCI_CAPABILITY_LIST, 1) & 0xfc;
    for ( n = 0; pos >= 0x40 && n < 48; n++ )
    {
        if ( pci_conf_read(bus, devfn, pos, 1) == PCI_CAP_ID_MSI )
            return pos;
        pos = pci_conf_read(bus, devfn, pos + 1, 1) & 0xfc;
    }
    return 0;
}

static int msi_dev_index(uint16_t bdf)
{
    unsigned int i;

    for ( i = 0; i < nr_msi_devs; i++ )
        if ( msi_devs[i].bdf == bdf )
            return i;
    return -1;
}

int msi_setup(unsigned int bus, unsigned int devfn, unsigned int vector,
              uint32_t apic_id, bool *maskable)
{
    uint16_t bdf = bus << 8 | devfn, ctl;
    unsigned int pos = msi_cap(bus, devfn), data;
    int rc = 0;

    if ( !pos )
        return -ENODEV;
    spin_lock(&msi_lock);
    if ( msi_dev_index(bdf) >= 0 )
        rc = -EBUSY;
    else if ( nr_msi_devs == MAX_MSI_DEVS )
        rc = -ENOSPC;
    if ( rc )
    {
        spin_unlock(&msi_lock);
        return rc;
    }
    ctl = pci_conf_read(bus, devfn, pos + MSI_CONTROL, 2);
    msi_devs[nr_msi_devs].bdf = bdf;
    msi_devs[nr_msi_devs].pos = pos;
    msi_devs[nr_msi_devs].is64 = ctl & MSI_CTL_64BIT;
    nr_msi_devs++;
    pci_conf_write(bus, devfn, pos + MSI_ADDR_LO, 4,
                   MSI_ADDR_BASE | apic_id << MSI_ADDR_DEST_SHIFT);
    if ( ctl & MSI_CTL_64BIT )
        pci_conf_write(bus, devfn, pos + MSI_ADDR_HI, 4, 0);
    data = pos + (ctl & MSI_CTL_64BIT ? 12 : 8);
    pci_conf_write(bus, devfn, data, 2, vector);
    pci_conf_write(bus, devfn, pos + MSI_CONTROL, 2, ctl & ~MSI_CTL_MME);
    spin_unlock(&msi_lock);
    *maskable = ctl & MSI_CTL_MASKBIT;
    return 0;
}

void msi_teardown(unsigned int bus, unsigned int devfn)
{
    int i;
    uint16_t ctl;

    spin_lock(&msi_lock);
    i = msi_dev_index(bus << 8 | devfn);
    if ( i >= 0 )
    {
        unsigned int pos = msi_devs[i].pos;

        ctl = pci_conf_read(bus, devfn, pos + MSI_CONTROL, 2);
        pci_conf_write(bus, devfn, pos + MSI_CONTROL, 2, ctl & ~MSI_CTL_ENABLE);
        msi_devs[i] = msi_devs[--nr_msi_devs];
    }
    spin_unlock(&msi_lock);
}

bool msi_conf_write_allowed(uint16_t bdf, unsigned int reg, unsigned int size)
{
    unsigned int first, last;
    bool ok = true;
    int i;

    spin_lock(&msi_lock);
    i = msi_dev_index(bdf);
    if ( i >= 0 )
    {
        /* Address (low, high) and data words. */
        first = msi_devs[i].pos + MSI_ADDR_LO;
        last = first + (msi_devs[i].is64 ? 10 : 6) - 1;
        ok = reg + size - 1 < first || reg > last;
    }
    spin_unlock(&msi_lock);
    return ok;
}

/*
 * IO-APICs.  At boot every redirection entry is masked, so no device
 * interrupt arrives before someone routes it.  Registers are reached
 * through an index (IOREGSEL) and a data window (IOWIN): the pair is one
 * access, done under ioapic_lock.
 */
#include <xen/lib.h>
#include <xen/bitmap.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/spinlock.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/page.h>

#define IOREGSEL        0x00
#define IOWIN           0x10

#define IOAPIC_REG_VER  0x01
#define IOAPIC_REG_RTE  0x10    /* + 2 * pin: low word, + 1: high word */

#define RTE_ACTIVE_LOW  (1u << 13)
#define RTE_LEVEL       (1u << 15)
#define RTE_MASKED      (1u << 16)
#define RTE_DEST_SHIFT  24      /* in the high word, physical mode */

struct ioapic {
    paddr_t addr;
    uint8_t *regs;
    unsigned int gsi_base, nr_pins;
};

static struct ioapic ioapics[MAX_IOAPICS];
static unsigned int nr_ioapics;
static DEFINE_SPINLOCK(ioapic_lock);

static uint32_t ioapic_read(const struct ioapic *io, unsigned int reg)
{
    writel(reg, io->regs + IOREGSEL);
    return readl(io->regs + IOWIN);
}

static void ioapic_write(const struct ioapic *io, unsigned int reg,
                         uint32_t val)
{
    writel(reg, io->regs + IOREGSEL);
    writel(val, io->regs + IOWIN);
}

void io_apic_init(void)
{
    unsigned int i, pin;
    unsigned long flags;

    for ( i = 0; i < acpi_nr_ioapics; i++ )
    {
        const struct acpi_ioapic *a = &acpi_ioapics[i];
        struct ioapic *io = &ioapics[nr_ioapics];
        uint32_t ver;

        io->regs = ioremap(a->addr, PAGE_SIZE);
        if ( !io->regs )
        {
            printk(XENLOG_ERR "IO-APIC %u at %#lx: cannot map, ignored\n",
                   a->id, a->addr);
            continue;
        }
        ver = ioapic_read(io, IOAPIC_REG_VER);
        io->addr = a->addr;
        io->gsi_base = a->gsi_base;
        io->nr_pins = ((ver >> 16) & 0xff) + 1;

        spin_lock_irqsave(&ioapic_lock, flags);
        for ( pin = 0; pin < io->nr_pins; pin++ )
        {
            ioapic_write(io, IOAPIC_REG_RTE + 2 * pin, RTE_MASKED);
            ioapic_write(io, IOAPIC_REG_RTE + 2 * pin + 1, 0);
        }
        spin_unlock_irqrestore(&ioapic_lock, flags);

        printk("IO-APIC %u at %#lx: version %#x, GSI %u-%u, all masked\n",
               a->id, a->addr, ver & 0xff, io->gsi_base,
               io->gsi_base + io->nr_pins - 1);
        nr_ioapics++;
    }
}

static struct ioapic *gsi_to_ioapic(unsigned int gsi, unsigned int *pin)
{
    unsigned int i;

    for ( i = 0; i < nr_ioapics; i++ )
        if ( gsi >= ioapics[i].gsi_base &&
             gsi - ioapics[i].gsi_base < ioapics[i].nr_pins )
        {
            *pin = gsi - ioapics[i].gsi_base;
            return &ioapics[i];
        }
    return NULL;
}

int io_apic_route_gsi(unsigned int gsi, unsigned int vector, uint32_t apic_id,
                      bool level, bool active_low)
{
    unsigned int pin;
    struct ioapic *io = gsi_to_ioapic(gsi, &pin);
    uint32_t low = vector | RTE_MASKED;
    unsigned long flags;

    /* Without interrupt remapping the entry holds an 8-bit APIC id. */
    if ( !io || apic_id > 0xff || vector < 0x20 || vector > 0xff )
        return -EINVAL;
    if ( level )
        low |= RTE_LEVEL;
    if ( active_low )
        low |= RTE_ACTIVE_LOW;

    /* Masked while the two halves disagree. */
    spin_lock_irqsave(&ioapic_lock, flags);
    ioapic_write(io, IOAPIC_REG_RTE + 2 * pin, RTE_MASKED);
    ioapic_write(io, IOAPIC_REG_RTE + 2 * pin + 1, apic_id << RTE_DEST_SHIFT);
    ioapic_write(io, IOAPIC_REG_RTE + 2 * pin, low);
    spin_unlock_irqrestore(&ioapic_lock, flags);
    return 0;
}

int io_apic_set_masked(unsigned int gsi, bool masked)
{
    unsigned int pin;
    struct ioapic *io = gsi_to_ioapic(gsi, &pin);
    unsigned long flags;
    uint32_t low;

    if ( !io )
        return -EINVAL;
    spin_lock_irqsave(&ioapic_lock, flags);
    low = ioapic_read(io, IOAPIC_REG_RTE + 2 * pin);
    low = masked ? low | RTE_MASKED : low & ~RTE_MASKED;
    ioapic_write(io, IOAPIC_REG_RTE + 2 * pin, low);
    spin_unlock_irqrestore(&ioapic_lock, flags);
    return 0;
}

unsigned int io_apic_nr_gsis(void)
{
    unsigned int i, n = 16;     /* the ISA IRQs exist in any case */

    for ( i = 0; i < nr_ioapics; i++ )
        n = max(n, ioapics[i].gsi_base + ioapics[i].nr_pins);
    return n;
}

static struct ioapic *ioapic_at(paddr_t physbase)
{
    unsigned int i;

    for ( i = 0; i < nr_ioapics; i++ )
        if ( ioapics[i].addr == physbase )
            return &ioapics[i];
    return NULL;
}

int io_apic_guest_read(paddr_t physbase, unsigned int reg, uint32_t *val)
{
    struct ioapic *io = ioapic_at(physbase);
    unsigned long flags;

    if ( !io )
        return -EINVAL;
    spin_lock_irqsave(&ioapic_lock, flags);
    *val = ioapic_read(io, reg & 0xff);
    spin_unlock_irqrestore(&ioapic_lock, flags);
    return 0;
}

int io_apic_guest_rte_gsi(paddr_t physbase, unsigned int reg)
{
    struct ioapic *io = ioapic_at(physbase);

    if ( !io )
        return -EINVAL;
    if ( reg < IOAPIC_REG_RTE || (reg & 1) ||
         (reg - IOAPIC_REG_RTE) / 2 >= io->nr_pins )
        return -ENOENT;
    return io->gsi_base + (reg - IOAPIC_REG_RTE) / 2;
}

/*
 * Interrupt lines the hypervisor keeps for itself: today only the console
 * UART's ISA IRQ (drivers/char/ns16550.c).  Such a GSI is routed to a
 * fixed vector on the BSP and unmasked here, and from then on belongs to
 * the hypervisor: whoever hands GSIs to dom0 (PIRQs, IO-APIC writes) must
 * ask io_apic_gsi_is_xen() and refuse them.
 */
#define XEN_GSI_LIMIT 256
static unsigned long xen_gsis[BITS_TO_LONGS(XEN_GSI_LIMIT)];   /* boot-time writes only */

int io_apic_claim_isa_irq(unsigned int isa_irq, unsigned int vector)
{
    bool level, active_low;
    unsigned int gsi = acpi_isa_irq_to_gsi(isa_irq, &level, &active_low);
    int rc;

    if ( gsi >= XEN_GSI_LIMIT )
        return -EINVAL;
    rc = io_apic_route_gsi(gsi, vector, get_apic_id(), level, active_low);
    if ( rc )
        return rc;
    __set_bit(gsi, xen_gsis);
    return io_apic_set_masked(gsi, false);
}

bool io_apic_gsi_is_xen(unsigned int gsi)
{
    return gsi < XEN_GSI_LIMIT && test_bit(gsi, xen_gsis);
}

/*
 * ACPI at boot: the MADT tells us the CPUs (local APICs and x2APICs), the
 * IO-APICs, how ISA IRQs map to GSIs, and where the LAPIC lives.  The
 * MADT's entries are walked strictly inside the table: an entry whose
 * length is too short for its type, or that runs past the end, stops the
 * walk with a report.
 */
#include <xen/lib.h>
#include <xen/acpi.h>
#include <asm/acpi.h>
#include <asm/cpuid.h>
#include "acpi.h"

#define ISA_IRQS 16

/* MADT order, enabled and online-capable CPUs, first CONFIG_NR_CPUS. */
struct acpi_cpu acpi_cpus[CONFIG_NR_CPUS];
unsigned int acpi_nr_cpus;
struct acpi_ioapic acpi_ioapics[MAX_IOAPICS];
unsigned int acpi_nr_ioapics;
paddr_t acpi_lapic_addr;

/* ISA IRQ -> GSI, trigger and polarity, after the MADT's overrides. */
static struct {
    uint32_t gsi;
    bool level, active_low;
} isa_irq[ISA_IRQS];

static unsigned int cpus_dropped, cpus_unusable;

static void add_cpu(uint32_t apic_id, uint32_t acpi_id, uint32_t flags)
{
    unsigned int i;

    if ( !(flags & (ACPI_MADT_ENABLED | ACPI_MADT_ONLINE_CAPABLE)) )
    {
        cpus_unusable++;
        return;
    }
    /* x2APIC entries may repeat a CPU already listed by xAPIC id. */
    for ( i = 0; i < acpi_nr_cpus; i++ )
        if ( acpi_cpus[i].apic_id == apic_id )
        {
            printk(XENLOG_WARNING "ACPI: APIC id %u listed twice, "
                   "ignoring the second\n", apic_id);
            return;
        }
    if ( acpi_nr_cpus == CONFIG_NR_CPUS )
    {
        cpus_dropped++;
        return;
    }
    acpi_cpus[acpi_nr_cpus].apic_id = apic_id;
    acpi_cpus[acpi_nr_cpus].acpi_id = acpi_id;
    acpi_cpus[acpi_nr_cpus].enabled = flags & ACPI_MADT_ENABLED;
    printk(XENLOG_DEBUG "ACPI: CPU%u: APIC id %u, ACPI id %u%s\n",
           acpi_nr_cpus, apic_id, acpi_id,
           (flags & ACPI_MADT_ENABLED) ? "" : " (hot-pluggable, absent)");
    acpi_nr_cpus++;
}

static void add_ioapic(const struct acpi_madt_ioapic *e)
{
    struct acpi_ioapic *io;

    if ( acpi_nr_ioapics == MAX_IOAPICS )
    {
        printk(XENLOG_WARNING "ACPI: more than %u IO-APICs, id %u ignored\n",
               MAX_IOAPICS, e->id);
        return;
    }
    io = &acpi_ioapics[acpi_nr_ioapics++];
    io->id = e->id;
    io->addr = e->address;
    io->gsi_base = e->gsi_base;
    printk("ACPI: IO-APIC id %u at %#x, GSI base %u\n", e->id, e->address,
           e->gsi_base);
}

static void add_override(const struct acpi_madt_int_override *e)
{
    unsigned int pol = e->flags & ACPI_MADT_POLARITY_MASK;
    unsigned int trig = e->flags & ACPI_MADT_TRIGGER_MASK;

    if ( e->bus != 0 || e->source >= ISA_IRQS )
    {
        printk(XENLOG_WARNING "ACPI: override of bus %u IRQ %u ignored\n",
               e->bus, e->source);
        return;
    }
    /* "Conforms to the bus" means ISA: edge triggered, active high. */
    isa_irq[e->source].gsi = e->gsi;
    isa_irq[e->source].level = trig == ACPI_MADT_TRIGGER_LEVEL;
    isa_irq[e->source].active_low = pol == ACPI_MADT_POLARITY_LOW;
    printk("ACPI: ISA IRQ %u -> GSI %u, %s, active %s\n", e->source, e->gsi,
           isa_irq[e->source].level ? "level" : "edge",
           isa_irq[e->source].active_low ? "low" : "high");
}

/* Smallest valid length of the MADT entry types we read. */
static unsigned int madt_entry_min(unsigned int type)
{
    switch ( type )
    {
    case ACPI_MADT_LAPIC:
        return sizeof(struct acpi_madt_lapic);
    case ACPI_MADT_IOAPIC:
        return sizeof(struct acpi_madt_ioapic);
    case ACPI_MADT_INT_OVERRIDE:
        return sizeof(struct acpi_madt_int_override);
    case ACPI_MADT_LAPIC_OVERRIDE:
        return sizeof(struct acpi_madt_lapic_override);
    case ACPI_MADT_X2APIC:
        return sizeof(struct acpi_madt_x2apic);
    default:
        return sizeof(struct acpi_madt_entry);
    }
}

static void parse_madt(const struct acpi_madt *madt)
{
    const uint8_t *p = (const uint8_t *)(madt + 1);
    const uint8_t *end = (const uint8_t *)madt + madt->header.length;

    acpi_lapic_addr = madt->lapic_address;

    while ( end - p >= (long)sizeof(struct acpi_madt_entry) )
    {
        const struct acpi_madt_entry *e = (const void *)p;

        if ( e->length < madt_entry_min(e->type) || e->length > end - p )
        {
            printk(XENLOG_WARNING "ACPI: MADT entry type %u at offset %lu "
                   "has bad length %u; rest of the MADT ignored\n", e->type,
                   (unsigned long)(p - (const uint8_t *)madt), e->length);
            return;
        }

        switch ( e->type )
        {
        case ACPI_MADT_LAPIC:
        {
            const struct acpi_madt_lapic *l = (const void *)e;

            /* 0xff is not a valid xAPIC id; such CPUs use x2APIC entries. */
            if ( l->apic_id != 0xff )
                add_cpu(l->apic_id, l->acpi_id, l->flags);
            break;
        }
        case ACPI_MADT_X2APIC:
        {
            const struct acpi_madt_x2apic *x = (const void *)e;

            add_cpu(x->x2apic_id, x->acpi_id, x->flags);
            break;
        }
        case ACPI_MADT_IOAPIC:
            add_ioapic((const void *)e);
            break;
        case ACPI_MADT_INT_OVERRIDE:
            add_override((const void *)e);
            break;
        case ACPI_MADT_LAPIC_OVERRIDE:
        {
            const struct acpi_madt_lapic_override *o = (const void *)e;

            acpi_lapic_addr = o->address;
            printk("ACPI: LAPIC address overridden to %#lx\n",
                   acpi_lapic_addr);
            break;
        }
        default:
            break;
        }
        p += e->length;
    }
}

unsigned int acpi_isa_irq_to_gsi(unsigned int irq, bool *level,
                                 bool *active_low)
{
    if ( irq >= ISA_IRQS )
    {
        *level = true;
        *active_low = true;
        return irq;
    }
    *level = isa_irq[irq].level;
    *active_low = isa_irq[irq].active_low;
    return isa_irq[irq].gsi;
}

void acpi_boot_init(void)
{
    const struct acpi_madt *madt = NULL;
    unsigned int i;

    for ( i = 0; i < ISA_IRQS; i++ )
        isa_irq[i].gsi = i;
    acpi_lapic_addr = 0xfee00000;

    if ( acpi_tables_init() == 0 )
    {
        madt = (const struct acpi_madt *)acpi_find_table(ACPI_SIG_MADT, 0);
        if ( madt && madt->header.length < sizeof(*madt) )
        {
            printk(XENLOG_WARNING "ACPI: MADT too short, ignored\n");
            madt = NULL;
        }
        acpi_power_init();
    }

    if ( madt )
        parse_madt(madt);
    if ( cpus_dropped )
        printk(XENLOG_WARNING "ACPI: %u more CPUs than CONFIG_NR_CPUS=%u "
               "ignored\n", cpus_dropped, CONFIG_NR_CPUS);

    if ( !acpi_nr_cpus )
    {
        /* No CPU list: run on the boot CPU alone (its initial APIC id). */
        printk(XENLOG_WARNING "ACPI: %s, using the boot CPU only\n",
               madt ? "no usable CPU in the MADT" : "no MADT");
        acpi_cpus[0].apic_id = cpuid(1).b >> 24;
        acpi_cpus[0].acpi_id = 0;
        acpi_cpus[0].enabled = true;
        acpi_nr_cpus = 1;
    }

    printk("ACPI: %u CPU%s listed (%u unusable), %u IO-APIC%s, "
           "LAPIC at %#lx\n", acpi_nr_cpus, acpi_nr_cpus == 1 ? "" : "s",
           cpus_unusable, acpi_nr_ioapics, acpi_nr_ioapics == 1 ? "" : "s",
           acpi_lapic_addr);
}

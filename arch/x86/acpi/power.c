/*
 * ACPI reset and S5 (soft-off).  The FADT names the reset register and
 * the PM1 control blocks; the sleep type for S5 is the \_S5 package of
 * the DSDT (or an SSDT), which we read straight from the AML bytes rather
 * than running an interpreter.  All of it is checked once at boot, so the
 * shutdown paths only act on values known to be sane.
 */
#include <xen/lib.h>
#include <xen/acpi.h>
#include <xen/time.h>
#include <asm/acpi.h>
#include <asm/io.h>
#include <asm/pci.h>
#include "acpi.h"

/* PM1 control register bits. */
#define PM1_SCI_EN          0x0001
#define PM1_SLP_TYP_SHIFT   10
#define PM1_SLP_TYP_MASK    (7u << PM1_SLP_TYP_SHIFT)
#define PM1_SLP_EN          0x2000
/* Sleep control register (hardware-reduced ACPI). */
#define SLEEP_TYP_SHIFT     2
#define SLEEP_EN            0x20

/* AML opcodes and prefixes found in a Name(_S5, Package() {...}). */
#define AML_ZERO            0x00
#define AML_ONE             0x01
#define AML_NAME            0x08
#define AML_BYTE            0x0a
#define AML_WORD            0x0b
#define AML_DWORD           0x0c
#define AML_QWORD           0x0e
#define AML_PACKAGE         0x12
#define AML_ROOT            0x5c
#define AML_ONES            0xff

static struct acpi_gas reset_reg;
static uint8_t reset_value;
static bool reset_ok;

static struct acpi_gas pm1a_cnt, pm1b_cnt, sleep_control;
static bool hw_reduced;
static uint32_t smi_cmd;
static uint8_t acpi_enable_value;
static uint8_t slp_typa, slp_typb;
static bool s5_ok;

/* Access width in bytes: the GAS's bit width if usable, else dflt. */
static unsigned int gas_bytes(const struct acpi_gas *g, unsigned int dflt)
{
    switch ( g->bit_width )
    {
    case 8:  return 1;
    case 16: return 2;
    case 32: return 4;
    default: return dflt;
    }
}

static bool gas_usable(const struct acpi_gas *g)
{
    return g->address &&
           (g->space_id == ACPI_GAS_IO || g->space_id == ACPI_GAS_MEMORY);
}

static uint32_t gas_read(const struct acpi_gas *g, unsigned int bytes)
{
    if ( g->space_id == ACPI_GAS_IO )
        return bytes == 1 ? inb(g->address) :
               bytes == 2 ? inw(g->address) : inl(g->address);
    else
    {
        const volatile void *p = acpi_map(g->address, bytes);

        return bytes == 1 ? *(const volatile uint8_t *)p :
               bytes == 2 ? *(const volatile uint16_t *)p :
                            *(const volatile uint32_t *)p;
    }
}

static void gas_write(const struct acpi_gas *g, unsigned int bytes,
                      uint32_t val)
{
    if ( g->space_id == ACPI_GAS_IO )
    {
        if ( bytes == 1 )
            outb(val, g->address);
        else if ( bytes == 2 )
            outw(val, g->address);
        else
            outl(val, g->address);
    }
    else
    {
        volatile void *p = acpi_map(g->address, bytes);

        if ( bytes == 1 )
            *(volatile uint8_t *)p = val;
        else if ( bytes == 2 )
            *(volatile uint16_t *)p = val;
        else
            *(volatile uint32_t *)p = val;
    }
}

/* An AML integer constant at aml[*pos], within [0, end); false if not one. */
static bool aml_integer(const uint8_t *aml, size_t end, size_t *pos,
                        uint64_t *val)
{
    size_t p = *pos, n;
    unsigned int i;

    if ( p >= end )
        return false;
    switch ( aml[p] )
    {
    case AML_ZERO:
    case AML_ONE:
    case AML_ONES:
        *val = aml[p] == AML_ZERO ? 0 : aml[p] == AML_ONE ? 1 : ~0ULL;
        *pos = p + 1;
        return true;
    case AML_BYTE:
        n = 1;
        break;
    case AML_WORD:
        n = 2;
        break;
    case AML_DWORD:
        n = 4;
        break;
    case AML_QWORD:
        n = 8;
        break;
    default:
        return false;
    }
    if ( end - p - 1 < n )
        return false;
    for ( *val = 0, i = 0; i < n; i++ )
        *val |= (uint64_t)aml[p + 1 + i] << (8 * i);
    *pos = p + 1 + n;
    return true;
}

/*
 * Find Name(_S5, Package(){ SLP_TYPa, SLP_TYPb, ... }) in a table's AML
 * and read the two sleep types.  Every byte read is below the table end.
 */
static bool find_s5(const struct acpi_table_header *t)
{
    const uint8_t *aml = (const uint8_t *)(t + 1);
    size_t len = t->length - sizeof(*t), i;

    for ( i = 0; i + 4 < len; i++ )
    {
        size_t p = i + 4, pkg_end, lead_bytes, pkg_len, k;
        uint64_t a, b;
        unsigned int count;

        if ( memcmp(&aml[i], "_S5_", 4) || aml[p] != AML_PACKAGE )
            continue;
        /* Must be a NameOp's name, not some reference to it. */
        if ( !((i >= 1 && aml[i - 1] == AML_NAME) ||
               (i >= 2 && aml[i - 1] == AML_ROOT && aml[i - 2] == AML_NAME)) )
            continue;

        /* PkgLength: bits 7:6 of the lead byte count the bytes after it. */
        p++;
        if ( p >= len )
            return false;
        lead_bytes = aml[p] >> 6;
        if ( len - p <= lead_bytes )
            return false;
        pkg_len = lead_bytes ? aml[p] & 0x0f : aml[p] & 0x3f;
        for ( k = 0; k < lead_bytes; k++ )
            pkg_len |= (size_t)aml[p + 1 + k] << (4 + 8 * k);
        if ( pkg_len > len - p )
            return false;
        pkg_end = p + pkg_len;
        p += 1 + lead_bytes;

        if ( p >= pkg_end )
            return false;
        count = aml[p++];
        if ( count < 1 || !aml_integer(aml, pkg_end, &p, &a) )
            return false;
        if ( count >= 2 )
        {
            if ( !aml_integer(aml, pkg_end, &p, &b) )
                return false;
        }
        else
        {
            /* Old firmware packs both types in one integer. */
            b = a >> 8;
        }
        slp_typa = a & 7;
        slp_typb = b & 7;
        return true;
    }
    return false;
}

static void parse_fadt(const struct acpi_fadt *f)
{
    BUILD_BUG_ON(offsetof(struct acpi_fadt, flags) != 112);
    BUILD_BUG_ON(offsetof(struct acpi_fadt, reset_reg) != 116);
    BUILD_BUG_ON(offsetof(struct acpi_fadt, x_dsdt) != 140);
    BUILD_BUG_ON(offsetof(struct acpi_fadt, x_pm1a_cnt_blk) != 172);
    BUILD_BUG_ON(offsetof(struct acpi_fadt, sleep_control) != 244);

    if ( ACPI_HAS_FIELD(f, reset_value) && f->header.revision >= 2 &&
         (f->flags & ACPI_FADT_RESET_REG_SUP) && f->reset_reg.address &&
         (gas_usable(&f->reset_reg) ||
          f->reset_reg.space_id == ACPI_GAS_PCI_CONFIG) )
    {
        reset_reg = f->reset_reg;
        reset_value = f->reset_value;
        reset_ok = true;
    }

    hw_reduced = ACPI_HAS_FIELD(f, flags) && (f->flags & ACPI_FADT_HW_REDUCED);
    if ( hw_reduced )
    {
        if ( ACPI_HAS_FIELD(f, sleep_control) &&
             gas_usable(&f->sleep_control) )
            sleep_control = f->sleep_control;
        return;
    }

    if ( ACPI_HAS_FIELD(f, x_pm1b_cnt_blk) && gas_usable(&f->x_pm1a_cnt_blk) )
    {
        pm1a_cnt = f->x_pm1a_cnt_blk;
        if ( gas_usable(&f->x_pm1b_cnt_blk) )
            pm1b_cnt = f->x_pm1b_cnt_blk;
    }
    else if ( ACPI_HAS_FIELD(f, pm1b_cnt_blk) && f->pm1a_cnt_blk )
    {
        pm1a_cnt.space_id = ACPI_GAS_IO;
        pm1a_cnt.bit_width = 16;
        pm1a_cnt.address = f->pm1a_cnt_blk;
        if ( f->pm1b_cnt_blk )
        {
            pm1b_cnt = pm1a_cnt;
            pm1b_cnt.address = f->pm1b_cnt_blk;
        }
    }
    if ( ACPI_HAS_FIELD(f, acpi_enable) )
    {
        smi_cmd = f->smi_cmd;
        acpi_enable_value = f->acpi_enable;
    }
}

void acpi_power_init(void)
{
    const struct acpi_fadt *f = (const void *)acpi_find_table(ACPI_SIG_FADT, 0);
    const struct acpi_table_header *t;
    unsigned int i;

    if ( !f )
    {
        printk(XENLOG_WARNING "ACPI: no FADT: no ACPI reset or power-off\n");
        return;
    }
    parse_fadt(f);

    s5_ok = (t = acpi_find_table(ACPI_SIG_DSDT, 0)) && find_s5(t);
    for ( i = 0; !s5_ok && (t = acpi_find_table("SSDT", i)); i++ )
        s5_ok = find_s5(t);
    if ( !(hw_reduced ? sleep_control.address : pm1a_cnt.address) )
        s5_ok = false;

    if ( reset_ok )
        printk("ACPI: reset register %s %#lx, value %#x\n",
               reset_reg.space_id == ACPI_GAS_IO ? "port" :
               reset_reg.space_id == ACPI_GAS_MEMORY ? "memory" : "PCI",
               reset_reg.address, reset_value);
    if ( s5_ok )
        printk("ACPI: S5 via %s %#lx, SLP_TYP %u/%u\n",
               hw_reduced ? "sleep control" : "PM1a control",
               hw_reduced ? sleep_control.address : pm1a_cnt.address,
               slp_typa, slp_typb);
    else
        printk(XENLOG_WARNING "ACPI: no usable \\_S5: no ACPI power-off\n");
}

void acpi_reboot(void)
{
    if ( !reset_ok )
        return;
    printk("Resetting through the ACPI reset register.\n");
    if ( reset_reg.space_id == ACPI_GAS_PCI_CONFIG )
        /* Address: device in bits 47:32, function 31:16, register 15:0. */
        pci_conf_write(0, (((reset_reg.address >> 32) & 0x1f) << 3) |
                          ((reset_reg.address >> 16) & 0x7),
                       reset_reg.address & 0xff, 1, reset_value);
    else
        gas_write(&reset_reg, 1, reset_value);
    /* The reset may take a moment; do not start another method early. */
    mdelay(50);
}

/* Firmware may still own the hardware (legacy mode): ask it to let go. */
static void enter_acpi_mode(void)
{
    unsigned int i, bytes = gas_bytes(&pm1a_cnt, 2);

    if ( (gas_read(&pm1a_cnt, bytes) & PM1_SCI_EN) || !smi_cmd ||
         !acpi_enable_value )
        return;
    outb(acpi_enable_value, smi_cmd);
    for ( i = 0; i < 1000 && !(gas_read(&pm1a_cnt, bytes) & PM1_SCI_EN); i++ )
        mdelay(1);
}

static void write_slp_typ(const struct acpi_gas *g, uint8_t typ, bool enable)
{
    unsigned int bytes = gas_bytes(g, 2);
    uint32_t v = gas_read(g, bytes);

    v &= ~(PM1_SLP_TYP_MASK | PM1_SLP_EN);
    v |= (uint32_t)typ << PM1_SLP_TYP_SHIFT;
    if ( enable )
        v |= PM1_SLP_EN;
    gas_write(g, bytes, v);
}

bool acpi_has_pm1a_cnt(void)
{
    return pm1a_cnt.address;
}

bool acpi_has_sleep_control(void)
{
    return sleep_control.address;
}

void acpi_power_off(void)
{
    if ( !s5_ok )
        return;
    printk("Entering ACPI S5.\n");

    if ( hw_reduced )
    {
        gas_write(&sleep_control, 1,
                  (slp_typa << SLEEP_TYP_SHIFT) | SLEEP_EN);
    }
    else
    {
        enter_acpi_mode();
        /* The sleep type first, then SLP_EN, on both blocks. */
        write_slp_typ(&pm1a_cnt, slp_typa, false);
        if ( pm1b_cnt.address )
            write_slp_typ(&pm1b_cnt, slp_typb, false);
        write_slp_typ(&pm1a_cnt, slp_typa, true);
        if ( pm1b_cnt.address )
            write_slp_typ(&pm1b_cnt, slp_typb, true);
    }
    mdelay(100);
}

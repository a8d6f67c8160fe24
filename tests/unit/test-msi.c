/* SOURCES: arch/x86/msi.c */
/*
 * MSI set-up and dom0's configuration-write intercept (arch/x86/msi.c)
 * over a fake configuration space: the capability list is walked safely
 * (cycles, no list), the message is written where the capability's
 * layout says, the enable bit is left alone at set-up and cleared at
 * teardown, and while a device is driven every write touching its
 * message is refused, nothing else.
 */
#include "harness.h"
#include <xen/errno.h>
#include <asm/msi.h>
#include <asm/pci.h>

static uint8_t cfg[256][256];           /* bus 0: devfn -> registers */

uint32_t pci_cf8_read(uint32_t cf8, unsigned int offset, unsigned int bytes)
{
    unsigned int devfn = (cf8 >> 8) & 0xff, reg = (cf8 & 0xfc) + offset;
    uint32_t v = 0;
    unsigned int i;

    CHECK(cf8 & PCI_CF8_ENABLE);
    CHECK_EQ((cf8 >> 16) & 0xff, 0);
    CHECK(offset + bytes <= 4);
    for ( i = 0; i < bytes; i++ )
        v |= (uint32_t)cfg[devfn][reg + i] << (8 * i);
    return v;
}

void pci_cf8_write(uint32_t cf8, unsigned int offset, unsigned int bytes,
                   uint32_t val)
{
    unsigned int devfn = (cf8 >> 8) & 0xff, reg = (cf8 & 0xfc) + offset;
    unsigned int i;

    CHECK(offset + bytes <= 4);
    for ( i = 0; i < bytes; i++ )
        cfg[devfn][reg + i] = val >> (8 * i);
}

static uint32_t rd(unsigned int devfn, unsigned int reg, unsigned int bytes)
{
    return pci_cf8_read(PCI_CF8(0, devfn, reg), reg & 3, bytes);
}

/* A device with a power-management capability at 0x40, MSI at 0x50. */
static void device(unsigned int devfn, uint16_t msi_ctl)
{
    memset(cfg[devfn], 0, 256);
    cfg[devfn][0x06] = 0x10;                    /* status: capability list */
    cfg[devfn][0x34] = 0x40;
    cfg[devfn][0x40] = 0x01;                    /* PM */
    cfg[devfn][0x41] = 0x50;
    cfg[devfn][0x50] = 0x05;                    /* MSI */
    cfg[devfn][0x52] = msi_ctl & 0xff;
    cfg[devfn][0x53] = msi_ctl >> 8;
}

TEST(setup_64bit)
{
    bool maskable = true;

    device(0x18, 0x0080 | 0x0020);              /* 64-bit, MME 2 vectors */
    cfg[0x18][0x58] = 0xaa;
    CHECK_EQ(msi_setup(0, 0x18, 0x41, 3, &maskable), 0);
    CHECK(!maskable);
    CHECK_EQ(rd(0x18, 0x54, 4), 0xfee03000u);
    CHECK_EQ(rd(0x18, 0x58, 4), 0);
    CHECK_EQ(rd(0x18, 0x5c, 2), 0x41);
    CHECK_EQ(rd(0x18, 0x52, 2), 0x0080);        /* MME cleared, not enabled */
    CHECK_EQ(msi_setup(0, 0x18, 0x42, 0, &maskable), -EBUSY);

    /* dom0 enables it; teardown disables it. */
    cfg[0x18][0x52] |= 1;
    msi_teardown(0, 0x18);
    CHECK_EQ(rd(0x18, 0x52, 2), 0x0080);
    CHECK_EQ(msi_setup(0, 0x18, 0x42, 0, &maskable), 0);
    msi_teardown(0, 0x18);
}

TEST(setup_32bit_maskable)
{
    bool maskable = false;

    device(0x20, 0x0100);
    CHECK_EQ(msi_setup(0, 0x20, 0x50, 1, &maskable), 0);
    CHECK(maskable);
    CHECK_EQ(rd(0x20, 0x54, 4), 0xfee01000u);
    CHECK_EQ(rd(0x20, 0x58, 2), 0x50);
    msi_teardown(0, 0x20);
}

TEST(no_msi_capability)
{
    bool maskable;

    device(0x28, 0);
    cfg[0x28][0x06] = 0;                        /* no capability list */
    CHECK_EQ(msi_setup(0, 0x28, 0x50, 0, &maskable), -ENODEV);
    device(0x28, 0);
    cfg[0x28][0x50] = 0x11;                     /* MSI-X, not MSI */
    CHECK_EQ(msi_setup(0, 0x28, 0x50, 0, &maskable), -ENODEV);
    device(0x28, 0);
    cfg[0x28][0x50] = 0x09;
    cfg[0x28][0x51] = 0x40;                     /* a cycle */
    CHECK_EQ(msi_setup(0, 0x28, 0x50, 0, &maskable), -ENODEV);
    device(0x28, 0);
    cfg[0x28][0x34] = 0x10;                     /* into the header */
    CHECK_EQ(msi_setup(0, 0x28, 0x50, 0, &maskable), -ENODEV);
    /* Teardown of a device never set up changes nothing. */
    device(0x28, 0x0001);
    msi_teardown(0, 0x28);
    CHECK_EQ(rd(0x28, 0x52, 2), 0x0001);
}

TEST(intercept)
{
    bool maskable;

    device(0x18, 0x0080);                       /* 64-bit: message 0x54..0x5d */
    device(0x20, 0x0000);                       /* 32-bit: message 0x54..0x59 */
    CHECK(msi_conf_write_allowed(0x18, 0x54, 4));
    CHECK_EQ(msi_setup(0, 0x18, 0x41, 0, &maskable), 0);
    CHECK_EQ(msi_setup(0, 0x20, 0x42, 0, &maskable), 0);

    CHECK(msi_conf_write_allowed(0x18, 0x50, 4));       /* id, next, control */
    CHECK(msi_conf_write_allowed(0x18, 0x52, 2));
    CHECK(!msi_conf_write_allowed(0x18, 0x53, 2));
    CHECK(!msi_conf_write_allowed(0x18, 0x54, 4));
    CHECK(!msi_conf_write_allowed(0x18, 0x58, 1));
    CHECK(!msi_conf_write_allowed(0x18, 0x5c, 4));
    CHECK(!msi_conf_write_allowed(0x18, 0x5d, 1));
    CHECK(msi_conf_write_allowed(0x18, 0x5e, 2));
    CHECK(msi_conf_write_allowed(0x18, 0x04, 2));
    CHECK(!msi_conf_write_allowed(0x20, 0x59, 1));
    CHECK(msi_conf_write_allowed(0x20, 0x5a, 2));
    CHECK(msi_conf_write_allowed(0x20, 0x52, 2));
    /* Another bus, same devfn: not driven. */
    CHECK(msi_conf_write_allowed(0x118, 0x54, 4));

    msi_teardown(0, 0x18);
    CHECK(msi_conf_write_allowed(0x18, 0x54, 4));
    CHECK(!msi_conf_write_allowed(0x20, 0x54, 4));
    msi_teardown(0, 0x20);
}

TEST(table_full)
{
    unsigned int devfn;
    bool maskable;

    for ( devfn = 0; devfn < 64; devfn++ )
    {
        device(devfn, 0);
        CHECK_EQ(msi_setup(0, devfn, 0x40, 0, &maskable), 0);
    }
    device(64, 0);
    CHECK_EQ(msi_setup(0, 64, 0x40, 0, &maskable), -ENOSPC);
    msi_teardown(0, 5);
    CHECK_EQ(msi_setup(0, 64, 0x40, 0, &maskable), 0);
}

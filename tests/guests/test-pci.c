/*
 * PCI configuration space through mechanism 1 (ports 0xcf8/0xcfc) from
 * the hardware domain: its address register is its own (reads back what
 * it wrote), data accesses of every size reach the hardware.  QEMU's PC
 * has the i440FX host bridge at 00:00.0 and the PIIX3 ISA bridge at
 * 00:01.0.
 */
#include "guest.h"

#define CF8(bus, dev, fn, reg) \
    (0x80000000u | (bus) << 16 | (dev) << 11 | (fn) << 8 | ((reg) & 0xfc))

static inline void out32(uint16_t port, uint32_t v)
{
    asm volatile ( "outl %0, %1" :: "a" (v), "Nd" (port) );
}

static inline void out16(uint16_t port, uint16_t v)
{
    asm volatile ( "outw %0, %1" :: "a" (v), "Nd" (port) );
}

static inline void out8(uint16_t port, uint8_t v)
{
    asm volatile ( "outb %0, %1" :: "a" (v), "Nd" (port) );
}

static inline uint32_t in32(uint16_t port)
{
    uint32_t v;

    asm volatile ( "inl %1, %0" : "=a" (v) : "Nd" (port) );
    return v;
}

static inline uint16_t in16(uint16_t port)
{
    uint16_t v;

    asm volatile ( "inw %1, %0" : "=a" (v) : "Nd" (port) );
    return v;
}

static inline uint8_t in8(uint16_t port)
{
    uint8_t v;

    asm volatile ( "inb %1, %0" : "=a" (v) : "Nd" (port) );
    return v;
}

static uint32_t conf_read32(unsigned int dev, unsigned int fn, unsigned int reg)
{
    out32(0xcf8, CF8(0, dev, fn, reg));
    return in32(0xcfc);
}

GUEST_TEST(pci)
{
    struct physdev_set_iopl iopl = { .iopl = 1 };
    uint32_t id, class, v;
    unsigned int dev, found = 0;
    uint8_t line;

    /*
     * A domU has no I/O ports: with its virtual IOPL the accesses are
     * allowed, writes dropped and reads all ones.
     */
    if ( !IS_HWDOM() )
    {
        CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl), 0);
        out32(0xcf8, CF8(0, 1, 0, 0x08));
        CHECK_EQ(in32(0xcf8), 0xffffffffu);
        CHECK_EQ(conf_read32(0, 0, 0), 0xffffffffu);
        test_skip("PCI configuration space is the hardware domain's");
    }

    CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl), 0);

    /* The address register reads back what we wrote. */
    out32(0xcf8, CF8(0, 1, 0, 0x08));
    CHECK_EQ(in32(0xcf8), CF8(0, 1, 0, 0x08));

    id = conf_read32(0, 0, 0);
    CHECK_EQ(id & 0xffff, 0x8086);              /* Intel */
    CHECK_EQ(id >> 16, 0x1237);                 /* 440FX */
    /* Partial reads agree with the whole dword. */
    CHECK_EQ(in16(0xcfc), id & 0xffff);
    CHECK_EQ(in16(0xcfe), id >> 16);
    CHECK_EQ(in8(0xcfd), (id >> 8) & 0xff);
    CHECK_EQ(in8(0xcff), id >> 24);

    class = conf_read32(0, 0, 0x08) >> 16;
    CHECK_EQ(class, 0x0600);                    /* host bridge */
    class = conf_read32(1, 0, 0x08) >> 16;
    CHECK_EQ(class, 0x0601);                    /* ISA bridge */

    for ( dev = 0; dev < 32; dev++ )
        if ( (conf_read32(dev, 0, 0) & 0xffff) != 0xffff )
            found++;
    test_info("%u devices on bus 0", found);
    CHECK(found >= 2);
    /* Device 31 of bus 255 is not there. */
    out32(0xcf8, CF8(255, 31, 0, 0));
    CHECK_EQ(in32(0xcfc), 0xffffffffu);

    /* A read/write register (interrupt line of 00:00.0), by bytes and words. */
    out32(0xcf8, CF8(0, 0, 0, 0x3c));
    line = in8(0xcfc);
    out8(0xcfc, 0x5a);
    CHECK_EQ(in8(0xcfc), 0x5a);
    CHECK_EQ(conf_read32(0, 0, 0x3c) & 0xff, 0x5a);
    out16(0xcfc, 0x00a5);
    CHECK_EQ(in8(0xcfc), 0xa5);
    out8(0xcfc, line);
    CHECK_EQ(conf_read32(0, 0, 0x3c) & 0xff, line);
    v = conf_read32(0, 0, 0);
    CHECK_EQ(v, id);

    iopl.iopl = 0;
    CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl), 0);
}

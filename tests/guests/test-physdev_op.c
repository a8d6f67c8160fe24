/*
 * physdev_op set_iopl / set_iobitmap: port I/O from the guest kernel is
 * refused (#GP) until the virtual IOPL or the I/O bitmap allows it; bad
 * levels, pointers and ops are refused.  Port 0x80 (POST codes) is safe
 * to read on any PC.
 */
#include "guest.h"

#define PORT    0x80

/* The vector of the exception "inb $PORT" raised, or -1. */
static int try_inb(void)
{
    unsigned int before = last_trap.count;
    uint8_t v;

    asm volatile ( "1: inb %1, %0\n2:\n\t" EXTABLE_ENTRY(1b, 2b)
                   : "=a" (v) : "i" (PORT) : "memory" );
    (void)v;
    return last_trap.count != before ? (int)last_trap.vector : -1;
}

static long set_iopl(uint32_t iopl)
{
    struct physdev_set_iopl op = { .iopl = iopl };

    return HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &op);
}

static long set_iobitmap(uint8_t *bitmap, uint32_t nr_ports)
{
    struct physdev_set_iobitmap op = { .nr_ports = nr_ports };

    set_xen_guest_handle(op.bitmap, bitmap);
    return HYPERVISOR_physdev_op(PHYSDEVOP_set_iobitmap, &op);
}

GUEST_TEST(physdev_op)
{
    static uint8_t bitmap[PORT / 8 + 1];

    CHECK_EQ(set_iopl(0), 0);
    CHECK_EQ(try_inb(), 13);
    /* Our kernel counts as ring 1: IOPL 1 is enough. */
    CHECK_EQ(set_iopl(1), 0);
    CHECK_EQ(try_inb(), -1);
    CHECK_EQ(set_iopl(3), 0);
    CHECK_EQ(try_inb(), -1);
    CHECK_EQ(set_iopl(0), 0);
    CHECK_EQ(try_inb(), 13);
    CHECK_ERR(set_iopl(4), EINVAL);
    CHECK_EQ(try_inb(), 13);

    /* The bitmap: a clear bit allows the port. */
    memset(bitmap, 0xff, sizeof(bitmap));
    CHECK_EQ(set_iobitmap(bitmap, PORT + 1), 0);
    CHECK_EQ(try_inb(), 13);
    bitmap[PORT / 8] &= ~(1U << (PORT % 8));
    CHECK_EQ(try_inb(), -1);
    /* Ports past nr_ports are denied. */
    CHECK_EQ(set_iobitmap(bitmap, PORT), 0);
    CHECK_EQ(try_inb(), 13);
    CHECK_EQ(set_iobitmap(NULL, 0), 0);
    CHECK_EQ(try_inb(), 13);

    CHECK_ERR(HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, (void *)0x1000),
              EFAULT);
    CHECK_ERR(HYPERVISOR_physdev_op(PHYSDEVOP_set_iobitmap,
                                    (void *)HYPERVISOR_VIRT_START), EFAULT);
    CHECK_ERR(HYPERVISOR_physdev_op(999, bitmap), ENOSYS);
}

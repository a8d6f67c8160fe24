/*
 * HYPERVISOR_physdev_op(int cmd, void *arg): device-related operations.
 * So far the per-vCPU port I/O permissions of PV guests, which any PV
 * domain may set for itself (they only matter for ports the domain owns,
 * pv/ioport.c):
 *
 *   PHYSDEVOP_set_iopl      virtual IOPL 0..3 (-EINVAL above)
 *   PHYSDEVOP_set_iobitmap  the guest's own I/O bitmap: address and number
 *                           of ports covered (-EINVAL above 65536 or if
 *                           the 8 KiB from the address are not guest space)
 *
 * Everything else (IRQ and PCI operations) returns -ENOSYS for now.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/guest_access.h>
#include <asm/x86-defns.h>
#include <public/physdev.h>

#define IOBMP_BYTES     8192    /* 65536 ports, one bit each */

long do_physdev_op(struct hc_args *a)
{
    struct vcpu *v = current;
    unsigned long arg = hc_ptr(a, 1);

    switch ( hc_int(a, 0) )
    {
    case PHYSDEVOP_set_iopl:
    {
        struct physdev_set_iopl op;

        if ( copy_from_guest(&op, arg, sizeof(op)) )
            return -EFAULT;
        if ( op.iopl > 3 )
            return -EINVAL;
        v->arch.pv.iopl = (unsigned long)op.iopl << 12;
        return 0;
    }
    case PHYSDEVOP_set_iobitmap:
    {
        struct physdev_set_iobitmap op;
        unsigned long bitmap;

        if ( copy_from_guest(&op, arg, sizeof(op)) )
            return -EFAULT;
        bitmap = guest_handle_addr(op.bitmap);
        if ( !guest_range_ok(bitmap, IOBMP_BYTES) || op.nr_ports > 65536 )
            return -EINVAL;
        v->arch.pv.iobmp = bitmap;
        v->arch.pv.iobmp_limit = op.nr_ports;
        return 0;
    }
    default:
        return -ENOSYS;
    }
}

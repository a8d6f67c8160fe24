/*
 * Port I/O permissions of PV guests.  Two questions are asked about every
 * in/out a guest kernel executes (it runs in ring 3 with IOPL 0, so each
 * one traps and is emulated, pv/emul-priv.c), as Xen asks them:
 *
 *  1. May this vCPU, in its current mode, execute the instruction at all
 *     (pv_io_insn_allowed)?  Yes if the virtual IOPL (physdev set_iopl)
 *     is at least the mode's ring (kernel 1, user 3), or if the guest's
 *     own I/O bitmap (physdev set_iobitmap) has a clear bit for every
 *     port of the access.  No: #GP in the guest.
 *
 *  2. Does the domain own the ports (pv_io_port_owned)?  The domain's
 *     ioport_caps rangeset decides.  No: reads return all ones, writes
 *     are dropped, as on a bus with nothing there; the guest sees no
 *     fault.
 *
 * Policy for dom0 (pv_dom0_ioports_init): every port except those the
 * hypervisor drives itself:
 *   0x20-0x21, 0xa0-0xa1   the 8259 PICs (masked and kept by us)
 *   0x40-0x43, 0x61        the PIT and its channel-2 gate (timer
 *                          calibration)
 *   0xcfc-0xcff            PCI configuration data: dom0's accesses to
 *                          them, and its 4-byte accesses to 0xcf8, are
 *                          done by the hypervisor (pv/pci_conf.c)
 *   the serial console's UART (8 ports from its base), for each in use.
 * Other domains own no ports until the toolstack grants some.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/rangeset.h>
#include <xen/sched.h>
#include <xen/serial.h>
#include <asm/guest_access.h>
#include <asm/pv.h>
#include <asm/x86-defns.h>

int pv_dom0_ioports_init(struct domain *d)
{
    static const struct { unsigned int s, e; } hyp_ports[] = {
        { 0x20, 0x21 }, { 0xa0, 0xa1 }, { 0x40, 0x43 }, { 0x61, 0x61 },
        { 0xcfc, 0xcff },
    };
    struct rangeset *r = rangeset_new("I/O ports");
    unsigned int i, base;
    int rc;

    if ( !r )
        return -ENOMEM;
    rc = rangeset_add_range(r, 0, 0xffff);
    for ( i = 0; !rc && i < ARRAY_SIZE(hyp_ports); i++ )
        rc = rangeset_remove_range(r, hyp_ports[i].s, hyp_ports[i].e);
    for ( i = 0; !rc && i < 2; i++ )
        if ( (base = ns16550_io_base(i)) != 0 )
            rc = rangeset_remove_range(r, base, base + 7);
    if ( rc )
    {
        rangeset_destroy(r);
        return rc;
    }
    d->arch.ioport_caps = r;
    return 0;
}

bool pv_iopl_ok(const struct vcpu *v)
{
    unsigned int ring = guest_kernel_mode(v) ? 1 : 3;

    return ((v->arch.pv.iopl & X86_EFLAGS_IOPL) >> 12) >= ring;
}

bool pv_io_insn_allowed(const struct vcpu *v, unsigned int port,
                        unsigned int bytes)
{
    uint16_t mask;

    if ( pv_iopl_ok(v) )
        return true;
    if ( port + bytes > v->arch.pv.iobmp_limit )
        return false;
    /*
     * The bits for port..port+bytes-1 lie in two bytes at most.  The
     * bitmap is in the guest kernel's memory; from user mode, it is read
     * through the current (user) tables, which in Linux map it too.  An
     * unreadable bitmap denies.
     */
    if ( copy_from_guest(&mask, v->arch.pv.iobmp + (port >> 3), sizeof(mask)) )
        return false;
    return !(mask & (((1u << bytes) - 1) << (port & 7)));
}

bool pv_io_port_owned(const struct domain *d, unsigned int port,
                      unsigned int bytes)
{
    return d->arch.ioport_caps &&
           rangeset_contains_range(d->arch.ioport_caps, port, port + bytes - 1);
}

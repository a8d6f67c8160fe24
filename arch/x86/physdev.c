/*
 * HYPERVISOR_physdev_op(int cmd, void *arg): device-related operations,
 * with Xen 4.17's checks, their order and error codes.  Every argument is
 * copied in once (-EFAULT) before anything else.
 *
 * Any PV domain, for itself:
 *   set_iopl, set_iobitmap  port I/O permissions (pv/ioport.c)
 *   eoi, irq_status_query, get_free_pirq, pirq_eoi_gmfn_v1/v2,
 *   IRQ_UNMASK_NOTIFY       its PIRQs (pirq.c; only the hardware domain
 *                           has any, others get -EINVAL: PIRQ out of range)
 * The control domain (-EPERM otherwise), as Xen's XSM_PRIV/XSM_DM_PRIV:
 *   map_pirq, unmap_pirq    GSI or MSI <-> PIRQ (pirq.c, msi.c; one MSI
 *                           vector per device, no MSI-X: -EOPNOTSUPP)
 *   apic_read, apic_write   IO-APIC registers: reads as they are; writes
 *                           to a redirection entry only record the pin's
 *                           trigger mode and polarity (the routing is ours)
 *   alloc_irq_vector        a dummy, as in Xen: vector = irq
 *   setup_gsi               the pin's mode from dom0's ACPI tables
 *   manage_pci_add/_ext/remove, pci_device_add/remove
 *                           the devices dom0 reports (arch/x86/pci.c)
 *   restore_msi(_ext), prepare_msix, release_msix
 *                           -ENODEV for devices never reported, else 0
 *                           (our MSI messages survive: dom0 cannot
 *                           overwrite them)
 *   pci_mmcfg_reserved      -EINVAL for unknown flags, else -ENODEV: we use
 *                           no MMCONFIG region (type-1 accesses only)
 *   dbgp_op                 0: no USB debug port is in use
 * Anything else: -ENOSYS.
 *
 * map_pirq and apic_read/_write also run on structures the 32-bit entry
 * translated (pv/compat/physdev.c, asm/physdev.h): their output goes back
 * only once the permission checks passed, which the caller must know.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/apic.h>
#include <asm/guest_access.h>
#include <asm/pci.h>
#include <asm/physdev.h>
#include <asm/pirq.h>
#include <asm/x86-defns.h>
#include <public/physdev.h>

#define IOBMP_BYTES     8192    /* 65536 ports, one bit each */
#define RTE_LEVEL       (1u << 15)
#define RTE_ACTIVE_LOW  (1u << 13)

/* Copy the argument in, or return -EFAULT. */
#define COPY_IN(x)                                  \
    do {                                            \
        if ( copy_from_guest(&(x), arg, sizeof(x)) ) \
            return -EFAULT;                         \
    } while ( 0 )

static bool privileged(void)
{
    return current->domain->is_privileged;
}

long physdev_map_pirq(struct physdev_map_pirq *map, bool *copy_back)
{
    struct domain *d;

    *copy_back = false;
    if ( map->type == MAP_PIRQ_TYPE_MULTI_MSI && map->table_base )
        return -EINVAL;
    d = domain_by_id(map->domid);
    if ( !d )
        return -ESRCH;
    if ( !privileged() )
        return -EPERM;
    /* Xen copies the structure back whatever happens from here on. */
    *copy_back = true;
    switch ( map->type )
    {
    case MAP_PIRQ_TYPE_GSI:
        return pirq_map_gsi(d, map->index, &map->pirq);
    case MAP_PIRQ_TYPE_MSI:
    case MAP_PIRQ_TYPE_MSI_SEG:
    case MAP_PIRQ_TYPE_MULTI_MSI:
        return pirq_map_msi(d, map->type == MAP_PIRQ_TYPE_MULTI_MSI ?
                               MAP_PIRQ_TYPE_MULTI_MSI : MAP_PIRQ_TYPE_MSI,
                            map->index, &map->pirq,
                            map->type == MAP_PIRQ_TYPE_MSI ? 0 : map->bus >> 16,
                            map->bus & 0xff, map->devfn & 0xff, &map->entry_nr,
                            map->table_base);
    default:
        return -EINVAL;
    }
}

static long map_pirq(unsigned long arg)
{
    struct physdev_map_pirq map;
    bool copy_back;
    long rc;

    COPY_IN(map);
    rc = physdev_map_pirq(&map, &copy_back);
    if ( copy_back && copy_to_guest(arg, &map, sizeof(map)) )
        rc = -EFAULT;
    return rc;
}

static long unmap_pirq(unsigned long arg)
{
    struct physdev_unmap_pirq unmap;
    struct domain *d;

    COPY_IN(unmap);
    d = domain_by_id(unmap.domid);
    if ( !d )
        return -ESRCH;
    if ( !privileged() )
        return -EPERM;
    return pirq_unmap(d, unmap.pirq);
}

long physdev_apic_op(int cmd, struct physdev_apic *apic, bool *copy_back)
{
    int gsi;

    *copy_back = false;
    if ( !privileged() )
        return -EPERM;
    if ( cmd == PHYSDEVOP_apic_read )
    {
        /* The value goes back whatever the read gave, as in Xen. */
        *copy_back = true;
        return io_apic_guest_read(apic->apic_physbase, apic->reg, &apic->value);
    }
    gsi = io_apic_guest_rte_gsi(apic->apic_physbase, apic->reg);
    if ( gsi == -EINVAL )
        return -EINVAL;
    if ( gsi >= 0 )
        pirq_guest_set_mode(gsi, apic->value & RTE_LEVEL,
                            apic->value & RTE_ACTIVE_LOW);
    return 0;
}

static long apic_op(int cmd, unsigned long arg)
{
    struct physdev_apic apic;
    bool copy_back;
    long rc;

    COPY_IN(apic);
    rc = physdev_apic_op(cmd, &apic, &copy_back);
    if ( copy_back && copy_to_guest(arg, &apic, sizeof(apic)) )
        rc = -EFAULT;
    return rc;
}

static long pci_op(int cmd, unsigned long arg)
{
    switch ( cmd )
    {
    case PHYSDEVOP_manage_pci_add:
    case PHYSDEVOP_manage_pci_remove:
    {
        struct physdev_manage_pci m;

        COPY_IN(m);
        if ( !privileged() )
            return -EPERM;
        return cmd == PHYSDEVOP_manage_pci_add ? pci_dev_add(0, m.bus, m.devfn)
                                               : pci_dev_remove(0, m.bus, m.devfn);
    }
    case PHYSDEVOP_manage_pci_add_ext:
    {
        struct physdev_manage_pci_ext m;

        COPY_IN(m);
        if ( m.is_extfn > 1 || m.is_virtfn > 1 )
            return -EINVAL;
        if ( !privileged() )
            return -EPERM;
        return pci_dev_add(0, m.bus, m.devfn);
    }
    case PHYSDEVOP_pci_device_add:
    {
        struct physdev_pci_device_add a;

        COPY_IN(a);
        if ( !privileged() )
            return -EPERM;
        return pci_dev_add(a.seg, a.bus, a.devfn);
    }
    case PHYSDEVOP_pci_device_remove:
    case PHYSDEVOP_restore_msi_ext:
    case PHYSDEVOP_prepare_msix:
    case PHYSDEVOP_release_msix:
    {
        struct physdev_pci_device dev;

        COPY_IN(dev);
        if ( !privileged() )
            return -EPERM;
        if ( cmd == PHYSDEVOP_pci_device_remove )
            return pci_dev_remove(dev.seg, dev.bus, dev.devfn);
        return pci_dev_known(dev.seg, dev.bus, dev.devfn) ? 0 : -ENODEV;
    }
    case PHYSDEVOP_restore_msi:
    {
        struct physdev_restore_msi r;

        COPY_IN(r);
        if ( !privileged() )
            return -EPERM;
        return pci_dev_known(0, r.bus, r.devfn) ? 0 : -ENODEV;
    }
    case PHYSDEVOP_pci_mmcfg_reserved:
    {
        struct physdev_pci_mmcfg_reserved m;

        if ( !privileged() )
            return -EPERM;
        COPY_IN(m);
        return m.flags & ~XEN_PCI_MMCFG_RESERVED ? -EINVAL : -ENODEV;
    }
    default:
        return -ENOSYS;
    }
}

long do_physdev_op(struct hc_args *a)
{
    struct vcpu *v = current;
    struct domain *d = v->domain;
    unsigned long arg = hc_ptr(a, 1);
    int cmd = hc_int(a, 0);

    switch ( cmd )
    {
    case PHYSDEVOP_set_iopl:
    {
        struct physdev_set_iopl op;

        COPY_IN(op);
        if ( op.iopl > 3 )
            return -EINVAL;
        v->arch.pv.iopl = (unsigned long)op.iopl << 12;
        return 0;
    }
    case PHYSDEVOP_set_iobitmap:
    {
        struct physdev_set_iobitmap op;
        unsigned long bitmap;

        COPY_IN(op);
        bitmap = guest_handle_addr(op.bitmap);
        if ( !guest_range_ok(bitmap, IOBMP_BYTES) || op.nr_ports > 65536 )
            return -EINVAL;
        v->arch.pv.iobmp = bitmap;
        v->arch.pv.iobmp_limit = op.nr_ports;
        return 0;
    }
    case PHYSDEVOP_eoi:
    {
        struct physdev_eoi op;

        COPY_IN(op);
        return pirq_eoi(d, op.irq);
    }
    case PHYSDEVOP_pirq_eoi_gmfn_v1:
    case PHYSDEVOP_pirq_eoi_gmfn_v2:
    {
        struct physdev_pirq_eoi_gmfn op;

        COPY_IN(op);
        return pirq_set_eoi_map(d, op.gmfn, cmd == PHYSDEVOP_pirq_eoi_gmfn_v1);
    }
    case PHYSDEVOP_IRQ_UNMASK_NOTIFY:
        return pirq_unmask_notify(d);
    case PHYSDEVOP_irq_status_query:
    {
        struct physdev_irq_status_query op;

        COPY_IN(op);
        if ( op.irq >= d->arch.nr_pirqs )
            return -EINVAL;
        /* A guest without the EOI bitmap must always EOI (Xen's reasoning). */
        op.flags = XENIRQSTAT_needs_eoi;
        return copy_to_guest(arg, &op, sizeof(op));
    }
    case PHYSDEVOP_map_pirq:
        return map_pirq(arg);
    case PHYSDEVOP_unmap_pirq:
        return unmap_pirq(arg);
    case PHYSDEVOP_apic_read:
    case PHYSDEVOP_apic_write:
        return apic_op(cmd, arg);
    case PHYSDEVOP_alloc_irq_vector:
    {
        struct physdev_irq op;

        COPY_IN(op);
        if ( !privileged() )
            return -EPERM;
        op.vector = op.irq;
        return copy_to_guest(arg, &op, sizeof(op));
    }
    case PHYSDEVOP_setup_gsi:
    {
        struct physdev_setup_gsi op;

        COPY_IN(op);
        if ( op.gsi < 0 || (unsigned int)op.gsi >= io_apic_nr_gsis() )
            return -EINVAL;
        if ( !privileged() )
            return -EPERM;
        return pirq_setup_gsi(op.gsi, op.triggering, op.polarity);
    }
    case PHYSDEVOP_get_free_pirq:
    {
        struct physdev_get_free_pirq op;
        int pirq;

        COPY_IN(op);
        pirq = pirq_get_free(d, op.type);
        if ( pirq < 0 )
            return pirq;
        op.pirq = pirq;
        return copy_to_guest(arg, &op, sizeof(op));
    }
    case PHYSDEVOP_dbgp_op:
    {
        struct physdev_dbgp_op op;

        if ( !is_hardware_domain(d) )
            return -EPERM;
        COPY_IN(op);
        return 0;
    }
    default:
        return pci_op(cmd, arg);
    }
}

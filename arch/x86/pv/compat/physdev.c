/*
 * physdev_op for 32-bit PV guests.  Most sub-ops take structures of
 * fixed-size fields laid out alike at both widths and go to the 64-bit
 * handler as they are; four differ (include/compat/abi.h):
 *   set_iobitmap        the bitmap's handle is 4 bytes
 *   pirq_eoi_gmfn_v1/v2 the frame number is 4 bytes
 *   apic_read/_write    apic_physbase is a long
 *   map_pirq            table_base is a u64 at offset 28 (4-aligned)
 * Those are widened and run by the 64-bit code (arch/x86/physdev.c), the
 * outputs narrowed back under the same rule: a structure goes back when
 * the 64-bit handler would copy it back, and a failed copy is -EFAULT.
 *
 * Every sub-op is named here: one the 64-bit handler gains is -ENOSYS
 * for 32-bit guests until its layout is checked.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <asm/guest_access.h>
#include <asm/physdev.h>
#include <compat/abi.h>
#include "xlat.h"

/* Copy the guest's 32-bit structure in, or return -EFAULT. */
#define COMPAT_IN(x)                                            \
    do {                                                        \
        if ( copy_from_guest(&(x), hc_ptr(a, 1), sizeof(x)) )   \
            return -EFAULT;                                     \
    } while ( 0 )

static long set_iobitmap(struct hc_args *a)
{
    struct compat_physdev_set_iobitmap c;
    struct physdev_set_iobitmap n;

    BUILD_BUG_ON(sizeof(c) != 8);
    COMPAT_IN(c);
    memset(&n, 0, sizeof(n));
    set_xen_guest_handle(n.bitmap, (uint8_t *)(unsigned long)c.bitmap);
    n.nr_ports = c.nr_ports;
    return compat_native_with_xlat(a, 1, &n, sizeof(n));
}

static long pirq_eoi_gmfn(struct hc_args *a)
{
    struct compat_physdev_pirq_eoi_gmfn c;
    struct physdev_pirq_eoi_gmfn n;

    BUILD_BUG_ON(sizeof(c) != 4);
    COMPAT_IN(c);
    n.gmfn = c.gmfn;
    return compat_native_with_xlat(a, 1, &n, sizeof(n));
}

static long apic_op(struct hc_args *a, int cmd)
{
    struct compat_physdev_apic c;
    struct physdev_apic n;
    bool copy_back;
    long rc;

    BUILD_BUG_ON(sizeof(c) != 12 ||
                 offsetof(struct compat_physdev_apic, value) != 8);
    COMPAT_IN(c);
    memset(&n, 0, sizeof(n));
    n.apic_physbase = c.apic_physbase;
    n.reg = c.reg;
    n.value = c.value;
    rc = physdev_apic_op(cmd, &n, &copy_back);
    c.value = n.value;
    if ( copy_back && copy_to_guest(hc_ptr(a, 1), &c, sizeof(c)) )
        rc = -EFAULT;
    return rc;
}

static long map_pirq(struct hc_args *a)
{
    struct compat_physdev_map_pirq c;
    struct physdev_map_pirq n;
    bool copy_back;
    long rc;

    BUILD_BUG_ON(sizeof(c) != 36 ||
                 offsetof(struct compat_physdev_map_pirq, entry_nr) != 24 ||
                 offsetof(struct compat_physdev_map_pirq, table_base) != 28);
    COMPAT_IN(c);
    memset(&n, 0, sizeof(n));
    n.domid = c.domid;
    n.type = c.type;
    n.index = c.index;
    n.pirq = c.pirq;
    n.bus = c.bus;
    n.devfn = c.devfn;
    n.entry_nr = c.entry_nr;
    n.table_base = c.table_base;
    rc = physdev_map_pirq(&n, &copy_back);
    c.pirq = n.pirq;
    c.entry_nr = n.entry_nr;
    if ( copy_back && copy_to_guest(hc_ptr(a, 1), &c, sizeof(c)) )
        rc = -EFAULT;
    return rc;
}

long compat_physdev_op(struct hc_args *a)
{
    int cmd = hc_int(a, 0);

    switch ( cmd )
    {
    case PHYSDEVOP_set_iobitmap:
        return set_iobitmap(a);
    case PHYSDEVOP_pirq_eoi_gmfn_v1:
    case PHYSDEVOP_pirq_eoi_gmfn_v2:
        return pirq_eoi_gmfn(a);
    case PHYSDEVOP_apic_read:
    case PHYSDEVOP_apic_write:
        return apic_op(a, cmd);
    case PHYSDEVOP_map_pirq:
        return map_pirq(a);

    /* The same layout at both widths (include/xen/abi-layout-32.h). */
    case PHYSDEVOP_set_iopl:            /* uint32_t */
    case PHYSDEVOP_eoi:                 /* uint32_t */
    case PHYSDEVOP_IRQ_UNMASK_NOTIFY:   /* no argument */
    case PHYSDEVOP_irq_status_query:    /* 2 x uint32_t */
    case PHYSDEVOP_unmap_pirq:          /* domid_t, int */
    case PHYSDEVOP_alloc_irq_vector:    /* 2 x uint32_t */
    case PHYSDEVOP_setup_gsi:           /* int, 2 x uint8_t */
    case PHYSDEVOP_get_free_pirq:       /* int, uint32_t */
    case PHYSDEVOP_dbgp_op:             /* bytes and a physdev_pci_device */
    case PHYSDEVOP_manage_pci_add:      /* bytes */
    case PHYSDEVOP_manage_pci_remove:
    case PHYSDEVOP_manage_pci_add_ext:  /* bytes and ints */
    case PHYSDEVOP_restore_msi:
    case PHYSDEVOP_pci_device_add:      /* uint16_t, bytes, uint32_t[] */
    case PHYSDEVOP_pci_device_remove:   /* physdev_pci_device */
    case PHYSDEVOP_restore_msi_ext:
    case PHYSDEVOP_prepare_msix:
    case PHYSDEVOP_release_msix:
    case PHYSDEVOP_pci_mmcfg_reserved:  /* u64 at 0, then small fields */
        BUILD_BUG_ON(sizeof(struct physdev_pci_mmcfg_reserved) != 16 ||
                     sizeof(struct physdev_pci_device_add) != 12 ||
                     sizeof(struct physdev_manage_pci_ext) != 16 ||
                     sizeof(struct physdev_dbgp_op) != 6);
        return compat_native(a);
    default:
        return -ENOSYS;
    }
}

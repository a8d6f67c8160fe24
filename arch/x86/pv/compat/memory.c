/*
 * memory_op for 32-bit PV guests: the 32-bit structures and extent lists
 * translated at the boundary, the work done by the 64-bit handler
 * (common/memory.c), except where the answer is the 32-bit ABI's own
 * (where the M2P is, which frames hold it).
 *
 * Reservations: the guest's list of 32-bit frame numbers is widened into
 * the vCPU's translation page in chunks of XLAT_EXTENTS, each chunk run
 * by the 64-bit handler as a call of its own (extent 0 of a native list
 * in the page), its output narrowed back into the guest's list.  The
 * count of extents done so far travels in cmd's upper bits, as at 64 bits,
 * so a preempted chunk continues the guest's own call.  Every refusal is
 * "no further extent", the handler's rule.
 *
 * What is not here returns -ENOSYS: never the 64-bit handler on a 32-bit
 * layout.  Not yet: exchange, add_to_physmap and the rest.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/guest_access.h>
#include <asm/mm.h>
#include <asm/pv.h>
#include <asm/pv-compat.h>
#include <compat/abi.h>
#include <public/memory.h>
#include "xlat.h"

/* cmd: the sub-op in bits 0..5, extents done above (common/memory.c). */
#define MEMOP_EXTENT_SHIFT  6
#define MEMOP_CMD_MASK      ((1U << MEMOP_EXTENT_SHIFT) - 1)

#define XLAT_EXTENTS \
    ((PAGE_SIZE - sizeof(struct xen_memory_reservation)) / sizeof(xen_pfn_t))

static long reservation(struct hc_args *a, unsigned int op, unsigned long start)
{
    struct xen_memory_reservation *nat = current->arch.pv.compat_xlat;
    xen_pfn_t *space = (xen_pfn_t *)(nat + 1);
    struct compat_memory_reservation cr;
    unsigned long list;

    BUILD_BUG_ON(sizeof(cr) != 20 ||
                 offsetof(struct compat_memory_reservation, domid) != 16);
    if ( copy_from_guest(&cr, hc_ptr(a, 1), sizeof(cr)) )
        return start;
    list = cr.extent_start;
    if ( cr.nr_extents > (~0U >> MEMOP_EXTENT_SHIFT) )
        return start;
    if ( list && !guest_range_ok(list, (unsigned long)cr.nr_extents *
                                       sizeof(compat_pfn_t)) )
        return start;

    while ( start < cr.nr_extents )
    {
        unsigned long n = cr.nr_extents - start, done, i;
        struct hc_args sub = { .op = a->op, .arg = { op, (unsigned long)nat } };
        bool short_list = false;
        long rc;

        if ( list && n > XLAT_EXTENTS )
            n = XLAT_EXTENTS;
        memset(nat, 0, sizeof(*nat));
        set_xen_guest_handle(nat->extent_start, list ? space : NULL);
        nat->extent_order = cr.extent_order;
        nat->mem_flags = cr.mem_flags;
        nat->domid = cr.domid;
        if ( list && op != XENMEM_increase_reservation )
        {
            for ( i = 0; i < n; i++ )
            {
                compat_pfn_t pfn;

                if ( copy_from_guest(&pfn, list + (start + i) * sizeof(pfn),
                                     sizeof(pfn)) )
                {
                    n = i;              /* run what could be read */
                    short_list = true;
                    break;
                }
                space[i] = pfn;
            }
        }
        nat->nr_extents = n;
        rc = compat_native(&sub);
        done = sub.preempted ? sub.arg[0] >> MEMOP_EXTENT_SHIFT : (unsigned long)rc;
        if ( list && op != XENMEM_decrease_reservation )
        {
            for ( i = 0; i < done; i++ )
            {
                compat_pfn_t pfn = space[i];

                /*
                 * A frame number wider than 32 bits has no 32-bit name (a
                 * machine above 16 TiB): the extent stays the guest's,
                 * unreported, as when its list cannot be written.
                 */
                if ( pfn != space[i] ||
                     copy_to_guest(list + (start + i) * sizeof(pfn), &pfn,
                                   sizeof(pfn)) )
                    return start + i;
            }
        }
        start += done;
        if ( sub.preempted )
        {
            a->arg[0] = op | (start << MEMOP_EXTENT_SHIFT);
            return hypercall_continue(a);
        }
        if ( done < n || short_list )
            break;
    }
    return start;
}

/* The first frame of each 2 MiB of the 32-bit M2P, 32-bit frame numbers. */
static long machphys_mfn_list(unsigned long arg)
{
    struct compat_machphys_mfn_list l;
    unsigned long mfn;
    unsigned int i;

    BUILD_BUG_ON(sizeof(l) != 12);
    if ( copy_from_guest(&l, arg, sizeof(l)) )
        return -EFAULT;
    for ( i = 0; i != l.max_extents && compat_m2p_chunk_mfn(i, &mfn); i++ )
    {
        compat_pfn_t m = mfn;

        if ( copy_to_guest(l.extent_start + i * sizeof(m), &m, sizeof(m)) )
            return -EFAULT;
    }
    l.nr_extents = i;
    return copy_to_guest(arg, &l, sizeof(l)) ? -EFAULT : 0;
}

/*
 * memory_map, machine_memory_map: the e820 entries are the same at both
 * widths; only the count and the buffer's handle are translated.
 */
static long memory_map(struct hc_args *a)
{
    struct compat_memory_map cm;
    struct xen_memory_map nm;
    long rc;

    BUILD_BUG_ON(sizeof(cm) != 8);
    if ( copy_from_guest(&cm, hc_ptr(a, 1), sizeof(cm)) )
        return -EFAULT;
    memset(&nm, 0, sizeof(nm));
    nm.nr_entries = cm.nr_entries;
    set_xen_guest_handle(nm.buffer, (void *)(unsigned long)cm.buffer);
    rc = compat_native_with_xlat(a, 1, &nm, sizeof(nm));
    if ( rc )
        return rc;
    cm.nr_entries = ((struct xen_memory_map *)current->arch.pv.compat_xlat)->nr_entries;
    return copy_to_guest(hc_ptr(a, 1), &cm, sizeof(cm)) ? -EFAULT : 0;
}

long compat_memory_op(struct hc_args *a)
{
    unsigned int cmd = hc_uint(a, 0), op = cmd & MEMOP_CMD_MASK;
    unsigned long start = cmd >> MEMOP_EXTENT_SHIFT;

    switch ( op )
    {
    case XENMEM_increase_reservation:
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
        return reservation(a, op, start);

    case XENMEM_maximum_ram_page:
    case XENMEM_current_reservation:        /* a domid_t: same layout */
    case XENMEM_maximum_reservation:
        return compat_native(a);

    case XENMEM_machphys_mapping:
    {
        /* The public ABI's 16 MiB window (Xen's own reaches 0xFFE00000). */
        struct compat_machphys_mapping m = {
            .v_start = HYPERVISOR_COMPAT_VIRT_START,
            .v_end = COMPAT_M2P_VIRT_END,
            .max_mfn = (COMPAT_M2P_VIRT_END - HYPERVISOR_COMPAT_VIRT_START) /
                       sizeof(uint32_t) - 1,
        };

        BUILD_BUG_ON(sizeof(m) != 12);
        return copy_to_guest(hc_ptr(a, 1), &m, sizeof(m)) ? -EFAULT : 0;
    }

    case XENMEM_machphys_mfn_list:
    case XENMEM_machphys_compat_mfn_list:
        return machphys_mfn_list(hc_ptr(a, 1));

    case XENMEM_memory_map:
    case XENMEM_machine_memory_map:
        return memory_map(a);

    default:
        printk(XENLOG_G_INFO "d%u: 32-bit memory_op %u: not available\n",
               current->domain->domain_id, op);
        return -ENOSYS;
    }
}

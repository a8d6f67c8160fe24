/*
 * memory_op for 32-bit PV guests: the 32-bit structures and extent lists
 * translated at the boundary, the work done by the 64-bit handler
 * (common/memory.c), except where the answer is the 32-bit ABI's own
 * (where the M2P is, which frames hold it).
 *
 * Reservations: the guest's list of 32-bit frame numbers is widened into
 * the vCPU's translation area in chunks of XLAT_EXTENTS, each chunk run
 * by the 64-bit handler as a call of its own (extent 0 of a native list
 * in the page), its output narrowed back into the guest's list.  The
 * count of extents done so far travels in cmd's upper bits, as at 64 bits,
 * so a preempted chunk continues the guest's own call.  Every refusal is
 * "no further extent", the handler's rule.
 *
 * Exchanges go the same way in chunks of whole units (in_n input and
 * out_n output extents), the guest's nr_exchanged advanced after each.
 *
 * What is not here returns -ENOSYS: never the 64-bit handler on a 32-bit
 * layout.  Not yet: add_to_physmap and the rest.
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
    ((COMPAT_XLAT_SIZE - sizeof(struct xen_memory_reservation)) / sizeof(xen_pfn_t))

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

/* Widen n 32-bit frame numbers from the guest's list, from index 'first'. */
static int widen(xen_pfn_t *dst, unsigned long list, unsigned long first,
                 unsigned long n)
{
    unsigned long i;

    for ( i = 0; i < n; i++ )
    {
        compat_pfn_t pfn;

        if ( copy_from_guest(&pfn, list + (first + i) * sizeof(pfn),
                             sizeof(pfn)) )
            return -EFAULT;
        dst[i] = pfn;
    }
    return 0;
}

/*
 * XENMEM_exchange.  Xen's compat checks first (on the whole call, in its
 * order, with its 32-bit overflow rules), then chunks of whole units
 * through the 64-bit handler, which makes its own checks (orders, domain)
 * on each.  A unit larger than the translation area is -E2BIG, as in Xen.
 */
static long exchange(struct hc_args *a)
{
    struct xen_memory_exchange *nx = current->arch.pv.compat_xlat;
    xen_pfn_t *space = (xen_pfn_t *)(nx + 1);
    unsigned long arg = hc_ptr(a, 1), units;
    struct compat_memory_exchange cx;
    unsigned int in_order, out_order, in_n, out_n;

    BUILD_BUG_ON(sizeof(cx) != 44 ||
                 offsetof(struct compat_memory_exchange, nr_exchanged) != 40);
    if ( copy_from_guest(&cx, arg, sizeof(cx)) )
        return -EFAULT;
    in_order = cx.in.extent_order;
    out_order = cx.out.extent_order;
    in_n = out_order > in_order ? 1U << min(out_order - in_order, 31U) : 1;
    out_n = in_order > out_order ? 1U << min(in_order - out_order, 31U) : 1;
    if ( in_order >= 32 || out_order >= 32 ||
         cx.nr_exchanged > cx.in.nr_extents ||
         cx.nr_exchanged % in_n ||
         (~0U >> in_order) < cx.in.nr_extents ||
         (~0U >> out_order) < cx.out.nr_extents ||
         (cx.in.nr_extents << in_order) != (cx.out.nr_extents << out_order) )
        return -EINVAL;
    if ( !guest_range_ok(cx.in.extent_start, (unsigned long)cx.in.nr_extents *
                                             sizeof(compat_pfn_t)) ||
         !guest_range_ok(cx.out.extent_start, (unsigned long)cx.out.nr_extents *
                                              sizeof(compat_pfn_t)) )
        return -EFAULT;
    units = (COMPAT_XLAT_SIZE - sizeof(*nx)) / sizeof(xen_pfn_t) /
            ((unsigned long)in_n + out_n);
    if ( !units )
        return -E2BIG;

    do {
        unsigned long n_in = min(units * in_n,
                                 (unsigned long)cx.in.nr_extents - cx.nr_exchanged);
        unsigned long out_first = cx.nr_exchanged / in_n * out_n;
        unsigned long n_out = n_in / in_n * out_n, i;
        struct hc_args sub = {
            .op = a->op, .arg = { XENMEM_exchange, (unsigned long)nx },
        };
        long rc;

        memset(nx, 0, sizeof(*nx));
        set_xen_guest_handle(nx->in.extent_start, space);
        nx->in.nr_extents = n_in;
        nx->in.extent_order = in_order;
        nx->in.mem_flags = cx.in.mem_flags;
        nx->in.domid = cx.in.domid;
        set_xen_guest_handle(nx->out.extent_start, space + n_in);
        nx->out.nr_extents = n_out;
        nx->out.extent_order = out_order;
        nx->out.mem_flags = cx.out.mem_flags;
        nx->out.domid = cx.out.domid;
        if ( widen(space, cx.in.extent_start, cx.nr_exchanged, n_in) ||
             widen(space + n_in, cx.out.extent_start, out_first, n_out) )
            return -EFAULT;
        rc = compat_native(&sub);
        /* Units done in this chunk: their outputs go back, narrowed. */
        for ( i = 0; i < nx->nr_exchanged / in_n * out_n; i++ )
        {
            compat_pfn_t mfn = space[n_in + i];

            if ( mfn != space[n_in + i] ||
                 copy_to_guest(cx.out.extent_start + (out_first + i) * sizeof(mfn),
                               &mfn, sizeof(mfn)) )
                rc = -EFAULT;
        }
        cx.nr_exchanged += nx->nr_exchanged;
        if ( copy_to_guest(arg + offsetof(struct compat_memory_exchange, nr_exchanged),
                           &cx.nr_exchanged, sizeof(cx.nr_exchanged)) )
            return -EFAULT;
        if ( sub.preempted )
            return hypercall_continue(a);
        if ( rc || nx->nr_exchanged < n_in )
            return rc;
        if ( cx.nr_exchanged < cx.in.nr_extents && hypercall_preempt_check() )
            return hypercall_continue(a);
    } while ( cx.nr_exchanged < cx.in.nr_extents );
    return 0;
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

    case XENMEM_exchange:
        return start ? -EINVAL : exchange(a);

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

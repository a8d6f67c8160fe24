/*
 * grant_table_op for 32-bit PV guests.  map_grant_ref, unmap_grant_ref,
 * query_size, set_version and get_version have the same layout at both
 * widths (fixed-size fields, 64-bit ones 8-byte aligned already) and go
 * to the 64-bit handler (common/grant_table.c) as they are; so does
 * everything they check (guest_range_ok is the 32-bit guest's).
 * setup_table (4-byte frame list) and copy (4-byte gmfn) are translated
 * through the vCPU's translation area, as Xen's compat layer does:
 *   - setup_table: at most as many frames as the area holds (more is
 *     GNTST_general_error, as the handler says beyond its own maximum);
 *   - copy: chunks of as many ops as the area holds, each op's status
 *     written back; preemption inside a chunk continues the guest's call
 *     after the ops done.
 * A count of 0 does nothing for the translated ops, as in Xen's compat
 * layer.  Anything else (transfer, v2's status frames, ...) is -ENOSYS.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/guest_access.h>
#include <asm/pv-compat.h>
#include <compat/abi.h>
#include <public/grant_table.h>
#include "xlat.h"

static long setup_table(struct hc_args *a, unsigned int count)
{
    struct gnttab_setup_table *nat = current->arch.pv.compat_xlat, n;
    xen_pfn_t *frames = (xen_pfn_t *)(nat + 1);
    const unsigned long max_frames =
        (COMPAT_XLAT_SIZE - sizeof(*nat)) / sizeof(*frames);
    unsigned long uop = hc_ptr(a, 1);
    struct compat_gnttab_setup_table c;
    unsigned int i;
    long rc;

    BUILD_BUG_ON(sizeof(c) != 16 ||
                 offsetof(struct compat_gnttab_setup_table, frame_list) != 12);
    if ( count > 1 )
        return -EINVAL;
    if ( !count )
        return 0;
    if ( copy_from_guest(&c, uop, sizeof(c)) )
        return -EFAULT;
    if ( !guest_range_ok(c.frame_list, (unsigned long)c.nr_frames *
                                       sizeof(compat_pfn_t)) )
        return -EFAULT;
    if ( c.nr_frames > max_frames )
        c.status = GNTST_general_error;
    else
    {
        memset(&n, 0, sizeof(n));
        n.dom = c.dom;
        n.nr_frames = c.nr_frames;
        set_xen_guest_handle(n.frame_list, frames);
        rc = compat_native_with_xlat(a, 1, &n, sizeof(n));
        if ( rc )
            return rc;
        c.status = nat->status;
        for ( i = 0; c.status == GNTST_okay && i < c.nr_frames; i++ )
        {
            compat_pfn_t f = frames[i];

            if ( f != frames[i] ||
                 copy_to_guest(c.frame_list + i * sizeof(f), &f, sizeof(f)) )
                c.status = GNTST_bad_virt_addr;
        }
    }
    return copy_to_guest(uop, &c, sizeof(c)) ? -EFAULT : 0;
}

static void widen_copy_ptr(struct gnttab_copy_ptr *n,
                           const struct compat_gnttab_copy_ptr *c)
{
    n->u.gmfn = c->u.gmfn;              /* zero-extended: ref is its low half */
    n->domid = c->domid;
    n->offset = c->offset;
}

static long copy(struct hc_args *a, unsigned int count)
{
    struct gnttab_copy *nat = current->arch.pv.compat_xlat;
    const unsigned int max_ops = COMPAT_XLAT_SIZE / sizeof(*nat);
    unsigned long uop = hc_ptr(a, 1);
    struct compat_gnttab_copy c;

    BUILD_BUG_ON(sizeof(c) != 24 ||
                 offsetof(struct compat_gnttab_copy, status) != 20);
    if ( !guest_range_ok(uop, (unsigned long)count * sizeof(c)) )
        return -EFAULT;
    while ( count )
    {
        unsigned int n = min(count, max_ops), done, i;
        struct hc_args sub = {
            .op = a->op, .arg = { GNTTABOP_copy, (unsigned long)nat, n },
        };
        long rc;

        for ( i = 0; i < n; i++ )
        {
            if ( copy_from_guest(&c, uop + i * sizeof(c), sizeof(c)) )
                return -EFAULT;
            memset(&nat[i], 0, sizeof(nat[i]));
            widen_copy_ptr(&nat[i].source, &c.source);
            widen_copy_ptr(&nat[i].dest, &c.dest);
            nat[i].len = c.len;
            nat[i].flags = c.flags;
        }
        rc = compat_native(&sub);
        done = sub.preempted ? n - sub.arg[2] : n;
        for ( i = 0; i < done; i++ )
            if ( copy_to_guest(uop + i * sizeof(c) +
                               offsetof(struct compat_gnttab_copy, status),
                               &nat[i].status, sizeof(nat[i].status)) )
                return -EFAULT;
        if ( rc )
            return rc;
        uop += done * sizeof(c);
        count -= done;
        if ( count && (sub.preempted || hypercall_preempt_check()) )
        {
            a->arg[1] = uop;
            a->arg[2] = count;
            return hypercall_continue(a);
        }
    }
    return 0;
}

long compat_grant_table_op(struct hc_args *a)
{
    unsigned int cmd = hc_uint(a, 0), count = hc_uint(a, 2);

    if ( (int)count < 0 )
        return -EINVAL;
    switch ( cmd )
    {
    case GNTTABOP_map_grant_ref:
    case GNTTABOP_unmap_grant_ref:
    case GNTTABOP_query_size:
    case GNTTABOP_set_version:
    case GNTTABOP_get_version:
        BUILD_BUG_ON(sizeof(struct gnttab_map_grant_ref) != 32 ||
                     offsetof(struct gnttab_map_grant_ref, dev_bus_addr) != 24 ||
                     sizeof(struct gnttab_unmap_grant_ref) != 24 ||
                     sizeof(struct gnttab_query_size) != 16 ||
                     sizeof(struct gnttab_get_version) != 8);
        return compat_native(a);
    case GNTTABOP_setup_table:
        return setup_table(a, count);
    case GNTTABOP_copy:
        return copy(a, count);
    default:
        printk(XENLOG_G_INFO "d%u: 32-bit grant_table_op %u: not available\n",
               current->domain->domain_id, cmd);
        return -ENOSYS;
    }
}

/*
 * HYPERVISOR_memory_op: reservations (increase, decrease, populate), the
 * exchange of frames (common/memory_exchange.c), the size queries, the M2P's whereabouts and the machine memory map.
 *
 * A 64-bit PV guest is not translated: its "GMFNs" are machine frame
 * numbers, and it keeps its own P2M; populate_physmap writes the M2P
 * entries for the frames it hands out and returns their MFNs.
 *
 * Reservation ops are preemptible: the extents done so far travel in the
 * command's upper bits (cmd >> MEMOP_EXTENT_SHIFT), as in Xen, and the
 * return value is the number of extents handled.
 *
 * Domains: only the caller itself can be named for now (DOMID_SELF or its
 * id); any other id is treated as Xen treats a domain that does not
 * exist (-ESRCH, or no extent done for reservations).  Other domains come
 * with the toolstack.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/guest_access.h>
#include <asm/pv.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <public/memory.h>

#define MEMOP_EXTENT_SHIFT  6
#define MEMOP_CMD_MASK      ((1U << MEMOP_EXTENT_SHIFT) - 1)
/* Largest extent a guest may ask for (Xen's limit for a privileged PV domain). */
#define MAX_EXTENT_ORDER    9

/* Only the caller itself, until a toolstack needs more. */
static struct domain *memop_domain(domid_t domid)
{
    struct domain *d = current->domain;

    return domid == DOMID_SELF || domid == d->domain_id ? d : NULL;
}

/* Give one reference-free frame of d back (decrease_reservation). */
static int remove_page(struct domain *d, unsigned long mfn)
{
    struct page_info *pg;
    unsigned long x;

    if ( !mfn_valid(mfn) || !get_page(mfn_to_page(mfn), d) )
    {
        printk(XENLOG_G_INFO "d%u: decrease_reservation: frame %#lx not the domain's\n",
               d->domain_id, mfn);
        return -EINVAL;
    }
    pg = mfn_to_page(mfn);
    if ( pg->count_info & PGC_xen_heap )
    {
        put_page(pg);
        return -EINVAL;
    }
    /* A pinned table loses its pin (as in Xen). */
    do {
        x = ACCESS_ONCE(pg->u.type_info);
        if ( !(x & PGT_pinned) )
            break;
    } while ( !__atomic_compare_exchange_n(&pg->u.type_info, &x, x & ~PGT_pinned,
                                           false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) );
    if ( x & PGT_pinned )
        put_page_and_type(pg);
    /* Drop the allocation reference; the frame goes when its last user does. */
    if ( __atomic_fetch_and(&pg->count_info, ~PGC_allocated, __ATOMIC_SEQ_CST) &
         PGC_allocated )
    {
        set_gpfn_from_mfn(mfn, INVALID_M2P_ENTRY);
        put_page(pg);
    }
    put_page(pg);
    return 0;
}

static long reservation_op(struct hc_args *a, unsigned int op,
                           unsigned long start)
{
    struct xen_memory_reservation r;
    struct domain *d;
    unsigned long i, arg = hc_ptr(a, 1), list;
    unsigned int j;
    xen_pfn_t gpfn, mfn;

    /* Xen's rules: every refusal is "no (further) extent done". */
    if ( copy_from_guest(&r, arg, sizeof(r)) )
        return start;
    list = guest_handle_addr(r.extent_start);
    if ( r.nr_extents > (~0U >> MEMOP_EXTENT_SHIFT) || start >= r.nr_extents )
        return start;
    if ( list && !guest_range_ok(list, r.nr_extents * sizeof(xen_pfn_t)) )
        return start;
    if ( r.extent_order > MAX_EXTENT_ORDER )
        return start;
    d = memop_domain(r.domid);
    if ( !d )
        return start;

    for ( i = start; i < r.nr_extents; i++ )
    {
        if ( i != start && hypercall_preempt_check() )
        {
            a->arg[0] = op | (i << MEMOP_EXTENT_SHIFT);
            return hypercall_continue(a);
        }
        switch ( op )
        {
        case XENMEM_increase_reservation:
        case XENMEM_populate_physmap:
        {
            struct page_info *pg;

            gpfn = 0;
            if ( op == XENMEM_populate_physmap &&
                 (!list || copy_from_guest(&gpfn, list + i * sizeof(gpfn),
                                           sizeof(gpfn))) )
                return i;
            pg = alloc_domheap_pages(d, r.extent_order);
            if ( !pg )
            {
                printk(XENLOG_G_INFO "d%u: memory_op %u: cannot allocate an order-%u extent (%lu pages of %lu)\n",
                       d->domain_id, op, r.extent_order, d->tot_pages, d->max_pages);
                return i;
            }
            mfn = page_to_mfn(pg);
            if ( op == XENMEM_populate_physmap )
                for ( j = 0; j < (1U << r.extent_order); j++ )
                    set_gpfn_from_mfn(mfn + j, gpfn + j);
            if ( list && copy_to_guest(list + i * sizeof(mfn), &mfn, sizeof(mfn)) )
                return i;       /* the extent stays the guest's, as in Xen */
            break;
        }
        case XENMEM_decrease_reservation:
            if ( !list || copy_from_guest(&mfn, list + i * sizeof(mfn), sizeof(mfn)) )
                return i;
            for ( j = 0; j < (1U << r.extent_order); j++ )
                if ( remove_page(d, mfn + j) )
                    return i;
            break;
        }
    }
    return r.nr_extents;
}

/* The M2P's frame for each 2 MiB of it (Xen: the first frame of each chunk). */
static long machphys_mfn_list(unsigned long arg)
{
    struct xen_machphys_mfn_list l;
    unsigned long va, list, mfn, last = 0, end;
    unsigned int i;

    if ( copy_from_guest(&l, arg, sizeof(l)) )
        return -EFAULT;
    list = guest_handle_addr(l.extent_start);
    end = RDWR_MPT_VIRT_START + m2p_nr_entries * sizeof(unsigned long);
    for ( i = 0, va = RDWR_MPT_VIRT_START; i != l.max_extents && va < end;
          i++, va += 1UL << 21 )
    {
        const pgentry_t *l3 = __va(idle_pg_table[(va >> 39) & 511] & PADDR_MASK);
        pgentry_t e = l3[(va >> 30) & 511];

        mfn = last;
        if ( e & _PAGE_PRESENT )
        {
            e = ((const pgentry_t *)__va(e & PADDR_MASK))[(va >> 21) & 511];
            if ( (e & _PAGE_PRESENT) && !(e & _PAGE_PSE) )
                e = ((const pgentry_t *)__va(e & PADDR_MASK))[0];
            if ( e & _PAGE_PRESENT )
                mfn = (e & PADDR_MASK) >> PAGE_SHIFT;
        }
        if ( copy_to_guest(list + i * sizeof(xen_pfn_t), &mfn, sizeof(xen_pfn_t)) )
            return -EFAULT;
        last = mfn;
    }
    l.nr_extents = i;
    return copy_to_guest(arg, &l, sizeof(l)) ? -EFAULT : 0;
}

/* The machine's E820 map (privileged); the buffer needs one spare entry, as in Xen. */
struct map_buffer {
    unsigned long buf;          /* guest address, 0: count only */
    unsigned int n, max;
};

/* One entry of the map (pv/iomem.c); one slot stays spare, as in Xen. */
static int map_entry(const struct e820entry *e, void *arg)
{
    struct map_buffer *b = arg;

    if ( b->buf )
    {
        if ( b->n + 1 >= b->max )
            return -EINVAL;
        if ( copy_to_guest(b->buf + b->n * sizeof(*e), e, sizeof(*e)) )
            return -EFAULT;
    }
    b->n++;
    return 0;
}

/*
 * The machine's E820 map with, between its entries, what the caller may
 * not map as reserved (iomem_machine_map), as Xen gives it.
 */
static long machine_memory_map(unsigned long arg)
{
    struct xen_memory_map m;
    struct map_buffer b;
    long rc;

    if ( !current->domain->is_privileged )
        return -EPERM;
    if ( copy_from_guest(&m, arg, sizeof(m)) )
        return -EFAULT;
    b.buf = guest_handle_addr(m.buffer);
    b.n = 0;
    b.max = m.nr_entries;
    if ( b.buf && m.nr_entries < e820_nr + 1 )
        return -EINVAL;
    if ( b.buf && !guest_range_ok(b.buf, (unsigned long)m.nr_entries * sizeof(e820[0])) )
        return -EFAULT;
    rc = iomem_machine_map(current->domain, map_entry, &b);
    if ( rc )
        return rc;
    m.nr_entries = b.n;
    return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
}

/* HYPERVISOR_memory_op(unsigned int cmd, void *arg). */
long do_memory_op(struct hc_args *a)
{
    unsigned long cmd = hc_ulong(a, 0), arg = hc_ptr(a, 1);
    unsigned int op = cmd & MEMOP_CMD_MASK;
    unsigned long start = cmd >> MEMOP_EXTENT_SHIFT;
    struct domain *d;
    domid_t domid;

    switch ( op )
    {
    case XENMEM_increase_reservation:
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
        return reservation_op(a, op, start);

    case XENMEM_maximum_ram_page:
        return start ? -EINVAL : (long)max_page;

    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
        if ( start )
            return -EINVAL;
        if ( copy_from_guest(&domid, arg, sizeof(domid)) )
            return -EFAULT;
        d = memop_domain(domid);
        if ( !d )
            return -ESRCH;
        return op == XENMEM_current_reservation ? d->tot_pages : d->max_pages;

    case XENMEM_machphys_mapping:
    {
        struct xen_machphys_mapping m = {
            .v_start = MACH2PHYS_VIRT_START,
            .v_end = MACH2PHYS_VIRT_END,
            .max_mfn = (MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) /
                       sizeof(unsigned long) - 1,
        };

        if ( is_hardware_domain(current->domain) )
            m.max_mfn = max_page - 1;
        return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
    }

    case XENMEM_machphys_mfn_list:
        return machphys_mfn_list(arg);

    case XENMEM_memory_map:
    {
        struct xen_memory_map m;

        /* No pseudo-physical map is set for any domain yet (Xen: -ENOSYS then). */
        if ( copy_from_guest(&m, arg, sizeof(m)) )
            return -EFAULT;
        return -ENOSYS;
    }

    case XENMEM_machine_memory_map:
        return machine_memory_map(arg);

    case XENMEM_exchange:
        return start ? -EINVAL : memory_exchange(a);

    default:
        printk(XENLOG_G_INFO "d%u: memory_op %u: not implemented\n",
               current->domain->domain_id, op);
        return -ENOSYS;
    }
}

/*
 * XENMEM_exchange: a domain gives up some of its frames and gets as many
 * new ones back, in extents of another order and below an address limit.
 * Linux uses it to make machine-contiguous, DMA-reachable buffers
 * (xen_create_contiguous_region: swiotlb, coherent DMA allocations).
 *
 * Work goes in chunks of max(in order, out order) pages; for each chunk,
 * decide, then act:
 *   1. every input frame must be the domain's, with no reference but its
 *      allocation and no type reference (so nothing maps it); a general
 *      reference is taken on each as it is checked, which also catches a
 *      frame named twice;
 *   2. the output extents are allocated (contiguous 2^order chunks) and
 *      must end below 2^address_bits;
 *   3. only then are the inputs released (M2P entries invalidated, the
 *      allocation reference dropped: the frames go back to the heap), the
 *      outputs' M2P entries set to the GPFNs the caller gave, and their
 *      first MFNs written back over those GPFNs (a PV guest is not
 *      translated).
 * A chunk that fails step 1 or 2 changes nothing; the chunks before it
 * stay done and nr_exchanged says how many input extents that was.  The
 * call is preemptible between chunks: nr_exchanged goes back to the
 * guest and the call is repeated from there, as in Xen.
 *
 * Only the calling domain can be named (DOMID_SELF or its id), as for the
 * other memory_op sub-ops here.  The outputs may take the domain up to a
 * chunk beyond max_pages for as long as it holds the inputs (a domain at
 * its limit can still exchange, as in Xen).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/guest_access.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <public/memory.h>

#define MAX_EXCHANGE_ORDER  9       /* extents of up to 2 MiB, as for dom0 in Xen */
#define MAX_CHUNK_EXTENTS   (1U << MAX_EXCHANGE_ORDER)

/* Release the references step 1 took on frames [first, first + n). */
static void put_refs(unsigned long first, unsigned long n)
{
    while ( n-- )
        put_page(mfn_to_page(first++));
}

/* Step 1 for one input extent: references on all its frames, or none. */
static int take_input(struct domain *d, unsigned long mfn, unsigned int order)
{
    unsigned long i;

    for ( i = 0; i < (1UL << order); i++ )
    {
        struct page_info *pg;

        if ( !mfn_valid(mfn + i) || !get_page(mfn_to_page(mfn + i), d) )
            goto fail;
        pg = mfn_to_page(mfn + i);
        /* Exactly the allocation reference and ours; untyped or unused type. */
        if ( (pg->count_info & (PGC_xen_heap | PGC_allocated | PGC_count_mask)) !=
             (PGC_allocated | 2) || (pg->u.type_info & PGT_count_mask) )
        {
            put_page(pg);
            goto fail;
        }
    }
    return 0;

 fail:
    printk(XENLOG_G_INFO "d%u: exchange: frame %#lx not the domain's to give up\n",
           d->domain_id, mfn + i);
    put_refs(mfn, i);
    return -EINVAL;
}

/* Step 3 for one input extent: the frames leave the domain. */
static void release_input(unsigned long mfn, unsigned int order)
{
    unsigned long i;

    for ( i = 0; i < (1UL << order); i++ )
    {
        struct page_info *pg = mfn_to_page(mfn + i);

        set_gpfn_from_mfn(mfn + i, INVALID_M2P_ENTRY);
        if ( __atomic_fetch_and(&pg->count_info, ~PGC_allocated, __ATOMIC_SEQ_CST) &
             PGC_allocated )
            put_page(pg);
        put_page(pg);
    }
}

/* One chunk: in_n input extents from in_list, out_n output extents. */
static int exchange_chunk(struct domain *d, const struct xen_memory_exchange *x,
                          unsigned long in_idx, unsigned int in_n,
                          unsigned long out_idx, unsigned int out_n)
{
    unsigned long in_list = guest_handle_addr(x->in.extent_start);
    unsigned long out_list = guest_handle_addr(x->out.extent_start);
    unsigned int in_order = x->in.extent_order, out_order = x->out.extent_order;
    unsigned int bits = XENMEMF_get_address_bits(x->out.mem_flags);
    static xen_pfn_t in_mfn[MAX_CHUNK_EXTENTS], gpfn[MAX_CHUNK_EXTENTS];
    struct page_info *out[MAX_CHUNK_EXTENTS];
    unsigned int i, j;
    int rc = 0;

    /* Step 1. */
    for ( i = 0; i < in_n; i++ )
    {
        if ( copy_from_guest(&in_mfn[i], in_list + (in_idx + i) * sizeof(xen_pfn_t),
                             sizeof(xen_pfn_t)) )
            rc = -EFAULT;
        else
            rc = take_input(d, in_mfn[i], in_order);
        if ( rc )
            goto undo_inputs;
    }
    for ( j = 0; j < out_n; j++ )
        if ( copy_from_guest(&gpfn[j], out_list + (out_idx + j) * sizeof(xen_pfn_t),
                             sizeof(xen_pfn_t)) )
        {
            rc = -EFAULT;
            goto undo_inputs;
        }

    /* Step 2. */
    for ( j = 0; j < out_n; j++ )
    {
        unsigned long end;

        out[j] = alloc_domheap_pages_over(d, out_order, (unsigned long)in_n << in_order);
        end = out[j] ? (page_to_mfn(out[j]) + (1UL << out_order)) << PAGE_SHIFT : 0;
        if ( !out[j] || (bits && bits < 64 && end > (1UL << bits)) )
        {
            if ( out[j] )
                free_domheap_pages(out[j], out_order);
            while ( j-- )
                free_domheap_pages(out[j], out_order);
            rc = -ENOMEM;
            goto undo_inputs;
        }
    }

    /* Step 3: cannot fail but for writing the results back. */
    for ( i = 0; i < in_n; i++ )
        release_input(in_mfn[i], in_order);
    for ( j = 0; j < out_n; j++ )
    {
        xen_pfn_t mfn = page_to_mfn(out[j]);
        unsigned long k;

        for ( k = 0; k < (1UL << out_order); k++ )
            set_gpfn_from_mfn(mfn + k, gpfn[j] + k);
        if ( copy_to_guest(out_list + (out_idx + j) * sizeof(xen_pfn_t), &mfn,
                           sizeof(mfn)) )
            rc = -EFAULT;
    }
    return rc;

 undo_inputs:
    while ( i-- )
        put_refs(in_mfn[i], 1UL << in_order);
    return rc;
}

long memory_exchange(struct hc_args *a)
{
    unsigned long arg = hc_ptr(a, 1);
    struct xen_memory_exchange x;
    struct domain *d = current->domain;
    unsigned int in_order, out_order, chunk_order, in_n, out_n;
    unsigned long first;
    long rc = 0;

    /* The checks and their order are Xen 4.17's. */
    if ( copy_from_guest(&x, arg, sizeof(x)) )
        return -EFAULT;
    in_order = x.in.extent_order;
    out_order = x.out.extent_order;
    if ( max(in_order, out_order) > MAX_EXCHANGE_ORDER )
        return -EPERM;
    if ( x.nr_exchanged > x.in.nr_extents || x.in.domid != x.out.domid ||
         (~0UL >> in_order) < x.in.nr_extents ||
         (~0UL >> out_order) < x.out.nr_extents ||
         (x.in.nr_extents << in_order) != (x.out.nr_extents << out_order) )
        return -EINVAL;
    if ( x.nr_exchanged == x.in.nr_extents )
        return 0;
    if ( x.in.nr_extents > (~0UL / sizeof(xen_pfn_t)) ||
         x.out.nr_extents > (~0UL / sizeof(xen_pfn_t)) ||
         !guest_range_ok(guest_handle_addr(x.in.extent_start),
                         x.in.nr_extents * sizeof(xen_pfn_t)) ||
         !guest_range_ok(guest_handle_addr(x.out.extent_start),
                         x.out.nr_extents * sizeof(xen_pfn_t)) )
        return -EFAULT;
    if ( x.in.domid != DOMID_SELF && x.in.domid != d->domain_id )
        return -ESRCH;
    chunk_order = max(in_order, out_order);
    in_n = 1U << (chunk_order - in_order);
    out_n = 1U << (chunk_order - out_order);
    x.nr_exchanged -= x.nr_exchanged % in_n;     /* whole chunks, as Xen counts */
    first = x.nr_exchanged;

    while ( x.nr_exchanged < x.in.nr_extents )
    {
        /* Preempted only after progress, so every call does some work. */
        if ( x.nr_exchanged != first && hypercall_preempt_check() )
        {
            if ( copy_to_guest(arg + offsetof(struct xen_memory_exchange, nr_exchanged),
                               &x.nr_exchanged, sizeof(x.nr_exchanged)) )
                return -EFAULT;
            return hypercall_continue(a);
        }
        rc = exchange_chunk(d, &x, x.nr_exchanged,
                            in_n, (x.nr_exchanged / in_n) * out_n, out_n);
        if ( rc && rc != -EFAULT )
            break;
        x.nr_exchanged += in_n;
        if ( rc )
            break;
    }
    if ( copy_to_guest(arg + offsetof(struct xen_memory_exchange, nr_exchanged),
                       &x.nr_exchanged, sizeof(x.nr_exchanged)) )
        return -EFAULT;
    return rc;
}

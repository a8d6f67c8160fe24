/*
 * General and type reference counts of frames: the state machine behind
 * the invariants in asm/mm.h.
 *
 * Both counts change only by compare-and-swap on the whole word, so any
 * CPU may take and drop references without a lock.  A page-table type
 * goes through three states:
 *
 *   no type        type count 0, type bits PGT_none;
 *   validating     count 1, type set, PGT_validated clear: the CPU that
 *                  took the first reference is checking the entries
 *                  (alloc_page_type); anyone else wanting the same type
 *                  waits for it, anyone wanting another type is refused;
 *   validated      PGT_validated set, count >= 1.
 *
 * Dropping the last reference goes back through "validating" (count 1,
 * PGT_validated clear, so nobody takes a reference meanwhile) while the
 * entries' references are dropped, then to "no type".
 *
 * Waiting cannot deadlock: validating a table of level n only takes types
 * of level n - 1 (or writable), never its own level, so a chain of CPUs
 * waiting for each other always ends at an L1 table, whose validation
 * waits for nothing.
 *
 * TLBs (asm/flushtlb.h: the TLBs a guest may have filled are this CPU's
 * and those of the CPUs running guest vCPUs now).  A mapping the guest
 * removed may live on in those, so they are all flushed
 *   - before a frame takes a page-table or descriptor type from none (a
 *     stale writable entry would let the guest write its table);
 *   - after a page-table type drops to none (stale paging-structure
 *     caches would still walk the frame, which may now become writable);
 *   - before a frame goes back to the heap (stale entries of any kind).
 * All three are rare next to ordinary mapping changes, which flush
 * nothing beyond what the guest asks for.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/flushtlb.h>
#include <asm/mm.h>
#include <asm/smp.h>

static bool cas(unsigned long *p, unsigned long old, unsigned long new)
{
    return __atomic_compare_exchange_n(p, &old, new, false,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

static bool is_pt_type(unsigned long type)
{
    return type >= PGT_l1_page_table && type <= PGT_l4_page_table;
}

bool get_page(struct page_info *pg, const struct domain *d)
{
    unsigned long x;

    /*
     * Reference first, owner second: while we hold a reference the frame
     * cannot be freed and reallocated, so the owner we read is stable
     * (invariant 5).  Checking the owner first would race with exactly
     * that.
     */
    do {
        x = ACCESS_ONCE(pg->count_info);
        if ( (x & PGC_state) != PGC_state_inuse ||
             !(x & PGC_count_mask) || (x & PGC_count_mask) == PGC_count_mask )
            return false;
    } while ( !cas(&pg->count_info, x, x + 1) );
    if ( likely(ACCESS_ONCE(pg->v.owner) == d) )
        return true;
    put_page(pg);
    return false;
}

void put_page(struct page_info *pg)
{
    unsigned long x;

    do {
        x = ACCESS_ONCE(pg->count_info);
        BUG_ON(!(x & PGC_count_mask));
    } while ( !cas(&pg->count_info, x, x - 1) );

    if ( ((x - 1) & PGC_count_mask) )
        return;
    /* Invariant 4: the last reference of a frame with no type and no allocation. */
    BUG_ON((x & PGC_allocated) || (pg->u.type_info & PGT_count_mask));
    if ( !(x & PGC_xen_heap) )
    {
        flush_tlb_guests();
        free_domheap_pages(pg, 0);
    }
}

int get_page_type(struct page_info *pg, unsigned long type)
{
    unsigned long x, nx;
    int rc;

    ASSERT(!(type & ~(PGT_type_mask | PGT_pae_xen_l2)) &&
           (type & PGT_type_mask) != PGT_none);
    ASSERT(pg->count_info & PGC_count_mask);
    for ( ; ; )
    {
        x = ACCESS_ONCE(pg->u.type_info);
        if ( !(x & PGT_count_mask) )
            nx = type | 1 | (is_pt_type(type & PGT_type_mask) ||
                             type == PGT_seg_desc_page ? 0 : PGT_validated);
        else if ( (x & (PGT_type_mask | PGT_pae_xen_l2)) != type )
            return -EINVAL;
        else if ( !(x & PGT_validated) )
        {
            /* Another CPU is validating (or un-validating) it. */
            cpu_relax();
            continue;
        }
        else if ( (x & PGT_count_mask) == PGT_count_mask )
            return -EINVAL;
        else
            nx = x + 1;
        if ( cas(&pg->u.type_info, x, nx) )
            break;
    }
    /* A new type other than writable: no stale writable mapping may survive. */
    if ( !(x & PGT_count_mask) && type != PGT_writable_page )
        flush_tlb_guests();
    if ( nx & PGT_validated )
        return 0;

    /* First reference of a page-table or descriptor type: check every entry. */
    rc = alloc_page_type(pg, type);
    if ( rc )
    {
        __atomic_store_n(&pg->u.type_info, PGT_none, __ATOMIC_SEQ_CST);
        return rc;
    }
    __atomic_fetch_or(&pg->u.type_info, PGT_validated, __ATOMIC_SEQ_CST);
    return 0;
}

void put_page_type(struct page_info *pg)
{
    unsigned long x, type;

    for ( ; ; )
    {
        x = ACCESS_ONCE(pg->u.type_info);
        type = x & (PGT_type_mask | PGT_pae_xen_l2);
        BUG_ON(!(x & PGT_count_mask) || !(x & PGT_validated));
        if ( (x & PGT_count_mask) > 1 )
        {
            if ( cas(&pg->u.type_info, x, x - 1) )
                return;
            continue;
        }
        /* Last reference.  A pinned table holds one, so it cannot be pinned. */
        ASSERT(!(x & PGT_pinned));
        if ( !is_pt_type(type & PGT_type_mask) )
        {
            if ( cas(&pg->u.type_info, x, PGT_none) )
                return;
            continue;
        }
        if ( cas(&pg->u.type_info, x, x & ~PGT_validated) )
            break;
    }
    free_page_type(pg, type);
    flush_tlb_guests();
    __atomic_store_n(&pg->u.type_info, PGT_none, __ATOMIC_SEQ_CST);
}

int get_page_and_type(struct page_info *pg, const struct domain *d,
                      unsigned long type)
{
    int rc;

    if ( !get_page(pg, d) )
        return -EINVAL;
    rc = get_page_type(pg, type);
    if ( rc )
        put_page(pg);
    return rc;
}

void put_page_and_type(struct page_info *pg)
{
    put_page_type(pg);
    put_page(pg);
}

int pin_page_table(struct domain *d, unsigned long mfn, unsigned long type)
{
    struct page_info *pg;
    unsigned long x;
    int rc;

    if ( !is_pt_type(type) || !mfn_valid(mfn) )
        return -EINVAL;
    pg = mfn_to_page(mfn);
    rc = get_page_and_type(pg, d, type);
    if ( rc )
        return rc;
    do {
        x = ACCESS_ONCE(pg->u.type_info);
        if ( x & PGT_pinned )
        {
            put_page_and_type(pg);
            return -EINVAL;
        }
    } while ( !cas(&pg->u.type_info, x, x | PGT_pinned) );
    return 0;
}

int unpin_page_table(struct domain *d, unsigned long mfn)
{
    struct page_info *pg;
    unsigned long x;

    if ( !mfn_valid(mfn) || !get_page(mfn_to_page(mfn), d) )
        return -EINVAL;
    pg = mfn_to_page(mfn);
    do {
        x = ACCESS_ONCE(pg->u.type_info);
        if ( !(x & PGT_pinned) )
        {
            put_page(pg);
            return -EINVAL;
        }
    } while ( !cas(&pg->u.type_info, x, x & ~PGT_pinned) );
    /* The pin's type and general reference, then ours. */
    put_page_and_type(pg);
    put_page(pg);
    return 0;
}

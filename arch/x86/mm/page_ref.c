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
 *   validated      PGT_validated set, count >= 1;
 *   partial        count 1, type set, PGT_partial (asm/mm.h): a preempted
 *                  validation, owned by nobody, holding a general
 *                  reference of its own.  The next get_page_type of that
 *                  type takes the count over (back to "validating", no
 *                  waiting: nobody else is working on it) and goes on
 *                  from PGT_nr_validated; other types are refused.
 *                  Nothing holds a type reference on a partial frame, so
 *                  put_page_type never sees one.
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

static int get_type(struct page_info *pg, unsigned long type, bool preemptible)
{
    unsigned long x, nx;
    unsigned int first;
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
        else if ( x & PGT_partial )
            nx = x & ~PGT_partial;  /* take the preempted validation over */
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

    /*
     * First reference of a page-table or descriptor type: check every entry
     * (from where a preempted validation stopped).  Nobody else changes
     * type_info meanwhile: others wait or are refused.
     */
    first = (nx & PGT_nr_validated_mask) >> PGT_nr_validated_shift;
    rc = alloc_page_type(pg, type, &first, preemptible);
    if ( rc == -ERESTART )
    {
        ASSERT(first < 512);
        /* The partial state's own general reference, before anyone can see it. */
        if ( !(x & PGT_partial) )
            __atomic_fetch_add(&pg->count_info, 1, __ATOMIC_SEQ_CST);
        __atomic_store_n(&pg->u.type_info,
                         type | 1 | PGT_partial |
                         ((unsigned long)first << PGT_nr_validated_shift),
                         __ATOMIC_SEQ_CST);
        return rc;
    }
    __atomic_store_n(&pg->u.type_info,
                     rc ? PGT_none : type | 1 | PGT_validated, __ATOMIC_SEQ_CST);
    /* Finished or failed: the partial state's general reference goes (not the last: the caller's). */
    if ( x & PGT_partial )
        put_page(pg);
    return rc;
}

int get_page_type(struct page_info *pg, unsigned long type)
{
    return get_type(pg, type, false);
}

int get_page_type_preemptible(struct page_info *pg, unsigned long type)
{
    return get_type(pg, type, true);
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

static int get_page_and_type_as(struct page_info *pg, const struct domain *d,
                                 unsigned long type, bool preemptible)
{
    int rc;

    if ( !get_page(pg, d) )
        return -EINVAL;
    rc = get_type(pg, type, preemptible);
    if ( rc )
        put_page(pg);
    return rc;
}

int get_page_and_type(struct page_info *pg, const struct domain *d,
                      unsigned long type)
{
    return get_page_and_type_as(pg, d, type, false);
}

int get_page_and_type_preemptible(struct page_info *pg, const struct domain *d,
                                  unsigned long type)
{
    return get_page_and_type_as(pg, d, type, true);
}

void put_page_and_type(struct page_info *pg)
{
    put_page_type(pg);
    put_page(pg);
}

static int pin(struct domain *d, unsigned long mfn, unsigned long type,
               bool preemptible)
{
    struct page_info *pg;
    unsigned long x;
    int rc;

    if ( !is_pt_type(type) || !mfn_valid(mfn) )
        return -EINVAL;
    pg = mfn_to_page(mfn);
    rc = get_page_and_type_as(pg, d, type, preemptible);
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

int pin_page_table(struct domain *d, unsigned long mfn, unsigned long type)
{
    return pin(d, mfn, type, false);
}

int pin_page_table_preemptible(struct domain *d, unsigned long mfn,
                               unsigned long type)
{
    return pin(d, mfn, type, true);
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

/*
 * The hypervisor's heap: one buddy heap (common/buddy.c) over the frame
 * table, behind one lock.
 *
 * Scrubbing: pages are zeroed when they are allocated, not when they are
 * freed.  So free memory may hold old data (only the hypervisor can read
 * it), and whoever receives a page, the hypervisor or later a domain,
 * never sees what its previous owner left there.  RAM is therefore not
 * scrubbed at boot either.
 */
#include <xen/lib.h>
#include <xen/heap.h>
#include <xen/mm.h>
#include <xen/spinlock.h>
#include <xen/sched.h>
#include <asm/mm.h>

/* Empty until heap_setup(): allocations fail cleanly before memory_init(). */
static struct heap xen_heap = {
    .free = { [0 ... MAX_ORDER] = { PAGE_LIST_NULL } },
};
/* Taken with interrupts off, so that interrupt handlers may free memory. */
static DEFINE_SPINLOCK(heap_lock);

void heap_setup(unsigned long nr_frames, const unsigned long *backed)
{
    heap_init(&xen_heap, frame_table, nr_frames, backed);
}

void heap_add_ram(unsigned long start_mfn, unsigned long end_mfn)
{
    unsigned long flags;

    spin_lock_irqsave(&heap_lock, flags);
    heap_add_range(&xen_heap, start_mfn, end_mfn);
    spin_unlock_irqrestore(&heap_lock, flags);
}

bool mfn_valid(unsigned long mfn)
{
    return heap_frame_valid(&xen_heap, mfn);
}

unsigned long heap_free_pages(void)
{
    return ACCESS_ONCE(xen_heap.nr_free);
}

void *alloc_xenheap_pages(unsigned int order)
{
    unsigned long flags, mfn, i;
    void *va;

    spin_lock_irqsave(&heap_lock, flags);
    mfn = heap_alloc(&xen_heap, order);
    spin_unlock_irqrestore(&heap_lock, flags);
    if ( mfn == INVALID_MFN )
        return NULL;

    for ( i = 0; i < (1UL << order); i++ )
        mfn_to_page(mfn + i)->count_info |= PGC_xen_heap;
    va = __va((paddr_t)mfn << PAGE_SHIFT);
    memset(va, 0, PAGE_SIZE << order);
    return va;
}

void free_xenheap_pages(void *va, unsigned int order)
{
    unsigned long flags, mfn, i;

    if ( !va )
        return;
    BUG_ON((unsigned long)va < DIRECTMAP_VIRT_START ||
           (unsigned long)va >= DIRECTMAP_VIRT_END ||
           !IS_ALIGNED((unsigned long)va, PAGE_SIZE) || order > MAX_ORDER);
    mfn = __pa(va) >> PAGE_SHIFT;
    for ( i = 0; i < (1UL << order); i++ )
    {
        struct page_info *pg = mfn_to_page(mfn + i);

        BUG_ON(!mfn_valid(mfn + i) || !(pg->count_info & PGC_xen_heap));
        pg->count_info &= ~PGC_xen_heap;
    }

    spin_lock_irqsave(&heap_lock, flags);
    heap_free(&xen_heap, mfn, order);
    spin_unlock_irqrestore(&heap_lock, flags);
}

/*
 * Domain pages.  Each is on its owner's page list (linked through
 * list_next/list_prev), counted in tot_pages, and holds the allocation
 * reference (PGC_allocated plus one general reference, asm/mm.h) until it
 * is freed.
 */
static void domain_list_add(struct domain *d, struct page_info *pg)
{
    unsigned long mfn = page_to_mfn(pg);

    pg->list_prev = PAGE_LIST_NULL;
    pg->list_next = d->page_list;
    if ( d->page_list != PAGE_LIST_NULL )
        mfn_to_page(d->page_list)->list_prev = mfn;
    d->page_list = mfn;
}

static void domain_list_del(struct domain *d, struct page_info *pg)
{
    if ( pg->list_prev == PAGE_LIST_NULL )
        d->page_list = pg->list_next;
    else
        mfn_to_page(pg->list_prev)->list_next = pg->list_next;
    if ( pg->list_next != PAGE_LIST_NULL )
        mfn_to_page(pg->list_next)->list_prev = pg->list_prev;
    pg->list_next = pg->list_prev = PAGE_LIST_NULL;
}

struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order)
{
    return alloc_domheap_pages_over(d, order, 0);
}

struct page_info *alloc_domheap_pages_over(struct domain *d, unsigned int order,
                                           unsigned long over)
{
    unsigned long flags, mfn, i, n = 1UL << order;

    spin_lock(&d->page_alloc_lock);
    if ( d->tot_pages + n > d->max_pages + over || d->tot_pages + n < n )
    {
        spin_unlock(&d->page_alloc_lock);
        return NULL;
    }
    d->tot_pages += n;          /* claimed before the lock drops */
    spin_unlock(&d->page_alloc_lock);

    spin_lock_irqsave(&heap_lock, flags);
    mfn = heap_alloc(&xen_heap, order);
    spin_unlock_irqrestore(&heap_lock, flags);

    spin_lock(&d->page_alloc_lock);
    if ( mfn == INVALID_MFN )
    {
        d->tot_pages -= n;
        spin_unlock(&d->page_alloc_lock);
        return NULL;
    }
    for ( i = 0; i < n; i++ )
    {
        struct page_info *pg = mfn_to_page(mfn + i);

        memset(__va((mfn + i) << PAGE_SHIFT), 0, PAGE_SIZE);
        pg->count_info = PGC_state_inuse | PGC_allocated | 1;
        pg->u.type_info = PGT_none;
        pg->v.owner = d;
        domain_list_add(d, pg);
    }
    spin_unlock(&d->page_alloc_lock);
    return mfn_to_page(mfn);
}

void free_domheap_pages(struct page_info *pg, unsigned int order)
{
    struct domain *d = pg->v.owner;
    unsigned long flags, i, n = 1UL << order;

    BUG_ON(!d);
    spin_lock(&d->page_alloc_lock);
    for ( i = 0; i < n; i++ )
    {
        BUG_ON(pg[i].v.owner != d || (pg[i].u.type_info & PGT_count_mask));
        domain_list_del(d, &pg[i]);
        pg[i].count_info = PGC_state_inuse;
        pg[i].u.type_info = PGT_none;
        pg[i].v.owner = NULL;
    }
    d->tot_pages -= n;
    spin_unlock(&d->page_alloc_lock);

    spin_lock_irqsave(&heap_lock, flags);
    heap_free(&xen_heap, page_to_mfn(pg), order);
    spin_unlock_irqrestore(&heap_lock, flags);
}

/*
 * Buddy allocator over a frame table; see xen/heap.h for the invariants.
 * Free lists are doubly linked through the chunks' first descriptors, so
 * a buddy can be unlinked in constant time when it merges.
 */
#include <xen/lib.h>
#include <xen/bitmap.h>
#include <xen/heap.h>

void heap_init(struct heap *h, struct page_info *frames,
               unsigned long nr_frames, const unsigned long *backed)
{
    unsigned int i;

    BUG_ON(nr_frames > PAGE_LIST_NULL);
    h->frames = frames;
    h->nr_frames = nr_frames;
    h->backed = backed;
    h->nr_free = 0;
    for ( i = 0; i <= MAX_ORDER; i++ )
        h->free[i].head = PAGE_LIST_NULL;
}

bool heap_frame_valid(const struct heap *h, unsigned long mfn)
{
    if ( mfn >= h->nr_frames )
        return false;
    return !h->backed || test_bit(mfn / PAGE_INFO_PER_PAGE, h->backed);
}

static void list_push(struct heap *h, unsigned int order, unsigned long mfn)
{
    struct page_info *pg = &h->frames[mfn];
    uint32_t old = h->free[order].head;

    pg->list_prev = PAGE_LIST_NULL;
    pg->list_next = old;
    if ( old != PAGE_LIST_NULL )
        h->frames[old].list_prev = mfn;
    h->free[order].head = mfn;
}

static void list_del(struct heap *h, unsigned int order, unsigned long mfn)
{
    struct page_info *pg = &h->frames[mfn];

    if ( pg->list_prev == PAGE_LIST_NULL )
        h->free[order].head = pg->list_next;
    else
        h->frames[pg->list_prev].list_next = pg->list_next;
    if ( pg->list_next != PAGE_LIST_NULL )
        h->frames[pg->list_next].list_prev = pg->list_prev;
    pg->list_next = pg->list_prev = PAGE_LIST_NULL;
}

static bool is_free_chunk(const struct page_info *pg, unsigned int order)
{
    return page_state(pg) == PGC_state_free && pg->u.free.order == order;
}

unsigned long heap_alloc(struct heap *h, unsigned int order)
{
    unsigned int k;
    unsigned long mfn, i;

    if ( order > MAX_ORDER )
        return INVALID_MFN;
    for ( k = order; k <= MAX_ORDER && h->free[k].head == PAGE_LIST_NULL; k++ )
        ;
    if ( k > MAX_ORDER )
        return INVALID_MFN;

    mfn = h->free[k].head;
    list_del(h, k, mfn);
    /* Keep the lower half, return the upper halves down to the order asked. */
    while ( k > order )
    {
        k--;
        h->frames[mfn + (1UL << k)].u.free.order = k;
        list_push(h, k, mfn + (1UL << k));
    }
    for ( i = 0; i < (1UL << order); i++ )
    {
        struct page_info *pg = &h->frames[mfn + i];

        ASSERT(page_state(pg) == PGC_state_free);
        pg->count_info = PGC_state_inuse;
        pg->u.type_info = 0;
    }
    h->nr_free -= 1UL << order;
    return mfn;
}

void heap_free(struct heap *h, unsigned long mfn, unsigned int order)
{
    unsigned long i;

    BUG_ON(order > MAX_ORDER || (mfn & ((1UL << order) - 1)));
    BUG_ON(mfn >= h->nr_frames || (1UL << order) > h->nr_frames - mfn);
    for ( i = 0; i < (1UL << order); i++ )
    {
        struct page_info *pg = &h->frames[mfn + i];

        /* Catches double frees and frees of frames never in the heap. */
        BUG_ON(page_state(pg) != PGC_state_inuse);
        pg->count_info = PGC_state_free;
        pg->u.free.order = PAGE_ORDER_INVALID;
        pg->v.owner = NULL;
    }
    h->nr_free += 1UL << order;

    for ( ; order < MAX_ORDER; order++ )
    {
        unsigned long buddy = mfn ^ (1UL << order);

        if ( !heap_frame_valid(h, buddy) || !is_free_chunk(&h->frames[buddy], order) )
            break;
        list_del(h, order, buddy);
        h->frames[buddy].u.free.order = PAGE_ORDER_INVALID;
        mfn &= ~(1UL << order);
    }
    h->frames[mfn].u.free.order = order;
    list_push(h, order, mfn);
}

void heap_add_range(struct heap *h, unsigned long start, unsigned long end)
{
    unsigned long mfn;

    BUG_ON(start > end || end > h->nr_frames);
    for ( mfn = start; mfn < end; mfn++ )
        BUG_ON(!heap_frame_valid(h, mfn));

    while ( start < end )
    {
        unsigned int order = 0;

        /* The largest aligned chunk that starts at start and fits. */
        while ( order < MAX_ORDER && !(start & (1UL << order)) &&
                (2UL << order) <= end - start )
            order++;
        heap_free(h, start, order);
        start += 1UL << order;
    }
}

/*
 * Sized allocation on top of the xenheap.  A request is rounded up to a
 * power of two, 2^shift bytes.  Above half a page it gets whole pages;
 * smaller ones come from pages cut into 2^shift-byte objects, one free
 * list per size.  Every page involved records its shift in
 * u.xalloc.shift, which is how xfree() knows the size.
 *
 * Pages cut into objects stay cut: freed objects go back on their list
 * and the page never returns to the heap.  The hypervisor's small objects
 * are long-lived, so this bounds the waste by the peak use of each size.
 */
#include <xen/lib.h>
#include <xen/heap.h>
#include <xen/mm.h>
#include <xen/spinlock.h>
#include <asm/mm.h>

#define MIN_SHIFT  4                  /* 16 bytes: room for the free link */

struct free_obj {
    struct free_obj *next;
};

static struct free_obj *free_objs[PAGE_SHIFT];
static DEFINE_SPINLOCK(xmalloc_lock);

static unsigned int size_shift(size_t size)
{
    unsigned int shift = MIN_SHIFT;

    while ( (1UL << shift) < size )
        shift++;
    return shift;
}

/* Cut a fresh page into objects of 2^shift bytes.  @pre: lock held. */
static bool refill(unsigned int shift)
{
    char *page = alloc_xenheap_page();
    unsigned long off;

    if ( !page )
        return false;
    virt_to_page(page)->u.xalloc.shift = shift;
    for ( off = 0; off < PAGE_SIZE; off += 1UL << shift )
    {
        struct free_obj *obj = (struct free_obj *)(page + off);

        obj->next = free_objs[shift];
        free_objs[shift] = obj;
    }
    return true;
}

void *xzalloc_bytes(size_t size)
{
    unsigned int shift;
    unsigned long flags;
    struct free_obj *obj;

    if ( size > (PAGE_SIZE << MAX_ORDER) )
        return NULL;
    shift = size_shift(size);

    if ( shift >= PAGE_SHIFT )
    {
        void *va = alloc_xenheap_pages(shift - PAGE_SHIFT);

        if ( va )
            virt_to_page(va)->u.xalloc.shift = shift;
        return va;
    }

    spin_lock_irqsave(&xmalloc_lock, flags);
    if ( !free_objs[shift] && !refill(shift) )
    {
        spin_unlock_irqrestore(&xmalloc_lock, flags);
        return NULL;
    }
    obj = free_objs[shift];
    free_objs[shift] = obj->next;
    spin_unlock_irqrestore(&xmalloc_lock, flags);

    memset(obj, 0, 1UL << shift);
    return obj;
}

void xfree(void *p)
{
    struct page_info *pg;
    struct free_obj *obj = p;
    unsigned int shift;
    unsigned long flags;

    if ( !p )
        return;
    BUG_ON((unsigned long)p < DIRECTMAP_VIRT_START ||
           (unsigned long)p >= DIRECTMAP_VIRT_END);
    BUG_ON(!mfn_valid(__pa(p) >> PAGE_SHIFT));
    pg = virt_to_page(p);
    shift = pg->u.xalloc.shift;
    BUG_ON(!(pg->count_info & PGC_xen_heap) || shift < MIN_SHIFT ||
           shift > PAGE_SHIFT + MAX_ORDER ||
           !IS_ALIGNED((unsigned long)p, 1UL << shift));

    if ( shift >= PAGE_SHIFT )
    {
        free_xenheap_pages(p, shift - PAGE_SHIFT);
        return;
    }

    spin_lock_irqsave(&xmalloc_lock, flags);
    obj->next = free_objs[shift];
    free_objs[shift] = obj;
    spin_unlock_irqrestore(&xmalloc_lock, flags);
}

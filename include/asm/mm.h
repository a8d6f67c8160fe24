#ifndef ASM_MM_H
#define ASM_MM_H

#include <xen/types.h>
#include <asm/config.h>

struct domain;

/*
 * The frame table: one struct page_info per machine frame below max_page,
 * at FRAMETABLE_VIRT_START, indexed by frame number.  Only the parts that
 * describe frames of the machine map (e820) are backed by memory; test
 * mfn_valid() before touching the descriptor of an untrusted frame number.
 *
 * A frame is in one of two states (PGC_state):
 *   inuse  not in the heap: the image, boot data, firmware areas, pages the
 *          heap handed out.  A zeroed descriptor is inuse and unowned, which
 *          is what every frame is before the heap is given memory.
 *   free   in the buddy heap.  count_info holds only the state, type_info is
 *          unused, owner is NULL; the first frame of each free chunk
 *          records the chunk's order, the others PAGE_ORDER_INVALID.
 *
 * Reference counting and typing (enforced by later code, stated here so
 * that it is designed against; the security of PV guests rests on it):
 *  1. A frame has at most one type (PGT_type) at a time.  Its type can
 *     change only while its type count is 0.
 *  2. Every type reference holds a general reference: type count > 0
 *     implies general count (PGC_count) > 0.
 *  3. PGT_l1..l4_page_table is set validated (PGT_validated) only after
 *     every entry of the frame has been checked; while a frame has a
 *     page-table or segment-descriptor type, no guest mapping of it is
 *     writable (it cannot have PGT_writable_page type at the same time).
 *  4. A frame is returned to the heap only when its general count drops
 *     to 0, and then it has no type and no owner.
 *  5. owner is set while the frame belongs to a domain (or is a hypervisor
 *     page shared with one) and never changes while references exist.
 */
struct page_info {
    /* Linkage on a free list or an owner's list: frame numbers. */
    uint32_t list_next, list_prev;

    unsigned long count_info;

    union {
        /* inuse frames that guests may map. */
        unsigned long type_info;
        /* free frames. */
        struct {
            unsigned int order;
        } free;
        /* inuse frames handed out by xzalloc_bytes() (never shared). */
        struct {
            unsigned int shift;     /* objects of 1 << shift bytes */
        } xalloc;
    } u;

    union {
        struct domain *owner;
    } v;
};

#define PAGE_LIST_NULL        (~(uint32_t)0)
#define PAGE_ORDER_INVALID    (~0u)
#define PAGE_INFO_PER_PAGE    (PAGE_SIZE / sizeof(struct page_info))

/* count_info */
#define PGC_state_shift       62
#define PGC_state             (3UL << PGC_state_shift)
#define PGC_state_inuse       (0UL << PGC_state_shift)
#define PGC_state_free        (1UL << PGC_state_shift)
/* Allocated by the hypervisor for itself (alloc_xenheap_pages). */
#define PGC_xen_heap          (1UL << 61)
/* The owner's allocation reference is held (one of the general refs). */
#define PGC_allocated         (1UL << 60)
#define PGC_count_mask        ((1UL << 60) - 1)

/* type_info */
#define PGT_type_shift        61
#define PGT_type_mask         (7UL << PGT_type_shift)
#define PGT_none              (0UL << PGT_type_shift)
#define PGT_l1_page_table     (1UL << PGT_type_shift)
#define PGT_l2_page_table     (2UL << PGT_type_shift)
#define PGT_l3_page_table     (3UL << PGT_type_shift)
#define PGT_l4_page_table     (4UL << PGT_type_shift)
#define PGT_seg_desc_page     (5UL << PGT_type_shift)
#define PGT_writable_page     (6UL << PGT_type_shift)
/* Every entry has been checked for the current type (invariant 3). */
#define PGT_validated         (1UL << 60)
/* A guest pinned the type; the pin holds one type reference. */
#define PGT_pinned            (1UL << 59)
#define PGT_count_mask        ((1UL << 59) - 1)

static inline unsigned long page_state(const struct page_info *pg)
{
    return pg->count_info & PGC_state;
}

#define frame_table      ((struct page_info *)FRAMETABLE_VIRT_START)
#define mfn_to_page(mfn) (frame_table + (mfn))
#define page_to_mfn(pg)  ((unsigned long)((pg) - frame_table))
#define page_to_maddr(pg) ((paddr_t)page_to_mfn(pg) << PAGE_SHIFT)
#define virt_to_page(va) mfn_to_page(__pa(va) >> PAGE_SHIFT)
#define page_to_virt(pg) __va(page_to_maddr(pg))

/* Does mfn have a descriptor in the frame table? */
bool mfn_valid(unsigned long mfn);

#endif

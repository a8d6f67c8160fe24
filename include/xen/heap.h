#ifndef XEN_HEAP_H
#define XEN_HEAP_H

#include <xen/types.h>
#include <asm/mm.h>

/*
 * Buddy allocator over a frame table (common/buddy.c).  Pure logic: it only
 * reads and writes struct page_info, so tests/unit runs it over an array.
 * Callers lock and scrub (common/page_alloc.c).
 *
 * Invariants:
 *  - a free chunk of order k is 2^k frames starting at a multiple of 2^k,
 *    all of them PGC_state_free, and sits on free[k] through its first
 *    frame, which records k;
 *  - two buddies (chunks of order k < MAX_ORDER differing only in bit k
 *    of their first frame number) are never both free chunks of order k:
 *    freeing merges them;
 *  - nr_free is the number of frames in all free chunks;
 *  - descriptors are only read where heap_frame_valid() says they exist.
 */
#define MAX_ORDER     20        /* 4 GiB chunks */
#define INVALID_MFN   (~0UL)

struct page_list_head {
    uint32_t head;              /* frame number, PAGE_LIST_NULL when empty */
};

struct heap {
    struct page_info *frames;   /* frames[mfn] describes frame mfn */
    unsigned long nr_frames;
    /*
     * Bit i set: the descriptors of frames [i, i + 1) * PAGE_INFO_PER_PAGE
     * exist.  NULL: all descriptors below nr_frames exist.
     */
    const unsigned long *backed;
    struct page_list_head free[MAX_ORDER + 1];
    unsigned long nr_free;
};

/* Start an empty heap over frames[0 .. nr_frames). */
void heap_init(struct heap *h, struct page_info *frames,
               unsigned long nr_frames, const unsigned long *backed);
bool heap_frame_valid(const struct heap *h, unsigned long mfn);
/*
 * Give frames [start, end) to the heap.  @pre: all of them have
 * descriptors, are inuse and are not in the heap already.
 */
void heap_add_range(struct heap *h, unsigned long start, unsigned long end);
/*
 * First frame of a free 2^order-frame chunk (aligned to 2^order frames),
 * now inuse with count_info 0, or INVALID_MFN if there is none.
 */
unsigned long heap_alloc(struct heap *h, unsigned int order);
/*
 * Return a chunk obtained from heap_alloc() (or a 2^order-aligned part of
 * one).  @pre: every frame inuse.  Merges it with free buddies.
 */
void heap_free(struct heap *h, unsigned long mfn, unsigned int order);

#endif

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
 * Reference counting and typing (enforced by arch/x86/mm/page_ref.c and
 * the entry rules of arch/x86/pv/pt_validate.c; the security of PV guests
 * rests on it):
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
/*
 * With PGT_l2_page_table: the L2 in slot 3 of a 32-bit guest's PAE L3,
 * whose entries from COMPAT_L2_FIRST_XEN_SLOT on are the hypervisor's
 * (pv/compat/).  Part of the type: an L2 with it is not one without.
 */
#define PGT_pae_xen_l2        (1UL << 58)
#define PGT_count_mask        ((1UL << 58) - 1)

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

/*
 * References (arch/x86/mm/page_ref.c).  Any context but interrupts.
 *
 * get_page: take a general reference on a frame owned by d; false if it
 * is not d's, not allocated, or the count would overflow.  put_page drops
 * one; the last one frees a domain page (the allocation reference,
 * PGC_allocated, must be gone by then).
 *
 * get_page_type: take a type reference (@pre: the caller holds a general
 * one).  The first reference of a page-table or descriptor type validates
 * the frame's entries (taking the references they imply); a frame that has another
 * type with references left, or fails validation, is refused with
 * -EINVAL (or the validation's -errno).  put_page_type drops one; the
 * last one of a page-table type drops what the entries hold.
 */
struct domain;
bool get_page(struct page_info *pg, const struct domain *d);
void put_page(struct page_info *pg);
int get_page_type(struct page_info *pg, unsigned long type);
void put_page_type(struct page_info *pg);
int get_page_and_type(struct page_info *pg, const struct domain *d,
                      unsigned long type);
void put_page_and_type(struct page_info *pg);

/*
 * Pin frame mfn of d as a page table of type (PGT_l1..l4_page_table):
 * validate it and keep the type until unpinned.  0, -EINVAL (not d's, a
 * bad table, already pinned) or a validation error.
 */
int pin_page_table(struct domain *d, unsigned long mfn, unsigned long type);
/* Drop the pin of frame mfn of d: 0 or -EINVAL (not d's, not pinned). */
int unpin_page_table(struct domain *d, unsigned long mfn);

/*
 * Validation of page-table frames, for get_page_type (per guest type; 64-bit
 * PV in arch/x86/pv/pt_validate.c).  alloc_page_type checks every entry
 * of pg as a table of type and takes the references they need, or takes
 * none and fails; free_page_type drops them again.
 */
int alloc_page_type(struct page_info *pg, unsigned long type);
void free_page_type(struct page_info *pg, unsigned long type);

/*
 * One L1 entry, for updates of a validated table (pv/mm.c): check *pe as
 * entry index of L1 table l1_mfn of d and take its references (making it
 * user-accessible), or fail with -EINVAL taking none; drop them again.
 */
int get_page_from_l1e(uint64_t *pe, struct domain *d, unsigned long l1_mfn,
                      unsigned int index);
void put_page_from_l1e(uint64_t e);

/*
 * The same for an entry of any level (1..4) of a validated table, for
 * mmu_update: 0, -EINVAL or -EBUSY (a writable mapping of a frame that
 * cannot be writable), taking nothing on failure.  is_guest_l4_slot: may
 * the guest write slot i of its top-level tables (not the hypervisor's)?
 */
int get_page_from_pte(uint64_t *pe, unsigned int level, struct domain *d,
                      unsigned long table_mfn, unsigned int index);
void put_page_from_pte(uint64_t e, unsigned int level);
bool is_guest_l4_slot(unsigned int i);

/*
 * Grant mappings in 64-bit PV L1 tables (pv/mm.c, for
 * common/grant_table.c).  Such an entry has bit 62 set, which guests may
 * not use, and holds no references: the grant does.
 *
 * pv_grant_map: make an L1 entry of the current domain map frame mfn as
 * GNTMAP_* flags say (readonly, application_map, guest_avail bits): with
 * GNTMAP_contains_pte the entry at machine address addr, which must be in
 * a validated L1 table of the domain, else the one mapping virtual address
 * addr in the current vCPU's kernel page table; the entry it replaces is
 * dropped as by an update.  pv_grant_unmap: clear that entry if it is a
 * grant mapping of mfn with the same access (read-only or not), and flush
 * it.  0 or -EINVAL.
 */
#define PTE_GNTTAB          (1UL << 62)
int pv_grant_map(uint64_t addr, unsigned long mfn, uint32_t flags);
int pv_grant_unmap(uint64_t addr, unsigned long mfn, uint32_t flags);

/*
 * The M2P (arch/x86/mm/m2p.c): built once by m2p_init() after
 * memory_init(), with m2p_nr_entries == max_page entries, all invalid.
 */
#define INVALID_M2P_ENTRY   (~0UL)
extern unsigned long m2p_nr_entries;
void m2p_init(void);

/* The 32-bit guests' copy (pv/compat/m2p.c); 0 entries until built. */
extern unsigned long compat_m2p_nr_entries;
void compat_m2p_set(unsigned long mfn, unsigned long pfn);

static inline void set_gpfn_from_mfn(unsigned long mfn, unsigned long pfn)
{
    if ( mfn < m2p_nr_entries )
        ((unsigned long *)RDWR_MPT_VIRT_START)[mfn] = pfn;
    if ( mfn < compat_m2p_nr_entries )
        compat_m2p_set(mfn, pfn);
}

static inline unsigned long get_gpfn_from_mfn(unsigned long mfn)
{
    return mfn < m2p_nr_entries ? ((unsigned long *)RDWR_MPT_VIRT_START)[mfn]
                                : INVALID_M2P_ENTRY;
}

#endif

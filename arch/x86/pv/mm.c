/*
 * Guest page-table updates by hypercall: mmu_update, update_va_mapping
 * and update_va_mapping_otherdomain (mmuext_op is in pv/mmuext.c); and
 * the L1 entries of grant maps (pv_grant_map, for common/grant_table.c),
 * named by virtual address or by machine address (GNTMAP_contains_pte).
 *
 * Every update of a validated table checks the new entry as validation
 * would (pv/pt_validate.c), takes its references, writes it, then drops
 * the old entry's (mod_entry).  So, at every moment:
 *   - each present entry of a validated table holds exactly the
 *     references validation would have taken for it (asm/mm.h);
 *   - the hypervisor's L4 slots (256..271) are never written by a guest;
 *   - a frame that is not a validated table of the caller is written only
 *     if it can take a writable type reference (so never a table, a
 *     descriptor page or another domain's frame).
 * Changes to a domain's entries are serialised by d->arch.pt_lock, so the
 * old value whose references are dropped is the one replaced; hardware
 * A/D updates are harmless (the references depend on neither bit).
 *
 * TLBs: the guest flushes what it asks for (UVMF_*, MMUEXT_*FLUSH*,
 * INVLPG*); the type system flushes before a removed mapping could matter
 * (arch/x86/mm/page_ref.c).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/flushtlb.h>
#include <asm/guest_access.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/pv.h>
#include <asm/pv-compat.h>
#include <public/grant_table.h>
#include <public/xen.h>

#define LEVEL_INDEX(va, l)  (((va) >> (12 + 9 * ((l) - 1))) & 511)

/* Bit 31 of a batch count: a continuation; the done count is in *pdone. */
#define MMU_UPDATE_PREEMPTED    (~(~0U >> 1))

static bool is_pt_type(unsigned long type)
{
    return type >= PGT_l1_page_table && type <= PGT_l4_page_table;
}

static unsigned int pt_level(unsigned long type)
{
    return (type - PGT_l1_page_table) / (PGT_l2_page_table - PGT_l1_page_table) + 1;
}

/*
 * Replace *pe, entry index of the validated level table table_mfn of d,
 * by nval; with preserve_ad keep the Accessed and Dirty bits it has.
 * 0, or the entry's refusal (-EINVAL, -EBUSY) with nothing changed.
 * @pre: d->arch.pt_lock held, the caller holds a type reference on the table.
 */
static int mod_entry(struct domain *d, pgentry_t *pe, pgentry_t nval,
                     unsigned int level, unsigned long table_mfn,
                     unsigned int index, bool preserve_ad)
{
    pgentry_t old, new;
    int rc;

    if ( level == 4 && !is_guest_l4_slot(index) )
    {
        printk(XENLOG_G_INFO "d%u: L4 %#lx[%u] is the hypervisor's\n",
               d->domain_id, table_mfn, index);
        return -EINVAL;
    }
    /* 32-bit guests: PAE L3 entries and the slot-3 L2 (pv/compat/pagetable.c). */
    if ( is_pv_32bit_domain(d) )
    {
        rc = compat_mod_slot_check(level, mfn_to_page(table_mfn)->u.type_info,
                                   index);
        if ( rc )
            return rc;
    }
    if ( nval & _PAGE_PRESENT )
    {
        rc = is_pv_32bit_domain(d) && level == 3
             ? compat_get_l3e(d, &nval, table_mfn, index)
             : get_page_from_pte(&nval, level, d, table_mfn, index);
        if ( rc )
            return rc;
    }
    old = ACCESS_ONCE(*pe);
    do {
        new = preserve_ad ? nval | (old & (_PAGE_ACCESSED | _PAGE_DIRTY)) : nval;
    } while ( !__atomic_compare_exchange_n(pe, &old, new, false,
                                           __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) );
    put_page_from_pte(old, level);
    return 0;
}

/*
 * MMU_NORMAL_PT_UPDATE / MMU_PT_UPDATE_PRESERVE_AD: the entry at machine
 * address ptr (8-byte aligned).  A validated table of d is updated with
 * mod_entry; any other frame of d that may be writable gets a plain
 * store, as in Xen; anything else is -EINVAL.
 */
static int normal_update(struct domain *d, uint64_t ptr, pgentry_t val,
                         bool preserve_ad)
{
    unsigned long mfn = ptr >> PAGE_SHIFT, type;
    unsigned int index = (ptr & (PAGE_SIZE - 1)) / sizeof(pgentry_t);
    struct page_info *pg;
    pgentry_t *pe;
    int rc;

    if ( !mfn_valid(mfn) || !get_page(mfn_to_page(mfn), d) )
    {
        printk(XENLOG_G_INFO "d%u: mmu_update of frame %#lx: not the domain's\n",
               d->domain_id, mfn);
        return -EINVAL;
    }
    pg = mfn_to_page(mfn);
    pe = (pgentry_t *)page_to_virt(pg) + index;

    spin_lock(&d->arch.pt_lock);
    type = ACCESS_ONCE(pg->u.type_info);
    if ( (type & PGT_count_mask) && (type & PGT_validated) &&
         is_pt_type(type & PGT_type_mask) )
    {
        /* The slot-3 L2 of a 32-bit guest keeps its own type. */
        type &= PGT_type_mask | PGT_pae_xen_l2;
        rc = get_page_type(pg, type);
        if ( !rc )
        {
            rc = mod_entry(d, pe, val, pt_level(type & PGT_type_mask), mfn,
                           index, preserve_ad);
            put_page_type(pg);
        }
    }
    else if ( !get_page_type(pg, PGT_writable_page) )
    {
        __atomic_store_n(pe, val, __ATOMIC_SEQ_CST);
        put_page_type(pg);
        rc = 0;
    }
    else
    {
        printk(XENLOG_G_INFO "d%u: mmu_update of frame %#lx: type_info %#lx\n",
               d->domain_id, mfn, pg->u.type_info);
        rc = -EINVAL;
    }
    spin_unlock(&d->arch.pt_lock);
    put_page(pg);
    return rc;
}

/* MMU_MACHPHYS_UPDATE: M2P[mfn] = pfn for a frame of d. */
static int machphys_update(struct domain *d, unsigned long mfn,
                           unsigned long pfn)
{
    if ( !mfn_valid(mfn) || !get_page(mfn_to_page(mfn), d) )
    {
        printk(XENLOG_G_INFO "d%u: M2P update of frame %#lx: not the domain's\n",
               d->domain_id, mfn);
        return -EINVAL;
    }
    set_gpfn_from_mfn(mfn, pfn);
    put_page(mfn_to_page(mfn));
    return 0;
}

/*
 * Which domains may be named: only the caller itself for now.  The owner
 * of the tables (foreigndom's upper half, id plus one) may be given by
 * its id; the owner of the frames mapped (the lower half,
 * update_va_mapping_otherdomain's domid) only as DOMID_SELF: the
 * caller's own id there is -ESRCH, as Xen's get_pg_owner says ("cannot
 * specify itself as foreign domain").  DOMID_IO/DOMID_XEN mappings for a
 * privileged domain and foreign tables come with domain building:
 * -ESRCH, as Xen gives for a domain that does not exist.
 */
static int check_pt_owner(const struct domain *d, unsigned int domid)
{
    return domid == d->domain_id ? 0 : -ESRCH;
}

static int check_pg_owner(unsigned int domid)
{
    return domid == DOMID_SELF ? 0 : -ESRCH;
}

/*
 * HYPERVISOR_mmu_update(const mmu_update_t *reqs, unsigned int count,
 *                       unsigned int *pdone, unsigned int foreigndom)
 * Stops at the first failing request; *pdone (if given and writable)
 * gets the number done.  Preemptible: the continuation carries the
 * requests left with MMU_UPDATE_PREEMPTED and the count so far in *pdone.
 * foreigndom: bits 0..15 own the frames new entries map, bits 16..31
 * (plus one) the tables; both must be the caller.
 */
long do_mmu_update(struct hc_args *a)
{
    struct domain *d = current->domain;
    unsigned long ureqs = hc_ptr(a, 0), pdone = hc_ptr(a, 2);
    unsigned int count = hc_uint(a, 1), foreigndom = hc_uint(a, 3);
    unsigned int done = 0, i;
    struct mmu_update req;
    long rc = 0;

    if ( count & MMU_UPDATE_PREEMPTED )
    {
        count &= ~MMU_UPDATE_PREEMPTED;
        if ( pdone && copy_from_guest(&done, pdone, sizeof(done)) )
            done = 0;
    }
    if ( !guest_range_ok(ureqs, (unsigned long)count * sizeof(req)) )
        return -EFAULT;
    if ( (foreigndom >> 16) && check_pt_owner(d, (foreigndom >> 16) - 1) )
        return -ESRCH;
    if ( check_pg_owner(foreigndom & 0xffff) )
        return -ESRCH;

    for ( i = 0; i < count; i++, ureqs += sizeof(req) )
    {
        if ( i && hypercall_preempt_check() )
        {
            a->arg[0] = ureqs;
            a->arg[1] = (count - i) | MMU_UPDATE_PREEMPTED;
            done += i;
            if ( pdone )
                (void)copy_to_guest(pdone, &done, sizeof(done));
            return hypercall_continue(a);
        }
        /* The whole array passed guest_range_ok above. */
        if ( __copy_from_guest(&req, ureqs, sizeof(req)) )
        {
            rc = -EFAULT;
            break;
        }
        switch ( req.ptr & (sizeof(pgentry_t) - 1) )
        {
        case MMU_NORMAL_PT_UPDATE:
        case MMU_PT_UPDATE_NO_TRANSLATE:    /* PV: nothing is translated */
            rc = normal_update(d, req.ptr & ~7UL, req.val, false);
            break;
        case MMU_PT_UPDATE_PRESERVE_AD:
            rc = normal_update(d, req.ptr & ~7UL, req.val, true);
            break;
        case MMU_MACHPHYS_UPDATE:
            rc = machphys_update(d, req.ptr >> PAGE_SHIFT, req.val);
            break;
        default:
            rc = -ENOSYS;
            break;
        }
        if ( rc )
            break;
    }
    /* The updates were made: an unwritable pdone is not an error (Xen). */
    done += i;
    if ( pdone )
        (void)copy_to_guest(pdone, &done, sizeof(done));
    return rc;
}

/*
 * The entry mapping va in v's kernel page table, and the L1 table's frame;
 * NULL if an upper level is not present.  The tables are validated, so
 * every frame on the way is the domain's own and no entry is a superpage.
 */
static pgentry_t *guest_l1e(const struct vcpu *v, unsigned long va,
                            unsigned long *l1_mfn)
{
    pgentry_t *t = __va((paddr_t)v->arch.guest_table << PAGE_SHIFT);
    unsigned int level;

    for ( level = 4; level > 1; level-- )
    {
        pgentry_t e = t[LEVEL_INDEX(va, level)];

        if ( !(e & _PAGE_PRESENT) )
            return NULL;
        t = __va(e & PADDR_MASK);
    }
    *l1_mfn = __pa(t) >> PAGE_SHIFT;
    return &t[LEVEL_INDEX(va, 1)];
}

static int update_va_mapping(unsigned long va, pgentry_t val,
                             unsigned long flags)
{
    struct vcpu *v = current;
    struct domain *d = v->domain;
    unsigned long l1_mfn, bmap = flags & ~UVMF_FLUSHTYPE_MASK;
    struct page_info *l1pg;
    pgentry_t *pl1e;
    int rc = -EINVAL;

    if ( !guest_range_ok(va, 1) )
        return -EINVAL;
    spin_lock(&d->arch.pt_lock);
    pl1e = guest_l1e(v, va, &l1_mfn);
    if ( pl1e )
    {
        l1pg = mfn_to_page(l1_mfn);
        rc = get_page_and_type(l1pg, d, PGT_l1_page_table);
        if ( !rc )
        {
            rc = mod_entry(d, pl1e, val, 1, l1_mfn, LEVEL_INDEX(va, 1), false);
            put_page_and_type(l1pg);
        }
    }
    spin_unlock(&d->arch.pt_lock);
    if ( rc )
        return rc;

    /*
     * Scope: bmap is UVMF_LOCAL (0), UVMF_ALL, or a pointer to a vCPU
     * bitmap, which must be readable, as in Xen.  Any scope but local
     * reaches every CPU running one of d's vCPUs (asm/flushtlb.h).
     */
    if ( (flags & UVMF_FLUSHTYPE_MASK) && bmap != UVMF_LOCAL && bmap != UVMF_ALL )
    {
        unsigned long mask;

        if ( copy_from_guest(&mask, bmap, sizeof(mask)) )
            rc = -EFAULT;
    }
    switch ( flags & UVMF_FLUSHTYPE_MASK )
    {
    case UVMF_TLB_FLUSH:
        if ( bmap == UVMF_LOCAL )
            flush_tlb_local();
        else
            flush_tlb_domain(d, FLUSH_VA_ALL);
        break;
    case UVMF_INVLPG:
        if ( bmap == UVMF_LOCAL )
            flush_tlb_one_local(va);
        else
            flush_tlb_domain(d, va);
        break;
    }
    return rc;
}

/* HYPERVISOR_update_va_mapping(unsigned long va, u64 val, unsigned long flags). */
long do_update_va_mapping(struct hc_args *a)
{
    return update_va_mapping(hc_ulong(a, 0), hc_ulong(a, 1), hc_ulong(a, 2));
}

/*
 * HYPERVISOR_update_va_mapping_otherdomain(va, val, flags, domid): as
 * update_va_mapping, with the mapped frame owned by domid (only the
 * caller itself for now; others -ESRCH).
 */
long do_update_va_mapping_otherdomain(struct hc_args *a)
{
    if ( check_pg_owner(hc_uint(a, 3) & 0xffff) )
        return -ESRCH;
    return update_va_mapping(hc_ulong(a, 0), hc_ulong(a, 1), hc_ulong(a, 2));
}

/* The validated L1 entry mapping va in the current kernel table.  @pre: pt_lock held. */
static pgentry_t *current_l1e(struct domain *d, unsigned long va,
                              unsigned long *l1_mfn)
{
    pgentry_t *pl1e;

    if ( !guest_range_ok(va, 1) )
        return NULL;
    pl1e = guest_l1e(current, va, l1_mfn);
    if ( !pl1e || (mfn_to_page(*l1_mfn)->u.type_info &
                   (PGT_type_mask | PGT_validated)) !=
                  (PGT_l1_page_table | PGT_validated) )
        return NULL;
    return pl1e;
}

/*
 * The PTE of a grant map (Xen's, for semantics): present, accessed, dirty,
 * no-execute, PTE_GNTTAB; writable unless GNTMAP_readonly; user-accessible
 * for a 64-bit guest (its kernel runs in ring 3) or with
 * GNTMAP_application_map; the GNTMAP_guest_avail bits in the
 * software-available bits 9..11 (XENFEAT_gnttab_map_avail_bits: Linux's
 * gntdev marks its PTEs special that way).  Never global: a guest's flush
 * of its own mappings then always reaches it.
 */
static pgentry_t grant_pte(unsigned long mfn, uint32_t flags)
{
    pgentry_t e = ((paddr_t)mfn << PAGE_SHIFT) | _PAGE_PRESENT |
                  _PAGE_ACCESSED | _PAGE_DIRTY | PTE_GNTTAB |
                  (cpu_has_nx ? _PAGE_NX : 0);

    if ( !(flags & GNTMAP_readonly) )
        e |= _PAGE_RW;
    if ( (flags & GNTMAP_application_map) || !is_pv_32bit_domain(current->domain) )
        e |= _PAGE_USER;
    return e | ((((pgentry_t)flags >> _GNTMAP_guest_avail0) << 9) & 0xe00);
}

/*
 * The L1 entry at machine address maddr (GNTMAP_contains_pte): it must be
 * 8-byte aligned, in a frame of d in use as a validated L1 table (type
 * count > 0: never a frame validated here for the purpose, nor one whose
 * validation is under way); the table then holds a general and an L1
 * type reference (*l1pg, dropped with put_page_and_type), so it stays one
 * while the entry changes.  NULL if not.
 * @pre: d->arch.pt_lock held (d's type changes are serialised by it).
 */
static pgentry_t *get_pte_table(struct domain *d, uint64_t maddr,
                                struct page_info **l1pg)
{
    unsigned long mfn = maddr >> PAGE_SHIFT, type;
    struct page_info *pg;

    if ( (maddr & (sizeof(pgentry_t) - 1)) || !mfn_valid(mfn) ||
         !get_page(mfn_to_page(mfn), d) )
        return NULL;
    pg = mfn_to_page(mfn);
    /* An L1 in use only: a free frame would be validated as one here. */
    type = ACCESS_ONCE(pg->u.type_info);
    if ( (type & PGT_type_mask) != PGT_l1_page_table ||
         !(type & PGT_validated) || !(type & PGT_count_mask) ||
         get_page_type(pg, PGT_l1_page_table) )
    {
        put_page(pg);
        return NULL;
    }
    *l1pg = pg;
    return (pgentry_t *)page_to_virt(pg) + (maddr & (PAGE_SIZE - 1)) / sizeof(pgentry_t);
}

/*
 * The entry a grant map or unmap names: by machine address with
 * GNTMAP_contains_pte, else the one mapping virtual address addr in the
 * current kernel page table.  *l1pg: the table's references to drop, or
 * NULL.  @pre: d->arch.pt_lock held.
 */
static pgentry_t *grant_entry(struct domain *d, uint64_t addr, uint32_t flags,
                              struct page_info **l1pg)
{
    unsigned long l1_mfn;

    *l1pg = NULL;
    if ( flags & GNTMAP_contains_pte )
        return get_pte_table(d, addr, l1pg);
    return current_l1e(d, addr, &l1_mfn);
}

int pv_grant_map(uint64_t addr, unsigned long mfn, uint32_t flags)
{
    struct domain *d = current->domain;
    struct page_info *l1pg;
    pgentry_t *pl1e, old;

    spin_lock(&d->arch.pt_lock);
    pl1e = grant_entry(d, addr, flags, &l1pg);
    if ( !pl1e )
    {
        spin_unlock(&d->arch.pt_lock);
        printk(XENLOG_G_INFO "d%u: grant map: no L1 entry at %s %#lx\n",
               d->domain_id, flags & GNTMAP_contains_pte ? "PTE" : "VA",
               (unsigned long)addr);
        return -EINVAL;
    }
    /* What the entry held goes as by any update (Xen: replaced, not refused). */
    old = __atomic_exchange_n(pl1e, grant_pte(mfn, flags), __ATOMIC_SEQ_CST);
    put_page_from_pte(old, 1);
    if ( l1pg )
        put_page_and_type(l1pg);
    spin_unlock(&d->arch.pt_lock);
    return 0;
}

int pv_grant_unmap(uint64_t addr, unsigned long mfn, uint32_t flags)
{
    struct domain *d = current->domain;
    struct page_info *l1pg;
    pgentry_t *pl1e, e;
    int rc = -EINVAL;

    spin_lock(&d->arch.pt_lock);
    pl1e = grant_entry(d, addr, flags, &l1pg);
    if ( pl1e )
    {
        e = ACCESS_ONCE(*pl1e);
        if ( (e & (_PAGE_PRESENT | PTE_GNTTAB)) == (_PAGE_PRESENT | PTE_GNTTAB) &&
             ((e & PADDR_MASK) >> PAGE_SHIFT) == mfn &&
             /* The map's access (Xen): no RW PTE outlives its type ref. */
             !(e & _PAGE_RW) == !!(flags & GNTMAP_readonly) )
        {
            __atomic_store_n(pl1e, 0, __ATOMIC_SEQ_CST);
            /*
             * Every vCPU's TLB: the grant's frame may be reused next.  A
             * PTE named by address serves virtual addresses we do not
             * know (any address space sharing the table): all of them.
             */
            flush_tlb_domain(d, flags & GNTMAP_contains_pte ? FLUSH_VA_ALL
                                                            : (unsigned long)addr);
            rc = 0;
        }
        if ( l1pg )
            put_page_and_type(l1pg);
    }
    spin_unlock(&d->arch.pt_lock);
    if ( rc )
        printk(XENLOG_G_INFO "d%u: grant unmap: %s %#lx does not map frame %#lx\n",
               d->domain_id, flags & GNTMAP_contains_pte ? "PTE" : "VA",
               (unsigned long)addr, mfn);
    return rc;
}

/*
 * Writable page tables (pv/ptwr.c): the guest's store to entry ptr (machine
 * address, 8-byte aligned) of one of its L1 tables, validated as
 * mmu_update validates it.  -EINVAL if the frame is not a validated L1
 * table of d, or the entry's refusal.
 */
int pv_ptwr_update_l1e(struct domain *d, uint64_t ptr, pgentry_t val)
{
    unsigned long mfn = ptr >> PAGE_SHIFT, type;

    if ( !mfn_valid(mfn) )
        return -EINVAL;
    type = ACCESS_ONCE(mfn_to_page(mfn)->u.type_info);
    if ( (type & PGT_type_mask) != PGT_l1_page_table || !(type & PGT_validated) )
        return -EINVAL;
    return normal_update(d, ptr, val, false);
}

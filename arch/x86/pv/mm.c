/*
 * Guest page-table updates by hypercall: HYPERVISOR_update_va_mapping
 * (mmu_update and mmuext_op come next, on the same entry rules).
 *
 * An update checks the new entry as validation would (pv/pt_validate.c),
 * takes its references, writes it, then drops the old entry's.  The
 * table itself must be a validated L1 of the caller, found by walking the
 * vCPU's current kernel page table.
 *
 * TLBs: the guest asks for the flushes it needs (UVMF_*).  But a frame
 * whose last writable mapping goes away may next become a page table, and
 * a stale writable TLB entry would then let the guest write its table; so
 * replacing a writable mapping always flushes that address here.  With one
 * vCPU per domain that covers every TLB the guest has used; more vCPUs
 * will need Xen's TLB-flush clock on type changes instead.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/guest_access.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <public/xen.h>

#define LEVEL_INDEX(va, l)  (((va) >> (12 + 9 * ((l) - 1))) & 511)

static void invlpg(unsigned long va)
{
    __asm__ __volatile__ ("invlpg (%0)" :: "r" (va) : "memory");
}

static void flush_tlb_local(void)
{
    unsigned long cr3;

    __asm__ __volatile__ ("mov %%cr3, %0; mov %0, %%cr3" : "=r" (cr3) :: "memory");
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

/* Replace *pl1e (entry index of L1 table l1_mfn) by nval.  @pre: pt_lock held. */
static int mod_l1_entry(struct domain *d, pgentry_t *pl1e, pgentry_t nval,
                        unsigned long l1_mfn, unsigned int index,
                        unsigned long va)
{
    pgentry_t old = *pl1e;
    int rc;

    if ( nval & _PAGE_PRESENT )
    {
        rc = get_page_from_l1e(&nval, d, l1_mfn, index);
        if ( rc )
            return rc;
    }
    __atomic_store_n(pl1e, nval, __ATOMIC_SEQ_CST);
    if ( (old & (_PAGE_PRESENT | _PAGE_RW)) == (_PAGE_PRESENT | _PAGE_RW) )
        invlpg(va);
    put_page_from_l1e(old);
    return 0;
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
            rc = mod_l1_entry(d, pl1e, val, l1_mfn, LEVEL_INDEX(va, 1), va);
            put_page_and_type(l1pg);
        }
    }
    spin_unlock(&d->arch.pt_lock);
    if ( rc )
        return rc;

    /*
     * Scope: bmap is UVMF_LOCAL (0), UVMF_ALL, or a pointer to a vCPU
     * bitmap.  One vCPU: every scope is this CPU's TLB, but a bitmap must
     * still be readable, as in Xen.
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
        flush_tlb_local();
        break;
    case UVMF_INVLPG:
        invlpg(va);
        break;
    }
    return rc;
}

/* HYPERVISOR_update_va_mapping(unsigned long va, u64 val, unsigned long flags). */
long do_update_va_mapping(struct hc_args *a)
{
    return update_va_mapping(hc_ulong(a, 0), hc_ulong(a, 1), hc_ulong(a, 2));
}

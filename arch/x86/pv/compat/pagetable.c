/*
 * Page tables of 32-bit PAE PV guests.
 *
 * A PAE L3 has 4 entries; the guest allocates a whole page for it, and
 * in long mode the CPU sees all 512 entries of that page when it walks
 * the hypervisor L4's slot 0 (asm/pv-compat.h).  So, as in Xen:
 *   - entries 4..511 are cleared when the page becomes an L3 (the guest
 *     cannot reach addresses above 4 GiB, and the hypervisor must not
 *     find mappings there);
 *   - entries 0..3 may only have the flags PAE allows in a PDPTE, i.e.
 *     none of PWT, PCD, PS, global, NX or bits 52..63 (Xen 4.17's
 *     l3_disallow_mask for 32-bit guests: 0xFFFFF198 in its packed flag
 *     form): -EINVAL otherwise;
 *   - entry 3, which covers the hypervisor's hole at the top of the
 *     4 GiB, must be present;
 *   - each present entry holds an L2 type reference and is made
 *     writable and user-accessible (PAE ignores those bits, long mode
 *     ANDs them in: the L2 and L1 entries decide, as the guest meant).
 * L1 and L2 entries are checked as for 64-bit guests (pv/pt_validate.c)
 * but not forced user-accessible: the kernel runs in ring 1, which the
 * CPU counts as supervisor, so the guest's user bit keeps its meaning.
 *
 *   - entry 3's L2 takes the type PGT_l2_page_table | PGT_pae_xen_l2:
 *     its entries from 428 (0xF5800000) on are the hypervisor's (the
 *     read-only compat M2P, pv/compat/m2p.c), never the guest's; it may
 *     serve one L3 only, as in Xen.
 *
 * mmu_update (pv/mm.c, mod_entry) keeps these rules entry by entry, as
 * Xen's mod_l3_entry and mod_l2_entry do: slots 0..2 of an L3 take the
 * same checks as at validation; slot 3 (and 4..511) cannot be changed
 * while the page is an L3 (-EINVAL), nor the hypervisor's entries of a
 * slot-3 L2 (-EPERM).
 *
 * MMUEXT_NEW_BASEPTR names an L3 (compat_new_baseptr): it takes the
 * vCPU's L3 type reference and slot 0 of the vCPU's L4.
 *
 * Not yet: pae_extended_cr3 (CR3 reads); see docs/compat.md.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/heap.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/flushtlb.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/pv.h>
#include <asm/pv-compat.h>

#define PAE_L3_ENTRIES          4
/* PWT, PCD, PS, global, and bits 52..63 (NX among them). */
#define COMPAT_L3_DISALLOWED    (0x198UL | (0xfffUL << 52))
#define L3_FORCED               (_PAGE_RW | _PAGE_USER)
#define L4_SLOT0_FLAGS          (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)
#define ROOT_FIRST_XEN_SLOT     256
#define ROOT_LAST_XEN_SLOT      271

/*
 * Take what entry i (0..2) of a PAE L3 needs: an L2 type reference.  The
 * reserved PDPTE bits are refused; the entry is made writable and
 * user-accessible.  0 or -EINVAL (logged).
 */
static int get_l3e(struct domain *d, uint64_t *pe, unsigned long l3_mfn,
                   unsigned int i)
{
    int rc;

    if ( !(*pe & _PAGE_PRESENT) )
        return 0;
    if ( *pe & COMPAT_L3_DISALLOWED )
    {
        printk(XENLOG_G_INFO "d%u: PAE L3 %#lx[%u] = %#lx: flags %#lx not"
               " allowed\n", d->domain_id, l3_mfn, i, *pe,
               *pe & COMPAT_L3_DISALLOWED);
        return -EINVAL;
    }
    rc = get_page_from_pte(pe, 3, d, l3_mfn, i);
    if ( !rc )
        *pe |= L3_FORCED;
    return rc;
}

/*
 * Slot 3: present, and its L2 takes the hypervisor's entries for the hole
 * with a type of its own (PGT_pae_xen_l2), so it cannot be an ordinary L2
 * elsewhere; one L3 per such L2, as Xen requires (pae_xen_mappings_check).
 */
static int get_l3e_slot3(struct domain *d, uint64_t *pe, unsigned long l3_mfn)
{
    uint64_t e = *pe;
    unsigned long l2 = (e & PADDR_MASK) >> PAGE_SHIFT;
    int rc;

    if ( !(e & _PAGE_PRESENT) )
    {
        printk(XENLOG_G_INFO "d%u: PAE L3 %#lx: slot 3 (the hypervisor's"
               " hole) not present\n", d->domain_id, l3_mfn);
        return -EINVAL;
    }
    if ( e & COMPAT_L3_DISALLOWED )
        return get_l3e(d, pe, l3_mfn, PAE_L3_ENTRIES - 1);
    rc = mfn_valid(l2) && !mfn_is_iomem(l2)
         ? get_page_and_type(mfn_to_page(l2), d,
                             PGT_l2_page_table | PGT_pae_xen_l2)
         : -EINVAL;
    if ( !rc && (mfn_to_page(l2)->u.type_info & PGT_count_mask) != 1 )
    {
        put_page_and_type(mfn_to_page(l2));
        rc = -EINVAL;
    }
    if ( rc )
    {
        printk(XENLOG_G_INFO "d%u: PAE L3 %#lx[3] = %#lx: not an L2 of"
               " the domain's that can map the hypervisor's hole"
               " (type_info %#lx)\n", d->domain_id, l3_mfn, e,
               mfn_valid(l2) ? mfn_to_page(l2)->u.type_info : 0);
        return rc;
    }
    *pe |= L3_FORCED;
    return 0;
}

int compat_alloc_l3(struct domain *d, unsigned long mfn, uint64_t *l3)
{
    unsigned int i;
    int rc = 0;

    memset(l3 + PAE_L3_ENTRIES, 0, (512 - PAE_L3_ENTRIES) * sizeof(*l3));
    for ( i = 0; i < PAE_L3_ENTRIES; i++ )
    {
        rc = i < PAE_L3_ENTRIES - 1 ? get_l3e(d, &l3[i], mfn, i)
                                    : get_l3e_slot3(d, &l3[i], mfn);
        if ( rc )
            break;
    }
    if ( rc )
    {
        /* Decide, then act: drop what the checked entries took. */
        while ( i-- > 0 )
            put_page_from_pte(l3[i], 3);
    }
    return rc;
}

int compat_mod_slot_check(unsigned int level, unsigned long type,
                          unsigned int i)
{
    if ( level == 3 && i >= PAE_L3_ENTRIES - 1 )
        return -EINVAL;
    if ( level == 2 && (type & PGT_pae_xen_l2) && i >= COMPAT_L2_FIRST_XEN_SLOT )
        return -EPERM;
    return 0;
}

int compat_get_l3e(struct domain *d, uint64_t *pe, unsigned long l3_mfn,
                   unsigned int i)
{
    ASSERT(i < PAE_L3_ENTRIES - 1);
    return get_l3e(d, pe, l3_mfn, i);
}

void compat_free_l3(const uint64_t *l3)
{
    unsigned int i;

    for ( i = 0; i < PAE_L3_ENTRIES; i++ )
        put_page_from_pte(l3[i], 3);
}

int compat_vcpu_init(struct vcpu *v, unsigned long l3_mfn)
{
    uint64_t *l4 = alloc_xenheap_page();
    void *xlat = alloc_xenheap_pages(COMPAT_XLAT_ORDER);
    unsigned int i;

    if ( !l4 || !xlat )
    {
        if ( l4 )
            free_xenheap_page(l4);
        if ( xlat )
            free_xenheap_pages(xlat, COMPAT_XLAT_ORDER);
        return -ENOMEM;
    }
    memset(l4, 0, PAGE_SIZE);
    for ( i = ROOT_FIRST_XEN_SLOT; i <= ROOT_LAST_XEN_SLOT; i++ )
        l4[i] = idle_pg_table[i];
    l4[0] = ((uint64_t)l3_mfn << PAGE_SHIFT) | L4_SLOT0_FLAGS;
    v->arch.guest_table = __pa(l4) >> PAGE_SHIFT;
    v->arch.pv.compat_xlat = xlat;
    return 0;
}

int compat_new_baseptr(struct vcpu *v, unsigned long mfn)
{
    uint64_t *l4 = __va((paddr_t)v->arch.guest_table << PAGE_SHIFT);
    unsigned long old = (l4[0] & PADDR_MASK) >> PAGE_SHIFT;
    int rc;

    ASSERT(v == current);
    if ( mfn == old )
    {
        flush_tlb_local();
        return 0;
    }
    rc = mfn_valid(mfn) ? get_page_and_type(mfn_to_page(mfn), v->domain,
                                            PGT_l3_page_table)
                        : -EINVAL;
    if ( rc )
    {
        printk(XENLOG_G_INFO "d%u: error %d installing new PAE baseptr %#lx\n",
               v->domain->domain_id, rc, mfn);
        return rc;
    }
    l4[0] = ((uint64_t)mfn << PAGE_SHIFT) | L4_SLOT0_FLAGS;
    flush_tlb_local();          /* the same L4: its slot 0 changed */
    put_page_and_type(mfn_to_page(old));
    return 0;
}

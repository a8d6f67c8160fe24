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
 * Not yet: MMUEXT_PIN_L3_TABLE and new_baseptr with an L3, mmu_update
 * on PAE L3 and slot-3 L2 entries, pae_extended_cr3; see docs/compat.md.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/heap.h>
#include <xen/mm.h>
#include <xen/sched.h>
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

int compat_alloc_l3(struct domain *d, unsigned long mfn, uint64_t *l3)
{
    unsigned int i;
    int rc = 0;

    memset(l3 + PAE_L3_ENTRIES, 0, (512 - PAE_L3_ENTRIES) * sizeof(*l3));
    for ( i = 0; i < PAE_L3_ENTRIES; i++ )
    {
        uint64_t e = l3[i];

        if ( !(e & _PAGE_PRESENT) )
        {
            if ( i < PAE_L3_ENTRIES - 1 )
                continue;
            printk(XENLOG_G_INFO "d%u: PAE L3 %#lx: slot 3 (the hypervisor's"
                   " hole) not present\n", d->domain_id, mfn);
            rc = -EINVAL;
            break;
        }
        if ( e & COMPAT_L3_DISALLOWED )
        {
            printk(XENLOG_G_INFO "d%u: PAE L3 %#lx[%u] = %#lx: flags %#lx not"
                   " allowed\n", d->domain_id, mfn, i, e,
                   e & COMPAT_L3_DISALLOWED);
            rc = -EINVAL;
            break;
        }
        /*
         * Slot 3's L2 gets the hypervisor's entries for the hole: its own
         * type (PGT_pae_xen_l2), so it cannot be an ordinary L2 elsewhere.
         */
        if ( i == PAE_L3_ENTRIES - 1 )
        {
            unsigned long l2 = (e & PADDR_MASK) >> PAGE_SHIFT;

            rc = mfn_valid(l2) && !mfn_is_iomem(l2)
                 ? get_page_and_type(mfn_to_page(l2), d,
                                     PGT_l2_page_table | PGT_pae_xen_l2)
                 : -EINVAL;
            /* One L3 per slot-3 L2, as Xen requires (pae_xen_mappings_check). */
            if ( !rc && (mfn_to_page(l2)->u.type_info & PGT_count_mask) != 1 )
            {
                put_page_and_type(mfn_to_page(l2));
                rc = -EINVAL;
            }
            if ( rc )
                printk(XENLOG_G_INFO "d%u: PAE L3 %#lx[3] = %#lx: not an L2 of"
                       " the domain's that can map the hypervisor's hole"
                       " (type_info %#lx)\n", d->domain_id, mfn, e,
                       mfn_valid(l2) ? mfn_to_page(l2)->u.type_info : 0);
        }
        else
            rc = get_page_from_pte(&l3[i], 3, d, mfn, i);
        if ( rc )
            break;
        l3[i] |= L3_FORCED;
    }
    if ( rc )
    {
        /* Decide, then act: drop what the checked entries took. */
        while ( i-- > 0 )
            put_page_from_pte(l3[i], 3);
    }
    return rc;
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
    void *xlat = alloc_xenheap_page();
    unsigned int i;

    if ( !l4 || !xlat )
    {
        if ( l4 )
            free_xenheap_page(l4);
        if ( xlat )
            free_xenheap_page(xlat);
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

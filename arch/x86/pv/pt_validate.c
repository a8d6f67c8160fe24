/*
 * What a 64-bit PV guest's page tables may contain: the checks behind
 * get_page_type() for PGT_l1..l4_page_table (arch/x86/mm/page_ref.c).
 *
 * A PV guest's tables are the hardware's, so every entry is checked before
 * its frame becomes a page table, and each present entry holds a
 * reference on what it maps:
 *   L1  a frame of the guest's own: a general reference; mapped writable,
 *       also a PGT_writable_page type reference, which no page-table or
 *       descriptor frame can have (asm/mm.h invariant 3): a guest never
 *       gets a writable mapping of any table, its own included;
 *       or I/O memory (a frame outside RAM, pv/iomem.c) the domain's
 *       iomem_caps permit: no reference, -EPERM if not permitted,
 *       forced read-only for the IO-APICs;
 *   L2, L3, L4  a table of the next level down, owned by the guest: a
 *       type reference of that level (validating it first if needed).
 *       No superpages (PSE), no same-level ("linear") tables.
 * Flag bits a guest may not use are refused: in L1 entries everything but
 * present, RW, user, accessed, dirty, global, NX, the software bits, and
 * the cache attributes for a domain with hardware access (dom0); in upper
 * entries the same minus global and the cache attributes.  Every present
 * entry is made user-accessible (the 64-bit PV kernel runs in ring 3).
 * Grant mappings (bit 62, PTE_GNTTAB) are made only by grant_table.c
 * through pv_grant_map() (pv/mm.c) and hold no references of their own.
 * L4 slots 256..271 are the hypervisor's: whatever the guest put there is
 * replaced by the hypervisor's own entries (init_xen_l4_slots), so the
 * hypervisor stays mapped while the guest's table is loaded, and the
 * guest sees only what those entries let ring 3 see (the read-only M2P).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/pv.h>
#include <asm/pv-compat.h>

#define ROOT_FIRST_XEN_SLOT 256
#define ROOT_LAST_XEN_SLOT  271

/* Software-available bits: 9..11 and 52..62; Xen reserves 62 in L1s (PTE_GNTTAB). */
#define PTE_AVAIL           (0xe00UL | (0x7ffUL << 52))
#define PTE_PAT             0x080UL     /* bit 7 of an L1 entry */
#define PTE_CACHE_ATTRS     (_PAGE_PWT | _PAGE_PCD | PTE_PAT)

static unsigned long base_allowed(void)
{
    return _PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED |
           _PAGE_DIRTY | PTE_AVAIL | (cpu_has_nx ? _PAGE_NX : 0);
}

static unsigned long allowed_flags(const struct domain *d, unsigned int level)
{
    unsigned long ok = base_allowed();

    if ( level > 1 )
        return ok;
    ok = (ok | _PAGE_GLOBAL) & ~PTE_GNTTAB;
    if ( d->is_hardware )
        ok |= PTE_CACHE_ATTRS;
    return ok;
}

static bool is_guest_slot(unsigned int level, unsigned int i)
{
    return level != 4 || i < ROOT_FIRST_XEN_SLOT || i > ROOT_LAST_XEN_SLOT;
}

static unsigned long level_type(unsigned int level)
{
    return PGT_l1_page_table + (level - 1) * (PGT_l2_page_table - PGT_l1_page_table);
}

static unsigned int type_level(unsigned long type)
{
    return (type - PGT_l1_page_table) / (PGT_l2_page_table - PGT_l1_page_table) + 1;
}

/*
 * Take what entry *pe of a level table of d needs, and make it
 * user-accessible.  0 or -EINVAL (logged); preemptible: also -ERESTART,
 * the table below left partial (asm/mm.h), nothing taken.
 */
static int get_entry(pgentry_t *pe, unsigned int level, struct domain *d,
                     unsigned long table_mfn, unsigned int index,
                     bool preemptible)
{
    pgentry_t e = *pe;
    unsigned long mfn = (e & PADDR_MASK) >> PAGE_SHIFT, bad;
    struct page_info *pg;
    int rc;

    if ( !(e & _PAGE_PRESENT) )
        return 0;
    bad = e & ~PADDR_MASK & ~allowed_flags(d, level);
    if ( bad )
    {
        printk(XENLOG_G_INFO "d%u: L%u table %#lx[%u] = %#lx: flags %#lx not allowed\n",
               d->domain_id, level, table_mfn, index, e, bad);
        return -EINVAL;
    }
    /*
     * I/O memory (pv/iomem.c): only in L1 entries, only with the domain's
     * I/O permission, and without a reference (there is no page to hold).
     */
    if ( mfn_is_iomem(mfn) )
    {
        if ( level > 1 )
        {
            printk(XENLOG_G_INFO "d%u: L%u table %#lx[%u] = %#lx: I/O frame as a table\n",
                   d->domain_id, level, table_mfn, index, e);
            return -EINVAL;
        }
        if ( !pv_iomem_permitted(d, mfn) )
        {
            printk(XENLOG_G_INFO "d%u: L1 table %#lx[%u] = %#lx: I/O frame not permitted\n",
                   d->domain_id, table_mfn, index, e);
            return -EPERM;
        }
        if ( pv_iomem_readonly(mfn) )
            e &= ~_PAGE_RW;
        *pe = is_pv_32bit_domain(d) ? e : e | _PAGE_USER;
        return 0;
    }
    if ( !mfn_valid(mfn) )
    {
        printk(XENLOG_G_INFO "d%u: L%u table %#lx[%u] = %#lx: no such frame\n",
               d->domain_id, level, table_mfn, index, e);
        return -EINVAL;
    }
    pg = mfn_to_page(mfn);
    if ( level > 1 && preemptible )
        rc = get_page_and_type_preemptible(pg, d, level_type(level - 1));
    else if ( level > 1 )
        rc = get_page_and_type(pg, d, level_type(level - 1));
    else if ( e & _PAGE_RW )
    {
        /* Xen reports a frame that cannot become writable as busy. */
        rc = get_page_and_type(pg, d, PGT_writable_page);
        if ( rc == -EINVAL )
            rc = -EBUSY;
    }
    else
        rc = get_page(pg, d) ? 0 : -EINVAL;
    if ( rc == -ERESTART )
        return rc;
    if ( rc )
    {
        printk(XENLOG_G_INFO "d%u: L%u table %#lx[%u] = %#lx: frame not %s (type_info %#lx)\n",
               d->domain_id, level, table_mfn, index, e,
               level > 1 ? "a valid lower-level table of the domain's" :
               e & _PAGE_RW ? "the domain's to write" : "the domain's",
               pg->u.type_info);
        return rc;
    }
    /* A 32-bit kernel (ring 1) is supervisor: its user bit keeps its meaning. */
    if ( !(e & _PAGE_USER) && !is_pv_32bit_domain(d) )
        *pe = e | _PAGE_USER;
    return 0;
}

static int get_page_from_entry(pgentry_t *pe, unsigned int level,
                               struct domain *d, unsigned long table_mfn,
                               unsigned int index)
{
    return get_entry(pe, level, d, table_mfn, index, false);
}

static void put_page_from_entry(pgentry_t e, unsigned int level)
{
    struct page_info *pg;

    if ( !(e & _PAGE_PRESENT) )
        return;
    /*
     * A grant mapping (common/grant_table.c) holds no references of its
     * own: the grant holds them until GNTTABOP_unmap_grant_ref.  Replacing
     * it any other way leaves them with the grant (Xen crashes the guest).
     */
    if ( level == 1 && (e & PTE_GNTTAB) )
    {
        printk(XENLOG_G_WARNING "L1 entry %#lx: grant mapping removed without unmap\n", e);
        return;
    }
    /* I/O frames were mapped without a reference (only in L1s). */
    if ( level == 1 && mfn_is_iomem((e & PADDR_MASK) >> PAGE_SHIFT) )
        return;
    pg = mfn_to_page((e & PADDR_MASK) >> PAGE_SHIFT);
    if ( level > 1 || (e & _PAGE_RW) )
        put_page_and_type(pg);
    else
        put_page(pg);
}

int get_page_from_l1e(pgentry_t *pe, struct domain *d, unsigned long l1_mfn,
                      unsigned int index)
{
    return get_page_from_entry(pe, 1, d, l1_mfn, index);
}

void put_page_from_l1e(pgentry_t e)
{
    put_page_from_entry(e, 1);
}

int get_page_from_pte(pgentry_t *pe, unsigned int level, struct domain *d,
                      unsigned long table_mfn, unsigned int index)
{
    ASSERT(level >= 1 && level <= 4 && is_guest_slot(level, index));
    return get_page_from_entry(pe, level, d, table_mfn, index);
}

void put_page_from_pte(pgentry_t e, unsigned int level)
{
    put_page_from_entry(e, level);
}

bool is_guest_l4_slot(unsigned int i)
{
    return is_guest_slot(4, i);
}

/* The hypervisor's slots of every guest L4: the same as in the idle tables. */
static void init_xen_l4_slots(pgentry_t *l4)
{
    unsigned int i;

    for ( i = ROOT_FIRST_XEN_SLOT; i <= ROOT_LAST_XEN_SLOT; i++ )
        l4[i] = idle_pg_table[i];
}

/* ... and the hypervisor's part of a 32-bit guest's slot-3 L2 (PGT_pae_xen_l2). */
static bool is_guest_slot_of(unsigned long type, unsigned int level, unsigned int i)
{
    return is_guest_slot(level, i) &&
           !((type & PGT_pae_xen_l2) && i >= COMPAT_L2_FIRST_XEN_SLOT);
}

/*
 * Preemption points: before each entry of an L2..L4 table but the first
 * of this run, so every run gets at least one entry further and a tree
 * of any size is validated in steps of bounded work: at most one L1
 * table (512 entries) plus one entry of each level above between two
 * checks.
 */
int alloc_page_type(struct page_info *pg, unsigned long type,
                    unsigned int *first, bool preemptible)
{
    struct domain *d = pg->v.owner;
    unsigned int level = type_level(type & PGT_type_mask), i;
    unsigned long mfn = page_to_mfn(pg);
    pgentry_t *t = page_to_virt(pg);
    int rc = 0;

    if ( type == PGT_seg_desc_page )
        return pv_alloc_segdesc_page(pg);
    if ( (type & PGT_type_mask) < PGT_l1_page_table ||
         (type & PGT_type_mask) > PGT_l4_page_table )
        return -EINVAL;
    /* A PAE L3 of a 32-bit guest (pv/compat/pagetable.c); it has no L4s. */
    if ( is_pv_32bit_domain(d) && level >= 3 )
        return level == 3 ? compat_alloc_l3(d, mfn, t) : -EINVAL;
    BUILD_BUG_ON(((HYPERVISOR_VIRT_START >> 39) & 511) != ROOT_FIRST_XEN_SLOT ||
                 (((HYPERVISOR_VIRT_END - 1) >> 39) & 511) != ROOT_LAST_XEN_SLOT);

    for ( i = *first; i < 512; i++ )
    {
        if ( !is_guest_slot_of(type, level, i) )
            continue;
        if ( preemptible && level > 1 && i > *first &&
             hypercall_preempt_check() )
            rc = -ERESTART;
        else
            rc = get_entry(&t[i], level, d, mfn, i, preemptible);
        if ( rc )
            break;
    }
    if ( rc == -ERESTART )
    {
        *first = i;
        return rc;
    }
    if ( rc )
    {
        /* Decide, then act: drop what the checked entries took. */
        while ( i-- > 0 )
            if ( is_guest_slot_of(type, level, i) )
                put_page_from_entry(t[i], level);
        return rc;
    }
    if ( level == 4 )
        init_xen_l4_slots(t);
    if ( type & PGT_pae_xen_l2 )
        compat_l2_xen_slots(t);
    return 0;
}

void free_page_type(struct page_info *pg, unsigned long type)
{
    unsigned int level = type_level(type & PGT_type_mask), i;
    const pgentry_t *t = page_to_virt(pg);

    if ( level == 3 && is_pv_32bit_domain(pg->v.owner) )
    {
        compat_free_l3(t);
        return;
    }
    for ( i = 0; i < 512; i++ )
        if ( is_guest_slot_of(type, level, i) )
            put_page_from_entry(t[i], level);
}

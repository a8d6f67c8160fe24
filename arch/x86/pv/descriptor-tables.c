/*
 * Guest descriptor tables of 64-bit PV vCPUs: set_gdt, update_descriptor
 * and the validation of descriptor frames (PGT_seg_desc_page).
 *
 * Rules for a 64-bit PV guest (its kernel and user code both run in
 * ring 3), applied to each 8-byte descriptor of a frame (a 32-bit
 * guest's kernel runs in ring 1: DPLs below 1 are raised to 1, its gates
 * may name FLAT_RING1_CS and have a parameter count, and its code and
 * data segments have rules of their own, pv/compat/descriptors.c):
 *   - not present: accepted as is (any use faults);
 *   - code and data (S set): accepted, a DPL below 3 raised to 3;
 *   - system type 0: accepted (the upper half of a 16-byte call gate);
 *   - call gate (type 0xc): the target selector must be a guest one (GDT
 *     below the reserved page, the LDT, or the flat ring-3 code selector);
 *     the gate's DPL moves into the selector's RPL and becomes 0, so using
 *     it raises #GP for emulation; bits 0-7 of the high word must be 0;
 *   - every other system descriptor (TSS, LDT, interrupt/trap gates):
 *     refused.
 * A frame is given the descriptor type only when all 512 entries pass
 * (fixed up in place), and while it has that type no guest mapping of it
 * is writable; update_descriptor is the only way to change it.
 *
 * The running vCPU's GDT frames are mapped into its CPU's GDT area, pages
 * 0..13 (asm/desc.h); with one vCPU per domain and no scheduler yet that
 * happens at set_gdt.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/desc.h>
#include <asm/guest_access.h>
#include <asm/mm.h>
#include <asm/pv.h>
#include <asm/pv-compat.h>
#include <asm/smp.h>

#define DESC_P          (1U << 15)      /* of the high word */
#define DESC_DPL_SHIFT  13
#define DESC_DPL        (3U << DESC_DPL_SHIFT)
#define DESC_S          (1U << 12)
#define DESC_TYPE_SHIFT 8
#define DESC_TYPE       (0xfU << DESC_TYPE_SHIFT)
#define SYS_CALL_GATE   0xcU

#define DESCS_PER_PAGE  (PAGE_SIZE / sizeof(uint64_t))
#define GDT_FRAMES(ents) (((ents) + DESCS_PER_PAGE - 1) / DESCS_PER_PAGE)

/* A 32-bit guest's kernel runs in ring 1, its flat code selector differs. */
static bool gate_selector_ok(bool compat, unsigned int sel)
{
    unsigned int flat_cs = compat ? FLAT_COMPAT_RING1_CS : FLAT_RING3_CS64;

    return (sel & 4) || (sel >> 3) < FIRST_RESERVED_GDT_ENTRY ||
           (sel & ~3U) == (flat_cs & ~3U);
}

bool pv_check_descriptor(const struct domain *d, uint64_t *desc)
{
    uint32_t a = (uint32_t)*desc, b = (uint32_t)(*desc >> 32);
    bool compat = d && is_pv_32bit_domain(d);
    unsigned int dpl, sel, kernel_rpl = compat ? 1 : 3;

    if ( !(b & DESC_P) )
        return true;
    dpl = (b & DESC_DPL) >> DESC_DPL_SHIFT;
    if ( dpl < kernel_rpl )
        dpl = kernel_rpl;
    b = (b & ~DESC_DPL) | (dpl << DESC_DPL_SHIFT);
    /* Code and data of 32-bit guests: pv/compat/descriptors.c. */
    if ( (b & DESC_S) && compat && !compat_check_segment(&a, &b) )
        return false;
    if ( !(b & DESC_S) )
    {
        unsigned int type = (b & DESC_TYPE) >> DESC_TYPE_SHIFT;

        if ( type == 0 )
            return true;
        if ( type != SYS_CALL_GATE )
            return false;
        sel = a >> 16;
        /* Reserved bits: a 32-bit gate may have a parameter count. */
        if ( !gate_selector_ok(compat, sel) || (b & (compat ? 0xe0 : 0xff)) )
            return false;
        b &= ~DESC_DPL;
        a = (a & 0xffff) | (((sel & ~3U) | dpl) << 16);
    }
    *desc = ((uint64_t)b << 32) | a;
    return true;
}

int pv_alloc_segdesc_page(struct page_info *pg)
{
    uint64_t *descs = page_to_virt(pg);
    unsigned int i;

    for ( i = 0; i < DESCS_PER_PAGE; i++ )
    {
        uint64_t d = ACCESS_ONCE(descs[i]);

        if ( !pv_check_descriptor(pg->v.owner, &d) )
        {
            printk(XENLOG_G_INFO "d%u: frame %#lx entry %u = %#lx: "
                   "not a valid guest descriptor\n",
                   pg->v.owner ? pg->v.owner->domain_id : ~0u,
                   page_to_mfn(pg), i, descs[i]);
            return -EINVAL;
        }
        descs[i] = d;
    }
    return 0;
}

/* Map v's GDT frames into this CPU's GDT area (v is running here). */
static void gdt_load(const struct vcpu *v)
{
    percpu_gdt_set_guest(smp_processor_id(), v->arch.pv.gdt_frames,
                         GDT_FRAMES(v->arch.pv.gdt_ents));
}

static void gdt_release(unsigned long *frames, unsigned int nr)
{
    while ( nr-- > 0 )
    {
        put_page_and_type(mfn_to_page(frames[nr]));
        frames[nr] = 0;
    }
}

int pv_set_gdt(struct vcpu *v, const unsigned long *frames,
               unsigned int entries)
{
    struct domain *d = v->domain;
    unsigned int nr = GDT_FRAMES(entries), old, i;
    unsigned long taken[FIRST_RESERVED_GDT_PAGE];
    int rc = 0;

    for ( i = 0; i < nr; i++ )
    {
        if ( !mfn_valid(frames[i]) )
            rc = -EINVAL;
        else
            rc = get_page_and_type(mfn_to_page(frames[i]), d,
                                   PGT_seg_desc_page);
        if ( rc )
        {
            printk(XENLOG_G_INFO "d%u: set_gdt: frame %u (%#lx) refused (%d)\n",
                   d->domain_id, i, frames[i], rc);
            gdt_release(taken, i);
            return -EINVAL;
        }
        taken[i] = frames[i];
    }
    /* Unmap the old frames before their references go. */
    old = GDT_FRAMES(v->arch.pv.gdt_ents);
    v->arch.pv.gdt_ents = 0;
    if ( v == current )
        gdt_load(v);
    gdt_release(v->arch.pv.gdt_frames, old);
    for ( i = 0; i < nr; i++ )
        v->arch.pv.gdt_frames[i] = taken[i];
    v->arch.pv.gdt_ents = entries;
    if ( v == current )
        gdt_load(v);
    return 0;
}

long do_set_gdt(struct hc_args *a)
{
    unsigned int entries = hc_uint(a, 1), nr;
    unsigned long frames[FIRST_RESERVED_GDT_PAGE];

    if ( entries > FIRST_RESERVED_GDT_ENTRY )
    {
        printk(XENLOG_G_INFO "d%u: set_gdt: %u entries, at most %u\n",
               current->domain->domain_id, entries, FIRST_RESERVED_GDT_ENTRY);
        return -EINVAL;
    }
    nr = GDT_FRAMES(entries);
    if ( copy_from_guest(frames, hc_ptr(a, 0), nr * sizeof(frames[0])) )
        return -EFAULT;
    return pv_set_gdt(current, frames, entries);
}

long do_update_descriptor(struct hc_args *a)
{
    struct domain *d = current->domain;
    unsigned long ma = hc_ulong(a, 0), mfn = ma >> PAGE_SHIFT;
    uint64_t desc = hc_ulong(a, 1);
    struct page_info *pg;
    int rc;

    if ( (ma & (sizeof(desc) - 1)) || !pv_check_descriptor(d, &desc) ||
         !mfn_valid(mfn) || !get_page(mfn_to_page(mfn), d) )
    {
        printk(XENLOG_G_INFO "d%u: update_descriptor %#lx = %#lx: misaligned, "
               "invalid or not the domain's\n", d->domain_id, ma, hc_ulong(a, 1));
        return -EINVAL;
    }
    pg = mfn_to_page(mfn);
    /* A descriptor frame stays one (the new entry is valid); else a store. */
    if ( (ACCESS_ONCE(pg->u.type_info) & PGT_type_mask) == PGT_seg_desc_page )
        rc = get_page_type(pg, PGT_seg_desc_page);
    else
        rc = get_page_type(pg, PGT_writable_page);
    if ( rc )
    {
        printk(XENLOG_G_INFO "d%u: update_descriptor %#lx: frame neither a "
               "descriptor frame nor writable (type_info %#lx)\n",
               d->domain_id, ma, pg->u.type_info);
        put_page(pg);
        return -EINVAL;
    }
    __atomic_store_n((uint64_t *)__va(ma), desc, __ATOMIC_RELAXED);
    put_page_and_type(pg);
    return 0;
}

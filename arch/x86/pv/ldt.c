/*
 * Guest LDTs (MMUEXT_SET_LDT), loaded lazily as Xen does.
 *
 * A PV guest names its LDT by linear address (ldt_base, ldt_ents).  The
 * CPU cannot use guest memory as its LDT directly (the frames must be
 * checked first, and the guest must not write them afterwards), so each
 * CPU's LDTR points at its own LDT area (asm/desc.h), LDT_AREA_PAGES pages
 * that start out unmapped, with a limit of ldt_ents * 8 - 1.  A descriptor
 * load from the LDT then faults in that area (#PF, supervisor access: the
 * CPU reads descriptor tables as the supervisor whatever the ring), and
 * pv_ldt_fault() looks up the frame the guest's kernel page table maps at
 * the same offset from ldt_base, gives it PGT_seg_desc_page (every one of
 * its 512 descriptors checked as update_descriptor checks one:
 * pv/descriptor-tables.c), maps it there and lets the load run again.
 *
 * Invariants:
 *  1. v->arch.pv.ldt_shadow[i] != 0 exactly while v holds one general and
 *     one PGT_seg_desc_page type reference on that frame.  So while
 *     shadowed, no guest mapping of the frame is writable (asm/mm.h
 *     invariant 3: mmu_update/update_va_mapping get -EBUSY) and its type
 *     cannot change; the guest changes its descriptors only through
 *     update_descriptor, which checks them.
 *  2. Page i of a CPU's LDT area is mapped exactly while the vCPU running
 *     there has ldt_shadow[i] set (ldt_mapped[] tracks it); a switch
 *     away unmaps everything (context_save), a switch in maps the
 *     incoming vCPU's shadow pages (context_load) before its selectors
 *     are loaded.  No CPU maps a frame its vCPU does not hold.
 *  3. The shadow is dropped (pv_ldt_destroy) when the LDT it was built
 *     from may no longer be what the guest means: a SET_LDT that changes
 *     base or size, and a NEW_BASEPTR that changes the kernel page table
 *     (the LDT's linear address may now map other frames), as in Xen.
 *     The guest's later changes to the page-table entry that mapped an
 *     LDT page do not drop it (Xen 4.17 without PV_LDT_PAGING, Debian's
 *     build, behaves the same): it keeps the old frame until then.
 *  4. The shadow changes only on the vCPU's own CPU while it runs (its
 *     faults and hypercalls), or while it is not running; a vCPU is never
 *     switched out in the middle of either, so no lock is needed.
 *  5. A 32-bit guest's LDT works the same way: its frames are found
 *     through its vCPU's L4, whose slot 0 is its PAE L3 (a 32-bit linear
 *     address walks it as a 64-bit one below 4 GiB), and checked with
 *     its own descriptor rules (pv_check_descriptor of its domain: DPL
 *     at least 1, no 64-bit code, pv/compat/descriptors.c); an address in
 *     the hypervisor's hole maps nothing (guest_range_ok).
 *
 * What cannot be mapped is the guest's fault, as in Xen: a #PF at
 * ldt_base + offset with the CPU's error code, or #GP with the selector
 * (TI set) when that address is not canonical.  In the hypervisor (its
 * own loads of guest selectors: a context switch, set_segment_base's
 * GS selector) a page is mapped only if interrupts were on, because
 * giving a frame a new type may need a TLB shootdown; otherwise the
 * load's fixup takes over (null selector).  A context switch loads the
 * selectors with interrupts off: those that failed are loaded again with
 * interrupts on before the vCPU resumes (pv/context.c), and only what
 * fails then enters the failsafe callback, as when Xen's load_segments
 * fails.  The IRETQ back to the guest runs with interrupts off too: its
 * fault is retried from pv_iret_fault() with interrupts on, as from the
 * guest.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/desc.h>
#include <asm/guest_access.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/pv.h>
#include <asm/pv-compat.h>
#include <asm/smp.h>
#include <asm/traps.h>
#include <asm/x86-defns.h>

#define DESCS_PER_PAGE  (PAGE_SIZE / 8)
#define LDT_MAX_ENTS    (LDT_AREA_PAGES * DESCS_PER_PAGE)

/* Pages of each CPU's LDT area that are mapped (bit i: page i). */
static uint16_t ldt_mapped[CONFIG_NR_CPUS];
/* Whether each CPU's LDTR is loaded (not null). */
static bool ldtr_loaded[CONFIG_NR_CPUS];

static void cpu_unmap_all(void)
{
    unsigned int cpu = smp_processor_id(), i;

    for ( i = 0; ldt_mapped[cpu] && i < LDT_AREA_PAGES; i++ )
        if ( ldt_mapped[cpu] & (1u << i) )
        {
            percpu_ldt_unmap(i);
            ldt_mapped[cpu] &= ~(1u << i);
        }
}

/*
 * The LDTR for ents descriptors (0: null).  Most vCPUs have no LDT: a
 * switch between two of them then costs no LLDT at all.
 */
static void cpu_ldtr_load(unsigned int ents)
{
    unsigned int cpu = smp_processor_id();

    if ( !ents && !ldtr_loaded[cpu] )
        return;
    percpu_ldt_load(ents);
    ldtr_loaded[cpu] = ents;
}

/* What the LDTR covers for v. */
static unsigned int ldt_ents_loaded(const struct vcpu *v)
{
    return v->arch.pv.ldt_ents;
}

void pv_ldt_load(const struct vcpu *v)
{
    unsigned int cpu = smp_processor_id(), i;

    ASSERT(!ldt_mapped[cpu]);
    /* Without an LDT in use there is no shadow page (invariant 3). */
    if ( !ldt_ents_loaded(v) )
        return;
    for ( i = 0; i < LDT_AREA_PAGES; i++ )
        if ( v->arch.pv.ldt_shadow[i] )
        {
            percpu_ldt_map(i, v->arch.pv.ldt_shadow[i]);
            ldt_mapped[cpu] |= 1u << i;
        }
    cpu_ldtr_load(ldt_ents_loaded(v));
}

void pv_ldt_unload(void)
{
    cpu_ldtr_load(0);
    cpu_unmap_all();
}

void pv_ldt_destroy(struct vcpu *v)
{
    unsigned int i;

    ASSERT(v == current || !v->is_running);
    /* Unmap before the references go (invariant 2). */
    if ( v == current )
        cpu_unmap_all();
    for ( i = 0; i < LDT_AREA_PAGES; i++ )
        if ( v->arch.pv.ldt_shadow[i] )
        {
            put_page_and_type(mfn_to_page(v->arch.pv.ldt_shadow[i]));
            v->arch.pv.ldt_shadow[i] = 0;
        }
}

int pv_set_ldt(struct vcpu *v, unsigned long base, unsigned int ents)
{
    ASSERT(v == current);
    /*
     * Xen 4.17's checks: the address only matters with entries; a 32-bit
     * one is never in the hypervisor's 64-bit range (Xen's only range
     * check), so one in the hole is accepted: it maps nothing.
     */
    if ( ents > LDT_MAX_ENTS ||
         (ents && ((base & (PAGE_SIZE - 1)) ||
                   (!is_pv_32bit_vcpu(v) && !guest_range_ok(base, 1)))) )
    {
        printk(XENLOG_G_INFO "d%u: bad SET_LDT: base %#lx, %u entries\n",
               v->domain->domain_id, base, ents);
        return -EINVAL;
    }
    if ( !ents )
        base = 0;
    if ( base == v->arch.pv.ldt_base && ents == v->arch.pv.ldt_ents )
        return 0;
    pv_ldt_destroy(v);
    v->arch.pv.ldt_base = base;
    v->arch.pv.ldt_ents = ents;
    cpu_ldtr_load(ldt_ents_loaded(v));
    return 0;
}

/*
 * The frame v's kernel page table maps at guest address va, or 0 (not
 * mapped, not a guest address).  The tables may change meanwhile; what
 * is found is only a candidate: the caller takes references on it as
 * the domain's and checks its contents, so any frame it names is safe.
 */
static unsigned long guest_kernel_frame(const struct vcpu *v, unsigned long va)
{
    unsigned long mfn = v->arch.guest_table;
    unsigned int level;

    if ( !guest_range_ok(va, 1) || !mfn )
        return 0;
    for ( level = 4; level >= 1; level-- )
    {
        const pgentry_t *t;
        pgentry_t e;

        if ( !mfn_valid(mfn) || mfn_is_iomem(mfn) )
            return 0;
        t = __va((paddr_t)mfn << PAGE_SHIFT);
        e = ACCESS_ONCE(t[(va >> (PAGE_SHIFT + 9 * (level - 1))) & 511]);
        /* Validated upper-level entries never have PSE (pt_validate.c). */
        if ( !(e & _PAGE_PRESENT) || (level > 1 && (e & _PAGE_PSE)) )
            return 0;
        mfn = (e & PADDR_MASK) >> PAGE_SHIFT;
    }
    return mfn;
}

/* Shadow and map page slot of current's LDT; false if it cannot be. */
static bool map_ldt_page(unsigned int slot)
{
    struct vcpu *v = current;
    unsigned int cpu = smp_processor_id();
    unsigned long va = v->arch.pv.ldt_base + slot * PAGE_SIZE, mfn;
    struct page_info *pg;

    /* The CPU checked the limit; a page beyond it cannot fault. */
    if ( slot * DESCS_PER_PAGE >= v->arch.pv.ldt_ents ||
         v->arch.pv.ldt_shadow[slot] || (ldt_mapped[cpu] & (1u << slot)) )
        return false;
    mfn = guest_kernel_frame(v, va);
    if ( !mfn || !mfn_valid(mfn) )
        return false;
    pg = mfn_to_page(mfn);
    if ( get_page_and_type(pg, v->domain, PGT_seg_desc_page) )
    {
        printk(XENLOG_G_INFO "d%uv%u: LDT page %u (%#lx, frame %#lx) is not "
               "a valid descriptor page (type_info %#lx)\n",
               v->domain->domain_id, v->vcpu_id, slot, va, mfn,
               pg->u.type_info);
        return false;
    }
    v->arch.pv.ldt_shadow[slot] = mfn;
    percpu_ldt_map(slot, mfn);
    ldt_mapped[cpu] |= 1u << slot;
    return true;
}

static bool canonical(unsigned long va)
{
    return va < GUEST_LOW_END || va >= HYPERVISOR_VIRT_START;
}

/* The guest's own fault for an LDT byte at offset that could not be mapped. */
static void ldt_fault_to_guest(struct cpu_user_regs *regs, unsigned int offset)
{
    unsigned long va = current->arch.pv.ldt_base + offset;

    if ( !canonical(va) )
        pv_inject_fault(regs, X86_EXC_GP, (offset & ~3u) | 4, 0);
    else
        pv_inject_fault(regs, X86_EXC_PF, regs->error_code, va);
}

/* Is cr2 with this error code a descriptor load from this CPU's LDT area? */
static bool is_ldt_access(const struct cpu_user_regs *regs, unsigned long cr2)
{
    unsigned long start = LDT_VIRT_START(smp_processor_id());
    const struct vcpu *v = current;

    return cr2 >= start && cr2 < start + LDT_AREA_PAGES * PAGE_SIZE &&
           !(regs->error_code & (PFEC_USER | PFEC_RSVD)) &&
           v && !is_idle_vcpu(v);
}

bool pv_ldt_fault(struct cpu_user_regs *regs, unsigned long cr2)
{
    unsigned int offset;
    bool mapped;

    if ( !is_ldt_access(regs, cr2) ||
         (!guest_mode(regs) && !(regs->rflags & X86_EFLAGS_IF)) )
        return false;
    offset = cr2 - LDT_VIRT_START(smp_processor_id());
    /* A new type may need a TLB shootdown, which waits for other CPUs. */
    local_irq_enable();
    mapped = map_ldt_page(offset / PAGE_SIZE);
    local_irq_disable();
    if ( mapped )
        return true;
    if ( !guest_mode(regs) )
        return false;
    ldt_fault_to_guest(regs, offset);
    return true;
}

bool pv_ldt_iret_fault(struct cpu_user_regs *regs, unsigned long cr2)
{
    unsigned int offset;

    if ( !is_ldt_access(regs, cr2) )
        return false;
    offset = cr2 - LDT_VIRT_START(smp_processor_id());
    if ( !map_ldt_page(offset / PAGE_SIZE) )
        ldt_fault_to_guest(regs, offset);
    return true;
}

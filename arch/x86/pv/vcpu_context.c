/*
 * VCPUOP_initialise for 64-bit PV guests: a vcpu_guest_context becomes a
 * vCPU's initial state, checked as Xen 4.17's arch_set_info_guest checks
 * it (the order of the checks decides which error a bad context gets):
 *   - every address the vCPU would jump to or use as a base must be
 *     canonical (RIP, RSP, kernel_sp, LDT base if any, FS/GS bases, the
 *     callbacks, every trap_ctxt entry): else -EINVAL;
 *   - code and stack selectors with RPL 0 are raised to the guest kernel's
 *     RPL 3 (fixed up, not refused);
 *   - LDT: page-aligned base outside the hypervisor's range, at most 8192
 *     entries; GDT: at most 14 frames of entries: else -EINVAL;
 *   - user mode (VGCF_in_kernel clear) needs a user page table (ctrlreg[1]);
 *   - IOPL is virtualised, RFLAGS.IF forced on; only CR0.TS is taken;
 *     debug registers go through set_debugreg's rules (refused values are
 *     dropped, as in Xen);
 *   - the GDT frames must take the descriptor type, the page tables
 *     (ctrlreg[3], and ctrlreg[1] if set) must be the domain's and take
 *     the L4 type: else -EINVAL with nothing kept.
 * VGCF_online brings the vCPU up at once; else VCPUOP_up does.
 *
 * A 32-bit vCPU's context arrives widened (pv/compat/vcpu_context.c) and
 * follows Xen's compat rules: no canonical-address checks; selectors
 * with RPL 0 get RPL 1 (the event and failsafe callbacks' code
 * selectors, in the syscall_callback_eip slot, too); ctrlreg[3] names a
 * PAE L3, which takes the L3 type and goes into slot 0 of the vCPU's own
 * L4 (compat_vcpu_init); ctrlreg[1], user mode without a user table and
 * the segment bases mean nothing to it.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <asm/desc.h>
#include <asm/guest_access.h>
#include <asm/mm.h>
#include <asm/pv.h>
#include <asm/pv-compat.h>
#include <asm/x86-defns.h>

static bool canonical(unsigned long va)
{
    return (unsigned long)((long)(va << 16) >> 16) == va;
}

/*
 * Xen's fixup: a selector with an RPL below the guest kernel's gets it
 * (64-bit: ring 3); a 32-bit guest's RPL 0 becomes its kernel's ring 1.
 */
static uint16_t fix_selector(bool compat, uint16_t sel)
{
    if ( compat )
        return (sel & 3) ? sel : sel | 1;
    return (sel & 3) == 3 ? sel : (sel & ~3) | 3;
}

/* An L4 of d named by a CR3 value, with a type reference; 0 or -EINVAL. */
static int take_l4(struct domain *d, unsigned long cr3, unsigned long *mfn)
{
    *mfn = xen_cr3_to_pfn(cr3);
    if ( !mfn_valid(*mfn) ||
         get_page_and_type(mfn_to_page(*mfn), d, PGT_l4_page_table) )
        return -EINVAL;
    return 0;
}

/*
 * A 32-bit vCPU's PAE L3 named by ctrlreg[3] (a plain frame number here):
 * an L3 type reference, then its own L4 around it.  0, -EINVAL or -ENOMEM.
 */
static int take_compat_l3(struct vcpu *v, unsigned long cr3)
{
    unsigned long mfn = cr3 >> PAGE_SHIFT;
    int rc;

    if ( !mfn_valid(mfn) ||
         get_page_and_type(mfn_to_page(mfn), v->domain, PGT_l3_page_table) )
        return -EINVAL;
    rc = compat_vcpu_init(v, mfn);
    if ( rc )
        put_page_and_type(mfn_to_page(mfn));
    return rc;
}

/*
 * A 64-bit vCPU's kernel L4 (ctrlreg[3]) and user L4 (ctrlreg[1], if
 * any), each with an L4 type reference; all or none.
 */
static int take_l4_tables(struct vcpu *v, const struct vcpu_guest_context *c)
{
    unsigned long kernel_l4, user_l4 = 0;
    int rc = take_l4(v->domain, c->ctrlreg[3], &kernel_l4);

    if ( rc )
        return rc;
    if ( c->ctrlreg[1] )
    {
        rc = take_l4(v->domain, c->ctrlreg[1], &user_l4);
        if ( rc )
        {
            put_page_and_type(mfn_to_page(kernel_l4));
            return rc;
        }
    }
    v->arch.guest_table = kernel_l4;
    v->arch.guest_table_user = user_l4;
    return 0;
}

static int check_context(struct vcpu_guest_context *c, bool compat)
{
    unsigned int i;

    if ( !compat &&
         (!canonical(c->user_regs.rip) || !canonical(c->user_regs.rsp) ||
          !canonical(c->kernel_sp) ||
          (c->ldt_ents && !canonical(c->ldt_base)) ||
          !canonical(c->fs_base) || !canonical(c->gs_base_kernel) ||
          !canonical(c->gs_base_user) || !canonical(c->event_callback_eip) ||
          !canonical(c->syscall_callback_eip) ||
          !canonical(c->failsafe_callback_eip)) )
        return -EINVAL;
    c->user_regs.ss = fix_selector(compat, c->user_regs.ss);
    c->kernel_ss = fix_selector(compat, c->kernel_ss);
    c->user_regs.cs = fix_selector(compat, c->user_regs.cs);
    if ( compat )
    {
        c->event_callback_cs = fix_selector(true, c->event_callback_cs);
        c->failsafe_callback_cs = fix_selector(true, c->failsafe_callback_cs);
    }
    for ( i = 0; i < ARRAY_SIZE(c->trap_ctxt); i++ )
    {
        if ( !compat && !canonical(c->trap_ctxt[i].address) )
            return -EINVAL;
        c->trap_ctxt[i].cs = fix_selector(compat, c->trap_ctxt[i].cs);
    }
    /* A 32-bit LDT base is below 4 GiB; Xen does not check it further. */
    if ( (!compat && !guest_range_ok(c->ldt_base, 1)) ||
         (c->ldt_base & (PAGE_SIZE - 1)) || c->ldt_ents > 8192 )
        return -EINVAL;
    if ( (c->gdt_ents + 511) / 512 > FIRST_RESERVED_GDT_PAGE )
        return -EINVAL;
    if ( !compat && !(c->flags & VGCF_in_kernel) && !c->ctrlreg[1] )
        return -EINVAL;
    return 0;
}

int pv_vcpu_initialise(struct vcpu *v, struct vcpu_guest_context *c)
{
    struct domain *d = v->domain;
    struct pv_vcpu *pv = &v->arch.pv;
    unsigned int i;
    bool compat = is_pv_32bit_domain(d);
    int rc;

    ASSERT(!v->is_initialised);
    rc = check_context(c, compat);
    if ( rc )
        return rc;

    /* The parts that cannot fail. */
    pv->vgc_flags = c->flags;
    if ( c->flags & VGCF_I387_VALID )
        pv_vcpu_set_fpu(v, &c->fpu_ctxt);
    v->arch.user_regs = c->user_regs;
    memcpy(pv->trap_ctxt, c->trap_ctxt, sizeof(pv->trap_ctxt));
    pv->iopl = v->arch.user_regs.rflags & X86_EFLAGS_IOPL;
    v->arch.user_regs.rflags &= ~X86_EFLAGS_IOPL;
    v->arch.user_regs.rflags |= X86_EFLAGS_IF;
    pv->ldt_ents = c->ldt_ents;
    pv->ldt_base = c->ldt_ents ? c->ldt_base : 0;
    pv->kernel_ss = c->kernel_ss;
    pv->kernel_sp = c->kernel_sp;
    pv->ctrlreg0_ts = c->ctrlreg[0] & X86_CR0_TS;
    pv->event_callback_eip = c->event_callback_eip;
    pv->failsafe_callback_eip = c->failsafe_callback_eip;
    if ( compat )
    {
        pv->event_callback_cs = c->event_callback_cs;
        pv->failsafe_callback_cs = c->failsafe_callback_cs;
    }
    else
    {
        pv->syscall_callback_eip = c->syscall_callback_eip;
        pv->fs_base = c->fs_base;
        pv->gs_base_kernel = c->gs_base_kernel;
        pv->gs_base_user = c->gs_base_user;
    }
    pv_debugreg_init(v);
    for ( i = 0; i < 4; i++ )
        pv_set_debugreg(v, i, c->debugreg[i]);
    pv_set_debugreg(v, 6, c->debugreg[6]);
    pv_set_debugreg(v, 7, c->debugreg[7]);

    /* References: GDT frames, then the page tables; all or none. */
    rc = pv_set_gdt(v, c->gdt_frames, c->gdt_ents);
    if ( rc )
        return rc;
    rc = compat ? take_compat_l3(v, c->ctrlreg[3]) : take_l4_tables(v, c);
    if ( rc )
    {
        printk(XENLOG_G_INFO "d%uv%u: initialise: page table %#lx/%#lx "
               "refused\n", d->domain_id, v->vcpu_id, c->ctrlreg[3],
               c->ctrlreg[1]);
        pv_set_gdt(v, NULL, 0);
        return rc;
    }
    v->is_initialised = true;
    if ( c->flags & VGCF_online )
        vcpu_up(v);
    return 0;
}

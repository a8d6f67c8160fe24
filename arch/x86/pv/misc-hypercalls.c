/*
 * Small per-vCPU state hypercalls of 64-bit PV guests, with Xen's
 * semantics and error codes:
 *
 *   stack_switch(ss, sp)        the kernel stack for entries from guest
 *                               user mode (pv/traps.c); ss gets at least
 *                               the kernel's RPL (3; 1 for 32-bit guests)
 *   set_segment_base(which, b)  SEGBASE_FS, SEGBASE_GS_USER (the inactive
 *                               GS base while the kernel runs),
 *                               SEGBASE_GS_KERNEL: canonical bases only
 *                               (-EINVAL); SEGBASE_GS_USER_SEL: load the
 *                               user %gs selector (a selector the CPU
 *                               refuses loads null), and its base becomes
 *                               the user GS base; others -EINVAL
 *   fpu_taskswitch(set)         the guest's CR0.TS (pv/emul-priv.c)
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/guest_access.h>
#include <asm/msr.h>
#include <asm/pv.h>
#include <asm/pv-compat.h>

static bool is_canonical(unsigned long va)
{
    return va < GUEST_LOW_END || va >= 0xffff800000000000UL;
}

long do_stack_switch(struct hc_args *a)
{
    struct vcpu *v = current;
    unsigned long ss = hc_ulong(a, 0);
    unsigned int kernel_rpl = is_pv_32bit_vcpu(v) ? 1 : 3;

    if ( (ss & 0xfffc) && (ss & 3) < kernel_rpl )
        ss = (ss & ~3UL) | kernel_rpl;
    v->arch.pv.kernel_ss = ss & 0xffff;
    v->arch.pv.kernel_sp = hc_ulong(a, 1);
    return 0;
}

/* Load %gs with sel; a selector the CPU refuses (#GP) loads null instead. */
static void load_gs_safe(unsigned int sel)
{
    __asm__ __volatile__ (
        "1: mov %k0, %%gs\n"
        "2:\n"
        ".pushsection .text.fixup, \"ax\"\n"
        "3: xor %k0, %k0\n"
        "   jmp 1b\n"
        ".popsection\n"
        ".pushsection .ex_table, \"a\"\n"
        ".balign 8\n"
        ".quad 1b, 3b\n"
        ".popsection\n"
        : "+r" (sel) :: "memory");
}

long do_set_segment_base(struct hc_args *a)
{
    struct vcpu *v = current;
    unsigned long base = hc_ulong(a, 1);

    switch ( hc_uint(a, 0) )
    {
    case SEGBASE_FS:
        if ( !is_canonical(base) )
            return -EINVAL;
        wrmsr(MSR_FS_BASE, base);
        v->arch.pv.fs_base = base;
        return 0;
    case SEGBASE_GS_USER:
        if ( !is_canonical(base) )
            return -EINVAL;
        wrmsr(MSR_SHADOW_GS_BASE, base);
        v->arch.pv.gs_base_user = base;
        return 0;
    case SEGBASE_GS_KERNEL:
        if ( !is_canonical(base) )
            return -EINVAL;
        wrmsr(MSR_GS_BASE, base);
        v->arch.pv.gs_base_kernel = base;
        return 0;
    case SEGBASE_GS_USER_SEL:
    {
        unsigned int sel = (uint16_t)base;

        if ( sel > 3 )
            sel |= 3;           /* the guest's rings are all 3 */
        /* The kernel's GS base is live: make the user's the active one. */
        __asm__ __volatile__ ("swapgs" ::: "memory");
        load_gs_safe(sel);
        v->arch.pv.gs_base_user = rdmsr(MSR_GS_BASE);
        __asm__ __volatile__ ("swapgs" ::: "memory");
        return 0;
    }
    default:
        return -EINVAL;
    }
}

long do_fpu_taskswitch(struct hc_args *a)
{
    pv_set_guest_ts(current, hc_int(a, 0) != 0);
    return 0;
}

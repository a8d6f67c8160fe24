/*
 * Context switch of PV vCPUs, 64-bit and 32-bit in any mix
 * (context_save, context_load and context_continue in xen/sched.h),
 * called by schedule() with the scheduler lock held and interrupts off.
 *
 * What a running vCPU has in the CPU, and where it is kept otherwise:
 *   general registers, RIP, RSP, RFLAGS, CS, SS   the guest frame in
 *                             cpu_info (asm/current.h) <-> arch.user_regs
 *   DS, ES, FS, GS selectors  segment registers  <-> user_regs.ds/es/fs/gs
 *   FS base, GS bases         MSRs (the active GS base is the mode's)
 *                                                <-> pv.fs_base, gs_base_*
 *                             (64-bit only: a 32-bit vCPU's come from its
 *                             descriptors when its selectors are loaded)
 *   flat selectors            this CPU's reserved GDT entries 3..6
 *                                                 <- the vCPU's kind
 *   FPU/SSE/AVX, XCR0         XSAVE state        <-> arch.fpu, arch.xcr0
 *   page tables               CR3                 <- arch.guest_table(_user)
 *   GDT frames                this CPU's GDT area <- pv.gdt_frames
 *   LDT (shadow pages, LDTR)  this CPU's LDT area <- pv.ldt_shadow (pv/ldt.c)
 *   debug registers           DR0-3, DR7          <- pv.dr, pv.dr7
 *   CR0.TS                    CR0                 <- pv.ctrlreg0_ts
 *   TSC_AUX                   MSR                 <- pv.tsc_aux (pv/msr.c)
 * Everything marked <- is kept up to date in the vCPU while it runs, so
 * only the <-> parts are read back at a save.  TSS.RSP0 never changes:
 * every CPU's guest frame is at the same place in its cpu_info.
 *
 * Invariant: after context_save(prev) nothing of prev is loaded on this
 * CPU (hypervisor page table in CR3, TLB flushed with global entries, no
 * guest GDT or LDT frame mapped, no LDT loaded, no guest breakpoint
 * armed), so prev may be loaded on another CPU at once, and
 * its GDT frames or page tables may change there safely.  Eager FPU
 * switching: no lazy state to chase across CPUs.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <asm/cpuid.h>
#include <asm/desc.h>
#include <asm/flushtlb.h>
#include <asm/fpu.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/pv.h>
#include <asm/pv-compat.h>
#include <asm/x86-defns.h>
#include <asm/processor.h>

/* Bytes of a vCPU's FPU area, page-granular allocation order. */
static unsigned int fpu_size, fpu_order;
/* MXCSR bits this CPU accepts (FXSAVE's MXCSR_MASK; 0 there: 0xffbf). */
static uint32_t mxcsr_mask;

static bool cpu_uses_xsave(void)
{
    return read_cr4() & X86_CR4_OSXSAVE;
}

/* ---- FPU -------------------------------------------------------------- */

#define FXSAVE_SIZE     512
#define FXSAVE_MXCSR    24      /* byte offset of MXCSR */
#define FXSAVE_MXCSR_MASK 28
#define XSTATE_BV       512     /* byte offset of the XSAVE header's XSTATE_BV */
#define XSTATE_FP_SSE   3       /* its x87 and SSE bits */
#define FCW_DEFAULT     0x037f  /* FNINIT's control word */
#define MXCSR_DEFAULT   0x1f80  /* all exceptions masked */

int arch_vcpu_create(struct vcpu *v)
{
    uint8_t *area;

    if ( !fpu_size )
    {
        /* Static: FXSAVE needs 16-byte alignment, boot stacks may lack it. */
        static uint8_t probe[FXSAVE_SIZE] __aligned(16);

        write_cr0(read_cr0() & ~X86_CR0_TS);
        __asm__ __volatile__ ("fxsave64 %0" : "=m" (probe));
        mxcsr_mask = *(uint32_t *)(probe + FXSAVE_MXCSR_MASK) ?: 0xffbf;
        /*
         * The area for all that guests may enable: EBX is the size for
         * the current XCR0, which is still xstate_guest_mask (fpu.c) when
         * the first vCPU is made.
         */
        fpu_size = cpu_uses_xsave() ? cpuid_count(0xd, 0).b : FXSAVE_SIZE;
        if ( fpu_size < FXSAVE_SIZE + 64 && cpu_uses_xsave() )
            fpu_size = FXSAVE_SIZE + 64;
        while ( (PAGE_SIZE << fpu_order) < fpu_size )
            fpu_order++;
    }
    area = alloc_xenheap_pages(fpu_order);
    if ( !area )
        return -ENOMEM;
    memset(area, 0, PAGE_SIZE << fpu_order);
    /* The state after FNINIT, MXCSR's reset value; XSTATE_BV 0: all init. */
    *(uint16_t *)area = FCW_DEFAULT;
    *(uint32_t *)(area + FXSAVE_MXCSR) = MXCSR_DEFAULT;
    v->arch.fpu = area;
    /* As Xen: x87 and SSE until the guest's XSETBV asks for more. */
    v->arch.xcr0 = cpu_uses_xsave() ? XSTATE_X87 | XSTATE_SSE : 0;
    return 0;
}

void pv_vcpu_set_fpu(struct vcpu *v, const void *fxsave)
{
    uint8_t *area = v->arch.fpu;

    memcpy(area, fxsave, FXSAVE_SIZE);
    /* A reserved MXCSR bit would make the restore fault in the hypervisor. */
    *(uint32_t *)(area + FXSAVE_MXCSR) &= mxcsr_mask;
    if ( cpu_uses_xsave() )
        *(uint64_t *)(area + XSTATE_BV) |= XSTATE_FP_SSE;
}

/*
 * The running vCPU's own XSETBV (pv/emul-priv.c, value already checked).
 * Components it turns on start in their initial state: the registers may
 * still hold another vCPU's values, left there when that one ran with
 * them on and this one's XRSTOR skipped them.  MXCSR, which XRSTOR loads
 * with the SSE and AVX components, keeps its value.
 */
void pv_set_xcr0(struct vcpu *v, uint64_t xcr0)
{
    uint8_t init[FXSAVE_SIZE + 64] __aligned(64) = { 0 };  /* XSTATE_BV 0 */
    uint64_t fresh = xcr0 & ~v->arch.xcr0;
    unsigned long cr0 = read_cr0();

    /* The guest's virtual TS may be set: it must not fault us. */
    write_cr0(cr0 & ~X86_CR0_TS);
    __asm__ __volatile__ ("stmxcsr %0" : "=m" (*(uint32_t *)(init + FXSAVE_MXCSR)));
    xsetbv0(xcr0);
    v->arch.xcr0 = xcr0;
    if ( fresh )
        __asm__ __volatile__ ("xrstor64 %0" :: "m" (init), "a" ((uint32_t)fresh),
                              "d" ((uint32_t)(fresh >> 32)) : "memory");
    write_cr0(cr0);
}

/* @pre CR0.TS clear. */
static void fpu_save(struct vcpu *v)
{
    if ( cpu_uses_xsave() )
    {
        v->arch.xcr0 = xgetbv0();
        __asm__ __volatile__ ("xsave64 %0" : "+m" (*(uint8_t (*)[FXSAVE_SIZE])v->arch.fpu)
                              : "a" (~0u), "d" (~0u) : "memory");
        /*
         * XSAVE leaves the XSTATE_BV bits of components outside XCR0 as
         * they were: after the guest turned one off, a stale bit would
         * make fpu_load's XRSTOR fault.
         */
        *(uint64_t *)((uint8_t *)v->arch.fpu + XSTATE_BV) &= v->arch.xcr0;
    }
    else
        __asm__ __volatile__ ("fxsave64 %0" : "=m" (*(uint8_t (*)[FXSAVE_SIZE])v->arch.fpu)
                              :: "memory");
}

/* @pre CR0.TS clear. */
static void fpu_load(const struct vcpu *v)
{
    if ( cpu_uses_xsave() )
    {
        if ( v->arch.xcr0 && xgetbv0() != v->arch.xcr0 )
            xsetbv0(v->arch.xcr0);
        __asm__ __volatile__ ("xrstor64 %0" :: "m" (*(const uint8_t (*)[FXSAVE_SIZE])v->arch.fpu),
                              "a" (~0u), "d" (~0u) : "memory");
    }
    else
        __asm__ __volatile__ ("fxrstor64 %0" :: "m" (*(const uint8_t (*)[FXSAVE_SIZE])v->arch.fpu)
                              : "memory");
}

/* ---- segments --------------------------------------------------------- */

#define read_sel(seg) ({                                                \
    uint16_t sel_;                                                      \
    __asm__ __volatile__ ("mov %%" seg ", %0" : "=r" (sel_));           \
    sel_;                                                               \
})

/*
 * Load sel into a data segment register; if the CPU refuses it (#GP,
 * #NP: through the fixup table), load the null selector instead and
 * return false.
 */
#define load_sel(seg, sel) ({                                           \
    bool ok_ = true;                                                    \
    __asm__ __volatile__ (                                              \
        "1: mov %k[s], %%" seg "\n\t"                                   \
        "2:\n\t"                                                        \
        ".pushsection .text.fixup, \"ax\"\n\t"                               \
        "3: xor %k[s], %k[s]\n\t"                                       \
        "mov %k[s], %%" seg "\n\t"                                      \
        "movb $0, %[ok]\n\t"                                            \
        "jmp 2b\n\t"                                                    \
        ".popsection\n\t"                                               \
        ".pushsection .ex_table, \"a\"\n\t"                             \
        ".balign 8\n\t"                                                 \
        ".quad 1b, 3b\n\t"                                              \
        ".popsection"                                                   \
        : [ok] "+m" (ok_) : [s] "r" ((unsigned int)(sel)) : "memory");  \
    ok_;                                                                \
})

static void segments_save(struct vcpu *v)
{
    struct cpu_user_regs *r = &v->arch.user_regs;

    r->ds = read_sel("ds");
    r->es = read_sel("es");
    r->fs = read_sel("fs");
    r->gs = read_sel("gs");
    if ( is_pv_32bit_vcpu(v) )
        return;
    v->arch.pv.fs_base = rdmsr(MSR_FS_BASE);
    if ( guest_kernel_mode(v) )
    {
        v->arch.pv.gs_base_kernel = rdmsr(MSR_GS_BASE);
        v->arch.pv.gs_base_user = rdmsr(MSR_SHADOW_GS_BASE);
    }
    else
    {
        v->arch.pv.gs_base_user = rdmsr(MSR_GS_BASE);
        v->arch.pv.gs_base_kernel = rdmsr(MSR_SHADOW_GS_BASE);
    }
}

/*
 * The saved bases (loading FS or GS replaces the live one).  A 32-bit
 * vCPU has no bases of its own: compatibility mode takes them from the
 * descriptors its selectors just loaded, which may have changed since
 * the save (update_descriptor of a TLS entry); the MSRs would put the
 * old ones back.
 */
static void bases_load(const struct vcpu *v)
{
    if ( is_pv_32bit_vcpu(v) )
        return;
    wrmsr(MSR_FS_BASE, v->arch.pv.fs_base);
    if ( guest_kernel_mode(v) )
    {
        wrmsr(MSR_GS_BASE, v->arch.pv.gs_base_kernel);
        wrmsr(MSR_SHADOW_GS_BASE, v->arch.pv.gs_base_user);
    }
    else
    {
        wrmsr(MSR_GS_BASE, v->arch.pv.gs_base_user);
        wrmsr(MSR_SHADOW_GS_BASE, v->arch.pv.gs_base_kernel);
    }
}

/* Selectors first (a load may change a base), then the bases. */
static void segments_load(struct vcpu *v)
{
    const struct cpu_user_regs *r = &v->arch.user_regs;
    bool ok = true;

    ok &= load_sel("ds", r->ds);
    ok &= load_sel("es", r->es);
    ok &= load_sel("fs", r->fs);
    ok &= load_sel("gs", r->gs);
    if ( !ok )
    {
        v->arch.failsafe_pending = true;
        v->arch.failsafe_sel[0] = r->ds;
        v->arch.failsafe_sel[1] = r->es;
        v->arch.failsafe_sel[2] = r->fs;
        v->arch.failsafe_sel[3] = r->gs;
    }
    bases_load(v);
}

/*
 * A selector of v's LDT may have failed in segments_load only because its
 * LDT page was not mapped yet: with interrupts off it cannot be (pv/ldt.c,
 * a new type may need a TLB shootdown).  Xen loads segments after the
 * switch with interrupts on; so does this, once the scheduler's lock is
 * gone, before the failsafe callback is considered.  True if all four
 * selectors load now.
 */
static bool retry_ldt_selectors(struct vcpu *v)
{
    const uint16_t *sel = v->arch.failsafe_sel;
    bool ok = true;

    if ( !v->arch.pv.ldt_ents || !((sel[0] | sel[1] | sel[2] | sel[3]) & 4) )
        return false;
    local_irq_enable();
    ok &= load_sel("ds", sel[0]);
    ok &= load_sel("es", sel[1]);
    ok &= load_sel("fs", sel[2]);
    ok &= load_sel("gs", sel[3]);
    local_irq_disable();
    bases_load(v);
    return ok;
}

static unsigned int gdt_pages(const struct vcpu *v)
{
    return (v->arch.pv.gdt_ents + 511) / 512;
}

/* ---- the switch ------------------------------------------------------- */

void context_save(struct vcpu *prev)
{
    unsigned int cpu = smp_processor_id();

    if ( is_idle_vcpu(prev) )
        return;
    prev->arch.user_regs = *guest_cpu_user_regs();
    segments_save(prev);
    write_cr0(read_cr0() & ~X86_CR0_TS);
    fpu_save(prev);
    pv_debugreg_unload(prev);
    if ( gdt_pages(prev) )
        percpu_gdt_set_guest(cpu, prev->arch.pv.gdt_frames, 0);
    pv_ldt_unload();
    write_cr3(__pa(idle_pg_table));
    /* Global guest entries too: see asm/flushtlb.h. */
    flush_tlb_local();
}

void context_load(struct vcpu *next)
{
    unsigned int cpu = smp_processor_id();
    unsigned long table;

    if ( is_idle_vcpu(next) )
        return;
    *guest_cpu_user_regs() = next->arch.user_regs;
    table = guest_kernel_mode(next) ? next->arch.guest_table
                                    : next->arch.guest_table_user;
    write_cr3((table ? table : next->arch.guest_table) << PAGE_SHIFT);
    if ( gdt_pages(next) )
        percpu_gdt_set_guest(cpu, next->arch.pv.gdt_frames, gdt_pages(next));
    /* The flat selectors of next's kind (32-bit: ring 1's), before its segments. */
    percpu_gdt_set_compat(is_pv_32bit_vcpu(next));
    pv_ldt_load(next);
    segments_load(next);
    pv_msr_load(next);
    pv_debugreg_load(next);
    write_cr0(read_cr0() & ~X86_CR0_TS);
    fpu_load(next);
    if ( next->arch.pv.ctrlreg0_ts )
        write_cr0(read_cr0() | X86_CR0_TS);
}

void context_continue(struct vcpu *next)
{
    struct cpu_user_regs *regs = guest_cpu_user_regs();

    if ( is_idle_vcpu(next) )
    {
        /*
         * The idle loop starts on an empty stack just below cpu_info (which
         * is 16-byte aligned): entered as if called from there.
         */
        local_irq_enable();
        __asm__ __volatile__ ("mov %0, %%rsp; xor %%ebp, %%ebp; jmp idle_loop"
                              :: "r" ((unsigned long)get_cpu_info() - 8)
                              : "memory");
        __builtin_unreachable();
    }
    if ( next->arch.failsafe_pending && retry_ldt_selectors(next) )
        next->arch.failsafe_pending = false;
    if ( next->arch.failsafe_pending )
    {
        next->arch.failsafe_pending = false;
        printk(XENLOG_G_INFO "d%uv%u: bad data selector (ds %#x es %#x fs "
               "%#x gs %#x): failsafe callback\n", next->domain->domain_id,
               next->vcpu_id, next->arch.failsafe_sel[0],
               next->arch.failsafe_sel[1], next->arch.failsafe_sel[2],
               next->arch.failsafe_sel[3]);
        if ( !pv_bounce_failsafe(next, regs, next->arch.failsafe_sel) )
        {
            printk(XENLOG_ERR "d%uv%u: no usable failsafe callback\n",
                   next->domain->domain_id, next->vcpu_id);
            domain_crash(next->domain);
        }
    }
    pv_enter_guest(regs);
}

/*
 * RDMSR/WRMSR from a PV guest kernel (emulated, pv/emul-priv.c): an
 * explicit allow list.  As Xen 4.17 does (without msr_relaxed), any other
 * MSR raises #GP in the guest; each such MSR is logged once with the
 * guest's RIP.
 *
 *   FS_BASE, GS_BASE, SHADOW_GS_BASE   the guest's own bases (live in the
 *                                      MSRs while it runs); writes must be
 *                                      canonical; 64-bit guests only (a
 *                                      32-bit one has no long mode: #GP)
 *   TSC (0x10)                         read: the TSC
 *   PLATFORM_ID (0x17), UCODE_REV (0x8b)  read: 0
 *   MISC_ENABLE (0x1a0)                read: the host's, with MONITOR off
 *                                      and BTS/PEBS unavailable
 *   PAT (0x277), EFER                  read: the host's (EFER of a 32-bit
 *                                      guest without LME/LMA, and without
 *                                      SCE but on AMD: Xen's view); a write
 *                                      of the same value is accepted and
 *                                      ignored
 *   TSC_AUX (0xc0000103)               the vCPU's own (RDTSCP/RDPID read
 *                                      it), if its CPUID offers either;
 *                                      writes of 32 bits only
 *   HWCR (0xc0010015)                  AMD/Hygon hosts: read 0
 *   DE_CFG (0xc0011029)                AMD/Hygon hosts: read "LFENCE
 *                                      serialising" (bit 1)
 *   machine-check MSRs                 virtual ones (pv/vmce.c)
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/cpuid.h>
#include <asm/guest_access.h>
#include <asm/msr.h>
#include <asm/pv.h>
#include <asm/pv-compat.h>

#define MSR_IA32_TSC            0x00000010
#define MSR_IA32_PLATFORM_ID    0x00000017
#define MSR_IA32_UCODE_REV      0x0000008b
#define MSR_IA32_MISC_ENABLE    0x000001a0
#define  MISC_ENABLE_BTS_UNAVAIL    (1UL << 11)
#define  MISC_ENABLE_PEBS_UNAVAIL   (1UL << 12)
#define  MISC_ENABLE_MONITOR        (1UL << 18)
#define MSR_IA32_CR_PAT         0x00000277
#define MSR_TSC_AUX             0xc0000103
#define MSR_K8_HWCR             0xc0010015
#define MSR_AMD64_DE_CFG        0xc0011029
#define  DE_CFG_LFENCE_SERIALISE    (1UL << 1)

/* EFER as v reads it. */
static uint64_t guest_efer(const struct vcpu *v)
{
    uint64_t efer = rdmsr(MSR_EFER);

    if ( is_pv_32bit_vcpu(v) )
        efer &= ~(EFER_LME | EFER_LMA | (host_is_amd() ? 0 : EFER_SCE));
    return efer;
}

/* Does the guest's CPUID offer RDTSCP or RDPID (so TSC_AUX exists)? */
static bool guest_has_tsc_aux(void)
{
    struct cpuid_leaf ext, l7;

    pv_cpuid(0x80000001, 0, &ext);
    pv_cpuid(7, 0, &l7);
    return (ext.d & (1u << 27)) || (l7.c & (1u << 22));
}

/* The MSRs a vCPU keeps in the CPU while it runs (context switch). */
void pv_msr_load(const struct vcpu *v)
{
    static int8_t has_tsc_aux = -1;         /* a host property: asked once */

    if ( has_tsc_aux < 0 )
        has_tsc_aux = guest_has_tsc_aux();
    if ( has_tsc_aux )
        wrmsr(MSR_TSC_AUX, v->arch.pv.tsc_aux);
}

static bool is_canonical(uint64_t va)
{
    return va < GUEST_LOW_END || va >= 0xffff800000000000UL;
}

/*
 * A refused MSR: false (the guest's #GP), logged once per MSR (a small
 * table; those past it every time).  CPUs may race here: at worst an MSR
 * is logged twice; the slot index is taken atomically, so never past
 * the table.
 */
static bool refused(const struct vcpu *v, uint32_t msr, bool write,
                    unsigned long rip)
{
    static uint32_t logged[32];
    static unsigned int nr_logged;
    unsigned int i, n = min(ACCESS_ONCE(nr_logged), ARRAY_SIZE(logged));

    for ( i = 0; i < n; i++ )
        if ( logged[i] == msr )
            return false;
    i = __atomic_fetch_add(&nr_logged, 1, __ATOMIC_RELAXED);
    if ( i < ARRAY_SIZE(logged) )
        logged[i] = msr;
    printk(XENLOG_G_WARNING "d%uv%u: %s of MSR %#x at %#lx: #GP (reported once)\n",
           v->domain->domain_id, v->vcpu_id, write ? "wrmsr" : "rdmsr", msr, rip);
    return false;
}

bool pv_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val, unsigned long rip)
{
    enum vmce_result r = pv_vmce_rdmsr(v, msr, val);

    if ( r != VMCE_NOT_MINE )
        return r == VMCE_DONE || refused(v, msr, false, rip);
    switch ( msr )
    {
    case MSR_FS_BASE:
    case MSR_GS_BASE:
    case MSR_SHADOW_GS_BASE:
        if ( is_pv_32bit_vcpu(v) )
            break;
        *val = rdmsr(msr);
        return true;
    case MSR_EFER:
        *val = guest_efer(v);
        return true;
    case MSR_IA32_CR_PAT:
        *val = rdmsr(msr);
        return true;
    case MSR_IA32_TSC:
        *val = rdtsc();
        return true;
    case MSR_IA32_PLATFORM_ID:
    case MSR_IA32_UCODE_REV:
        *val = 0;
        return true;
    case MSR_IA32_MISC_ENABLE:
        *val = (rdmsr(msr) & ~MISC_ENABLE_MONITOR) |
               MISC_ENABLE_BTS_UNAVAIL | MISC_ENABLE_PEBS_UNAVAIL;
        return true;
    case MSR_TSC_AUX:
        if ( !guest_has_tsc_aux() )
            break;
        *val = v->arch.pv.tsc_aux;
        return true;
    case MSR_K8_HWCR:
    case MSR_AMD64_DE_CFG:
        if ( !host_is_amd() )
            break;
        *val = msr == MSR_AMD64_DE_CFG ? DE_CFG_LFENCE_SERIALISE : 0;
        return true;
    }
    return refused(v, msr, false, rip);
}

bool pv_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val, unsigned long rip)
{
    enum vmce_result r = pv_vmce_wrmsr(v, msr, val);

    if ( r != VMCE_NOT_MINE )
        return r == VMCE_DONE || refused(v, msr, true, rip);
    switch ( msr )
    {
    case MSR_FS_BASE:
    case MSR_GS_BASE:
    case MSR_SHADOW_GS_BASE:
        if ( is_pv_32bit_vcpu(v) || !is_canonical(val) )
            break;
        wrmsr(msr, val);
        if ( msr == MSR_FS_BASE )
            v->arch.pv.fs_base = val;
        else if ( (msr == MSR_GS_BASE) == guest_kernel_mode(v) )
            v->arch.pv.gs_base_kernel = val;
        else
            v->arch.pv.gs_base_user = val;
        return true;
    case MSR_EFER:
        if ( val == guest_efer(v) )
            return true;
        break;
    case MSR_IA32_CR_PAT:
        if ( val == rdmsr(msr) )
            return true;
        break;
    case MSR_TSC_AUX:
        if ( !guest_has_tsc_aux() || val != (uint32_t)val )
            break;
        v->arch.pv.tsc_aux = val;
        wrmsr(msr, val);
        return true;
    }
    return refused(v, msr, true, rip);
}

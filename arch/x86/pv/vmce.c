/*
 * Virtual machine-check MSRs for PV guests, as Xen 4.17's vMCE presents
 * them: CPUID offers MCE and MCA (pv/cpuid.c), and these MSRs answer so
 * that a guest's machine-check set-up succeeds.  Nothing is ever injected
 * (we handle no machine checks), so the banks only hold what the guest
 * wrote, and only zeros may be written to them.
 *
 *   MCG_CAP (0x179)        2 banks; on Intel hosts also SER_P, TES_P and
 *                          CMCI_P; writes ignored (read only)
 *   MCG_STATUS (0x17a)     the vCPU's own
 *   MCG_CTL (0x17b)        reads 0 (no MCG_CTL_P), writes ignored
 *   MCi_CTL2 (0x280 + i)   Intel hosts, banks 0 and 1: the vCPU's own
 *   MCi_CTL (0x400 + 4i)   banks 0 and 1: all ones, writes ignored
 *   MCi_STATUS/ADDR/MISC   banks 0 and 1: the vCPU's own; non-zero
 *                          writes #GP
 *   MCG_EXT_CTL (0x4d0)    #GP (no LMCE)
 * The rest of Xen's machine-check ranges (0x280..0x29f, 0x400..0x47f)
 * reads 0 and ignores writes, as in Xen.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/cpuid.h>
#include <asm/pv.h>

#define MSR_IA32_MCG_CAP        0x00000179
#define MSR_IA32_MCG_STATUS     0x0000017a
#define MSR_IA32_MCG_CTL        0x0000017b
#define MSR_IA32_MC0_CTL2       0x00000280
#define MSR_IA32_MC31_CTL2      0x0000029f
#define MSR_IA32_MC0_CTL        0x00000400
#define MSR_IA32_MC31_MISC      0x0000047f
#define MSR_IA32_MCG_EXT_CTL    0x000004d0

#define GUEST_MC_BANKS          2
#define MCG_CMCI_P              (1UL << 10)
#define MCG_TES_P               (1UL << 11)
#define MCG_SER_P               (1UL << 24)

#define MCI_CTL                 0       /* register of a bank: msr % 4 */

static bool host_is_intel(void)
{
    return cpuid(0).b == 0x756e6547;    /* "Genu" */
}

/*
 * The register a bank MSR (0x280..0x29f, 0x400..0x47f) names, or NULL:
 * MCi_CTL, a bank past the guest's two, CTL2 on a non-Intel host.
 */
static uint64_t *bank_reg(struct vcpu *v, uint32_t msr)
{
    unsigned int bank;

    if ( msr <= MSR_IA32_MC31_CTL2 )
    {
        bank = msr - MSR_IA32_MC0_CTL2;
        return bank < GUEST_MC_BANKS && host_is_intel()
               ? &v->arch.pv.vmce.bank[bank].ctl2 : NULL;
    }
    bank = (msr - MSR_IA32_MC0_CTL) / 4;
    if ( bank >= GUEST_MC_BANKS )
        return NULL;
    switch ( (msr - MSR_IA32_MC0_CTL) % 4 )
    {
    case 1:
        return &v->arch.pv.vmce.bank[bank].status;
    case 2:
        return &v->arch.pv.vmce.bank[bank].addr;
    case 3:
        return &v->arch.pv.vmce.bank[bank].misc;
    }
    return NULL;
}

static bool is_bank_msr(uint32_t msr)
{
    return (msr >= MSR_IA32_MC0_CTL2 && msr <= MSR_IA32_MC31_CTL2) ||
           (msr >= MSR_IA32_MC0_CTL && msr <= MSR_IA32_MC31_MISC);
}

static bool is_guest_mci_ctl(uint32_t msr)
{
    return msr >= MSR_IA32_MC0_CTL &&
           msr < MSR_IA32_MC0_CTL + 4 * GUEST_MC_BANKS &&
           (msr - MSR_IA32_MC0_CTL) % 4 == MCI_CTL;
}

enum vmce_result pv_vmce_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    const uint64_t *reg;

    switch ( msr )
    {
    case MSR_IA32_MCG_CAP:
        *val = GUEST_MC_BANKS |
               (host_is_intel() ? MCG_SER_P | MCG_TES_P | MCG_CMCI_P : 0);
        return VMCE_DONE;
    case MSR_IA32_MCG_STATUS:
        *val = v->arch.pv.vmce.mcg_status;
        return VMCE_DONE;
    case MSR_IA32_MCG_CTL:
        *val = 0;
        return VMCE_DONE;
    case MSR_IA32_MCG_EXT_CTL:
        return VMCE_FAULT;
    }
    if ( !is_bank_msr(msr) )
        return VMCE_NOT_MINE;
    if ( is_guest_mci_ctl(msr) )
        *val = ~0UL;
    else
        *val = (reg = bank_reg(v, msr)) ? *reg : 0;
    return VMCE_DONE;
}

enum vmce_result pv_vmce_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val)
{
    uint64_t *reg;

    switch ( msr )
    {
    case MSR_IA32_MCG_CAP:
    case MSR_IA32_MCG_CTL:
        return VMCE_DONE;
    case MSR_IA32_MCG_STATUS:
        v->arch.pv.vmce.mcg_status = val;
        return VMCE_DONE;
    case MSR_IA32_MCG_EXT_CTL:
        return VMCE_FAULT;
    }
    if ( !is_bank_msr(msr) )
        return VMCE_NOT_MINE;
    reg = bank_reg(v, msr);
    if ( !reg )
        return VMCE_DONE;
    if ( msr >= MSR_IA32_MC0_CTL && val )
        return VMCE_FAULT;      /* STATUS, ADDR, MISC take only zero */
    *reg = val;
    return VMCE_DONE;
}

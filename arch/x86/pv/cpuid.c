/*
 * CPUID as a PV guest sees it (emulated through Xen's forced-emulation
 * prefix, pv/emul-priv.c; a plain CPUID does not trap and shows the real
 * CPU).  The host's leaves, with only the features below offered, the
 * "running on a hypervisor" bit set, and Xen's leaves at
 * 0x40000000:
 *   0x40000000  eax = 0x40000005 (last Xen leaf), ebx:ecx:edx = "XenVMMXenVMM"
 *   0x40000001  eax = version (major << 16 | minor)
 *   0x40000002  eax = 1 hypercall page, ebx = 0x40000000 (its MSR, HVM only)
 *   0x40000003..5  zero (no time or HVM features offered)
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/version.h>
#include <asm/cpuid.h>
#include <asm/fpu.h>
#include <asm/pv.h>
#include <asm/pv-compat.h>

#define XEN_CPUID_BASE          0x40000000u
#define XEN_CPUID_LAST          (XEN_CPUID_BASE + 5)

/*
 * Feature bits a PV guest may see: those Xen 4.17's default PV policy
 * offers (public/arch-x86/cpufeatureset.h, the ones marked 'A'), less
 * what this hypervisor does not virtualise yet: XSAVES (supervisor
 * state), AMX and the other XSAVE components fpu.c does not offer,
 * FSGSBASE (needs guest CR4 state), and the speculation-control bits that
 * name MSRs pv/msr.c does not offer.  Everything else is hidden: e.g.
 * VME, PSE, MTRR, PGE (no global pages: a PV kernel's mappings must not
 * outlive a switch of its page tables), MONITOR, VMX/SVM, PCID, x2APIC,
 * TSC deadline, SMEP/SMAP, 1 GiB pages, host power and debug features.
 */
#define BIT(n)          (1u << (n))
#define FXSAVE_AREA_SIZE    512
#define XSAVE_HEADER_SIZE   64
/* Leaf 1 EDX: FPU DE TSC MSR PAE MCE CX8 APIC SEP MCA CMOV PAT CLFLUSH
 * ACPI MMX FXSR SSE SSE2 SS HTT (MCE and MCA: the virtual machine-check
 * MSRs of pv/vmce.c). */
#define LEAF1_EDX_OK    (BIT(0) | BIT(2) | BIT(4) | BIT(5) | BIT(6) | BIT(7) | \
                         BIT(8) | BIT(9) | BIT(11) | BIT(14) | BIT(15) | BIT(16) | \
                         BIT(19) | BIT(22) | BIT(23) | BIT(24) | BIT(25) | \
                         BIT(26) | BIT(27) | BIT(28))
#define LEAF1_EDX_SEP   BIT(11)
/* Leaf 1 ECX: SSE3 PCLMULQDQ SSSE3 CX16 SSE4.1 SSE4.2 MOVBE POPCNT AESNI
 * RDRAND (hypervisor, bit 31, is set). */
#define LEAF1_ECX_OK    (BIT(0) | BIT(1) | BIT(9) | BIT(13) | BIT(19) | BIT(20) | \
                         BIT(22) | BIT(23) | BIT(25) | BIT(30))
#define LEAF1_ECX_HYPERVISOR    BIT(31)
/*
 * The XSAVE family, offered where fpu.c enables XSAVE for guests (leaf 1
 * ECX: XSAVE, OSXSAVE: CR4.OSXSAVE is on), and what needs the AVX state
 * where XCR0 may hold it (leaf 1 ECX: FMA AVX F16C; leaf 7.0 EBX: AVX2;
 * leaf 0x80000001 ECX: XOP FMA4) or AVX-512's (leaf 7.0 EBX: F DQ IFMA CD
 * BW VL; ECX: VBMI VBMI2 VNNI BITALG VPOPCNTDQ).  Leaf 0xd.1 EAX:
 * XSAVEOPT XSAVEC XGETBV1.
 */
#define LEAF1_ECX_XSAVE     (BIT(26) | BIT(27))
#define LEAF1_ECX_AVX       (BIT(12) | BIT(28) | BIT(29))
#define LEAF7_EBX_AVX       BIT(5)
#define EXT1_ECX_AVX        (BIT(11) | BIT(16))
#define LEAF7_EBX_AVX512    (BIT(16) | BIT(17) | BIT(21) | BIT(28) | BIT(30) | \
                             BIT(31))
#define LEAF7_ECX_AVX512    (BIT(1) | BIT(6) | BIT(11) | BIT(12) | BIT(14))
#define XSAVE_SUB1_EAX_OK   (BIT(0) | BIT(1) | BIT(2))

/* Leaf 7.0 EBX: BMI1 FDP_EXCP_ONLY BMI2 ERMS NO_FPU_SEL RDSEED ADX
 * CLFLUSHOPT CLWB SHA. */
#define LEAF7_EBX_OK    (BIT(3) | BIT(6) | BIT(8) | BIT(9) | BIT(13) | BIT(18) | \
                         BIT(19) | BIT(23) | BIT(24) | BIT(29))
/* Leaf 7.0 ECX: GFNI VAES VPCLMULQDQ RDPID CLDEMOTE (SSE forms usable). */
#define LEAF7_ECX_OK    (BIT(8) | BIT(9) | BIT(10) | BIT(22) | BIT(25))
/* Leaf 7.0 EDX: FSRM MD_CLEAR SERIALIZE. */
#define LEAF7_EDX_OK    (BIT(4) | BIT(10) | BIT(14))
/* Leaf 0x80000001 EDX: SYSCALL NX MMXEXT FFXSR RDTSCP LM 3DNOWEXT 3DNOW,
 * and on AMD the copies of leaf 1's bits 0..17, 23, 24. */
#define EXT1_EDX_OK     (BIT(11) | BIT(20) | BIT(22) | BIT(25) | BIT(27) | \
                         BIT(29) | BIT(30) | BIT(31) | \
                         (LEAF1_EDX_OK & (0x3ffffu | BIT(23) | BIT(24))))
/* Leaf 0x80000001 ECX: LAHF_LM CMP_LEGACY ABM SSE4A MISALIGNSSE
 * 3DNOWPREFETCH TBM DBEXT (XOP and FMA4 need XSAVE state). */
#define EXT1_ECX_OK     (BIT(0) | BIT(1) | BIT(5) | BIT(6) | BIT(7) | BIT(8) | \
                         BIT(21) | BIT(26))

/* 'bits' if guests may enable the XCR0 components 'need' (0: XSAVE itself). */
static uint32_t xstate_ok(uint64_t need, uint32_t bits)
{
    return xstate_guest_mask && (xstate_guest_mask & need) == need ? bits : 0;
}

/*
 * Leaf 0xd as the host answers it while the guest's XCR0 is loaded (EBX:
 * the size for it), within the components fpu.c offers: subleaf 0's
 * mask and maximum size are those of the offer, subleaf 1 has no XSAVES
 * (no supervisor components), and each component not offered is absent.
 */
static void xstate_leaf(uint32_t subleaf, struct cpuid_leaf *res)
{
    uint64_t mask = xstate_guest_mask;
    unsigned int i;

    if ( !mask )
        memset(res, 0, sizeof(*res));
    else if ( subleaf == 0 )
    {
        res->a = (uint32_t)mask;
        res->d = mask >> 32;
        res->c = FXSAVE_AREA_SIZE + XSAVE_HEADER_SIZE;
        for ( i = 2; i < 64; i++ )
            if ( mask & (1UL << i) )
            {
                struct cpuid_leaf comp = cpuid_count(0xd, i);

                res->c = max(res->c, comp.a + comp.b);
            }
    }
    else if ( subleaf == 1 )
    {
        res->a &= XSAVE_SUB1_EAX_OK;
        res->c = res->d = 0;
    }
    else if ( subleaf >= 64 || !(mask & (1UL << subleaf)) )
        memset(res, 0, sizeof(*res));
}

void pv_cpuid(uint32_t leaf, uint32_t subleaf, struct cpuid_leaf *res)
{
    if ( (leaf & 0xffff0000u) == XEN_CPUID_BASE )
    {
        memset(res, 0, sizeof(*res));
        switch ( leaf )
        {
        case XEN_CPUID_BASE:
            res->a = XEN_CPUID_LAST;
            res->b = 0x566e6558;    /* "XenV" */
            res->c = 0x65584d4d;    /* "MMXe" */
            res->d = 0x4d4d566e;    /* "nVMM" */
            break;
        case XEN_CPUID_BASE + 1:
            res->a = (XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR;
            break;
        case XEN_CPUID_BASE + 2:
            res->a = 1;
            res->b = XEN_CPUID_BASE;
            break;
        }
        return;
    }

    *res = cpuid_count(leaf, subleaf);
    switch ( leaf )
    {
    case 1:
        res->c = (res->c & (LEAF1_ECX_OK | xstate_ok(0, LEAF1_ECX_XSAVE) |
                            xstate_ok(XSTATE_YMM, LEAF1_ECX_AVX))) |
                 LEAF1_ECX_HYPERVISOR;
        res->d &= LEAF1_EDX_OK;
        /* AMD's CPUs refuse SYSENTER in long mode (pv/syscall.c), Xen says. */
        if ( host_is_amd() )
            res->d &= ~LEAF1_EDX_SEP;
        break;
    case 7:
        if ( subleaf == 0 )
        {
            res->b &= LEAF7_EBX_OK | xstate_ok(XSTATE_YMM, LEAF7_EBX_AVX) |
                      xstate_ok(XSTATE_AVX512, LEAF7_EBX_AVX512);
            res->c &= LEAF7_ECX_OK | xstate_ok(XSTATE_AVX512, LEAF7_ECX_AVX512);
            res->d &= LEAF7_EDX_OK;
        }
        else
            res->b = res->c = res->d = 0;
        break;
    case 0xd:
        xstate_leaf(subleaf, res);
        break;
    case 0x80000001:
        res->c &= EXT1_ECX_OK | xstate_ok(XSTATE_YMM, EXT1_ECX_AVX);
        res->d &= EXT1_EDX_OK;
        /*
         * A 32-bit guest has no long mode, and (as in Xen 4.17's PV32
         * policy) no SYSCALL but on AMD and Hygon hosts.
         */
        if ( current && is_pv_32bit_vcpu(current) )
            res->d &= ~(BIT(29) | (host_is_amd() ? 0 : BIT(11)));
        break;
    }
}

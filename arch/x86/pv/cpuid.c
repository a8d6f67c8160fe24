/*
 * CPUID as a PV guest sees it (emulated through Xen's forced-emulation
 * prefix, pv/emul-priv.c; a plain CPUID does not trap and shows the real
 * CPU).  The host's leaves, with what a ring-3 PV kernel cannot use
 * hidden, the "running on a hypervisor" bit set, and Xen's leaves at
 * 0x40000000:
 *   0x40000000  eax = 0x40000005 (last Xen leaf), ebx:ecx:edx = "XenVMMXenVMM"
 *   0x40000001  eax = version (major << 16 | minor)
 *   0x40000002  eax = 1 hypercall page, ebx = 0x40000000 (its MSR, HVM only)
 *   0x40000003..5  zero (no time or HVM features offered)
 */
#include <xen/lib.h>
#include <xen/version.h>
#include <asm/cpuid.h>
#include <asm/pv.h>

#define XEN_CPUID_BASE          0x40000000u
#define XEN_CPUID_LAST          (XEN_CPUID_BASE + 5)

/* Leaf 1 ECX: hidden from PV guests (VMX/SMX, MONITOR, PCID, x2APIC,
 * TSC deadline: the hypervisor's; XSAVE/OSXSAVE: guests get no XSAVE
 * state yet; DS-CPL, EST, TM2, PDCM: host power and debug features). */
#define LEAF1_ECX_HIDE  ((1u << 3) | (1u << 4) | (1u << 5) | (1u << 6) | \
                         (1u << 7) | (1u << 8) | (1u << 15) | (1u << 17) | \
                         (1u << 21) | (1u << 24) | (1u << 26) | (1u << 27))
#define LEAF1_ECX_HYPERVISOR    (1u << 31)
/* Leaf 1 EDX: ACPI thermal, TM, PBE (host power management). */
#define LEAF1_EDX_HIDE  ((1u << 22) | (1u << 29) | (1u << 31))
/* Leaf 7.0 EBX: FSGSBASE, SMEP, INVPCID, SMAP (supervisor-only features). */
#define LEAF7_EBX_HIDE  ((1u << 0) | (1u << 7) | (1u << 10) | (1u << 20))

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
        res->c = (res->c & ~LEAF1_ECX_HIDE) | LEAF1_ECX_HYPERVISOR;
        res->d &= ~LEAF1_EDX_HIDE;
        break;
    case 7:
        if ( subleaf == 0 )
            res->b &= ~LEAF7_EBX_HIDE;
        break;
    case 0xd:                       /* XSAVE state: none offered */
        memset(res, 0, sizeof(*res));
        break;
    }
}

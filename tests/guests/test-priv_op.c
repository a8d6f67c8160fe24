/*
 * Privileged instructions of a PV kernel, which runs in ring 3 (ring 1
 * for 32-bit) and has them emulated: CPUID through Xen's
 * forced-emulation prefix (Xen's leaves at 0x40000000), RDMSR/WRMSR
 * (known MSRs only, others #GP), reads of CR0/CR2/CR3 (CR3 in
 * xen_pfn_to_cr3's format), the virtual CR0.TS (fpu_taskswitch, clts,
 * and #NM delivery clearing it), WBINVD, port reads of ports the domain
 * does not own, set_segment_base's checks (64-bit; a 32-bit guest has no
 * FS_BASE MSR and no long mode in EFER or CPUID), TSC_AUX, what Linux
 * needs of CPUID and CR4 (no PGE; SSE enabled), and cli/sti under the
 * virtual IOPL.
 */
#include "guest.h"

#define MSR_EFER        0xc0000080
#define MSR_FS_BASE     0xc0000100

static void set_iopl(unsigned int level)
{
    struct physdev_set_iopl iopl = { .iopl = level };

    CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl), 0);
}

struct regs4 {
    uint32_t a, b, c, d;
};

static struct regs4 xen_cpuid_count(uint32_t leaf, uint32_t subleaf)
{
    struct regs4 r;

    asm volatile ( "ud2; .ascii \"xen\"; cpuid"
                   : "=a" (r.a), "=b" (r.b), "=c" (r.c), "=d" (r.d)
                   : "0" (leaf), "2" (subleaf) );
    return r;
}

static struct regs4 xen_cpuid(uint32_t leaf)
{
    return xen_cpuid_count(leaf, 0);
}

/* rdmsr: the vector it raised, or -1 with *val set. */
static int try_rdmsr(uint32_t msr, uint64_t *val)
{
    unsigned int before = last_trap.count;
    uint32_t lo = 0, hi = 0;

    asm volatile ( "1: rdmsr\n2:\n\t" EXTABLE_ENTRY(1b, 2b)
                   : "+a" (lo), "+d" (hi) : "c" (msr) : "memory" );
    *val = ((uint64_t)hi << 32) | lo;
    return last_trap.count != before ? (int)last_trap.vector : -1;
}

static int try_wrmsr(uint32_t msr, uint64_t val)
{
    unsigned int before = last_trap.count;

    asm volatile ( "1: wrmsr\n2:\n\t" EXTABLE_ENTRY(1b, 2b)
                   :: "c" (msr), "a" ((uint32_t)val), "d" ((uint32_t)(val >> 32))
                   : "memory" );
    return last_trap.count != before ? (int)last_trap.vector : -1;
}

/* fninit: the vector it raised (7 with CR0.TS set), or -1. */
static int try_fpu(void)
{
    unsigned int before = last_trap.count;

    asm volatile ( "1: fninit\n2:\n\t" EXTABLE_ENTRY(1b, 2b) ::: "memory" );
    return last_trap.count != before ? (int)last_trap.vector : -1;
}

/* cli (or sti): the vector it raised, or -1. */
static int try_cli(bool sti)
{
    unsigned int before = last_trap.count;

    if ( sti )
        asm volatile ( "1: sti\n2:\n\t" EXTABLE_ENTRY(1b, 2b) ::: "memory" );
    else
        asm volatile ( "1: cli\n2:\n\t" EXTABLE_ENTRY(1b, 2b) ::: "memory" );
    return last_trap.count != before ? (int)last_trap.vector : -1;
}

/* An SSE instruction: the vector it raised (#UD without CR4.OSFXSR), or -1. */
static int try_sse(void)
{
    unsigned int before = last_trap.count;

    asm volatile ( "1: xorps %%xmm0, %%xmm0\n2:\n\t" EXTABLE_ENTRY(1b, 2b)
                   ::: "memory" );
    return last_trap.count != before ? (int)last_trap.vector : -1;
}

#define READ_CR(n) ({                                                   \
    unsigned long v_;                                                   \
    asm volatile ( "mov %%cr" #n ", %0" : "=r" (v_) );                  \
    v_;                                                                 \
})

GUEST_TEST(priv_op)
{
    struct regs4 r;
    uint64_t val;
    uint8_t port_val;
    unsigned int before;

    /* CPUID: Xen's signature and version leaves, the hypervisor bit. */
    r = xen_cpuid(0x40000000);
    CHECK(r.a >= 0x40000002 && r.a < 0x40000100);
    CHECK_EQ(r.b, 0x566e6558);                  /* "XenVMMXenVMM" */
    CHECK_EQ(r.c, 0x65584d4d);
    CHECK_EQ(r.d, 0x4d4d566e);
    r = xen_cpuid(0x40000001);
    CHECK_EQ(r.a, HYPERVISOR_xen_version(XENVER_version, NULL));
    r = xen_cpuid(0x40000002);
    CHECK_EQ(r.a, 1);                           /* hypercall pages */
    r = xen_cpuid(1);
    CHECK(r.c & (1u << 31));                    /* running on a hypervisor */

    /* Control registers as the guest sees them. */
    CHECK_EQ(READ_CR(0) & 0x80000001UL, 0x80000001UL);     /* PG, PE */
    CHECK_EQ(READ_CR(3), (unsigned long)xen_pfn_to_cr3(top_table_mfn()));
    CHECK_EQ(probe_read((void *)0x5678), 14);
    CHECK_EQ(READ_CR(2), 0x5678);

    /* MSRs: the segment bases are known, a made-up MSR is a #GP. */
#if BITS_PER_LONG == 64
    CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_FS, 0x12345000), 0);
    CHECK_EQ(try_rdmsr(MSR_FS_BASE, &val), -1);
    CHECK_EQ(val, 0x12345000);
    CHECK_EQ(try_wrmsr(MSR_FS_BASE, 0x23456000), -1);
    CHECK_EQ(try_rdmsr(MSR_FS_BASE, &val), -1);
    CHECK_EQ(val, 0x23456000);
    CHECK_EQ(try_wrmsr(MSR_FS_BASE, 0), -1);
#else
    /* No long mode: no FS_BASE, and EFER without LME/LMA. */
    CHECK_EQ(try_rdmsr(MSR_FS_BASE, &val), 13);
    CHECK_EQ(try_wrmsr(MSR_FS_BASE, 0), 13);
    CHECK_EQ(try_rdmsr(MSR_EFER, &val), -1);
    CHECK_EQ(val & ((1u << 8) | (1u << 10)), 0);
    CHECK_EQ(try_wrmsr(MSR_EFER, val), -1);             /* the same: ignored */
    CHECK_EQ(try_wrmsr(MSR_EFER, val | (1u << 8)), 13);
    CHECK_EQ(xen_cpuid(0x80000001).d & (1u << 29), 0);  /* LM */
#endif
    CHECK_EQ(try_rdmsr(0x12345678, &val), 13);
    CHECK_EQ(try_wrmsr(0x12345678, 0), 13);

    /* TSC_AUX, where RDTSCP or RDPID is offered: the vCPU's own 32 bits. */
    if ( (xen_cpuid(0x80000001).d & (1u << 27)) )
    {
        uint32_t aux;

        CHECK_EQ(try_wrmsr(0xc0000103, 0x1234), -1);
        CHECK_EQ(try_rdmsr(0xc0000103, &val), -1);
        CHECK_EQ(val, 0x1234);
        asm volatile ( "rdtscp" : "=c" (aux) :: "eax", "edx" );
        CHECK_EQ(aux, 0x1234);
        CHECK_EQ(try_wrmsr(0xc0000103, 1ULL << 32), 13);
    }

    /* Linux's view of CPUID and CR4: no global pages, SSE usable. */
    CHECK_EQ(xen_cpuid(1).d & (1u << 13), 0);               /* PGE */
    CHECK_EQ(READ_CR(4) & 0x600UL, 0x600UL);                /* OSFXSR, OSXMMEXCPT */
    CHECK_EQ(try_sse(), -1);

    /* cli/sti: #GP without I/O privilege, no-ops with IOPL 1 (Xen 4.17). */
    CHECK_EQ(try_cli(false), 13);
    CHECK_EQ(try_cli(true), 13);
    set_iopl(1);
    CHECK_EQ(try_cli(false), -1);
    CHECK_EQ(try_cli(true), -1);
    set_iopl(0);

#if BITS_PER_LONG == 64
    /* set_segment_base's checks. */
    CHECK_ERR(HYPERVISOR_set_segment_base(SEGBASE_FS, 1UL << 63), EINVAL);
    CHECK_ERR(HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL,
                                          0x0000800000000000UL), EINVAL);
    CHECK_ERR(HYPERVISOR_set_segment_base(4, 0), EINVAL);
    CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, 0), 0);
#endif

    /* CR0.TS: set by fpu_taskswitch, cleared by clts or by an #NM. */
    CHECK_EQ(try_fpu(), -1);
    CHECK_EQ(HYPERVISOR_fpu_taskswitch(1), 0);
    CHECK_EQ(READ_CR(0) & 8, 8);
    CHECK_EQ(try_fpu(), 7);
    CHECK_EQ(READ_CR(0) & 8, 0);
    CHECK_EQ(try_fpu(), -1);
    CHECK_EQ(HYPERVISOR_fpu_taskswitch(1), 0);
    asm volatile ( "clts" ::: "memory" );
    CHECK_EQ(READ_CR(0) & 8, 0);
    CHECK_EQ(try_fpu(), -1);
    CHECK_EQ(HYPERVISOR_fpu_taskswitch(0), 0);

    /* WBINVD is allowed to dom0. */
    before = last_trap.count;
    asm volatile ( "1: wbinvd\n2:\n\t" EXTABLE_ENTRY(1b, 2b) ::: "memory" );
    CHECK_EQ(last_trap.count, before);

    /* HLT from the kernel: #GP, as Xen 4.17 (PV kernels block by hypercall). */
    before = last_trap.count;
    asm volatile ( "1: hlt\n2:\n\t" EXTABLE_ENTRY(1b, 2b) ::: "memory" );
    CHECK_EQ(last_trap.count, before + 1);
    CHECK_EQ(last_trap.vector, 13);

    /* A port the hypervisor keeps (the PIC's mask register): all ones. */
    set_iopl(1);
    asm volatile ( "inb $0x21, %0" : "=a" (port_val) );
    CHECK_EQ(port_val, 0xff);
    set_iopl(0);
}

/*
 * The virtual machine-check MSRs (Xen's vMCE): CPUID offers MCE and MCA,
 * MCG_CAP has two banks and no MCG_CTL, each bank's CTL reads all ones
 * and STATUS/ADDR/MISC take only zero, MCG_STATUS is the vCPU's own,
 * banks past the second read 0, MCG_EXT_CTL (no LMCE) is a #GP.
 */
GUEST_TEST(vmce)
{
    uint64_t val, cap;
    uint32_t bank, reg, msr;

    CHECK_EQ(xen_cpuid(1).d & ((1u << 7) | (1u << 14)), (1u << 7) | (1u << 14));
    CHECK_EQ(try_rdmsr(0x179, &cap), -1);
    CHECK_EQ(cap & 0x1ff, 2);
    CHECK_EQ(try_wrmsr(0x179, 0), -1);          /* read only: ignored */
    CHECK_EQ(try_rdmsr(0x179, &val), -1);
    CHECK_EQ(val, cap);
    CHECK_EQ(try_rdmsr(0x17b, &val), -1);       /* MCG_CTL */
    CHECK_EQ(val, 0);

    CHECK_EQ(try_wrmsr(0x17a, 5), -1);          /* MCG_STATUS */
    CHECK_EQ(try_rdmsr(0x17a, &val), -1);
    CHECK_EQ(val, 5);
    CHECK_EQ(try_wrmsr(0x17a, 0), -1);

    for ( bank = 0; bank < 2; bank++ )
    {
        msr = 0x400 + 4 * bank;
        CHECK_EQ(try_wrmsr(msr, 0), -1);
        CHECK_EQ(try_rdmsr(msr, &val), -1);
        CHECK_EQ(val, ~0ULL);
        for ( reg = 1; reg < 4; reg++ )
        {
            CHECK_EQ(try_rdmsr(msr + reg, &val), -1);
            CHECK_EQ(val, 0);
            CHECK_EQ(try_wrmsr(msr + reg, 0), -1);
            CHECK_EQ(try_wrmsr(msr + reg, 1), 13);
        }
    }
    CHECK_EQ(try_rdmsr(0x408, &val), -1);       /* MC2_CTL: no bank 2 */
    CHECK_EQ(val, 0);
    CHECK_EQ(try_wrmsr(0x409, 1), -1);
    CHECK_EQ(try_rdmsr(0x4d0, &val), 13);
    CHECK_EQ(try_wrmsr(0x4d0, 0), 13);
}

#define CR4_OSXSAVE     (1UL << 18)
#define WRITE_CR4(v)    asm volatile ( "mov %0, %%cr4" :: "r" ((unsigned long)(v)) )

/* xsetbv of XCR 'xcr': the vector it raised, or -1. */
static int try_xsetbv(uint32_t xcr, uint64_t val)
{
    unsigned int before = last_trap.count;

    asm volatile ( "1: xsetbv\n2:\n\t" EXTABLE_ENTRY(1b, 2b)
                   :: "c" (xcr), "a" ((uint32_t)val), "d" ((uint32_t)(val >> 32))
                   : "memory" );
    return last_trap.count != before ? (int)last_trap.vector : -1;
}

static uint64_t xgetbv0(void)
{
    uint32_t lo, hi;

    asm volatile ( "xgetbv" : "=a" (lo), "=d" (hi) : "c" (0) );
    return ((uint64_t)hi << 32) | lo;
}

/*
 * XSAVE where the CPU has it: CPUID offers XSAVE and OSXSAVE, XCR0 starts
 * as x87|SSE, XSETBV (emulated) takes only valid values for XCR 0, leaf
 * 0xd's size follows XCR0, and the AVX state enabled by XSETBV starts
 * clear and survives the vCPU being switched out and back in.
 */
GUEST_TEST(xsave)
{
    static const uint8_t pattern[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
                                         12, 13, 14, 15, 16, 17, 18, 19, 20,
                                         21, 22, 23, 24, 25, 26, 27, 28, 29,
                                         30, 31, 32 };
    uint8_t out[32];
    struct regs4 l1 = xen_cpuid(1), d0, d2;
    unsigned int i;

    if ( !(l1.c & (1u << 26)) )
    {
        test_info("no XSAVE offered: nothing to test");
        return;
    }
    CHECK(l1.c & (1u << 27));                               /* OSXSAVE */
    CHECK_EQ(xgetbv0(), 3);
    d0 = xen_cpuid_count(0xd, 0);
    CHECK_EQ(d0.a & 3, 3);
    CHECK_EQ(d0.b, 576);                                    /* legacy + header */

    /* XSETBV needs the guest's own CR4.OSXSAVE. */
    CHECK_EQ(try_xsetbv(0, 3), 6);
    CHECK_EQ(READ_CR(4) & CR4_OSXSAVE, 0);
    WRITE_CR4(READ_CR(4) | CR4_OSXSAVE);
    CHECK(READ_CR(4) & CR4_OSXSAVE);

    CHECK_EQ(try_xsetbv(1, 3), 13);                         /* no XCR 1 */
    CHECK_EQ(try_xsetbv(0, 0), 13);
    CHECK_EQ(try_xsetbv(0, 2), 13);                         /* x87 is mandatory */
    CHECK_EQ(try_xsetbv(0, 1ULL << 63), 13);
    CHECK_EQ(try_xsetbv(0, 3), -1);
    CHECK_EQ(xgetbv0(), 3);

    if ( !(l1.c & (1u << 28)) )
    {
        test_info("no AVX offered: XCR0 stays x87|SSE");
        WRITE_CR4(READ_CR(4) & ~CR4_OSXSAVE);
        return;
    }
    CHECK_EQ(try_xsetbv(0, 5), 13);                         /* AVX needs SSE */
    CHECK_EQ(try_xsetbv(0, 7), -1);
    CHECK_EQ(xgetbv0(), 7);
    d2 = xen_cpuid_count(0xd, 2);
    CHECK_EQ(xen_cpuid_count(0xd, 0).b, d2.a + d2.b);

    /* Freshly enabled: clear. */
    asm volatile ( "vmovdqu %%ymm1, %0" : "=m" (out) );
    for ( i = 0; i < sizeof(out); i++ )
        CHECK_EQ(out[i], 0);

    /* Kept across a switch to the idle vCPU and back. */
    asm volatile ( "vmovdqu %0, %%ymm1" :: "m" (pattern) );
    block_ns(20000000);
    asm volatile ( "vmovdqu %%ymm1, %0" : "=m" (out) );
    CHECK(!memcmp(out, pattern, sizeof(out)));

    /* AVX used, then turned off: switching out and back in still works. */
    CHECK_EQ(try_xsetbv(0, 3), -1);
    block_ns(20000000);
    CHECK_EQ(xgetbv0(), 3);
    WRITE_CR4(READ_CR(4) & ~CR4_OSXSAVE);
    CHECK_EQ(try_xsetbv(0, 3), 6);
}

#ifndef ASM_CPUID_H
#define ASM_CPUID_H

#include <xen/types.h>

struct cpuid_leaf {
    uint32_t a, b, c, d;
};

static inline struct cpuid_leaf cpuid_count(uint32_t leaf, uint32_t subleaf)
{
    struct cpuid_leaf r;

    __asm__ __volatile__("cpuid"
                         : "=a" (r.a), "=b" (r.b), "=c" (r.c), "=d" (r.d)
                         : "0" (leaf), "2" (subleaf));
    return r;
}

static inline struct cpuid_leaf cpuid(uint32_t leaf)
{
    return cpuid_count(leaf, 0);
}

/* AuthenticAMD or HygonGenuine: EBX of leaf 0 is "Auth" or "Hygo". */
static inline bool host_is_amd(void)
{
    uint32_t b = cpuid(0).b;

    return b == 0x68747541 || b == 0x6f677948;
}

/* Physical address bits the CPU implements (36 where it does not say). */
static inline unsigned int cpu_paddr_bits(void)
{
    return cpuid(0x80000000).a >= 0x80000008 ? cpuid(0x80000008).a & 0xff : 36;
}

/* Feature bits used by the hypervisor. */
#define CPUID1_ECX_X2APIC           (1u << 21)
#define CPUID1_ECX_TSC_DEADLINE     (1u << 24)
#define CPUID1_EDX_TSC              (1u << 4)
#define CPUID1_EDX_APIC             (1u << 9)
#define CPUID80000007_EDX_INVTSC    (1u << 8)

#endif

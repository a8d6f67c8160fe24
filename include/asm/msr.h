#ifndef ASM_MSR_H
#define ASM_MSR_H

#include <xen/types.h>

#define MSR_IA32_APIC_BASE      0x0000001b
#define  APIC_BASE_BSP          (1UL << 8)
#define  APIC_BASE_EXTD         (1UL << 10)     /* x2APIC mode */
#define  APIC_BASE_ENABLE       (1UL << 11)
#define  APIC_BASE_ADDR_MASK    0x000ffffffffff000UL
#define MSR_IA32_TSC_DEADLINE   0x000006e0
#define MSR_IA32_SYSENTER_CS    0x00000174
#define MSR_IA32_SYSENTER_ESP   0x00000175
#define MSR_IA32_SYSENTER_EIP   0x00000176
#define MSR_EFER                0xc0000080
#define  EFER_SCE               (1UL << 0)      /* SYSCALL/SYSRET enabled */
#define  EFER_LME               (1UL << 8)      /* long mode enable */
#define  EFER_LMA               (1UL << 10)     /* long mode active */
#define MSR_STAR                0xc0000081      /* SYSCALL/SYSRET selectors */
#define MSR_LSTAR               0xc0000082      /* 64-bit SYSCALL target */
#define MSR_CSTAR               0xc0000083      /* compatibility-mode SYSCALL target */
#define MSR_SYSCALL_MASK        0xc0000084      /* RFLAGS bits SYSCALL clears */
#define MSR_FS_BASE             0xc0000100
#define MSR_GS_BASE             0xc0000101
#define MSR_SHADOW_GS_BASE      0xc0000102
/* x2APIC registers: MSR 0x800 + (xAPIC MMIO offset >> 4). */
#define MSR_X2APIC_FIRST        0x00000800

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdmsr" : "=a" (lo), "=d" (hi) : "c" (msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t val)
{
    __asm__ __volatile__("wrmsr" :: "c" (msr), "a" ((uint32_t)val),
                         "d" ((uint32_t)(val >> 32)) : "memory");
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdtsc" : "=a" (lo), "=d" (hi));
    return ((uint64_t)hi << 32) | lo;
}

/*
 * RDTSC that is not executed before the preceding instructions: LFENCE is
 * dispatch-serialising on Intel, and on AMD whenever the OS may use it so
 * (which firmware and hypervisors enable).
 */
static inline uint64_t rdtsc_ordered(void)
{
    __asm__ __volatile__("lfence" ::: "memory");
    return rdtsc();
}

#endif

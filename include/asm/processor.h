#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#include <xen/types.h>

/* Control registers and XCR0 of the CPU we run on. */

static inline unsigned long read_cr0(void)
{
    unsigned long v;

    __asm__ __volatile__ ("mov %%cr0, %0" : "=r" (v));
    return v;
}

static inline void write_cr0(unsigned long v)
{
    __asm__ __volatile__ ("mov %0, %%cr0" :: "r" (v) : "memory");
}

static inline unsigned long read_cr2(void)
{
    unsigned long v;

    __asm__ __volatile__ ("mov %%cr2, %0" : "=r" (v));
    return v;
}

static inline unsigned long read_cr3(void)
{
    unsigned long v;

    __asm__ __volatile__ ("mov %%cr3, %0" : "=r" (v));
    return v;
}

static inline void write_cr3(unsigned long v)
{
    __asm__ __volatile__ ("mov %0, %%cr3" :: "r" (v) : "memory");
}

static inline unsigned long read_cr4(void)
{
    unsigned long v;

    __asm__ __volatile__ ("mov %%cr4, %0" : "=r" (v));
    return v;
}

static inline void write_cr4(unsigned long v)
{
    __asm__ __volatile__ ("mov %0, %%cr4" :: "r" (v) : "memory");
}

/* @pre CR4.OSXSAVE. */
static inline uint64_t xgetbv0(void)
{
    uint32_t lo, hi;

    __asm__ __volatile__ ("xgetbv" : "=a" (lo), "=d" (hi) : "c" (0));
    return ((uint64_t)hi << 32) | lo;
}

static inline void xsetbv0(uint64_t v)
{
    __asm__ __volatile__ ("xsetbv" :: "a" ((uint32_t)v),
                          "d" ((uint32_t)(v >> 32)), "c" (0));
}

#endif

/* Included first in every hypervisor translation unit (see Makefile). */
#ifndef XEN_COMPILER_H
#define XEN_COMPILER_H

#include <generated/autoconf.h>

#ifndef __ASSEMBLY__
/*
 * Every symbol is hidden, so GCC addresses it RIP-relative instead of
 * through a GOT: the image is linked far above any code model's reach.
 */
#pragma GCC visibility push(hidden)

#define likely(x)        __builtin_expect(!!(x), 1)
#define unlikely(x)      __builtin_expect(!!(x), 0)
#define __packed         __attribute__((packed))
#define __aligned(a)     __attribute__((aligned(a)))
#define __section(s)     __attribute__((section(s)))
#define __used           __attribute__((used))
#define __noreturn       __attribute__((noreturn))
#define __maybe_unused   __attribute__((unused))
#define __init           __section(".init.text")
#define __initdata       __section(".init.data")
#define __read_mostly    __section(".data.read_mostly")
#define barrier()        __asm__ __volatile__("" ::: "memory")
#define ACCESS_ONCE(x)   (*(volatile __typeof__(x) *)&(x))
#define BUILD_BUG_ON(c)  _Static_assert(!(c), #c)
#define ARRAY_SIZE(a)    (sizeof(a) / sizeof((a)[0]))
#define offsetof(t, m)   __builtin_offsetof(t, m)
#define container_of(p, t, m) ((t *)((char *)(p) - offsetof(t, m)))
#endif

#endif

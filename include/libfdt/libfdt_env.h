#ifndef XH_LIBFDT_ENV_H
#define XH_LIBFDT_ENV_H

/*
 * The environment Debian's libfdt.h expects (it includes <libfdt_env.h>),
 * supplied by the hypervisor instead of libc: fixed-width types, the
 * string functions of common/string.c, and big-endian conversions.  The
 * types are the same as in Debian's own libfdt_env.h (plain uint16/32/64),
 * so the calling convention of the prebuilt library is unchanged.  See
 * docs/boot-domains.md for how that library is linked safely.
 */
#include <xen/types.h>
#include <xen/lib.h>

typedef uint16_t fdt16_t;
typedef uint32_t fdt32_t;
typedef uint64_t fdt64_t;

static inline uint16_t fdt16_to_cpu(fdt16_t x) { return __builtin_bswap16(x); }
static inline fdt16_t cpu_to_fdt16(uint16_t x) { return __builtin_bswap16(x); }
static inline uint32_t fdt32_to_cpu(fdt32_t x) { return __builtin_bswap32(x); }
static inline fdt32_t cpu_to_fdt32(uint32_t x) { return __builtin_bswap32(x); }
static inline uint64_t fdt64_to_cpu(fdt64_t x) { return __builtin_bswap64(x); }
static inline fdt64_t cpu_to_fdt64(uint64_t x) { return __builtin_bswap64(x); }

#endif

/*
 * Fixed-width integer types for the public ABI headers.
 *
 * The public headers are compiled in three places: the hypervisor
 * (freestanding, no libc), our own 64-bit and 32-bit PV test kernels
 * (freestanding) and dom0 tools (hosted).  All of them get uint8_t ..
 * uint64_t and their signed forms from here and nothing else.
 *
 * <stdint.h> is the compiler's own in freestanding builds (gcc and clang
 * ship it), and libc's in hosted builds.  A build with no include path for
 * it at all can define XEN_PUBLIC_NO_STDINT, and the types are then built
 * from the compiler's predefined __INTn_TYPE__ macros: the very types
 * <stdint.h> would give, so mixing both is harmless under C11.
 *
 * Not one of Xen's header names: Xen leaves these types to the includer.
 */
#ifndef XEN_PUBLIC_XEN_TYPES_H
#define XEN_PUBLIC_XEN_TYPES_H

#ifndef __ASSEMBLY__
#if !defined(XEN_PUBLIC_NO_STDINT)
#include <stdint.h>
#elif defined(__UINT64_TYPE__) && defined(__INT64_TYPE__)
typedef __INT8_TYPE__    int8_t;
typedef __INT16_TYPE__   int16_t;
typedef __INT32_TYPE__   int32_t;
typedef __INT64_TYPE__   int64_t;
typedef __UINT8_TYPE__   uint8_t;
typedef __UINT16_TYPE__  uint16_t;
typedef __UINT32_TYPE__  uint32_t;
typedef __UINT64_TYPE__  uint64_t;
#else
#error "XEN_PUBLIC_NO_STDINT needs a compiler that predefines __INTn_TYPE__"
#endif
#endif /* !__ASSEMBLY__ */

#endif /* XEN_PUBLIC_XEN_TYPES_H */

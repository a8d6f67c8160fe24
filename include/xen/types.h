#ifndef XEN_TYPES_H
#define XEN_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>

typedef uint8_t  u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t  s64;
typedef int32_t  s32;
typedef uint64_t paddr_t;
typedef unsigned long mfn_t;     /* machine frame number */

#define PRIpaddr "016lx"

#endif

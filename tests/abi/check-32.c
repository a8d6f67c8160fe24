/*
 * Compile-time check of the 32-bit guest ABI: every size, offset and
 * constant in include/xen/abi-layout-32.h (Xen 4.17's values) must hold
 * for our public headers.  Built by tests/abi/run.sh with gcc -m32, once
 * per reader of the headers (guest, __XEN_TOOLS__); compiling is
 * the test.
 */
#include "headers.h"

#ifndef __i386__
#error "build this with -m32"
#endif

#define ABI_SIZE(type, n) \
    _Static_assert(sizeof(type) == (n), "sizeof(" #type ") != " #n);
#define ABI_OFFSET(type, member, n) \
    _Static_assert(offsetof(type, member) == (n), \
                   "offsetof(" #type ", " #member ") != " #n);
#define ABI_VALUE(name, n) \
    _Static_assert((unsigned long long)(name) == (n), #name " != " #n);

#include <xen/abi-layout-32.h>

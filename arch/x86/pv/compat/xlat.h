#ifndef PV_COMPAT_XLAT_H
#define PV_COMPAT_XLAT_H

/*
 * Inside pv/compat/: how a 32-bit hypercall reaches its 64-bit handler
 * (hypercall.c).
 */
#include <xen/hypercall.h>
#include <xen/types.h>

/* The 64-bit handler of a->op on a's arguments as they are. */
long compat_native(struct hc_args *a);
/*
 * The same, with argument i pointing at the vCPU's translation page,
 * where 'native_arg' (size bytes; NULL: zeroes) is copied and where the
 * handler's output stays.  Only for handlers that do not continue.
 */
long compat_native_with_xlat(struct hc_args *a, unsigned int i,
                             const void *native_arg, size_t size);

/* memory_op (memory.c), grant_table_op (grant_table.c). */
long compat_memory_op(struct hc_args *a);
long compat_grant_table_op(struct hc_args *a);
/* VCPUOP_initialise with the i386 context (vcpu_context.c). */
long compat_vcpu_initialise(struct hc_args *a);
/* physdev_op (physdev.c); platform_op, sysctl, mca (platform.c). */
long compat_physdev_op(struct hc_args *a);
long compat_platform_op(struct hc_args *a);
long compat_sysctl(struct hc_args *a);
long compat_mca(struct hc_args *a);

#endif

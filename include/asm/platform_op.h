#ifndef ASM_PLATFORM_OP_H
#define ASM_PLATFORM_OP_H

/*
 * platform_op and mca after their structure was copied in
 * (arch/x86/platform_hypercall.c, arch/x86/mca.c), for the 64-bit entry
 * and the 32-bit one (pv/compat/platform.c), which translates the
 * structure around them.
 */
#include <xen/types.h>
#include <public/platform.h>
#include <public/arch-x86/xen-mca.h>

/*
 * The checks (interface version -EACCES, hardware domain -EPERM) and the
 * sub-op.  *out: how many bytes of *op go back to the guest (0: none).
 */
long platform_op_run(struct xen_platform_op *op, size_t *out);

/*
 * The interface version check (-EACCES) and the command; the caller
 * checked the hardware domain (-EPERM) before reading *op.  *copy_back:
 * *op goes back to the guest (a failed copy is -EFAULT).
 */
long mca_op(struct xen_mc *op, bool *copy_back);

/* Entry i of a 32-bit guest's physcpuinfo array, in its layout: 0 or -EFAULT. */
int compat_put_mc_logical_cpu(unsigned long info, unsigned int i,
                              const struct mcinfo_logical_cpu *c);

#endif

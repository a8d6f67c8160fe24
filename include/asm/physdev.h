#ifndef ASM_PHYSDEV_H
#define ASM_PHYSDEV_H

/*
 * The parts of physdev_op (arch/x86/physdev.c) the 32-bit entry
 * (pv/compat/physdev.c) runs on structures it translated itself: those
 * whose output goes back only once some checks passed.  *copy_back says
 * whether the structure is to be copied back to the guest (then a failed
 * copy makes the result -EFAULT).
 */
#include <xen/types.h>
#include <public/physdev.h>

long physdev_map_pirq(struct physdev_map_pirq *map, bool *copy_back);
long physdev_apic_op(int cmd, struct physdev_apic *apic, bool *copy_back);

#endif

/*
 * Typed hypercall wrappers, the same for every guest architecture: the
 * arch's hypercallN() macros do the invocation.  Each returns what the
 * hypervisor returned (0 or a positive value, or -XEN_E*).
 */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

/*
 * 32-bit guests pass a 64-bit quantity (a PTE, a machine address, a
 * timeout) as two arguments, low half first.
 */
#define HC_LO(x)    ((uint32_t)(x))
#define HC_HI(x)    ((uint32_t)((uint64_t)(x) >> 32))

static inline long HYPERVISOR_set_trap_table(const struct trap_info *t)
{
    return hypercall1(__HYPERVISOR_set_trap_table, t);
}

static inline long HYPERVISOR_mmu_update(const struct mmu_update *req,
                                         unsigned int count,
                                         unsigned int *done,
                                         unsigned int foreigndom)
{
    return hypercall4(__HYPERVISOR_mmu_update, req, count, done, foreigndom);
}

static inline long HYPERVISOR_mmuext_op(const struct mmuext_op *op,
                                        unsigned int count,
                                        unsigned int *done,
                                        unsigned int foreigndom)
{
    return hypercall4(__HYPERVISOR_mmuext_op, op, count, done, foreigndom);
}

static inline long HYPERVISOR_stack_switch(unsigned long ss,
                                           unsigned long sp)
{
    return hypercall2(__HYPERVISOR_stack_switch, ss, sp);
}

/* 64-bit form: event, failsafe and syscall entry points. */
static inline long HYPERVISOR_set_callbacks(unsigned long event,
                                            unsigned long failsafe,
                                            unsigned long syscall)
{
#if BITS_PER_LONG == 32
    /* Selector and offset of each; 32-bit kernels have no syscall callback. */
    (void)syscall;
    return hypercall4(__HYPERVISOR_set_callbacks, FLAT_KERNEL_CS, event,
                      FLAT_KERNEL_CS, failsafe);
#else
    return hypercall3(__HYPERVISOR_set_callbacks, event, failsafe, syscall);
#endif
}

static inline long HYPERVISOR_memory_op(unsigned int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_memory_op, cmd, arg);
}

static inline long HYPERVISOR_update_va_mapping(unsigned long va,
                                                uint64_t val,
                                                unsigned long flags)
{
#if BITS_PER_LONG == 32
    return hypercall4(__HYPERVISOR_update_va_mapping, va, HC_LO(val),
                      HC_HI(val), flags);
#else
    return hypercall3(__HYPERVISOR_update_va_mapping, va, val, flags);
#endif
}

static inline long HYPERVISOR_update_va_mapping_otherdomain(unsigned long va,
                                                            uint64_t val,
                                                            unsigned long flags,
                                                            domid_t domid)
{
#if BITS_PER_LONG == 32
    return hypercall5(__HYPERVISOR_update_va_mapping_otherdomain, va,
                      HC_LO(val), HC_HI(val), flags, domid);
#else
    return hypercall4(__HYPERVISOR_update_va_mapping_otherdomain, va, val,
                      flags, domid);
#endif
}

static inline long HYPERVISOR_set_gdt(const xen_pfn_t *frames,
                                      unsigned int entries)
{
    return hypercall2(__HYPERVISOR_set_gdt, frames, entries);
}

/* 64-bit form: machine address of the descriptor, its new value. */
static inline long HYPERVISOR_update_descriptor(uint64_t ma, uint64_t desc)
{
#if BITS_PER_LONG == 32
    return hypercall4(__HYPERVISOR_update_descriptor, HC_LO(ma), HC_HI(ma),
                      HC_LO(desc), HC_HI(desc));
#else
    return hypercall2(__HYPERVISOR_update_descriptor, ma, desc);
#endif
}

static inline long HYPERVISOR_set_timer_op(uint64_t timeout)
{
#if BITS_PER_LONG == 32
    return hypercall2(__HYPERVISOR_set_timer_op, HC_LO(timeout),
                      HC_HI(timeout));
#else
    return hypercall1(__HYPERVISOR_set_timer_op, timeout);
#endif
}

static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_xen_version, cmd, arg);
}

static inline long HYPERVISOR_console_io(int cmd, unsigned int count,
                                         const char *buf)
{
    return hypercall3(__HYPERVISOR_console_io, cmd, count, buf);
}

static inline long HYPERVISOR_grant_table_op(unsigned int cmd, void *uop,
                                             unsigned int count)
{
    return hypercall3(__HYPERVISOR_grant_table_op, cmd, uop, count);
}

static inline long HYPERVISOR_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
    return hypercall3(__HYPERVISOR_vcpu_op, cmd, vcpu, arg);
}

static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_sched_op, cmd, arg);
}

static inline long HYPERVISOR_event_channel_op(int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_event_channel_op, cmd, arg);
}

static inline long HYPERVISOR_physdev_op(int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_physdev_op, cmd, arg);
}

static inline long HYPERVISOR_platform_op(struct xen_platform_op *op)
{
    return hypercall1(__HYPERVISOR_platform_op, op);
}

/* struct xen_sysctl: the tests that use it define __XEN_TOOLS__. */
static inline long HYPERVISOR_sysctl(void *op)
{
    return hypercall1(__HYPERVISOR_sysctl, op);
}

static inline long HYPERVISOR_mca(struct xen_mc *op)
{
    return hypercall1(__HYPERVISOR_mca, op);
}

static inline long HYPERVISOR_multicall(multicall_entry_t *calls,
                                        unsigned int nr)
{
    return hypercall2(__HYPERVISOR_multicall, calls, nr);
}

static inline long HYPERVISOR_callback_op(int cmd, const void *arg)
{
    return hypercall2(__HYPERVISOR_callback_op, cmd, arg);
}

static inline long HYPERVISOR_vm_assist(unsigned int cmd, unsigned int type)
{
    return hypercall2(__HYPERVISOR_vm_assist, cmd, type);
}

static inline long HYPERVISOR_set_segment_base(unsigned int which,
                                              unsigned long base)
{
    return hypercall2(__HYPERVISOR_set_segment_base, which, base);
}

static inline long HYPERVISOR_fpu_taskswitch(int set)
{
    return hypercall1(__HYPERVISOR_fpu_taskswitch, set);
}

static inline long HYPERVISOR_set_debugreg(unsigned int reg,
                                           unsigned long value)
{
    return hypercall2(__HYPERVISOR_set_debugreg, reg, value);
}

static inline long HYPERVISOR_get_debugreg(unsigned int reg)
{
    return hypercall1(__HYPERVISOR_get_debugreg, reg);
}

#endif /* GUEST_HYPERCALL_H */

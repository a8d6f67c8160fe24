/*
 * 32-bit PV hypercalls: the hypercall page, the dispatcher of int $0x82
 * and the translation of arguments whose 32-bit layout differs.
 *
 * Calling convention (public/arch-x86/xen-x86_32.h): number in %eax,
 * arguments in %ebx, %ecx, %edx, %esi, %edi, result in %eax.
 *
 * One implementation: every call ends in the 64-bit handler of the same
 * hypercall (the hypercall table of pv/hypercall.c), given either the
 * guest's own arguments, where the 32-bit layout is the 64-bit one
 * (zero-extended registers, structures of fixed-size fields), or a
 * 64-bit copy of the guest's structure written into the vCPU's
 * translation area, which the guest-access checks accept as guest memory
 * (usercopy.c).  Only what differs is done here: the register form of
 * 64-bit arguments (two halves), the structures with longs, pointers or
 * 4-byte-aligned 64-bit fields, and the entries that are the 32-bit
 * ABI's own (trap table, callbacks, iret: pv/compat/traps.c).
 *
 * A hypercall whose 32-bit form is not translated yet returns -ENOSYS
 * (reported once per number): never the 64-bit handler on a 32-bit
 * layout.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/desc.h>
#include <asm/guest_access.h>
#include <asm/pv.h>
#include <asm/pv-compat.h>
#include <compat/abi.h>
#include "xlat.h"
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/version.h>
#include <public/arch-x86/xen-mca.h>

#define NR_COMPAT_HYPERCALLS    64

/* Arguments the guest's registers gave, as the 64-bit handler wants them. */
long compat_native(struct hc_args *a)
{
    hypercall_fn_t *fn = hypercall_handler(a->op);

    return fn ? fn(a) : -ENOSYS;
}

/* The guest's 64-bit quantity in arguments i (low half) and i + 1. */
static uint64_t arg_u64(const struct hc_args *a, unsigned int i)
{
    return (uint32_t)a->arg[i] | ((uint64_t)(uint32_t)a->arg[i + 1] << 32);
}

/*
 * Run the 64-bit handler on a translated argument: arg[i] becomes the
 * address of the vCPU's translation area, where 'native_arg' is copied
 * (NULL: an output only) and where the handler's output stays.
 * A continuation would re-enter with the 64-bit layout, so the handlers
 * used this way must not continue (their sub-ops are bounded).
 */
long compat_native_with_xlat(struct hc_args *a, unsigned int i,
                             const void *native_arg, size_t size)
{
    void *xlat = current->arch.pv.compat_xlat;
    unsigned long guest_arg = a->arg[i];
    long rc;

    BUG_ON(size > COMPAT_XLAT_SIZE);
    if ( native_arg )
        memcpy(xlat, native_arg, size);
    else
        memset(xlat, 0, size);
    a->arg[i] = (unsigned long)xlat;
    rc = compat_native(a);
    BUG_ON(a->preempted);
    a->arg[i] = guest_arg;
    return rc;
}

/* update_va_mapping(va, pte_lo, pte_hi, flags[, domid]), also _otherdomain. */
static long compat_update_va_mapping(struct hc_args *a)
{
    struct hc_args n = {
        .op = a->op,
        .arg = { a->arg[0], arg_u64(a, 1), a->arg[3], a->arg[4] },
    };

    return compat_native(&n);
}

/* set_timer_op(timeout_lo, timeout_hi). */
static long compat_set_timer_op(struct hc_args *a)
{
    struct hc_args n = { .op = a->op, .arg = { arg_u64(a, 0) } };

    return compat_native(&n);
}

/* update_descriptor(ma_lo, ma_hi, desc_lo, desc_hi): two 64-bit halves. */
static long compat_update_descriptor(struct hc_args *a)
{
    struct hc_args n = { .op = a->op, .arg = { arg_u64(a, 0), arg_u64(a, 2) } };

    return compat_native(&n);
}

/* set_gdt(frame_list, entries): the frame list has 4-byte entries. */
static long compat_set_gdt(struct hc_args *a)
{
    unsigned int entries = hc_uint(a, 1), nr, i;
    compat_pfn_t c[FIRST_RESERVED_GDT_PAGE];
    unsigned long n[FIRST_RESERVED_GDT_PAGE];

    /* The handler's limit, checked before the list is read. */
    if ( entries > FIRST_RESERVED_GDT_ENTRY )
        return -EINVAL;
    nr = (entries + 511) / 512;
    if ( copy_from_guest(c, hc_ptr(a, 0), nr * sizeof(c[0])) )
        return -EFAULT;
    for ( i = 0; i < nr; i++ )
        n[i] = c[i];
    return compat_native_with_xlat(a, 0, n, nr * sizeof(n[0]));
}

/*
 * mmu_update: the request (two 64-bit words at offsets 0 and 8, 16 bytes)
 * and the arguments are the same at both widths; the PAE rules are the
 * table code's (pv/compat/pagetable.c).
 */
static long compat_mmu_update(struct hc_args *a)
{
    BUILD_BUG_ON(sizeof(struct mmu_update) != 16 ||
                 offsetof(struct mmu_update, val) != 8);
    return compat_native(a);
}

/*
 * mmuext_op: 12-byte ops, each widened and run by the shared loop.  A new
 * base pointer is a PAE L3 (pv/compat/pagetable.c); a 32-bit guest has no
 * user page table of its own: NEW_USER_BASEPTR is -EINVAL, as in Xen.
 */
static int read_compat_mmuext_op(struct mmuext_op *op, unsigned long uop)
{
    struct compat_mmuext_op c;

    BUILD_BUG_ON(sizeof(c) != 12);
    if ( copy_from_guest(&c, uop, sizeof(c)) )
        return -EFAULT;
    memset(op, 0, sizeof(*op));
    op->cmd = c.cmd;
    op->arg1.mfn = c.arg1;
    op->arg2.src_mfn = c.arg2;
    return c.cmd == MMUEXT_NEW_USER_BASEPTR ? -EINVAL : 0;
}

static long compat_mmuext_op(struct hc_args *a)
{
    return pv_mmuext_batch(a, sizeof(struct compat_mmuext_op),
                           read_compat_mmuext_op);
}

/* xen_version: only platform_parameters has a long in it. */
static long compat_xen_version(struct hc_args *a)
{
    struct compat_platform_parameters pp = {
        .virt_start = HYPERVISOR_COMPAT_VIRT_START,
    };

    if ( hc_int(a, 0) != XENVER_platform_parameters )
        return compat_native(a);
    return copy_to_guest(hc_ptr(a, 1), &pp, sizeof(pp));
}

/* sched_op: only poll's structure differs (handle, 4-byte-aligned timeout). */
static long compat_sched_op(struct hc_args *a)
{
    struct compat_sched_poll cp;
    struct sched_poll np;

    if ( hc_int(a, 0) != SCHEDOP_poll )
        return compat_native(a);
    if ( copy_from_guest(&cp, hc_ptr(a, 1), sizeof(cp)) )
        return -EFAULT;
    memset(&np, 0, sizeof(np));
    np.ports.p = (evtchn_port_t *)(unsigned long)cp.ports;
    np.nr_ports = cp.nr_ports;
    np.timeout = cp.timeout;
    return compat_native_with_xlat(a, 1, &np, sizeof(np));
}

int compat_write_runstate(unsigned long addr, const struct vcpu_runstate_info *r)
{
    struct compat_vcpu_runstate_info cr;
    unsigned int i;

    BUILD_BUG_ON(sizeof(cr) != COMPAT_RUNSTATE_SIZE ||
                 offsetof(struct compat_vcpu_runstate_info, time) != 12);
    cr.state = r->state;
    cr.state_entry_time = r->state_entry_time;
    for ( i = 0; i < ARRAY_SIZE(cr.time); i++ )
        cr.time[i] = r->time[i];
    return copy_to_guest(addr, &cr, sizeof(cr));
}

/*
 * vcpu_op: the sub-ops without an argument or with a structure of the
 * same layout at both widths, and the singleshot timer, runstate info,
 * the runstate and time areas and initialise's context translated.  A
 * vCPU id that names none is -ENOENT before the argument is read.
 */
static long compat_vcpu_op(struct hc_args *a)
{
    const struct domain *d = current->domain;
    unsigned int id = hc_uint(a, 1);

    if ( id >= d->max_vcpus || id >= MAX_VIRT_CPUS || !d->vcpu[id] )
        return -ENOENT;
    switch ( hc_int(a, 0) )
    {
    case VCPUOP_initialise:
        return compat_vcpu_initialise(a);
    case VCPUOP_set_singleshot_timer:
    {
        struct compat_vcpu_set_singleshot_timer ct;
        struct vcpu_set_singleshot_timer nt;

        BUILD_BUG_ON(sizeof(ct) != 12);
        if ( copy_from_guest(&ct, hc_ptr(a, 2), sizeof(ct)) )
            return -EFAULT;
        nt.timeout_abs_ns = ct.timeout_abs_ns;
        nt.flags = ct.flags;
        return compat_native_with_xlat(a, 2, &nt, sizeof(nt));
    }
    case VCPUOP_get_runstate_info:
    {
        long rc = compat_native_with_xlat(a, 2, NULL,
                                          sizeof(struct vcpu_runstate_info));

        return rc ? rc : compat_write_runstate(hc_ptr(a, 2),
                                               current->arch.pv.compat_xlat);
    }
    case VCPUOP_register_runstate_memory_area:
    case VCPUOP_register_vcpu_time_memory_area:
    {
        /*
         * The address is a 32-bit handle in a 64-bit union: its upper
         * half is not the guest's to set.  The time area's layout is
         * the same at both widths; the runstate area is written in the
         * 32-bit layout (compat_write_runstate).
         */
        uint64_t area;

        BUILD_BUG_ON(sizeof(struct vcpu_register_runstate_memory_area) != 8 ||
                     sizeof(struct vcpu_time_info) != 32);
        if ( copy_from_guest(&area, hc_ptr(a, 2), sizeof(area)) )
            return -EFAULT;
        area = (uint32_t)area;
        return compat_native_with_xlat(a, 2, &area, sizeof(area));
    }
    case VCPUOP_up:
    case VCPUOP_down:
    case VCPUOP_is_up:
    case VCPUOP_stop_periodic_timer:
    case VCPUOP_set_periodic_timer:
    case VCPUOP_stop_singleshot_timer:
    case VCPUOP_send_nmi:
    case VCPUOP_get_physid:
    case VCPUOP_register_vcpu_info:
        return compat_native(a);
    default:
        return -ENOSYS;
    }
}

/*
 * multicall: 32-byte entries of 32-bit words (op, result, args[6]); each
 * call goes through this table, as if the guest had made it alone.
 */
static hypercall_fn_t *compat_handler(unsigned long op);

static long compat_multicall(struct hc_args *a)
{
    BUILD_BUG_ON(sizeof(struct compat_multicall_entry) != 32 ||
                 offsetof(struct compat_multicall_entry, result) != 4 ||
                 offsetof(struct compat_multicall_entry, args) != 8);
    return multicall_batch(a, sizeof(uint32_t), compat_handler);
}

/*
 * The table.  'same': the 64-bit handler reads the 32-bit arguments
 * correctly as they are (only ints, zero-extended pointers and
 * structures of fixed-size fields laid out alike at both widths).
 */
static hypercall_fn_t *const compat_table[NR_COMPAT_HYPERCALLS] = {
    [__HYPERVISOR_set_trap_table]   = compat_set_trap_table,
    [__HYPERVISOR_set_callbacks]    = compat_set_callbacks,
    [__HYPERVISOR_update_va_mapping] = compat_update_va_mapping,
    [__HYPERVISOR_update_va_mapping_otherdomain] = compat_update_va_mapping,
    [__HYPERVISOR_mmuext_op]        = compat_mmuext_op,
    [__HYPERVISOR_set_timer_op]     = compat_set_timer_op,
    [__HYPERVISOR_xen_version]      = compat_xen_version,
    [__HYPERVISOR_console_io]       = compat_native,      /* same */
    [__HYPERVISOR_vm_assist]        = compat_native,      /* same */
    [__HYPERVISOR_iret]             = compat_iret,
    [__HYPERVISOR_sched_op]         = compat_sched_op,
    [__HYPERVISOR_event_channel_op] = compat_native,      /* same */
    [__HYPERVISOR_vcpu_op]          = compat_vcpu_op,
    [__HYPERVISOR_mmu_update]       = compat_mmu_update,
    [__HYPERVISOR_multicall]        = compat_multicall,
    [__HYPERVISOR_memory_op]        = compat_memory_op,
    [__HYPERVISOR_grant_table_op]   = compat_grant_table_op,
    [__HYPERVISOR_set_gdt]          = compat_set_gdt,
    [__HYPERVISOR_update_descriptor] = compat_update_descriptor,
    [__HYPERVISOR_callback_op]      = compat_callback_op,
    [__HYPERVISOR_stack_switch]     = compat_native,      /* same */
    [__HYPERVISOR_fpu_taskswitch]   = compat_native,      /* same */
    [__HYPERVISOR_physdev_op]       = compat_physdev_op,
    [__HYPERVISOR_platform_op]      = compat_platform_op,
    [__HYPERVISOR_sysctl]           = compat_sysctl,
    [__HYPERVISOR_mca]              = compat_mca,
    [__HYPERVISOR_set_debugreg]     = compat_native,      /* same */
    [__HYPERVISOR_get_debugreg]     = compat_native,      /* same */
};

static hypercall_fn_t *compat_handler(unsigned long op)
{
    return op < NR_COMPAT_HYPERCALLS ? compat_table[op] : NULL;
}

static unsigned long enosys_logged[(NR_COMPAT_HYPERCALLS + 1 + 63) / 64];

static long compat_enosys(const struct cpu_user_regs *regs, unsigned long op)
{
    unsigned int bit = op < NR_COMPAT_HYPERCALLS ? op : NR_COMPAT_HYPERCALLS;

    if ( !(__atomic_fetch_or(&enosys_logged[bit / 64], 1UL << (bit % 64),
                             __ATOMIC_RELAXED) & (1UL << (bit % 64))) )
        printk(XENLOG_G_WARNING "d%u: 32-bit hypercall %lu from %#lx not "
               "available: -ENOSYS (reported once%s)\n",
               current->domain->domain_id, op, regs->rip,
               op < NR_COMPAT_HYPERCALLS ? "" : " for all numbers >= 64");
    return -ENOSYS;
}

void compat_hypercall(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    struct hc_args a = {
        .op = (uint32_t)regs->rax,
        .arg = { (uint32_t)regs->rbx, (uint32_t)regs->rcx, (uint32_t)regs->rdx,
                 (uint32_t)regs->rsi, (uint32_t)regs->rdi },
    };
    hypercall_fn_t *fn;
    long rc;

    /* Only a compat guest's ring 1 can pass the gate's DPL. */
    if ( unlikely(!is_pv_32bit_vcpu(v)) )
    {
        printk(XENLOG_ERR "int $0x82 from a guest that is not 32-bit PV at %#lx\n",
               regs->rip);
        domain_crash_sync();
    }
    fn = compat_handler(a.op);
    rc = fn ? fn(&a) : compat_enosys(regs, a.op);
    if ( a.preempted )
    {
        /* Re-execute the int $0x82 (2 bytes) with what is left; %eax is still op. */
        regs->rbx = (uint32_t)a.arg[0];
        regs->rcx = (uint32_t)a.arg[1];
        regs->rdx = (uint32_t)a.arg[2];
        regs->rsi = (uint32_t)a.arg[3];
        regs->rdi = (uint32_t)a.arg[4];
        regs->rip -= 2;
        return;
    }
    regs->rax = (uint32_t)rc;
}

/*
 * 32-byte stubs, as Xen writes them for 32-bit PV guests:
 *   mov $n, %eax; int $0x82; ret
 * except HYPERVISOR_iret, which does not return and is jumped to with an
 * iret frame on the stack:
 *   push %eax; mov $23, %eax; int $0x82
 * The rest of the page is int3.
 */
void compat_init_hypercall_page(void *page)
{
    uint8_t *p = page;
    unsigned int i;

    memset(page, 0xcc, PAGE_SIZE);
    for ( i = 0; i < PAGE_SIZE / 32; i++, p += 32 )
    {
        uint8_t *q = p;

        if ( i == __HYPERVISOR_iret )
            *q++ = 0x50;                        /* push %eax */
        *q++ = 0xb8;                            /* mov $i, %eax */
        memcpy(q, &i, 4);
        q += 4;
        *q++ = 0xcd;                            /* int $0x82 */
        *q++ = HYPERCALL_VECTOR;
        if ( i != __HYPERVISOR_iret )
            *q++ = 0xc3;                        /* ret */
    }
}

/*
 * 64-bit PV hypercalls: the hypercall page, the table of handlers and the
 * dispatcher.
 *
 * Calling convention (public/arch-x86/xen-x86_64.h): number in %rax,
 * arguments in %rdi, %rsi, %rdx, %r10, %r8, result in %rax.  The guest
 * calls stub number n of its hypercall page, which saves %rcx and %r11
 * (SYSCALL overwrites them) and executes SYSCALL with %eax = n.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <asm/pv.h>
#include <public/xen.h>
#include <public/arch-x86/xen-mca.h>

#define NR_HYPERCALLS 64

/*
 * The table: one entry per hypercall number, with its 64-bit handler (the
 * 32-bit PV ABI will add a second column).  A number without a handler,
 * or beyond the table, returns -ENOSYS.  Every handler here may be called
 * by any PV domain; those reserved to privileged domains check inside.
 */
static const struct hypercall_desc {
    hypercall_fn_t *native;
} hypercall_table[NR_HYPERCALLS] = {
    [__HYPERVISOR_set_trap_table] = { do_set_trap_table },
    [__HYPERVISOR_set_callbacks]  = { do_set_callbacks },
    [__HYPERVISOR_set_gdt]        = { do_set_gdt },
    [__HYPERVISOR_update_descriptor] = { do_update_descriptor },
    [__HYPERVISOR_update_va_mapping] = { do_update_va_mapping },
    [__HYPERVISOR_update_va_mapping_otherdomain] = { do_update_va_mapping_otherdomain },
    [__HYPERVISOR_mmu_update]     = { do_mmu_update },
    [__HYPERVISOR_mmuext_op]      = { do_mmuext_op },
    [__HYPERVISOR_memory_op]      = { do_memory_op },
    [__HYPERVISOR_multicall]      = { do_multicall },
    [__HYPERVISOR_grant_table_op] = { do_grant_table_op },
    [__HYPERVISOR_xen_version]    = { do_xen_version },
    [__HYPERVISOR_console_io]     = { do_console_io },
    [__HYPERVISOR_vm_assist]      = { do_vm_assist },
    [__HYPERVISOR_iret]           = { do_iret },
    [__HYPERVISOR_sched_op]       = { do_sched_op },
    [__HYPERVISOR_callback_op]    = { do_callback_op },
    [__HYPERVISOR_physdev_op]     = { do_physdev_op },
    [__HYPERVISOR_platform_op]    = { do_platform_op },
    [__HYPERVISOR_sysctl]         = { do_sysctl },
    [__HYPERVISOR_mca]            = { do_mca },
    [__HYPERVISOR_stack_switch]   = { do_stack_switch },
    [__HYPERVISOR_set_segment_base] = { do_set_segment_base },
    [__HYPERVISOR_fpu_taskswitch] = { do_fpu_taskswitch },
    [__HYPERVISOR_set_debugreg]   = { do_set_debugreg },
    [__HYPERVISOR_get_debugreg]   = { do_get_debugreg },
    [__HYPERVISOR_event_channel_op] = { do_event_channel_op },
    [__HYPERVISOR_vcpu_op]        = { do_vcpu_op },
    [__HYPERVISOR_set_timer_op]   = { do_set_timer_op },
};

/* Hypercall numbers already reported as unimplemented; bit NR_HYPERCALLS: any beyond. */
static unsigned long enosys_logged[(NR_HYPERCALLS + 1 + 63) / 64];

static long hypercall_enosys(const struct cpu_user_regs *regs, unsigned long op)
{
    unsigned int bit = op < NR_HYPERCALLS ? op : NR_HYPERCALLS;

    if ( !(__atomic_fetch_or(&enosys_logged[bit / 64], 1UL << (bit % 64),
                             __ATOMIC_RELAXED) & (1UL << (bit % 64))) )
        printk(XENLOG_G_WARNING "d%u: unimplemented hypercall %lu from %#lx:"
               " -ENOSYS (reported once%s)\n", current->domain->domain_id,
               op, regs->rip, op < NR_HYPERCALLS ? "" : " for all numbers >= 64");
    return -ENOSYS;
}

hypercall_fn_t *hypercall_handler(unsigned long op)
{
    return op < NR_HYPERCALLS ? hypercall_table[op].native : NULL;
}

void pv_hypercall(struct cpu_user_regs *regs)
{
    struct hc_args a = {
        .op = regs->rax,
        .arg = { regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8 },
    };
    hypercall_fn_t *fn;
    long rc;

    /* SYSCALL from guest user mode is the guest kernel's business. */
    if ( unlikely(!guest_kernel_mode(current)) )
    {
        pv_syscall_from_user(regs);
        return;
    }
    fn = a.op < NR_HYPERCALLS ? hypercall_table[a.op].native : NULL;
    rc = fn ? fn(&a) : hypercall_enosys(regs, a.op);
    if ( a.preempted )
    {
        /* Re-execute the SYSCALL (2 bytes) with the arguments left; %rax is still op. */
        regs->rdi = a.arg[0];
        regs->rsi = a.arg[1];
        regs->rdx = a.arg[2];
        regs->r10 = a.arg[3];
        regs->r8 = a.arg[4];
        regs->rip -= 2;
        return;
    }
    regs->rax = rc;
}

/*
 * 32-byte stubs, as Xen writes them for 64-bit PV guests:
 *   push %rcx; push %r11; mov $n, %eax; syscall; pop %r11; pop %rcx; ret
 * except HYPERVISOR_iret, which does not return and is jumped to with an
 * iret frame on the stack:
 *   push %rcx; push %r11; push %rax; mov $23, %eax; syscall
 * The rest of the page is int3.
 */
void pv_init_hypercall_page(void *page)
{
    uint8_t *p = page;
    unsigned int i;

    memset(page, 0xcc, PAGE_SIZE);
    for ( i = 0; i < PAGE_SIZE / 32; i++, p += 32 )
    {
        uint8_t *q = p;

        *q++ = 0x51;                            /* push %rcx */
        *q++ = 0x41; *q++ = 0x53;               /* push %r11 */
        if ( i == __HYPERVISOR_iret )
            *q++ = 0x50;                        /* push %rax */
        *q++ = 0xb8;                            /* mov $i, %eax */
        memcpy(q, &i, 4);
        q += 4;
        *q++ = 0x0f; *q++ = 0x05;               /* syscall */
        if ( i == __HYPERVISOR_iret )
            continue;
        *q++ = 0x41; *q++ = 0x5b;               /* pop %r11 */
        *q++ = 0x59;                            /* pop %rcx */
        *q++ = 0xc3;                            /* ret */
    }
}

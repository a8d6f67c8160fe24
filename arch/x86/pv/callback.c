/*
 * Guest callbacks: the entry points through which the hypervisor will
 * enter a 64-bit PV kernel (event upcalls, failsafe, SYSCALL from guest
 * user mode, NMI).  Semantics and error codes are Xen's.  The NMI entry
 * is used by pv_bounce_nmi (pv/traps.c); the failsafe one when reloading
 * a data selector fails at a context switch (pv/context.c), as in Xen.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/guest_access.h>
#include <asm/traps.h>
#include <public/callback.h>

static bool is_canonical(unsigned long va)
{
    return va < GUEST_LOW_END || va >= 0xffff800000000000UL;
}

static void set_vgc_flag(struct vcpu *v, unsigned long flag, bool on)
{
    if ( on )
        v->arch.pv.vgc_flags |= flag;
    else
        v->arch.pv.vgc_flags &= ~flag;
}

static long register_guest_callback(const struct callback_register *reg)
{
    struct vcpu *v = current;
    bool mask = reg->flags & CALLBACKF_mask_events;
    struct trap_info *nmi = &v->arch.pv.trap_ctxt[X86_EXC_NMI];

    if ( !is_canonical(reg->address) )
        return -EINVAL;
    switch ( reg->type )
    {
    case CALLBACKTYPE_event:
        v->arch.pv.event_callback_eip = reg->address;
        return 0;
    case CALLBACKTYPE_failsafe:
        v->arch.pv.failsafe_callback_eip = reg->address;
        set_vgc_flag(v, VGCF_failsafe_disables_events, mask);
        return 0;
    case CALLBACKTYPE_syscall:
        v->arch.pv.syscall_callback_eip = reg->address;
        set_vgc_flag(v, VGCF_syscall_disables_events, mask);
        return 0;
    case CALLBACKTYPE_syscall32:
        v->arch.pv.syscall32_callback_eip = reg->address;
        v->arch.pv.syscall32_disables_events = mask;
        return 0;
    case CALLBACKTYPE_sysenter:
        v->arch.pv.sysenter_callback_eip = reg->address;
        v->arch.pv.sysenter_disables_events = mask;
        return 0;
    case CALLBACKTYPE_nmi:
        /* Kept as the virtual IDT's NMI entry, events masked, as Xen does. */
        nmi->vector = X86_EXC_NMI;
        nmi->flags = 4;             /* TI_SET_IF: an interrupt gate */
        nmi->cs = FLAT_KERNEL_CS;
        nmi->address = reg->address;
        return 0;
    default:
        return -ENOSYS;
    }
}

static long unregister_guest_callback(const struct callback_unregister *unreg)
{
    switch ( unreg->type )
    {
    case CALLBACKTYPE_event:
    case CALLBACKTYPE_failsafe:
    case CALLBACKTYPE_syscall:
    case CALLBACKTYPE_syscall32:
    case CALLBACKTYPE_sysenter:
        return -EINVAL;
    case CALLBACKTYPE_nmi:
        memset(&current->arch.pv.trap_ctxt[X86_EXC_NMI], 0,
               sizeof(struct trap_info));
        return 0;
    default:
        return -ENOSYS;
    }
}

/* HYPERVISOR_callback_op(int cmd, void *arg). */
long do_callback_op(struct hc_args *a)
{
    unsigned long arg = hc_ptr(a, 1);

    switch ( hc_int(a, 0) )
    {
    case CALLBACKOP_register:
    {
        struct callback_register reg;

        if ( copy_from_guest(&reg, arg, sizeof(reg)) )
            return -EFAULT;
        return register_guest_callback(&reg);
    }
    case CALLBACKOP_unregister:
    {
        struct callback_unregister unreg;

        if ( copy_from_guest(&unreg, arg, sizeof(unreg)) )
            return -EFAULT;
        return unregister_guest_callback(&unreg);
    }
    default:
        return -ENOSYS;
    }
}

/*
 * HYPERVISOR_set_callbacks(event, failsafe, syscall): the older form, no
 * flags.  Like Xen, it ignores what registering says and returns 0.
 */
long do_set_callbacks(struct hc_args *a)
{
    struct callback_register event = {
        .type = CALLBACKTYPE_event, .address = hc_ulong(a, 0),
    }, failsafe = {
        .type = CALLBACKTYPE_failsafe, .address = hc_ulong(a, 1),
    }, syscall = {
        .type = CALLBACKTYPE_syscall, .address = hc_ulong(a, 2),
    };

    register_guest_callback(&event);
    register_guest_callback(&failsafe);
    register_guest_callback(&syscall);
    return 0;
}

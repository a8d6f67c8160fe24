/*
 * The parts of the 32-bit PV ABI that are its own, not a layout of a
 * 64-bit one: the bounce frame through which the hypervisor enters the
 * ring-1 kernel, the 32-bit trap table and callbacks (code selector and
 * 32-bit offset; callback_op translated for the 64-bit handler), and
 * HYPERVISOR_iret for 32-bit frames.  Which trap or
 * event is delivered, and when, is decided by the shared code in
 * pv/traps.c and pv/domain.c; only the frame differs.
 *
 * Selectors: a 32-bit kernel names its own code segments (FLAT_RING1_CS,
 * or one of its GDT's).  A code selector with RPL 0 gets RPL 1, the
 * kernel's ring, as Xen does; a selector that is not a usable ring-1
 * code segment is refused by the CPU at the IRETQ and becomes the
 * guest's #GP (pv/entry.S).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/guest_access.h>
#include <asm/pv.h>
#include <asm/pv-compat.h>
#include <asm/traps.h>
#include <asm/x86-defns.h>
#include <compat/abi.h>
#include <public/callback.h>
#include "xlat.h"

static unsigned int ring1_selector(unsigned int sel)
{
    return (sel & 3) ? sel : sel | 1;
}

/*
 * The frame, lowest address first (Xen's compat bounce frame):
 *   [ds, es, fs, gs], [error code], eip, cs | saved event mask << 16,
 *   eflags, [esp, ss]
 * the selectors for the failsafe callback (the ones a context switch
 * could not load),
 * esp and ss only from ring 3, whose exception goes to the kernel stack
 * given by stack_switch; from ring 1 the frame goes on the interrupted
 * stack.  eflags.IF in the frame is the inverse of the event mask.  The
 * stack pointer arithmetic is 32-bit: a frame that would wrap below 0
 * lands in the hypervisor's hole, which no guest access may touch.
 */
bool compat_create_bounce_frame(struct vcpu *v, struct cpu_user_regs *regs,
                                unsigned long eip, unsigned int cs,
                                bool push_error, uint32_t error_code,
                                const uint16_t *sel, bool mask_events)
{
    vcpu_info_t *vi = v->vcpu_info;
    uint8_t mask = ACCESS_ONCE(vi->evtchn_upcall_mask);
    uint32_t frame[10], *f = frame + ARRAY_SIZE(frame);
    int i;
    bool from_user = (regs->cs & 3) == 3;
    uint32_t sp, ss;

    if ( from_user )
    {
        *--f = regs->ss;
        *--f = regs->rsp;
        sp = v->arch.pv.kernel_sp;
        ss = v->arch.pv.kernel_ss;
    }
    else
    {
        sp = regs->rsp;
        ss = regs->ss;
    }
    *--f = (regs->rflags & ~X86_EFLAGS_IF) | (mask ? 0 : X86_EFLAGS_IF);
    *--f = (regs->cs & 0xffff) | ((uint32_t)mask << 16);
    *--f = regs->rip;
    if ( push_error )
        *--f = error_code;
    for ( i = 3; sel && i >= 0; i-- )
        *--f = sel[i];
    sp -= (frame + ARRAY_SIZE(frame) - f) * sizeof(*f);
    if ( copy_to_guest(sp, f, (frame + ARRAY_SIZE(frame) - f) * sizeof(*f)) )
        return false;

    if ( mask_events )
        vi->evtchn_upcall_mask = 1;
    regs->rflags &= ~(X86_EFLAGS_AC | X86_EFLAGS_VM | X86_EFLAGS_RF |
                      X86_EFLAGS_NT | X86_EFLAGS_TF);
    regs->ss = ss;
    regs->rsp = sp;
    regs->cs = ring1_selector(cs);
    regs->rip = (uint32_t)eip;
    return true;
}

/*
 * HYPERVISOR_set_trap_table(const struct trap_info traps[]), 8-byte
 * 32-bit entries: load them into the virtual IDT up to one whose address
 * is 0; a NULL array clears it.  Code selectors get RPL 1.  Preemptible.
 */
long compat_set_trap_table(struct hc_args *a)
{
    struct trap_info *dst = current->arch.pv.trap_ctxt;
    struct compat_trap_info cur;
    unsigned long traps = hc_ptr(a, 0);

    BUILD_BUG_ON(sizeof(struct compat_trap_info) != 8);
    if ( !traps )
    {
        memset(dst, 0, sizeof(current->arch.pv.trap_ctxt));
        return 0;
    }
    for ( ; ; )
    {
        if ( copy_from_guest(&cur, traps, sizeof(cur)) )
            return -EFAULT;
        if ( !cur.address )
            return 0;
        dst[cur.vector].vector = cur.vector;
        dst[cur.vector].flags = cur.flags;
        dst[cur.vector].cs = ring1_selector(cur.cs);
        dst[cur.vector].address = cur.address;
        traps += sizeof(cur);
        if ( hypercall_preempt_check() )
        {
            a->arg[0] = traps;
            return hypercall_continue(a);
        }
    }
}

/*
 * HYPERVISOR_set_callbacks(event_cs, event_eip, failsafe_cs,
 * failsafe_eip): the 32-bit form, selector and offset for each; no
 * syscall callback.  Always 0, as in Xen.
 */
long compat_set_callbacks(struct hc_args *a)
{
    struct vcpu *v = current;

    v->arch.pv.event_callback_cs = ring1_selector(hc_uint(a, 0));
    v->arch.pv.event_callback_eip = hc_uint(a, 1);
    v->arch.pv.failsafe_callback_cs = ring1_selector(hc_uint(a, 2));
    v->arch.pv.failsafe_callback_eip = hc_uint(a, 3);
    return 0;
}

/*
 * HYPERVISOR_callback_op(cmd, arg) with 32-bit cs:eip addresses: the
 * 64-bit handler registers the offset, the code selector (RPL 0 made 1)
 * is kept here for what a 32-bit guest is entered through: the event and
 * failsafe callbacks and the NMI entry.  CALLBACKTYPE_syscall is 64-bit
 * only: -ENOSYS for both commands, as Xen's compat layer says.  The
 * unregister structure is the same at both widths.
 */
long compat_callback_op(struct hc_args *a)
{
    struct vcpu *v = current;
    struct compat_callback_register c;
    struct callback_register n;
    long rc;

    BUILD_BUG_ON(sizeof(c) != 12 ||
                 offsetof(struct compat_callback_register, eip) != 8 ||
                 sizeof(struct callback_unregister) != 4);
    if ( hc_int(a, 0) == CALLBACKOP_unregister )
    {
        struct callback_unregister u;

        if ( copy_from_guest(&u, hc_ptr(a, 1), sizeof(u)) )
            return -EFAULT;
        return u.type == CALLBACKTYPE_syscall
               ? -ENOSYS : compat_native_with_xlat(a, 1, &u, sizeof(u));
    }
    if ( hc_int(a, 0) != CALLBACKOP_register )
        return -ENOSYS;
    if ( copy_from_guest(&c, hc_ptr(a, 1), sizeof(c)) )
        return -EFAULT;
    if ( c.type == CALLBACKTYPE_syscall )
        return -ENOSYS;
    memset(&n, 0, sizeof(n));
    n.type = c.type;
    n.flags = c.flags;
    n.address = c.eip;
    rc = compat_native_with_xlat(a, 1, &n, sizeof(n));
    if ( rc )
        return rc;
    switch ( c.type )
    {
    case CALLBACKTYPE_event:
        v->arch.pv.event_callback_cs = ring1_selector(c.cs);
        break;
    case CALLBACKTYPE_failsafe:
        v->arch.pv.failsafe_callback_cs = ring1_selector(c.cs);
        break;
    case CALLBACKTYPE_nmi:
        v->arch.pv.trap_ctxt[X86_EXC_NMI].cs = ring1_selector(c.cs);
        break;
    }
    return 0;
}

static __noreturn void bad_iret(struct vcpu *v, const char *why, unsigned long sp)
{
    printk(XENLOG_G_WARNING "d%uv%u: HYPERVISOR_iret (32-bit) %s, frame at %#lx\n",
           v->domain->domain_id, v->vcpu_id, why, sp);
    domain_crash_sync();
}

/*
 * HYPERVISOR_iret for 32-bit frames: the stub pushed %eax above the
 * frame, so the guest stack holds, lowest address first,
 *   eax, eip, cs, eflags, [esp, ss]
 * esp and ss only for a return to ring 3 (RPL of cs); a return to ring 1
 * pops the four words.  eflags keeps IF set and IOPL clear, the event
 * mask becomes !eflags.IF, virtual NMIs are unmasked.  A frame that is
 * unreadable, returns to ring 0 or to virtual-8086 mode crashes the
 * domain (Xen injects #GP for the last; no 32-bit kernel we run uses it).
 */
long compat_iret(struct hc_args *a)
{
    struct cpu_user_regs *regs = guest_cpu_user_regs();
    struct vcpu *v = current;
    uint32_t f[6], sp = regs->rsp;

    (void)a;
    if ( copy_from_guest(f, sp, 4 * sizeof(f[0])) )
        bad_iret(v, "with an unreadable frame", sp);
    if ( (f[2] & 3) == 0 )
        bad_iret(v, "to ring 0", sp);
    if ( f[3] & X86_EFLAGS_VM )
        bad_iret(v, "to virtual-8086 mode", sp);
    if ( (f[2] & 3) != 1 )
    {
        if ( copy_from_guest(&f[4], sp + 16, 2 * sizeof(f[0])) )
            bad_iret(v, "with an unreadable outer frame", sp);
        regs->rsp = f[4];
        regs->ss = f[5] & 0xffff;
    }
    else
        regs->rsp = sp + 16;
    regs->rip = f[1];
    regs->cs = f[2] & 0xffff;
    regs->rflags = (f[3] & ~X86_EFLAGS_IOPL) | X86_EFLAGS_IF;
    v->vcpu_info->evtchn_upcall_mask = !(f[3] & X86_EFLAGS_IF);
    v->arch.pv.nmi_masked = false;
    /* The dispatcher writes this to %eax. */
    return f[0];
}

/*
 * HYPERVISOR_iret: how a 64-bit PV kernel returns from an exception or
 * event frame the hypervisor built (create_bounce_frame): unlike its own
 * IRETQ, this also restores the event mask and can return to user mode.
 *
 * The guest jumps to the iret stub of its hypercall page with this on its
 * stack (public/arch-x86/xen-x86_64.h, struct iret_context), lowest
 * address first: RAX, R11, RCX (pushed by the stub), FLAGS, RIP, CS,
 * RFLAGS, RSP, SS.  The frame is loaded with Xen's rules: CS and SS get
 * RPL 3 (the only ring a 64-bit PV guest has), RFLAGS.IF stays set and
 * IOPL/VM clear, the event mask becomes !RFLAGS.IF of the frame, and R11
 * and RCX are restored unless VGCF_in_syscall says the frame came from a
 * SYSCALL.  It also unmasks virtual NMIs.  A CS with RPL 3 returns to guest user mode: the vCPU first
 * switches to its user page table and GS base (pv_toggle_guest_mode); it
 * must have a user table, else the domain is crashed, as Xen does.  A
 * frame the CPU then refuses (a bad selector, a non-canonical
 * RIP) crashes the guest on the way out (pv/entry.S).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/guest_access.h>
#include <asm/pv.h>
#include <asm/traps.h>
#include <asm/x86-defns.h>

long do_iret(struct hc_args *a)
{
    struct cpu_user_regs *regs = guest_cpu_user_regs();
    struct vcpu *v = current;
    struct iret_context f;

    if ( copy_from_guest(&f, regs->rsp, sizeof(f)) )
    {
        printk(XENLOG_G_WARNING "d%uv%u: HYPERVISOR_iret with an unreadable frame at %#lx\n",
               v->domain->domain_id, v->vcpu_id, regs->rsp);
        domain_crash_sync();
    }
    /* Returning to guest user mode: it needs a user page table (Xen's rule). */
    if ( (f.cs & 3) == 3 )
    {
        if ( !v->arch.guest_table_user )
        {
            printk(XENLOG_G_WARNING "d%uv%u: HYPERVISOR_iret to guest user mode "
                   "with no user page table\n", v->domain->domain_id, v->vcpu_id);
            domain_crash_sync();
        }
        if ( guest_kernel_mode(v) )
            pv_toggle_guest_mode(v);
    }

    regs->rip = f.rip;
    regs->cs = f.cs | 3;
    regs->rflags = (f.rflags & ~(X86_EFLAGS_IOPL | X86_EFLAGS_VM)) | X86_EFLAGS_IF;
    regs->rsp = f.rsp;
    regs->ss = f.ss | 3;
    if ( !(f.flags & VGCF_in_syscall) )
    {
        regs->r11 = f.r11;
        regs->rcx = f.rcx;
    }
    v->vcpu_info->evtchn_upcall_mask = !(f.rflags & X86_EFLAGS_IF);
    v->arch.pv.nmi_masked = false;      /* as Xen: any iret ends an NMI */
    /* The dispatcher writes this to %rax. */
    return f.rax;
}

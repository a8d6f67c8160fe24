/*
 * VCPUOP_initialise for 32-bit PV guests: the i386 vcpu_guest_context
 * (2800 bytes) is widened into the 64-bit structure, field by field, and
 * handed to the one implementation (pv/vcpu_context.c), which applies
 * Xen's compat rules to a 32-bit vCPU (selectors with RPL 0 get RPL 1, no
 * canonical-address checks, a PAE L3 in ctrlreg[3], no user table, the
 * callbacks' code selectors).
 *
 * ctrlreg[3] comes in the 32-bit CR3 format (the frame number rotated
 * left by 12, so that frames above 4 GiB fit: the pae_extended_cr3
 * format) and goes on as the plain frame number in the 64-bit format.
 * The event and failsafe code selectors go where the 64-bit layout has
 * syscall_callback_eip, as Xen keeps them.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/guest_access.h>
#include <asm/pv-compat.h>
#include <compat/abi.h>
#include <public/vcpu.h>
#include "xlat.h"

/* The 32-bit CR3 format of public/arch-x86/xen-x86_32.h, undone. */
static unsigned long compat_cr3_to_pfn(uint32_t cr3)
{
    return (cr3 >> 12) | ((unsigned long)(cr3 & 0xfff) << 20);
}

static void widen_regs(struct cpu_user_regs *n,
                       const struct compat_cpu_user_regs *c)
{
    n->rbx = c->ebx;
    n->rcx = c->ecx;
    n->rdx = c->edx;
    n->rsi = c->esi;
    n->rdi = c->edi;
    n->rbp = c->ebp;
    n->rax = c->eax;
    n->rip = c->eip;
    n->cs = c->cs;
    n->rflags = c->eflags;
    n->rsp = c->esp;
    n->ss = c->ss;
    n->es = c->es;
    n->ds = c->ds;
    n->fs = c->fs;
    n->gs = c->gs;
}

static void widen_context(struct vcpu_guest_context *n,
                          const struct compat_vcpu_guest_context *c)
{
    unsigned int i;

    memcpy(&n->fpu_ctxt, c->fpu_ctxt, sizeof(c->fpu_ctxt));
    n->flags = c->flags;
    widen_regs(&n->user_regs, &c->user_regs);
    for ( i = 0; i < ARRAY_SIZE(c->trap_ctxt); i++ )
    {
        n->trap_ctxt[i].vector = c->trap_ctxt[i].vector;
        n->trap_ctxt[i].flags = c->trap_ctxt[i].flags;
        n->trap_ctxt[i].cs = c->trap_ctxt[i].cs;
        n->trap_ctxt[i].address = c->trap_ctxt[i].address;
    }
    n->ldt_base = c->ldt_base;
    n->ldt_ents = c->ldt_ents;
    for ( i = 0; i < ARRAY_SIZE(c->gdt_frames); i++ )
        n->gdt_frames[i] = c->gdt_frames[i];
    n->gdt_ents = c->gdt_ents;
    n->kernel_ss = c->kernel_ss;
    n->kernel_sp = c->kernel_sp;
    for ( i = 0; i < ARRAY_SIZE(c->ctrlreg); i++ )
        n->ctrlreg[i] = c->ctrlreg[i];
    n->ctrlreg[3] = compat_cr3_to_pfn(c->ctrlreg[3]) << PAGE_SHIFT;
    for ( i = 0; i < ARRAY_SIZE(c->debugreg); i++ )
        n->debugreg[i] = c->debugreg[i];
    n->event_callback_eip = c->event_callback_eip;
    n->failsafe_callback_eip = c->failsafe_callback_eip;
    n->event_callback_cs = c->event_callback_cs;
    n->failsafe_callback_cs = c->failsafe_callback_cs;
    n->vm_assist = c->vm_assist;
}

long compat_vcpu_initialise(struct hc_args *a)
{
    struct compat_vcpu_guest_context *c = xzalloc_bytes(sizeof(*c));
    struct vcpu_guest_context *n = xzalloc_bytes(sizeof(*n));
    long rc;

    BUILD_BUG_ON(sizeof(struct compat_cpu_user_regs) != 68 ||
                 sizeof(*c) != 2800 ||
                 offsetof(struct compat_vcpu_guest_context, user_regs) != 516 ||
                 offsetof(struct compat_vcpu_guest_context, trap_ctxt) != 584 ||
                 offsetof(struct compat_vcpu_guest_context, ldt_base) != 2632 ||
                 offsetof(struct compat_vcpu_guest_context, gdt_ents) != 2704 ||
                 offsetof(struct compat_vcpu_guest_context, ctrlreg) != 2716 ||
                 offsetof(struct compat_vcpu_guest_context,
                          event_callback_cs) != 2780 ||
                 offsetof(struct compat_vcpu_guest_context, vm_assist) != 2796);
    BUILD_BUG_ON(sizeof(*n) > COMPAT_XLAT_SIZE);
    if ( !c || !n )
        rc = -ENOMEM;
    else if ( copy_from_guest(c, hc_ptr(a, 2), sizeof(*c)) )
        rc = -EFAULT;
    else
    {
        widen_context(n, c);
        rc = compat_native_with_xlat(a, 2, n, sizeof(*n));
    }
    xfree(n);
    xfree(c);
    return rc;
}

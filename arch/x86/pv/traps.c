/*
 * Exceptions in PV guest context and the guest's virtual IDT.
 *
 * An exception in the guest kernel goes to the handler its trap table
 * (set_trap_table) names for the vector, through a frame built on its
 * stack as Xen builds it (create_bounce_frame below).  One with no
 * handler, or whose frame cannot be written, is reported (vector, guest
 * RIP, CR2, registers) and crashes the domain; for dom0 that is the
 * machine's end (domain_crash -> machine_halt_or_reboot).
 *
 * "int n" from a guest: every IDT gate but int3/into has DPL 0, so it
 * arrives as #GP with the vector in the error code, and is delivered to
 * vector n only if the guest's own trap table gives n a DPL that allows
 * the guest's current mode (Xen's permit_softint).
 *
 * A #GP or #UD is first offered to privileged-instruction emulation
 * (pv/emul-priv.c).  Exceptions in guest user mode switch the vCPU to
 * kernel mode and go to the kernel stack (stack_switch); SYSCALL from
 * user mode is bounced to the kernel's syscall callback the same way.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/guest_access.h>
#include <asm/io.h>
#include <asm/pv.h>
#include <asm/pv-compat.h>
#include <compat/abi.h>
#include <asm/traps.h>
#include <asm/x86-defns.h>
#include <public/nmi.h>
#include <asm/processor.h>

static const char *guest_vector_name(unsigned int vec)
{
    static const char *const names[X86_NR_EXCEPTIONS] = {
        [X86_EXC_DE] = "#DE", [X86_EXC_DB] = "#DB", [X86_EXC_BP] = "#BP",
        [X86_EXC_OF] = "#OF", [X86_EXC_BR] = "#BR", [X86_EXC_UD] = "#UD",
        [X86_EXC_NM] = "#NM", [X86_EXC_TS] = "#TS", [X86_EXC_NP] = "#NP",
        [X86_EXC_SS] = "#SS", [X86_EXC_GP] = "#GP", [X86_EXC_PF] = "#PF",
        [X86_EXC_MF] = "#MF", [X86_EXC_AC] = "#AC", [X86_EXC_XM] = "#XM",
    };

    if ( vec == ENTRY_VECTOR_SYSCALL )
        return "SYSCALL from 32-bit code";
    if ( vec < X86_NR_EXCEPTIONS && names[vec] )
        return names[vec];
    return "exception";
}

static void show_guest_registers(const struct cpu_user_regs *regs,
                                 const struct vcpu *v)
{
    printk(XENLOG_ERR "RIP:    %04x:%016lx   RFLAGS: %016lx\n",
           regs->cs, regs->rip, regs->rflags);
    printk(XENLOG_ERR "RSP:    %04x:%016lx   CR3 (L4): %#lx\n",
           regs->ss, regs->rsp, v->arch.guest_table << PAGE_SHIFT);
    printk(XENLOG_ERR "rax: %016lx   rbx: %016lx   rcx: %016lx\n",
           regs->rax, regs->rbx, regs->rcx);
    printk(XENLOG_ERR "rdx: %016lx   rsi: %016lx   rdi: %016lx\n",
           regs->rdx, regs->rsi, regs->rdi);
    printk(XENLOG_ERR "rbp: %016lx   r8:  %016lx   r9:  %016lx\n",
           regs->rbp, regs->r8, regs->r9);
    printk(XENLOG_ERR "r10: %016lx   r11: %016lx   r12: %016lx\n",
           regs->r10, regs->r11, regs->r12);
    printk(XENLOG_ERR "r13: %016lx   r14: %016lx   r15: %016lx\n",
           regs->r13, regs->r14, regs->r15);
}

/* What to deliver: Xen's struct trap_bounce. */
struct trap_bounce {
    unsigned long eip;
    unsigned int cs;            /* 32-bit guests: the entry's code selector */
    uint32_t error_code;
    uint8_t flags;
    const uint16_t *sel;        /* TBF_FAILSAFE: ds, es, fs, gs */
};
#define TBF_EXCEPTION_ERRCODE   2   /* push error_code */
#define TBF_FAILSAFE            4   /* push the data selectors in sel[] */
#define TBF_INTERRUPT           8   /* mask events (interrupt gate) */


/*
 * Enter the guest kernel at tb->eip as if the CPU had delivered the
 * exception there.  On the guest kernel's stack, 16-byte aligned, from
 * the top:
 *   SS, RSP, RFLAGS, CS (bits 32-39: the saved event mask), RIP,
 *   [error code], [GS, FS, ES, DS (failsafe)], R11, RCX   <- new RSP
 * RFLAGS.IF in the frame is the inverse of the event mask at the time;
 * CS has RPL 0 for a fault in guest kernel mode, 3 in user mode.  From
 * user mode, the vCPU first switches to kernel mode (page table and GS
 * base, pv_toggle_guest_mode) and the frame goes on the kernel stack
 * given by stack_switch, as Xen does.  The registers then
 * hold the guest's own values except RSP, RIP, CS, SS and RFLAGS (TF, NT,
 * RF, VM and AC cleared).  False, with nothing changed but maybe the
 * guest's stack, if the frame cannot be written.
 */
static bool create_bounce_frame(struct vcpu *v, struct cpu_user_regs *regs,
                                const struct trap_bounce *tb)
{
    vcpu_info_t *vi = v->vcpu_info;
    uint8_t mask = ACCESS_ONCE(vi->evtchn_upcall_mask);
    unsigned long frame[12], *f = frame + ARRAY_SIZE(frame);
    unsigned long sp, cs = regs->cs;

    if ( is_pv_32bit_vcpu(v) )
        return compat_create_bounce_frame(v, regs, tb->eip, tb->cs,
                                          tb->flags & TBF_EXCEPTION_ERRCODE,
                                          tb->error_code,
                                          tb->flags & TBF_FAILSAFE ? tb->sel : NULL,
                                          tb->flags & TBF_INTERRUPT);
    if ( guest_kernel_mode(v) )
    {
        sp = regs->rsp;
        cs &= ~3;
    }
    else
    {
        pv_toggle_guest_mode(v);
        sp = v->arch.pv.kernel_sp;
    }
    sp &= ~0xfUL;

    *--f = regs->ss;
    *--f = regs->rsp;
    *--f = (regs->rflags & ~X86_EFLAGS_IF) | (mask ? 0 : X86_EFLAGS_IF);
    *--f = cs | ((unsigned long)mask << 32);
    *--f = regs->rip;
    if ( tb->flags & TBF_EXCEPTION_ERRCODE )
        *--f = tb->error_code;
    if ( tb->flags & TBF_FAILSAFE )
    {
        *--f = tb->sel[3];
        *--f = tb->sel[2];
        *--f = tb->sel[1];
        *--f = tb->sel[0];
    }
    *--f = regs->r11;
    *--f = regs->rcx;
    sp -= (frame + ARRAY_SIZE(frame) - f) * sizeof(*f);
    if ( copy_to_guest(sp, f, (frame + ARRAY_SIZE(frame) - f) * sizeof(*f)) )
        return false;

    if ( tb->flags & TBF_INTERRUPT )
        vi->evtchn_upcall_mask = 1;
    regs->rflags &= ~(X86_EFLAGS_AC | X86_EFLAGS_VM | X86_EFLAGS_RF |
                      X86_EFLAGS_NT | X86_EFLAGS_TF);
    regs->ss = FLAT_KERNEL_SS;
    regs->rsp = sp;
    regs->cs = FLAT_KERNEL_CS;
    regs->rip = tb->eip;
    return true;
}

/*
 * A data selector the switch to v could not load (pv/context.c): as Xen,
 * enter the failsafe callback with the selectors v had, masking events if
 * VGCF_failsafe_disables_events is set.  Xen enters a 32-bit guest's on
 * its flat ring-1 code and stack selectors, whatever selector was
 * registered.  With no callback the guest cannot go on.
 */
bool pv_bounce_failsafe(struct vcpu *v, struct cpu_user_regs *regs,
                        const uint16_t sel[4])
{
    bool compat = is_pv_32bit_vcpu(v);
    struct trap_bounce tb = {
        .eip = v->arch.pv.failsafe_callback_eip,
        .cs = compat ? FLAT_COMPAT_RING1_CS : 0,
        .flags = TBF_FAILSAFE |
                 ((v->arch.pv.vgc_flags & VGCF_failsafe_disables_events) ?
                  TBF_INTERRUPT : 0),
        .sel = sel,
    };

    if ( !tb.eip || !create_bounce_frame(v, regs, &tb) )
        return false;
    if ( compat )
        regs->ss = FLAT_COMPAT_RING1_DS;
    return true;
}

/*
 * Enter the guest's event callback (set_callbacks/callback_op) through a
 * bounce frame without error code, masking events as Xen does.  False if
 * there is no callback or the frame cannot be written.
 */
bool pv_bounce_event_upcall(struct vcpu *v, struct cpu_user_regs *regs)
{
    struct trap_bounce tb = {
        .eip = v->arch.pv.event_callback_eip,
        .cs = v->arch.pv.event_callback_cs,
        .flags = TBF_INTERRUPT,
    };

    return tb.eip && create_bounce_frame(v, regs, &tb);
}

/*
 * A pending virtual NMI, unless one is being handled: enter the guest's
 * NMI callback (trap_ctxt[2], an interrupt gate: events masked) like an
 * exception without error code, and mask NMIs until HYPERVISOR_iret.
 * With no callback the NMI is dropped, as Xen does.  False: the guest
 * stack cannot take the frame.
 */
bool pv_bounce_nmi(struct vcpu *v, struct cpu_user_regs *regs)
{
    const struct trap_info *ti = &v->arch.pv.trap_ctxt[X86_EXC_NMI];
    struct trap_bounce tb = { .eip = ti->address, .cs = ti->cs };

    if ( !v->arch.pv.nmi_pending || v->arch.pv.nmi_masked )
        return true;
    v->arch.pv.nmi_pending = false;
    if ( !tb.eip )
    {
        printk(XENLOG_G_INFO "d%uv%u: NMI dropped: no NMI callback\n",
               v->domain->domain_id, v->vcpu_id);
        return true;
    }
    if ( TI_GET_IF(ti) )
        tb.flags |= TBF_INTERRUPT;
    if ( !create_bounce_frame(v, regs, &tb) )
        return false;
    v->arch.pv.nmi_masked = true;
    return true;
}

/*
 * A hardware NMI with nmi=dom0 (NMI context: flags only).  The reason
 * bits of shared_info.arch.nmi_reason (public/nmi.h) come from system
 * control port 0x61 (SERR#, I/O check), else "unknown"; dom0's vCPU 0
 * gets a virtual NMI, delivered on its next way back to the guest.
 */
void pv_hwdom_nmi(void)
{
    struct domain *d = hardware_domain;
    uint8_t port61 = inb(0x61);
    unsigned long reason = 0;

    if ( !d || !d->vcpu[0] || !d->shared_info )
        return;
    if ( port61 & 0x80 )
        reason |= XEN_NMIREASON_pci_serr;
    if ( port61 & 0x40 )
        reason |= XEN_NMIREASON_io_error;
    if ( !reason )
        reason = XEN_NMIREASON_unknown;
    __atomic_or_fetch(&d->shared_info->arch.nmi_reason, reason,
                      __ATOMIC_RELAXED);
    d->vcpu[0]->arch.pv.nmi_pending = true;
}

/*
 * Can the guest raise vector vec with "int n"?  The guest kernel counts
 * as ring 1, its user mode as ring 3 (Xen's permit_softint).
 */
static bool permit_softint(const struct vcpu *v, const struct trap_info *ti)
{
    return TI_GET_DPL(ti) >= (guest_kernel_mode(v) ? 1 : 3);
}

/*
 * Enter the guest kernel through tb for a system call (SYSCALL, SYSENTER,
 * int $0x80); a kernel stack that cannot take the frame ends the domain.
 */
static void syscall_enter(struct vcpu *v, struct cpu_user_regs *regs,
                          const struct trap_bounce *tb)
{
    if ( create_bounce_frame(v, regs, tb) )
        return;
    printk(XENLOG_ERR "d%uv%u: cannot deliver a system call: the kernel "
           "stack at %#lx cannot take the frame\n", v->domain->domain_id,
           v->vcpu_id, is_pv_32bit_vcpu(v) && guest_kernel_mode(v)
                       ? regs->rsp : v->arch.pv.kernel_sp);
    show_guest_registers(regs, v);
    domain_crash_sync();
}

/*
 * SYSCALL from guest user mode: 64-bit code comes through the LSTAR
 * entry (pv/hypercall.c), 32-bit code through CSTAR (pv_guest_trap).
 * Enter the kernel's syscall (resp. syscall32) callback through a bounce
 * frame without error code (RCX and R11 hold the user's RIP and RFLAGS,
 * as SYSCALL left them), masking events if the callback asked for it,
 * and with DF cleared, as Xen does.  No callback: #UD at the SYSCALL,
 * delivered through the trap table.
 */
static void syscall_bounce(struct cpu_user_regs *regs, bool compat)
{
    struct vcpu *v = current;
    struct trap_bounce tb = {
        .eip = compat ? v->arch.pv.syscall32_callback_eip
                      : v->arch.pv.syscall_callback_eip,
    };

    if ( compat ? v->arch.pv.syscall32_disables_events
                : (v->arch.pv.vgc_flags & VGCF_syscall_disables_events) )
        tb.flags = TBF_INTERRUPT;
    if ( !tb.eip )
    {
        regs->entry_vector = X86_EXC_UD;
        regs->error_code = 0;
        regs->rip -= 2;
        pv_guest_trap(regs);
        return;
    }
    syscall_enter(v, regs, &tb);
    regs->rflags &= ~X86_EFLAGS_DF;
}

void pv_syscall_from_user(struct cpu_user_regs *regs)
{
    syscall_bounce(regs, false);
}

/*
 * A 32-bit guest's SYSCALL (CSTAR; only AMD's CPUs allow it in
 * compatibility mode), from either ring, as Xen's compat entry: the frame
 * says it came from user space (FLAT_RING3_CS/DS: the CSTAR stub had the
 * 64-bit guests' selectors), EIP and EFLAGS are the ECX and R11 SYSCALL
 * left; the syscall32 callback (cs:eip) is entered, events masked if it
 * asked.  With no callback (a null selector) it is #GP(0) at the SYSCALL
 * instruction, through the trap table.
 */
static void compat_syscall(struct vcpu *v, struct cpu_user_regs *regs)
{
    struct trap_bounce tb = {
        .eip = v->arch.pv.syscall32_callback_eip,
        .cs = v->arch.pv.syscall32_callback_cs,
        .flags = v->arch.pv.syscall32_disables_events ? TBF_INTERRUPT : 0,
    };

    regs->cs = FLAT_COMPAT_RING3_CS;
    regs->ss = FLAT_COMPAT_RING3_DS;
    if ( !(tb.cs & ~3) )
    {
        regs->rip = (uint32_t)(regs->rip - 2);
        pv_inject_fault(regs, X86_EXC_GP, 0, 0);
        return;
    }
    syscall_enter(v, regs, &tb);
}

/*
 * SYSENTER (pv/compat/entry.S built the frame: CS 3, EIP and ESP 0), for
 * either kind of guest, as Xen: the sysenter callback (32-bit: cs:eip),
 * events masked if it asked; the frame's SS is the user data selector.
 * No callback: #GP(0) through the trap table, with the same frame.
 */
void pv_sysenter(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    bool compat = is_pv_32bit_vcpu(v);
    struct trap_bounce tb = {
        .eip = v->arch.pv.sysenter_callback_eip,
        .cs = v->arch.pv.sysenter_callback_cs,
        .flags = v->arch.pv.sysenter_disables_events ? TBF_INTERRUPT : 0,
    };

    regs->ss = compat ? FLAT_COMPAT_RING3_DS : FLAT_USER_SS;
    if ( !tb.eip || (compat && !(tb.cs & ~3)) )
    {
        pv_inject_fault(regs, X86_EXC_GP, 0, 0);
        return;
    }
    syscall_enter(v, regs, &tb);
}

/*
 * A #DB in the hypervisor at the first instructions of the SYSENTER
 * entry: SYSENTER keeps TF, so a guest single-stepping over it traps
 * there.  The guest's RFLAGS (with TF) are saved or about to be; TF is
 * cleared here and the entry goes on.  True if the #DB was that.
 */
bool pv_sysenter_debug(struct cpu_user_regs *regs)
{
    if ( regs->rip < (unsigned long)compat_sysenter_entry ||
         regs->rip > (unsigned long)compat_sysenter_clean )
        return false;
    regs->rflags &= ~X86_EFLAGS_TF;
    return true;
}

/*
 * int $0x80 through its DPL 3 gate (pv/compat/entry.S): with an entry
 * 0x80 in the trap table (32-bit: a non-null code selector), Xen 4.17
 * enters it directly, whatever the entry's DPL says, as a trap (resume
 * after the instruction), events masked if it is an interrupt gate.
 * Without one, it is what a DPL 0 gate would have made it: #GP with the
 * gate in the error code, at the instruction, judged as any "int n".
 */
void pv_int80_direct_trap(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    const struct trap_info *ti = &v->arch.pv.trap_ctxt[LEGACY_SYSCALL_VECTOR];
    struct trap_bounce tb = {
        .eip = ti->address,
        .cs = ti->cs,
        .flags = TI_GET_IF(ti) ? TBF_INTERRUPT : 0,
    };

    if ( is_pv_32bit_vcpu(v) ? (tb.cs & ~3) : tb.eip )
    {
        syscall_enter(v, regs, &tb);
        return;
    }
    /* Back at the instruction (32-bit code: a 32-bit EIP). */
    regs->rip -= 2;
    if ( is_pv_32bit_vcpu(v) )
        regs->rip = (uint32_t)regs->rip;
    pv_inject_fault(regs, X86_EXC_GP, (LEGACY_SYSCALL_VECTOR << 3) | 2, 0);
}

/*
 * The vector of the guest's "int n" that raised #GP with this error code,
 * or -1.  The error code names the IDT gate: the architecture puts the
 * vector at bit 3, QEMU's TCG (7.x) puts it at bit 4 (it scales by the
 * 16-byte gate size), so the instruction itself (CD nn) is read and must
 * agree with one of them.
 */
static int soft_int_vector(const struct cpu_user_regs *regs)
{
    uint8_t insn[2];
    unsigned int ec = regs->error_code;

    if ( (ec & 3) != 2 || copy_from_guest(insn, regs->rip, sizeof(insn)) ||
         insn[0] != 0xcd )
        return -1;
    if ( ec >> 3 == insn[1] || ec >> 4 == insn[1] )
        return insn[1];
    return -1;
}

/* regs->entry_vector at regs, with cr2 for a #PF: emulate, bounce or crash. */
static void guest_trap(struct cpu_user_regs *regs, unsigned long cr2)
{
    struct vcpu *v = current;
    unsigned int vec = regs->entry_vector;
    const struct trap_info *ti;
    struct trap_bounce tb = { 0 };
    int soft;
    bool compat;

    BUG_ON(!v);
    compat = is_pv_32bit_vcpu(v);
    /*
     * SYSCALL from 32-bit code (CSTAR): a 64-bit guest's user code, or a
     * 32-bit guest; from a 64-bit guest's kernel it stays fatal.
     */
    if ( vec == ENTRY_VECTOR_SYSCALL && compat )
    {
        compat_syscall(v, regs);
        return;
    }
    if ( vec == ENTRY_VECTOR_SYSCALL && !guest_kernel_mode(v) )
    {
        syscall_bounce(regs, true);
        return;
    }
    /* Privileged instructions the guest may use are emulated (pv/emul-priv.c). */
    if ( (vec == X86_EXC_GP && pv_emulate_privileged_op(regs)) ||
         (vec == X86_EXC_UD && pv_emulate_forced_op(regs)) )
        return;
    if ( vec == X86_EXC_DB )
        pv_debug_trap(v);
    /*
     * So are its stores to its own L1 page tables (pv/ptwr.c), with
     * interrupts on (the guest had them on; CR2 is read): dropping a
     * reference may need a TLB shootdown, which waits for other CPUs.
     */
    if ( vec == X86_EXC_PF )
    {
        bool done;

        local_irq_enable();
        done = pv_ptwr_emulate(regs, cr2);
        local_irq_disable();
        if ( done )
            return;
    }
    if ( vec == X86_EXC_NM )
    {
        /*
         * CR0.TS is only ever set for the guest (fpu_taskswitch): deliver
         * its #NM and clear TS, as Xen does; a stale TS just goes.
         */
        bool guest_ts = v->arch.pv.ctrlreg0_ts;

        pv_set_guest_ts(v, false);
        if ( !guest_ts )
            return;
    }
    if ( vec < X86_NR_EXCEPTIONS )
    {
        tb.error_code = regs->error_code;
        if ( (1u << vec) & X86_EXC_HAVE_EC )
            tb.flags |= TBF_EXCEPTION_ERRCODE;
        /* #GP from an IDT gate, not external: the guest's "int n". */
        if ( vec == X86_EXC_GP && (soft = soft_int_vector(regs)) >= 0 &&
             permit_softint(v, &v->arch.pv.trap_ctxt[soft]) )
        {
            vec = soft;
            tb.flags = 0;
            regs->rip += 2;         /* a trap: resume after the instruction */
        }
        else if ( vec == X86_EXC_PF )
        {
            if ( compat )
                *(uint32_t *)((uint8_t *)v->vcpu_info + COMPAT_VCPU_INFO_CR2) = cr2;
            else
                v->vcpu_info->arch.cr2 = cr2;
            /* The guest kernel is ring 0 to itself: "user" means user mode. */
            tb.error_code &= ~PFEC_USER;
            if ( !guest_kernel_mode(v) )
                tb.error_code |= PFEC_USER;
        }
        ti = &v->arch.pv.trap_ctxt[vec];
        tb.eip = ti->address;
        tb.cs = ti->cs;
        if ( TI_GET_IF(ti) )
            tb.flags |= TBF_INTERRUPT;
        if ( tb.eip && create_bounce_frame(v, regs, &tb) )
            return;
        if ( vec != regs->entry_vector )
        {
            regs->rip -= 2;
            vec = regs->entry_vector;
        }
    }

    printk(XENLOG_ERR "d%uv%u: unhandled %s (vector %u) in guest %s at "
           "%016lx, error code %#x%s\n", v->domain->domain_id, v->vcpu_id,
           guest_vector_name(vec), vec,
           guest_kernel_mode(v) ? "kernel" : "user mode",
           regs->rip, regs->error_code,
           vec < X86_NR_EXCEPTIONS && v->arch.pv.trap_ctxt[vec].address ?
           " (its stack cannot take the exception frame)" :
           " (no handler in the guest's trap table)");
    if ( vec == X86_EXC_PF )
        printk(XENLOG_ERR "Page fault address (CR2): %016lx\n", cr2);
    show_guest_registers(regs, v);
    domain_crash_sync();
}

void pv_guest_trap(struct cpu_user_regs *regs)
{
    guest_trap(regs, regs->entry_vector == X86_EXC_PF ? read_cr2() : 0);
}

void pv_inject_fault(struct cpu_user_regs *regs, unsigned int vec,
                     unsigned int ec, unsigned long cr2)
{
    regs->entry_vector = vec;
    regs->error_code = ec;
    guest_trap(regs, cr2);
}

/*
 * A refused IRETQ back to the guest (pv/entry.S).  A #PF there is a CS
 * or SS from the guest's LDT on a page not mapped yet: mapped now with
 * interrupts on and the IRETQ retried, or the guest's fault (pv/ldt.c).
 * Xen 4.17 delivers the other faults (#GP, #NP or #SS and its error
 * code, e.g. the refused selector) to the guest's handler, with the refused frame as the interrupted
 * context; the failsafe callback is not involved (64-bit Xen enters it
 * only when reloading data segments on a context switch fails).  With
 * no handler the domain is crashed, as for any other guest fault.
 */
static struct {
    uint32_t vector, error_code;
    unsigned long cr2;
} iret_fault[CONFIG_NR_CPUS];

void pv_iret_fault_note(const struct cpu_user_regs *regs)
{
    iret_fault[smp_processor_id()].vector = regs->entry_vector;
    iret_fault[smp_processor_id()].error_code = regs->error_code;
    iret_fault[smp_processor_id()].cr2 =
        regs->entry_vector == X86_EXC_PF ? read_cr2() : 0;
}

void pv_iret_fault(struct cpu_user_regs *regs)
{
    const struct vcpu *v = current;
    unsigned int cpu = smp_processor_id();

    regs->entry_vector = iret_fault[cpu].vector;
    regs->error_code = iret_fault[cpu].error_code;
    /* A CS or SS from the LDT whose page is not mapped yet (pv/ldt.c). */
    if ( regs->entry_vector == X86_EXC_PF &&
         pv_ldt_iret_fault(regs, iret_fault[cpu].cr2) )
        return;
    printk(XENLOG_G_INFO "d%uv%u: the CPU refused the return frame (RIP %016lx, "
           "CS %04x, SS %04x): %s, error code %#x, given to the guest\n",
           v->domain->domain_id, v->vcpu_id, regs->rip, regs->cs, regs->ss,
           guest_vector_name(regs->entry_vector), regs->error_code);
    pv_guest_trap(regs);
}

/*
 * HYPERVISOR_set_trap_table(const struct trap_info traps[]): load entries
 * of the virtual IDT, up to one whose address is 0; a NULL array clears
 * it.  Entries are checked (canonical handler address) and code selectors
 * get RPL 3, the 64-bit guest kernel's ring.  Preemptible.
 */
long do_set_trap_table(struct hc_args *a)
{
    struct trap_info *dst = current->arch.pv.trap_ctxt, cur;
    unsigned long traps = hc_ptr(a, 0);

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
        if ( cur.address >= GUEST_LOW_END && cur.address < 0xffff800000000000UL )
            return -EINVAL;         /* not canonical */
        if ( (cur.cs & 3) < 3 )
            cur.cs = (cur.cs & ~3) | 3;
        dst[cur.vector] = cur;
        traps += sizeof(cur);
        if ( hypercall_preempt_check() )
        {
            a->arg[0] = traps;
            return hypercall_continue(a);
        }
    }
}

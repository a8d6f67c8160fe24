/*
 * Running a 64-bit PV vCPU on a CPU: guest mode switches, and the last
 * work on the way back to it (pv_exit_to_guest), where softirqs run, the
 * scheduler among them (a context switch leaves from there: pv/context.c).
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/event.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <asm/msr.h>
#include <asm/pv.h>
#include <asm/processor.h>

/*
 * Switch v (running on this CPU) between guest kernel and user mode, as
 * Xen's toggle_guest_mode: flip VGCF_in_kernel, exchange the live GS base
 * with the inactive one (SWAPGS: the hypervisor uses no GS base), and load
 * the mode's page table (the user one, else the kernel's: Xen refuses
 * user mode without a user table earlier, in HYPERVISOR_iret).
 */
void pv_toggle_guest_mode(struct vcpu *v)
{
    unsigned long table;

    if ( guest_kernel_mode(v) )
        v->arch.pv.gs_base_kernel = rdmsr(MSR_GS_BASE);
    else
        v->arch.pv.gs_base_user = rdmsr(MSR_GS_BASE);
    v->arch.pv.vgc_flags ^= VGCF_in_kernel;
    __asm__ __volatile__ ("swapgs" ::: "memory");
    table = guest_kernel_mode(v) ? v->arch.guest_table
                                 : v->arch.guest_table_user;
    write_cr3((table ? table : v->arch.guest_table) << PAGE_SHIFT);

    /* Copies user mode's page table could not take (they map kernel memory). */
    if ( guest_kernel_mode(v) &&
         unlikely(v->runstate_guest_stale || v->time_guest_stale) )
    {
        if ( v->runstate_guest_stale )
            vcpu_runstate_area_update(v);
        if ( v->time_guest_stale )
            vcpu_time_area_update(v);
    }
}

/*
 * Last work before the IRETQ to the guest, interrupts off: pending
 * softirqs (timers may raise events), then an event upcall if one is
 * pending and not masked (Xen's test_guest_events): the guest's event
 * callback is entered with events masked, and its own frame saved below
 * it on the guest stack.  An interrupt arriving while the guest runs
 * comes back through here, so events reach a running guest too.  A
 * pending virtual NMI goes first (pv_bounce_nmi).
 */
void pv_exit_to_guest(void)
{
    unsigned int cpu = smp_processor_id();
    struct vcpu *v;
    struct cpu_user_regs *regs = guest_cpu_user_regs();

    while ( softirq_pending(cpu) )
    {
        /* SCHEDULE_SOFTIRQ may switch away and not come back here. */
        local_irq_enable();
        do_softirq();
        local_irq_disable();
    }
    v = current;

    /*
     * NMIs first, as Xen: the NMI callback runs with events masked.  The
     * flag is tested here so that the common exit makes no call for it.
     */
    if ( unlikely(v->arch.pv.nmi_pending) && !pv_bounce_nmi(v, regs) )
    {
        printk(XENLOG_ERR "d%uv%u: cannot deliver an NMI: the guest stack at "
               "%#lx cannot take the frame\n", v->domain->domain_id,
               v->vcpu_id, regs->rsp);
        domain_crash_sync();
    }
    if ( local_events_need_delivery(v) &&
         !pv_bounce_event_upcall(v, regs) &&
         v->arch.pv.event_callback_eip )
    {
        printk(XENLOG_ERR "d%uv%u: cannot deliver an event upcall: the guest "
               "stack at %#lx cannot take the frame\n", v->domain->domain_id,
               v->vcpu_id, regs->rsp);
        domain_crash_sync();
    }
}

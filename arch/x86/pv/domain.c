/*
 * Running a 64-bit PV vCPU on a CPU.  No scheduler yet: a vCPU is started
 * once (pv_vcpu_start) and keeps its CPU; between its entries into the
 * hypervisor the CPU runs nothing else, so only the softirqs have to be
 * fitted in on the way back (pv_exit_to_guest).
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <asm/msr.h>
#include <asm/pv.h>

static void write_cr3(unsigned long cr3)
{
    __asm__ __volatile__ ("mov %0, %%cr3" :: "r" (cr3) : "memory");
}

void pv_vcpu_start(struct vcpu *v)
{
    struct cpu_info *ci = get_cpu_info();

    BUG_ON(!v->is_initialised || !v->arch.guest_table);
    local_irq_disable();
    ci->current_vcpu = v;
    v->processor = smp_processor_id();
    v->runstate.state = RUNSTATE_running;
    v->runstate.state_entry_time = NOW();
    ci->guest_cpu_user_regs = v->arch.user_regs;

    /* The guest's L4 has the hypervisor's slots: this code stays mapped. */
    write_cr3(v->arch.guest_table << PAGE_SHIFT);

    /* Data segments as the guest starts with them (FLAT_KERNEL_DS: null), bases last. */
    __asm__ __volatile__ ("mov %0, %%ds; mov %0, %%es; mov %0, %%fs; mov %0, %%gs"
                          :: "r" (v->arch.user_regs.ds) : "memory");
    wrmsr(MSR_FS_BASE, v->arch.pv.fs_base);
    wrmsr(MSR_GS_BASE, v->arch.pv.gs_base_kernel);
    wrmsr(MSR_SHADOW_GS_BASE, v->arch.pv.gs_base_user);

    printk("d%uv%u: entering the guest at %#lx\n", v->domain->domain_id,
           v->vcpu_id, ci->guest_cpu_user_regs.rip);
    pv_enter_guest(&ci->guest_cpu_user_regs);
}

void pv_exit_to_guest(void)
{
    unsigned int cpu = smp_processor_id();

    while ( softirq_pending(cpu) )
    {
        local_irq_enable();
        do_softirq();
        local_irq_disable();
    }
}

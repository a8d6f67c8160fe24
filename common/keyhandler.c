/*
 * Debug keys (xen/keyhandler.h): the table of handlers, and the keys the
 * hypervisor itself offers:
 *   h  list every key        q  domains and vCPUs     d  each CPU's state
 *   0  dom0's vCPU registers e  event channels        m  memory
 *   t  time on each CPU      R  reboot the machine
 * Dumps read other subsystems' state without stopping them: a value may
 * be a moment old, but every pointer followed is one that lives for ever
 * (domains and vCPUs are never freed yet) or is read under its lock.
 */
#include <xen/lib.h>
#include <xen/console.h>
#include <xen/keyhandler.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/event.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/time.h>
#include <asm/msr.h>
#include <asm/pv.h>
#include <asm/traps.h>

#define NR_KEYS 128

static keyhandler_fn_t show_keys, dump_domains, dump_registers,
    dump_dom0_registers, dump_evtchns, dump_memory, dump_time, reboot_machine;

/*
 * A slot is free while fn is NULL.  register_keyhandler() fills desc and
 * irq_ok before publishing fn (release), readers load fn first (acquire).
 */
static struct keyhandler {
    keyhandler_fn_t *fn;
    const char *desc;
    bool irq_ok;
} keys[NR_KEYS] = {
    ['h'] = { show_keys, "list the debug keys", false },
    ['q'] = { dump_domains, "dump domains and vCPUs", false },
    ['d'] = { dump_registers, "dump registers and call trace of each CPU", false },
    ['0'] = { dump_dom0_registers, "dump dom0's vCPU registers", false },
    ['e'] = { dump_evtchns, "dump event channels", false },
    ['m'] = { dump_memory, "dump memory use", false },
    ['t'] = { dump_time, "show system time, TSC and wallclock on each CPU", false },
    ['R'] = { reboot_machine, "reboot the machine", true },
};

void register_keyhandler(unsigned char key, keyhandler_fn_t *fn,
                         const char *desc, bool irq_ok)
{
    BUG_ON(key >= NR_KEYS || !fn);
    BUG_ON(__atomic_load_n(&keys[key].fn, __ATOMIC_ACQUIRE));
    keys[key].desc = desc;
    keys[key].irq_ok = irq_ok;
    __atomic_store_n(&keys[key].fn, fn, __ATOMIC_RELEASE);
}

static keyhandler_fn_t *key_fn(unsigned char key)
{
    return key < NR_KEYS ? __atomic_load_n(&keys[key].fn, __ATOMIC_ACQUIRE)
                         : NULL;
}

bool keyhandler_irq_ok(unsigned char key)
{
    return key_fn(key) && keys[key].irq_ok;
}

void handle_keypress(unsigned char key)
{
    keyhandler_fn_t *fn = key_fn(key);

    if ( !fn )
        return;
    console_start_log_everything();
    fn(key);
    console_end_log_everything();
}

static void show_keys(unsigned char key)
{
    unsigned int i;

    printk("'%c' pressed -> the debug keys:\n", key);
    for ( i = 0; i < NR_KEYS; i++ )
        if ( key_fn(i) )
            printk("  key '%c' (%#04x): %s%s\n", i >= 0x20 && i < 0x7f ? i : ' ',
                   i, keys[i].desc, keys[i].irq_ok ? " [irq]" : "");
}

static const char *runstate_name(int state)
{
    static const char *const names[] = {
        [RUNSTATE_running] = "running", [RUNSTATE_runnable] = "runnable",
        [RUNSTATE_blocked] = "blocked", [RUNSTATE_offline] = "offline",
    };

    return state >= 0 && state < (int)ARRAY_SIZE(names) ? names[state] : "?";
}

static void dump_domains(unsigned char key)
{
    struct domain *d;
    unsigned int i;

    printk("'%c' pressed -> domains and vCPUs (system time %ld ns)\n", key,
           (long)NOW());
    for_each_domain ( d )
    {
        printk("Domain %u:%s%s %s, pages %lu (max %lu), %u event ports valid\n",
               d->domain_id, d->is_privileged ? " privileged" : "",
               d->is_hardware ? " hardware" : "",
               d->is_shut_down ? "shut down" :
               d->is_shutting_down ? "shutting down" : "running",
               d->tot_pages, d->max_pages, d->valid_evtchns);
        for ( i = 0; i < MAX_VIRT_CPUS; i++ )
        {
            const struct vcpu *v = d->vcpu[i];

            if ( !v )
                continue;
            printk("  VCPU%u: CPU%u %s, runstate %s, upcall pending %u "
                   "masked %u, selector %#lx\n", v->vcpu_id, v->processor,
                   vcpu_is_down(v) ? "down" : "up", runstate_name(v->runstate.state),
                   v->vcpu_info->evtchn_upcall_pending,
                   v->vcpu_info->evtchn_upcall_mask,
                   (unsigned long)v->vcpu_info->evtchn_pending_sel);
        }
    }
}

/* The registers of the code running now, for a trace from here. */
static void __attribute__((noinline)) capture_regs(struct cpu_user_regs *r)
{
    memset(r, 0, sizeof(*r));
    __asm__ __volatile__ (
        "lea 0(%%rip), %%rax; mov %%rax, %c[rip](%[r])\n\t"
        "mov %%rbx, %c[rbx](%[r]); mov %%r12, %c[r12](%[r])\n\t"
        "mov %%r13, %c[r13](%[r]); mov %%r14, %c[r14](%[r])\n\t"
        "mov %%r15, %c[r15](%[r]); mov %%rsp, %c[rsp](%[r])\n\t"
        "mov %%rbp, %c[rbp](%[r])\n\t"
        "pushf; pop %c[rflags](%[r])\n\t"
        "mov %%cs, %%eax; mov %%ax, %c[cs](%[r])\n\t"
        "mov %%ss, %%eax; mov %%ax, %c[ss](%[r])"
        :
        : [r] "r" (r),
          [rip] "i" (offsetof(struct cpu_user_regs, rip)),
          [rbx] "i" (offsetof(struct cpu_user_regs, rbx)),
          [r12] "i" (offsetof(struct cpu_user_regs, r12)),
          [r13] "i" (offsetof(struct cpu_user_regs, r13)),
          [r14] "i" (offsetof(struct cpu_user_regs, r14)),
          [r15] "i" (offsetof(struct cpu_user_regs, r15)),
          [rsp] "i" (offsetof(struct cpu_user_regs, rsp)),
          [rbp] "i" (offsetof(struct cpu_user_regs, rbp)),
          [rflags] "i" (offsetof(struct cpu_user_regs, rflags)),
          [cs] "i" (offsetof(struct cpu_user_regs, cs)),
          [ss] "i" (offsetof(struct cpu_user_regs, ss))
        : "rax", "memory");
}

/* On each CPU in turn (IPI): where it is, as registers and a call trace. */
static void dump_this_cpu(void *unused)
{
    struct cpu_user_regs regs;
    const struct vcpu *v = current;

    (void)unused;
    capture_regs(&regs);
    if ( v && !is_idle_vcpu(v) )
        printk("*** CPU%u, running for d%uv%u:\n", smp_processor_id(),
               v->domain->domain_id, v->vcpu_id);
    else
        printk("*** CPU%u, idle:\n", smp_processor_id());
    show_registers(&regs);
}

static void on_one_cpu(unsigned int cpu, void (*fn)(void *), void *data)
{
    cpumask_t mask = { { 0 } };

    if ( cpu == smp_processor_id() )
    {
        fn(data);
        return;
    }
    cpumask_set_cpu(cpu, &mask);
    on_selected_cpus(&mask, fn, data, true);
}

static void dump_registers(unsigned char key)
{
    unsigned int cpu;

    printk("'%c' pressed -> registers and call trace of each CPU\n", key);
    for_each_online_cpu ( cpu )
        on_one_cpu(cpu, dump_this_cpu, NULL);
}

/*
 * A vCPU's guest registers: its frame on its CPU's stack while that CPU
 * works for it, else the state saved for it.  Runs on v's CPU.
 */
static void dump_vcpu_guest_regs(void *data)
{
    const struct vcpu *v = data;
    const struct cpu_user_regs *r = current == v ? guest_cpu_user_regs()
                                                 : &v->arch.user_regs;

    printk("d%uv%u (CPU%u, %s, guest %s mode):\n", v->domain->domain_id,
           v->vcpu_id, v->processor, current == v ? "current" : "saved state",
           guest_kernel_mode(v) ? "kernel" : "user");
    printk("  RIP:    %04x:%016lx   RFLAGS: %016lx\n", r->cs, r->rip, r->rflags);
    printk("  rax: %016lx   rbx: %016lx   rcx: %016lx\n", r->rax, r->rbx, r->rcx);
    printk("  rdx: %016lx   rsi: %016lx   rdi: %016lx\n", r->rdx, r->rsi, r->rdi);
    printk("  rbp: %016lx   rsp: %016lx   r8:  %016lx\n", r->rbp, r->rsp, r->r8);
    printk("  r9:  %016lx   r10: %016lx   r11: %016lx\n", r->r9, r->r10, r->r11);
    printk("  r12: %016lx   r13: %016lx   r14: %016lx\n", r->r12, r->r13, r->r14);
    printk("  r15: %016lx   ss: %04x   page table mfn %#lx\n", r->r15, r->ss,
           v->arch.guest_table);
}

static void dump_dom0_registers(unsigned char key)
{
    struct domain *d = hardware_domain;
    unsigned int i;

    printk("'%c' pressed -> dom0's vCPU registers\n", key);
    if ( !d )
    {
        printk("  no dom0\n");
        return;
    }
    for ( i = 0; i < MAX_VIRT_CPUS; i++ )
    {
        struct vcpu *v = d->vcpu[i];

        if ( !v )
            continue;
        if ( vcpu_is_down(v) )
            printk("d%uv%u: down\n", d->domain_id, v->vcpu_id);
        else
            on_one_cpu(v->processor, dump_vcpu_guest_regs, v);
    }
}

static const char *evtchn_state_name(unsigned int state)
{
    static const char *const names[] = {
        [ECS_FREE] = "free", [ECS_RESERVED] = "reserved",
        [ECS_UNBOUND] = "unbound", [ECS_INTERDOMAIN] = "interdomain",
        [ECS_PIRQ] = "pirq", [ECS_VIRQ] = "virq", [ECS_IPI] = "ipi",
    };

    return state < ARRAY_SIZE(names) ? names[state] : "?";
}

static void dump_evtchns(unsigned char key)
{
    struct domain *d;
    unsigned int p;

    printk("'%c' pressed -> event channels\n", key);
    for_each_domain ( d )
    {
        const xen_ulong_t *mask = d->shared_info->evtchn_mask;

        printk("Domain %u event channels:\n", d->domain_id);
        spin_lock(&d->event_lock);
        for ( p = 1; p < d->valid_evtchns; p++ )
        {
            const struct evtchn *chn = &d->evtchn[p];

            if ( chn->state == ECS_FREE )
                continue;
            printk("  port %4u: %s", p, evtchn_state_name(chn->state));
            switch ( chn->state )
            {
            case ECS_UNBOUND:
                printk(" for d%u", chn->remote_dom);
                break;
            case ECS_INTERDOMAIN:
                printk(" to d%u port %u", chn->remote_dom, chn->u);
                break;
            case ECS_VIRQ:
            case ECS_PIRQ:
                printk(" %u", chn->u);
                break;
            }
            printk(", vcpu %u, pending %u, masked %u\n", chn->notify_vcpu,
                   evtchn_port_is_pending(d, p),
                   (unsigned int)((mask[p / 64] >> (p % 64)) & 1));
        }
        spin_unlock(&d->event_lock);
    }
}

static void dump_memory(unsigned char key)
{
    struct domain *d;

    printk("'%c' pressed -> memory: %lu RAM pages, %lu free in the heap\n",
           key, total_pages, heap_free_pages());
    for_each_domain ( d )
        printk("  d%u: %lu pages (max %lu)\n", d->domain_id, d->tot_pages,
               d->max_pages);
}

static struct clock_sample {
    s_time_t now;
    uint64_t tsc;
} clock_samples[CONFIG_NR_CPUS];

static void sample_clock(void *unused)
{
    struct clock_sample *s = &clock_samples[smp_processor_id()];

    (void)unused;
    s->now = NOW();
    s->tsc = rdtsc();
}

static void dump_time(unsigned char key)
{
    const struct domain *d = hardware_domain;
    s_time_t first = 0, last = 0;
    unsigned int cpu;

    /* All CPUs read their clocks at nearly the same moment. */
    on_selected_cpus(&cpu_online_map, sample_clock, NULL, true);
    printk("'%c' pressed -> time (TSC at %lu kHz)\n", key, (unsigned long)cpu_khz);
    for_each_online_cpu ( cpu )
    {
        const struct clock_sample *s = &clock_samples[cpu];

        printk("  CPU%u: system time %ld ns, TSC %lu\n", cpu, (long)s->now,
               (unsigned long)s->tsc);
        if ( !first || s->now < first )
            first = s->now;
        if ( s->now > last )
            last = s->now;
    }
    printk("  spread of the samples: %ld ns\n", (long)(last - first));
    if ( d )
    {
        uint64_t sec, ns;
        uint32_t wc_nsec;

        domain_wallclock_read(d, &sec, &wc_nsec);
        ns = wc_nsec + (uint64_t)NOW();
        sec += ns / 1000000000ULL;

        printk("  wallclock (dom0's): %lu.%09lu s since the epoch\n",
               (unsigned long)sec, (unsigned long)(ns % 1000000000ULL));
    }
}

static void reboot_machine(unsigned char key)
{
    printk("'%c' pressed -> rebooting the machine\n", key);
    machine_restart();
}

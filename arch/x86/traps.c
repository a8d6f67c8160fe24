/*
 * The IDT and exception handling.  Any exception the hypervisor takes in
 * its own context is a bug: it is reported (reason, registers, call trace)
 * and the machine is reset, or halted with `noreboot` -- except a fault on
 * a guest address in a fault-tolerant guest access, which resumes at its
 * fixup.  Exceptions from guest context belong to the guest
 * (arch/x86/pv/traps.c).  NMIs are logged and
 * survived unless `nmi=fatal`.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/param.h>
#include <xen/console.h>
#include <xen/shutdown.h>
#include <asm/desc.h>
#include <asm/guest_access.h>
#include <asm/irq.h>
#include <asm/pv.h>
#include <asm/pv-compat.h>
#include <asm/traps.h>
#include <asm/processor.h>

idt_entry_t idt_table[IDT_ENTRIES] __section(".bss.page_aligned")
    __aligned(PAGE_SIZE);

/* Stub addresses, one per vector (arch/x86/entry.S). */
extern const unsigned long entry_stubs[IDT_ENTRIES];

static const char *const exception_names[X86_NR_EXCEPTIONS] = {
    [X86_EXC_DE]  = "#DE divide error",
    [X86_EXC_DB]  = "#DB debug",
    [X86_EXC_NMI] = "NMI",
    [X86_EXC_BP]  = "#BP breakpoint",
    [X86_EXC_OF]  = "#OF overflow",
    [X86_EXC_BR]  = "#BR bound range exceeded",
    [X86_EXC_UD]  = "#UD invalid opcode",
    [X86_EXC_NM]  = "#NM device not available",
    [X86_EXC_DF]  = "#DF double fault",
    [X86_EXC_CSO] = "coprocessor segment overrun",
    [X86_EXC_TS]  = "#TS invalid TSS",
    [X86_EXC_NP]  = "#NP segment not present",
    [X86_EXC_SS]  = "#SS stack-segment fault",
    [X86_EXC_GP]  = "#GP general protection fault",
    [X86_EXC_PF]  = "#PF page fault",
    [X86_EXC_MF]  = "#MF x87 floating-point error",
    [X86_EXC_AC]  = "#AC alignment check",
    [X86_EXC_MC]  = "#MC machine check",
    [X86_EXC_XM]  = "#XM SIMD floating-point error",
    [X86_EXC_VE]  = "#VE virtualisation exception",
    [X86_EXC_CP]  = "#CP control protection",
    [X86_EXC_HV]  = "#HV hypervisor injection",
    [X86_EXC_VC]  = "#VC VMM communication",
    [X86_EXC_SX]  = "#SX security exception",
};

static const char *vector_name(unsigned int vec)
{
    if ( vec >= X86_NR_EXCEPTIONS )
        return "external interrupt";
    return exception_names[vec] ?: "reserved";
}

/*
 * nmi=fatal|dom0|ignore, Xen's option.  "dom0" logs NMIs and, once dom0
 * exists, raises a virtual NMI on its vCPU 0 (pv_hwdom_nmi).
 */
static enum { NMI_DOM0, NMI_IGNORE, NMI_FATAL } opt_nmi __read_mostly = NMI_DOM0;

static int parse_nmi(const char *s)
{
    if ( !strcmp(s, "dom0") )
        opt_nmi = NMI_DOM0;
    else if ( !strcmp(s, "ignore") )
        opt_nmi = NMI_IGNORE;
    else if ( !strcmp(s, "fatal") )
        opt_nmi = NMI_FATAL;
    else
        return -EINVAL;
    return 0;
}
custom_param("nmi", parse_nmi);

#define EFLAGS_IF       (1UL << 9)

#define GATE_INTR       0xe         /* 64-bit interrupt gate */
#define GATE_P          0x80

static void set_intr_gate(unsigned int vec, unsigned long addr,
                          unsigned int ist, unsigned int dpl)
{
    idt_table[vec].lo = (addr & 0xffff) | ((uint64_t)__HYPERVISOR_CS << 16) |
                        ((uint64_t)ist << 32) |
                        ((uint64_t)(GATE_P | (dpl << 5) | GATE_INTR) << 40) |
                        (((addr >> 16) & 0xffff) << 48);
    idt_table[vec].hi = addr >> 32;
}

void trap_init(void)
{
    unsigned int vec;

    BUILD_BUG_ON(offsetof(struct cpu_user_regs, r15) != UREGS_r15);
    BUILD_BUG_ON(offsetof(struct cpu_user_regs, rbp) != UREGS_rbp);
    BUILD_BUG_ON(offsetof(struct cpu_user_regs, r11) != UREGS_r11);
    BUILD_BUG_ON(offsetof(struct cpu_user_regs, rax) != UREGS_rax);
    BUILD_BUG_ON(offsetof(struct cpu_user_regs, rcx) != UREGS_rcx);
    BUILD_BUG_ON(offsetof(struct cpu_user_regs, error_code) != UREGS_error_code);
    BUILD_BUG_ON(offsetof(struct cpu_user_regs, entry_vector) != UREGS_entry_vector);
    BUILD_BUG_ON(offsetof(struct cpu_user_regs, rip) != UREGS_rip);
    BUILD_BUG_ON(offsetof(struct cpu_user_regs, cs) != UREGS_cs);
    BUILD_BUG_ON(offsetof(struct cpu_user_regs, rflags) != UREGS_rflags);
    BUILD_BUG_ON(offsetof(struct cpu_user_regs, rsp) != UREGS_rsp);
    BUILD_BUG_ON(offsetof(struct cpu_user_regs, ss) != UREGS_ss);
    BUILD_BUG_ON(offsetof(struct cpu_user_regs, es) != UREGS_es);
    BUILD_BUG_ON(sizeof(struct cpu_user_regs) != UREGS_size);
    BUILD_BUG_ON(sizeof(idt_entry_t) != 16);

    /*
     * Every gate has DPL 0, so a guest's "int n" raises #GP with the
     * vector in the error code (pv/traps.c decides what it meant), except
     * int3 and into, which guests use as such: DPL 3, as in Xen.
     */
    for ( vec = 0; vec < IDT_ENTRIES; vec++ )
        set_intr_gate(vec, entry_stubs[vec],
                      vec == X86_EXC_NMI ? IST_NMI :
                      vec == X86_EXC_DF ? IST_DF :
                      vec == X86_EXC_MC ? IST_MCE : IST_NONE,
                      vec == X86_EXC_BP || vec == X86_EXC_OF ? 3 : 0);
    /* 32-bit PV hypercalls: reachable from ring 1 only (pv/compat/entry.S). */
    set_intr_gate(HYPERCALL_VECTOR, (unsigned long)compat_int82_entry, IST_NONE, 1);
    /* int $0x80 from any guest ring: the direct system-call trap, as Xen. */
    set_intr_gate(LEGACY_SYSCALL_VECTOR, (unsigned long)compat_int80_entry,
                  IST_NONE, 3);
}

static void __noreturn halt_this_cpu(void)
{
    for ( ; ; )
        __asm__ __volatile__ ("cli; hlt" ::: "memory");
}

/*
 * The CPU reporting a fatal trap, or -1.  Only the first CPU to fail
 * reports and resets; a later failure on another CPU just stops that CPU.
 * A fault on the reporting CPU means the report itself failed: say so
 * briefly and reset, then (if even that faults) stop, so a broken fatal
 * path can never loop or escalate to a triple fault.
 */
static int fatal_cpu = -1;
static unsigned int fatal_nesting;

static void fatal_claim(const struct cpu_user_regs *regs)
{
    int me = smp_processor_id(), owner = -1;

    if ( __atomic_compare_exchange_n(&fatal_cpu, &owner, me, false,
                                     __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) )
        return;
    if ( owner != me )
        halt_this_cpu();

    /* The failed report may have died holding the console lock. */
    console_force_unlock();
    switch ( ++fatal_nesting )
    {
    case 1:
        printk(XENLOG_ERR "\nFault while reporting a fatal error: vector %u (%s)"
               " at %pS, error code %#x, cr2 %#lx\n",
               regs->entry_vector, vector_name(regs->entry_vector),
               (void *)regs->rip, regs->error_code, read_cr2());
        machine_halt_or_reboot();
    case 2:
        machine_halt_or_reboot();
    default:
        halt_this_cpu();
    }
}

static void show_page_fault(const struct cpu_user_regs *regs, unsigned long cr2)
{
    unsigned int ec = regs->error_code;

    printk(XENLOG_ERR "Page fault at %016lx: %s, %s%s, %s mode%s%s%s\n",
           cr2,
           ec & PFEC_PRESENT ? "protection violation" : "page not present",
           ec & PFEC_INSN ? "instruction fetch" :
           ec & PFEC_WRITE ? "write" : "read",
           ec & PFEC_SHSTK ? " (shadow stack)" : "",
           ec & PFEC_USER ? "user" : "supervisor",
           ec & PFEC_RSVD ? ", reserved bit set in a page-table entry" : "",
           ec & PFEC_PKEY ? ", protection key" : "",
           ec & PFEC_SGX ? ", SGX" : "");
}

/* #TS, #NP, #SS, #GP: a nonzero error code names a selector or IDT vector. */
static void show_selector_error(const struct cpu_user_regs *regs)
{
    unsigned int ec = regs->error_code;

    if ( !ec )
        return;
    if ( ec & 2 )
        printk(XENLOG_ERR "Error code refers to IDT vector %#x%s\n",
               (ec >> 3) & 0xff, ec & 1 ? " (external event)" : "");
    else
        printk(XENLOG_ERR "Error code refers to %s selector %#x%s\n",
               ec & 4 ? "LDT" : "GDT", ec & 0xfff8,
               ec & 1 ? " (external event)" : "");
}

/*
 * Overflowing the primary stack into its guard page makes the CPU fault on
 * the push of the #PF frame itself, which escalates to #DF (on its own IST
 * stack): either way %rsp or %cr2 ends up at the guard page.
 */
static void show_stack_overflow(const struct cpu_user_regs *regs,
                                unsigned long cr2)
{
    unsigned long guard =
        stack_guard_page((unsigned long)__builtin_frame_address(0));

    if ( (cr2 >= guard && cr2 < guard + PAGE_SIZE) ||
         (regs->rsp >= guard && regs->rsp <= guard + PAGE_SIZE) )
        printk(XENLOG_ERR "Stack overflow: %%rsp %016lx reached the guard page"
               " at %016lx\n", regs->rsp, guard);
}

static void __noreturn fatal_trap(const struct cpu_user_regs *regs)
{
    unsigned int vec = regs->entry_vector;
    unsigned long cr2 = read_cr2();

    fatal_claim(regs);
    console_force_unlock();

    printk(XENLOG_ERR "\n****************************************\n");
    printk(XENLOG_ERR "FATAL TRAP on CPU%u: vector %u (%s), error code %#x\n",
           smp_processor_id(), vec, vector_name(vec), regs->error_code);
    switch ( vec )
    {
    case X86_EXC_PF:
        show_page_fault(regs, cr2);
        show_stack_overflow(regs, cr2);
        break;
    case X86_EXC_DF:
        show_stack_overflow(regs, cr2);
        break;
    case X86_EXC_TS:
    case X86_EXC_NP:
    case X86_EXC_SS:
    case X86_EXC_GP:
        show_selector_error(regs);
        break;
    }
    show_registers(regs);
    printk(XENLOG_ERR "****************************************\n");
    machine_halt_or_reboot();
}

/* NMIs received on each CPU and not yet reported. */
static unsigned int nmi_unreported[CONFIG_NR_CPUS];

static void report_nmis(unsigned int cpu)
{
    unsigned int n = __atomic_exchange_n(&nmi_unreported[cpu], 0,
                                         __ATOMIC_RELAXED);

    if ( n == 1 )
        printk(XENLOG_WARNING "NMI received on CPU%u\n", cpu);
    else if ( n )
        printk(XENLOG_WARNING "NMI received on CPU%u (%u times)\n", cpu, n);
}

static void do_nmi(const struct cpu_user_regs *regs)
{
    unsigned int cpu = smp_processor_id();

    switch ( opt_nmi )
    {
    case NMI_IGNORE:
        return;
    case NMI_FATAL:
        fatal_trap(regs);
    case NMI_DOM0:
        pv_hwdom_nmi();
        break;
    }

    /*
     * The console lock is taken with interrupts off and is not recursive,
     * so if the NMI hit code running with interrupts off, this CPU may
     * hold it.  The report then waits for the exit of the next external
     * interrupt, which can only arrive where the lock is not held.
     */
    nmi_unreported[cpu]++;
    if ( regs->rflags & EFLAGS_IF )
        report_nmis(cpu);
}

void do_external_interrupt(struct cpu_user_regs *regs)
{
    do_IRQ(regs);
    if ( regs->rflags & EFLAGS_IF )
        report_nmis(smp_processor_id());
}

void do_trap(struct cpu_user_regs *regs)
{
    unsigned int vec = regs->entry_vector;
    unsigned long fixup;

    if ( vec == X86_EXC_NMI )
        do_nmi(regs);
    else if ( vec == X86_EXC_PF && pv_ldt_fault(regs, read_cr2()) )
        return;                 /* a guest LDT page mapped, or the guest's fault */
    else if ( guest_mode(regs) )
        pv_guest_trap(regs);
    else if ( regs->rip == (unsigned long)pv_guest_iretq &&
              (vec == X86_EXC_GP || vec == X86_EXC_NP || vec == X86_EXC_SS ||
               vec == X86_EXC_PF) )
    {
        pv_iret_fault_note(regs);   /* a refused guest frame (pv/entry.S) */
        regs->rip = search_exception_table(regs->rip);
    }
    else if ( (vec == X86_EXC_PF || vec == X86_EXC_GP || vec == X86_EXC_NP) &&
              (fixup = search_exception_table(regs->rip)) != 0 )
        regs->rip = fixup;      /* a guest access or selector load that faulted */
    else if ( vec == X86_EXC_DB && pv_sysenter_debug(regs) )
        return;                 /* a guest's TF carried in by SYSENTER */
    else if ( vec == X86_EXC_DB && pv_debug_in_hypervisor(regs) )
        return;                 /* a guest's data breakpoint (pv/debugreg.c) */
    else
        fatal_trap(regs);
}

void show_registers(const struct cpu_user_regs *regs)
{
    unsigned long cr0, cr2 = read_cr2(), cr3, cr4;
    unsigned int ds, es, fs, gs;

    __asm__ __volatile__ ("mov %%cr0, %0" : "=r" (cr0));
    __asm__ __volatile__ ("mov %%cr3, %0" : "=r" (cr3));
    __asm__ __volatile__ ("mov %%cr4, %0" : "=r" (cr4));
    __asm__ __volatile__ ("mov %%ds, %0" : "=r" (ds));
    __asm__ __volatile__ ("mov %%es, %0" : "=r" (es));
    __asm__ __volatile__ ("mov %%fs, %0" : "=r" (fs));
    __asm__ __volatile__ ("mov %%gs, %0" : "=r" (gs));

    printk(XENLOG_ERR "CPU:    %u\n", smp_processor_id());
    printk(XENLOG_ERR "RIP:    %04x:[<%016lx>] %pS\n",
           regs->cs, regs->rip, (void *)regs->rip);
    printk(XENLOG_ERR "RFLAGS: %016lx\n", regs->rflags);
    printk(XENLOG_ERR "rax: %016lx   rbx: %016lx   rcx: %016lx\n",
           regs->rax, regs->rbx, regs->rcx);
    printk(XENLOG_ERR "rdx: %016lx   rsi: %016lx   rdi: %016lx\n",
           regs->rdx, regs->rsi, regs->rdi);
    printk(XENLOG_ERR "rbp: %016lx   rsp: %016lx   r8:  %016lx\n",
           regs->rbp, regs->rsp, regs->r8);
    printk(XENLOG_ERR "r9:  %016lx   r10: %016lx   r11: %016lx\n",
           regs->r9, regs->r10, regs->r11);
    printk(XENLOG_ERR "r12: %016lx   r13: %016lx   r14: %016lx\n",
           regs->r12, regs->r13, regs->r14);
    printk(XENLOG_ERR "r15: %016lx   cr0: %016lx   cr4: %016lx\n",
           regs->r15, cr0, cr4);
    printk(XENLOG_ERR "cr3: %016lx   cr2: %016lx\n", cr3, cr2);
    printk(XENLOG_ERR "ds: %04x   es: %04x   fs: %04x   gs: %04x   "
           "ss: %04x   cs: %04x\n",
           ds, es, fs, gs, regs->ss, regs->cs);
    show_trace(regs);
}

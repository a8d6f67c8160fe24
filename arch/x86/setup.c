/*
 * __start_xen: the BSP's C entry, called by boot/head.S in long mode on
 * the boot page tables.  Brings the machine up in dependency order.
 */
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/console.h>
#include <xen/shutdown.h>
#include <xen/version.h>
#include <asm/fpu.h>
#include <asm/bootinfo.h>
#include <asm/boot_domains.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/mm.h>
#include <asm/pv.h>
#include <asm/pv-compat.h>
#include <asm/traps.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/pirq.h>
#include <xen/mm.h>
#include <xen/smp.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/spinlock.h>
#include <xen/dom0_options.h>
#include <xen/sched.h>

struct boot_info boot_info;

/*
 * Where dom0's command line starts in its module's string: Xen's rule.
 * GRUB 2 passes only the arguments; other loaders (GRUB legacy, QEMU)
 * put the module's file name first, which is dropped.
 */
static bool loader_is_grub2(const char *name)
{
    /* GRUB legacy says "GNU GRUB 0.97", GRUB 2 "GRUB 2.06". */
    for ( ; *name; name++ )
        if ( !strncmp(name, "GRUB ", 5) )
            return name[5] != '0';
    return false;
}

static const char *dom0_cmdline(const char *s)
{
    while ( *s == ' ' )
        s++;
    if ( loader_is_grub2(boot_info.loader_name) )
        return s;
    while ( *s && *s != ' ' )
        s++;
    while ( *s == ' ' )
        s++;
    return s;
}

/*
 * Give the frames of the boot modules back to the heap once every domain
 * has its copies: whole pages only, never the loader's information block.
 */
static void discard_boot_modules(void)
{
    unsigned int i;

    for ( i = 0; i < boot_info.nr_modules; i++ )
    {
        const struct boot_module *m = &boot_info.modules[i];
        paddr_t s = ROUNDUP(m->start, PAGE_SIZE);
        paddr_t e = ROUNDDOWN(m->start + m->size, PAGE_SIZE);

        if ( s >= e || (s < boot_info.mbi_end && e > boot_info.mbi_start) )
            continue;
        heap_add_ram(s >> PAGE_SHIFT, e >> PAGE_SHIFT);
    }
}

/* Build dom0 from module kernel (initrd: module initrd, if >= 0). */
static struct domain *build_dom0(int kernel, int initrd)
{
    const struct boot_module *image = &boot_info.modules[kernel];
    struct domain *d;
    unsigned int vcpus = min(dom0_vcpus_count(&dom0_vcpus, num_online_cpus()),
                             (unsigned int)MAX_VIRT_CPUS);
    unsigned int i;
    int rc;

    d = domain_create(0, true);
    if ( !d )
        panic("no memory for dom0's structures");
    /* vCPU 0 runs the kernel; it starts the others (VCPUOP_initialise/up). */
    for ( i = 0; i < vcpus; i++ )
        if ( !vcpu_create(d, i) )
            panic("no memory for dom0's vCPU %u", i);
    d->is_hardware = true;
    hardware_domain = d;
    rc = dom0_construct_pv(d, image, initrd >= 0 ? &boot_info.modules[initrd] : NULL,
                           dom0_cmdline(image->cmdline));
    if ( rc )
        panic("Could not set up dom0 (%d)", rc);
    return d;
}

/*
 * Build the boot-time domains of a device-tree module (first, so that
 * dom0's default memory is what they leave), then dom0 from the modules
 * left for it, and run dom0 here, or else the first boot-time domain.
 */
static void __noreturn start_domains(void)
{
    struct domain *dom0 = NULL, *first, *d;
    int kernel, initrd;

    boot_domains_parse();
    first = boot_domains_build();
    if ( boot_domains_dom0_modules(&kernel, &initrd) )
        dom0 = build_dom0(kernel, initrd);
    discard_boot_modules();
    console_endboot();
    if ( !dom0 && first )
    {
        /* No dom0: the machine follows this domain's shutdown instead. */
        lead_domain = first;
        printk("Boot complete; no dom0, starting d%u.\n", first->domain_id);
    }
    else if ( dom0 )
        printk("Boot complete; starting dom0.\n");
    else
        printk("Boot complete; no domain could be built, idling.\n");
    /* Every domain built runs: the scheduler shares the CPUs among them. */
    for_each_domain ( d )
        if ( d->vcpu[0] && d->vcpu[0]->is_initialised && !d->is_shut_down )
            vcpu_up(d->vcpu[0]);
    idle_loop();
}

static void unknown_option(const char *opt)
{
    printk(XENLOG_WARNING "Unknown command line option '%s' ignored\n", opt);
}

void parse_cmdline(const char *cmdline)
{
    extern const struct kernel_param __param_start[], __param_end[];
    const char *s = cmdline, *word;

    /* Loaders put the image's own path first: drop a first word without '='. */
    while ( *s == ' ' )
        s++;
    for ( word = s; *s && *s != ' ' && *s != '='; s++ )
        ;
    if ( *s == '=' )
        s = word;
    while ( *s == ' ' )
        s++;
    strlcpy(saved_cmdline, s, CMDLINE_SIZE);
    parse_params(saved_cmdline, __param_start, __param_end, unknown_option);
}

void __noreturn __start_xen(uint32_t mb_magic, uint32_t mb_info);
void __noreturn __start_xen(uint32_t mb_magic, uint32_t mb_info)
{
    int mb_ok;

    get_cpu_info()->processor_id = 0;
    /* Exceptions are reported (not triple faults) from here on. */
    trap_init();
    percpu_traps_init();

    mb_ok = multiboot_parse(mb_magic, mb_info, &boot_info);
    parse_cmdline(boot_info.cmdline);
    console_init();

    printk("%s version %s (%s) built %s\n", XEN_BANNER_NAME, XEN_VERSION_STRING,
           XEN_COMPILER, XEN_BUILD_DATE);
    printk("Boot loader: %s (Multiboot%u)\n",
           *boot_info.loader_name ? boot_info.loader_name : "unknown",
           boot_info.mb_version);
    printk("Command line: %s\n", saved_cmdline);
    if ( mb_ok )
        panic("cannot continue without Multiboot information");

    memory_init(&boot_info);
    stack_guard_init();
    if ( percpu_gdt_map(0) || pv_syscall_stub_alloc(0) )
        panic("no memory for the BSP's GDT mapping or SYSCALL stubs");
    pv_syscall_percpu_init();
    fpu_percpu_init();
    m2p_init();
    compat_m2p_init();

    acpi_boot_init();
    apic_bsp_init();
    io_apic_init();
    pirq_init();
    time_init();
    timer_init();
    local_irq_enable();
    console_init_postirq();

    scheduler_init();
    smp_boot_cpus();
    time_selfcheck();
    crash_test_run();
    sched_cpu_join();

    if ( boot_info.nr_modules )
        start_domains();
    console_endboot();
    printk("Boot complete; no dom0 kernel (no Multiboot module), idling.\n");
    idle_loop();
}

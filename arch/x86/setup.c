/*
 * __start_xen: the BSP's C entry, called by boot/head.S in long mode on
 * the boot page tables.  Brings the machine up in dependency order.
 */
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/console.h>
#include <xen/shutdown.h>
#include <xen/version.h>
#include <asm/bootinfo.h>
#include <asm/current.h>
#include <asm/traps.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <xen/mm.h>
#include <xen/smp.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/spinlock.h>

struct boot_info boot_info;

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

    acpi_boot_init();
    apic_bsp_init();
    io_apic_init();
    time_init();
    timer_init();
    local_irq_enable();

    smp_boot_cpus();
    time_selfcheck();
    crash_test_run();

    printk("Boot complete; no domain to run yet, idling.\n");
    idle_loop();
}

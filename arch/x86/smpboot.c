/*
 * Start-up of the application processors (APs) the MADT lists.
 *
 * The BSP starts one AP at a time with INIT, 10 ms, STARTUP, STARTUP
 * (Intel SDM Vol. 3, "MP Initialization Protocol"), the STARTUP vector
 * naming the page below 1 MiB where the real-mode trampoline was copied
 * (boot/trampoline.S).  Before the IPIs the BSP gives the AP a stack with
 * its struct cpu_info filled in, and its GDT/TSS/IST stacks; the AP
 * initialises its own traps, LAPIC and timer queue, announces itself and
 * idles.  CPU numbers are handed out densely in MADT order, the BSP being
 * CPU 0; a number is only consumed by an AP that came up.
 */
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/spinlock.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/smp.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/sched.h>
#include <asm/fpu.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/bootinfo.h>
#include <asm/page.h>
#include <asm/smp.h>
#include <asm/traps.h>
#include <asm/pv.h>
#include <asm/processor.h>
#include "smpboot.h"

unsigned int opt_maxcpus;
integer_param("maxcpus", opt_maxcpus);

/* CPU 0 is the BSP: present and online from its first instruction. */
cpumask_t cpu_present_map = { { 1UL } };
cpumask_t cpu_online_map = { { 1UL } };
uint32_t x86_cpu_to_apicid[CONFIG_NR_CPUS];

pgentry_t ap_tmp_l4[512] __aligned(PAGE_SIZE) __section(".bss.page_aligned");
pgentry_t ap_tmp_l3[512] __aligned(PAGE_SIZE) __section(".bss.page_aligned");
pgentry_t ap_tmp_l2[512] __aligned(PAGE_SIZE) __section(".bss.page_aligned");
unsigned long ap_boot_cr3, ap_boot_cr0, ap_boot_cr4;
unsigned long ap_boot_stack;

/* Longest an AP may take from INIT to calling in before it is given up. */
#define AP_CALLIN_SECONDS 5

/*
 * Handshake with the AP being started.  The BSP sets WAITING before the
 * IPIs.  The AP, once initialised, moves WAITING -> ARRIVED; the BSP, at
 * its deadline, WAITING -> ABANDONED.  Both compare-and-exchange, so
 * exactly one wins: an AP never goes online after the BSP gave up on it.
 */
enum { AP_WAITING, AP_ARRIVED, AP_ABANDONED };
static unsigned int ap_boot_state;

static bool overlaps(paddr_t s1, paddr_t e1, paddr_t s2, paddr_t e2)
{
    return s1 < e2 && s2 < e1;
}

/* Is [s, e) RAM in the firmware's map, touching nothing that is not? */
static bool range_is_ram(paddr_t s, paddr_t e)
{
    const struct boot_info *bi = &boot_info;
    bool in_ram = false;
    unsigned int i;

    if ( !bi->nr_e820 )
        return e <= (bi->mem_lower_kb << 10);
    for ( i = 0; i < bi->nr_e820; i++ )
    {
        const struct e820entry *r = &bi->e820[i];

        if ( r->type != E820_RAM )
        {
            if ( overlaps(s, e, r->addr, r->addr + r->size) )
                return false;
        }
        else if ( r->addr <= s && e <= r->addr + r->size )
            in_ram = true;
    }
    return in_ram;
}

static bool string_overlaps(const char *str, paddr_t s, paddr_t e)
{
    paddr_t pa;

    if ( !str || !*str )
        return false;
    pa = __pa(str);
    return overlaps(pa, pa + strlen(str) + 1, s, e);
}

/* Does [s, e) hold anything of the loader's we may still read? */
static bool range_has_boot_data(paddr_t s, paddr_t e)
{
    const struct boot_info *bi = &boot_info;
    unsigned int i;

    if ( overlaps(s, e, bi->mbi_start, bi->mbi_end) ||
         string_overlaps(bi->cmdline, s, e) ||
         string_overlaps(bi->loader_name, s, e) )
        return true;
    for ( i = 0; i < bi->nr_modules; i++ )
        if ( overlaps(s, e, bi->modules[i].start,
                      bi->modules[i].start + bi->modules[i].size) ||
             string_overlaps(bi->modules[i].cmdline, s, e) )
            return true;
    return false;
}

/*
 * The trampoline page: the highest page of conventional memory that is RAM
 * and holds no loader data (the info block, modules and their command
 * lines).  A STARTUP IPI can only name a page below 1 MiB; page 0 holds
 * the real-mode IVT and BIOS data.  The heap never hands out the first
 * MiB, so the page stays ours for as long as CPUs may be started.
 * Returns 0 if there is none.
 */
static paddr_t find_trampoline_page(void)
{
    paddr_t pa;

    for ( pa = 0x100000 - PAGE_SIZE; pa >= PAGE_SIZE; pa -= PAGE_SIZE )
        if ( range_is_ram(pa, pa + PAGE_SIZE) &&
             !range_has_boot_data(pa, pa + PAGE_SIZE) )
            return pa;
    return 0;
}

/*
 * Copy the trampoline and fill in what APs adopt from the BSP.  The
 * temporary tables identity-map the low 2 MiB (the trampoline page) for the
 * switch to long mode, and share the BSP's upper half (the image, the
 * direct map) so the AP can reach its C code before taking the BSP's CR3.
 */
static paddr_t trampoline_setup(void)
{
    paddr_t pa = find_trampoline_page();
    const pgentry_t *live;

    BUG_ON((size_t)(trampoline_end - trampoline_start) > PAGE_SIZE);
    if ( !pa )
        return 0;
    memcpy(__va(pa), trampoline_start, trampoline_end - trampoline_start);

    ap_boot_cr0 = read_cr0();
    ap_boot_cr3 = read_cr3();
    ap_boot_cr4 = read_cr4();

    live = __va(ap_boot_cr3 & PADDR_MASK);
    memcpy(&ap_tmp_l4[256], &live[256], 256 * sizeof(pgentry_t));
    ap_tmp_l4[0] = __pa(ap_tmp_l3) | _PAGE_PRESENT | _PAGE_RW;
    ap_tmp_l3[0] = __pa(ap_tmp_l2) | _PAGE_PRESENT | _PAGE_RW;
    ap_tmp_l2[0] = _PAGE_PRESENT | _PAGE_RW | _PAGE_PSE;

    printk(XENLOG_INFO "SMP: AP trampoline at %#lx\n", pa);
    return pa;
}

static void send_ipi_checked(unsigned int cpu, uint32_t apic_id,
                             uint32_t icr, const char *what)
{
    apic_send_ipi(apic_id, icr);
    if ( !apic_wait_icr_idle() )
        printk(XENLOG_WARNING "CPU%u: APIC id %u did not accept the %s IPI\n",
               cpu, apic_id, what);
}

/*
 * Start the AP with APIC id apic_id as CPU number cpu, on stack (STACK_SIZE
 * bytes, STACK_SIZE aligned, its trap tables already allocated).  Returns
 * 0 once it is online, or -ETIMEDOUT after stopping it again with INIT;
 * the stack may then be reused for the same CPU number.  *stack_used is
 * set if the AP ran on the stack (it may have unmapped its guard page).
 */
static int boot_one_cpu(unsigned int cpu, uint32_t apic_id, void *stack,
                        paddr_t trampoline, bool *stack_used)
{
    struct cpu_info *ci = stack + STACK_SIZE - CPU_INFO_SIZE;
    uint32_t sipi = APIC_DM_STARTUP | (trampoline >> PAGE_SHIFT);
    unsigned int state = AP_WAITING;
    s_time_t deadline;
    bool took_stack;

    memset(ci, 0, sizeof(*ci));
    ci->processor_id = cpu;
    ci->apic_id = apic_id;
    x86_cpu_to_apicid[cpu] = apic_id;
    cpumask_set_cpu(cpu, &cpu_present_map);
    __atomic_store_n(&ap_boot_state, AP_WAITING, __ATOMIC_SEQ_CST);
    /* Sequentially consistent: globally visible before the ICR write. */
    __atomic_store_n(&ap_boot_stack, (unsigned long)ci, __ATOMIC_SEQ_CST);

    send_ipi_checked(cpu, apic_id,
                     APIC_DM_INIT | APIC_INT_ASSERT | APIC_INT_LEVELTRIG, "INIT");
    mdelay(10);
    send_ipi_checked(cpu, apic_id, sipi, "STARTUP");
    udelay(200);
    send_ipi_checked(cpu, apic_id, sipi, "STARTUP");
    udelay(200);

    deadline = NOW() + SECONDS(AP_CALLIN_SECONDS);
    while ( __atomic_load_n(&ap_boot_state, __ATOMIC_SEQ_CST) == AP_WAITING &&
            NOW() < deadline )
        cpu_relax();

    if ( __atomic_compare_exchange_n(&ap_boot_state, &state, AP_ABANDONED,
                                     false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) )
    {
        /* Too late from here on: back to wait-for-SIPI, where it stays. */
        took_stack = !__atomic_exchange_n(&ap_boot_stack, 0, __ATOMIC_SEQ_CST);
        *stack_used |= took_stack;
        send_ipi_checked(cpu, apic_id,
                         APIC_DM_INIT | APIC_INT_ASSERT | APIC_INT_LEVELTRIG,
                         "INIT");
        cpumask_clear_cpu(cpu, &cpu_present_map);
        printk(XENLOG_ERR "CPU%u: APIC id %u did not come up within %us "
               "(%s); continuing without it\n", cpu, apic_id, AP_CALLIN_SECONDS,
               took_stack ? "stuck in its C start-up"
                          : "never reached 64-bit code");
        return -ETIMEDOUT;
    }

    /* It called in: it marks itself online right after announcing itself. */
    while ( !cpumask_test_cpu(cpu, &cpu_online_map) )
        cpu_relax();
    return 0;
}

void start_secondary(void)
{
    unsigned int cpu = smp_processor_id(), state = AP_WAITING;

    percpu_traps_init();
    pv_syscall_percpu_init();
    fpu_percpu_init();
    setup_local_apic();
    timer_percpu_init();

    if ( !__atomic_compare_exchange_n(&ap_boot_state, &state, AP_ARRIVED,
                                      false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) )
    {
        /* The BSP gave up on us; its INIT is on the way. */
        for ( ; ; )
            __asm__ __volatile__("cli; hlt");
    }

    printk("CPU%u: APIC id %u online\n", cpu, get_apic_id());
    cpumask_set_cpu(cpu, &cpu_online_map);
    sched_cpu_join();
    local_irq_enable();
    idle_loop();
}

void smp_boot_cpus(void)
{
    uint32_t bsp_apic_id = get_apic_id();
    unsigned int limit = CONFIG_NR_CPUS, cpu = 1, skipped = 0, i;
    paddr_t trampoline = 0;
    void *stack = NULL;
    bool stack_used = false;

    get_cpu_info()->apic_id = bsp_apic_id;
    x86_cpu_to_apicid[0] = bsp_apic_id;
    smp_intr_init();

    if ( opt_maxcpus && opt_maxcpus < limit )
        limit = opt_maxcpus;

    for ( i = 0; i < acpi_nr_cpus; i++ )
    {
        uint32_t apic_id = acpi_cpus[i].apic_id;

        if ( !acpi_cpus[i].enabled || apic_id == bsp_apic_id )
            continue;
        if ( cpu >= limit )
        {
            skipped++;
            continue;
        }
        if ( !trampoline && !(trampoline = trampoline_setup()) )
        {
            printk(XENLOG_ERR "SMP: no free page below 1 MiB for the AP "
                   "trampoline; running on the BSP only\n");
            break;
        }
        /* A failed AP leaves its stack and number to the next one. */
        if ( !stack )
        {
            stack = alloc_xenheap_pages(STACK_ORDER);
            if ( stack && cpu_traps_alloc(cpu) )
            {
                free_xenheap_pages(stack, STACK_ORDER);
                stack = NULL;
            }
            if ( !stack )
            {
                printk(XENLOG_ERR "CPU%u: out of memory for its stacks; "
                       "not starting APIC id %u or later CPUs\n", cpu, apic_id);
                break;
            }
        }
        if ( !boot_one_cpu(cpu, apic_id, stack, trampoline, &stack_used) )
        {
            cpu++;
            stack = NULL;
            stack_used = false;
        }
    }
    /* A stack a failed AP ran on may lack its guard page: never reuse it. */
    if ( stack && !stack_used )
        free_xenheap_pages(stack, STACK_ORDER);
    if ( skipped )
        printk("SMP: %u more CPU%s listed but not started (maxcpus=%u, "
               "NR_CPUS=%u)\n", skipped, skipped > 1 ? "s" : "", opt_maxcpus,
               CONFIG_NR_CPUS);

    printk("Brought up %u CPUs\n", num_online_cpus());
    smp_ipi_selfcheck();
}

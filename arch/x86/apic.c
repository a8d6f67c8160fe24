/*
 * Local APIC: enable, interrupt acknowledge, IPIs and the one-shot timer.
 * Every CPU runs in the same mode, chosen once by the BSP: x2APIC (MSRs)
 * when the CPU has it and the firmware or the x2apic option allow, else
 * xAPIC through the MMIO page.
 */
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/cpuid.h>
#include <asm/i8259.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <asm/msr.h>
#include <xen/mm.h>
#include <xen/spinlock.h>

/* Register offsets in the xAPIC page; x2APIC MSR = 0x800 + offset / 16. */
#define APIC_ID         0x020
#define APIC_LVR        0x030
#define APIC_TPR        0x080
#define APIC_EOI        0x0b0
#define APIC_SVR        0x0f0
#define APIC_ISR        0x100
#define APIC_ESR        0x280
#define APIC_LVT_CMCI   0x2f0
#define APIC_ICR        0x300
#define APIC_ICR2       0x310
#define APIC_LVT_TIMER  0x320
#define APIC_LVT_THERM  0x330
#define APIC_LVT_PERF   0x340
#define APIC_LVT_LINT0  0x350
#define APIC_LVT_LINT1  0x360
#define APIC_LVT_ERROR  0x370
#define APIC_TMICT      0x380
#define APIC_TMCCT      0x390
#define APIC_TDCR       0x3e0

#define APIC_SVR_ENABLE     0x100
#define APIC_LVT_MASKED     0x10000
#define APIC_ICR_BUSY       0x1000
#define APIC_TDCR_DIV_1     0xb

/* Timer calibration: the best of CAL_RUNS windows of CAL_MS. */
#define CAL_MS      10
#define CAL_RUNS    3

static bool opt_x2apic = true;
boolean_param("x2apic", opt_x2apic);

static bool x2apic_mode;
static uint8_t *lapic_mmio;
/* LAPIC timer ticks per ns, as 32.32 fixed point (divide-by-1 clock). */
static uint64_t apic_timer_mul;

static uint32_t apic_read(unsigned int reg)
{
    if ( x2apic_mode )
        return rdmsr(MSR_X2APIC_FIRST + (reg >> 4));
    return readl(lapic_mmio + reg);
}

static void apic_write(unsigned int reg, uint32_t val)
{
    if ( x2apic_mode )
        wrmsr(MSR_X2APIC_FIRST + (reg >> 4), val);
    else
        writel(val, lapic_mmio + reg);
}

uint32_t get_apic_id(void)
{
    uint32_t id = apic_read(APIC_ID);

    return x2apic_mode ? id : id >> 24;
}

void ack_APIC_irq(void)
{
    apic_write(APIC_EOI, 0);
}

bool apic_wait_icr_idle(void)
{
    unsigned int i;

    /* x2APIC has no delivery status: an ICR write is accepted at once. */
    if ( x2apic_mode )
        return true;
    for ( i = 0; i < 100000; i++ )
    {
        if ( !(apic_read(APIC_ICR) & APIC_ICR_BUSY) )
            return true;
        udelay(10);
    }
    return false;
}

void apic_send_ipi(uint32_t apic_id, uint32_t icr_low)
{
    unsigned long flags = local_save_flags();

    /* An interrupt handler sending an IPI must not split our two writes. */
    local_irq_disable();
    if ( x2apic_mode )
    {
        /*
         * WRMSR to the ICR does not wait for earlier stores: fence so the
         * target sees whatever this IPI announces.
         */
        __asm__ __volatile__("mfence; lfence" ::: "memory");
        wrmsr(MSR_X2APIC_FIRST + (APIC_ICR >> 4),
              ((uint64_t)apic_id << 32) | icr_low);
    }
    else
    {
        if ( !apic_wait_icr_idle() )
            printk(XENLOG_ERR "APIC: ICR stuck busy, sending anyway\n");
        apic_write(APIC_ICR2, apic_id << 24);
        apic_write(APIC_ICR, icr_low);
    }
    local_irq_restore(flags);
}

static bool isr_empty(void)
{
    unsigned int i;

    for ( i = 0; i < 8; i++ )
        if ( apic_read(APIC_ISR + i * 0x10) )
            return false;
    return true;
}

void setup_local_apic(void)
{
    uint64_t base = rdmsr(MSR_IA32_APIC_BASE);
    unsigned int maxlvt, i;

    /* x2APIC can only be entered from the enabled xAPIC state. */
    if ( !(base & APIC_BASE_ENABLE) )
    {
        base |= APIC_BASE_ENABLE;
        wrmsr(MSR_IA32_APIC_BASE, base);
    }
    if ( x2apic_mode && !(base & APIC_BASE_EXTD) )
        wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_EXTD);

    maxlvt = (apic_read(APIC_LVR) >> 16) & 0xff;

    /* Accept every priority; software-enable with our spurious vector. */
    apic_write(APIC_TPR, 0);
    apic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_APIC_VECTOR);

    /*
     * Device interrupts come through the IO-APIC, so the 8259's ExtINT
     * line (LINT0) stays masked; LINT1 carries the board's NMI, which the
     * BSP alone takes.
     */
    apic_write(APIC_LVT_LINT0, APIC_LVT_MASKED);
    apic_write(APIC_LVT_LINT1, (base & APIC_BASE_BSP) ? APIC_DM_NMI
                                                      : APIC_LVT_MASKED);
    apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
    apic_write(APIC_TDCR, APIC_TDCR_DIV_1);
    apic_write(APIC_TMICT, 0);
    if ( maxlvt >= 4 )
        apic_write(APIC_LVT_PERF, APIC_LVT_MASKED);
    if ( maxlvt >= 5 )
        apic_write(APIC_LVT_THERM, APIC_LVT_MASKED);
    if ( maxlvt >= 6 )
        apic_write(APIC_LVT_CMCI, APIC_LVT_MASKED);
    apic_write(APIC_LVT_ERROR, ERROR_APIC_VECTOR);
    /* The ESR latches on write; two writes clear what firmware left. */
    apic_write(APIC_ESR, 0);
    apic_write(APIC_ESR, 0);

    /* Retire interrupts firmware left in service, or they block ours. */
    for ( i = 0; i < 256 && !isr_empty(); i++ )
        ack_APIC_irq();

    /* Timer interrupts only once calibrated (apic_timer_set_deadline). */
    if ( apic_timer_mul )
        apic_write(APIC_LVT_TIMER, LOCAL_TIMER_VECTOR);
}

static void spurious_interrupt(struct cpu_user_regs *regs)
{
    /* A spurious-vector delivery sets no ISR bit: it must not be EOIed. */
}

static void error_interrupt(struct cpu_user_regs *regs)
{
    static unsigned int count;
    uint32_t esr;

    apic_write(APIC_ESR, 0);
    esr = apic_read(APIC_ESR);
    ack_APIC_irq();
    /* Report the 1st, 2nd, 4th, 8th, ... error. */
    count++;
    if ( !(count & (count - 1)) )
        printk(XENLOG_WARNING "APIC error on CPU%u: ESR %#x (%u so far)\n",
               smp_processor_id(), esr, count);
}

static void timer_interrupt(struct cpu_user_regs *regs)
{
    ack_APIC_irq();
    raise_softirq(TIMER_SOFTIRQ);
}

void apic_bsp_init(void)
{
    uint64_t base;
    paddr_t addr;

    if ( !(cpuid(1).d & CPUID1_EDX_APIC) )
        panic("This CPU has no local APIC");

    init_8259A();

    base = rdmsr(MSR_IA32_APIC_BASE);
    /* Firmware may have entered x2APIC already; there is no way back. */
    x2apic_mode = (base & APIC_BASE_EXTD) ||
                  (opt_x2apic && (cpuid(1).c & CPUID1_ECX_X2APIC));
    if ( !x2apic_mode )
    {
        addr = base & APIC_BASE_ADDR_MASK;
        if ( acpi_lapic_addr && acpi_lapic_addr != addr )
            printk(XENLOG_WARNING "APIC: MADT says %#lx, the CPU %#lx; "
                   "using the CPU's\n", acpi_lapic_addr, addr);
        lapic_mmio = ioremap(addr, PAGE_SIZE);
        if ( !lapic_mmio )
            panic("Cannot map the local APIC at %#lx", addr);
    }

    set_direct_apic_vector(SPURIOUS_APIC_VECTOR, spurious_interrupt);
    set_direct_apic_vector(ERROR_APIC_VECTOR, error_interrupt);
    set_direct_apic_vector(LOCAL_TIMER_VECTOR, timer_interrupt);

    setup_local_apic();
    printk("APIC: %s mode, BSP APIC id %u, version %#x\n",
           x2apic_mode ? "x2APIC" : "xAPIC", get_apic_id(),
           apic_read(APIC_LVR) & 0xff);
}

void apic_timer_calibrate(void)
{
    uint64_t t0, t1, t2, t3, hz = 0, best = ~0ULL;
    uint32_t c0, c1;
    unsigned int i;

    /*
     * Count the LAPIC timer against the TSC, which time_init() has just
     * calibrated against the PIT.  Each LAPIC read is bracketed by TSC
     * reads, so a slow register access (an SMI, an emulator) shows up as
     * a wide bracket; the run with the narrowest brackets is kept.
     */
    for ( i = 0; i < CAL_RUNS; i++ )
    {
        apic_write(APIC_TMICT, 0xffffffff);
        t0 = rdtsc_ordered();
        c0 = apic_read(APIC_TMCCT);
        t1 = rdtsc_ordered();
        while ( rdtsc_ordered() - t1 < cpu_khz * CAL_MS )
            ;
        t2 = rdtsc_ordered();
        c1 = apic_read(APIC_TMCCT);
        t3 = rdtsc_ordered();
        if ( (t1 - t0) + (t3 - t2) < best )
        {
            best = (t1 - t0) + (t3 - t2);
            hz = (uint64_t)(c0 - c1) * cpu_khz * 1000 /
                 ((t2 + t3) / 2 - (t0 + t1) / 2);
        }
    }
    apic_write(APIC_TMICT, 0);

    /* Real bus clocks are MHz to a few GHz; below 4 GHz, hz << 32 fits. */
    if ( hz < 1000000 || hz >> 32 )
        panic("LAPIC timer rate of %lu Hz is implausible", hz);
    apic_timer_mul = (hz << 32) / 1000000000;
    printk("APIC timer: %lu.%03lu MHz bus clock\n", hz / 1000000,
           (hz / 1000) % 1000);
    apic_write(APIC_LVT_TIMER, LOCAL_TIMER_VECTOR);
}

void apic_timer_set_deadline(uint64_t deadline_ns)
{
    s_time_t delta;
    uint64_t ticks;

    if ( !deadline_ns )
    {
        apic_write(APIC_TMICT, 0);
        return;
    }
    delta = (s_time_t)deadline_ns - NOW();
    if ( delta <= 0 )
        ticks = 1;
    else
    {
        /*
         * Round up so the interrupt does not come before the deadline;
         * a deadline beyond the 32-bit count fires early and the timer
         * softirq re-arms for the rest.
         */
        ticks = ((unsigned __int128)delta * apic_timer_mul >> 32) + 1;
        if ( ticks > 0xffffffff )
            ticks = 0xffffffff;
    }
    apic_write(APIC_TMICT, ticks);
}

/*
 * System time from the TSC.  The TSC frequency is measured against PIT
 * channel 2 at boot; NOW() converts TSC ticks since time_init() to ns.
 * Every CPU reads its own TSC, so this relies on the TSCs running in step
 * (true on any machine with an invariant TSC and under QEMU/KVM).
 */
#include <xen/lib.h>
#include <xen/time.h>
#include <asm/apic.h>
#include <asm/cpuid.h>
#include <asm/i8254.h>
#include <asm/msr.h>

/*
 * Calibration: CAL_RUNS windows of 50 ms on PIT channel 2.  Each window's
 * start and end are known only to within a bracket of two TSC reads
 * around the port accesses that started the PIT and saw it expire; an SMI
 * or, under emulation, the host descheduling us widens a bracket.  The
 * window with the narrowest brackets is the one we trust.
 */
#define CAL_TICKS   (PIT_HZ / 20)
#define CAL_RUNS    5

uint64_t cpu_khz;
static uint64_t tsc_hz;
static uint64_t tsc_at_boot;                /* NOW() == 0 here */
/* ns per TSC tick as a 32.32 fixed-point number. */
static uint64_t tsc_to_ns_mul;

/* TSC ticks across one window; *uncertainty: both brackets' widths. */
static uint64_t tsc_window(uint64_t *uncertainty)
{
    uint64_t start_lo, start_hi, end_lo, end_hi, t;

    start_lo = rdtsc_ordered();
    pit_ch2_start(CAL_TICKS);
    start_hi = end_lo = rdtsc_ordered();
    for ( ; ; )
    {
        t = rdtsc_ordered();
        if ( pit_ch2_expired() )
            break;
        end_lo = t;             /* the PIT had not expired after this */
        /* 2^34 ticks are seconds at any real TSC rate; the window is 50 ms. */
        if ( t - start_lo > (1ULL << 34) )
            panic("PIT channel 2 never expires: cannot calibrate the TSC");
    }
    end_hi = rdtsc_ordered();

    *uncertainty = (start_hi - start_lo) + (end_hi - end_lo);
    return (end_lo + end_hi) / 2 - (start_lo + start_hi) / 2;
}

static void calibrate_tsc(void)
{
    uint64_t ticks = 0, best = ~0ULL, unc, t;
    unsigned int i;

    for ( i = 0; i < CAL_RUNS; i++ )
    {
        t = tsc_window(&unc);
        if ( unc < best )
        {
            best = unc;
            ticks = t;
        }
    }
    tsc_hz = ticks * PIT_HZ / CAL_TICKS;
    if ( !tsc_hz )
        panic("TSC does not count");
    /* 10^9 << 32 fits in 64 bits, and tsc_hz > 1 Hz keeps the result so. */
    tsc_to_ns_mul = (1000000000ULL << 32) / tsc_hz;
    printk(XENLOG_DEBUG "TSC calibration: best window +/- %lu ticks\n",
           best / 2);
}

void time_init(void)
{
    bool invariant = false;

    if ( cpuid(0x80000000).a >= 0x80000007 )
        invariant = cpuid(0x80000007).d & CPUID80000007_EDX_INVTSC;

    calibrate_tsc();
    tsc_at_boot = rdtsc();
    /* Publish the frequency last: udelay() uses the PIT until it is set. */
    cpu_khz = tsc_hz / 1000;
    printk("TSC: %lu.%03lu MHz%s\n", cpu_khz / 1000, cpu_khz % 1000,
           invariant ? ", invariant" : ", not marked invariant");

    apic_timer_calibrate();
}

s_time_t NOW(void)
{
    int64_t delta = rdtsc() - tsc_at_boot;

    /*
     * Another CPU's TSC may trail the BSP's by a few ticks.  The 128-bit
     * product cannot overflow: 2^63 ns is ~292 years of uptime.
     */
    if ( delta <= 0 )
        return 0;
    return (s_time_t)(((unsigned __int128)delta * tsc_to_ns_mul) >> 32);
}

void udelay(unsigned long us)
{
    uint64_t start, ticks;

    if ( !cpu_khz )
    {
        pit_udelay(us);
        return;
    }
    ticks = (uint64_t)us * cpu_khz / 1000;
    start = rdtsc_ordered();
    while ( rdtsc_ordered() - start < ticks )
        __asm__ __volatile__("pause");
}

void mdelay(unsigned long ms)
{
    udelay(ms * 1000);
}

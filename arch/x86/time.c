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
#include <asm/io.h>
#include <asm/msr.h>
#include <xen/sched.h>
#include <asm/guest_access.h>
#include <asm/pv-compat.h>
#include <compat/abi.h>

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

/*
 * Guests' view of the clock (public/xen.h, struct vcpu_time_info):
 * ns = system_time + ((tsc - tsc_timestamp) << shift) * mul >> 32, with
 * mul < 2^32.  For a TSC of 1 GHz or more that is our own 32.32 factor
 * with shift 0, and the guest computes exactly what NOW() would.
 */
static void guest_time_scale(uint32_t *mul, int8_t *shift)
{
    uint64_t m = tsc_to_ns_mul;
    int8_t s = 0;

    while ( m >> 32 )
    {
        m >>= 1;
        s++;
    }
    *mul = m;
    *shift = s;
}

/*
 * A record in guest memory, odd version while it changes (a seqlock the
 * guest's readers retry on).
 */
static void write_time_record(struct vcpu_time_info *t,
                              const struct vcpu_time_info *u)
{
    t->version++;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    t->tsc_timestamp = u->tsc_timestamp;
    t->system_time = u->system_time;
    t->tsc_to_system_mul = u->tsc_to_system_mul;
    t->tsc_shift = u->tsc_shift;
    t->flags = u->flags;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    t->version++;
}

/*
 * The copy at the guest virtual address of
 * VCPUOP_register_vcpu_time_memory_area (Linux maps it into user space
 * for its vDSO clock).  Written through v's own page tables, so only while
 * v runs; the version is ours, not read back from guest memory.  Returns
 * false if it could not be written (v->time_guest_stale says so).
 */
bool vcpu_time_area_update(struct vcpu *v)
{
    struct vcpu_time_info u = v->time;
    uint32_t odd = v->time_guest_version + 1;

    if ( v != current )
        goto stale;
    if ( copy_to_guest(v->time_guest, &odd, sizeof(odd)) )
        goto stale;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    u.version = odd;
    if ( copy_to_guest(v->time_guest, &u, sizeof(u)) )
        goto stale;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    v->time_guest_version += 2;
    u.version = v->time_guest_version;
    if ( copy_to_guest(v->time_guest, &u.version, sizeof(u.version)) )
        goto stale;
    v->time_guest_stale = false;
    return true;

 stale:
    v->time_guest_stale = true;
    return false;
}

void update_vcpu_system_time(struct vcpu *v)
{
    struct vcpu_time_info *u = &v->time;
    uint64_t tsc = rdtsc();
    int64_t delta = tsc - tsc_at_boot;

    u->tsc_timestamp = tsc;
    u->system_time = delta <= 0 ? 0 :
        (uint64_t)(((unsigned __int128)delta * tsc_to_ns_mul) >> 32);
    guest_time_scale(&u->tsc_to_system_mul, &u->tsc_shift);
    u->flags = XEN_PVCLOCK_TSC_STABLE_BIT;
    write_time_record(&v->vcpu_info->time, u);
    if ( v->time_guest )
        vcpu_time_area_update(v);
}

/* The CMOS real-time clock, read once at boot for the wallclock. */
#define RTC_PORT_INDEX  0x70
#define RTC_PORT_DATA   0x71

static unsigned int cmos_read(unsigned int reg)
{
    outb(reg, RTC_PORT_INDEX);
    return inb(RTC_PORT_DATA);
}

static unsigned int bcd2bin(unsigned int v)
{
    return (v & 15) + (v >> 4) * 10;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static uint64_t days_since_epoch(unsigned int y, unsigned int m, unsigned int d)
{
    /* Shift the year to start in March so that leap days come last. */
    if ( m <= 2 )
    {
        y--;
        m += 12;
    }
    return 365ULL * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 +
           d - 1 - 719468;
}

static uint64_t rtc_seconds(void)
{
    unsigned int sec, min, hour, day, mon, year, b, i;

    /* Wait for the end of an update cycle (bit 7 of register A), bounded. */
    for ( i = 0; i < 1000000 && (cmos_read(0x0a) & 0x80); i++ )
        __asm__ __volatile__("pause");
    sec = cmos_read(0x00);
    min = cmos_read(0x02);
    hour = cmos_read(0x04);
    day = cmos_read(0x07);
    mon = cmos_read(0x08);
    year = cmos_read(0x09);
    b = cmos_read(0x0b);
    if ( !(b & 0x04) )          /* BCD */
    {
        sec = bcd2bin(sec);
        min = bcd2bin(min);
        hour = bcd2bin(hour & 0x7f) | (hour & 0x80);
        day = bcd2bin(day);
        mon = bcd2bin(mon);
        year = bcd2bin(year);
    }
    if ( !(b & 0x02) && (hour & 0x80) )     /* 12-hour clock, PM */
        hour = ((hour & 0x7f) % 12) + 12;
    else if ( !(b & 0x02) )
        hour %= 12;
    if ( mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 ||
         min > 59 || sec > 59 )
        return 0;
    year += year < 70 ? 2000 : 1900;
    return ((days_since_epoch(year, mon, day) * 24 + hour) * 60 + min) * 60 + sec;
}

/*
 * shared_info's wallclock: the time of day at system time 0, from the RTC
 * read now minus NOW().
 */
static uint64_t boot_ns;        /* wallclock at NOW() == 0, in ns */

/* The wallclock fields of d's shared_info: a 32-bit guest has its own layout. */
static void wallclock_fields(const struct domain *d, uint32_t **version,
                             uint32_t **sec, uint32_t **nsec, uint32_t **sec_hi)
{
    shared_info_t *s = d->shared_info;
    uint8_t *p = (uint8_t *)s;

    if ( is_pv_32bit_domain(d) )
    {
        *version = (uint32_t *)(p + COMPAT_SHINFO_WC_VERSION);
        *sec = (uint32_t *)(p + COMPAT_SHINFO_WC_SEC);
        *nsec = (uint32_t *)(p + COMPAT_SHINFO_WC_NSEC);
        *sec_hi = (uint32_t *)(p + COMPAT_SHINFO_WC_SEC_HI);
        return;
    }
    *version = &s->wc_version;
    *sec = &s->wc_sec;
    *nsec = &s->wc_nsec;
    *sec_hi = &s->wc_sec_hi;
}

void update_domain_wallclock_time(struct domain *d)
{
    uint32_t *version, *sec, *nsec, *sec_hi;

    if ( !boot_ns )
    {
        uint64_t secs = rtc_seconds();

        boot_ns = secs * 1000000000ULL - NOW();
        printk("Wallclock from the RTC: %lu s since the epoch\n", secs);
    }
    wallclock_fields(d, &version, &sec, &nsec, &sec_hi);
    ++*version;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    *sec = (uint32_t)(boot_ns / 1000000000ULL);
    *sec_hi = (uint32_t)((boot_ns / 1000000000ULL) >> 32);
    *nsec = boot_ns % 1000000000ULL;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    ++*version;
}

void domain_wallclock_read(const struct domain *d, uint64_t *sec, uint32_t *nsec)
{
    uint32_t *version, *lo, *ns, *hi;

    wallclock_fields(d, &version, &lo, &ns, &hi);
    *sec = *lo | ((uint64_t)*hi << 32);
    *nsec = *ns;
}

void wallclock_set(uint64_t secs, uint32_t nsecs, uint64_t system_time)
{
    struct domain *d;

    boot_ns = secs * 1000000000ULL + nsecs - system_time;
    for_each_domain ( d )
        if ( d->shared_info )
            update_domain_wallclock_time(d);
}

/*
 * Boot self-checks of the time base against the PIT, a clock it is not
 * derived from at run time:
 *  1. mdelay(100) must take 100 ms of PIT time, within 5%;
 *  2. ten 10 ms software timers, each set from the previous one's expiry,
 *     must end 100 ms of PIT time later (the LAPIC one-shot drives them),
 *     and NOW() must agree with the PIT about it;
 *  3. the timer queue runs many timers, on several CPUs, in order.
 *
 * The PIT is read as a vernier, with no interrupts: channels 0 and 2 run
 * free with periods P0 and P2 = P0 - DELTA, latched together.  Over an
 * interval of E clocks channel 0 gives r0 = E mod P0 and channel 2 gives
 * r2 = E mod P2; their difference (mod P2) is DELTA times the number of
 * whole P0 periods, which recovers E exactly for up to P2 / DELTA periods
 * (~3.4 s), even if the two counts were latched up to DELTA / 2 clocks
 * apart.  Interrupt counting would under-count whenever edges coalesce.
 */
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <asm/i8254.h>
#include <asm/smp.h>

#define P0              65535u
#define DELTA           1024u
#define P2              (P0 - DELTA)

#define CHECK_US        100000
#define TOLERANCE_US    (CHECK_US / 20)     /* 5% */
#define NR_TIMERS       10
/*
 * Interruptions (SMIs; under emulation, the host running something else)
 * can only stretch a measured interval, never shrink it: the shortest of
 * a few attempts is the best estimate, and a too-short result is real.
 */
#define ATTEMPTS        3

struct pit_stamp {
    uint16_t c0, c2;
};

static struct pit_stamp pit_stamp(void)
{
    struct pit_stamp s;

    pit_read_both(&s.c0, &s.c2);
    return s;
}

/* Microseconds of PIT time from a to b (counters count down). */
static uint64_t pit_elapsed_us(struct pit_stamp a, struct pit_stamp b)
{
    uint32_t r0 = (a.c0 + P0 - b.c0) % P0;
    uint32_t r2 = (a.c2 + P2 - b.c2) % P2;
    uint32_t x = (r2 + P2 - r0 % P2) % P2, periods;

    /* A slightly negative x is zero periods and a little latch skew. */
    periods = x > P2 - DELTA / 2 ? 0 : (x + DELTA / 2) / DELTA;
    return ((uint64_t)periods * P0 + r0) * 1000000 / PIT_HZ;
}

/* "+1.2%": the deviation of us from CHECK_US, rounded to 0.1%. */
static void format_deviation(char *buf, size_t len, uint64_t us)
{
    int64_t dev = (int64_t)us - CHECK_US;
    uint64_t tenths = ((dev < 0 ? -dev : dev) + 50) / 100;

    snprintf(buf, len, "%c%lu.%lu%%", dev < 0 ? '-' : '+', tenths / 10,
             tenths % 10);
}

static bool within_tolerance(uint64_t us)
{
    return us + TOLERANCE_US >= CHECK_US && us <= CHECK_US + TOLERANCE_US;
}

static void check_delay(void)
{
    struct pit_stamp a, b;
    uint64_t us, best = ~0ULL;
    unsigned int i;
    char dev[16];

    for ( i = 0; i < ATTEMPTS; i++ )
    {
        a = pit_stamp();
        mdelay(CHECK_US / 1000);
        b = pit_stamp();
        us = pit_elapsed_us(a, b);
        best = min(best, us);
    }
    format_deviation(dev, sizeof(dev), best);
    printk("Timer self-check: 100 ms delay took %lu us by the PIT (%s): %s\n",
           best, dev, within_tolerance(best) ? "PASS" : "FAIL");
}

static struct {
    struct timer timer;
    unsigned int fired;
    s_time_t max_late;
    struct pit_stamp end;
    s_time_t end_now;
} chain;

struct chain_result {
    uint64_t pit_us, now_us, late_us;
};

static void chain_fn(void *data)
{
    s_time_t now = NOW(), late = now - chain.timer.expires;

    if ( late > chain.max_late )
        chain.max_late = late;
    if ( ++chain.fired < NR_TIMERS )
    {
        set_timer(&chain.timer, chain.timer.expires + MILLISECS(10));
        return;
    }
    chain.end = pit_stamp();
    chain.end_now = now;
}

/* One chain of timers; false if they had not all fired after 1 s. */
static bool run_chain(struct chain_result *r)
{
    struct pit_stamp a;
    s_time_t start;

    chain.fired = 0;
    chain.max_late = 0;
    init_timer(&chain.timer, chain_fn, NULL, smp_processor_id());
    a = pit_stamp();
    start = NOW();
    set_timer(&chain.timer, start + MILLISECS(10));

    /* Poll rather than halt: if the LAPIC never fires, nothing wakes us. */
    while ( ACCESS_ONCE(chain.fired) < NR_TIMERS &&
            pit_elapsed_us(a, pit_stamp()) < 10 * CHECK_US )
    {
        if ( softirq_pending(smp_processor_id()) )
            do_softirq();
        cpu_relax();
    }
    kill_timer(&chain.timer);
    if ( chain.fired < NR_TIMERS )
        return false;

    r->pit_us = pit_elapsed_us(a, chain.end);
    r->now_us = (chain.end_now - start) / 1000;
    r->late_us = chain.max_late / 1000;
    return true;
}

static void check_lapic_timer(void)
{
    struct chain_result r, best = { .pit_us = ~0ULL };
    unsigned int i;
    char dev[16];
    bool ok;

    for ( i = 0; i < ATTEMPTS; i++ )
    {
        if ( !run_chain(&r) )
        {
            printk("LAPIC timer self-check: only %u of %u 10 ms timers fired "
                   "in 1 s: FAIL\n", chain.fired, NR_TIMERS);
            return;
        }
        if ( r.pit_us < best.pit_us )
            best = r;
    }
    format_deviation(dev, sizeof(dev), best.pit_us);
    /* NOW() must agree with the PIT, and the total be right. */
    ok = within_tolerance(best.pit_us) &&
         best.now_us + TOLERANCE_US >= best.pit_us &&
         best.now_us <= best.pit_us + TOLERANCE_US;
    printk("LAPIC timer self-check: %u x 10 ms timers took %lu us by the PIT "
           "(%s), %lu us by NOW(), latest %lu us late: %s\n", NR_TIMERS,
           best.pit_us, dev, best.now_us, best.late_us, ok ? "PASS" : "FAIL");
}

/*
 * The queue itself: NR_QUEUED timers in scrambled order (every tenth set
 * on another online CPU, woken by IPI, and another tenth migrated there),
 * a third of them stopped again.  The rest must each run once, on their
 * CPU, not early, and on this CPU in expiry order; this also grows this
 * CPU's heap past its built-in slots.
 */
#define NR_QUEUED 100

static struct {
    struct timer t[NR_QUEUED];
    unsigned int runs[NR_QUEUED], ran_on[NR_QUEUED];
    unsigned int fired, early, misordered;
    unsigned int home;          /* the CPU running the check */
    s_time_t last;              /* latest expiry run on home */
} q;

static void queued_fn(void *data)
{
    struct timer *t = data;
    unsigned int i = t - q.t, cpu = smp_processor_id();

    if ( NOW() < t->expires )
        __atomic_fetch_add(&q.early, 1, __ATOMIC_RELAXED);
    if ( cpu == q.home )
    {
        if ( t->expires < q.last )
            q.misordered++;
        q.last = t->expires;
    }
    q.ran_on[i] = cpu;
    __atomic_fetch_add(&q.runs[i], 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&q.fired, 1, __ATOMIC_RELEASE);
}

/* Scrambled offsets: 0..99 x 50 us, in no particular order. */
#define SCRAMBLE(i) ((i) * 37 % 100 * MICROSECS(50))

static void check_timer_queue(void)
{
    unsigned int i, cpu = smp_processor_id(), other = cpu, expected = 0;
    unsigned int wrong = 0;
    s_time_t start;

    q.home = cpu;
    for_each_online_cpu ( i )
        if ( i != cpu )
            other = i;

    /*
     * Queue everything far out first, so that no timer can expire while
     * the queues are being rearranged however slow that is (nested
     * virtualisation makes each LAPIC access cost a lot).
     */
    for ( i = 0; i < NR_QUEUED; i++ )
    {
        init_timer(&q.t[i], queued_fn, &q.t[i], i % 10 ? cpu : other);
        set_timer(&q.t[i], NOW() + SECONDS(10) + SCRAMBLE(i));
    }
    for ( i = 0; i < NR_QUEUED; i++ )
    {
        if ( i % 3 == 1 )
            stop_timer(&q.t[i]);
        if ( i % 10 == 5 )
            migrate_timer(&q.t[i], other);
    }
    /* Bring the rest in; this CPU runs none of them before the loop. */
    start = NOW();
    for ( i = 0; i < NR_QUEUED; i++ )
        if ( i % 3 != 1 )
        {
            set_timer(&q.t[i], start + MILLISECS(2) + SCRAMBLE(i));
            expected++;
        }

    while ( __atomic_load_n(&q.fired, __ATOMIC_ACQUIRE) < expected &&
            NOW() - start < SECONDS(1) )
    {
        if ( softirq_pending(cpu) )
            do_softirq();
        cpu_relax();
    }
    for ( i = 0; i < NR_QUEUED; i++ )
    {
        kill_timer(&q.t[i]);
        if ( q.runs[i] != (i % 3 != 1) ||
             (q.runs[i] && q.ran_on[i] != (i % 5 ? cpu : other)) )
            wrong++;
    }
    printk("Timer queue self-check: %u timers, %u fired (%u early, %u out of "
           "order, %u wrong): %s\n", NR_QUEUED, q.fired, q.early,
           q.misordered, wrong,
           q.fired == expected && !q.early && !q.misordered && !wrong
           ? "PASS" : "FAIL");
}

void time_selfcheck(void)
{
    unsigned long flags = local_save_flags();

    pit_free_run(P0, P2);
    local_irq_enable();
    check_delay();
    check_lapic_timer();
    check_timer_queue();
    local_irq_restore(flags);
    pit_stop();
}

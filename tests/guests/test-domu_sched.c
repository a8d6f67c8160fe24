/*
 * Boot-time domains under the scheduler (tests/guests/domains/sched.dts,
 * many.dts; tests/guests/run-domains.sh reads their reports):
 *   domu_pingpong  role=ping|pong over link "ring": ping sends, pong
 *                  answers, ROUNDS times; ping stamps the system time of
 *                  each send into pong's page (link "buf"); pong, woken
 *                  from SCHEDOP_block, must run within 1 ms: its runstate
 *                  time "runnable" (from the wake-up to running, as Xen
 *                  accounts it) grows by at most 1 ms per round.  The
 *                  time from ping's stamp to pong running is reported
 *                  too, not checked: it also holds whatever the host
 *                  takes from QEMU's threads meanwhile.
 *                  Ping starts once pong has marked the page (ready).
 *                  With start=<ms> every=<ms>, ping sends round i at
 *                  system time start + i * every (blocked in between;
 *                  from 300 ms after pong's ready if that is later), so
 *                  that the pair wants little CPU: a vCPU within its fair
 *                  share is what the credit scheduler's boost serves
 *   domu_spin      spin=<from>-<to> (ms of system time): spin and report
 *                  the time this vCPU ran in that window (runstate), for
 *                  the runner to compare weights, caps and progress
 *   domu_wait      wait=<ms>: block until that system time (the lead
 *                  domain, so that the machine stays up until the others
 *                  have reported)
 * Outside a boot-time domain with those parameters, each only says so.
 */
#include "guest.h"

#define ROUNDS          200
#define WAKE_LIMIT_NS   1000000ULL
#define PONG_READY      (~0ULL)     /* in the stamp page: pong listens */
#define PONG_SETTLE_NS  300000000ULL

static bool param(const char *key, unsigned long *v)
{
    return cmdline_uint(key, v);
}

/*
 * The waits below test their condition with events masked, then block:
 * SCHEDOP_block unmasks and returns at once if an event is pending, so
 * an event that comes between the test and the block is not slept
 * through (unmasked, its upcall could run after the test and the block
 * then wait for an event that never comes).
 */

/* Block until system time until (ns); VIRQ_TIMER must be bound. */
static void sleep_until(uint64_t until)
{
    events_mask();
    while ( now_ns() < until )
    {
        HYPERVISOR_set_timer_op(until);
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);
        events_mask();
    }
    events_unmask();
}

/* The one-shot timer wakes SCHEDOP_block only through VIRQ_TIMER. */
static void bind_timer_virq(void)
{
    struct evtchn_bind_virq bv = { .virq = VIRQ_TIMER, .vcpu = 0 };

    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv), 0);
}

/* Block until port has been delivered at least n times in all. */
static void wait_deliveries(evtchn_port_t port, unsigned int n)
{
    events_mask();
    while ( evtchn_deliveries[port] < n )
    {
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);
        events_mask();
    }
    events_unmask();
}

static void send(evtchn_port_t port)
{
    struct evtchn_send s = { .port = port };

    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_send, &s), 0);
}

/* Our page pfn (not in the initial mapping) mapped at a page of the heap. */
static volatile uint64_t *map_own_pfn(unsigned long pfn)
{
    void *va = page_alloc();

    CHECK_EQ(set_pte((unsigned long)va, ((uint64_t)pfn_to_mfn(pfn) << PAGE_SHIFT) |
                     PTE_RW), 0);
    return va;
}

/* The peer's granted page, mapped writable. */
static volatile uint64_t *map_grant(domid_t dom, grant_ref_t ref)
{
    struct gnttab_map_grant_ref m = {
        .host_addr = (unsigned long)page_alloc(), .flags = GNTMAP_host_map,
        .ref = ref, .dom = dom,
    };

    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &m, 1), 0);
    CHECK_EQ(m.status, GNTST_okay);
    return (volatile uint64_t *)(unsigned long)m.host_addr;
}

/* This vCPU's total time in runstate state so far (ns). */
static uint64_t runstate_ns(int state)
{
    struct vcpu_runstate_info r;

    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &r), 0);
    return r.time[state];
}

GUEST_TEST(domu_pingpong)
{
    char role[8];
    unsigned long port, peer, ref, pfn, start = 0, every = 0;
    volatile uint64_t *stamp;
    uint64_t worst = 0, worst_wait = 0, t0, cycles = 0, from;
    unsigned int i;

    if ( !cmdline_value("role", role, sizeof(role)) || !param("xh.evtchn.ring", &port) )
    {
        test_info("skipped: no role= and link ring (not a boot-time domain)");
        return;
    }
    CHECK(port < EVTCHN_TRACKED);
    if ( !strcmp(role, "ping") )
    {
        CHECK(param("xh.peer.buf", &peer) && param("xh.gref.buf", &ref));
        stamp = map_grant(peer, ref);
        bind_timer_virq();
        /* Pong may boot later: it marks the page when it listens. */
        while ( *stamp != PONG_READY )
            sleep_until(now_ns() + 1000000ULL);
        if ( !param("start", &start) || !param("every", &every) )
            start = every = 0;
        /*
         * Pong may have booted just now, in debt from its boot (OVER): the
         * rounds start once it has been idle for ten accounting periods,
         * a latency-sensitive domain in its steady state.
         */
        from = start * 1000000ULL;
        if ( now_ns() + PONG_SETTLE_NS > from )
            from = now_ns() + PONG_SETTLE_NS;
        for ( i = 1; i <= ROUNDS; i++ )
        {
            if ( every )
                sleep_until(from + i * every * 1000000ULL);
            t0 = rdtsc_ordered();
            *stamp = now_ns();
            send(port);
            wait_deliveries(port, i);
            cycles += rdtsc_ordered() - t0;
        }
        test_info("%u round trips, mean %lu cycles", ROUNDS,
                  (unsigned long)(cycles / ROUNDS));
        return;
    }
    CHECK(param("xh.gpfn.buf", &pfn));
    stamp = map_own_pfn(pfn);
    *stamp = PONG_READY;
    for ( i = 1; i <= ROUNDS; i++ )
    {
        uint64_t late, waited = runstate_ns(RUNSTATE_runnable);

        wait_deliveries(port, i);
        late = now_ns() - *stamp;
        waited = runstate_ns(RUNSTATE_runnable) - waited;
        if ( late > worst )
            worst = late;
        if ( waited > worst_wait )
            worst_wait = waited;
        send(port);
    }
    test_info("%u wake-ups, the latest %lu ns after the send, the longest "
              "%lu ns runnable before running", ROUNDS, (unsigned long)worst,
              (unsigned long)worst_wait);
    if ( worst_wait > WAKE_LIMIT_NS )
        test_fail("woken, waited %lu ns to run (limit %llu)",
                  (unsigned long)worst_wait, WAKE_LIMIT_NS);
}


/* "<a>-<b>" in ms -> ns; false if malformed. */
static bool parse_window(const char *w, uint64_t *from, uint64_t *to)
{
    uint64_t *v = from;

    for ( *from = *to = 0; *w; w++ )
    {
        if ( *w == '-' && v == from )
            v = to;
        else if ( *w >= '0' && *w <= '9' )
            *v = *v * 10 + (*w - '0');
        else
            return false;
    }
    *from *= 1000000ULL;
    *to *= 1000000ULL;
    return v == to && *from < *to;
}

GUEST_TEST(domu_spin)
{
    char window[24];
    uint64_t from, to, ran;

    if ( !cmdline_value("spin", window, sizeof(window)) )
    {
        test_info("skipped: no spin=<from>-<to>");
        return;
    }
    if ( !parse_window(window, &from, &to) )
        test_fail("spin=%s is not <from ms>-<to ms>", window);
    /*
     * One window of system time for every domain of the run, so that
     * their run times compare; a domain that starts late measures from
     * its start (the runner sees the shorter window).
     */
    while ( now_ns() < from )
        ;
    from = now_ns();
    if ( from >= to )
        test_fail("started %lu ms after the window's end",
                  (unsigned long)((from - to) / 1000000));
    ran = runstate_ns(RUNSTATE_running);
    while ( now_ns() < to )
        ;
    ran = runstate_ns(RUNSTATE_running) - ran;
    test_info("ran %lu ns of the %lu ns window", (unsigned long)ran,
              (unsigned long)(to - from));
    CHECK(ran > 0);
}

GUEST_TEST(domu_wait)
{
    unsigned long ms;

    if ( !param("wait", &ms) )
    {
        test_info("skipped: no wait=<ms>");
        return;
    }
    bind_timer_virq();
    sleep_until(ms * 1000000ULL);
}

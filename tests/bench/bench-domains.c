/*
 * Benchmarks between boot-time domains (tests/bench/run-domains.sh boots
 * them from tests/bench/domains-*.dts): each domain runs one of these
 * with its role on the command line.
 *   domain_evtchn_rtt  role=ping: EVTCHNOP_send to the peer over link
 *                      "ring", then SCHEDOP_block until the answer's
 *                      upcall; one sample per round trip.  role=pong:
 *                      answers each event; its samples are the time from
 *                      its answer to the next event (also a round trip).
 *   domain_switch      SCHEDOP_yield while another domain on the same CPU
 *                      yields too: a sample is two context switches and
 *                      the other's loop.
 * They run only when named (only=...): the plain "bench" run of a lone
 * dom0 skips them.  A domain without the link or role records nothing
 * (the runner reports "no samples").
 */
#include "guest.h"

#define ROUNDS 500

static void send(evtchn_port_t port)
{
    struct evtchn_send s = { .port = port };

    HYPERVISOR_event_channel_op(EVTCHNOP_send, &s);
}

static void wait_deliveries(evtchn_port_t port, unsigned int n)
{
    while ( evtchn_deliveries[port] < n )
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

GUEST_BENCH_NAMED(domain_evtchn_rtt)
{
    char role[8];
    unsigned long port;
    unsigned int i, first;
    uint64_t t0;

    if ( !cmdline_value("role", role, sizeof(role)) ||
         !cmdline_uint("xh.evtchn.ring", &port) || port >= EVTCHN_TRACKED )
        return;
    /*
     * The port carries nothing else, so counts are absolute: ping's k-th
     * event is pong's k-th delivery even if it came before pong looked.
     * pong waits for the first, answers each, and its last answer ends
     * ping's last round.
     */
    first = strcmp(role, "ping") ? 1 : 0;
    wait_deliveries(port, first);
    for ( i = first + 1; i <= ROUNDS; i++ )
    {
        t0 = rdtsc_ordered();
        send(port);
        wait_deliveries(port, i);
        bench_sample(rdtsc_ordered() - t0);
    }
    if ( first )
        send(port);
}

GUEST_BENCH_NAMED(domain_switch)
{
    unsigned int i;
    uint64_t t0;

    for ( i = 0; i < ROUNDS; i++ )
    {
        t0 = rdtsc_ordered();
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
        bench_sample(rdtsc_ordered() - t0);
    }
}

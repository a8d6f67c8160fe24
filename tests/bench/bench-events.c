/*
 * Event self-send to upcall: EVTCHNOP_send on a loopback pair, timed
 * until the hypercall returns, which is after the upcall it raised has
 * run and come back through HYPERVISOR_iret.
 */
#include "guest.h"

GUEST_BENCH(event_upcall)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
                                       .remote_dom = DOMID_SELF };
    struct evtchn_bind_interdomain bi = { .remote_dom = DOMID_SELF };
    struct evtchn_send send;
    struct evtchn_close cl;
    unsigned int i, before;
    uint64_t t0;

    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au), 0);
    bi.remote_port = au.port;
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bi), 0);
    CHECK(au.port < EVTCHN_TRACKED);
    send.port = bi.local_port;
    before = evtchn_deliveries[au.port];
    for ( i = 0; i < 500; i++ )
    {
        t0 = rdtsc_ordered();
        HYPERVISOR_event_channel_op(EVTCHNOP_send, &send);
        bench_sample(rdtsc_ordered() - t0);
    }
    CHECK_EQ(evtchn_deliveries[au.port], before + 500);
    cl.port = au.port;
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_close, &cl), 0);
    cl.port = bi.local_port;
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_close, &cl), 0);
}

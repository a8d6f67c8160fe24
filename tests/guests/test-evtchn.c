/*
 * event_channel_op: a loopback pair (alloc_unbound + bind_interdomain to
 * ourselves), an IPI port and a VIRQ; each send is delivered exactly
 * once, port masks are honoured, status reports each state, closing
 * works, and bad ports, ids and pointers are refused.
 */
#include "guest.h"

static long evtchn_op(int cmd, void *arg)
{
    return HYPERVISOR_event_channel_op(cmd, arg);
}

static struct evtchn_status status_of(evtchn_port_t port)
{
    struct evtchn_status st = { .dom = DOMID_SELF, .port = port };

    CHECK_EQ(evtchn_op(EVTCHNOP_status, &st), 0);
    return st;
}

static long send(evtchn_port_t port)
{
    struct evtchn_send s = { .port = port };

    return evtchn_op(EVTCHNOP_send, &s);
}

static long close_port(evtchn_port_t port)
{
    struct evtchn_close c = { .port = port };

    return evtchn_op(EVTCHNOP_close, &c);
}

GUEST_TEST(evtchn)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
                                       .remote_dom = DOMID_SELF };
    struct evtchn_bind_interdomain bi;
    struct evtchn_bind_ipi ipi = { .vcpu = 0 };
    struct evtchn_bind_virq bv;
    struct evtchn_unmask um;
    struct evtchn_status st;
    evtchn_port_t a, b, c;
    unsigned int da, db, p;

    CHECK_EQ(evtchn_op(EVTCHNOP_alloc_unbound, &au), 0);
    a = au.port;
    CHECK(a > 0 && a < EVTCHN_TRACKED);
    st = status_of(a);
    CHECK_EQ(st.status, EVTCHNSTAT_unbound);
    CHECK_EQ(st.u.unbound.dom, self_domid());

    bi.remote_dom = DOMID_SELF;
    bi.remote_port = a;
    CHECK_EQ(evtchn_op(EVTCHNOP_bind_interdomain, &bi), 0);
    b = bi.local_port;
    CHECK(b != a && b < EVTCHN_TRACKED);
    st = status_of(b);
    CHECK_EQ(st.status, EVTCHNSTAT_interdomain);
    CHECK_EQ(st.u.interdomain.dom, self_domid());
    CHECK_EQ(st.u.interdomain.port, a);
    CHECK_EQ(st.vcpu, 0);

    /* Each send raises the other end exactly once. */
    da = evtchn_deliveries[a];
    db = evtchn_deliveries[b];
    CHECK_EQ(send(b), 0);
    CHECK_EQ(evtchn_deliveries[a], da + 1);
    CHECK_EQ(send(a), 0);
    CHECK_EQ(evtchn_deliveries[b], db + 1);
    CHECK_EQ(evtchn_deliveries[a], da + 1);

    /* Upcall mask: held back, then delivered once on unmask. */
    events_mask();
    CHECK_EQ(send(b), 0);
    CHECK_EQ(send(b), 0);               /* coalesces with the first */
    CHECK_EQ(evtchn_deliveries[a], da + 1);
    CHECK(vcpu0_info->evtchn_upcall_pending);
    events_unmask();
    CHECK_EQ(evtchn_deliveries[a], da + 2);

    /*
     * Port mask: pending is set but no upcall.  Clearing the mask bit by
     * hand raises nothing; EVTCHNOP_unmask re-raises what is pending.
     */
    evtchn_mask_port(a);
    CHECK_EQ(send(b), 0);
    CHECK(evtchn_is_pending(a));
    CHECK_EQ(evtchn_deliveries[a], da + 2);
    evtchn_unmask_port(a);
    HYPERVISOR_xen_version(XENVER_version, NULL);
    CHECK_EQ(evtchn_deliveries[a], da + 2);
    evtchn_mask_port(a);
    um.port = a;
    CHECK_EQ(evtchn_op(EVTCHNOP_unmask, &um), 0);
    CHECK_EQ(evtchn_deliveries[a], da + 3);
    CHECK(!evtchn_is_pending(a));

    /* IPI to ourselves. */
    CHECK_EQ(evtchn_op(EVTCHNOP_bind_ipi, &ipi), 0);
    c = ipi.port;
    CHECK(c < EVTCHN_TRACKED);
    CHECK_EQ(status_of(c).status, EVTCHNSTAT_ipi);
    CHECK_EQ(send(c), 0);
    CHECK_EQ(evtchn_deliveries[c], 1);

    /* VIRQs: one binding per VIRQ and vCPU. */
    bv.virq = VIRQ_DEBUG;
    bv.vcpu = 0;
    CHECK_EQ(evtchn_op(EVTCHNOP_bind_virq, &bv), 0);
    st = status_of(bv.port);
    CHECK_EQ(st.status, EVTCHNSTAT_virq);
    CHECK_EQ(st.u.virq, VIRQ_DEBUG);
    CHECK_ERR(evtchn_op(EVTCHNOP_bind_virq, &bv), EEXIST);
    CHECK_EQ(close_port(bv.port), 0);
    bv.virq = NR_VIRQS;
    CHECK_ERR(evtchn_op(EVTCHNOP_bind_virq, &bv), EINVAL);
    bv.virq = VIRQ_DEBUG;
    bv.vcpu = 4096;
    CHECK_ERR(evtchn_op(EVTCHNOP_bind_virq, &bv), ENOENT);
    ipi.vcpu = 4096;
    CHECK_ERR(evtchn_op(EVTCHNOP_bind_ipi, &ipi), ENOENT);

    /* Closing one end of the loopback leaves the other unbound. */
    CHECK_EQ(close_port(a), 0);
    CHECK_EQ(status_of(a).status, EVTCHNSTAT_closed);
    CHECK_EQ(status_of(b).status, EVTCHNSTAT_unbound);
    /* Sending on an unbound port is not an error; it goes nowhere. */
    CHECK_ERR(send(a), EINVAL);
    CHECK_EQ(send(b), 0);
    CHECK_ERR(close_port(a), EINVAL);
    CHECK_EQ(close_port(b), 0);
    CHECK_EQ(close_port(c), 0);

    /* Out-of-range ports, foreign domains, bad pointers, unknown ops. */
    CHECK_ERR(send(1U << 20), EINVAL);
    CHECK_ERR(send(~0U), EINVAL);
    CHECK_ERR(close_port(1U << 20), EINVAL);
    um.port = 1U << 20;
    CHECK_ERR(evtchn_op(EVTCHNOP_unmask, &um), EINVAL);
    st.dom = DOMID_SELF;
    st.port = 1U << 20;
    CHECK_ERR(evtchn_op(EVTCHNOP_status, &st), EINVAL);
    st.dom = 0x7000;
    st.port = 1;
    CHECK_ERR(evtchn_op(EVTCHNOP_status, &st), ESRCH);
    /*
     * Ports become valid in buckets of 64 as they are first used (Xen):
     * past the last bucket, status is -EINVAL, not "closed".
     */
    for ( p = 1; p < 4096; p++ )
    {
        st.dom = DOMID_SELF;
        st.port = p;
        if ( evtchn_op(EVTCHNOP_status, &st) )
            break;
    }
    CHECK_EQ(p % 64, 0);
    CHECK(p > a && p > b && p > c);
    st.dom = DOMID_SELF;
    st.port = p;
    CHECK_ERR(evtchn_op(EVTCHNOP_status, &st), EINVAL);
    bi.remote_dom = DOMID_SELF;
    bi.remote_port = 1U << 20;
    CHECK_ERR(evtchn_op(EVTCHNOP_bind_interdomain, &bi), EINVAL);
    CHECK_ERR(evtchn_op(EVTCHNOP_send, (void *)0x1000), EFAULT);
    CHECK_ERR(evtchn_op(EVTCHNOP_alloc_unbound,
                        (void *)HYPERVISOR_VIRT_START), EFAULT);
    CHECK_ERR(evtchn_op(99, &st), ENOSYS);
}

/*
 * sched_op: yield, shutdown_code and poll work; bad arguments are refused.
 * Nothing here may end the run: SCHEDOP_shutdown is only called with a
 * pointer the hypervisor cannot read, and remote_shutdown only for a
 * domain that does not exist.
 */
#include "guest.h"

GUEST_TEST(sched_op)
{
    struct sched_shutdown sd = { .reason = SHUTDOWN_reboot };
    struct sched_remote_shutdown rs = { .domain_id = 0x7000,
                                        .reason = SHUTDOWN_poweroff };
    struct sched_poll poll;
    evtchn_port_t ports[2];
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
                                       .remote_dom = DOMID_SELF };
    struct evtchn_close cl;
    uint64_t t0;

    CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_yield, NULL), 0);
    /* Records the reason a later shutdown reports: ours is reboot too. */
    CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_shutdown_code, &sd), 0);
    CHECK_ERR(HYPERVISOR_sched_op(SCHEDOP_shutdown, (void *)0x1000), EFAULT);
    CHECK_ERR(HYPERVISOR_sched_op(SCHEDOP_shutdown_code, (void *)0x1000),
              EFAULT);
    /* No such domain: -ESRCH, checked before the caller's privilege. */
    CHECK_ERR(HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), ESRCH);
    if ( !IS_PRIVILEGED() )
    {
        /* Not even itself by id: only the control domain stops domains. */
        struct sched_remote_shutdown r0 = { .domain_id = self_domid(),
                                            .reason = SHUTDOWN_poweroff };

        CHECK_ERR(HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &r0), EPERM);
    }
    CHECK_ERR(HYPERVISOR_sched_op(99, NULL), ENOSYS);

    /* Poll: a quiet port times out, a pending one returns at once. */
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au), 0);
    ports[0] = au.port;
    set_xen_guest_handle(poll.ports, ports);
    poll.nr_ports = 1;
    t0 = now_ns();
    poll.timeout = t0 + 5000000;
    CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_poll, &poll), 0);
    CHECK(now_ns() >= t0 + 5000000);

    /* Hostile polls: too many ports, a port out of range, bad arrays. */
    poll.nr_ports = 129;
    CHECK_ERR(HYPERVISOR_sched_op(SCHEDOP_poll, &poll), EINVAL);
    ports[1] = 1U << 20;
    poll.nr_ports = 2;
    poll.timeout = now_ns() + 1000000;
    CHECK_ERR(HYPERVISOR_sched_op(SCHEDOP_poll, &poll), EINVAL);
    set_xen_guest_handle(poll.ports, (evtchn_port_t *)0x1000);
    poll.nr_ports = 1;
    CHECK_ERR(HYPERVISOR_sched_op(SCHEDOP_poll, &poll), EFAULT);
    CHECK_ERR(HYPERVISOR_sched_op(SCHEDOP_poll, (void *)0x1000), EFAULT);

    cl.port = au.port;
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_close, &cl), 0);
}

/*
 * wait_domains: the control domain waits until every other domain has
 * shut down, the way a toolstack notices it: VIRQ_DOM_EXC bound, and the
 * domain list (XEN_SYSCTL_getdomaininfolist) read again at each of its
 * events.  Dom0 runs it last beside boot-time domains
 * (tests/guests/run-domu-suite.sh), so that its own shutdown, which is
 * the machine's, comes after theirs and their reports are complete.
 *
 * Fails if a domain crashed, or if some are still up after
 * wait_domains=<s> seconds (default 600).  In a domain that is not the
 * control domain the list is -EPERM: skipped.  Runs alike on Xen 4.17
 * as dom0 (no other domain: it ends at once).
 */
#define __XEN_TOOLS__ 1
#include "guest.h"
#include <public/sysctl.h>

#define MAX_LISTED  64

static struct xen_sysctl op;
static struct xen_domctl_getdomaininfo infos[MAX_LISTED];

/* Domains after dom0's id, into infos[]; their number. */
static unsigned int list_others(void)
{
    memset(&op, 0, sizeof(op));
    op.cmd = XEN_SYSCTL_getdomaininfolist;
    op.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    op.u.getdomaininfolist.first_domain = 1;
    op.u.getdomaininfolist.max_domains = MAX_LISTED;
    set_xen_guest_handle(op.u.getdomaininfolist.buffer, infos);
    CHECK_EQ(HYPERVISOR_sysctl(&op), 0);
    CHECK(op.u.getdomaininfolist.num_domains <= MAX_LISTED);
    return op.u.getdomaininfolist.num_domains;
}

static unsigned int shutdown_code(const struct xen_domctl_getdomaininfo *i)
{
    return (i->flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
}

static const char *reason_name(unsigned int code)
{
    static const char *const names[] = {
        [SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
        [SHUTDOWN_suspend] = "suspend", [SHUTDOWN_crash] = "crash",
        [SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
    };

    return code < ARRAY_SIZE(names) && names[code] ? names[code] : "unknown";
}

GUEST_TEST(wait_domains)
{
    struct evtchn_bind_virq bv = { .virq = VIRQ_DOM_EXC, .vcpu = 0 };
    struct evtchn_close close;
    struct sched_poll poll;
    unsigned long seconds = 600;
    unsigned int i, n, up, wakeups = 0;
    uint64_t deadline;

    if ( !(start_info->flags & SIF_PRIVILEGED) )
    {
        memset(&op, 0, sizeof(op));
        op.cmd = XEN_SYSCTL_getdomaininfolist;
        op.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
        CHECK_ERR(HYPERVISOR_sysctl(&op), EPERM);
        test_skip("not the control domain: the domain list is -EPERM");
    }
    cmdline_uint("wait_domains", &seconds);
    deadline = now_ns() + seconds * 1000000000ULL;

    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv), 0);
    /*
     * Masked, the port's events stay pending for SCHEDOP_poll (which
     * ignores the mask) instead of being taken by the upcall.  The
     * pending bit is cleared before each reading of the list, so a
     * shutdown after that reading wakes the next poll at once.
     */
    evtchn_mask_port(bv.port);
    for ( ;; )
    {
        clear_bit_atomic(bv.port % BITS_PER_LONG,
                         &shared_info->evtchn_pending[bv.port / BITS_PER_LONG]);
        n = list_others();
        for ( i = 0, up = 0; i < n; i++ )
            if ( !(infos[i].flags & XEN_DOMINF_shutdown) )
                up++;
        if ( !up )
            break;
        if ( now_ns() >= deadline )
            test_fail("%u of %u domain(s) still up after %lu s", up, n, seconds);
        set_xen_guest_handle(poll.ports, &bv.port);
        poll.nr_ports = 1;
        poll.timeout = deadline;
        CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_poll, &poll), 0);
        if ( evtchn_is_pending(bv.port) )
            wakeups++;
    }
    close.port = bv.port;
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_close, &close), 0);
    evtchn_unmask_port(bv.port);

    test_info("%u other domain(s) shut down; %u VIRQ_DOM_EXC wake-up(s)", n,
              wakeups);
    for ( i = 0; i < n; i++ )
        test_info("d%u shut down (%s), ran %lu ms, %lu pages", infos[i].domain,
                  reason_name(shutdown_code(&infos[i])),
                  (unsigned long)(infos[i].cpu_time / 1000000),
                  (unsigned long)infos[i].tot_pages);
    for ( i = 0; i < n; i++ )
        if ( shutdown_code(&infos[i]) == SHUTDOWN_crash )
            test_fail("d%u crashed", infos[i].domain);
}

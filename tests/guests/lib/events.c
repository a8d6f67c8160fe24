/*
 * Event channels, 2-level ABI, vCPU 0 only.
 *
 * The upcall (TRAP_UPCALL) arrives with the upcall mask set.  It clears
 * evtchn_upcall_pending before scanning, takes the selector word with an
 * exchange, and clears each port's pending bit before handling it, so an
 * event raised during the scan is seen on the next round rather than
 * lost.  Deliveries are counted per port for the tests to check.
 */
#include "guest.h"

volatile unsigned int evtchn_deliveries[EVTCHN_TRACKED];
static evtchn_handler_t handlers[EVTCHN_TRACKED];

void events_init(void)
{
    /*
     * Every PV vCPU starts with a periodic timer: stop it so that
     * VIRQ_TIMER fires only when a test asks.
     */
    HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
    events_unmask();
}

void evtchn_set_handler(evtchn_port_t port, evtchn_handler_t fn)
{
    if ( port < EVTCHN_TRACKED )
        handlers[port] = fn;
}

void events_mask(void)
{
    vcpu0_info->evtchn_upcall_mask = 1;
    barrier();
}

void events_unmask(void)
{
    barrier();
    vcpu0_info->evtchn_upcall_mask = 0;
    barrier();
    /*
     * An event that arrived while masked left only upcall_pending set.
     * Any hypercall delivers it on the way back.
     */
    if ( vcpu0_info->evtchn_upcall_pending )
        HYPERVISOR_xen_version(XENVER_version, NULL);
}

void evtchn_mask_port(evtchn_port_t port)
{
    set_bit_atomic(port % BITS_PER_LONG,
                   &shared_info->evtchn_mask[port / BITS_PER_LONG]);
}

/* Clears the mask bit only: a pending event is then found by polling. */
void evtchn_unmask_port(evtchn_port_t port)
{
    clear_bit_atomic(port % BITS_PER_LONG,
                     &shared_info->evtchn_mask[port / BITS_PER_LONG]);
}

bool evtchn_is_pending(evtchn_port_t port)
{
    return (shared_info->evtchn_pending[port / BITS_PER_LONG] >>
            (port % BITS_PER_LONG)) & 1;
}

static void evtchn_clear(evtchn_port_t port)
{
    clear_bit_atomic(port % BITS_PER_LONG,
                     &shared_info->evtchn_pending[port / BITS_PER_LONG]);
}

void evtchn_do_upcall(struct trap_frame *f)
{
    unsigned long sel, pend;
    unsigned int w, b;
    evtchn_port_t port;

    while ( vcpu0_info->evtchn_upcall_pending )
    {
        vcpu0_info->evtchn_upcall_pending = 0;
        barrier();
        sel = xchg_ulong(&vcpu0_info->evtchn_pending_sel, 0);
        while ( sel )
        {
            w = first_set_bit(sel);
            sel &= sel - 1;
            pend = shared_info->evtchn_pending[w] &
                   ~shared_info->evtchn_mask[w];
            while ( pend )
            {
                b = first_set_bit(pend);
                pend &= pend - 1;
                port = w * BITS_PER_LONG + b;
                evtchn_clear(port);
                if ( port < EVTCHN_TRACKED )
                {
                    evtchn_deliveries[port]++;
                    if ( handlers[port] )
                        handlers[port](port, f);
                }
            }
        }
    }
}

/*
 * Blocks for 'ns' in SCHEDOP_poll on a port no one signals: the vCPU is
 * switched out (to the idle vCPU if nothing else runs) and back in.
 */
void block_ns(uint64_t ns)
{
    struct evtchn_alloc_unbound alloc = { .dom = DOMID_SELF,
                                          .remote_dom = DOMID_SELF };
    struct evtchn_close close;
    struct sched_poll poll;

    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &alloc), 0);
    set_xen_guest_handle(poll.ports, &alloc.port);
    poll.nr_ports = 1;
    poll.timeout = now_ns() + ns;
    CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_poll, &poll), 0);
    close.port = alloc.port;
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_close, &close), 0);
}

/*
 * HYPERVISOR_event_channel_op, 2-level ABI (states and rules in
 * xen/event.h).  Every sub-op copies its argument in once, decides under
 * d->event_lock, and copies the result out only on success; error codes
 * are Xen 4.17's.  Any existing domain can be named (DOMID_SELF too; a
 * loopback pair within one domain works, as in Xen).  FIFO ABI ops (init_control, expand_array, set_priority) are
 * -ENOSYS, which makes Linux fall back to 2-level.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/event.h>
#include <asm/guest_access.h>
#include <asm/pirq.h>
#include <asm/pv-compat.h>
#include <compat/abi.h>

#define BITS_PER_WORD   64

static struct vcpu *domain_vcpu(const struct domain *d, unsigned int id)
{
    return id < d->max_vcpus && id < MAX_VIRT_CPUS ? d->vcpu[id] : NULL;
}

int evtchn_init(struct domain *d)
{
    d->evtchn = xzalloc_bytes(EVTCHN_2L_NR_PORTS * sizeof(*d->evtchn));
    if ( !d->evtchn )
        return -ENOMEM;
    spin_lock_init(&d->event_lock);
    d->evtchn[0].state = ECS_RESERVED;
    d->valid_evtchns = EVTCHNS_PER_BUCKET;
    return 0;
}

bool evtchn_port_valid(const struct domain *d, evtchn_port_t p)
{
    return p < d->valid_evtchns;
}

static bool test_and_set_word_bit(xen_ulong_t *w, unsigned int bit)
{
    return __atomic_fetch_or(w, 1UL << bit, __ATOMIC_SEQ_CST) & (1UL << bit);
}

static bool test_and_clear_word_bit(xen_ulong_t *w, unsigned int bit)
{
    return __atomic_fetch_and(w, ~(1UL << bit), __ATOMIC_SEQ_CST) & (1UL << bit);
}

static bool test_word_bit(const xen_ulong_t *w, unsigned int bit)
{
    return (ACCESS_ONCE(*w) >> bit) & 1;
}

/*
 * 32-bit PV guests (include/compat/abi.h): their pending bitmap is where
 * the 64-bit one is (the same bit numbering, 1024 ports), their mask
 * bitmap follows it, and a vCPU's selector is a 32-bit word with one bit
 * per 32 ports.  The 64-bit word operations below stay inside those
 * 128-byte bitmaps for ports below 1024.
 */
static unsigned int nr_2l_ports(const struct domain *d)
{
    return is_pv_32bit_domain(d) ? COMPAT_EVTCHN_2L_NR_PORTS : EVTCHN_2L_NR_PORTS;
}

static xen_ulong_t *mask_words(const struct domain *d)
{
    if ( is_pv_32bit_domain(d) )
        return (xen_ulong_t *)((uint8_t *)d->shared_info + COMPAT_SHINFO_EVTCHN_MASK);
    return d->shared_info->evtchn_mask;
}

/* Set the selector bit of port p's word in v's vcpu_info; was it set? */
static bool test_and_set_sel_bit(struct vcpu *v, evtchn_port_t p)
{
    if ( is_pv_32bit_vcpu(v) )
    {
        uint32_t *sel = (uint32_t *)((uint8_t *)v->vcpu_info +
                                     COMPAT_VCPU_INFO_PENDING_SEL);
        uint32_t bit = 1u << (p / 32);

        return __atomic_fetch_or(sel, bit, __ATOMIC_SEQ_CST) & bit;
    }
    return test_and_set_word_bit(&v->vcpu_info->evtchn_pending_sel,
                                 p / BITS_PER_WORD);
}

bool evtchn_port_is_pending(const struct domain *d, evtchn_port_t p)
{
    return test_word_bit(&d->shared_info->evtchn_pending[p / BITS_PER_WORD],
                         p % BITS_PER_WORD);
}

/*
 * Raise v's upcall flag; if it was clear, wake v or make its CPU look
 * (its way back to the guest delivers the upcall).
 */
static void vcpu_mark_events_pending(struct vcpu *v)
{
    if ( !__atomic_exchange_n(&v->vcpu_info->evtchn_upcall_pending, 1,
                              __ATOMIC_SEQ_CST) )
        vcpu_kick(v);
}

static void evtchn_set_pending(struct domain *d, evtchn_port_t p)
{
    shared_info_t *s = d->shared_info;
    struct vcpu *v = domain_vcpu(d, d->evtchn[p].notify_vcpu);
    unsigned int w = p / BITS_PER_WORD;

    if ( !v )
        v = d->vcpu[0];
    if ( test_and_set_word_bit(&s->evtchn_pending[w], p % BITS_PER_WORD) )
        return;
    if ( !test_word_bit(&mask_words(d)[w], p % BITS_PER_WORD) &&
         !test_and_set_sel_bit(v, p) )
        vcpu_mark_events_pending(v);
    if ( ACCESS_ONCE(d->poll_mask) )
        vcpu_poll_wake(d, p);
}

static int get_free_port(struct domain *d)
{
    unsigned int p;

    for ( p = 1; p < nr_2l_ports(d); p++ )
        if ( d->evtchn[p].state == ECS_FREE )
        {
            if ( p >= d->valid_evtchns )
                d->valid_evtchns = (p / EVTCHNS_PER_BUCKET + 1) *
                                   EVTCHNS_PER_BUCKET;
            return p;
        }
    return -ENOSPC;
}

static void free_port(struct domain *d, evtchn_port_t p)
{
    memset(&d->evtchn[p], 0, sizeof(d->evtchn[p]));
    /* A reused port starts clean, as Xen's evtchn_2l_clear_pending. */
    test_and_clear_word_bit(&d->shared_info->evtchn_pending[p / BITS_PER_WORD],
                            p % BITS_PER_WORD);
}

static bool virq_is_global(unsigned int virq)
{
    switch ( virq )
    {
    case VIRQ_TIMER:
    case VIRQ_DEBUG:
    case VIRQ_XENOPROF:
    case VIRQ_XENPMU:
        return false;
    default:                    /* VIRQ_ARCH_* too: x86 has only VIRQ_MCA */
        return true;
    }
}

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    struct domain *d = v->domain;
    unsigned int p;

    spin_lock(&d->event_lock);
    p = v->virq_to_evtchn[virq];
    if ( p )
        evtchn_set_pending(d, p);
    spin_unlock(&d->event_lock);
}

void send_guest_global_virq(struct domain *d, unsigned int virq)
{
    if ( d && d->vcpu[0] )
        send_guest_vcpu_virq(d->vcpu[0], virq);
}

static long evtchn_alloc_unbound(struct evtchn_alloc_unbound *a)
{
    struct domain *d = domain_by_id(a->dom), *cur = current->domain;
    int p;

    if ( !d )
        return -ESRCH;
    if ( d != cur && !cur->is_privileged )
        return -EPERM;
    p = get_free_port(d);
    if ( p < 0 )
        return p;
    d->evtchn[p].state = ECS_UNBOUND;
    d->evtchn[p].remote_dom = a->remote_dom == DOMID_SELF ? cur->domain_id
                                                           : a->remote_dom;
    a->port = p;
    return 0;
}

/*
 * Both ends of an interdomain pair change only under both domains' event
 * locks, taken in address order (no ABBA deadlock); so either lock alone
 * keeps a pair stable, which is all evtchn_send needs.
 */
static void double_event_lock(struct domain *a, struct domain *b)
{
    if ( a == b )
        spin_lock(&a->event_lock);
    else
    {
        spin_lock(&(a < b ? a : b)->event_lock);
        spin_lock(&(a < b ? b : a)->event_lock);
    }
}

static void double_event_unlock(struct domain *a, struct domain *b)
{
    spin_unlock(&a->event_lock);
    if ( a != b )
        spin_unlock(&b->event_lock);
}

/* @pre: ld's and rd's event locks held. */
static long evtchn_bind_interdomain(struct evtchn_bind_interdomain *b,
                                    struct domain *ld, struct domain *rd)
{
    struct evtchn *rchn;
    int lp;

    if ( !evtchn_port_valid(rd, b->remote_port) )
        return -EINVAL;
    rchn = &rd->evtchn[b->remote_port];
    if ( rchn->state != ECS_UNBOUND || rchn->remote_dom != ld->domain_id )
        return -EINVAL;
    lp = get_free_port(ld);
    if ( lp < 0 )
        return lp;

    ld->evtchn[lp].state = ECS_INTERDOMAIN;
    ld->evtchn[lp].remote_dom = rd->domain_id;
    ld->evtchn[lp].u = b->remote_port;
    rchn->state = ECS_INTERDOMAIN;
    rchn->remote_dom = ld->domain_id;
    rchn->u = lp;
    /*
     * Sends on the remote end while it was unbound went nowhere: raise
     * the new local port once, as Xen does, so none is lost.
     */
    evtchn_set_pending(ld, lp);
    b->local_port = lp;
    return 0;
}

int evtchn_bind_static_pair(struct domain *a, struct domain *b,
                            evtchn_port_t *pa, evtchn_port_t *pb)
{
    int p, q;

    ASSERT(a != b);
    double_event_lock(a, b);
    p = get_free_port(a);
    if ( p >= 0 )
    {
        a->evtchn[p].state = ECS_UNBOUND;   /* reserves p while q is found */
        q = get_free_port(b);
        if ( q < 0 )
            free_port(a, p);
        p = q < 0 ? q : p;
    }
    if ( p >= 0 )
    {
        a->evtchn[p].state = b->evtchn[q].state = ECS_INTERDOMAIN;
        a->evtchn[p].remote_dom = b->domain_id;
        a->evtchn[p].u = q;
        b->evtchn[q].remote_dom = a->domain_id;
        b->evtchn[q].u = p;
        *pa = p;
        *pb = q;
    }
    double_event_unlock(a, b);
    return p < 0 ? p : 0;
}

static long evtchn_bind_virq(struct evtchn_bind_virq *b)
{
    struct domain *d = current->domain;
    struct vcpu *v;
    int p;

    if ( b->virq >= NR_VIRQS )
        return -EINVAL;
    if ( virq_is_global(b->virq) && b->vcpu != 0 )
        return -EINVAL;
    v = domain_vcpu(d, b->vcpu);
    if ( !v )
        return -ENOENT;
    if ( v->virq_to_evtchn[b->virq] )
        return -EEXIST;
    p = get_free_port(d);
    if ( p < 0 )
        return p;
    d->evtchn[p].state = ECS_VIRQ;
    d->evtchn[p].u = b->virq;
    d->evtchn[p].notify_vcpu = b->vcpu;
    v->virq_to_evtchn[b->virq] = p;
    b->port = p;
    return 0;
}

/* Xen's order: the PIRQ's checks, a free port, then the IRQ itself. */
static long evtchn_bind_pirq(struct evtchn_bind_pirq *b)
{
    struct domain *d = current->domain;
    int p, rc;

    rc = pirq_bind_check(d, b->pirq);
    if ( rc )
        return rc;
    p = get_free_port(d);
    if ( p < 0 )
        return p;
    rc = pirq_guest_bind(d, b->pirq, p);
    if ( rc )
        return rc;
    d->evtchn[p].state = ECS_PIRQ;
    d->evtchn[p].u = b->pirq;
    d->evtchn[p].notify_vcpu = 0;
    b->port = p;
    return 0;
}

void evtchn_send_pirq(struct domain *d, evtchn_port_t p)
{
    evtchn_set_pending(d, p);
}

bool evtchn_port_is_masked(const struct domain *d, evtchn_port_t p)
{
    return test_word_bit(&mask_words(d)[p / BITS_PER_WORD],
                         p % BITS_PER_WORD);
}

static long evtchn_bind_ipi(struct evtchn_bind_ipi *b)
{
    struct domain *d = current->domain;
    int p;

    if ( !domain_vcpu(d, b->vcpu) )
        return -ENOENT;
    p = get_free_port(d);
    if ( p < 0 )
        return p;
    d->evtchn[p].state = ECS_IPI;
    d->evtchn[p].notify_vcpu = b->vcpu;
    b->port = p;
    return 0;
}

/* @pre: d's event lock held, and the peer's if p is interdomain. */
static long evtchn_close(struct domain *d, evtchn_port_t p)
{
    struct evtchn *chn;
    struct domain *rd;
    struct vcpu *v;

    if ( !evtchn_port_valid(d, p) )
        return -EINVAL;
    chn = &d->evtchn[p];
    switch ( chn->state )
    {
    case ECS_UNBOUND:
    case ECS_IPI:
        break;

    case ECS_PIRQ:
        pirq_guest_unbind(d, chn->u);
        break;

    case ECS_VIRQ:
        v = domain_vcpu(d, virq_is_global(chn->u) ? 0 : chn->notify_vcpu);
        if ( v && v->virq_to_evtchn[chn->u] == p )
            v->virq_to_evtchn[chn->u] = 0;
        break;

    case ECS_INTERDOMAIN:
        /* The peer waits for us again, as an unbound port. */
        rd = domain_by_id(chn->remote_dom);
        if ( rd && evtchn_port_valid(rd, chn->u) &&
             rd->evtchn[chn->u].state == ECS_INTERDOMAIN )
        {
            rd->evtchn[chn->u].state = ECS_UNBOUND;
            rd->evtchn[chn->u].remote_dom = d->domain_id;
            rd->evtchn[chn->u].u = 0;
        }
        break;

    default:                    /* free, reserved */
        return -EINVAL;
    }
    free_port(d, p);
    return 0;
}

/* Close d's port p, with the peer's lock too when p is interdomain. */
static long evtchn_close_locked(struct domain *d, evtchn_port_t p)
{
    struct domain *rd = d;
    long rc;

    for ( ;; )
    {
        struct domain *peer = d;

        double_event_lock(d, rd);
        if ( evtchn_port_valid(d, p) && d->evtchn[p].state == ECS_INTERDOMAIN )
            peer = domain_by_id(d->evtchn[p].remote_dom) ?: d;
        if ( peer == rd )
            break;
        /* The peer is not (or no longer) the one locked: lock it, look again. */
        double_event_unlock(d, rd);
        rd = peer;
    }
    rc = evtchn_close(d, p);
    double_event_unlock(d, rd);
    return rc;
}

static long evtchn_send(struct domain *d, evtchn_port_t p)
{
    struct evtchn *chn;
    struct domain *rd;

    if ( !evtchn_port_valid(d, p) )
        return -EINVAL;
    chn = &d->evtchn[p];
    switch ( chn->state )
    {
    case ECS_INTERDOMAIN:
        rd = domain_by_id(chn->remote_dom);
        if ( rd )
            evtchn_set_pending(rd, chn->u);
        return 0;
    case ECS_IPI:
        evtchn_set_pending(d, p);
        return 0;
    case ECS_UNBOUND:
        return 0;               /* nobody listens yet: silently dropped */
    default:
        return -EINVAL;
    }
}

static long evtchn_status(struct evtchn_status *st)
{
    struct domain *d = domain_by_id(st->dom);
    const struct evtchn *chn;

    if ( !d )
        return -ESRCH;
    if ( d != current->domain && !current->domain->is_privileged )
        return -EPERM;
    if ( !evtchn_port_valid(d, st->port) )
        return -EINVAL;
    chn = &d->evtchn[st->port];
    memset(&st->u, 0, sizeof(st->u));
    switch ( chn->state )
    {
    case ECS_UNBOUND:
        st->status = EVTCHNSTAT_unbound;
        st->u.unbound.dom = chn->remote_dom;
        break;
    case ECS_INTERDOMAIN:
        st->status = EVTCHNSTAT_interdomain;
        st->u.interdomain.dom = chn->remote_dom;
        st->u.interdomain.port = chn->u;
        break;
    case ECS_PIRQ:
        st->status = EVTCHNSTAT_pirq;
        st->u.pirq = chn->u;
        break;
    case ECS_VIRQ:
        st->status = EVTCHNSTAT_virq;
        st->u.virq = chn->u;
        break;
    case ECS_IPI:
        st->status = EVTCHNSTAT_ipi;
        break;
    default:
        st->status = EVTCHNSTAT_closed;
        break;
    }
    st->vcpu = chn->notify_vcpu;
    return 0;
}

static long evtchn_bind_vcpu(struct domain *d, evtchn_port_t p, unsigned int vcpu)
{
    struct evtchn *chn;

    if ( !domain_vcpu(d, vcpu) )
        return -ENOENT;
    if ( !evtchn_port_valid(d, p) )
        return -EINVAL;
    chn = &d->evtchn[p];
    switch ( chn->state )
    {
    case ECS_VIRQ:
        if ( !virq_is_global(chn->u) )
            return -EINVAL;
        /* fall through */
    case ECS_UNBOUND:
    case ECS_INTERDOMAIN:
    case ECS_PIRQ:
        chn->notify_vcpu = vcpu;
        return 0;
    default:
        return -EINVAL;
    }
}

long evtchn_unmask(struct domain *d, evtchn_port_t p)
{
    shared_info_t *s = d->shared_info;
    unsigned int w = p / BITS_PER_WORD;
    struct vcpu *v;

    if ( !evtchn_port_valid(d, p) )
        return -EINVAL;
    v = domain_vcpu(d, d->evtchn[p].notify_vcpu) ?: d->vcpu[0];
    /* A pending event the mask held back is raised now. */
    if ( test_and_clear_word_bit(&mask_words(d)[w], p % BITS_PER_WORD) &&
         test_word_bit(&s->evtchn_pending[w], p % BITS_PER_WORD) &&
         !test_and_set_sel_bit(v, p) )
        vcpu_mark_events_pending(v);
    return 0;
}

static long evtchn_reset(domid_t dom)
{
    struct domain *d = domain_by_id(dom);
    unsigned int p;

    if ( !d )
        return -ESRCH;
    if ( d != current->domain && !current->domain->is_privileged )
        return -EPERM;
    for ( p = 1; p < ACCESS_ONCE(d->valid_evtchns); p++ )
        if ( ACCESS_ONCE(d->evtchn[p].state) != ECS_FREE )
            evtchn_close_locked(d, p);
    return 0;
}

/* Copy the argument in, run op under the lock, copy out if asked and it worked. */
#define EVTCHN_OP(type, call, out)                                  \
    do {                                                            \
        struct type x;                                              \
        if ( copy_from_guest(&x, arg, sizeof(x)) )                  \
            return -EFAULT;                                         \
        spin_lock(&d->event_lock);                                  \
        rc = (call);                                                \
        spin_unlock(&d->event_lock);                                \
        if ( !rc && (out) && copy_to_guest(arg, &x, sizeof(x)) )    \
            rc = -EFAULT;                                           \
        return rc;                                                  \
    } while ( 0 )

long do_event_channel_op(struct hc_args *a)
{
    struct domain *d = current->domain;
    unsigned long arg = hc_ptr(a, 1);
    long rc;

    switch ( hc_int(a, 0) )
    {
    case EVTCHNOP_alloc_unbound:
        EVTCHN_OP(evtchn_alloc_unbound, evtchn_alloc_unbound(&x), true);
    case EVTCHNOP_bind_interdomain:
    {
        struct evtchn_bind_interdomain x;
        struct domain *rd;

        if ( copy_from_guest(&x, arg, sizeof(x)) )
            return -EFAULT;
        rd = domain_by_id(x.remote_dom);
        if ( !rd )
            return -ESRCH;
        double_event_lock(d, rd);
        rc = evtchn_bind_interdomain(&x, d, rd);
        double_event_unlock(d, rd);
        if ( !rc && copy_to_guest(arg, &x, sizeof(x)) )
            rc = -EFAULT;
        return rc;
    }
    case EVTCHNOP_bind_virq:
        EVTCHN_OP(evtchn_bind_virq, evtchn_bind_virq(&x), true);
    case EVTCHNOP_bind_ipi:
        EVTCHN_OP(evtchn_bind_ipi, evtchn_bind_ipi(&x), true);
    case EVTCHNOP_bind_pirq:
        EVTCHN_OP(evtchn_bind_pirq, evtchn_bind_pirq(&x), true);
    case EVTCHNOP_close:
    {
        struct evtchn_close x;

        if ( copy_from_guest(&x, arg, sizeof(x)) )
            return -EFAULT;
        return evtchn_close_locked(d, x.port);
    }
    case EVTCHNOP_send:
        EVTCHN_OP(evtchn_send, evtchn_send(d, x.port), false);
    case EVTCHNOP_status:
        EVTCHN_OP(evtchn_status, evtchn_status(&x), true);
    case EVTCHNOP_bind_vcpu:
        EVTCHN_OP(evtchn_bind_vcpu, evtchn_bind_vcpu(d, x.port, x.vcpu), false);
    case EVTCHNOP_unmask:
        EVTCHN_OP(evtchn_unmask, evtchn_unmask(d, x.port), false);
    case EVTCHNOP_reset:
    {
        struct evtchn_reset x;

        if ( copy_from_guest(&x, arg, sizeof(x)) )
            return -EFAULT;
        return evtchn_reset(x.dom);
    }
    default:
        /* FIFO ABI: not yet. */
        return -ENOSYS;
    }
}

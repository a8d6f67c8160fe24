/*
 * The credit algorithm (credit_policy.h): pure logic, no locks (the
 * caller serialises every call), no clock of its own.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include "credit_policy.h"

#define CREDIT_NS   (MILLISECS(1) / CSCHED_CREDITS_PER_MSEC)

static bool eligible(const struct csched_unit *u)
{
    return u->runnable && !u->parked;
}

/* ---- run queues ------------------------------------------------------- */

static void runq_remove(struct csched *s, struct csched_unit *u)
{
    struct csched_unit **pp = &s->pcpu[u->cpu].runq;

    ASSERT(u->queued);
    while ( *pp != u )
        pp = &(*pp)->runq_next;
    *pp = u->runq_next;
    u->runq_next = NULL;
    u->queued = false;
}

/*
 * Queue u on its CPU behind every unit of equal or better priority; with
 * yield, behind one more (of lower priority) if there is one.
 */
static void runq_insert(struct csched *s, struct csched_unit *u, bool yield)
{
    struct csched_unit **pp = &s->pcpu[u->cpu].runq;

    ASSERT(!u->queued && !u->running && eligible(u));
    ASSERT(cpumask_test_cpu(u->cpu, &u->hard));
    while ( *pp && (*pp)->pri >= u->pri )
        pp = &(*pp)->runq_next;
    if ( yield && *pp )
        pp = &(*pp)->runq_next;
    u->runq_next = *pp;
    *pp = u;
    u->queued = true;
}

/* Re-sort cpu's queue after priorities changed (stable: FIFO kept). */
static void runq_sort(struct csched *s, unsigned int cpu)
{
    struct csched_unit *list = s->pcpu[cpu].runq, *u;

    s->pcpu[cpu].runq = NULL;
    while ( (u = list) )
    {
        list = u->runq_next;
        u->queued = false;
        u->runq_next = NULL;
        if ( eligible(u) )
            runq_insert(s, u, false);
    }
}

/* Should cpu drop what it runs for the head of its queue? */
static bool head_preempts(const struct csched *s, unsigned int cpu)
{
    const struct csched_pcpu *p = &s->pcpu[cpu];

    return p->runq && p->runq->pri > p->curr->pri;
}

/* ---- credits ---------------------------------------------------------- */

/* Credit cap of a unit of d per slice (0: none), as Xen rounds it. */
static int unit_cap(const struct csched *s, const struct csched_dom *d)
{
    int cap;

    if ( !d->cap )
        return 0;
    cap = ((int)d->cap * s->credits_per_tslice + 99) / 100;
    return (cap + (int)d->nr_active - 1) / (int)(d->nr_active ?: 1);
}

static void activate(struct csched_unit *u)
{
    if ( !u->active )
    {
        u->active = true;
        u->dom->nr_active++;
    }
}

static void deactivate(struct csched_unit *u)
{
    if ( u->active )
    {
        u->active = false;
        u->dom->nr_active--;
    }
}

/* Charge u (running) for its run time up to now, in whole credits. */
static void burn_credits(struct csched_unit *u, s_time_t now)
{
    s_time_t delta = now - u->start;
    int64_t credits;

    if ( u->is_idle || delta <= 0 )
        return;
    credits = delta / CREDIT_NS;
    u->credit -= (int)credits;
    u->start += credits * CREDIT_NS;
    u->run_ns += credits * CREDIT_NS;
}

/* Overdrawn beyond its cap: park (true if that changed u). */
static bool maybe_park(struct csched *s, struct csched_unit *u, cpumask_t *tickle)
{
    int cap = unit_cap(s, u->dom);

    if ( !cap || u->parked || u->credit >= -cap )
        return false;
    u->parked = true;
    if ( u->queued )
        runq_remove(s, u);
    if ( u->running && tickle )
        cpumask_set_cpu(u->cpu, tickle);
    return true;
}

/* ---- CPU choice ------------------------------------------------------- */

/* An idle CPU in mask (u's last CPU first), or CONFIG_NR_CPUS. */
static unsigned int idle_cpu_in(const struct csched *s,
                                const struct csched_unit *u,
                                const cpumask_t *mask)
{
    cpumask_t m;

    cpumask_and(&m, mask, &s->idlers);
    if ( cpumask_test_cpu(u->cpu, &m) )
        return u->cpu;
    return cpumask_cycle(u->cpu, &m);
}

/* Where a waking u should queue (within its hard affinity). */
static unsigned int pick_cpu(const struct csched *s, const struct csched_unit *u)
{
    cpumask_t hard, soft;
    unsigned int cpu;

    cpumask_and(&hard, &u->hard, &s->cpus);
    ASSERT(!cpumask_empty(&hard));
    cpumask_and(&soft, &hard, &u->soft);
    if ( (cpu = idle_cpu_in(s, u, &soft)) < CONFIG_NR_CPUS ||
         (cpu = idle_cpu_in(s, u, &hard)) < CONFIG_NR_CPUS )
        return cpu;
    if ( cpumask_test_cpu(u->cpu, &hard) )
        return u->cpu;
    cpu = cpumask_first(&soft);
    return cpu < CONFIG_NR_CPUS ? cpu : cpumask_first(&hard);
}

/* An idle CPU other than cpu that may run u, or CONFIG_NR_CPUS. */
static unsigned int other_idler(const struct csched *s,
                                const struct csched_unit *u, unsigned int cpu)
{
    cpumask_t m;

    cpumask_and(&m, &u->hard, &s->idlers);
    cpumask_clear_cpu(cpu, &m);
    return cpumask_cycle(cpu, &m);
}

/*
 * Queue u where it should run and say which CPU must look: that CPU if u
 * beats what it runs, and an idle one that could steal u if u has to
 * wait behind something there.
 */
static void enqueue(struct csched *s, struct csched_unit *u, cpumask_t *tickle)
{
    unsigned int cpu = pick_cpu(s, u), idler;
    const struct csched_pcpu *p = &s->pcpu[cpu];

    u->cpu = cpu;
    runq_insert(s, u, false);
    if ( u->pri > p->curr->pri )
        cpumask_set_cpu(cpu, tickle);
    if ( (p->runq != u || !p->curr->is_idle) &&
         (idler = other_idler(s, u, cpu)) < CONFIG_NR_CPUS )
        cpumask_set_cpu(idler, tickle);
}

/* ---- interface -------------------------------------------------------- */

void csched_init(struct csched *s, unsigned int tslice_ms)
{
    memset(s, 0, sizeof(*s));
    s->tslice = MILLISECS(tslice_ms);
    s->credits_per_tslice = CSCHED_CREDITS_PER_MSEC * (int)tslice_ms;
}

void csched_add_cpu(struct csched *s, unsigned int cpu)
{
    struct csched_pcpu *p = &s->pcpu[cpu];

    p->idle.is_idle = true;
    p->idle.pri = CSCHED_PRI_IDLE;
    p->idle.cpu = cpu;
    p->idle.running = true;
    p->idle.runnable = true;
    cpumask_set_cpu(cpu, &p->idle.hard);
    p->curr = &p->idle;
    cpumask_set_cpu(cpu, &s->cpus);
    cpumask_set_cpu(cpu, &s->idlers);
}

void csched_dom_init(struct csched *s, struct csched_dom *d)
{
    memset(d, 0, sizeof(*d));
    d->weight = CSCHED_DEFAULT_WEIGHT;
    d->next = s->doms;
    s->doms = d;
}

void csched_unit_init(struct csched *s, struct csched_unit *u,
                      struct csched_dom *d, unsigned int cpu, void *owner)
{
    unsigned int i;

    memset(u, 0, sizeof(*u));
    u->dom = d;
    u->owner = owner;
    u->pri = CSCHED_PRI_UNDER;
    u->cpu = cpu;
    for ( i = 0; i < CONFIG_NR_CPUS; i++ )
    {
        cpumask_set_cpu(i, &u->hard);
        cpumask_set_cpu(i, &u->soft);
    }
    u->all_next = s->units;
    s->units = u;
}

void csched_unit_remove(struct csched *s, struct csched_unit *u)
{
    struct csched_unit **pp = &s->units;

    ASSERT(!u->running);
    if ( u->queued )
        runq_remove(s, u);
    deactivate(u);
    while ( *pp != u )
        pp = &(*pp)->all_next;
    *pp = u->all_next;
}

void csched_wake(struct csched *s, struct csched_unit *u, bool boost,
                 cpumask_t *tickle)
{
    u->runnable = true;
    if ( u->running || u->queued || u->parked )
        return;
    if ( boost && u->pri == CSCHED_PRI_UNDER )
        u->pri = CSCHED_PRI_BOOST;
    enqueue(s, u, tickle);
}

void csched_sleep(struct csched *s, struct csched_unit *u, cpumask_t *tickle)
{
    u->runnable = false;
    if ( u->queued )
        runq_remove(s, u);
    if ( u->running )
        cpumask_set_cpu(u->cpu, tickle);
}

/*
 * Best unit queued on another CPU that may run on cpu and beats pri;
 * units whose soft affinity has cpu first.  Dequeued and moved here.
 */
static struct csched_unit *steal(struct csched *s, unsigned int cpu, int pri)
{
    unsigned int step, peer;

    for ( step = 0; step < 2; step++ )
    {
        struct csched_unit *best = NULL;

        for_each_cpu ( peer, &s->cpus )
        {
            struct csched_unit *u;

            if ( peer == cpu )
                continue;
            for ( u = s->pcpu[peer].runq; u; u = u->runq_next )
                if ( u->pri > pri && cpumask_test_cpu(cpu, &u->hard) &&
                     (step || cpumask_test_cpu(cpu, &u->soft)) &&
                     (!best || u->pri > best->pri) )
                    best = u;
        }
        if ( best )
        {
            runq_remove(s, best);
            best->cpu = cpu;
            return best;
        }
    }
    return NULL;
}

struct csched_unit *csched_schedule(struct csched *s, unsigned int cpu,
                                    s_time_t now, bool yield, s_time_t *slice)
{
    struct csched_pcpu *p = &s->pcpu[cpu];
    struct csched_unit *prev = p->curr, *next;

    prev->running = false;
    if ( !prev->is_idle )
    {
        burn_credits(prev, now);
        /* It ran: it competes for credits (not only if a tick saw it). */
        activate(prev);
        maybe_park(s, prev, NULL);
        if ( eligible(prev) && cpumask_test_cpu(cpu, &prev->hard) )
            runq_insert(s, prev, yield);
        else if ( eligible(prev) )
        {
            /* Its hard affinity no longer has this CPU: requeue elsewhere. */
            cpumask_t ignored;

            cpumask_clear(&ignored);
            enqueue(s, prev, &ignored);
        }
    }

    next = p->runq;
    if ( !next || next->pri <= CSCHED_PRI_OVER )
    {
        struct csched_unit *stolen = steal(s, cpu, next ? next->pri
                                                        : CSCHED_PRI_IDLE);

        if ( stolen )
            next = stolen;
    }
    if ( next && next->queued )
        runq_remove(s, next);
    if ( !next )
        next = &p->idle;

    next->running = true;
    next->cpu = cpu;
    next->start = now;
    p->curr = next;
    if ( next->is_idle )
    {
        cpumask_set_cpu(cpu, &s->idlers);
        *slice = -1;
    }
    else
    {
        cpumask_clear_cpu(cpu, &s->idlers);
        *slice = s->tslice;
    }
    return next;
}

bool csched_tick(struct csched *s, unsigned int cpu, s_time_t now)
{
    struct csched_unit *u = s->pcpu[cpu].curr;

    if ( u->is_idle )
        return false;
    burn_credits(u, now);
    activate(u);
    if ( u->pri == CSCHED_PRI_BOOST )
        u->pri = CSCHED_PRI_UNDER;
    /*
     * OVER at a tick once its debt is more than the next accounting pays
     * it (its last share): it would be OVER after that accounting anyway.
     * A smaller debt is the dip of a unit spending its share evenly
     * between two lump payments; it keeps UNDER and its boost on waking.
     * (Xen changes priorities only at accounting; measured on QEMU,
     * weights 256:512 then shared 1.1-1.7:1, a unit UNDER at accounting
     * keeping the CPU for a whole slice whatever its credit.)
     */
    if ( u->credit + u->share < 0 && u->pri > CSCHED_PRI_OVER )
        u->pri = CSCHED_PRI_OVER;
    if ( maybe_park(s, u, NULL) )
        return true;
    return head_preempts(s, cpu);
}

/*
 * A unit's weight spread evenly over the CPUs its hard affinity allows
 * (scaled by 2^16 so that the division keeps precision).
 */
static uint64_t weight_per_cpu(const struct csched *s, const struct csched_unit *u)
{
    cpumask_t m;
    unsigned int n;

    cpumask_and(&m, &u->hard, &s->cpus);
    n = cpumask_weight(&m);
    return n ? ((uint64_t)u->dom->weight << 16) / n : 0;
}

/*
 * Every active unit's credits for one slice (u->share), by water-filling:
 * each CPU's credits_per_tslice are divided among the active units that
 * may run there, in proportion to their weight per CPU; a unit whose
 * credits from all its CPUs exceed its ceiling (its cap's share, and at
 * most one slice's worth: it cannot run on two CPUs at once) gets its
 * ceiling, taken from its CPUs in proportion, and the rest of those
 * CPUs' credits goes to the other units there, as Xen gives a capped
 * domain's unusable credits to the others.  Repeated until no unit is
 * over its ceiling (each round settles at least one unit).  Shares
 * computed over all CPUs at once would hand a unit pinned beside others
 * credits its CPU cannot give: both units of a pinned pair would then
 * stay UNDER and share 1:1 whatever their weights.  Credits are counted
 * in 1/65536ths until each unit's share is rounded up.
 */
static void fair_shares(struct csched *s)
{
    uint64_t pool[CONFIG_NR_CPUS] = { 0 }, weight[CONFIG_NR_CPUS] = { 0 };
    struct csched_unit *u;
    unsigned int cpu;
    bool settled_one;

    for_each_cpu ( cpu, &s->cpus )
        pool[cpu] = (uint64_t)s->credits_per_tslice << 16;
    for ( u = s->units; u; u = u->all_next )
    {
        u->settled = !u->active;
        if ( u->active )
            for_each_cpu ( cpu, &s->cpus )
                if ( cpumask_test_cpu(cpu, &u->hard) )
                    weight[cpu] += weight_per_cpu(s, u);
    }
    do {
        settled_one = false;
        for ( u = s->units; u; u = u->all_next )
        {
            uint64_t w = weight_per_cpu(s, u), fair = 0, ceiling;
            int cap = unit_cap(s, u->dom);

            if ( u->settled )
                continue;
            for_each_cpu ( cpu, &s->cpus )
                if ( cpumask_test_cpu(cpu, &u->hard) && weight[cpu] )
                    fair += pool[cpu] * w / weight[cpu];
            u->share = (int)((fair + 0xffff) >> 16);
            ceiling = (uint64_t)(cap && cap < s->credits_per_tslice
                                 ? cap : s->credits_per_tslice) << 16;
            if ( fair <= ceiling )
                continue;
            /* Over its ceiling: settle it there and free the rest. */
            for_each_cpu ( cpu, &s->cpus )
                if ( cpumask_test_cpu(cpu, &u->hard) && weight[cpu] )
                {
                    pool[cpu] -= pool[cpu] * w / weight[cpu] * ceiling / fair;
                    weight[cpu] -= w;
                }
            u->share = (int)((ceiling + 0xffff) >> 16);
            u->settled = settled_one = true;
        }
    } while ( settled_one );
}

void csched_acct(struct csched *s, s_time_t now, cpumask_t *tickle)
{
    struct csched_unit *u;
    unsigned int cpu;
    bool any_active = false;

    /* Charge the running units first, so that shares see their usage. */
    for_each_cpu ( cpu, &s->cpus )
    {
        u = s->pcpu[cpu].curr;
        if ( !u->is_idle )
        {
            burn_credits(u, now);
            activate(u);
        }
    }
    for ( u = s->units; u; u = u->all_next )
        any_active |= u->active;
    if ( !any_active )
        return;
    fair_shares(s);

    for ( u = s->units; u; u = u->all_next )
    {
        bool was_parked = u->parked;

        if ( !u->active )
            continue;
        u->credit += u->share * (int)s->acct_periods;

        if ( u->credit < 0 )
        {
            u->pri = CSCHED_PRI_OVER;
            maybe_park(s, u, tickle);
            /*
             * A debt of at most one slice: old history does not linger.
             * Not for a capped unit: its debt is what holds it to its cap
             * (a unit that overran because its CPU rescheduled late would
             * otherwise keep the overrun), and it is bounded, since a
             * parked unit does not run.
             */
            if ( !u->dom->cap && u->credit < -s->credits_per_tslice )
                u->credit = -s->credits_per_tslice;
        }
        else
        {
            if ( u->pri != CSCHED_PRI_BOOST )
                u->pri = CSCHED_PRI_UNDER;
            u->parked = false;
            if ( u->credit > s->credits_per_tslice && !u->runnable )
            {
                /* Earning more than it uses: out of the active set. */
                deactivate(u);
                u->credit /= 2;
            }
            else if ( u->credit > s->credits_per_tslice )
                /* Waiting to run (e.g. after a stall paid late), not idle. */
                u->credit = s->credits_per_tslice;
        }
        /* Over a cap but back within it: can run again. */
        if ( was_parked && !u->parked && u->runnable && !u->running &&
             !u->queued )
            enqueue(s, u, tickle);
    }

    for_each_cpu ( cpu, &s->cpus )
    {
        unsigned int idler;

        runq_sort(s, cpu);
        if ( head_preempts(s, cpu) )
            cpumask_set_cpu(cpu, tickle);
        /* Work waiting here while a CPU that could take it idles. */
        if ( (u = s->pcpu[cpu].runq) &&
             (idler = other_idler(s, u, cpu)) < CONFIG_NR_CPUS )
            cpumask_set_cpu(idler, tickle);
    }
}

bool csched_acct_due(struct csched *s, s_time_t now)
{
    if ( now < s->next_acct )
        return false;
    /*
     * Every slice that passed is paid for, up to CSCHED_ACCT_CATCH_UP of
     * them: the run time of a stall (a host that did not run this CPU for
     * a while) was charged to whoever ran, and without its credits every
     * unit would end in debt (OVER), sharing by turns whatever its weight.
     * Beyond that, a fresh grid.
     */
    s->acct_periods = 0;
    if ( !s->next_acct )
        s->next_acct = now;         /* the first: the grid starts here */
    while ( s->next_acct <= now && s->acct_periods < CSCHED_ACCT_CATCH_UP )
    {
        s->next_acct += s->tslice;
        s->acct_periods++;
    }
    if ( s->next_acct <= now )
        s->next_acct = now + s->tslice;
    return true;
}

int csched_dom_set(struct csched *s, struct csched_dom *d, unsigned int weight,
                   unsigned int cap)
{
    if ( weight < 1 || weight > CSCHED_MAX_WEIGHT ||
         cap > 100 * cpumask_weight(&s->cpus) )
        return -EINVAL;
    d->weight = weight;
    d->cap = cap;
    return 0;
}

int csched_set_affinity(struct csched *s, struct csched_unit *u,
                        const cpumask_t *hard, const cpumask_t *soft,
                        cpumask_t *tickle)
{
    if ( !cpumask_intersects(hard, &s->cpus) )
        return -EINVAL;
    u->hard = *hard;
    u->soft = *soft;
    if ( u->queued && !cpumask_test_cpu(u->cpu, hard) )
    {
        runq_remove(s, u);
        enqueue(s, u, tickle);
    }
    else if ( u->running && !cpumask_test_cpu(u->cpu, hard) )
        cpumask_set_cpu(u->cpu, tickle);
    return 0;
}

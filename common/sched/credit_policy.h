#ifndef COMMON_SCHED_CREDIT_POLICY_H
#define COMMON_SCHED_CREDIT_POLICY_H

/*
 * The credit scheduler's algorithm (Xen's classic "credit1"), as pure
 * logic over a time given by the caller: common/sched/credit.c drives it
 * with NOW() under the scheduler lock, tests/unit/test-credit.c with a
 * fake clock.  It knows nothing of vCPUs, timers or IPIs: a "unit" is one
 * schedulable entity, and every call says which CPUs should look at their
 * run queues again (a returned cpumask the caller turns into IPIs).
 *
 * The algorithm:
 *   - A unit earns credits at each accounting (every time slice, 30 ms by
 *     default, paying for every slice that passed): each CPU's
 *     credits_per_tslice are divided among the active units that may run
 *     there in proportion to their domain's weight; a unit's ceiling (its
 *     cap's share, cap in percent of one CPU, and one slice's worth) bounds
 *     what it earns, the rest going to the others on its CPUs.
 *   - A running unit burns CREDITS_PER_MSEC credits per millisecond of run
 *     time (checked at every tick, 10 ms, and whenever it is descheduled).
 *   - Priority: set at accounting, UNDER if its credit is >= 0, OVER
 *     below; a tick makes a unit OVER once its debt exceeds its last
 *     share.  BOOST (above UNDER) for a unit that wakes from blocking while
 *     UNDER, until its first tick.  A capped unit that overdraws by more
 *     than its cap's share is parked (not run) until accounting brings it
 *     back.
 *   - Credit of an uncapped unit is bounded below by minus one slice's
 *     worth, so old history does not linger.
 *   - A unit that earns more than it uses (credit above one slice) and is
 *     not runnable leaves the active set, its credit halved, until it runs
 *     again: idle units take no share from busy ones.  A runnable one is
 *     clipped to one slice.
 *   - Each CPU has a run queue ordered by priority, FIFO within one.  A CPU
 *     about to idle or run an OVER unit first steals the best UNDER/BOOST
 *     unit queued on another CPU that may run there (hard affinity),
 *     preferring units whose soft affinity includes it.
 *   - A woken unit goes to an idle CPU it may use if there is one
 *     (preferring its last CPU, then its soft affinity), else to its last
 *     CPU; that CPU is tickled if it idles or runs something of lower
 *     priority, so a woken unit preempts within one tick at most.
 *
 * Invariants: a unit is on at most one run queue (queued), never while it
 * runs (running); only eligible units (runnable and not parked) are
 * queued or picked; a queued unit's hard affinity includes its queue's CPU.
 */
#include <xen/types.h>
#include <xen/time.h>
#include <xen/cpumask.h>

#define CSCHED_DEFAULT_WEIGHT       256
#define CSCHED_MAX_WEIGHT           65535
#define CSCHED_CREDITS_PER_MSEC     10
#define CSCHED_DEFAULT_TSLICE_MS    30
#define CSCHED_MIN_TSLICE_MS        1
#define CSCHED_MAX_TSLICE_MS        1000
#define CSCHED_TICK                 MILLISECS(10)
#define CSCHED_ACCT_CATCH_UP        10      /* slices one accounting may pay */

/* Priorities: a larger value runs first. */
#define CSCHED_PRI_BOOST    0
#define CSCHED_PRI_UNDER    (-1)
#define CSCHED_PRI_OVER     (-2)
#define CSCHED_PRI_IDLE     (-64)

struct csched_dom {
    unsigned int weight;        /* relative share, 1..CSCHED_MAX_WEIGHT */
    unsigned int cap;           /* percent of one CPU; 0 = no cap */
    unsigned int nr_active;     /* its units in the active set */
    struct csched_dom *next;    /* all domains of the policy */
};

struct csched_unit {
    struct csched_dom *dom;     /* NULL for a CPU's idle unit */
    void *owner;                /* the caller's object (struct vcpu) */
    int credit;
    int pri;
    unsigned int cpu;           /* where it runs, is queued, or last ran */
    bool runnable;              /* the caller's view: may run (wake/sleep) */
    bool parked;                /* over its cap: not run until accounting */
    bool queued, running, active;
    bool is_idle;
    s_time_t start;             /* run time accounted up to here */
    uint64_t run_ns;            /* total run time, for dumps and tests */
    int share;                  /* credits of the last accounting */
    bool settled;               /* accounting: share fixed at its ceiling */
    cpumask_t hard, soft;       /* affinities; soft is a preference */
    struct csched_unit *runq_next;
    struct csched_unit *all_next;
};

struct csched_pcpu {
    struct csched_unit *runq;   /* head: best priority */
    struct csched_unit *curr;   /* running unit (idle: its idle unit) */
    struct csched_unit idle;
};

struct csched {
    cpumask_t cpus;             /* CPUs it schedules on */
    cpumask_t idlers;           /* of those, the ones running idle */
    s_time_t tslice;
    s_time_t next_acct;         /* the grid of accounting times */
    unsigned int acct_periods;  /* slices the next accounting pays for */
    int credits_per_tslice;
    struct csched_pcpu pcpu[CONFIG_NR_CPUS];
    struct csched_unit *units;  /* every non-idle unit */
    struct csched_dom *doms;
};

/* Empty policy over no CPUs, slice tslice_ms (already range-checked). */
void csched_init(struct csched *s, unsigned int tslice_ms);
/* Add cpu (its idle unit becomes its current unit). */
void csched_add_cpu(struct csched *s, unsigned int cpu);

/* A new domain of the given weight (0: default), no cap. */
void csched_dom_init(struct csched *s, struct csched_dom *d);
/* A new unit of d (not runnable), last CPU cpu, any CPU allowed. */
void csched_unit_init(struct csched *s, struct csched_unit *u,
                      struct csched_dom *d, unsigned int cpu, void *owner);
/* Take u out for good (@pre: not running). */
void csched_unit_remove(struct csched *s, struct csched_unit *u);

/*
 * u may run again: queue it (boosted if it slept from a block, i.e. not
 * yield_wake).  Returns in *tickle the CPUs to reschedule.
 */
void csched_wake(struct csched *s, struct csched_unit *u, bool boost,
                 cpumask_t *tickle);
/* u may not run: dequeued; if it runs, its CPU is put in *tickle. */
void csched_sleep(struct csched *s, struct csched_unit *u, cpumask_t *tickle);

/*
 * cpu reschedules at time now: its current unit's run time is accounted
 * and, if still eligible, queued again (behind its equals: yield puts it
 * behind one lower-priority unit as well); the best unit is then picked,
 * stolen from another CPU if need be.  Returns the unit to run (maybe the
 * idle unit) and in *slice how long it may run (-1: no limit, idle).
 */
struct csched_unit *csched_schedule(struct csched *s, unsigned int cpu,
                                    s_time_t now, bool yield, s_time_t *slice);

/* cpu's 10 ms tick: burn credits, drop boost; true if cpu must reschedule. */
bool csched_tick(struct csched *s, unsigned int cpu, s_time_t now);
/*
 * Accounting, when csched_acct_due() says so: hand out credits for the
 * slices it counted; CPUs to reschedule in *tickle.
 */
void csched_acct(struct csched *s, s_time_t now, cpumask_t *tickle);
/*
 * Is accounting due at now (asked at every tick)?  If so, the next one is
 * due a slice later on a fixed grid, so that late ticks do not stretch
 * the period: every slice's credits cover one slice of run time.  When
 * more than one grid point passed, the accounting pays for each of them
 * (up to CSCHED_ACCT_CATCH_UP).
 */
bool csched_acct_due(struct csched *s, s_time_t now);

/* Change a domain's weight (1..65535) / cap (0..100*CPUs); -EINVAL. */
int csched_dom_set(struct csched *s, struct csched_dom *d, unsigned int weight,
                   unsigned int cap);
/* New affinities for u (hard must include a scheduled CPU); -EINVAL. */
int csched_set_affinity(struct csched *s, struct csched_unit *u,
                        const cpumask_t *hard, const cpumask_t *soft,
                        cpumask_t *tickle);

#endif

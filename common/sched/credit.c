/*
 * sched=credit: Xen's credit scheduler.  The algorithm is credit_policy.c
 * (pure logic, unit-tested with a fake clock); this file ties its units
 * to vCPUs and its domains to domains.  Parameters (docs/sched.md):
 *   sched_credit_tslice_ms=<1..1000>   time slice and accounting period
 *                                      (default 30)
 *   weight 256 and no cap for a new domain (sched_adjust_dom changes them).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/param.h>
#include "private.h"
#include "credit_policy.h"

static unsigned int opt_tslice_ms = CSCHED_DEFAULT_TSLICE_MS;
integer_param("sched_credit_tslice_ms", opt_tslice_ms);

static struct csched csched;

#define UNIT(v)     ((struct csched_unit *)(v)->sched_priv)

static int credit_init(void)
{
    if ( opt_tslice_ms < CSCHED_MIN_TSLICE_MS ||
         opt_tslice_ms > CSCHED_MAX_TSLICE_MS )
    {
        printk(XENLOG_WARNING "sched_credit_tslice_ms=%u out of range "
               "[%u, %u]: using %u\n", opt_tslice_ms, CSCHED_MIN_TSLICE_MS,
               CSCHED_MAX_TSLICE_MS, CSCHED_DEFAULT_TSLICE_MS);
        opt_tslice_ms = CSCHED_DEFAULT_TSLICE_MS;
    }
    csched_init(&csched, opt_tslice_ms);
    printk("Scheduler: credit, time slice %u ms, tick %u ms\n", opt_tslice_ms,
           (unsigned int)(SCHED_TICK / MILLISECS(1)));
    return 0;
}

static void credit_add_cpu(unsigned int cpu, struct vcpu *idle)
{
    csched_add_cpu(&csched, cpu);
    csched.pcpu[cpu].idle.owner = idle;
    idle->sched_priv = &csched.pcpu[cpu].idle;
}

static int credit_insert_vcpu(struct vcpu *v)
{
    struct domain *d = v->domain;
    struct csched_unit *u = xzalloc_bytes(sizeof(*u));

    if ( !u )
        return -ENOMEM;
    if ( !d->sched_priv )
    {
        struct csched_dom *sd = xzalloc_bytes(sizeof(*sd));

        if ( !sd )
        {
            xfree(u);
            return -ENOMEM;
        }
        csched_dom_init(&csched, sd);
        d->sched_priv = sd;
    }
    csched_unit_init(&csched, u, d->sched_priv, v->processor, v);
    v->sched_priv = u;
    return 0;
}

static void credit_wake(struct vcpu *v, bool boost, cpumask_t *tickle)
{
    csched_wake(&csched, UNIT(v), boost, tickle);
}

static void credit_sleep(struct vcpu *v, cpumask_t *tickle)
{
    csched_sleep(&csched, UNIT(v), tickle);
}

static struct vcpu *credit_do_schedule(unsigned int cpu, s_time_t now,
                                       bool yield, s_time_t *slice)
{
    return csched_schedule(&csched, cpu, now, yield, slice)->owner;
}

static void credit_tick(unsigned int cpu, s_time_t now, cpumask_t *tickle)
{
    if ( csched_tick(&csched, cpu, now) )
        cpumask_set_cpu(cpu, tickle);
    /* Whichever CPU ticks first after the period does the accounting. */
    if ( csched_acct_due(&csched, now) )
        csched_acct(&csched, now, tickle);
}

static int credit_set_affinity(struct vcpu *v, const cpumask_t *hard,
                               const cpumask_t *soft, cpumask_t *tickle)
{
    return csched_set_affinity(&csched, UNIT(v), hard, soft, tickle);
}

static int credit_adjust_dom(struct domain *d, unsigned int weight,
                             unsigned int cap)
{
    return csched_dom_set(&csched, d->sched_priv, weight, cap);
}

static const char *pri_name(int pri)
{
    switch ( pri )
    {
    case CSCHED_PRI_BOOST: return "BOOST";
    case CSCHED_PRI_UNDER: return "UNDER";
    case CSCHED_PRI_OVER:  return "OVER";
    default:               return "IDLE";
    }
}

static void dump_unit(const struct csched_unit *u)
{
    const struct vcpu *v = u->owner;

    printk("    d%uv%u %-5s credit %d%s%s ran %lu ms weight %u cap %u\n",
           v->domain->domain_id, v->vcpu_id, pri_name(u->pri), u->credit,
           u->parked ? " parked" : "", u->active ? " active" : "",
           (unsigned long)(u->run_ns / MILLISECS(1)), u->dom->weight,
           u->dom->cap);
}

static void credit_dump(void)
{
    const struct csched_unit *u;
    unsigned int cpu;

    printk("Scheduler: credit, slice %lu ms, %d credits per slice and CPU\n",
           (unsigned long)(csched.tslice / MILLISECS(1)),
           csched.credits_per_tslice);
    for_each_cpu ( cpu, &csched.cpus )
    {
        const struct csched_pcpu *p = &csched.pcpu[cpu];

        printk("  CPU%u%s\n", cpu, p->curr->is_idle ? ": idle" : "");
        if ( !p->curr->is_idle )
            dump_unit(p->curr);
        for ( u = p->runq; u; u = u->runq_next )
            dump_unit(u);
    }
    printk("  all vCPUs:\n");
    for ( u = csched.units; u; u = u->all_next )
        dump_unit(u);
}

const struct scheduler sched_credit_def = {
    .name           = "credit",
    .init           = credit_init,
    .add_cpu        = credit_add_cpu,
    .insert_vcpu    = credit_insert_vcpu,
    .wake           = credit_wake,
    .sleep          = credit_sleep,
    .do_schedule    = credit_do_schedule,
    .tick           = credit_tick,
    .set_affinity   = credit_set_affinity,
    .adjust_dom     = credit_adjust_dom,
    .dump           = credit_dump,
};

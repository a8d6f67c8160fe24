#ifndef COMMON_SCHED_PRIVATE_H
#define COMMON_SCHED_PRIVATE_H

/*
 * The interface between the scheduling core (common/schedule.c) and a
 * scheduling policy (common/sched/<policy>.c).  The core owns vCPU
 * states, the per-CPU timers, context switches and IPIs; a policy only
 * decides who runs where.
 *
 * Every hook is called with sched_lock held and interrupts off, so a
 * policy needs no locking of its own.  Hooks that may make CPUs
 * reschedule add them to *tickle; the core raises SCHEDULE_SOFTIRQ there
 * once the lock is dropped.
 */
#include <xen/sched.h>
#include <xen/cpumask.h>

struct scheduler {
    const char *name;           /* sched=<name> */
    /* Once, at boot; 0 or -errno (the core then panics). */
    int (*init)(void);
    /* cpu (with its idle vCPU) starts being scheduled. */
    void (*add_cpu)(unsigned int cpu, struct vcpu *idle);
    /* A new vCPU, not runnable yet, that last ran on v->processor. */
    int (*insert_vcpu)(struct vcpu *v);
    /* v may run now (boost: it was blocked, not merely paused). */
    void (*wake)(struct vcpu *v, bool boost, cpumask_t *tickle);
    /* v may not run: dequeue it; if it runs, its CPU must reschedule. */
    void (*sleep)(struct vcpu *v, cpumask_t *tickle);
    /*
     * cpu chooses what to run next at time now (the vCPU it ran so far
     * stays eligible unless slept; yield: it asked to go behind others).
     * Returns the vCPU (maybe the CPU's idle vCPU); *slice: run time
     * until the next decision, -1 for none.
     */
    struct vcpu *(*do_schedule)(unsigned int cpu, s_time_t now, bool yield,
                                s_time_t *slice);
    /* Every SCHED_TICK on every scheduled CPU: accounting. */
    void (*tick)(unsigned int cpu, s_time_t now, cpumask_t *tickle);
    /* New affinities for v; -EINVAL if hard has no usable CPU. */
    int (*set_affinity)(struct vcpu *v, const cpumask_t *hard,
                        const cpumask_t *soft, cpumask_t *tickle);
    /* A domain's weight and cap (@pre it has a vCPU); -EINVAL. */
    int (*adjust_dom)(struct domain *d, unsigned int weight, unsigned int cap);
    /* Print run queues and per-vCPU state (debug key). */
    void (*dump)(void);
};

#define SCHED_TICK  MILLISECS(10)

extern const struct scheduler sched_credit_def;

#endif

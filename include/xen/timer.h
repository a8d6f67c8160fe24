#ifndef XEN_TIMER_H
#define XEN_TIMER_H

#include <xen/time.h>

/*
 * Software timers (common/timer.c): per-CPU queues ordered by expiry,
 * driven by the one-shot LAPIC timer.  Handlers run in softirq context on
 * the timer's CPU.
 */
struct timer {
    s_time_t expires;
    void (*function)(void *data);
    void *data;
    unsigned int cpu;
    unsigned int heap_offset;   /* position in the CPU's heap; 0 = inactive */
    bool killed;
};

void init_timer(struct timer *t, void (*fn)(void *), void *data, unsigned int cpu);
void set_timer(struct timer *t, s_time_t expires);
void stop_timer(struct timer *t);
void kill_timer(struct timer *t);
bool timer_is_active(const struct timer *t);
/* Move t (active or not) to new_cpu's queue; its handler then runs there. */
void migrate_timer(struct timer *t, unsigned int new_cpu);
void timer_init(void);          /* BSP, after time_init() */
void timer_percpu_init(void);   /* each CPU */

#endif

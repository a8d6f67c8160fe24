/*
 * Software timers: each CPU keeps its active timers in a binary min-heap
 * ordered by expiry, and its LAPIC one-shot timer armed for the heap's
 * top.  The LAPIC interrupt raises TIMER_SOFTIRQ; the softirq runs every
 * expired timer and re-arms for the next.
 *
 * Invariants, under the owning CPU's lock:
 *  - t->heap_offset is 0 iff t is inactive, else heap[t->heap_offset] == t;
 *  - heap[i]->expires <= heap[2i]->expires, heap[2i+1]->expires;
 *  - t->cpu names the heap t is or would be in; it changes only in
 *    migrate_timer(), with both CPUs' locks held.
 * A handler runs without the lock, so it may set its own timer again;
 * running names it meanwhile, so kill_timer() can wait for it to finish.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>
#include <xen/timer.h>
#include <asm/apic.h>

/* Entries in the built-in heap every CPU starts with (heap[0] unused). */
#define INITIAL_HEAP 32

struct timers {
    spinlock_t lock;
    struct timer **heap;            /* 1-based */
    unsigned int size, limit;       /* in use, capacity (excluding [0]) */
    unsigned int heap_order;        /* xenheap order of heap, if not built in */
    struct timer *running;
    bool online;                    /* timer_percpu_init() has run */
    struct timer *initial[INITIAL_HEAP + 1];
} __aligned(64);

static struct timers timers[CONFIG_NR_CPUS];

static void heap_swap(struct timer **heap, unsigned int a, unsigned int b)
{
    struct timer *t = heap[a];

    heap[a] = heap[b];
    heap[b] = t;
    heap[a]->heap_offset = a;
    heap[b]->heap_offset = b;
}

static void sift_up(struct timers *ts, unsigned int i)
{
    while ( i > 1 && ts->heap[i]->expires < ts->heap[i / 2]->expires )
    {
        heap_swap(ts->heap, i, i / 2);
        i /= 2;
    }
}

static void sift_down(struct timers *ts, unsigned int i)
{
    for ( ; ; )
    {
        unsigned int c = 2 * i;

        if ( c > ts->size )
            return;
        if ( c + 1 <= ts->size &&
             ts->heap[c + 1]->expires < ts->heap[c]->expires )
            c++;
        if ( ts->heap[i]->expires <= ts->heap[c]->expires )
            return;
        heap_swap(ts->heap, i, c);
        i = c;
    }
}

static void heap_remove(struct timers *ts, struct timer *t)
{
    unsigned int i = t->heap_offset;

    ASSERT(i && i <= ts->size && ts->heap[i] == t);
    t->heap_offset = 0;
    if ( i == ts->size-- )
        return;
    ts->heap[i] = ts->heap[ts->size + 1];
    ts->heap[i]->heap_offset = i;
    sift_up(ts, i);
    sift_down(ts, ts->heap[i]->heap_offset);
}

static void heap_add(struct timers *ts, struct timer *t)
{
    ASSERT(ts->size < ts->limit);
    ts->heap[++ts->size] = t;
    t->heap_offset = ts->size;
    sift_up(ts, ts->size);
}

/*
 * Lock the CPU whose heap t belongs to.  t->cpu may change until we hold
 * that CPU's lock, so look again once we do.
 */
static struct timers *lock_timer(const struct timer *t, unsigned long *flags)
{
    for ( ; ; )
    {
        unsigned int cpu = ACCESS_ONCE(t->cpu);
        struct timers *ts = &timers[cpu];

        spin_lock_irqsave(&ts->lock, *flags);
        if ( t->cpu == cpu )
            return ts;
        spin_unlock_irqrestore(&ts->lock, *flags);
    }
}

/*
 * Give ts a free slot, taking and dropping its lock (the allocation runs
 * unlocked).  Callers hold no timer lock and must re-check after they
 * lock again: another CPU may have used the slot meanwhile.
 */
static void make_room(struct timers *ts)
{
    unsigned long flags;
    unsigned int order, old_order = 0;
    struct timer **new, **old = NULL;

    spin_lock_irqsave(&ts->lock, flags);
    order = ts->heap == ts->initial ? 0 : ts->heap_order + 1;
    spin_unlock_irqrestore(&ts->lock, flags);

    new = alloc_xenheap_pages(order);
    if ( !new )
        panic("Out of memory for a timer heap");

    spin_lock_irqsave(&ts->lock, flags);
    if ( ts->size == ts->limit &&
         (PAGE_SIZE << order) / sizeof(*new) - 1 > ts->limit )
    {
        memcpy(new, ts->heap, (ts->size + 1) * sizeof(*new));
        if ( ts->heap != ts->initial )
        {
            old = ts->heap;
            old_order = ts->heap_order;
        }
        ts->heap = new;
        ts->heap_order = order;
        ts->limit = (PAGE_SIZE << order) / sizeof(*new) - 1;
        new = old;
        order = old_order;
    }
    spin_unlock_irqrestore(&ts->lock, flags);

    /* Whichever array is unused now: ours if another CPU grew it first. */
    if ( new )
        free_xenheap_pages(new, order);
}

/* Program this CPU's LAPIC for its earliest timer (0: none). */
static void reprogram(struct timers *ts)
{
    apic_timer_set_deadline(ts->size ? ts->heap[1]->expires : 0);
}

/*
 * After t was added at the top of another CPU's heap, that CPU must
 * re-arm its LAPIC; on this CPU, do it now.  A timer already due runs at
 * this CPU's next softirq point (e.g. before returning to a guest that
 * asked for a deadline in the past), not after a LAPIC round trip.
 */
static void kick(struct timers *ts, unsigned int cpu)
{
    if ( cpu == smp_processor_id() && ts->heap[1]->expires <= NOW() )
        raise_softirq(TIMER_SOFTIRQ);
    else if ( cpu == smp_processor_id() )
        reprogram(ts);
    else if ( ts->online )
        cpu_raise_softirq(cpu, TIMER_SOFTIRQ);
}

void init_timer(struct timer *t, void (*fn)(void *), void *data,
                unsigned int cpu)
{
    ASSERT(cpu < CONFIG_NR_CPUS);
    memset(t, 0, sizeof(*t));
    t->function = fn;
    t->data = data;
    t->cpu = cpu;
}

void set_timer(struct timer *t, s_time_t expires)
{
    unsigned long flags;
    struct timers *ts;

    for ( ; ; )
    {
        ts = lock_timer(t, &flags);
        if ( t->killed )
            break;
        /* Removing an active timer frees the slot it is about to reuse. */
        if ( t->heap_offset )
            heap_remove(ts, t);
        if ( ts->size == ts->limit )
        {
            spin_unlock_irqrestore(&ts->lock, flags);
            make_room(ts);
            continue;
        }
        t->expires = expires;
        heap_add(ts, t);
        if ( t->heap_offset == 1 )
            kick(ts, t->cpu);
        break;
    }
    spin_unlock_irqrestore(&ts->lock, flags);
}

void stop_timer(struct timer *t)
{
    unsigned long flags;
    struct timers *ts = lock_timer(t, &flags);

    /* An early LAPIC interrupt is harmless: the softirq just re-arms. */
    if ( t->heap_offset )
        heap_remove(ts, t);
    spin_unlock_irqrestore(&ts->lock, flags);
}

void kill_timer(struct timer *t)
{
    unsigned long flags;
    struct timers *ts = lock_timer(t, &flags);

    if ( t->heap_offset )
        heap_remove(ts, t);
    t->killed = true;
    spin_unlock_irqrestore(&ts->lock, flags);

    /* A handler cannot kill its own timer: it would wait for itself. */
    ASSERT(timers[smp_processor_id()].running != t);
    while ( ACCESS_ONCE(ts->running) == t )
        __asm__ __volatile__("pause" ::: "memory");
}

void migrate_timer(struct timer *t, unsigned int new_cpu)
{
    for ( ; ; )
    {
        unsigned int old_cpu = ACCESS_ONCE(t->cpu);
        struct timers *from = &timers[old_cpu], *to = &timers[new_cpu];
        unsigned long flags;
        bool moved = false;

        if ( old_cpu == new_cpu )
            return;
        /* Both locks, lower CPU first, so two migrations cannot deadlock. */
        flags = local_save_flags();
        local_irq_disable();
        spin_lock(old_cpu < new_cpu ? &from->lock : &to->lock);
        spin_lock(old_cpu < new_cpu ? &to->lock : &from->lock);
        if ( t->cpu == old_cpu &&
             (!t->heap_offset || to->size < to->limit) )
        {
            if ( t->heap_offset )
            {
                heap_remove(from, t);
                heap_add(to, t);
                if ( t->heap_offset == 1 )
                    kick(to, new_cpu);
            }
            t->cpu = new_cpu;
            moved = true;
        }
        spin_unlock(&from->lock);
        spin_unlock(&to->lock);
        local_irq_restore(flags);
        if ( moved )
            return;
        if ( t->cpu == old_cpu )
            make_room(to);
    }
}

bool timer_is_active(const struct timer *t)
{
    return ACCESS_ONCE(t->heap_offset) != 0;
}

static void timer_softirq_action(void)
{
    struct timers *ts = &timers[smp_processor_id()];
    unsigned long flags;
    s_time_t now;

    spin_lock_irqsave(&ts->lock, flags);
    now = NOW();
    while ( ts->size && ts->heap[1]->expires <= now )
    {
        struct timer *t = ts->heap[1];

        heap_remove(ts, t);
        ts->running = t;
        spin_unlock_irqrestore(&ts->lock, flags);
        t->function(t->data);
        spin_lock_irqsave(&ts->lock, flags);
        ts->running = NULL;
        now = NOW();
    }
    reprogram(ts);
    spin_unlock_irqrestore(&ts->lock, flags);
}

void timer_percpu_init(void)
{
    struct timers *ts = &timers[smp_processor_id()];
    unsigned long flags;

    /* Timers may have been set for this CPU before it came up. */
    spin_lock_irqsave(&ts->lock, flags);
    ts->online = true;
    reprogram(ts);
    spin_unlock_irqrestore(&ts->lock, flags);
}

void timer_init(void)
{
    unsigned int cpu;

    for ( cpu = 0; cpu < CONFIG_NR_CPUS; cpu++ )
    {
        spin_lock_init(&timers[cpu].lock);
        timers[cpu].heap = timers[cpu].initial;
        timers[cpu].limit = INITIAL_HEAP;
    }
    open_softirq(TIMER_SOFTIRQ, timer_softirq_action);
    timer_percpu_init();
}

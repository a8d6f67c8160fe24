#ifndef XEN_SPINLOCK_H
#define XEN_SPINLOCK_H

#include <xen/types.h>

/*
 * Ticket lock: FIFO fair between CPUs.  The irqsave variants must be used
 * for any lock also taken in interrupt context.
 */
typedef struct {
    volatile uint16_t head;     /* ticket now served */
    volatile uint16_t tail;     /* next ticket to hand out */
} spinlock_t;

#define SPIN_LOCK_UNLOCKED { 0, 0 }
#define DEFINE_SPINLOCK(l) spinlock_t l = SPIN_LOCK_UNLOCKED

static inline void spin_lock_init(spinlock_t *l)
{
    l->head = l->tail = 0;
}

static inline void spin_lock(spinlock_t *l)
{
    uint16_t me = __atomic_fetch_add(&l->tail, 1, __ATOMIC_ACQUIRE);

    while ( __atomic_load_n(&l->head, __ATOMIC_ACQUIRE) != me )
        __asm__ __volatile__("pause" ::: "memory");
}

static inline bool spin_trylock(spinlock_t *l)
{
    uint16_t h = __atomic_load_n(&l->head, __ATOMIC_RELAXED);
    uint32_t old = ((uint32_t)h << 16) | h, new = old + (1u << 16);

    /* Take a ticket only if nobody holds or waits (head == tail): tail++. */
    return __atomic_compare_exchange_n((uint32_t *)l, &old, new, false,
                                       __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *l)
{
    __atomic_store_n(&l->head, l->head + 1, __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
    return l->head != l->tail;
}

static inline unsigned long local_save_flags(void)
{
    unsigned long f;

    __asm__ __volatile__("pushf; pop %0" : "=r" (f) :: "memory");
    return f;
}

static inline void local_irq_disable(void)
{
    __asm__ __volatile__("cli" ::: "memory");
}

static inline void local_irq_enable(void)
{
    __asm__ __volatile__("sti" ::: "memory");
}

static inline bool local_irq_is_enabled(void)
{
    return local_save_flags() & (1UL << 9);
}

static inline void local_irq_restore(unsigned long f)
{
    if ( f & (1UL << 9) )
        local_irq_enable();
    else
        local_irq_disable();
}

#define spin_lock_irqsave(l, f) \
    do { (f) = local_save_flags(); local_irq_disable(); spin_lock(l); } while ( 0 )
#define spin_unlock_irqrestore(l, f) \
    do { spin_unlock(l); local_irq_restore(f); } while ( 0 )

#endif

#ifndef XEN_CPUMASK_H
#define XEN_CPUMASK_H

#include <xen/types.h>
#include <xen/bitmap.h>

typedef struct { unsigned long bits[BITS_TO_LONGS(CONFIG_NR_CPUS)]; } cpumask_t;

static inline void cpumask_set_cpu(unsigned int cpu, cpumask_t *m)
{
    __atomic_fetch_or(&m->bits[cpu / BITS_PER_LONG], 1UL << (cpu % BITS_PER_LONG),
                      __ATOMIC_SEQ_CST);
}

static inline void cpumask_clear_cpu(unsigned int cpu, cpumask_t *m)
{
    __atomic_fetch_and(&m->bits[cpu / BITS_PER_LONG], ~(1UL << (cpu % BITS_PER_LONG)),
                       __ATOMIC_SEQ_CST);
}

static inline bool cpumask_test_cpu(unsigned int cpu, const cpumask_t *m)
{
    return (__atomic_load_n(&m->bits[cpu / BITS_PER_LONG], __ATOMIC_SEQ_CST)
            >> (cpu % BITS_PER_LONG)) & 1;
}

static inline unsigned int cpumask_weight(const cpumask_t *m)
{
    return bitmap_weight(m->bits, CONFIG_NR_CPUS);
}

#define for_each_cpu(cpu, m) \
    for ( (cpu) = find_first_bit((m)->bits, CONFIG_NR_CPUS); \
          (cpu) < CONFIG_NR_CPUS; \
          (cpu) = find_next_bit((m)->bits, CONFIG_NR_CPUS, (cpu) + 1) )

/* Whole-mask operations (not atomic: for masks one owner updates). */
static inline void cpumask_clear(cpumask_t *m)
{
    unsigned int i;

    for ( i = 0; i < BITS_TO_LONGS(CONFIG_NR_CPUS); i++ )
        m->bits[i] = 0;
}

static inline void cpumask_and(cpumask_t *d, const cpumask_t *a,
                               const cpumask_t *b)
{
    unsigned int i;

    for ( i = 0; i < BITS_TO_LONGS(CONFIG_NR_CPUS); i++ )
        d->bits[i] = a->bits[i] & b->bits[i];
}

static inline void cpumask_or(cpumask_t *d, const cpumask_t *a,
                              const cpumask_t *b)
{
    unsigned int i;

    for ( i = 0; i < BITS_TO_LONGS(CONFIG_NR_CPUS); i++ )
        d->bits[i] = a->bits[i] | b->bits[i];
}

static inline bool cpumask_intersects(const cpumask_t *a, const cpumask_t *b)
{
    unsigned int i;

    for ( i = 0; i < BITS_TO_LONGS(CONFIG_NR_CPUS); i++ )
        if ( a->bits[i] & b->bits[i] )
            return true;
    return false;
}

static inline bool cpumask_empty(const cpumask_t *m)
{
    return find_first_bit(m->bits, CONFIG_NR_CPUS) >= CONFIG_NR_CPUS;
}

/* First CPU of m; CONFIG_NR_CPUS if none. */
static inline unsigned int cpumask_first(const cpumask_t *m)
{
    return find_first_bit(m->bits, CONFIG_NR_CPUS);
}

/* The first CPU of m after cpu, wrapping around; CONFIG_NR_CPUS if none. */
static inline unsigned int cpumask_cycle(unsigned int cpu, const cpumask_t *m)
{
    unsigned int n = find_next_bit(m->bits, CONFIG_NR_CPUS, cpu + 1);

    return n < CONFIG_NR_CPUS ? n : cpumask_first(m);
}

extern cpumask_t cpu_online_map;     /* CPUs running hypervisor code */
extern cpumask_t cpu_present_map;    /* CPUs the MADT lists, up to maxcpus */
#define for_each_online_cpu(c)  for_each_cpu(c, &cpu_online_map)
#define num_online_cpus()       cpumask_weight(&cpu_online_map)

#endif

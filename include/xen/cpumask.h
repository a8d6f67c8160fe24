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

extern cpumask_t cpu_online_map;     /* CPUs running hypervisor code */
extern cpumask_t cpu_present_map;    /* CPUs the MADT lists, up to maxcpus */
#define for_each_online_cpu(c)  for_each_cpu(c, &cpu_online_map)
#define num_online_cpus()       cpumask_weight(&cpu_online_map)

#endif

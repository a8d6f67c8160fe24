#ifndef XEN_TIME_H
#define XEN_TIME_H

#include <xen/types.h>

typedef int64_t s_time_t;       /* system time: ns since boot */
#define MILLISECS(ms)   ((s_time_t)(ms) * 1000000LL)
#define MICROSECS(us)   ((s_time_t)(us) * 1000LL)
#define SECONDS(s)      ((s_time_t)(s) * 1000000000LL)

/*
 * Time (arch/x86/time.c): the TSC is calibrated against the PIT at boot
 * and is the clock of NOW() on every CPU.
 */
void time_init(void);                   /* BSP: calibrate TSC, start LAPIC timer */
s_time_t NOW(void);
void udelay(unsigned long us);
void mdelay(unsigned long ms);
extern uint64_t cpu_khz;                /* TSC frequency */
/*
 * Boot self-check: time a 100 ms hypervisor delay (mdelay) against the
 * PIT and print "Timer self-check: ... within 5%: PASS|FAIL".
 */
void time_selfcheck(void);

struct vcpu;
struct domain;
/* Rewrite v's vcpu_time_info (a seqlock: version odd while changing). */
void update_vcpu_system_time(struct vcpu *v);
bool vcpu_time_area_update(struct vcpu *v);  /* false: left stale */
/* shared_info's wc_* fields: the RTC's time of day at system time 0. */
void update_domain_wallclock_time(struct domain *d);
/* The wallclock d's shared_info holds (at its width's offsets): no lock. */
void domain_wallclock_read(const struct domain *d, uint64_t *sec, uint32_t *nsec);
/*
 * XENPF_settime: the wallclock reads secs.nsecs at system time
 * system_time; every domain's shared_info is updated.
 */
void wallclock_set(uint64_t secs, uint32_t nsecs, uint64_t system_time);

#endif

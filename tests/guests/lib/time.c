/*
 * System time from vcpu 0's vcpu_time_info: the hypervisor's last sample
 * (system_time at tsc_timestamp) extrapolated with the TSC.
 */
#include "guest.h"

/* (delta << shift) * mul / 2^32, without 128-bit arithmetic. */
static uint64_t scale_delta(uint64_t delta, uint32_t mul, int8_t shift)
{
    if ( shift < 0 )
        delta >>= -shift;
    else
        delta <<= shift;
    return (((delta & 0xffffffffULL) * mul) >> 32) + (delta >> 32) * mul;
}

uint64_t now_ns(void)
{
    const volatile struct vcpu_time_info *t = &vcpu0_info->time;
    uint32_t version;
    uint64_t ns;

    /* The record is a seqlock: odd or changed version means retry. */
    do {
        version = t->version;
        barrier();
        ns = t->system_time +
             scale_delta(rdtsc() - t->tsc_timestamp, t->tsc_to_system_mul,
                         t->tsc_shift);
        barrier();
    } while ( (version & 1) || version != t->version );
    return ns;
}

void spin_until(uint64_t deadline)
{
    while ( now_ns() < deadline )
        cpu_relax();
}

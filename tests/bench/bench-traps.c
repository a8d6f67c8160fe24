/*
 * Page-fault bounce: a read of an unmapped page faults into the
 * hypervisor, is bounced to our #PF handler, which skips the instruction
 * (exception table) and returns through HYPERVISOR_iret.
 */
#include "guest.h"

GUEST_BENCH(page_fault)
{
    unsigned int i, before = last_trap.count;
    uint64_t t0;

    for ( i = 0; i < 500; i++ )
    {
        t0 = rdtsc_ordered();
        probe_read((void *)0x1000);
        bench_sample(rdtsc_ordered() - t0);
    }
    CHECK_EQ(last_trap.count, before + 500);
    CHECK_EQ(last_trap.vector, 14);
}

/* The cheapest round trip into the hypervisor and back. */
#include "guest.h"

GUEST_BENCH(null_hypercall)
{
    unsigned int i;
    uint64_t t0;

    for ( i = 0; i < 1000; i++ )
    {
        t0 = rdtsc_ordered();
        HYPERVISOR_xen_version(XENVER_version, NULL);
        bench_sample(rdtsc_ordered() - t0);
    }
}

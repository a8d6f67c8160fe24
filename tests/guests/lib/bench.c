/*
 * Benchmark runner (command line "bench"): each GUEST_BENCH records one
 * sample per repetition with bench_sample(), in guest TSC cycles, and the
 * runner prints
 *     GUEST BENCH <name> median=<cycles> min=<cycles> max=<cycles> n=<samples>
 * The median, not the mean, because the machine is shared and emulated:
 * a sample the host preempted would drag a mean far off.
 */
#include "guest.h"

#define MAX_SAMPLES 1024

extern const struct guest_bench __start_benches[], __stop_benches[];

static uint64_t samples[MAX_SAMPLES];
static unsigned int nr_samples;

void bench_sample(uint64_t cycles)
{
    if ( nr_samples < MAX_SAMPLES )
        samples[nr_samples++] = cycles;
}

static void sort_samples(void)
{
    unsigned int i, j;
    uint64_t v;

    /* Insertion sort: a few hundred samples. */
    for ( i = 1; i < nr_samples; i++ )
    {
        v = samples[i];
        for ( j = i; j && samples[j - 1] > v; j-- )
            samples[j] = samples[j - 1];
        samples[j] = v;
    }
}

void run_benchmarks(const char *only)
{
    const struct guest_bench *b;
    unsigned int passed = 0, failed = 0;

    for ( b = __start_benches; b < __stop_benches; b++ )
    {
        if ( !selected(only, b->name) || (b->named_only && !only[0]) )
            continue;
        nr_samples = 0;
        if ( guest_run(b->name, b->fn) != TEST_PASSED )
        {
            failed++;
            continue;
        }
        if ( !nr_samples )
        {
            printf("GUEST FAIL %s: no samples\n", b->name);
            failed++;
            continue;
        }
        sort_samples();
        printf("GUEST BENCH %s median=%llu min=%llu max=%llu n=%u\n",
               b->name, (unsigned long long)samples[nr_samples / 2],
               (unsigned long long)samples[0],
               (unsigned long long)samples[nr_samples - 1], nr_samples);
        passed++;
    }
    printf("GUEST DONE passed=%u failed=%u\n", passed, failed);
}

/* CPU topology from CPUID leaf 0xb (asm/topology.h). */
#include <xen/lib.h>
#include <asm/cpuid.h>
#include <asm/topology.h>

#define TOPO_LEAF       0xb
/* ECX[15:8] of each subleaf: its level's type. */
#define TOPO_LEVEL_SMT  1
#define TOPO_LEVEL_CORE 2

static unsigned int level_type(const struct cpuid_leaf *l)
{
    return (l->c >> 8) & 0xff;
}

void cpu_topology(struct cpu_topology *t)
{
    struct cpuid_leaf smt, core;
    unsigned int threads = 1, logical = 1;

    t->smt_shift = t->pkg_shift = 0;
    if ( cpuid(0).a >= TOPO_LEAF )
    {
        /* EBX[15:0]: logical processors at that level and below. */
        smt = cpuid_count(TOPO_LEAF, 0);
        core = cpuid_count(TOPO_LEAF, 1);
        if ( level_type(&smt) == TOPO_LEVEL_SMT && (smt.b & 0xffff) )
        {
            threads = logical = smt.b & 0xffff;
            t->smt_shift = t->pkg_shift = smt.a & 0x1f;
        }
        if ( level_type(&core) == TOPO_LEVEL_CORE &&
             (core.b & 0xffff) >= threads )
        {
            logical = core.b & 0xffff;
            t->pkg_shift = core.a & 0x1f;
        }
    }
    t->threads_per_core = threads;
    t->cores_per_pkg = logical / threads;
}

#ifndef ASM_TOPOLOGY_H
#define ASM_TOPOLOGY_H

#include <xen/types.h>

/*
 * The CPU's topology as CPUID leaf 0xb describes it (arch/x86/topology.c):
 * APIC id bits [smt_shift-1:0] name the thread in its core, bits
 * [pkg_shift-1:smt_shift] the core in its package, the rest the package.
 * Where the leaf says nothing, a package is one core of one thread.  All
 * CPUs we bring up are the same model, so any CPU's answer holds for all.
 */
struct cpu_topology {
    unsigned int smt_shift, pkg_shift;
    unsigned int threads_per_core, cores_per_pkg;
};

void cpu_topology(struct cpu_topology *t);

#endif

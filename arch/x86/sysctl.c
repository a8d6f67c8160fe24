/*
 * HYPERVISOR_sysctl(struct xen_sysctl *op): the control domain's
 * machine-wide queries, with Xen 4.17's error codes.
 *
 * Order of checks, as Xen: the 136-byte structure is copied in once
 * (-EFAULT), its interface_version must be XEN_SYSCTL_INTERFACE_VERSION
 * (-EACCES), then only a privileged (control) domain may go on (-EPERM).
 * Unknown commands are -ENOSYS.
 *
 *   physinfo   the host's CPUs, memory and features; the whole structure
 *              is copied back (-EFAULT if that fails)
 *
 * Nothing here changes state, so no lock: each field is a snapshot
 * (free_pages can be stale by the time the caller reads it, as in Xen).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/time.h>
#include <asm/cpuid.h>
#include <asm/guest_access.h>
#include <asm/topology.h>
#include <public/sysctl.h>

static unsigned int highest_cpu(const cpumask_t *m)
{
    unsigned int cpu, last = 0;

    for_each_cpu ( cpu, m )
        last = cpu;
    return last;
}

static void physinfo(struct xen_sysctl_physinfo *pi)
{
    struct cpuid_leaf l;
    struct cpu_topology topo;
    uint32_t max_ext = cpuid(0x80000000).a;

    memset(pi, 0, sizeof(*pi));
    cpu_topology(&topo);
    pi->threads_per_core = topo.threads_per_core;
    pi->cores_per_socket = topo.cores_per_pkg;
    pi->nr_cpus = num_online_cpus();
    pi->max_cpu_id = highest_cpu(&cpu_present_map);
    pi->nr_nodes = 1;                   /* no NUMA: one node, 0 */
    pi->max_node_id = 0;
    pi->cpu_khz = cpu_khz;
    pi->capabilities = XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_gnttab_v1;
    pi->total_pages = total_pages;
    pi->free_pages = heap_free_pages();
    pi->max_mfn = max_page - 1;

    /*
     * Xen's featureset words 0-7: CPUID 1 EDX, ECX; 0x80000001 EDX, ECX;
     * 0xd:1 EAX; 7:0 EBX, ECX; 0x80000007 EDX.
     */
    l = cpuid(1);
    pi->hw_cap[0] = l.d;
    pi->hw_cap[1] = l.c;
    if ( max_ext >= 0x80000001 )
    {
        l = cpuid(0x80000001);
        pi->hw_cap[2] = l.d;
        pi->hw_cap[3] = l.c;
    }
    if ( cpuid(0).a >= 0xd )
        pi->hw_cap[4] = cpuid_count(0xd, 1).a;
    if ( cpuid(0).a >= 7 )
    {
        l = cpuid_count(7, 0);
        pi->hw_cap[5] = l.b;
        pi->hw_cap[6] = l.c;
    }
    if ( max_ext >= 0x80000007 )
        pi->hw_cap[7] = cpuid(0x80000007).d;
}

long do_sysctl(struct hc_args *a)
{
    unsigned long uop = hc_ptr(a, 0);
    struct xen_sysctl op;

    if ( copy_from_guest(&op, uop, sizeof(op)) )
        return -EFAULT;
    if ( op.interface_version != XEN_SYSCTL_INTERFACE_VERSION )
        return -EACCES;
    if ( !current->domain->is_privileged )
        return -EPERM;

    switch ( op.cmd )
    {
    case XEN_SYSCTL_physinfo:
        physinfo(&op.u.physinfo);
        return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
    default:
        return -ENOSYS;
    }
}

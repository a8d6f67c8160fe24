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
 *   getdomaininfolist
 *              every domain's state from first_domain up, in increasing
 *              id, max_domains at most, each entry copied to the buffer
 *              as it is made (-EFAULT at the first that cannot be
 *              written, and then the structure is not copied back);
 *              num_domains copied back with the whole structure
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

/*
 * d's state as Xen's getdomaininfo() gives it.  Blocked only if every
 * online vCPU is blocked, running if one is on a CPU; neither for a
 * domain with no vCPU online (one shut down, for instance).  Bits 16..23
 * are the shutdown code as Xen puts it: SHUTDOWN_CODE_NONE (~0) shifted
 * leaves bits 16..31 set while the domain has not asked to shut down.
 */
static void domain_info(const struct domain *d, struct xen_domctl_getdomaininfo *info)
{
    struct vcpu_runstate_info r;
    uint32_t flags = XEN_DOMINF_blocked, max_ext = cpuid(0x80000000).a;
    unsigned int i;

    memset(info, 0, sizeof(*info));
    info->domain = d->domain_id;
    info->max_vcpu_id = XEN_INVALID_MAX_VCPU_ID;
    for ( i = 0; i < d->max_vcpus; i++ )
    {
        const struct vcpu *v = d->vcpu[i];

        if ( !v )
            continue;
        vcpu_runstate_get(v, &r);
        info->cpu_time += r.time[RUNSTATE_running];
        info->max_vcpu_id = i;
        if ( ACCESS_ONCE(v->pause_flags) & VPF_down )
            continue;
        if ( !(ACCESS_ONCE(v->pause_flags) & VPF_blocked) )
            flags &= ~XEN_DOMINF_blocked;
        if ( ACCESS_ONCE(v->is_running) )
            flags |= XEN_DOMINF_running;
        info->nr_online_vcpus++;
    }
    info->flags = (info->nr_online_vcpus ? flags : 0) |
                  (d->is_shut_down ? XEN_DOMINF_shutdown : 0) |
                  ACCESS_ONCE(d->shutdown_code) << XEN_DOMINF_shutdownshift;
    info->tot_pages = d->tot_pages;
    info->max_pages = d->max_pages;
    /* A PV domain's frame numbers are machine frames. */
    info->shared_info_frame = __pa(d->shared_info) >> PAGE_SHIFT;
    memcpy(info->handle, d->handle, sizeof(info->handle));
    /* Xen gives a PV hardware domain the PIT (its speaker ports). */
    if ( is_hardware_domain(d) )
        info->arch_config.emulation_flags = XEN_X86_EMU_PIT;
    /* Xen gives the guest-physical width (CPUID 0x80000008) even for PV. */
    if ( max_ext >= 0x80000008 )
    {
        uint32_t widths = cpuid(0x80000008).a;

        info->gpaddr_bits = (widths >> 16) & 0xff ?: widths & 0xff;
    }
}

/*
 * The domain with the lowest id at or above 'from', or NULL.  The domain
 * list is newest first and domains are never destroyed, so a walk per
 * entry is enough (at most 33 boot-time domains).
 */
static const struct domain *domain_from(unsigned int from)
{
    const struct domain *d, *best = NULL;

    for_each_domain ( d )
        if ( d->domain_id >= from && (!best || d->domain_id < best->domain_id) )
            best = d;
    return best;
}

static long getdomaininfolist(struct xen_sysctl_getdomaininfolist *l)
{
    struct xen_domctl_getdomaininfo info;
    const struct domain *d;
    unsigned int from = l->first_domain;
    uint32_t n = 0;

    for ( ; n < l->max_domains && (d = domain_from(from)) != NULL;
          from = d->domain_id + 1, n++ )
    {
        domain_info(d, &info);
        if ( copy_to_guest((unsigned long)l->buffer.p + n * sizeof(info), &info,
                           sizeof(info)) )
            return -EFAULT;
    }
    l->num_domains = n;
    return 0;
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
    case XEN_SYSCTL_getdomaininfolist:
        if ( getdomaininfolist(&op.u.getdomaininfolist) )
            return -EFAULT;
        return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
    default:
        return -ENOSYS;
    }
}

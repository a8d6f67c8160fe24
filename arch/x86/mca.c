/*
 * HYPERVISOR_mca(struct xen_mc *op) for the hardware domain, with Xen
 * 4.17's checks and error codes: other domains -EPERM (before anything is
 * read), the structure copied in once (-EFAULT), interface_version must be
 * XEN_MCA_INTERFACE_VERSION (-EACCES), unknown commands -EINVAL.
 *
 * We do not handle machine checks (no #MC handler, no bank polling), so
 * there is never telemetry to hand out:
 *   fetch          XEN_MC_NODATA (a null data handle: -EINVAL; ACK: nothing)
 *   notifydomain   -EINVAL, as Xen
 *   physcpuinfo    the online CPUs' identities, from CPUID and our APIC ids
 *                  (what Linux's xen-mcelog needs to register /dev/mcelog)
 *   injections     -ENODEV, as Xen on a machine without MCA banks
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <asm/cpuid.h>
#include <asm/guest_access.h>
#include <asm/msr.h>
#include <asm/smp.h>
#include <asm/topology.h>
#include <public/arch-x86/xen-mca.h>
#include <asm/platform_op.h>
#include <asm/pv-compat.h>

#define MSR_IA32_MCG_CAP        0x00000179
#define CPUID1_EDX_MCA          (1u << 14)

/* Xen's x86_vendor bits, which mc_vendor carries. */
static uint32_t xen_vendor(const char id[12])
{
    static const struct { char id[13]; uint32_t bit; } vendors[] = {
        { "GenuineIntel", 1u << 0 }, { "AuthenticAMD", 1u << 1 },
        { "CentaurHauls", 1u << 2 }, { "  Shanghai  ", 1u << 3 },
        { "HygonGenuine", 1u << 4 },
    };
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(vendors); i++ )
        if ( !memcmp(id, vendors[i].id, 12) )
            return vendors[i].bit;
    return 0;
}

/* Package, core and thread of an APIC id. */
static void cpu_place(uint32_t apicid, const struct cpu_topology *t,
                      struct mcinfo_logical_cpu *c)
{
    c->mc_threadid = apicid & ((1u << t->smt_shift) - 1);
    c->mc_coreid = (apicid & ((1u << t->pkg_shift) - 1)) >> t->smt_shift;
    c->mc_chipid = apicid >> t->pkg_shift;
    c->mc_nthreads = t->threads_per_core;
    c->mc_ncores = c->mc_ncores_active = t->cores_per_pkg;
}

/*
 * What every entry shares: the CPUs we bring up are all the same model
 * (as get_cpu_version in platform_hypercall.c assumes).
 */
static void cpu_identity(struct mcinfo_logical_cpu *c)
{
    struct cpuid_leaf l0 = cpuid(0), l1 = cpuid(1);
    uint32_t ext_max = cpuid(0x80000000).a;
    unsigned int i;

    c->mc_cpuid_level = l0.a;
    memcpy(c->mc_vendorid, &l0.b, 4);
    memcpy(c->mc_vendorid + 4, &l0.d, 4);
    memcpy(c->mc_vendorid + 8, &l0.c, 4);
    c->mc_vendor = xen_vendor(c->mc_vendorid);
    c->mc_family = (l1.a >> 8) & 0xf;
    if ( c->mc_family == 0xf )
        c->mc_family += (l1.a >> 20) & 0xff;
    c->mc_model = (l1.a >> 4) & 0xf;
    if ( c->mc_family >= 6 )
        c->mc_model |= ((l1.a >> 16) & 0xf) << 4;
    c->mc_step = l1.a & 0xf;
    c->mc_cache_alignment = ((l1.b >> 8) & 0xff) * 8;
    c->mc_cpu_caps[MC_CAPS_STD_EDX] = l1.d;
    c->mc_cpu_caps[MC_CAPS_STD_ECX] = l1.c;
    if ( ext_max >= 0x80000001 )
    {
        struct cpuid_leaf e1 = cpuid(0x80000001);

        c->mc_cpu_caps[MC_CAPS_AMD_EDX] = e1.d;
        c->mc_cpu_caps[MC_CAPS_AMD_ECX] = e1.c;
    }
    if ( ext_max >= 0x80000004 )
        for ( i = 0; i < 3; i++ )
        {
            struct cpuid_leaf b = cpuid(0x80000002 + i);

            memcpy(c->mc_brandid + 16 * i, &b, 16);
        }
    if ( ext_max >= 0x80000006 )
        c->mc_cache_size = cpuid(0x80000006).c >> 16;      /* L2, KiB */
    if ( l1.d & CPUID1_EDX_MCA )
    {
        c->mc_nmsrvals = 1;
        c->mc_msrvalues[0].reg = MSR_IA32_MCG_CAP;
        c->mc_msrvalues[0].value = rdmsr(MSR_IA32_MCG_CAP);
    }
}

/*
 * Entry i of the guest's array: a 32-bit guest's entries are 300 bytes
 * (pv/compat/platform.c).
 */
static int put_logical_cpu(unsigned long info, unsigned int i,
                           const struct mcinfo_logical_cpu *c)
{
    if ( is_pv_32bit_vcpu(current) )
        return compat_put_mc_logical_cpu(info, i, c);
    return copy_to_guest(info + i * sizeof(*c), c, sizeof(*c));
}

/*
 * XEN_MC_physcpuinfo: entries for the first min(ncpus, online) online
 * CPUs, and that count in ncpus (as Xen, also when an entry faulted).
 */
static long physcpuinfo(struct xen_mc_physcpuinfo *pi)
{
    unsigned int count = num_online_cpus(), cpu, i = 0;
    unsigned long info = guest_handle_addr(pi->info);
    struct mcinfo_logical_cpu c;
    struct cpu_topology topo;
    long rc = 0;

    if ( info )
    {
        if ( !pi->ncpus )
            return -EINVAL;
        count = min(count, pi->ncpus);
        memset(&c, 0, sizeof(c));
        cpu_identity(&c);
        cpu_topology(&topo);
        for_each_online_cpu ( cpu )
        {
            if ( i == count )
                break;
            c.mc_cpunr = cpu;
            c.mc_apicid = x86_cpu_to_apicid[cpu];
            c.mc_clusterid = c.mc_apicid & 0xff;    /* CPUID 1 EBX[31:24] */
            cpu_place(c.mc_apicid, &topo, &c);
            if ( put_logical_cpu(info, i, &c) )
            {
                rc = -EFAULT;
                break;
            }
            i++;
        }
    }
    pi->ncpus = count;
    return rc;
}

long mca_op(struct xen_mc *op, bool *copy_back)
{
    long rc;

    *copy_back = false;
    if ( op->interface_version != XEN_MCA_INTERFACE_VERSION )
        return -EACCES;

    switch ( op->cmd )
    {
    case XEN_MC_fetch:
    {
        struct xen_mc_fetch *f = &op->u.mc_fetch;

        if ( !(f->flags & XEN_MC_NONURGENT) == !(f->flags & XEN_MC_URGENT) )
            return -EINVAL;
        if ( f->flags & XEN_MC_ACK )
            return 0;           /* nothing was handed out to acknowledge */
        if ( !guest_handle_addr(f->data) )
            return -EINVAL;
        f->flags = XEN_MC_OK | XEN_MC_NODATA;
        f->fetch_id = 0;
        *copy_back = true;
        return 0;
    }

    case XEN_MC_physcpuinfo:
        rc = physcpuinfo(&op->u.mc_physcpuinfo);
        *copy_back = rc != -EINVAL;
        return rc;

    case XEN_MC_msrinject:
    case XEN_MC_mceinject:
    case XEN_MC_inject_v2:
        return -ENODEV;

    default:                    /* notifydomain included, as Xen */
        return -EINVAL;
    }
}

long do_mca(struct hc_args *a)
{
    unsigned long uop = hc_ptr(a, 0);
    struct xen_mc op;
    bool copy_back;
    long rc;

    if ( !is_hardware_domain(current->domain) )
        return -EPERM;
    if ( copy_from_guest(&op, uop, sizeof(op)) )
        return -EFAULT;
    rc = mca_op(&op, &copy_back);
    if ( copy_back && copy_to_guest(uop, &op, sizeof(op)) )
        return -EFAULT;
    return rc;
}

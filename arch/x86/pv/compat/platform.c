/*
 * platform_op, sysctl and mca for 32-bit PV guests (the hardware
 * domain's machine-wide calls): the 32-bit structure is copied in, a
 * 64-bit one built from it, the 64-bit code runs it
 * (platform_hypercall.c, sysctl.c, mca.c) with its checks in their
 * order, and what goes back is narrowed into the 32-bit layout.
 *
 * platform_op: 136 bytes at both widths.  Of the sub-ops the 64-bit
 * handler implements, read_memtype (a long and a 4-aligned u64),
 * firmware_info (handles), set_processor_pminfo (the _PDC handle) and
 * resource_op (the entries' handle) differ; the others are the same.  A
 * sub-op the 64-bit handler does not implement gets an empty union (its
 * -ENOSYS after the common checks).
 *
 * sysctl: the tools' ABI uses 8-aligned 64-bit fields and 64-bit handles
 * only (uint64_aligned_t, XEN_GUEST_HANDLE_64), so struct xen_sysctl is
 * the same at both widths: no translation.
 *
 * mca: 152 bytes at both widths; fetch's and physcpuinfo's handles are 4
 * bytes, and physcpuinfo's entries 300 bytes (their u64 MSR pairs are
 * 4-aligned): written in that layout by compat_put_mc_logical_cpu.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/guest_access.h>
#include <asm/platform_op.h>
#include <compat/abi.h>
#include <public/sysctl.h>
#include "xlat.h"

#define COMPAT_PF_END(f) \
    (offsetof(struct compat_platform_op, u) + sizeof(((struct compat_platform_op *)0)->u.f))

static void *handle(compat_ptr_t p)
{
    return (void *)(unsigned long)p;
}

/* The 64-bit platform_op for a 32-bit one. */
static void platform_op_in(const struct compat_platform_op *c,
                           struct xen_platform_op *n)
{
    memset(n, 0, sizeof(*n));
    n->cmd = c->cmd;
    n->interface_version = c->interface_version;
    switch ( c->cmd )
    {
    /* The same layout at both widths (include/xen/abi-layout-32.h). */
    case XENPF_settime32:
    case XENPF_settime64:
    case XENPF_platform_quirk:
    case XENPF_enter_acpi_sleep:
    case XENPF_get_cpuinfo:
    case XENPF_get_cpu_version:
    case XENPF_cpu_online:
    case XENPF_cpu_offline:
        BUILD_BUG_ON(sizeof(n->u.settime64) != 24 ||
                     sizeof(n->u.pcpu_info) != 20 ||
                     sizeof(n->u.pcpu_version) != 32 ||
                     sizeof(n->u.enter_acpi_sleep) != 12);
        memcpy(&n->u, &c->u, sizeof(n->u));
        break;
    case XENPF_read_memtype:
        n->u.read_memtype.reg = c->u.read_memtype.reg;
        break;
    case XENPF_firmware_info:
    {
        const struct compat_xenpf_firmware_info *cf = &c->u.firmware_info;
        struct xenpf_firmware_info *nf = &n->u.firmware_info;

        nf->type = cf->type;
        nf->index = cf->index;
        memcpy(&nf->u, cf->u.out, sizeof(cf->u.out));
        if ( cf->type == XEN_FW_DISK_INFO )
            set_xen_guest_handle(nf->u.disk_info.edd_params,
                                 handle(cf->u.disk_info.edd_params));
        else if ( cf->type == XEN_FW_VBEDDC_INFO )
            set_xen_guest_handle(nf->u.vbeddc_info.edid,
                                 handle(cf->u.vbeddc_info.edid));
        break;
    }
    case XENPF_set_processor_pminfo:
        /* C, P and T states' tables are not read (accepted or -ENOSYS). */
        n->u.set_pminfo.id = c->u.set_pminfo.id;
        n->u.set_pminfo.type = c->u.set_pminfo.type;
        if ( c->u.set_pminfo.type == XEN_PM_PDC )
            set_xen_guest_handle(n->u.set_pminfo.u.pdc,
                                 handle(c->u.set_pminfo.pdc));
        break;
    case XENPF_resource_op:
        BUILD_BUG_ON(sizeof(struct xenpf_resource_entry) != 24);
        n->u.resource_op.nr_entries = c->u.resource_op.nr_entries;
        n->u.resource_op.cpu = c->u.resource_op.cpu;
        set_xen_guest_handle(n->u.resource_op.entries,
                             handle(c->u.resource_op.entries));
        break;
    default:
        break;
    }
}

/*
 * The outputs of the 64-bit result n into c; how many bytes of c go
 * back (out: the 64-bit handler's count, 0 for none).
 */
static size_t platform_op_out(struct compat_platform_op *c,
                              const struct xen_platform_op *n, size_t out)
{
    if ( !out )
        return 0;
    switch ( c->cmd )
    {
    case XENPF_read_memtype:
        /* Frame numbers of 32 bits: MTRR ranges below 16 TiB. */
        c->u.read_memtype.mfn = n->u.read_memtype.mfn;
        c->u.read_memtype.nr_mfns = n->u.read_memtype.nr_mfns;
        c->u.read_memtype.type = n->u.read_memtype.type;
        return COMPAT_PF_END(read_memtype);
    case XENPF_firmware_info:
        memcpy(c->u.firmware_info.u.out, &n->u.firmware_info.u,
               sizeof(c->u.firmware_info.u.out));
        return COMPAT_PF_END(firmware_info);
    default:
        /* The same layout: the same bytes. */
        memcpy(&c->u, &n->u, out - offsetof(struct xen_platform_op, u));
        return out;
    }
}

long compat_platform_op(struct hc_args *a)
{
    unsigned long uop = hc_ptr(a, 0);
    struct compat_platform_op c;
    struct xen_platform_op n;
    size_t out;
    long rc;

    BUILD_BUG_ON(sizeof(c) != 136 || sizeof(n) != 136 ||
                 COMPAT_PF_END(read_memtype) != 8 + 20 ||
                 COMPAT_PF_END(firmware_info) != 8 + 36 ||
                 offsetof(struct compat_xenpf_firmware_info, u.vbeddc_info.edid) != 12 ||
                 offsetof(struct compat_platform_op, u.set_pminfo.pdc) != 16 ||
                 sizeof(struct compat_xenpf_resource_op) != 12);
    if ( copy_from_guest(&c, uop, sizeof(c)) )
        return -EFAULT;
    platform_op_in(&c, &n);
    rc = platform_op_run(&n, &out);
    out = platform_op_out(&c, &n, out);
    if ( out && copy_to_guest(uop, &c, out) )
        rc = -EFAULT;
    return rc;
}

long compat_sysctl(struct hc_args *a)
{
    BUILD_BUG_ON(sizeof(struct xen_sysctl) != 136 ||
                 offsetof(struct xen_sysctl, u) != 8 ||
                 sizeof(struct xen_sysctl_physinfo) != 112);
    return compat_native(a);
}

long compat_mca(struct hc_args *a)
{
    unsigned long uop = hc_ptr(a, 0);
    struct compat_xen_mc c;
    struct xen_mc n;
    bool copy_back;
    long rc;

    BUILD_BUG_ON(sizeof(c) != 152 || sizeof(n) != 152 ||
                 offsetof(struct compat_xen_mc, u.mc_fetch.data) != 24 ||
                 offsetof(struct compat_xen_mc, u.mc_physcpuinfo.info) != 16);
    /* As do_mca: other domains are refused before anything is read. */
    if ( !is_hardware_domain(current->domain) )
        return -EPERM;
    if ( copy_from_guest(&c, uop, sizeof(c)) )
        return -EFAULT;
    memset(&n, 0, sizeof(n));
    n.cmd = c.cmd;
    n.interface_version = c.interface_version;
    switch ( c.cmd )
    {
    case XEN_MC_fetch:
        n.u.mc_fetch.flags = c.u.mc_fetch.flags;
        n.u.mc_fetch.fetch_id = c.u.mc_fetch.fetch_id;
        set_xen_guest_handle(n.u.mc_fetch.data, handle(c.u.mc_fetch.data));
        break;
    case XEN_MC_physcpuinfo:
        n.u.mc_physcpuinfo.ncpus = c.u.mc_physcpuinfo.ncpus;
        set_xen_guest_handle(n.u.mc_physcpuinfo.info,
                             handle(c.u.mc_physcpuinfo.info));
        break;
    case XEN_MC_notifydomain:           /* the same layout: 144 bytes */
    case XEN_MC_msrinject:
    case XEN_MC_mceinject:
    case XEN_MC_inject_v2:
        memcpy(&n.u, &c.u, sizeof(n.u));
        break;
    default:
        break;
    }
    rc = mca_op(&n, &copy_back);
    if ( !copy_back )
        return rc;
    if ( c.cmd == XEN_MC_fetch )
    {
        c.u.mc_fetch.flags = n.u.mc_fetch.flags;
        c.u.mc_fetch.fetch_id = n.u.mc_fetch.fetch_id;
    }
    else
        c.u.mc_physcpuinfo.ncpus = n.u.mc_physcpuinfo.ncpus;
    return copy_to_guest(uop, &c, sizeof(c)) ? -EFAULT : rc;
}

int compat_put_mc_logical_cpu(unsigned long info, unsigned int i,
                              const struct mcinfo_logical_cpu *c)
{
    uint8_t e[COMPAT_MC_LOGICAL_CPU_SIZE];

    BUILD_BUG_ON(offsetof(struct mcinfo_logical_cpu, mc_msrvalues) != 176 ||
                 sizeof(*c) != 304);
    memcpy(e, c, COMPAT_MC_LOGICAL_CPU_MSRVALUES);
    memcpy(e + COMPAT_MC_LOGICAL_CPU_MSRVALUES, c->mc_msrvalues,
           sizeof(c->mc_msrvalues));
    return copy_to_guest(info + i * sizeof(e), e, sizeof(e));
}

/*
 * sysctl, the toolstack's machine-wide hypercall: XEN_SYSCTL_physinfo for
 * the control domain, with hostile arguments.  As dom0 (QEMU -m 512M):
 * figures that fit the machine, the interface version checked before
 * anything else (-EACCES), bad pointers in and out (-EFAULT), unknown
 * commands (-ENOSYS).  In an unprivileged domain (run-domains.sh's
 * links-unprivileged): -EPERM after the version check; privileged, the
 * same physinfo as dom0.  The structures are the tools' view of the
 * headers: the same layout for 32-bit guests.
 */
#define __XEN_TOOLS__ 1
#include "guest.h"
#include <public/sysctl.h>

static struct xen_sysctl op;

static inline long HYPERVISOR_sysctl(void *u)
{
    return hypercall1(__HYPERVISOR_sysctl, u);
}

static long sysctl(uint32_t cmd)
{
    memset(&op, 0, sizeof(op));
    op.cmd = cmd;
    op.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return HYPERVISOR_sysctl(&op);
}

static void check_physinfo(void)
{
    struct xen_sysctl_physinfo *pi = &op.u.physinfo;
    struct xen_sysctl *ro = page_alloc();

    memset(&op, 0xa5, sizeof(op));      /* every field must be written */
    op.cmd = XEN_SYSCTL_physinfo;
    op.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    CHECK_EQ(HYPERVISOR_sysctl(&op), 0);
    test_info("nr_cpus %u, max_cpu_id %u, %u thread(s)/core, %u core(s)/socket, "
              "total %lu pages, free %lu, max_mfn %#lx, %u kHz, caps %#x",
              pi->nr_cpus, pi->max_cpu_id, pi->threads_per_core,
              pi->cores_per_socket, (unsigned long)pi->total_pages,
              (unsigned long)pi->free_pages, (unsigned long)pi->max_mfn,
              pi->cpu_khz, pi->capabilities);
    CHECK_EQ(op.cmd, XEN_SYSCTL_physinfo);
    CHECK(pi->nr_cpus >= 1 && pi->nr_cpus <= pi->max_cpu_id + 1);
    CHECK(pi->threads_per_core >= 1 && pi->cores_per_socket >= 1);
    CHECK(pi->nr_nodes >= 1);
    CHECK(pi->cpu_khz > 0);
    CHECK(pi->capabilities & XEN_SYSCTL_PHYSCAP_pv);
    CHECK_EQ(pi->scrub_pages, 0);
    CHECK_EQ(pi->outstanding_pages, 0);
    /* QEMU -m 512M: nearly all of it RAM, less firmware's. */
    CHECK(pi->total_pages <= 512 * 256 && pi->total_pages >= 480 * 256);
    CHECK(pi->free_pages < pi->total_pages && pi->free_pages > 0);
    CHECK(pi->max_mfn + 1 >= pi->total_pages);
    CHECK(pi->hw_cap[0] & (1u << 0));   /* CPUID 1 EDX: FPU */

    /* The result cannot be written back: -EFAULT. */
    memcpy(ro, &op, sizeof(op));
    make_readonly(ro);
    CHECK_ERR(HYPERVISOR_sysctl(ro), EFAULT);
    make_writable(ro);
}

GUEST_TEST(sysctl)
{
    bool privileged = start_info->flags & SIF_PRIVILEGED;

    /* The structure cannot be read: -EFAULT, before anything else. */
    CHECK_ERR(HYPERVISOR_sysctl((void *)0x1000), EFAULT);
    CHECK_ERR(HYPERVISOR_sysctl((void *)~0UL), EFAULT);

    /* Interface version first, whatever the command or the caller. */
    memset(&op, 0, sizeof(op));
    op.cmd = XEN_SYSCTL_physinfo;
    op.interface_version = XEN_SYSCTL_INTERFACE_VERSION - 1;
    CHECK_ERR(HYPERVISOR_sysctl(&op), EACCES);
    op.interface_version = XEN_SYSCTL_INTERFACE_VERSION + 1;
    CHECK_ERR(HYPERVISOR_sysctl(&op), EACCES);
    op.cmd = 1000;
    op.interface_version = 0;
    CHECK_ERR(HYPERVISOR_sysctl(&op), EACCES);

    if ( !privileged )
    {
        test_info("unprivileged domain");
        CHECK_ERR(sysctl(XEN_SYSCTL_physinfo), EPERM);
        CHECK_ERR(sysctl(1000), EPERM);
        return;
    }
    if ( !(start_info->flags & SIF_INITDOMAIN) )
    {
        /* A privileged domU: its machine is not QEMU's whole -m. */
        CHECK_EQ(sysctl(XEN_SYSCTL_physinfo), 0);
        CHECK(op.u.physinfo.free_pages < op.u.physinfo.total_pages);
        return;
    }

    check_physinfo();
    CHECK_ERR(sysctl(1000), ENOSYS);
    CHECK_ERR(sysctl(0), ENOSYS);
}

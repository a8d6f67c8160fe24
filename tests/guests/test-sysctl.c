/*
 * sysctl, the toolstack's machine-wide hypercall: XEN_SYSCTL_physinfo and
 * XEN_SYSCTL_getdomaininfolist for the control domain, with hostile
 * arguments.  As dom0 (QEMU -m 512M): figures that fit the machine and
 * dom0's own state, the interface version checked before anything else
 * (-EACCES), bad pointers in and out (-EFAULT), unknown commands
 * (-ENOSYS).  In an unprivileged domain (run-domains.sh's
 * links-unprivileged): -EPERM after the version check; privileged, the
 * same physinfo as dom0.  The structures are the tools' view of the
 * headers: the same layout for 32-bit guests.
 */
#define __XEN_TOOLS__ 1
#include "guest.h"
#include <public/sysctl.h>

static struct xen_sysctl op;

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

static struct xen_domctl_getdomaininfo infos[4];

static long domaininfolist(unsigned int first, uint32_t max, void *buffer)
{
    memset(&op, 0, sizeof(op));
    op.cmd = XEN_SYSCTL_getdomaininfolist;
    op.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    op.u.getdomaininfolist.first_domain = first;
    op.u.getdomaininfolist.max_domains = max;
    op.u.getdomaininfolist.num_domains = 0xa5a5a5a5;
    set_xen_guest_handle(op.u.getdomaininfolist.buffer, buffer);
    return HYPERVISOR_sysctl(&op);
}

/*
 * dom0's own entry, first of the list (the plain dom0 runs have no other
 * domain; beside boot-time domains they follow in increasing id).
 */
static void check_domaininfolist(void)
{
    const struct xen_domctl_getdomaininfo *d0 = &infos[0];
    struct xen_sysctl *ro = page_alloc();
    domid_t self = DOMID_SELF;
    unsigned int i, n;

    memset(infos, 0xa5, sizeof(infos));
    CHECK_EQ(domaininfolist(0, 3, infos), 0);
    n = op.u.getdomaininfolist.num_domains;
    CHECK(n >= 1 && n <= 3);
    CHECK_EQ(op.cmd, XEN_SYSCTL_getdomaininfolist);
    test_info("%u domain(s); d0 flags %#x, %u vCPU(s) online, max id %u, "
              "%lu pages of %lu, cpu_time %lu ns, gpaddr_bits %u", n,
              d0->flags, d0->nr_online_vcpus, d0->max_vcpu_id,
              (unsigned long)d0->tot_pages, (unsigned long)d0->max_pages,
              (unsigned long)d0->cpu_time, d0->gpaddr_bits);
    CHECK_EQ(d0->domain, 0);
    for ( i = 1; i < n; i++ )
        CHECK(infos[i].domain > infos[i - 1].domain);
    /* The entry past the last written is untouched. */
    CHECK_EQ(infos[n].domain, 0xa5a5);
    /* Running (this vCPU), so neither blocked nor shut down. */
    CHECK_EQ(d0->flags & 0xffff, XEN_DOMINF_running);
    /*
     * The shutdown code: none yet is Xen's ~0 shifted in (bits 16..31
     * set), or the reboot test-sched_op.c records with
     * SCHEDOP_shutdown_code when it ran before.
     */
    CHECK(d0->flags >> XEN_DOMINF_shutdownshift == 0xffff ||
          d0->flags >> XEN_DOMINF_shutdownshift == SHUTDOWN_reboot);
    CHECK(d0->nr_online_vcpus >= 1 && d0->nr_online_vcpus <= d0->max_vcpu_id + 1);
    CHECK_EQ(d0->shared_info_frame, start_info->shared_info >> PAGE_SHIFT);
    CHECK_EQ(d0->tot_pages, HYPERVISOR_memory_op(XENMEM_current_reservation, &self));
    CHECK(d0->cpu_time > 0);
    CHECK_EQ(d0->outstanding_pages, 0);
    /* A PV hardware domain is given the PIT, as Xen creates it. */
    CHECK_EQ(d0->arch_config.emulation_flags, XEN_X86_EMU_PIT);
    CHECK(d0->gpaddr_bits >= 32 && d0->gpaddr_bits <= 52);

    /* From domain 1 on: dom0 is not listed; none at all past the last. */
    CHECK_EQ(domaininfolist(1, 3, infos), 0);
    CHECK_EQ(op.u.getdomaininfolist.num_domains, n - 1);
    CHECK_EQ(domaininfolist(DOMID_FIRST_RESERVED, 3, infos), 0);
    CHECK_EQ(op.u.getdomaininfolist.num_domains, 0);
    /* max_domains bounds what is written; 0 writes nothing. */
    memset(infos, 0xa5, sizeof(infos));
    CHECK_EQ(domaininfolist(0, 1, infos), 0);
    CHECK_EQ(op.u.getdomaininfolist.num_domains, 1);
    CHECK_EQ(infos[1].domain, 0xa5a5);
    CHECK_EQ(domaininfolist(0, 0, (void *)0x1000), 0);
    CHECK_EQ(op.u.getdomaininfolist.num_domains, 0);

    /* A buffer that cannot be written: -EFAULT, num_domains not written. */
    CHECK_ERR(domaininfolist(0, 1, (void *)0x1000), EFAULT);
    CHECK_EQ(op.u.getdomaininfolist.num_domains, 0xa5a5a5a5);
    CHECK_ERR(domaininfolist(0, 1, (void *)(HYPERVISOR_VIRT_START + 0x10000)), EFAULT);
    CHECK_ERR(domaininfolist(0, 1, (void *)~0UL), EFAULT);
    /* The result cannot be copied back: -EFAULT. */
    domaininfolist(0, 1, infos);
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
        CHECK_ERR(domaininfolist(0, 1, infos), EPERM);
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
    check_domaininfolist();
    CHECK_ERR(sysctl(1000), ENOSYS);
    CHECK_ERR(sysctl(0), ENOSYS);
}

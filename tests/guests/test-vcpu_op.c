/*
 * vcpu_op: vCPU 0 is up and running, the others of dom0 exist but are
 * down, and ids past the domain's vCPUs or unknown ops are refused.
 */
#include "guest.h"

GUEST_TEST(vcpu_op)
{
    struct vcpu_runstate_info rs;
    struct vcpu_get_physid pid;
    unsigned int n;
    long rc;

    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 0, NULL), 1);
    /* Count dom0's vCPUs: ids answer until the first -ENOENT. */
    for ( n = 1; n < 4096; n++ )
    {
        rc = HYPERVISOR_vcpu_op(VCPUOP_is_up, n, NULL);
        if ( rc == -XEN_ENOENT )
            break;
        CHECK_EQ(rc, 0);                /* we never brought them up */
    }
    test_info("%u vCPUs", n);
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_is_up, 4096, NULL), ENOENT);
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_is_up, 0x80000000U, NULL), ENOENT);
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_is_up, ~0U, NULL), ENOENT);

    memset(&rs, 0xff, sizeof(rs));
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &rs), 0);
    CHECK_EQ(rs.state, RUNSTATE_running);
    CHECK(rs.time[RUNSTATE_running] > 0);
    CHECK(rs.state_entry_time <= now_ns());
    if ( n > 1 )
    {
        CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 1, &rs), 0);
        CHECK_EQ(rs.state, RUNSTATE_offline);
    }
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0,
                                 (void *)0x1000), EFAULT);
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, n, &rs), ENOENT);

    /* Only for vCPUs pinned one to one on physical CPUs: not ours. */
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_get_physid, 0, &pid), EINVAL);

    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_up, n, NULL), ENOENT);
    CHECK_ERR(HYPERVISOR_vcpu_op(99, 0, NULL), ENOSYS);
}

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

/* A page of our own to move vCPU 0's vcpu_info to (at an odd offset). */
static uint8_t vcpu_info_page[PAGE_SIZE] __aligned(PAGE_SIZE);
#define VI_OFFSET   0x340

/*
 * VCPUOP_register_vcpu_info: the record moves with its contents, events
 * and time keep working through the new copy, and it moves only once.
 */
GUEST_TEST(register_vcpu_info)
{
    struct vcpu_register_vcpu_info info = {
        .mfn = virt_to_mfn(vcpu_info_page),
        .offset = PAGE_SIZE - sizeof(vcpu_info_t) + 1,
    };
    struct evtchn_bind_ipi ipi = { .vcpu = 0 };
    struct evtchn_send send;
    vcpu_info_t *vi = (vcpu_info_t *)(vcpu_info_page + VI_OFFSET);
    unsigned int before;
    uint64_t t0;

    /* Not all of the record inside the page: Xen 4.17 says -ENXIO. */
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &info), ENXIO);
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0,
                                 (void *)0x1000), EFAULT);
    /* A frame that is one of our page tables cannot hold it. */
    info.mfn = start_info->pt_base ? virt_to_mfn((void *)start_info->pt_base)
                                   : 0;
    info.offset = VI_OFFSET;
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &info), EINVAL);

    events_mask();
    info.mfn = virt_to_mfn(vcpu_info_page);
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &info), 0);
    CHECK_EQ(vi->evtchn_upcall_mask, 1);        /* the contents came along */
    CHECK(vi->time.version && !(vi->time.version & 1));
    CHECK(vi->time.tsc_to_system_mul);
    vcpu0_info = vi;
    events_unmask();                            /* the "all pending" flush */
    CHECK_EQ(vi->evtchn_upcall_pending, 0);

    /* Time and events run through the new record. */
    t0 = now_ns();
    CHECK(t0 > 0);
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &ipi), 0);
    send.port = ipi.port;
    CHECK(ipi.port < EVTCHN_TRACKED);
    before = evtchn_deliveries[ipi.port];
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_send, &send), 0);
    CHECK_EQ(evtchn_deliveries[ipi.port], before + 1);
    CHECK(now_ns() >= t0);

    /* Only once. */
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &info), EINVAL);
    send.port = ipi.port;                       /* struct evtchn_close too */
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_close, &send), 0);
}

/*
 * VCPUOP_register_runstate_memory_area: the hypervisor keeps a copy of the
 * vCPU's runstate at a guest address; it is written at once for the
 * calling vCPU.  Hypervisor addresses are refused; an unmapped one is not
 * (nothing can be written there, quietly), as in Xen.
 */
static struct vcpu_runstate_info runstate_copy;

GUEST_TEST(runstate_area)
{
    struct vcpu_register_runstate_memory_area area;

    area.addr.p = HYPERVISOR_VIRT_START + 0x10000;
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0,
                                 &area), EFAULT);
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0,
                                 (void *)0x1000), EFAULT);
    area.addr.p = 0x1000;
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0,
                                &area), 0);

    memset(&runstate_copy, 0xff, sizeof(runstate_copy));
    area.addr.v = &runstate_copy;
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0,
                                &area), 0);
    CHECK_EQ(runstate_copy.state, RUNSTATE_running);
    CHECK(runstate_copy.state_entry_time <= now_ns());
    CHECK(runstate_copy.time[RUNSTATE_offline] < ~0ULL);
    CHECK(runstate_copy.time[RUNSTATE_running] < ~0ULL);
}

/*
 * VCPUOP_register_vcpu_time_memory_area: a second copy of the vCPU's time
 * record, written with every update of the one in vcpu_info (Linux maps
 * it into user space for its vDSO clock).
 */
static struct vcpu_time_info time_copy __aligned(64);

/*
 * Xen 4.17's record changes only when it recalibrates, once a second; ours
 * at every switch to the vCPU.
 */
#define RECORD_CHANGE_NS    1100000000ULL

/* The two records read together, between two updates of vcpu_info's. */
static void read_both(struct vcpu_time_info *info, struct vcpu_time_info *copy)
{
    const volatile struct vcpu_time_info *t = &vcpu0_info->time;
    uint32_t version;

    do {
        version = t->version;
        barrier();
        *info = *(const struct vcpu_time_info *)t;
        *copy = *(volatile struct vcpu_time_info *)&time_copy;
        barrier();
    } while ( (version & 1) || version != t->version );
}

GUEST_TEST(time_area)
{
    struct vcpu_register_time_memory_area area;
    struct vcpu_time_info info, copy;
    uint64_t before;

    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0,
                                 (void *)0x1000), EFAULT);
    area.addr.p = HYPERVISOR_VIRT_START + 0x10000;
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0,
                                 &area), EFAULT);
    /* Not mapped: accepted, the writes fail quietly. */
    area.addr.p = 0x1000;
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0,
                                &area), 0);

    /* Registering writes the record at once; it is vcpu_info's. */
    area.addr.v = &time_copy;
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0,
                                &area), 0);
    read_both(&info, &copy);
    CHECK(copy.version && !(copy.version & 1));
    CHECK_EQ(copy.system_time, info.system_time);
    CHECK_EQ(copy.tsc_timestamp, info.tsc_timestamp);
    CHECK_EQ(copy.tsc_to_system_mul, info.tsc_to_system_mul);
    CHECK_EQ(copy.tsc_shift, info.tsc_shift);
    CHECK_EQ(copy.flags, info.flags);

    /* Later updates reach the copy too. */
    before = copy.system_time;
    block_ns(RECORD_CHANGE_NS);
    read_both(&info, &copy);
    CHECK(copy.system_time > before);
    CHECK_EQ(copy.system_time, info.system_time);
    CHECK_EQ(copy.tsc_timestamp, info.tsc_timestamp);

    /* Address 0 turns it off. */
    area.addr.p = 0;
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0,
                                &area), 0);
    memset(&time_copy, 0x5a, sizeof(time_copy));
    before = vcpu0_info->time.system_time;
    block_ns(RECORD_CHANGE_NS);
    CHECK(vcpu0_info->time.system_time > before);
    CHECK_EQ(time_copy.version, 0x5a5a5a5aU);
    CHECK_EQ(time_copy.system_time, 0x5a5a5a5a5a5a5a5aULL);
}

/*
 * platform_op for the hardware domain: the interface version check, the
 * wallclock (settime32/64 seen in shared_info), MTRR reads, firmware
 * information, CPU information, the argument checks of ACPI sleep (never
 * an actual sleep), processor power data and resource_op, with hostile
 * arguments.  Runs as dom0 under QEMU's PC with -smp 2.
 */
#include "guest.h"

#define MSR_IA32_TSC        0x10
#define MSR_IA32_APIC_BASE  0x1b

static struct xen_platform_op op;

static long pf(uint32_t cmd)
{
    op.cmd = cmd;
    op.interface_version = XENPF_INTERFACE_VERSION;
    return HYPERVISOR_platform_op(&op);
}

static void wallclock(uint64_t *sec, uint32_t *nsec)
{
    uint32_t v;

    do {
        v = shared_info->wc_version;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        *sec = shared_info->wc_sec | ((uint64_t)shared_info->xen_wc_sec_hi << 32);
        *nsec = shared_info->wc_nsec;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    } while ( (v & 1) || v != shared_info->wc_version );
}

static void test_settime(void)
{
    uint64_t old_sec, sec, st = 5000000123ULL;
    uint32_t old_nsec, nsec;

    wallclock(&old_sec, &old_nsec);
    CHECK(old_sec > 1000000000ULL);     /* the RTC is past 2001 */

    /* 2 000 000 000.5 s at system time 5.000000123 s. */
    memset(&op, 0, sizeof(op));
    op.u.settime64.secs = 2000000000ULL;
    op.u.settime64.nsecs = 500000000;
    op.u.settime64.system_time = st;
    CHECK_EQ(pf(XENPF_settime64), 0);
    wallclock(&sec, &nsec);
    CHECK_EQ(sec, 2000000000ULL - 5);
    CHECK_EQ(nsec, 500000000 - 123);

    op.u.settime64.mbz = 1;
    CHECK_ERR(pf(XENPF_settime64), EINVAL);
    wallclock(&sec, &nsec);
    CHECK_EQ(sec, 2000000000ULL - 5);

    memset(&op, 0, sizeof(op));
    op.u.settime32.secs = 1700000000;
    op.u.settime32.nsecs = 0;
    op.u.settime32.system_time = 0;
    CHECK_EQ(pf(XENPF_settime32), 0);
    wallclock(&sec, &nsec);
    CHECK_EQ(sec, 1700000000ULL);
    CHECK_EQ(nsec, 0);

    /* Back to where it was. */
    memset(&op, 0, sizeof(op));
    op.u.settime64.secs = old_sec;
    op.u.settime64.nsecs = old_nsec;
    CHECK_EQ(pf(XENPF_settime64), 0);
    wallclock(&sec, &nsec);
    CHECK_EQ(sec, old_sec);
    CHECK_EQ(nsec, old_nsec);
}

static void test_cpus(void)
{
    memset(&op, 0, sizeof(op));
    op.u.pcpu_info.xen_cpuid = 0;
    CHECK_EQ(pf(XENPF_get_cpuinfo), 0);
    CHECK_EQ(op.u.pcpu_info.flags, XEN_PCPU_FLAGS_ONLINE);
    CHECK_EQ(op.u.pcpu_info.max_present, 1);
    CHECK_EQ(op.u.pcpu_info.apic_id, 0);
    op.u.pcpu_info.xen_cpuid = 1;
    CHECK_EQ(pf(XENPF_get_cpuinfo), 0);
    CHECK_EQ(op.u.pcpu_info.flags, XEN_PCPU_FLAGS_ONLINE);
    CHECK_EQ(op.u.pcpu_info.apic_id, 1);
    op.u.pcpu_info.xen_cpuid = 4096;
    CHECK_EQ(pf(XENPF_get_cpuinfo), 0);
    CHECK_EQ(op.u.pcpu_info.flags, XEN_PCPU_FLAGS_INVALID);
    CHECK_EQ(op.u.pcpu_info.max_present, 1);

    memset(&op, 0, sizeof(op));
    op.u.pcpu_version.xen_cpuid = 1;
    CHECK_EQ(pf(XENPF_get_cpu_version), 0);
    CHECK(op.u.pcpu_version.vendor_id[0] != 0);
    CHECK(op.u.pcpu_version.family != 0);
    CHECK_EQ(op.u.pcpu_version.max_present, 1);
    op.u.pcpu_version.xen_cpuid = 4096;
    CHECK_EQ(pf(XENPF_get_cpu_version), 0);
    CHECK_EQ(op.u.pcpu_version.vendor_id[0], 0);
    CHECK_EQ(op.u.pcpu_version.family, 0);

    memset(&op, 0, sizeof(op));
    CHECK_ERR(pf(XENPF_cpu_offline), EOPNOTSUPP);       /* CPU 0 */
    op.u.cpu_ol.cpuid = 4096;
    CHECK_ERR(pf(XENPF_cpu_offline), EINVAL);
    CHECK_ERR(pf(XENPF_cpu_online), EINVAL);
}

static void test_resource_op(void)
{
    static struct xenpf_resource_entry e[4];

    memset(&op, 0, sizeof(op));
    set_xen_guest_handle(op.u.resource_op.entries, e);
    CHECK_EQ(pf(XENPF_resource_op), 0);                 /* nothing to do */
    op.u.resource_op.nr_entries = 4;
    CHECK_ERR(pf(XENPF_resource_op), EINVAL);

    memset(e, 0, sizeof(e));
    e[0].u.cmd = XEN_RESOURCE_OP_MSR_READ;
    e[0].idx = MSR_IA32_TSC;
    e[1].u.cmd = XEN_RESOURCE_OP_MSR_READ;
    e[1].idx = MSR_IA32_APIC_BASE;
    op.u.resource_op.nr_entries = 2;
    CHECK_EQ(pf(XENPF_resource_op), 1);
    /*
     * The TSC read comes back as a time, not checked: Xen 4.17 scales the
     * TSC value read with the entry before (none here) and adds a random
     * boot offset.
     */
    CHECK_ERR(e[1].u.ret, EPERM);

    e[0].u.cmd = XEN_RESOURCE_OP_MSR_READ;
    op.u.resource_op.cpu = 4096;
    CHECK_ERR(pf(XENPF_resource_op), ENODEV);
    op.u.resource_op.cpu = 0;
    e[0].rsvd = 1;
    CHECK_EQ(pf(XENPF_resource_op), 0);
    CHECK_ERR(e[0].u.ret, EINVAL);
    e[0].rsvd = 0;
    e[0].u.cmd = 7;
    CHECK_EQ(pf(XENPF_resource_op), 0);
    CHECK_ERR(e[0].u.ret, EOPNOTSUPP);
    e[0].u.cmd = XEN_RESOURCE_OP_MSR_READ;
    e[0].idx = 1ULL << 32;
    CHECK_EQ(pf(XENPF_resource_op), 0);
    CHECK_ERR(e[0].u.ret, EINVAL);
    e[0].u.cmd = XEN_RESOURCE_OP_MSR_WRITE;
    e[0].idx = MSR_IA32_TSC;
    CHECK_EQ(pf(XENPF_resource_op), 0);
    CHECK_ERR(e[0].u.ret, EPERM);
    set_xen_guest_handle(op.u.resource_op.entries, (void *)0x1000);
    CHECK_ERR(pf(XENPF_resource_op), EFAULT);
}

GUEST_TEST(platform_op)
{
    static uint32_t pdc[3];

    /* The header: bad pointers, versions and commands. */
    CHECK_ERR(HYPERVISOR_platform_op((void *)0x1000), EFAULT);
    CHECK_ERR(HYPERVISOR_platform_op((void *)HYPERVISOR_VIRT_START), EFAULT);
    memset(&op, 0, sizeof(op));
    op.cmd = XENPF_get_cpuinfo;
    op.interface_version = XENPF_INTERFACE_VERSION - 1;
    CHECK_ERR(HYPERVISOR_platform_op(&op), EACCES);
    CHECK_ERR(pf(1), ENOSYS);
    CHECK_ERR(pf(0xffffffff), ENOSYS);

    test_settime();

    memset(&op, 0, sizeof(op));
    op.u.read_memtype.reg = 0;
    CHECK_EQ(pf(XENPF_read_memtype), 0);
    op.u.read_memtype.reg = 256;
    CHECK_ERR(pf(XENPF_read_memtype), EINVAL);

    memset(&op, 0, sizeof(op));
    op.u.platform_quirk.quirk_id = QUIRK_IOAPIC_GOOD_REGSEL;
    CHECK_EQ(pf(XENPF_platform_quirk), 0);
    op.u.platform_quirk.quirk_id = 99;
    CHECK_ERR(pf(XENPF_platform_quirk), EINVAL);

    memset(&op, 0, sizeof(op));
    op.u.firmware_info.type = XEN_FW_KBD_SHIFT_FLAGS;
    CHECK_EQ(pf(XENPF_firmware_info), 0);
    op.u.firmware_info.index = 1;
    CHECK_ERR(pf(XENPF_firmware_info), ESRCH);
    op.u.firmware_info.type = XEN_FW_DISK_INFO;
    op.u.firmware_info.index = 1000;
    CHECK_ERR(pf(XENPF_firmware_info), ESRCH);
    op.u.firmware_info.type = XEN_FW_DISK_MBR_SIGNATURE;
    CHECK_ERR(pf(XENPF_firmware_info), ESRCH);
    op.u.firmware_info.type = XEN_FW_VBEDDC_INFO;
    CHECK_ERR(pf(XENPF_firmware_info), ESRCH);
    op.u.firmware_info.type = 99;
    CHECK_ERR(pf(XENPF_firmware_info), EINVAL);

    /* ACPI sleep: only refusals (QEMU's PC has PM1a, no sleep control). */
    memset(&op, 0, sizeof(op));
    op.u.enter_acpi_sleep.sleep_state = 1;
    op.u.enter_acpi_sleep.flags = 2;
    CHECK_ERR(pf(XENPF_enter_acpi_sleep), EINVAL);
    op.u.enter_acpi_sleep.flags = XENPF_ACPI_SLEEP_EXTENDED;
    CHECK_ERR(pf(XENPF_enter_acpi_sleep), EPERM);
    op.u.enter_acpi_sleep.flags = 0;
    op.u.enter_acpi_sleep.val_a = 0x2000;
    op.u.enter_acpi_sleep.val_b = 0x0001;
    CHECK_ERR(pf(XENPF_enter_acpi_sleep), EINVAL);

    /* Processor power data. */
    memset(&op, 0, sizeof(op));
    op.u.set_pminfo.type = 9;
    CHECK_ERR(pf(XENPF_set_processor_pminfo), EINVAL);
    op.u.set_pminfo.type = XEN_PM_TX;
    CHECK_ERR(pf(XENPF_set_processor_pminfo), ENOSYS);
    op.u.set_pminfo.type = XEN_PM_PDC;
    set_xen_guest_handle(op.u.set_pminfo.u.pdc, pdc);
    pdc[0] = 2;
    pdc[1] = 1;
    CHECK_ERR(pf(XENPF_set_processor_pminfo), EINVAL);
    pdc[0] = 1;
    pdc[1] = 0;
    CHECK_ERR(pf(XENPF_set_processor_pminfo), EINVAL);
    set_xen_guest_handle(op.u.set_pminfo.u.pdc, (void *)0x1000);
    CHECK_ERR(pf(XENPF_set_processor_pminfo), EFAULT);

    test_cpus();
    test_resource_op();
}

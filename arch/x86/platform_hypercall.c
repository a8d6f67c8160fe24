/*
 * HYPERVISOR_platform_op(struct xen_platform_op *op): machine-wide
 * operations for the hardware domain, with Xen 4.17's error codes.
 *
 * Order of checks, as Xen: the 136-byte structure is copied in once
 * (-EFAULT), its interface_version must be XENPF_INTERFACE_VERSION
 * (-EACCES), then only the hardware domain may go on (-EPERM).  One
 * operation runs at a time (platform_lock).  Results are copied out only
 * for the sub-ops that have OUT fields, and only on success.
 *
 * What we do with each sub-op:
 *   settime32/64       set the wallclock of every domain (mbz != 0: -EINVAL)
 *   read_memtype       the CPU's variable-range MTRR reg (-EINVAL past the last)
 *   add/del_memtype    -ENOSYS: dom0 does not reprogram our MTRRs
 *   platform_quirk     accepted for the three known quirks, else -EINVAL
 *   firmware_info      keyboard shift flags from the BIOS data area; no EDD,
 *                      MBR signatures or EDID were collected at boot (-ESRCH),
 *                      no EFI (-ENOSYS), other types -EINVAL
 *   enter_acpi_sleep   Xen's argument checks, then S5 powers the machine off
 *                      through our ACPI code; other states -EOPNOTSUPP
 *   set_processor_pminfo  C states accepted and ignored (we idle with hlt),
 *                      P and T states -ENOSYS (no cpufreq, as Xen with
 *                      cpufreq=none), _PDC bits checked and filtered
 *   get_cpuinfo / get_cpu_version   from the MADT and CPUID
 *   cpu_online/offline online CPUs: 0; CPU 0 offline: -EOPNOTSUPP; others -EINVAL
 *   resource_op        MSR reads of IA32_TSC only (Xen's allow list without
 *                      RDT), answered with system time (Xen: the scaled TSC
 *                      plus a random boot offset)
 *   everything else    -ENOSYS (microcode, EFI runtime, idle time, frequency,
 *                      hotplug, core parking, symbols)
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <xen/time.h>
#include <asm/acpi.h>
#include <asm/cpuid.h>
#include <asm/guest_access.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/smp.h>
#include <public/platform.h>
#include <asm/platform_op.h>

#define MSR_IA32_TSC            0x00000010
#define MSR_MTRRCAP             0x000000fe
#define MSR_MTRR_PHYSBASE(n)    (0x200 + 2 * (n))
#define MSR_MTRR_PHYSMASK(n)    (0x201 + 2 * (n))
#define MTRR_PHYSMASK_VALID     (1UL << 11)
#define CPUID1_EDX_MTRR         (1u << 12)

#define ACPI_STATE_S3           3
#define ACPI_STATE_S5           5
#define ACPI_SLEEP_TYPE_MAX     7
#define ACPI_SLEEP_TYPE_INVALID 0xff
#define ACPI_PM1_SLP_EN         0x2000

#define ACPI_PDC_REVISION_ID    1
/* The C-, P-, T-state and C1PT bits of _PDC word 2; we manage none of them. */
#define ACPI_PDC_PM_BITS        0x0bff

#define RESOURCE_ACCESS_MAX_ENTRIES 3

#define BDA_KBD_SHIFT_FLAGS     0x417   /* BIOS data area: INT 16h AH=02h */

#define OP_FIELD_END(f)         (offsetof(struct xen_platform_op, u) + sizeof(((struct xen_platform_op *)0)->u.f))

static DEFINE_SPINLOCK(platform_lock);

static unsigned int last_cpu(const cpumask_t *m)
{
    unsigned int cpu, last = 0;

    for_each_cpu ( cpu, m )
        last = cpu;
    return last;
}

static bool cpu_is_online(unsigned int cpu)
{
    return cpu < CONFIG_NR_CPUS && cpumask_test_cpu(cpu, &cpu_online_map);
}

/* The ACPI processor id the MADT gives APIC id apic_id (~0: none). */
static uint32_t acpi_id_of_apic(uint32_t apic_id)
{
    unsigned int i;

    for ( i = 0; i < acpi_nr_cpus; i++ )
        if ( acpi_cpus[i].apic_id == apic_id )
            return acpi_cpus[i].acpi_id;
    return ~0u;
}

static bool acpi_id_is_online(uint32_t acpi_id)
{
    unsigned int cpu;

    for_each_online_cpu ( cpu )
        if ( acpi_id_of_apic(x86_cpu_to_apicid[cpu]) == acpi_id )
            return true;
    return false;
}

static long read_memtype(struct xenpf_read_memtype *m)
{
    unsigned int nr = 0, phys_bits = cpu_paddr_bits();
    uint64_t base, mask, size_or_mask;

    if ( cpuid(1).d & CPUID1_EDX_MTRR )
        nr = rdmsr(MSR_MTRRCAP) & 0xff;
    if ( m->reg >= nr )
        return -EINVAL;
    mask = rdmsr(MSR_MTRR_PHYSMASK(m->reg));
    if ( !(mask & MTRR_PHYSMASK_VALID) )
    {
        m->mfn = 0;
        m->nr_mfns = 0;
        m->type = 0;
        return 0;
    }
    base = rdmsr(MSR_MTRR_PHYSBASE(m->reg));
    /* A contiguous power-of-two range: its size is minus the mask, in frames. */
    size_or_mask = ~((1UL << (phys_bits - PAGE_SHIFT)) - 1);
    m->mfn = base >> PAGE_SHIFT;
    m->nr_mfns = -(uint32_t)(size_or_mask | (mask >> PAGE_SHIFT));
    m->type = base & 0xff;
    return 0;
}

static long firmware_info(struct xenpf_firmware_info *fw)
{
    switch ( fw->type )
    {
    case XEN_FW_DISK_INFO:
    case XEN_FW_DISK_MBR_SIGNATURE:
    case XEN_FW_VBEDDC_INFO:
        /* Collected in real mode by Xen's loader; we boot from Multiboot only. */
        return -ESRCH;
    case XEN_FW_EFI_INFO:
        return -ENOSYS;
    case XEN_FW_KBD_SHIFT_FLAGS:
        if ( fw->index != 0 )
            return -ESRCH;
        fw->u.kbd_shift_flags = *(const volatile uint8_t *)__va(BDA_KBD_SHIFT_FLAGS);
        return 0;
    default:
        return -EINVAL;
    }
}

static long enter_acpi_sleep(const struct xenpf_enter_acpi_sleep *s)
{
    if ( s->sleep_state == ACPI_STATE_S3 )
        return -EOPNOTSUPP;         /* no wakeup path: as Xen without one */
    if ( s->flags & XENPF_ACPI_SLEEP_EXTENDED )
    {
        if ( !acpi_has_sleep_control() )
            return -EPERM;
        if ( s->flags & ~XENPF_ACPI_SLEEP_EXTENDED )
            return -EINVAL;
        if ( s->val_a > ACPI_SLEEP_TYPE_MAX ||
             (s->val_b != ACPI_SLEEP_TYPE_INVALID &&
              s->val_b > ACPI_SLEEP_TYPE_MAX) )
            return -ERANGE;
    }
    else if ( !acpi_has_pm1a_cnt() )
        return -EPERM;
    else if ( s->val_b && ((s->val_a ^ s->val_b) & ACPI_PM1_SLP_EN) )
        return -EINVAL;
    else if ( s->flags )
        return -EINVAL;
    if ( s->sleep_state == 0 || s->sleep_state > ACPI_STATE_S5 )
        return -EINVAL;
    if ( s->sleep_state != ACPI_STATE_S5 )
        return -EOPNOTSUPP;
    printk("dom0 asks for ACPI S5\n");
    machine_power_off();
}

/* XEN_PM_PDC: dom0's _PDC words (revision, count, bits) are filtered in place. */
static long set_pdc_bits(uint32_t acpi_id, unsigned long pdc)
{
    uint32_t w[3];

    if ( copy_from_guest(w, pdc, 2 * sizeof(w[0])) )
        return -EFAULT;
    if ( w[0] != ACPI_PDC_REVISION_ID || !w[1] )
        return -EINVAL;
    if ( copy_from_guest(&w[2], pdc + 2 * sizeof(w[0]), sizeof(w[2])) )
        return -EFAULT;
    if ( acpi_id != ~0u && !acpi_id_is_online(acpi_id) )
        return -EINVAL;
    /* Claims we do not manage stay dom0's own; we add none. */
    w[2] &= ACPI_PDC_PM_BITS;
    return copy_to_guest(pdc + 2 * sizeof(w[0]), &w[2], sizeof(w[2]));
}

static long set_pminfo(const struct xenpf_set_processor_pminfo *pm)
{
    switch ( pm->type )
    {
    case XEN_PM_CX:
        return 0;
    case XEN_PM_PX:
    case XEN_PM_TX:
        return -ENOSYS;
    case XEN_PM_PDC:
        return set_pdc_bits(pm->id, guest_handle_addr(pm->u.pdc));
    default:
        return -EINVAL;
    }
}

static void get_cpuinfo(struct xenpf_pcpuinfo *info)
{
    unsigned int cpu = info->xen_cpuid;

    if ( cpu >= CONFIG_NR_CPUS || !cpumask_test_cpu(cpu, &cpu_present_map) )
        info->flags = XEN_PCPU_FLAGS_INVALID;
    else
    {
        info->apic_id = x86_cpu_to_apicid[cpu];
        info->acpi_id = acpi_id_of_apic(info->apic_id);
        info->flags = cpu_is_online(cpu) ? XEN_PCPU_FLAGS_ONLINE : 0;
    }
    info->max_present = last_cpu(&cpu_present_map);
}

/*
 * CPUID of the CPU we run on: every CPU we bring up is the same model
 * (we do not support mixed packages).
 */
static void get_cpu_version(struct xenpf_pcpu_version *ver)
{
    if ( !cpu_is_online(ver->xen_cpuid) )
    {
        memset(ver->vendor_id, 0, sizeof(ver->vendor_id));
        ver->family = ver->model = ver->stepping = 0;
    }
    else
    {
        struct cpuid_leaf l0 = cpuid(0);
        uint32_t eax = cpuid(1).a;

        memcpy(ver->vendor_id, &l0.b, 4);
        memcpy(ver->vendor_id + 4, &l0.d, 4);
        memcpy(ver->vendor_id + 8, &l0.c, 4);
        ver->family = (eax >> 8) & 0xf;
        if ( ver->family == 0xf )
            ver->family += (eax >> 20) & 0xff;
        ver->model = (eax >> 4) & 0xf;
        if ( ver->family >= 6 )
            ver->model |= ((eax >> 16) & 0xf) << 4;
        ver->stepping = eax & 0xf;
    }
    ver->max_present = last_cpu(&cpu_present_map);
}

static long cpu_online_op(uint32_t cpu, bool online)
{
    if ( !online && cpu == 0 )
        return -EOPNOTSUPP;
    if ( cpu >= CONFIG_NR_CPUS || !cpumask_test_cpu(cpu, &cpu_present_map) )
        return -EINVAL;
    /* No CPU hotplug: a present CPU is online and stays so. */
    return cpu_is_online(cpu) ? (online ? 0 : -EOPNOTSUPP) : -EINVAL;
}

/*
 * XENPF_resource_op: entries are checked first; the batch runs up to the
 * first bad one.  The return value is the number done, or an error for
 * the batch.
 */
static long resource_op(const struct xenpf_resource_op *r)
{
    struct xenpf_resource_entry e[RESOURCE_ACCESS_MAX_ENTRIES];
    unsigned long uentries = guest_handle_addr(r->entries);
    unsigned int i, n = r->nr_entries, done;

    if ( n == 0 )
        return 0;
    if ( n > RESOURCE_ACCESS_MAX_ENTRIES )
        return -EINVAL;
    if ( copy_from_guest(e, uentries, n * sizeof(e[0])) )
        return -EFAULT;
    for ( done = 0; done < n; done++ )
    {
        int rc = 0;

        if ( e[done].rsvd )
            rc = -EINVAL;
        else if ( e[done].u.cmd == XEN_RESOURCE_OP_MSR_READ ||
                  e[done].u.cmd == XEN_RESOURCE_OP_MSR_WRITE )
            rc = e[done].idx >> 32 ? -EINVAL :
                 e[done].u.cmd == XEN_RESOURCE_OP_MSR_READ &&
                 e[done].idx == MSR_IA32_TSC ? 0 : -EPERM;
        else
            rc = -EOPNOTSUPP;
        if ( rc )
        {
            e[done].u.ret = rc;
            break;
        }
    }
    if ( done == 0 )
        return copy_to_guest(uentries, e, sizeof(e[0]));
    if ( !cpu_is_online(r->cpu) )
        return -ENODEV;
    /* Every CPU's TSC gives the same system time: read it here. */
    for ( i = 0; i < done; i++ )
        e[i].val = NOW();
    if ( copy_to_guest(uentries, e, min(done + 1, n) * sizeof(e[0])) )
        return -EFAULT;
    return done;
}

static long platform_op(struct xen_platform_op *op, size_t *out)
{
    switch ( op->cmd )
    {
    case XENPF_settime32:
        wallclock_set(op->u.settime32.secs, op->u.settime32.nsecs,
                      op->u.settime32.system_time);
        return 0;
    case XENPF_settime64:
        if ( op->u.settime64.mbz )
            return -EINVAL;
        wallclock_set(op->u.settime64.secs, op->u.settime64.nsecs,
                      op->u.settime64.system_time);
        return 0;
    case XENPF_read_memtype:
        *out = OP_FIELD_END(read_memtype);
        return read_memtype(&op->u.read_memtype);
    case XENPF_platform_quirk:
        switch ( op->u.platform_quirk.quirk_id )
        {
        case QUIRK_NOIRQBALANCING:      /* we never move IRQs */
        case QUIRK_IOAPIC_BAD_REGSEL:   /* we write IOREGSEL before every access */
        case QUIRK_IOAPIC_GOOD_REGSEL:
            return 0;
        default:
            return -EINVAL;
        }
    case XENPF_firmware_info:
        *out = OP_FIELD_END(firmware_info);
        return firmware_info(&op->u.firmware_info);
    case XENPF_enter_acpi_sleep:
        return enter_acpi_sleep(&op->u.enter_acpi_sleep);
    case XENPF_set_processor_pminfo:
        return set_pminfo(&op->u.set_pminfo);
    case XENPF_get_cpuinfo:
        *out = OP_FIELD_END(pcpu_info);
        get_cpuinfo(&op->u.pcpu_info);
        return 0;
    case XENPF_get_cpu_version:
        *out = OP_FIELD_END(pcpu_version);
        get_cpu_version(&op->u.pcpu_version);
        return 0;
    case XENPF_cpu_online:
    case XENPF_cpu_offline:
        return cpu_online_op(op->u.cpu_ol.cpuid, op->cmd == XENPF_cpu_online);
    case XENPF_resource_op:
        return resource_op(&op->u.resource_op);
    default:
        return -ENOSYS;
    }
}

long platform_op_run(struct xen_platform_op *op, size_t *out)
{
    long rc;

    *out = 0;
    if ( op->interface_version != XENPF_INTERFACE_VERSION )
        return -EACCES;
    if ( !is_hardware_domain(current->domain) )
        return -EPERM;

    spin_lock(&platform_lock);
    rc = platform_op(op, out);
    spin_unlock(&platform_lock);
    if ( rc < 0 )
        *out = 0;
    return rc;
}

long do_platform_op(struct hc_args *a)
{
    unsigned long uop = hc_ptr(a, 0);
    struct xen_platform_op op;
    size_t out;
    long rc;

    if ( copy_from_guest(&op, uop, sizeof(op)) )
        return -EFAULT;
    rc = platform_op_run(&op, &out);
    if ( out && copy_to_guest(uop, &op, out) )
        rc = -EFAULT;
    return rc;
}

/*
 * HYPERVISOR_xen_version and HYPERVISOR_vm_assist: what the hypervisor is,
 * and the optional behaviours a guest switches on.  Values and error codes
 * are Xen 4.17's.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/version.h>
#include <asm/guest_access.h>
#include <asm/pv-compat.h>
#include <public/version.h>

/*
 * XENFEAT_* bits of submap 0 for a 64-bit PV domain, as Xen 4.17 reports
 * them (see docs/pv.md for the ones whose hypercalls are still to come).
 */
static uint32_t pv_features(const struct domain *d)
{
    uint32_t f = (1u << XENFEAT_memory_op_vnode_supported) |
                 (1u << XENFEAT_mmu_pt_update_preserve_ad) |
                 (1u << XENFEAT_highmem_assist) |
                 (1u << XENFEAT_gnttab_map_avail_bits);

    if ( is_hardware_domain(d) )
        f |= 1u << XENFEAT_dom0;
    return f;
}

/* Copy a NUL-padded string of exactly size bytes to the guest. */
static long copy_string_out(unsigned long arg, const char *s, size_t size)
{
    char buf[1024];

    ASSERT(size <= sizeof(buf));
    memset(buf, 0, size);
    strlcpy(buf, s, size);
    return copy_to_guest(arg, buf, size);
}

long do_xen_version(struct hc_args *a)
{
    const struct domain *d = current->domain;
    unsigned long arg = hc_ptr(a, 1);

    switch ( hc_int(a, 0) )
    {
    case XENVER_version:
        return (XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR;

    case XENVER_extraversion:
        return copy_string_out(arg, XEN_EXTRAVERSION, sizeof(xen_extraversion_t));

    case XENVER_compile_info:
    {
        struct xen_compile_info info;

        memset(&info, 0, sizeof(info));
        strlcpy(info.compiler, XEN_COMPILER, sizeof(info.compiler));
        strlcpy(info.compile_by, "xh", sizeof(info.compile_by));
        strlcpy(info.compile_date, XEN_BUILD_DATE, sizeof(info.compile_date));
        return copy_to_guest(arg, &info, sizeof(info));
    }

    case XENVER_capabilities:
        /* 64-bit PV, and 32-bit PAE PV (arch/x86/pv/compat/). */
        return copy_string_out(arg, "xen-3.0-x86_64 xen-3.0-x86_32p",
                               sizeof(xen_capabilities_info_t));

    case XENVER_changeset:
        return copy_string_out(arg, "unavailable", sizeof(xen_changeset_info_t));

    case XENVER_platform_parameters:
    {
        struct xen_platform_parameters p = { .virt_start = HYPERVISOR_VIRT_START };

        return copy_to_guest(arg, &p, sizeof(p));
    }

    case XENVER_get_features:
    {
        struct xen_feature_info fi;

        if ( copy_from_guest(&fi, arg, sizeof(fi)) )
            return -EFAULT;
        if ( fi.submap_idx != 0 )
            return -EINVAL;
        fi.submap = pv_features(d);
        return copy_to_guest(arg, &fi, sizeof(fi));
    }

    case XENVER_pagesize:
        return arg ? -EINVAL : (long)PAGE_SIZE;

    case XENVER_guest_handle:
        return copy_to_guest(arg, d->handle, sizeof(xen_domain_handle_t));

    case XENVER_commandline:
        if ( !d->is_privileged )
            return -EPERM;
        return copy_string_out(arg, saved_cmdline, sizeof(xen_commandline_t));

    case XENVER_build_id:
    {
        struct xen_build_id id;

        if ( !d->is_privileged )
            return -EPERM;
        if ( arg )
        {
            if ( copy_from_guest(&id, arg, sizeof(id.len)) )
                return -EFAULT;
            if ( !id.len )
                return -EINVAL;
        }
        return -ENODATA;        /* the image is linked without a build id */
    }

    default:
        /* As Xen's XSM default: unknown sub-ops are the control domain's. */
        return d->is_privileged ? -ENOSYS : -EPERM;
    }
}

/*
 * VMASST_TYPE_* a PV guest may switch (Xen 4.17's masks: a 32-bit guest
 * has no m2p_strict); enabling one records it, the behaviours follow
 * with the features they modify.
 */
#define PV32_VM_ASSIST_MASK ((1UL << VMASST_TYPE_4gb_segments) |          \
                             (1UL << VMASST_TYPE_4gb_segments_notify) |   \
                             (1UL << VMASST_TYPE_writable_pagetables) |   \
                             (1UL << VMASST_TYPE_pae_extended_cr3) |      \
                             (1UL << VMASST_TYPE_architectural_iopl) |    \
                             (1UL << VMASST_TYPE_runstate_update_flag))
#define PV64_VM_ASSIST_MASK (PV32_VM_ASSIST_MASK |                        \
                             (1UL << VMASST_TYPE_m2p_strict))

long do_vm_assist(struct hc_args *a)
{
    struct domain *d = current->domain;
    unsigned int cmd = hc_uint(a, 0), type = hc_uint(a, 1);
    unsigned long valid = is_pv_32bit_domain(d) ? PV32_VM_ASSIST_MASK
                                                : PV64_VM_ASSIST_MASK;

    if ( type >= 64 || !(valid & (1UL << type)) )
        return -EINVAL;
    switch ( cmd )
    {
    case VMASST_CMD_enable:
        __atomic_fetch_or(&d->vm_assist, 1UL << type, __ATOMIC_SEQ_CST);
        return 0;
    case VMASST_CMD_disable:
        __atomic_fetch_and(&d->vm_assist, ~(1UL << type), __ATOMIC_SEQ_CST);
        return 0;
    default:
        return -ENOSYS;
    }
}

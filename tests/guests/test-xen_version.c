/*
 * xen_version: every sub-op answers, strings are terminated, the numbers
 * are consistent with the 64-bit PV ABI, and bad buffers give -EFAULT.
 */
#include "guest.h"

static const unsigned long bad_ptrs[] = { BAD_ADDRS };

/* NULL asks for the size; an image without a build id has none. */
static void check_build_id(char *buf, size_t size)
{
    struct xen_build_id *bid = (struct xen_build_id *)buf;
    long rc = HYPERVISOR_xen_version(XENVER_build_id, NULL);

    test_info("build id of %ld bytes", rc);
    CHECK(rc > 0 || rc == -XEN_ENODATA);
    if ( rc > 0 )
    {
        CHECK(rc <= (long)(size - sizeof(*bid)));
        bid->len = 0;
        CHECK_ERR(HYPERVISOR_xen_version(XENVER_build_id, bid), EINVAL);
        bid->len = rc - 1;
        CHECK_ERR(HYPERVISOR_xen_version(XENVER_build_id, bid), ENOBUFS);
        bid->len = size - sizeof(*bid);
        CHECK_EQ(HYPERVISOR_xen_version(XENVER_build_id, bid), rc);
    }
}

GUEST_TEST(xen_version)
{
    static char buf[XEN_CAPABILITIES_INFO_LEN] __aligned(8);
    static struct xen_compile_info ci;
    static xen_extraversion_t ev;
    static xen_changeset_info_t cs;
    static xen_platform_parameters_t pp;
    static xen_domain_handle_t h;
    struct xen_feature_info fi;
    long v;
    unsigned int i;

    v = HYPERVISOR_xen_version(XENVER_version, NULL);
    CHECK(v >> 16 >= 3);
    test_info("version %ld.%ld", v >> 16, v & 0xffff);

    CHECK_EQ(HYPERVISOR_xen_version(XENVER_extraversion, ev), 0);
    CHECK(strnlen(ev, sizeof(ev)) < sizeof(ev));
    CHECK_EQ(HYPERVISOR_xen_version(XENVER_compile_info, &ci), 0);
    CHECK(strnlen(ci.compiler, sizeof(ci.compiler)) < sizeof(ci.compiler));
    CHECK_EQ(HYPERVISOR_xen_version(XENVER_changeset, cs), 0);
    CHECK(strnlen(cs, sizeof(cs)) < sizeof(cs));

    CHECK_EQ(HYPERVISOR_xen_version(XENVER_capabilities, buf), 0);
    CHECK(strnlen(buf, sizeof(buf)) < sizeof(buf));
    CHECK(strstr(buf, "xen-3.0-x86_64"));

    CHECK_EQ(HYPERVISOR_xen_version(XENVER_platform_parameters, &pp), 0);
    CHECK_EQ(pp.virt_start, HYPERVISOR_VIRT_START);

    fi.submap_idx = 0;
    fi.submap = 0;
    CHECK_EQ(HYPERVISOR_xen_version(XENVER_get_features, &fi), 0);
    test_info("features[0] %#x", fi.submap);
    /* Only the hardware domain is told it is dom0. */
    CHECK_EQ(!!(fi.submap & (1U << XENFEAT_dom0)), IS_HWDOM());
    CHECK(!(fi.submap & (1U << XENFEAT_auto_translated_physmap)));
    /* Submaps past the last one are rejected, not zero-filled. */
    fi.submap_idx = XENFEAT_NR_SUBMAPS;
    CHECK_ERR(HYPERVISOR_xen_version(XENVER_get_features, &fi), EINVAL);

    CHECK_EQ(HYPERVISOR_xen_version(XENVER_pagesize, NULL), PAGE_SIZE);
    CHECK_EQ(HYPERVISOR_xen_version(XENVER_guest_handle, h), 0);
    for ( i = 0; i < sizeof(h); i++ )
        CHECK_EQ(h[i], 0);          /* dom0 has no toolstack-given UUID */

    /*
     * The command line, the build id and unknown sub-ops are the control
     * domain's (Xen's XSM default): -EPERM for any other.
     */
    if ( !IS_PRIVILEGED() )
    {
        CHECK_ERR(HYPERVISOR_xen_version(XENVER_commandline, buf), EPERM);
        CHECK_ERR(HYPERVISOR_xen_version(XENVER_build_id, NULL), EPERM);
        CHECK_ERR(HYPERVISOR_xen_version(0x7fff, buf), EPERM);
    }
    else
    {
        CHECK_EQ(HYPERVISOR_xen_version(XENVER_commandline, buf), 0);
        CHECK(strnlen(buf, sizeof(buf)) < sizeof(buf));
        CHECK(strstr(buf, "dom0_mem="));
        check_build_id(buf, sizeof(buf));
        CHECK_ERR(HYPERVISOR_xen_version(0x7fff, buf), ENOSYS);
    }

    for ( i = 0; i < ARRAY_SIZE(bad_ptrs); i++ )
    {
        void *p = (void *)bad_ptrs[i];

        CHECK_ERR(HYPERVISOR_xen_version(XENVER_extraversion, p), EFAULT);
        CHECK_ERR(HYPERVISOR_xen_version(XENVER_capabilities, p), EFAULT);
        CHECK_ERR(HYPERVISOR_xen_version(XENVER_get_features, p), EFAULT);
        CHECK_ERR(HYPERVISOR_xen_version(XENVER_platform_parameters, p),
                  EFAULT);
    }
    /* Sub-ops without a buffer ignore the pointer. */
    CHECK_EQ(HYPERVISOR_xen_version(XENVER_version, (void *)bad_ptrs[0]), v);
}

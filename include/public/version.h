/*
 * HYPERVISOR_xen_version(int cmd, void *arg): what the hypervisor is and
 * offers.  Any domain may call it, though the security policy may refuse
 * some sub-ops (-XEN_EPERM).  Sub-ops return 0 on success except
 * XENVER_version, XENVER_pagesize and XENVER_build_id, which return their
 * value.
 */
#ifndef XEN_PUBLIC_VERSION_H
#define XEN_PUBLIC_VERSION_H

#include "xen.h"

/* XENVER_version (arg NULL): returns (major << 16) | minor. */
#define XENVER_version      0

/* XENVER_extraversion (arg xen_extraversion_t, OUT): e.g. ".0", NUL-terminated. */
#define XENVER_extraversion 1
typedef char xen_extraversion_t[16];
#define XEN_EXTRAVERSION_LEN (sizeof(xen_extraversion_t))

/* XENVER_compile_info (arg struct xen_compile_info, OUT): build details. */
#define XENVER_compile_info 2
struct xen_compile_info {
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
};
typedef struct xen_compile_info xen_compile_info_t;

/*
 * XENVER_capabilities (arg xen_capabilities_info_t, OUT): the guest types
 * the hypervisor runs, space separated, e.g. "xen-3.0-x86_64
 * xen-3.0-x86_32p".
 */
#define XENVER_capabilities 3
typedef char xen_capabilities_info_t[1024];
#define XEN_CAPABILITIES_INFO_LEN (sizeof(xen_capabilities_info_t))

/* XENVER_changeset (arg xen_changeset_info_t, OUT): source revision. */
#define XENVER_changeset 4
typedef char xen_changeset_info_t[64];
#define XEN_CHANGESET_INFO_LEN (sizeof(xen_changeset_info_t))

/*
 * XENVER_platform_parameters (arg struct xen_platform_parameters, OUT):
 * where the hypervisor's reserved area begins in the caller's address
 * space.
 */
#define XENVER_platform_parameters 5
struct xen_platform_parameters {
    xen_ulong_t virt_start;
};
typedef struct xen_platform_parameters xen_platform_parameters_t;

/* XENVER_get_features (arg struct xen_feature_info): one word of XENFEAT_* bits. */
#define XENVER_get_features 6
struct xen_feature_info {
    unsigned int submap_idx;    /* IN: which 32-bit word (0..XENFEAT_NR_SUBMAPS-1) */
    uint32_t     submap;        /* OUT: bit n = feature 32 * submap_idx + n */
};
typedef struct xen_feature_info xen_feature_info_t;

#include "features.h"

/* XENVER_pagesize (arg NULL): returns the page size (4096). */
#define XENVER_pagesize 7

/*
 * XENVER_guest_handle (arg xen_domain_handle_t, OUT): the caller's
 * handle as the toolstack set it (normally its UUID).
 */
#define XENVER_guest_handle 8

/* XENVER_commandline (arg xen_commandline_t, OUT): the hypervisor's command line. */
#define XENVER_commandline 9
typedef char xen_commandline_t[1024];

/*
 * XENVER_build_id (arg struct xen_build_id): the hypervisor's build id.
 * Returns its length in bytes.  With a NULL arg only that length is
 * returned; len 0 gives -XEN_EINVAL, len too small -XEN_ENOBUFS.
 * Callers may be refused (-XEN_EPERM).
 */
#define XENVER_build_id 10
struct xen_build_id {
    uint32_t        len;                    /* IN: size of buf */
    unsigned char   buf[XEN_FLEX_ARRAY_DIM]; /* OUT */
};
typedef struct xen_build_id xen_build_id_t;

#endif /* XEN_PUBLIC_VERSION_H */

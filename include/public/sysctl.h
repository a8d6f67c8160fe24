/*
 * HYPERVISOR_sysctl(struct xen_sysctl *op): machine-wide queries and
 * controls for the control domain's toolstack (Xen 4.17's interface 0x15).
 *
 * The caller fills cmd, interface_version = XEN_SYSCTL_INTERFACE_VERSION
 * and the IN fields of the command's member of u; the hypervisor writes
 * the whole structure back when the command has OUT fields.  Whatever
 * the command, the structure is 136 bytes (128 for u plus the header).
 * Only the toolstack (__XEN_TOOLS__) and the hypervisor see it.
 *
 * Of Xen's commands only physinfo and getdomaininfolist are described
 * here: the ones this hypervisor implements.
 */
#ifndef XEN_PUBLIC_SYSCTL_H
#define XEN_PUBLIC_SYSCTL_H

#include "xen.h"

#if defined(__XEN__) || defined(__XEN_TOOLS__)

#define XEN_SYSCTL_INTERFACE_VERSION 0x00000015

/*
 * XEN_SYSCTL_physinfo: the host.  All fields are OUT.  Page counts are
 * of 4 KiB machine frames: total_pages of RAM, free_pages not owned by
 * anyone; max_mfn is the highest frame number that can exist.
 */
#define XEN_SYSCTL_physinfo 3

/* capabilities: what guests the host can run and how. */
#define XEN_SYSCTL_PHYSCAP_hvm                  (1u << 0)
#define XEN_SYSCTL_PHYSCAP_pv                   (1u << 1)
#define XEN_SYSCTL_PHYSCAP_directio             (1u << 2)  /* IOMMU pass-through */
#define XEN_SYSCTL_PHYSCAP_hap                  (1u << 3)
#define XEN_SYSCTL_PHYSCAP_shadow               (1u << 4)
#define XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share   (1u << 5)
#define XEN_SYSCTL_PHYSCAP_vmtrace              (1u << 6)
#define XEN_SYSCTL_PHYSCAP_vpmu                 (1u << 7)
#define XEN_SYSCTL_PHYSCAP_gnttab_v1            (1u << 8)
#define XEN_SYSCTL_PHYSCAP_gnttab_v2            (1u << 9)
#define XEN_SYSCTL_PHYSCAP_MAX                  XEN_SYSCTL_PHYSCAP_gnttab_v2

struct xen_sysctl_physinfo {
    uint32_t threads_per_core;
    uint32_t cores_per_socket;
    uint32_t nr_cpus;               /* online */
    uint32_t max_cpu_id;            /* highest possible CPU number */
    uint32_t nr_nodes;              /* NUMA nodes online */
    uint32_t max_node_id;
    uint32_t cpu_khz;
    uint32_t capabilities;          /* XEN_SYSCTL_PHYSCAP_* */
    uint32_t arch_capabilities;     /* none defined for x86 */
    uint32_t pad;
    uint64_aligned_t total_pages;
    uint64_aligned_t free_pages;
    uint64_aligned_t scrub_pages;
    uint64_aligned_t outstanding_pages; /* claimed, not yet allocated */
    uint64_aligned_t max_mfn;
    uint32_t hw_cap[8];             /* x86: CPUID feature words */
};
typedef struct xen_sysctl_physinfo xen_sysctl_physinfo_t;

/*
 * One domain's state, as XEN_SYSCTL_getdomaininfolist (and Xen's
 * XEN_DOMCTL_getdomaininfo, in Xen's domctl.h) report it.  All OUT.
 * flags: the XEN_DOMINF_* bits, and the guest's shutdown reason
 * (SHUTDOWN_*) in bits 16..23 once it asked to shut down.
 */
#define XEN_DOMINF_dying        (1u << 0)   /* being destroyed */
#define XEN_DOMINF_hvm_guest    (1u << 1)
#define XEN_DOMINF_shutdown     (1u << 2)   /* shut down: its vCPUs stopped */
#define XEN_DOMINF_paused       (1u << 3)   /* paused by the toolstack */
#define XEN_DOMINF_blocked      (1u << 4)   /* every online vCPU blocked */
#define XEN_DOMINF_running      (1u << 5)   /* a vCPU is on a CPU */
#define XEN_DOMINF_debugged     (1u << 6)
#define XEN_DOMINF_xs_domain    (1u << 7)   /* runs XenStore */
#define XEN_DOMINF_hap          (1u << 8)
#define XEN_DOMINF_shutdownmask 255
#define XEN_DOMINF_shutdownshift 16
#define XEN_INVALID_MAX_VCPU_ID (~0u)       /* max_vcpu_id of a domain without vCPUs */

struct xen_domctl_getdomaininfo {
    domid_t  domain;
    uint16_t pad1;
    uint32_t flags;                 /* XEN_DOMINF_* */
    uint64_aligned_t tot_pages;
    uint64_aligned_t max_pages;
    uint64_aligned_t outstanding_pages;
    uint64_aligned_t shr_pages;
    uint64_aligned_t paged_pages;
    uint64_aligned_t shared_info_frame; /* the guest's frame of its shared_info */
    uint64_aligned_t cpu_time;      /* ns its vCPUs ran */
    uint32_t nr_online_vcpus;
    uint32_t max_vcpu_id;
    uint32_t ssidref;
    xen_domain_handle_t handle;
    uint32_t cpupool;
    uint8_t gpaddr_bits;
    uint8_t pad2[7];
    struct xen_arch_domainconfig arch_config;
};
typedef struct xen_domctl_getdomaininfo xen_domctl_getdomaininfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_getdomaininfo_t);

/*
 * XEN_SYSCTL_getdomaininfolist: up to max_domains entries, in increasing
 * domain id from first_domain, into buffer; num_domains (OUT) says how
 * many were written.  The toolstack's way to list domains (xl list) and
 * to learn which one changed state after VIRQ_DOM_EXC.
 */
#define XEN_SYSCTL_getdomaininfolist 6

struct xen_sysctl_getdomaininfolist {
    domid_t first_domain;
    uint32_t max_domains;
    XEN_GUEST_HANDLE_64(xen_domctl_getdomaininfo_t) buffer;
    uint32_t num_domains;
};
typedef struct xen_sysctl_getdomaininfolist xen_sysctl_getdomaininfolist_t;

struct xen_sysctl {
    uint32_t cmd;
    uint32_t interface_version;     /* XEN_SYSCTL_INTERFACE_VERSION */
    union {
        struct xen_sysctl_physinfo physinfo;
        struct xen_sysctl_getdomaininfolist getdomaininfolist;
        uint8_t pad[128];
    } u;
};
typedef struct xen_sysctl xen_sysctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_t);

#endif /* __XEN__ || __XEN_TOOLS__ */

#endif /* XEN_PUBLIC_SYSCTL_H */

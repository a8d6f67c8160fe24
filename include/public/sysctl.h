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
 * Of Xen's commands only physinfo is described here: the one this
 * hypervisor implements.
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

struct xen_sysctl {
    uint32_t cmd;
    uint32_t interface_version;     /* XEN_SYSCTL_INTERFACE_VERSION */
    union {
        struct xen_sysctl_physinfo physinfo;
        uint8_t pad[128];
    } u;
};
typedef struct xen_sysctl xen_sysctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_t);

#endif /* __XEN__ || __XEN_TOOLS__ */

#endif /* XEN_PUBLIC_SYSCTL_H */

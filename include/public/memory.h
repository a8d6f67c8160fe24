/*
 * HYPERVISOR_memory_op(unsigned int cmd, void *arg): a domain's memory:
 * growing and shrinking it, the machine-to-phys table, memory maps and
 * the guest physical map of translated guests.
 *
 * cmd bits 0..5 are the XENMEM_* sub-op; the bits above are reserved for
 * the hypervisor's continuation of a preempted call, so a guest passes 0
 * there.
 *
 * Frame-number vocabulary: an MFN is a machine frame; a GPFN (or PFN) is
 * a frame of the guest's pseudo-physical space; a GMFN is whatever frame
 * number the guest uses in its page tables (the MFN for PV guests, the
 * GPFN for translated ones).
 */
#ifndef XEN_PUBLIC_MEMORY_H
#define XEN_PUBLIC_MEMORY_H

#include "xen.h"
#include "physdev.h"

/*
 * XENMEM_increase_reservation, XENMEM_decrease_reservation,
 * XENMEM_populate_physmap: arg is a struct xen_memory_reservation.
 * Return the number of extents handled (which may be fewer than asked
 * for), or -XEN_E*.  Preemptible.
 */
#define XENMEM_increase_reservation 0
#define XENMEM_decrease_reservation 1
#define XENMEM_populate_physmap     6

/* xen_memory_reservation.mem_flags */
/* Bits 0..7: the allocated frames must lie below 2^bits (0 = anywhere). */
#define XENMEMF_address_bits(x)     (x)
#define XENMEMF_get_address_bits(x) ((x) & 0xffu)
/* Bits 8..15: NUMA node + 1 to allocate from (0 = any). */
#define XENMEMF_node(x)     (((x) + 1) << 8)
#define XENMEMF_get_node(x) ((((x) >> 8) - 1) & 0xffu)
/* Populate with populate-on-demand entries (translated guests). */
#define XENMEMF_populate_on_demand (1 << 16)
/* Allocate from the named node only. */
#define XENMEMF_exact_node_request  (1 << 17)
#define XENMEMF_exact_node(n) (XENMEMF_node(n) | XENMEMF_exact_node_request)
/* The node named is a virtual (vNUMA) node. */
#define XENMEMF_vnode  (1 << 18)

struct xen_memory_reservation {
    /*
     * increase_reservation:  OUT: MFNs of the extents allocated.
     * decrease_reservation:  IN:  GMFNs of the extents to free.
     * populate_physmap:      IN:  GPFNs to fill; OUT: GMFNs placed there
     *                        (for PV guests the M2P is updated too).
     * claim_pages:           must be empty.
     */
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start;

    xen_ulong_t    nr_extents;      /* IN: number of extents */
    unsigned int   extent_order;    /* IN: each extent is 2^order pages */
    unsigned int   mem_flags;       /* IN: XENMEMF_* */
    domid_t        domid;           /* IN: DOMID_SELF unless privileged */
};
typedef struct xen_memory_reservation xen_memory_reservation_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_reservation_t);

/*
 * XENMEM_exchange (PV only): trade the extents in 'in' for newly
 * allocated extents described by 'out', atomically per extent.  Returns 0
 * when everything was exchanged; otherwise -XEN_E*, with nr_exchanged
 * saying how many input extents were traded (those and the matching
 * output entries are done, the rest untouched).
 */
#define XENMEM_exchange             11
struct xen_memory_exchange {
    /* IN: GMFNs to give up (address bits are ignored). */
    struct xen_memory_reservation in;
    /*
     * IN/OUT: what to get back.  Same domid as 'in'; the same number of
     * pages in total (nr_extents << extent_order); extent lists must not
     * overlap.  extent_start holds GPFNs to fill, overwritten with the
     * new GMFNs.
     */
    struct xen_memory_reservation out;
    /* OUT: input extents exchanged.  The caller must set it to 0. */
    xen_ulong_t nr_exchanged;
};
typedef struct xen_memory_exchange xen_memory_exchange_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_exchange_t);

/* XENMEM_maximum_ram_page: arg NULL; returns the highest RAM MFN.  Never fails. */
#define XENMEM_maximum_ram_page     2

/* The argument of the sub-ops that only name a domain. */
struct xen_memory_domain {
    domid_t domid;              /* IN: DOMID_SELF or another domain */
};

/*
 * XENMEM_current_reservation, XENMEM_maximum_reservation: arg is a
 * struct xen_memory_domain; return the domain's current or maximum size
 * in pages.
 */
#define XENMEM_current_reservation  3
#define XENMEM_maximum_reservation  4

/*
 * XENMEM_maximum_gpfn: arg is a struct xen_memory_domain; returns the
 * highest GPFN the domain uses.
 */
#define XENMEM_maximum_gpfn         14

/*
 * XENMEM_machphys_mfn_list: the machine frames of the M2P table, one per
 * 2 MiB of it (a 0 entry stands for a hole).
 */
#define XENMEM_machphys_mfn_list    5
struct xen_machphys_mfn_list {
    unsigned int max_extents;   /* IN: room in extent_start */
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start; /* OUT: MFN of each 2 MiB chunk */
    unsigned int nr_extents;    /* OUT: entries written */
};
typedef struct xen_machphys_mfn_list xen_machphys_mfn_list_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mfn_list_t);

/*
 * XENMEM_machphys_compat_mfn_list: as above, but for the 32-bit guests'
 * M2P (for a 32-bit caller it is the same as XENMEM_machphys_mfn_list).
 */
#define XENMEM_machphys_compat_mfn_list     25

/* XENMEM_machphys_mapping: where the M2P is mapped in the caller's address space. */
#define XENMEM_machphys_mapping     12
struct xen_machphys_mapping {
    xen_ulong_t v_start, v_end; /* OUT: virtual range */
    xen_ulong_t max_mfn;        /* OUT: highest MFN with an entry */
};
typedef struct xen_machphys_mapping xen_machphys_mapping_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mapping_t);

/* Spaces that XENMEM_add_to_physmap maps from. */
#define XENMAPSPACE_shared_info  0  /* the shared-info page */
#define XENMAPSPACE_grant_table  1  /* a grant table frame */
#define XENMAPSPACE_gmfn         2  /* another frame of the domain */
#define XENMAPSPACE_gmfn_range   3  /* 'size' frames (add_to_physmap only) */
#define XENMAPSPACE_gmfn_foreign 4  /* a frame of another domain (batch only) */
#define XENMAPSPACE_dev_mmio     5  /* device MMIO (Arm only) */

/*
 * XENMEM_add_to_physmap (translated guests): make frame 'idx' of 'space'
 * appear at 'gpfn' in domid's physical map.
 */
#define XENMEM_add_to_physmap      7
struct xen_add_to_physmap {
    domid_t domid;              /* IN */
    uint16_t    size;           /* IN: frames, for XENMAPSPACE_gmfn_range */
    unsigned int space;         /* IN: XENMAPSPACE_* */
#define XENMAPIDX_grant_table_status 0x80000000 /* grant_table idx: a status frame */
    xen_ulong_t idx;            /* IN: index within the space */
    xen_pfn_t     gpfn;         /* IN: where it appears */
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_t);

/* XENMEM_add_to_physmap_batch: many of the above; errors per entry. */
#define XENMEM_add_to_physmap_batch 23
struct xen_add_to_physmap_batch {
    domid_t domid;              /* IN */
    uint16_t space;             /* IN: XENMAPSPACE_* */
    uint16_t size;              /* IN: entries */
    union xen_add_to_physmap_batch_extra {
        domid_t foreign_domid;  /* IN: XENMAPSPACE_gmfn_foreign */
        uint16_t res0;          /* IN: other spaces: 0 */
    } u;
    XEN_GUEST_HANDLE(xen_ulong_t) idxs;     /* IN: indexes into the space */
    XEN_GUEST_HANDLE(xen_pfn_t) gpfns;      /* IN: where each appears */
    XEN_GUEST_HANDLE(int) errs;             /* OUT: per-entry result */
};
typedef struct xen_add_to_physmap_batch xen_add_to_physmap_batch_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_batch_t);

/* XENMEM_remove_from_physmap (translated guests): unmap whatever is at gpfn. */
#define XENMEM_remove_from_physmap      15
struct xen_remove_from_physmap {
    domid_t domid;              /* IN */
    xen_pfn_t     gpfn;         /* IN */
};
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_remove_from_physmap_t);

/* Number 8 (translate_gpfn_list) is retired. */

/*
 * XENMEM_memory_map: the caller's pseudo-physical memory map, E820
 * style (20-byte entries: u64 addr, u64 size, u32 type), as the toolstack
 * set it, or as the hypervisor made it for dom0.
 */
#define XENMEM_memory_map           9
struct xen_memory_map {
    unsigned int nr_entries;    /* IN: room in buffer; OUT: entries written */
    XEN_GUEST_HANDLE(void) buffer; /* OUT: E820 entries */
};
typedef struct xen_memory_map xen_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_map_t);

/*
 * XENMEM_machine_memory_map (privileged): the host's E820 map, same
 * structure.  With a NULL buffer only the number of entries is returned.
 */
#define XENMEM_machine_memory_map   10

/* XENMEM_set_memory_map (toolstack): set domid's map for XENMEM_memory_map. */
#define XENMEM_set_memory_map       13
struct xen_foreign_memory_map {
    domid_t domid;              /* IN */
    struct xen_memory_map map;  /* IN */
};
typedef struct xen_foreign_memory_map xen_foreign_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_foreign_memory_map_t);

/* XENMEM_set_pod_target, XENMEM_get_pod_target: populate-on-demand (HVM). */
#define XENMEM_set_pod_target       16
#define XENMEM_get_pod_target       17
struct xen_pod_target {
    uint64_t target_pages;      /* IN */
    uint64_t tot_pages;         /* OUT */
    uint64_t pod_cache_pages;   /* OUT */
    uint64_t pod_entries;       /* OUT */
    domid_t domid;              /* IN */
};
typedef struct xen_pod_target xen_pod_target_t;

#if defined(__XEN__) || defined(__XEN_TOOLS__)
/*
 * Toolstack-only sub-ops whose structures we do not carry (paging,
 * access, sharing): their numbers are reserved here.
 */
#define XENMEM_get_sharing_freed_pages    18
#define XENMEM_get_sharing_shared_pages   19
#define XENMEM_paging_op                  20
#define XENMEM_access_op                  21
#define XENMEM_sharing_op                 22

/*
 * XENMEM_claim_pages (privileged): reserve, without allocating, pages for
 * a domain about to be built (arg a xen_memory_reservation with
 * nr_extents pages and no extent list).  0 releases a claim.
 */
#define XENMEM_claim_pages                24

/*
 * XENMEM_reserved_device_memory_map: guest-physical ranges that devices
 * need kept free (RMRRs and the like).
 */
#define XENMEM_reserved_device_memory_map 27
struct xen_reserved_device_memory {
    xen_pfn_t start_pfn;
    xen_ulong_t nr_pages;
};
typedef struct xen_reserved_device_memory xen_reserved_device_memory_t;
DEFINE_XEN_GUEST_HANDLE(xen_reserved_device_memory_t);

struct xen_reserved_device_memory_map {
#define XENMEM_RDM_ALL 1        /* all ranges, whatever dev says */
    uint32_t flags;             /* IN: XENMEM_RDM_* */
    /* IN: room in buffer; OUT: entries (set to the need with -XEN_ERANGE). */
    unsigned int nr_entries;
    XEN_GUEST_HANDLE(xen_reserved_device_memory_t) buffer; /* OUT */
    union {
        physdev_pci_device_t pci;
    } dev;                      /* IN: the device asked about */
};
typedef struct xen_reserved_device_memory_map xen_reserved_device_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_reserved_device_memory_map_t);
#endif /* __XEN__ || __XEN_TOOLS__ */

/*
 * XENMEM_acquire_resource: obtain the frames of a resource of 'domid'
 * (its grant table, an ioreq server's pages, ...) so that a tools domain
 * can map them.  With nr_frames == 0 and a NULL frame_list, returns the
 * resource's size in nr_frames instead.
 */
#define XENMEM_acquire_resource 28
struct xen_mem_acquire_resource {
    domid_t domid;              /* IN */
    uint16_t type;              /* IN: XENMEM_resource_* */
#define XENMEM_resource_ioreq_server 0
#define XENMEM_resource_grant_table 1
#define XENMEM_resource_vmtrace_buf 2
    /* IN: which one of the type; ioreq server id, or as below; else 0. */
    uint32_t id;
#define XENMEM_resource_grant_table_id_shared 0
#define XENMEM_resource_grant_table_id_status 1
    uint32_t nr_frames;         /* IN: frames wanted; OUT: size (query) */
    uint32_t pad;               /* must be 0 */
    uint64_t frame;             /* IN: first frame of the resource */
#define XENMEM_resource_ioreq_server_frame_bufioreq 0
#define XENMEM_resource_ioreq_server_frame_ioreq(n) (1 + (n))
    /*
     * PV caller, OUT: the MFNs of the resource.  HVM caller, IN: the GFNs
     * at which to map it (-XEN_EIO: partly mapped; the caller unmaps).
     */
    XEN_GUEST_HANDLE(xen_pfn_t) frame_list;
};
typedef struct xen_mem_acquire_resource xen_mem_acquire_resource_t;
DEFINE_XEN_GUEST_HANDLE(xen_mem_acquire_resource_t);

/* XENMEM_get_vnumainfo: the guest's virtual NUMA topology. */
#define XENMEM_get_vnumainfo                26

struct xen_vmemrange {
    uint64_t start, end;        /* guest physical range */
    unsigned int flags;
    unsigned int nid;           /* vNUMA node */
};
typedef struct xen_vmemrange xen_vmemrange_t;
DEFINE_XEN_GUEST_HANDLE(xen_vmemrange_t);

/*
 * The three counts are IN (room in the arrays) and OUT (the real
 * numbers); when some array is too small the call fails and the counts
 * say what is needed.
 */
struct xen_vnuma_topology_info {
    domid_t domid;              /* IN */
    uint16_t pad;
    unsigned int nr_vnodes;
    unsigned int nr_vcpus;
    unsigned int nr_vmemranges;
    union {
        XEN_GUEST_HANDLE(uint) h;
        uint64_t pad;
    } vdistance;                /* OUT: nr_vnodes^2 distances */
    union {
        XEN_GUEST_HANDLE(uint) h;
        uint64_t pad;
    } vcpu_to_vnode;            /* OUT: node of each vCPU */
    union {
        XEN_GUEST_HANDLE(xen_vmemrange_t) h;
        uint64_t pad;
    } vmemrange;                /* OUT: the memory ranges */
};
typedef struct xen_vnuma_topology_info xen_vnuma_topology_info_t;
DEFINE_XEN_GUEST_HANDLE(xen_vnuma_topology_info_t);

#endif /* XEN_PUBLIC_MEMORY_H */

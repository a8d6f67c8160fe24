/*
 * Grant tables: how a domain lets another domain use some of its pages.
 *
 * Each domain (the granter) keeps a table of grant entries in pages it
 * shares with the hypervisor.  An entry says "domain D may access my frame
 * F (read-only or not)", or "domain D may transfer one frame to me".  The
 * index of an entry is a grant reference; the granter hands it to the
 * grantee out of band (usually through XenStore), and the grantee names
 * <granter, ref> in GNTTABOP_* calls to map, copy or transfer.  The split
 * drivers (netfront/back, blkfront/back, console) are built on this.
 *
 * Updating a table entry safely (GST = written by the granter, XEN = by
 * the hypervisor):
 *  - to grant: write domid, then frame, then (after a write barrier)
 *    flags with the entry type;
 *  - to revoke an unused access grant: read flags, check that neither
 *    GTF_reading nor GTF_writing is set, and cmpxchg flags to 0; failure
 *    means a mapping appeared meanwhile;
 *  - an access grant that is in use cannot be revoked;
 *  - to revoke a transfer grant that is not GTF_transfer_committed: same
 *    cmpxchg; once committed, wait for GTF_transfer_completed, after which
 *    frame holds the transferred page;
 *  - to make an access grant read-only: cmpxchg in GTF_readonly while
 *    GTF_writing is clear; to make it writable: atomically clear the bit.
 *
 * HYPERVISOR_grant_table_op(unsigned int cmd, void *args, unsigned int
 * count): args is an array of 'count' structs of the command's type.
 * Errors of individual entries are reported in their 'status' field
 * (GNTST_*); the call itself fails only for bad arguments as a whole.
 */
#ifndef XEN_PUBLIC_GRANT_TABLE_H
#define XEN_PUBLIC_GRANT_TABLE_H

#include "xen.h"

/* Index of an entry in the granter's table. */
typedef uint32_t grant_ref_t;

/* A version 1 grant entry; the table is a packed array of them. */
struct grant_entry_v1 {
    uint16_t flags;             /* XEN, GST: GTF_* type and state */
    domid_t  domid;             /* GST: the grantee */
    /*
     * GST, GTF_permit_access: the frame the grantee may access.
     * GST, GTF_accept_transfer: the frame slot to receive a page.
     * XEN, GTF_transfer_completed: the frame that arrived (PV only).
     */
    uint32_t frame;
};
typedef struct grant_entry_v1 grant_entry_v1_t;

/*
 * Entries kept across table version changes, which the toolstack may
 * fill before the guest starts: the console ring and the XenStore ring.
 */
#define GNTTAB_NR_RESERVED_ENTRIES     8
#define GNTTAB_RESERVED_CONSOLE        0
#define GNTTAB_RESERVED_XENSTORE       1

/* Entry types (flags bits 0..1). */
#define GTF_invalid         (0U << 0)   /* grants nothing */
#define GTF_permit_access   (1U << 0)   /* domid may map/copy frame */
#define GTF_accept_transfer (2U << 0)   /* domid may give us a frame */
#define GTF_transitive      (3U << 0)   /* domid may use another grant (v2) */
#define GTF_type_mask       (3U << 0)

/*
 * State bits of GTF_permit_access and GTF_transitive entries.
 *   GTF_readonly  GST: read-only access only.
 *   GTF_reading   XEN: the grantee has the frame mapped or is copying from it.
 *   GTF_writing   XEN: the grantee has it mapped writable or is copying to it.
 * Further GTF_permit_access bits (GST):
 *   GTF_PWT, GTF_PCD, GTF_PAT: cache attributes for the grantee's mappings.
 *   GTF_sub_page: only a part of the frame is granted, for copying, never
 *                 mapping (v2 sub_page entries).
 */
#define _GTF_readonly       (2)
#define GTF_readonly        (1U << _GTF_readonly)
#define _GTF_reading        (3)
#define GTF_reading         (1U << _GTF_reading)
#define _GTF_writing        (4)
#define GTF_writing         (1U << _GTF_writing)
#define _GTF_PWT            (5)
#define GTF_PWT             (1U << _GTF_PWT)
#define _GTF_PCD            (6)
#define GTF_PCD             (1U << _GTF_PCD)
#define _GTF_PAT            (7)
#define GTF_PAT             (1U << _GTF_PAT)
#define _GTF_sub_page       (8)
#define GTF_sub_page        (1U << _GTF_sub_page)

/*
 * State bits of GTF_accept_transfer entries (XEN).
 *   GTF_transfer_committed: a transfer is under way; the granter must not
 *       touch the entry until GTF_transfer_completed appears (soon; it may
 *       spin).
 *   GTF_transfer_completed: frame now holds the transferred page.
 */
#define _GTF_transfer_committed (2)
#define GTF_transfer_committed  (1U << _GTF_transfer_committed)
#define _GTF_transfer_completed (3)
#define GTF_transfer_completed  (1U << _GTF_transfer_completed)

/*
 * Version 2 entries: 16 bytes, with the status bits (GTF_reading and
 * GTF_writing) moved out to separate status frames of grant_status_t.
 * A table holds entries of one version only; grantees do not need to
 * know which.
 */
struct grant_entry_header {
    uint16_t flags;
    domid_t  domid;
};
typedef struct grant_entry_header grant_entry_header_t;

union grant_entry_v2 {
    grant_entry_header_t hdr;

    /* GTF_accept_transfer, or GTF_permit_access without GTF_sub_page. */
    struct {
        grant_entry_header_t hdr;
        uint32_t pad0;
        uint64_t frame;
    } full_page;

    /* GTF_permit_access with GTF_sub_page: bytes [page_off, page_off + length). */
    struct {
        grant_entry_header_t hdr;
        uint16_t page_off;
        uint16_t length;
        uint64_t frame;
    } sub_page;

    /*
     * GTF_transitive: hdr.domid may use grant 'gref' of 'trans_domid' as
     * if it were this entry (copy only; never mapped).
     */
    struct {
        grant_entry_header_t hdr;
        domid_t trans_domid;
        uint16_t pad0;
        grant_ref_t gref;
    } transitive;

    uint32_t __spacer[4];       /* size is a power of two */
};
typedef union grant_entry_v2 grant_entry_v2_t;

typedef uint16_t grant_status_t;

#define GNTTABOP_map_grant_ref        0
#define GNTTABOP_unmap_grant_ref      1
#define GNTTABOP_setup_table          2
#define GNTTABOP_dump_table           3
#define GNTTABOP_transfer             4
#define GNTTABOP_copy                 5
#define GNTTABOP_query_size           6
#define GNTTABOP_unmap_and_replace    7
#define GNTTABOP_set_version          8
#define GNTTABOP_get_status_frames    9
#define GNTTABOP_get_version          10
#define GNTTABOP_swap_grant_ref       11
#define GNTTABOP_cache_flush          12

/* Names one mapping made by GNTTABOP_map_grant_ref. */
typedef uint32_t grant_handle_t;

/*
 * GNTTABOP_map_grant_ref: map grant <dom, ref> for the caller.
 *  - GNTMAP_host_map: for the CPU, at virtual address host_addr in the
 *    current page tables, or (GNTMAP_contains_pte) by writing the L1
 *    entry at machine address host_addr;
 *  - GNTMAP_device_map: for DMA; dev_bus_addr returns the bus address.
 * On success 'handle' names the mapping for GNTTABOP_unmap_grant_ref;
 * only that call may remove it (a host mapping torn down otherwise is
 * not tracked back to the grant).
 */
struct gnttab_map_grant_ref {
    uint64_t host_addr;         /* IN: virtual address or PTE machine address */
    uint32_t flags;             /* IN: GNTMAP_* */
    grant_ref_t ref;            /* IN */
    domid_t  dom;               /* IN: granter */
    int16_t  status;            /* OUT: GNTST_* */
    grant_handle_t handle;      /* OUT */
    uint64_t dev_bus_addr;      /* OUT */
};
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_map_grant_ref_t);

/*
 * GNTTABOP_unmap_grant_ref: remove the mapping(s) made under 'handle'.
 * host_addr and dev_bus_addr are each ignored when 0, and otherwise must
 * be the ones the mapping was made with.  No stale TLB entries remain
 * when the batch returns.
 */
struct gnttab_unmap_grant_ref {
    uint64_t host_addr;         /* IN */
    uint64_t dev_bus_addr;      /* IN */
    grant_handle_t handle;      /* IN */
    int16_t  status;            /* OUT: GNTST_* */
};
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_grant_ref_t);

/*
 * GNTTABOP_setup_table: grow dom's table to at least nr_frames frames and
 * return the first nr_frames frame numbers in frame_list, for the guest
 * to map.  dom is DOMID_SELF unless the caller is privileged.
 */
struct gnttab_setup_table {
    domid_t  dom;               /* IN */
    uint32_t nr_frames;         /* IN */
    int16_t  status;            /* OUT: GNTST_* */
    XEN_GUEST_HANDLE(xen_pfn_t) frame_list; /* OUT: nr_frames entries */
};
typedef struct gnttab_setup_table gnttab_setup_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_setup_table_t);

/* GNTTABOP_dump_table: print dom's table on the hypervisor console (debug). */
struct gnttab_dump_table {
    domid_t dom;                /* IN */
    int16_t status;             /* OUT: GNTST_* */
};
typedef struct gnttab_dump_table gnttab_dump_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_dump_table_t);

/*
 * GNTTABOP_transfer (PV only): give frame 'mfn' to 'domid', which offered
 * a GTF_accept_transfer entry 'ref'.  The caller loses the frame even if
 * the transfer fails, except with GNTST_bad_page.
 */
struct gnttab_transfer {
    xen_pfn_t     mfn;          /* IN */
    domid_t       domid;        /* IN */
    grant_ref_t   ref;          /* IN */
    int16_t       status;       /* OUT: GNTST_* */
};
typedef struct gnttab_transfer gnttab_transfer_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_transfer_t);

/*
 * GNTTABOP_copy: the hypervisor copies 'len' bytes from source to dest.
 * Each side is either a frame of the caller's (u.gmfn) or a grant of
 * another domain (u.ref, with GNTCOPY_source_gref / GNTCOPY_dest_gref),
 * plus an offset; neither side may cross its page.  This is how netback
 * moves packets without mapping guest pages.
 */
#define _GNTCOPY_source_gref      (0)
#define GNTCOPY_source_gref       (1 << _GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref        (1)
#define GNTCOPY_dest_gref         (1 << _GNTCOPY_dest_gref)

struct gnttab_copy {
    struct gnttab_copy_ptr {
        union {
            grant_ref_t ref;    /* IN: with GNTCOPY_*_gref */
            xen_pfn_t   gmfn;   /* IN: otherwise, the caller's own frame */
        } u;
        domid_t  domid;         /* IN: owner (DOMID_SELF for gmfn) */
        uint16_t offset;        /* IN: byte offset in the page */
    } source, dest;
    uint16_t      len;          /* IN: bytes */
    uint16_t      flags;        /* IN: GNTCOPY_* */
    int16_t       status;       /* OUT: GNTST_* */
};
typedef struct gnttab_copy gnttab_copy_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_copy_t);

/*
 * GNTTABOP_query_size: current and maximum frames of dom's table
 * (DOMID_SELF unless privileged).
 */
struct gnttab_query_size {
    domid_t  dom;               /* IN */
    uint32_t nr_frames;         /* OUT */
    uint32_t max_nr_frames;     /* OUT */
    int16_t  status;            /* OUT: GNTST_* */
};
typedef struct gnttab_query_size gnttab_query_size_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_query_size_t);

/*
 * GNTTABOP_unmap_and_replace: remove the host mapping at host_addr made
 * under 'handle' and, in the same PTE update, put there the mapping that
 * new_addr has; new_addr's own PTE is cleared.
 */
struct gnttab_unmap_and_replace {
    uint64_t host_addr;         /* IN */
    uint64_t new_addr;          /* IN */
    grant_handle_t handle;      /* IN */
    int16_t  status;            /* OUT: GNTST_* */
};
typedef struct gnttab_unmap_and_replace gnttab_unmap_and_replace_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_and_replace_t);

/*
 * GNTTABOP_set_version: switch the caller's table to version 1 or 2; only
 * while no grant is in use.  Returns the version in effect.
 */
struct gnttab_set_version {
    uint32_t version;           /* IN: wanted; OUT: in effect */
};
typedef struct gnttab_set_version gnttab_set_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_set_version_t);

/* GNTTABOP_get_status_frames: the v2 status frames of dom. */
struct gnttab_get_status_frames {
    uint32_t nr_frames;         /* IN: room in frame_list */
    domid_t  dom;               /* IN */
    int16_t  status;            /* OUT: GNTST_* */
    XEN_GUEST_HANDLE(uint64_t) frame_list; /* OUT */
};
typedef struct gnttab_get_status_frames gnttab_get_status_frames_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_status_frames_t);

/* GNTTABOP_get_version: the table version of dom. */
struct gnttab_get_version {
    domid_t dom;                /* IN */
    uint16_t pad;
    uint32_t version;           /* OUT */
};
typedef struct gnttab_get_version gnttab_get_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_version_t);

/* GNTTABOP_swap_grant_ref: exchange two entries of the caller's table. */
struct gnttab_swap_grant_ref {
    grant_ref_t ref_a;          /* IN */
    grant_ref_t ref_b;          /* IN */
    int16_t status;             /* OUT: GNTST_* */
};
typedef struct gnttab_swap_grant_ref gnttab_swap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_swap_grant_ref_t);

/*
 * GNTTABOP_cache_flush: clean and/or invalidate caches over part of a
 * page granted to the caller (for non-coherent devices; x86 has no use).
 */
struct gnttab_cache_flush {
    union {
        uint64_t dev_bus_addr;  /* IN */
        grant_ref_t ref;        /* IN: with GNTTAB_CACHE_SOURCE_GREF */
    } a;
    uint16_t offset;            /* IN: from the start of the grant */
    uint16_t length;            /* IN */
#define GNTTAB_CACHE_CLEAN          (1u << 0)
#define GNTTAB_CACHE_INVAL          (1u << 1)
#define GNTTAB_CACHE_SOURCE_GREF    (1u << 31)
    uint32_t op;                /* IN: GNTTAB_CACHE_* */
};
typedef struct gnttab_cache_flush gnttab_cache_flush_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_cache_flush_t);

/* gnttab_map_grant_ref.flags */
#define _GNTMAP_device_map      (0)     /* map for DMA */
#define GNTMAP_device_map       (1 << _GNTMAP_device_map)
#define _GNTMAP_host_map        (1)     /* map for the CPU */
#define GNTMAP_host_map         (1 << _GNTMAP_host_map)
#define _GNTMAP_readonly        (2)     /* read-only mapping */
#define GNTMAP_readonly         (1 << _GNTMAP_readonly)
/* Host maps: usable from guest user mode too, not just the kernel. */
#define _GNTMAP_application_map (3)
#define GNTMAP_application_map  (1 << _GNTMAP_application_map)
/* Host maps: host_addr is the machine address of a PTE, not a virtual address. */
#define _GNTMAP_contains_pte    (4)
#define GNTMAP_contains_pte     (1 << _GNTMAP_contains_pte)
/*
 * Bits 16 and up are copied into the PTE's software-available bits
 * (only with XENFEAT_gnttab_map_avail_bits).
 */
#define _GNTMAP_guest_avail0    (16)
#define GNTMAP_guest_avail_mask ((uint32_t)~0 << _GNTMAP_guest_avail0)

/* Per-entry status codes; all failures are negative. */
#define GNTST_okay             (0)      /* done */
#define GNTST_general_error    (-1)     /* failed for another reason */
#define GNTST_bad_domain       (-2)     /* no such domain */
#define GNTST_bad_gntref       (-3)     /* bad or unsuitable grant reference */
#define GNTST_bad_handle       (-4)     /* bad or unsuitable mapping handle */
#define GNTST_bad_virt_addr    (-5)     /* cannot map at that address */
#define GNTST_bad_dev_addr     (-6)     /* no such device mapping */
#define GNTST_no_device_space  (-7)     /* IOMMU out of space */
#define GNTST_permission_denied (-8)    /* not allowed */
#define GNTST_bad_page         (-9)     /* unsuitable page */
#define GNTST_bad_copy_arg    (-10)     /* copy crosses a page boundary */
#define GNTST_address_too_big (-11)     /* page address too large for the grantee */
#define GNTST_eagain          (-12)     /* not done; retry */
#define GNTST_no_space        (-13)     /* out of handles or similar */

/* Messages for -GNTST_* codes, indexed by the code's negation. */
#define GNTTABOP_error_msgs {                   \
    "ok",                                       \
    "general error",                            \
    "no such domain",                           \
    "bad grant reference",                      \
    "bad mapping handle",                       \
    "bad virtual address",                      \
    "bad device address",                       \
    "no room in the IOMMU",                     \
    "permission denied",                        \
    "unsuitable page",                          \
    "copy crosses a page boundary",             \
    "page address too large",                   \
    "not done, try again",                      \
    "out of space",                             \
}

#endif /* XEN_PUBLIC_GRANT_TABLE_H */

/*
 * HYPERVISOR_mca (hypercall 48, __HYPERVISOR_arch_0): machine-check
 * telemetry for the hardware domain, layout-identical to Xen's.  Linux's
 * xen-mcelog asks for the physical CPUs' identities at boot, binds
 * VIRQ_MCA and fetches records when it fires.
 */
#ifndef XEN_PUBLIC_ARCH_X86_XEN_MCA_H
#define XEN_PUBLIC_ARCH_X86_XEN_MCA_H

#include "../xen.h"

#define __HYPERVISOR_mca            __HYPERVISOR_arch_0

/* struct xen_mc.interface_version must be this, else -EACCES. */
#define XEN_MCA_INTERFACE_VERSION   0x01ecc003

/* xen_mc_fetch.flags, IN: which queue, or an acknowledgement. */
#define XEN_MC_NONURGENT    0x0001
#define XEN_MC_URGENT       0x0002
#define XEN_MC_ACK          0x0004

/* xen_mc_fetch.flags, OUT. */
#define XEN_MC_OK           0x0
#define XEN_MC_FETCHFAILED  0x1
#define XEN_MC_NODATA       0x2
#define XEN_MC_NOMATCH      0x4

/* xen_mc_notifydomain.flags, OUT. */
#define XEN_MC_CANNOTHANDLE 0x8
#define XEN_MC_NOTDELIVERED 0x10

#define XEN_MC_VCPUID_INVALID 0xffff

#ifndef __ASSEMBLY__

/* Global, bound by the hardware domain: new telemetry to fetch. */
#define VIRQ_MCA            VIRQ_ARCH_0

/* The records of a struct mc_info, each starting with this header. */
#define MC_TYPE_GLOBAL      0
#define MC_TYPE_BANK        1
#define MC_TYPE_EXTENDED    2
#define MC_TYPE_RECOVERY    3

struct mcinfo_common {
    uint16_t type;              /* MC_TYPE_* */
    uint16_t size;              /* of the whole record, bytes */
};
typedef struct mcinfo_common xen_mcinfo_common_t;

/* mcinfo_global.mc_flags */
#define MC_FLAG_CORRECTABLE     (1 << 0)
#define MC_FLAG_UNCORRECTABLE   (1 << 1)
#define MC_FLAG_RECOVERABLE     (1 << 2)
#define MC_FLAG_POLLED          (1 << 3)
#define MC_FLAG_RESET           (1 << 4)
#define MC_FLAG_CMCI            (1 << 5)
#define MC_FLAG_MCE             (1 << 6)

struct mcinfo_global {
    xen_mcinfo_common_t common;
    uint16_t mc_domid;          /* the domain running when it happened */
    uint16_t mc_vcpuid;
    uint32_t mc_socketid;
    uint16_t mc_coreid;
    uint16_t mc_core_threadid;
    uint32_t mc_apicid;
    uint32_t mc_flags;          /* MC_FLAG_* */
    uint64_t mc_gstatus;        /* IA32_MCG_STATUS */
};

struct mcinfo_bank {
    xen_mcinfo_common_t common;
    uint16_t mc_bank;
    uint16_t mc_domid;          /* owner of mc_addr's page (dom0's view) */
    uint64_t mc_status;
    uint64_t mc_addr;           /* valid if mc_status says so */
    uint64_t mc_misc;
    uint64_t mc_ctrl2;
    uint64_t mc_tsc;
};

struct mcinfo_msr {
    uint64_t reg;
    uint64_t value;
};
typedef struct mcinfo_msr xen_mcinfo_msr_t;

struct mcinfo_extended {
    xen_mcinfo_common_t common;
    uint32_t mc_msrs;           /* valid entries of mc_msr */
    xen_mcinfo_msr_t mc_msr[32];
};

/* mcinfo_recovery.action_flags and action_types */
#define REC_ACTION_RECOVERED    (0x1 << 0)
#define REC_ACTION_NONE         (0x1 << 1)
#define REC_ACTION_NEED_RESET   (0x1 << 2)
#define MC_ACTION_PAGE_OFFLINE  (0x1 << 0)
#define MC_ACTION_CPU_OFFLINE   (0x1 << 1)
#define MC_ACTION_CACHE_SHRINK  (0x1 << 2)

struct page_offline_action {
    uint64_t mfn;
    uint64_t status;
};
typedef struct page_offline_action xen_page_offline_action_t;

struct cpu_offline_action {
    uint32_t mc_socketid;
    uint16_t mc_coreid;
    uint16_t mc_core_threadid;
};
typedef struct cpu_offline_action xen_cpu_offline_action_t;

#define MAX_UNION_SIZE 16
struct mcinfo_recovery {
    xen_mcinfo_common_t common;
    uint16_t mc_bank;
    uint8_t action_flags;
    uint8_t action_types;
    union {
        xen_page_offline_action_t page_retire;
        xen_cpu_offline_action_t cpu_offline;
        uint8_t pad[MAX_UNION_SIZE];
    } action_info;
};

/* One fetched telemetry entry: mi_nentries records packed in mi_data. */
#define MCINFO_HYPERCALLSIZE    1024
#define MCINFO_MAXSIZE          768
#define MCINFO_FLAGS_UNCOMPLETE 0x1
struct mc_info {
    uint32_t mi_nentries;
    uint32_t flags;
    uint64_t mi_data[(MCINFO_MAXSIZE - 1) / 8];
};
typedef struct mc_info mc_info_t;
DEFINE_XEN_GUEST_HANDLE(mc_info_t);

/* A physical CPU as XEN_MC_physcpuinfo describes it. */
#define __MC_MSR_ARRAYSIZE  8
#define MC_NCAPS            7
#define MC_CAPS_STD_EDX     0   /* CPUID 1 EDX */
#define MC_CAPS_AMD_EDX     1   /* CPUID 0x80000001 EDX */
#define MC_CAPS_TM          2   /* CPUID 0x80860001 (Transmeta) */
#define MC_CAPS_LINUX       3   /* Linux's own bits */
#define MC_CAPS_STD_ECX     4   /* CPUID 1 ECX */
#define MC_CAPS_VIA         5   /* CPUID 0xc0000001 */
#define MC_CAPS_AMD_ECX     6   /* CPUID 0x80000001 ECX */

struct mcinfo_logical_cpu {
    uint32_t mc_cpunr;          /* the hypervisor's CPU number */
    uint32_t mc_chipid;         /* package */
    uint16_t mc_coreid;         /* core in the package */
    uint16_t mc_threadid;       /* thread in the core */
    uint32_t mc_apicid;
    uint32_t mc_clusterid;
    uint32_t mc_ncores;         /* cores per package */
    uint32_t mc_ncores_active;
    uint32_t mc_nthreads;       /* threads per core */
    int32_t mc_cpuid_level;     /* highest basic CPUID leaf */
    uint32_t mc_family;
    uint32_t mc_vendor;
    uint32_t mc_model;
    uint32_t mc_step;
    char mc_vendorid[16];
    char mc_brandid[64];
    uint32_t mc_cpu_caps[MC_NCAPS];     /* indexed by MC_CAPS_* */
    uint32_t mc_cache_size;     /* KiB */
    uint32_t mc_cache_alignment;
    int32_t mc_nmsrvals;        /* valid entries of mc_msrvalues */
    xen_mcinfo_msr_t mc_msrvalues[__MC_MSR_ARRAYSIZE];
};
typedef struct mcinfo_logical_cpu xen_mc_logical_cpu_t;
DEFINE_XEN_GUEST_HANDLE(xen_mc_logical_cpu_t);

/*
 * XEN_MC_fetch: the oldest entry of the queue flags names (URGENT or
 * NONURGENT) into *data, with fetch_id to acknowledge it by (a second
 * call with XEN_MC_ACK and that id); OUT flags XEN_MC_NODATA when empty.
 */
#define XEN_MC_fetch            1
struct xen_mc_fetch {
    uint32_t flags;             /* IN/OUT */
    uint32_t _pad0;
    uint64_t fetch_id;          /* OUT, or IN with XEN_MC_ACK */
    XEN_GUEST_HANDLE(mc_info_t) data;   /* OUT */
};
typedef struct xen_mc_fetch xen_mc_fetch_t;
DEFINE_XEN_GUEST_HANDLE(xen_mc_fetch_t);

/* XEN_MC_notifydomain: forward an error to a domU (Xen: -EINVAL). */
#define XEN_MC_notifydomain     2
struct xen_mc_notifydomain {
    uint16_t mc_domid;          /* IN */
    uint16_t mc_vcpuid;         /* IN */
    uint32_t flags;             /* IN/OUT */
};
typedef struct xen_mc_notifydomain xen_mc_notifydomain_t;
DEFINE_XEN_GUEST_HANDLE(xen_mc_notifydomain_t);

/*
 * XEN_MC_physcpuinfo: with a null info handle, ncpus is set to the number
 * of online CPUs; otherwise up to ncpus (> 0) entries go to *info and
 * ncpus says how many.
 */
#define XEN_MC_physcpuinfo      3
struct xen_mc_physcpuinfo {
    uint32_t ncpus;             /* IN/OUT */
    uint32_t _pad0;
    XEN_GUEST_HANDLE(xen_mc_logical_cpu_t) info;    /* OUT */
};
typedef struct xen_mc_physcpuinfo xen_mc_physcpuinfo_t;

/* XEN_MC_msrinject: set machine-check MSRs on a CPU (error injection). */
#define XEN_MC_msrinject        4
#define MC_MSRINJ_MAXMSRS       8
struct xen_mc_msrinject {
    uint32_t mcinj_cpunr;
    uint32_t mcinj_flags;       /* MC_MSRINJ_F_* */
    uint32_t mcinj_count;
    domid_t mcinj_domid;        /* with MC_MSRINJ_F_GPADDR */
    uint16_t _pad0;
    xen_mcinfo_msr_t mcinj_msr[MC_MSRINJ_MAXMSRS];
};
typedef struct xen_mc_msrinject xen_mc_msrinject_t;
#define MC_MSRINJ_F_INTERPOSE   0x1
#define MC_MSRINJ_F_GPADDR      0x2

/* XEN_MC_mceinject: raise #MC on a CPU. */
#define XEN_MC_mceinject        5
struct xen_mc_mceinject {
    unsigned int mceinj_cpunr;
};
typedef struct xen_mc_mceinject xen_mc_mceinject_t;

#if defined(__XEN__) || defined(__XEN_TOOLS__)
/* XEN_MC_inject_v2: #MC, CMCI or LMCE on a set of CPUs. */
#define XEN_MC_inject_v2            6
#define XEN_MC_INJECT_TYPE_MASK     0x7
#define XEN_MC_INJECT_TYPE_MCE      0x0
#define XEN_MC_INJECT_TYPE_CMCI     0x1
#define XEN_MC_INJECT_TYPE_LMCE     0x2
#define XEN_MC_INJECT_CPU_BROADCAST 0x8

struct xen_mc_inject_v2 {
    uint32_t flags;
    xenctl_bitmap_t cpumap;
};
typedef struct xen_mc_inject_v2 xen_mc_inject_v2_t;
#endif

struct xen_mc {
    uint32_t cmd;               /* XEN_MC_* */
    uint32_t interface_version; /* XEN_MCA_INTERFACE_VERSION */
    union {
        xen_mc_fetch_t mc_fetch;
        xen_mc_notifydomain_t mc_notifydomain;
        xen_mc_physcpuinfo_t mc_physcpuinfo;
        xen_mc_msrinject_t mc_msrinject;
        xen_mc_mceinject_t mc_mceinject;
#if defined(__XEN__) || defined(__XEN_TOOLS__)
        xen_mc_inject_v2_t mc_inject_v2;
#endif
    } u;
};
typedef struct xen_mc xen_mc_t;
DEFINE_XEN_GUEST_HANDLE(xen_mc_t);

#endif /* __ASSEMBLY__ */

#endif /* XEN_PUBLIC_ARCH_X86_XEN_MCA_H */

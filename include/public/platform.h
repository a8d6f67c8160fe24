/*
 * HYPERVISOR_platform_op(struct xen_platform_op *op): machine-wide
 * operations for the hardware domain (dom0): wall-clock time, MTRRs,
 * microcode, firmware information gathered at boot, ACPI sleep, CPU power
 * management data and CPU/memory hotplug.  Every sub-op needs privilege.
 *
 * The caller fills cmd, interface_version = XENPF_INTERFACE_VERSION and
 * the IN fields of the sub-op's member of u; the hypervisor writes the
 * OUT fields back.  Whatever the sub-op, the structure is 136 bytes (128
 * for u plus the header), so a caller can always pass the whole thing.
 */
#ifndef XEN_PUBLIC_PLATFORM_H
#define XEN_PUBLIC_PLATFORM_H

#include "xen.h"

#define XENPF_INTERFACE_VERSION 0x03000001

/*
 * XENPF_settime32 / XENPF_settime64: set the wall clock so that it reads
 * secs.nsecs (since the Unix epoch, UTC) at system time system_time.
 * XENPF_settime is the 64-bit form.
 */
#define XENPF_settime32           17
struct xenpf_settime32 {
    uint32_t secs;              /* IN */
    uint32_t nsecs;             /* IN */
    uint64_t system_time;       /* IN */
};
typedef struct xenpf_settime32 xenpf_settime32_t;
#define XENPF_settime64           62
struct xenpf_settime64 {
    uint64_t secs;              /* IN */
    uint32_t nsecs;             /* IN */
    uint32_t mbz;               /* must be 0 */
    uint64_t system_time;       /* IN */
};
typedef struct xenpf_settime64 xenpf_settime64_t;
#define XENPF_settime XENPF_settime64
#define xenpf_settime xenpf_settime64
typedef struct xenpf_settime xenpf_settime_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_settime_t);

/*
 * XENPF_add_memtype (x86): give machine frames [mfn, mfn + nr_mfns) the
 * MTRR memory type 'type'.  Returns the MTRR used and a handle for
 * XENPF_del_memtype.
 */
#define XENPF_add_memtype         31
struct xenpf_add_memtype {
    xen_pfn_t mfn;              /* IN */
    uint64_t nr_mfns;           /* IN */
    uint32_t type;              /* IN: MTRR type */
    uint32_t handle;            /* OUT */
    uint32_t reg;               /* OUT: MTRR number */
};
typedef struct xenpf_add_memtype xenpf_add_memtype_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_add_memtype_t);

/*
 * XENPF_del_memtype (x86): undo one XENPF_add_memtype.  Pass its handle
 * if known (it tells overlapping settings apart), else 0; reg always.
 */
#define XENPF_del_memtype         32
struct xenpf_del_memtype {
    uint32_t handle;            /* IN */
    uint32_t reg;               /* IN */
};
typedef struct xenpf_del_memtype xenpf_del_memtype_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_del_memtype_t);

/* XENPF_read_memtype (x86): what MTRR 'reg' is set to. */
#define XENPF_read_memtype        33
struct xenpf_read_memtype {
    uint32_t reg;               /* IN */
    xen_pfn_t mfn;              /* OUT */
    uint64_t nr_mfns;           /* OUT */
    uint32_t type;              /* OUT */
};
typedef struct xenpf_read_memtype xenpf_read_memtype_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_read_memtype_t);

/* XENPF_microcode_update: load a CPU microcode blob on every CPU. */
#define XENPF_microcode_update    35
struct xenpf_microcode_update {
    XEN_GUEST_HANDLE(const_void) data;  /* IN */
    uint32_t length;                    /* IN: bytes */
};
typedef struct xenpf_microcode_update xenpf_microcode_update_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_microcode_update_t);

/* XENPF_platform_quirk: tell the hypervisor about a chipset quirk. */
#define XENPF_platform_quirk      39
#define QUIRK_NOIRQBALANCING      1     /* leave IO-APIC destinations alone */
#define QUIRK_IOAPIC_BAD_REGSEL   2     /* IO-APIC forgets its register select */
#define QUIRK_IOAPIC_GOOD_REGSEL  3     /* IO-APIC register select is fine */
struct xenpf_platform_quirk {
    uint32_t quirk_id;          /* IN: QUIRK_* */
};
typedef struct xenpf_platform_quirk xenpf_platform_quirk_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_platform_quirk_t);

/* XENPF_efi_runtime_call: call an EFI runtime service on dom0's behalf. */
#define XENPF_efi_runtime_call    49
#define XEN_EFI_get_time                      1
#define XEN_EFI_set_time                      2
#define XEN_EFI_get_wakeup_time               3
#define XEN_EFI_set_wakeup_time               4
#define XEN_EFI_get_next_high_monotonic_count 5
#define XEN_EFI_get_variable                  6
#define XEN_EFI_set_variable                  7
#define XEN_EFI_get_next_variable_name        8
#define XEN_EFI_query_variable_info           9
#define XEN_EFI_query_capsule_capabilities   10
#define XEN_EFI_update_capsule               11

/* EFI_TIME. */
struct xenpf_efi_time {
    uint16_t year;
    uint8_t month;
    uint8_t day;
    uint8_t hour;
    uint8_t min;
    uint8_t sec;
    uint32_t ns;
    int16_t tz;
    uint8_t daylight;
};

/* EFI_GUID. */
struct xenpf_efi_guid {
    uint32_t data1;
    uint16_t data2;
    uint16_t data3;
    uint8_t data4[8];
};

struct xenpf_efi_runtime_call {
    uint32_t function;          /* IN: XEN_EFI_* */
    /*
     * IN/OUT: per-function flags (XEN_EFI_*_TIME_* and friends); for
     * get_next_high_monotonic_count, OUT: the count.
     */
    uint32_t misc;
    xen_ulong_t status;         /* OUT: EFI_STATUS */
    union {
#define XEN_EFI_GET_TIME_SET_CLEARS_NS 0x00000001
        struct {
            struct xenpf_efi_time time;
            uint32_t resolution;
            uint32_t accuracy;
        } get_time;

        struct xenpf_efi_time set_time;

#define XEN_EFI_GET_WAKEUP_TIME_ENABLED 0x00000001
#define XEN_EFI_GET_WAKEUP_TIME_PENDING 0x00000002
        struct xenpf_efi_time get_wakeup_time;

#define XEN_EFI_SET_WAKEUP_TIME_ENABLE      0x00000001
#define XEN_EFI_SET_WAKEUP_TIME_ENABLE_ONLY 0x00000002
        struct xenpf_efi_time set_wakeup_time;

#define XEN_EFI_VARIABLE_NON_VOLATILE       0x00000001
#define XEN_EFI_VARIABLE_BOOTSERVICE_ACCESS 0x00000002
#define XEN_EFI_VARIABLE_RUNTIME_ACCESS     0x00000004
        struct {
            XEN_GUEST_HANDLE(void) name;    /* UCS-2 */
            xen_ulong_t size;
            XEN_GUEST_HANDLE(void) data;
            struct xenpf_efi_guid vendor_guid;
        } get_variable, set_variable;

        struct {
            xen_ulong_t size;
            XEN_GUEST_HANDLE(void) name;    /* UCS-2 */
            struct xenpf_efi_guid vendor_guid;
        } get_next_variable_name;

#define XEN_EFI_VARINFO_BOOT_SNAPSHOT       0x00000001
        struct {
            uint32_t attr;
            uint64_t max_store_size;
            uint64_t remain_store_size;
            uint64_t max_size;
        } query_variable_info;

        struct {
            XEN_GUEST_HANDLE(void) capsule_header_array;
            xen_ulong_t capsule_count;
            uint64_t max_capsule_size;
            uint32_t reset_type;
        } query_capsule_capabilities;

        struct {
            XEN_GUEST_HANDLE(void) capsule_header_array;
            xen_ulong_t capsule_count;
            uint64_t sg_list;       /* machine address */
        } update_capsule;
    } u;                        /* IN/OUT, by function */
};
typedef struct xenpf_efi_runtime_call xenpf_efi_runtime_call_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_efi_runtime_call_t);

/*
 * XENPF_firmware_info: firmware data the hypervisor collected while the
 * BIOS/EFI was still usable (dom0 cannot call the BIOS itself).  'index'
 * picks the disk, EFI item, ... within 'type'.
 */
#define XENPF_firmware_info       50
#define XEN_FW_DISK_INFO          1     /* INT 13h AH=08h/41h/48h */
#define XEN_FW_DISK_MBR_SIGNATURE 2     /* MBR bytes 0x1b8..0x1bb */
#define XEN_FW_VBEDDC_INFO        3     /* INT 10h AX=4F15h */
#define XEN_FW_EFI_INFO           4     /* EFI system table items: */
#define  XEN_FW_EFI_VERSION        0
#define  XEN_FW_EFI_CONFIG_TABLE   1
#define  XEN_FW_EFI_VENDOR         2
#define  XEN_FW_EFI_MEM_INFO       3
#define  XEN_FW_EFI_RT_VERSION     4
#define  XEN_FW_EFI_PCI_ROM        5
#define  XEN_FW_EFI_APPLE_PROPERTIES 6
#define XEN_FW_KBD_SHIFT_FLAGS    5     /* INT 16h AH=02h */
struct xenpf_firmware_info {
    uint32_t type;              /* IN: XEN_FW_* */
    uint32_t index;             /* IN */
    union {
        struct {
            /* INT 13h AH=48h presence check */
            uint8_t device;                 /* BIOS drive number (DL) */
            uint8_t version;                /* AH */
            uint16_t interface_support;     /* CX */
            /* INT 13h AH=08h */
            uint16_t legacy_max_cylinder;
            uint8_t legacy_max_head;
            uint8_t legacy_sectors_per_track;
            /*
             * INT 13h AH=48h result buffer; its first uint16_t must hold
             * the buffer size on input.
             */
            XEN_GUEST_HANDLE(void) edd_params;
        } disk_info;
        struct {
            uint8_t device;                 /* BIOS drive number */
            uint32_t mbr_signature;
        } disk_mbr_signature;
        struct {
            uint8_t capabilities;
            uint8_t edid_transfer_time;
            XEN_GUEST_HANDLE(uint8) edid;   /* 128-byte buffer */
        } vbeddc_info;
        union xenpf_efi_info {
            uint32_t version;
            struct {
                uint64_t addr;              /* EFI_CONFIGURATION_TABLE */
                uint32_t nent;
            } cfg;
            struct {
                uint32_t revision;
                uint32_t bufsz;             /* IN: bytes in name */
                XEN_GUEST_HANDLE(void) name; /* UCS-2 */
            } vendor;
            struct {
                uint64_t addr;
                uint64_t size;
                uint64_t attr;
                uint32_t type;
            } mem;
            struct {
                uint16_t segment;           /* IN */
                uint8_t bus;                /* IN */
                uint8_t devfn;              /* IN */
                uint16_t vendor;            /* IN */
                uint16_t devid;             /* IN */
                uint64_t address;           /* OUT */
                xen_ulong_t size;           /* OUT */
            } pci_rom;
            struct {
                uint64_t address;           /* OUT */
                xen_ulong_t size;           /* OUT */
            } apple_properties;
        } efi_info;
        uint8_t kbd_shift_flags;
    } u;                        /* OUT, by type */
};
typedef struct xenpf_firmware_info xenpf_firmware_info_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_firmware_info_t);

/*
 * XENPF_enter_acpi_sleep: enter ACPI sleep state Sn.  Dom0's ACPI code
 * computes the PM1 control values (or, with XENPF_ACPI_SLEEP_EXTENDED,
 * the sleep type values of the extended sleep registers); the hypervisor
 * writes them.  This is also how dom0 powers the machine off (S5).
 */
#define XENPF_enter_acpi_sleep    51
struct xenpf_enter_acpi_sleep {
    uint16_t val_a;             /* IN: PM1a control value / sleep type A */
    uint16_t val_b;             /* IN: PM1b control value / sleep type B */
    uint32_t sleep_state;       /* IN: n of Sn */
#define XENPF_ACPI_SLEEP_EXTENDED 0x00000001
    uint32_t flags;             /* IN: XENPF_ACPI_SLEEP_* */
};
typedef struct xenpf_enter_acpi_sleep xenpf_enter_acpi_sleep_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_enter_acpi_sleep_t);

/* XENPF_change_freq: set a physical CPU's frequency. */
#define XENPF_change_freq         52
struct xenpf_change_freq {
    uint32_t flags;             /* IN: must be 0 */
    uint32_t cpu;               /* IN: physical CPU */
    uint64_t freq;              /* IN: Hz */
};
typedef struct xenpf_change_freq xenpf_change_freq_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_change_freq_t);

/*
 * XENPF_getidletime: idle time (ns since boot) of the physical CPUs set
 * in cpumap_bitmap (bits 0..cpumap_nr_cpus-1), written to idletime[cpu].
 * Bits of CPUs that do not exist are cleared, and their idletime too.
 */
#define XENPF_getidletime         53
struct xenpf_getidletime {
    XEN_GUEST_HANDLE(uint8) cpumap_bitmap;  /* IN/OUT */
    uint32_t cpumap_nr_cpus;                /* IN: bits in the bitmap */
    XEN_GUEST_HANDLE(uint64) idletime;      /* OUT: one per bit */
    uint64_t now;                           /* OUT: system time of the sample */
};
typedef struct xenpf_getidletime xenpf_getidletime_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_getidletime_t);

/*
 * XENPF_set_processor_pminfo: dom0's ACPI interpreter passes a CPU's
 * power (C-state) and performance (P-state) data from _CST, _CSD, _PCT,
 * _PSS, _PPC, _PSD (and _PDC) to the hypervisor, which manages them.
 */
#define XENPF_set_processor_pminfo      54

/* Which kinds of data the hypervisor accepts. */
#define XEN_PROCESSOR_PM_CX	1
#define XEN_PROCESSOR_PM_PX	2
#define XEN_PROCESSOR_PM_TX	4

/* xenpf_set_processor_pminfo.type */
#define XEN_PM_CX   0
#define XEN_PM_PX   1
#define XEN_PM_TX   2
#define XEN_PM_PDC  3

/* xen_processor_performance.flags: which parts are valid. */
#define XEN_PX_PCT   1
#define XEN_PX_PSS   2
#define XEN_PX_PPC   4
#define XEN_PX_PSD   8

/* An ACPI generic address structure. */
struct xen_power_register {
    uint32_t     space_id;
    uint32_t     bit_width;
    uint32_t     bit_offset;
    uint32_t     access_size;
    uint64_t     address;
};

/* _CSD: C-state dependency. */
struct xen_processor_csd {
    uint32_t    domain;         /* dependency domain */
    uint32_t    coord_type;     /* coordination type */
    uint32_t    num;            /* processors in the domain */
};
typedef struct xen_processor_csd xen_processor_csd_t;
DEFINE_XEN_GUEST_HANDLE(xen_processor_csd_t);

/* One C-state. */
struct xen_processor_cx {
    struct xen_power_register  reg; /* how to enter it */
    uint8_t     type;           /* C1, C2, ... */
    uint32_t    latency;        /* worst-case entry + exit latency */
    uint32_t    power;          /* average power, mW */
    uint32_t    dpcnt;          /* entries in dp */
    XEN_GUEST_HANDLE(xen_processor_csd_t) dp; /* dependencies, or NULL */
};
typedef struct xen_processor_cx xen_processor_cx_t;
DEFINE_XEN_GUEST_HANDLE(xen_processor_cx_t);

struct xen_processor_flags {
    uint32_t bm_control:1;
    uint32_t bm_check:1;
    uint32_t has_cst:1;
    uint32_t power_setup_done:1;
    uint32_t bm_rld_set:1;
};

struct xen_processor_power {
    uint32_t count;             /* entries in states */
    struct xen_processor_flags flags;
    XEN_GUEST_HANDLE(xen_processor_cx_t) states;
};

/* _PCT register. */
struct xen_pct_register {
    uint8_t  descriptor;
    uint16_t length;
    uint8_t  space_id;
    uint8_t  bit_width;
    uint8_t  bit_offset;
    uint8_t  reserved;
    uint64_t address;
};

/* One P-state (_PSS entry). */
struct xen_processor_px {
    uint64_t core_frequency;    /* MHz */
    uint64_t power;             /* mW */
    uint64_t transition_latency; /* us */
    uint64_t bus_master_latency; /* us */
    uint64_t control;           /* value to write to enter it */
    uint64_t status;            /* value read back when in it */
};
typedef struct xen_processor_px xen_processor_px_t;
DEFINE_XEN_GUEST_HANDLE(xen_processor_px_t);

/* _PSD package. */
struct xen_psd_package {
    uint64_t num_entries;
    uint64_t revision;
    uint64_t domain;
    uint64_t coord_type;
    uint64_t num_processors;
};

struct xen_processor_performance {
    uint32_t flags;             /* XEN_PX_* */
    uint32_t platform_limit;    /* _PPC: highest P-state allowed */
    struct xen_pct_register control_register;
    struct xen_pct_register status_register;
    uint32_t state_count;       /* entries in states */
    XEN_GUEST_HANDLE(xen_processor_px_t) states;
    struct xen_psd_package domain_info;
#define XEN_CPUPERF_SHARED_TYPE_HW   1  /* hardware coordinates */
#define XEN_CPUPERF_SHARED_TYPE_ALL  2  /* all CPUs of the domain must agree */
#define XEN_CPUPERF_SHARED_TYPE_ANY  3  /* any CPU of the domain may set it */
    uint32_t shared_type;
};
typedef struct xen_processor_performance xen_processor_performance_t;
DEFINE_XEN_GUEST_HANDLE(xen_processor_performance_t);

struct xenpf_set_processor_pminfo {
    uint32_t id;                /* IN: ACPI processor id */
    uint32_t type;              /* IN: XEN_PM_* */
    union {
        struct xen_processor_power          power;  /* XEN_PM_CX */
        struct xen_processor_performance    perf;   /* XEN_PM_PX */
        XEN_GUEST_HANDLE(uint32)            pdc;    /* XEN_PM_PDC */
    } u;                        /* IN (pdc: IN/OUT) */
};
typedef struct xenpf_set_processor_pminfo xenpf_set_processor_pminfo_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_set_processor_pminfo_t);

/* XENPF_get_cpuinfo: ids and state of physical CPU xen_cpuid. */
#define XENPF_get_cpuinfo 55
struct xenpf_pcpuinfo {
    uint32_t xen_cpuid;         /* IN */
    uint32_t max_present;       /* OUT: highest CPU number present */
#define XEN_PCPU_FLAGS_ONLINE   1   /* online */
#define XEN_PCPU_FLAGS_INVALID  2   /* xen_cpuid does not exist */
    uint32_t flags;             /* OUT: XEN_PCPU_FLAGS_* */
    uint32_t apic_id;           /* OUT */
    uint32_t acpi_id;           /* OUT */
};
typedef struct xenpf_pcpuinfo xenpf_pcpuinfo_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_pcpuinfo_t);

/* XENPF_get_cpu_version: CPUID identification of physical CPU xen_cpuid. */
#define XENPF_get_cpu_version 48
struct xenpf_pcpu_version {
    uint32_t xen_cpuid;         /* IN */
    uint32_t max_present;       /* OUT: highest CPU number present */
    char vendor_id[12];         /* OUT */
    uint32_t family;            /* OUT */
    uint32_t model;             /* OUT */
    uint32_t stepping;          /* OUT */
};
typedef struct xenpf_pcpu_version xenpf_pcpu_version_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_pcpu_version_t);

/* XENPF_cpu_online / XENPF_cpu_offline: bring a physical CPU up or down. */
#define XENPF_cpu_online    56
#define XENPF_cpu_offline   57
struct xenpf_cpu_ol {
    uint32_t cpuid;             /* IN */
};
typedef struct xenpf_cpu_ol xenpf_cpu_ol_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_cpu_ol_t);

/* XENPF_cpu_hotadd: a CPU was hot-added (found by dom0's ACPI). */
#define XENPF_cpu_hotadd    58
struct xenpf_cpu_hotadd {
    uint32_t apic_id;           /* IN */
    uint32_t acpi_id;           /* IN */
    uint32_t pxm;               /* IN: proximity domain */
};
typedef struct xenpf_cpu_hotadd xenpf_cpu_hotadd_t;

/* XENPF_mem_hotadd: memory [spfn, epfn) was hot-added. */
#define XENPF_mem_hotadd    59
struct xenpf_mem_hotadd {
    uint64_t spfn;              /* IN */
    uint64_t epfn;              /* IN */
    uint32_t pxm;               /* IN: proximity domain */
    uint32_t flags;             /* IN */
};
typedef struct xenpf_mem_hotadd xenpf_mem_hotadd_t;

/* XENPF_core_parking: set or get how many CPUs are kept idle. */
#define XENPF_core_parking  60
#define XEN_CORE_PARKING_SET 1
#define XEN_CORE_PARKING_GET 2
struct xenpf_core_parking {
    uint32_t type;              /* IN: XEN_CORE_PARKING_* */
    uint32_t idle_nums;         /* IN (set): wanted; OUT (get): actual */
};
typedef struct xenpf_core_parking xenpf_core_parking_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_core_parking_t);

/*
 * XENPF_resource_op: a batch of MSR reads and writes on one physical CPU,
 * done in order without preemption.  Returns the number of entries done
 * (the failed one, if any, has its error in u.ret) or -XEN_E* for the
 * batch as a whole.  Reading MSR_IA32_TSC gives system time in ns, read
 * atomically with the MSR read just before it in the batch; writing it
 * is refused.
 */
#define XENPF_resource_op   61

#define XEN_RESOURCE_OP_MSR_READ  0
#define XEN_RESOURCE_OP_MSR_WRITE 1

struct xenpf_resource_entry {
    union {
        uint32_t cmd;           /* IN: XEN_RESOURCE_OP_* */
        int32_t  ret;           /* OUT: error of a failed entry */
    } u;
    uint32_t rsvd;              /* must be 0 */
    uint64_t idx;               /* IN: MSR index */
    uint64_t val;               /* IN (write) / OUT (read) */
};
typedef struct xenpf_resource_entry xenpf_resource_entry_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_resource_entry_t);

struct xenpf_resource_op {
    uint32_t nr_entries;        /* IN */
    uint32_t cpu;               /* IN: physical CPU to run on */
    XEN_GUEST_HANDLE(xenpf_resource_entry_t) entries; /* IN/OUT */
};
typedef struct xenpf_resource_op xenpf_resource_op_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_resource_op_t);

/* XENPF_get_symbol: walk the hypervisor's symbol table, one symbol per call. */
#define XENPF_get_symbol   63
struct xenpf_symdata {
    uint32_t namelen;           /* IN: size of name; OUT: full length of the name */
    uint32_t symnum;            /* IN: symbol to read; OUT: next (same = end) */
    XEN_GUEST_HANDLE(char) name; /* OUT */
    uint64_t address;           /* OUT */
    char type;                  /* OUT: nm-style type letter */
};
typedef struct xenpf_symdata xenpf_symdata_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_symdata_t);

struct xen_platform_op {
    uint32_t cmd;               /* IN: XENPF_* */
    uint32_t interface_version; /* IN: XENPF_INTERFACE_VERSION */
    union {
        xenpf_settime_t               settime;
        xenpf_settime32_t             settime32;
        xenpf_settime64_t             settime64;
        xenpf_add_memtype_t           add_memtype;
        xenpf_del_memtype_t           del_memtype;
        xenpf_read_memtype_t          read_memtype;
        xenpf_microcode_update_t      microcode;
        xenpf_platform_quirk_t        platform_quirk;
        xenpf_efi_runtime_call_t      efi_runtime_call;
        xenpf_firmware_info_t         firmware_info;
        xenpf_enter_acpi_sleep_t      enter_acpi_sleep;
        xenpf_change_freq_t           change_freq;
        xenpf_getidletime_t           getidletime;
        xenpf_set_processor_pminfo_t  set_pminfo;
        xenpf_pcpuinfo_t              pcpu_info;
        xenpf_pcpu_version_t          pcpu_version;
        xenpf_cpu_ol_t                cpu_ol;
        xenpf_cpu_hotadd_t            cpu_add;
        xenpf_mem_hotadd_t            mem_add;
        xenpf_core_parking_t          core_parking;
        xenpf_resource_op_t           resource_op;
        xenpf_symdata_t               symdata;
        uint8_t                       pad[128];
    } u;
};
typedef struct xen_platform_op xen_platform_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_platform_op_t);

#endif /* XEN_PUBLIC_PLATFORM_H */

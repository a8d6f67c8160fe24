#ifndef COMPAT_ABI_H
#define COMPAT_ABI_H

/*
 * The 32-bit (i386) layouts of the public structures whose 64-bit
 * layout differs, as 32-bit PV guests pass them; the hypervisor is
 * always 64-bit, so these are its own declarations of them.  i386
 * aligns 64-bit integers to 4 bytes inside structures (compat_u64),
 * longs and pointers are 4 bytes.  Sizes and offsets are those of
 * include/xen/abi-layout-32.h (measured from Xen 4.17's headers),
 * checked at build time in pv/compat/.
 */
#include <xen/types.h>

typedef uint64_t compat_u64 __attribute__((aligned(4)));
typedef uint32_t compat_ulong_t;
typedef uint32_t compat_ptr_t;          /* a guest pointer or handle */

struct compat_trap_info {
    uint8_t vector;
    uint8_t flags;                      /* TI_* as in the 64-bit one */
    uint16_t cs;
    compat_ulong_t address;
};

/* The i386 register frame (public/arch-x86/xen-x86_32.h), 68 bytes. */
struct compat_cpu_user_regs {
    uint32_t ebx, ecx, edx, esi, edi, ebp, eax;
    uint16_t error_code, entry_vector;
    uint32_t eip;
    uint16_t cs;
    uint8_t saved_upcall_mask, _pad0;
    uint32_t eflags, esp;
    uint16_t ss, _pad1, es, _pad2, ds, _pad3, fs, _pad4, gs, _pad5;
};

/* VCPUOP_initialise's context, i386 layout: 2800 bytes. */
struct compat_vcpu_guest_context {
    uint8_t fpu_ctxt[512];
    uint32_t flags;
    struct compat_cpu_user_regs user_regs;
    struct compat_trap_info trap_ctxt[256];
    uint32_t ldt_base, ldt_ents;
    uint32_t gdt_frames[16], gdt_ents;
    uint32_t kernel_ss, kernel_sp;
    uint32_t ctrlreg[8];                /* ctrlreg[3]: xen_pfn_to_cr3, 32-bit */
    uint32_t debugreg[8];
    uint32_t event_callback_cs, event_callback_eip;
    uint32_t failsafe_callback_cs, failsafe_callback_eip;
    uint32_t vm_assist;
};

/* callback_op's register: the address is a cs:eip pair. */
struct compat_callback_register {
    uint16_t type;
    uint16_t flags;
    uint32_t cs;
    uint32_t eip;
};

struct compat_sched_poll {
    compat_ptr_t ports;
    uint32_t nr_ports;
    compat_u64 timeout;
};

struct compat_vcpu_set_singleshot_timer {
    compat_u64 timeout_abs_ns;
    uint32_t flags;
};

struct compat_vcpu_runstate_info {
    int32_t state;
    compat_u64 state_entry_time;
    compat_u64 time[4];
};

struct compat_mmuext_op {
    uint32_t cmd;
    uint32_t arg1;                      /* mfn or linear_addr */
    uint32_t arg2;                      /* nr_ents, vcpumask or src_mfn */
};

/* multicall_entry: 32-bit words throughout. */
struct compat_multicall_entry {
    compat_ulong_t op;
    compat_ulong_t result;
    compat_ulong_t args[6];
};

/* memory_op: extent lists are arrays of 32-bit frame numbers. */
typedef uint32_t compat_pfn_t;

struct compat_memory_reservation {
    compat_ptr_t extent_start;          /* compat_pfn_t[] */
    compat_ulong_t nr_extents;
    uint32_t extent_order;
    uint32_t mem_flags;
    uint16_t domid;
};

struct compat_memory_exchange {
    struct compat_memory_reservation in, out;
    compat_ulong_t nr_exchanged;
};

struct compat_machphys_mfn_list {
    uint32_t max_extents;
    compat_ptr_t extent_start;          /* compat_pfn_t[] */
    uint32_t nr_extents;
};

struct compat_machphys_mapping {
    compat_ulong_t v_start, v_end, max_mfn;
};

struct compat_memory_map {
    uint32_t nr_entries;
    compat_ptr_t buffer;                /* e820 entries: same layout */
};

/* grant_table_op: the two structures whose layout differs. */
struct compat_gnttab_setup_table {
    uint16_t dom;
    uint32_t nr_frames;
    int16_t status;
    compat_ptr_t frame_list;            /* compat_pfn_t[] */
};

struct compat_gnttab_copy {
    struct compat_gnttab_copy_ptr {
        union {
            uint32_t ref;
            compat_pfn_t gmfn;
        } u;
        uint16_t domid;
        uint16_t offset;
    } source, dest;
    uint16_t len;
    uint16_t flags;
    int16_t status;
};

/* physdev_op: the four structures with a long, a handle or a u64. */
struct compat_physdev_set_iobitmap {
    compat_ptr_t bitmap;                /* uint8_t[] */
    uint32_t nr_ports;
};

struct compat_physdev_pirq_eoi_gmfn {
    compat_pfn_t gmfn;
};

struct compat_physdev_apic {
    compat_ulong_t apic_physbase;
    uint32_t reg;
    uint32_t value;
};

struct compat_physdev_map_pirq {
    uint16_t domid;
    int32_t type;
    int32_t index;
    int32_t pirq;
    int32_t bus;
    int32_t devfn;
    int32_t entry_nr;
    compat_u64 table_base;
};

/*
 * platform_op: the same 136 bytes; the sub-ops whose member differs
 * (those the 64-bit handler implements; the union's other members are
 * not read for a 32-bit guest).
 */
struct compat_xenpf_read_memtype {
    uint32_t reg;
    compat_ulong_t mfn;
    compat_u64 nr_mfns;
    uint32_t type;
};

struct compat_xenpf_firmware_info {
    uint32_t type;
    uint32_t index;
    union {
        /* Every type's outputs: the first 8 bytes, as at 64 bits. */
        uint8_t out[8];
        struct {
            uint8_t head[8];
            compat_ptr_t edd_params;
        } disk_info;
        struct {
            uint8_t capabilities;
            uint8_t edid_transfer_time;
            compat_ptr_t edid;
        } vbeddc_info;
        uint8_t efi_info[28];
    } u;
};

struct compat_xenpf_resource_op {
    uint32_t nr_entries;
    uint32_t cpu;
    compat_ptr_t entries;               /* xenpf_resource_entry[]: same */
};

struct compat_platform_op {
    uint32_t cmd;
    uint32_t interface_version;
    union {
        struct compat_xenpf_read_memtype read_memtype;
        struct compat_xenpf_firmware_info firmware_info;
        struct {
            uint32_t id;
            uint32_t type;
            compat_ptr_t pdc;           /* XEN_PM_PDC's uint32_t[] */
        } set_pminfo;
        struct compat_xenpf_resource_op resource_op;
        uint8_t pad[128];
    } u;
};

/* mca: the same 152 bytes; fetch and physcpuinfo hold a handle. */
struct compat_xen_mc {
    uint32_t cmd;
    uint32_t interface_version;
    union {
        struct {
            uint32_t flags;
            uint32_t _pad0;
            compat_u64 fetch_id;
            compat_ptr_t data;
        } mc_fetch;
        struct {
            uint32_t ncpus;
            uint32_t _pad0;
            compat_ptr_t info;          /* 300-byte mcinfo_logical_cpu[] */
        } mc_physcpuinfo;
        uint8_t pad[144];
    } u;
};

/* mcinfo_logical_cpu: its msr array starts at 172 (176 at 64 bits). */
#define COMPAT_MC_LOGICAL_CPU_SIZE      300
#define COMPAT_MC_LOGICAL_CPU_MSRVALUES 172

struct compat_platform_parameters {
    compat_ulong_t virt_start;
};

struct compat_start_info {
    char magic[32];
    compat_ulong_t nr_pages;
    compat_ulong_t shared_info;
    uint32_t flags;
    compat_ulong_t store_mfn;
    uint32_t store_evtchn;
    union {
        struct { compat_ulong_t mfn; uint32_t evtchn; } domU;
        struct { uint32_t info_off, info_size; } dom0;
    } console;
    compat_ulong_t pt_base;
    compat_ulong_t nr_pt_frames;
    compat_ulong_t mfn_list;
    compat_ulong_t mod_start;
    compat_ulong_t mod_len;
    int8_t cmd_line[1024];
    compat_ulong_t first_p2m_pfn;
    compat_ulong_t nr_p2m_frames;
};

/*
 * shared_info: 32-bit words make the 2-level bitmaps 1024 bits long; the
 * pending one starts where the 64-bit one does, the mask follows it.
 */
#define COMPAT_EVTCHN_2L_NR_PORTS       1024
#define COMPAT_SHINFO_EVTCHN_MASK       2176
/* The wallclock follows the mask; the seconds' high half is in arch. */
#define COMPAT_SHINFO_WC_VERSION        2304
#define COMPAT_SHINFO_WC_SEC            2308
#define COMPAT_SHINFO_WC_NSEC           2312
#define COMPAT_SHINFO_WC_SEC_HI         2340

/* vcpu_info: the fields whose place differs from the 64-bit layout. */
#define COMPAT_VCPU_INFO_PENDING_SEL    4       /* uint32_t */
#define COMPAT_VCPU_INFO_CR2            8       /* uint32_t */

#endif

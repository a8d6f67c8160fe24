/*
 * The core of the guest ABI: hypercall numbers, virtual IRQs, page-table
 * updates, domain ids, and the structures the hypervisor shares with
 * every PV guest (start_info, shared_info, vcpu_info).
 *
 * Layout-identical to Xen 4.17's public xen.h; names are Xen's because
 * guests use them.  Pinned by tests/abi and common/abi-check.c.
 *
 * Conventions in the comments of all public headers:
 *   IN     written by the caller, read by the hypervisor;
 *   OUT    written by the hypervisor;
 *   GST    in shared memory, written by the guest;
 *   XEN    in shared memory, written by the hypervisor.
 * Hypercalls return 0 or a positive value on success and -XEN_E* on
 * failure (errno.h), unless stated otherwise.
 */
#ifndef XEN_PUBLIC_XEN_H
#define XEN_PUBLIC_XEN_H

#include "xen-compat.h"
#include "xen-types.h"

#if defined(__i386__) || defined(__x86_64__)
#include "arch-x86/xen.h"
#else
#error "only x86 guests are supported"
#endif

#ifndef __ASSEMBLY__
/* Guest handles of the basic types. */
DEFINE_XEN_GUEST_HANDLE(char);
__DEFINE_XEN_GUEST_HANDLE(uchar, unsigned char);
DEFINE_XEN_GUEST_HANDLE(int);
__DEFINE_XEN_GUEST_HANDLE(uint, unsigned int);
DEFINE_XEN_GUEST_HANDLE(void);
DEFINE_XEN_GUEST_HANDLE(uint64_t);
DEFINE_XEN_GUEST_HANDLE(xen_pfn_t);
DEFINE_XEN_GUEST_HANDLE(xen_ulong_t);

/* Constants usable in both C (with a type suffix) and assembly (without). */
#define __xen_mk_uint(x)  x ## U
#define __xen_mk_ulong(x) x ## UL
#ifndef __xen_mk_ullong
#define __xen_mk_ullong(x) x ## ULL
#endif
#define xen_mk_uint(x)    __xen_mk_uint(x)
#define xen_mk_ulong(x)   __xen_mk_ulong(x)
#define xen_mk_ullong(x)  __xen_mk_ullong(x)
#else
#define xen_mk_uint(x)    x
#define xen_mk_ulong(x)   x
#define xen_mk_ullong(x)  x
#endif

/*
 * Hypercall numbers: the index of the 32-byte stub in the hypercall page.
 * The *_compat entries are the older forms of calls that were later
 * replaced; they keep their numbers for old guests.
 */
#define __HYPERVISOR_set_trap_table        0
#define __HYPERVISOR_mmu_update            1
#define __HYPERVISOR_set_gdt               2
#define __HYPERVISOR_stack_switch          3
#define __HYPERVISOR_set_callbacks         4
#define __HYPERVISOR_fpu_taskswitch        5
#define __HYPERVISOR_sched_op_compat       6    /* replaced by sched_op */
#define __HYPERVISOR_platform_op           7    /* dom0 only */
#define __HYPERVISOR_set_debugreg          8
#define __HYPERVISOR_get_debugreg          9
#define __HYPERVISOR_update_descriptor    10
#define __HYPERVISOR_memory_op            12
#define __HYPERVISOR_multicall            13
#define __HYPERVISOR_update_va_mapping    14
#define __HYPERVISOR_set_timer_op         15
#define __HYPERVISOR_event_channel_op_compat 16 /* replaced by event_channel_op */
#define __HYPERVISOR_xen_version          17
#define __HYPERVISOR_console_io           18
#define __HYPERVISOR_physdev_op_compat    19    /* replaced by physdev_op */
#define __HYPERVISOR_grant_table_op       20
#define __HYPERVISOR_vm_assist            21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret                 23    /* x86 PV only */
#define __HYPERVISOR_vcpu_op              24
#define __HYPERVISOR_set_segment_base     25    /* x86 64-bit PV only */
#define __HYPERVISOR_mmuext_op            26
#define __HYPERVISOR_xsm_op               27
#define __HYPERVISOR_nmi_op               28
#define __HYPERVISOR_sched_op             29
#define __HYPERVISOR_callback_op          30
#define __HYPERVISOR_xenoprof_op          31
#define __HYPERVISOR_event_channel_op     32
#define __HYPERVISOR_physdev_op           33
#define __HYPERVISOR_hvm_op               34
#define __HYPERVISOR_sysctl               35    /* toolstack only */
#define __HYPERVISOR_domctl               36    /* toolstack only */
#define __HYPERVISOR_kexec_op             37
#define __HYPERVISOR_tmem_op              38    /* retired */
#define __HYPERVISOR_argo_op              39
#define __HYPERVISOR_xenpmu_op            40
#define __HYPERVISOR_dm_op                41
#define __HYPERVISOR_hypfs_op             42

/* Eight numbers reserved for architecture-specific hypercalls. */
#define __HYPERVISOR_arch_0               48
#define __HYPERVISOR_arch_1               49
#define __HYPERVISOR_arch_2               50
#define __HYPERVISOR_arch_3               51
#define __HYPERVISOR_arch_4               52
#define __HYPERVISOR_arch_5               53
#define __HYPERVISOR_arch_6               54
#define __HYPERVISOR_arch_7               55

/*
 * Virtual IRQs: event sources inside the hypervisor, bound to a port with
 * EVTCHNOP_bind_virq.  Per-vCPU VIRQs (V) are bound once on each vCPU
 * that wants them and stay on that vCPU.  Global VIRQs (G) are bound once
 * per domain, initially to vCPU 0, and may be moved with
 * EVTCHNOP_bind_vcpu; those marked dom0 are only raised for the hardware
 * or control domain.
 */
#define VIRQ_TIMER      0   /* V: timer fired (set_timer_op, VCPUOP_*timer*) */
#define VIRQ_DEBUG      1   /* V: please dump debug state */
#define VIRQ_CONSOLE    2   /* G, dom0: input on the hypervisor console */
#define VIRQ_DOM_EXC    3   /* G, dom0: some domain shut down or crashed */
#define VIRQ_TBUF       4   /* G, dom0: trace buffers have records */
#define VIRQ_DEBUGGER   6   /* G, dom0: a domain paused for the debugger */
#define VIRQ_XENOPROF   7   /* V: profiling samples available */
#define VIRQ_CON_RING   8   /* G, dom0: new hypervisor console ring output */
#define VIRQ_PCPU_STATE 9   /* G, dom0: a physical CPU changed state */
#define VIRQ_MEM_EVENT  10  /* G, dom0: a memory event arrived */
#define VIRQ_ARGO       11  /* G: Argo message notification */
#define VIRQ_ENOMEM     12  /* G, dom0: the hypervisor heap is low */
#define VIRQ_XENPMU     13  /* V: performance counter interrupt */

/* Eight numbers reserved for architecture-specific VIRQs. */
#define VIRQ_ARCH_0    16
#define VIRQ_ARCH_1    17
#define VIRQ_ARCH_2    18
#define VIRQ_ARCH_3    19
#define VIRQ_ARCH_4    20
#define VIRQ_ARCH_5    21
#define VIRQ_ARCH_6    22
#define VIRQ_ARCH_7    23

#define NR_VIRQS       24

/*
 * HYPERVISOR_mmu_update(const struct mmu_update reqs[], unsigned int count,
 *                       unsigned int *done, unsigned int foreigndom)
 *
 * Applies 'count' requests in order; *done (if not NULL) is set to the
 * number completed, also when one fails.  The call is preemptible.
 *
 * foreigndom bits 0..15 name FD, the domain expected to own the frames
 * that new L1 entries map (DOMID_SELF for the caller).  Bits 16..31 name
 * PFD, the owner of the page tables being written: 0 means the caller,
 * n > 0 means domain n - 1.
 *
 * The low two bits of 'ptr' select the command; the rest is a machine
 * address.
 *
 * MMU_NORMAL_PT_UPDATE: write 'val' into the page-table entry at machine
 *   address ptr.  The frame holding the entry must be a validated page
 *   table of PFD; the new entry is validated like the whole table was
 *   (an L1 entry may map only FD's frames, never a page-table frame
 *   writably, never the hypervisor's range).  FD may be DOMID_IO to
 *   allow only I/O (non-RAM) mappings, or DOMID_XEN for a privileged
 *   caller to map hypervisor-owned frames it is allowed to see.
 * MMU_MACHPHYS_UPDATE: set M2P[ptr >> PAGE_SHIFT] = val; the frame must
 *   belong to FD (or the caller).
 * MMU_PT_UPDATE_PRESERVE_AD: as NORMAL, but the Accessed and Dirty bits
 *   already in the entry are kept (ORed into val) atomically.
 * MMU_PT_UPDATE_NO_TRANSLATE: as NORMAL, but val is used as given even
 *   for a translated FD.
 *
 * Page tables of PV guests are the hardware's: a frame the guest uses as
 * a page table must not be mapped writable anywhere, and a table is
 * validated (and typed) when it is pinned (MMUEXT_PIN_*) or first
 * installed (MMUEXT_NEW_BASEPTR).  Build a new address space bottom-up,
 * make every table frame read-only, pin the top level, then switch to it.
 *
 * PTE format is the hardware's, with one Xen twist: bit 7 of an L1 entry
 * selects PAT entries 4..7 (Xen's PAT MSR is WB, WT, UC-, UC, WC, WP,
 * reserved, reserved), so a guest wanting write-combining sets bit 7
 * rather than PWT.  Superpages are not mapped through PSE bits; see
 * MMUEXT_MARK_SUPER.
 */
#define MMU_NORMAL_PT_UPDATE       0    /* validated *ptr = val */
#define MMU_MACHPHYS_UPDATE        1    /* M2P[ptr >> 12] = val */
#define MMU_PT_UPDATE_PRESERVE_AD  2    /* *ptr = val | (*ptr & (A | D)) */
#define MMU_PT_UPDATE_NO_TRANSLATE 3    /* as NORMAL, val never translated */

/*
 * HYPERVISOR_mmuext_op(struct mmuext_op ops[], unsigned int count,
 *                      unsigned int *done, unsigned int foreigndom)
 *
 * Batched MMU operations; 'done' and preemption as for mmu_update.  Where
 * an operation names a frame, the frame must belong to foreigndom (or to
 * the caller for DOMID_SELF).
 *
 * PIN_Ln_TABLE   arg1.mfn: validate the frame as an Ln table and keep that
 *                type until MMUEXT_UNPIN_TABLE (pinning holds a type
 *                reference, so the table cannot be freed or made
 *                writable while pinned).  64-bit guests pin L4 tables,
 *                32-bit PAE guests L3 tables.
 * UNPIN_TABLE    arg1.mfn: drop the pin.
 * NEW_BASEPTR    arg1.mfn: load a new top-level table (kernel page table
 *                on 64-bit).
 * NEW_USER_BASEPTR arg1.mfn: 64-bit only: the table used while in guest
 *                user mode (0 = none).
 * TLB_FLUSH_LOCAL, INVLPG_LOCAL (arg1.linear_addr): this vCPU.
 * TLB_FLUSH_MULTI, INVLPG_MULTI (arg1.linear_addr): the vCPUs in the
 *                bitmap at arg2.vcpumask.
 * TLB_FLUSH_ALL, INVLPG_ALL (arg1.linear_addr): every vCPU of the domain.
 * FLUSH_CACHE    write back and invalidate this CPU's caches;
 *                FLUSH_CACHE_GLOBAL does so on every CPU (both need
 *                privilege).
 * SET_LDT        arg1.linear_addr (page aligned), arg2.nr_ents.
 * CLEAR_PAGE     arg1.mfn: zero the frame.
 * COPY_PAGE      arg1.mfn = destination, arg2.src_mfn = source.
 * MARK_SUPER, UNMARK_SUPER arg1.mfn: head of a superpage (retired).
 */
#define MMUEXT_PIN_L1_TABLE      0
#define MMUEXT_PIN_L2_TABLE      1
#define MMUEXT_PIN_L3_TABLE      2
#define MMUEXT_PIN_L4_TABLE      3
#define MMUEXT_UNPIN_TABLE       4
#define MMUEXT_NEW_BASEPTR       5
#define MMUEXT_TLB_FLUSH_LOCAL   6
#define MMUEXT_INVLPG_LOCAL      7
#define MMUEXT_TLB_FLUSH_MULTI   8
#define MMUEXT_INVLPG_MULTI      9
#define MMUEXT_TLB_FLUSH_ALL    10
#define MMUEXT_INVLPG_ALL       11
#define MMUEXT_FLUSH_CACHE      12
#define MMUEXT_SET_LDT          13
#define MMUEXT_NEW_USER_BASEPTR 15
#define MMUEXT_CLEAR_PAGE       16
#define MMUEXT_COPY_PAGE        17
#define MMUEXT_FLUSH_CACHE_GLOBAL 18
#define MMUEXT_MARK_SUPER       19
#define MMUEXT_UNMARK_SUPER     20

#ifndef __ASSEMBLY__
struct mmuext_op {
    unsigned int cmd;                   /* IN: MMUEXT_* */
    union {
        xen_pfn_t     mfn;              /* IN: pin/unpin, baseptrs, clear/copy, super */
        unsigned long linear_addr;      /* IN: INVLPG_*, SET_LDT */
    } arg1;
    union {
        unsigned int nr_ents;           /* IN: SET_LDT */
        XEN_GUEST_HANDLE(const_void) vcpumask; /* IN: *_MULTI: bitmap of vCPUs */
        xen_pfn_t src_mfn;              /* IN: COPY_PAGE */
    } arg2;
};
typedef struct mmuext_op mmuext_op_t;
DEFINE_XEN_GUEST_HANDLE(mmuext_op_t);
#endif

/*
 * HYPERVISOR_update_va_mapping(unsigned long va, u64 val, unsigned long flags)
 * HYPERVISOR_update_va_mapping_otherdomain(unsigned long va, u64 val,
 *                                          unsigned long flags, domid_t dom)
 *
 * Write the L1 entry that maps 'va' in the current page table with 'val'
 * (validated as by MMU_NORMAL_PT_UPDATE; frames must belong to 'dom' for
 * the second form), then flush as 'flags' says.  flags is one flush type
 * ORed with one scope; for the MULTI scope the rest of flags is a pointer
 * to a vCPU bitmap (so LOCAL is MULTI with a NULL bitmap).
 */
#define UVMF_NONE           (xen_mk_ulong(0) << 0)  /* no flush */
#define UVMF_TLB_FLUSH      (xen_mk_ulong(1) << 0)  /* flush whole TLB(s) */
#define UVMF_INVLPG         (xen_mk_ulong(2) << 0)  /* flush just va */
#define UVMF_FLUSHTYPE_MASK (xen_mk_ulong(3) << 0)
#define UVMF_MULTI          (xen_mk_ulong(0) << 2)  /* vCPUs in the bitmap */
#define UVMF_LOCAL          (xen_mk_ulong(0) << 2)  /* this vCPU */
#define UVMF_ALL            (xen_mk_ulong(1) << 2)  /* every vCPU */

/*
 * HYPERVISOR_console_io(unsigned int cmd, unsigned int count, char buf[])
 *
 * Privileged: the hardware domain, or a domain the toolstack allowed the
 * console (debug builds let every domain write).
 *
 * CONSOLEIO_write: print 'count' bytes of buf on the hypervisor console.
 *   The hardware domain's bytes go out as they are; other domains' are
 *   filtered to printable characters and may be held until a newline.
 *   Returns 0.
 * CONSOLEIO_read: copy up to 'count' (< 2 GiB) bytes of pending console
 *   input into buf; returns the number of bytes copied.
 */
#define CONSOLEIO_write         0
#define CONSOLEIO_read          1

/*
 * HYPERVISOR_vm_assist(unsigned int cmd, unsigned int type): switch an
 * optional hypervisor behaviour on or off for the calling domain.
 */
#define VMASST_CMD_enable                0
#define VMASST_CMD_disable               1

/* 32-bit guests: emulate 4 GiB segment limits (obsolete). */
#define VMASST_TYPE_4gb_segments         0
/* 32-bit guests: raise trap 15 whenever the above emulation kicks in. */
#define VMASST_TYPE_4gb_segments_notify  1
/*
 * Guest writes to its own L1 page tables (which it maps read-only) are
 * caught, validated and applied as if by MMU_NORMAL_PT_UPDATE.  Writes to
 * higher-level tables are not emulated.
 */
#define VMASST_TYPE_writable_pagetables  2
/* 32-bit PAE guests: page directory pointer tables may sit above 4 GiB. */
#define VMASST_TYPE_pae_extended_cr3     3
/*
 * Architectural IOPL: the virtual IOPL follows the EFLAGS given to
 * HYPERVISOR_iret, is reported in bounce frames, and the guest kernel
 * counts as ring 0 in IOPL checks.
 */
#define VMASST_TYPE_architectural_iopl   4
/*
 * The hypervisor sets XEN_RUNSTATE_UPDATE in a registered runstate area's
 * state_entry_time while it rewrites the area.
 */
#define VMASST_TYPE_runstate_update_flag 5
/*
 * 64-bit guests: keep the M2P out of user mode entirely.  Without it new
 * L4 tables start with the M2P slot empty and get it when used as a
 * kernel table; with it they start with the slot filled and lose it when
 * used as a user table.
 */
#define VMASST_TYPE_m2p_strict           32

/* Domain ids at or above DOMID_FIRST_RESERVED are never real domains. */
#define DOMID_FIRST_RESERVED xen_mk_uint(0x7FF0)
/* The calling domain. */
#define DOMID_SELF           xen_mk_uint(0x7FF0)
/*
 * As mmu_update's or update_va_mapping_otherdomain's foreign domain:
 * allow only mappings of I/O memory, never of RAM.  Any caller may use
 * it with mmu_update; the other use needs privilege.
 */
#define DOMID_IO             xen_mk_uint(0x7FF1)
/*
 * As a foreign domain (mmu_update, mmuext_op, update_va_mapping_otherdomain,
 * XENMAPSPACE_gmfn_foreign): map frames the hypervisor owns but lets a
 * privileged caller see (e.g. the M2P).
 */
#define DOMID_XEN            xen_mk_uint(0x7FF2)
/* Owner of shared (copy-on-write) pages. */
#define DOMID_COW            xen_mk_uint(0x7FF3)
/* Owner unknown or none. */
#define DOMID_INVALID        xen_mk_uint(0x7FF4)
/* The idle domain. */
#define DOMID_IDLE           xen_mk_uint(0x7FFF)
/* Bits that make up a domain id. */
#define DOMID_MASK           xen_mk_uint(0x7FFF)

#ifndef __ASSEMBLY__

typedef uint16_t domid_t;

/* One request of HYPERVISOR_mmu_update. */
struct mmu_update {
    uint64_t ptr;       /* IN: machine address of the target | MMU_* command */
    uint64_t val;       /* IN: new value */
};
typedef struct mmu_update mmu_update_t;
DEFINE_XEN_GUEST_HANDLE(mmu_update_t);

/*
 * HYPERVISOR_multicall(struct multicall_entry calls[], uint32_t nr_calls)
 * runs several hypercalls in one trap, in order; each entry's result
 * receives that call's return value.  Fields are the guest's native
 * register width (upper bits must be 0 where xen_ulong_t is wider).
 */
struct multicall_entry {
    xen_ulong_t op;         /* IN: __HYPERVISOR_* */
    xen_ulong_t result;     /* OUT: the call's return value */
    xen_ulong_t args[6];    /* IN: its arguments */
};
typedef struct multicall_entry multicall_entry_t;
DEFINE_XEN_GUEST_HANDLE(multicall_entry_t);

/*
 * Per-vCPU time, XEN.  The hypervisor makes 'version' odd, updates the
 * other fields, then makes it even again; a reader retries while the
 * version is odd or changed across its reads (a seqlock).
 *
 *   now (ns) = system_time +
 *              ((((tsc - tsc_timestamp) << tsc_shift) * tsc_to_system_mul) >> 32)
 * where a negative tsc_shift means a right shift; and the TSC frequency
 * is ((10^9 << 32) / tsc_to_system_mul) >> tsc_shift Hz.
 */
struct vcpu_time_info {
    uint32_t version;
    uint32_t pad0;
    uint64_t tsc_timestamp;     /* TSC when system_time was sampled */
    uint64_t system_time;       /* ns since the hypervisor booted */
    uint32_t tsc_to_system_mul; /* TSC ticks to ns: 32.32 fixed point */
    int8_t   tsc_shift;
    uint8_t  flags;             /* XEN_PVCLOCK_* */
    uint8_t  pad1[2];
};
typedef struct vcpu_time_info vcpu_time_info_t;

#define XEN_PVCLOCK_TSC_STABLE_BIT     (1 << 0) /* TSC is synchronised across CPUs */
#define XEN_PVCLOCK_GUEST_STOPPED      (1 << 1) /* the vCPU was paused */

/*
 * Per-vCPU shared data, 64 bytes: either in shared_info.vcpu_info[] (the
 * first XEN_LEGACY_MAX_VCPUS vCPUs) or wherever the guest placed it with
 * VCPUOP_register_vcpu_info.
 *
 * Event delivery works on a mask-and-pending pair, all without locked
 * instructions because only the vCPU itself (and the hypervisor on the
 * CPU running it) touches them:
 *  - evtchn_upcall_pending (XEN) is set when an event channel bound to
 *    this vCPU becomes pending; the guest clears it before scanning for
 *    work, so that nothing set during the scan is lost.
 *  - evtchn_upcall_mask (GST) is the PV interrupt flag: while non-zero the
 *    hypervisor makes no upcall.  Blocking (SCHEDOP_block) clears it.
 *    Masking per port (shared_info.evtchn_mask) is the fine-grained
 *    control; this one is for short critical sections.
 *  - evtchn_pending_sel (XEN, guest clears bits it has handled): bit n
 *    set means word n of shared_info.evtchn_pending may hold pending
 *    ports for this vCPU (2-level ABI).
 */
struct vcpu_info {
    uint8_t evtchn_upcall_pending;
    uint8_t evtchn_upcall_mask;
    xen_ulong_t evtchn_pending_sel;
    struct arch_vcpu_info arch;
    vcpu_time_info_t time;
};
#ifndef __XEN__
typedef struct vcpu_info vcpu_info_t;
#endif

/*
 * The shared-info page: one page per domain, its machine address given in
 * start_info.shared_info.  The structure is smaller than a page and may
 * grow; nothing else lives in the page.
 *
 * Event channels (2-level ABI) are numbered ports; each port has a bit in
 * evtchn_pending (XEN sets, guest clears) and one in evtchn_mask (GST
 * only; the hypervisor just reads it).  When a port goes 0 -> 1 pending
 * and is not masked, the hypervisor sets the port's word bit in the bound
 * vCPU's evtchn_pending_sel and then that vCPU's evtchn_upcall_pending,
 * and makes an upcall unless evtchn_upcall_mask is set.  A port that goes
 * pending while masked raises nothing when unmasked later (except through
 * EVTCHNOP_unmask): the guest must look at pending itself.
 *
 * Wall-clock time (XEN): the time of day at system time 0, i.e. now =
 * wc_sec.wc_nsec + vcpu_time_info system_time, both seconds since the
 * Unix epoch plus the domain's time offset.  Guarded by wc_version like
 * vcpu_time_info.version.
 */
struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];

    xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
    xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];

    uint32_t wc_version;
    uint32_t wc_sec;            /* low 32 bits of the seconds */
    uint32_t wc_nsec;
#if !defined(__i386__)
    uint32_t wc_sec_hi;         /* high 32 bits of the seconds */
#define xen_wc_sec_hi wc_sec_hi
#elif !defined(__XEN__) && !defined(__XEN_TOOLS__)
#define xen_wc_sec_hi arch.wc_sec_hi    /* no room here on 32-bit */
#endif

    struct arch_shared_info arch;
};
#ifndef __XEN__
typedef struct shared_info shared_info_t;
#endif

/*
 * How a PV guest starts (and what the dom0 builder must produce): the
 * kernel runs in a contiguous virtual region, aligned at its end to
 * 4 MiB, that holds in this order, each piece page aligned:
 *   a. the kernel image;
 *   b. the initial ramdisk, if any             [mod_start, mod_len];
 *   c. the P2M list (pfn -> mfn), unless the kernel asked for it
 *      elsewhere with XEN_ELFNOTE_INIT_P2M      [mfn_list, nr_pages];
 *   d. this start_info page                     [%rsi / %esi at entry];
 *      dom0's also holds its console info;
 *   e. domU only: the XenStore ring page;
 *   f. domU only: the console ring page;
 *   g. the initial page tables (mapped read-only) [pt_base, CR3];
 *   h. the boot stack                           [%rsp / %esp at entry].
 * At least 512 KiB of mapped padding follow the last piece (the region
 * grows by 4 MiB when needed).  Pseudo-physical frames start at 0 and run
 * through the region in order, so region offset == pseudo-physical
 * address.  Everything except the page tables is mapped writable.
 *
 * Old hypervisors put a 32-bit dom0's pt_base two pages past the real
 * start of its tables; guests may want to leave the two pages before
 * pt_base alone.
 */
#ifdef XEN_HAVE_PV_GUEST_ENTRY
struct start_info {
    /* Written at boot and again on resume. */
    char magic[32];             /* "xen-<version>-<platform>" */
    unsigned long nr_pages;     /* pages the domain owns */
    unsigned long shared_info;  /* machine address of the shared-info page */
    uint32_t flags;             /* SIF_* */
    xen_pfn_t store_mfn;        /* machine frame of the XenStore ring */
    uint32_t store_evtchn;      /* event channel for XenStore */
    union {
        struct {
            xen_pfn_t mfn;      /* machine frame of the console ring */
            uint32_t  evtchn;   /* event channel for the console */
        } domU;
        struct {
            uint32_t info_off;  /* offset of dom0_vga_console_info in this page */
            uint32_t info_size; /* its size */
        } dom0;
    } console;
    /* Written at boot only. */
    unsigned long pt_base;      /* virtual address of the top-level page table */
    unsigned long nr_pt_frames; /* frames of initial page tables */
    unsigned long mfn_list;     /* virtual address of the P2M list */
    unsigned long mod_start;    /* virtual address of the ramdisk, or its
                                   first PFN with SIF_MOD_START_PFN */
    unsigned long mod_len;      /* its size in bytes */
#define MAX_GUEST_CMDLINE 1024
    int8_t cmd_line[MAX_GUEST_CMDLINE];
    /* Frames holding the initial page tables and P2M, when relocated. */
    unsigned long first_p2m_pfn;
    unsigned long nr_p2m_frames;
};
typedef struct start_info start_info_t;
#endif /* XEN_HAVE_PV_GUEST_ENTRY */

/* start_info.flags */
#define SIF_PRIVILEGED    (1 << 0)  /* may use privileged operations */
#define SIF_INITDOMAIN    (1 << 1)  /* is the initial (control) domain */
#define SIF_MULTIBOOT_MOD (1 << 2)  /* the module is a xen_multiboot_mod_list package */
#define SIF_MOD_START_PFN (1 << 3)  /* mod_start is a PFN, not an address */
#define SIF_VIRT_P2M_4TOOLS (1 << 4) /* tools read the linear P2M, not the 3-level tree */
#define SIF_PM_MASK       (0xFF << 8) /* reserved for power management */

/*
 * A "multiboot module package": a module that begins with an array of
 * these, ended by an entry with mod_start == 0.  Addresses are offsets
 * from the start of the package.
 */
struct xen_multiboot_mod_list {
    uint32_t mod_start;         /* first byte of the module */
    uint32_t mod_end;           /* last byte of the module (inclusive) */
    uint32_t cmdline;           /* NUL-terminated command line */
    uint32_t pad;               /* must be 0 */
};

/*
 * Dom0's console: what the hypervisor found the display to be, so that
 * dom0 can drive it.  Lives in the start_info page at console.dom0.info_off.
 */
typedef struct dom0_vga_console_info {
    uint8_t video_type;         /* XEN_VGATYPE_* */
#define XEN_VGATYPE_TEXT_MODE_3 0x03
#define XEN_VGATYPE_VESA_LFB    0x23
#define XEN_VGATYPE_EFI_LFB     0x70

    union {
        struct {
            uint16_t font_height;           /* pixels */
            uint16_t cursor_x, cursor_y;    /* column, row */
            uint16_t rows, columns;         /* characters */
        } text_mode_3;

        struct {
            uint16_t width, height;         /* pixels */
            uint16_t bytes_per_line;
            uint16_t bits_per_pixel;
            uint32_t lfb_base;              /* physical address, low 32 bits */
            uint32_t lfb_size;              /* in 64 KiB units */
            /* Bit position and width of each colour (VBE 1.2+). */
            uint8_t  red_pos, red_size;
            uint8_t  green_pos, green_size;
            uint8_t  blue_pos, blue_size;
            uint8_t  rsvd_pos, rsvd_size;
            uint32_t gbl_caps;              /* VBE controller capabilities */
            uint16_t mode_attrs;            /* VBE mode attributes */
            uint16_t pad;
            uint32_t ext_lfb_base;          /* physical address, high 32 bits */
        } vesa_lfb;
    } u;
} dom0_vga_console_info_t;
#define xen_vga_console_info   dom0_vga_console_info
#define xen_vga_console_info_t dom0_vga_console_info_t

/* A domain's UUID as the toolstack set it (XENVER_guest_handle). */
typedef uint8_t xen_domain_handle_t[16];

__DEFINE_XEN_GUEST_HANDLE(uint8,  uint8_t);
__DEFINE_XEN_GUEST_HANDLE(uint16, uint16_t);
__DEFINE_XEN_GUEST_HANDLE(uint32, uint32_t);
__DEFINE_XEN_GUEST_HANDLE(uint64, uint64_t);

/* A UUID, bytes in the big-endian textual order (as Linux and libuuid). */
typedef struct {
    uint8_t a[16];
} xen_uuid_t;

/*
 * XEN_DEFINE_UUID(0x00112233, 0x4455, 0x6677, 0x8899,
 *                 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff)
 * is the xen_uuid_t written 00112233-4455-6677-8899-aabbccddeeff.
 */
#define XEN_DEFINE_UUID_(a, b, c, d, e1, e2, e3, e4, e5, e6)            \
    {{ ((a) >> 24) & 0xFF, ((a) >> 16) & 0xFF,                          \
       ((a) >>  8) & 0xFF, ((a) >>  0) & 0xFF,                          \
       ((b) >>  8) & 0xFF, ((b) >>  0) & 0xFF,                          \
       ((c) >>  8) & 0xFF, ((c) >>  0) & 0xFF,                          \
       ((d) >>  8) & 0xFF, ((d) >>  0) & 0xFF,                          \
       e1, e2, e3, e4, e5, e6 }}
#define XEN_DEFINE_UUID(a, b, c, d, e1, e2, e3, e4, e5, e6)             \
    ((xen_uuid_t)XEN_DEFINE_UUID_(a, b, c, d, e1, e2, e3, e4, e5, e6))

#endif /* !__ASSEMBLY__ */

/*
 * Toolstack and hypervisor only: types for structures that 32-bit and
 * 64-bit callers share unchanged (domctl, sysctl and some tools-only
 * sub-ops).  For 32-bit callers arch-x86/xen-x86_32.h has defined them
 * already; on 64-bit they are the plain types.
 */
#if defined(__XEN__) || defined(__XEN_TOOLS__)
#ifndef int64_aligned_t
#define int64_aligned_t int64_t
#endif
#ifndef uint64_aligned_t
#define uint64_aligned_t uint64_t
#endif
#ifndef XEN_GUEST_HANDLE_64
#define XEN_GUEST_HANDLE_64(name) XEN_GUEST_HANDLE(name)
#endif

#ifndef __ASSEMBLY__
/* A bitmap passed between the toolstack and the hypervisor. */
struct xenctl_bitmap {
    XEN_GUEST_HANDLE_64(uint8) bitmap;  /* IN/OUT: the bits */
    uint32_t nr_bits;                   /* IN: its length in bits */
};
typedef struct xenctl_bitmap xenctl_bitmap_t;
#endif
#endif /* __XEN__ || __XEN_TOOLS__ */

#endif /* XEN_PUBLIC_XEN_H */

/*
 * x86 part of the guest ABI, common to 32-bit and 64-bit PV guests: guest
 * handles, trap tables, the full vCPU context and the architecture part
 * of shared_info.  The width-specific parts come from xen-x86_64.h or
 * xen-x86_32.h, chosen by the compiler's __x86_64__ / __i386__.
 */

/* Either header may be included first; xen.h pulls this one in. */
#include "../xen.h"

#ifndef XEN_PUBLIC_ARCH_X86_XEN_H
#define XEN_PUBLIC_ARCH_X86_XEN_H

/*
 * Guest handles.  A guest handle is a guest virtual address passed to the
 * hypervisor, inside a structure (XEN_GUEST_HANDLE) or as a hypercall
 * argument (XEN_GUEST_HANDLE_PARAM; the same thing on x86).  It is wrapped
 * in a one-member struct so that the compiler keeps guest pointers apart
 * from ordinary ones: the hypervisor never dereferences a handle, it
 * copies through it with fault-tolerant accessors.  Its size is the
 * guest's pointer size (4 bytes for 32-bit guests).
 *
 * DEFINE_XEN_GUEST_HANDLE(foo_t) declares the handle types for foo_t and
 * const foo_t; XEN_GUEST_HANDLE(foo_t) names the first, and
 * XEN_GUEST_HANDLE(const_foo_t) the second.
 */
#define ___DEFINE_XEN_GUEST_HANDLE(name, type)                          \
    typedef struct { type *p; } __guest_handle_ ## name
#define __DEFINE_XEN_GUEST_HANDLE(name, type)                           \
    ___DEFINE_XEN_GUEST_HANDLE(name, type);                             \
    ___DEFINE_XEN_GUEST_HANDLE(const_ ## name, const type)
#define DEFINE_XEN_GUEST_HANDLE(name)   __DEFINE_XEN_GUEST_HANDLE(name, name)
#define __XEN_GUEST_HANDLE(name)        __guest_handle_ ## name
#define XEN_GUEST_HANDLE(name)          __XEN_GUEST_HANDLE(name)
#define XEN_GUEST_HANDLE_PARAM(name)    XEN_GUEST_HANDLE(name)
#define set_xen_guest_handle_raw(hnd, val)  do { (hnd).p = (val); } while ( 0 )
#define set_xen_guest_handle(hnd, val)  set_xen_guest_handle_raw(hnd, val)

#if defined(__i386__)
#include "xen-x86_32.h"
#elif defined(__x86_64__)
#include "xen-x86_64.h"
#else
#error "arch-x86/xen.h needs __i386__ or __x86_64__"
#endif

#ifndef __ASSEMBLY__
/* A guest frame number: machine frame for PV guests, guest frame for HVM. */
typedef unsigned long xen_pfn_t;
#define PRI_xen_pfn  "lx"
#define PRIu_xen_pfn "lu"
#endif

/* x86 guests may be PV: start_info and the PV entry protocol exist. */
#define XEN_HAVE_PV_GUEST_ENTRY 1

/* vcpu_info has evtchn_upcall_mask, the PV guest's interrupt flag. */
#define XEN_HAVE_PV_UPCALL_MASK 1

/*
 * HYPERVISOR_set_gdt(const xen_pfn_t frames[], unsigned int entries)
 * installs a guest GDT made of up to 14 frames.  The hypervisor owns page
 * FIRST_RESERVED_GDT_PAGE of every GDT (its own selectors and the FLAT_*
 * guest selectors live there), so 'entries' may not reach into it.  Guest
 * LDTs are set with MMUEXT_SET_LDT.
 *
 * HYPERVISOR_update_descriptor(u64 ma, u64 desc) writes one 8-byte
 * descriptor at machine address 'ma', which must be in a page of the
 * caller's GDT/LDT or in a writable page; 'desc' is validated first.
 */
#define FIRST_RESERVED_GDT_PAGE  14
#define FIRST_RESERVED_GDT_BYTE  (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)

/*
 * vCPUs that have a vcpu_info slot in shared_info; any further ones need
 * VCPUOP_register_vcpu_info.
 */
#define XEN_LEGACY_MAX_VCPUS 32

#ifndef __ASSEMBLY__

/* The guest's native word: 4 bytes for 32-bit guests, 8 for 64-bit. */
typedef unsigned long xen_ulong_t;
#define PRI_xen_ulong "lx"

/*
 * HYPERVISOR_stack_switch(unsigned long ss, unsigned long esp) sets the
 * kernel stack the hypervisor switches to when it delivers a trap from
 * guest user mode (the PV equivalent of TSS.SS0:ESP0).
 *
 * HYPERVISOR_set_trap_table(const struct trap_info traps[]) loads the
 * guest's virtual IDT.  The array ends with an entry whose address is 0.
 * 'flags' bits 0..1 give the privilege an INT n needs to reach the
 * handler (the DPL): 0 nobody, 1 or 2 the guest kernel, 3 everyone.  On
 * 64-bit, where guest kernel and user share ring 3, "kernel" means guest
 * kernel mode.  Bit 2 set means events are masked on entry (an interrupt
 * gate rather than a trap gate).
 */
#define TI_GET_DPL(_ti)         ((_ti)->flags & 3)
#define TI_GET_IF(_ti)          ((_ti)->flags & 4)
#define TI_SET_DPL(_ti, _dpl)   ((_ti)->flags |= (_dpl))
#define TI_SET_IF(_ti, _if)     ((_ti)->flags |= ((!!(_if)) << 2))
struct trap_info {
    uint8_t       vector;       /* IN: exception/interrupt vector */
    uint8_t       flags;        /* IN: DPL in bits 0..1, mask events in bit 2 */
    uint16_t      cs;           /* IN: code selector of the handler */
    unsigned long address;      /* IN: handler offset; 0 ends the table */
};
typedef struct trap_info trap_info_t;
DEFINE_XEN_GUEST_HANDLE(trap_info_t);

typedef uint64_t tsc_timestamp_t;   /* a raw RDTSC value */

/*
 * The whole architectural state of a PV vCPU.  IN to VCPUOP_initialise
 * (the state a secondary vCPU starts with) and to the toolstack's
 * set-context; OUT from get-context.  fpu_ctxt is in FXSAVE format and
 * comes first so that it is 16-byte aligned when the struct is.
 *
 * For HVM vCPUs only fpu_ctxt (with VGCF_I387_VALID), flags, user_regs
 * and debugreg are used by set-context; VCPUOP_initialise takes a
 * different structure for them.
 */
struct vcpu_guest_context {
    struct { char x[512]; } fpu_ctxt;       /* FXSAVE image */
#define VGCF_I387_VALID                (1 << 0)
#define VGCF_IN_KERNEL                 (1 << 2)
#define _VGCF_i387_valid               0
#define VGCF_i387_valid                (1 << _VGCF_i387_valid)    /* fpu_ctxt valid */
#define _VGCF_in_kernel                2
#define VGCF_in_kernel                 (1 << _VGCF_in_kernel)     /* kernel mode */
#define _VGCF_failsafe_disables_events 3
#define VGCF_failsafe_disables_events  (1 << _VGCF_failsafe_disables_events)
#define _VGCF_syscall_disables_events  4
#define VGCF_syscall_disables_events   (1 << _VGCF_syscall_disables_events)
#define _VGCF_online                   5
#define VGCF_online                    (1 << _VGCF_online)        /* vCPU is up */
    unsigned long flags;                    /* VGCF_* */
    struct cpu_user_regs user_regs;         /* general registers */
    struct trap_info trap_ctxt[256];        /* virtual IDT */
    unsigned long ldt_base, ldt_ents;       /* LDT linear address, entries */
    unsigned long gdt_frames[16], gdt_ents; /* GDT frames, entries */
    unsigned long kernel_ss, kernel_sp;     /* stack_switch values */
    /*
     * CR0..CR7; ctrlreg[3] is made with xen_pfn_to_cr3().  64-bit guests:
     * ctrlreg[1] holds the user page table.
     */
    unsigned long ctrlreg[8];
    unsigned long debugreg[8];              /* DR0..DR7 */
#ifdef __i386__
    unsigned long event_callback_cs;        /* event upcall CS:EIP */
    unsigned long event_callback_eip;
    unsigned long failsafe_callback_cs;     /* failsafe callback CS:EIP */
    unsigned long failsafe_callback_eip;
#else
    unsigned long event_callback_eip;
    unsigned long failsafe_callback_eip;
#ifdef __XEN__
    /* The hypervisor reuses this slot for a compat guest's callback CSes. */
    union {
        unsigned long syscall_callback_eip;
        struct {
            unsigned int event_callback_cs;
            unsigned int failsafe_callback_cs;
        };
    };
#else
    unsigned long syscall_callback_eip;
#endif
#endif
    unsigned long vm_assist;                /* bitmap of enabled VMASST_TYPE_* */
#ifdef __x86_64__
    uint64_t      fs_base;                  /* segment bases */
    uint64_t      gs_base_kernel;
    uint64_t      gs_base_user;
#endif
};
typedef struct vcpu_guest_context vcpu_guest_context_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_guest_context_t);

/* The architecture part of struct shared_info (xen.h). */
struct arch_shared_info {
    /*
     * GST: number of entries in the guest's P2M (pfn -> mfn) list, found
     * either through the 3-level frame list below or at p2m_vaddr.
     */
    unsigned long max_pfn;
    /*
     * GST: frame of the top of a 3-level tree of frame lists whose leaves
     * hold the P2M; 0 when not set up yet, ~0 when the P2M is too large
     * for the tree and only p2m_vaddr describes it.  Read by the tools
     * (save, migration, dump).
     */
    xen_pfn_t     pfn_to_mfn_frame_list_list;
    /* XEN: XEN_NMIREASON_* bits for dom0's NMI handler (nmi.h). */
    unsigned long nmi_reason;
    /*
     * GST: the linear P2M list, valid when p2m_cr3 is non-zero.  p2m_cr3
     * is the page table (in CR3 format, xen_pfn_to_cr3()) in which
     * p2m_vaddr maps entries 0..max_pfn-1.  The guest increments
     * p2m_generation before and after remapping any part of the list
     * (odd = update in progress) and changes single entries only with
     * atomic writes, so that tools reading it can detect races.
     */
    unsigned long p2m_cr3;
    unsigned long p2m_vaddr;
    unsigned long p2m_generation;
#ifdef __i386__
    /* XEN: bits 32..63 of shared_info.wc_sec (64-bit guests have it there). */
    uint32_t wc_sec_hi;
#endif
};
typedef struct arch_shared_info arch_shared_info_t;

#if defined(__XEN__) || defined(__XEN_TOOLS__)
/*
 * x86 part of the domain-creation configuration (domctl).  Its layout is
 * versioned with the domctl interface, not with the guest ABI.
 * emulation_flags selects the devices the hypervisor emulates for an HVM
 * guest; PV guests use 0 (or XEN_X86_EMU_PIT only).
 */
struct xen_arch_domainconfig {
#define _XEN_X86_EMU_LAPIC          0
#define XEN_X86_EMU_LAPIC           (1U << _XEN_X86_EMU_LAPIC)
#define _XEN_X86_EMU_HPET           1
#define XEN_X86_EMU_HPET            (1U << _XEN_X86_EMU_HPET)
#define _XEN_X86_EMU_PM             2
#define XEN_X86_EMU_PM              (1U << _XEN_X86_EMU_PM)
#define _XEN_X86_EMU_RTC            3
#define XEN_X86_EMU_RTC             (1U << _XEN_X86_EMU_RTC)
#define _XEN_X86_EMU_IOAPIC         4
#define XEN_X86_EMU_IOAPIC          (1U << _XEN_X86_EMU_IOAPIC)
#define _XEN_X86_EMU_PIC            5
#define XEN_X86_EMU_PIC             (1U << _XEN_X86_EMU_PIC)
#define _XEN_X86_EMU_VGA            6
#define XEN_X86_EMU_VGA             (1U << _XEN_X86_EMU_VGA)
#define _XEN_X86_EMU_IOMMU          7
#define XEN_X86_EMU_IOMMU           (1U << _XEN_X86_EMU_IOMMU)
#define _XEN_X86_EMU_PIT            8
#define XEN_X86_EMU_PIT             (1U << _XEN_X86_EMU_PIT)
#define _XEN_X86_EMU_USE_PIRQ       9
#define XEN_X86_EMU_USE_PIRQ        (1U << _XEN_X86_EMU_USE_PIRQ)
#define _XEN_X86_EMU_VPCI           10
#define XEN_X86_EMU_VPCI            (1U << _XEN_X86_EMU_VPCI)
#define XEN_X86_EMU_ALL             (XEN_X86_EMU_LAPIC | XEN_X86_EMU_HPET |    \
                                     XEN_X86_EMU_PM | XEN_X86_EMU_RTC |        \
                                     XEN_X86_EMU_IOAPIC | XEN_X86_EMU_PIC |    \
                                     XEN_X86_EMU_VGA | XEN_X86_EMU_IOMMU |     \
                                     XEN_X86_EMU_PIT | XEN_X86_EMU_USE_PIRQ |  \
                                     XEN_X86_EMU_VPCI)
    uint32_t emulation_flags;
    /*
     * Guest accesses to MSRs the hypervisor does not handle do not raise
     * #GP; the real MSR is still never read or written.
     */
#define XEN_X86_MSR_RELAXED (1u << 0)
    uint32_t misc_flags;
};
#define XEN_X86_MISC_FLAGS_MAX XEN_X86_MSR_RELAXED   /* highest misc_flags bit */
#endif /* __XEN__ || __XEN_TOOLS__ */

/*
 * One CPUID leaf and one MSR, as the toolstack exchanges a domain's CPU
 * policy with the hypervisor.
 */
typedef struct xen_cpuid_leaf {
#define XEN_CPUID_NO_SUBLEAF 0xffffffffu    /* leaf has no sub-leaves */
    uint32_t leaf, subleaf;
    uint32_t a, b, c, d;                    /* EAX, EBX, ECX, EDX */
} xen_cpuid_leaf_t;
DEFINE_XEN_GUEST_HANDLE(xen_cpuid_leaf_t);

typedef struct xen_msr_entry {
    uint32_t idx;                           /* MSR index */
    uint32_t flags;                         /* reserved, must be 0 */
    uint64_t val;
} xen_msr_entry_t;
DEFINE_XEN_GUEST_HANDLE(xen_msr_entry_t);

#endif /* !__ASSEMBLY__ */

/*
 * HYPERVISOR_fpu_taskswitch(int set): set (non-zero) or clear CR0.TS for
 * the calling vCPU.
 *
 * HYPERVISOR_set_debugreg(int reg, unsigned long value) and
 * HYPERVISOR_get_debugreg(int reg): DR0..DR7.  get_debugreg returns the
 * value, or (unsigned long)-XEN_EINVAL for a bad reg, which cannot be told
 * apart from a register holding that value.
 */

/*
 * The forced-emulation prefix: "ud2; .ascii 'xen'" followed by CPUID
 * makes a PV kernel's CPUID trap to the hypervisor, which answers with
 * the guest's policy instead of the raw CPU's.  CPUID is the only
 * instruction accepted after the prefix.
 */
#ifdef __ASSEMBLY__
#define XEN_EMULATE_PREFIX .byte 0x0f,0x0b,0x78,0x65,0x6e ;
#define XEN_CPUID          XEN_EMULATE_PREFIX cpuid
#else
#define XEN_EMULATE_PREFIX ".byte 0x0f,0x0b,0x78,0x65,0x6e ; "
#define XEN_CPUID          XEN_EMULATE_PREFIX "cpuid"
#endif

/* HVM guests: bytes written to this port go to the hypervisor console. */
#define XEN_HVM_DEBUGCONS_IOPORT 0xe9

#endif /* XEN_PUBLIC_ARCH_X86_XEN_H */

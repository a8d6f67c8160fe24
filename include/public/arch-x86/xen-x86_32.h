/*
 * Guest ABI for 32-bit (PAE) x86 PV guests.  Included through
 * arch-x86/xen.h when __i386__ is defined.  The hypervisor itself is
 * always 64-bit; it runs such guests in compat mode and translates these
 * 32-bit layouts at the hypercall boundary.
 *
 * Hypercall calling convention (32-bit PV):
 *   number     chooses the 32-byte stub at hypercall_page + 32 * number,
 *              which the guest CALLs (the stub enters with int $0x82).
 *   arguments  %ebx, %ecx, %edx, %esi, %edi, %ebp (first to sixth).
 *   result     %eax (a -XEN_E* value on failure).
 *   clobbered  the argument registers the call takes (a two-argument
 *              call may change %ebx and %ecx); nothing else.
 */
/* Normally reached through arch-x86/xen.h; this makes it stand alone. */
#ifndef __i386__
#error "this header describes 32-bit guests: compile with -m32"
#endif
#include "xen.h"

#ifndef XEN_PUBLIC_ARCH_X86_XEN_X86_32_H
#define XEN_PUBLIC_ARCH_X86_XEN_X86_32_H

/*
 * Flat segments in the hypervisor-reserved part of every GDT.  A 32-bit
 * PV kernel runs in ring 1, its user space in ring 3.
 */
#define FLAT_RING1_CS 0xe019        /* entry 259: code, DPL 1 */
#define FLAT_RING1_DS 0xe021        /* entry 260: data, DPL 1 */
#define FLAT_RING1_SS 0xe021
#define FLAT_RING3_CS 0xe02b        /* entry 261: code, DPL 3 */
#define FLAT_RING3_DS 0xe033        /* entry 262: data, DPL 3 */
#define FLAT_RING3_SS 0xe033

#define FLAT_KERNEL_CS FLAT_RING1_CS
#define FLAT_KERNEL_DS FLAT_RING1_DS
#define FLAT_KERNEL_SS FLAT_RING1_SS
#define FLAT_USER_CS   FLAT_RING3_CS
#define FLAT_USER_DS   FLAT_RING3_DS
#define FLAT_USER_SS   FLAT_RING3_SS

/*
 * The top of a PAE guest's 4 GiB that the hypervisor keeps for itself,
 * starting with the 16 MiB read-only M2P (4-byte PFNs).  The non-PAE
 * numbers are historical: non-PAE guests are not supported.
 */
#define __HYPERVISOR_VIRT_START_PAE    0xF5800000
#define __MACH2PHYS_VIRT_START_PAE     0xF5800000
#define __MACH2PHYS_VIRT_END_PAE       0xF6800000
#define HYPERVISOR_VIRT_START_PAE      xen_mk_ulong(__HYPERVISOR_VIRT_START_PAE)
#define MACH2PHYS_VIRT_START_PAE       xen_mk_ulong(__MACH2PHYS_VIRT_START_PAE)
#define MACH2PHYS_VIRT_END_PAE         xen_mk_ulong(__MACH2PHYS_VIRT_END_PAE)

#define __HYPERVISOR_VIRT_START_NONPAE 0xFC000000
#define __MACH2PHYS_VIRT_START_NONPAE  0xFC000000
#define __MACH2PHYS_VIRT_END_NONPAE    0xFC400000
#define HYPERVISOR_VIRT_START_NONPAE   xen_mk_ulong(__HYPERVISOR_VIRT_START_NONPAE)
#define MACH2PHYS_VIRT_START_NONPAE    xen_mk_ulong(__MACH2PHYS_VIRT_START_NONPAE)
#define MACH2PHYS_VIRT_END_NONPAE      xen_mk_ulong(__MACH2PHYS_VIRT_END_NONPAE)

#define __HYPERVISOR_VIRT_START __HYPERVISOR_VIRT_START_PAE
#define __MACH2PHYS_VIRT_START  __MACH2PHYS_VIRT_START_PAE
#define __MACH2PHYS_VIRT_END    __MACH2PHYS_VIRT_END_PAE

#ifndef HYPERVISOR_VIRT_START
#define HYPERVISOR_VIRT_START xen_mk_ulong(__HYPERVISOR_VIRT_START)
#endif

#define MACH2PHYS_VIRT_START  xen_mk_ulong(__MACH2PHYS_VIRT_START)
#define MACH2PHYS_VIRT_END    xen_mk_ulong(__MACH2PHYS_VIRT_END)
#define MACH2PHYS_NR_ENTRIES  ((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >> 2)
/* The guest's view of the M2P: machine_to_phys_mapping[mfn] == pfn. */
#ifndef machine_to_phys_mapping
#define machine_to_phys_mapping ((unsigned long *)MACH2PHYS_VIRT_START)
#endif

/*
 * 64-bit quantities and guest handles in structures that 32-bit and
 * 64-bit callers must share unchanged (the control interfaces: domctl,
 * sysctl and the like), for the toolstack and the hypervisor only.  i386
 * aligns uint64_t to 4 bytes inside structures, so those fields are
 * declared uint64_aligned_t, and pointers inside them
 * XEN_GUEST_HANDLE_64(name): an 8-byte slot whose low half is the
 * pointer.  Every handle type therefore also gets a _64 twin here, and
 * setting a handle clears an 8-byte slot first.
 */
#if defined(__XEN__) || defined(__XEN_TOOLS__)
#undef ___DEFINE_XEN_GUEST_HANDLE
#define ___DEFINE_XEN_GUEST_HANDLE(name, type)                          \
    typedef struct { type *p; } __guest_handle_ ## name;                \
    typedef struct { union { type *p; uint64_aligned_t q; }; }          \
        __guest_handle_64_ ## name
#undef set_xen_guest_handle_raw
#define set_xen_guest_handle_raw(hnd, val)                              \
    do {                                                                \
        if ( sizeof(hnd) == 8 )                                         \
            *(uint64_t *)&(hnd) = 0;                                    \
        (hnd).p = (val);                                                \
    } while ( 0 )
#define int64_aligned_t  int64_t __attribute__((aligned(8)))
#define uint64_aligned_t uint64_t __attribute__((aligned(8)))
#define __XEN_GUEST_HANDLE_64(name) __guest_handle_64_ ## name
#define XEN_GUEST_HANDLE_64(name)   __XEN_GUEST_HANDLE_64(name)
#endif

#ifndef __ASSEMBLY__

/*
 * How each general register is declared in struct cpu_user_regs: one
 * 32-bit slot, reachable as eax only, or (hypervisor and tools) also
 * through ax/al/ah and the 16-bit names.
 */
#if defined(__XEN__) || defined(__XEN_TOOLS__)
#define XEN_REG_X(c) union {                                            \
    uint32_t e##c##x;                                                   \
    uint16_t c##x;                                                      \
    struct { uint8_t c##l, c##h; };                                     \
}
#define XEN_REG_W(n) union { uint32_t e##n, _e##n; uint16_t n; }
#else
#define XEN_REG_X(c) uint32_t e##c##x
#define XEN_REG_W(n) uint32_t e##n
#endif

/*
 * A vCPU's user-visible registers, in the order the 32-bit trap frames
 * use.  Same IN/OUT rules as the 64-bit struct: error_code and
 * entry_vector are hypervisor-private, eflags.IF mirrors
 * !saved_upcall_mask in frames given to the guest.
 */
struct cpu_user_regs {
    XEN_REG_X(b);
    XEN_REG_X(c);
    XEN_REG_X(d);
    XEN_REG_W(si);
    XEN_REG_W(di);
    XEN_REG_W(bp);
    XEN_REG_X(a);
    uint16_t error_code;        /* hypervisor-private */
    uint16_t entry_vector;      /* hypervisor-private */
    XEN_REG_W(ip);
    uint16_t cs;
    uint8_t  saved_upcall_mask;
    uint8_t  _pad0;
    XEN_REG_W(flags);           /* eflags.IF == !saved_upcall_mask */
    XEN_REG_W(sp);
    uint16_t ss, _pad1;
    uint16_t es, _pad2;
    uint16_t ds, _pad3;
    uint16_t fs, _pad4;
    uint16_t gs, _pad5;
};
typedef struct cpu_user_regs cpu_user_regs_t;
DEFINE_XEN_GUEST_HANDLE(cpu_user_regs_t);

#undef XEN_REG_X
#undef XEN_REG_W

/*
 * PAE page directories may live above 4 GiB, beyond what a 32-bit CR3
 * can hold, so CR3 values (and ctrlreg[3] in vcpu_guest_context) carry
 * the frame number rotated left by 12: bits 20..31 of the frame number
 * wrap round into CR3 bits 0..11.  Always go through these two macros.
 */
#define xen_pfn_to_cr3(pfn) (((unsigned)(pfn) << 12) | ((unsigned)(pfn) >> 20))
#define xen_cr3_to_pfn(cr3) (((unsigned)(cr3) >> 12) | ((unsigned)(cr3) << 20))

/* The architecture part of struct vcpu_info (xen.h); 24 bytes. */
struct arch_vcpu_info {
    unsigned long cr2;          /* OUT: faulting address of the last #PF */
    unsigned long pad[5];       /* keeps sizeof(struct vcpu_info) at 64 */
};
typedef struct arch_vcpu_info arch_vcpu_info_t;

/* A callback entry point: code selector and offset. */
struct xen_callback {
    unsigned long cs;
    unsigned long eip;
};
typedef struct xen_callback xen_callback_t;

#endif /* !__ASSEMBLY__ */

#endif /* XEN_PUBLIC_ARCH_X86_XEN_X86_32_H */

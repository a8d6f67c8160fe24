/*
 * Guest ABI for 64-bit x86 PV guests: selectors, the hypervisor hole,
 * the register frame and the pieces whose width is that of a 64-bit
 * guest.  Included through arch-x86/xen.h when __x86_64__ is defined.
 *
 * Hypercall calling convention (64-bit PV):
 *   number     chooses the 32-byte stub at hypercall_page + 32 * number,
 *              which the guest CALLs; the stub itself holds the number.
 *   arguments  %rdi, %rsi, %rdx, %r10, %r8, %r9 (first to sixth).
 *   result     %rax (a -XEN_E* value on failure).
 *   clobbered  the argument registers the call takes (a two-argument
 *              call may change %rdi and %rsi); nothing else.
 * The hypercall page is filled in by the hypervisor at the address the
 * kernel names in XEN_ELFNOTE_HYPERCALL_PAGE (or via the Xen MSR).
 */
/* Normally reached through arch-x86/xen.h; this makes it stand alone. */
#ifndef __x86_64__
#error "this header describes 64-bit guests: compile with -m64"
#endif
#include "xen.h"

#ifndef XEN_PUBLIC_ARCH_X86_XEN_X86_64_H
#define XEN_PUBLIC_ARCH_X86_XEN_X86_64_H

/*
 * Flat segments in the hypervisor-reserved part of every GDT (entries
 * 260..262, i.e. page FIRST_RESERVED_GDT_PAGE).  A 64-bit PV kernel runs in
 * ring 3 like its user space, so kernel and user share these selectors;
 * the hypervisor tracks which of the two modes a vCPU is in.  The 64-bit
 * data selector is the null selector: long mode ignores DS/ES/SS bases.
 */
#define FLAT_RING3_CS32 0xe023      /* entry 260: 32-bit code, DPL 3 */
#define FLAT_RING3_CS64 0xe033      /* entry 262: 64-bit code, DPL 3 */
#define FLAT_RING3_DS32 0xe02b      /* entry 261: flat data, DPL 3 */
#define FLAT_RING3_DS64 0x0000      /* null selector */
#define FLAT_RING3_SS32 0xe02b
#define FLAT_RING3_SS64 0xe02b

#define FLAT_KERNEL_DS64 FLAT_RING3_DS64
#define FLAT_KERNEL_DS32 FLAT_RING3_DS32
#define FLAT_KERNEL_DS   FLAT_KERNEL_DS64
#define FLAT_KERNEL_CS64 FLAT_RING3_CS64
#define FLAT_KERNEL_CS32 FLAT_RING3_CS32
#define FLAT_KERNEL_CS   FLAT_KERNEL_CS64
#define FLAT_KERNEL_SS64 FLAT_RING3_SS64
#define FLAT_KERNEL_SS32 FLAT_RING3_SS32
#define FLAT_KERNEL_SS   FLAT_KERNEL_SS64

#define FLAT_USER_DS64 FLAT_RING3_DS64
#define FLAT_USER_DS32 FLAT_RING3_DS32
#define FLAT_USER_DS   FLAT_USER_DS64
#define FLAT_USER_CS64 FLAT_RING3_CS64
#define FLAT_USER_CS32 FLAT_RING3_CS32
#define FLAT_USER_CS   FLAT_USER_CS64
#define FLAT_USER_SS64 FLAT_RING3_SS64
#define FLAT_USER_SS32 FLAT_RING3_SS32
#define FLAT_USER_SS   FLAT_USER_SS64

/*
 * The hole no 64-bit PV guest may map: L4 slots 256..271.  Its first
 * 256 GiB hold the read-only machine-to-phys table (one 8-byte PFN per
 * machine frame), mapped into every PV guest.
 */
#define __HYPERVISOR_VIRT_START 0xFFFF800000000000
#define __HYPERVISOR_VIRT_END   0xFFFF880000000000
#define __MACH2PHYS_VIRT_START  0xFFFF800000000000
#define __MACH2PHYS_VIRT_END    0xFFFF804000000000

/* The hypervisor's own headers may already define these two. */
#ifndef HYPERVISOR_VIRT_START
#define HYPERVISOR_VIRT_START xen_mk_ulong(__HYPERVISOR_VIRT_START)
#define HYPERVISOR_VIRT_END   xen_mk_ulong(__HYPERVISOR_VIRT_END)
#endif

#define MACH2PHYS_VIRT_START  xen_mk_ulong(__MACH2PHYS_VIRT_START)
#define MACH2PHYS_VIRT_END    xen_mk_ulong(__MACH2PHYS_VIRT_END)
#define MACH2PHYS_NR_ENTRIES  ((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >> 3)
/* The guest's view of the M2P: machine_to_phys_mapping[mfn] == pfn. */
#ifndef machine_to_phys_mapping
#define machine_to_phys_mapping ((unsigned long *)HYPERVISOR_VIRT_START)
#endif

/*
 * HYPERVISOR_set_segment_base(unsigned int which, unsigned long base):
 * loads a segment base that a ring-3 kernel cannot load itself.
 * 0 on success.
 */
#define SEGBASE_FS          0   /* FS base (user and kernel share it) */
#define SEGBASE_GS_USER     1   /* GS base used while in guest user mode */
#define SEGBASE_GS_KERNEL   2   /* GS base used while in guest kernel mode */
#define SEGBASE_GS_USER_SEL 3   /* load user %gs with the selector in base[15:0] */

/*
 * HYPERVISOR_iret(void): return from the guest kernel to the interrupted
 * context.  The guest pushes a struct iret_context (below), lowest field
 * at the lowest address, and makes the hypercall with %rsp pointing at it;
 * the call does not return on success.
 *
 * The saved CS selects the mode to return to: RPL 3 means guest user
 * mode, RPL 0..2 means guest kernel mode (which runs in ring 3 too).  A
 * kernel returning to itself with RPL 0 in the frame may instead simply
 * OR 3 into the saved CS and execute IRETQ itself.
 *
 * With VGCF_in_syscall set in 'flags' the interrupted context was a
 * SYSCALL: only RAX, RIP, RFLAGS and RSP are restored (R11, RCX, CS and
 * SS are dropped, as SYSRET would).  Otherwise RAX, R11, RCX, CS:RIP,
 * RFLAGS and SS:RSP are restored.  All other registers keep the values
 * they have at the time of the hypercall.
 */
#define _VGCF_in_syscall 8
#define VGCF_in_syscall  (1 << _VGCF_in_syscall)
#define VGCF_IN_SYSCALL  VGCF_in_syscall

#ifndef __ASSEMBLY__

/* The frame HYPERVISOR_iret consumes; rax is at the lowest address. */
struct iret_context {
    uint64_t rax, r11, rcx, flags, rip, cs, rflags, rsp, ss;
};

/*
 * How each general register is declared in struct cpu_user_regs.
 * The storage is always one 64-bit slot; what varies is which names
 * reach it:
 *  - the hypervisor and tools (__XEN__ / __XEN_TOOLS__) get every
 *    architectural name: rax, eax (32-bit), ax (16-bit), al/ah, r8d ...
 *  - GNU C guests get the 64-bit name plus e-prefixed aliases of the
 *    full 64 bits (eax == rax) and _e-prefixed 32-bit views;
 *  - strict ISO C users get only the 64-bit name.
 * XEN_REG_X(a) declares rax, XEN_REG_L(bp) rbp, XEN_REG_W(ip) rip and
 * XEN_REG_N(8) r8.
 */
#if defined(__XEN__) || defined(__XEN_TOOLS__)
#define XEN_REG_X(c) union {                                            \
    uint64_t r##c##x;                                                   \
    uint32_t e##c##x;                                                   \
    uint16_t c##x;                                                      \
    struct { uint8_t c##l, c##h; };                                     \
}
#define XEN_REG_L(n) union {                                            \
    uint64_t r##n;                                                      \
    uint32_t e##n;                                                      \
    uint16_t n;                                                         \
    uint8_t n##l;                                                       \
}
#define XEN_REG_W(n) union {                                            \
    uint64_t r##n;                                                      \
    uint32_t e##n;                                                      \
    uint16_t n;                                                         \
}
#define XEN_REG_N(k) union {                                            \
    uint64_t r##k;                                                      \
    uint32_t r##k##d;                                                   \
    uint16_t r##k##w;                                                   \
    uint8_t r##k##b;                                                    \
}
#elif defined(__GNUC__) && !defined(__STRICT_ANSI__)
#define XEN_REG_GNU(n) union { uint64_t r##n, e##n; uint32_t _e##n; }
#define XEN_REG_X(c)   XEN_REG_GNU(c##x)
#define XEN_REG_L(n)   XEN_REG_GNU(n)
#define XEN_REG_W(n)   XEN_REG_GNU(n)
#define XEN_REG_N(k)   uint64_t r##k
#else
#define XEN_REG_X(c)   uint64_t r##c##x
#define XEN_REG_L(n)   uint64_t r##n
#define XEN_REG_W(n)   uint64_t r##n
#define XEN_REG_N(k)   uint64_t r##k
#endif

/*
 * A vCPU's user-visible registers.  OUT to the guest in trap frames it
 * reads through vcpu_guest_context (VCPUOP_initialise, domctl), IN when
 * a context is set.  error_code and entry_vector are hypervisor-private
 * scratch: guests must neither rely on nor set them.  saved_upcall_mask
 * holds the vCPU's event mask at the time of the trap; in frames given to
 * the guest, rflags.IF is its inverse.
 */
struct cpu_user_regs {
    XEN_REG_N(15);
    XEN_REG_N(14);
    XEN_REG_N(13);
    XEN_REG_N(12);
    XEN_REG_L(bp);
    XEN_REG_X(b);
    XEN_REG_N(11);
    XEN_REG_N(10);
    XEN_REG_N(9);
    XEN_REG_N(8);
    XEN_REG_X(a);
    XEN_REG_X(c);
    XEN_REG_X(d);
    XEN_REG_L(si);
    XEN_REG_L(di);
    uint32_t error_code;        /* hypervisor-private */
    uint32_t entry_vector;      /* hypervisor-private */
    XEN_REG_W(ip);
    uint16_t cs, _pad0[1];
    uint8_t  saved_upcall_mask;
    uint8_t  _pad1[3];
    XEN_REG_W(flags);           /* rflags.IF == !saved_upcall_mask */
    XEN_REG_L(sp);
    uint16_t ss, _pad2[3];
    uint16_t es, _pad3[3];
    uint16_t ds, _pad4[3];
    uint16_t fs, _pad5[3];
    uint16_t gs, _pad6[3];
};
typedef struct cpu_user_regs cpu_user_regs_t;
DEFINE_XEN_GUEST_HANDLE(cpu_user_regs_t);

#undef XEN_REG_GNU
#undef XEN_REG_X
#undef XEN_REG_L
#undef XEN_REG_W
#undef XEN_REG_N

/* A CR3 value (vcpu_guest_context.ctrlreg[3]) from a frame number and back. */
#define xen_pfn_to_cr3(pfn) ((unsigned long)(pfn) << 12)
#define xen_cr3_to_pfn(cr3) ((unsigned long)(cr3) >> 12)

/* The architecture part of struct vcpu_info (xen.h); 16 bytes. */
struct arch_vcpu_info {
    unsigned long cr2;          /* OUT: faulting address of the last #PF */
    unsigned long pad;          /* keeps sizeof(struct vcpu_info) at 64 */
};
typedef struct arch_vcpu_info arch_vcpu_info_t;

/* A callback entry point: a plain 64-bit address (CS is implied). */
typedef unsigned long xen_callback_t;

#endif /* !__ASSEMBLY__ */

#endif /* XEN_PUBLIC_ARCH_X86_XEN_X86_64_H */

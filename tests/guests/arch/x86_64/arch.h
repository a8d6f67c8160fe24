/*
 * What the test framework needs from the architecture, 64-bit PV flavour:
 * hypercall invocation, register frames, page-table geometry and a few
 * instructions.  A 32-bit PAE port provides the same names in
 * arch/x86_32/arch.h.
 */
#ifndef GUEST_ARCH_H
#define GUEST_ARCH_H

#define BITS_PER_LONG   64
/* Assembler directive for a pointer-sized datum. */
#define ASM_PTR         ".quad"

/* Page tables: 4 levels of 512 8-byte entries; the top one is pinned. */
#define PT_LEVELS       4
#define PT_ENTRIES      512
#define MMUEXT_PIN_TOP  MMUEXT_PIN_L4_TABLE
/*
 * Top-level slots: 0..255 are the guest's lower half; 256..271 hold the
 * hypervisor (its range and the M2P), which guests may not change.
 */
#define TOP_GUEST_LOW_SLOTS 256
#define TOP_XEN_SLOT_FIRST  256
#define TOP_XEN_SLOT_LAST   271

/* Addresses no hypercall may accept besides unmapped and hypervisor ones. */
#define ARCH_BAD_ADDRS  0x8000000000000000UL    /* non-canonical */

/*
 * Code selector of our handlers in the trap table: the flat kernel CS as
 * bounce frames show it in kernel context, with RPL 0.
 */
#define GUEST_KERNEL_CS (FLAT_KERNEL_CS64 & ~3)
/* The guest kernel's ring, and %ds as the kernel keeps it (null). */
#define GUEST_KERNEL_RPL    3
#define GUEST_KERNEL_DS     0
/* A flat code segment of the guest's kind: 64-bit (L), DPL 0. */
#define DESC_KERNEL_CODE0   0x00af9b000000ffffULL

#ifndef __ASSEMBLY__

typedef uint64_t pgentry_t;

/*
 * Hypercalls go through the hypervisor-written stub at hypercall_page +
 * 32 * number.  Arguments in rdi, rsi, rdx, r10, r8; result in rax; the
 * stub's syscall clobbers rcx and r11, and the hypervisor may rewrite the
 * argument registers when it continues a preempted call.  Macros rather
 * than functions so that the stub offset is an assembly-time constant.
 */
extern char hypercall_page[4096];

#define hypercall0(nr) ({                                               \
    long res_;                                                          \
    asm volatile ( "call hypercall_page + %c[off]"                      \
                   : "=a" (res_)                                        \
                   : [off] "i" ((nr) * 32)                              \
                   : "rcx", "r11", "memory" );                          \
    res_;                                                               \
})

#define hypercall1(nr, a1) ({                                           \
    long res_, d1_;                                                     \
    asm volatile ( "call hypercall_page + %c[off]"                      \
                   : "=a" (res_), "=D" (d1_)                            \
                   : [off] "i" ((nr) * 32), "1" ((long)(a1))            \
                   : "rcx", "r11", "memory" );                          \
    res_;                                                               \
})

#define hypercall2(nr, a1, a2) ({                                       \
    long res_, d1_, d2_;                                                \
    asm volatile ( "call hypercall_page + %c[off]"                      \
                   : "=a" (res_), "=D" (d1_), "=S" (d2_)                \
                   : [off] "i" ((nr) * 32), "1" ((long)(a1)),           \
                     "2" ((long)(a2))                                   \
                   : "rcx", "r11", "memory" );                          \
    res_;                                                               \
})

#define hypercall3(nr, a1, a2, a3) ({                                   \
    long res_, d1_, d2_, d3_;                                           \
    asm volatile ( "call hypercall_page + %c[off]"                      \
                   : "=a" (res_), "=D" (d1_), "=S" (d2_), "=d" (d3_)    \
                   : [off] "i" ((nr) * 32), "1" ((long)(a1)),           \
                     "2" ((long)(a2)), "3" ((long)(a3))                 \
                   : "rcx", "r11", "memory" );                          \
    res_;                                                               \
})

#define hypercall4(nr, a1, a2, a3, a4) ({                               \
    long res_, d1_, d2_, d3_;                                           \
    register long a4_ asm ( "r10" ) = (long)(a4);                       \
    asm volatile ( "call hypercall_page + %c[off]"                      \
                   : "=a" (res_), "=D" (d1_), "=S" (d2_), "=d" (d3_),   \
                     "+r" (a4_)                                         \
                   : [off] "i" ((nr) * 32), "1" ((long)(a1)),           \
                     "2" ((long)(a2)), "3" ((long)(a3))                 \
                   : "rcx", "r11", "memory" );                          \
    res_;                                                               \
})

#define hypercall5(nr, a1, a2, a3, a4, a5) ({                           \
    long res_, d1_, d2_, d3_;                                           \
    register long a4_ asm ( "r10" ) = (long)(a4);                       \
    register long a5_ asm ( "r8" ) = (long)(a5);                        \
    asm volatile ( "call hypercall_page + %c[off]"                      \
                   : "=a" (res_), "=D" (d1_), "=S" (d2_), "=d" (d3_),   \
                     "+r" (a4_), "+r" (a5_)                             \
                   : [off] "i" ((nr) * 32), "1" ((long)(a1)),           \
                     "2" ((long)(a2)), "3" ((long)(a3))                 \
                   : "rcx", "r11", "memory" );                          \
    res_;                                                               \
})

/*
 * Registers of an interrupted context, as entry.S saves them below the
 * hypervisor's bounce frame (rip .. ss).  'vector' is the exception
 * number, or one of the TRAP_* markers below for callbacks.
 */
struct trap_frame {
    unsigned long r15, r14, r13, r12, r11, r10, r9, r8;
    unsigned long rbp, rdi, rsi, rdx, rcx, rbx, rax;
    unsigned long vector, error;
    unsigned long rip, cs, rflags, rsp, ss;
};
#define TRAP_UPCALL     256     /* event upcall */
#define TRAP_SYSCALL    257     /* syscall from guest user mode */
#define TRAP_FAILSAFE   258     /* failsafe callback */

#define frame_ip(f)     ((f)->rip)
/* The interrupted flags; where the cs word keeps the saved event mask. */
#define frame_flags(f)  ((f)->rflags)
#define FRAME_CS_MASK_SHIFT 32
/* The accumulator: system call number in, result out. */
#define frame_ax(f)     ((f)->rax)
/* CS RPL: 0 if guest kernel mode was interrupted, 3 if user mode. */
#define frame_rpl(f)    ((f)->cs & 3)

/* Callee-saved registers, stack and resume address (see arch setjmp). */
typedef struct {
    unsigned long rbx, rbp, r12, r13, r14, r15, rsp, rip;
} jmp_buf[1];

int setjmp(jmp_buf env) __attribute__((returns_twice));
void longjmp(jmp_buf env, int val) __attribute__((noreturn));

/* Enter guest user mode at 'ip' with stack 'sp' (never returns). */
void arch_enter_user(unsigned long ip, unsigned long sp)
    __attribute__((noreturn));

/*
 * A system call from guest user mode: the hypervisor bounces it to the
 * kernel's syscall callback (from kernel mode it would be a hypercall).
 */
static inline long user_syscall(long nr)
{
    long ret;

    asm volatile ( "syscall" : "=a" (ret) : "a" (nr) : "rcx", "r11", "memory" );
    return ret;
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    asm volatile ( "rdtsc" : "=a" (lo), "=d" (hi) );
    return ((uint64_t)hi << 32) | lo;
}

/* rdtsc that no earlier instruction may pass (for timing). */
static inline uint64_t rdtsc_ordered(void)
{
    asm volatile ( "lfence" ::: "memory" );
    return rdtsc();
}

#define barrier()       asm volatile ( "" ::: "memory" )
#define cpu_relax()     asm volatile ( "pause" ::: "memory" )

static inline unsigned long xchg_ulong(unsigned long *p, unsigned long v)
{
    asm volatile ( "xchg %0, %1" : "+r" (v), "+m" (*p) :: "memory" );
    return v;
}

/* Atomic against the hypervisor setting other bits of the same word. */
static inline void clear_bit_atomic(unsigned int nr, unsigned long *addr)
{
    asm volatile ( "lock btr %1, %0" : "+m" (*addr) : "Ir" ((long)nr)
                   : "memory" );
}

static inline void set_bit_atomic(unsigned int nr, unsigned long *addr)
{
    asm volatile ( "lock bts %1, %0" : "+m" (*addr) : "Ir" ((long)nr)
                   : "memory" );
}

static inline unsigned int first_set_bit(unsigned long x)
{
    return __builtin_ctzl(x);
}

#endif /* !__ASSEMBLY__ */
#endif /* GUEST_ARCH_H */

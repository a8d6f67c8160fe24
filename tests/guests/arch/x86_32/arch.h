/*
 * What the test framework needs from the architecture, 32-bit PAE PV
 * flavour (the names of arch/x86_64/arch.h): the kernel runs in ring 1,
 * enters the hypervisor with int $0x82 through the hypercall page, and
 * has 3-level PAE page tables.
 */
#ifndef GUEST_ARCH_H
#define GUEST_ARCH_H

#define BITS_PER_LONG   32
#define ASM_PTR         ".long"

/*
 * PAE: 3 levels of 512 8-byte entries, of which the top one (the L3,
 * pinned) uses only 4.  Its slot 3 maps the hypervisor's hole at the top
 * of the 4 GiB (from HYPERVISOR_VIRT_START), which the guest shares
 * through an L2 of its own that the hypervisor completes.
 */
#define PT_LEVELS       3
#define PT_ENTRIES      512
#define MMUEXT_PIN_TOP  MMUEXT_PIN_L3_TABLE
#define TOP_GUEST_LOW_SLOTS 3
#define TOP_XEN_SLOT_FIRST  3
#define TOP_XEN_SLOT_LAST   3

/* The last page below 4 GiB: inside the hypervisor's hole as well. */
#define ARCH_BAD_ADDRS  0xfffff000UL

/* The flat ring-1 code selector, as our trap table names it. */
#define GUEST_KERNEL_CS FLAT_KERNEL_CS
/* The guest kernel's ring, and %ds as the kernel keeps it (flat). */
#define GUEST_KERNEL_RPL    1
#define GUEST_KERNEL_DS     FLAT_KERNEL_DS
/* A flat code segment of the guest's kind: 32-bit (D), DPL 0. */
#define DESC_KERNEL_CODE0   0x00cf9b000000ffffULL

#ifndef __ASSEMBLY__

typedef uint64_t pgentry_t;

/*
 * Hypercalls go through the hypervisor-written stub at hypercall_page +
 * 32 * number (mov $nr, %eax; int $0x82; ret).  Arguments in ebx, ecx,
 * edx, esi, edi; result in eax.  The hypervisor may rewrite the argument
 * registers (a continued call), so they are outputs too.
 */
extern char hypercall_page[4096];

#define hypercall0(nr) ({                                               \
    long res_;                                                          \
    asm volatile ( "call hypercall_page + %c[off]"                      \
                   : "=a" (res_)                                        \
                   : [off] "i" ((nr) * 32)                              \
                   : "memory" );                                        \
    res_;                                                               \
})

#define hypercall1(nr, a1) ({                                           \
    long res_, b_;                                                      \
    asm volatile ( "call hypercall_page + %c[off]"                      \
                   : "=a" (res_), "=b" (b_)                             \
                   : [off] "i" ((nr) * 32), "1" ((long)(a1))            \
                   : "memory" );                                        \
    res_;                                                               \
})

#define hypercall2(nr, a1, a2) ({                                       \
    long res_, b_, c_;                                                  \
    asm volatile ( "call hypercall_page + %c[off]"                      \
                   : "=a" (res_), "=b" (b_), "=c" (c_)                  \
                   : [off] "i" ((nr) * 32), "1" ((long)(a1)),           \
                     "2" ((long)(a2))                                   \
                   : "memory" );                                        \
    res_;                                                               \
})

#define hypercall3(nr, a1, a2, a3) ({                                   \
    long res_, b_, c_, d_;                                              \
    asm volatile ( "call hypercall_page + %c[off]"                      \
                   : "=a" (res_), "=b" (b_), "=c" (c_), "=d" (d_)       \
                   : [off] "i" ((nr) * 32), "1" ((long)(a1)),           \
                     "2" ((long)(a2)), "3" ((long)(a3))                 \
                   : "memory" );                                        \
    res_;                                                               \
})

#define hypercall4(nr, a1, a2, a3, a4) ({                               \
    long res_, b_, c_, d_, s_;                                          \
    asm volatile ( "call hypercall_page + %c[off]"                      \
                   : "=a" (res_), "=b" (b_), "=c" (c_), "=d" (d_),      \
                     "=S" (s_)                                          \
                   : [off] "i" ((nr) * 32), "1" ((long)(a1)),           \
                     "2" ((long)(a2)), "3" ((long)(a3)),                \
                     "4" ((long)(a4))                                   \
                   : "memory" );                                        \
    res_;                                                               \
})

#define hypercall5(nr, a1, a2, a3, a4, a5) ({                           \
    long res_, b_, c_, d_, s_, di_;                                     \
    asm volatile ( "call hypercall_page + %c[off]"                      \
                   : "=a" (res_), "=b" (b_), "=c" (c_), "=d" (d_),      \
                     "=S" (s_), "=D" (di_)                              \
                   : [off] "i" ((nr) * 32), "1" ((long)(a1)),           \
                     "2" ((long)(a2)), "3" ((long)(a3)),                \
                     "4" ((long)(a4)), "5" ((long)(a5))                 \
                   : "memory" );                                        \
    res_;                                                               \
})

/*
 * Registers of an interrupted context as entry.S saves them (pushal)
 * below the hypervisor's bounce frame.  esp and ss are only there when
 * ring 3 was interrupted.
 */
struct trap_frame {
    unsigned long edi, esi, ebp, esp_pushal, ebx, edx, ecx, eax;
    unsigned long vector, error;
    unsigned long eip, cs, eflags;
    unsigned long esp, ss;
};
#define TRAP_UPCALL     256
#define TRAP_SYSCALL    257
#define TRAP_FAILSAFE   258
/* The error word of a TRAP_SYSCALL frame: which way user space came in. */
#define SYSCALL_INT80       0x80
#define SYSCALL_SYSCALL     0x050f
#define SYSCALL_SYSENTER    0x340f

#define frame_ip(f)     ((f)->eip)
/* The interrupted flags; where the cs word keeps the saved event mask. */
#define frame_flags(f)  ((f)->eflags)
#define FRAME_CS_MASK_SHIFT 16
/* The accumulator: system call number in, result out. */
#define frame_ax(f)     ((f)->eax)
/* 0 if guest kernel mode (ring 1) was interrupted, 3 if user mode. */
#define frame_rpl(f)    (((f)->cs & 3) == 1 ? 0UL : (f)->cs & 3)

typedef struct {
    unsigned long ebx, esi, edi, ebp, esp, eip;
} jmp_buf[1];

int setjmp(jmp_buf env) __attribute__((returns_twice));
void longjmp(jmp_buf env, int val) __attribute__((noreturn));

void arch_enter_user(unsigned long ip, unsigned long sp)
    __attribute__((noreturn));

/* A system call from guest user mode: int $0x80, a direct trap. */
static inline long user_syscall(long nr)
{
    long ret;

    asm volatile ( "int $0x80" : "=a" (ret) : "a" (nr) : "memory" );
    return ret;
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    asm volatile ( "rdtsc" : "=a" (lo), "=d" (hi) );
    return ((uint64_t)hi << 32) | lo;
}

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

#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

/* Exception vectors (Intel SDM vol. 3, 6.15). */
#define X86_EXC_DE      0       /* divide error */
#define X86_EXC_DB      1
#define X86_EXC_NMI     2
#define X86_EXC_BP      3
#define X86_EXC_OF      4
#define X86_EXC_BR      5
#define X86_EXC_UD      6       /* invalid opcode */
#define X86_EXC_NM      7
#define X86_EXC_DF      8       /* double fault */
#define X86_EXC_CSO     9       /* coprocessor segment overrun (old CPUs) */
#define X86_EXC_TS      10
#define X86_EXC_NP      11
#define X86_EXC_SS      12
#define X86_EXC_GP      13
#define X86_EXC_PF      14
#define X86_EXC_MF      16
#define X86_EXC_AC      17
#define X86_EXC_MC      18
#define X86_EXC_XM      19
#define X86_EXC_VE      20
#define X86_EXC_CP      21
#define X86_EXC_HV      28
#define X86_EXC_VC      29
#define X86_EXC_SX      30
#define X86_NR_EXCEPTIONS 32

/* Vectors for which the CPU pushes an error code. */
#define X86_EXC_HAVE_EC ((1 << X86_EXC_DF) | (1 << X86_EXC_TS) | \
                         (1 << X86_EXC_NP) | (1 << X86_EXC_SS) | \
                         (1 << X86_EXC_GP) | (1 << X86_EXC_PF) | \
                         (1 << X86_EXC_AC) | (1 << X86_EXC_CP) | \
                         (1 << X86_EXC_VC) | (1 << X86_EXC_SX))

/* Page-fault error code bits. */
#define PFEC_PRESENT    (1 << 0)
#define PFEC_WRITE      (1 << 1)
#define PFEC_USER       (1 << 2)
#define PFEC_RSVD       (1 << 3)
#define PFEC_INSN       (1 << 4)
#define PFEC_PKEY       (1 << 5)
#define PFEC_SHSTK      (1 << 6)
#define PFEC_SGX        (1 << 15)

/*
 * Byte offsets in struct cpu_user_regs (public/arch-x86/xen-x86_64.h), for
 * the entry code; traps.c checks them at build time.
 */
#define UREGS_r15           0
#define UREGS_rbp           32
#define UREGS_r11           48
#define UREGS_rax           80
#define UREGS_rcx           88
#define UREGS_error_code    120
#define UREGS_entry_vector  124
#define UREGS_rip           128
#define UREGS_cs            136
#define UREGS_rflags        144
#define UREGS_rsp           152
#define UREGS_ss            160
#define UREGS_es            168     /* first field the CPU does not push */
#define UREGS_size          200

/* entry_vector of a frame built by the SYSCALL entry (no real vector). */
#define ENTRY_VECTOR_SYSCALL 0x100

#ifndef __ASSEMBLY__
#include <asm/current.h>

/*
 * struct cpu_user_regs is the guest ABI's register frame (public headers):
 * the entry stubs (arch/x86/entry.S) build exactly it, so a guest's trap
 * frame and vcpu_guest_context use the same layout.  Of its fields the
 * CPU pushes rip .. ss; es, ds, fs and gs are only meaningful in the copy
 * at the top of the stack (asm/current.h) and in saved vCPU state.
 */

/* Did the frame come from guest context (ring 3, or ring 1: 32-bit PV kernels)? */
static inline bool guest_mode(const struct cpu_user_regs *regs)
{
    return (regs->cs & 3) != 0;
}

/* Build this CPU's GDT, TSS (with IST stacks) and load the shared IDT. */
void trap_init(void);          /* BSP, once: builds the IDT */
void percpu_traps_init(void);  /* every CPU, on its own stack */

/*
 * Unmap the guard page below the running CPU's primary stack (asm/desc.h),
 * so that an overflow faults and is reported from the #DF stack instead of
 * silently overwriting the IST stacks.  The BSP calls this once the final
 * page tables exist (after memory_init()); from then on each CPU's
 * percpu_traps_init() does the same for that CPU.  A stack block must get
 * its guard page mapped again before it goes back to the heap (nothing
 * frees a CPU's stack yet).
 */
void stack_guard_init(void);
/* Is the running CPU's stack guard page unmapped? */
bool this_cpu_stack_guarded(void);

/* Entries from arch/x86/entry.S: vectors below 0x20, and the others. */
void do_trap(struct cpu_user_regs *regs);
void do_external_interrupt(struct cpu_user_regs *regs);

/* Print a call trace starting from the caller's frame. */
void show_backtrace_here(void);
/* Print registers and a call trace for regs. */
void show_registers(const struct cpu_user_regs *regs);
/* Print the call trace of the context regs describes, starting at regs->rip. */
void show_trace(const struct cpu_user_regs *regs);

/*
 * Allocate (from the heap) the GDT and TSS of a CPU about to be started;
 * the BSP's are static.  The IST stacks are pages of the CPU's own stack
 * block (asm/desc.h).  0 or -ENOMEM.
 */
int cpu_traps_alloc(unsigned int cpu);

/* Debug builds: crash_test=<kind> injects a fault at the end of boot. */
#ifdef CONFIG_DEBUG
void crash_test_run(void);
#else
static inline void crash_test_run(void) {}
#endif

#endif /* __ASSEMBLY__ */
#endif

/*
 * 64-bit PV guest user mode: HYPERVISOR_iret to a ring-3 frame enters
 * user mode on the user page table (here the kernel's own L4, as the
 * syscall benchmark does); from there a syscall is bounced to our syscall
 * callback, and exceptions and "int n" come back to our handlers on the
 * stack given by stack_switch, with CS RPL 3 and, for #PF, the user bit
 * in the error code.  The GS bases of the two modes are kept apart
 * (set_segment_base, swapgs semantics), and user mode needs IOPL 3 (or
 * the I/O bitmap) for port I/O where the kernel needs 1.
 */
#include "guest.h"

#define SYS_ECHO    7
#define SYS_EXIT    1

static jmp_buf kernel_env;
static uint8_t *kstack;

/* What the syscall callback saw. */
static unsigned long sys_rpl, sys_frame, sys_rcx, sys_count;

/* What user mode saw (no hypercalls there: only syscalls). */
static volatile long u_echo;
static volatile unsigned long u_gs_word;
static volatile int u_pf, u_int80, u_int14, u_inb;
static volatile unsigned long u_pf_error, u_pf_rpl, u_pf_cr2, u_int80_rpl;
static volatile unsigned long u_syscall_ip;

static unsigned long gs_user_word = 0x1111, gs_kernel_word = 0x2222;

static void on_syscall(struct trap_frame *f)
{
    sys_count++;
    sys_rpl = frame_rpl(f);
    sys_frame = (unsigned long)f;
    sys_rcx = f->rcx;
    if ( f->rax == SYS_EXIT )
        longjmp(kernel_env, 1);
    f->rax = f->rdi + 35;
}

static unsigned long read_gs_word(void)
{
    unsigned long v;

    asm volatile ( "mov %%gs:0, %0" : "=r" (v) );
    return v;
}

/*
 * The vector "int $n" raised, or -1: a trap (the vector n) resumes after
 * the instruction, a fault (#GP) at it; both go on after it.
 */
#define TRY_INT(n) ({                                                   \
    unsigned int before_ = last_trap.count;                             \
    asm volatile ( "1: int $" #n "\n2:\n\t" EXTABLE_ENTRY(1b, 2b)       \
                   EXTABLE_ENTRY(2b, 2b) ::: "memory" );                \
    last_trap.count != before_ ? (int)last_trap.vector : -1;            \
})

static long user_syscall1(long nr, long arg)
{
    long ret;

    asm volatile ( "lea 1f(%%rip), %%rbx\n\t"
                   "mov %%rbx, %[ip]\n\t"
                   "syscall\n1:"
                   : "=a" (ret), [ip] "=m" (u_syscall_ip)
                   : "a" (nr), "D" (arg) : "rbx", "rcx", "r11", "memory" );
    return ret;
}

static void __noreturn user_main(void)
{
    unsigned int before;
    uint8_t v;

    u_echo = user_syscall1(SYS_ECHO, 7);
    u_gs_word = read_gs_word();

    u_pf = probe_read((void *)0x1234);
    u_pf_error = last_trap.error;
    u_pf_rpl = last_trap.rpl;
    u_pf_cr2 = last_trap.cr2;

    u_int80 = TRY_INT(0x80);
    u_int80_rpl = last_trap.rpl;
    u_int14 = TRY_INT(14);

    before = last_trap.count;
    asm volatile ( "1: inb $0x80, %0\n2:\n\t" EXTABLE_ENTRY(1b, 2b)
                   : "=a" (v) :: "memory" );
    (void)v;
    u_inb = last_trap.count != before ? (int)last_trap.vector : -1;

    user_syscall1(SYS_EXIT, 0);
    for ( ;; )
        ;
}

GUEST_TEST(user_mode)
{
    uint8_t *ustack = pages_alloc(4);
    struct mmuext_op op = { .cmd = MMUEXT_NEW_USER_BASEPTR,
                            .arg1.mfn = top_table_mfn() };
    struct physdev_set_iopl iopl = { .iopl = 1 };

    kstack = pages_alloc(4);
    CHECK_EQ(HYPERVISOR_stack_switch(FLAT_KERNEL_SS,
                                     (unsigned long)kstack + 4 * PAGE_SIZE),
             0);
    CHECK_EQ(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
    CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_GS_USER,
                                         (unsigned long)&gs_user_word), 0);
    CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL,
                                         (unsigned long)&gs_kernel_word), 0);
    CHECK_EQ(read_gs_word(), 0x2222);
    /* The kernel may do port I/O with IOPL 1; user mode may not. */
    CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl), 0);

    syscall_hook = on_syscall;
    if ( !setjmp(kernel_env) )
        arch_enter_user((unsigned long)user_main,
                        (unsigned long)ustack + 4 * PAGE_SIZE - 8);
    syscall_hook = NULL;

    /* The syscalls: bounced from user mode, on the stack_switch stack. */
    CHECK_EQ(sys_count, 2);
    CHECK_EQ(u_echo, 42);
    CHECK_EQ(sys_rpl, 3);
    CHECK(sys_frame > (unsigned long)kstack &&
          sys_frame < (unsigned long)kstack + 4 * PAGE_SIZE);
    CHECK_EQ(sys_rcx, u_syscall_ip);        /* SYSCALL's return address */

    /* Each mode has its own GS base. */
    CHECK_EQ(u_gs_word, 0x1111);
    CHECK_EQ(read_gs_word(), 0x2222);

    /* A user-mode #PF: user bit set, RPL 3. */
    CHECK_EQ(u_pf, 14);
    CHECK_EQ(u_pf_error, 4);                /* user, read, not present */
    CHECK_EQ(u_pf_rpl, 3);
    CHECK_EQ(u_pf_cr2, 0x1234);

    /* int $0x80 (DPL 3) reaches its handler; int $14 (DPL 0) is a #GP. */
    CHECK_EQ(u_int80, 128);
    CHECK_EQ(u_int80_rpl, 3);
    CHECK_EQ(u_int14, 13);

    /* IOPL 1 is not enough for user mode. */
    CHECK_EQ(u_inb, 13);

    iopl.iopl = 0;
    CHECK_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl), 0);
    CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_GS_USER, 0), 0);
    CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL, 0), 0);
    op.arg1.mfn = 0;
    CHECK_EQ(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
}

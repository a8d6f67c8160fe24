/*
 * Guest user mode.
 *
 * 64-bit PV guest user mode: HYPERVISOR_iret to a ring-3 frame enters
 * user mode on the user page table (here the kernel's own L4, as the
 * syscall benchmark does); from there a syscall is bounced to our syscall
 * callback, and exceptions and "int n" come back to our handlers on the
 * stack given by stack_switch, with CS RPL 3 and, for #PF, the user bit
 * in the error code.  The GS bases of the two modes are kept apart
 * (set_segment_base, swapgs semantics), and user mode needs IOPL 3 (or
 * the I/O bitmap) for port I/O where the kernel needs 1.
 *
 * 32-bit PAE PV user mode (ring 3 beside the ring-1 kernel, one page
 * table for both: the user bit separates them): int $0x80 goes straight
 * to trap-table entry 0x80, SYSCALL to the syscall32 callback, SYSENTER
 * to the sysenter callback (Intel hosts; AMD's CPUs raise #UD for it in
 * long mode, QEMU's a #GP for the null SYSENTER_CS left there), each on
 * the stack_switch stack with the user selectors in the frame.  Without
 * their callbacks SYSCALL and SYSENTER are #GP(0), and int $0x80 without
 * a trap-table entry is the #GP of a DPL 0 gate.
 */
#include "guest.h"
#include <public/callback.h>

#define SYS_ECHO    7
#define SYS_EXIT    1

static jmp_buf kernel_env;
static uint8_t *kstack;

#if BITS_PER_LONG == 32

/* What the system-call entries saw, by arrival. */
#define MAX_SYS     8
static struct {
    unsigned long kind, cs, ss, eip, esp, frame;
} sys[MAX_SYS];
static unsigned int sys_count;

/* What user mode saw (no hypercalls there). */
static volatile long u_int80, u_syscall, u_sysenter;
static volatile unsigned long u_syscall_ip;
static volatile int u_pf, u_int14, u_inb, u_syscall_trap, u_sysenter_trap;
static volatile unsigned long u_pf_error, u_pf_rpl, u_pf_cr2;
static volatile unsigned long u_int14_error;

static void on_syscall(struct trap_frame *f)
{
    if ( sys_count < MAX_SYS )
    {
        sys[sys_count].kind = f->error;
        sys[sys_count].cs = f->cs & 0xffff;
        sys[sys_count].ss = f->ss;
        sys[sys_count].eip = f->eip;
        sys[sys_count].esp = f->esp;
        sys[sys_count].frame = (unsigned long)f;
    }
    sys_count++;
    if ( f->eax == SYS_EXIT )
        longjmp(kernel_env, 1);
    f->eax = f->ebx + 35;
    /*
     * SYSENTER saves nothing: the user passes its return in edx, esp in
     * ecx, and the frame's null CS is the kernel's to replace.
     */
    if ( f->error == SYSCALL_SYSENTER )
    {
        f->eip = f->edx;
        f->esp = f->ecx;
        f->cs = (f->cs & ~0xffffUL) | FLAT_USER_CS;
    }
}

static long user_int80(long nr, long arg)
{
    long ret;

    asm volatile ( "int $0x80" : "=a" (ret) : "a" (nr), "b" (arg) : "memory" );
    return ret;
}

/*
 * SYSCALL clobbers ecx (the return address).  Intel's CPUs refuse it in
 * compatibility mode (#UD at the instruction).
 */
static long user_syscall_insn(long nr, long arg)
{
    long ret;

    asm volatile ( "movl $2f, %[ip]\n"
                   "1: syscall\n2:\n\t"
                   EXTABLE_ENTRY(1b, 2b)
                   : "=a" (ret), [ip] "=m" (u_syscall_ip)
                   : "0" (nr), "b" (arg) : "ecx", "memory" );
    return ret;
}

/* SYSENTER as Linux's vDSO would: the way back in edx, the stack in ecx. */
static long user_sysenter(long nr, long arg)
{
    long ret;

    asm volatile ( "movl $2f, %%edx\n\t"
                   "movl %%esp, %%ecx\n"
                   "1: sysenter\n2:\n\t"
                   EXTABLE_ENTRY(1b, 2b)
                   : "=a" (ret) : "0" (nr), "b" (arg)
                   : "ecx", "edx", "memory" );
    return ret;
}

static bool host_is_intel(void)
{
    uint32_t a = 0, b, c, d;

    asm volatile ( "cpuid" : "+a" (a), "=b" (b), "=c" (c), "=d" (d) );
    return b == 0x756e6547;     /* "Genu" */
}

static void __noreturn user_main(void)
{
    unsigned int before;
    uint8_t v;

    u_int80 = user_int80(SYS_ECHO, 7);
    before = last_trap.count;
    u_syscall = user_syscall_insn(SYS_ECHO, 8);
    u_syscall_trap = last_trap.count != before ? (int)last_trap.vector : -1;
    before = last_trap.count;
    u_sysenter = user_sysenter(SYS_ECHO, 9);
    u_sysenter_trap = last_trap.count != before ? (int)last_trap.vector : -1;

    u_pf = probe_read((void *)0x1234);
    u_pf_error = last_trap.error;
    u_pf_rpl = last_trap.rpl;
    u_pf_cr2 = last_trap.cr2;

    before = last_trap.count;
    asm volatile ( "1: int $14\n2:\n\t" EXTABLE_ENTRY(1b, 2b) ::: "memory" );
    u_int14 = last_trap.count != before ? (int)last_trap.vector : -1;
    u_int14_error = last_trap.error;

    before = last_trap.count;
    asm volatile ( "1: inb $0x80, %0\n2:\n\t" EXTABLE_ENTRY(1b, 2b)
                   : "=a" (v) :: "memory" );
    (void)v;
    u_inb = last_trap.count != before ? (int)last_trap.vector : -1;

    user_int80(SYS_EXIT, 0);
    for ( ;; )
        ;
}

/*
 * The hostile round: no syscall32 or sysenter callback (null selectors),
 * no trap-table entry 0x80.  User mode leaves with int3, which trap_hook
 * turns into the way back to the kernel.
 */
static volatile int h_syscall, h_sysenter, h_int80;
static volatile unsigned long h_syscall_error, h_int80_error;

static bool hostile_hook(struct trap_frame *f)
{
    if ( frame_rpl(f) != 3 )
        return false;
    if ( f->vector == 3 )
        longjmp(kernel_env, 1);
    /* SYSENTER's #GP comes with the frame SYSENTER made: EIP 0. */
    if ( f->vector == 13 && f->eip == 0 )
    {
        h_sysenter = 13;
        f->eip = f->edx;
        f->esp = f->ecx;
        f->cs = (f->cs & ~0xffffUL) | FLAT_USER_CS;
        return true;
    }
    return false;
}

static void __noreturn user_hostile(void)
{
    unsigned int before = last_trap.count;

    asm volatile ( "1: syscall\n2:\n\t" EXTABLE_ENTRY(1b, 2b)
                   ::: "ecx", "memory" );
    h_syscall = last_trap.count != before ? (int)last_trap.vector : -1;
    h_syscall_error = last_trap.error;

    before = last_trap.count;
    asm volatile ( "1: int $0x80\n2:\n\t" EXTABLE_ENTRY(1b, 2b) ::: "memory" );
    h_int80 = last_trap.count != before ? (int)last_trap.vector : -1;
    h_int80_error = last_trap.error;

    before = last_trap.count;
    user_sysenter(SYS_ECHO, 1);
    if ( last_trap.count != before )
        h_sysenter = (int)last_trap.vector;

    asm volatile ( "int3" );
    for ( ;; )
        ;
}

static void enter_user(void (*fn)(void), uint8_t *ustack)
{
    if ( !setjmp(kernel_env) )
        arch_enter_user((unsigned long)fn,
                        (unsigned long)ustack + 4 * PAGE_SIZE - 16);
}

static long register_cb(unsigned int type, unsigned int cs, void *entry)
{
    struct callback_register cb = {
        .type = type, .address = { .cs = cs, .eip = (unsigned long)entry },
    };

    return HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
}

GUEST_TEST(user_mode)
{
    extern char syscall_entry[], sysenter_entry[];
    static struct trap_info no_int80[32];
    const struct trap_info *t;
    uint8_t *ustack = pages_alloc(4);
    struct callback_unregister un = { .type = CALLBACKTYPE_syscall32 };
    bool intel = host_is_intel();
    unsigned int i;

    kstack = pages_alloc(4);
    CHECK_EQ(HYPERVISOR_stack_switch(FLAT_KERNEL_SS,
                                     (unsigned long)kstack + 4 * PAGE_SIZE),
             0);
    CHECK_EQ(register_cb(CALLBACKTYPE_syscall32, FLAT_KERNEL_CS,
                         syscall_entry), 0);
    CHECK_EQ(register_cb(CALLBACKTYPE_sysenter, FLAT_KERNEL_CS,
                         sysenter_entry), 0);
    /* The 64-bit syscall callback is not a 32-bit guest's; these stay. */
    CHECK_ERR(register_cb(CALLBACKTYPE_syscall, FLAT_KERNEL_CS, syscall_entry),
              ENOSYS);
    CHECK_ERR(HYPERVISOR_callback_op(CALLBACKOP_unregister, &un), EINVAL);
    un.type = CALLBACKTYPE_sysenter;
    CHECK_ERR(HYPERVISOR_callback_op(CALLBACKOP_unregister, &un), EINVAL);
    image_user_access(true);

    syscall_hook = on_syscall;
    enter_user(user_main, ustack);

    /* int $0x80: straight to entry 0x80, from ring 3, on the kernel stack. */
    CHECK_EQ(u_int80, 42);
    CHECK_EQ(sys[0].kind, SYSCALL_INT80);
    CHECK_EQ(sys[0].cs, FLAT_USER_CS);
    CHECK_EQ(sys[0].ss, FLAT_USER_SS);
    CHECK(sys[0].frame > (unsigned long)kstack &&
          sys[0].frame < (unsigned long)kstack + 4 * PAGE_SIZE);
    i = 1;
    /* SYSCALL: the syscall32 callback, EIP its return address (not Intel). */
    if ( intel && u_syscall_trap == 6 )
        test_info("SYSCALL in compatibility mode: #UD (Intel)");
    else
    {
        CHECK_EQ(u_syscall_trap, -1);
        CHECK_EQ(u_syscall, 43);
        CHECK_EQ(sys[i].kind, SYSCALL_SYSCALL);
        CHECK_EQ(sys[i].cs, FLAT_USER_CS);
        CHECK_EQ(sys[i].ss, FLAT_USER_SS);
        CHECK_EQ(sys[i].eip, u_syscall_ip);
        CHECK(sys[i].frame > (unsigned long)kstack &&
              sys[i].frame < (unsigned long)kstack + 4 * PAGE_SIZE);
        i++;
    }
    /* SYSENTER: on Intel the callback with Xen's frame (EIP, ESP 0). */
    if ( intel )
    {
        CHECK_EQ(u_sysenter_trap, -1);
        CHECK_EQ(u_sysenter, 44);
        CHECK_EQ(sys[i].kind, SYSCALL_SYSENTER);
        CHECK_EQ(sys[i].cs, 3);
        CHECK_EQ(sys[i].ss, FLAT_USER_SS);
        CHECK_EQ(sys[i].eip, 0);
        CHECK_EQ(sys[i].esp, 0);
        i++;
    }
    else        /* #UD: AMD's CPUs; #GP: the null SYSENTER_CS (QEMU) */
        CHECK(u_sysenter_trap == 6 || u_sysenter_trap == 13);
    /* The last one: SYS_EXIT by int $0x80. */
    CHECK_EQ(sys_count, i + 1);
    CHECK_EQ(sys[i].kind, SYSCALL_INT80);

    /* A user-mode #PF: user bit set, RPL 3. */
    CHECK_EQ(u_pf, 14);
    CHECK_EQ(u_pf_error, 4);                /* user, read, not present */
    CHECK_EQ(u_pf_rpl, 3);
    CHECK_EQ(u_pf_cr2, 0x1234);
    /* int $14 (DPL 0) is a #GP naming the gate; port I/O needs IOPL 3. */
    CHECK_EQ(u_int14, 13);
    /* The CPU's error code: bit 3 up (QEMU's TCG: bit 4 up), from the IDT. */
    CHECK(u_int14_error == ((14 << 3) | 2) || u_int14_error == ((14 << 4) | 2));
    CHECK_EQ(u_inb, 13);

    /* Hostile: null callback selectors, no entry 0x80. */
    CHECK_EQ(register_cb(CALLBACKTYPE_syscall32, 0, syscall_entry), 0);
    CHECK_EQ(register_cb(CALLBACKTYPE_sysenter, 0, sysenter_entry), 0);
    for ( t = guest_trap_table(), i = 0; t->address; t++ )
        if ( t->vector != 0x80 )
            no_int80[i++] = *t;
    CHECK_EQ(HYPERVISOR_set_trap_table(NULL), 0);
    CHECK_EQ(HYPERVISOR_set_trap_table(no_int80), 0);
    syscall_hook = NULL;
    trap_hook = hostile_hook;
    enter_user(user_hostile, ustack);
    trap_hook = NULL;
    CHECK_EQ(HYPERVISOR_set_trap_table(guest_trap_table()), 0);

    if ( !(intel && h_syscall == 6) )
    {
        CHECK_EQ(h_syscall, 13);
        CHECK_EQ(h_syscall_error, 0);
    }
    CHECK_EQ(h_int80, 13);
    CHECK_EQ(h_int80_error, (0x80 << 3) | 2);
    if ( intel )
        CHECK_EQ(h_sysenter, 13);
    else
        CHECK(h_sysenter == 6 || h_sysenter == 13);

    image_user_access(false);
}

#else
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

#endif

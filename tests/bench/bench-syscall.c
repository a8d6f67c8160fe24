/*
 * User-to-kernel syscall bounce: guest user code makes a system call,
 * the hypervisor switches to guest kernel mode and bounces it to our
 * syscall callback, which returns to user mode with HYPERVISOR_iret.
 * Timed in user mode around the syscall instruction.
 *
 * 64-bit: SYSCALL.  User mode runs on the kernel's own page table
 * (NEW_USER_BASEPTR with the kernel's L4): 64-bit PV guest pages are all
 * user-accessible to the hardware anyway, and the hypervisor still
 * switches CR3 on every user/kernel transition, as it would between two
 * tables.
 *
 * 32-bit: int $0x80, the direct trap to trap-table entry 0x80 (ring 3
 * to ring 1, no CR3 switch); our image is made user-accessible for it.
 */
#include "guest.h"

#define SYS_NULL    0
#define SYS_EXIT    1
#define SAMPLES     500

static jmp_buf kernel_env;

static void on_syscall(struct trap_frame *f)
{
    /* Back to the kernel context that entered user mode. */
    if ( frame_ax(f) == SYS_EXIT )
        longjmp(kernel_env, 1);
    frame_ax(f) = 0;
}

/* Runs in guest user mode: no hypercalls here, only syscalls. */
static void __noreturn user_main(void)
{
    unsigned int i;
    uint64_t t0;

    for ( i = 0; i < SAMPLES; i++ )
    {
        t0 = rdtsc_ordered();
        user_syscall(SYS_NULL);
        bench_sample(rdtsc_ordered() - t0);
    }
    user_syscall(SYS_EXIT);
    for ( ;; )
        ;
}

GUEST_BENCH(syscall)
{
    uint8_t *kstack = pages_alloc(4), *ustack = pages_alloc(4);
#if BITS_PER_LONG == 64
    struct mmuext_op op = { .cmd = MMUEXT_NEW_USER_BASEPTR,
                            .arg1.mfn = top_table_mfn() };
#endif

    /* Where the hypervisor puts frames for entries from user mode. */
    CHECK_EQ(HYPERVISOR_stack_switch(FLAT_KERNEL_SS,
                                     (unsigned long)kstack + 4 * PAGE_SIZE),
             0);
#if BITS_PER_LONG == 64
    CHECK_EQ(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
#else
    image_user_access(true);
#endif
    syscall_hook = on_syscall;
    if ( !setjmp(kernel_env) )
        arch_enter_user((unsigned long)user_main,
                        (unsigned long)ustack + 4 * PAGE_SIZE - 8);
    syscall_hook = NULL;
#if BITS_PER_LONG == 64
    op.arg1.mfn = 0;
    CHECK_EQ(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
#else
    image_user_access(false);
#endif
}

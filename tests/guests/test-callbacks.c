/*
 * Callbacks and how the hypervisor enters them, as Xen 4.17 does:
 *  - callbacks: callback_op, which callbacks can be registered and
 *    unregistered, and Xen's error codes for the rest;
 *  - callbacks_iret: a HYPERVISOR_iret frame the CPU refuses is our
 *    fault, delivered to our handler (not the failsafe callback);
 *  - callbacks_nmi: VCPUOP_send_nmi to ourselves and the NMI callback.
 * The failsafe callback itself is not entered: 64-bit Xen uses it only
 * when reloading data segments fails at a context switch, which a
 * single-vCPU guest cannot bring about (smp_failsafe does).
 *
 * The 32-bit kernel runs them with its ABI: cs:eip callback addresses
 * (no canonical checks), the compat answers (an unknown command is
 * -EINVAL, the 64-bit syscall callback -ENOSYS), 32-bit frames, and a
 * refused HYPERVISOR_iret frame with a bad ring-1 CS (its SS stays the
 * interrupted one on a return to ring 1).
 */
#include "guest.h"
#include <public/callback.h>

static long cb_register(unsigned int type, unsigned int flags,
                        unsigned long address)
{
    struct callback_register reg = {
        .type = type, .flags = flags,
#if BITS_PER_LONG == 64
        .address = address,
#else
        .address = { .cs = GUEST_KERNEL_CS, .eip = address },
#endif
    };

    return hypercall2(__HYPERVISOR_callback_op, CALLBACKOP_register,
                      (unsigned long)&reg);
}

static long cb_unregister(unsigned int type)
{
    struct callback_unregister unreg = { .type = type };

    return hypercall2(__HYPERVISOR_callback_op, CALLBACKOP_unregister,
                      (unsigned long)&unreg);
}

/* Never entered: only its address is registered. */
static void nmi_handler(void)
{
}

GUEST_TEST(callbacks)
{
    unsigned long nmi = (unsigned long)nmi_handler;

    /* Unknown commands, unreadable arguments. */
#if BITS_PER_LONG == 64
    CHECK_ERR(hypercall2(__HYPERVISOR_callback_op, 2, 0), ENOSYS);
#else
    CHECK_ERR(hypercall2(__HYPERVISOR_callback_op, 2, 0), EINVAL);
#endif
    CHECK_ERR(hypercall2(__HYPERVISOR_callback_op, CALLBACKOP_register, 0),
              EFAULT);
    CHECK_ERR(hypercall2(__HYPERVISOR_callback_op, CALLBACKOP_unregister, 0),
              EFAULT);

    /* Register: unknown types, non-canonical addresses. */
    CHECK_ERR(cb_register(CALLBACKTYPE_sysenter_deprecated, 0, nmi), ENOSYS);
    CHECK_ERR(cb_register(6, 0, nmi), ENOSYS);
    CHECK_ERR(cb_register(99, 0, nmi), ENOSYS);
#if BITS_PER_LONG == 64
    CHECK_ERR(cb_register(CALLBACKTYPE_nmi, 0, 0x0000800000000000UL), EINVAL);
    CHECK_ERR(cb_register(CALLBACKTYPE_failsafe, 0, 0x8000000000000000UL),
              EINVAL);
#else
    CHECK_ERR(cb_register(CALLBACKTYPE_syscall, 0, nmi), ENOSYS);
#endif

    /* The NMI callback: registered (flags ignored), replaced, removed. */
    CHECK_EQ(cb_register(CALLBACKTYPE_nmi, 0, nmi), 0);
    CHECK_EQ(cb_register(CALLBACKTYPE_nmi, CALLBACKF_mask_events, nmi), 0);
    CHECK_EQ(cb_unregister(CALLBACKTYPE_nmi), 0);
    CHECK_EQ(cb_unregister(CALLBACKTYPE_nmi), 0);

    /* Only the NMI callback can be removed. */
    CHECK_ERR(cb_unregister(CALLBACKTYPE_event), EINVAL);
    CHECK_ERR(cb_unregister(CALLBACKTYPE_failsafe), EINVAL);
#if BITS_PER_LONG == 64
    CHECK_ERR(cb_unregister(CALLBACKTYPE_syscall), EINVAL);
#else
    CHECK_ERR(cb_unregister(CALLBACKTYPE_syscall), ENOSYS);
#endif
    CHECK_ERR(cb_unregister(CALLBACKTYPE_syscall32), EINVAL);
    CHECK_ERR(cb_unregister(CALLBACKTYPE_sysenter), EINVAL);
    CHECK_ERR(cb_unregister(CALLBACKTYPE_sysenter_deprecated), ENOSYS);
    CHECK_ERR(cb_unregister(99), ENOSYS);
}

/*
 * A HYPERVISOR_iret frame the CPU then refuses (a bad CS or SS, a
 * non-canonical RIP).  Xen 4.17 neither crashes us nor enters the
 * failsafe callback: the fault arrives at our own handler, as if the
 * refused frame had raised it (the frame's CS RPL reads 0 in kernel
 * mode, SS is left as loaded).  A failsafe callback is registered
 * meanwhile to catch it if it came.
 */
extern char failsafe_entry[];
void callbacks_failsafe(void);
jmp_buf callbacks_env;
static struct trap_frame seen;

#if BITS_PER_LONG == 64
asm ( ".pushsection .text\n"
      ".globl callbacks_failsafe\n"
      "callbacks_failsafe:\n\t"
      "lea callbacks_env(%rip), %rdi\n\t"
      "mov $2, %esi\n\t"
      "and $~15, %rsp\n\t"
      "call longjmp\n\t"
      ".popsection" );
#else
asm ( ".pushsection .text\n"
      ".globl callbacks_failsafe\n"
      "callbacks_failsafe:\n\t"
      "and $~15, %esp\n\t"
      "sub $8, %esp\n\t"
      "push $2\n\t"
      "push $callbacks_env\n\t"
      "call longjmp\n\t"
      ".popsection" );
#endif

static bool iret_trap(struct trap_frame *f)
{
    seen = *f;
    longjmp(callbacks_env, 1);
}

/* 0: the frame was taken, 1: an exception (in 'seen'), 2: failsafe. */
static int try_iret(unsigned long rip, unsigned long cs, unsigned long ss)
{
    int r;

    memset(&seen, 0, sizeof(seen));
    r = setjmp(callbacks_env);
    if ( r )
    {
        trap_hook = NULL;
        return r;
    }
    trap_hook = iret_trap;
#if BITS_PER_LONG == 64
    asm volatile ( "mov %%rsp, %%rax\n\t"
                   "push %[ss]\n\t"
                   "push %%rax\n\t"
                   "pushfq\n\t"
                   "push %[cs]\n\t"
                   "push %[rip]\n\t"
                   "push $0\n\t"
                   "jmp hypercall_page + %c[iret]\n"
                   :: [ss] "r" (ss), [cs] "r" (cs), [rip] "r" (rip),
                      [iret] "i" (__HYPERVISOR_iret * 32)
                   : "rax", "rcx", "r11", "memory" );
#else
    /* A return to ring 1: eip, cs, eflags (the stub pushes eax). */
    (void)ss;
    asm volatile ( "pushfl\n\t"
                   "push %[cs]\n\t"
                   "push %[rip]\n\t"
                   "jmp hypercall_page + %c[iret]\n"
                   :: [cs] "r" (cs), [rip] "r" (rip),
                      [iret] "i" (__HYPERVISOR_iret * 32)
                   : "memory" );
#endif
    trap_hook = NULL;
    return 0;
}

GUEST_TEST(callbacks_iret)
{
    static char land[1];
    unsigned long here = (unsigned long)land;
    /* A selector of the guest's part of the GDT: no descriptor there. */
    unsigned long bad = 0x0fb0;

    CHECK_EQ(cb_register(CALLBACKTYPE_failsafe, 0,
                         (unsigned long)callbacks_failsafe), 0);

#if BITS_PER_LONG == 32
    bad |= GUEST_KERNEL_RPL;        /* RPL 0 would be a return to ring 0 */
#endif
    CHECK_EQ(try_iret(here, bad, FLAT_KERNEL_SS), 1);
    CHECK_EQ(seen.vector, 13);
    CHECK_EQ(seen.error, bad & ~3);
    CHECK_EQ(frame_ip(&seen), here);
    CHECK_EQ(seen.cs, bad);
#if BITS_PER_LONG == 64
    CHECK_EQ(seen.ss, FLAT_KERNEL_SS);


    CHECK_EQ(try_iret(here, GUEST_KERNEL_CS, bad), 1);
    CHECK_EQ(seen.vector, 13);
    CHECK_EQ(seen.error, bad);
    CHECK_EQ(seen.rip, here);
    CHECK_EQ(seen.cs, GUEST_KERNEL_CS);
    CHECK_EQ(seen.ss, bad | 3);

    CHECK_EQ(try_iret(0x0000800000000000UL, GUEST_KERNEL_CS,
                      FLAT_KERNEL_SS), 1);
    CHECK_EQ(seen.vector, 13);
    CHECK_EQ(seen.error, 0);
    CHECK_EQ(seen.rip, 0x0000800000000000UL);
    CHECK_EQ(seen.cs, GUEST_KERNEL_CS);
#endif

    CHECK_EQ(cb_register(CALLBACKTYPE_failsafe, 0,
                         (unsigned long)failsafe_entry), 0);
}

/*
 * VCPUOP_send_nmi to ourselves: Xen 4.17 delivers the NMI on the way
 * back from the hypercall to the CALLBACKTYPE_nmi entry, as an exception
 * without error code, events masked inside, even when events were masked
 * before; HYPERVISOR_iret ends it (a second NMI is taken).  With no NMI
 * callback the NMI is dropped, not kept for a later one.
 */
extern char trap_2[];
static volatile unsigned int nmis;
static struct trap_frame nmi_seen;
static uint8_t nmi_mask_seen;

static bool nmi_trap(struct trap_frame *f)
{
    if ( f->vector != 2 )
        return false;
    nmi_seen = *f;
    nmi_mask_seen = vcpu0_info->evtchn_upcall_mask;
    nmis++;
    return true;
}

static long send_nmi(unsigned int vcpu, void *arg)
{
    return HYPERVISOR_vcpu_op(VCPUOP_send_nmi, vcpu, arg);
}

GUEST_TEST(callbacks_nmi)
{
    trap_hook = nmi_trap;
    nmis = 0;
    CHECK_EQ(cb_register(CALLBACKTYPE_nmi, 0, (unsigned long)trap_2), 0);

    CHECK_EQ(send_nmi(0, NULL), 0);
    CHECK_EQ(nmis, 1);
    CHECK_EQ(nmi_seen.cs, GUEST_KERNEL_CS);     /* saved event mask 0 */
    CHECK_EQ(frame_flags(&nmi_seen) & 0x200, 0x200);
#if BITS_PER_LONG == 64
    CHECK_EQ(nmi_seen.ss, FLAT_KERNEL_SS);  /* not in a 32-bit ring-1 frame */
#endif
    CHECK_EQ(nmi_mask_seen, 1);
    CHECK_EQ(vcpu0_info->evtchn_upcall_mask, 0);

    CHECK_EQ(send_nmi(0, NULL), 0);
    CHECK_EQ(nmis, 2);

    events_mask();
    CHECK_EQ(send_nmi(0, NULL), 0);
    CHECK_EQ(nmis, 3);
    CHECK_EQ(nmi_seen.cs, GUEST_KERNEL_CS | (1UL << FRAME_CS_MASK_SHIFT));
    CHECK_EQ(frame_flags(&nmi_seen) & 0x200, 0);
    CHECK_EQ(vcpu0_info->evtchn_upcall_mask, 1);
    events_unmask();

    CHECK_ERR(send_nmi(99, NULL), ENOENT);
    CHECK_ERR(send_nmi(0, (void *)1), EINVAL);
    CHECK_EQ(nmis, 3);

    /* No callback: dropped. */
    CHECK_EQ(cb_unregister(CALLBACKTYPE_nmi), 0);
    CHECK_EQ(send_nmi(0, NULL), 0);
    CHECK_EQ(cb_register(CALLBACKTYPE_nmi, 0, (unsigned long)trap_2), 0);
    CHECK_EQ(nmis, 3);
    CHECK_EQ(send_nmi(0, NULL), 0);
    CHECK_EQ(nmis, 4);

    CHECK_EQ(cb_unregister(CALLBACKTYPE_nmi), 0);
    trap_hook = NULL;
}

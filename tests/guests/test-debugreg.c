/*
 * set_debugreg / get_debugreg (and the kernel's mov to and from DRn,
 * emulated as them): Xen's checks and fixed bits, and a data
 * breakpoint that fires in the guest (#DB, status in DR6), while one hit
 * by the hypervisor copying to the watched memory does no harm.  A
 * 32-bit guest passes each value in one 32-bit register (no upper half
 * to refuse), and any address of its own is a breakpoint address (Xen
 * 4.17 checks the zero-extended value as a 64-bit guest's).
 */
#include "guest.h"

#define DR6_DEFAULT     0xffff0ff0UL
#define DR7_DEFAULT     0x400UL
/* Breakpoint 0 enabled (L0), on writes (R/W0 = 01), 8 bytes (LEN0 = 10). */
#define DR7_W8_BP0      (1UL | (1UL << 16) | (2UL << 18))

static volatile unsigned long watched __attribute__((aligned(8)));

#define READ_DR(n) ({                                                   \
    unsigned long v_;                                                   \
    asm volatile ( "mov %%db" #n ", %0" : "=r" (v_) );                  \
    v_;                                                                 \
})

/* mov val, %dbN: the vector it raised, or -1. */
#define TRY_WRITE_DR(n, val) ({                                         \
    unsigned int before_ = last_trap.count;                             \
    asm volatile ( "1: mov %0, %%db" #n "\n2:\n\t"                     \
                   EXTABLE_ENTRY(1b, 2b)                                \
                   :: "r" ((unsigned long)(val)) : "memory" );          \
    last_trap.count != before_ ? (int)last_trap.vector : -1;            \
})

/*
 * The kernel's mov to and from DRn are emulated as these hypercalls (Xen
 * 4.17): DR4/DR5 alias DR6/DR7, a refused value is a #GP.
 */
static void mov_dr(void)
{
    CHECK_EQ(TRY_WRITE_DR(1, 0x2000), -1);
    CHECK_EQ((unsigned long)HYPERVISOR_get_debugreg(1), 0x2000);
    CHECK_EQ(READ_DR(1), 0x2000);
    CHECK_EQ(TRY_WRITE_DR(1, 0), -1);
    CHECK_EQ(READ_DR(1), 0);
    CHECK_EQ(READ_DR(7), DR7_DEFAULT);
    CHECK_EQ(READ_DR(6), DR6_DEFAULT);
    CHECK_EQ(TRY_WRITE_DR(7, 1UL << 13), 13);               /* GD */
    CHECK_EQ(TRY_WRITE_DR(7, 1UL | (2UL << 16)), 13);       /* I/O */
    CHECK_EQ(READ_DR(7), DR7_DEFAULT);
    CHECK_EQ(TRY_WRITE_DR(6, 0), -1);
    CHECK_EQ(READ_DR(6), DR6_DEFAULT);
#if BITS_PER_LONG == 64
    CHECK_EQ(TRY_WRITE_DR(0, HYPERVISOR_VIRT_START), 13);
    CHECK_EQ(TRY_WRITE_DR(6, 1UL << 32), 13);
#endif
}

GUEST_TEST(debugreg)
{
    char buf[sizeof(xen_extraversion_t)] __attribute__((aligned(8)));
    unsigned int before;

    CHECK_EQ((unsigned long)HYPERVISOR_get_debugreg(7), DR7_DEFAULT);
    CHECK_EQ((unsigned long)HYPERVISOR_get_debugreg(6), DR6_DEFAULT);
    CHECK_EQ(HYPERVISOR_get_debugreg(0), 0);

    /* Breakpoint addresses must be guest addresses. */
#if BITS_PER_LONG == 64
    CHECK_ERR(HYPERVISOR_set_debugreg(0, HYPERVISOR_VIRT_START), EPERM);
#else
    CHECK_EQ(HYPERVISOR_set_debugreg(0, 0xfffffff8UL), 0);
    CHECK_EQ((unsigned long)HYPERVISOR_get_debugreg(0), 0xfffffff8UL);
    CHECK_EQ(HYPERVISOR_set_debugreg(0, 0), 0);
#endif
    CHECK_EQ(HYPERVISOR_set_debugreg(1, 0x1000), 0);
    CHECK_EQ(HYPERVISOR_get_debugreg(1), 0x1000);
    CHECK_EQ(HYPERVISOR_set_debugreg(1, 0), 0);

    /* DR6/DR7: reserved bits fixed, upper half, GD and I/O refused. */
    CHECK_EQ(HYPERVISOR_set_debugreg(6, 0), 0);
    CHECK_EQ((unsigned long)HYPERVISOR_get_debugreg(6), DR6_DEFAULT);
#if BITS_PER_LONG == 64
    CHECK_ERR(HYPERVISOR_set_debugreg(6, 1UL << 32), EINVAL);
    CHECK_ERR(HYPERVISOR_set_debugreg(7, 1UL << 32), EINVAL);
#endif
    CHECK_ERR(HYPERVISOR_set_debugreg(7, 1UL << 13), EPERM);
    CHECK_ERR(HYPERVISOR_set_debugreg(7, 1UL | (2UL << 16)), EPERM);
    CHECK_EQ(HYPERVISOR_set_debugreg(7, 0), 0);
    CHECK_EQ((unsigned long)HYPERVISOR_get_debugreg(7), DR7_DEFAULT);
    CHECK_ERR(HYPERVISOR_set_debugreg(8, 0), ENODEV);
    CHECK_ERR(HYPERVISOR_get_debugreg(8), ENODEV);

    /* A write breakpoint: #DB after the store, B0 in DR6. */
    CHECK_EQ(HYPERVISOR_set_debugreg(0, (unsigned long)&watched), 0);
    CHECK_EQ(HYPERVISOR_set_debugreg(7, DR7_W8_BP0), 0);
    CHECK_EQ((unsigned long)HYPERVISOR_get_debugreg(7), DR7_W8_BP0 | DR7_DEFAULT);
    before = last_trap.count;
    asm volatile ( "mov %1, %0\n1:\n\t" EXTABLE_ENTRY(1b, 1b)
                   : "=m" (watched) : "r" (1UL) : "memory" );
    CHECK_EQ(last_trap.count, before + 1);
    CHECK_EQ(last_trap.vector, 1);
    CHECK_EQ(HYPERVISOR_get_debugreg(6) & 0xf, 1);
    CHECK_EQ(watched, 1);

    /* The hypervisor writing there (to our buffer) survives it. */
    CHECK_EQ(HYPERVISOR_set_debugreg(6, 0), 0);
    CHECK_EQ(HYPERVISOR_set_debugreg(0, (unsigned long)buf), 0);
    CHECK_EQ(HYPERVISOR_xen_version(XENVER_extraversion, buf), 0);
    CHECK_EQ(HYPERVISOR_set_debugreg(7, 0), 0);
    CHECK_EQ(HYPERVISOR_set_debugreg(0, 0), 0);
    CHECK_EQ(HYPERVISOR_set_debugreg(6, 0), 0);

    mov_dr();
}

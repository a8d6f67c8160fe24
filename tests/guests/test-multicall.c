/*
 * multicall: each entry's result is what the call alone would return;
 * unknown numbers and nested multicalls fail in their entry only; a long
 * batch completes; an unreadable array is refused.
 */
#include "guest.h"

#define LONG_BATCH  2000

static void set_call(multicall_entry_t *e, unsigned long op,
                     unsigned long a0, unsigned long a1, unsigned long a2)
{
    e->op = op;
    e->result = 0x5555;
    e->args[0] = a0;
    e->args[1] = a1;
    e->args[2] = a2;
}

GUEST_TEST(multicall)
{
    static const char msg[] = "GUEST INFO multicall: console_io inside\n";
    multicall_entry_t calls[5], inner[1];
    multicall_entry_t *many = pages_alloc((LONG_BATCH * sizeof(*many) +
                                           PAGE_SIZE - 1) / PAGE_SIZE);
    long version = HYPERVISOR_xen_version(XENVER_version, NULL);
    unsigned int i;

    set_call(&calls[0], __HYPERVISOR_xen_version, XENVER_version, 0, 0);
    set_call(&calls[1], __HYPERVISOR_xen_version, 0x7fff, 0, 0);
    set_call(&calls[2], __HYPERVISOR_console_io, CONSOLEIO_write,
             sizeof(msg) - 1, (unsigned long)msg);
    set_call(&inner[0], __HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0);
    set_call(&calls[3], __HYPERVISOR_multicall, (unsigned long)inner, 1, 0);
    set_call(&calls[4], 200, 0, 0, 0);
    CHECK_EQ(HYPERVISOR_multicall(calls, 5), 0);
    CHECK_EQ((long)calls[0].result, version);
    /* An unknown xen_version sub-op: the control domain's (else -EPERM). */
    CHECK_EQ((long)calls[1].result, IS_PRIVILEGED() ? -XEN_ENOSYS : -XEN_EPERM);
    CHECK_EQ((long)calls[2].result, 0);
    /* A multicall inside a multicall is refused; its entries never run. */
    CHECK_EQ((long)calls[3].result, -XEN_EINVAL);
    CHECK_EQ((long)inner[0].result, 0x5555);          /* never ran */
    CHECK_EQ((long)calls[4].result, -XEN_ENOSYS);

    for ( i = 0; i < LONG_BATCH; i++ )
        set_call(&many[i], __HYPERVISOR_xen_version, XENVER_version, 0, 0);
    CHECK_EQ(HYPERVISOR_multicall(many, LONG_BATCH), 0);
    for ( i = 0; i < LONG_BATCH; i++ )
        if ( (long)many[i].result != version )
            test_fail("entry %u: result %ld", i, (long)many[i].result);

    CHECK_EQ(HYPERVISOR_multicall(calls, 0), 0);
    CHECK_ERR(HYPERVISOR_multicall((void *)0x1000, 1), EFAULT);
    CHECK_ERR(HYPERVISOR_multicall((void *)HYPERVISOR_VIRT_START, 1),
              EFAULT);
}

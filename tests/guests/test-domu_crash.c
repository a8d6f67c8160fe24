/*
 * A domain that cannot go on crashes alone (tests/guests/run-domains.sh,
 * domains/domu-crash): with crash=<how> this domain makes the hypervisor
 * give up on it, in a way that leaves no guest state to go back to:
 *   iret   HYPERVISOR_iret with its frame on an unmapped page
 *   trap   an exception with no handler: trap table cleared, then ud2
 * The hypervisor must crash this domain only and run the others (a domU's
 * crash once stopped the machine); the runner checks that the lead
 * domain finishes after both crashes.  The domain never comes back here:
 * a GUEST FAIL after the attempt says it did.
 * Without crash=, the test only says so.
 */
#include "guest.h"

/* Below VIRT_BASE: never mapped. */
#define UNMAPPED_STACK  0x2000UL

static void __attribute__((noreturn)) iret_from_unmapped_stack(void)
{
#ifdef __x86_64__
    __asm__ __volatile__ ("mov %0, %%rsp; syscall"
                          :: "r" (UNMAPPED_STACK), "a" (__HYPERVISOR_iret)
                          : "memory");
#else
    __asm__ __volatile__ ("mov %0, %%esp; int $0x82"
                          :: "r" (UNMAPPED_STACK), "a" (__HYPERVISOR_iret)
                          : "memory");
#endif
    __builtin_unreachable();
}

GUEST_TEST(domu_crash)
{
    char how[8];

    if ( !cmdline_value("crash", how, sizeof(how)) )
    {
        test_info("skipped: no crash=<iret|trap>");
        return;
    }
    test_info("crashing by %s", how);
    if ( !strcmp(how, "iret") )
        iret_from_unmapped_stack();
    if ( strcmp(how, "trap") )
        test_fail("crash=%s is not iret or trap", how);
    CHECK(HYPERVISOR_set_trap_table(NULL) == 0);
    __asm__ __volatile__ ("ud2");
    test_fail("still running after an exception without a handler");
}

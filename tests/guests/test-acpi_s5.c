/*
 * The hardware domain powers the machine off the way Linux does under
 * Xen: XENPF_enter_acpi_sleep for S5 with the PM1 control values of
 * \_S5 (QEMU's PC: sleep type 0) and SLP_EN.  Only with acpi_s5=poweroff
 * on the command line (tests/guests/run-acpi-s5.sh): the machine must
 * be off before the call returns, so this is the run's last test.
 */
#include "guest.h"

#define PM1_SLP_EN  0x2000

GUEST_TEST(acpi_s5)
{
    struct xen_platform_op op = {
        .cmd = XENPF_enter_acpi_sleep,
        .interface_version = XENPF_INTERFACE_VERSION,
        .u.enter_acpi_sleep = { .val_a = PM1_SLP_EN, .sleep_state = 5 },
    };
    char how[16];

    if ( !cmdline_value("acpi_s5", how, sizeof(how)) || strcmp(how, "poweroff") )
    {
        test_info("skipped: no acpi_s5=poweroff on the command line");
        return;
    }
    test_info("entering S5");
    test_fail("still running after S5: %ld", HYPERVISOR_platform_op(&op));
}

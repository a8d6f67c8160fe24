/* console_io: dom0 writes reach the console; bad buffers and ops fail. */
#include "guest.h"

GUEST_TEST(console_io)
{
    static const char msg[] = "GUEST INFO console_io: direct write\n";

    CHECK_EQ(HYPERVISOR_console_io(CONSOLEIO_write, sizeof(msg) - 1, msg), 0);
    CHECK_EQ(HYPERVISOR_console_io(CONSOLEIO_write, 0, msg), 0);
    CHECK_EQ(HYPERVISOR_console_io(CONSOLEIO_write, 0, NULL), 0);
    CHECK_ERR(HYPERVISOR_console_io(CONSOLEIO_write, 16, (char *)0x1000),
              EFAULT);
    CHECK_ERR(HYPERVISOR_console_io(CONSOLEIO_write, 16,
                                    (char *)HYPERVISOR_VIRT_START), EFAULT);
    /*
     * Nothing typed: a read returns no bytes, and touches no buffer.
     * Reading is the control domain's: -EPERM for any other.
     */
    if ( IS_PRIVILEGED() )
        CHECK_EQ(HYPERVISOR_console_io(CONSOLEIO_read, 0, NULL), 0);
    else
        CHECK_ERR(HYPERVISOR_console_io(CONSOLEIO_read, 16, msg), EPERM);
    /* Unknown commands: -ENOSYS, or -EPERM where reading would be too. */
    CHECK_EQ(HYPERVISOR_console_io(42, 1, msg),
             IS_PRIVILEGED() ? -XEN_ENOSYS : -XEN_EPERM);
}

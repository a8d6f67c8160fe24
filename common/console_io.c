/*
 * HYPERVISOR_console_io: the hardware domain's door to the hypervisor
 * console.  Its output goes out as it is (no "(XEN)" prefix), into the
 * console ring too; it reads the serial input switched to it
 * (common/console_input.c), being told of new input by VIRQ_CONSOLE.
 * Other domains are refused until domU console output exists (Xen lets
 * them write only in verbose debug builds).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/console.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/guest_access.h>
#include <public/xen.h>

#define CHUNK 128

static long console_write(struct hc_args *a)
{
    unsigned long buf = hc_ptr(a, 2);
    unsigned int count = hc_uint(a, 1);
    char kbuf[CHUNK];

    while ( count )
    {
        unsigned int n = min(count, (unsigned int)CHUNK);

        if ( copy_from_guest(kbuf, buf, n) )
            return -EFAULT;
        console_write_guest(kbuf, n);
        buf += n;
        count -= n;
        if ( count && hypercall_preempt_check() )
        {
            a->arg[1] = count;
            a->arg[2] = buf;
            return hypercall_continue(a);
        }
    }
    return 0;
}

long do_console_io(struct hc_args *a)
{
    if ( !current->domain->is_privileged )
        return -EPERM;
    switch ( hc_int(a, 0) )
    {
    case CONSOLEIO_write:
        return console_write(a);
    case CONSOLEIO_read:
        /* The result is a byte count, so counts that look negative are refused. */
        if ( (int)hc_uint(a, 1) < 0 )
            return -E2BIG;
        return console_input_read(hc_ptr(a, 2), hc_uint(a, 1));
    default:
        return -ENOSYS;
    }
}

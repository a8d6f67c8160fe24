/*
 * HYPERVISOR_console_io: the hardware domain's door to the hypervisor
 * console.  Its output goes out as it is (no "(XEN)" prefix), into the
 * console ring too; it reads the serial input switched to it
 * (common/console_input.c), being told of new input by VIRQ_CONSOLE.
 * Boot-time domUs (is_console, as Xen's dom0less domUs) may write too;
 * each of their lines goes out whole, prefixed "(d<id>) ", as Xen does.  Other domains
 * are refused (Xen lets them write only in verbose debug builds).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/console.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <asm/guest_access.h>
#include <public/xen.h>

#define CHUNK 128

/*
 * A domU's output goes out a whole line at a time, "(d<id>) " first, so
 * that the lines of domains running at once do not mix (as Xen does).  A
 * line longer than the buffer is cut into several.  Concurrent writers of
 * one domain (its vCPUs) share the buffer under console_line_lock.
 */
static DEFINE_SPINLOCK(console_line_lock);

static void write_prefixed(struct domain *d, const char *s, unsigned int n)
{
    char line[sizeof(d->console_line) + 16];
    unsigned long flags;

    spin_lock_irqsave(&console_line_lock, flags);
    for ( ; n; s++, n-- )
    {
        d->console_line[d->console_len++] = *s;
        if ( *s != '\n' && d->console_len < sizeof(d->console_line) )
            continue;
        console_write_guest_line(line, snprintf(line, sizeof(line), "(d%u) %.*s%s",
                                                d->domain_id, (int)d->console_len,
                                                d->console_line, *s == '\n' ? "" : "\n"));
        d->console_len = 0;
    }
    spin_unlock_irqrestore(&console_line_lock, flags);
}

static long console_write(struct hc_args *a)
{
    struct domain *d = current->domain;
    unsigned long buf = hc_ptr(a, 2);
    unsigned int count = hc_uint(a, 1);
    char kbuf[CHUNK];

    while ( count )
    {
        unsigned int n = min(count, (unsigned int)CHUNK);

        if ( copy_from_guest(kbuf, buf, n) )
            return -EFAULT;
        if ( is_hardware_domain(d) )
            console_write_guest(kbuf, n);
        else
            write_prefixed(d, kbuf, n);
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
    const struct domain *d = current->domain;

    if ( !d->is_privileged && !(d->is_console && hc_int(a, 0) == CONSOLEIO_write) )
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

/*
 * HYPERVISOR_multicall(multicall_entry_t calls[], uint32_t nr_calls): run
 * the calls in order; each entry's result gets what the call alone would
 * return (-ENOSYS for unknown numbers).  Xen's rules:
 *   - a multicall inside a multicall fails with -EINVAL in its own entry
 *     (its entries never run); the outer batch goes on;
 *   - iret cannot be part of a batch: the domain is crashed;
 *   - an unreadable array (or one reaching into the hypervisor's range) is
 *     -EFAULT for the whole call;
 *   - preemptible: between entries, and when an entry itself asks for a
 *     continuation its arguments are written back into the entry and the
 *     batch continues from that entry.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <asm/guest_access.h>
#include <public/xen.h>

/* A CPU runs one vCPU's hypercalls at a time: the nesting flag is per CPU. */
static bool in_multicall[CONFIG_NR_CPUS];

long do_multicall(struct hc_args *a)
{
    unsigned long list = hc_ptr(a, 0);
    unsigned int nr = hc_uint(a, 1), i, cpu = smp_processor_id();
    struct multicall_entry e;
    long rc = 0;

    if ( in_multicall[cpu] )
        return -EINVAL;
    if ( !guest_range_ok(list, (unsigned long)nr * sizeof(e)) )
        return -EFAULT;

    in_multicall[cpu] = true;
    for ( i = 0; i < nr; i++, list += sizeof(e) )
    {
        struct hc_args sub = { 0 };
        hypercall_fn_t *fn;

        if ( i && hypercall_preempt_check() )
            break;
        if ( copy_from_guest(&e, list, sizeof(e)) )
        {
            rc = -EFAULT;
            break;
        }
        if ( e.op == __HYPERVISOR_iret )
        {
            in_multicall[cpu] = false;
            printk(XENLOG_G_ERR "d%u: iret inside a multicall\n",
                   current->domain->domain_id);
            domain_crash(current->domain);
            return -EINVAL;
        }
        sub.op = e.op;
        memcpy(sub.arg, e.args, sizeof(sub.arg));
        fn = hypercall_handler(e.op);
        e.result = fn ? fn(&sub) : -ENOSYS;
        if ( sub.preempted )
        {
            /* Continue this entry later with the arguments it left. */
            memcpy(e.args, sub.arg, sizeof(sub.arg));
            if ( copy_to_guest(list, &e, sizeof(e)) )
                rc = -EFAULT;
            break;
        }
        if ( copy_to_guest(list + offsetof(struct multicall_entry, result),
                           &e.result, sizeof(e.result)) )
        {
            rc = -EFAULT;
            break;
        }
    }
    in_multicall[cpu] = false;
    if ( rc || i == nr )
        return rc;
    a->arg[0] = list;
    a->arg[1] = nr - i;
    return hypercall_continue(a);
}

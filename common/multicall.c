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
 *
 * One loop for both ABIs: an entry is 8 words of the guest's width (op,
 * result, args[6]), 8 bytes for 64-bit guests, 4 for 32-bit ones
 * (pv/compat/hypercall.c), whose calls go to the handlers of their own
 * ABI's table.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <asm/guest_access.h>
#include <public/xen.h>

#define ENTRY_WORDS     8       /* op, result, args[6] */
#define RESULT_WORD     1
#define FIRST_ARG_WORD  2

/* A CPU runs one vCPU's hypercalls at a time: the nesting flag is per CPU. */
static bool in_multicall[CONFIG_NR_CPUS];

static unsigned long entry_word(const void *e, unsigned int word,
                                unsigned int i)
{
    return word == 8 ? ((const uint64_t *)e)[i] : ((const uint32_t *)e)[i];
}

static void set_entry_word(void *e, unsigned int word, unsigned int i,
                           unsigned long val)
{
    if ( word == 8 )
        ((uint64_t *)e)[i] = val;
    else
        ((uint32_t *)e)[i] = val;
}

long multicall_batch(struct hc_args *a, unsigned int word,
                     hypercall_fn_t *(*handler)(unsigned long op))
{
    unsigned long list = hc_ptr(a, 0);
    unsigned int nr = hc_uint(a, 1), i, j, cpu = smp_processor_id();
    unsigned int size = ENTRY_WORDS * word;
    uint64_t e[ENTRY_WORDS];
    long rc = 0;

    BUILD_BUG_ON(sizeof(struct multicall_entry) != sizeof(e));
    ASSERT(word == 8 || word == 4);
    if ( in_multicall[cpu] )
        return -EINVAL;
    if ( !guest_range_ok(list, (unsigned long)nr * size) )
        return -EFAULT;

    in_multicall[cpu] = true;
    for ( i = 0; i < nr; i++, list += size )
    {
        struct hc_args sub = { 0 };
        hypercall_fn_t *fn;
        long result;

        if ( i && hypercall_preempt_check() )
            break;
        if ( copy_from_guest(e, list, size) )
        {
            rc = -EFAULT;
            break;
        }
        sub.op = entry_word(e, word, 0);
        if ( sub.op == __HYPERVISOR_iret )
        {
            in_multicall[cpu] = false;
            printk(XENLOG_G_ERR "d%u: iret inside a multicall\n",
                   current->domain->domain_id);
            domain_crash(current->domain);
            return -EINVAL;
        }
        for ( j = 0; j < ARRAY_SIZE(sub.arg); j++ )
            sub.arg[j] = entry_word(e, word, FIRST_ARG_WORD + j);
        fn = handler(sub.op);
        result = fn ? fn(&sub) : -ENOSYS;
        set_entry_word(e, word, RESULT_WORD, result);
        if ( sub.preempted )
        {
            /* Continue this entry later with the arguments it left. */
            for ( j = 0; j < ARRAY_SIZE(sub.arg); j++ )
                set_entry_word(e, word, FIRST_ARG_WORD + j, sub.arg[j]);
            if ( copy_to_guest(list, e, size) )
                rc = -EFAULT;
            break;
        }
        if ( copy_to_guest(list + RESULT_WORD * word,
                           (uint8_t *)e + RESULT_WORD * word, word) )
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

long do_multicall(struct hc_args *a)
{
    return multicall_batch(a, sizeof(xen_ulong_t), hypercall_handler);
}

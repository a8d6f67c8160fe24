#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H

/*
 * Hypercall handlers.  The dispatcher (arch/x86/pv/hypercall.c) copies a
 * call's number and arguments into a struct hc_args and calls the handler
 * listed for the number in its table; the handler's return value goes
 * back to the guest in %rax.
 *
 * Arguments are raw register values; the getters below are the only
 * place they are cut to the types the ABI gives them (an "int" argument
 * is the low 32 bits of its register, as in Xen).
 *
 * Long work is preemptible: a handler that has done part of its work and
 * sees hypercall_preempt_check() stores what is left in a->arg[] and
 * returns hypercall_continue(a); the guest then re-executes the call with
 * those arguments after pending work has run.
 */
#include <xen/types.h>
#include <xen/softirq.h>
#include <asm/current.h>

struct hc_args {
    unsigned long op;           /* hypercall number */
    unsigned long arg[5];       /* %rdi, %rsi, %rdx, %r10, %r8 */
    bool preempted;             /* set by hypercall_continue() */
};

typedef long hypercall_fn_t(struct hc_args *a);

static inline unsigned int hc_uint(const struct hc_args *a, unsigned int i)
{
    return (unsigned int)a->arg[i];
}

static inline int hc_int(const struct hc_args *a, unsigned int i)
{
    return (int)a->arg[i];
}

static inline unsigned long hc_ulong(const struct hc_args *a, unsigned int i)
{
    return a->arg[i];
}

/* A guest virtual address (a guest handle). */
static inline unsigned long hc_ptr(const struct hc_args *a, unsigned int i)
{
    return a->arg[i];
}

/* Should a long-running hypercall stop and continue later? */
static inline bool hypercall_preempt_check(void)
{
    return softirq_pending(smp_processor_id());
}

/* The 64-bit handler of hypercall op, NULL if none (for multicall). */
hypercall_fn_t *hypercall_handler(unsigned long op);

/* Make the guest repeat the call with a->arg[] as they are now. */
static inline long hypercall_continue(struct hc_args *a)
{
    a->preempted = true;
    return 0;
}

/* The handlers, by the file they live in. */
/* XENMEM_exchange of memory_op (common/memory_exchange.c). */
long memory_exchange(struct hc_args *a);

hypercall_fn_t do_set_trap_table;       /* arch/x86/pv/traps.c */
hypercall_fn_t do_iret;                 /* arch/x86/pv/iret.c */
hypercall_fn_t do_set_callbacks;        /* arch/x86/pv/callback.c */
hypercall_fn_t do_callback_op;
hypercall_fn_t do_update_va_mapping;    /* arch/x86/pv/mm.c */
hypercall_fn_t do_update_va_mapping_otherdomain;
hypercall_fn_t do_mmu_update;
hypercall_fn_t do_mmuext_op;            /* arch/x86/pv/mmuext.c */
hypercall_fn_t do_memory_op;            /* common/memory.c */
hypercall_fn_t do_multicall;            /* common/multicall.c */
/*
 * The multicall loop for an ABI whose entries are 8 words of 'word' bytes
 * (8: 64-bit guests, 4: 32-bit ones) and whose calls' handlers 'handler'
 * gives (NULL: -ENOSYS).
 */
long multicall_batch(struct hc_args *a, unsigned int word,
                     hypercall_fn_t *(*handler)(unsigned long op));
hypercall_fn_t do_grant_table_op;       /* common/grant_table.c */
hypercall_fn_t do_xen_version;          /* common/kernel.c */
hypercall_fn_t do_vm_assist;
hypercall_fn_t do_console_io;           /* common/console_io.c */
hypercall_fn_t do_sched_op;             /* common/schedule.c */
hypercall_fn_t do_physdev_op;           /* arch/x86/physdev.c */
hypercall_fn_t do_platform_op;          /* arch/x86/platform_hypercall.c */
hypercall_fn_t do_sysctl;               /* arch/x86/sysctl.c */
hypercall_fn_t do_mca;                  /* arch/x86/mca.c */
hypercall_fn_t do_stack_switch;         /* arch/x86/pv/misc-hypercalls.c */
hypercall_fn_t do_set_segment_base;
hypercall_fn_t do_fpu_taskswitch;
hypercall_fn_t do_set_debugreg;          /* arch/x86/pv/debugreg.c */
hypercall_fn_t do_get_debugreg;
hypercall_fn_t do_set_gdt;               /* arch/x86/pv/descriptor-tables.c */
hypercall_fn_t do_update_descriptor;
hypercall_fn_t do_event_channel_op;     /* common/event_channel.c */
hypercall_fn_t do_vcpu_op;              /* common/vcpu_op.c */
hypercall_fn_t do_set_timer_op;

#endif

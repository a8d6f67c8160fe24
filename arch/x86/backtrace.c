/*
 * Call traces, by walking the frame-pointer chain: every frame starts with
 * the caller's saved %rbp, followed by the return address.  The entry code
 * (arch/x86/entry.S) adds such a record for the interrupted context, so a
 * trace taken in a handler continues through the interruption.
 *
 * Nothing read from the stack is trusted: each frame must be 8-byte
 * aligned, inside this CPU's stack block and above the previous frame, so
 * a corrupt chain ends the trace instead of faulting or looping.
 *
 * A function that needs no stack gets no frame even with frame pointers,
 * and a shrink-wrapped one builds it late; a fault there leaves its return
 * address at the top of the stack, not in the chain.  The trace of a
 * register frame therefore also shows the word at %rsp when it points into
 * the hypervisor's code, marked '?' as it may be a stale value.
 */
#include <xen/lib.h>
#include <xen/symbols.h>
#include <asm/desc.h>
#include <asm/traps.h>

#define MAX_TRACE_LINES 40

struct trace {
    unsigned long lo, hi;       /* frames must lie within [lo, hi) */
    unsigned long last;         /* address on the last line printed */
    unsigned int repeats;       /* consecutive further copies of last */
    unsigned int lines;
};

static void trace_start(struct trace *t)
{
    t->lo = stack_block((unsigned long)__builtin_frame_address(0));
    t->hi = t->lo + STACK_SIZE - CPU_INFO_SIZE;
    t->last = 0;
    t->repeats = 0;
    t->lines = 0;
    printk(XENLOG_ERR "Call trace:\n");
}

static void trace_flush_repeats(struct trace *t)
{
    if ( t->repeats )
        printk(XENLOG_ERR "    ... %u more times\n", t->repeats);
    t->repeats = 0;
}

/* Runaway recursion shows as one line and a count.  False: trace full. */
static bool trace_addr(struct trace *t, unsigned long addr)
{
    if ( addr == t->last )
    {
        t->repeats++;
        return true;
    }
    trace_flush_repeats(t);
    if ( t->lines++ == MAX_TRACE_LINES )
    {
        printk(XENLOG_ERR "    ... (trace truncated)\n");
        return false;
    }
    printk(XENLOG_ERR "   [<%016lx>] %pS\n", addr, (void *)addr);
    t->last = addr;
    return true;
}

/* Reading the guard page would fault: it is never part of a valid frame. */
static bool in_stack(const struct trace *t, unsigned long p, unsigned long len)
{
    unsigned long guard = stack_guard_page(t->lo);

    return IS_ALIGNED(p, sizeof(long)) && p >= t->lo && p <= t->hi - len &&
           (p + len <= guard || p >= guard + PAGE_SIZE);
}

static void trace_walk(struct trace *t, unsigned long fp)
{
#ifdef CONFIG_FRAME_POINTER
    unsigned long prev = 0;

    while ( fp > prev && in_stack(t, fp, 2 * sizeof(long)) )
    {
        const unsigned long *frame = (const unsigned long *)fp;

        if ( !frame[1] || !trace_addr(t, frame[1]) )
            break;
        prev = fp;
        fp = frame[0];
    }
    trace_flush_repeats(t);
#else
    printk(XENLOG_ERR "    (no frame pointers in this build: trace incomplete)\n");
#endif
}

void show_trace(const struct cpu_user_regs *regs)
{
    struct trace t;
    unsigned long size, offset, top;

    trace_start(&t);
    trace_addr(&t, regs->rip);
    if ( in_stack(&t, regs->rsp, sizeof(long)) )
    {
        top = *(const unsigned long *)regs->rsp;
        if ( symbols_lookup(top, &size, &offset) )
            printk(XENLOG_ERR "   [<%016lx>] ? %pS\n", top, (void *)top);
    }
    trace_walk(&t, regs->rbp);
}

void show_backtrace_here(void)
{
    struct trace t;

    trace_start(&t);
    trace_walk(&t, (unsigned long)__builtin_frame_address(0));
}

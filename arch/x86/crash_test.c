/*
 * crash_test=<kind> (debug builds): make the hypervisor fail on purpose at
 * the end of boot, so the boot tests can check that each kind of fatal
 * error is reported (reason, registers, call trace) and ends in a reset.
 */
#include <xen/lib.h>
#include <xen/param.h>
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/traps.h>

static char opt_crash_test[16];
string_param("crash_test", opt_crash_test);

#define noinline __attribute__((noinline))

/* Never mapped in the hypervisor's page tables: guest address space. */
#define UNMAPPED_ADDR       0x00007ff000000000UL
#define NON_CANONICAL_ADDR  0x8000000000000000UL

static noinline void crash_panic(void)
{
    panic("crash_test=panic");
}

static noinline void crash_ud2(void)
{
    __asm__ __volatile__ ("ud2");
}

static noinline void crash_pagefault(void)
{
    (void)*(volatile unsigned long *)UNMAPPED_ADDR;
}

static noinline void crash_divide(void)
{
    __asm__ __volatile__ ("xor %%ecx, %%ecx; div %%ecx" ::: "eax", "ecx", "edx");
}

static noinline void crash_gp(void)
{
    (void)*(volatile unsigned long *)NON_CANONICAL_ADDR;
}

/* The depth check never succeeds; it stops GCC from seeing an endless loop. */
static noinline unsigned long recurse(unsigned long depth)
{
    volatile unsigned long pad[8];

    pad[0] = depth;
    if ( depth == ~0UL )
        return 0;
    return recurse(depth + 1) + pad[0];
}

static noinline void crash_stack(void)
{
    /* Without the guard page the recursion would run through memory. */
    if ( !this_cpu_stack_guarded() )
    {
        printk(XENLOG_WARNING "crash_test: no stack guard page on this CPU,"
               " not overflowing the stack\n");
        return;
    }
    recurse(0);
}

static noinline void crash_nmi(void)
{
    apic_send_ipi(get_apic_id(), APIC_DM_NMI);
    /*
     * The NMI arrives while apic_send_ipi() has interrupts off, so it is
     * reported at the exit of the next interrupt: send one.
     */
    apic_send_ipi(get_apic_id(), APIC_DM_FIXED | EVENT_CHECK_VECTOR);
}

static const struct {
    const char *name;
    void (*fn)(void);
} crash_kinds[] = {
    { "panic", crash_panic },
    { "ud2", crash_ud2 },
    { "pagefault", crash_pagefault },
    { "divide", crash_divide },
    { "gp", crash_gp },
    { "stack", crash_stack },
    { "nmi", crash_nmi },
};

void crash_test_run(void)
{
    unsigned int i;

    if ( !opt_crash_test[0] )
        return;
    for ( i = 0; i < ARRAY_SIZE(crash_kinds); i++ )
        if ( !strcmp(opt_crash_test, crash_kinds[i].name) )
        {
            printk(XENLOG_WARNING "crash_test: injecting '%s'\n", opt_crash_test);
            crash_kinds[i].fn();
            printk(XENLOG_WARNING "crash_test: survived '%s'\n", opt_crash_test);
            return;
        }
    printk(XENLOG_WARNING "crash_test: unknown kind '%s' ignored (known: panic, ud2,"
           " pagefault, divide, gp, stack, nmi)\n", opt_crash_test);
}

/*
 * Exceptions and callbacks: the virtual IDT we give the hypervisor, and
 * the C side of every entry in arch/.../entry.S.
 *
 * An exception is either expected (its instruction is in the exception
 * table, or a test's page_fault_hook repairs it) or fails the running
 * test.  Expected ones are recorded in last_trap for the test to check.
 */
#include "guest.h"

struct trap_record last_trap;
bool (*page_fault_hook)(struct trap_frame *f, unsigned long cr2);
bool (*trap_hook)(struct trap_frame *f);
void (*syscall_hook)(struct trap_frame *f);

extern const struct extable_entry __start_extable[], __stop_extable[];

/* Entry stubs in entry.S. */
extern char trap_0[], trap_1[], trap_3[], trap_4[], trap_5[], trap_6[];
extern char trap_7[], trap_8[], trap_10[], trap_11[], trap_12[], trap_13[];
extern char trap_14[], trap_16[], trap_17[], trap_18[], trap_19[];
extern char trap_128[];
extern char upcall_entry[], syscall_entry[], failsafe_entry[];

/*
 * flags: DPL in bits 0..1 (3 lets "int n" reach the handler from any
 * ring: the breakpoint, overflow and int $0x80 vectors).  Bit 2 clear:
 * exceptions leave the event mask alone, so that a test's longjmp out of
 * a handler needs no mask repair.
 */
#define T(v, dpl, fn) { v, dpl, GUEST_KERNEL_CS, (unsigned long)fn }
static const struct trap_info trap_table[] = {
    T(0, 0, trap_0),   T(1, 0, trap_1),   T(3, 3, trap_3),
    T(4, 3, trap_4),   T(5, 0, trap_5),   T(6, 0, trap_6),
    T(7, 0, trap_7),   T(8, 0, trap_8),   T(10, 0, trap_10),
    T(11, 0, trap_11), T(12, 0, trap_12), T(13, 0, trap_13),
    T(14, 0, trap_14), T(16, 0, trap_16), T(17, 0, trap_17),
    T(18, 0, trap_18), T(19, 0, trap_19), T(128, 3, trap_128),
    { 0, 0, 0, 0 }
};
#undef T

unsigned long failsafe_selectors[4];

const struct trap_info *guest_trap_table(void)
{
    return trap_table;
}

void traps_init(void)
{
    long rc = HYPERVISOR_set_trap_table(trap_table);

    if ( !rc )
        rc = HYPERVISOR_set_callbacks((unsigned long)upcall_entry,
                                      (unsigned long)failsafe_entry,
                                      (unsigned long)syscall_entry);
    if ( rc )
        test_fail("trap set-up failed: %ld", rc);
}

static const struct extable_entry *extable_find(unsigned long ip)
{
    const struct extable_entry *e;

    for ( e = __start_extable; e < __stop_extable; e++ )
        if ( e->insn == ip )
            return e;
    return NULL;
}

void trap_dispatch(struct trap_frame *f)
{
    const struct extable_entry *e;
    unsigned long cr2 = 0;

    if ( trap_hook && trap_hook(f) )
        return;
    switch ( f->vector )
    {
    case TRAP_UPCALL:
        evtchn_do_upcall(f);
        return;
    case TRAP_SYSCALL:
        if ( !syscall_hook )
            test_fail("syscall from user mode at %#lx, no handler",
                      frame_ip(f));
        syscall_hook(f);
        return;
    case TRAP_FAILSAFE:
        test_fail("failsafe callback at %#lx", frame_ip(f));
    }

    if ( f->vector == 14 )
    {
        cr2 = vcpu0_info->arch.cr2;
        if ( page_fault_hook && page_fault_hook(f, cr2) )
            return;
    }
    e = extable_find(frame_ip(f));
    if ( !e )
        test_fail("unexpected exception %lu, error %#lx at %#lx, cr2 %#lx",
                  f->vector, f->error, frame_ip(f), cr2);
    last_trap.count++;
    last_trap.vector = f->vector;
    last_trap.error = f->error;
    last_trap.rpl = frame_rpl(f);
    last_trap.cr2 = cr2;
    frame_ip(f) = e->fixup;
}

int probe_read(const volatile void *p)
{
    unsigned int before = last_trap.count;
    unsigned long tmp;

    asm volatile ( "1: movb (%1), %b0\n2:\n\t"
                   EXTABLE_ENTRY(1b, 2b)
                   : "=&q" (tmp) : "r" (p) : "memory" );
    return last_trap.count != before ? (int)last_trap.vector : -1;
}

int probe_write(volatile void *p, uint8_t v)
{
    unsigned int before = last_trap.count;

    asm volatile ( "1: movb %b1, (%0)\n2:\n\t"
                   EXTABLE_ENTRY(1b, 2b)
                   :: "r" (p), "q" (v) : "memory" );
    return last_trap.count != before ? (int)last_trap.vector : -1;
}

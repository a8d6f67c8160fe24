/*
 * Running Debian's prebuilt libfdt (libfdt-dev's libfdt.a) inside the
 * hypervisor.  That library was compiled for user space; the build checks
 * it (scripts/check-libfdt.sh) and what remains to neutralise is done
 * here.  docs/boot-domains.md has the whole argument.
 *
 *  - Stack protector: its functions read a canary at %fs:0x28 on entry
 *    and compare on exit.  Our FS base is the last guest's or zero, so
 *    libfdt_call() points MSR_FS_BASE at canary_page, whose word at 0x28
 *    is a boot-time random value, and restores the old base afterwards.
 *    A mismatch calls __stack_chk_fail(), which panics: it means memory
 *    corruption inside libfdt's frame.
 *  - Red zone: the check proves no object touches memory below %rsp, and
 *    libfdt_call() keeps interrupts off anyway, so nothing the CPU pushes
 *    on this (hypervisor-owned) stack can land in a red zone.
 *  - SSE/x87, segments, system instructions, TLS: refused by the check.
 *  - Imports: only common/string.c's functions and __stack_chk_fail.
 */
#include <xen/lib.h>
#include <xen/libfdt_call.h>
#include <xen/spinlock.h>
#include <asm/msr.h>

/* What %fs points at while libfdt runs: the canary sits at offset 0x28. */
static struct {
    uint64_t unused[5];
    uint64_t stack_guard;
} canary_page __attribute__((aligned(64)));
_Static_assert(__builtin_offsetof(typeof(canary_page), stack_guard) == 0x28,
               "glibc's x86-64 stack-protector canary is at %fs:0x28");

static DEFINE_SPINLOCK(libfdt_lock);

void __stack_chk_fail(void);
void __stack_chk_fail(void)
{
    panic("libfdt: stack protector canary overwritten (memory corruption)");
}

int libfdt_call(int (*fn)(void *arg), void *arg)
{
    unsigned long flags;
    uint64_t old_fs;
    int rc;

    spin_lock_irqsave(&libfdt_lock, flags);
    if ( !canary_page.stack_guard )
        /* Unpredictable enough for a boot-time guard; never zero. */
        canary_page.stack_guard = (rdtsc() * 0x9e3779b97f4a7c15ULL) | 1;
    old_fs = rdmsr(MSR_FS_BASE);
    wrmsr(MSR_FS_BASE, (unsigned long)&canary_page);
    rc = fn(arg);
    wrmsr(MSR_FS_BASE, old_fs);
    spin_unlock_irqrestore(&libfdt_lock, flags);
    return rc;
}

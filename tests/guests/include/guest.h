/*
 * The PV test-kernel framework: what every test and benchmark can use.
 *
 * A test is a function registered with GUEST_TEST(name); the runner
 * (lib/main.c) calls each in turn and prints one line per test:
 *     GUEST PASS <name>
 *     GUEST FAIL <name>: <reason>
 *     GUEST SKIP <name>: <reason>   (test_skip(): not for this domain)
 * and at the end "GUEST DONE passed=N failed=M" (" skipped=K" when K is
 * not 0).  A CHECK that fails, or
 * an exception no fixup expects, ends the test at once (a longjmp back to
 * the runner), so a test needs no error paths of its own.  Whatever a
 * failed test had set up stays as it was; only the event mask is reset.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include <public/xen.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include <public/physdev.h>
#include <public/platform.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/version.h>
#include <public/arch-x86/xen-mca.h>

#include "arch.h"
#include "hypercall.h"

#define PAGE_SHIFT      12
#define PAGE_SIZE       (1UL << PAGE_SHIFT)
#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))
#define __aligned(n)    __attribute__((aligned(n)))
#define __noreturn      __attribute__((noreturn))
#define __printf(a, b)  __attribute__((format(printf, a, b)))

/* Hardware page-table entry bits (Intel SDM vol. 3, 4.5). */
#define _PAGE_PRESENT   0x001UL
#define _PAGE_RW        0x002UL
#define _PAGE_USER      0x004UL
#define _PAGE_ACCESSED  0x020UL
#define _PAGE_DIRTY     0x040UL
#define _PAGE_PSE       0x080UL
#define PTE_ADDR_MASK   0x000ffffffffff000ULL
#define PTE_MFN(pte)    ((xen_pfn_t)(((pte) & PTE_ADDR_MASK) >> PAGE_SHIFT))
/* What a test writes for an ordinary data page. */
#define PTE_RO          (_PAGE_PRESENT | _PAGE_ACCESSED)
#define PTE_RW          (PTE_RO | _PAGE_RW | _PAGE_DIRTY)

/*
 * Guest addresses a hypercall must refuse with -EFAULT: unmapped (below
 * VIRT_BASE), inside the hypervisor, and whatever else the arch adds.
 */
#define BAD_ADDRS   0x1000UL, HYPERVISOR_VIRT_START + 0x10000, ARCH_BAD_ADDRS

/* ---- start of day (lib/main.c) ---------------------------------------- */
extern start_info_t *start_info;
extern shared_info_t *shared_info;
/* vCPU 0's vcpu_info: in shared_info until VCPUOP_register_vcpu_info moves it. */
extern vcpu_info_t *volatile vcpu0_info;

/* The value of "key=value" on the command line, copied into buf. */
bool cmdline_value(const char *key, char *buf, size_t size);
/*
 * This domain's id: a boot-time domain's xh.domid=<id> (its command
 * line, docs/boot-domains.md), else 0 (dom0).
 */
domid_t self_domid(void);
/* The hardware domain (dom0), whose tests may use devices and ports. */
#define IS_HWDOM()      (!!(start_info->flags & SIF_INITDOMAIN))
#define IS_PRIVILEGED() (!!(start_info->flags & SIF_PRIVILEGED))
/* The same, as a decimal number; false if absent or not one. */
bool cmdline_uint(const char *key, unsigned long *val);

/* Called by the arch entry code (head.S) with the start_info page. */
void guest_start(start_info_t *si) __noreturn;

/* ---- console (lib/console.c) ------------------------------------------ */
int printf(const char *fmt, ...) __printf(1, 2);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* ---- strings (lib/string.c) ------------------------------------------- */
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
char *strstr(const char *hay, const char *needle);

/* ---- tests (lib/main.c) ----------------------------------------------- */
/* only= is empty (run everything) or a comma-separated list of names. */
bool selected(const char *only, const char *name);
/*
 * Runs fn as the test or benchmark 'name', catching failures: true if it
 * ended normally (a failure prints its GUEST FAIL line).
 */
enum test_result { TEST_PASSED, TEST_FAILED, TEST_SKIPPED };
enum test_result guest_run(const char *name, void (*fn)(void));

struct guest_test {
    const char *name;
    void (*fn)(void);
};

#define GUEST_TEST(n)                                                   \
    static void test_##n(void);                                         \
    static const struct guest_test desc_##n                             \
        __attribute__((used, section(".tests"), aligned(8))) =          \
        { #n, test_##n };                                               \
    static void test_##n(void)

/* Ends the running test as failed; the reason is printed on its line. */
void test_fail(const char *fmt, ...) __printf(1, 2) __noreturn;
/* A "GUEST INFO <test>: ..." line: observations worth keeping in the log. */
void test_info(const char *fmt, ...) __printf(1, 2);
/*
 * The test cannot run in this domain (it needs the hardware domain, a
 * device, a parameter): ends it like a failure, but it counts as skipped,
 * not failed.  Only where the domain's kind, not a bug, is the reason.
 */
void test_skip(const char *fmt, ...) __printf(1, 2) __noreturn;

#define CHECK(c) do {                                                   \
    if ( !(c) )                                                         \
        test_fail("%s:%d: %s", __FILE__, __LINE__, #c);                 \
} while ( 0 )

#define CHECK_EQ(a, b) do {                                             \
    long long a_ = (long long)(a), b_ = (long long)(b);                 \
    if ( a_ != b_ )                                                     \
        test_fail("%s:%d: %s = %lld (%#llx), expected %lld (%#llx)",    \
                  __FILE__, __LINE__, #a, a_, a_, b_, b_);              \
} while ( 0 )

/* A hypercall that must fail with exactly -XEN_<err>. */
#define CHECK_ERR(call, err) CHECK_EQ(call, -XEN_##err)

/* ---- traps (lib/traps.c) ---------------------------------------------- */
/*
 * The last exception a fixup caught: a test provokes one with an
 * instruction listed in the exception table (EXTABLE_ENTRY) and looks here.
 */
struct trap_record {
    unsigned int count;         /* exceptions caught so far */
    unsigned int vector;
    unsigned int rpl;           /* frame_rpl(): the mode interrupted */
    unsigned long error;
    unsigned long cr2;          /* vcpu_info.arch.cr2 for a #PF */
};
extern struct trap_record last_trap;

/*
 * Exception table: an exception at 'insn' resumes at 'fixup' instead of
 * failing the test.  Use through the probe helpers below or from asm.
 */
struct extable_entry {
    unsigned long insn, fixup;
};
#define EXTABLE_ENTRY(insn, fixup)                                      \
    ".pushsection .extable, \"aw\"\n\t.balign 8\n\t"                    \
    ASM_PTR " " #insn ", " #fixup "\n\t.popsection\n\t"

/*
 * A #PF handler that a test installs to repair the fault and retry the
 * instruction; returns false to treat the fault as unexpected.
 */
extern bool (*page_fault_hook)(struct trap_frame *f, unsigned long cr2);
/* Any exception or callback goes here first; true: handled. */
extern bool (*trap_hook)(struct trap_frame *f);

/* The ds, es, fs, gs of the last failsafe callback's frame (entry.S). */
extern unsigned long failsafe_selectors[4];

/* A syscall from guest user mode goes here (tests/bench). */
extern void (*syscall_hook)(struct trap_frame *f);

/* Accesses that report an exception instead of failing: its vector, or -1. */
int probe_read(const volatile void *p);
int probe_write(volatile void *p, uint8_t v);
void traps_init(void);
/* Our virtual IDT, for tests that replace it and must restore it. */
const struct trap_info *guest_trap_table(void);
/* Called by entry.S with the interrupted context. */
void trap_dispatch(struct trap_frame *f);

/* ---- events (lib/events.c) -------------------------------------------- */
#define EVTCHN_TRACKED  1024    /* ports whose deliveries are counted */
typedef void (*evtchn_handler_t)(evtchn_port_t port, struct trap_frame *f);

extern volatile unsigned int evtchn_deliveries[EVTCHN_TRACKED];

void events_init(void);
void evtchn_do_upcall(struct trap_frame *f);
void evtchn_set_handler(evtchn_port_t port, evtchn_handler_t fn);
void events_mask(void);
/* Clears the upcall mask and takes any upcall that was held back. */
void events_unmask(void);
void evtchn_mask_port(evtchn_port_t port);
void evtchn_unmask_port(evtchn_port_t port);
bool evtchn_is_pending(evtchn_port_t port);
/* Blocked for ns (SCHEDOP_poll on a fresh unbound port): switched out and in. */
void block_ns(uint64_t ns);

/* ---- time (lib/time.c) ------------------------------------------------ */
/* Hypervisor system time in ns, from vcpu 0's vcpu_time_info. */
uint64_t now_ns(void);
/* Spins until the system time passes 'deadline' (ns). */
void spin_until(uint64_t deadline);

/* ---- memory (lib/mm.c) ------------------------------------------------ */
/*
 * Every page of the kernel's initial region (image, P2M list, start_info,
 * page tables, stack, the bss heap) is at VIRT_BASE + (pfn << PAGE_SHIFT).
 */
#define pfn_to_virt(pfn) \
    ((void *)(VIRT_BASE + ((unsigned long)(pfn) << PAGE_SHIFT)))
#define virt_to_pfn(va) (((unsigned long)(va) - VIRT_BASE) >> PAGE_SHIFT)

xen_pfn_t pfn_to_mfn(unsigned long pfn);
unsigned long mfn_to_pfn(xen_pfn_t mfn);
xen_pfn_t virt_to_mfn(const void *va);
uint64_t virt_to_maddr(const void *va);
void *mfn_to_virt(xen_pfn_t mfn);

/* A zeroed, writable page from the bss heap; never freed. */
void *page_alloc(void);
/* 'n' contiguous pages. */
void *pages_alloc(unsigned int n);

/* Machine address of the entry mapping 'va' at 'level' (1 = L1), or 0. */
uint64_t pte_maddr(unsigned long va, unsigned int level);
/* That entry's value (0 if a level above is not present). */
pgentry_t pte_read(unsigned long va, unsigned int level);
/* Remaps the page at 'va' (update_va_mapping with a local INVLPG). */
int set_pte(unsigned long va, pgentry_t val);
/* Makes our page at 'va' read-only / writable again. */
void make_readonly(void *va);
void make_writable(void *va);
/* Machine frame of the kernel's top-level page table. */
xen_pfn_t top_table_mfn(void);
/*
 * Sets (clears) the user bit of the L2 and L1 entries mapping our image
 * (code, data, bss with the heap and stacks), for user mode in a 32-bit
 * kernel, whose pages are supervisor pages otherwise.
 */
void image_user_access(bool on);

/* ---- benchmarks (tests/bench) ----------------------------------------- */
/*
 * Aligned as each descriptor is placed in .benches, so that the section
 * is an array of them at both widths (12 bytes would not be, in 32-bit).
 */
struct guest_bench {
    const char *name;
    void (*fn)(void);
    bool named_only;            /* runs only when only= names it */
} __attribute__((aligned(8)));

#define GUEST_BENCH_DESC(n, named)                                      \
    static void bench_##n(void);                                        \
    static const struct guest_bench bdesc_##n                           \
        __attribute__((used, section(".benches"), aligned(8))) =        \
        { #n, bench_##n, named };                                       \
    static void bench_##n(void)
#define GUEST_BENCH(n)          GUEST_BENCH_DESC(n, false)
/* A benchmark that needs a set-up of its own (boot-time domains). */
#define GUEST_BENCH_NAMED(n)    GUEST_BENCH_DESC(n, true)

/* Records one sample (TSC cycles) of the running benchmark. */
void bench_sample(uint64_t cycles);
/* Runs the benchmarks (all, or the one named 'only'), one line each. */
void run_benchmarks(const char *only);

/* Ends the run: the hypervisor resets the machine (see lib/main.c). */
void guest_exit(void) __noreturn;

#endif /* GUEST_H */

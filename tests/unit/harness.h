/*
 * Host unit-test harness.  A test is tests/unit/test-<name>.c whose first
 * line is a comment "SOURCES: common/foo.c common/string.c" naming the
 * hypervisor sources it exercises, repository-relative.
 *
 * run.sh compiles those sources as the hypervisor build does (freestanding,
 * hypervisor headers only), the test and harness.c against the host's libc,
 * and links them.  Each TEST() case runs in its own process, so a crash or
 * a panic() fails that case alone.
 *
 * harness.c provides host versions of what the sources expect from the
 * rest of the hypervisor: printk()/vprintk() (captured, see harness_log()),
 * panic() (fails the case), xzalloc_bytes()/xfree() (calloc/free, with
 * failure injection) and symbols_lookup() (finds nothing).  They are weak:
 * the real source, or a test's own definition, replaces them.
 */
#ifndef HARNESS_H
#define HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The hypervisor's headers rely on compiler.h, but its "hidden" visibility
 * pragma would make every libc function declared after it unresolvable.
 */
#include <xen/compiler.h>
#pragma GCC visibility pop
#include <xen/types.h>
#include <xen/lib.h>

struct harness_case {
    const char *name;
    void (*fn)(void);
    struct harness_case *next;
};
void harness_register(struct harness_case *c);

/* TEST(name) { body }: one case; cases run in the order they are written. */
#define TEST(name)                                                          \
    static void test_##name(void);                                          \
    static struct harness_case case_##name = { #name, test_##name, NULL };  \
    static void __attribute__((constructor)) register_##name(void)          \
    {                                                                       \
        harness_register(&case_##name);                                     \
    }                                                                       \
    static void test_##name(void)

/* Record a failed check (the case goes on, so one run shows every failure). */
void harness_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void harness_check_str(const char *file, int line, const char *expr_a,
                       const char *expr_b, const char *a, const char *b);

#define CHECK(c)                                                            \
    do {                                                                    \
        if ( !(c) )                                                         \
            harness_fail(__FILE__, __LINE__, "CHECK(%s)", #c);              \
    } while ( 0 )

/* Integers of any size and signedness, compared as 64-bit patterns. */
#define CHECK_EQ(a, b)                                                      \
    do {                                                                    \
        unsigned long long a_ = (unsigned long long)(a);                    \
        unsigned long long b_ = (unsigned long long)(b);                    \
        if ( a_ != b_ )                                                     \
            harness_fail(__FILE__, __LINE__,                                \
                         "CHECK_EQ(%s, %s): %lld (%#llx) != %lld (%#llx)",  \
                         #a, #b, (long long)a_, a_, (long long)b_, b_);     \
    } while ( 0 )

/* Strings (either may be NULL). */
#define CHECK_STR(a, b) harness_check_str(__FILE__, __LINE__, #a, #b, (a), (b))

/* Everything printk()ed since the case started or harness_log_clear(). */
const char *harness_log(void);
void harness_log_clear(void);

/* The log contains text. */
#define CHECK_LOG(text)                                                     \
    do {                                                                    \
        if ( !strstr(harness_log(), text) )                                 \
            harness_fail(__FILE__, __LINE__, "CHECK_LOG(%s): not in log",   \
                         #text);                                            \
    } while ( 0 )

/*
 * Does fn() panic?  Runs it in a child process (its output discarded), so
 * the case goes on either way: CHECK(harness_panics(free_twice)).
 */
bool harness_panics(void (*fn)(void));

/* Make the allocation after the next n successful ones fail (once). */
void harness_fail_alloc_after(unsigned int n);
/* Allocations not yet freed, to check for leaks. */
long harness_live_allocs(void);

#endif

/*
 * Start of day and the test runner.
 *
 * guest_start() maps the shared-info page, installs the trap table and
 * callbacks, then runs every GUEST_TEST in link order (or, with "bench" on
 * the command line, every GUEST_BENCH) and shuts the domain down.
 *
 * Command line (start_info.cmd_line, i.e. the module's arguments):
 *   bench        run the benchmarks instead of the tests
 *   only=<name>  run just that test (or benchmark)
 *   xh.*=<n>     a boot-time domain's links (docs/boot-domains.md)
 */
#include "guest.h"

start_info_t *start_info;
shared_info_t *shared_info;
vcpu_info_t *volatile vcpu0_info;

/* A page of our own whose mapping is replaced by the shared-info frame. */
static uint8_t shared_info_va[PAGE_SIZE] __aligned(PAGE_SIZE);

extern const struct guest_test __start_tests[], __stop_tests[];

static const char *current_name;
static jmp_buf test_env;
static char fail_reason[400];

/* The kernel's command line (start_info.cmd_line) contains 'word'. */
static bool cmdline_has(const char *word)
{
    const char *cl = (const char *)start_info->cmd_line;
    size_t n = strlen(word);

    for ( ; (cl = strstr(cl, word)) != NULL; cl += n )
        if ( (cl == (const char *)start_info->cmd_line || cl[-1] == ' ') &&
             (cl[n] == '\0' || cl[n] == ' ' || cl[n] == '=') )
            return true;
    return false;
}

bool cmdline_value(const char *key, char *buf, size_t size)
{
    const char *cl = (const char *)start_info->cmd_line, *v;
    size_t n = strlen(key), i;

    for ( ; (cl = strstr(cl, key)) != NULL; cl += n )
    {
        if ( (cl != (const char *)start_info->cmd_line && cl[-1] != ' ') ||
             cl[n] != '=' )
            continue;
        v = cl + n + 1;
        for ( i = 0; i + 1 < size && v[i] && v[i] != ' '; i++ )
            buf[i] = v[i];
        buf[i] = '\0';
        return true;
    }
    return false;
}

bool cmdline_uint(const char *key, unsigned long *val)
{
    char buf[24];
    unsigned int i;

    if ( !cmdline_value(key, buf, sizeof(buf)) || !buf[0] )
        return false;
    for ( *val = 0, i = 0; buf[i]; i++ )
    {
        if ( buf[i] < '0' || buf[i] > '9' )
            return false;
        *val = *val * 10 + (buf[i] - '0');
    }
    return true;
}

domid_t self_domid(void)
{
    unsigned long id;

    return cmdline_uint("xh.domid", &id) && id < DOMID_FIRST_RESERVED ? id : 0;
}

void test_fail(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(fail_reason, sizeof(fail_reason), fmt, ap);
    va_end(ap);
    if ( !current_name )
    {
        /* Outside any test: the framework itself is broken. */
        printf("GUEST FATAL: %s\n", fail_reason);
        guest_exit();
    }
    longjmp(test_env, 1);
}

void test_skip(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(fail_reason, sizeof(fail_reason), fmt, ap);
    va_end(ap);
    if ( !current_name )
    {
        printf("GUEST FATAL: skip outside a test: %s\n", fail_reason);
        guest_exit();
    }
    longjmp(test_env, 2);
}

void test_info(const char *fmt, ...)
{
    char buf[400];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printf("GUEST INFO %s: %s\n",
           current_name ? current_name : "setup", buf);
}

void guest_exit(void)
{
    struct sched_shutdown sd = { .reason = SHUTDOWN_reboot };

    /*
     * A hardware domain's reboot request makes the hypervisor reset the
     * machine at once (a poweroff would only halt it), and QEMU, run with
     * -no-reboot, exits on that reset.  This needs no I/O privilege and
     * no QEMU device, and works the same under any Xen-compatible
     * hypervisor.
     */
    HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd);
    for ( ;; )
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

static void map_shared_info(void)
{
    if ( HYPERVISOR_update_va_mapping((unsigned long)shared_info_va,
                                      start_info->shared_info | PTE_RW,
                                      UVMF_INVLPG | UVMF_LOCAL) )
    {
        printf("GUEST FATAL: cannot map shared_info\n");
        guest_exit();
    }
    shared_info = (shared_info_t *)shared_info_va;
    vcpu0_info = &shared_info->vcpu_info[0];
}

enum test_result guest_run(const char *name, void (*fn)(void))
{
    int jumped;

    current_name = name;
    jumped = setjmp(test_env);
    if ( jumped )
    {
        /* test_fail() jumps with 1, test_skip() with 2. */
        printf("GUEST %s %s: %s\n", jumped == 2 ? "SKIP" : "FAIL", name,
               fail_reason);
        current_name = NULL;
        /* A test that ended early may have left events masked. */
        events_unmask();
        return jumped == 2 ? TEST_SKIPPED : TEST_FAILED;
    }
    fn();
    current_name = NULL;
    return TEST_PASSED;
}

bool selected(const char *only, const char *name)
{
    size_t n = strlen(name);
    const char *p = only;

    if ( !only[0] )
        return true;
    for ( ; ; )
    {
        if ( strnlen(p, n) == n && !memcmp(p, name, n) &&
             (p[n] == ',' || p[n] == '\0') )
            return true;
        while ( *p && *p != ',' )
            p++;
        if ( !*p )
            return false;
        p++;
    }
}

static void run_tests(const char *only)
{
    const struct guest_test *t;
    unsigned int passed = 0, failed = 0, skipped = 0;

    for ( t = __start_tests; t < __stop_tests; t++ )
    {
        if ( !selected(only, t->name) )
            continue;
        switch ( guest_run(t->name, t->fn) )
        {
        case TEST_PASSED:
            printf("GUEST PASS %s\n", t->name);
            passed++;
            break;
        case TEST_FAILED:
            failed++;
            break;
        case TEST_SKIPPED:
            skipped++;
            break;
        }
    }
    if ( skipped )
        printf("GUEST DONE passed=%u failed=%u skipped=%u\n", passed, failed,
               skipped);
    else
        printf("GUEST DONE passed=%u failed=%u\n", passed, failed);
}

void guest_start(start_info_t *si)
{
    static char only[1024];         /* start_info.cmd_line is 1024 bytes */

    start_info = si;
    map_shared_info();
    traps_init();
    events_init();
    printf("GUEST START %s, %lu pages, cmdline '%s'\n", si->magic,
           si->nr_pages, (const char *)si->cmd_line);
    cmdline_value("only", only, sizeof(only));
    if ( cmdline_has("bench") )
        run_benchmarks(only);
    else
        run_tests(only);
    guest_exit();
}

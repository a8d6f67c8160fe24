/*
 * Host side of the unit-test harness (see harness.h): case registry and
 * runner, check reporting, and host versions of hypervisor services.
 * Reports go through stdio only, so that a broken hypervisor string or
 * printing routine linked into the test cannot garble them.
 */
#include <stdarg.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>
#include "harness.h"
#include <xen/mm.h>
#include <xen/symbols.h>

/*
 * A case that runs this long is stuck: the slowest (5 MiB through a
 * sanitised decoder) take a few seconds, many times that on a loaded host.
 */
#define CASE_TIMEOUT_S  60
/* How much of a failed case's log to show. */
#define LOG_TAIL        2000
/*
 * Exit status of a case that panicked, and the one run.sh asks sanitizers
 * to use; lower ones count failed checks.
 */
#define EXIT_PANIC      101
#define EXIT_SANITIZER  102

static struct harness_case *cases, **cases_tail = &cases;
static unsigned int failed_checks;      /* in the running case */

static char log_buf[64 * 1024];
static size_t log_len;

static long alloc_live;
static long alloc_fail_countdown = -1;

void harness_register(struct harness_case *c)
{
    *cases_tail = c;
    cases_tail = &c->next;
}

void harness_fail(const char *file, int line, const char *fmt, ...)
{
    va_list args;

    printf("    %s:%d: ", file, line);
    va_start(args, fmt);
    vprintf(fmt, args);
    va_end(args);
    printf("\n");
    failed_checks++;
}

void harness_check_str(const char *file, int line, const char *expr_a,
                       const char *expr_b, const char *a, const char *b)
{
    if ( a == b )
        return;
    if ( a && b )
    {
        const char *x = a, *y = b;

        while ( *x && *x == *y )
            x++, y++;
        if ( *x == *y )
            return;
    }
    harness_fail(file, line, "CHECK_STR(%s, %s): \"%s\" != \"%s\"", expr_a,
                 expr_b, a ? a : "(null)", b ? b : "(null)");
}

const char *harness_log(void)
{
    return log_buf;
}

void harness_log_clear(void)
{
    log_len = 0;
    log_buf[0] = '\0';
}

static void show_log_tail(void)
{
    const char *s = log_len > LOG_TAIL ? log_buf + log_len - LOG_TAIL : log_buf;

    if ( !log_len )
        return;
    printf("    printk log%s:\n", s == log_buf ? "" : " (tail)");
    for ( ; *s; s++ )
    {
        if ( s == log_buf || s[-1] == '\n' )
            printf("      | ");
        putchar(*s);
    }
    if ( log_buf[log_len - 1] != '\n' )
        putchar('\n');
}

/*
 * Formats with whichever vsnprintf the test links: the hypervisor's own
 * when common/vsprintf.c is among its sources, so %pS and friends behave
 * as on the machine; libc's otherwise.
 */
void __attribute__((weak)) vprintk(const char *fmt, va_list args)
{
    int n = vsnprintf(log_buf + log_len, sizeof(log_buf) - log_len, fmt, args);

    if ( n > 0 )
        log_len += (size_t)n < sizeof(log_buf) - log_len ?
                   (size_t)n : sizeof(log_buf) - log_len - 1;
}

void __attribute__((weak)) printk(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vprintk(fmt, args);
    va_end(args);
}

/* The hypervisor would stop here; so does the case, as a failure. */
void __attribute__((weak)) panic(const char *fmt, ...)
{
    va_list args;

    printf("    panic: ");
    va_start(args, fmt);
    vprintf(fmt, args);
    va_end(args);
    printf("\n");
    show_log_tail();
    fflush(stdout);
    _exit(EXIT_PANIC);
}

/* No symbol table: %pS prints plain hexadecimal. */
const char * __attribute__((weak)) symbols_lookup(unsigned long addr,
                                                  unsigned long *size,
                                                  unsigned long *offset)
{
    return NULL;
}

void * __attribute__((weak)) xzalloc_bytes(size_t size)
{
    if ( alloc_fail_countdown >= 0 && alloc_fail_countdown-- == 0 )
        return NULL;
    alloc_live++;
    return calloc(1, size);
}

void __attribute__((weak)) xfree(void *p)
{
    if ( p )
        alloc_live--;
    free(p);
}

bool harness_panics(void (*fn)(void))
{
    int status;
    pid_t pid;

    fflush(stdout);
    pid = fork();
    if ( pid == 0 )
    {
        if ( !freopen("/dev/null", "w", stdout) )
            _exit(2);
        fn();
        _exit(0);
    }
    return waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
           WEXITSTATUS(status) == EXIT_PANIC;
}

void harness_fail_alloc_after(unsigned int n)
{
    alloc_fail_countdown = n;
}

long harness_live_allocs(void)
{
    return alloc_live;
}

/* In a child process: run one case; exit with its number of failed checks. */
static void __attribute__((noreturn)) run_case(const struct harness_case *c)
{
    alarm(CASE_TIMEOUT_S);
    harness_log_clear();
    c->fn();
    if ( failed_checks )
        show_log_tail();
    fflush(stdout);
    _exit(failed_checks < EXIT_PANIC ? failed_checks : EXIT_PANIC - 1);
}

static bool same(const char *a, const char *b)
{
    while ( *a && *a == *b )
        a++, b++;
    return *a == *b;
}

/*
 * Usage: <name> [case...]: runs the named cases, or all.  Prints
 * "PASS unit/<name>/<case>" or, after the failed checks' details,
 * "FAIL unit/<name>/<case> (reason)".
 */
int main(int argc, char **argv)
{
    const char *suite = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    struct harness_case *c;
    unsigned int failed = 0;

    for ( c = cases; c; c = c->next )
    {
        int i, status;
        pid_t pid;

        for ( i = 1; i < argc && !same(argv[i], c->name); i++ )
            ;
        if ( argc > 1 && i == argc )
            continue;

        fflush(stdout);
        pid = fork();
        if ( pid < 0 )
        {
            perror("fork");
            return 2;
        }
        if ( pid == 0 )
            run_case(c);
        waitpid(pid, &status, 0);

        if ( WIFEXITED(status) && WEXITSTATUS(status) == 0 )
        {
            printf("PASS unit/%s/%s\n", suite, c->name);
            continue;
        }
        failed++;
        printf("FAIL unit/%s/%s (", suite, c->name);
        if ( WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM )
            printf("timed out after %ds)\n", CASE_TIMEOUT_S);
        else if ( WIFSIGNALED(status) )
            printf("killed by signal %d)\n", WTERMSIG(status));
        else if ( WEXITSTATUS(status) == EXIT_PANIC )
            printf("panic)\n");
        else if ( WEXITSTATUS(status) == EXIT_SANITIZER )
            printf("sanitizer error)\n");
        else
            printf("%d failed checks)\n", WEXITSTATUS(status));
    }
    return failed ? 1 : 0;
}

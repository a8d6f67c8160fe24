/*
 * Hypervisor console: printk formats a message, stores it in the console
 * ring (every message, whatever its level, for dom0's `xl dmesg`), and
 * writes it to the enabled outputs (console=com1,com2,vga) if its level
 * passes loglvl= (hypervisor messages) or guest_loglvl= (<G> messages).
 * Each output line starts with "(XEN) ".  Serial input is
 * common/console_input.c's.
 */
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/errno.h>
#include <xen/console.h>
#include <xen/serial.h>
#include <xen/spinlock.h>
#include <xen/shutdown.h>
#include <asm/traps.h>

#define CONRING_SIZE (CONFIG_CONRING_SIZE_KB * 1024)

enum { LVL_ERR, LVL_WARNING, LVL_INFO, LVL_DEBUG };

static char conring[CONRING_SIZE];
static uint64_t conring_prod;           /* bytes ever written */
static DEFINE_SPINLOCK(console_lock);

static bool out_com[2], out_vga;
static bool console_started;
static unsigned int log_everything;     /* nesting count, atomic */
static bool at_line_start = true;

static char opt_console[64] = "com1,vga";
string_param("console", opt_console);

/* Print levels <= these; "<x>/<y>" gives normal/rate-limited, we use x. */
static int loglvl = LVL_INFO, guest_loglvl = LVL_WARNING;

static int parse_level(const char *s, int *out)
{
    static const char *const names[] = { "error", "warning", "info", "debug" };
    size_t n = strchr(s, '/') ? (size_t)(strchr(s, '/') - s) : strlen(s);
    unsigned int i;

    if ( n == 4 && !strncmp(s, "none", 4) )
        return *out = -1, 0;
    if ( n == 3 && !strncmp(s, "all", 3) )
        return *out = LVL_DEBUG, 0;
    for ( i = 0; i < ARRAY_SIZE(names); i++ )
        if ( strlen(names[i]) == n && !strncmp(s, names[i], n) )
            return *out = i, 0;
    return -EINVAL;
}

static int parse_loglvl(const char *s) { return parse_level(s, &loglvl); }
static int parse_guest_loglvl(const char *s) { return parse_level(s, &guest_loglvl); }
custom_param("loglvl", parse_loglvl);
custom_param("guest_loglvl", parse_guest_loglvl);

static void emit(const char *s, size_t n)
{
    if ( out_com[0] )
        ns16550_puts(0, s, n);
    if ( out_com[1] )
        ns16550_puts(1, s, n);
    if ( out_vga )
        vga_puts(s, n);
}

static void ring_put(const char *s, size_t n)
{
    for ( ; n; n--, s++ )
        conring[conring_prod++ % CONRING_SIZE] = *s;
}

static const char *memchr_line(const char *s, size_t n)
{
    for ( ; n; n--, s++ )
        if ( *s == '\n' )
            return s;
    return NULL;
}

/* Write text, inserting the line prefix; caller holds console_lock. */
static void emit_lines(const char *s, size_t n)
{
    while ( n )
    {
        const char *nl = memchr_line(s, n);
        size_t len = nl ? (size_t)(nl - s) + 1 : n;

        if ( at_line_start )
            emit("(XEN) ", 6);
        emit(s, len);
        at_line_start = nl != NULL;
        s += len;
        n -= len;
    }
}

void vprintk(const char *fmt, va_list args)
{
    char buf[1024];
    const char *p = buf;
    int level = LVL_WARNING, thresh = loglvl, n;
    unsigned long flags;

    n = vsnprintf(buf, sizeof(buf), fmt, args);
    if ( n >= (int)sizeof(buf) )
        n = sizeof(buf) - 1;

    if ( !strncmp(p, "<G>", 3) )
    {
        thresh = guest_loglvl;
        p += 3;
    }
    if ( p[0] == '<' && p[1] >= '0' && p[1] <= '3' && p[2] == '>' )
    {
        level = p[1] - '0';
        p += 3;
    }
    n -= p - buf;

    spin_lock_irqsave(&console_lock, flags);
    ring_put(p, n);
    if ( console_started &&
         (level <= thresh || __atomic_load_n(&log_everything, __ATOMIC_RELAXED)) )
        emit_lines(p, n);
    spin_unlock_irqrestore(&console_lock, flags);
}

void printk(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vprintk(fmt, args);
    va_end(args);
}

void console_init(void)
{
    const char *s = opt_console;
    unsigned long flags;
    uint64_t pos;

    while ( *s )
    {
        const char *e = strchr(s, ',') ? strchr(s, ',') : s + strlen(s);
        size_t n = e - s;

        if ( n == 4 && !strncmp(s, "com1", 4) )
            out_com[0] = ns16550_init(0);
        else if ( n == 4 && !strncmp(s, "com2", 4) )
            out_com[1] = ns16550_init(1);
        else if ( n == 3 && !strncmp(s, "vga", 3) )
        {
            vga_init();
            out_vga = true;
        }
        else if ( !(n == 4 && !strncmp(s, "none", 4)) )
            printk(XENLOG_WARNING "console: unknown output '%.*s'\n", (int)n, s);
        s = *e ? e + 1 : e;
    }

    /* Replay what was logged before any output existed. */
    spin_lock_irqsave(&console_lock, flags);
    console_started = true;
    pos = conring_prod > CONRING_SIZE ? conring_prod - CONRING_SIZE : 0;
    for ( ; pos < conring_prod; pos++ )
        emit_lines(&conring[pos % CONRING_SIZE], 1);
    spin_unlock_irqrestore(&console_lock, flags);
}

void console_init_postirq(void)
{
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(out_com); i++ )
        if ( out_com[i] )
            console_input_start(i);
}

void console_start_log_everything(void)
{
    __atomic_fetch_add(&log_everything, 1, __ATOMIC_RELAXED);
}

void console_end_log_everything(void)
{
    __atomic_fetch_sub(&log_everything, 1, __ATOMIC_RELAXED);
}

static void write_guest(const char *s, size_t n, bool whole_line)
{
    unsigned long flags;

    if ( !n )
        return;
    spin_lock_irqsave(&console_lock, flags);
    if ( whole_line && !at_line_start )
    {
        ring_put("\n", 1);
        if ( console_started )
            emit("\n", 1);
    }
    ring_put(s, n);
    if ( console_started )
        emit(s, n);
    at_line_start = s[n - 1] == '\n';
    spin_unlock_irqrestore(&console_lock, flags);
}

void console_write_guest(const char *s, size_t n)
{
    write_guest(s, n, false);
}

void console_write_guest_line(const char *s, size_t n)
{
    write_guest(s, n, true);
}

void console_force_unlock(void)
{
    spin_lock_init(&console_lock);
}

size_t console_ring_read(uint64_t *pos, char *buf, size_t len)
{
    unsigned long flags;
    size_t n = 0;

    spin_lock_irqsave(&console_lock, flags);
    if ( *pos + CONRING_SIZE < conring_prod )
        *pos = conring_prod - CONRING_SIZE;
    for ( ; n < len && *pos < conring_prod; n++, (*pos)++ )
        buf[n] = conring[*pos % CONRING_SIZE];
    spin_unlock_irqrestore(&console_lock, flags);
    return n;
}

void panic(const char *fmt, ...)
{
    va_list args;
    char buf[256];

    console_force_unlock();
    va_start(args, fmt);
    vsnprintf(buf, sizeof(buf), fmt, args);
    va_end(args);
    printk(XENLOG_ERR "\n****************************************\n"
           "Panic on CPU%u: %s\n****************************************\n",
           smp_processor_id(), buf);
    show_backtrace_here();
    machine_halt_or_reboot();
}

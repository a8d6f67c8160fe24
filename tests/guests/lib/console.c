/*
 * Console output through HYPERVISOR_console_io(CONSOLEIO_write): dom0's
 * bytes go straight to the hypervisor's serial console.  printf() builds
 * whole lines and writes each with one hypercall, so that a line is never
 * split by the hypervisor's own messages.
 *
 * The formatter knows what the tests print: %d %i %u %x %X %p %s %c %%,
 * with the l, ll and z sizes, '#', '0', '-' and a field width.
 */
#include "guest.h"

struct out {
    char *buf;
    size_t size, len;
};

static void put(struct out *o, char c)
{
    if ( o->len + 1 < o->size )
        o->buf[o->len] = c;
    o->len++;
}

static void put_num(struct out *o, unsigned long long v, unsigned int base,
                    bool neg, bool upper, bool alt, int width, char pad,
                    bool left)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0, len;

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while ( v );
    len = n + neg + (alt ? 2 : 0);
    if ( pad == '0' && !left )
    {
        /* Sign and prefix go before zero padding. */
        if ( neg )
            put(o, '-');
        if ( alt )
            put(o, '0'), put(o, upper ? 'X' : 'x');
        for ( ; width > len; width-- )
            put(o, '0');
    }
    else
    {
        if ( !left )
            for ( ; width > len; width-- )
                put(o, ' ');
        if ( neg )
            put(o, '-');
        if ( alt )
            put(o, '0'), put(o, upper ? 'X' : 'x');
    }
    while ( n )
        put(o, tmp[--n]);
    if ( left )
        for ( ; width > len; width-- )
            put(o, ' ');
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };

    for ( ; *fmt; fmt++ )
    {
        bool alt = false, left = false;
        char pad = ' ';
        int width = 0, lng = 0;
        unsigned long long u;
        long long s;
        const char *str;

        if ( *fmt != '%' )
        {
            put(&o, *fmt);
            continue;
        }
        for ( ;; fmt++ )
        {
            if ( fmt[1] == '#' )
                alt = true;
            else if ( fmt[1] == '0' )
                pad = '0';
            else if ( fmt[1] == '-' )
                left = true;
            else
                break;
        }
        while ( fmt[1] >= '0' && fmt[1] <= '9' )
            width = width * 10 + (*++fmt - '0');
        /* 'z' is 'l': size_t is as wide as long on 32- and 64-bit x86. */
        for ( ; fmt[1] == 'l' || fmt[1] == 'z'; fmt++ )
            lng++;
        switch ( *++fmt )
        {
        case 'd':
        case 'i':
            s = lng >= 2 ? va_arg(ap, long long)
                : lng ? va_arg(ap, long) : va_arg(ap, int);
            u = s < 0 ? -(unsigned long long)s : (unsigned long long)s;
            put_num(&o, u, 10, s < 0, false, false, width, pad, left);
            break;
        case 'u':
        case 'x':
        case 'X':
            u = lng >= 2 ? va_arg(ap, unsigned long long)
                : lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
            put_num(&o, u, *fmt == 'u' ? 10 : 16, false, *fmt == 'X',
                    alt && *fmt != 'u', width, pad, left);
            break;
        case 'p':
            u = (unsigned long)va_arg(ap, void *);
            put_num(&o, u, 16, false, false, true, width, pad, left);
            break;
        case 'c':
            put(&o, (char)va_arg(ap, int));
            break;
        case 's':
            str = va_arg(ap, const char *);
            if ( !str )
                str = "(null)";
            s = strlen(str);
            if ( !left )
                for ( ; width > s; width-- )
                    put(&o, ' ');
            while ( *str )
                put(&o, *str++);
            for ( ; width > s; width-- )
                put(&o, ' ');
            break;
        case '%':
            put(&o, '%');
            break;
        default:
            /* Unknown conversion: show it rather than guess. */
            put(&o, '%');
            if ( *fmt )
                put(&o, *fmt);
            else
                fmt--;          /* the format ended in '%' */
            break;
        }
    }
    if ( size )
        buf[o.len < size ? o.len : size - 1] = '\0';
    return o.len;
}

int printf(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if ( n >= (int)sizeof(buf) )
        n = sizeof(buf) - 1;
    HYPERVISOR_console_io(CONSOLEIO_write, n, buf);
    return n;
}

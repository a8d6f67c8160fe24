/*
 * Formatted printing: the subset of C99 printf the hypervisor uses, plus
 * %pS (symbolised code address).  Always NUL-terminates when size > 0 and
 * returns the length the full output would have had.
 */
#include <xen/lib.h>
#include <xen/symbols.h>

struct out {
    char *buf;
    size_t size;
    size_t len;
};

static void put(struct out *o, char c)
{
    if ( o->len + 1 < o->size )
        o->buf[o->len] = c;
    o->len++;
}

enum { F_LEFT = 1, F_PLUS = 2, F_SPACE = 4, F_ALT = 8, F_ZERO = 16 };

static void put_padded(struct out *o, const char *s, size_t len,
                       int width, int flags)
{
    int pad = width > (int)len ? width - (int)len : 0;

    if ( !(flags & F_LEFT) )
        while ( pad-- > 0 )
            put(o, ' ');
    while ( len-- )
        put(o, *s++);
    while ( pad-- > 0 )
        put(o, ' ');
}

static void put_number(struct out *o, unsigned long long v, bool negative,
                       unsigned int base, bool upper, int width, int prec,
                       int flags)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24], sign = 0;
    const char *prefix = "";
    int n = 0, zeros, pad;

    if ( negative )
        sign = '-';
    else if ( flags & F_PLUS )
        sign = '+';
    else if ( flags & F_SPACE )
        sign = ' ';
    if ( (flags & F_ALT) && base == 16 && v )
        prefix = upper ? "0X" : "0x";

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while ( v );
    if ( prec == 0 && n == 1 && tmp[0] == '0' )
        n = 0;

    zeros = prec > n ? prec - n : 0;
    /* '#' with octal: the first digit must be a 0, added only if needed. */
    if ( (flags & F_ALT) && base == 8 && !zeros && (!n || tmp[n - 1] != '0') )
        zeros = 1;
    pad = width - n - zeros - (sign ? 1 : 0) - (int)strlen(prefix);
    if ( (flags & F_ZERO) && !(flags & F_LEFT) && prec < 0 && pad > 0 )
    {
        zeros += pad;
        pad = 0;
    }
    if ( !(flags & F_LEFT) )
        for ( ; pad > 0; pad-- )
            put(o, ' ');
    if ( sign )
        put(o, sign);
    while ( *prefix )
        put(o, *prefix++);
    while ( zeros-- > 0 )
        put(o, '0');
    while ( n-- )
        put(o, tmp[n]);
    for ( ; pad > 0; pad-- )
        put(o, ' ');
}

static void put_symbol(struct out *o, unsigned long addr, int width, int flags)
{
    char name[128];
    unsigned long offset, size;
    const char *sym = symbols_lookup(addr, &size, &offset);

    if ( !sym )
    {
        put_number(o, addr, false, 16, false, width, -1, flags | F_ALT);
        return;
    }
    snprintf(name, sizeof(name), "%s+%#lx/%#lx", sym, offset, size);
    put_padded(o, name, strlen(name), width, flags);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
    struct out o = { buf, size, 0 };

    for ( ; *fmt; fmt++ )
    {
        int flags = 0, width = -1, prec = -1, lng = 0;
        unsigned long long v;
        bool neg;

        if ( *fmt != '%' )
        {
            put(&o, *fmt);
            continue;
        }

        for ( ; ; fmt++ )
        {
            int f = fmt[1] == '-' ? F_LEFT : fmt[1] == '+' ? F_PLUS :
                    fmt[1] == ' ' ? F_SPACE : fmt[1] == '#' ? F_ALT :
                    fmt[1] == '0' ? F_ZERO : 0;

            if ( !f )
                break;
            flags |= f;
        }
        fmt++;

        if ( *fmt == '*' )
        {
            width = va_arg(args, int);
            if ( width < 0 )
            {
                flags |= F_LEFT;
                width = -width;
            }
            fmt++;
        }
        else
            for ( width = 0; *fmt >= '0' && *fmt <= '9'; fmt++ )
                width = width * 10 + (*fmt - '0');

        if ( *fmt == '.' )
        {
            fmt++;
            if ( *fmt == '*' )
            {
                prec = va_arg(args, int);
                fmt++;
            }
            else
                for ( prec = 0; *fmt >= '0' && *fmt <= '9'; fmt++ )
                    prec = prec * 10 + (*fmt - '0');
        }

        /* lng: -2 hh, -1 h, 0 none, 1 l, 2 ll (z, j and t are 64-bit too). */
        for ( ; ; fmt++ )
        {
            if ( *fmt == 'l' )
                lng++;
            else if ( *fmt == 'h' )
                lng--;
            else if ( *fmt == 'z' || *fmt == 'j' || *fmt == 't' )
                lng = 2;
            else
                break;
        }

        switch ( *fmt )
        {
        case 'c':
        {
            char c = (char)va_arg(args, int);

            put_padded(&o, &c, 1, width, flags);
            break;
        }

        case 's':
        {
            const char *s = va_arg(args, const char *);

            if ( !s )
                s = "(NULL)";
            put_padded(&o, s, strnlen(s, prec < 0 ? (size_t)-1 : (size_t)prec),
                       width, flags);
            break;
        }

        case 'p':
        {
            unsigned long p = (unsigned long)va_arg(args, void *);

            if ( fmt[1] == 'S' || fmt[1] == 's' )
            {
                fmt++;
                put_symbol(&o, p, width, flags);
            }
            else
                put_number(&o, p, false, 16, false, width, -1, flags | F_ALT);
            break;
        }

        case 'd':
        case 'i':
        {
            long long s = lng > 1 ? va_arg(args, long long) :
                          lng == 1 ? va_arg(args, long) : va_arg(args, int);

            /* With h and hh the int argument is printed as short / char. */
            s = lng == -1 ? (short)s : lng < -1 ? (signed char)s : s;
            neg = s < 0;
            v = neg ? -(unsigned long long)s : (unsigned long long)s;
            put_number(&o, v, neg, 10, false, width, prec, flags);
            break;
        }

        case 'u':
        case 'x':
        case 'X':
        case 'o':
            v = lng > 1 ? va_arg(args, unsigned long long) :
                lng == 1 ? va_arg(args, unsigned long) : va_arg(args, unsigned int);
            v = lng == -1 ? (unsigned short)v : lng < -1 ? (unsigned char)v : v;
            put_number(&o, v, false,
                       *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16,
                       *fmt == 'X', width, prec, flags & ~(F_PLUS | F_SPACE));
            break;

        case '%':
            put(&o, '%');
            break;

        case '\0':
            fmt--;
            break;

        default:
            put(&o, '%');
            put(&o, *fmt);
            break;
        }
    }

    if ( size )
        buf[o.len < size ? o.len : size - 1] = '\0';
    return o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list args;
    int n;

    va_start(args, fmt);
    n = vsnprintf(buf, size, fmt, args);
    va_end(args);
    return n;
}

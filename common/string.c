/* Freestanding string and memory routines. */
#include <xen/lib.h>

/*
 * memset and memcpy are the string instructions, eight bytes a step then
 * the odd bytes: fast on every CPU, and under QEMU's TCG an eighth of
 * the emulated iterations of a byte loop (the dom0 builder clears and
 * copies hundreds of MiB).
 */
void *memset(void *s, int c, size_t n)
{
    unsigned long words = n / 8, bytes = n % 8;
    unsigned long pattern = 0x0101010101010101UL * (unsigned char)c;
    void *p = s;

    __asm__ __volatile__ ("rep stosq; mov %[bytes], %%rcx; rep stosb"
                          : "+D" (p), "+c" (words)
                          : "a" (pattern), [bytes] "r" (bytes) : "memory");
    return s;
}

void *memcpy(void *d, const void *s, size_t n)
{
    unsigned long words = n / 8, bytes = n % 8;
    void *dp = d;

    __asm__ __volatile__ ("rep movsq; mov %[bytes], %%rcx; rep movsb"
                          : "+D" (dp), "+S" (s), "+c" (words)
                          : [bytes] "r" (bytes) : "memory");
    return d;
}

void *memmove(void *d, const void *s, size_t n)
{
    unsigned char *dp = d;
    const unsigned char *sp = s;

    if ( dp <= sp || dp >= sp + n )
        return memcpy(d, s, n);
    while ( n-- )
        dp[n] = sp[n];
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    for ( ; n; n--, x++, y++ )
        if ( *x != *y )
            return *x - *y;
    return 0;
}

size_t strlen(const char *s)
{
    const char *p = s;

    while ( *p )
        p++;
    return p - s;
}

size_t strnlen(const char *s, size_t n)
{
    size_t i = 0;

    while ( i < n && s[i] )
        i++;
    return i;
}

int strcmp(const char *a, const char *b)
{
    while ( *a && *a == *b )
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for ( ; n; n--, a++, b++ )
    {
        if ( *a != *b )
            return (unsigned char)*a - (unsigned char)*b;
        if ( !*a )
            break;
    }
    return 0;
}

char *strchr(const char *s, int c)
{
    for ( ; *s; s++ )
        if ( *s == (char)c )
            return (char *)s;
    return c ? NULL : (char *)s;
}

char *strrchr(const char *s, int c)
{
    const char *last = NULL;

    do
        if ( *s == (char)c )
            last = s;
    while ( *s++ );
    return (char *)last;
}

void *memchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;

    for ( ; n; n--, p++ )
        if ( *p == (unsigned char)c )
            return (void *)p;
    return NULL;
}

size_t strlcpy(char *d, const char *s, size_t n)
{
    size_t len = strlen(s);

    if ( n )
    {
        size_t copy = len >= n ? n - 1 : len;

        memcpy(d, s, copy);
        d[copy] = '\0';
    }
    return len;
}

static int digit_value(char c)
{
    if ( c >= '0' && c <= '9' )
        return c - '0';
    if ( c >= 'a' && c <= 'z' )
        return c - 'a' + 10;
    if ( c >= 'A' && c <= 'Z' )
        return c - 'A' + 10;
    return 99;
}

/* base 0: "0x" prefix means 16, a leading "0" means 8, otherwise 10. */
unsigned long long simple_strtoull(const char *cp, const char **endp,
                                   unsigned int base)
{
    unsigned long long v = 0;
    int d;
    /* "0x" is a prefix only before a hex digit: "0xg" is 0 followed by "xg". */
    bool hex_prefix = cp[0] == '0' && (cp[1] == 'x' || cp[1] == 'X') &&
                      digit_value(cp[2]) < 16;

    if ( base == 0 )
        base = hex_prefix ? 16 : cp[0] == '0' ? 8 : 10;
    if ( base == 16 && hex_prefix )
        cp += 2;

    while ( (d = digit_value(*cp)) < (int)base )
    {
        v = v * base + d;
        cp++;
    }
    if ( endp )
        *endp = cp;
    return v;
}

long long simple_strtoll(const char *cp, const char **endp, unsigned int base)
{
    if ( *cp == '-' )
        return -(long long)simple_strtoull(cp + 1, endp, base);
    return simple_strtoull(cp, endp, base);
}

unsigned long long parse_size_and_unit(const char *s, const char **endp)
{
    const char *p;
    unsigned long long v = simple_strtoull(s, &p, 0);

    switch ( *p )
    {
    case 'T': case 't': v <<= 10; /* fall through */
    case 'G': case 'g': v <<= 10; /* fall through */
    case 'M': case 'm': v <<= 10; /* fall through */
    case 'K': case 'k': v <<= 10; /* fall through */
    case 'B': case 'b': p++; break;
    default: v <<= 10; break;           /* no unit: KiB, as Xen reads it */
    }
    if ( endp )
        *endp = p;
    return v;
}

/* The few string functions the tests use (the compiler may also emit calls). */
#include "guest.h"

void *memset(void *s, int c, size_t n)
{
    unsigned char *p = s;

    while ( n-- )
        *p++ = c;
    return s;
}

void *memcpy(void *d, const void *s, size_t n)
{
    unsigned char *dp = d;
    const unsigned char *sp = s;

    while ( n-- )
        *dp++ = *sp++;
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *ap = a, *bp = b;

    for ( ; n; n--, ap++, bp++ )
        if ( *ap != *bp )
            return *ap - *bp;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;

    while ( s[n] )
        n++;
    return n;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while ( n < max && s[n] )
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while ( *a && *a == *b )
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

char *strstr(const char *hay, const char *needle)
{
    size_t n = strlen(needle);

    for ( ; *hay; hay++ )
        if ( !memcmp(hay, needle, n) )
            return (char *)hay;
    return n ? NULL : (char *)hay;
}

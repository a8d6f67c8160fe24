/* SOURCES: common/vsprintf.c common/string.c */
/*
 * common/vsprintf.c.  Standard conversions are also checked against the
 * host's sprintf (which the hypervisor does not define, so it is libc's)
 * over a grid of flags, widths, precisions and length modifiers.
 */
#include <limits.h>
#include "harness.h"

/* Some cases use formats on purpose that GCC warns about. */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-overflow"
#pragma GCC diagnostic ignored "-Wformat-truncation"
#include <xen/symbols.h>

/* One fake function, "fake_fn", at [0x1000, 0x1100). */
const char *symbols_lookup(unsigned long addr, unsigned long *size,
                           unsigned long *offset)
{
    if ( addr < 0x1000 || addr >= 0x1100 )
        return NULL;
    *size = 0x100;
    *offset = addr - 0x1000;
    return "fake_fn";
}

static char buf[256];

/* snprintf into buf, checking the return value is the output's length. */
#define FMT(expect, ...)                                                    \
    do {                                                                    \
        int n_ = snprintf(buf, sizeof(buf), __VA_ARGS__);                   \
        CHECK_STR(buf, expect);                                             \
        CHECK_EQ(n_, strlen(expect));                                       \
    } while ( 0 )

TEST(plain_and_percent)
{
    FMT("hello", "hello");
    FMT("100%", "100%%");
    FMT("", "%s", "");
    FMT("a-b", "%c-%c", 'a', 'b');
    FMT("%q", "%q");                    /* unknown conversions show as is */
}

TEST(widths)
{
    FMT("   42|42   |00042", "%5d|%-5d|%05d", 42, 42, 42);
    FMT("  -42|-0042", "%5d|%05d", -42, -42);
    FMT("  42|42  |", "%*d|%*d|", 4, 42, -4, 42);
    FMT("   ab|ab   |", "%5s|%-5s|", "ab", "ab");
    FMT("    x", "%5c", 'x');
    FMT("123456", "%3d", 123456);       /* width never truncates */
}

TEST(precision)
{
    FMT("007", "%.3d", 7);
    FMT("  007", "%5.3d", 7);
    FMT("", "%.0d", 0);
    FMT("   ", "%3.0d", 0);
    FMT("-007", "%.3d", -7);
    FMT("ab", "%.2s", "abcdef");
    FMT("abc", "%.*s", 3, "abcdef");
    FMT("  abc", "%5.3s", "abcdef");
    FMT("  007", "%05.3d", 7);          /* precision turns off 0 padding */
}

/* %.Ns must not read past N bytes: the string needs no terminator. */
TEST(precision_unterminated)
{
    char s[3] = { 'x', 'y', 'z' };

    FMT("xy", "%.2s", s);
    FMT("xyz", "%.3s", s);
}

TEST(flags)
{
    FMT("+5|-5| 5|-5", "%+d|%+d|% d|% d", 5, -5, 5, -5);
    FMT("+0", "%+d", 0);
    FMT("0xff|0XFF|010|0", "%#x|%#X|%#o|%#x", 255, 255, 8, 0);
    FMT("0x001f|0x1f  |", "%#06x|%-#6x|", 0x1f, 0x1f);
    FMT("ff|FF|17", "%x|%X|%o", 255, 255, 15);
    FMT("5", "%+u", 5);                 /* sign flags mean nothing unsigned */
}

TEST(null_string)
{
    FMT("(NULL)", "%s", (char *)NULL);
    FMT("  (NULL)", "%8s", (char *)NULL);
}

TEST(pointers)
{
    FMT("0x1234", "%p", (void *)0x1234);
    FMT("0xffff82d040000000", "%p", (void *)0xffff82d040000000UL);
}

TEST(long_long)
{
    FMT("-9223372036854775808", "%lld", LLONG_MIN);
    FMT("18446744073709551615", "%llu", ULLONG_MAX);
    FMT("ffffffffffffffff", "%llx", ULLONG_MAX);
    FMT("-9223372036854775808", "%ld", LONG_MIN);
    FMT("1777777777777777777777", "%llo", ULLONG_MAX);
    FMT("18446744073709551615", "%zu", (size_t)-1);
    FMT("4294967295", "%u", UINT_MAX);
    FMT("-2147483648", "%d", INT_MIN);
}

TEST(short_lengths)
{
    FMT("ff", "%hhx", 0x1ff);
    FMT("-1", "%hhd", 0xff);
    FMT("-32768", "%hd", 0x18000);
    FMT("ffff", "%hx", 0x1ffff);
}

TEST(truncation)
{
    char b[8];

    memset(b, '#', sizeof(b));
    CHECK_EQ(snprintf(b, 5, "hello world"), 11);
    CHECK_STR(b, "hell");
    CHECK_EQ(b[5], '#');                /* nothing written past size */

    memset(b, '#', sizeof(b));
    CHECK_EQ(snprintf(b, 0, "abc"), 3);
    CHECK_EQ(b[0], '#');
    CHECK_EQ(snprintf(NULL, 0, "%d", 12345), 5);

    CHECK_EQ(snprintf(b, 1, "abc"), 3);
    CHECK_STR(b, "");

    CHECK_EQ(snprintf(b, 4, "%5d", 7), 5);
    CHECK_STR(b, "   ");
}

TEST(symbols)
{
    FMT("fake_fn+0x10/0x100", "%pS", (void *)0x1010);
    FMT("fake_fn+0/0x100", "%pS", (void *)0x1000);
    FMT("0xdead", "%pS", (void *)0xdead);       /* unknown: plain hex */
    FMT("[0x10ff] fake_fn+0xff/0x100", "[%p] %pS", (void *)0x10ff, (void *)0x10ff);
    FMT("0x20 x", "%pS x", (void *)0x20);
}

static const char *const flag_set[] = { "", "-", "+", " ", "#", "0", "-+", "#0", "- 0" };
static const char *const width_set[] = { "", "1", "6", "25" };
static const char *const prec_set[] = { "", ".0", ".1", ".4", ".21" };
static const long long value_set[] = {
    0, 1, -1, 7, 42, -42, 255, 4096, INT_MAX, INT_MIN, (long long)UINT_MAX,
    LLONG_MAX, LLONG_MIN, 0x123456789abcdefLL,
};

/* Grid mismatches reported in detail; the rest are only counted. */
#define MAX_REPORTS 20
static unsigned int mismatches;

static void mismatch(const char *fmt, const char *arg, const char *mine,
                     int n_mine, const char *libc, int n_libc)
{
    if ( ++mismatches <= MAX_REPORTS )
        harness_fail(__FILE__, __LINE__, "\"%s\" of %s: \"%s\" (%d), libc \"%s\" (%d)",
                     fmt, arg, mine, n_mine, libc, n_libc);
    else if ( mismatches == MAX_REPORTS + 1 )
        harness_fail(__FILE__, __LINE__, "further mismatches not shown");
}

/* Format one value with fmt as ours and libc's, passing the type fmt says. */
static void compare_one(const char *fmt, const char *len, long long v)
{
    char mine[128], libc[128];
    int n_mine, n_libc;

    if ( !strcmp(len, "ll") )
    {
        n_mine = snprintf(mine, sizeof(mine), fmt, v);
        n_libc = sprintf(libc, fmt, v);
    }
    else if ( !strcmp(len, "l") )
    {
        n_mine = snprintf(mine, sizeof(mine), fmt, (long)v);
        n_libc = sprintf(libc, fmt, (long)v);
    }
    else
    {
        n_mine = snprintf(mine, sizeof(mine), fmt, (int)v);
        n_libc = sprintf(libc, fmt, (int)v);
    }
    if ( strcmp(mine, libc) || n_mine != n_libc )
    {
        char arg[24];

        sprintf(arg, "%lld", v);
        mismatch(fmt, arg, mine, n_mine, libc, n_libc);
    }
}

/* All values through one integer conversion, e.g. "%-#6.3llx". */
static void compare_conversion(const char *flags, const char *width,
                               const char *prec, const char *len, char conv)
{
    char fmt[32];
    unsigned int v;

    /* '#' is undefined for decimal conversions. */
    if ( strchr(flags, '#') && strchr("diu", conv) )
        return;
    sprintf(fmt, "%%%s%s%s%s%c", flags, width, prec, len, conv);
    for ( v = 0; v < ARRAY_SIZE(value_set); v++ )
        compare_one(fmt, len, value_set[v]);
}

TEST(integers_match_libc)
{
    static const char *const lens[] = { "hh", "h", "", "l", "ll" };
    const char *convs = "diuxXo";
    unsigned int f, w, p, l, c;

    for ( f = 0; f < ARRAY_SIZE(flag_set); f++ )
        for ( w = 0; w < ARRAY_SIZE(width_set); w++ )
            for ( p = 0; p < ARRAY_SIZE(prec_set); p++ )
                for ( l = 0; l < ARRAY_SIZE(lens); l++ )
                    for ( c = 0; convs[c]; c++ )
                        compare_conversion(flag_set[f], width_set[w],
                                           prec_set[p], lens[l], convs[c]);
}

TEST(strings_match_libc)
{
    static const char *const strs[] = { "", "a", "hello", "twenty-six characters..." };
    /* Only '-' is defined for %s. */
    static const char *const str_flags[] = { "", "-" };
    unsigned int f, w, p, s;
    char fmt[32], mine[128], libc[128];
    int n_mine, n_libc;

    for ( f = 0; f < ARRAY_SIZE(str_flags); f++ )
        for ( w = 0; w < ARRAY_SIZE(width_set); w++ )
            for ( p = 0; p < ARRAY_SIZE(prec_set); p++ )
                for ( s = 0; s < ARRAY_SIZE(strs); s++ )
                {
                    sprintf(fmt, "%%%s%s%ss", str_flags[f], width_set[w],
                            prec_set[p]);
                    n_mine = snprintf(mine, sizeof(mine), fmt, strs[s]);
                    n_libc = sprintf(libc, fmt, strs[s]);
                    if ( strcmp(mine, libc) || n_mine != n_libc )
                        mismatch(fmt, strs[s], mine, n_mine, libc, n_libc);
                }
}

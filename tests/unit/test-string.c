/* SOURCES: common/string.c */
/*
 * common/string.c.  Built with -fno-builtin, so every call below reaches
 * the hypervisor's routine rather than a compiler expansion.
 */
#include "harness.h"

TEST(memset_bounds)
{
    char b[8] = "abcdefg";

    CHECK(memset(b + 1, 'x', 3) == b + 1);
    CHECK_STR(b, "axxxefg");
    memset(b, 0x1ff, 1);                /* only the low byte counts */
    CHECK_EQ((unsigned char)b[0], 0xff);
    memset(b + 7, 'y', 0);
    CHECK_EQ(b[7], 0);
}

TEST(memcpy_memcmp)
{
    char d[6] = "-----";

    CHECK(memcpy(d, "abc", 3) == d);
    CHECK_STR(d, "abc--");
    CHECK_EQ(memcmp("abc", "abd", 3) < 0, 1);
    CHECK_EQ(memcmp("abd", "abc", 3) > 0, 1);
    CHECK_EQ(memcmp("abc", "abd", 2), 0);
    /* Bytes compare unsigned: 0x80 is above 0x7f. */
    CHECK_EQ(memcmp("\x80", "\x7f", 1) > 0, 1);
}

TEST(memmove_overlap)
{
    char a[] = "0123456789", b[] = "0123456789";

    CHECK(memmove(a + 2, a, 5) == a + 2);
    CHECK_STR(a, "0101234789");
    memmove(b, b + 3, 5);
    CHECK_STR(b, "3456756789");
}

TEST(strlen_strnlen)
{
    CHECK_EQ(strlen(""), 0);
    CHECK_EQ(strlen("hello"), 5);
    CHECK_EQ(strnlen("hello", 3), 3);
    CHECK_EQ(strnlen("hi", 10), 2);
    CHECK_EQ(strnlen("hi", 0), 0);
}

TEST(strcmp_strncmp)
{
    CHECK_EQ(strcmp("abc", "abc"), 0);
    CHECK(strcmp("abc", "abd") < 0);
    CHECK(strcmp("ab", "abc") < 0);
    CHECK(strcmp("abc", "ab") > 0);
    CHECK(strcmp("\xe9", "a") > 0);     /* unsigned, as C requires */
    CHECK_EQ(strncmp("abcX", "abcY", 3), 0);
    CHECK(strncmp("abcX", "abcY", 4) < 0);
    CHECK_EQ(strncmp("ab", "ab", 100), 0);
    CHECK(strncmp("ab", "abc", 100) < 0);
    CHECK_EQ(strncmp("x", "y", 0), 0);
}

TEST(strchr)
{
    const char *s = "a,b,c";

    CHECK(strchr(s, ',') == s + 1);
    CHECK(strchr(s, 'c') == s + 4);
    CHECK(strchr(s, 'z') == NULL);
    CHECK(strchr(s, '\0') == s + 5);
}

TEST(strlcpy_truncates)
{
    char d[4];

    CHECK_EQ(strlcpy(d, "ab", sizeof(d)), 2);
    CHECK_STR(d, "ab");
    CHECK_EQ(strlcpy(d, "abcdef", sizeof(d)), 6);   /* length it wanted */
    CHECK_STR(d, "abc");
    d[0] = 'q';
    CHECK_EQ(strlcpy(d, "xyz", 0), 3);              /* writes nothing */
    CHECK_EQ(d[0], 'q');
}

TEST(strtoull_bases)
{
    const char *end;

    CHECK_EQ(simple_strtoull("1234x", &end, 10), 1234);
    CHECK_EQ(*end, 'x');
    CHECK_EQ(simple_strtoull("0x1fZ", &end, 0), 0x1f);
    CHECK_EQ(*end, 'Z');
    CHECK_EQ(simple_strtoull("0X1F", NULL, 0), 0x1f);
    CHECK_EQ(simple_strtoull("017", NULL, 0), 017);
    CHECK_EQ(simple_strtoull("09", &end, 0), 0);    /* octal stops at 9 */
    CHECK_EQ(*end, '9');
    CHECK_EQ(simple_strtoull("ff", NULL, 16), 0xff);
    CHECK_EQ(simple_strtoull("0xff", NULL, 16), 0xff);
    CHECK_EQ(simple_strtoull("ffffffffffffffff", NULL, 16), ~0ULL);
    CHECK_EQ(simple_strtoull("z", &end, 36), 35);
    CHECK_EQ(simple_strtoull("", &end, 10), 0);
}

/* "0x" not followed by a hex digit is the number 0 then an 'x'. */
TEST(strtoull_bare_0x)
{
    const char *end;

    CHECK_EQ(simple_strtoull("0xg", &end, 0), 0);
    CHECK_EQ(*end, 'x');
    CHECK_EQ(simple_strtoull("0xg", &end, 16), 0);
    CHECK_EQ(*end, 'x');
}

TEST(strtoll_sign)
{
    const char *end;

    CHECK_EQ(simple_strtoll("-42,", &end, 10), -42);
    CHECK_EQ(*end, ',');
    CHECK_EQ(simple_strtoll("-0x10", NULL, 0), -16);
    CHECK_EQ(simple_strtoll("17", NULL, 10), 17);
}

TEST(size_units)
{
    const char *end;

    CHECK_EQ(parse_size_and_unit("4096B", &end), 4096);
    CHECK_EQ(*end, '\0');
    CHECK_EQ(parse_size_and_unit("64K", NULL), 64ULL << 10);
    CHECK_EQ(parse_size_and_unit("512m", NULL), 512ULL << 20);
    CHECK_EQ(parse_size_and_unit("4G", NULL), 4ULL << 30);
    CHECK_EQ(parse_size_and_unit("2t", NULL), 2ULL << 40);
    CHECK_EQ(parse_size_and_unit("0x10M,x", &end), 16ULL << 20);
    CHECK_EQ(*end, ',');
}

/* Xen reads a size without a unit as KiB: dom0_mem=524288 is 512 MiB. */
TEST(size_default_kib)
{
    const char *end;

    CHECK_EQ(parse_size_and_unit("524288", &end), 512ULL << 20);
    CHECK_EQ(*end, '\0');
}

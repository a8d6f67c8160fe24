/* SOURCES: common/params.c common/string.c common/vsprintf.c */
/* common/params.c: parse_params() against a table built by hand. */
#include "harness.h"
#include <xen/errno.h>
#include <xen/param.h>

static bool opt_flag, opt_dashed = true, opt_under;
static unsigned int opt_uint = 7;
static uint8_t opt_u8 = 7;
static unsigned long opt_ulong;
static uint64_t opt_size = 7;
static char opt_str[8] = "init";
static char opt_long_str[512];

static char custom_value[64];
static int custom_calls;

static int parse_custom(const char *v)
{
    custom_calls++;
    if ( !strcmp(v, "bad") )
        return -EINVAL;
    strlcpy(custom_value, v, sizeof(custom_value));
    return 0;
}

#define P(n, t, v) { n, t, sizeof(v), { .var = &(v) } }
static const struct kernel_param table[] = {
    P("flag", PARAM_BOOL, opt_flag),
    P("dashed-name", PARAM_BOOL, opt_dashed),
    P("under_name", PARAM_BOOL, opt_under),
    P("uint", PARAM_UINT, opt_uint),
    P("u8", PARAM_UINT, opt_u8),
    P("ulong", PARAM_UINT, opt_ulong),
    P("size", PARAM_SIZE, opt_size),
    P("str", PARAM_STRING, opt_str),
    P("longstr", PARAM_STRING, opt_long_str),
    { "custom", PARAM_CUSTOM, 0, { .func = parse_custom } },
};

static char unknown_seen[256];

static void unknown(const char *opt)
{
    size_t n = strlen(unknown_seen);

    snprintf(unknown_seen + n, sizeof(unknown_seen) - n, "[%s]", opt);
}

static int parse(const char *cmdline)
{
    return parse_params(cmdline, table, table + ARRAY_SIZE(table), unknown);
}

TEST(bool_forms)
{
    static const char *const yes[] = { "1", "yes", "on", "true", "enable" };
    static const char *const no[] = { "0", "no", "off", "false", "disable" };
    char line[32];
    unsigned int i;

    CHECK_EQ(parse("flag"), 0);
    CHECK_EQ(opt_flag, true);
    CHECK_EQ(parse("no-flag"), 0);
    CHECK_EQ(opt_flag, false);
    for ( i = 0; i < ARRAY_SIZE(yes); i++ )
    {
        opt_flag = false;
        snprintf(line, sizeof(line), "flag=%s", yes[i]);
        CHECK_EQ(parse(line), 0);
        CHECK_EQ(opt_flag, true);
    }
    for ( i = 0; i < ARRAY_SIZE(no); i++ )
    {
        opt_flag = true;
        snprintf(line, sizeof(line), "flag=%s", no[i]);
        CHECK_EQ(parse(line), 0);
        CHECK_EQ(opt_flag, false);
    }
}

TEST(bool_bad_values)
{
    opt_flag = true;
    CHECK_EQ(parse("flag=maybe"), 1);
    CHECK_EQ(opt_flag, true);
    CHECK_LOG("parameter 'flag=maybe' has an invalid value, ignored");
    CHECK_EQ(parse("flag="), 1);
    CHECK_EQ(parse("no-flag=1"), 1);
    CHECK_EQ(opt_flag, true);
    CHECK_LOG("'no-flag=1' takes no value");
    CHECK_STR(unknown_seen, "");
}

TEST(dash_and_underscore)
{
    CHECK_EQ(parse("no-dashed_name under-name"), 0);
    CHECK_EQ(opt_dashed, false);
    CHECK_EQ(opt_under, true);
    CHECK_EQ(parse("dashed-name=on no-under_name"), 0);
    CHECK_EQ(opt_dashed, true);
    CHECK_EQ(opt_under, false);
}

TEST(integers)
{
    CHECK_EQ(parse("uint=42"), 0);
    CHECK_EQ(opt_uint, 42);
    CHECK_EQ(parse("uint=0x2A"), 0);
    CHECK_EQ(opt_uint, 42);
    CHECK_EQ(parse("uint=052"), 0);
    CHECK_EQ(opt_uint, 42);
    CHECK_EQ(parse("uint=4294967295 u8=255"), 0);
    CHECK_EQ(opt_uint, 4294967295u);
    CHECK_EQ(opt_u8, 255);
    CHECK_EQ(parse("ulong=0xffffffffffffffff"), 0);
    CHECK_EQ(opt_ulong, ~0UL);
}

TEST(integer_bad_values)
{
    CHECK_EQ(parse("uint=12abc uint= uint uint=-1 no-uint"), 5);
    CHECK_EQ(opt_uint, 7);
    CHECK_LOG("'uint=12abc' has an invalid value");
    CHECK_LOG("'uint' has an invalid value");
    CHECK_STR(unknown_seen, "[no-uint]");
}

/* A value the variable cannot hold is refused, not silently truncated. */
TEST(integer_out_of_range)
{
    CHECK_EQ(parse("u8=256"), 1);
    CHECK_EQ(opt_u8, 7);
    CHECK_EQ(parse("uint=0x100000000"), 1);
    CHECK_EQ(opt_uint, 7);
    CHECK_LOG("'u8=256' has an invalid value");
}

TEST(sizes)
{
    CHECK_EQ(parse("size=64K"), 0);
    CHECK_EQ(opt_size, 64ULL << 10);
    CHECK_EQ(parse("size=512M"), 0);
    CHECK_EQ(opt_size, 512ULL << 20);
    CHECK_EQ(parse("size=4g"), 0);
    CHECK_EQ(opt_size, 4ULL << 30);
    CHECK_EQ(parse("size=4096B"), 0);
    CHECK_EQ(opt_size, 4096);
    CHECK_EQ(parse("size=0x10"), 0);            /* no unit: KiB */
    CHECK_EQ(opt_size, 16ULL << 10);
}

TEST(size_bad_values)
{
    CHECK_EQ(parse("size=12Q size=M size="), 3);
    CHECK_EQ(opt_size, 7);
    CHECK_LOG("'size=12Q' has an invalid value");
}

TEST(strings)
{
    CHECK_EQ(parse("str=abc"), 0);
    CHECK_STR(opt_str, "abc");
    CHECK_EQ(parse("str=abcdefghijk"), 0);      /* truncated to the buffer */
    CHECK_STR(opt_str, "abcdefg");
    CHECK_EQ(parse("str="), 0);
    CHECK_STR(opt_str, "");
    CHECK_EQ(parse("str"), 1);                  /* a string needs a value */
    CHECK_STR(opt_str, "");
}

/* Values longer than any internal buffer still reach the variable. */
TEST(string_long_value)
{
    char line[400];

    memset(line, 'v', sizeof(line) - 1);
    line[sizeof(line) - 1] = '\0';
    memcpy(line, "longstr=", 8);
    CHECK_EQ(parse(line), 0);
    CHECK_EQ(strlen(opt_long_str), sizeof(line) - 1 - 8);
}

TEST(custom_handlers)
{
    CHECK_EQ(parse("custom=a,b:c"), 0);
    CHECK_STR(custom_value, "a,b:c");
    CHECK_EQ(parse("custom"), 0);
    CHECK_STR(custom_value, "");
    CHECK_EQ(parse("no-custom"), 0);
    CHECK_STR(custom_value, "no");
    CHECK_EQ(custom_calls, 3);
    CHECK_EQ(parse("custom=bad"), 1);
    CHECK_STR(custom_value, "no");
    CHECK_LOG("'custom=bad' has an invalid value");
}

TEST(unknown_options)
{
    CHECK_EQ(parse("flag bogus=1 flagx no-str x=y=z"), 4);
    CHECK_STR(unknown_seen, "[bogus=1][flagx][no-str][x=y=z]");
    CHECK_EQ(opt_flag, true);                   /* known ones still apply */
}

TEST(whitespace)
{
    CHECK_EQ(parse("  \tflag   uint=9\t "), 0);
    CHECK_EQ(opt_flag, true);
    CHECK_EQ(opt_uint, 9);
    CHECK_EQ(parse(""), 0);
    CHECK_EQ(parse("   "), 0);
}

TEST(parse_bool_words)
{
    const char *s = "offset", *t = "TRUE";

    CHECK_EQ(parse_bool(s, s + 3), 0);          /* "off" */
    CHECK_EQ(parse_bool(s, s + 6), -1);         /* "offset" */
    CHECK_EQ(parse_bool(s, s), -1);             /* "" */
    CHECK_EQ(parse_bool(t, t + 4), -1);         /* case matters, as in Xen */
}

/* Command-line option parsing (syntax in xen/param.h). */
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/errno.h>

char saved_cmdline[CMDLINE_SIZE];

static bool word_is(const char *s, const char *end, const char *w)
{
    size_t n = strlen(w);

    return (size_t)(end - s) == n && !strncmp(s, w, n);
}

int parse_bool(const char *s, const char *end)
{
    if ( word_is(s, end, "1") || word_is(s, end, "yes") ||
         word_is(s, end, "on") || word_is(s, end, "true") ||
         word_is(s, end, "enable") )
        return 1;
    if ( word_is(s, end, "0") || word_is(s, end, "no") ||
         word_is(s, end, "off") || word_is(s, end, "false") ||
         word_is(s, end, "disable") )
        return 0;
    return -1;
}

/* Refuses (-EINVAL) a value the variable cannot hold rather than truncate it. */
static int store_uint(const struct kernel_param *p, unsigned long long v)
{
    if ( p->len < sizeof(v) && v >> (p->len * 8) )
        return -EINVAL;
    switch ( p->len )
    {
    case 1: *(uint8_t *)p->par.var = v; break;
    case 2: *(uint16_t *)p->par.var = v; break;
    case 4: *(uint32_t *)p->par.var = v; break;
    case 8: *(uint64_t *)p->par.var = v; break;
    }
    return 0;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Returns 0, or -EINVAL for a value the option cannot take. */
static int apply(const struct kernel_param *p, const char *val,
                 const char *vend, bool negated)
{
    /* No option is longer than a command line, so values are never cut. */
    char buf[CMDLINE_SIZE];
    const char *e;
    unsigned long long v;
    int b;

    if ( (size_t)(vend - val) >= sizeof(buf) )
        return -EINVAL;
    memcpy(buf, val, vend - val);
    buf[vend - val] = '\0';

    switch ( p->type )
    {
    case PARAM_BOOL:
        b = val ? parse_bool(val, vend) : 1;
        if ( b < 0 )
            return -EINVAL;
        return store_uint(p, negated ? !b : b);

    case PARAM_UINT:
        if ( !val || !is_digit(*buf) || negated )
            return -EINVAL;
        v = simple_strtoull(buf, &e, 0);
        return *e ? -EINVAL : store_uint(p, v);

    case PARAM_SIZE:
        if ( !val || !is_digit(*buf) || negated )
            return -EINVAL;
        v = parse_size_and_unit(buf, &e);
        return *e ? -EINVAL : store_uint(p, v);

    case PARAM_STRING:
        if ( !val || negated )
            return -EINVAL;
        strlcpy(p->par.var, buf, p->len);
        return 0;

    case PARAM_CUSTOM:
        /* "no-foo" reaches a custom handler as "no"; "foo" as "". */
        return p->par.func(negated ? "no" : val ? buf : "");
    }
    return -EINVAL;
}

int parse_params(const char *cmdline, const struct kernel_param *start,
                 const struct kernel_param *end,
                 void (*unknown)(const char *opt))
{
    const char *s = cmdline;
    int problems = 0;

    while ( *s )
    {
        const char *opt, *oend, *name, *nend, *val = NULL, *vend = NULL;
        const struct kernel_param *p;
        bool negated = false, found = false;

        while ( *s == ' ' || *s == '\t' )
            s++;
        if ( !*s )
            break;
        opt = s;
        while ( *s && *s != ' ' && *s != '\t' )
            s++;
        oend = s;

        name = opt;
        for ( nend = opt; nend < oend && *nend != '='; nend++ )
            ;
        if ( nend < oend )
        {
            val = nend + 1;
            vend = oend;
        }
        /* Xen accepts '-' and '_' interchangeably in option names. */
        for ( p = start; p < end && !found; p++ )
        {
            size_t n = strlen(p->name), i;
            const char *pn = name;

            negated = false;
            if ( (size_t)(nend - name) == n + 3 && !strncmp(name, "no-", 3) &&
                 (p->type == PARAM_BOOL || p->type == PARAM_CUSTOM) )
            {
                pn = name + 3;
                negated = true;
            }
            if ( (size_t)(nend - pn) != n )
                continue;
            for ( i = 0; i < n; i++ )
            {
                char a = pn[i] == '-' ? '_' : pn[i];
                char b = p->name[i] == '-' ? '_' : p->name[i];

                if ( a != b )
                    break;
            }
            if ( i != n )
                continue;
            found = true;
            if ( negated && val )
                problems++, printk(XENLOG_WARNING "parameter '%.*s' takes no value\n",
                                   (int)(oend - opt), opt);
            else if ( apply(p, val, val ? vend : NULL, negated) )
            {
                problems++;
                printk(XENLOG_WARNING "parameter '%.*s' has an invalid value, ignored\n",
                       (int)(oend - opt), opt);
            }
        }
        if ( !found )
        {
            char buf[128];

            problems++;
            snprintf(buf, sizeof(buf), "%.*s", (int)(oend - opt), opt);
            if ( unknown )
                unknown(buf);
        }
    }
    return problems;
}

/* dom0_mem= and dom0_max_vcpus= parsing (syntax in xen/dom0_options.h). */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/param.h>
#include <xen/dom0_options.h>
#include <asm/config.h>

struct dom0_mem_spec dom0_mem;
struct dom0_vcpus_spec dom0_vcpus;

/* One <sz> ending at end (exclusive); -EINVAL if it is not exactly that. */
static int parse_size(const char *s, const char *end, struct dom0_size *out)
{
    char buf[32];
    const char *e;
    struct dom0_size v = { .set = true };

    if ( end - s >= (long)sizeof(buf) || end == s )
        return -EINVAL;
    memcpy(buf, s, end - s);
    buf[end - s] = '\0';
    s = buf;
    if ( *s == '-' )
    {
        v.negative = true;
        s++;
    }
    if ( *s < '0' || *s > '9' )
        return -EINVAL;
    if ( end[-1] == '%' )
    {
        v.percent = true;
        v.value = simple_strtoull(s, &e, 10);
        if ( *e != '%' || e[1] || v.value > 100 )
            return -EINVAL;
    }
    else
    {
        v.value = parse_size_and_unit(s, &e);
        if ( *e )
            return -EINVAL;
    }
    *out = v;
    return 0;
}

int dom0_mem_parse(const char *s, struct dom0_mem_spec *spec)
{
    struct dom0_mem_spec n = { };

    if ( !*s )
        return -EINVAL;
    for ( ; ; )
    {
        const char *end = strchr(s, ',') ? strchr(s, ',') : s + strlen(s);
        struct dom0_size *dst = &n.amount;

        if ( !strncmp(s, "min:", 4) )
        {
            dst = &n.min;
            s += 4;
        }
        else if ( !strncmp(s, "max:", 4) )
        {
            dst = &n.max;
            s += 4;
        }
        if ( dst->set || parse_size(s, end, dst) )
            return -EINVAL;
        if ( !*end )
            break;
        s = end + 1;
    }
    *spec = n;
    return 0;
}

static uint64_t resolve(const struct dom0_size *sz, uint64_t avail)
{
    uint64_t pages = sz->percent ? avail * sz->value / 100
                                 : sz->value >> PAGE_SHIFT;

    if ( !sz->negative )
        return pages;
    return pages < avail ? avail - pages : 0;
}

uint64_t dom0_mem_pages(const struct dom0_mem_spec *spec, uint64_t avail)
{
    uint64_t pages, reserve;

    if ( spec->amount.set )
        pages = resolve(&spec->amount, avail);
    else
    {
        /* Keep some memory for the hypervisor's own later allocations. */
        reserve = min(avail / 16, (uint64_t)(128UL << (20 - PAGE_SHIFT)));
        pages = avail - reserve;
    }
    if ( spec->min.set )
        pages = max(pages, resolve(&spec->min, avail));
    if ( spec->max.set )
        pages = min(pages, resolve(&spec->max, avail));
    return min(pages, avail);
}

uint64_t dom0_mem_max_pages(const struct dom0_mem_spec *spec, uint64_t avail)
{
    return spec->max.set ? resolve(&spec->max, avail) : DOM0_UNLIMITED_PAGES;
}

int dom0_vcpus_parse(const char *s, struct dom0_vcpus_spec *spec)
{
    const char *e;
    struct dom0_vcpus_spec n;

    n.min = simple_strtoull(s, &e, 10);
    if ( e == s )
        return -EINVAL;
    n.max = n.min;
    if ( *e == '-' )
    {
        s = e + 1;
        n.max = simple_strtoull(s, &e, 10);
        if ( e == s || n.max < n.min )
            return -EINVAL;
    }
    if ( *e || n.min == 0 || n.max > CONFIG_NR_CPUS )
        return -EINVAL;
    *spec = n;
    return 0;
}

unsigned int dom0_vcpus_count(const struct dom0_vcpus_spec *spec,
                              unsigned int host_cpus)
{
    unsigned int n = host_cpus;

    if ( spec->max && n > spec->max )
        n = spec->max;
    if ( n < spec->min )
        n = spec->min;
    return n ? n : 1;
}

static int parse_dom0_mem(const char *s) { return dom0_mem_parse(s, &dom0_mem); }
static int parse_dom0_vcpus(const char *s) { return dom0_vcpus_parse(s, &dom0_vcpus); }
custom_param("dom0_mem", parse_dom0_mem);
custom_param("dom0_max_vcpus", parse_dom0_vcpus);

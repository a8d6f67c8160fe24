/*
 * The boot-domains binding (docs/boot-domains.md) read from a flattened
 * device tree with Debian's libfdt.  Pure logic, no hypervisor state: the
 * host unit tests run exactly this file (tests/unit/test-boot_domains.c).
 *
 * Trust: the blob comes from the boot loader, i.e. from whoever wrote the
 * boot configuration, and is checked as hostile input anyway.  First
 * fdt_check_full() proves the whole structure sound (offsets, sizes,
 * string table, nesting), so every later libfdt call works on a valid
 * tree; then every property is checked for size and range before use.
 * Strings handed on (bootargs) are proven NUL-terminated inside the blob.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/boot_domains.h>
#include <libfdt.h>

#define BOOTDOM_COMPATIBLE  "xh,boot-domains"
#define LABEL_WORD          "xh.label="

/* One error line: the node's path, the property, what is wrong. */
static void __attribute__((format(printf, 4, 5)))
node_error(const void *fdt, int node, const char *prop, const char *fmt, ...)
{
    char path[128], why[160];
    va_list ap;

    if ( fdt_get_path(fdt, node, path, sizeof(path)) )
        strlcpy(path, "?", sizeof(path));
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    if ( prop )
        printk(XENLOG_ERR "boot-domains: node %s, property '%s': %s\n",
               path, prop, why);
    else
        printk(XENLOG_ERR "boot-domains: node %s: %s\n", path, why);
}

/* Names end up in command lines (xh.evtchn.<link>=): keep them plain. */
static bool valid_name(const char *name)
{
    size_t len = strlen(name), i;

    if ( len == 0 || len >= BOOTDOM_NAME_LEN )
        return false;
    for ( i = 0; i < len; i++ )
    {
        char c = name[i];

        if ( !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (c >= '0' && c <= '9') || c == '_' || c == '-') )
            return false;
    }
    return true;
}

/*
 * A property holding exactly one string: 0 and *out, -ENOENT if absent,
 * -EINVAL (printed) if malformed.
 */
static int prop_string(const void *fdt, int node, const char *name,
                       const char **out)
{
    int len;
    const char *s = fdt_getprop(fdt, node, name, &len);

    if ( !s )
        return -ENOENT;
    if ( len < 1 || s[len - 1] != '\0' || strlen(s) != (size_t)len - 1 )
    {
        node_error(fdt, node, name, "must be one NUL-terminated string");
        return -EINVAL;
    }
    *out = s;
    return 0;
}

static uint32_t cell(const void *p, unsigned int i)
{
    const uint8_t *b = (const uint8_t *)p + 4 * i;

    return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) |
           ((uint32_t)b[2] << 8) | b[3];
}

/*
 * A one-cell property in [min, max]: 0 (*out = value, or dflt if the
 * property is absent) or -EINVAL (printed).
 */
static int prop_u32(const void *fdt, int node, const char *name, uint32_t dflt,
                    uint32_t min, uint32_t max, unsigned int *out)
{
    int len;
    const void *p = fdt_getprop(fdt, node, name, &len);
    uint32_t v;

    if ( !p )
    {
        *out = dflt;
        return 0;
    }
    if ( len != 4 )
    {
        node_error(fdt, node, name, "must be one 32-bit cell, not %d bytes", len);
        return -EINVAL;
    }
    v = cell(p, 0);
    if ( v < min || v > max )
    {
        node_error(fdt, node, name, "%u is outside [%u, %u]", v, min, max);
        return -EINVAL;
    }
    *out = v;
    return 0;
}

/* An empty (boolean) property: true if present; -EINVAL if it has a value. */
static int prop_flag(const void *fdt, int node, const char *name, bool *out)
{
    int len;

    *out = fdt_getprop(fdt, node, name, &len) != NULL;
    if ( *out && len != 0 )
    {
        node_error(fdt, node, name, "is a flag and takes no value");
        return -EINVAL;
    }
    return 0;
}

/* memory: KiB, one or two cells. */
static int prop_memory(const void *fdt, int node, uint64_t *kb)
{
    int len;
    const void *p = fdt_getprop(fdt, node, "memory", &len);

    if ( !p )
    {
        node_error(fdt, node, "memory", "missing (KiB, one or two cells)");
        return -EINVAL;
    }
    if ( len == 4 )
        *kb = cell(p, 0);
    else if ( len == 8 )
        *kb = ((uint64_t)cell(p, 0) << 32) | cell(p, 1);
    else
    {
        node_error(fdt, node, "memory", "must be one or two 32-bit cells, not %d bytes",
                   len);
        return -EINVAL;
    }
    if ( *kb < BOOTDOM_MIN_MEMORY_KB || *kb > BOOTDOM_MAX_MEMORY_KB ||
         (*kb & 3) )
    {
        node_error(fdt, node, "memory",
                   "%llu KiB is not a whole number of pages in [%llu KiB, %llu KiB]",
                   (unsigned long long)*kb, BOOTDOM_MIN_MEMORY_KB,
                   BOOTDOM_MAX_MEMORY_KB);
        return -EINVAL;
    }
    return 0;
}

/* cpus / soft-cpus: a list of physical CPU numbers, none repeated. */
static int prop_cpus(const void *fdt, int node, const char *name,
                     bool *given, uint64_t *mask)
{
    int len, i;
    const void *p = fdt_getprop(fdt, node, name, &len);

    memset(mask, 0, BOOTDOM_CPU_WORDS * sizeof(*mask));
    *given = p != NULL;
    if ( !p )
        return 0;
    if ( len == 0 || len % 4 )
    {
        node_error(fdt, node, name, "must be a non-empty list of 32-bit CPU numbers");
        return -EINVAL;
    }
    for ( i = 0; i < len / 4; i++ )
    {
        uint32_t cpu = cell(p, i);

        if ( cpu >= CONFIG_NR_CPUS )
        {
            node_error(fdt, node, name, "CPU %u is beyond the %u this build supports",
                       cpu, CONFIG_NR_CPUS);
            return -EINVAL;
        }
        if ( bootdom_cpu_in(mask, cpu) )
        {
            node_error(fdt, node, name, "CPU %u is listed twice", cpu);
            return -EINVAL;
        }
        mask[cpu / 64] |= 1ULL << (cpu % 64);
    }
    return 0;
}

/* Is word (wlen bytes) one of the space-separated words of s? */
static bool has_word(const char *s, const char *word, size_t wlen)
{
    while ( *s )
    {
        size_t n;

        while ( *s == ' ' )
            s++;
        for ( n = 0; s[n] && s[n] != ' '; n++ )
            ;
        if ( n == wlen && !memcmp(s, word, n) )
            return true;
        s += n;
    }
    return false;
}

/*
 * kernel / ramdisk: a label (a string matching the word xh.label=<label>
 * of exactly one module's command line) or <name>-index (a module number).
 * Returns 0 with *out (BOOTDOM_NO_MODULE if absent and optional), or
 * -EINVAL (printed).
 */
static int prop_module(const void *fdt, int node, const char *name,
                       const char *index_name, bool required,
                       const struct bootdom_module *mods, unsigned int nr_modules,
                       unsigned int blob_module, int *out)
{
    const char *label;
    char word[sizeof(LABEL_WORD) + BOOTDOM_NAME_LEN];
    unsigned int idx, i;
    int rc = prop_string(fdt, node, name, &label);
    bool by_index = fdt_getprop(fdt, node, index_name, NULL) != NULL;

    *out = BOOTDOM_NO_MODULE;
    if ( rc == -EINVAL )
        return rc;
    if ( rc == 0 && by_index )
    {
        node_error(fdt, node, name, "give either '%s' or '%s', not both",
                   name, index_name);
        return -EINVAL;
    }
    if ( by_index )
    {
        if ( prop_u32(fdt, node, index_name, 0, 0, ~0u, &idx) )
            return -EINVAL;
        if ( idx >= nr_modules )
        {
            node_error(fdt, node, index_name, "module %u does not exist (%u modules)",
                       idx, nr_modules);
            return -EINVAL;
        }
        if ( idx == blob_module )
        {
            node_error(fdt, node, index_name, "module %u is this device tree", idx);
            return -EINVAL;
        }
        *out = idx;
        return 0;
    }
    if ( rc == -ENOENT )
    {
        if ( required )
        {
            node_error(fdt, node, name, "missing (or '%s')", index_name);
            return -EINVAL;
        }
        return 0;
    }
    if ( !valid_name(label) )
    {
        node_error(fdt, node, name, "'%s' is not a label (1-%u letters, digits, '_', '-')",
                   label, BOOTDOM_NAME_LEN - 1);
        return -EINVAL;
    }
    snprintf(word, sizeof(word), LABEL_WORD "%s", label);
    for ( i = 0; i < nr_modules; i++ )
    {
        if ( i == blob_module || !mods[i].cmdline ||
             !has_word(mods[i].cmdline, word, strlen(word)) )
            continue;
        if ( *out != BOOTDOM_NO_MODULE )
        {
            node_error(fdt, node, name, "label '%s' is on modules %d and %u",
                       label, *out, i);
            *out = BOOTDOM_NO_MODULE;
            return -EINVAL;
        }
        *out = i;
    }
    if ( *out == BOOTDOM_NO_MODULE )
    {
        node_error(fdt, node, name, "no module's command line has %s", word);
        return -EINVAL;
    }
    return 0;
}

static int parse_domain(const void *fdt, int node, struct bootdom_domain *dom,
                        const struct bootdom_module *mods, unsigned int nr_modules,
                        unsigned int blob_module)
{
    const char *name = fdt_get_name(fdt, node, NULL);
    unsigned int domid;
    int rc;

    memset(dom, 0, sizeof(*dom));
    if ( !name || !valid_name(name) )
    {
        node_error(fdt, node, NULL, "the node name is not a domain name "
                   "(1-%u letters, digits, '_', '-')", BOOTDOM_NAME_LEN - 1);
        return -EINVAL;
    }
    strlcpy(dom->name, name, sizeof(dom->name));
    if ( prop_u32(fdt, node, "domid", 0, 1, BOOTDOM_MAX_DOMID, &domid) ||
         prop_module(fdt, node, "kernel", "kernel-index", true, mods, nr_modules,
                     blob_module, &dom->kernel) ||
         prop_module(fdt, node, "ramdisk", "ramdisk-index", false, mods, nr_modules,
                     blob_module, &dom->ramdisk) ||
         prop_memory(fdt, node, &dom->memory_kb) ||
         prop_u32(fdt, node, "vcpus", 1, 1, BOOTDOM_MAX_VCPUS, &dom->vcpus) ||
         prop_u32(fdt, node, "weight", 256, 1, 65535, &dom->weight) ||
         prop_u32(fdt, node, "cap", 0, 0, 100 * dom->vcpus, &dom->cap) ||
         prop_cpus(fdt, node, "cpus", &dom->has_hard_affinity, dom->hard_affinity) ||
         prop_cpus(fdt, node, "soft-cpus", &dom->has_soft_affinity,
                   dom->soft_affinity) ||
         prop_flag(fdt, node, "privileged", &dom->privileged) )
        return -EINVAL;
    dom->domid = domid;
    rc = prop_string(fdt, node, "bootargs", &dom->bootargs);
    if ( rc == -ENOENT )
        dom->bootargs = "";
    else if ( rc )
        return rc;
    if ( dom->kernel == dom->ramdisk )
    {
        node_error(fdt, node, "ramdisk", "is the kernel's module");
        return -EINVAL;
    }
    return 0;
}

static int find_domain(const struct bootdom_config *cfg, const char *name)
{
    unsigned int i;

    for ( i = 0; i < cfg->nr_domains; i++ )
        if ( cfg->domains[i].name[0] && !strcmp(cfg->domains[i].name, name) )
            return i;
    return -1;
}

/* Explicit ids must be unique; the others get the lowest free ids from 1. */
static void assign_domids(const void *fdt, struct bootdom_config *cfg,
                          const int *nodes)
{
    unsigned int i, j, next = 1;

    for ( i = 0; i < cfg->nr_domains; i++ )
    {
        struct bootdom_domain *d = &cfg->domains[i];

        if ( !d->valid || !d->domid )
            continue;
        for ( j = 0; j < i; j++ )
            if ( cfg->domains[j].valid && cfg->domains[j].domid == d->domid )
            {
                node_error(fdt, nodes[i], "domid", "%u is already domain '%s''s",
                           d->domid, cfg->domains[j].name);
                d->valid = false;
                break;
            }
    }
    for ( i = 0; i < cfg->nr_domains; i++ )
    {
        struct bootdom_domain *d = &cfg->domains[i];

        if ( !d->valid || d->domid )
            continue;
        for ( j = 0; j < cfg->nr_domains; j++ )
            if ( cfg->domains[j].valid && cfg->domains[j].domid == next )
            {
                next++;
                j = -1;         /* restart: the new candidate may be taken too */
            }
        d->domid = next++;
    }
}

static int parse_link(const void *fdt, int node, struct bootdom_config *cfg,
                      struct bootdom_link *link)
{
    const char *name = fdt_get_name(fdt, node, NULL), *prop, *a, *b;
    bool has_evtchn = fdt_getprop(fdt, node, "evtchn", NULL) != NULL;
    bool has_grant = fdt_getprop(fdt, node, "grant", NULL) != NULL;
    int ia, ib;

    memset(link, 0, sizeof(*link));
    if ( !name || !valid_name(name) )
    {
        node_error(fdt, node, NULL, "the node name is not a link name "
                   "(1-%u letters, digits, '_', '-')", BOOTDOM_NAME_LEN - 1);
        return -EINVAL;
    }
    strlcpy(link->name, name, sizeof(link->name));
    if ( has_evtchn == has_grant )
    {
        node_error(fdt, node, NULL, "needs exactly one of 'evtchn' and 'grant'");
        return -EINVAL;
    }
    prop = has_evtchn ? "evtchn" : "grant";
    link->type = has_evtchn ? BOOTDOM_LINK_EVTCHN : BOOTDOM_LINK_GRANT;
    if ( fdt_stringlist_count(fdt, node, prop) != 2 )
    {
        node_error(fdt, node, prop, "must name two domains (\"a\", \"b\")");
        return -EINVAL;
    }
    a = fdt_stringlist_get(fdt, node, prop, 0, NULL);
    b = fdt_stringlist_get(fdt, node, prop, 1, NULL);
    ia = a ? find_domain(cfg, a) : -1;
    ib = b ? find_domain(cfg, b) : -1;
    if ( ia < 0 || ib < 0 )
    {
        node_error(fdt, node, prop, "no domain '%s'", ia < 0 ? a : b);
        return -EINVAL;
    }
    if ( ia == ib )
    {
        node_error(fdt, node, prop, "links domain '%s' with itself", a);
        return -EINVAL;
    }
    if ( !cfg->domains[ia].valid || !cfg->domains[ib].valid )
    {
        node_error(fdt, node, prop, "domain '%s' was skipped",
                   cfg->domains[ia].valid ? b : a);
        return -EINVAL;
    }
    if ( prop_flag(fdt, node, "readonly", &link->readonly) )
        return -EINVAL;
    if ( link->readonly && has_evtchn )
    {
        node_error(fdt, node, "readonly", "only a grant can be read-only");
        return -EINVAL;
    }
    link->dom[0] = ia;
    link->dom[1] = ib;
    return 0;
}

bool bootdom_is_blob(const void *data, size_t size, const char *cmdline)
{
    static const char mark[] = BOOTDOM_MODULE_MARK;

    if ( cmdline && has_word(cmdline, mark, sizeof(mark) - 1) )
        return true;
    return size >= 4 && cell(data, 0) == FDT_MAGIC;
}

int bootdom_parse(const void *blob, size_t size,
                  const struct bootdom_module *mods, unsigned int nr_modules,
                  unsigned int blob_module, struct bootdom_config *cfg)
{
    int rc, root, node;
    int nodes[BOOTDOM_MAX_DOMAINS];
    unsigned int i, valid = 0;

    memset(cfg, 0, sizeof(*cfg));
    if ( size < sizeof(struct fdt_header) || size > INT32_MAX )
    {
        printk(XENLOG_ERR "boot-domains: module of %zu bytes is not a device tree; "
               "no boot-time domains\n", size);
        return -EINVAL;
    }
    rc = fdt_check_full(blob, size);
    if ( rc )
    {
        printk(XENLOG_ERR "boot-domains: not a sound device tree (%s); "
               "no boot-time domains\n", fdt_strerror(rc));
        return -EINVAL;
    }
    if ( fdt_node_check_compatible(blob, 0, BOOTDOM_COMPATIBLE) )
    {
        printk(XENLOG_ERR "boot-domains: node /, property 'compatible': must hold \""
               BOOTDOM_COMPATIBLE "\"; no boot-time domains\n");
        return -EINVAL;
    }
    root = fdt_subnode_offset(blob, 0, "domains");
    if ( root < 0 )
    {
        printk(XENLOG_ERR "boot-domains: no node /domains; no boot-time domains\n");
        return -EINVAL;
    }

    fdt_for_each_subnode(node, blob, root)
    {
        struct bootdom_domain *d;

        if ( cfg->nr_domains == BOOTDOM_MAX_DOMAINS )
        {
            node_error(blob, node, NULL, "more than %u domains: skipped",
                       BOOTDOM_MAX_DOMAINS);
            continue;
        }
        nodes[cfg->nr_domains] = node;
        d = &cfg->domains[cfg->nr_domains++];
        d->valid = parse_domain(blob, node, d, mods, nr_modules, blob_module) == 0;
        if ( d->valid && find_domain(cfg, d->name) != (int)cfg->nr_domains - 1 )
        {
            node_error(blob, node, NULL, "a second domain named '%s'", d->name);
            d->valid = false;
            d->name[0] = '\0';
        }
        if ( !d->valid )
            printk(XENLOG_ERR "boot-domains: domain node %s skipped\n",
                   d->name[0] ? d->name : "?");
    }
    assign_domids(blob, cfg, nodes);

    root = fdt_subnode_offset(blob, 0, "links");
    if ( root >= 0 )
        fdt_for_each_subnode(node, blob, root)
        {
            struct bootdom_link *l;

            if ( cfg->nr_links == BOOTDOM_MAX_LINKS )
            {
                node_error(blob, node, NULL, "more than %u links: skipped",
                           BOOTDOM_MAX_LINKS);
                continue;
            }
            l = &cfg->links[cfg->nr_links++];
            l->valid = parse_link(blob, node, cfg, l) == 0;
            for ( i = 0; l->valid && i + 1 < cfg->nr_links; i++ )
                if ( !strcmp(cfg->links[i].name, l->name) )
                {
                    node_error(blob, node, NULL, "a second link named '%s'", l->name);
                    l->valid = false;
                }
            if ( !l->valid )
                printk(XENLOG_ERR "boot-domains: link node %s skipped\n",
                       l->name[0] ? l->name : "?");
        }

    for ( i = 0; i < cfg->nr_domains; i++ )
        valid += cfg->domains[i].valid;
    return valid;
}

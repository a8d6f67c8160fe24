/*
 * Boot-time domains from a device-tree module (docs/boot-domains.md):
 * find the module, parse it (common/boot_domains_parse.c, inside
 * libfdt_call()), then create the valid domains, bind their static links
 * and build them as unprivileged 64-bit PV domUs (pv_build_domain).
 *
 * Order, so that every command line is complete before its start_info is
 * written: (1) create every domain; (2) bind the event-channel pairs and
 * choose each grant's reference and pseudo-physical page; (3) build each
 * domain with its bootargs plus the link parameters; (4) write the grant
 * entries, now that the granters' frames are known.  A domain that fails
 * in (3) cannot be destroyed yet: it is left shut down (crashed), its
 * links lead nowhere, and the others go on.
 *
 * Policy without a dom0: the first built domain leads: the machine
 * follows its shutdown, as it follows dom0's; it gets no hardware
 * privileges.  Every domain built runs, with its weight, cap and
 * affinities given to the scheduler.
 */
#include <asm/page.h>
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/boot_domains.h>
#include <xen/cpumask.h>
#include <xen/event.h>
#include <xen/grant_table.h>
#include <xen/libfdt_call.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/bootinfo.h>
#include <asm/boot_domains.h>
#include <asm/pv.h>
#include <public/sched.h>

/* Static grants use the top entries of the granter's first table frame. */
#define STATIC_GREF_TOP     (PAGE_SIZE / sizeof(grant_entry_v1_t) - 1)

static struct bootdom_config cfg;
static bool module_used[MAX_BOOT_MODULES];
static bool have_blob;

/* Per domain of cfg: the domain, its command line, its grants' pages. */
static struct domain *domains[BOOTDOM_MAX_DOMAINS];
static char cmdlines[BOOTDOM_MAX_DOMAINS][MAX_GUEST_CMDLINE];
static bool cmdline_overflow[BOOTDOM_MAX_DOMAINS];
static unsigned int nr_grants_out[BOOTDOM_MAX_DOMAINS];

/* Per link of cfg: what each end learns. */
static struct {
    bool bound;
    evtchn_port_t port[2];          /* evtchn */
    grant_ref_t ref;                /* grant */
    unsigned long pfn;              /* grant: the granter's page */
} links[BOOTDOM_MAX_LINKS];

struct parse_args {
    const void *blob;
    size_t size;
    unsigned int blob_module;
    struct bootdom_module mods[MAX_BOOT_MODULES];
};

static int parse_in_libfdt_env(void *arg)
{
    struct parse_args *a = arg;

    return bootdom_parse(a->blob, a->size, a->mods, boot_info.nr_modules,
                         a->blob_module, &cfg);
}

void boot_domains_parse(void)
{
    static struct parse_args args;
    unsigned int i;
    int rc;

    for ( i = 0; i < boot_info.nr_modules; i++ )
    {
        const struct boot_module *m = &boot_info.modules[i];

        args.mods[i].cmdline = m->cmdline;
        if ( !have_blob && bootdom_is_blob(__va(m->start), m->size, m->cmdline) )
        {
            have_blob = true;
            args.blob = __va(m->start);
            args.size = m->size;
            args.blob_module = i;
        }
    }
    if ( !have_blob )
        return;
    printk("boot-domains: device tree in module %u (%zu bytes)\n",
           args.blob_module, args.size);
    module_used[args.blob_module] = true;
    rc = libfdt_call(parse_in_libfdt_env, &args);
    if ( rc < 0 )
        return;
    for ( i = 0; i < cfg.nr_domains; i++ )
    {
        const struct bootdom_domain *dom = &cfg.domains[i];

        if ( !dom->valid )
            continue;
        module_used[dom->kernel] = true;
        if ( dom->ramdisk != BOOTDOM_NO_MODULE )
            module_used[dom->ramdisk] = true;
    }
    printk("boot-domains: %d of %u domains valid\n", rc, cfg.nr_domains);
}

bool boot_domains_dom0_modules(int *kernel, int *initrd)
{
    if ( !boot_info.nr_modules || module_used[0] )
        return false;
    *kernel = 0;
    *initrd = boot_info.nr_modules > 1 && !module_used[1] ? 1 : -1;
    return true;
}

/* Append " fmt..." to domain i's command line; an overflow fails its build. */
static void __attribute__((format(printf, 2, 3)))
cmdline_add(unsigned int i, const char *fmt, ...)
{
    size_t len = strlen(cmdlines[i]);
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(cmdlines[i] + len, sizeof(cmdlines[i]) - len, fmt, ap);
    va_end(ap);
    if ( n < 0 || len + n >= sizeof(cmdlines[i]) )
        cmdline_overflow[i] = true;
}

static bool link_usable(const struct bootdom_link *l)
{
    return l->valid && domains[l->dom[0]] && domains[l->dom[1]];
}

/* (2): bind the pairs, choose grant refs and pages, extend command lines. */
static void prepare_links(void)
{
    unsigned int i;

    for ( i = 0; i < cfg.nr_domains; i++ )
        if ( domains[i] )
            cmdline_add(i, " xh.domid=%u", domains[i]->domain_id);

    for ( i = 0; i < cfg.nr_links; i++ )
    {
        const struct bootdom_link *l = &cfg.links[i];
        unsigned int a = l->dom[0], b = l->dom[1];
        const struct bootdom_domain *ga = &cfg.domains[a];

        if ( !link_usable(l) )
            continue;
        if ( l->type == BOOTDOM_LINK_EVTCHN )
        {
            if ( evtchn_bind_static_pair(domains[a], domains[b], &links[i].port[0],
                                         &links[i].port[1]) )
            {
                printk(XENLOG_ERR "boot-domains: link %s: no free event channel\n",
                       l->name);
                continue;
            }
            cmdline_add(a, " xh.evtchn.%s=%u xh.peer.%s=%u", l->name,
                        links[i].port[0], l->name, domains[b]->domain_id);
            cmdline_add(b, " xh.evtchn.%s=%u xh.peer.%s=%u", l->name,
                        links[i].port[1], l->name, domains[a]->domain_id);
        }
        else
        {
            unsigned int k = nr_grants_out[a]++;

            /* The granter's last pages, from the top down; entries likewise. */
            links[i].ref = STATIC_GREF_TOP - k;
            links[i].pfn = (ga->memory_kb >> (PAGE_SHIFT - 10)) - 1 - k;
            cmdline_add(a, " xh.gref.%s=%u xh.gpfn.%s=%lu xh.peer.%s=%u", l->name,
                        links[i].ref, l->name, links[i].pfn, l->name,
                        domains[b]->domain_id);
            cmdline_add(b, " xh.gref.%s=%u xh.peer.%s=%u", l->name, links[i].ref,
                        l->name, domains[a]->domain_id);
            if ( l->readonly )
                cmdline_add(b, " xh.gro.%s=1", l->name);
        }
        links[i].bound = true;
    }
}

/* (1): create domain i with its vCPUs; false (printed) if it cannot be. */
static bool create_one(unsigned int i)
{
    const struct bootdom_domain *dom = &cfg.domains[i];
    struct domain *d;
    unsigned int v, cpu;
    bool online = false;

    for ( cpu = 0; cpu < CONFIG_NR_CPUS; cpu++ )
        if ( cpumask_test_cpu(cpu, &cpu_online_map) &&
             (!dom->has_hard_affinity || bootdom_cpu_in(dom->hard_affinity, cpu)) )
            online = true;
    if ( !online )
    {
        printk(XENLOG_ERR "boot-domains: node /domains/%s, property 'cpus': "
               "no CPU listed is online; domain skipped\n", dom->name);
        return false;
    }
    if ( domain_by_id(dom->domid) )
    {
        printk(XENLOG_ERR "boot-domains: node /domains/%s, property 'domid': "
               "%u is taken; domain skipped\n", dom->name, dom->domid);
        return false;
    }
    d = domain_create(dom->domid, dom->privileged);
    for ( v = 0; d && v < dom->vcpus; v++ )
        if ( !vcpu_create(d, v) )
            d = NULL;
    if ( !d )
    {
        printk(XENLOG_ERR "boot-domains: domain %s: no memory for its structures\n",
               dom->name);
        return false;
    }
    d->is_console = true;       /* console_io writes, as Xen's dom0less domUs */
    domains[i] = d;
    if ( strlcpy(cmdlines[i], dom->bootargs, sizeof(cmdlines[i])) >= sizeof(cmdlines[i]) )
        cmdline_overflow[i] = true;
    return true;
}

/* The domain's credit weight and cap, and its vCPUs' affinities (docs/sched.md). */
static void apply_sched(struct domain *d, const struct bootdom_domain *dom)
{
    cpumask_t hard, soft;
    unsigned int cpu, v;

    if ( sched_adjust_dom(d, dom->weight, dom->cap) )
        printk(XENLOG_WARNING "boot-domains: domain %s: the scheduler refuses "
               "weight %u, cap %u; defaults kept\n", dom->name, dom->weight,
               dom->cap);
    cpumask_clear(&hard);
    cpumask_clear(&soft);
    for ( cpu = 0; cpu < CONFIG_NR_CPUS; cpu++ )
    {
        if ( !dom->has_hard_affinity || bootdom_cpu_in(dom->hard_affinity, cpu) )
            cpumask_set_cpu(cpu, &hard);
        if ( !dom->has_soft_affinity || bootdom_cpu_in(dom->soft_affinity, cpu) )
            cpumask_set_cpu(cpu, &soft);
    }
    for ( v = 0; v < d->max_vcpus; v++ )
        if ( d->vcpu[v] && vcpu_set_affinity(d->vcpu[v], &hard, &soft) )
            printk(XENLOG_WARNING "boot-domains: domain %s: vCPU %u: affinity "
                   "refused\n", dom->name, v);
}

/* (3): build domain i; a failure leaves it shut down (it cannot be destroyed). */
static bool build_one(unsigned int i, struct pv_build_result *res)
{
    const struct bootdom_domain *dom = &cfg.domains[i];
    const struct pv_build_params p = {
        .name = dom->name,
        .image = &boot_info.modules[dom->kernel],
        .initrd = dom->ramdisk == BOOTDOM_NO_MODULE ? NULL
                  : &boot_info.modules[dom->ramdisk],
        .cmdline = cmdlines[i],
        .nr_pages = dom->memory_kb >> (PAGE_SHIFT - 10),
        .initdomain = false,
    };
    struct domain *d = domains[i];
    int rc = -ENAMETOOLONG;

    if ( cmdline_overflow[i] )
        printk(XENLOG_ERR "boot-domains: domain %s: bootargs and link parameters "
               "exceed %u bytes\n", dom->name, MAX_GUEST_CMDLINE - 1);
    else if ( nr_grants_out[i] && p.nr_pages <= nr_grants_out[i] )
        rc = -ENOMEM;
    else
        rc = pv_build_domain(d, &p, res);
    if ( !rc && res->region_pages > p.nr_pages - nr_grants_out[i] )
    {
        printk(XENLOG_ERR "boot-domains: domain %s: its initial mapping (%lu pages) "
               "reaches the %u page(s) it grants; give it more memory\n",
               dom->name, res->region_pages, nr_grants_out[i]);
        rc = -ENOMEM;
    }
    if ( rc )
    {
        printk(XENLOG_ERR "boot-domains: domain %s (d%u) not built (%d): left shut down\n",
               dom->name, d->domain_id, rc);
        domains[i] = NULL;
        d->is_shutting_down = d->is_shut_down = true;
        d->shutdown_code = SHUTDOWN_crash;
        return false;
    }
    apply_sched(d, dom);
    printk("boot-domains: d%u '%s': %u vCPU(s), %llu KiB, weight %u, cap %u%s\n",
           d->domain_id, dom->name, dom->vcpus, (unsigned long long)dom->memory_kb,
           dom->weight, dom->cap, dom->privileged ? ", privileged" : "");
    return true;
}

/* (4): the grant entries, once the granters' pages are known. */
static void grant_links(unsigned int granter, const struct pv_build_result *res)
{
    unsigned int i;

    for ( i = 0; i < cfg.nr_links; i++ )
    {
        const struct bootdom_link *l = &cfg.links[i];

        if ( !links[i].bound || l->type != BOOTDOM_LINK_GRANT || l->dom[0] != granter ||
             !domains[l->dom[1]] )
            continue;
        if ( gnttab_grant_static(domains[granter], links[i].ref, pv_build_mfn(res, links[i].pfn),
                                 domains[l->dom[1]]->domain_id, l->readonly) )
            printk(XENLOG_ERR "boot-domains: link %s: cannot write grant %u\n",
                   l->name, links[i].ref);
    }
}

struct domain *boot_domains_build(void)
{
    struct pv_build_result res;
    struct domain *first = NULL;
    unsigned int i;

    for ( i = 0; i < cfg.nr_domains; i++ )
        if ( cfg.domains[i].valid )
            create_one(i);
    prepare_links();
    for ( i = 0; i < cfg.nr_domains; i++ )
    {
        if ( !domains[i] || !build_one(i, &res) )
            continue;
        grant_links(i, &res);
        if ( !first )
            first = domains[i];
    }
    return first;
}

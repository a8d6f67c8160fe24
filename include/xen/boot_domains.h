#ifndef XEN_BOOT_DOMAINS_H
#define XEN_BOOT_DOMAINS_H

/*
 * Boot-time domains described by a flattened device tree, a Multiboot
 * module (docs/boot-domains.md has the binding).
 *
 * common/boot_domains_parse.c turns the blob into a struct bootdom_config:
 * pure logic over libfdt, also built and tested on the host.  Every
 * problem is printed naming the node and the property; a bad domain or
 * link is marked invalid and the rest stays usable; a blob that is not a
 * sound device tree or lacks the binding's root is refused whole.
 * arch/x86/boot_domains.c finds the module, creates and builds the valid
 * domains and sets up their links.
 */
#include <xen/types.h>

#define BOOTDOM_MAX_DOMAINS     32
#define BOOTDOM_MAX_LINKS       64
#define BOOTDOM_NAME_LEN        32      /* node names, NUL included */
#define BOOTDOM_NO_MODULE       (-1)
#define BOOTDOM_CPU_WORDS       ((CONFIG_NR_CPUS + 63) / 64)
#define BOOTDOM_MAX_VCPUS       32      /* XEN_LEGACY_MAX_VCPUS */
#define BOOTDOM_MAX_MEMORY_KB   (64ULL << 30)   /* 64 TiB: a sanity bound */
#define BOOTDOM_MIN_MEMORY_KB   1024ULL
#define BOOTDOM_MAX_DOMID       0x7fef  /* DOMID_FIRST_RESERVED - 1 */

/* A Multiboot module as the parser sees it. */
struct bootdom_module {
    const char *cmdline;        /* may hold the word xh.label=<name> */
};

struct bootdom_domain {
    bool valid;                 /* false: skipped, the reason was printed */
    char name[BOOTDOM_NAME_LEN];
    uint16_t domid;             /* given, or the lowest free id from 1 */
    int kernel;                 /* module index */
    int ramdisk;                /* module index or BOOTDOM_NO_MODULE */
    const char *bootargs;       /* into the blob, NUL-terminated; "" if none */
    uint64_t memory_kb;
    unsigned int vcpus;         /* 1..BOOTDOM_MAX_VCPUS, default 1 */
    unsigned int weight;        /* 1..65535, default 256 */
    unsigned int cap;           /* percent of one CPU, 0 = none, <= 100 * vcpus */
    bool has_hard_affinity, has_soft_affinity;
    uint64_t hard_affinity[BOOTDOM_CPU_WORDS];  /* physical CPUs */
    uint64_t soft_affinity[BOOTDOM_CPU_WORDS];
    bool privileged;
};

enum bootdom_link_type {
    BOOTDOM_LINK_EVTCHN,        /* an interdomain event-channel pair */
    BOOTDOM_LINK_GRANT,         /* dom[0] grants one of its pages to dom[1] */
};

struct bootdom_link {
    bool valid;
    char name[BOOTDOM_NAME_LEN];
    enum bootdom_link_type type;
    unsigned int dom[2];        /* indexes into bootdom_config.domains */
    bool readonly;              /* grant: the grantee may only read */
};

struct bootdom_config {
    unsigned int nr_domains, nr_links;
    struct bootdom_domain domains[BOOTDOM_MAX_DOMAINS];
    struct bootdom_link links[BOOTDOM_MAX_LINKS];
};

/* The module command-line word that marks the blob. */
#define BOOTDOM_MODULE_MARK     "xh,boot-domains"

/*
 * Is this module the boot-domains blob?  Its command line holds the word
 * BOOTDOM_MODULE_MARK, or it starts with the FDT magic.
 */
bool bootdom_is_blob(const void *data, size_t size, const char *cmdline);

/*
 * Parse blob (size bytes) against nr_modules modules, of which blob_module
 * is the blob itself (no domain may use it).  Returns the number of valid
 * domains (cfg filled, invalid entries marked), or -EINVAL when the whole
 * blob is unusable (cfg->nr_domains is then 0).
 * @pre: runs where libfdt may (libfdt_call() in the hypervisor).
 */
int bootdom_parse(const void *blob, size_t size,
                  const struct bootdom_module *mods, unsigned int nr_modules,
                  unsigned int blob_module, struct bootdom_config *cfg);

/* Is CPU cpu in an affinity bitmap? */
static inline bool bootdom_cpu_in(const uint64_t *mask, unsigned int cpu)
{
    return (mask[cpu / 64] >> (cpu % 64)) & 1;
}

#endif

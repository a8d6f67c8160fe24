/* SOURCES: common/boot_domains_parse.c common/string.c common/vsprintf.c */
/* LIBS: -l:libfdt.a */
/*
 * The boot-domains binding parser against well-formed and hostile blobs.
 * Blobs are built with libfdt's sequential-write functions (so a test can
 * make what dtc would refuse: repeated names, bad sizes) or compiled from
 * the project's .dts files with dtc; both come from Debian's packages.
 */
#include "harness.h"
#include <libfdt.h>
#include <xen/errno.h>
#include <xen/boot_domains.h>

static char blob[16384];
static struct bootdom_config cfg;

/* Modules: 0 = the blob, 1 = "k1" kernel, 2 = "rd" ramdisk, 3 = ambiguous. */
static const struct bootdom_module mods[] = {
    { "xh,boot-domains" },
    { "/boot/k1 xh.label=k1" },
    { "xh.label=rd" },
    { "xh.label=dup" },
    { "other xh.label=dup" },
};
#define NR_MODS 5

/* --- a small blob writer ------------------------------------------------- */
static void begin(void)
{
    CHECK_EQ(fdt_create(blob, sizeof(blob)), 0);
    CHECK_EQ(fdt_finish_reservemap(blob), 0);
    CHECK_EQ(fdt_begin_node(blob, ""), 0);
}

static void root_compatible(void)
{
    CHECK_EQ(fdt_property_string(blob, "compatible", "xh,boot-domains"), 0);
}

static void node(const char *name) { CHECK_EQ(fdt_begin_node(blob, name), 0); }
static void end(void) { CHECK_EQ(fdt_end_node(blob), 0); }
static void pstr(const char *n, const char *v) { CHECK_EQ(fdt_property_string(blob, n, v), 0); }
static void cell32(const char *n, uint32_t v) { CHECK_EQ(fdt_property_u32(blob, n, v), 0); }
static void praw(const char *n, const void *v, int len) { CHECK_EQ(fdt_property(blob, n, v, len), 0); }

static void strlist2(const char *n, const char *a, const char *b)
{
    char buf[128];
    size_t la = strlen(a) + 1, lb = strlen(b) + 1;

    memcpy(buf, a, la);
    memcpy(buf + la, b, lb);
    praw(n, buf, la + lb);
}

/* A valid domain node, with one more property set by extra() if given. */
static void domain(const char *name, void (*extra)(void))
{
    node(name);
    pstr("kernel", "k1");
    cell32("memory", 8192);
    if ( extra )
        extra();
    end();
}

static int finish_and_parse(void)
{
    CHECK_EQ(fdt_end_node(blob), 0);
    CHECK_EQ(fdt_finish(blob), 0);
    harness_log_clear();
    return bootdom_parse(blob, fdt_totalsize(blob), mods, NR_MODS, 0, &cfg);
}

/* A blob with /domains { alpha {extra}; beta; }: returns the parse result. */
static int parse_with(void (*extra)(void))
{
    begin();
    root_compatible();
    node("domains");
    domain("alpha", extra);
    domain("beta", NULL);
    end();
    return finish_and_parse();
}

/* --- well-formed --------------------------------------------------------- */
static void full_alpha(void)
{
    static const uint32_t cpus[] = { 0x01000000, 0x03000000 };  /* <1 3> */
    static const uint32_t soft[] = { 0x02000000 };
    cell32("domid", 7);
    pstr("ramdisk", "rd");
    pstr("bootargs", "console=hvc0 only=domu");
    cell32("vcpus", 2);
    cell32("weight", 512);
    cell32("cap", 150);
    praw("cpus", cpus, sizeof(cpus));
    praw("soft-cpus", soft, sizeof(soft));
    praw("privileged", NULL, 0);
}

TEST(full_domain_and_defaults)
{
    CHECK_EQ(parse_with(full_alpha), 2);
    CHECK_EQ(cfg.nr_domains, 2);
    CHECK(cfg.domains[0].valid);
    CHECK_STR(cfg.domains[0].name, "alpha");
    CHECK_EQ(cfg.domains[0].domid, 7);
    CHECK_EQ(cfg.domains[0].kernel, 1);
    CHECK_EQ(cfg.domains[0].ramdisk, 2);
    CHECK_STR(cfg.domains[0].bootargs, "console=hvc0 only=domu");
    CHECK_EQ(cfg.domains[0].vcpus, 2);
    CHECK_EQ(cfg.domains[0].weight, 512);
    CHECK_EQ(cfg.domains[0].cap, 150);
    CHECK(cfg.domains[0].has_hard_affinity);
    CHECK_EQ(cfg.domains[0].hard_affinity[0], 0xa);
    CHECK(cfg.domains[0].has_soft_affinity);
    CHECK_EQ(cfg.domains[0].soft_affinity[0], 0x4);
    CHECK(cfg.domains[0].privileged);
    /* beta: every default, and the lowest free domid. */
    CHECK(cfg.domains[1].valid);
    CHECK_EQ(cfg.domains[1].domid, 1);
    CHECK_EQ(cfg.domains[1].ramdisk, BOOTDOM_NO_MODULE);
    CHECK_STR(cfg.domains[1].bootargs, "");
    CHECK_EQ(cfg.domains[1].memory_kb, 8192);
    CHECK_EQ(cfg.domains[1].vcpus, 1);
    CHECK_EQ(cfg.domains[1].weight, 256);
    CHECK_EQ(cfg.domains[1].cap, 0);
    CHECK(!cfg.domains[1].has_hard_affinity);
    CHECK(!cfg.domains[1].privileged);
}

static void domid_1(void) { cell32("domid", 1); }
static void kernel_index_1(void) { }

TEST(auto_domids_skip_explicit_ones)
{
    begin();
    root_compatible();
    node("domains");
    domain("a", NULL);
    domain("b", domid_1);
    domain("c", NULL);
    end();
    CHECK_EQ(finish_and_parse(), 3);
    CHECK_EQ(cfg.domains[0].domid, 2);
    CHECK_EQ(cfg.domains[1].domid, 1);
    CHECK_EQ(cfg.domains[2].domid, 3);
    (void)kernel_index_1;
}

TEST(links_evtchn_and_grant)
{
    begin();
    root_compatible();
    node("domains");
    domain("alpha", NULL);
    domain("beta", NULL);
    end();
    node("links");
    node("ring"); strlist2("evtchn", "alpha", "beta"); end();
    node("buf"); strlist2("grant", "beta", "alpha"); praw("readonly", NULL, 0); end();
    end();
    CHECK_EQ(finish_and_parse(), 2);
    CHECK_EQ(cfg.nr_links, 2);
    CHECK(cfg.links[0].valid);
    CHECK_STR(cfg.links[0].name, "ring");
    CHECK_EQ(cfg.links[0].type, BOOTDOM_LINK_EVTCHN);
    CHECK_EQ(cfg.links[0].dom[0], 0);
    CHECK_EQ(cfg.links[0].dom[1], 1);
    CHECK(cfg.links[1].valid);
    CHECK_EQ(cfg.links[1].type, BOOTDOM_LINK_GRANT);
    CHECK_EQ(cfg.links[1].dom[0], 1);
    CHECK_EQ(cfg.links[1].dom[1], 0);
    CHECK(cfg.links[1].readonly);
}

/* --- whole-blob rejections ----------------------------------------------- */
TEST(not_a_device_tree)
{
    memset(blob, 0x5a, 4096);
    CHECK_EQ(bootdom_parse(blob, 4096, mods, NR_MODS, 0, &cfg), -EINVAL);
    CHECK_EQ(cfg.nr_domains, 0);
    CHECK_LOG("not a sound device tree");
    CHECK_EQ(bootdom_parse(blob, 3, mods, NR_MODS, 0, &cfg), -EINVAL);
    CHECK_LOG("is not a device tree");
}

TEST(truncated_blob)
{
    CHECK_EQ(parse_with(NULL), 2);
    CHECK_EQ(bootdom_parse(blob, fdt_totalsize(blob) - 8, mods, NR_MODS, 0, &cfg),
             -EINVAL);
    CHECK_LOG("not a sound device tree");
}

TEST(corrupt_header_offsets)
{
    struct fdt_header *h = (struct fdt_header *)blob;

    CHECK_EQ(parse_with(NULL), 2);
    h->off_dt_strings = cpu_to_fdt32(0x7ffffff0);
    CHECK_EQ(bootdom_parse(blob, fdt_totalsize(blob), mods, NR_MODS, 0, &cfg), -EINVAL);
    CHECK_EQ(parse_with(NULL), 2);
    h->size_dt_struct = cpu_to_fdt32(fdt_size_dt_struct(blob) + 64);
    CHECK_EQ(bootdom_parse(blob, fdt_totalsize(blob), mods, NR_MODS, 0, &cfg), -EINVAL);
}

TEST(missing_compatible_or_domains)
{
    begin();
    node("domains");
    domain("alpha", NULL);
    end();
    CHECK_EQ(finish_and_parse(), -EINVAL);
    CHECK_LOG("node /, property 'compatible'");
    begin();
    root_compatible();
    node("dormains");
    domain("alpha", NULL);
    end();
    CHECK_EQ(finish_and_parse(), -EINVAL);
    CHECK_LOG("no node /domains");
}

/* Every single-byte corruption of a good blob: parsed or refused, never a crash. */
TEST(every_byte_flipped)
{
    static char good[16384];
    size_t size, i;
    int bit;

    CHECK_EQ(parse_with(full_alpha), 2);
    size = fdt_totalsize(blob);
    memcpy(good, blob, size);
    for ( i = 0; i < size; i++ )
        for ( bit = 0; bit < 8; bit += 3 )
        {
            int rc;

            memcpy(blob, good, size);
            blob[i] ^= 1 << bit;
            rc = bootdom_parse(blob, size, mods, NR_MODS, 0, &cfg);
            CHECK(rc == -EINVAL || (rc >= 0 && rc <= 2));
        }
}

/* --- one bad domain: named in the error, the other survives -------------- */
#define BAD_DOMAIN(casename, setup, logtext)                                \
    static void casename##_extra(void) { setup; }                           \
    TEST(casename)                                                          \
    {                                                                       \
        CHECK_EQ(parse_with(casename##_extra), 1);                          \
        CHECK(!cfg.domains[0].valid);                                       \
        CHECK(cfg.domains[1].valid);                                        \
        CHECK_LOG(logtext);                                                 \
        CHECK_LOG("domain node alpha skipped");                             \
    }

static const char three[3] = { 1, 2, 3 };
static const char unterminated[4] = { 'a', 'b', 'c', 'd' };
static const char two_strings[6] = { 'a', 0, 'b', 'c', 0, 0 };
static const uint32_t cpu_big[] = { 0x40000000 };          /* CPU 64 */
static const uint32_t cpu_twice[] = { 0x01000000, 0x01000000 };

BAD_DOMAIN(vcpus_zero, cell32("vcpus", 0), "property 'vcpus': 0 is outside [1, 32]")
BAD_DOMAIN(vcpus_too_many, cell32("vcpus", 33), "property 'vcpus': 33 is outside")
BAD_DOMAIN(weight_zero, cell32("weight", 0), "property 'weight': 0 is outside [1, 65535]")
BAD_DOMAIN(weight_huge, cell32("weight", 70000), "property 'weight': 70000")
BAD_DOMAIN(cap_over_vcpus, cell32("cap", 101), "property 'cap': 101 is outside [0, 100]")
BAD_DOMAIN(weight_two_cells, praw("weight", "\0\0\1\0\0\0\1\0", 8),
           "property 'weight': must be one 32-bit cell, not 8 bytes")
BAD_DOMAIN(domid_zero, cell32("domid", 0), "property 'domid': 0 is outside")
BAD_DOMAIN(domid_reserved, cell32("domid", 0x7ff0), "property 'domid': 32752 is outside")
BAD_DOMAIN(bootargs_unterminated, praw("bootargs", unterminated, 4),
           "property 'bootargs': must be one NUL-terminated string")
BAD_DOMAIN(bootargs_two_strings, praw("bootargs", two_strings, 6),
           "property 'bootargs': must be one NUL-terminated string")
BAD_DOMAIN(bootargs_empty, praw("bootargs", NULL, 0),
           "property 'bootargs': must be one NUL-terminated string")
BAD_DOMAIN(cpus_empty, praw("cpus", NULL, 0), "property 'cpus': must be a non-empty list")
BAD_DOMAIN(cpus_odd_size, praw("cpus", three, 3), "property 'cpus': must be a non-empty list")
BAD_DOMAIN(cpus_beyond, praw("cpus", cpu_big, 4), "property 'cpus': CPU 64 is beyond")
BAD_DOMAIN(soft_cpus_twice, praw("soft-cpus", cpu_twice, 8),
           "property 'soft-cpus': CPU 1 is listed twice")
BAD_DOMAIN(privileged_with_value, cell32("privileged", 1),
           "property 'privileged': is a flag and takes no value")
BAD_DOMAIN(kernel_and_index, cell32("kernel-index", 1),
           "property 'kernel': give either 'kernel' or 'kernel-index'")
BAD_DOMAIN(ramdisk_index_is_blob, cell32("ramdisk-index", 0),
           "property 'ramdisk-index': module 0 is this device tree")
BAD_DOMAIN(ramdisk_index_missing_module, cell32("ramdisk-index", 5),
           "property 'ramdisk-index': module 5 does not exist (5 modules)")
BAD_DOMAIN(ramdisk_is_kernel, pstr("ramdisk", "k1"), "property 'ramdisk': is the kernel's module")
BAD_DOMAIN(ramdisk_unknown_label, pstr("ramdisk", "nosuch"),
           "property 'ramdisk': no module's command line has xh.label=nosuch")
BAD_DOMAIN(ramdisk_ambiguous_label, pstr("ramdisk", "dup"),
           "property 'ramdisk': label 'dup' is on modules 3 and 4")
BAD_DOMAIN(ramdisk_label_with_space, pstr("ramdisk", "k1 x"),
           "property 'ramdisk': 'k1 x' is not a label")

/* memory is checked on its own: the helper's domain() always sets one. */
static void only_node(const char *name, void (*props)(void))
{
    begin();
    root_compatible();
    node("domains");
    node(name);
    props();
    end();
    domain("beta", NULL);
    end();
}

static void no_memory(void) { pstr("kernel", "k1"); }
static void small_memory(void) { pstr("kernel", "k1"); cell32("memory", 512); }
static void odd_memory(void) { pstr("kernel", "k1"); cell32("memory", 4097); }
static void memory_3_bytes(void) { pstr("kernel", "k1"); praw("memory", three, 3); }
static void memory_2_cells(void)
{
    static const uint32_t mem64[] = { 0x00010000, 0x00000000 };     /* 256 << 32 KiB */

    pstr("kernel", "k1");
    praw("memory", mem64, sizeof(mem64));
}
static void memory_2_cells_ok(void)
{
    static const uint32_t mem64[] = { 0, 0x00000100 };     /* 65536 KiB */

    pstr("kernel", "k1");
    praw("memory", mem64, sizeof(mem64));
}
static void no_kernel(void) { cell32("memory", 8192); }
static void kernel_is_blob(void) { cell32("kernel-index", 0); cell32("memory", 8192); }

TEST(memory_and_kernel_required)
{
    only_node("alpha", no_memory);
    CHECK_EQ(finish_and_parse(), 1);
    CHECK_LOG("node /domains/alpha, property 'memory': missing");
    only_node("alpha", small_memory);
    CHECK_EQ(finish_and_parse(), 1);
    CHECK_LOG("property 'memory': 512 KiB is not a whole number of pages in");
    only_node("alpha", odd_memory);
    CHECK_EQ(finish_and_parse(), 1);
    CHECK_LOG("property 'memory': 4097 KiB");
    only_node("alpha", memory_3_bytes);
    CHECK_EQ(finish_and_parse(), 1);
    CHECK_LOG("property 'memory': must be one or two 32-bit cells, not 3 bytes");
    only_node("alpha", memory_2_cells);
    CHECK_EQ(finish_and_parse(), 1);
    CHECK_LOG("property 'memory': 1099511627776 KiB");
    only_node("alpha", memory_2_cells_ok);
    CHECK_EQ(finish_and_parse(), 2);
    CHECK_EQ(cfg.domains[0].memory_kb, 65536);
    only_node("alpha", no_kernel);
    CHECK_EQ(finish_and_parse(), 1);
    CHECK_LOG("property 'kernel': missing (or 'kernel-index')");
    only_node("alpha", kernel_is_blob);
    CHECK_EQ(finish_and_parse(), 1);
    CHECK_LOG("property 'kernel-index': module 0 is this device tree");
}

TEST(bad_node_names)
{
    only_node("alpha@1", no_kernel);
    CHECK_EQ(finish_and_parse(), 1);
    CHECK_LOG("node /domains/alpha@1: the node name is not a domain name");
    only_node("a-name-that-is-much-too-long-for-us", no_kernel);
    CHECK_EQ(finish_and_parse(), 1);
    CHECK_LOG("is not a domain name");
}

TEST(duplicate_name_and_domid)
{
    begin();
    root_compatible();
    node("domains");
    domain("alpha", domid_1);
    domain("alpha", NULL);
    domain("gamma", domid_1);
    end();
    CHECK_EQ(finish_and_parse(), 1);
    CHECK(cfg.domains[0].valid);
    CHECK(!cfg.domains[1].valid);
    CHECK_LOG("a second domain named 'alpha'");
    CHECK(!cfg.domains[2].valid);
    CHECK_LOG("node /domains/gamma, property 'domid': 1 is already domain 'alpha''s");
}

TEST(too_many_domains)
{
    char name[16];
    int i;

    begin();
    root_compatible();
    node("domains");
    for ( i = 0; i < BOOTDOM_MAX_DOMAINS + 2; i++ )
    {
        snprintf(name, sizeof(name), "d%d", i);
        domain(name, NULL);
    }
    end();
    CHECK_EQ(finish_and_parse(), BOOTDOM_MAX_DOMAINS);
    CHECK_LOG("node /domains/d32: more than 32 domains: skipped");
    CHECK_EQ(cfg.domains[BOOTDOM_MAX_DOMAINS - 1].domid, BOOTDOM_MAX_DOMAINS);
}

/* --- bad links ------------------------------------------------------------ */
static int parse_links(void (*links)(void))
{
    begin();
    root_compatible();
    node("domains");
    domain("alpha", NULL);
    domain("beta", NULL);
    node("broken"); end();      /* no kernel, no memory: skipped */
    end();
    node("links");
    links();
    end();
    return finish_and_parse();
}

static void l_unknown(void) { node("l"); strlist2("evtchn", "alpha", "nobody"); end(); }
static void l_self(void) { node("l"); strlist2("grant", "beta", "beta"); end(); }
static void l_skipped(void) { node("l"); strlist2("evtchn", "broken", "alpha"); end(); }
static void l_both(void)
{
    node("l"); strlist2("evtchn", "alpha", "beta"); strlist2("grant", "alpha", "beta"); end();
}
static void l_neither(void) { node("l"); cell32("colour", 3); end(); }
static void l_one_name(void) { node("l"); pstr("evtchn", "alpha"); end(); }
static void l_ro_evtchn(void)
{
    node("l"); strlist2("evtchn", "alpha", "beta"); praw("readonly", NULL, 0); end();
}
static void l_twice(void)
{
    node("l"); strlist2("evtchn", "alpha", "beta"); end();
    node("l"); strlist2("grant", "alpha", "beta"); end();
}
static void l_garbage(void) { node("l"); praw("evtchn", unterminated, 4); end(); }

TEST(bad_links_are_skipped)
{
    static const struct { void (*fn)(void); const char *log; } cases[] = {
        { l_unknown, "node /links/l, property 'evtchn': no domain 'nobody'" },
        { l_self, "node /links/l, property 'grant': links domain 'beta' with itself" },
        { l_skipped, "node /links/l, property 'evtchn': domain 'broken' was skipped" },
        { l_both, "node /links/l: needs exactly one of 'evtchn' and 'grant'" },
        { l_neither, "node /links/l: needs exactly one of 'evtchn' and 'grant'" },
        { l_one_name, "node /links/l, property 'evtchn': must name two domains" },
        { l_ro_evtchn, "property 'readonly': only a grant can be read-only" },
        { l_garbage, "node /links/l, property 'evtchn': must name two domains" },
    };
    unsigned int i;

    for ( i = 0; i < sizeof(cases) / sizeof(cases[0]); i++ )
    {
        CHECK_EQ(parse_links(cases[i].fn), 2);
        CHECK_EQ(cfg.nr_links, 1);
        CHECK(!cfg.links[0].valid);
        CHECK_LOG(cases[i].log);
        CHECK_LOG("link node l skipped");
    }
    CHECK_EQ(parse_links(l_twice), 2);
    CHECK(cfg.links[0].valid);
    CHECK(!cfg.links[1].valid);
    CHECK_LOG("a second link named 'l'");
}

TEST(blob_detection)
{
    static const uint8_t magic[8] = { 0xd0, 0x0d, 0xfe, 0xed };
    static const uint8_t elf[8] = { 0x7f, 'E', 'L', 'F' };

    CHECK(bootdom_is_blob(magic, 8, ""));
    CHECK(!bootdom_is_blob(magic, 3, ""));
    CHECK(!bootdom_is_blob(elf, 8, "/boot/vmlinuz console=hvc0"));
    CHECK(bootdom_is_blob(elf, 8, "/boot/domains.dtb xh,boot-domains"));
    CHECK(!bootdom_is_blob(elf, 8, "xh,boot-domainsX"));
}

/* The project's own .dts, compiled by Debian's dtc. */
TEST(dtc_compiled_pair)
{
    static const struct bootdom_module tk[] = {
        { "/test-kernel xh.label=test-kernel" }, { "" },
    };
    FILE *f = popen("dtc -q -I dts -O dtb tests/guests/domains/pair.dts", "r");
    size_t n;

    CHECK(f != NULL);
    if ( !f )
        return;
    n = fread(blob, 1, sizeof(blob), f);
    CHECK_EQ(pclose(f), 0);
    CHECK_EQ(bootdom_parse(blob, n, tk, 2, 1, &cfg), 2);
    CHECK_STR(cfg.domains[0].name, "ping");
    CHECK_STR(cfg.domains[1].name, "pong");
    CHECK_EQ(cfg.domains[0].kernel, 0);
    CHECK_EQ(cfg.domains[1].memory_kb, 16384);
    CHECK_EQ(cfg.domains[1].weight, 512);
    CHECK_EQ(cfg.domains[1].hard_affinity[0], 2);
    CHECK_EQ(cfg.nr_links, 2);
    CHECK(cfg.links[0].valid && cfg.links[1].valid);
}

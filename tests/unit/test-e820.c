/* SOURCES: arch/x86/e820.c */
/*
 * arch/x86/e820.c: sanitising loader memory maps.  Maps are compared
 * through their printed form, one "addr+size:type" per entry.
 */
#include "harness.h"
#include <xen/mm.h>
#include <asm/e820.h>

#define RAM   E820_RAM
#define RES   E820_RESERVED
#define ACPI  E820_ACPI
#define NVS   E820_NVS
#define BAD   E820_UNUSABLE

static char shown[8192];

static const char *show(const struct e820entry *map, unsigned int nr)
{
    size_t len = 0;
    unsigned int i;

    shown[0] = '\0';
    for ( i = 0; i < nr; i++ )
        len += snprintf(shown + len, sizeof(shown) - len, "%s%llx+%llx:%u",
                        i ? " " : "", (unsigned long long)map[i].addr,
                        (unsigned long long)map[i].size, map[i].type);
    return shown;
}

static const char *sanitise(const struct e820entry *in, unsigned int nr)
{
    static struct e820entry out[E820MAX];
    unsigned int n = e820_sanitise(in, nr, out, E820MAX);

    CHECK(n <= E820MAX);
    return show(out, n);
}

#define SANITISE(...) ({                                                    \
    const struct e820entry in_[] = { __VA_ARGS__ };                         \
    sanitise(in_, ARRAY_SIZE(in_));                                         \
})

TEST(clean_map_unchanged)
{
    CHECK_STR(SANITISE({ 0, 0x9f000, RAM }, { 0x9fc00, 0x400, RES },
                       { 0xf0000, 0x10000, RES }, { 0x100000, 0x7ee0000, RAM },
                       { 0xfffc0000, 0x40000, RES }),
              "0+9f000:1 9fc00+400:2 f0000+10000:2 100000+7ee0000:1 fffc0000+40000:2");
}

TEST(empty)
{
    struct e820entry out[1];

    CHECK_EQ(e820_sanitise(NULL, 0, out, 1), 0);
    CHECK_STR(SANITISE({ 0x1000, 0, RAM }, { 0x5000, 0, RES }), "");
}

TEST(unsorted_is_sorted)
{
    CHECK_STR(SANITISE({ 0x100000, 0x100000, RAM }, { 0xf0000, 0x10000, RES },
                       { 0, 0x9f000, RAM }),
              "0+9f000:1 f0000+10000:2 100000+100000:1");
}

TEST(duplicates_collapse)
{
    CHECK_STR(SANITISE({ 0x100000, 0x100000, RAM }, { 0x100000, 0x100000, RAM },
                       { 0xf0000, 0x10000, RES }, { 0xf0000, 0x10000, RES }),
              "f0000+10000:2 100000+100000:1");
}

TEST(zero_size_dropped)
{
    /* An empty entry between two RAM entries does not keep them apart. */
    CHECK_STR(SANITISE({ 0, 0x1000, RAM }, { 0x1000, 0, RES },
                       { 0x1000, 0x1000, RAM }),
              "0+2000:1");
}

TEST(adjacent_same_type_merged)
{
    CHECK_STR(SANITISE({ 0, 0x1000, RAM }, { 0x1000, 0x1000, RAM },
                       { 0x2000, 0x1000, RAM }, { 0x3000, 0x100, RES },
                       { 0x3100, 0x100, RES }, { 0x3200, 0xe00, ACPI }),
              "0+3000:1 3000+200:2 3200+e00:3");
}

TEST(overlapping_ram_merged)
{
    CHECK_STR(SANITISE({ 0x10000, 0x30000, RAM }, { 0x20000, 0x30000, RAM },
                       { 0x18000, 0x1000, RAM }),
              "10000+40000:1");
}

TEST(reserved_inside_ram_wins)
{
    CHECK_STR(SANITISE({ 0x100000, 0x1000000, RAM }, { 0x400000, 0x1000, RES }),
              "100000+300000:1 400000+1000:2 401000+cff000:1");
}

TEST(reserved_over_ram_edges_wins)
{
    /* Reserved covering the end of one RAM entry and the start of the next. */
    CHECK_STR(SANITISE({ 0, 0x10000, RAM }, { 0x10000, 0x10000, RAM },
                       { 0xf000, 0x2000, RES }),
              "0+f000:1 f000+2000:2 11000+f000:1");
    /* Order of the input does not matter. */
    CHECK_STR(SANITISE({ 0xf000, 0x2000, RES }, { 0x10000, 0x10000, RAM },
                       { 0, 0x10000, RAM }),
              "0+f000:1 f000+2000:2 11000+f000:1");
}

TEST(ram_fully_covered_disappears)
{
    CHECK_STR(SANITISE({ 0x2000, 0x1000, RAM }, { 0x1000, 0x4000, NVS }),
              "1000+4000:4");
}

TEST(non_ram_priorities)
{
    /* ACPI data < NVS < reserved/unusable, and the higher of those wins. */
    CHECK_STR(SANITISE({ 0, 0x4000, ACPI }, { 0x1000, 0x1000, NVS }),
              "0+1000:3 1000+1000:4 2000+2000:3");
    CHECK_STR(SANITISE({ 0, 0x4000, RES }, { 0x1000, 0x1000, ACPI }),
              "0+4000:2");
    CHECK_STR(SANITISE({ 0, 0x4000, NVS }, { 0x1000, 0x1000, RES }),
              "0+1000:4 1000+1000:2 2000+2000:4");
    CHECK_STR(SANITISE({ 0x1000, 0x1000, BAD }, { 0, 0x4000, RES }),
              "0+1000:2 1000+1000:5 2000+2000:2");
    /* Unknown types count as reserved-like, higher number first. */
    CHECK_STR(SANITISE({ 0, 0x2000, 12 }, { 0x1000, 0x2000, 7 }, { 0, 0x4000, RAM }),
              "0+2000:12 2000+1000:7 3000+1000:1");
}

TEST(ram_trimmed_to_pages)
{
    CHECK_STR(SANITISE({ 0, 0x9fc00, RAM }, { 0x9fc00, 0x400, RES },
                       { 0x100800, 0x2000, RAM }),
              "0+9f000:1 9fc00+400:2 101000+1000:1");
    /* RAM split by a reserved hole is trimmed on both sides of it. */
    CHECK_STR(SANITISE({ 0, 0x10000, RAM }, { 0x4100, 0x100, RES }),
              "0+4000:1 4100+100:2 5000+b000:1");
    /* Less than a page of RAM is no RAM at all; reserved keeps bytes. */
    CHECK_STR(SANITISE({ 0x1100, 0x800, RAM }, { 0x2010, 0x10, RES }),
              "2010+10:2");
}

TEST(end_clipped_to_address_limit)
{
    CHECK_STR(SANITISE({ 0x100000, ~0ULL, RAM }),
              "100000+ffffffff00000:1");
    CHECK_STR(SANITISE({ ~0ULL - 0xfff, 0x1000, RAM }, { 1ULL << 52, 0x1000, RES },
                       { 0x1000, 0x1000, RAM }),
              "1000+1000:1");
}

TEST(more_entries_than_e820max)
{
    enum { N = 3 * E820MAX };
    static struct e820entry in[N], out[E820MAX];
    unsigned int i, n;

    /* Disjoint, alternating, in descending order. */
    for ( i = 0; i < N; i++ )
    {
        in[i].addr = (uint64_t)(N - 1 - i) * 0x2000;
        in[i].size = 0x1000;
        in[i].type = (i & 1) ? RES : RAM;
    }
    n = e820_sanitise(in, N, out, E820MAX);
    CHECK_EQ(n, N);
    for ( i = 0; i < E820MAX; i++ )
    {
        CHECK_EQ(out[i].addr, (uint64_t)i * 0x2000);
        CHECK_EQ(out[i].size, 0x1000);
    }
    /* With everything touching and one type, they merge into one. */
    for ( i = 0; i < N; i++ )
    {
        in[i].addr = (uint64_t)(N - 1 - i) * 0x1000;
        in[i].type = RAM;
    }
    n = e820_sanitise(in, N, out, E820MAX);
    CHECK_EQ(n, 1);
    CHECK_EQ(out[0].addr, 0);
    CHECK_EQ(out[0].size, (uint64_t)N * 0x1000);
}

TEST(truncation_counts_but_does_not_write)
{
    const struct e820entry in[] = {
        { 0x3000, 0x1000, RAM }, { 0x1000, 0x1000, RAM }, { 0x5000, 0x1000, RAM },
    };
    struct e820entry out[3] = { { 0 }, { 0 }, { 0xdead, 0xbeef, 99 } };

    CHECK_EQ(e820_sanitise(in, 3, out, 2), 3);
    CHECK_STR(show(out, 2), "1000+1000:1 3000+1000:1");
    CHECK_EQ(out[2].addr, 0xdead);
}

TEST(meminfo_fallback)
{
    struct e820entry out[2];

    CHECK_EQ(e820_from_meminfo(639, 127 * 1024, out), 2);
    CHECK_STR(show(out, 2), "0+9fc00:1 100000+7f00000:1");
    /* More than 640 KiB of conventional memory is a loader bug. */
    CHECK_EQ(e820_from_meminfo(4096, 0, out), 1);
    CHECK_STR(show(out, 1), "0+a0000:1");
    CHECK_EQ(e820_from_meminfo(0, 0, out), 0);
    CHECK_EQ(e820_from_meminfo(0, ~0ULL, out), 1);
    CHECK_EQ(out[0].addr + out[0].size, E820_ADDR_LIMIT);
}

TEST(init_uses_fallback_without_map)
{
    static struct boot_info bi;

    bi.mem_lower_kb = 639;
    bi.mem_upper_kb = 64 * 1024;
    e820_init(&bi);
    CHECK_STR(show(e820, e820_nr), "0+9f000:1 100000+4000000:1");
    CHECK_LOG("mem_lower/mem_upper");
}

TEST(init_prefers_map_and_prints_like_xen)
{
    static struct boot_info bi;

    bi.mem_lower_kb = 639;
    bi.mem_upper_kb = 64 * 1024;
    bi.nr_e820 = 3;
    bi.e820[0] = (struct e820entry){ 0x100000, 0x100000, RAM };
    bi.e820[1] = (struct e820entry){ 0, 0x9fc00, RAM };
    bi.e820[2] = (struct e820entry){ 0xfffc0000, 0x40000, 20 };
    e820_init(&bi);
    CHECK_EQ(e820_nr, 3);
    CHECK_LOG(" [0000000000000000, 000000000009efff] (usable)\n"
              " [0000000000100000, 00000000001fffff] (usable)\n"
              " [00000000fffc0000, 00000000ffffffff] (type 20)\n");
}

TEST(print_names_types)
{
    const struct e820entry map[] = {
        { 0x1000, 0x1000, RES }, { 0x2000, 0x1000, ACPI }, { 0x3000, 0x1000, NVS },
        { 0x4000, 0x1000, BAD },
    };

    e820_print(map, ARRAY_SIZE(map));
    CHECK_STR(harness_log(),
              " [0000000000001000, 0000000000001fff] (reserved)\n"
              " [0000000000002000, 0000000000002fff] (ACPI data)\n"
              " [0000000000003000, 0000000000003fff] (ACPI NVS)\n"
              " [0000000000004000, 0000000000004fff] (unusable)\n");
}

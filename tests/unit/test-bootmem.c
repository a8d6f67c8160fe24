/* SOURCES: common/bootmem.c common/string.c */
/*
 * common/bootmem.c.  The free list is read back through bootmem_handoff(),
 * which closes the allocator, so each look is the end of a scenario.
 */
#include "harness.h"
#include <xen/bootmem.h>

#define KB(x)  ((paddr_t)(x) << 10)
#define MB(x)  ((paddr_t)(x) << 20)

static char shown[16384];
static size_t shown_len;

static void collect(paddr_t s, paddr_t e)
{
    shown_len += snprintf(shown + shown_len, sizeof(shown) - shown_len, "%s%llx-%llx",
                          shown_len ? " " : "", (unsigned long long)s,
                          (unsigned long long)e);
}

/* The free ranges, "start-end ...", closing the allocator. */
static const char *handoff(void)
{
    shown[0] = '\0';
    shown_len = 0;
    bootmem_handoff(collect);
    return shown;
}

TEST(add_rounds_inwards_and_skips_page_0)
{
    bootmem_init();
    CHECK(bootmem_active());
    bootmem_add(0, KB(639));
    bootmem_add(0x100800, 0x103fff);
    bootmem_add(0x200000, 0x200fff);        /* less than a page: nothing */
    CHECK_EQ(bootmem_free_pages(), 158 + 2);
    CHECK_STR(handoff(), "1000-9f000 101000-103000");
    CHECK(!bootmem_active());
}

TEST(add_merges_touching_and_overlapping)
{
    bootmem_init();
    bootmem_add(MB(4), MB(5));
    bootmem_add(MB(1), MB(2));
    bootmem_add(MB(2), MB(3));              /* touches the first */
    bootmem_add(MB(8), MB(9));
    bootmem_add(MB(3) - KB(4), MB(8));      /* bridges 3..8 */
    CHECK_STR(handoff(), "100000-900000");
}

TEST(reserve_rounds_outwards)
{
    bootmem_init();
    bootmem_add(MB(1), MB(2));
    bootmem_reserve(0x100800, 0x100801);
    bootmem_reserve(0x1ff000, 0x1ff001);
    bootmem_reserve(0x150000, 0x150000);    /* empty */
    CHECK_STR(handoff(), "101000-1ff000");
}

TEST(reserve_cases)
{
    bootmem_init();
    bootmem_add(MB(1), MB(2));
    bootmem_add(MB(3), MB(4));
    bootmem_add(MB(5), MB(6));
    bootmem_add(MB(7), MB(8));
    bootmem_reserve(MB(1), MB(1) + KB(8));          /* head */
    bootmem_reserve(MB(4) - KB(4), MB(4));          /* tail */
    bootmem_reserve(MB(5) + KB(64), MB(5) + KB(68)); /* middle: split */
    bootmem_reserve(MB(6), MB(7));                  /* gap: nothing */
    bootmem_reserve(MB(2) - KB(4), MB(3) + KB(4));  /* spans two */
    bootmem_reserve(MB(7) - 1, MB(8) + 1);          /* swallows one */
    CHECK_STR(handoff(), "102000-1ff000 301000-3ff000 500000-510000 511000-600000");
}

TEST(reserve_to_end_of_address_space)
{
    bootmem_init();
    bootmem_add(MB(1), MB(4));
    bootmem_reserve(MB(2), ~(paddr_t)0);
    CHECK_STR(handoff(), "100000-200000");
}

TEST(alloc_takes_highest_fit)
{
    paddr_t a, b, c;

    bootmem_init();
    bootmem_add(MB(1), MB(2));
    bootmem_add(MB(16), MB(17));
    a = bootmem_alloc(1, 1, ~(paddr_t)0);
    CHECK_EQ(a, MB(17) - KB(4));
    b = bootmem_alloc(2, 1, MB(16) + KB(8));
    CHECK_EQ(b, MB(16));
    /* Below limit there is only the low range. */
    c = bootmem_alloc(1, 1, MB(16));
    CHECK_EQ(c, MB(2) - KB(4));
    CHECK_STR(handoff(), "100000-1ff000 1002000-10ff000");
}

TEST(alloc_alignment)
{
    paddr_t a;

    bootmem_init();
    bootmem_add(MB(1), MB(7) + KB(12));
    a = bootmem_alloc(512, 512, ~(paddr_t)0);
    CHECK_EQ(a, MB(4));
    CHECK_EQ(a & (MB(2) - 1), 0);
    a = bootmem_alloc(16, 16, ~(paddr_t)0);
    CHECK_EQ(a, MB(7) - KB(64));
    CHECK_STR(handoff(), "100000-400000 600000-6f0000 700000-703000");
}

TEST(alloc_failure_returns_0)
{
    bootmem_init();
    CHECK_EQ(bootmem_alloc(1, 1, ~(paddr_t)0), 0);
    bootmem_add(MB(1) + KB(4), MB(1) + KB(20));
    CHECK_EQ(bootmem_alloc(5, 1, ~(paddr_t)0), 0);
    CHECK_EQ(bootmem_alloc(2, 4, ~(paddr_t)0), 0);      /* no 16K-aligned pair */
    CHECK_EQ(bootmem_alloc(1, 1, MB(1) + KB(4)), 0);    /* all above limit */
    CHECK_EQ(bootmem_alloc(~0UL, 1, ~(paddr_t)0), 0);   /* size overflows */
    CHECK_EQ(bootmem_alloc(4, 1, ~(paddr_t)0), MB(1) + KB(4));
    CHECK_EQ(bootmem_alloc(1, 1, ~(paddr_t)0), 0);
    CHECK_EQ(bootmem_free_pages(), 0);
}

/* Allocations never overlap each other nor any reservation. */
TEST(alloc_avoids_reservations_stress)
{
    enum { NRES = 40, NALLOC = 400 };
    paddr_t res[NRES][2], got[NALLOC][2];
    unsigned int i, j, n = 0;
    unsigned long seed = 12345;

    bootmem_init();
    bootmem_add(MB(1), MB(9));
    for ( i = 0; i < NRES; i++ )
    {
        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        res[i][0] = MB(1) + (seed >> 20) % MB(8);
        res[i][1] = res[i][0] + (seed >> 40) % KB(40) + 1;
        bootmem_reserve(res[i][0], res[i][1]);
    }
    for ( i = 0; i < NALLOC; i++ )
    {
        unsigned long nr = 1 + i % 7, align = 1UL << (i % 4);
        paddr_t a = bootmem_alloc(nr, align, ~(paddr_t)0);

        if ( !a )
            continue;
        CHECK_EQ(a & ((align << 12) - 1), 0);
        got[n][0] = a;
        got[n][1] = a + (nr << 12);
        n++;
    }
    CHECK(n > 100);
    for ( i = 0; i < n; i++ )
    {
        CHECK(got[i][0] >= MB(1) && got[i][1] <= MB(9));
        for ( j = 0; j < NRES; j++ )
            CHECK(got[i][1] <= res[j][0] || got[i][0] >= res[j][1]);
        for ( j = 0; j < i; j++ )
            CHECK(got[i][1] <= got[j][0] || got[i][0] >= got[j][1]);
    }
}

/* A full list drops free memory, never a reservation. */
TEST(full_list_loses_memory_not_reservations)
{
    unsigned int i;
    paddr_t a;

    bootmem_init();
    for ( i = 0; i < BOOTMEM_MAX_RANGES + 10; i++ )
        bootmem_add(MB(1) + (paddr_t)i * KB(8), MB(1) + (paddr_t)i * KB(8) + KB(4));
    CHECK_LOG("free ranges");
    CHECK_EQ(bootmem_free_pages(), BOOTMEM_MAX_RANGES);

    /* Make one big range, then split it with the list full. */
    bootmem_init();
    bootmem_add(MB(64), MB(128));
    for ( i = 1; i < BOOTMEM_MAX_RANGES; i++ )
        bootmem_add(MB(1) + (paddr_t)i * KB(8), MB(1) + (paddr_t)i * KB(8) + KB(4));
    harness_log_clear();
    bootmem_reserve(MB(96), MB(96) + KB(4));
    CHECK_LOG("free ranges");
    /* The part above the reservation is gone; the reservation holds. */
    for ( i = 0; i < 100; i++ )
    {
        a = bootmem_alloc(1, 1, ~(paddr_t)0);
        CHECK(a < MB(96));
    }
}

static void alloc_after_handoff(void)
{
    bootmem_init();
    bootmem_add(MB(1), MB(2));
    handoff();
    bootmem_alloc(1, 1, ~(paddr_t)0);
}

static void alloc_bad_alignment(void)
{
    bootmem_init();
    bootmem_add(MB(1), MB(2));
    bootmem_alloc(1, 3, ~(paddr_t)0);
}

TEST(misuse_panics)
{
    CHECK(harness_panics(alloc_after_handoff));
    CHECK(harness_panics(alloc_bad_alignment));
}

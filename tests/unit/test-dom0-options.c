/* SOURCES: common/dom0_options.c common/string.c common/vsprintf.c */
/* dom0_mem= / dom0_max_vcpus= syntax and the resulting sizes. */
#include "harness.h"
#include <xen/errno.h>
#include <xen/dom0_options.h>

#define MiB_PAGES(n) ((uint64_t)(n) << 8)

TEST(plain_amount)
{
    struct dom0_mem_spec s;

    CHECK_EQ(dom0_mem_parse("512M", &s), 0);
    CHECK(s.amount.set && !s.min.set && !s.max.set);
    CHECK_EQ(dom0_mem_pages(&s, MiB_PAGES(2048)), MiB_PAGES(512));
    /* More than the host has: clamped to what is available. */
    CHECK_EQ(dom0_mem_pages(&s, MiB_PAGES(256)), MiB_PAGES(256));
    /* A bare number is KiB, as in Xen. */
    CHECK_EQ(dom0_mem_parse("524288", &s), 0);
    CHECK_EQ(dom0_mem_pages(&s, MiB_PAGES(2048)), MiB_PAGES(512));
}

TEST(min_max_forms)
{
    struct dom0_mem_spec s;

    CHECK_EQ(dom0_mem_parse("min:256M,max:1G,2G", &s), 0);
    CHECK_EQ(dom0_mem_pages(&s, MiB_PAGES(4096)), MiB_PAGES(1024));
    CHECK_EQ(dom0_mem_parse("min:1G,128M", &s), 0);
    CHECK_EQ(dom0_mem_pages(&s, MiB_PAGES(4096)), MiB_PAGES(1024));
    CHECK_EQ(dom0_mem_parse("max:512M", &s), 0);
    CHECK_EQ(dom0_mem_pages(&s, MiB_PAGES(4096)), MiB_PAGES(512));
    /* Order does not matter. */
    CHECK_EQ(dom0_mem_parse("1G,max:768M", &s), 0);
    CHECK_EQ(dom0_mem_pages(&s, MiB_PAGES(4096)), MiB_PAGES(768));
}

TEST(negative_and_percent)
{
    struct dom0_mem_spec s;

    CHECK_EQ(dom0_mem_parse("-1G", &s), 0);
    CHECK_EQ(dom0_mem_pages(&s, MiB_PAGES(4096)), MiB_PAGES(3072));
    CHECK_EQ(dom0_mem_pages(&s, MiB_PAGES(512)), 0);
    CHECK_EQ(dom0_mem_parse("25%", &s), 0);
    CHECK_EQ(dom0_mem_pages(&s, MiB_PAGES(4096)), MiB_PAGES(1024));
    CHECK_EQ(dom0_mem_parse("-25%", &s), 0);
    CHECK_EQ(dom0_mem_pages(&s, MiB_PAGES(4096)), MiB_PAGES(3072));
}

TEST(default_keeps_a_reserve)
{
    struct dom0_mem_spec s = { };

    /* 1/16th held back, at most 128 MiB. */
    CHECK_EQ(dom0_mem_pages(&s, MiB_PAGES(1024)), MiB_PAGES(960));
    CHECK_EQ(dom0_mem_pages(&s, MiB_PAGES(8192)), MiB_PAGES(8064));
}

TEST(malformed_rejected_and_spec_untouched)
{
    static const char *const bad[] = {
        "", "M", "512X", "min:", "max:abc", "512M,1G", "min:1G,min:2G",
        "101%", "5%%", "-", "1G,", "lots", "0x%",
    };
    struct dom0_mem_spec s;
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(bad); i++ )
    {
        CHECK_EQ(dom0_mem_parse("768M", &s), 0);
        if ( dom0_mem_parse(bad[i], &s) != -EINVAL )
            harness_fail(__FILE__, __LINE__, "'%s' accepted", bad[i]);
        CHECK_EQ(dom0_mem_pages(&s, MiB_PAGES(4096)), MiB_PAGES(768));
    }
}

TEST(vcpus)
{
    struct dom0_vcpus_spec v = { };

    CHECK_EQ(dom0_vcpus_count(&v, 4), 4);
    CHECK_EQ(dom0_vcpus_parse("2", &v), 0);
    CHECK_EQ(dom0_vcpus_count(&v, 4), 2);
    CHECK_EQ(dom0_vcpus_count(&v, 1), 2);
    CHECK_EQ(dom0_vcpus_parse("2-3", &v), 0);
    CHECK_EQ(dom0_vcpus_count(&v, 4), 3);
    CHECK_EQ(dom0_vcpus_count(&v, 1), 2);
    CHECK_EQ(dom0_vcpus_parse("0", &v), -EINVAL);
    CHECK_EQ(dom0_vcpus_parse("3-2", &v), -EINVAL);
    CHECK_EQ(dom0_vcpus_parse("x", &v), -EINVAL);
    CHECK_EQ(dom0_vcpus_parse("1-", &v), -EINVAL);
    CHECK_EQ(dom0_vcpus_parse("100000", &v), -EINVAL);
    CHECK_EQ(v.min, 2);
    CHECK_EQ(v.max, 3);
}

TEST(max_pages)
{
    struct dom0_mem_spec s;

    CHECK_EQ(dom0_mem_parse("512M", &s), 0);
    CHECK_EQ(dom0_mem_max_pages(&s, MiB_PAGES(2048)), DOM0_UNLIMITED_PAGES);
    CHECK_EQ(dom0_mem_parse("512M,max:1G", &s), 0);
    CHECK_EQ(dom0_mem_max_pages(&s, MiB_PAGES(2048)), MiB_PAGES(1024));
    CHECK_EQ(dom0_mem_parse("max:50%", &s), 0);
    CHECK_EQ(dom0_mem_max_pages(&s, MiB_PAGES(2048)), MiB_PAGES(1024));
}

/* SOURCES: arch/x86/pv/iomem.c common/rangeset.c common/string.c */
/*
 * Which machine frames are I/O memory and which of them dom0 may map
 * (pv/iomem.c), over a made-up machine map: RAM never counts as I/O
 * memory, frames only partly RAM do, the LAPIC page and the MSI window
 * are refused, unusable ranges above 1 MiB too, IO-APIC pages are
 * read-only, and a domain without iomem_caps may map nothing.
 */
#include "harness.h"
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/acpi.h>
#include <asm/e820.h>
#include <asm/pv.h>

struct e820entry e820[E820MAX];
unsigned int e820_nr;
paddr_t acpi_lapic_addr;
struct acpi_ioapic acpi_ioapics[MAX_IOAPICS];
unsigned int acpi_nr_ioapics;

static struct domain dom0, domu;

static void add(uint64_t addr, uint64_t size, uint32_t type)
{
    e820[e820_nr].addr = addr;
    e820[e820_nr].size = size;
    e820[e820_nr].type = type;
    e820_nr++;
}

static void machine(void)
{
    e820_nr = 0;
    add(0, 0x9f000, E820_RAM);                  /* a partial last page is not RAM */
    add(0x9f000, 0x1000, E820_RESERVED);
    add(0xf0000, 0x10000, E820_RESERVED);
    add(0x100000, 0x1ff00000, E820_RAM);        /* 1 MiB .. 512 MiB */
    add(0x20000000, 0x100000, E820_UNUSABLE);
    add(0x80000, 0x1000, E820_UNUSABLE);        /* below 1 MiB: stays */
    acpi_lapic_addr = 0xfee00000;
    acpi_ioapics[0].addr = 0xfec00000;
    acpi_nr_ioapics = 1;
    CHECK_EQ(pv_dom0_iomem_init(&dom0), 0);
}

TEST(ram_is_never_iomem)
{
    machine();
    CHECK(!mfn_is_iomem(0));
    CHECK(!mfn_is_iomem(0x9e));
    CHECK(mfn_is_iomem(0x9f));
    CHECK(mfn_is_iomem(0xa0));                  /* VGA window: in no entry */
    CHECK(!mfn_is_iomem(0x100));
    CHECK(!mfn_is_iomem(0x1ffff));
    CHECK(mfn_is_iomem(0x20000));
    CHECK(mfn_is_iomem(0xfebff));
    CHECK(mfn_is_iomem((1UL << 40) >> 12));     /* far above RAM */
}

TEST(dom0_caps)
{
    machine();
    CHECK(pv_iomem_permitted(&dom0, 0xa0));
    CHECK(pv_iomem_permitted(&dom0, 0xb8));
    CHECK(pv_iomem_permitted(&dom0, 0x80));     /* unusable below 1 MiB */
    CHECK(!pv_iomem_permitted(&dom0, 0x20000)); /* unusable above 1 MiB */
    CHECK(!pv_iomem_permitted(&dom0, 0x200ff));
    CHECK(pv_iomem_permitted(&dom0, 0x20100));
    CHECK(!pv_iomem_permitted(&dom0, 0xfee00)); /* LAPIC */
    CHECK(!pv_iomem_permitted(&dom0, 0xfeeff)); /* MSI window */
    CHECK(pv_iomem_permitted(&dom0, 0xfedff));
    CHECK(pv_iomem_permitted(&dom0, 0xfef00));
    CHECK(pv_iomem_permitted(&dom0, 0xfec00));  /* IO-APIC: read-only */
    CHECK(pv_iomem_readonly(0xfec00));
    CHECK(!pv_iomem_readonly(0xfec01));
    CHECK(!pv_iomem_permitted(&dom0, E820_ADDR_LIMIT >> 12));
    CHECK(pv_iomem_permitted(&dom0, (E820_ADDR_LIMIT >> 12) - 1));
}

TEST(others_map_nothing)
{
    machine();
    CHECK(!pv_iomem_permitted(&domu, 0xa0));
    CHECK(!pv_iomem_permitted(&domu, 0xfebff));
}

/* Every allocation failure: -ENOMEM, no caps, nothing leaked. */
TEST(out_of_memory)
{
    unsigned int n;
    long live;
    int rc;

    machine();
    for ( n = 0; ; n++ )
    {
        struct domain d = { 0 };

        live = harness_live_allocs();
        harness_fail_alloc_after(n);
        rc = pv_dom0_iomem_init(&d);
        harness_fail_alloc_after(-1);
        if ( !rc )
        {
            CHECK(d.arch.iomem_caps);
            break;
        }
        CHECK_EQ(rc, -ENOMEM);
        CHECK(!d.arch.iomem_caps);
        CHECK_EQ(harness_live_allocs(), live);
    }
    CHECK(n > 0);
}

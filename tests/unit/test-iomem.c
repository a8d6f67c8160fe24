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
    add(0, 0x80000, E820_RAM);
    add(0x80000, 0x1000, E820_UNUSABLE);        /* below 1 MiB: stays */
    add(0x81000, 0x1e000, E820_RAM);
    add(0x9f000, 0x1000, E820_RESERVED);
    add(0xf0000, 0x10000, E820_RESERVED);
    add(0x100000, 0x1ff00000, E820_RAM);        /* 1 MiB .. 512 MiB */
    add(0x20000000, 0x100000, E820_UNUSABLE);
    acpi_lapic_addr = 0xfee00000;
    acpi_ioapics[0].addr = 0xfec00000;
    acpi_nr_ioapics = 1;
    CHECK_EQ(pv_dom0_iomem_init(&dom0, 40), 0);
}

TEST(ram_is_never_iomem)
{
    machine();
    CHECK(!mfn_is_iomem(0));
    CHECK(!mfn_is_iomem(0x9e));
    CHECK(mfn_is_iomem(0x80));
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
    CHECK(!pv_iomem_permitted(&dom0, 1UL << (40 - 12)));  /* beyond the CPU's 40 bits */
    CHECK(!pv_iomem_permitted(&dom0, 0xfffffffffUL));
    CHECK(pv_iomem_permitted(&dom0, (1UL << (40 - 12)) - 1));
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
        rc = pv_dom0_iomem_init(&d, 40);
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

static struct e820entry out[32];
static unsigned int nr_out, stop_after = ~0u;

static int collect(const struct e820entry *e, void *arg)
{
    (void)arg;
    if ( nr_out == stop_after )
        return -EINVAL;
    CHECK(nr_out < 32);
    out[nr_out++] = *e;
    return 0;
}

static void check_entry(unsigned int i, uint64_t addr, uint64_t size,
                        uint32_t type)
{
    CHECK_EQ(out[i].addr, addr);
    CHECK_EQ(out[i].size, size);
    CHECK_EQ(out[i].type, type);
}

/* Dom0's map: the E820 map, plus the IO-APIC page and the MSI window. */
TEST(machine_map_dom0)
{
    unsigned int i;

    machine();
    nr_out = 0;
    CHECK_EQ(iomem_machine_map(&dom0, collect, NULL), 0);
    CHECK_EQ(nr_out, e820_nr + 2);
    for ( i = 0; i < e820_nr; i++ )
        check_entry(i, e820[i].addr, e820[i].size, e820[i].type);
    check_entry(e820_nr, 0xfec00000, 0x1000, E820_RESERVED);
    check_entry(e820_nr + 1, 0xfee00000, 0x100000, E820_RESERVED);
}

/* Two IO-APICs, one right after the other: one reserved entry. */
TEST(machine_map_adjacent_ioapics)
{
    machine();
    acpi_ioapics[1].addr = 0xfec01000;
    acpi_nr_ioapics = 2;
    nr_out = 0;
    CHECK_EQ(iomem_machine_map(&dom0, collect, NULL), 0);
    CHECK_EQ(nr_out, e820_nr + 2);
    check_entry(e820_nr, 0xfec00000, 0x2000, E820_RESERVED);
}

/* A domain without I/O memory: every hole is reserved. */
TEST(machine_map_no_caps)
{
    machine();
    nr_out = 0;
    CHECK_EQ(iomem_machine_map(&domu, collect, NULL), 0);
    CHECK_EQ(nr_out, e820_nr + 2);
    check_entry(4, 0xa0000, 0x50000, E820_RESERVED);
    check_entry(5, 0xf0000, 0x10000, E820_RESERVED);
    check_entry(nr_out - 1, 0x20100000, E820_ADDR_LIMIT - 0x20100000, E820_RESERVED);
}

/* The consumer's error stops the walk and comes back. */
TEST(machine_map_stops)
{
    machine();
    nr_out = 0;
    stop_after = 3;
    CHECK_EQ(iomem_machine_map(&dom0, collect, NULL), -EINVAL);
    CHECK_EQ(nr_out, 3);
    nr_out = 0;
    stop_after = e820_nr + 1;
    CHECK_EQ(iomem_machine_map(&dom0, collect, NULL), -EINVAL);
    CHECK_EQ(nr_out, e820_nr + 1);
}

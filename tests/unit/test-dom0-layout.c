/* SOURCES: arch/x86/pv/dom0_layout.c common/string.c */
/* dom0's initial virtual layout: Xen's rules (public/xen.h start_info comment). */
#include "harness.h"
#include <xen/errno.h>
#include "../../arch/x86/pv/dom0_layout.h"

#define KB(x)       ((unsigned long)(x) << 10)
#define MB(x)       ((unsigned long)(x) << 20)
#define LINUX_BASE  0xffffffff80000000UL
#define SI_SIZE     (1168 + 40)     /* start_info + dom0_vga_console_info */

TEST(small_kernel_no_initrd)
{
    struct dom0_layout l;

    CHECK_EQ(dom0_layout(&l, LINUX_BASE, LINUX_BASE, LINUX_BASE + 0x4018, 0,
                         false, 8192), 0);
    CHECK_EQ(l.v_start, LINUX_BASE);
    CHECK_EQ(l.vinitrd_start, 0);
    CHECK_EQ(l.vinitrd_end, 0);
    CHECK_EQ(l.vphysmap_start, LINUX_BASE + 0x5000);
    CHECK_EQ(l.vphysmap_end, LINUX_BASE + 0x5000 + 8192 * 8);
    CHECK_EQ(l.vstartinfo_start, LINUX_BASE + 0x15000);
    CHECK_EQ(l.vstartinfo_end, LINUX_BASE + 0x15000 + SI_SIZE);
    CHECK_EQ(l.vpt_start, LINUX_BASE + 0x16000);
    /* L4, L3, L2 and two L1s for the 4 MiB region. */
    CHECK_EQ(l.nr_pt_pages, 5);
    CHECK_EQ(l.vpt_end, l.vpt_start + 5 * 4096);
    CHECK_EQ(l.vstack_start, l.vpt_end);
    CHECK_EQ(l.vstack_end, l.vstack_start + 4096);
    CHECK_EQ(l.v_end, LINUX_BASE + MB(4));
    CHECK_EQ(dom0_region_pages(&l), 1024);
}

TEST(padding_at_least_512k)
{
    struct dom0_layout l;
    /*
     * P2M (8 KiB), start_info (4), tables (7 pages for 8 MiB) and stack (4)
     * after a kernel ending 540 KiB below 4 MiB leave 492 KiB < 512 KiB:
     * the region grows by 4 MiB.
     */
    unsigned long kend = LINUX_BASE + MB(4) - KB(540);

    CHECK_EQ(dom0_layout(&l, LINUX_BASE, LINUX_BASE, kend, 0, false, 1024), 0);
    CHECK(l.v_end - l.vstack_end >= KB(512));
    CHECK_EQ(l.v_end % MB(4), 0);
    CHECK_EQ(l.v_end, LINUX_BASE + MB(8));
    /* Tables for 8 MiB: L4, L3, L2, 4 L1s. */
    CHECK_EQ(l.nr_pt_pages, 7);
}

TEST(initrd_and_order)
{
    struct dom0_layout l;

    CHECK_EQ(dom0_layout(&l, 0x400000, 0x400000, 0x1234567, MB(3) + 5, false,
                         65536), 0);
    CHECK_EQ(l.vinitrd_start, 0x1235000);
    CHECK_EQ(l.vinitrd_end, 0x1235000 + MB(3) + 5);
    CHECK_EQ(l.vphysmap_start, (l.vinitrd_end + 4095) & ~4095UL);
    CHECK_EQ(l.vphysmap_end, l.vphysmap_start + 65536 * 8);
    CHECK(l.vstartinfo_start >= l.vphysmap_end);
    CHECK(l.vpt_start >= l.vstartinfo_end);
    /* Every piece in order, page aligned. */
    CHECK_EQ(l.vstartinfo_start % 4096, 0);
    CHECK_EQ(l.vpt_start % 4096, 0);
    CHECK(l.v_end >= l.vstack_end + KB(512));
}

TEST(unmapped_initrd_is_left_out)
{
    struct dom0_layout l;

    CHECK_EQ(dom0_layout(&l, LINUX_BASE, LINUX_BASE, LINUX_BASE + 0x1000,
                         MB(8), true, 4096), 0);
    CHECK_EQ(l.vinitrd_start, 0);
    CHECK_EQ(l.vphysmap_start, LINUX_BASE + 0x1000);
}

TEST(table_count_grows_with_the_region)
{
    struct dom0_layout l;
    unsigned long n = 1UL << 20;    /* 4 GiB of P2M entries: 8 MiB of P2M */

    CHECK_EQ(dom0_layout(&l, LINUX_BASE, LINUX_BASE, LINUX_BASE + MB(30), 0,
                         false, n), 0);
    /* The tables must map the whole region, themselves included. */
    CHECK(1 + 1 + 1 + (dom0_region_pages(&l) + 511) / 512 <= l.nr_pt_pages);
    CHECK(l.v_end - l.vstack_end >= KB(512));
}

TEST(hypervisor_hole_and_canonical)
{
    struct dom0_layout l;

    /* Inside the hypervisor's range. */
    CHECK_EQ(dom0_layout(&l, 0xffff800000000000UL, 0xffff800000000000UL,
                         0xffff800000100000UL, 0, false, 1024), -EINVAL);
    CHECK_EQ(dom0_layout(&l, 0xffff87ffffe00000UL, 0xffff87ffffe00000UL,
                         0xffff87ffffe01000UL, 0, false, 1024), -EINVAL);
    /* Running off the top of the lower half into the non-canonical hole. */
    CHECK_EQ(dom0_layout(&l, 0x00007fffffc00000UL, 0x00007fffffc00000UL,
                         0x00007fffffc00000UL + MB(4) - KB(100), 0, false, 1024),
             -EINVAL);
    /* ... but ending exactly at its top is fine. */
    CHECK_EQ(dom0_layout(&l, 0x00007fffffc00000UL, 0x00007fffffc00000UL,
                         0x00007fffffc01000UL, 0, false, 1024), 0);
    CHECK_EQ(l.v_end, 0x0000800000000000UL);
    /* Wrapping past 2^64. */
    CHECK_EQ(dom0_layout(&l, 0xfffffffffff00000UL, 0xfffffffffff00000UL,
                         0xfffffffffff01000UL, 0, false, 1024), -EINVAL);
    /* Just above the hole is fine. */
    CHECK_EQ(dom0_layout(&l, 0xffff880000000000UL, 0xffff880000000000UL,
                         0xffff880000001000UL, 0, false, 1024), 0);
    /* A kernel below VIRT_BASE. */
    CHECK_EQ(dom0_layout(&l, LINUX_BASE + MB(2), LINUX_BASE, LINUX_BASE + MB(3),
                         0, false, 1024), -EINVAL);
}

/*
 * 32-bit PAE guests: 4-byte P2M entries; an L3, the L2s of the region
 * plus the one for L3 slot 3 (always present), and the L1s; nothing may
 * reach the hypervisor's hole at 0xf5800000.
 */
TEST(compat_pae_layout)
{
    struct dom0_layout l;

    CHECK_EQ(dom0_layout_compat(&l, 0x400000, 0x400000, 0x400000 + 0x4018, 0,
                                false, 8192), 0);
    CHECK_EQ(l.vphysmap_start, 0x405000);
    CHECK_EQ(l.vphysmap_end, 0x405000 + 8192 * 4);
    CHECK_EQ(l.vstartinfo_start, 0x40d000);
    /* L3, the L2 for slot 0, the L2 for slot 3, two L1s for 4..8 MiB. */
    CHECK_EQ(l.nr_pt_pages, 5);
    CHECK_EQ(l.v_end, MB(8));

    /* A region inside slot 3 needs no extra L2. */
    CHECK_EQ(dom0_layout_compat(&l, 0xc0000000UL, 0xc0000000UL,
                                0xc0000000UL + 0x4018, 0, false, 8192), 0);
    CHECK_EQ(l.nr_pt_pages, 4);             /* L3, L2, two L1s */

    /* Up to the hole, not into it. */
    CHECK_EQ(dom0_layout_compat(&l, 0xf5000000UL, 0xf5000000UL,
                                0xf5000000UL + MB(5), 0, false, 1024), 0);
    CHECK(l.v_end <= 0xf5800000UL);
    CHECK_EQ(dom0_layout_compat(&l, 0xf5000000UL, 0xf5000000UL,
                                0xf5000000UL + MB(8), 0, false, 1024), -EINVAL);
}

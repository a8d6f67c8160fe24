/*
 * dom0's initial virtual layout (pv/dom0_layout.h).  Pure arithmetic, so
 * the host unit tests run it.
 *
 * The number of page-table frames depends on the size of the region, and
 * the region contains those frames: like Xen, try 2, 3, ... frames until
 * the tables for the region they give fit.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <asm/config.h>
#include <public/xen.h>
#include "dom0_layout.h"

#define MB(x)           ((unsigned long)(x) << 20)
#define ROUND_PG(x)     ROUNDUP((unsigned long)(x), PAGE_SIZE)
/* Tables of level with 'shift' (entry span) needed to cover [lo, hi). */
#define NR_TABLES(lo, hi, shift) \
    ((ROUNDUP((hi), 1UL << (shift)) - ROUNDDOWN((lo), 1UL << (shift))) >> (shift))

static bool canonical_region(unsigned long s, unsigned long e)
{
    const unsigned long low_end = 1UL << 47;

    if ( e < s )
        return false;
    if ( s < low_end )
        return e <= low_end;
    /* The upper half up to HYPERVISOR_VIRT_END is the hypervisor's. */
    return s >= HYPERVISOR_VIRT_END;
}

/*
 * 32-bit PAE guests: 4-byte P2M entries; one L3 (the top level: the
 * vCPU's L4 is the hypervisor's own), the L2s of the region plus the one
 * for L3 slot 3, which must always be present, and the L1s; the region
 * ends below the hypervisor's hole (HYPERVISOR_COMPAT_VIRT_START).
 */
#define COMPAT_HOLE_START   0xf5800000UL
#define PAE_SLOT3_START     0xc0000000UL

static unsigned long nr_pt_pages_for(const struct dom0_layout *l, bool compat)
{
    if ( compat )
        return 1 + NR_TABLES(l->v_start, l->v_end, 30) +
               (l->v_end <= PAE_SLOT3_START) + NR_TABLES(l->v_start, l->v_end, 21);
    return 1 + NR_TABLES(l->v_start, l->v_end, 39) +
           NR_TABLES(l->v_start, l->v_end, 30) +
           NR_TABLES(l->v_start, l->v_end, 21);
}

static int layout(struct dom0_layout *l, unsigned long virt_base,
                  unsigned long kstart, unsigned long kend,
                  unsigned long initrd_len, bool unmapped_initrd,
                  unsigned long nr_pages, bool compat)
{
    unsigned long n;

    memset(l, 0, sizeof(*l));
    l->v_start = virt_base;
    l->vkern_start = kstart;
    l->vkern_end = kend;
    if ( unmapped_initrd || !initrd_len )
        l->vphysmap_start = ROUND_PG(kend);
    else
    {
        l->vinitrd_start = ROUND_PG(kend);
        l->vinitrd_end = l->vinitrd_start + initrd_len;
        l->vphysmap_start = ROUND_PG(l->vinitrd_end);
    }
    l->vphysmap_end = l->vphysmap_start +
                      nr_pages * (compat ? sizeof(uint32_t) : sizeof(unsigned long));
    l->vstartinfo_start = ROUND_PG(l->vphysmap_end);
    l->vstartinfo_end = l->vstartinfo_start + sizeof(struct start_info) +
                        sizeof(struct dom0_vga_console_info);
    l->vpt_start = ROUND_PG(l->vstartinfo_end);

    for ( n = 2; ; n++ )
    {
        l->vpt_end = l->vpt_start + n * PAGE_SIZE;
        l->vstack_start = l->vpt_end;
        l->vstack_end = l->vstack_start + PAGE_SIZE;
        l->v_end = ROUNDUP(l->vstack_end, MB(4));
        if ( l->v_end - l->vstack_end < 512 * 1024 )
            l->v_end += MB(4);
        if ( l->v_end < l->vstack_end || l->vstack_end < l->v_start )
            return -EINVAL;                 /* wrapped */
        if ( compat && l->v_end > COMPAT_HOLE_START )
            return -EINVAL;                 /* reaches the hypervisor's hole */
        if ( nr_pt_pages_for(l, compat) <= n )
            break;
    }
    l->nr_pt_pages = n;

    if ( kstart < virt_base || kend < kstart ||
         !canonical_region(l->v_start, l->v_end) )
        return -EINVAL;
    return 0;
}

int dom0_layout(struct dom0_layout *l, unsigned long virt_base,
                unsigned long kstart, unsigned long kend,
                unsigned long initrd_len, bool unmapped_initrd,
                unsigned long nr_pages)
{
    return layout(l, virt_base, kstart, kend, initrd_len, unmapped_initrd,
                  nr_pages, false);
}

int dom0_layout_compat(struct dom0_layout *l, unsigned long virt_base,
                       unsigned long kstart, unsigned long kend,
                       unsigned long initrd_len, bool unmapped_initrd,
                       unsigned long nr_pages)
{
    return layout(l, virt_base, kstart, kend, initrd_len, unmapped_initrd,
                  nr_pages, true);
}

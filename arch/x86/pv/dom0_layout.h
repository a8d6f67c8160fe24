#ifndef ARCH_X86_PV_DOM0_LAYOUT_H
#define ARCH_X86_PV_DOM0_LAYOUT_H

/*
 * The initial virtual layout of a 64-bit PV dom0 (pv/dom0_layout.c), as
 * public/xen.h's start_info comment describes it and Xen's builder makes
 * it.  All *_start are page aligned; v_start is the kernel's VIRT_BASE
 * and v_end a 4 MiB boundary with at least 512 KiB of padding after the
 * boot stack.  Pseudo-physical frame n is mapped at v_start + n pages.
 */
#include <xen/types.h>

struct dom0_layout {
    unsigned long v_start, v_end;
    unsigned long vkern_start, vkern_end;
    unsigned long vinitrd_start, vinitrd_end;   /* both 0: no initrd mapped */
    unsigned long vphysmap_start, vphysmap_end;
    unsigned long vstartinfo_start, vstartinfo_end;
    unsigned long vpt_start, vpt_end;
    unsigned long nr_pt_pages;
    unsigned long vstack_start, vstack_end;
};

/*
 * Lay out a kernel at [kstart, kend) with VIRT_BASE virt_base, an initrd
 * of initrd_len bytes (mapped unless unmapped_initrd) and a P2M for
 * nr_pages frames.  0, or -EINVAL if the region wraps, is not canonical
 * or meets the hypervisor's range.
 */
int dom0_layout(struct dom0_layout *l, unsigned long virt_base,
                unsigned long kstart, unsigned long kend,
                unsigned long initrd_len, bool unmapped_initrd,
                unsigned long nr_pages);

/*
 * The same for a 32-bit PAE guest: 4-byte P2M entries, PAE page tables
 * (an L3 first), and the region below the hypervisor's hole at
 * 0xf5800000, else -EINVAL.
 */
int dom0_layout_compat(struct dom0_layout *l, unsigned long virt_base,
                       unsigned long kstart, unsigned long kend,
                       unsigned long initrd_len, bool unmapped_initrd,
                       unsigned long nr_pages);

/* Frames the region [v_start, v_end) spans. */
static inline unsigned long dom0_region_pages(const struct dom0_layout *l)
{
    return (l->v_end - l->v_start) >> 12;
}

#endif

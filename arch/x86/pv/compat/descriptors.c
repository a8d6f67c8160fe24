/*
 * Code and data descriptors of 32-bit PV guests (set_gdt, update_descriptor,
 * LDT frames: the shared checks are pv/descriptor-tables.c's), with Xen's
 * rules:
 *   - a 64-bit code segment (L set) is refused: the guest runs in
 *     compatibility mode and must stay there;
 *   - a segment with base 0 whose limit reaches past the start of the
 *     hypervisor's hole (older PAE kernels stop theirs at the end of the
 *     16 MiB M2P, 0xF6800000) is extended to the whole 4 GiB; the hole's
 *     pages are protected by their mappings, not by segment limits.
 * Base and limit are otherwise the guest's business.
 */
#include <xen/lib.h>
#include <asm/pv-compat.h>

#define DESC_L          (1U << 21)      /* of the high word */
#define DESC_G          (1U << 23)

bool compat_check_segment(uint32_t *a, uint32_t *b)
{
    unsigned long base, limit;

    if ( *b & DESC_L )
        return false;
    base = (*b & 0xff000000U) | ((*b & 0xff) << 16) | (*a >> 16);
    limit = ((*b & 0xf0000U) | (*a & 0xffff)) + 1UL;    /* inclusive */
    if ( *b & DESC_G )
        limit <<= 12;
    if ( base == 0 && limit > HYPERVISOR_COMPAT_VIRT_START )
    {
        *a |= 0xffff;
        *b |= 0xf0000;
    }
    return true;
}

/*
 * Copying a kernel's loadable segments into guest memory (interface in
 * xen/libelf.h).  elf_init() has checked each segment's file bytes and
 * sizes, so only the destination can fail here.
 */
#include <xen/errno.h>
#include "private.h"

/*
 * Write len bytes at guest address va: copies of src, or zeros if src is
 * NULL.  map() may hand out the destination in pieces (a page at a time).
 */
static int fill(elf_map_fn *map, void *opaque, unsigned int seg, uint64_t va,
                const uint8_t *src, uint64_t len)
{
    uint64_t n;
    uint8_t *dst;

    while ( len )
    {
        n = len;
        dst = map(opaque, va, &n);
        /* A piece of 0 bytes would never finish; more than asked is a map() bug. */
        if ( !dst || n == 0 || n > len )
        {
            elf_err("segment %u: guest address %#lx cannot be written", seg, va);
            return -EFAULT;
        }
        if ( src )
        {
            memcpy(dst, src, n);
            src += n;
        }
        else
            memset(dst, 0, n);
        va += n;
        len -= n;
    }
    return 0;
}

int elf_load(const struct elf_binary *elf, const struct elf_dom_parms *parms,
             elf_map_fn *map, void *opaque)
{
    struct elf_segment seg;
    unsigned int i;
    uint64_t va;
    int rc;

    for ( i = 0; elf_next_load(elf, &i, &seg); i++ )
    {
        va = seg.paddr + parms->virt_offset;
        /* With p_filesz 0, p_offset is unchecked: form no pointer from it. */
        if ( (rc = fill(map, opaque, i, va,
                        seg.filesz ? elf->image + seg.offset : NULL,
                        seg.filesz)) != 0 ||
             (rc = fill(map, opaque, i, va + seg.filesz, NULL,
                        seg.memsz - seg.filesz)) != 0 )
            return rc;
    }
    return 0;
}

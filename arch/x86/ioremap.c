/*
 * ioremap(): uncached mappings of device memory in VMAP_VIRT_START ..
 * VMAP_VIRT_END.  Virtual space is handed out upwards and never reused
 * (there is no iounmap yet); an unmapped guard page follows every mapping
 * so that running off its end faults.  Fresh virtual addresses mean that
 * no other CPU can hold a stale translation for them: no TLB shootdown.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>
#include <asm/page.h>

static unsigned long vmap_next = VMAP_VIRT_START;
static DEFINE_SPINLOCK(vmap_lock);

void *ioremap(paddr_t pa, size_t len)
{
    paddr_t first;
    unsigned long nr, va;

    if ( len == 0 || pa >= (1UL << PADDR_BITS) || len > (1UL << PADDR_BITS) - pa )
        return NULL;
    first = ROUNDDOWN(pa, PAGE_SIZE);
    nr = (ROUNDUP(pa + len, PAGE_SIZE) - first) >> PAGE_SHIFT;

    spin_lock(&vmap_lock);
    if ( nr >= (VMAP_VIRT_END - vmap_next) >> PAGE_SHIFT )
    {
        spin_unlock(&vmap_lock);
        printk(XENLOG_WARNING "ioremap: no virtual space left for %#lx+%#lx\n",
               (unsigned long)pa, (unsigned long)len);
        return NULL;
    }
    va = vmap_next;
    vmap_next += (nr + 1) << PAGE_SHIFT;
    spin_unlock(&vmap_lock);

    if ( map_pages_to_xen(va, first >> PAGE_SHIFT, nr, PAGE_HYPERVISOR_UC) )
        return NULL;
    return (void *)(va + (pa & ~PAGE_MASK));
}

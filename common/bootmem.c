/*
 * Boot allocator: a sorted array of free page ranges.  Pure logic (no
 * hardware access), so tests/unit compiles it on the host.
 *
 * Invariants of ranges[0 .. nr_ranges): every range is page-aligned and
 * non-empty, ranges are sorted and neither overlap nor touch (touching
 * ranges are merged), and page 0 is in none of them.
 */
#include <xen/lib.h>
#include <xen/bootmem.h>
#include <asm/config.h>

struct range {
    paddr_t start, end;
};

static struct range ranges[BOOTMEM_MAX_RANGES];
static unsigned int nr_ranges;
static bool active;

void bootmem_init(void)
{
    nr_ranges = 0;
    active = true;
}

bool bootmem_active(void)
{
    return active;
}

static bool insert_at(unsigned int i, paddr_t start, paddr_t end)
{
    if ( nr_ranges == BOOTMEM_MAX_RANGES )
    {
        printk(XENLOG_WARNING "bootmem: more than %u free ranges, %#lx-%#lx not used\n",
               BOOTMEM_MAX_RANGES, (unsigned long)start, (unsigned long)end);
        return false;
    }
    memmove(&ranges[i + 1], &ranges[i], (nr_ranges - i) * sizeof(*ranges));
    ranges[i].start = start;
    ranges[i].end = end;
    nr_ranges++;
    return true;
}

static void remove_at(unsigned int i)
{
    nr_ranges--;
    memmove(&ranges[i], &ranges[i + 1], (nr_ranges - i) * sizeof(*ranges));
}

void bootmem_add(paddr_t start, paddr_t end)
{
    unsigned int i;

    BUG_ON(!active);
    /* Checked before rounding start up, so that rounding cannot wrap. */
    end = ROUNDDOWN(end, PAGE_SIZE);
    if ( start >= end )
        return;
    start = max(ROUNDUP(start, PAGE_SIZE), (paddr_t)PAGE_SIZE);
    if ( start >= end )
        return;

    /* Absorb every range overlapping or touching [start, end). */
    for ( i = 0; i < nr_ranges && ranges[i].end < start; i++ )
        ;
    while ( i < nr_ranges && ranges[i].start <= end )
    {
        start = min(start, ranges[i].start);
        end = max(end, ranges[i].end);
        remove_at(i);
    }
    insert_at(i, start, end);
}

void bootmem_reserve(paddr_t start, paddr_t end)
{
    unsigned int i = 0;

    BUG_ON(!active);
    if ( start >= end )
        return;
    start = ROUNDDOWN(start, PAGE_SIZE);
    /* No range ends above PAGE_MASK, so clamping there reserves as much. */
    end = end > PAGE_MASK ? PAGE_MASK : ROUNDUP(end, PAGE_SIZE);

    while ( i < nr_ranges && ranges[i].start < end )
    {
        struct range *r = &ranges[i];

        if ( r->end <= start )
            i++;
        else if ( r->start < start && r->end > end )
        {
            /* Split; if the list is full the upper part is simply lost. */
            insert_at(i + 1, end, r->end);
            r->end = start;
            return;
        }
        else if ( r->start < start )
        {
            r->end = start;
            i++;
        }
        else if ( r->end > end )
        {
            r->start = end;
            return;
        }
        else
            remove_at(i);
    }
}

paddr_t bootmem_alloc(unsigned long nr_pages, unsigned long align_pages,
                      paddr_t limit)
{
    paddr_t size, align;
    unsigned int i;

    BUG_ON(!active);
    BUG_ON(nr_pages == 0 || align_pages == 0 || (align_pages & (align_pages - 1)));
    if ( nr_pages > (PAGE_MASK >> PAGE_SHIFT) || align_pages > (PAGE_MASK >> PAGE_SHIFT) )
        return 0;
    size = (paddr_t)nr_pages << PAGE_SHIFT;
    align = (paddr_t)align_pages << PAGE_SHIFT;
    limit = ROUNDDOWN(limit, PAGE_SIZE);

    for ( i = nr_ranges; i-- > 0; )
    {
        paddr_t top = min(ranges[i].end, limit), addr;

        if ( top < size || top - size < ranges[i].start )
            continue;
        addr = ROUNDDOWN(top - size, align);
        if ( addr < ranges[i].start )
            continue;
        bootmem_reserve(addr, addr + size);
        return addr;
    }
    return 0;
}

unsigned long bootmem_free_pages(void)
{
    unsigned long pages = 0;
    unsigned int i;

    for ( i = 0; i < nr_ranges; i++ )
        pages += (ranges[i].end - ranges[i].start) >> PAGE_SHIFT;
    return pages;
}

void bootmem_handoff(void (*fn)(paddr_t start, paddr_t end))
{
    unsigned int i;

    BUG_ON(!active);
    active = false;
    for ( i = 0; i < nr_ranges; i++ )
        fn(ranges[i].start, ranges[i].end);
    nr_ranges = 0;
}

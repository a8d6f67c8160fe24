/*
 * Sanitising the loader's memory map.  Pure logic over arrays (printk
 * aside), so tests/unit compiles it on the host.
 *
 * The map is rebuilt by sweeping the address space from boundary to
 * boundary: between two consecutive entry starts or ends the covering
 * entries do not change, so one type describes the whole stretch.  This is
 * quadratic in the number of entries, which loaders keep in the hundreds,
 * and needs no scratch memory and no sort.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <asm/config.h>
#include <asm/e820.h>

#define LOW_1MB   0x100000UL

struct e820entry e820[E820MAX];
unsigned int e820_nr;

/*
 * Where entries overlap, the strongest claim wins.  Weakest first: RAM is
 * free to use, ACPI data becomes so once parsed, ACPI NVS must be kept,
 * anything else (reserved, unusable, unknown) must never be touched; among
 * those the higher number wins, so the result never depends on the order
 * of the input.
 */
static uint64_t type_rank(uint32_t type)
{
    switch ( type )
    {
    case E820_RAM:  return 0;
    case E820_ACPI: return 1;
    case E820_NVS:  return 2;
    default:        return 3 + (uint64_t)type;
    }
}

/* [*s, *e) of an entry clipped to E820_ADDR_LIMIT; false if nothing is left. */
static bool entry_range(const struct e820entry *ent, uint64_t *s, uint64_t *e)
{
    uint64_t addr = ent->addr, size = ent->size;

    if ( size == 0 || addr >= E820_ADDR_LIMIT )
        return false;
    *s = addr;
    *e = size > E820_ADDR_LIMIT - addr ? E820_ADDR_LIMIT : addr + size;
    return true;
}

struct e820_out {
    struct e820entry *map;
    unsigned int max, nr;
    /* The last stretch, held back until we know nothing touching it follows. */
    bool pending;
    uint64_t start, end;
    uint32_t type;
};

static void flush_pending(struct e820_out *o)
{
    uint64_t s = o->start, e = o->end;

    if ( !o->pending )
        return;
    o->pending = false;
    if ( o->type == E820_RAM )
    {
        s = ROUNDUP(s, PAGE_SIZE);
        e = ROUNDDOWN(e, PAGE_SIZE);
    }
    if ( s >= e )
        return;
    if ( o->nr < o->max )
    {
        o->map[o->nr].addr = s;
        o->map[o->nr].size = e - s;
        o->map[o->nr].type = o->type;
    }
    o->nr++;
}

static void emit(struct e820_out *o, uint64_t s, uint64_t e, uint32_t type)
{
    if ( o->pending && o->type == type && o->end == s )
    {
        o->end = e;
        return;
    }
    flush_pending(o);
    o->pending = true;
    o->start = s;
    o->end = e;
    o->type = type;
}

unsigned int e820_sanitise(const struct e820entry *in, unsigned int nr_in,
                           struct e820entry *out, unsigned int max_out)
{
    struct e820_out o = { .map = out, .max = max_out };
    uint64_t pos = 0;

    for ( ; ; )
    {
        uint64_t next = UINT64_MAX, s, e;
        uint32_t type = 0;
        bool covered = false;
        unsigned int i;

        /* Type at pos, and the first boundary after pos. */
        for ( i = 0; i < nr_in; i++ )
        {
            if ( !entry_range(&in[i], &s, &e) || e <= pos )
                continue;
            if ( s > pos )
            {
                next = min(next, s);
                continue;
            }
            next = min(next, e);
            if ( !covered || type_rank(in[i].type) > type_rank(type) )
                type = in[i].type;
            covered = true;
        }
        if ( next == UINT64_MAX )
            break;
        if ( covered )
            emit(&o, pos, next, type);
        pos = next;
    }
    flush_pending(&o);
    return o.nr;
}

unsigned int e820_from_meminfo(uint64_t lower_kb, uint64_t upper_kb,
                               struct e820entry out[2])
{
    unsigned int nr = 0;

    /* Conventional memory ends at 640 KiB whatever the loader claims. */
    lower_kb = min(lower_kb, (uint64_t)640);
    upper_kb = min(upper_kb, (E820_ADDR_LIMIT - LOW_1MB) >> 10);
    if ( lower_kb )
    {
        out[nr].addr = 0;
        out[nr].size = lower_kb << 10;
        out[nr].type = E820_RAM;
        nr++;
    }
    if ( upper_kb )
    {
        out[nr].addr = LOW_1MB;
        out[nr].size = upper_kb << 10;
        out[nr].type = E820_RAM;
        nr++;
    }
    return nr;
}

static const char *type_name(uint32_t type)
{
    switch ( type )
    {
    case E820_RAM:      return "usable";
    case E820_RESERVED: return "reserved";
    case E820_ACPI:     return "ACPI data";
    case E820_NVS:      return "ACPI NVS";
    case E820_UNUSABLE: return "unusable";
    default:            return NULL;
    }
}

void e820_print(const struct e820entry *map, unsigned int nr)
{
    unsigned int i;

    for ( i = 0; i < nr; i++ )
    {
        const char *name = type_name(map[i].type);

        if ( name )
            printk(" [%016lx, %016lx] (%s)\n", (unsigned long)map[i].addr,
                   (unsigned long)(map[i].addr + map[i].size - 1), name);
        else
            printk(" [%016lx, %016lx] (type %u)\n", (unsigned long)map[i].addr,
                   (unsigned long)(map[i].addr + map[i].size - 1), map[i].type);
    }
}

void e820_init(const struct boot_info *bi)
{
    struct e820entry fallback[2];
    const struct e820entry *raw = bi->e820;
    unsigned int nr_raw = min(bi->nr_e820, (unsigned int)E820MAX);
    const char *source = "Multiboot memory map";
    unsigned int nr;

    if ( nr_raw == 0 )
    {
        raw = fallback;
        nr_raw = e820_from_meminfo(bi->mem_lower_kb, bi->mem_upper_kb, fallback);
        source = "Multiboot mem_lower/mem_upper";
    }
    nr = e820_sanitise(raw, nr_raw, e820, E820MAX);
    if ( nr > E820MAX )
    {
        printk(XENLOG_WARNING "E820: %u entries above %#lx dropped (map too large)\n",
               nr - E820MAX, (unsigned long)(e820[E820MAX - 1].addr +
                                              e820[E820MAX - 1].size));
        nr = E820MAX;
    }
    e820_nr = nr;
    printk("E820 map from %s, sanitised:\n", source);
    e820_print(e820, e820_nr);
}

/*
 * Machine frames that are not RAM ("I/O memory": PCI BARs, the VGA
 * window, firmware and ACPI regions) and who may map them.
 *
 * A frame is I/O memory if no RAM entry of the sanitised E820 map covers
 * it whole (mfn_is_iomem).  The answer depends only on the boot-time map,
 * so it is the same when a mapping is made and when it is dropped.
 * Invariants:
 *   1. RAM is never I/O memory: the hypervisor's image, heap and every
 *      domain's pages are RAM, so no I/O mapping can reach them.
 *   2. A page-table entry that maps I/O memory holds no page reference
 *      (pt_validate.c takes none and drops none for such frames); every
 *      other present L1 entry holds one.
 *   3. Only a domain whose iomem_caps contain the frame may map it
 *      (pv_iomem_permitted); domains other than dom0 have no iomem_caps,
 *      so they can map no I/O memory at all.
 *
 * Policy for dom0 (pv_dom0_iomem_init), as Xen's: every frame the CPU can
 * address (its physical address bits) except what the hypervisor drives
 * itself:
 *   the local APIC page (each CPU's APIC is ours: timer, IPIs);
 *   the MSI address window 0xfee00000-0xfeefffff (a write there would be
 *   an interrupt message of dom0's choosing);
 *   E820 "unusable" ranges above 1 MiB.
 * Every IO-APIC page is mapped read-only (pv_iomem_readonly): interrupt
 * routing is ours, dom0 changes it through PHYSDEVOP_apic_write; a
 * writable request gets a read-only entry, as in Xen.
 * The hypervisor uses no HPET and no other MMIO.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/rangeset.h>
#include <xen/sched.h>
#include <asm/acpi.h>
#include <asm/e820.h>
#include <asm/page.h>
#include <asm/pv.h>

#define MSI_WINDOW_FIRST    0xfee00UL
#define MSI_WINDOW_LAST     0xfeeffUL

static bool ram_entry_covers(unsigned int i, paddr_t pa)
{
    return e820[i].type == E820_RAM && e820[i].addr <= pa &&
           pa + PAGE_SIZE <= e820[i].addr + e820[i].size;
}

/*
 * The E820 entry that last covered a frame: the frames guests map are
 * nearly all in the one big RAM entry, so it is tried first.  Only a
 * guess, checked before use, so a stale or racing value costs a scan,
 * never a wrong answer.
 */
static unsigned int ram_hint;

bool mfn_is_iomem(unsigned long mfn)
{
    paddr_t pa = (paddr_t)mfn << PAGE_SHIFT;
    unsigned int i = ACCESS_ONCE(ram_hint);

    if ( likely(i < e820_nr) && ram_entry_covers(i, pa) )
        return false;
    for ( i = 0; i < e820_nr; i++ )
        if ( ram_entry_covers(i, pa) )
        {
            ACCESS_ONCE(ram_hint) = i;
            return false;
        }
    return true;
}

/*
 * Frames from here on are beyond what the CPU can address: an entry naming
 * one would have reserved bits set.  Refused as Xen refuses them (its dom0
 * may map below 2^paddr_bits only); the machine memory map is not
 * affected (Xen describes nothing there either).
 */
static unsigned long iomem_frame_limit = E820_ADDR_LIMIT >> PAGE_SHIFT;

int pv_dom0_iomem_init(struct domain *d, unsigned int paddr_bits)
{
    struct rangeset *r = rangeset_new("I/O memory");
    unsigned int i;
    int rc;

    if ( !r )
        return -ENOMEM;
    if ( paddr_bits < PADDR_BITS )
        iomem_frame_limit = 1UL << (paddr_bits - PAGE_SHIFT);
    rc = rangeset_add_range(r, 0, (E820_ADDR_LIMIT >> PAGE_SHIFT) - 1);
    if ( !rc && acpi_lapic_addr )
        rc = rangeset_remove_singleton(r, acpi_lapic_addr >> PAGE_SHIFT);
    if ( !rc )
        rc = rangeset_remove_range(r, MSI_WINDOW_FIRST, MSI_WINDOW_LAST);
    for ( i = 0; !rc && i < e820_nr; i++ )
    {
        unsigned long s = e820[i].addr >> PAGE_SHIFT;
        unsigned long e = (e820[i].addr + e820[i].size - 1) >> PAGE_SHIFT;

        if ( e820[i].type != E820_UNUSABLE || !e820[i].size )
            continue;
        s = max(s, 0x100UL);
        if ( s <= e )
            rc = rangeset_remove_range(r, s, e);
    }
    if ( rc )
    {
        rangeset_destroy(r);
        return rc;
    }
    d->arch.iomem_caps = r;
    printk("dom0: may map I/O memory outside RAM but the LAPIC and the MSI window\n");
    return 0;
}

bool pv_iomem_permitted(const struct domain *d, unsigned long mfn)
{
    return d->arch.iomem_caps && mfn < iomem_frame_limit &&
           rangeset_contains_singleton(d->arch.iomem_caps, mfn);
}

bool pv_iomem_readonly(unsigned long mfn)
{
    unsigned int i;

    for ( i = 0; i < acpi_nr_ioapics; i++ )
        if ( acpi_ioapics[i].addr >> PAGE_SHIFT == mfn )
            return true;
    return false;
}

/*
 * The machine memory map a domain is told (XENMEM_machine_memory_map), as
 * Xen builds it: the E820 entries, and in the holes between them (and
 * after the last) a reserved entry for every run of frames the domain may
 * not map, IO-APIC pages included, so that dom0 puts no PCI BAR over the
 * hypervisor's MMIO.  Entries go to emit() in address order.
 */
struct map_walk {
    int (*emit)(const struct e820entry *e, void *arg);
    void *arg;
    unsigned long next;         /* first frame not described yet */
};

/* Frames [w->next, end) as one reserved entry, if any. */
static int reserve_until(struct map_walk *w, unsigned long end)
{
    struct e820entry e;
    int rc = 0;

    if ( end > w->next )
    {
        e.addr = (paddr_t)w->next << PAGE_SHIFT;
        e.size = (paddr_t)(end - w->next) << PAGE_SHIFT;
        e.type = E820_RESERVED;
        rc = w->emit(&e, w->arg);
    }
    return rc;
}

/* The lowest IO-APIC page in [s, e], or ~0UL. */
static unsigned long ioapic_page_in(unsigned long s, unsigned long e)
{
    unsigned long low = ~0UL, mfn;
    unsigned int i;

    for ( i = 0; i < acpi_nr_ioapics; i++ )
    {
        mfn = acpi_ioapics[i].addr >> PAGE_SHIFT;
        if ( mfn >= s && mfn <= e && mfn < low )
            low = mfn;
    }
    return low;
}

/* A run [s, e] the domain may map: what lay before it is reserved. */
static int permitted_run(unsigned long s, unsigned long e, void *arg)
{
    struct map_walk *w = arg;
    unsigned long p;
    int rc;

    for ( ; s <= e; s = p + 1 )
    {
        p = ioapic_page_in(s, e);
        if ( p != s )
        {
            rc = reserve_until(w, s);
            if ( rc )
                return rc;
            w->next = p == ~0UL ? e + 1 : p;
        }
        if ( p == ~0UL )
            break;
    }
    return 0;
}

/* The hole [s, e] of the E820 map. */
static int describe_hole(const struct domain *d, struct map_walk *w,
                         unsigned long s, unsigned long e)
{
    int rc = 0;

    w->next = s;
    if ( d->arch.iomem_caps )
        rc = rangeset_report_ranges(d->arch.iomem_caps, s, e, permitted_run, w);
    return rc ?: reserve_until(w, e + 1);
}

int iomem_machine_map(const struct domain *d,
                      int (*emit)(const struct e820entry *e, void *arg),
                      void *arg)
{
    struct map_walk w = { .emit = emit, .arg = arg };
    unsigned long hole = 0, s;
    unsigned int i;
    int rc;

    for ( i = 0; i < e820_nr; i++ )
    {
        s = e820[i].addr >> PAGE_SHIFT;
        if ( s > hole && (rc = describe_hole(d, &w, hole, s - 1)) != 0 )
            return rc;
        if ( (rc = emit(&e820[i], arg)) != 0 )
            return rc;
        hole = (e820[i].addr + e820[i].size + PAGE_SIZE - 1) >> PAGE_SHIFT;
    }
    if ( hole < (E820_ADDR_LIMIT >> PAGE_SHIFT) )
        return describe_hole(d, &w, hole, (E820_ADDR_LIMIT >> PAGE_SHIFT) - 1);
    return 0;
}

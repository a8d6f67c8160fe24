/*
 * I/O memory for the hardware domain: dom0 may map machine frames outside
 * RAM (here the VGA text buffer and an unpopulated address above RAM)
 * through its own page tables, but never the local APIC or the MSI window
 * (the hypervisor's), the IO-APIC only read-only, and never RAM that is
 * not its own.  (Xen 4.17 also drops a write to the read-only IO-APIC
 * mapping, where ours bounces the #PF: not tested.)  The machine memory
 * map shows what dom0 may not map (and the IO-APIC) as reserved.  A frame
 * beyond the CPU's physical address bits is no I/O memory either: -EPERM.
 * QEMU's PC puts the LAPIC at 0xfee00000 and the IO-APIC at 0xfec00000.
 */
#include "guest.h"

#define VGA_TEXT_MFN    0xb8UL
#define IOAPIC_MFN      0xfec00UL
#define LAPIC_MFN       0xfee00UL
#define MSI_MFN         0xfee01UL
#define ABOVE_RAM_MFN   0x800000ULL    /* 32 GiB: nothing there */

/* The first frame the CPU cannot address (CPUID 0x80000008, as Xen's paddr_bits). */
static uint64_t first_unaddressable_mfn(void)
{
    uint32_t a, b, c, d;

    __asm__ __volatile__ ("cpuid" : "=a" (a), "=b" (b), "=c" (c), "=d" (d)
                          : "0" (0x80000000U), "2" (0));
    if ( a < 0x80000008U )
        return 1ULL << (36 - PAGE_SHIFT);
    __asm__ __volatile__ ("cpuid" : "=a" (a), "=b" (b), "=c" (c), "=d" (d)
                          : "0" (0x80000008U), "2" (0));
    return 1ULL << ((a & 0xff) - PAGE_SHIFT);
}

static long map_at(volatile void *va, uint64_t maddr, pgentry_t flags)
{
    return HYPERVISOR_update_va_mapping((unsigned long)va, maddr | flags,
                                        UVMF_INVLPG | UVMF_LOCAL);
}

/* Is the machine address inside a reserved entry of the machine memory map? */
static bool reserved_in_map(uint64_t maddr)
{
    static struct {
        uint64_t addr, size;
        uint32_t type;
    } __attribute__((packed)) map[128];         /* E820 entries */
    struct xen_memory_map mmap = { .nr_entries = 128 };
    unsigned int i;

    set_xen_guest_handle(mmap.buffer, map);
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_machine_memory_map, &mmap), 0);
    for ( i = 0; i < mmap.nr_entries; i++ )
        if ( map[i].type == 2 && map[i].addr <= maddr &&
             maddr - map[i].addr < map[i].size )
            return true;
    return false;
}

GUEST_TEST(iomem)
{
    volatile uint16_t *p = page_alloc();
    pgentry_t orig = pte_read((unsigned long)p, 1);
    struct xen_machphys_mfn_list mfl = { 0 };
    xen_pfn_t m2p_mfn;
    uint16_t old;

    /* VGA text memory is real memory behind the PCI bus: a cell keeps what we write. */
    CHECK_EQ(map_at(p, VGA_TEXT_MFN << PAGE_SHIFT, PTE_RW), 0);
    CHECK_EQ(PTE_MFN(pte_read((unsigned long)p, 1)), VGA_TEXT_MFN);
    old = p[80 * 25 - 1];
    p[80 * 25 - 1] = 0x1f58;
    CHECK_EQ(p[80 * 25 - 1], 0x1f58);
    p[80 * 25 - 1] = old;
    /* Replacing an I/O mapping drops no reference it never took. */
    CHECK_EQ(map_at(p, ABOVE_RAM_MFN << PAGE_SHIFT, PTE_RO), 0);
    CHECK_EQ(map_at(p, 0, 0), 0);

    /* The hypervisor's MMIO: refused, even read-only. */
    CHECK_ERR(map_at(p, LAPIC_MFN << PAGE_SHIFT, PTE_RW), EPERM);
    CHECK_ERR(map_at(p, LAPIC_MFN << PAGE_SHIFT, PTE_RO), EPERM);
    /* The IO-APIC page: read-only (a writable request is made read-only). */
    CHECK_EQ(map_at(p, IOAPIC_MFN << PAGE_SHIFT, PTE_RW), 0);
    CHECK_EQ(PTE_MFN(pte_read((unsigned long)p, 1)), IOAPIC_MFN);
    CHECK(!(pte_read((unsigned long)p, 1) & _PAGE_RW));
    CHECK_EQ(map_at(p, IOAPIC_MFN << PAGE_SHIFT, PTE_RO), 0);
    CHECK_EQ(map_at(p, 0, 0), 0);
    CHECK_ERR(map_at(p, MSI_MFN << PAGE_SHIFT, PTE_RO), EPERM);
    CHECK_ERR(map_at(p, first_unaddressable_mfn() << PAGE_SHIFT, PTE_RO), EPERM);
    CHECK_ERR(map_at(p, 0xfffffffffULL << PAGE_SHIFT, PTE_RO), EPERM);
    CHECK_EQ(probe_read(p), 14);

    /* RAM that is not ours (the hypervisor's M2P) is not I/O memory. */
    mfl.max_extents = 1;
    set_xen_guest_handle(mfl.extent_start, &m2p_mfn);
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_machphys_mfn_list, &mfl), 0);
    CHECK_ERR(map_at(p, (uint64_t)m2p_mfn << PAGE_SHIFT, PTE_RW), EBUSY);
    CHECK_EQ(probe_read(p), 14);

    /* The machine memory map says so: no PCI BAR belongs there. */
    CHECK(reserved_in_map(LAPIC_MFN << PAGE_SHIFT));
    CHECK(reserved_in_map((LAPIC_MFN << PAGE_SHIFT) + 0xff000));   /* the MSI window's last page */
    CHECK(reserved_in_map(IOAPIC_MFN << PAGE_SHIFT));
    CHECK(!reserved_in_map(VGA_TEXT_MFN << PAGE_SHIFT));

    CHECK_EQ(map_at(p, orig, 0), 0);
    p[0] = 0x1234;
    CHECK_EQ(p[0], 0x1234);
}

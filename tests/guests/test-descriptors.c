/*
 * set_gdt and update_descriptor: a GDT of our own frames whose selectors
 * load into %ds and %fs; the PV descriptor rules (code/data DPL raised to
 * the kernel's ring, 3 or 1 for 32-bit guests, call gates rewritten to
 * DPL 0 with the DPL in the target selector's RPL, system descriptors
 * other than call gates refused); frames
 * that cannot be a GDT (mapped writable, not ours, too many entries);
 * update_descriptor on GDT frames, ordinary writable pages, page tables
 * and misaligned addresses; no writable mapping of a GDT frame.
 *
 * Xen's codes: everything refused is -EINVAL, except a writable mapping
 * of a descriptor frame, which (as for a page table) is -EBUSY, and an
 * unreadable frame list, -EFAULT.
 */
#include "guest.h"

#define DESC_DATA3      0x00cff3000000ffffULL   /* flat data, DPL 3, accessed */
#define DESC_DATA1      0x00cfb3000000ffffULL   /* the same, DPL 1 */
#define DESC_CODE0      DESC_KERNEL_CODE0       /* arch.h */
#define DESC_DPL_MASK   (3ULL << 45)
#define DESC_DPL(d)     ((uint64_t)(d) << 45)
#define DESC_TSS        0x00008b000000ffffULL   /* busy 64-bit TSS, DPL 0 */
#define DESC_LDT        0x0000e2000000ffffULL   /* LDT, DPL 3 */

#define SEL_DATA        ((2 << 3) | 3)

/* Low half of a 64-bit call gate to sel:0 with the given DPL and high-word bits. */
#define GATE(sel, dpl, extra) \
    ((((0x8c00ULL | ((uint64_t)(dpl) << 13)) | (extra)) << 32) | ((uint64_t)(sel) << 16))

static uint16_t read_ds(void)
{
    uint16_t s;

    __asm__ __volatile__ ("mov %%ds, %0" : "=r" (s));
    return s;
}

static unsigned int ds_load_read(uint16_t sel, const volatile unsigned int *p)
{
    unsigned int v;

    __asm__ __volatile__ ("mov %1, %%ds\n\t"
                          "movl %%ds:(%2), %0\n\t"
                          "mov %3, %%ds"
                          : "=&r" (v) : "r" (sel), "r" (p),
                            "r" (GUEST_KERNEL_DS) : "memory");
    return v;
}

GUEST_TEST(descriptors)
{
    uint64_t *gdt = pages_alloc(2), *wr = page_alloc();
    xen_pfn_t frames[2] = { virt_to_mfn(gdt), virt_to_mfn(gdt + 512) };
    xen_pfn_t bad[1] = { ~0UL >> 12 };
    static volatile unsigned int probe = 0x5a5aa5a5;
    pgentry_t *l1 = page_alloc();
    uint16_t fs;

    gdt[2] = DESC_DATA3;
    gdt[3] = DESC_DATA1;
    gdt[4] = DESC_CODE0;

    /* Frames still mapped writable cannot become a GDT. */
    CHECK_ERR(HYPERVISOR_set_gdt(frames, 3 * 8), EINVAL);
    make_readonly(gdt);
    make_readonly(gdt + 512);

    /* Limits and bad frame lists. */
    CHECK_ERR(HYPERVISOR_set_gdt(frames, FIRST_RESERVED_GDT_ENTRY + 1), EINVAL);
    CHECK_ERR(HYPERVISOR_set_gdt(bad, 8), EINVAL);
    CHECK_ERR(HYPERVISOR_set_gdt((void *)HYPERVISOR_VIRT_START, 8), EFAULT);

    /* Valid: DPLs below the kernel's ring are raised to it, in place. */
    CHECK_EQ(HYPERVISOR_set_gdt(frames, 1024), 0);
    CHECK_EQ(gdt[2], DESC_DATA3);
    CHECK_EQ(gdt[3] & DESC_DPL_MASK, DESC_DPL(GUEST_KERNEL_RPL));
    CHECK_EQ(gdt[4] & DESC_DPL_MASK, DESC_DPL(GUEST_KERNEL_RPL));
    CHECK_EQ(gdt[4] & ~DESC_DPL_MASK, DESC_CODE0);

    /* Its selectors load. */
    CHECK_EQ(ds_load_read(SEL_DATA, &probe), 0x5a5aa5a5);
    CHECK_EQ(read_ds(), GUEST_KERNEL_DS);
    __asm__ __volatile__ ("mov %0, %%fs" :: "r" ((uint16_t)SEL_DATA));
    __asm__ __volatile__ ("mov %%fs, %0" : "=r" (fs));
    CHECK_EQ(fs, SEL_DATA);
    __asm__ __volatile__ ("mov %0, %%fs" :: "r" ((uint16_t)0));

    /* No writable mapping of a GDT frame, and it stays a GDT frame. */
    CHECK_ERR(set_pte((unsigned long)gdt, virt_to_maddr(gdt) | PTE_RW), EBUSY);

    /* update_descriptor on a GDT frame: validated, then written. */
    CHECK_EQ(HYPERVISOR_update_descriptor(virt_to_maddr(&gdt[5]), DESC_DATA3), 0);
    CHECK_EQ(gdt[5], DESC_DATA3);
    CHECK_ERR(HYPERVISOR_update_descriptor(virt_to_maddr(&gdt[5]) + 4, DESC_DATA3),
              EINVAL);
    CHECK_ERR(HYPERVISOR_update_descriptor(virt_to_maddr(&gdt[6]), DESC_TSS), EINVAL);
    CHECK_ERR(HYPERVISOR_update_descriptor(virt_to_maddr(&gdt[6]), DESC_LDT), EINVAL);
    CHECK_EQ(gdt[6], 0);
    CHECK_EQ(HYPERVISOR_update_descriptor(virt_to_maddr(&gdt[6]), DESC_CODE0), 0);
    CHECK_EQ(gdt[6], DESC_CODE0 | DESC_DPL(GUEST_KERNEL_RPL));
    CHECK_EQ(ds_load_read((5 << 3) | 3, &probe), 0x5a5aa5a5);
    CHECK_ERR(HYPERVISOR_update_descriptor(~0ULL << 12 >> 4, DESC_DATA3), EINVAL);

    /*
     * Call gates: a guest target selector, no reserved bits; the DPL
     * (raised to the kernel's ring) moves into the selector's RPL and the
     * gate gets DPL 0.
     */
    CHECK_EQ(HYPERVISOR_update_descriptor(virt_to_maddr(&gdt[8]),
                                          GATE(FLAT_KERNEL_CS, 3, 0)), 0);
    CHECK_EQ(gdt[8], GATE((FLAT_KERNEL_CS & ~3) | 3, 0, 0));
    CHECK_EQ(HYPERVISOR_update_descriptor(virt_to_maddr(&gdt[10]),
                                          GATE(0x10, 0, 0)), 0);
    CHECK_EQ(gdt[10], GATE(0x10 | GUEST_KERNEL_RPL, 0, 0));
    CHECK_ERR(HYPERVISOR_update_descriptor(virt_to_maddr(&gdt[12]),
                                           GATE(0xe008, 3, 0)), EINVAL);
    CHECK_ERR(HYPERVISOR_update_descriptor(virt_to_maddr(&gdt[12]),
                                           GATE(FLAT_KERNEL_CS, 3, 0x20)), EINVAL);
    CHECK_EQ(gdt[12], 0);

    /* On an ordinary writable page it is a checked store. */
    CHECK_EQ(HYPERVISOR_update_descriptor(virt_to_maddr(&wr[1]), DESC_DATA3), 0);
    CHECK_EQ(wr[1], DESC_DATA3);
    CHECK_ERR(HYPERVISOR_update_descriptor(virt_to_maddr(&wr[1]), DESC_TSS), EINVAL);

    /* Not on a page table. */
    make_readonly(l1);
    CHECK_EQ(({ struct mmuext_op op = { .cmd = MMUEXT_PIN_L1_TABLE,
                                        .arg1.mfn = virt_to_mfn(l1) };
                HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF); }), 0);
    CHECK_ERR(HYPERVISOR_update_descriptor(virt_to_maddr(l1), DESC_DATA3), EINVAL);
    CHECK_EQ(({ struct mmuext_op op = { .cmd = MMUEXT_UNPIN_TABLE,
                                        .arg1.mfn = virt_to_mfn(l1) };
                HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF); }), 0);

    /* A system descriptor in a frame: the whole GDT is refused. */
    CHECK_EQ(HYPERVISOR_set_gdt(NULL, 0), 0);
    make_writable(gdt + 512);
    gdt[512 + 7] = DESC_TSS;
    make_readonly(gdt + 512);
    CHECK_ERR(HYPERVISOR_set_gdt(frames, 1024), EINVAL);
    /* The first frame was not kept: it can be mapped writable again. */
    make_writable(gdt);
    make_writable(gdt + 512);
}

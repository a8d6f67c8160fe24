/*
 * 32-bit PAE guests only (arch/x86_32): the rules of PAE L3 tables, the
 * hypervisor's hole at the top of the 4 GiB and the M2P in it, and guest
 * pointers that reach or wrap past the hole.  No reference: Debian's Xen
 * 4.17 has no 32-bit PV; the expected values are Xen's rules as its
 * sources state them (mm.c: l3_disallow_mask, promote_l3_table,
 * compat argument checks).
 */
#include "guest.h"

#define HOLE_START      0xf5800000UL
#define XEN_L2_SLOT     ((HOLE_START >> 21) & 511)       /* 428 */

static long ext(unsigned int cmd, xen_pfn_t mfn)
{
    struct mmuext_op op = { .cmd = cmd, .arg1.mfn = mfn };

    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* Sets slot i of our (read-only) table 't' to 'val', as the guest would. */
static void set_entry(pgentry_t *t, unsigned int i, pgentry_t val)
{
    make_writable(t);
    t[i] = val;
    make_readonly(t);
}

/* Pinning 't' as an L3 fails with 'err' (negative) or works and is undone. */
static long try_pin_l3(pgentry_t *t)
{
    long rc = ext(MMUEXT_PIN_L3_TABLE, virt_to_mfn(t));

    if ( rc == 0 )
        CHECK_EQ(ext(MMUEXT_UNPIN_TABLE, virt_to_mfn(t)), 0);
    return rc;
}

GUEST_TEST(pae)
{
    pgentry_t *l3 = page_alloc(), *l3b = page_alloc();
    pgentry_t *l2 = page_alloc(), *l2b = page_alloc();
    pgentry_t good3 = virt_to_maddr(l2) | _PAGE_PRESENT;
    static const pgentry_t bad_flags[] = {
        0x008,                      /* PWT */
        0x010,                      /* PCD */
        0x080,                      /* PS */
        0x100,                      /* global */
        1ULL << 63,                 /* NX */
        1ULL << 52,                 /* a reserved high bit */
    };
    uint32_t *m2p = (uint32_t *)HOLE_START;
    unsigned int i;

    /* The M2P in the hole: our frames' entries, read-only. */
    CHECK_EQ(m2p[virt_to_mfn(l3)], virt_to_pfn(l3));
    CHECK_EQ(m2p[virt_to_mfn(&start_info)], virt_to_pfn(&start_info));
    CHECK_EQ(probe_write(&m2p[virt_to_mfn(l3)], 0), 14);

    /* A good L3: slot 3 present; junk past slot 3 is cleared. */
    l3[3] = good3;
    l3[7] = virt_to_maddr(l2b) | _PAGE_PRESENT;
    make_readonly(l2);
    make_readonly(l2b);
    make_readonly(l3);
    CHECK_EQ(ext(MMUEXT_PIN_L3_TABLE, virt_to_mfn(l3)), 0);
    CHECK_EQ(l3[7], 0);
    /* Slot 3's L2 got the hypervisor's entries for the hole. */
    CHECK(l2[XEN_L2_SLOT] & _PAGE_PRESENT);
    CHECK(!(l2[XEN_L2_SLOT] & _PAGE_RW));
    /* ... and is now of a kind no other slot or table may use. */
    CHECK_ERR(ext(MMUEXT_PIN_L2_TABLE, virt_to_mfn(l2)), EINVAL);
    l3b[3] = good3;
    make_readonly(l3b);
    CHECK_ERR(try_pin_l3(l3b), EINVAL);
    set_entry(l3b, 3, 0);
    set_entry(l3b, 0, good3);
    CHECK_ERR(try_pin_l3(l3b), EINVAL);
    CHECK_EQ(ext(MMUEXT_UNPIN_TABLE, virt_to_mfn(l3)), 0);

    /* Slot 3 missing. */
    set_entry(l3, 3, 0);
    CHECK_ERR(try_pin_l3(l3), EINVAL);
    set_entry(l3, 3, good3);
    /* Flags PAE does not allow in an L3 entry, in slot 0 and in slot 3. */
    for ( i = 0; i < ARRAY_SIZE(bad_flags); i++ )
    {
        set_entry(l3, 0, virt_to_maddr(l2b) | _PAGE_PRESENT | bad_flags[i]);
        CHECK_ERR(try_pin_l3(l3), EINVAL);
        set_entry(l3, 0, 0);
        set_entry(l3, 3, good3 | bad_flags[i]);
        CHECK_ERR(try_pin_l3(l3), EINVAL);
        set_entry(l3, 3, good3);
    }
    /* A frame that is not ours, and one that is no table (writable). */
    set_entry(l3, 3, ((pgentry_t)0xfffff << PAGE_SHIFT) | _PAGE_PRESENT);
    CHECK_ERR(try_pin_l3(l3), EINVAL);
    set_entry(l3, 3, virt_to_maddr(page_alloc()) | _PAGE_PRESENT);
    CHECK_ERR(try_pin_l3(l3), EINVAL);
    set_entry(l3, 3, good3);
    /* After all that, the good table still pins: nothing leaked a type. */
    CHECK_EQ(try_pin_l3(l3), 0);
    /* 32-bit guests have no L4s. */
    CHECK_ERR(ext(MMUEXT_PIN_L4_TABLE, virt_to_mfn(l2b)), EINVAL);

    /* Pointers into the hole, and ranges that run into it or past 4 GiB. */
    CHECK_ERR(HYPERVISOR_console_io(CONSOLEIO_write, 16, (char *)HOLE_START),
              EFAULT);
    CHECK_ERR(HYPERVISOR_console_io(CONSOLEIO_write, 32,
                                    (char *)(HOLE_START - 16)), EFAULT);
    CHECK_ERR(HYPERVISOR_console_io(CONSOLEIO_write, 32,
                                    (char *)0xfffffff0UL), EFAULT);
    CHECK_ERR(HYPERVISOR_xen_version(XENVER_extraversion,
                                     (void *)0xfffffff8UL), EFAULT);
    CHECK_ERR(HYPERVISOR_set_trap_table((void *)0xfffffffcUL), EFAULT);
    CHECK_ERR(HYPERVISOR_mmuext_op((void *)0xfffffff8UL, 1, NULL, DOMID_SELF),
              EFAULT);
}

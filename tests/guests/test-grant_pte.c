/*
 * grant_table_op maps by PTE address (GNTMAP_contains_pte), as Linux's
 * gntdev makes them for a process: host_addr is the machine address of
 * the L1 entry to fill.  A grant of our own page, mapped through the L1
 * entry of a window page: the data shows through the window both ways,
 * the guest_avail bits land in the entry, unmap clears it; the gntdev
 * pattern (one map by PTE, one by kernel address, unmapped in one call);
 * hostile entry addresses (a plain page, an L2, an L4, Xen's M2P, a frame
 * given back, misaligned, beyond RAM, the hypervisor's range), unmaps of
 * an entry that maps something else, a double unmap and a read-only
 * grant mapped writable: Xen 4.17's GNTST_ codes, nothing written,
 * nothing left pinned.
 */
#include "guest.h"

#define REF         (GNTTAB_NR_RESERVED_ENTRIES + 8)    /* clear of grant_table's */
#define REF_RO      (REF + 1)
#define PTE_AVAIL0  0x200UL         /* bit 9: GNTMAP_guest_avail0's place */

static grant_entry_v1_t *gt;

static int16_t map(uint64_t addr, grant_ref_t ref, uint32_t flags,
                   grant_handle_t *handle)
{
    struct gnttab_map_grant_ref m = {
        .host_addr = addr, .flags = GNTMAP_host_map | flags,
        .ref = ref, .dom = self_domid(),
    };

    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &m, 1), 0);
    if ( handle )
        *handle = m.handle;
    return m.status;
}

static int16_t map_pte(uint64_t pte, grant_ref_t ref, uint32_t flags,
                       grant_handle_t *handle)
{
    return map(pte, ref, GNTMAP_contains_pte | GNTMAP_application_map | flags,
               handle);
}

static int16_t unmap(uint64_t addr, grant_handle_t handle)
{
    struct gnttab_unmap_grant_ref u = { .host_addr = addr, .handle = handle };

    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1), 0);
    return u.status;
}

static bool pinned(grant_ref_t ref)
{
    return gt[ref].flags & (GTF_reading | GTF_writing);
}

static void grant(grant_ref_t ref, const void *page, uint16_t flags)
{
    gt[ref].domid = self_domid();
    gt[ref].frame = virt_to_mfn(page);
    barrier();
    gt[ref].flags = GTF_permit_access | flags;
}

/* A frame that is not ours: the first of Xen's M2P. */
static xen_pfn_t m2p_frame(void)
{
    struct xen_machphys_mfn_list l = { .max_extents = 1 };
    xen_pfn_t mfn = 0;

    set_xen_guest_handle(l.extent_start, &mfn);
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_machphys_mfn_list, &l), 0);
    CHECK_EQ(l.nr_extents, 1);
    return mfn;
}

/* A frame we had and gave back (decrease_reservation): nobody's now. */
static xen_pfn_t given_back_frame(void)
{
    void *p = page_alloc();
    xen_pfn_t mfn = virt_to_mfn(p);
    struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };

    CHECK_EQ(set_pte((unsigned long)p, 0), 0);
    set_xen_guest_handle(r.extent_start, &mfn);
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r), 1);
    return mfn;
}

GUEST_TEST(grant_pte)
{
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 1 };
    uint8_t *data = page_alloc(), *plain = page_alloc();
    volatile uint8_t *win = page_alloc(), *kwin = page_alloc();
    unsigned long winva = (unsigned long)win, kwinva = (unsigned long)kwin;
    pgentry_t win_orig = pte_read(winva, 1), kwin_orig = pte_read(kwinva, 1);
    uint64_t pte = pte_maddr(winva, 1), other_pte = pte_maddr((unsigned long)plain, 1);
    xen_pfn_t frame;
    grant_handle_t h;
    pgentry_t e, l2e, next;
    unsigned int i;

    gt = page_alloc();
    set_xen_guest_handle(st.frame_list, &frame);
    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1), 0);
    CHECK_EQ(st.status, GNTST_okay);
    CHECK_EQ(set_pte((unsigned long)gt, ((uint64_t)frame << PAGE_SHIFT) | PTE_RW), 0);
    for ( i = 0; i < PAGE_SIZE; i++ )
        data[i] = i * 5;
    grant(REF, data, 0);
    grant(REF_RO, data, GTF_readonly);
    CHECK(pte && other_pte);

    /*
     * Map through the window's entry, made empty first as gntdev's are
     * (Xen flushes nothing at map: a present entry would be the guest's
     * to flush).  The guest_avail bits go to bits 9..11 of the entry.
     */
    CHECK_EQ(set_pte(winva, 0), 0);
    CHECK_EQ(map_pte(pte, REF, 1U << _GNTMAP_guest_avail0, &h), GNTST_okay);
    e = pte_read(winva, 1);
    CHECK_EQ(PTE_MFN(e), virt_to_mfn(data));
    CHECK((e & (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | PTE_AVAIL0)) ==
          (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | PTE_AVAIL0));
    CHECK(gt[REF].flags & GTF_writing);
    CHECK_EQ(win[300], data[300]);
    win[3] = 0xa5;
    CHECK_EQ(data[3], 0xa5);
    data[4] = 0x5a;
    CHECK_EQ(win[4], 0x5a);
    /*
     * Unmapping an entry that maps another frame, or no entry: refused.
     * (An entry of ours mapping the granted frame itself, not by a grant:
     * Xen clears it, keeping its references; ours refuses that too.)
     */
    CHECK_EQ(unmap(other_pte, h), GNTST_general_error);
    CHECK_EQ(unmap(pte + 8, h), GNTST_general_error);
    CHECK_EQ(unmap(pte + 1, h), GNTST_general_error);
    CHECK(gt[REF].flags & GTF_writing);
    CHECK_EQ(win[4], 0x5a);
    CHECK_EQ(unmap(pte, h), GNTST_okay);
    CHECK_EQ(pte_read(winva, 1), 0);
    CHECK_EQ(probe_read(win), 14);
    CHECK(!pinned(REF));
    CHECK_EQ(unmap(pte, h), GNTST_bad_handle);

    /* Over a present entry: replaced (its page's references dropped). */
    CHECK_EQ(set_pte(winva, win_orig), 0);
    CHECK_EQ(map_pte(pte, REF, 0, &h), GNTST_okay);
    {
        struct mmuext_op inv = { .cmd = MMUEXT_INVLPG_LOCAL,
                                 .arg1.linear_addr = winva };

        CHECK_EQ(HYPERVISOR_mmuext_op(&inv, 1, NULL, DOMID_SELF), 0);
    }
    CHECK_EQ(win[300], data[300]);
    CHECK_EQ(unmap(pte, h), GNTST_okay);
    CHECK_EQ(pte_read(winva, 1), 0);

    /* A read-only grant: only read-only maps, and they are read-only. */
    CHECK_EQ(map_pte(pte, REF_RO, 0, NULL), GNTST_general_error);
    CHECK_EQ(pte_read(winva, 1), 0);
    CHECK_EQ(map_pte(pte, REF_RO, GNTMAP_readonly, &h), GNTST_okay);
    CHECK(!(pte_read(winva, 1) & _PAGE_RW));
    CHECK_EQ(win[9], data[9]);
    CHECK_EQ(probe_write(win, 1), 14);
    CHECK(gt[REF_RO].flags & GTF_reading);
    CHECK(!(gt[REF_RO].flags & GTF_writing));
    CHECK_EQ(unmap(pte, h), GNTST_okay);
    CHECK(!pinned(REF_RO));

    /*
     * gntdev's pattern: the user entry by PTE address and the kernel's
     * page by virtual address, two maps of one grant; both go in one call.
     */
    CHECK_EQ(set_pte(kwinva, 0), 0);
    {
        struct gnttab_map_grant_ref m[2] = {
            { .host_addr = pte, .ref = REF, .dom = self_domid(),
              .flags = GNTMAP_host_map | GNTMAP_contains_pte |
                       GNTMAP_application_map },
            { .host_addr = kwinva, .ref = REF, .dom = self_domid(),
              .flags = GNTMAP_host_map },
        };
        struct gnttab_unmap_grant_ref u[2] = { { .host_addr = pte },
                                               { .host_addr = kwinva } };

        CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, m, 2), 0);
        CHECK_EQ(m[0].status, GNTST_okay);
        CHECK_EQ(m[1].status, GNTST_okay);
        win[20] = 0x3c;
        CHECK_EQ(kwin[20], 0x3c);
        CHECK_EQ(data[20], 0x3c);
        u[0].handle = m[0].handle;
        u[1].handle = m[1].handle;
        CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, u, 2), 0);
        CHECK_EQ(u[0].status, GNTST_okay);
        CHECK_EQ(u[1].status, GNTST_okay);
        CHECK_EQ(probe_read(win), 14);
        CHECK_EQ(probe_read(kwin), 14);
        CHECK(!pinned(REF));
    }

    /*
     * Hostile entry addresses: all GNTST_general_error, nothing written,
     * the grant left unpinned.  A page that is no L1 table (writable; an
     * L2; the L4), frames not ours, misaligned, beyond RAM, a hypervisor
     * virtual address.
     */
    memset(plain, 0x77, PAGE_SIZE);
    l2e = pte_read(winva, 2);
    next = pte_read(winva + PAGE_SIZE, 1);
    CHECK_EQ(map_pte(virt_to_maddr(plain) + 64, REF, 0, NULL), GNTST_general_error);
    CHECK_EQ(plain[64], 0x77);
    CHECK_EQ(plain[71], 0x77);
    CHECK_EQ(map_pte(pte_maddr(winva, 2), REF, 0, NULL), GNTST_general_error);
    CHECK_EQ(pte_read(winva, 2), l2e);
    CHECK_EQ(map_pte(((uint64_t)top_table_mfn() << PAGE_SHIFT) + 8, REF, 0, NULL),
             GNTST_general_error);
    CHECK_EQ(map_pte((uint64_t)m2p_frame() << PAGE_SHIFT, REF, 0, NULL),
             GNTST_general_error);
    CHECK_EQ(map_pte((uint64_t)given_back_frame() << PAGE_SHIFT, REF, 0, NULL),
             GNTST_general_error);
    CHECK_EQ(map_pte(pte + 4, REF, 0, NULL), GNTST_general_error);
    CHECK_EQ(map_pte(pte + 1, REF, 0, NULL), GNTST_general_error);
    CHECK_EQ(pte_read(winva, 1), 0);
    CHECK_EQ(pte_read(winva + PAGE_SIZE, 1), next);
    CHECK_EQ(map_pte(1ULL << 50, REF, 0, NULL), GNTST_general_error);
    CHECK_EQ(map_pte(~7ULL, REF, 0, NULL), GNTST_general_error);
    CHECK_EQ(map_pte(HYPERVISOR_VIRT_START + 0x1000, REF, 0, NULL),
             GNTST_general_error);
    CHECK(!pinned(REF));

    /* Leave nothing granted; put back the windows' pages. */
    gt[REF].flags = 0;
    gt[REF_RO].flags = 0;
    CHECK_EQ(set_pte(winva, win_orig), 0);
    CHECK_EQ(set_pte(kwinva, kwin_orig), 0);
}

/*
 * grant_table_op, version 1, against our own table: set it up and map it,
 * grant a page to ourselves, map and unmap the grant (read-write and
 * read-only) and copy through it; a device map and its bus address;
 * versions; bad refs, handles, domains, lengths and pointers fail with
 * the right GNTST_ or -errno.
 */
#include "guest.h"

#define REF         GNTTAB_NR_RESERVED_ENTRIES      /* first free ref */
#define REF_RO      (REF + 1)

static long gnttab(unsigned int cmd, void *op)
{
    return HYPERVISOR_grant_table_op(cmd, op, 1);
}

static int16_t map(unsigned long va, grant_ref_t ref, domid_t dom,
                   uint32_t flags, grant_handle_t *handle)
{
    struct gnttab_map_grant_ref m = {
        .host_addr = va, .flags = GNTMAP_host_map | flags,
        .ref = ref, .dom = dom,
    };

    CHECK_EQ(gnttab(GNTTABOP_map_grant_ref, &m), 0);
    if ( handle )
        *handle = m.handle;
    return m.status;
}

static int16_t unmap(unsigned long va, grant_handle_t handle)
{
    struct gnttab_unmap_grant_ref u = { .host_addr = va, .handle = handle };

    CHECK_EQ(gnttab(GNTTABOP_unmap_grant_ref, &u), 0);
    return u.status;
}

static int16_t copy(grant_ref_t ref, uint16_t src_off, const void *dst,
                    uint16_t dst_off, uint16_t len)
{
    struct gnttab_copy c = {
        .source = { .u.ref = ref, .domid = self_domid(), .offset = src_off },
        .dest = { .u.gmfn = virt_to_mfn(dst), .domid = DOMID_SELF,
                  .offset = dst_off },
        .len = len, .flags = GNTCOPY_source_gref,
    };

    CHECK_EQ(gnttab(GNTTABOP_copy, &c), 0);
    return c.status;
}

/*
 * A batch longer than a 32-bit guest's translation area holds (it goes
 * in chunks there): byte i of the grant to byte i of dst, one op each.
 */
#define COPY_BATCH  300

static void copy_batch(uint8_t *dst, const uint8_t *data)
{
    struct gnttab_copy *c = pages_alloc((COPY_BATCH * sizeof(*c) +
                                         PAGE_SIZE - 1) / PAGE_SIZE);
    unsigned int i;

    memset(dst, 0, PAGE_SIZE);
    for ( i = 0; i < COPY_BATCH; i++ )
    {
        c[i] = (struct gnttab_copy){
            .source = { .u.ref = REF, .domid = self_domid(), .offset = i },
            .dest = { .u.gmfn = virt_to_mfn(dst), .domid = DOMID_SELF,
                      .offset = i },
            .len = 1, .flags = GNTCOPY_source_gref, .status = 1,
        };
    }
    /* The last op is bad: its status says so, the others' do not. */
    c[COPY_BATCH - 1].source.offset = PAGE_SIZE - 1;
    c[COPY_BATCH - 1].len = 2;
    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_copy, c, COPY_BATCH), 0);
    for ( i = 0; i < COPY_BATCH - 1; i++ )
        if ( c[i].status != GNTST_okay || dst[i] != data[i] )
            test_fail("copy %u: status %d, byte %#x, expected %#x", i,
                      c[i].status, dst[i], data[i]);
    CHECK_EQ(c[COPY_BATCH - 1].status, GNTST_bad_copy_arg);
}

GUEST_TEST(grant_table)
{
    struct gnttab_query_size qs = { .dom = DOMID_SELF };
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 1 };
    struct gnttab_get_version gv = { .dom = DOMID_SELF };
    grant_entry_v1_t *gt = page_alloc();
    uint8_t *data = page_alloc(), *dst = page_alloc();
    volatile uint8_t *win = page_alloc();
    unsigned long winva = (unsigned long)win;
    pgentry_t win_orig = pte_read(winva, 1);
    xen_pfn_t frame;
    grant_handle_t h;
    unsigned int i;

    CHECK_EQ(gnttab(GNTTABOP_query_size, &qs), 0);
    CHECK_EQ(qs.status, GNTST_okay);
    CHECK(qs.max_nr_frames >= 1);
    test_info("%u of at most %u frames", qs.nr_frames, qs.max_nr_frames);
    CHECK_EQ(gnttab(GNTTABOP_get_version, &gv), 0);
    CHECK_EQ(gv.version, 1);

    set_xen_guest_handle(st.frame_list, &frame);
    CHECK_EQ(gnttab(GNTTABOP_setup_table, &st), 0);
    CHECK_EQ(st.status, GNTST_okay);
    /* Our own view of the table replaces the page at 'gt'. */
    CHECK_EQ(set_pte((unsigned long)gt, ((uint64_t)frame << PAGE_SHIFT) |
                     PTE_RW), 0);

    for ( i = 0; i < PAGE_SIZE; i++ )
        data[i] = i * 7;
    gt[REF].domid = self_domid();
    gt[REF].frame = virt_to_mfn(data);
    barrier();
    gt[REF].flags = GTF_permit_access;
    gt[REF_RO].domid = self_domid();
    gt[REF_RO].frame = virt_to_mfn(data);
    barrier();
    gt[REF_RO].flags = GTF_permit_access | GTF_readonly;

    /* Map our grant at 'win', use it, unmap it. */
    CHECK_EQ(map(winva, REF, self_domid(), 0, &h), GNTST_okay);
    CHECK_EQ(win[100], data[100]);
    CHECK(gt[REF].flags & GTF_reading);
    CHECK(gt[REF].flags & GTF_writing);
    win[1] = 0x42;
    CHECK_EQ(data[1], 0x42);
    CHECK_EQ(unmap(winva, h), GNTST_okay);
    CHECK(!(gt[REF].flags & (GTF_reading | GTF_writing)));
    CHECK_EQ(probe_read(win), 14);          /* unmap left no mapping */
    CHECK_EQ(unmap(winva, h), GNTST_bad_handle);

    /* A read-only grant: read-only maps only. */
    CHECK_EQ(map(winva, REF_RO, self_domid(), 0, NULL), GNTST_general_error);
    CHECK_EQ(map(winva, REF_RO, self_domid(), GNTMAP_readonly, &h), GNTST_okay);
    CHECK_EQ(win[7], data[7]);
    CHECK_EQ(probe_write(win, 1), 14);
    CHECK_EQ(unmap(winva, h), GNTST_okay);

    /* Copy out of the grant into a frame of ours. */
    CHECK_EQ(copy(REF, 16, dst, 32, 64), GNTST_okay);
    CHECK(!memcmp(dst + 32, data + 16, 64));
    CHECK_EQ(copy(REF_RO, 0, dst, 0, 8), GNTST_okay);
    copy_batch(dst, data);

    /* Hostile: refs past the table or not granted, wrong domains. */
    CHECK_EQ(map(winva, 1U << 20, self_domid(), 0, NULL), GNTST_bad_gntref);
    CHECK_EQ(map(winva, REF + 2, self_domid(), 0, NULL), GNTST_general_error);
    CHECK_EQ(map(winva, REF, 0x7000, 0, NULL), GNTST_bad_domain);
    /* Maps name the granting domain by id; DOMID_SELF is not one. */
    CHECK_EQ(map(winva, REF, DOMID_SELF, 0, NULL), GNTST_bad_domain);
    CHECK_EQ(map(HYPERVISOR_VIRT_START + 0x1000, REF, self_domid(), 0, NULL),
             GNTST_general_error);
    CHECK_EQ(unmap(winva, 0xffff), GNTST_bad_handle);
    CHECK_EQ(copy(1U << 20, 0, dst, 0, 8), GNTST_bad_gntref);
    CHECK_EQ(copy(REF, PAGE_SIZE - 4, dst, 0, 8), GNTST_bad_copy_arg);
    CHECK(!(gt[REF].flags & (GTF_reading | GTF_writing)));

    /* A device map: the bus address is the machine address (no IOMMU). */
    {
        struct gnttab_map_grant_ref m = {
            .flags = GNTMAP_device_map, .ref = REF, .dom = self_domid(),
        };
        struct gnttab_unmap_grant_ref u = { 0 };

        CHECK_EQ(gnttab(GNTTABOP_map_grant_ref, &m), 0);
        CHECK_EQ(m.status, GNTST_okay);
        CHECK_EQ(m.dev_bus_addr, virt_to_maddr(data));
        CHECK(gt[REF].flags & GTF_writing);
        u.handle = m.handle;
        u.dev_bus_addr = m.dev_bus_addr + PAGE_SIZE;
        CHECK_EQ(gnttab(GNTTABOP_unmap_grant_ref, &u), 0);
        CHECK_EQ(u.status, GNTST_bad_dev_addr);
        u.dev_bus_addr = m.dev_bus_addr;
        CHECK_EQ(gnttab(GNTTABOP_unmap_grant_ref, &u), 0);
        CHECK_EQ(u.status, GNTST_okay);
        CHECK(!(gt[REF].flags & (GTF_reading | GTF_writing)));
        /* Neither a host nor a device map: a bad reference, as Xen says. */
        m.flags = 0;
        CHECK_EQ(gnttab(GNTTABOP_map_grant_ref, &m), 0);
        CHECK_EQ(m.status, GNTST_bad_gntref);
    }

    /* Versions: 1 stays; nonsense is refused; unknown domains. */
    {
        struct gnttab_set_version sv = { .version = 1 };

        CHECK_EQ(gnttab(GNTTABOP_set_version, &sv), 0);
        CHECK_EQ(sv.version, 1);
        sv.version = 3;
        CHECK_ERR(gnttab(GNTTABOP_set_version, &sv), EINVAL);
        CHECK_EQ(sv.version, 1);
        gv.dom = 0x7000;
        CHECK_ERR(gnttab(GNTTABOP_get_version, &gv), ESRCH);
    }

    /* Tables too big, other domains, bad pointers, unknown ops. */
    st.nr_frames = qs.max_nr_frames + 1;
    CHECK_EQ(gnttab(GNTTABOP_setup_table, &st), 0);
    CHECK_EQ(st.status, GNTST_general_error);
    qs.dom = 0x7000;
    CHECK_EQ(gnttab(GNTTABOP_query_size, &qs), 0);
    CHECK_EQ(qs.status, GNTST_bad_domain);
    CHECK_ERR(gnttab(GNTTABOP_map_grant_ref, (void *)0x1000), EFAULT);
    CHECK_ERR(gnttab(GNTTABOP_setup_table, (void *)HYPERVISOR_VIRT_START),
              EFAULT);
    CHECK_ERR(gnttab(99, &qs), ENOSYS);

    /* Leave nothing granted; put back the window's page. */
    gt[REF].flags = 0;
    gt[REF_RO].flags = 0;
    CHECK_EQ(set_pte(winva, win_orig), 0);
}

/*
 * A boot-time domain's static links (docs/boot-domains.md), run by the
 * first domain of tests/guests/domains/links.dts ("ping", no dom0) while
 * its peers are built but not running; ping is privileged or not as its
 * command line's expect=privileged|unprivileged says (links.dts is
 * booted both ways):
 *   ring      evtchn ping <-> pong
 *   buf       pong grants a page to ping
 *   robuf     pong grants a page to ping, read-only
 *   notyours  pong grants a page to bystander (the ref below robuf's)
 *   mine      ping grants a page to pong
 * It checks what the hypervisor set up (start_info flags, both ends of the
 * pair, its own grant entry), maps and copies pong's pages, and the
 * hostile cases: wrong domains, foreign refs out of range, a grant made
 * to another domain, writes through read-only grants, rebinding, and
 * (unprivileged) every operation on another domain's ports.
 * Outside a boot-time domain (no xh.* parameters) it only says so.
 */
#include "guest.h"

static unsigned long param(const char *key)
{
    unsigned long v;

    if ( !cmdline_uint(key, &v) )
        test_fail("no %s=<number> on the command line", key);
    return v;
}

static long evtchn_op(int cmd, void *arg)
{
    return HYPERVISOR_event_channel_op(cmd, arg);
}

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

/* Copy len bytes between a foreign grant and a page of ours. */
static int16_t copy(domid_t dom, grant_ref_t ref, void *mine, bool to_grant,
                    uint16_t len)
{
    struct gnttab_copy c = { .len = len };
    struct gnttab_copy_ptr g = { .u.ref = ref, .domid = dom };
    struct gnttab_copy_ptr l = { .u.gmfn = virt_to_mfn(mine), .domid = DOMID_SELF };

    c.source = to_grant ? l : g;
    c.dest = to_grant ? g : l;
    c.flags = to_grant ? GNTCOPY_dest_gref : GNTCOPY_source_gref;
    CHECK_EQ(gnttab(GNTTABOP_copy, &c), 0);
    return c.status;
}

static void check_start_info(bool privileged)
{
    CHECK(!(start_info->flags & SIF_INITDOMAIN));
    CHECK_EQ(!!(start_info->flags & SIF_PRIVILEGED), privileged);
}

static void check_evtchn(domid_t self, domid_t pong, bool privileged)
{
    evtchn_port_t port = param("xh.evtchn.ring"), pong_port;
    struct evtchn_status st = { .dom = DOMID_SELF, .port = port };
    struct evtchn_bind_interdomain bi;
    struct evtchn_close cl = { .port = port };
    struct evtchn_send sd = { .port = port };
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = 0x7000 };
    struct evtchn_reset rs = { .dom = pong };

    CHECK_EQ(param("xh.peer.ring"), pong);
    /* Our end... */
    CHECK_EQ(evtchn_op(EVTCHNOP_status, &st), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_interdomain);
    CHECK_EQ(st.u.interdomain.dom, pong);
    pong_port = st.u.interdomain.port;
    CHECK_EQ(evtchn_op(EVTCHNOP_send, &sd), 0);
    st.dom = pong;
    st.port = pong_port;
    if ( !privileged )
    {
        /* Another domain's ports are none of our business. */
        CHECK_ERR(evtchn_op(EVTCHNOP_status, &st), EPERM);
        au.dom = pong;
        CHECK_ERR(evtchn_op(EVTCHNOP_alloc_unbound, &au), EPERM);
        au.dom = DOMID_SELF;
        CHECK_ERR(evtchn_op(EVTCHNOP_reset, &rs), EPERM);
    }
    else
    {
        /* ...and pong's, which a privileged domain may look at. */
        CHECK_EQ(evtchn_op(EVTCHNOP_status, &st), 0);
        CHECK_EQ(st.status, EVTCHNSTAT_interdomain);
        CHECK_EQ(st.u.interdomain.dom, self);
        CHECK_EQ(st.u.interdomain.port, port);
    }

    /* Hostile: bound ports, unknown domains and ports. */
    bi = (struct evtchn_bind_interdomain){ .remote_dom = pong, .remote_port = pong_port };
    CHECK_ERR(evtchn_op(EVTCHNOP_bind_interdomain, &bi), EINVAL);
    bi.remote_dom = 0x7000;
    CHECK_ERR(evtchn_op(EVTCHNOP_bind_interdomain, &bi), ESRCH);
    bi.remote_dom = pong;
    bi.remote_port = 4095;
    CHECK_ERR(evtchn_op(EVTCHNOP_bind_interdomain, &bi), EINVAL);

    /* Closing our end leaves pong's waiting for us: we can bind it again. */
    CHECK_EQ(evtchn_op(EVTCHNOP_close, &cl), 0);
    if ( privileged )
    {
        CHECK_EQ(evtchn_op(EVTCHNOP_status, &st), 0);
        CHECK_EQ(st.status, EVTCHNSTAT_unbound);
        CHECK_EQ(st.u.unbound.dom, self);
    }
    bi.remote_port = pong_port;
    CHECK_EQ(evtchn_op(EVTCHNOP_bind_interdomain, &bi), 0);
    st.dom = DOMID_SELF;
    st.port = bi.local_port;
    CHECK_EQ(evtchn_op(EVTCHNOP_status, &st), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_interdomain);
    CHECK_EQ(st.u.interdomain.dom, pong);
    CHECK_EQ(st.u.interdomain.port, pong_port);
    /* Bound now: a second bind of pong's port fails. */
    CHECK_ERR(evtchn_op(EVTCHNOP_bind_interdomain, &bi), EINVAL);

    /* An unbound port for a domain that does not exist is allowed, as in Xen. */
    CHECK_EQ(evtchn_op(EVTCHNOP_alloc_unbound, &au), 0);
    cl.port = au.port;
    CHECK_EQ(evtchn_op(EVTCHNOP_close, &cl), 0);
}

static void check_grants(domid_t self, domid_t pong)
{
    grant_ref_t buf = param("xh.gref.buf"), robuf = param("xh.gref.robuf");
    grant_ref_t mine = param("xh.gref.mine");
    unsigned long mine_pfn = param("xh.gpfn.mine");
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 1 };
    grant_entry_v1_t *gt = page_alloc();
    uint8_t *data = page_alloc(), *back = page_alloc();
    volatile uint8_t *win = page_alloc();
    unsigned long winva = (unsigned long)win;
    pgentry_t win_orig = pte_read(winva, 1);
    xen_pfn_t frame;
    grant_handle_t h;
    unsigned int i;

    CHECK_EQ(param("xh.peer.buf"), pong);
    CHECK_EQ(param("xh.peer.mine"), pong);
    CHECK_EQ(param("xh.gro.robuf"), 1);

    /* Our own static grant: the entry the hypervisor wrote for pong. */
    set_xen_guest_handle(st.frame_list, &frame);
    CHECK_EQ(gnttab(GNTTABOP_setup_table, &st), 0);
    CHECK_EQ(st.status, GNTST_okay);
    CHECK_EQ(set_pte((unsigned long)gt, ((uint64_t)frame << PAGE_SHIFT) | PTE_RW), 0);
    CHECK_EQ(gt[mine].flags, GTF_permit_access);
    CHECK_EQ(gt[mine].domid, pong);
    CHECK_EQ(gt[mine].frame, pfn_to_mfn(mine_pfn));
    CHECK(mine_pfn == start_info->nr_pages - 1);

    /* pong's page, mapped writable: what we write, a copy reads back. */
    CHECK_EQ(map(winva, buf, pong, 0, &h), GNTST_okay);
    for ( i = 0; i < PAGE_SIZE; i++ )
        win[i] = (uint8_t)(i * 13 + 5);
    CHECK_EQ(copy(pong, buf, back, false, PAGE_SIZE), GNTST_okay);
    for ( i = 0; i < PAGE_SIZE; i++ )
        if ( back[i] != (uint8_t)(i * 13 + 5) )
            test_fail("copy from pong's grant differs at byte %u", i);
    /* And a copy into it shows through the mapping. */
    for ( i = 0; i < 64; i++ )
        data[i] = 0xa0 + i;
    CHECK_EQ(copy(pong, buf, data, true, 64), GNTST_okay);
    CHECK_EQ(win[0], 0xa0);
    CHECK_EQ(win[63], 0xa0 + 63);
    CHECK_EQ(win[64], (uint8_t)(64 * 13 + 5));
    CHECK_EQ(unmap(winva, h), GNTST_okay);

    /* Read-only: no writable map, no copy into it; reading works. */
    CHECK_EQ(map(winva, robuf, pong, 0, NULL), GNTST_general_error);
    CHECK_EQ(map(winva, robuf, pong, GNTMAP_readonly, &h), GNTST_okay);
    CHECK_EQ(probe_write(win, 1), 14);
    CHECK_EQ(unmap(winva, h), GNTST_okay);
    CHECK_EQ(copy(pong, robuf, data, true, 8), GNTST_general_error);
    CHECK_EQ(copy(pong, robuf, back, false, 8), GNTST_okay);

    /* Hostile: pong's grant to bystander, refs past pong's table, wrong domains. */
    CHECK_EQ(map(winva, robuf - 1, pong, GNTMAP_readonly, NULL), GNTST_general_error);
    CHECK_EQ(copy(pong, robuf - 1, back, false, 8), GNTST_general_error);
    CHECK_EQ(map(winva, 512, pong, 0, NULL), GNTST_bad_gntref);
    CHECK_EQ(map(winva, 1U << 20, pong, 0, NULL), GNTST_bad_gntref);
    CHECK_EQ(copy(pong, 1U << 20, back, false, 8), GNTST_bad_gntref);
    CHECK_EQ(map(winva, buf, 0x7000, 0, NULL), GNTST_bad_domain);
    CHECK_EQ(copy(0x7000, buf, back, false, 8), GNTST_bad_domain);
    /* pong's ref in our own table is our grant to pong, not to us. */
    CHECK_EQ(map(winva, mine, self, 0, NULL), GNTST_general_error);
    /* Its page is pong's: not a frame we may copy to by number. */
    {
        struct gnttab_copy c = {
            .source = { .u.gmfn = virt_to_mfn(data), .domid = DOMID_SELF },
            .dest = { .u.gmfn = virt_to_mfn(data), .domid = pong },
            .len = 8,
        };

        CHECK_EQ(gnttab(GNTTABOP_copy, &c), 0);
        CHECK_EQ(c.status, GNTST_permission_denied);
    }
    CHECK_EQ(set_pte(winva, win_orig), 0);
}

GUEST_TEST(domu_links)
{
    char expect[16];
    unsigned long pong;
    domid_t self;
    bool privileged;

    if ( !cmdline_uint("xh.peer.ring", &pong) )
    {
        test_info("skipped: no xh.* link parameters (not a boot-time domain)");
        return;
    }
    self = param("xh.domid");
    if ( !cmdline_value("expect", expect, sizeof(expect)) )
        test_fail("no expect=privileged|unprivileged on the command line");
    privileged = !strcmp(expect, "privileged");
    test_info("d%u (%s), peer pong d%lu, cmdline '%s'", self, expect, pong,
              (const char *)start_info->cmd_line);
    check_start_info(privileged);
    check_evtchn(self, pong, privileged);
    check_grants(self, pong);
}

/*
 * 32-bit PAE guests only (arch/x86_32): the rules of PAE L3 tables, the
 * hypervisor's hole at the top of the 4 GiB and the M2P in it, and guest
 * pointers that reach or wrap past the hole.  No reference: Debian's Xen
 * 4.17 has no 32-bit PV; the expected values are Xen's rules as its
 * sources state them (mm.c: l3_disallow_mask, promote_l3_table,
 * compat argument checks).
 */
#include "guest.h"
#include <public/callback.h>

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

static long mmu(uint64_t ptr, uint64_t val)
{
    struct mmu_update req = { .ptr = ptr | MMU_NORMAL_PT_UPDATE, .val = val };

    return HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF);
}

/*
 * mmu_update on a pinned PAE L3 (l3, slot 3 = l2) and on its slot-3 L2,
 * as Xen's mod_l3_entry and mod_l2_entry allow: slots 0..2 with the
 * checks of validation, never slot 3 and above, never the hypervisor's
 * entries of the slot-3 L2.  l2b: a spare (read-only) page.
 */
static void mmu_update_pae(pgentry_t *l3, pgentry_t *l2, pgentry_t *l2b)
{
    uint64_t l3_ma = virt_to_maddr(l3), l2_ma = virt_to_maddr(l2);
    pgentry_t l2b_e = virt_to_maddr(l2b) | _PAGE_PRESENT;
    pgentry_t slot3 = l3[3];
    unsigned int i;

    CHECK_EQ(ext(MMUEXT_PIN_L3_TABLE, virt_to_mfn(l3)), 0);
    CHECK_EQ(mmu(l3_ma, l2b_e), 0);
    /* Present L3 entries are made writable and user-accessible. */
    CHECK_EQ(l3[0], l2b_e | _PAGE_RW | _PAGE_USER);
    /* ... and hold an L2 type: l2b cannot become an L1 now. */
    CHECK_ERR(ext(MMUEXT_PIN_L1_TABLE, virt_to_mfn(l2b)), EINVAL);
    CHECK_ERR(mmu(l3_ma + 8, l2b_e | 0x008), EINVAL);        /* PWT */
    CHECK_ERR(mmu(l3_ma + 16, l2b_e | (1ULL << 63)), EINVAL); /* NX */
    CHECK_EQ(l3[1], 0);
    CHECK_EQ(l3[2], 0);
    /* The slot-3 L2 is of its own kind: no other slot may name it. */
    CHECK_ERR(mmu(l3_ma + 8, virt_to_maddr(l2) | _PAGE_PRESENT), EINVAL);
    /* Slot 3 and the cleared slots above: not while it is an L3. */
    CHECK_ERR(mmu(l3_ma + 24, slot3), EINVAL);
    CHECK_ERR(mmu(l3_ma + 24, 0), EINVAL);
    CHECK_ERR(mmu(l3_ma + 32, 0), EINVAL);
    CHECK_ERR(mmu(l3_ma + 8 * 511, 0), EINVAL);
    CHECK_EQ(l3[3], slot3);
    CHECK_EQ(mmu(l3_ma, 0), 0);
    /* The L2 type went with the entry. */
    CHECK_EQ(ext(MMUEXT_PIN_L1_TABLE, virt_to_mfn(l2b)), 0);
    CHECK_EQ(ext(MMUEXT_UNPIN_TABLE, virt_to_mfn(l2b)), 0);

    /* The slot-3 L2: the guest's entries yes, the hypervisor's never. */
    CHECK_EQ(mmu(l2_ma, 0), 0);
    CHECK_EQ(mmu(l2_ma + 8 * (XEN_L2_SLOT - 1), 0), 0);
    for ( i = XEN_L2_SLOT; i < 512; i += 83 )
        CHECK_ERR(mmu(l2_ma + 8 * i, 0), EPERM);
    CHECK(l2[XEN_L2_SLOT] & _PAGE_PRESENT);
    CHECK_EQ(ext(MMUEXT_UNPIN_TABLE, virt_to_mfn(l3)), 0);
}

/*
 * multicall with 32-bit entries: each call goes through the 32-bit
 * translation (update_va_mapping's PTE in two halves), results are
 * 32-bit words; arrays into the hole, past 4 GiB or too long: -EFAULT.
 */
static void multicall_compat(void)
{
    volatile uint8_t *a = page_alloc();
    pgentry_t orig = pte_read((unsigned long)a, 1);
    pgentry_t nx = orig | (1ULL << 63);
    multicall_entry_t calls[3] = {
        { .op = __HYPERVISOR_update_va_mapping,
          .args = { (unsigned long)a, (uint32_t)nx, (uint32_t)(nx >> 32),
                    UVMF_INVLPG } },
        { .op = __HYPERVISOR_mmu_update,
          .args = { 0xfffffff0UL, 1, 0, DOMID_SELF } },
        { .op = __HYPERVISOR_memory_op,
          .args = { XENMEM_maximum_ram_page, 0 } },
    };

    _Static_assert(sizeof(multicall_entry_t) == 32, "32-bit entries");
    a[0] = 1;
    CHECK_EQ(HYPERVISOR_multicall(calls, 3), 0);
    CHECK_EQ(calls[0].result, 0);
    CHECK_EQ(pte_read((unsigned long)a, 1), nx);
    CHECK_EQ((long)calls[1].result, -XEN_EFAULT);
    CHECK_EQ((long)calls[2].result,
             HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL));
    CHECK_EQ(set_pte((unsigned long)a, orig), 0);
    CHECK_EQ(a[0], 1);

    CHECK_ERR(HYPERVISOR_multicall((void *)(HOLE_START - 16), 1), EFAULT);
    CHECK_ERR(HYPERVISOR_multicall((void *)0xffffffe0UL, 1), EFAULT);
    /* 2^27 entries of 32 bytes: 4 GiB, more than a 32-bit guest has. */
    CHECK_ERR(HYPERVISOR_multicall(calls, 1U << 27), EFAULT);
    CHECK_ERR(HYPERVISOR_mmu_update((void *)calls, 1U << 28, NULL,
                                    DOMID_SELF), EFAULT);
    CHECK_ERR(HYPERVISOR_mmu_update((void *)(HOLE_START - 8), 1, NULL,
                                    DOMID_SELF), EFAULT);
}

/*
 * memory_op: the M2P's 32-bit whereabouts, extent lists of 32-bit frame
 * numbers that run into the hole or past 4 GiB, counts that overflow.
 */
static void memory_op_compat(void)
{
    struct xen_machphys_mapping mm;
    struct xen_machphys_mfn_list l = { .max_extents = 16 };
    struct xen_memory_reservation r = { .nr_extents = 2, .domid = DOMID_SELF };
    struct xen_memory_exchange x = {
        .in = { .nr_extents = 1, .domid = DOMID_SELF },
        .out = { .nr_extents = 1, .domid = DOMID_SELF },
    };
    xen_pfn_t frames[16], frames2[16], f = 0;

    _Static_assert(sizeof(r) == 20 && sizeof(x) == 44 && sizeof(mm) == 12,
                   "32-bit layouts");
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_machphys_mapping, &mm), 0);
    CHECK_EQ(mm.v_start, HOLE_START);
    CHECK_EQ(mm.v_end, 0xf6800000UL);
    CHECK_EQ(mm.max_mfn, (0xf6800000UL - HOLE_START) / 4 - 1);

    /* One frame per 2 MiB of the 16 MiB M2P; the compat list is the same. */
    set_xen_guest_handle(l.extent_start, frames);
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_machphys_mfn_list, &l), 0);
    CHECK(l.nr_extents >= 1 && l.nr_extents <= 8);
    set_xen_guest_handle(l.extent_start, frames2);
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_machphys_compat_mfn_list, &l), 0);
    CHECK_EQ(frames2[0], frames[0]);
    set_xen_guest_handle(l.extent_start, (void *)(HOLE_START - 2));
    CHECK_ERR(HYPERVISOR_memory_op(XENMEM_machphys_mfn_list, &l), EFAULT);

    /* Reservation lists into the hole, past 4 GiB, too long: nothing done. */
    set_xen_guest_handle(r.extent_start, (void *)(HOLE_START - 4));
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r), 0);
    set_xen_guest_handle(r.extent_start, (void *)0xfffffffcUL);
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), 0);
    set_xen_guest_handle(r.extent_start, &f);
    r.nr_extents = 0x40000000;          /* 4 GiB of 4-byte entries */
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r), 0);
    CHECK_EQ(HYPERVISOR_memory_op(XENMEM_decrease_reservation,
                                  (void *)(HOLE_START - 8)), 0);

    /* Exchange: 32-bit overflow of the sizes, lists into the hole. */
    set_xen_guest_handle(x.in.extent_start, &f);
    set_xen_guest_handle(x.out.extent_start, (void *)(HOLE_START - 2));
    CHECK_ERR(HYPERVISOR_memory_op(XENMEM_exchange, &x), EFAULT);
    x.in.nr_extents = x.out.nr_extents = 0x80000000UL;
    x.in.extent_order = x.out.extent_order = 1;
    CHECK_ERR(HYPERVISOR_memory_op(XENMEM_exchange, &x), EINVAL);
    CHECK_ERR(HYPERVISOR_memory_op(XENMEM_exchange, (void *)0xffffffe0UL),
              EFAULT);
}

/* grant_table_op: the translated layouts' pointers and counts. */
static void grant_table_compat(void)
{
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 1 };
    struct gnttab_copy c[2];

    _Static_assert(sizeof(st) == 16 && sizeof(c[0]) == 24, "32-bit layouts");
    set_xen_guest_handle(st.frame_list, (void *)(HOLE_START - 2));
    CHECK_ERR(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1), EFAULT);
    CHECK_ERR(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 2), EINVAL);
    CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 0), 0);
    CHECK_ERR(HYPERVISOR_grant_table_op(GNTTABOP_setup_table,
                                        (void *)(HOLE_START - 8), 1), EFAULT);
    CHECK_ERR(HYPERVISOR_grant_table_op(GNTTABOP_copy,
                                        (void *)(HOLE_START - 40), 2), EFAULT);
    CHECK_ERR(HYPERVISOR_grant_table_op(GNTTABOP_copy, c, 0x0aaaaaab), EFAULT);
    CHECK_ERR(HYPERVISOR_grant_table_op(GNTTABOP_copy, c, 0x80000000U), EINVAL);
    CHECK_ERR(HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref,
                                        (void *)0xfffffff0UL, 1), EFAULT);
}

/*
 * MMUEXT_NEW_BASEPTR with a PAE L3: a copy of our tables (slots 0..2 the
 * same L2s, slot 3 an L2 of its own with the same guest entries), run on
 * and left; the vCPU holds the L3's type while it runs on it.  Frames
 * that cannot be an L3: -EINVAL; no user base pointer for 32-bit guests.
 */
static void new_baseptr(void)
{
    xen_pfn_t cur = top_table_mfn();
    const pgentry_t *l3 = mfn_to_virt(cur);
    const pgentry_t *l2_3 = mfn_to_virt((l3[3] & PTE_ADDR_MASK) >> PAGE_SHIFT);
    pgentry_t *nl3 = page_alloc(), *nl2 = page_alloc();
    static volatile unsigned int marker = 0x600d;
    unsigned int i;

    for ( i = 0; i < XEN_L2_SLOT; i++ )
        nl2[i] = l2_3[i];
    for ( i = 0; i < 3; i++ )
        nl3[i] = l3[i];
    nl3[3] = virt_to_maddr(nl2) | _PAGE_PRESENT;
    make_readonly(nl2);
    make_readonly(nl3);
    CHECK_EQ(ext(MMUEXT_PIN_L3_TABLE, virt_to_mfn(nl3)), 0);
    CHECK_EQ(ext(MMUEXT_NEW_BASEPTR, virt_to_mfn(nl3)), 0);
    CHECK_EQ(ext(MMUEXT_UNPIN_TABLE, virt_to_mfn(nl3)), 0);
    /* Running on it: our memory and the hole's M2P are there. */
    CHECK_EQ(marker, 0x600d);
    CHECK_EQ(((const uint32_t *)HOLE_START)[virt_to_mfn(nl3)],
             virt_to_pfn(nl3));
    /* Unpinned, but still the vCPU's L3: no writable mapping of it. */
    CHECK_ERR(HYPERVISOR_update_va_mapping((unsigned long)nl3,
                                           virt_to_maddr(nl3) | PTE_RW,
                                           UVMF_INVLPG), EBUSY);
    /* The same L3 again is a flush. */
    CHECK_EQ(ext(MMUEXT_NEW_BASEPTR, virt_to_mfn(nl3)), 0);

    /* Not L3s: the slot-3 L2, a writable page, a frame not ours. */
    CHECK_ERR(ext(MMUEXT_NEW_BASEPTR, virt_to_mfn(nl2)), EINVAL);
    CHECK_ERR(ext(MMUEXT_NEW_BASEPTR, virt_to_mfn(page_alloc())), EINVAL);
    CHECK_ERR(ext(MMUEXT_NEW_BASEPTR, 0xfffff), EINVAL);
    CHECK_ERR(ext(MMUEXT_NEW_USER_BASEPTR, 0), EINVAL);

    /* Back: the copy loses its last type reference, and may be written. */
    CHECK_EQ(ext(MMUEXT_NEW_BASEPTR, cur), 0);
    CHECK_EQ(marker, 0x600d);
    make_writable(nl3);
    make_writable(nl2);
}

/*
 * Descriptors of a 32-bit guest (update_descriptor into a page of ours):
 * no 64-bit code; a flat segment ending at the old PAE M2P end
 * (0xF6800000) reaches 4 GiB; DPL 0 becomes 1; a call gate may have a
 * parameter count.
 */
static void descriptors_compat(void)
{
    uint64_t *p = page_alloc();

    CHECK_ERR(HYPERVISOR_update_descriptor(virt_to_maddr(p),
                                           0x00af9b000000ffffULL), EINVAL);
    CHECK_EQ(p[0], 0);
    CHECK_EQ(HYPERVISOR_update_descriptor(virt_to_maddr(p),
                                          0x00cfb300000067ffULL), 0);
    CHECK_EQ(p[0], 0x00cfb3000000ffffULL);
    /* Not from base 0, or short of the hole: as given. */
    CHECK_EQ(HYPERVISOR_update_descriptor(virt_to_maddr(&p[1]),
                                          0x01cfb300000067ffULL), 0);
    CHECK_EQ(p[1], 0x01cfb300000067ffULL);
    CHECK_EQ(HYPERVISOR_update_descriptor(virt_to_maddr(&p[2]),
                                          0x00c59b000000ffffULL), 0);
    CHECK_EQ(p[2], 0x00c5bb000000ffffULL);
    CHECK_EQ(HYPERVISOR_update_descriptor(virt_to_maddr(&p[3]),
                                          0x0000ec05e0190000ULL), 0);
    CHECK_EQ(p[3], 0x00008c05e01b0000ULL);
}

/*
 * Runstate and time areas: the address is the low half of the 64-bit
 * union (the upper half is ignored); the runstate area has the 44-byte
 * 32-bit layout, and may end right at the hole.
 */
static void areas_compat(void)
{
    static struct {
        struct vcpu_runstate_info r;
        uint32_t canary;
    } rs;
    static struct vcpu_time_info t __attribute__((aligned(64)));
    struct vcpu_register_runstate_memory_area area;
    struct vcpu_register_time_memory_area tarea;

    _Static_assert(sizeof(rs.r) == 44, "32-bit layout");
    memset(&rs.r, 0xff, sizeof(rs.r));
    rs.canary = 0xc0ffee;
    area.addr.p = 0xdead000000000000ULL | (unsigned long)&rs.r;
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0,
                                &area), 0);
    CHECK_EQ(rs.r.state, RUNSTATE_running);
    CHECK(rs.r.state_entry_time <= now_ns());
    CHECK(rs.r.time[RUNSTATE_running] < ~0ULL);
    CHECK_EQ(rs.canary, 0xc0ffee);
    area.addr.p = HOLE_START - 44;
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0,
                                &area), 0);
    area.addr.p = HOLE_START - 40;
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0,
                                 &area), EFAULT);
    area.addr.p = 0;
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0,
                                &area), 0);

    tarea.addr.p = 0xbeef000000000000ULL | (unsigned long)&t;
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0,
                                &tarea), 0);
    CHECK(t.version != 0 && !(t.version & 1));
    CHECK(t.tsc_to_system_mul != 0);
    tarea.addr.p = 0;
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0,
                                &tarea), 0);
}

extern char upcall_entry[];

/*
 * callback_op with cs:eip addresses: an event callback registered with a
 * ring-0 selector (made RPL 1) through which events are delivered; the
 * 64-bit syscall callback does not exist for 32-bit guests.  stack_switch and fpu_taskswitch take 32-bit arguments
 * as they are; set_segment_base is 64-bit only (-ENOSYS, as in Xen).
 */
static void callbacks_compat(void)
{
    struct callback_register r = {
        .type = CALLBACKTYPE_event,
        .address = { .cs = FLAT_KERNEL_CS & ~3,
                     .eip = (unsigned long)upcall_entry },
    };
    struct callback_unregister u = { .type = CALLBACKTYPE_syscall };
    struct evtchn_bind_ipi bi = { .vcpu = 0 };
    struct evtchn_send snd;
    struct evtchn_close cl;
    unsigned int before;

    _Static_assert(sizeof(r) == 12, "32-bit layout");
    CHECK_EQ(HYPERVISOR_callback_op(CALLBACKOP_register, &r), 0);
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &bi), 0);
    CHECK(bi.port < EVTCHN_TRACKED);
    before = evtchn_deliveries[bi.port];
    snd.port = bi.port;
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_send, &snd), 0);
    CHECK_EQ(evtchn_deliveries[bi.port], before + 1);
    cl.port = bi.port;
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_close, &cl), 0);

    r.type = CALLBACKTYPE_syscall;
    CHECK_ERR(HYPERVISOR_callback_op(CALLBACKOP_register, &r), ENOSYS);
    CHECK_ERR(HYPERVISOR_callback_op(CALLBACKOP_unregister, &u), ENOSYS);
    u.type = CALLBACKTYPE_event;
    CHECK_ERR(HYPERVISOR_callback_op(CALLBACKOP_unregister, &u), EINVAL);
    CHECK_ERR(HYPERVISOR_callback_op(CALLBACKOP_register,
                                     (void *)(HOLE_START - 8)), EFAULT);

    CHECK_EQ(HYPERVISOR_fpu_taskswitch(1), 0);
    CHECK_EQ(HYPERVISOR_fpu_taskswitch(0), 0);
    CHECK_ERR(HYPERVISOR_set_segment_base(0 /* 64-bit SEGBASE_FS */, 0), ENOSYS);
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
    mmu_update_pae(l3, l2, l2b);
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
    multicall_compat();
    memory_op_compat();
    grant_table_compat();
    new_baseptr();
    descriptors_compat();
    callbacks_compat();
    areas_compat();
}

/*
 * Preemptible validation of big page-table trees: MMUEXT_PIN_L4_TABLE of
 * a tree mapping 256 MiB (an L4, L3, L2 and 128 L1 tables, every L1
 * entry a read-only mapping of one data page) and MMUEXT_NEW_BASEPTR of
 * such a tree not validated yet.  The hypervisor validates it in steps,
 * the guest repeating the hypercall in between (Xen's hypercall
 * continuation), so a one-shot timer set just before fires during the
 * pin: its upcall interrupts us at the SYSCALL of the mmuext_op stub.
 * (Xen 4.17 gives no such upcall during the NEW_BASEPTR, so there it is
 * only reported.)
 * An invalid entry met last (a superpage in the L2's last slot, after
 * all the L1s) fails the whole pin (-EINVAL) and
 * leaves no type behind on any table of the tree (each can be mapped
 * writable again); once fixed, the pin succeeds, and after the unpin
 * the tables are free of types again.
 *
 * The tables are frames of ours outside the initial mapping (pfns from
 * nr_pages / 2 on), written with mmu_update.
 *
 * The 32-bit kernel pins the tree's L2 itself (a PAE L3's validation is
 * not preemptible here: compat.md), and its NEW_BASEPTR names a PAE L3
 * (our own slot 0, the tree's L2 in slot 1, an empty L2 of its own in
 * slot 3 for the hypervisor's entries).
 */
#include "guest.h"

#define NR_L1           128
#define FIRST_PFN       (start_info->nr_pages / 2)
#define BATCH           512

#if PT_LEVELS == 4
/*
 * Tables: [0] the L4 to pin (the tree in slot 0), [1] L3, [2] L2, [3] the
 * L4 for NEW_BASEPTR (our own slot 0, the tree in slot 1), [4..] the L1s.
 */
#define PIN_TOP         0
#define PIN_CMD         MMUEXT_PIN_L4_TABLE
#define BASE_TOP        3
#define FIRST_L1        4
#else
/*
 * Tables: [2] the L2 to pin, [3] the L3 for NEW_BASEPTR, [4] its slot-3
 * L2, [5..] the L1s; [0] and [1] stay unused.
 */
#define PIN_TOP         2
#define PIN_CMD         MMUEXT_PIN_L2_TABLE
#define BASE_TOP        3
#define BASE_SLOT3_L2   4
#define FIRST_L1        5
#endif
#define NR_TABLES       (FIRST_L1 + NR_L1)

static xen_pfn_t table_mfn(unsigned int t)
{
    return pfn_to_mfn(FIRST_PFN + t);
}

static uint64_t table_maddr(unsigned int t, unsigned int i)
{
    return ((uint64_t)table_mfn(t) << PAGE_SHIFT) + i * sizeof(pgentry_t);
}

static struct mmu_update reqs[BATCH];

/* Write all 512 entries of table t: fill(i) each. */
static void write_table(unsigned int t, pgentry_t (*fill)(unsigned int i))
{
    unsigned int i, done = 0;

    for ( i = 0; i < BATCH; i++ )
    {
        reqs[i].ptr = table_maddr(t, i) | MMU_NORMAL_PT_UPDATE;
        reqs[i].val = fill(i);
    }
    CHECK_EQ(HYPERVISOR_mmu_update(reqs, BATCH, &done, DOMID_SELF), 0);
    CHECK_EQ(done, BATCH);
}

static pgentry_t data_entry;
static pgentry_t l1_fill(unsigned int i)
{
    (void)i;
    return data_entry;
}

static pgentry_t l2_fill(unsigned int i)
{
    return i < NR_L1 ? ((pgentry_t)table_mfn(FIRST_L1 + i) << PAGE_SHIFT) | PTE_RW : 0;
}

/* Our own slot 0 (we keep running on this table), the tree in slot 1. */
static pgentry_t top_own_slot0;
#if PT_LEVELS == 4
static pgentry_t l3_fill(unsigned int i)
{
    return i == 0 ? ((pgentry_t)table_mfn(2) << PAGE_SHIFT) | PTE_RW : 0;
}

static pgentry_t pin_l4_fill(unsigned int i)
{
    return i == 0 ? ((pgentry_t)table_mfn(1) << PAGE_SHIFT) | PTE_RW : 0;
}

static pgentry_t base_top_fill(unsigned int i)
{
    if ( i == 1 )
        return ((pgentry_t)table_mfn(1) << PAGE_SHIFT) | PTE_RW;
    return i == 0 ? top_own_slot0 : 0;
}
#else
static pgentry_t empty_fill(unsigned int i)
{
    (void)i;
    return 0;
}

static pgentry_t base_top_fill(unsigned int i)
{
    if ( i == 1 )
        return ((pgentry_t)table_mfn(2) << PAGE_SHIFT) | _PAGE_PRESENT;
    if ( i == 3 )
        return ((pgentry_t)table_mfn(BASE_SLOT3_L2) << PAGE_SHIFT) |
               _PAGE_PRESENT;
    return i == 0 ? top_own_slot0 : 0;
}
#endif

static long mmuext(unsigned int cmd, xen_pfn_t mfn)
{
    struct mmuext_op op = { .cmd = cmd, .arg1.mfn = mfn };

    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/*
 * Upcalls that interrupted the mmuext_op hypercall: at its stub's SYSCALL
 * (0f 05; 32-bit: int $0x82, cd 82) about to be executed again, where a
 * continuation leaves us; a finished call returns past it.
 */
#if BITS_PER_LONG == 64
#define HYPERCALL_INSN0 0x0f
#define HYPERCALL_INSN1 0x05
#else
#define HYPERCALL_INSN0 0xcd
#define HYPERCALL_INSN1 0x82
#endif
static unsigned int upcalls_in_mmuext;
static bool note_upcall(struct trap_frame *f)
{
    unsigned long stub = (unsigned long)hypercall_page +
                         __HYPERVISOR_mmuext_op * 32;
    const uint8_t *ip = (const uint8_t *)frame_ip(f);

    if ( f->vector == TRAP_UPCALL && frame_ip(f) >= stub &&
         frame_ip(f) < stub + 30 && ip[0] == HYPERCALL_INSN0 &&
         ip[1] == HYPERCALL_INSN1 )
        upcalls_in_mmuext++;
    return false;
}

/*
 * op on table t with a one-shot timer 5 ms ahead: its result; *during:
 * the timer's upcall arrived while the hypercall was being continued.
 */
static long timed(unsigned int cmd, unsigned int t, bool *during, uint64_t *took)
{
    uint64_t start;
    long rc;

    upcalls_in_mmuext = 0;
    trap_hook = note_upcall;
    start = now_ns();
    CHECK_EQ(HYPERVISOR_set_timer_op(start + 5000000), 0);
    rc = mmuext(cmd, table_mfn(t));
    *took = now_ns() - start;
    trap_hook = NULL;
    *during = upcalls_in_mmuext > 0;
    return rc;
}

/*
 * Pin table t (PIN_CMD) with timed() until the upcall comes during the call (3
 * tries: under TCG on a loaded host the timer may expire before the
 * hypercall starts), unpinning each try that succeeded without it.
 */
static void pin_preempted(unsigned int t)
{
    unsigned int tries;
    bool during;
    uint64_t took;

    for ( tries = 0; tries < 3; tries++ )
    {
        CHECK_EQ(timed(PIN_CMD, t, &during, &took), 0);
        test_info("pin took %llu us, timer upcall during it: %s",
                  (unsigned long long)took / 1000, during ? "yes" : "no");
        if ( during )
            return;
        CHECK_EQ(mmuext(MMUEXT_UNPIN_TABLE, table_mfn(t)), 0);
    }
    test_fail("no timer event during the pin in 3 tries");
}

/* Can frame mfn be mapped writable (it has no page-table type)? */
static long writable_probe(void *scratch, xen_pfn_t mfn)
{
    long rc = set_pte((unsigned long)scratch,
                      ((pgentry_t)mfn << PAGE_SHIFT) | PTE_RW);

    CHECK_EQ(set_pte((unsigned long)scratch, virt_to_maddr(scratch) | PTE_RW), 0);
    return rc;
}

static void check_untyped(void *scratch)
{
    CHECK_EQ(writable_probe(scratch, table_mfn(0)), 0);
    CHECK_EQ(writable_probe(scratch, table_mfn(1)), 0);
    CHECK_EQ(writable_probe(scratch, table_mfn(2)), 0);
    CHECK_EQ(writable_probe(scratch, table_mfn(3)), 0);
    CHECK_EQ(writable_probe(scratch, table_mfn(FIRST_L1)), 0);
    CHECK_EQ(writable_probe(scratch, table_mfn(NR_TABLES - 1)), 0);
}

GUEST_TEST(pt_preempt)
{
    struct evtchn_bind_virq bv = { .virq = VIRQ_TIMER, .vcpu = 0 };
    struct evtchn_close close;
    void *data = page_alloc(), *scratch = page_alloc();
    const pgentry_t *own_top = mfn_to_virt(top_table_mfn());
    unsigned int t, done = 0;
    bool during;
    uint64_t took;

    CHECK(FIRST_PFN + NR_TABLES < start_info->nr_pages - 1);
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv), 0);
    events_unmask();

    data_entry = virt_to_maddr(data) | PTE_RO;
    top_own_slot0 = own_top[0];
    for ( t = FIRST_L1; t < NR_TABLES; t++ )
        write_table(t, l1_fill);
    write_table(2, l2_fill);
#if PT_LEVELS == 4
    write_table(1, l3_fill);
    write_table(PIN_TOP, pin_l4_fill);
#else
    /* A PAE L3 keeps its flags to the present bit (compat.md). */
    top_own_slot0 &= ~(pgentry_t)(PAGE_SIZE - 1) | _PAGE_PRESENT;
    write_table(BASE_SLOT3_L2, empty_fill);
#endif
    write_table(BASE_TOP, base_top_fill);

    /*
     * A bad entry found last, after all the L1s: a superpage in the L2's
     * last entry (no PSE in PV tables).
     */
    reqs[0].ptr = table_maddr(2, 511) | MMU_NORMAL_PT_UPDATE;
    reqs[0].val = data_entry | _PAGE_PSE;
    CHECK_EQ(HYPERVISOR_mmu_update(reqs, 1, &done, DOMID_SELF), 0);
    CHECK_ERR(timed(PIN_CMD, PIN_TOP, &during, &took), EINVAL);
    test_info("failed pin took %llu us, timer upcall during it: %s",
              (unsigned long long)took / 1000, during ? "yes" : "no");
    /*
     * Xen 4.17 leaves the types of the table that failed to the next
     * mmuext_op (its old_guest_table), so one goes first: nothing pinned.
     * (It keeps one such table per vCPU: had the L4 or L3 also validated
     * entries before the failing one, the L2's types would stay behind
     * for good.  The tree is in slot 0 of both so that Xen cleans up
     * too; ours drops everything at once in any case.)
     */
    CHECK_ERR(mmuext(MMUEXT_UNPIN_TABLE, table_mfn(PIN_TOP)), EINVAL);
    check_untyped(scratch);

    /* Fixed: the pin goes through, in steps. */
    reqs[0].val = 0;
    CHECK_EQ(HYPERVISOR_mmu_update(reqs, 1, &done, DOMID_SELF), 0);
    pin_preempted(PIN_TOP);
    CHECK_ERR(writable_probe(scratch, table_mfn(NR_TABLES - 1)), EBUSY);
    CHECK_ERR(mmuext(PIN_CMD, table_mfn(PIN_TOP)), EINVAL);
    CHECK_EQ(mmuext(MMUEXT_UNPIN_TABLE, table_mfn(PIN_TOP)), 0);
    check_untyped(scratch);

    /*
     * NEW_BASEPTR to the unvalidated tree (our own slot 0 included, so we
     * keep running), in steps too; back to our table drops it all.
     */
    CHECK_EQ(timed(MMUEXT_NEW_BASEPTR, BASE_TOP, &during, &took), 0);
    test_info("new_baseptr took %llu us, timer upcall during it: %s",
              (unsigned long long)took / 1000, during ? "yes" : "no");
    CHECK_EQ(mmuext(MMUEXT_NEW_BASEPTR, top_table_mfn()), 0);
    check_untyped(scratch);

    close.port = bv.port;
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_close, &close), 0);
}

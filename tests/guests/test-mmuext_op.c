/*
 * mmuext_op: pinning and unpinning tables of every level, refusals for
 * unbalanced pins, tables still mapped writable, and a table that maps
 * itself writable; switching to a new top-level table and back; the TLB
 * flush operations; page clearing and copying (never into a table), the
 * LDT's argument checks, cache flushes, retired superpage ops; unknown
 * ops, domains and bad pointers.
 *
 * Xen's codes: a frame whose current type forbids the new one (pinned
 * twice, as another level, or mapped writable) is -EINVAL; a mapping that
 * would need a conflicting type on another frame (a writable mapping of a
 * page table, also of itself) is -EBUSY.
 *
 * In the 32-bit kernel an empty PAE L3 is no L3 (slot 3 must map the
 * hypervisor's L2): its pins and the switch to a new one are test-pae's;
 * an LDT in the hole is accepted (it maps nothing, test-ldt).
 */
#include "guest.h"

static long ext(unsigned int cmd, xen_pfn_t mfn)
{
    struct mmuext_op op = { .cmd = cmd, .arg1.mfn = mfn };

    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static long flush(unsigned int cmd, unsigned long va, const void *mask)
{
    struct mmuext_op op = { .cmd = cmd, .arg1.linear_addr = va };

    set_xen_guest_handle(op.arg2.vcpumask, mask);
    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* An empty table of 'level', pinned and unpinned, twice each. */
static void pin_cycle(unsigned int level)
{
    pgentry_t *t = page_alloc();
    xen_pfn_t mfn = virt_to_mfn(t);

    make_readonly(t);
    CHECK_EQ(ext(MMUEXT_PIN_L1_TABLE + level - 1, mfn), 0);
    CHECK_ERR(ext(MMUEXT_PIN_L1_TABLE + level - 1, mfn), EINVAL);
    /* Pinned as one level, it cannot be pinned as another. */
    CHECK_ERR(ext(MMUEXT_PIN_L1_TABLE + level % PT_LEVELS, mfn), EINVAL);
    /* Nor mapped writable while it has the type. */
    CHECK_ERR(set_pte((unsigned long)t, virt_to_maddr(t) | PTE_RW), EBUSY);
    CHECK_EQ(ext(MMUEXT_UNPIN_TABLE, mfn), 0);
    CHECK_ERR(ext(MMUEXT_UNPIN_TABLE, mfn), EINVAL);
    make_writable(t);
    t[0] = 0;
}

#if PT_LEVELS == 4
static void new_baseptr(void)
{
    const pgentry_t *cur = mfn_to_virt(top_table_mfn());
    pgentry_t *n = page_alloc();
    unsigned int i;

    /* Our lower half of the current table; the hypervisor adds its own. */
    for ( i = 0; i < TOP_GUEST_LOW_SLOTS; i++ )
        n[i] = cur[i];
    make_readonly(n);
    CHECK_EQ(ext(MMUEXT_PIN_TOP, virt_to_mfn(n)), 0);
    CHECK_EQ(ext(MMUEXT_NEW_BASEPTR, virt_to_mfn(n)), 0);
    /* Still alive, on the same mappings. */
    CHECK(!memcmp(start_info->magic, "xen-", 4));
    CHECK_EQ(ext(MMUEXT_NEW_BASEPTR, top_table_mfn()), 0);
    CHECK_EQ(ext(MMUEXT_UNPIN_TABLE, virt_to_mfn(n)), 0);
    make_writable(n);
    memset(n, 0, PAGE_SIZE);
    /* A frame still mapped writable cannot become the page table. */
    CHECK_ERR(ext(MMUEXT_NEW_BASEPTR, virt_to_mfn(n)), EINVAL);
    CHECK(!memcmp(start_info->magic, "xen-", 4));
}
#endif

/* Page operations, the LDT, cache flushes and retired ops. */
static void page_ops(void)
{
    uint8_t *a = page_alloc(), *b = page_alloc();
    pgentry_t *t = page_alloc();
    struct mmuext_op op = { .cmd = MMUEXT_COPY_PAGE };
    unsigned int i;

    for ( i = 0; i < PAGE_SIZE; i++ )
        a[i] = i * 3;
    op.arg1.mfn = virt_to_mfn(b);
    op.arg2.src_mfn = virt_to_mfn(a);
    CHECK_EQ(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
    CHECK(!memcmp(a, b, PAGE_SIZE));
    CHECK_EQ(ext(MMUEXT_CLEAR_PAGE, virt_to_mfn(a)), 0);
    CHECK_EQ(a[1] | a[PAGE_SIZE - 1], 0);

    /* Page tables are never written this way. */
    make_readonly(t);
    CHECK_EQ(ext(MMUEXT_PIN_L1_TABLE, virt_to_mfn(t)), 0);
    CHECK_ERR(ext(MMUEXT_CLEAR_PAGE, virt_to_mfn(t)), EINVAL);
    op.arg1.mfn = virt_to_mfn(t);
    CHECK_ERR(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), EINVAL);
    /* ... nor can a frame mapped writable become a top-level table. */
    CHECK_ERR(ext(MMUEXT_NEW_USER_BASEPTR, virt_to_mfn(b)), EINVAL);
    CHECK_EQ(ext(MMUEXT_UNPIN_TABLE, virt_to_mfn(t)), 0);
    make_writable(t);
    CHECK_ERR(ext(MMUEXT_CLEAR_PAGE, ~0UL >> PAGE_SHIFT), EINVAL);

    /* SET_LDT: page-aligned guest addresses, at most 8192 entries. */
    op.cmd = MMUEXT_SET_LDT;
    op.arg1.linear_addr = (unsigned long)a + 8;
    op.arg2.nr_ents = 1;
    CHECK_ERR(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), EINVAL);
    op.arg1.linear_addr = (unsigned long)a;
    op.arg2.nr_ents = 8193;
    CHECK_ERR(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), EINVAL);
    op.arg1.linear_addr = HYPERVISOR_VIRT_START;
    op.arg2.nr_ents = 1;
#if BITS_PER_LONG == 64
    CHECK_ERR(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), EINVAL);
#else
    CHECK_EQ(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
#endif
    op.arg2.nr_ents = 0;                /* no LDT: the address is ignored */
    CHECK_EQ(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);

    /* Only a domain with I/O memory may flush caches: -EACCES else. */
    if ( IS_HWDOM() )
        CHECK_EQ(ext(MMUEXT_FLUSH_CACHE, 0), 0);
    else
        CHECK_ERR(ext(MMUEXT_FLUSH_CACHE, 0), EACCES);
    CHECK_ERR(ext(MMUEXT_MARK_SUPER, virt_to_mfn(a)), EOPNOTSUPP);
    CHECK_ERR(ext(MMUEXT_UNMARK_SUPER, virt_to_mfn(a)), EOPNOTSUPP);
}

GUEST_TEST(mmuext_op)
{
    pgentry_t *t = page_alloc(), *u = page_alloc();
    unsigned long vcpus = 1;
    struct mmuext_op ops[2];
    unsigned int level, done;

    for ( level = 1; level <= (PT_LEVELS == 3 ? 2 : PT_LEVELS); level++ )
        pin_cycle(level);

    /* Still mapped writable: cannot become a page table. */
    CHECK_ERR(ext(MMUEXT_PIN_L1_TABLE, virt_to_mfn(t)), EINVAL);

    /* An L1 mapping itself writable would be a way around the rules. */
    t[0] = virt_to_maddr(t) | PTE_RW;
    make_readonly(t);
    CHECK_ERR(ext(MMUEXT_PIN_L1_TABLE, virt_to_mfn(t)), EBUSY);
    make_writable(t);
    /* Read-only self-mappings are fine. */
    t[0] = virt_to_maddr(t) | PTE_RO;
    make_readonly(t);
    CHECK_EQ(ext(MMUEXT_PIN_L1_TABLE, virt_to_mfn(t)), 0);
    /* Another L1 mapping this pinned one writable is refused too. */
    u[0] = virt_to_maddr(t) | PTE_RW;
    make_readonly(u);
    CHECK_ERR(ext(MMUEXT_PIN_L1_TABLE, virt_to_mfn(u)), EBUSY);
    make_writable(u);
    CHECK_EQ(ext(MMUEXT_UNPIN_TABLE, virt_to_mfn(t)), 0);
    make_writable(t);

#if PT_LEVELS == 4
    new_baseptr();
#endif
    page_ops();

    /* TLB flushes of every scope. */
    CHECK_EQ(flush(MMUEXT_TLB_FLUSH_LOCAL, 0, NULL), 0);
    CHECK_EQ(flush(MMUEXT_INVLPG_LOCAL, (unsigned long)t, NULL), 0);
    CHECK_EQ(flush(MMUEXT_TLB_FLUSH_ALL, 0, NULL), 0);
    CHECK_EQ(flush(MMUEXT_INVLPG_ALL, (unsigned long)t, NULL), 0);
    CHECK_EQ(flush(MMUEXT_TLB_FLUSH_MULTI, 0, &vcpus), 0);
    CHECK_EQ(flush(MMUEXT_INVLPG_MULTI, (unsigned long)t, &vcpus), 0);
    /* An unreadable vCPU mask is an invalid one here (not -EFAULT). */
    CHECK_ERR(flush(MMUEXT_TLB_FLUSH_MULTI, 0, (void *)0x1000), EINVAL);
    /* A non-canonical address is quietly not flushed. */
    CHECK_EQ(flush(MMUEXT_INVLPG_LOCAL, ARCH_BAD_ADDRS, NULL), 0);

    /* Batches: 'done' counts what completed before the bad op. */
    ops[0].cmd = MMUEXT_TLB_FLUSH_LOCAL;
    ops[1].cmd = MMUEXT_UNPIN_TABLE;
    ops[1].arg1.mfn = virt_to_mfn(t);
    done = 99;
    CHECK_ERR(HYPERVISOR_mmuext_op(ops, 2, &done, DOMID_SELF), EINVAL);
    CHECK_EQ(done, 1);

    /* Frames that do not exist, unknown ops and domains, bad pointers. */
    CHECK_ERR(ext(MMUEXT_PIN_L1_TABLE, ~0UL >> PAGE_SHIFT), EINVAL);
    CHECK_ERR(ext(99, 0), ENOSYS);
    CHECK_ERR(HYPERVISOR_mmuext_op(ops, 1, NULL, 0x7000), ESRCH);
    CHECK_ERR(HYPERVISOR_mmuext_op((void *)0x1000, 1, NULL, DOMID_SELF),
              EFAULT);
}

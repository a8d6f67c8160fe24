/*
 * vm_assist, and the writable page tables it stands for: our direct
 * writes to our own read-only L1 tables are emulated, each validated as
 * mmu_update would validate it; writes to higher-level tables are not.
 *
 * Xen 4.17 emulates L1 writes of the hardware domain even with the assist
 * off (its handler for dom0's writes to read-only MMIO takes them too),
 * so as dom0 we see emulation in both states; a domU's write with the
 * assist off is a #PF.  A 32-bit guest writes an 8-byte entry whole with
 * cmpxchg8b; it may not ask for m2p_strict.
 */
#include "guest.h"

/* Stores 'val' at 'p'; the vector of the exception it raised, or -1. */
static int try_store(volatile pgentry_t *p, pgentry_t val)
{
    unsigned int before = last_trap.count;
#if BITS_PER_LONG == 32
    pgentry_t cur = *p;

    asm volatile ( "1: lock cmpxchg8b %0\n2:\n\t" EXTABLE_ENTRY(1b, 2b)
                   : "+m" (*p), "+A" (cur)
                   : "b" ((uint32_t)val), "c" ((uint32_t)(val >> 32))
                   : "memory" );
#else
    asm volatile ( "1: mov %1, %0\n2:\n\t" EXTABLE_ENTRY(1b, 2b)
                   : "=m" (*p) : "r" (val) : "memory" );
#endif
    return last_trap.count != before ? (int)last_trap.vector : -1;
}

static void invlpg(const volatile void *va)
{
    struct mmuext_op op = { .cmd = MMUEXT_INVLPG_LOCAL,
                            .arg1.linear_addr = (unsigned long)va };

    CHECK_EQ(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
}

/* Our own page-table entry at machine address 'ma', as a pointer. */
static volatile pgentry_t *entry_at(uint64_t ma)
{
    return (volatile pgentry_t *)((uint8_t *)mfn_to_virt(ma >> PAGE_SHIFT) +
                                  (ma & (PAGE_SIZE - 1)));
}

/* A direct write remaps 'a' to 'b' and back. */
static void check_emulated(volatile uint8_t *a, volatile uint8_t *b)
{
    volatile pgentry_t *pte = entry_at(pte_maddr((unsigned long)a, 1));
    pgentry_t orig = *pte;

    CHECK_EQ(try_store(pte, virt_to_maddr((void *)b) | PTE_RW), -1);
    invlpg(a);
    CHECK_EQ(a[0], 0xbb);
    CHECK_EQ(try_store(pte, orig), -1);
    invlpg(a);
    CHECK_EQ(a[0], 0xaa);
}

/* The assist off: emulated for the hardware domain, a #PF for others. */
static void check_assist_off(volatile uint8_t *a, volatile uint8_t *b)
{
    volatile pgentry_t *pte = entry_at(pte_maddr((unsigned long)a, 1));
    pgentry_t orig = *pte;

    if ( IS_HWDOM() )
    {
        check_emulated(a, b);
        return;
    }
    CHECK_EQ(try_store(pte, virt_to_maddr((void *)b) | PTE_RW), 14);
    CHECK_EQ(last_trap.error & 3, 3);           /* present, write */
    CHECK_EQ(*pte, orig);
    CHECK_EQ(a[0], 0xaa);
}

GUEST_TEST(vm_assist)
{
    volatile uint8_t *a = page_alloc(), *b = page_alloc();
    uint64_t pte_ma = pte_maddr((unsigned long)a, 1);
    volatile pgentry_t *pte = entry_at(pte_ma), *l2e;
    pgentry_t orig = *pte, orig_l2e;

    a[0] = 0xaa;
    b[0] = 0xbb;
    check_assist_off(a, b);

    CHECK_EQ(HYPERVISOR_vm_assist(VMASST_CMD_enable,
                                  VMASST_TYPE_writable_pagetables), 0);
    check_emulated(a, b);
    /* Validated: a writable mapping of a page table is a #PF. */
    CHECK_EQ(try_store(pte, (pte_ma & PTE_ADDR_MASK) | PTE_RW), 14);
    CHECK_EQ(last_trap.error & 3, 3);           /* present, write */
    CHECK_EQ(*pte, orig);
    /* Only L1 tables are emulated. */
    l2e = entry_at(pte_maddr((unsigned long)a, 2));
    orig_l2e = *l2e;
    CHECK_EQ(try_store(l2e, orig_l2e), 14);
    CHECK_EQ(*l2e, orig_l2e);

    CHECK_EQ(HYPERVISOR_vm_assist(VMASST_CMD_disable,
                                  VMASST_TYPE_writable_pagetables), 0);
    check_assist_off(a, b);

    /* Types that do not exist, unknown commands. */
    CHECK_ERR(HYPERVISOR_vm_assist(VMASST_CMD_enable, 31), EINVAL);
    CHECK_ERR(HYPERVISOR_vm_assist(VMASST_CMD_enable, 64), EINVAL);
    CHECK_ERR(HYPERVISOR_vm_assist(7, VMASST_TYPE_writable_pagetables),
              ENOSYS);
    /* Types of Xen's masks: m2p_strict is for 64-bit guests only. */
    CHECK_EQ(HYPERVISOR_vm_assist(VMASST_CMD_enable,
                                  VMASST_TYPE_pae_extended_cr3), 0);
    CHECK_EQ(HYPERVISOR_vm_assist(VMASST_CMD_enable,
                                  VMASST_TYPE_runstate_update_flag), 0);
    CHECK_EQ(HYPERVISOR_vm_assist(VMASST_CMD_disable,
                                  VMASST_TYPE_runstate_update_flag), 0);
#if BITS_PER_LONG == 32
    CHECK_ERR(HYPERVISOR_vm_assist(VMASST_CMD_enable,
                                   VMASST_TYPE_m2p_strict), EINVAL);
#else
    CHECK_EQ(HYPERVISOR_vm_assist(VMASST_CMD_enable,
                                  VMASST_TYPE_m2p_strict), 0);
    CHECK_EQ(HYPERVISOR_vm_assist(VMASST_CMD_disable,
                                  VMASST_TYPE_m2p_strict), 0);
#endif
}

/*
 * update_va_mapping: remap one of our pages with each flush type and
 * scope; refuse the hypervisor's range, addresses with no L1 table,
 * writable mappings of page tables and unreadable vCPU masks.
 */
#include "guest.h"

static long uvm(const volatile void *va, pgentry_t val, unsigned long flags)
{
    return HYPERVISOR_update_va_mapping((unsigned long)va, val, flags);
}

GUEST_TEST(update_va_mapping)
{
    volatile uint8_t *a = page_alloc(), *b = page_alloc();
    unsigned long vcpus = 1;            /* bitmap: vCPU 0 */
    pgentry_t orig, l1;
    unsigned int idx;

    a[0] = 0xaa;
    b[0] = 0xbb;
    orig = pte_read((unsigned long)a, 1);
    CHECK_EQ(PTE_MFN(orig), virt_to_mfn((void *)a));
    CHECK(orig & _PAGE_RW);

    CHECK_EQ(uvm(a, virt_to_maddr((void *)b) | PTE_RW,
                 UVMF_INVLPG | UVMF_LOCAL), 0);
    CHECK_EQ(a[0], 0xbb);
    CHECK_EQ(PTE_MFN(pte_read((unsigned long)a, 1)), virt_to_mfn((void *)b));
    CHECK_EQ(uvm(a, orig, UVMF_TLB_FLUSH | UVMF_ALL), 0);
    CHECK_EQ(a[0], 0xaa);
    CHECK_EQ(uvm(a, virt_to_maddr((void *)b) | PTE_RW,
                 UVMF_INVLPG | UVMF_MULTI | (unsigned long)&vcpus), 0);
    CHECK_EQ(a[0], 0xbb);
    CHECK_EQ(uvm(a, orig, UVMF_TLB_FLUSH | UVMF_MULTI |
                 (unsigned long)&vcpus), 0);
    CHECK_EQ(a[0], 0xaa);

    /* Unmapped, then mapped again. */
    CHECK_EQ(uvm(a, 0, UVMF_INVLPG | UVMF_LOCAL), 0);
    CHECK_EQ(probe_read(a), 14);
    CHECK_EQ(uvm(a, orig, UVMF_INVLPG | UVMF_LOCAL), 0);
    CHECK_EQ(a[0], 0xaa);

    /* Our L1 table read-only at 'a': we can read our own entries. */
    l1 = pte_maddr((unsigned long)a, 1) & PTE_ADDR_MASK;
    idx = ((unsigned long)a >> PAGE_SHIFT) % PT_ENTRIES;
    CHECK_EQ(uvm(a, l1 | PTE_RO, UVMF_INVLPG | UVMF_LOCAL), 0);
    CHECK_EQ(PTE_MFN(((volatile pgentry_t *)a)[idx]), PTE_MFN(l1));
    /* ... but never writable. */
    CHECK_ERR(uvm(a, l1 | PTE_RW, UVMF_INVLPG | UVMF_LOCAL), EBUSY);
    CHECK_EQ(uvm(a, orig, UVMF_INVLPG | UVMF_LOCAL), 0);
    CHECK_EQ(a[0], 0xaa);

    /*
     * The frames' owner named: DOMID_SELF; our own id is -ESRCH (Xen: not
     * a foreign domain), as is a domain that does not exist.
     */
    CHECK_EQ(HYPERVISOR_update_va_mapping_otherdomain((unsigned long)a,
                 virt_to_maddr((void *)b) | PTE_RW, UVMF_INVLPG | UVMF_LOCAL,
                 DOMID_SELF), 0);
    CHECK_EQ(a[0], 0xbb);
    CHECK_ERR(HYPERVISOR_update_va_mapping_otherdomain((unsigned long)a, orig,
                  UVMF_INVLPG | UVMF_LOCAL, 0x7000), ESRCH);
    CHECK_ERR(HYPERVISOR_update_va_mapping_otherdomain((unsigned long)a, orig,
                  UVMF_INVLPG | UVMF_LOCAL, self_domid()), ESRCH);
    CHECK_EQ(a[0], 0xbb);
    CHECK_EQ(HYPERVISOR_update_va_mapping_otherdomain((unsigned long)a, orig,
                 UVMF_INVLPG | UVMF_LOCAL, DOMID_SELF), 0);
    CHECK_EQ(a[0], 0xaa);

    /* Hostile addresses and masks. */
    CHECK_ERR(uvm((void *)(HYPERVISOR_VIRT_START + 0x5000), orig,
                  UVMF_INVLPG | UVMF_LOCAL), EINVAL);
    CHECK_ERR(uvm((void *)ARCH_BAD_ADDRS, orig, UVMF_INVLPG | UVMF_LOCAL),
              EINVAL);
    /* No L1 table maps the first 4 MiB. */
    CHECK_ERR(uvm((void *)0x1000, orig, UVMF_INVLPG | UVMF_LOCAL), EINVAL);
    CHECK_ERR(uvm(a, orig, UVMF_INVLPG | UVMF_MULTI | 0x1000), EFAULT);
    CHECK_EQ(a[0], 0xaa);
}

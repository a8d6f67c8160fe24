/*
 * set_trap_table and exception bouncing: faults reach our handlers with
 * the right vector, error code and (for #PF) CR2 in vcpu_info; a handler
 * can repair a fault and resume; software interrupts reach the vectors
 * whose DPL allows them.
 */
#include "guest.h"

static unsigned long demand_va;
static uint8_t *demand_page;
static unsigned int demand_faults;

/* Maps demand_page at demand_va on first touch, as demand paging would. */
static bool demand_map(struct trap_frame *f, unsigned long cr2)
{
    (void)f;
    if ( (cr2 & ~(PAGE_SIZE - 1)) != demand_va )
        return false;
    demand_faults++;
    return set_pte(demand_va, virt_to_maddr(demand_page) | PTE_RW) == 0;
}

GUEST_TEST(traps)
{
    static struct trap_info bad_table[2];
    volatile uint8_t *ro;
    unsigned int before, lo = 1, hi = 0;

    /* #PF, not present, read: CR2 and the error code come through. */
    CHECK_EQ(probe_read((void *)0x1234), 14);
    CHECK_EQ(last_trap.cr2, 0x1234);
    CHECK_EQ(vcpu0_info->arch.cr2, 0x1234);
    /* Not present, read, and no "user" bit: the guest kernel is ring 0. */
    CHECK_EQ(last_trap.error, 0);
    CHECK_EQ(last_trap.rpl, 0);                 /* from guest kernel mode */

    /* #PF, protection, write: a page we made read-only. */
    ro = page_alloc();
    make_readonly((void *)ro);
    CHECK_EQ(probe_read(ro), -1);
    CHECK_EQ(probe_write(ro, 1), 14);
    CHECK_EQ(last_trap.cr2, (unsigned long)ro);
    CHECK_EQ(last_trap.error, 3);               /* present, write */
    make_writable((void *)ro);
    CHECK_EQ(probe_write(ro, 1), -1);

    /* A fault the handler repairs: the access completes. */
    demand_page = page_alloc();
    demand_page[5] = 0x5a;
    demand_va = (unsigned long)page_alloc();
    CHECK_EQ(set_pte(demand_va, 0), 0);
    page_fault_hook = demand_map;
    CHECK_EQ(((volatile uint8_t *)demand_va)[5], 0x5a);
    page_fault_hook = NULL;
    CHECK_EQ(demand_faults, 1);

    /* #UD, #DE, #BP, and a direct software interrupt. */
    before = last_trap.count;
    asm volatile ( "1: ud2\n2:\n\t" EXTABLE_ENTRY(1b, 2b) ::: "memory" );
    CHECK_EQ(last_trap.count, before + 1);
    CHECK_EQ(last_trap.vector, 6);
    asm volatile ( "1: divl %2\n2:\n\t" EXTABLE_ENTRY(1b, 2b)
                   : "+a" (lo), "+d" (hi) : "r" (0) : "memory" );
    CHECK_EQ(last_trap.vector, 0);
    /* int3 is a trap: rip is past it, so the fixup is the next insn. */
    asm volatile ( "int3\n1:\n\t" EXTABLE_ENTRY(1b, 1b) ::: "memory" );
    CHECK_EQ(last_trap.vector, 3);
    asm volatile ( "int $0x80\n1:\n\t" EXTABLE_ENTRY(1b, 1b) ::: "memory" );
    CHECK_EQ(last_trap.vector, 128);
    /* DPL 0 vectors cannot be raised with "int n": #GP instead. */
    asm volatile ( "1: int $14\n2:\n\t" EXTABLE_ENTRY(1b, 2b) ::: "memory" );
    CHECK_EQ(last_trap.vector, 13);
    CHECK_EQ(last_trap.count, before + 5);

    /* Hostile trap tables: unreadable; then restore ours. */
    CHECK_ERR(HYPERVISOR_set_trap_table((void *)0x1000), EFAULT);
    CHECK_ERR(HYPERVISOR_set_trap_table(
                  (void *)(HYPERVISOR_VIRT_START + 0x1000)), EFAULT);
    /* A handler inside the hypervisor's range. */
    bad_table[0].vector = 6;
    bad_table[0].cs = GUEST_KERNEL_CS;
    bad_table[0].address = HYPERVISOR_VIRT_START + 0x1000;
    /* Accepted: the address is only checked when a trap is bounced. */
    CHECK_EQ(HYPERVISOR_set_trap_table(bad_table), 0);
    CHECK_EQ(HYPERVISOR_set_trap_table(guest_trap_table()), 0);
    asm volatile ( "1: ud2\n2:\n\t" EXTABLE_ENTRY(1b, 2b) ::: "memory" );
    CHECK_EQ(last_trap.vector, 6);
}

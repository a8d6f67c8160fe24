/*
 * 32-bit PAE guests only (arch/x86_32): what the emulation of the
 * kernel's privileged instructions and page-table writes does with
 * 32-bit code and 8-byte PAE entries.  No reference (Debian's Xen 4.17
 * has no 32-bit PV); the expected values are Xen's rules as its sources
 * state them (pv/emul-priv-op.c: CR3 as compat_pfn_to_cr3, a write is
 * new_guest_cr3; pv/ro-page-fault.c: a narrower write is combined with
 * the rest of the entry, an upper half written first that makes a bad
 * present entry is written not present).
 */
#include "guest.h"

#define HOLE_START      0xf5800000UL
#define XEN_L2_SLOT     ((HOLE_START >> 21) & 511)       /* 428 */

#define READ_CR3() ({                                                   \
    unsigned long v_;                                                   \
    asm volatile ( "mov %%cr3, %0" : "=r" (v_) );                       \
    v_;                                                                 \
})

static long ext(unsigned int cmd, xen_pfn_t mfn)
{
    struct mmuext_op op = { .cmd = cmd, .arg1.mfn = mfn };

    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* mov val, %cr3: the vector it raised, or -1. */
static int try_write_cr3(unsigned long val)
{
    unsigned int before = last_trap.count;

    asm volatile ( "1: mov %0, %%cr3\n2:\n\t" EXTABLE_ENTRY(1b, 2b)
                   :: "r" (val) : "memory" );
    return last_trap.count != before ? (int)last_trap.vector : -1;
}

/*
 * mov to CR3 switches to a copy of our tables (the L3 pinned, slot 3 an
 * L2 of its own) and back, as NEW_BASEPTR; CR3 reads give the L3 in
 * xen_pfn_to_cr3's format.  A frame that cannot be an L3 (the slot-3 L2,
 * a writable page, a frame not ours) is a #GP and changes nothing.
 */
static void cr3_write(void)
{
    xen_pfn_t cur = top_table_mfn();
    const pgentry_t *l3 = mfn_to_virt(cur);
    const pgentry_t *l2_3 = mfn_to_virt((l3[3] & PTE_ADDR_MASK) >> PAGE_SHIFT);
    pgentry_t *nl3 = page_alloc(), *nl2 = page_alloc();
    static volatile unsigned int marker = 0x600d;
    unsigned int i;

    CHECK_EQ(READ_CR3(), xen_pfn_to_cr3(cur));
    for ( i = 0; i < XEN_L2_SLOT; i++ )
        nl2[i] = l2_3[i];
    for ( i = 0; i < 3; i++ )
        nl3[i] = l3[i];
    nl3[3] = virt_to_maddr(nl2) | _PAGE_PRESENT;
    make_readonly(nl2);
    make_readonly(nl3);
    CHECK_EQ(ext(MMUEXT_PIN_L3_TABLE, virt_to_mfn(nl3)), 0);

    CHECK_EQ(try_write_cr3(xen_pfn_to_cr3(virt_to_mfn(nl3))), -1);
    CHECK_EQ(READ_CR3(), xen_pfn_to_cr3(virt_to_mfn(nl3)));
    CHECK_EQ(marker, 0x600d);
    /* The same CR3 again: a flush. */
    CHECK_EQ(try_write_cr3(READ_CR3()), -1);

    CHECK_EQ(try_write_cr3(xen_pfn_to_cr3(virt_to_mfn(nl2))), 13);
    CHECK_EQ(try_write_cr3(xen_pfn_to_cr3(virt_to_mfn(page_alloc()))), 13);
    CHECK_EQ(try_write_cr3(xen_pfn_to_cr3(0xfffff)), 13);
    /* Frame bits 20..31 in CR3 bits 0..11: a frame far past our memory. */
    CHECK_EQ(try_write_cr3(xen_pfn_to_cr3(virt_to_mfn(nl3)) | 1), 13);
    CHECK_EQ(READ_CR3(), xen_pfn_to_cr3(virt_to_mfn(nl3)));

    CHECK_EQ(try_write_cr3(xen_pfn_to_cr3(cur)), -1);
    CHECK_EQ(READ_CR3(), xen_pfn_to_cr3(cur));
    CHECK_EQ(marker, 0x600d);
    CHECK_EQ(ext(MMUEXT_UNPIN_TABLE, virt_to_mfn(nl3)), 0);
    make_writable(nl3);
    make_writable(nl2);
}

/*
 * Prefixes: 12 of them before a 3-byte mov from CR0 make 15 bytes, which
 * is emulated; 13 make an instruction the CPU refuses (#GP), which the
 * hypervisor must not emulate either.  0x48 is dec %eax in 32-bit code,
 * not a REX prefix: "dec %eax; mov %cr0, %eax" runs as two instructions.
 */
static void prefixes(void)
{
    unsigned long val = 0x1234, cr0;
    unsigned int before;

    asm volatile ( "mov %%cr0, %0" : "=r" (cr0) );
    asm volatile ( ".byte 0x3e,0x3e,0x3e,0x3e,0x3e,0x3e,0x3e,0x3e,0x3e,"
                   "0x3e,0x3e,0x3e; mov %%cr0, %%eax" : "+a" (val) );
    CHECK_EQ(val, cr0);

    val = 0x1234;
    before = last_trap.count;
    asm volatile ( "1: .byte 0x3e,0x3e,0x3e,0x3e,0x3e,0x3e,0x3e,0x3e,0x3e,"
                   "0x3e,0x3e,0x3e,0x3e; mov %%cr0, %%eax\n2:\n\t"
                   EXTABLE_ENTRY(1b, 2b) : "+a" (val) :: "memory" );
    CHECK_EQ(last_trap.count, before + 1);
    CHECK_EQ(last_trap.vector, 13);
    CHECK_EQ(val, 0x1234);

    val = 0x1234;
    asm volatile ( ".byte 0x48; mov %%cr0, %%eax" : "+a" (val) );
    CHECK_EQ(val, cr0);
}

/*
 * Code on the last guest page below the hole (0xF57FF000, through an L1
 * of ours in the slot-3 L2): the hypervisor fetches the trapping
 * instruction up to the hole and never from it (the CPU may: the M2P
 * there is readable).  An instruction ending at the hole's edge is
 * emulated (mov %cr0, %eax; then jmp *%ebx back); Xen's forced-emulation
 * prefix with its cpuid cut by the hole (0f at 0xF57FFFFF) is not: the
 * #UD of its ud2 is the guest's.
 */
#define EDGE_PAGE       (HOLE_START - PAGE_SIZE)
#define EDGE_MOV_CR0    (HOLE_START - 5)                /* 0f 20 c0 ff e3 */
#define EDGE_CUT_CPUID  (HOLE_START - 6)                /* 0f 0b 'xen' 0f */
_Static_assert(EDGE_CUT_CPUID == 0xf57ffffaUL, "run_at_edge's extable entry");

/* Jumps to ip with %ebx = the way back and %eax = eax; %eax afterwards. */
static __attribute__((noinline)) unsigned long run_at_edge(unsigned long ip,
                                                          unsigned long eax)
{
    asm volatile ( "mov $2f, %%ebx\n\t"
                   "jmp *%1\n"
                   "2:\n\t"
                   ".pushsection .extable, \"aw\"\n\t.balign 8\n\t"
                   ".long 0xf57ffffa, 2b\n\t"
                   ".popsection"
                   : "+a" (eax) : "r" (ip) : "ebx", "ecx", "edx", "memory" );
    return eax;
}

static void hole_edge(void)
{
    static const uint8_t mov_cr0[] = { 0x0f, 0x20, 0xc0, 0xff, 0xe3 };
    static const uint8_t cut_cpuid[] = { 0x0f, 0x0b, 'x', 'e', 'n', 0x0f };
    const pgentry_t *l3 = mfn_to_virt(top_table_mfn());
    uint64_t l2e_ma = (l3[3] & PTE_ADDR_MASK) + ((EDGE_PAGE >> 21) & 511) * 8;
    pgentry_t *l1 = page_alloc();
    uint8_t *code = page_alloc();
    struct mmu_update req = { .ptr = l2e_ma | MMU_NORMAL_PT_UPDATE,
                              .val = virt_to_maddr(l1) | PTE_RW };
    unsigned long cr0;
    unsigned int before;

    memcpy(code + PAGE_SIZE - sizeof(mov_cr0), mov_cr0, sizeof(mov_cr0));
    make_readonly(l1);
    CHECK_EQ(HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF), 0);
    CHECK_EQ(set_pte(EDGE_PAGE, virt_to_maddr(code) | PTE_RO), 0);

    asm volatile ( "mov %%cr0, %0" : "=r" (cr0) );
    before = last_trap.count;
    CHECK_EQ(run_at_edge(EDGE_MOV_CR0, 0x1234), cr0);
    CHECK_EQ(last_trap.count, before);

    memcpy(code + PAGE_SIZE - sizeof(cut_cpuid), cut_cpuid, sizeof(cut_cpuid));
    CHECK_EQ(run_at_edge(EDGE_CUT_CPUID, 0x1234), 0x1234);
    CHECK_EQ(last_trap.count, before + 1);
    CHECK_EQ(last_trap.vector, 6);

    CHECK_EQ(set_pte(EDGE_PAGE, 0), 0);
    req.val = 0;
    CHECK_EQ(HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF), 0);
    make_writable(l1);
}

/* The vector the instruction at label 1 raised, or -1 (for the stores). */
#define TRAP_OF(before) \
    (last_trap.count != (before) ? (int)last_trap.vector : -1)

static int store32(volatile uint32_t *p, uint32_t val)
{
    unsigned int before = last_trap.count;

    asm volatile ( "1: movl %1, %0\n2:\n\t" EXTABLE_ENTRY(1b, 2b)
                   : "=m" (*p) : "r" (val) : "memory" );
    return TRAP_OF(before);
}

/* Address bits 32..51 of an entry, in its upper half. */
#define BAD_HIGH        0x000fffffu

/* lock orl $BAD_HIGH, *p */
static int locked_or_bad(volatile uint32_t *p)
{
    unsigned int before = last_trap.count;

    asm volatile ( "1: lock orl %1, %0\n2:\n\t" EXTABLE_ENTRY(1b, 2b)
                   : "+m" (*p) : "i" (BAD_HIGH) : "memory" );
    return TRAP_OF(before);
}

/*
 * cmpxchg8b of *p from 'expect' to 'val': the vector it raised, or -1
 * with *zf and *seen (edx:eax afterwards) set.
 */
static int cmpxchg8b(volatile pgentry_t *p, pgentry_t expect, pgentry_t val,
                     bool *zf, pgentry_t *seen)
{
    unsigned int before = last_trap.count;
    uint8_t z = 0;

    asm volatile ( "1: lock cmpxchg8b %0\n2:\n\tsetz %2\n\t"
                   EXTABLE_ENTRY(1b, 2b)
                   : "+m" (*p), "+A" (expect), "+m" (z)
                   : "b" ((uint32_t)val), "c" ((uint32_t)(val >> 32))
                   : "memory", "cc" );
    *zf = z;
    *seen = expect;
    return TRAP_OF(before);
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

/*
 * Writes to our own L1 entries (writable page tables) as a 32-bit kernel
 * makes them: cmpxchg8b (matching or not), two 4-byte halves, an upper
 * half first that makes a bad entry (written not present, the low half
 * then refused while the upper one is bad), a locked upper half (never
 * fixed up), a low half that would map a page table writable.
 */
static void ptwr_halves(void)
{
    volatile uint8_t *a = page_alloc(), *b = page_alloc();
    volatile pgentry_t *pte = entry_at(pte_maddr((unsigned long)a, 1));
    volatile uint32_t *lo = (volatile uint32_t *)pte, *hi = lo + 1;
    pgentry_t orig = *pte, seen;
    pgentry_t to_b = (orig & ~PTE_ADDR_MASK) | virt_to_maddr((void *)b);
    uint64_t l1_ma = pte_maddr((unsigned long)a, 1) & PTE_ADDR_MASK;
    bool zf;

    a[0] = 0xaa;
    b[0] = 0xbb;

    /* cmpxchg8b: a mismatch writes nothing and reports the entry. */
    CHECK_EQ(cmpxchg8b(pte, orig ^ 1, to_b, &zf, &seen), -1);
    CHECK(!zf);
    CHECK_EQ(seen, orig);
    CHECK_EQ(*pte, orig);
    CHECK_EQ(cmpxchg8b(pte, orig, to_b, &zf, &seen), -1);
    CHECK(zf);
    invlpg(a);
    CHECK_EQ(a[0], 0xbb);
    CHECK_EQ(cmpxchg8b(pte, to_b, orig, &zf, &seen), -1);
    CHECK(zf);
    invlpg(a);
    CHECK_EQ(a[0], 0xaa);

    /* Two halves, low first: each combined with the other half. */
    CHECK_EQ(store32(lo, (uint32_t)to_b), -1);
    CHECK_EQ(store32(hi, (uint32_t)(to_b >> 32)), -1);
    CHECK_EQ(*pte, to_b);
    invlpg(a);
    CHECK_EQ(a[0], 0xbb);
    CHECK_EQ(store32(lo, (uint32_t)orig), -1);
    CHECK_EQ(*pte, orig);
    invlpg(a);
    CHECK_EQ(a[0], 0xaa);

    /*
     * Upper half first, with all of address bits 32..51 (past any CPU's
     * physical addresses: no frame, not even I/O): written without its
     * present bit; the low half cannot make it present.
     */
    CHECK_EQ(store32(hi, (uint32_t)(orig >> 32) | BAD_HIGH), -1);
    CHECK_EQ(*pte, (orig | ((pgentry_t)BAD_HIGH << 32)) & ~(pgentry_t)_PAGE_PRESENT);
    CHECK_EQ(store32(lo, (uint32_t)orig), 14);
    CHECK_EQ(last_trap.error & 3, 3);               /* present, write */
    CHECK_EQ(*pte, (orig | ((pgentry_t)BAD_HIGH << 32)) & ~(pgentry_t)_PAGE_PRESENT);
    CHECK_EQ(store32(hi, (uint32_t)(orig >> 32)), -1);
    CHECK_EQ(*pte, orig & ~(pgentry_t)_PAGE_PRESENT);
    CHECK_EQ(store32(lo, (uint32_t)orig), -1);
    CHECK_EQ(*pte, orig);
    invlpg(a);
    CHECK_EQ(a[0], 0xaa);

    /* A locked upper-half write is not taken as the first of two. */
    CHECK_EQ(locked_or_bad(hi), 14);
    CHECK_EQ(*pte, orig);

    /* A low half mapping a page table (our L1) writable: refused. */
    CHECK_EQ(store32(lo, (uint32_t)(l1_ma | PTE_RW)), 14);
    CHECK_EQ(*pte, orig);
    CHECK_EQ(a[0], 0xaa);
}

GUEST_TEST(pae_emul)
{
    cr3_write();
    prefixes();
    hole_edge();
    ptwr_halves();
}

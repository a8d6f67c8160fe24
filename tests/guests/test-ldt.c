/*
 * MMUEXT_SET_LDT and the lazily loaded LDT: selectors with TI set load
 * from our LDT frames once the hypervisor has checked them; the frame is
 * then a descriptor frame (no writable mapping) until the LDT is changed;
 * what cannot be used as an LDT page is our own fault at the LDT address.
 *
 * Cases: a data descriptor (and one of DPL 1, raised to 3 in place) into
 * %ds and %fs; the LDT limit (#GP with the selector); an LDT page holding
 * a call gate to the hypervisor's code selector or a TSS descriptor, an
 * LDT page mapped writable, and an unmapped one: #PF with %cr2 at the
 * descriptor's address and nothing loaded; an LDT that would run into
 * the non-canonical hole: #GP(selector | TI); switching between two LDTs
 * (their %fs bases differ); a code segment of the LDT reached by
 * HYPERVISOR_iret (the hypervisor's own IRETQ meets the missing page) and
 * by a far return; %fs keeping its LDT selector across a poll that
 * switches the vCPU out and in, also when a new LDT was set meanwhile
 * (the hypervisor's reload meets the missing page), and set_segment_base
 * loading an LDT selector into the user %gs; a writable mapping of a frame in use (-EBUSY, even after the
 * read-only mapping is gone: Xen 4.17 without PV_LDT_PAGING), allowed
 * once the LDT is dropped; SET_LDT's argument checks (-EINVAL).
 *
 * Checked on Xen 4.17: the #PF error code is 0 (a not-present read by
 * the CPU's own descriptor fetch, reported from kernel mode).
 *
 * The 32-bit kernel (ring 1) runs the same cases with its own rules:
 * DPLs below 1 raised to 1, a 32-bit code segment (a 64-bit one makes the
 * page refused), a 32-bit call gate with reserved parameter bits refused,
 * an LDT in the hypervisor's hole accepted by SET_LDT (Xen checks only
 * 64-bit ranges) but never mapped (#PF at its address).  No
 * set_segment_base there, and every address is canonical.
 */
#include "guest.h"

#define DESC_DATA3      0x00cff3000000ffffULL   /* flat data, DPL 3, accessed */
#define DESC_DATA1      0x00cfb3000000ffffULL   /* the same, DPL 1 */
#define DESC_DATA0      0x00cf93000000ffffULL   /* the same, DPL 0 */
#define DESC_CODE3      0x00affb000000ffffULL   /* 64-bit code, DPL 3 */
#define DESC_TSS        0x00008b000000ffffULL   /* busy 64-bit TSS, DPL 0 */
#define DESC_DPL_MASK   (3ULL << 45)
/* Call gate DPL 3 to the hypervisor's code selector 0xe008. */
#define GATE_TO_XEN     ((0xec00ULL << 32) | (0xe008ULL << 16))

/* Selector of LDT entry i, RPL 3; with the guest kernel's RPL. */
#define LDT_SEL(i)      ((uint16_t)(((i) << 3) | 4 | 3))
#define LDT_KSEL(i)     ((uint16_t)(((i) << 3) | 4 | GUEST_KERNEL_RPL))
/* 32-bit kernels: a 32-bit code segment of DPL 1, and a call gate to
 * FLAT_RING1_CS whose parameter count has its reserved bits (5..7) set. */
#define DESC_CODE1_32   0x00cfbb000000ffffULL
#define GATE32_RESERVED ((0xace0ULL << 32) | (0xe019ULL << 16))
#define GATE32_OK       ((0xac00ULL << 32) | (0xe019ULL << 16))

static long set_ldt(const void *base, unsigned int ents)
{
    struct mmuext_op op = {
        .cmd = MMUEXT_SET_LDT,
        .arg1.linear_addr = (unsigned long)base,
        .arg2.nr_ents = ents,
    };

    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static uint16_t read_ds(void)
{
    uint16_t s;

    __asm__ __volatile__ ("mov %%ds, %0" : "=r" (s));
    return s;
}

static uint16_t read_fs(void)
{
    uint16_t s;

    __asm__ __volatile__ ("mov %%fs, %0" : "=r" (s));
    return s;
}

/*
 * Load sel into %ds, note what it became, and load the kernel's own
 * again: the vector of the exception the load raised, or -1.
 */
static int load_ds(uint16_t sel, uint16_t *loaded)
{
    unsigned int before = last_trap.count;

    __asm__ __volatile__ ("1: mov %0, %%ds\n"
                          "2:\n\t"
                          EXTABLE_ENTRY(1b, 2b)
                          :: "r" (sel) : "memory");
    *loaded = read_ds();
    __asm__ __volatile__ ("mov %0, %%ds" :: "r" (GUEST_KERNEL_DS) : "memory");
    return last_trap.count == before ? -1 : (int)last_trap.vector;
}

/* %fs = sel, then the 4 bytes at %fs:0 (its descriptor's base). */
static uint32_t load_fs_read(uint16_t sel)
{
    uint32_t v;

    __asm__ __volatile__ ("mov %1, %%fs\n\t"
                          "movl %%fs:0, %0"
                          : "=r" (v) : "r" (sel) : "memory");
    return v;
}

static uint32_t read_fs0(void)
{
    uint32_t v;

    __asm__ __volatile__ ("movl %%fs:0, %0" : "=r" (v) :: "memory");
    return v;
}

static void clear_fs(void)
{
    __asm__ __volatile__ ("mov %0, %%fs" :: "r" (0) : "memory");
#if BITS_PER_LONG == 64
    CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_FS, 0), 0);
#endif
}

/* Flat data descriptor, DPL 3, with a 32-bit base. */
static uint64_t data_at(const void *p)
{
    uint64_t base = (uint32_t)(unsigned long)p;

    return DESC_DATA3 | ((base & 0xffffff) << 16) | ((base >> 24) << 56);
}

/* The guest's fault for loading LDT entry i: vector, and error code / cr2. */
static void check_ldt_fault(uint16_t sel, unsigned int vec, unsigned long err,
                            unsigned long cr2)
{
    uint16_t loaded;

    CHECK_EQ(load_ds(sel, &loaded), vec);
    CHECK_EQ(loaded, GUEST_KERNEL_DS);      /* %ds as it was */
    CHECK_EQ(last_trap.error, err);
    if ( vec == 14 )
        CHECK_EQ(last_trap.cr2, cr2);
}

#if BITS_PER_LONG == 64
/* A far return to sel:next instruction, then back to the flat kernel CS. */
static uint16_t far_return_via(uint16_t sel)
{
    uint16_t cs;

    __asm__ __volatile__ ("pushq %q1\n\t"
                          "leaq 1f(%%rip), %%rax\n\t"
                          "pushq %%rax\n\t"
                          "lretq\n"
                          "1:\tmov %%cs, %w0\n\t"
                          "pushq %q2\n\t"
                          "leaq 2f(%%rip), %%rax\n\t"
                          "pushq %%rax\n\t"
                          "lretq\n"
                          "2:"
                          : "=&r" (cs)
                          : "r" ((unsigned long)sel),
                            "r" ((unsigned long)FLAT_KERNEL_CS64)
                          : "rax", "memory");
    return cs;
}

/*
 * HYPERVISOR_iret to the next instruction with code selector sel (RPL 0:
 * stay in kernel mode), then a far return to the flat kernel CS; the CS
 * we ran with in between.
 */
static uint16_t iret_via(uint16_t sel)
{
    uint16_t cs;

    __asm__ __volatile__ ("mov %%rsp, %%rax\n\t"
                          "pushq %q[ss]\n\t"
                          "pushq %%rax\n\t"
                          "pushfq\n\t"
                          "pushq %q[cs]\n\t"
                          "leaq 1f(%%rip), %%rax\n\t"
                          "pushq %%rax\n\t"
                          "pushq $0\n\t"
                          "jmp hypercall_page + %c[iret]\n"
                          "1:\tmov %%cs, %w0\n\t"
                          "pushq %q[kcs]\n\t"
                          "leaq 2f(%%rip), %%rax\n\t"
                          "pushq %%rax\n\t"
                          "lretq\n"
                          "2:"
                          : "=&r" (cs)
                          : [ss] "r" ((unsigned long)FLAT_KERNEL_SS),
                            [cs] "r" ((unsigned long)(sel & ~3)),
                            [kcs] "r" ((unsigned long)FLAT_KERNEL_CS64),
                            [iret] "i" (__HYPERVISOR_iret * 32)
                          : "rax", "rcx", "r11", "memory");
    return cs;
}

#else
/* A far return to sel:next instruction, then back to the flat kernel CS. */
static uint16_t far_return_via(uint16_t sel)
{
    uint16_t cs;

    __asm__ __volatile__ ("pushl %1\n\t"
                          "pushl $1f\n\t"
                          "lret\n"
                          "1:\tmov %%cs, %w0\n\t"
                          "pushl %2\n\t"
                          "pushl $2f\n\t"
                          "lret\n"
                          "2:"
                          : "=&r" (cs)
                          : "r" ((unsigned long)sel),
                            "r" ((unsigned long)FLAT_KERNEL_CS)
                          : "memory");
    return cs;
}

/*
 * HYPERVISOR_iret (32-bit frame: eax, eip, cs, eflags; the stub pushes
 * eax) to the next instruction with code selector sel (RPL 1: stay in
 * ring 1), then a far return to the flat kernel CS; the CS we ran with
 * in between.
 */
static uint16_t iret_via(uint16_t sel)
{
    uint16_t cs;

    __asm__ __volatile__ ("pushfl\n\t"
                          "pushl %[cs]\n\t"
                          "pushl $1f\n\t"
                          "jmp hypercall_page + %c[iret]\n"
                          "1:\tmov %%cs, %w0\n\t"
                          "pushl %[kcs]\n\t"
                          "pushl $2f\n\t"
                          "lret\n"
                          "2:"
                          : "=&r" (cs)
                          : [cs] "r" ((unsigned long)sel),
                            [kcs] "r" ((unsigned long)FLAT_KERNEL_CS),
                            [iret] "i" (__HYPERVISOR_iret * 32)
                          : "eax", "memory");
    return cs;
}

#endif

static volatile uint32_t probe_a = 0xaaaa5555, probe_b = 0x12345678;

#if BITS_PER_LONG == 64
GUEST_TEST(ldt)
{
    uint64_t *ldt = pages_alloc(2), *ldt2 = ldt + 512;
    uint64_t *bad = page_alloc();
    pgentry_t ro = virt_to_maddr(ldt) | PTE_RO;
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    struct evtchn_close close;
    struct sched_poll poll;
    uint16_t loaded;

    /* SET_LDT's checks. */
    CHECK_ERR(set_ldt((char *)ldt + 8, 1), EINVAL);
    CHECK_ERR(set_ldt(ldt, 8193), EINVAL);
    CHECK_ERR(set_ldt((void *)HYPERVISOR_VIRT_START, 1), EINVAL);
    CHECK_ERR(set_ldt((void *)0x800000000000UL, 1), EINVAL);
    CHECK_EQ(set_ldt((void *)0x1234, 0), 0);    /* no entries: address ignored */

    ldt[0] = data_at((const void *)&probe_a);
    ldt[1] = DESC_DATA1;
    ldt[2] = DESC_CODE3;
    ldt[3] = DESC_DATA0;
    ldt2[0] = data_at((const void *)&probe_b);
    make_readonly(ldt);
    make_readonly(ldt2);

    /*
     * Valid descriptors load; DPLs below 3 are raised in place.  First a
     * HYPERVISOR_iret to a code segment of the fresh LDT (the hypervisor's
     * IRETQ is what finds its page missing).
     */
    CHECK_EQ(set_ldt(ldt, 16), 0);
    CHECK_EQ(iret_via(LDT_SEL(2)), LDT_SEL(2));
    CHECK_EQ(load_ds(LDT_SEL(1), &loaded), -1);
    CHECK_EQ(loaded, LDT_SEL(1));
    CHECK_EQ(ldt[1], DESC_DATA3);
    CHECK_EQ(load_ds(LDT_SEL(3), &loaded), -1);
    CHECK_EQ(ldt[3] & DESC_DPL_MASK, DESC_DPL_MASK);
    CHECK_EQ(load_fs_read(LDT_SEL(0)), probe_a);
    CHECK_EQ(read_fs(), LDT_SEL(0));

    /* Beyond the limit: the CPU's #GP with the selector. */
    check_ldt_fault(LDT_SEL(16), 13, LDT_SEL(16) & ~3, 0);

    /* A code segment of the LDT, by far return. */
    CHECK_EQ(far_return_via(LDT_SEL(2)), LDT_SEL(2));

    /*
     * The selector survives a switch to idle and back (polling a port
     * nobody raises until a timeout), with its LDT page mapped, and also
     * when a new LDT (the same page, a new size) was set meanwhile: the
     * page must be found again as %fs is reloaded.
     */
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au), 0);
    set_xen_guest_handle(poll.ports, &au.port);
    poll.nr_ports = 1;
    poll.timeout = now_ns() + 2000000;
    CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_poll, &poll), 0);
    CHECK_EQ(now_ns() >= poll.timeout, 1);
    CHECK_EQ(read_fs(), LDT_SEL(0));
    CHECK_EQ(read_fs0(), probe_a);
    CHECK_EQ(set_ldt(ldt, 15), 0);
    poll.timeout = now_ns() + 2000000;
    CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_poll, &poll), 0);
    CHECK_EQ(now_ns() >= poll.timeout, 1);
    CHECK_EQ(read_fs(), LDT_SEL(0));
    CHECK_EQ(read_fs0(), probe_a);
    close.port = au.port;
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_close, &close), 0);
    CHECK_EQ(set_ldt(ldt, 16), 0);
    CHECK_EQ(far_return_via(LDT_SEL(2)), LDT_SEL(2));

    /* In use: no writable mapping, even once the read-only one is gone. */
    CHECK_ERR(set_pte((unsigned long)ldt, virt_to_maddr(ldt) | PTE_RW), EBUSY);
    CHECK_EQ(set_pte((unsigned long)ldt, 0), 0);
    CHECK_ERR(set_pte((unsigned long)ldt, virt_to_maddr(ldt) | PTE_RW), EBUSY);
    CHECK_EQ(set_pte((unsigned long)ldt, ro), 0);

    /* Switching LDTs: the same selector now names the other's entry. */
    CHECK_EQ(set_ldt(ldt2, 1), 0);
    CHECK_EQ(load_fs_read(LDT_SEL(0)), probe_b);
    CHECK_EQ(set_ldt(ldt, 1), 0);
    CHECK_EQ(load_fs_read(LDT_SEL(0)), probe_a);
    clear_fs();

    /* The hypervisor's own load of an LDT selector (user %gs) types the page too. */
    CHECK_EQ(set_ldt(ldt2, 1), 0);
    CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, LDT_SEL(0)), 0);
    CHECK_ERR(set_pte((unsigned long)ldt2, virt_to_maddr(ldt2) | PTE_RW), EBUSY);
    CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, 0), 0);
    CHECK_EQ(HYPERVISOR_set_segment_base(SEGBASE_GS_USER, 0), 0);

    /* Dropped: the frames may be written again. */
    CHECK_EQ(set_ldt(NULL, 0), 0);
    make_writable(ldt);
    make_writable(ldt2);

    /* A call gate to the hypervisor's code: the whole page is refused. */
    ldt2[5] = GATE_TO_XEN;
    make_readonly(ldt2);
    CHECK_EQ(set_ldt(ldt2, 8), 0);
    check_ldt_fault(LDT_SEL(0), 14, 0, (unsigned long)ldt2);
    check_ldt_fault(LDT_SEL(6), 14, 0, (unsigned long)&ldt2[6]);
    CHECK_EQ(set_ldt(NULL, 0), 0);
    make_writable(ldt2);

    /* A system descriptor other than a call gate. */
    ldt2[5] = DESC_TSS;
    make_readonly(ldt2);
    CHECK_EQ(set_ldt(ldt2, 8), 0);
    check_ldt_fault(LDT_SEL(1), 14, 0, (unsigned long)&ldt2[1]);
    CHECK_EQ(set_ldt(NULL, 0), 0);
    make_writable(ldt2);
    ldt2[5] = 0;

    /* Still mapped writable. */
    bad[0] = DESC_DATA3;
    CHECK_EQ(set_ldt(bad, 1), 0);
    check_ldt_fault(LDT_SEL(0), 14, 0, (unsigned long)bad);

    /* Not mapped at all (below VIRT_BASE). */
    CHECK_EQ(set_ldt((void *)0x200000, 512), 0);
    check_ldt_fault(LDT_SEL(3), 14, 0, 0x200018);

    /* Its second page would be non-canonical: #GP(selector | TI). */
    CHECK_EQ(set_ldt((void *)0x7ffffffff000UL, 1024), 0);
    check_ldt_fault(LDT_SEL(512), 13, 0x1004, 0);
    CHECK_EQ(set_ldt(NULL, 0), 0);

    /* Nothing of it stays a descriptor frame. */
    make_writable(bad);
    CHECK_EQ(bad[0], DESC_DATA3);
}
#else
GUEST_TEST(ldt)
{
    uint64_t *ldt = pages_alloc(2), *ldt2 = ldt + 512;
    uint64_t *bad = page_alloc();
    pgentry_t ro = virt_to_maddr(ldt) | PTE_RO;
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    struct evtchn_close close;
    struct sched_poll poll;
    uint16_t loaded;

    /* SET_LDT's checks; the hole is not refused (Xen checks 64-bit ranges). */
    CHECK_ERR(set_ldt((char *)ldt + 8, 1), EINVAL);
    CHECK_ERR(set_ldt(ldt, 8193), EINVAL);
    CHECK_EQ(set_ldt((void *)0x1234, 0), 0);    /* no entries: address ignored */

    ldt[0] = data_at((const void *)&probe_a);
    ldt[1] = DESC_DATA1;
    ldt[2] = DESC_CODE1_32;
    ldt[3] = DESC_DATA0;
    ldt[4] = GATE32_OK;
    ldt2[0] = data_at((const void *)&probe_b);
    make_readonly(ldt);
    make_readonly(ldt2);

    /* Valid descriptors load (HYPERVISOR_iret first); DPL 0 becomes 1. */
    CHECK_EQ(set_ldt(ldt, 16), 0);
    CHECK_EQ(iret_via(LDT_KSEL(2)), LDT_KSEL(2));
    CHECK_EQ(load_ds(LDT_KSEL(1), &loaded), -1);
    CHECK_EQ(loaded, LDT_KSEL(1));
    CHECK_EQ(ldt[1], DESC_DATA1);
    CHECK_EQ(load_ds(LDT_KSEL(3), &loaded), -1);
    CHECK_EQ(ldt[3] & DESC_DPL_MASK, 1ULL << 45);
    /* A gate's DPL goes into its selector's RPL, its own becomes 0 (Xen). */
    CHECK_EQ(ldt[4], (0x8c00ULL << 32) | (0xe019ULL << 16));
    CHECK_EQ(load_fs_read(LDT_SEL(0)), probe_a);
    CHECK_EQ(read_fs(), LDT_SEL(0));
    /* DPL 1 is not ring 3's: the CPU's #GP with the selector. */
    check_ldt_fault(LDT_SEL(1), 13, LDT_SEL(1) & ~3, 0);

    /* Beyond the limit: the CPU's #GP with the selector. */
    check_ldt_fault(LDT_SEL(16), 13, LDT_SEL(16) & ~3, 0);

    /* A code segment of the LDT, by far return. */
    CHECK_EQ(far_return_via(LDT_KSEL(2)), LDT_KSEL(2));

    /* %fs keeps its LDT selector across switches out and in (see above). */
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au), 0);
    set_xen_guest_handle(poll.ports, &au.port);
    poll.nr_ports = 1;
    poll.timeout = now_ns() + 2000000;
    CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_poll, &poll), 0);
    CHECK_EQ(now_ns() >= poll.timeout, 1);
    CHECK_EQ(read_fs(), LDT_SEL(0));
    CHECK_EQ(read_fs0(), probe_a);
    CHECK_EQ(set_ldt(ldt, 15), 0);
    poll.timeout = now_ns() + 2000000;
    CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_poll, &poll), 0);
    CHECK_EQ(now_ns() >= poll.timeout, 1);
    CHECK_EQ(read_fs(), LDT_SEL(0));
    CHECK_EQ(read_fs0(), probe_a);
    close.port = au.port;
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_close, &close), 0);
    CHECK_EQ(set_ldt(ldt, 16), 0);
    CHECK_EQ(far_return_via(LDT_KSEL(2)), LDT_KSEL(2));

    /* In use: no writable mapping, even once the read-only one is gone. */
    CHECK_ERR(set_pte((unsigned long)ldt, virt_to_maddr(ldt) | PTE_RW), EBUSY);
    CHECK_EQ(set_pte((unsigned long)ldt, 0), 0);
    CHECK_ERR(set_pte((unsigned long)ldt, virt_to_maddr(ldt) | PTE_RW), EBUSY);
    CHECK_EQ(set_pte((unsigned long)ldt, ro), 0);

    /* Switching LDTs: the same selector now names the other's entry. */
    CHECK_EQ(set_ldt(ldt2, 1), 0);
    CHECK_EQ(load_fs_read(LDT_SEL(0)), probe_b);
    CHECK_EQ(set_ldt(ldt, 1), 0);
    CHECK_EQ(load_fs_read(LDT_SEL(0)), probe_a);
    clear_fs();

    /* Dropped: the frames may be written again. */
    CHECK_EQ(set_ldt(NULL, 0), 0);
    make_writable(ldt);
    make_writable(ldt2);

    /*
     * Pages refused as a whole, each a #PF at the descriptor loaded: a
     * call gate to the hypervisor's code, one with reserved parameter
     * bits, a TSS, a 64-bit code segment.
     */
    {
        static const uint64_t hostile[] = {
            GATE_TO_XEN, GATE32_RESERVED, DESC_TSS, DESC_CODE3,
        };
        unsigned int i;

        for ( i = 0; i < ARRAY_SIZE(hostile); i++ )
        {
            ldt2[5] = hostile[i];
            make_readonly(ldt2);
            CHECK_EQ(set_ldt(ldt2, 8), 0);
            check_ldt_fault(LDT_SEL(0), 14, 0, (unsigned long)ldt2);
            check_ldt_fault(LDT_SEL(6), 14, 0, (unsigned long)&ldt2[6]);
            CHECK_EQ(set_ldt(NULL, 0), 0);
            make_writable(ldt2);
        }
        ldt2[5] = 0;
    }

    /* Still mapped writable. */
    bad[0] = DESC_DATA3;
    CHECK_EQ(set_ldt(bad, 1), 0);
    check_ldt_fault(LDT_SEL(0), 14, 0, (unsigned long)bad);

    /* Not mapped at all (below VIRT_BASE). */
    CHECK_EQ(set_ldt((void *)0x200000, 512), 0);
    check_ldt_fault(LDT_SEL(3), 14, 0, 0x200018);

    /* In the hypervisor's hole: accepted, never mapped. */
    CHECK_EQ(set_ldt((void *)HYPERVISOR_VIRT_START, 1), 0);
    check_ldt_fault(LDT_SEL(0), 14, 0, HYPERVISOR_VIRT_START);
    CHECK_EQ(set_ldt(NULL, 0), 0);

    /* Nothing of it stays a descriptor frame. */
    make_writable(bad);
    CHECK_EQ(bad[0], DESC_DATA3);
}
#endif

/*
 * Several vCPUs: vCPU 1 is brought up with VCPUOP_initialise/up after
 * hostile contexts are refused with Xen's error codes, then driven
 * through a mailbox: event IPIs both ways (bind_ipi, bind_vcpu), runstate
 * accounting, TLB flushes reaching its CPU, down and up.  vCPU 1 keeps
 * its events masked and waits with SCHEDOP_poll, so it needs no upcall
 * or trap handler of its own (its trap table is empty).
 *
 * Two tests need both vCPUs on one physical CPU (tests/run-all.sh runs
 * them with -smp 1 dom0_max_vcpus=2): smp_share (the CPU is split evenly,
 * from runstate times) and smp_failsafe (a data selector that became
 * invalid is reloaded when vCPU 0 is switched back in, entering the
 * failsafe callback).  On separate CPUs they only report that.
 *
 * The 32-bit kernel runs them too, vCPU 1 started from an i386 context
 * (ring-1 selectors, its PAE L3 in ctrlreg[3]); its hostile contexts are
 * those that apply to it (no canonical addresses, no user table), and its
 * good one has a %ds that does not load: it starts in the failsafe
 * callback its context names.
 */
#include "guest.h"

#define SECONDARY       1
#define STACK_PAGES     4
#define SEL_DATA        ((2 << 3) | 3)                  /* GDT entry 2, RPL 3 */
#define DESC_DATA3      0x00cff3000000ffffULL           /* flat data, DPL 3 */

enum { CMD_IDLE, CMD_SPIN, CMD_POLL, CMD_READ, CMD_DOWN, CMD_YMM };

/* vCPU 0 writes cmd and its argument fields; vCPU 1 the counters. */
static struct {
    volatile unsigned int cmd;
    volatile evtchn_port_t port, reply;     /* CMD_POLL: wait on, answer on */
    volatile uint64_t poll_ns;              /* CMD_POLL: timeout (0: 100 ms) */
    volatile unsigned long read_va;         /* CMD_READ: read from */
    volatile unsigned long alive, spins, polled, seen, downs, resumed;
    volatile unsigned long ymm_checks, ymm_bad;     /* CMD_YMM */
} mb;

static bool secondary_up;

#if BITS_PER_LONG == 32
/*
 * vCPU 1's failsafe callback, for its first start (a context whose %ds
 * does not load): the frame is ds, es, fs, gs, eip, cs, eflags.  It loads
 * the kernel's data selectors, notes the %ds the context had, and goes on
 * at the frame's eip with HYPERVISOR_iret.
 */
#define STR_(x) #x
#define STR(x)  STR_(x)
static volatile unsigned long secondary_failsafe_ds;
void secondary_failsafe(void);
__asm__ (".text\n\t"
         ".globl secondary_failsafe\n"
         "secondary_failsafe:\n\t"
         "mov $" STR(FLAT_KERNEL_DS) ", %eax\n\t"
         "mov %eax, %ds\n\t"
         "mov %eax, %es\n\t"
         "mov (%esp), %eax\n\t"
         "mov %eax, secondary_failsafe_ds\n\t"
         "add $16, %esp\n\t"
         "jmp hypercall_page + " STR(__HYPERVISOR_iret) " * 32");
#endif

/* vCPU 1 starts here (its context: rsp = stack top, 16-byte aligned). */
void secondary_start(void);
__asm__ (".text\n\t"
         ".globl secondary_start\n"
         "secondary_start:\n\t"
         "call secondary_main\n\t"
         "ud2");

static void clear_pending(evtchn_port_t p)
{
    clear_bit_atomic(p % BITS_PER_LONG,
                     &shared_info->evtchn_pending[p / BITS_PER_LONG]);
}

static void notify(evtchn_port_t p)
{
    struct evtchn_send s = { .port = p };

    HYPERVISOR_event_channel_op(EVTCHNOP_send, &s);
}

/*
 * AVX state of one's own: CR4.OSXSAVE and XCR0 = x87|SSE|AVX (each vCPU
 * sets its own), then a pattern in %ymm1, which no compiled code touches
 * (general registers only).
 */
static void ymm_enable(const uint8_t pattern[32])
{
    unsigned long cr4;

    asm volatile ( "mov %%cr4, %0" : "=r" (cr4) );
    asm volatile ( "mov %0, %%cr4" :: "r" (cr4 | (1UL << 18)) );
    asm volatile ( "xsetbv" :: "c" (0), "a" (7), "d" (0) );
    asm volatile ( "vmovdqu %0, %%ymm1" :: "m" (*(const uint8_t (*)[32])pattern) );
}

/* Is %ymm1 still 'pattern'?  If not, it is loaded again. */
static bool ymm_kept(const uint8_t pattern[32])
{
    uint8_t now[32];

    asm volatile ( "vmovdqu %%ymm1, %0" : "=m" (now) );
    if ( !memcmp(now, pattern, sizeof(now)) )
        return true;
    asm volatile ( "vmovdqu %0, %%ymm1" :: "m" (*(const uint8_t (*)[32])pattern) );
    return false;
}

static const uint8_t ymm_pattern[2][32] = {
    { [0 ... 15] = 0x5a, [16 ... 31] = 0x01 },     /* both halves differ */
    { [0 ... 15] = 0xa5, [16 ... 31] = 0x02 },
};

void secondary_main(void);
void secondary_main(void)
{
    bool ymm_on = false;

    mb.alive = 1;
    for ( ; ; )
    {
        switch ( mb.cmd )
        {
        case CMD_SPIN:
            mb.spins++;
            break;
        case CMD_READ:
            mb.seen = *(volatile unsigned long *)mb.read_va;
            break;
        case CMD_YMM:
            if ( !ymm_on )
                ymm_enable(ymm_pattern[1]);
            ymm_on = true;
            if ( !ymm_kept(ymm_pattern[1]) )
                mb.ymm_bad++;
            mb.ymm_checks++;
            break;
        case CMD_POLL:
        {
            evtchn_port_t p = mb.port;
            struct sched_poll sp = { .nr_ports = 1,
                                     .timeout = now_ns() +
                                                (mb.poll_ns ?: 100000000) };

            set_xen_guest_handle(sp.ports, &p);
            if ( !evtchn_is_pending(p) )
                HYPERVISOR_sched_op(SCHEDOP_poll, &sp);
            if ( evtchn_is_pending(p) )
            {
                clear_pending(p);
                mb.polled++;
                notify(mb.reply);
            }
            break;
        }
        case CMD_DOWN:
            mb.cmd = CMD_IDLE;
            mb.downs++;
            HYPERVISOR_vcpu_op(VCPUOP_down, SECONDARY, NULL);
            mb.resumed++;
            break;
        default:
            cpu_relax();
        }
    }
}

/* Spin (yielding, so that a vCPU sharing our CPU runs) until cond or ms. */
#define WAIT_UNTIL(cond, ms) ({                                         \
    uint64_t end_ = now_ns() + (uint64_t)(ms) * 1000000;                \
    while ( !(cond) && now_ns() < end_ )                                \
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);                       \
    (cond);                                                             \
})

static void delay_ms(unsigned int ms)
{
    uint64_t end = now_ns() + (uint64_t)ms * 1000000;

    while ( now_ns() < end )
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

static volatile unsigned int failsafe_count;

static bool failsafe_seen(struct trap_frame *f)
{
    if ( f->vector != TRAP_FAILSAFE )
        return false;
    failsafe_count++;
    return true;
}

static struct vcpu_guest_context ctx;
static uint8_t *secondary_stack;

static void good_context(struct vcpu_guest_context *c)
{
    memset(c, 0, sizeof(*c));
    c->flags = VGCF_in_kernel;
    c->user_regs.cs = GUEST_KERNEL_CS;
    c->user_regs.ss = FLAT_KERNEL_SS;
    /* A 32-bit kernel's data accesses need a usable %ds and %es. */
    c->user_regs.ds = c->user_regs.es = GUEST_KERNEL_DS;
    c->user_regs.eip = (unsigned long)secondary_start;
    c->user_regs.esp = (unsigned long)secondary_stack + STACK_PAGES * PAGE_SIZE;
    c->user_regs.eflags = 0x200;
    c->kernel_ss = FLAT_KERNEL_SS;
    c->kernel_sp = c->user_regs.esp;
    c->ctrlreg[3] = xen_pfn_to_cr3(top_table_mfn());
}

static unsigned int nr_vcpus(void)
{
    unsigned int n = 0;

    while ( n < 64 && HYPERVISOR_vcpu_op(VCPUOP_is_up, n, NULL) >= 0 )
        n++;
    return n;
}

static void runstate(unsigned int id, struct vcpu_runstate_info *r)
{
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, id, r), 0);
}

static evtchn_port_t bind_ipi(unsigned int vcpu)
{
    struct evtchn_bind_ipi b = { .vcpu = vcpu };

    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &b), 0);
    return b.port;
}

static void close_port(evtchn_port_t p)
{
    struct evtchn_close c = { .port = p };

    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_close, &c), 0);
}

/* n round trips: notify 'to' (vCPU 1 polls it), it answers on 'reply'. */
static void round_trips(evtchn_port_t kick, evtchn_port_t to,
                        evtchn_port_t reply, unsigned int n)
{
    unsigned int i, got = evtchn_deliveries[reply];
    unsigned long polled = mb.polled;

    mb.port = to;
    mb.reply = reply;
    mb.cmd = CMD_POLL;
    for ( i = 0; i < n; i++ )
    {
        notify(kick);
        CHECK(WAIT_UNTIL(evtchn_deliveries[reply] == got + i + 1, 2000));
    }
    CHECK_EQ(mb.polled, polled + n);
    mb.cmd = CMD_IDLE;
}

/*
 * Hypervisor time between two runstate reads of one vCPU: the sum of its
 * state times grows exactly with the hypervisor's clock.  (Measuring with
 * the guest's clock would mix in its drift from that clock.)
 */
static uint64_t elapsed(const struct vcpu_runstate_info *a,
                        const struct vcpu_runstate_info *b)
{
    uint64_t t = 0;
    unsigned int i;

    for ( i = 0; i < 4; i++ )
        t += b->time[i] - a->time[i];
    return t;
}

/* Leaf 1 ECX of the enlightened CPUID. */
static uint32_t xen_cpuid_ecx1(void)
{
    uint32_t a = 1, b, c = 0, d;

    asm volatile ( "ud2; .ascii \"xen\"; cpuid"
                   : "+a" (a), "=b" (b), "+c" (c), "=d" (d) );
    return c;
}

/* Did vCPU 0 wait for the CPU (runnable time) while vCPU 1 spun? */
static bool sharing_cpu(const struct vcpu_runstate_info *a,
                        const struct vcpu_runstate_info *b, uint64_t wall)
{
    return b->time[RUNSTATE_runnable] - a->time[RUNSTATE_runnable] > wall / 10;
}

/*
 * The runner takes the tests of one file in the reverse of their order
 * here: smp_initialise, which brings vCPU 1 up, is last so that it runs
 * first.
 */

GUEST_TEST(smp_down_up)
{
    struct vcpu_runstate_info r;
    unsigned long spins;

    if ( !secondary_up )
        return;
    /* vCPU 1 takes itself down; up resumes it after its hypercall. */
    mb.cmd = CMD_DOWN;
    CHECK(WAIT_UNTIL(HYPERVISOR_vcpu_op(VCPUOP_is_up, SECONDARY, NULL) == 0,
                     2000));
    /* Down at once; offline once its CPU has switched away. */
    CHECK(WAIT_UNTIL((runstate(SECONDARY, &r), r.state == RUNSTATE_offline),
                     2000));
    CHECK_EQ(mb.resumed, mb.downs - 1);
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, SECONDARY, NULL), 0);
    CHECK(WAIT_UNTIL(mb.resumed == mb.downs, 2000));

    /* Taken down from here while it spins: it stops, then goes on. */
    mb.cmd = CMD_SPIN;
    CHECK(WAIT_UNTIL(mb.spins > 1000, 2000));
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_down, SECONDARY, NULL), 0);
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, SECONDARY, NULL), 0);
    delay_ms(20);
    spins = mb.spins;
    delay_ms(50);
    CHECK_EQ(mb.spins, spins);
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, SECONDARY, NULL), 0);
    CHECK(WAIT_UNTIL(mb.spins > spins, 2000));
    mb.cmd = CMD_IDLE;
}

GUEST_TEST(smp_failsafe)
{
    uint64_t *gdt = page_alloc();
    xen_pfn_t frame = virt_to_mfn(gdt);
    struct vcpu_runstate_info a, b;
    uint16_t fs = SEL_DATA;
    uint64_t t0;

    if ( !secondary_up )
        return;
    gdt[2] = DESC_DATA3;
    make_readonly(gdt);
    CHECK_EQ(HYPERVISOR_set_gdt(&frame, 512), 0);
    mb.cmd = CMD_SPIN;
    CHECK(WAIT_UNTIL(mb.spins > 1000, 2000));

    /* %fs holds a selector whose descriptor then goes away. */
    memset(failsafe_selectors, 0, sizeof(failsafe_selectors));
    trap_hook = failsafe_seen;
    __asm__ __volatile__ ("mov %0, %%fs" :: "r" (fs));
    CHECK_EQ(HYPERVISOR_update_descriptor(virt_to_maddr(&gdt[2]), 0), 0);

    /* Give the CPU to vCPU 1 and come back: the reload fails. */
    runstate(0, &a);
    t0 = now_ns();
    while ( !failsafe_count && now_ns() < t0 + 500000000 )
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    runstate(0, &b);
    trap_hook = NULL;
    mb.cmd = CMD_IDLE;
    __asm__ __volatile__ ("mov %%fs, %0" : "=r" (fs));
    if ( !failsafe_count && !sharing_cpu(&a, &b, elapsed(&a, &b)) )
        test_info("vCPUs on separate CPUs: no switch to reload %%fs");
    else
    {
        CHECK_EQ(failsafe_count, 1);
        CHECK_EQ(failsafe_selectors[2], SEL_DATA);     /* the frame's fs */
        CHECK_EQ(fs, 0);                                /* null loaded */
    }
    __asm__ __volatile__ ("mov %0, %%fs" :: "r" ((uint16_t)0));
    CHECK_EQ(HYPERVISOR_set_gdt(NULL, 0), 0);
    make_writable(gdt);
}

/*
 * Each vCPU's AVX registers are its own: both hold a different %ymm1
 * while they compete for one CPU (the -smp 1 run: every switch between
 * them saves one's XSAVE state and restores the other's), and neither
 * ever sees the other's.  Needs AVX (CPUID); on separate CPUs it only
 * checks that each kept its own.
 */
GUEST_TEST(smp_xsave)
{
    struct vcpu_runstate_info a0, b0;
    unsigned long checks = 0, bad = 0;
    uint64_t t0;

    if ( !secondary_up )
        return;
    if ( !(xen_cpuid_ecx1() & (1u << 28)) )
    {
        test_info("no AVX offered: nothing to test");
        return;
    }
    ymm_enable(ymm_pattern[0]);
    mb.cmd = CMD_YMM;
    CHECK(WAIT_UNTIL(mb.ymm_checks > 1000, 2000));
    runstate(0, &a0);
    t0 = now_ns();
    while ( now_ns() < t0 + 400000000 )
    {
        if ( !ymm_kept(ymm_pattern[0]) )
            bad++;
        checks++;
    }
    runstate(0, &b0);
    mb.cmd = CMD_IDLE;
    test_info("%lu checks here, %lu on vCPU 1; %s", checks, mb.ymm_checks,
              sharing_cpu(&a0, &b0, elapsed(&a0, &b0)) ? "one CPU shared"
                                                       : "separate CPUs");
    CHECK_EQ(bad, 0);
    CHECK_EQ(mb.ymm_bad, 0);
    CHECK(checks > 1000);
}

GUEST_TEST(smp_share)
{
    struct vcpu_runstate_info a0, a1, b0, b1;
    uint64_t t0, wall, run0, run1;

    if ( !secondary_up )
        return;
    mb.cmd = CMD_SPIN;
    CHECK(WAIT_UNTIL(mb.spins > 1000, 2000));
    runstate(0, &a0);
    runstate(SECONDARY, &a1);
    t0 = now_ns();
    while ( now_ns() < t0 + 600000000 )
        cpu_relax();                /* no yield: compete for the CPU */
    runstate(SECONDARY, &b1);
    runstate(0, &b0);
    mb.cmd = CMD_IDLE;
    wall = elapsed(&a0, &b0);
    run0 = b0.time[RUNSTATE_running] - a0.time[RUNSTATE_running];
    run1 = b1.time[RUNSTATE_running] - a1.time[RUNSTATE_running];
    test_info("%llu ms, both busy: vCPU0 ran %llu ms, vCPU1 %llu ms",
              (unsigned long long)wall / 1000000,
              (unsigned long long)run0 / 1000000,
              (unsigned long long)run1 / 1000000);
    if ( !sharing_cpu(&a0, &b0, wall) )
    {
        test_info("vCPUs on separate CPUs: sharing not measured");
        return;
    }
    /* Evenly: each 50% of the time, within 15 points; nothing lost. */
    CHECK(run0 * 100 >= wall * 35 && run0 * 100 <= wall * 65);
    CHECK(run1 * 100 >= wall * 35 && run1 * 100 <= wall * 65);
    CHECK((run0 + run1) * 100 >= wall * 90);
}

GUEST_TEST(smp_tlb)
{
    unsigned long *va = page_alloc(), *a = page_alloc(), *b = page_alloc();
    unsigned long mask = 1UL << SECONDARY;
    struct mmuext_op op;

    if ( !secondary_up )
        return;
    *a = 0xaaaa;
    *b = 0xbbbb;
    CHECK_EQ(set_pte((unsigned long)va, virt_to_maddr(a) | PTE_RO), 0);
    mb.read_va = (unsigned long)va;
    mb.seen = 0;
    mb.cmd = CMD_READ;
    CHECK(WAIT_UNTIL(mb.seen == 0xaaaa, 2000));

    /* Remapped with an INVLPG on every vCPU: vCPU 1 sees the new page. */
    CHECK_EQ(HYPERVISOR_update_va_mapping((unsigned long)va,
                                          virt_to_maddr(b) | PTE_RO,
                                          UVMF_INVLPG | UVMF_ALL), 0);
    CHECK(WAIT_UNTIL(mb.seen == 0xbbbb, 2000));

    /* Back, then a full flush of vCPU 1 named in a mask. */
    CHECK_EQ(HYPERVISOR_update_va_mapping((unsigned long)va,
                                          virt_to_maddr(a) | PTE_RO,
                                          UVMF_LOCAL), 0);
    op.cmd = MMUEXT_TLB_FLUSH_MULTI;
    set_xen_guest_handle(op.arg2.vcpumask, (void *)&mask);
    CHECK_EQ(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
    CHECK(WAIT_UNTIL(mb.seen == 0xaaaa, 2000));

    /* And by INVLPG_ALL. */
    CHECK_EQ(HYPERVISOR_update_va_mapping((unsigned long)va,
                                          virt_to_maddr(b) | PTE_RO,
                                          UVMF_LOCAL), 0);
    op.cmd = MMUEXT_INVLPG_ALL;
    op.arg1.linear_addr = (unsigned long)va;
    CHECK_EQ(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
    CHECK(WAIT_UNTIL(mb.seen == 0xbbbb, 2000));

    mb.cmd = CMD_IDLE;
    delay_ms(10);
    CHECK_EQ(set_pte((unsigned long)va, virt_to_maddr(va) | PTE_RW), 0);
}

GUEST_TEST(smp_runstate)
{
    struct vcpu_runstate_info a, b, a0, b0;
    uint64_t wall;

    if ( !secondary_up )
        return;
    /* Spinning: its running time grows (by a quarter at least if shared). */
    mb.cmd = CMD_SPIN;
    CHECK(WAIT_UNTIL(mb.spins > 1000, 2000));
    runstate(0, &a0);
    runstate(SECONDARY, &a);
    delay_ms(100);
    runstate(SECONDARY, &b);
    runstate(0, &b0);
    wall = elapsed(&a0, &b0);
    test_info("spinning %llu ms: running +%llu ms, runnable +%llu ms",
              (unsigned long long)wall / 1000000,
              (unsigned long long)(b.time[RUNSTATE_running] -
                                   a.time[RUNSTATE_running]) / 1000000,
              (unsigned long long)(b.time[RUNSTATE_runnable] -
                                   a.time[RUNSTATE_runnable]) / 1000000);
    CHECK(b.time[RUNSTATE_running] - a.time[RUNSTATE_running] >= wall / 4);
    CHECK(b.state == RUNSTATE_running || b.state == RUNSTATE_runnable);
    CHECK(elapsed(&a, &b) <= wall);

    /* Polling a quiet port (10 s timeout): blocked all along. */
    mb.port = bind_ipi(SECONDARY);
    mb.reply = mb.port;
    mb.poll_ns = 10000000000ULL;
    mb.cmd = CMD_POLL;
    delay_ms(20);
    runstate(0, &a0);
    runstate(SECONDARY, &a);
    delay_ms(100);
    runstate(SECONDARY, &b);
    runstate(0, &b0);
    wall = elapsed(&a0, &b0);
    test_info("polling %llu ms: blocked +%llu ms, running %lld us",
              (unsigned long long)wall / 1000000,
              (unsigned long long)(b.time[RUNSTATE_blocked] -
                                   a.time[RUNSTATE_blocked]) / 1000000,
              (long long)(b.time[RUNSTATE_running] -
                          a.time[RUNSTATE_running]) / 1000);
    CHECK_EQ(b.state, RUNSTATE_blocked);
    CHECK(b.time[RUNSTATE_blocked] - a.time[RUNSTATE_blocked] >= wall / 2);
    /*
     * Signed: Xen adds a running vCPU's current stint with the reading
     * CPU's clock, which may be a little ahead of the vCPU's own.
     */
    CHECK((int64_t)(b.time[RUNSTATE_running] - a.time[RUNSTATE_running]) <
          (int64_t)(b.time[RUNSTATE_blocked] - a.time[RUNSTATE_blocked]));
    CHECK(b.state_entry_time >= a.state_entry_time);
    /* Wake it (the event ends the poll) and let it go idle. */
    mb.cmd = CMD_IDLE;
    mb.poll_ns = 0;
    notify(mb.port);
    CHECK(WAIT_UNTIL((runstate(SECONDARY, &b), b.state != RUNSTATE_blocked),
                     2000));
    close_port(mb.port);
}

GUEST_TEST(smp_ipi)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
                                       .remote_dom = DOMID_SELF };
    struct evtchn_bind_interdomain bi = { .remote_dom = DOMID_SELF };
    struct evtchn_bind_vcpu bv;
    struct evtchn_status st;
    evtchn_port_t to1, to0;

    if ( !secondary_up )
        return;
    to1 = bind_ipi(SECONDARY);
    to0 = bind_ipi(0);
    st.dom = DOMID_SELF;
    st.port = to1;
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_status, &st), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_ipi);
    CHECK_EQ(st.vcpu, SECONDARY);
    round_trips(to1, to1, to0, 20);
    /* The event for vCPU 1 marked its selector, not ours. */
    CHECK(shared_info->vcpu_info[SECONDARY].evtchn_upcall_pending);

    /* An interdomain loopback pair, its receiving end moved to vCPU 1. */
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au), 0);
    bi.remote_port = au.port;
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bi), 0);
    bv.port = au.port;
    bv.vcpu = SECONDARY;
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &bv), 0);
    round_trips(bi.local_port, au.port, to0, 10);
    /* Hostile: no such vCPU; IPI ports cannot move. */
    bv.vcpu = 64;
    CHECK_ERR(HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &bv), ENOENT);
    bv.port = to1;
    bv.vcpu = 0;
    CHECK_ERR(HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &bv), EINVAL);
    /* A bad vCPU for bind_ipi. */
    {
        struct evtchn_bind_ipi b = { .vcpu = 64 };

        CHECK_ERR(HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &b), ENOENT);
    }
    close_port(bi.local_port);
    close_port(au.port);
    close_port(to1);
    close_port(to0);
}

GUEST_TEST(smp_initialise)
{
    void *data = page_alloc();
    unsigned int n = nr_vcpus();

    test_info("%u vCPUs", n);
    if ( n < 2 )
        return;
    secondary_stack = pages_alloc(STACK_PAGES);

    /* Ids and states. */
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_initialise, n, &ctx), ENOENT);
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_up, n, NULL), ENOENT);
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_initialise, 0, &ctx), EEXIST);
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, SECONDARY, NULL), 0);
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_up, SECONDARY, NULL), EINVAL);
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_initialise, SECONDARY, (void *)0x1000),
              EFAULT);

    /* Hostile contexts, each refused as a whole. */
#if BITS_PER_LONG == 64
    /* Non-canonical addresses (a 32-bit context has none). */
    good_context(&ctx);
    ctx.user_regs.rip = 0x8000000000000000UL;
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_initialise, SECONDARY, &ctx), EINVAL);
    good_context(&ctx);
    ctx.kernel_sp = 0x0000800000000000UL;
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_initialise, SECONDARY, &ctx), EINVAL);
    good_context(&ctx);
    ctx.trap_ctxt[3].address = 0x1234567812345678UL;
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_initialise, SECONDARY, &ctx), EINVAL);
#endif
    good_context(&ctx);
    ctx.ldt_ents = 1;
    ctx.ldt_base = 0x12345;
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_initialise, SECONDARY, &ctx), EINVAL);
    good_context(&ctx);
    ctx.ldt_ents = 8193;
    ctx.ldt_base = 0x100000;
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_initialise, SECONDARY, &ctx), EINVAL);
#if BITS_PER_LONG == 64
    /* Xen does not check a 32-bit LDT base beyond its alignment. */
    good_context(&ctx);
    ctx.ldt_base = HYPERVISOR_VIRT_START;
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_initialise, SECONDARY, &ctx), EINVAL);
#endif
    good_context(&ctx);
    ctx.gdt_ents = FIRST_RESERVED_GDT_ENTRY + 512;
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_initialise, SECONDARY, &ctx), EINVAL);
#if BITS_PER_LONG == 64
    good_context(&ctx);
    ctx.flags = 0;                  /* user mode without a user table */
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_initialise, SECONDARY, &ctx), EINVAL);
#endif
    good_context(&ctx);
    ctx.ctrlreg[3] = xen_pfn_to_cr3(~0UL >> 24);    /* no such frame */
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_initialise, SECONDARY, &ctx), EINVAL);
    good_context(&ctx);
    ctx.ctrlreg[3] = xen_pfn_to_cr3(virt_to_mfn(data));  /* writable data */
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_initialise, SECONDARY, &ctx), EINVAL);
#if BITS_PER_LONG == 64
    good_context(&ctx);
    ctx.ctrlreg[1] = xen_pfn_to_cr3(virt_to_mfn(data));  /* bad user table */
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_initialise, SECONDARY, &ctx), EINVAL);
#else
    /* A page table of the wrong level: our L3's slot-0 L2. */
    good_context(&ctx);
    ctx.ctrlreg[3] = xen_pfn_to_cr3(pte_maddr(VIRT_BASE, 2) >> PAGE_SHIFT);
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_initialise, SECONDARY, &ctx), EINVAL);
#endif
    good_context(&ctx);
    ctx.gdt_ents = 16;
    ctx.gdt_frames[0] = virt_to_mfn(data);          /* writable: no GDT */
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_initialise, SECONDARY, &ctx), EINVAL);
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, SECONDARY, NULL), 0);

    /* Nothing was kept: the page is still an ordinary writable page. */
    *(volatile unsigned long *)data = 1;
    CHECK_EQ(set_pte((unsigned long)data, virt_to_maddr(data) | PTE_RW), 0);

    /* A good one, with RPL-0 selectors that Xen raises to 3 (32-bit: 1). */
    good_context(&ctx);
    ctx.user_regs.ss = FLAT_KERNEL_SS & ~3;
#if BITS_PER_LONG == 32
    /* A %ds that does not load: vCPU 1 starts in its failsafe callback. */
    ctx.user_regs.ds = (7 << 3) | 1;
    ctx.failsafe_callback_cs = FLAT_KERNEL_CS;
    ctx.failsafe_callback_eip = (unsigned long)secondary_failsafe;
#endif
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_initialise, SECONDARY, &ctx), 0);
    CHECK_ERR(HYPERVISOR_vcpu_op(VCPUOP_initialise, SECONDARY, &ctx), EEXIST);
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, SECONDARY, NULL), 0);
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, SECONDARY, NULL), 0);
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, SECONDARY, NULL), 1);
    CHECK(WAIT_UNTIL(mb.alive, 2000));
#if BITS_PER_LONG == 32
    CHECK_EQ(secondary_failsafe_ds, (7 << 3) | 1);
#endif
    /* Up twice is fine. */
    CHECK_EQ(HYPERVISOR_vcpu_op(VCPUOP_up, SECONDARY, NULL), 0);
    secondary_up = true;
}

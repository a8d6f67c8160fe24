/*
 * CONSOLEIO_read: serial input switched to dom0 raises VIRQ_CONSOLE and
 * reads back byte for byte; three switch characters (Ctrl-A) in a row
 * take input away to the hypervisor and back, fewer are passed on; input
 * beyond the hypervisor's ring (128 bytes in Xen) is dropped; bad buffers
 * and counts are refused, and a refused read consumes nothing.
 *
 * The bytes are typed by the runner: a "GUEST INPUT <hex>" line asks it
 * to send them to the serial port (tests/guests/lib.sh).
 */
#include "guest.h"

#define CTRL_A          "\x01"
#define INPUT_TIMEOUT   30000000000ULL  /* ns: the runner looks every 0.2 s */
#define QUIET_TIME      1000000000ULL   /* ns without input: all has come */

static evtchn_port_t console_port;

static void request_input(const char *bytes)
{
    char line[420];
    size_t i, n = strlen(bytes);

    CHECK(2 * n < sizeof(line));
    for ( i = 0; i < n; i++ )
    {
        line[2 * i] = "0123456789abcdef"[(unsigned char)bytes[i] >> 4];
        line[2 * i + 1] = "0123456789abcdef"[bytes[i] & 15];
    }
    line[2 * n] = 0;
    printf("GUEST INPUT %s\n", line);
}

static void clear_virq(void)
{
    clear_bit_atomic(console_port % BITS_PER_LONG,
                     &shared_info->evtchn_pending[console_port / BITS_PER_LONG]);
}

/* Waits until VIRQ_CONSOLE is pending or system time 'deadline'. */
static bool wait_virq(uint64_t deadline)
{
    struct sched_poll poll;
    evtchn_port_t ports[1] = { console_port };

    set_xen_guest_handle(poll.ports, ports);
    poll.nr_ports = 1;
    poll.timeout = deadline;
    CHECK_EQ(HYPERVISOR_sched_op(SCHEDOP_poll, &poll), 0);
    return evtchn_is_pending(console_port);
}

static long console_read(void *buf, unsigned int count)
{
    return HYPERVISOR_console_io(CONSOLEIO_read, count, buf);
}

/*
 * Reads until n bytes have come (each batch announced by the VIRQ), or
 * the timeout; returns how many.
 */
static size_t read_input(char *buf, size_t n)
{
    uint64_t deadline = now_ns() + INPUT_TIMEOUT;
    size_t got = 0;
    long rc;

    while ( got < n )
    {
        clear_virq();
        rc = console_read(buf + got, n - got);
        CHECK(rc >= 0 && (size_t)rc <= n - got);
        got += rc;
        if ( got < n && !wait_virq(deadline) )
            break;
    }
    return got;
}

/* Nothing more comes: after a quiet second the ring is empty. */
static void check_no_more_input(void)
{
    char c;

    clear_virq();
    CHECK(!wait_virq(now_ns() + QUIET_TIME));
    CHECK_EQ(console_read(&c, 1), 0);
}

static void expect_input(const char *want)
{
    char buf[256];
    size_t n = strlen(want), got;

    CHECK(n < sizeof(buf));
    got = read_input(buf, n);
    if ( got != n || memcmp(buf, want, n) )
        test_fail("read %zu of %zu bytes expected", got, n);
}

GUEST_TEST(console_read)
{
    struct evtchn_bind_virq bv = { .virq = VIRQ_CONSOLE, .vcpu = 0 };
    struct evtchn_close cl;
    char buf[256], *pt = (char *)start_info->pt_base;
    unsigned int i;
    long n;

    /* Reading the console is the control domain's: -EPERM for others. */
    if ( !IS_HWDOM() )
    {
        if ( !IS_PRIVILEGED() )
            CHECK_ERR(console_read(buf, sizeof(buf)), EPERM);
        test_skip("no input is typed for a domU");
    }

    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv), 0);
    console_port = bv.port;
    /* No upcalls: the pending bit is polled and cleared here. */
    evtchn_mask_port(console_port);
    while ( console_read(buf, sizeof(buf)) > 0 )
        ;

    /* Nothing buffered: 0, and the buffer is not even looked at. */
    CHECK_EQ(console_read(NULL, 16), 0);
    CHECK_EQ(console_read((void *)0x1000, 16), 0);
    CHECK_ERR(console_read(buf, 0x80000000U), E2BIG);
    CHECK_ERR(console_read(buf, ~0U), E2BIG);

    /* Switch characters short of three are passed on, in order. */
    request_input("in:" CTRL_A ">" CTRL_A CTRL_A "+");
    expect_input("in:" CTRL_A ">" CTRL_A CTRL_A "+");

    /* Refused reads leave the input where it is. */
    clear_virq();
    request_input("abc");
    CHECK(wait_virq(now_ns() + INPUT_TIMEOUT));
    CHECK_ERR(console_read(buf, 0x80000000U), E2BIG);
    CHECK_ERR(console_read((void *)0x1000, 3), EFAULT);
    CHECK_ERR(console_read((void *)(HYPERVISOR_VIRT_START + 0x10000), 3), EFAULT);
    /* Our page tables are mapped read-only. */
    CHECK_ERR(console_read(pt, 3), EFAULT);
    CHECK_EQ(console_read(buf, 1), 1);
    CHECK_EQ(buf[0], 'a');
    /* A count far beyond what is buffered (below 2^31) takes what is there. */
    n = console_read(buf, 0x7fffffff);
    CHECK(n >= 0 && n <= 2);
    CHECK(!memcmp(buf, "bc", n));
    expect_input("bc" + n);
    check_no_more_input();

    /*
     * Three in a row switch input to the hypervisor ('h' is its key for
     * help), three more back: only what comes after reaches us.
     */
    request_input(CTRL_A CTRL_A CTRL_A "h" CTRL_A CTRL_A CTRL_A "ok");
    expect_input("ok");
    check_no_more_input();

    /*
     * Unread input beyond 128 bytes is dropped, the first 128 stay; each
     * byte still raises the VIRQ, so a quiet second means all have come.
     */
    for ( i = 0; i < 200; i++ )
        buf[i] = 'A' + i % 26;
    buf[200] = 0;
    clear_virq();
    request_input(buf);
    CHECK(wait_virq(now_ns() + INPUT_TIMEOUT));
    do
        clear_virq();
    while ( wait_virq(now_ns() + QUIET_TIME) );
    memset(buf, 0, sizeof(buf));
    CHECK_EQ(console_read(buf, sizeof(buf)), 128);
    for ( i = 0; i < 128; i++ )
        CHECK_EQ(buf[i], 'A' + i % 26);
    CHECK_EQ(console_read(buf, sizeof(buf)), 0);

    /* A closed port keeps its mask bit: clear it for the next test to bind it. */
    cl.port = console_port;
    CHECK_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_close, &cl), 0);
    evtchn_unmask_port(console_port);
}

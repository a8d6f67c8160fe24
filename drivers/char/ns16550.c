/*
 * PC 16550 UART: polled output; input by interrupt, or polled by a timer
 * when the UART has no IRQ (irq 0) or it cannot be routed.
 * Option syntax (Xen's): com1=<baud>[/<clock>][,<data><parity><stop>][,<io-base>[,<irq>]]
 * e.g. com1=115200,8n1,0x3f8,4.  "auto" keeps the firmware's baud rate.
 */
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/errno.h>
#include <xen/serial.h>
#include <xen/timer.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/irq.h>

#define UART_CLOCK_HZ   1843200
#define RBR 0   /* receive buffer */
#define THR 0   /* transmit holding */
#define IER 1
#define IIR 2   /* read */
#define FCR 2   /* write */
#define LCR 3
#define MCR 4
#define LSR 5
#define DLL 0
#define DLM 1
#define LCR_DLAB 0x80
#define MSR 6
#define LSR_DR   0x01
#define LSR_THRE 0x20
#define IER_RDA  0x01   /* interrupt when received data is available */
#define MCR_DTR  0x01
#define MCR_RTS  0x02
#define MCR_OUT2 0x08   /* gates the UART's interrupt line on PCs */

/* Input is drained at most this many bytes at a time (a 16550 FIFO holds 16). */
#define RX_BURST 64
#define RX_POLL_PERIOD MILLISECS(10)

struct uart {
    uint16_t io_base;
    uint8_t irq;
    uint32_t baud;      /* 0: keep what firmware set */
    uint32_t clock_hz;
    uint8_t lcr;        /* data bits, parity, stop bits */
    bool present;
    enum { RX_OFF, RX_IRQ, RX_POLL } rx;
};

/* Where received bytes go (the console); set once, before any input is on. */
static ns16550_rx_fn *rx_handler;
static struct timer rx_poll_timer;

static struct uart uarts[2] = {
    { 0x3f8, 4, 115200, UART_CLOCK_HZ, 0x03, false },
    { 0x2f8, 3, 115200, UART_CLOCK_HZ, 0x03, false },
};

/* "8n1" -> LCR bits; -1 if malformed. */
static int parse_dps(const char *s, const char **end)
{
    int lcr;

    if ( s[0] < '5' || s[0] > '8' )
        return -1;
    lcr = s[0] - '5';
    switch ( s[1] )
    {
    case 'n': break;
    case 'o': lcr |= 0x08; break;
    case 'e': lcr |= 0x18; break;
    case 'm': lcr |= 0x28; break;
    case 's': lcr |= 0x38; break;
    default: return -1;
    }
    if ( s[2] == '2' )
        lcr |= 0x04;
    else if ( s[2] != '1' )
        return -1;
    *end = s + 3;
    return lcr;
}

static int parse_com(struct uart *u, const char *s)
{
    const char *e;
    struct uart n = *u;
    int lcr;

    if ( !strncmp(s, "auto", 4) )
    {
        n.baud = 0;
        s += 4;
    }
    else if ( *s && *s != ',' )
    {
        n.baud = simple_strtoull(s, &e, 10);
        if ( e == s || n.baud == 0 )
            return -EINVAL;
        s = e;
        if ( *s == '/' )
        {
            n.clock_hz = simple_strtoull(s + 1, &e, 0);
            if ( e == s + 1 || !n.clock_hz )
                return -EINVAL;
            s = e;
        }
    }
    if ( *s == ',' )
    {
        s++;
        if ( *s && *s != ',' )
        {
            if ( (lcr = parse_dps(s, &e)) < 0 )
                return -EINVAL;
            n.lcr = lcr;
            s = e;
        }
    }
    if ( *s == ',' )
    {
        s++;
        if ( *s && *s != ',' )
        {
            unsigned long long base = simple_strtoull(s, &e, 0);

            if ( e == s || base == 0 || base > 0xfff8 )
                return -EINVAL;
            n.io_base = base;
            s = e;
        }
    }
    if ( *s == ',' )
    {
        unsigned long long irq = simple_strtoull(s + 1, &e, 0);

        if ( e == s + 1 || irq > 15 )
            return -EINVAL;
        n.irq = irq;
        s = e;
    }
    if ( *s )
        return -EINVAL;
    *u = n;
    return 0;
}

static int parse_com1(const char *s) { return parse_com(&uarts[0], s); }
static int parse_com2(const char *s) { return parse_com(&uarts[1], s); }
custom_param("com1", parse_com1);
custom_param("com2", parse_com2);

unsigned int ns16550_io_base(unsigned int index)
{
    return index < ARRAY_SIZE(uarts) && uarts[index].present
           ? uarts[index].io_base : 0;
}

bool ns16550_init(unsigned int index)
{
    struct uart *u = &uarts[index];
    uint16_t b = u->io_base;

    /* Scratch-register probe: an absent UART floats the bus to 0xff. */
    outb(0x5a, b + 7);
    if ( inb(b + 7) != 0x5a )
        return false;

    outb(0, b + IER);                   /* no interrupts until input starts */
    if ( u->baud )
    {
        uint32_t div = u->clock_hz / (16 * u->baud);

        outb(LCR_DLAB, b + LCR);
        outb(div & 0xff, b + DLL);
        outb(div >> 8, b + DLM);
    }
    outb(u->lcr, b + LCR);
    outb(0x07, b + FCR);                /* enable and clear FIFOs */
    outb(MCR_DTR | MCR_RTS, b + MCR);
    u->present = true;
    return true;
}

void ns16550_puts(unsigned int index, const char *s, size_t n)
{
    const struct uart *u = &uarts[index];

    if ( !u->present )
        return;
    for ( ; n; n--, s++ )
    {
        if ( *s == '\n' )
        {
            while ( !(inb(u->io_base + LSR) & LSR_THRE) )
                ;
            outb('\r', u->io_base + THR);
        }
        while ( !(inb(u->io_base + LSR) & LSR_THRE) )
            ;
        outb(*s, u->io_base + THR);
    }
}

/*
 * Hand what the UART holds to the console.  Bounded: a missing or broken
 * device that always claims data must not hold the CPU.
 */
static void uart_drain(const struct uart *u, bool in_irq)
{
    unsigned int n;

    for ( n = 0; n < RX_BURST && (inb(u->io_base + LSR) & LSR_DR); n++ )
        rx_handler(inb(u->io_base + RBR), in_irq);
}

/*
 * CONSOLE_UART_VECTOR: both UARTs share it.  Draining clears the UART's
 * request; a byte arriving after the LSR check raises it anew.
 */
static void uart_interrupt(struct cpu_user_regs *regs)
{
    unsigned int i;

    (void)regs;
    for ( i = 0; i < ARRAY_SIZE(uarts); i++ )
        if ( uarts[i].rx == RX_IRQ )
        {
            (void)inb(uarts[i].io_base + IIR);
            uart_drain(&uarts[i], true);
        }
    ack_APIC_irq();
}

/* Softirq context, on the boot CPU. */
static void uart_poll(void *unused)
{
    unsigned int i;

    (void)unused;
    for ( i = 0; i < ARRAY_SIZE(uarts); i++ )
        if ( uarts[i].rx == RX_POLL )
            uart_drain(&uarts[i], false);
    set_timer(&rx_poll_timer, NOW() + RX_POLL_PERIOD);
}

void ns16550_input_start(unsigned int index, ns16550_rx_fn *fn)
{
    struct uart *u = &uarts[index];
    uint16_t b = u->io_base;
    unsigned int n;
    int rc = -EINVAL;

    if ( !u->present || u->rx != RX_OFF )
        return;
    ASSERT(!rx_handler || rx_handler == fn);
    rx_handler = fn;

    /* Stale bytes and line/modem status go before the line is live. */
    for ( n = 0; n < RX_BURST && (inb(b + LSR) & LSR_DR); n++ )
        (void)inb(b + RBR);
    (void)inb(b + MSR);
    (void)inb(b + IIR);

    if ( u->irq )
    {
        set_direct_apic_vector(CONSOLE_UART_VECTOR, uart_interrupt);
        rc = io_apic_claim_isa_irq(u->irq, CONSOLE_UART_VECTOR);
    }
    if ( !rc )
    {
        u->rx = RX_IRQ;
        outb(MCR_DTR | MCR_RTS | MCR_OUT2, b + MCR);
        outb(IER_RDA, b + IER);
        printk("COM%u: input by interrupt (IRQ %u)\n", index + 1, u->irq);
        return;
    }

    u->rx = RX_POLL;
    if ( !timer_is_active(&rx_poll_timer) )
    {
        init_timer(&rx_poll_timer, uart_poll, NULL, smp_processor_id());
        set_timer(&rx_poll_timer, NOW() + RX_POLL_PERIOD);
    }
    printk("COM%u: input polled every %u ms (%s)\n", index + 1,
           (unsigned int)(RX_POLL_PERIOD / MILLISECS(1)),
           u->irq ? "its IRQ cannot be routed" : "no IRQ");
}

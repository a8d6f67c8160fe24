/*
 * PC 16550 UART, polled output.
 * Option syntax (Xen's): com1=<baud>[/<clock>][,<data><parity><stop>][,<io-base>[,<irq>]]
 * e.g. com1=115200,8n1,0x3f8,4.  "auto" keeps the firmware's baud rate.
 */
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/errno.h>
#include <xen/serial.h>
#include <asm/io.h>

#define UART_CLOCK_HZ   1843200
#define RBR 0   /* receive buffer */
#define THR 0   /* transmit holding */
#define IER 1
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define DLL 0
#define DLM 1
#define LCR_DLAB 0x80
#define LSR_DR   0x01
#define LSR_THRE 0x20

struct uart {
    uint16_t io_base;
    uint8_t irq;
    uint32_t baud;      /* 0: keep what firmware set */
    uint32_t clock_hz;
    uint8_t lcr;        /* data bits, parity, stop bits */
    bool present;
};

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

    outb(0, b + IER);                   /* polled: no interrupts */
    if ( u->baud )
    {
        uint32_t div = u->clock_hz / (16 * u->baud);

        outb(LCR_DLAB, b + LCR);
        outb(div & 0xff, b + DLL);
        outb(div >> 8, b + DLM);
    }
    outb(u->lcr, b + LCR);
    outb(0x07, b + FCR);                /* enable and clear FIFOs */
    outb(0x03, b + MCR);                /* DTR, RTS */
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

int ns16550_getc(unsigned int index)
{
    const struct uart *u = &uarts[index];

    if ( !u->present || !(inb(u->io_base + LSR) & LSR_DR) )
        return -1;
    return inb(u->io_base + RBR);
}

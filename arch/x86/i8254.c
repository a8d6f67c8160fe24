/*
 * 8254 PIT access.  Command port 0x43 selects a channel, the access mode
 * (low then high byte) and the counting mode; port 0x61 bit 0 is channel
 * 2's gate, bit 1 routes its output to the speaker, bit 5 reads its output.
 */
#include <xen/lib.h>
#include <asm/io.h>
#include <asm/i8254.h>

#define PIT_CH0         0x40
#define PIT_CH2         0x42
#define PIT_CMD         0x43
#define PIT_PORT_B      0x61

#define PORTB_GATE2     0x01
#define PORTB_SPEAKER   0x02
#define PORTB_OUT2      0x20

/* Command bytes: channel << 6 | lobyte/hibyte (3 << 4) | mode << 1. */
#define CMD_CH0_MODE0       0x30
#define CMD_CH0_MODE2       0x34
#define CMD_CH2_MODE0       0xb0
#define CMD_CH2_MODE2       0xb4
/* Read-back (3 << 6), latch counts (bit 5 clear), no status (bit 4), ch 0+2. */
#define CMD_READBACK_COUNT_CH0_CH2  0xda

void pit_ch2_start(uint16_t ticks)
{
    /* Gate high so the channel counts; speaker off so nobody hears it. */
    outb((inb(PIT_PORT_B) & ~PORTB_SPEAKER) | PORTB_GATE2, PIT_PORT_B);
    /*
     * Mode 0: the output drops when the command is written and rises at
     * terminal count, which is what pit_ch2_expired() reads.
     */
    outb(CMD_CH2_MODE0, PIT_CMD);
    outb(ticks & 0xff, PIT_CH2);
    outb(ticks >> 8, PIT_CH2);
}

bool pit_ch2_expired(void)
{
    return inb(PIT_PORT_B) & PORTB_OUT2;
}

void pit_udelay(unsigned long us)
{
    while ( us )
    {
        /* 50 ms per round keeps the count below 65536. */
        unsigned long chunk = min(us, 50000UL);

        pit_ch2_start(max(chunk * PIT_HZ / 1000000, 1UL));
        while ( !pit_ch2_expired() )
            __asm__ __volatile__("pause");
        us -= chunk;
    }
}

void pit_free_run(uint16_t ch0_period, uint16_t ch2_period)
{
    outb((inb(PIT_PORT_B) & ~PORTB_SPEAKER) | PORTB_GATE2, PIT_PORT_B);
    outb(CMD_CH0_MODE2, PIT_CMD);
    outb(ch0_period & 0xff, PIT_CH0);
    outb(ch0_period >> 8, PIT_CH0);
    outb(CMD_CH2_MODE2, PIT_CMD);
    outb(ch2_period & 0xff, PIT_CH2);
    outb(ch2_period >> 8, PIT_CH2);
}

static uint16_t read_latched(uint16_t port)
{
    uint8_t lo = inb(port);

    return ((uint16_t)inb(port) << 8) | lo;
}

void pit_read_both(uint16_t *ch0, uint16_t *ch2)
{
    outb(CMD_READBACK_COUNT_CH0_CH2, PIT_CMD);
    *ch0 = read_latched(PIT_CH0);
    *ch2 = read_latched(PIT_CH2);
}

void pit_stop(void)
{
    /* Mode 0 without a count: the output stays low until one is written. */
    outb(CMD_CH0_MODE0, PIT_CMD);
    outb(inb(PIT_PORT_B) & ~(PORTB_SPEAKER | PORTB_GATE2), PIT_PORT_B);
}

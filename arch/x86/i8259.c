/*
 * Legacy 8259 PICs.  Firmware leaves them delivering IRQ 0-15 on vectors
 * 0x08-0x0f and 0x70-0x77, which collide with exceptions; we move them
 * to 0x20-0x2f so a stray one is recognisable, then mask every line.
 */
#include <xen/lib.h>
#include <asm/io.h>
#include <asm/i8259.h>

#define PIC1_CMD    0x20
#define PIC1_DATA   0x21
#define PIC2_CMD    0xa0
#define PIC2_DATA   0xa1

#define ICW1_INIT_ICW4  0x11    /* edge triggered, cascade, ICW4 follows */
#define ICW4_8086       0x01
#define OCW3_READ_ISR   0x0b
#define OCW2_SEOI       0x60    /* specific EOI, | level */
#define CASCADE_IRQ     2

/* Old PICs need time between accesses; port 0x80 is the POST port. */
static void pic_out(uint8_t val, uint16_t port)
{
    outb(val, port);
    outb(0, 0x80);
}

void init_8259A(void)
{
    pic_out(0xff, PIC1_DATA);
    pic_out(0xff, PIC2_DATA);

    pic_out(ICW1_INIT_ICW4, PIC1_CMD);
    pic_out(I8259_VECTOR_BASE, PIC1_DATA);
    pic_out(1u << CASCADE_IRQ, PIC1_DATA);       /* slave on IRQ 2 */
    pic_out(ICW4_8086, PIC1_DATA);

    pic_out(ICW1_INIT_ICW4, PIC2_CMD);
    pic_out(I8259_VECTOR_BASE + 8, PIC2_DATA);
    pic_out(CASCADE_IRQ, PIC2_DATA);             /* slave identity */
    pic_out(ICW4_8086, PIC2_DATA);

    /* Initialisation unmasks nothing, but be explicit about the state. */
    pic_out(0xff, PIC1_DATA);
    pic_out(0xff, PIC2_DATA);
}

static bool in_service(uint16_t cmd, unsigned int line)
{
    outb(OCW3_READ_ISR, cmd);
    return inb(cmd) & (1u << line);
}

bool i8259_ack_stray(unsigned int vector)
{
    unsigned int irq = vector - I8259_VECTOR_BASE;
    bool slave = irq >= 8, real;

    real = in_service(slave ? PIC2_CMD : PIC1_CMD, irq & 7);
    if ( real )
        outb(OCW2_SEOI | (irq & 7), slave ? PIC2_CMD : PIC1_CMD);
    /* The master saw the slave's request on its cascade line either way. */
    if ( slave )
        outb(OCW2_SEOI | CASCADE_IRQ, PIC1_CMD);
    return real;
}

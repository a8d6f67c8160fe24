#ifndef ASM_I8259_H
#define ASM_I8259_H

/*
 * The two cascaded 8259 PICs (arch/x86/i8259.c).  They are remapped to
 * vectors 0x20-0x2f and fully masked: the hypervisor takes device
 * interrupts through the IO-APIC, so anything on those vectors is stray.
 */
#define I8259_VECTOR_BASE   0x20
#define I8259_NR_VECTORS    16

void init_8259A(void);
/*
 * Acknowledge a stray interrupt on an 8259 vector.  Returns false for a
 * spurious one (IRQ 7/15 with no in-service bit), true for a real one.
 */
bool i8259_ack_stray(unsigned int vector);

#endif

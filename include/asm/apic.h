#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <xen/types.h>

/* Local APIC (arch/x86/apic.c), xAPIC MMIO mode; x2APIC when the CPU has it. */
#define APIC_DM_FIXED   0x000
#define APIC_DM_NMI     0x400
#define APIC_DM_INIT    0x500
#define APIC_DM_STARTUP 0x600
#define APIC_INT_ASSERT 0x4000
#define APIC_INT_LEVELTRIG 0x8000

/* BSP: map and enable the LAPIC, mask the 8259s.  Every CPU: setup_local_apic(). */
void apic_bsp_init(void);
void setup_local_apic(void);
uint32_t get_apic_id(void);
void ack_APIC_irq(void);
/* Send an IPI: ICR low word (vector | delivery mode | ...) to one APIC id. */
void apic_send_ipi(uint32_t apic_id, uint32_t icr_low);
/* Wait until the previous IPI has been accepted; false on timeout. */
bool apic_wait_icr_idle(void);

/* One-shot LAPIC timer: fire LOCAL_TIMER_VECTOR at system time deadline (ns). */
void apic_timer_set_deadline(uint64_t deadline_ns);
/* Calibrate the LAPIC timer against the PIT-calibrated TSC (BSP, once). */
void apic_timer_calibrate(void);



/* IO-APICs (arch/x86/io_apic.c): mask every pin, route ISA IRQs on demand. */
void io_apic_init(void);
/*
 * Point a GSI at vector on the CPU with this APIC id (physical destination
 * mode, fixed delivery), leaving the pin masked.  -EINVAL for a GSI no
 * IO-APIC has, an APIC id the redirection entry cannot hold, or a vector
 * below 0x20.
 */
int io_apic_route_gsi(unsigned int gsi, unsigned int vector, uint32_t apic_id,
                      bool level, bool active_low);
/* Mask or unmask a GSI's pin; -EINVAL for a GSI no IO-APIC has. */
int io_apic_set_masked(unsigned int gsi, bool masked);
/* GSIs 0..n-1 exist (at least the 16 ISA IRQs, as in Xen). */
unsigned int io_apic_nr_gsis(void);
/*
 * For PHYSDEVOP_apic_read/write: read register reg of the IO-APIC at
 * physbase; the GSI whose redirection entry's low word is register reg.
 * -EINVAL if no IO-APIC is at physbase; -ENOENT if reg is no such word.
 */
int io_apic_guest_read(paddr_t physbase, unsigned int reg, uint32_t *val);
int io_apic_guest_rte_gsi(paddr_t physbase, unsigned int reg);
/*
 * The hypervisor's own lines (the console UART): route ISA IRQ isa_irq
 * (MADT overrides applied) to vector on this CPU, unmasked, and mark its
 * GSI as the hypervisor's for good.  Boot CPU, at boot.  0 or -EINVAL.
 */
int io_apic_claim_isa_irq(unsigned int isa_irq, unsigned int vector);
/* Is gsi one of those?  Then dom0 must not be given it. */
bool io_apic_gsi_is_xen(unsigned int gsi);
#endif

#ifndef ARCH_X86_SMPBOOT_H
#define ARCH_X86_SMPBOOT_H

/*
 * Interface between the AP trampoline (boot/trampoline.S) and smpboot.c.
 * The BSP fills the ap_boot_* values before each STARTUP IPI; one AP is
 * started at a time, so one set suffices.
 */
#include <xen/types.h>
#include <asm/page.h>

/* The real-mode code copied below 1 MiB; at most one page. */
extern const char trampoline_start[], trampoline_end[];

/*
 * Tables the AP enters long mode on: slot 0 identity-maps the low 2 MiB
 * (the trampoline page), slots 256..511 are the BSP's.  In the image, so
 * below 4 GiB as a 32-bit CR3 requires.
 */
extern pgentry_t ap_tmp_l4[512], ap_tmp_l3[512], ap_tmp_l2[512];

/* The BSP's page tables and CR0/CR4, adopted by the AP in 64-bit mode. */
extern unsigned long ap_boot_cr3, ap_boot_cr0, ap_boot_cr4;
/*
 * Initial %rsp: the AP's struct cpu_info (top of its stack).  The AP
 * exchanges it with 0; 0 means "no stack for you" and the AP halts.
 */
extern unsigned long ap_boot_stack;

/* C entry of an AP, on its own stack with its cpu_info filled in. */
void __noreturn start_secondary(void);

#endif

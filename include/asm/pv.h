#ifndef ASM_PV_H
#define ASM_PV_H

/*
 * 64-bit PV guests (arch/x86/pv/): what the rest of the hypervisor calls.
 */
#include <xen/types.h>
#include <asm/traps.h>

struct domain;
struct vcpu;
struct boot_module;

/*
 * SYSCALL entry (pv/syscall.c).  Each CPU enters through its own stub
 * page at STUBS_VIRT_START + cpu * PAGE_SIZE.  pv_syscall_stub_alloc()
 * maps a CPU's page before it starts (the BSP's once the heap exists);
 * the CPU itself then writes its stubs and its SYSCALL MSRs with
 * pv_syscall_percpu_init().
 */
#define STUBS_VIRT_START    (XEN_VIRT_END - CONFIG_NR_CPUS * PAGE_SIZE)
int pv_syscall_stub_alloc(unsigned int cpu);
void pv_syscall_percpu_init(void);

/* A hypercall (SYSCALL from guest kernel mode), from pv/entry.S. */
void pv_hypercall(struct cpu_user_regs *regs);

/* An exception in guest context (pv/traps.c). */
void pv_guest_trap(struct cpu_user_regs *regs);

/* The IRETQ back to a guest faulted (pv/entry.S): crash that guest. */
void __noreturn pv_bad_return_frame(struct cpu_user_regs *regs);

/* Fill a guest's hypercall page (pv/hypercall.c). */
void pv_init_hypercall_page(void *page);

/*
 * Build dom0 from its kernel image and optional initrd (pv/dom0_build.c).
 * @pre: d has vCPU 0.  0 or -errno, with the reason printed.
 */
int dom0_construct_pv(struct domain *d, const struct boot_module *image,
                      const struct boot_module *initrd, const char *cmdline);

/*
 * Run v on this CPU from its saved state: load its page tables, and enter
 * it (pv/domain.c).  Abandons the current stack.
 */
void __noreturn pv_vcpu_start(struct vcpu *v);

/* From pv/entry.S: restore the frame at %rsp (the guest's) and IRET to it. */
void __noreturn pv_enter_guest(struct cpu_user_regs *regs);
/* Called by the return path with interrupts off; returns with them off. */
void pv_exit_to_guest(void);

#endif

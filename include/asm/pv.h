#ifndef ASM_PV_H
#define ASM_PV_H

/*
 * 64-bit PV guests (arch/x86/pv/): what the rest of the hypervisor calls.
 */
#include <xen/types.h>
#include <asm/insn-decode.h>
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
/*
 * Give the guest exception vec with error code ec (and cr2 for a #PF)
 * at the context regs, as if it had raised it there (pv/traps.c).
 */
void pv_inject_fault(struct cpu_user_regs *regs, unsigned int vec,
                     unsigned int ec, unsigned long cr2);

/*
 * Guest LDTs (pv/ldt.c).  pv_set_ldt: MMUEXT_SET_LDT for the running v
 * (0 or -EINVAL).  pv_ldt_destroy: drop v's shadow LDT (v running here
 * or not at all).  pv_ldt_load/unload: the LDT of the vCPU switched in,
 * none when it leaves.  pv_ldt_fault: a #PF (cr2) that was a descriptor
 * load from this CPU's LDT area: true if mapped (retry) or turned into
 * the guest's own fault; false: not such a fault, or in the hypervisor
 * and not mappable (the caller's fixup).  pv_ldt_iret_fault: the same for
 * a fault of the IRETQ back to the guest, regs the refused guest frame.
 */
int pv_set_ldt(struct vcpu *v, unsigned long base, unsigned int ents);
void pv_ldt_destroy(struct vcpu *v);
void pv_ldt_load(const struct vcpu *v);
void pv_ldt_unload(void);
bool pv_ldt_fault(struct cpu_user_regs *regs, unsigned long cr2);
bool pv_ldt_iret_fault(struct cpu_user_regs *regs, unsigned long cr2);

/* A hardware NMI for dom0 (nmi=dom0; pv/traps.c, from NMI context). */
void pv_hwdom_nmi(void);

/* Enter v's NMI callback if an NMI is pending (pv/traps.c); false: bad stack. */
bool pv_bounce_nmi(struct vcpu *v, struct cpu_user_regs *regs);

/*
 * Enter v's failsafe callback (pv/traps.c) for data selectors sel (ds,
 * es, fs, gs) that failed to load, as Xen's frame; false: bad stack.
 */
bool pv_bounce_failsafe(struct vcpu *v, struct cpu_user_regs *regs,
                        const uint16_t sel[4]);
/* Enter v's event callback (pv/traps.c); false: none, or bad stack. */
bool pv_bounce_event_upcall(struct vcpu *v, struct cpu_user_regs *regs);

/*
 * The IRETQ back to a guest (pv/entry.S, at pv_guest_iretq) faulted:
 * do_trap notes the fault, pv_iret_fault delivers it to the guest.
 */
extern const char pv_guest_iretq[];
void pv_iret_fault_note(const struct cpu_user_regs *regs);
void pv_iret_fault(struct cpu_user_regs *regs);

/*
 * Guest kernel or user mode (VGCF_in_kernel).  64-bit PV guests run both
 * in ring 3; the hypervisor tracks which one runs and switches page
 * tables and GS bases between them (pv_toggle_guest_mode, pv/domain.c).
 * A 32-bit PV kernel runs in ring 1 and may IRET to ring 3 itself, so
 * its mode is the ring of its frame: the live one while v runs here, the
 * saved one otherwise.
 */
#define guest_kernel_mode(v)                                            \
    ((v)->domain->arch.is_32bit_pv                                      \
     ? ((((v) == current ? guest_cpu_user_regs()                        \
                         : &(v)->arch.user_regs)->cs & 3) == 1)         \
     : !!((v)->arch.pv.vgc_flags & VGCF_in_kernel))
void pv_toggle_guest_mode(struct vcpu *v);

/* SYSCALL from guest user mode: bounce to the syscall callback (pv/traps.c). */
void pv_syscall_from_user(struct cpu_user_regs *regs);
/*
 * int $0x80 and SYSENTER from either kind of guest (pv/traps.c; entries
 * in pv/compat/entry.S); pv_sysenter_debug: true if a #DB in the
 * hypervisor was a guest's TF carried into the SYSENTER entry.
 */
void pv_int80_direct_trap(struct cpu_user_regs *regs);
void pv_sysenter(struct cpu_user_regs *regs);
bool pv_sysenter_debug(struct cpu_user_regs *regs);

/*
 * Privileged-instruction emulation (pv/emul-priv.c): true if the #GP
 * (resp. #UD, forced-emulation prefix) was handled and the guest resumes.
 */
bool pv_emulate_privileged_op(struct cpu_user_regs *regs);
bool pv_emulate_forced_op(struct cpu_user_regs *regs);
/*
 * Up to INSN_MAX_LEN bytes at the guest's rip (32-bit guests: CS's base +
 * EIP, wrapping at 4 GiB) into buf; the number readable.
 */
unsigned int pv_emul_fetch(const struct cpu_user_regs *regs, uint8_t *buf);
/* The decoder's mode for v's code (32-bit guests: INSN_MODE_32). */
enum insn_mode pv_emul_mode(const struct vcpu *v);
/* Resume the guest len bytes further (32-bit guests: EIP wraps at 4 GiB). */
void pv_emul_skip(struct cpu_user_regs *regs, unsigned int len);
/* General register n (0 = rax .. 15 = r15, the ModRM/REX numbering) of regs. */
unsigned long *pv_emul_gpr(struct cpu_user_regs *regs, unsigned int n);
/* The guest's virtual CR0.TS, also loaded into the real CR0. */
void pv_set_guest_ts(struct vcpu *v, bool ts);

/* Port I/O permissions (pv/ioport.c). */
int pv_dom0_ioports_init(struct domain *d);
/* Does v's virtual IOPL cover its current ring (kernel 1, user 3)? */
bool pv_iopl_ok(const struct vcpu *v);
bool pv_io_insn_allowed(const struct vcpu *v, unsigned int port,
                        unsigned int bytes);
bool pv_io_port_owned(const struct domain *d, unsigned int port,
                      unsigned int bytes);

/*
 * PCI configuration ports of the hardware domain (pv/pci_conf.c): true if
 * the access was its (done or dropped), false if it is an ordinary port
 * access.
 */
bool pv_pci_conf_read(struct domain *d, unsigned int port, unsigned int bytes,
                      uint32_t *val);
bool pv_pci_conf_write(struct domain *d, unsigned int port, unsigned int bytes,
                       uint32_t val);

/* I/O memory: frames outside RAM and who may map them (pv/iomem.c). */
bool mfn_is_iomem(unsigned long mfn);
int pv_dom0_iomem_init(struct domain *d, unsigned int paddr_bits);
bool pv_iomem_permitted(const struct domain *d, unsigned long mfn);
/* Frames every mapping of which is read-only (the IO-APICs). */
bool pv_iomem_readonly(unsigned long mfn);
/*
 * The machine memory map d is told: E820 entries and, in between, what d
 * may not map as reserved; emit() gets each in order (non-zero stops).
 */
struct e820entry;
int iomem_machine_map(const struct domain *d,
                      int (*emit)(const struct e820entry *e, void *arg),
                      void *arg);

/*
 * Writable page tables: a guest kernel's write to one of its own L1
 * tables (a #PF on the read-only mapping) is emulated (pv/ptwr.c); true
 * if done.  pv_ptwr_update_l1e (pv/mm.c) validates and writes the entry.
 */
bool pv_ptwr_emulate(struct cpu_user_regs *regs, unsigned long cr2);
int pv_ptwr_update_l1e(struct domain *d, uint64_t ptr, uint64_t val);

/*
 * Debug registers (pv/debugreg.c): defaults for a new vCPU; a #DB from
 * the guest (merge its status into the guest's DR6); a #DB in the
 * hypervisor, true if it was a guest data breakpoint (then ignored).
 */
/*
 * Descriptor tables (pv/descriptor-tables.c).  pv_check_descriptor checks
 * one descriptor for PV guest d and fixes it up in place (DPL,
 * call gates); false if it may not be used.  pv_alloc_segdesc_page does
 * so for every entry of a frame about to take PGT_seg_desc_page.
 */
struct page_info;
bool pv_check_descriptor(const struct domain *d, uint64_t *desc);
int pv_alloc_segdesc_page(struct page_info *pg);

/*
 * Give v the GDT of entries descriptors in frames (each typed as a
 * descriptor frame first, then the old ones released); -EINVAL if a frame
 * is refused.  @pre v is current, or not running.
 */
int pv_set_gdt(struct vcpu *v, const unsigned long *frames,
               unsigned int entries);
/*
 * VCPUOP_initialise for a 64-bit PV vCPU (pv/vcpu_context.c): validate c
 * and take it as v's initial state, as Xen's arch_set_info_guest does.
 * @pre v not initialised (so not running).  0 or -EINVAL.
 */
struct vcpu_guest_context;
int pv_vcpu_initialise(struct vcpu *v, struct vcpu_guest_context *c);
/* v's FPU state from a 512-byte FXSAVE image (pv/context.c), sanitised. */
void pv_vcpu_set_fpu(struct vcpu *v, const void *fxsave);
void pv_debugreg_init(struct vcpu *v);
/* set_debugreg's rules for any vCPU (loaded into the CPU if v is current). */
long pv_set_debugreg(struct vcpu *v, unsigned int reg, unsigned long val);
/* get_debugreg's: v's DRn (4 and 5 as 6 and 7); false if there is none. */
bool pv_get_debugreg(const struct vcpu *v, unsigned int reg, unsigned long *val);
/* At a context switch: arm v's breakpoints in the CPU / disarm them. */
void pv_debugreg_load(const struct vcpu *v);
void pv_debugreg_unload(const struct vcpu *v);
void pv_debug_trap(struct vcpu *v);
bool pv_debug_in_hypervisor(const struct cpu_user_regs *regs);

/* CPUID and MSRs as a PV guest sees them (pv/cpuid.c, pv/msr.c). */
struct cpuid_leaf;
void pv_cpuid(uint32_t leaf, uint32_t subleaf, struct cpuid_leaf *res);
/* Load the MSRs v keeps in the CPU while it runs (TSC_AUX); pv/msr.c. */
void pv_msr_load(const struct vcpu *v);
bool pv_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val, unsigned long rip);
bool pv_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val, unsigned long rip);
/* The running vCPU's emulated XSETBV of a valid XCR0 (pv/context.c). */
void pv_set_xcr0(struct vcpu *v, uint64_t xcr0);
/* The virtual machine-check MSRs (pv/vmce.c), asked first by the two above. */
enum vmce_result { VMCE_NOT_MINE, VMCE_DONE, VMCE_FAULT };
enum vmce_result pv_vmce_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val);
enum vmce_result pv_vmce_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val);

/*
 * The loop of HYPERVISOR_mmuext_op (pv/mmuext.c): count ops 'stride'
 * bytes apart at the guest's array, each read with read_op (0 or
 * -EFAULT), 'done' and preemption as the ABI says.  32-bit guests pass
 * their own reader (pv/compat/hypercall.c).
 */
struct hc_args;
struct mmuext_op;
long pv_mmuext_batch(struct hc_args *a, unsigned int stride,
                     int (*read_op)(struct mmuext_op *op, unsigned long uop));

/* Fill a guest's hypercall page (pv/hypercall.c). */
void pv_init_hypercall_page(void *page);

/*
 * Build a 64-bit PV domain from an ELF kernel image and optional initrd
 * (pv/dom0_build.c).  initdomain: start_info says SIF_INITDOMAIN and
 * SIF_PRIVILEGED and the domain gets the hardware's I/O ports (dom0);
 * else it is an ordinary domU.  name is for messages.  If res is given,
 * it gets the new domain's P2M (pseudo-physical -> machine frame, read
 * through the direct map: valid only until the guest first runs) and the
 * size of its initial region (pseudo-physical frames from 0).
 * @pre: d has vCPU 0.  0 or -errno, with the reason printed.
 */
struct pv_build_params {
    const char *name;
    const struct boot_module *image, *initrd;   /* initrd may be NULL */
    const char *cmdline;
    unsigned long nr_pages;
    unsigned long max_pages;    /* the domain's limit; 0: nr_pages */
    bool initdomain;
};
struct pv_build_result {
    const void *p2m;            /* 8-byte entries, 4-byte for a 32-bit guest */
    bool compat;
    unsigned long region_pages;
};

/* The machine frame of the built domain's pseudo-physical frame pfn. */
static inline unsigned long pv_build_mfn(const struct pv_build_result *r,
                                         unsigned long pfn)
{
    return r->compat ? ((const uint32_t *)r->p2m)[pfn]
                     : ((const unsigned long *)r->p2m)[pfn];
}
int pv_build_domain(struct domain *d, const struct pv_build_params *p,
                    struct pv_build_result *res);

/*
 * Build dom0 from its kernel image and optional initrd, with dom0_mem=.
 * @pre: d has vCPU 0.  0 or -errno, with the reason printed.
 */
int dom0_construct_pv(struct domain *d, const struct boot_module *image,
                      const struct boot_module *initrd, const char *cmdline);

/* From pv/entry.S: restore the frame at %rsp (the guest's) and IRET to it. */
void __noreturn pv_enter_guest(struct cpu_user_regs *regs);
/* Called by the return path with interrupts off; returns with them off. */
void pv_exit_to_guest(void);

#endif

#ifndef ASM_DOMAIN_H
#define ASM_DOMAIN_H

/*
 * The x86 parts of struct domain and struct vcpu (xen/sched.h): what a
 * 64-bit PV vCPU has beyond its registers.
 */
#include <xen/types.h>
#include <xen/spinlock.h>
#include <public/xen.h>

struct pv_vcpu {
    /*
     * Virtual IDT (set_trap_table); an entry with address 0 is empty.
     * trap_ctxt[2] doubles as the NMI callback (callback_op), as in Xen.
     */
    struct trap_info trap_ctxt[256];

    /* Callbacks (set_callbacks, callback_op); 0 = none. */
    unsigned long event_callback_eip;
    unsigned long failsafe_callback_eip;
    unsigned long syscall_callback_eip;
    unsigned long syscall32_callback_eip;
    unsigned long sysenter_callback_eip;
    bool syscall32_disables_events;
    bool sysenter_disables_events;

    /* VGCF_* flags: failsafe/syscall_disables_events, in_kernel, online. */
    unsigned long vgc_flags;

    /* LDT as set by MMUEXT_SET_LDT; 0 entries = none. */
    unsigned long ldt_base;
    unsigned int ldt_ents;
    /*
     * The shadow LDT (pv/ldt.c): ldt_shadow[i] is the frame of LDT page i
     * that a descriptor load faulted in, 0 = none yet; each holds a
     * general and a PGT_seg_desc_page type reference and is mapped at
     * page i of the CPU's LDT area while the vCPU runs.  Changed only by
     * the vCPU itself or while it is not running.
     */
    unsigned long ldt_shadow[16];

    /*
     * GDT (set_gdt): gdt_ents entries in the first (gdt_ents + 511) / 512
     * of gdt_frames, each holding a PGT_seg_desc_page type reference.
     */
    unsigned long gdt_frames[FIRST_RESERVED_GDT_PAGE];
    unsigned int gdt_ents;

    /* Kernel stack for traps from guest user mode (stack_switch). */
    unsigned long kernel_ss, kernel_sp;

    /* Segment bases while the vCPU is not running. */
    unsigned long fs_base, gs_base_kernel, gs_base_user;

    /*
     * MSR_TSC_AUX as the guest set it (pv/msr.c; 32 bits): in the MSR
     * while the vCPU runs (context_load calls pv_msr_load).
     */
    uint32_t tsc_aux;

    /*
     * Virtual machine-check registers (pv/vmce.c): MCG_STATUS and the
     * two banks' STATUS, ADDR, MISC and CTL2 as the guest wrote them.
     */
    struct {
        uint64_t mcg_status;
        struct {
            uint64_t status, addr, misc, ctl2;
        } bank[2];
    } vmce;

    /*
     * Port I/O (pv/emul-priv.c): the virtual IOPL (physdev set_iopl, as
     * RFLAGS.IOPL bits; the kernel counts as ring 1, user as ring 3) and
     * the guest's I/O bitmap (set_iobitmap: guest address and number of
     * ports it covers; a clear bit allows the port).
     */
    unsigned long iopl;
    unsigned long iobmp;
    unsigned int iobmp_limit;

    /* CR0.TS as the guest sees it (fpu_taskswitch, clts, mov to CR0). */
    bool ctrlreg0_ts;

    /*
     * CR4.OSXSAVE as the guest set it (mov to CR4; only where XSAVE is
     * offered): XSETBV needs it, as in Xen.  The CPU's own CR4.OSXSAVE
     * stays on (arch/x86/fpu.c).
     */
    bool ctrlreg4_osxsave;

    /*
     * Debug registers (set_debugreg/get_debugreg, pv/debugreg.c): the
     * guest's values, loaded into the CPU's while it runs; dr6 also
     * collects the status bits of the #DBs delivered to it.
     */
    unsigned long dr[4], dr6, dr7;

    /*
     * Virtual NMI (Xen's nmi_pending / nmi_masked): raised by send_nmi or
     * a hardware NMI forwarded to dom0 (set from NMI context), delivered
     * to trap_ctxt[2] on the way back to the guest, which then stays
     * masked until its next HYPERVISOR_iret.
     */
    bool nmi_pending, nmi_masked;

    /*
     * 32-bit PV only (pv/compat/): the code selectors of the event,
     * failsafe, syscall32 and sysenter callbacks (RPL 1; a null one means
     * no callback for the last two, as Xen), and the hypervisor pages
     * (COMPAT_XLAT_SIZE) where 32-bit hypercall arguments are rewritten
     * in the 64-bit layout for the shared handlers (usercopy.c lets
     * those read them as guest memory).
     */
    unsigned int event_callback_cs, failsafe_callback_cs;
    unsigned int syscall32_callback_cs, sysenter_callback_cs;
    void *compat_xlat;
};

struct arch_vcpu {
    /*
     * Guest registers while the vCPU is not running: the state it starts
     * with, and later the state saved at a context switch.  While it runs
     * they live in its CPU's cpu_info (asm/current.h).
     */
    struct cpu_user_regs user_regs;

    /*
     * Frame numbers of the guest's kernel and user top-level page tables
     * (user: 0 = none yet).  Each holds a reference of type
     * PGT_l4_page_table (asm/mm.h) while set.
     */
    unsigned long guest_table;
    unsigned long guest_table_user;

    struct pv_vcpu pv;

    /*
     * FPU/SSE/AVX state while the vCPU is not running (pv/context.c):
     * an XSAVE area (or FXSAVE's 512 bytes without XSAVE), page aligned,
     * saved and restored eagerly at every switch; xcr0 its XCR0.
     */
    void *fpu;
    uint64_t xcr0;

    /*
     * A data selector of the incoming vCPU failed to load at the switch:
     * its failsafe callback gets the selectors it had (ds, es, fs, gs).
     */
    bool failsafe_pending;
    uint16_t failsafe_sel[4];
};

struct arch_domain {
    bool is_32bit_pv;           /* a 32-bit PAE PV guest (asm/pv-compat.h) */
    /*
     * Serialises changes to the domain's page-table entries (pv/mm.c), so
     * that an entry's old value, whose references are dropped, is the one
     * replaced.
     */
    spinlock_t pt_lock;

    /*
     * I/O ports the domain may access (pv/emul-priv.c); NULL = none.
     * dom0: all but the hypervisor's own (pv/ioport.c).
     */
    struct rangeset *ioport_caps;
    /*
     * Machine frames outside RAM the domain may map (pv/iomem.c); NULL =
     * none.  dom0: all but the hypervisor's own MMIO.
     */
    struct rangeset *iomem_caps;
    /* Physical IRQs (arch/x86/pirq.c, asm/pirq.h), under event_lock. */
    struct pirq *pirqs;
    unsigned int nr_pirqs;
    unsigned long *irq_caps;    /* host IRQs it may map; NULL = none */
    /* The EOI bitmap page (PHYSDEVOP_pirq_eoi_gmfn), set once. */
    unsigned long pirq_eoi_map_mfn;
    unsigned long *pirq_eoi_map;
    bool pirq_eoi_auto_unmask;
    /* The hardware domain's PCI address register (0xcf8, pv/pci_conf.c). */
    uint32_t pci_cf8;
};

#endif

#ifndef ASM_PV_COMPAT_H
#define ASM_PV_COMPAT_H

/*
 * 32-bit PAE PV guests ("compat" guests, arch/x86/pv/compat/) on the
 * 64-bit hypervisor.  The guest kernel runs in ring 1 in compatibility
 * mode, its user space in ring 3; it enters the hypervisor with
 * int $0x82 (hypercalls) or by trapping, and gets 32-bit frames back.
 *
 * The guest's view (public/arch-x86/xen-x86_32.h): 3-level PAE page
 * tables whose L3 it pins; everything from HYPERVISOR_COMPAT_VIRT_START
 * to 4 GiB is the hypervisor's hole, refused as a guest pointer.  The
 * hardware's view: long mode needs a 4-level table, so each compat vCPU
 * has an L4 of the hypervisor's own (not the guest's, so no guest
 * hypercall can name it) whose slot 0 is the guest's L3 and whose slots
 * 256..271 are the hypervisor's, as in every PV L4.  arch.guest_table is
 * that L4; the L3 holds the vCPU's L3 type reference.
 */
/* The IDT vector of 32-bit hypercalls: a DPL 1 gate, so ring 3 cannot. */
#define HYPERCALL_VECTOR                0x82

/*
 * int $0x80, the system call of 32-bit user space: a DPL 3 gate taken
 * straight to the guest's trap-table entry (pv/compat/entry.S), as Xen.
 */
#define LEGACY_SYSCALL_VECTOR           0x80

/* Xen 4.17's default hole for PAE guests (no HV_START_LOW change). */
#define HYPERVISOR_COMPAT_VIRT_START    0xf5800000UL

/*
 * The per-vCPU translation area of 32-bit hypercalls (pv/compat/): two
 * pages, as Xen's, so one XENMEM_exchange unit of order difference 9
 * (513 frame numbers) fits.
 */
#define COMPAT_XLAT_ORDER               1
#define COMPAT_XLAT_SIZE                (PAGE_SIZE << COMPAT_XLAT_ORDER)

/* The flat selectors compat guests use (Xen's compat reserved GDT page). */
#define FLAT_COMPAT_RING1_CS            0xe019
#define FLAT_COMPAT_RING1_DS            0xe021
#define FLAT_COMPAT_RING3_CS            0xe02b
#define FLAT_COMPAT_RING3_DS            0xe033

#ifndef __ASSEMBLY__
#include <xen/types.h>
#include <xen/hypercall.h>
#include <asm/insn-decode.h>
#include <asm/traps.h>

struct domain;
struct vcpu;

/* Is d (v's domain) a 32-bit PV guest?  Set once, by the domain builder. */
#define is_pv_32bit_domain(d)   ((d)->arch.is_32bit_pv)
#define is_pv_32bit_vcpu(v)     is_pv_32bit_domain((v)->domain)

/*
 * A compat guest pointer range: below the hole (32-bit arithmetic never
 * wraps past it: addr + len is computed in 64 bits).
 */
static inline bool compat_range_ok(unsigned long addr, unsigned long len)
{
    return addr <= HYPERVISOR_COMPAT_VIRT_START &&
           len <= HYPERVISOR_COMPAT_VIRT_START - addr;
}

/* int $0x82 from ring 1 (pv/compat/entry.S -> pv/compat/hypercall.c). */
extern const char compat_int82_entry[];
void compat_hypercall(struct cpu_user_regs *regs);
/*
 * int $0x80 and SYSENTER (pv/compat/entry.S), for guests of both kinds;
 * the C side is pv/traps.c (pv_int80_direct_trap, pv_sysenter).  A #DB
 * between compat_sysenter_entry and compat_sysenter_clean is a guest's
 * TF carried in by SYSENTER.
 */
extern const char compat_int80_entry[];
extern const char compat_sysenter_entry[], compat_sysenter_clean[];
/* The 32-bit hypercall page: mov $n, %eax; int $0x82; ret. */
void compat_init_hypercall_page(void *page);

/*
 * Enter the guest kernel at cs:eip through a 32-bit bounce frame
 * (pv/compat/traps.c): [ds, es, fs, gs (failsafe: sel)], [error code],
 * eip, cs | mask << 16, eflags, and esp, ss when ring 3 was interrupted,
 * on the ring-1 stack.  False if the frame cannot be written.
 */
bool compat_create_bounce_frame(struct vcpu *v, struct cpu_user_regs *regs,
                                unsigned long eip, unsigned int cs,
                                bool push_error, uint32_t error_code,
                                const uint16_t *sel, bool mask_events);
/* The 32-bit forms of set_trap_table, set_callbacks, callback_op and iret. */
hypercall_fn_t compat_set_trap_table, compat_set_callbacks, compat_iret;
hypercall_fn_t compat_callback_op;

/*
 * Page tables (pv/compat/pagetable.c): the checks of a PAE L3 (only
 * slots 0..3, slot 3 present, Xen's reserved-bit mask) behind
 * alloc_page_type(), and the vCPU's hypervisor L4 around its L3.
 */
int compat_alloc_l3(struct domain *d, unsigned long mfn, uint64_t *l3);
void compat_free_l3(const uint64_t *l3);
/*
 * mmu_update of entry i of a 32-bit guest's level table whose type_info
 * is 'type': 0 if the guest may write it, -EINVAL for slot 3 and above
 * of an L3, -EPERM for the hypervisor's entries of a slot-3 L2 (Xen).
 */
int compat_mod_slot_check(unsigned int level, unsigned long type,
                          unsigned int i);
/* A new entry i (0..2) of the PAE L3 l3_mfn: checked, referenced, adjusted. */
int compat_get_l3e(struct domain *d, uint64_t *pe, unsigned long l3_mfn,
                   unsigned int i);
/*
 * Give v its hypervisor L4 around the L3 l3_mfn (whose L3 type reference
 * the caller holds for v) and its translation page.  0 or -ENOMEM.
 */
int compat_vcpu_init(struct vcpu *v, unsigned long l3_mfn);
/*
 * MMUEXT_NEW_BASEPTR of the running 32-bit vCPU v: the L3 l3_mfn (a type
 * reference taken, the old one's dropped) in slot 0 of v's L4.
 * @pre d->arch.pt_lock held.
 */
int compat_new_baseptr(struct vcpu *v, unsigned long l3_mfn);

/*
 * Privileged-instruction emulation for a 32-bit vCPU (pv/compat/emul.c):
 * the base of the segment seg the trapping instruction uses (false if it
 * cannot be known: an LDT or null selector); the guest's CR2 (its 32-bit
 * vcpu_info); CR3 in Xen's extended format, read from and written to
 * (NEW_BASEPTR with the L3 it names: 0 or NEW_BASEPTR's error) v's L4.
 */
bool compat_seg_base(const struct cpu_user_regs *regs, enum insn_seg seg,
                     unsigned long *base);
unsigned long compat_guest_cr2(const struct vcpu *v);
uint32_t compat_read_cr3(const struct vcpu *v);
int compat_write_cr3(struct vcpu *v, uint32_t cr3);

/*
 * The 32-bit guests' M2P (pv/compat/m2p.c): built after the 64-bit one;
 * compat_l2_xen_slots fills the hypervisor's entries (from
 * COMPAT_L2_FIRST_XEN_SLOT, the hole's first 2 MiB) of a slot-3 L2.
 */
#define COMPAT_L2_FIRST_XEN_SLOT \
    ((HYPERVISOR_COMPAT_VIRT_START >> 21) & 511)
void compat_m2p_init(void);
void compat_l2_xen_slots(uint64_t *l2);
/*
 * The window the M2P has in a 32-bit guest (public/arch-x86/xen-x86_32.h):
 * 16 MiB of 4-byte entries from HYPERVISOR_COMPAT_VIRT_START.
 */
#define COMPAT_M2P_VIRT_END     0xf6800000UL
/* The first frame of the M2P's 2 MiB chunk i; false past its end. */
bool compat_m2p_chunk_mfn(unsigned int i, unsigned long *mfn);

/*
 * The runstate area of a 32-bit guest: struct vcpu_runstate_info in the
 * i386 layout (44 bytes), written from the hypervisor's; 0 or -EFAULT.
 */
#define COMPAT_RUNSTATE_SIZE    44
struct vcpu_runstate_info;
int compat_write_runstate(unsigned long addr,
                          const struct vcpu_runstate_info *r);

/*
 * A code or data descriptor (a: low word, b: high word) of a 32-bit
 * guest, DPL already fixed (pv/compat/descriptors.c): false for a 64-bit
 * code segment; a flat segment that stops short of 4 GiB past the hole's
 * start is extended to 4 GiB, as Xen does.
 */
bool compat_check_segment(uint32_t *a, uint32_t *b);

/* Load the compat (or the 64-bit) flat selectors into this CPU's GDT. */
void percpu_gdt_set_compat(bool compat);

#endif /* !__ASSEMBLY__ */
#endif

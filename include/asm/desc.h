#ifndef ASM_DESC_H
#define ASM_DESC_H

#include <asm/config.h>
#include <public/xen.h>     /* FIRST_RESERVED_GDT_BYTE, FLAT_* selectors */

/*
 * Descriptor tables (arch/x86/desc.c builds the GDT and TSS of each CPU,
 * arch/x86/traps.c the one IDT all CPUs share).
 *
 * Each CPU's GDT is laid out as Xen's: 15 pages, of which pages 0..13
 * (selectors below FIRST_RESERVED_GDT_BYTE = 0xe000) belong to the PV
 * guest running there and page 14 is the hypervisor's reserved page, so
 * that guests see its flat segments at fixed selectors (public
 * arch-x86 headers: FLAT_RING3_CS64 = 0xe033 ...).  The GDT is reached
 * through a per-CPU virtual area, GDT_VIRT_START(cpu), in the per-domain
 * slot of the hypervisor's range:
 *   pages 0..13  the frames of the running vCPU's own GDT (set_gdt, mapped
 *                by percpu_gdt_set_guest), a shared read-only page of
 *                zeros for the rest (every selector there is not present);
 *   page 14      this CPU's reserved GDT page (read-write: LTR sets the
 *                TSS busy bit);
 *   page 15      never mapped;
 *   pages 16..31 the LDT area: page i maps page i of the running vCPU's
 *                LDT once a descriptor load faulted on it and the frame
 *                took the descriptor type (pv/ldt.c), else nothing.  The
 *                CPU's LDTR points here (LDT_SELECTOR) while a vCPU with
 *                an LDT runs.  Its page-table pages exist from
 *                percpu_gdt_map on, so mapping there never allocates.
 * Until the area is mapped (the BSP's first moments, before the heap
 * exists) the GDTR points FIRST_RESERVED_GDT_BYTE below the reserved page
 * itself; nothing loads a selector below 0xe000 then.
 */
#define LAST_RESERVED_GDT_BYTE      (FIRST_RESERVED_GDT_BYTE + PAGE_SIZE - 1)
#define NR_RESERVED_GDT_ENTRIES     (PAGE_SIZE / 8)

#define GDT_AREA_SHIFT              17      /* 32 pages per CPU */
#define GDT_VIRT_START(cpu) \
    (PERDOMAIN_VIRT_START + ((unsigned long)(cpu) << GDT_AREA_SHIFT))
#define GDT_VIRT_END        GDT_VIRT_START(CONFIG_NR_CPUS)
/* 8192 descriptors (the most an LDT has) fill 16 pages. */
#define LDT_AREA_PAGES      16
#define LDT_VIRT_START(cpu) (GDT_VIRT_START(cpu) + LDT_AREA_PAGES * PAGE_SIZE)

#define GDT_SEL(entry)  (FIRST_RESERVED_GDT_BYTE + (entry) * 8)

/* Entries of the reserved page; 3 is unused, as in Xen. */
#define __HYPERVISOR_CS     GDT_SEL(1)          /* 0xe008: ring 0, 64-bit */
#define __HYPERVISOR_DS32   GDT_SEL(2)          /* 0xe010: ring 0 flat data */
#define __HYPERVISOR_DS     __HYPERVISOR_DS32
#define GDT_RING3_CS32      (GDT_SEL(4) | 3)    /* 0xe023 = FLAT_RING3_CS32 */
#define GDT_RING3_DS32      (GDT_SEL(5) | 3)    /* 0xe02b = FLAT_RING3_DS32/SS */
#define GDT_RING3_CS64      (GDT_SEL(6) | 3)    /* 0xe033 = FLAT_RING3_CS64 */
#define __HYPERVISOR_CS32   GDT_SEL(7)          /* 0xe038: ring 0, 32-bit */
#define TSS_SELECTOR        GDT_SEL(8)          /* 0xe040, 16-byte descriptor */
#define LDT_SELECTOR        GDT_SEL(10)         /* 0xe050, 16-byte descriptor */
#define PER_CPU_SELECTOR    GDT_SEL(12)         /* 0xe060, limit = CPU number */

/*
 * Interrupt stack table slots.  Each of these vectors always starts on a
 * known-good stack, so a broken %rsp (stack overflow, corrupt frame) still
 * gets a report instead of a triple fault.
 */
#define IST_NONE    0
#define IST_MCE     1
#define IST_NMI     2
#define IST_DF      3

/*
 * Layout of every CPU's STACK_SIZE block (8 pages, STACK_SIZE aligned),
 * by page, from the top:
 *   4-7  primary stack, struct cpu_info in its top CPU_INFO_SIZE bytes
 *   3    guard page: never used, so that an overflow of the primary stack
 *        faults once the page is unmapped (see stack_guard_page())
 *   2    #DF IST stack
 *   1    NMI IST stack
 *   0    #MC IST stack (IST slot n uses page n - 1)
 * The IST stacks share the block so that get_cpu_info() and
 * smp_processor_id() work in their handlers too.  An IST stack is a page:
 * the deepest user, a fatal-error report, needs under 3 KiB.
 */
#define STACK_GUARD_PAGE        3
#define STACK_IST_TOP(ist)      ((unsigned long)(ist) * PAGE_SIZE)

#ifndef __ASSEMBLY__
#include <xen/types.h>

/*
 * Map the GDT area of a CPU about to run (the BSP: once the heap exists)
 * and make that CPU's GDTR point at it if it is the running one.  0 or
 * -ENOMEM.
 */
int percpu_gdt_map(unsigned int cpu);

/*
 * Map the guest GDT frames frames[0..nr-1] (nr <= FIRST_RESERVED_GDT_PAGE)
 * at pages 0..nr-1 of cpu's GDT area, the zero page at the others.  @pre
 * cpu is the running CPU and its area is mapped; the frames hold a
 * descriptor type reference for as long as they stay mapped.
 */
void percpu_gdt_set_guest(unsigned int cpu, const unsigned long *frames,
                          unsigned int nr);

/*
 * The running CPU's LDT area (@pre its GDT area is mapped): map guest
 * frame mfn read-write at page slot (the CPU sets accessed bits; the frame
 * holds a descriptor type reference for as long as it stays mapped), or
 * unmap that page.  Only this CPU's TLB is flushed: no other CPU uses it.
 */
void percpu_ldt_map(unsigned int slot, unsigned long mfn);
void percpu_ldt_unmap(unsigned int slot);
/*
 * Load the running CPU's LDTR: an LDT of ents descriptors at its LDT area
 * (LDT_SELECTOR), or none for 0.
 */
void percpu_ldt_load(unsigned int ents);

typedef uint64_t seg_desc_t;

struct __packed desc_ptr {
    uint16_t limit;
    uint64_t base;
};

/* 64-bit TSS (Intel SDM vol. 3, 8.7). */
struct __packed tss64 {
    uint32_t rsvd0;
    uint64_t rsp[3];            /* stack on entry to ring 0..2 from outer rings */
    uint64_t rsvd1;
    uint64_t ist[7];            /* IST slot n is ist[n - 1] */
    uint64_t rsvd2;
    uint16_t rsvd3;
    uint16_t iomap_base;
};

/* 16-byte 64-bit interrupt gate. */
typedef struct {
    uint64_t lo, hi;
} idt_entry_t;

#define IDT_ENTRIES 256
extern idt_entry_t idt_table[IDT_ENTRIES];

static inline unsigned long stack_block(unsigned long sp)
{
    return sp & ~(STACK_SIZE - 1);
}

/* First byte of the guard page of the stack block containing sp. */
static inline unsigned long stack_guard_page(unsigned long sp)
{
    return stack_block(sp) + STACK_GUARD_PAGE * PAGE_SIZE;
}
#endif

#endif

/*
 * Writable page tables: a 64-bit PV kernel may store directly into its
 * own L1 page tables, which it can only map read-only.  The store faults
 * (#PF, present + write); if the faulting address maps a validated L1
 * table of the domain and the instruction is a plain mov to memory
 * within one entry, the new entry is validated and written exactly as
 * mmu_update would (pv_ptwr_update_l1e, pv/mm.c) and the guest resumes
 * after the instruction.  Anything else (a refused entry, a higher-level
 * table, another instruction) gets the original #PF.
 *
 * As in Xen 4.17: with VMASST_TYPE_writable_pagetables, and always for
 * the hardware domain (Xen's handler for dom0's writes to read-only
 * pages takes them whatever the assist says); guest kernel mode only.
 * The guest flushes its TLB itself afterwards (invlpg), as on Xen.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/insn-decode.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/pv.h>
#include <asm/traps.h>
#include <public/xen.h>

#define LEVEL_INDEX(va, l)  (((va) >> (12 + 9 * ((l) - 1))) & 511)

/* The current kernel table's L1 entry for va, or 0 if not mapped. */
static pgentry_t kernel_l1e(const struct vcpu *v, unsigned long va)
{
    const pgentry_t *t = __va((paddr_t)v->arch.guest_table << PAGE_SHIFT);
    unsigned int level;

    for ( level = 4; level > 1; level-- )
    {
        pgentry_t e = t[LEVEL_INDEX(va, level)];

        if ( !(e & _PAGE_PRESENT) || (e & _PAGE_PSE) )
            return 0;
        t = __va(e & PADDR_MASK);
    }
    return t[LEVEL_INDEX(va, 1)];
}

bool pv_ptwr_emulate(struct cpu_user_regs *regs, unsigned long cr2)
{
    struct vcpu *v = current;
    struct domain *d = v->domain;
    uint8_t buf[INSN_MAX_LEN];
    struct insn insn;
    unsigned int off = cr2 & 7, shift;
    uint64_t ptr, src, mask, old, val;
    pgentry_t pte;

    if ( (regs->error_code & (PFEC_PRESENT | PFEC_WRITE | PFEC_RSVD)) !=
         (PFEC_PRESENT | PFEC_WRITE) || !guest_kernel_mode(v) ||
         !(is_hardware_domain(d) ||
           (d->vm_assist & (1UL << VMASST_TYPE_writable_pagetables))) )
        return false;
    pte = kernel_l1e(v, cr2);
    /* Only a read-only mapping of a RAM frame that is an L1 table now. */
    if ( !(pte & _PAGE_PRESENT) || (pte & _PAGE_RW) ||
         !mfn_valid((pte & PADDR_MASK) >> PAGE_SHIFT) ||
         (mfn_to_page((pte & PADDR_MASK) >> PAGE_SHIFT)->u.type_info &
          PGT_type_mask) != PGT_l1_page_table )
        return false;
    if ( insn_decode(buf, pv_emul_fetch(regs, buf), &insn) != INSN_MOV_STORE ||
         off + insn.opsize > sizeof(pgentry_t) )
        return false;

    src = insn.has_imm ? insn.imm : *pv_emul_gpr(regs, insn.gpr);
    if ( insn.gpr_high8 )
        src >>= 8;
    shift = off * 8;
    mask = insn.opsize == 8 ? ~0ULL : ((1ULL << (insn.opsize * 8)) - 1) << shift;
    ptr = (pte & PADDR_MASK) | (cr2 & (PAGE_SIZE - 1) & ~7UL);
    old = ACCESS_ONCE(*(const pgentry_t *)__va(ptr));
    val = (old & ~mask) | ((src << shift) & mask);
    if ( pv_ptwr_update_l1e(d, ptr, val) )
        return false;
    regs->rip += insn.len;
    return true;
}

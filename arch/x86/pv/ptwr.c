/*
 * Writable page tables: a 64-bit PV kernel may store directly into its
 * own L1 page tables, which it can only map read-only.  The store faults
 * (#PF, present + write); if the faulting address maps a validated L1
 * table of the domain and the instruction is a mov to memory, an xchg
 * or cmpxchg (Linux's ptep_get_and_clear and friends; 4 or 8 bytes), or
 * an or/and/bts/btr/btc with an immediate (its bit operations on PTEs),
 * within one entry, the new entry is validated and written exactly as
 * mmu_update would (pv_ptwr_update_l1e, pv/mm.c), the register results
 * and flags are set as the instruction would, and the guest resumes
 * after it.  A cmpxchg that does not match writes nothing.  Anything else (a refused entry, a higher-level
 * table, another instruction) gets the original #PF.
 *
 * 32-bit guests (PAE: 8-byte entries) store an entry whole with
 * cmpxchg8b, or in two 4-byte halves; a half is combined with the other
 * half of the entry as it is (as every write narrower than an entry).
 * As Xen 4.17 does: if a plain (not locked) 4-byte write to the upper
 * half of a 32-bit guest's entry makes a present entry that is refused,
 * the guest is taken to write the halves high first: the entry is
 * written without its present bit, and the low half's write that
 * follows makes it present (and is validated as any write).
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
#include <asm/pv-compat.h>
#include <asm/traps.h>
#include <asm/x86-defns.h>
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

#define ARITH_FLAGS (X86_EFLAGS_CF | X86_EFLAGS_PF | X86_EFLAGS_AF | \
                     X86_EFLAGS_ZF | X86_EFLAGS_SF | X86_EFLAGS_OF)

/*
 * cmpxchg8b: edx:eax against the entry cur; ZF and, on a mismatch, edx:eax
 * as the CPU leaves them.  True if ecx:ebx is to be stored.
 */
static bool cmpxchg8b_match(struct cpu_user_regs *regs, uint64_t cur)
{
    uint64_t acc = ((uint64_t)(uint32_t)regs->rdx << 32) | (uint32_t)regs->rax;

    if ( acc == cur )
    {
        regs->rflags |= X86_EFLAGS_ZF;
        return true;
    }
    regs->rflags &= ~X86_EFLAGS_ZF;
    regs->rax = (uint32_t)cur;
    regs->rdx = cur >> 32;
    return false;
}

/* RFLAGS after "cmp b, a" at the operand size (4 or 8 bytes). */
static unsigned long cmp_flags(uint64_t a, uint64_t b, unsigned int size)
{
    unsigned long flags;

    if ( size == 8 )
        __asm__ ("cmp %2, %1; pushf; pop %0" : "=r" (flags) : "r" (a), "r" (b) : "cc");
    else
        __asm__ ("cmp %k2, %k1; pushf; pop %0" : "=r" (flags) : "r" (a), "r" (b) : "cc");
    return flags;
}

/*
 * The value an or/and/bts/btr/btc leaves at a location holding cur, and
 * its flags: or/and clear CF and OF and set ZF, SF, PF from the result
 * (AF cleared); bt* put the old bit in CF and leave the rest.
 */
static uint64_t rmw_result(const struct insn *insn, uint64_t cur,
                           unsigned long *rflags)
{
    unsigned int bits = insn->opsize * 8;
    uint64_t size_mask = bits == 64 ? ~0ULL : (1ULL << bits) - 1;
    uint64_t bit = 1ULL << (insn->imm & (bits - 1)), res;
    unsigned long f = *rflags;

    switch ( insn->rmw )
    {
    case RMW_OR:
    case RMW_AND:
        res = (insn->rmw == RMW_OR ? cur | insn->imm : cur & insn->imm) & size_mask;
        f &= ~ARITH_FLAGS;
        if ( !res )
            f |= X86_EFLAGS_ZF;
        if ( res >> (bits - 1) )
            f |= X86_EFLAGS_SF;
        if ( !__builtin_parity(res & 0xff) )
            f |= X86_EFLAGS_PF;
        break;
    default:
        f = (f & ~X86_EFLAGS_CF) | ((cur & bit) ? X86_EFLAGS_CF : 0);
        res = insn->rmw == RMW_BTS ? cur | bit :
              insn->rmw == RMW_BTR ? cur & ~bit : cur ^ bit;
        break;
    }
    *rflags = f;
    return res;
}

/*
 * Was the refused entry val the upper half of a 32-bit guest's entry
 * written first?  A plain 4-byte store there, making a present entry
 * (Xen's test; a locked or compared write is not retried).
 */
static bool pae_high_half_first(const struct vcpu *v, const struct insn *insn,
                                unsigned int off, pgentry_t val)
{
    return is_pv_32bit_vcpu(v) && insn->opsize == 4 && off == 4 &&
           (insn->kind == INSN_MOV_STORE ||
            (insn->kind == INSN_RMW_STORE && !insn->lock)) &&
           (val & _PAGE_PRESENT);
}

bool pv_ptwr_emulate(struct cpu_user_regs *regs, unsigned long cr2)
{
    struct vcpu *v = current;
    struct domain *d = v->domain;
    uint8_t buf[INSN_MAX_LEN];
    struct insn insn;
    unsigned int off = cr2 & 7, shift;
    uint64_t ptr, src, mask, old, val, cur;
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
    switch ( insn_decode(buf, pv_emul_fetch(regs, buf), pv_emul_mode(v), &insn) )
    {
    case INSN_MOV_STORE:
    case INSN_RMW_STORE:
    case INSN_CMPXCHG8B_STORE:
        break;
    case INSN_XCHG_STORE:
    case INSN_CMPXCHG_STORE:
        /* Register results of 4 and 8 bytes only (what Linux uses). */
        if ( insn.opsize < 4 )
            return false;
        break;
    default:
        return false;
    }
    if ( off + insn.opsize > sizeof(pgentry_t) )
        return false;

    if ( insn.kind == INSN_CMPXCHG8B_STORE )
        src = ((uint64_t)(uint32_t)regs->rcx << 32) | (uint32_t)regs->rbx;
    else
        src = insn.has_imm ? insn.imm : *pv_emul_gpr(regs, insn.gpr);
    if ( insn.gpr_high8 )
        src >>= 8;
    shift = off * 8;
    mask = insn.opsize == 8 ? ~0ULL : ((1ULL << (insn.opsize * 8)) - 1) << shift;
    ptr = (pte & PADDR_MASK) | (cr2 & (PAGE_SIZE - 1) & ~7UL);
    old = ACCESS_ONCE(*(const pgentry_t *)__va(ptr));
    cur = (old & mask) >> shift;
    if ( insn.kind == INSN_CMPXCHG_STORE )
    {
        /* Flags as "cmp cur, rax" sets them; a mismatch writes nothing. */
        uint64_t acc = regs->rax & (mask >> shift);
        bool equal = acc == cur;

        regs->rflags = (regs->rflags & ~ARITH_FLAGS) |
                       (cmp_flags(acc, cur, insn.opsize) & ARITH_FLAGS);
        if ( !equal )
        {
            regs->rax = cur;    /* 4 bytes: zero-extended, as the CPU does */
            pv_emul_skip(regs, insn.len);
            return true;
        }
    }
    if ( insn.kind == INSN_CMPXCHG8B_STORE && !cmpxchg8b_match(regs, cur) )
    {
        pv_emul_skip(regs, insn.len);
        return true;
    }
    if ( insn.kind == INSN_RMW_STORE )
        src = rmw_result(&insn, cur, &regs->rflags);
    val = (old & ~mask) | ((src << shift) & mask);
    if ( pv_ptwr_update_l1e(d, ptr, val) &&
         (!pae_high_half_first(v, &insn, off, val) ||
          pv_ptwr_update_l1e(d, ptr, val & ~(pgentry_t)_PAGE_PRESENT)) )
        return false;
    if ( insn.kind == INSN_XCHG_STORE )
        *pv_emul_gpr(regs, insn.gpr) = cur;
    pv_emul_skip(regs, insn.len);
    return true;
}

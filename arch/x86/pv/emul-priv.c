/*
 * Emulation of privileged instructions for PV guests.  The guest kernel
 * runs in ring 3 (64-bit guests) or ring 1 (32-bit ones) with IOPL 0, so
 * port I/O, CPUID-like system instructions, MSR and control-register
 * accesses, HLT, CLTS and WBINVD raise #GP(0); pv_guest_trap (pv/traps.c) offers such a #GP here first,
 * and bounces it to the guest only if it is not emulated.  A #UD is
 * offered to pv_emulate_forced_op for Xen's forced-emulation prefix
 * ("ud2; .ascii \"xen\"; cpuid", which Linux uses as xen_cpuid).
 *
 * What is emulated, with Xen's rules:
 *   in/out (imm8 and %dx, 1/2/4 bytes), ins/outs (rep: up to
 *     IO_REP_BATCH per trap, then the instruction is re-executed: long
 *     strings stay preemptible): allowed by the virtual IOPL or the
 *     guest's bitmap (else #GP), and for ports the domain does not own,
 *     reads give all ones and writes are dropped (pv/ioport.c);
 *   cpuid (forced only): pv/cpuid.c;
 *   rdmsr/wrmsr: pv/msr.c's allow list, else #GP;
 *   mov from CR0 (TS is the guest's virtual TS), CR2 (the last fault
 *     address given to the guest), CR3 (the current table's frame), CR4
 *     (PV_CR4_VISIBLE of the host's); mov to CR0 may change only TS
 *     (fpu_taskswitch); mov to CR4 is accepted and changes only the
 *     vCPU's OSXSAVE; other CRs: #GP;
 *   mov from and to DRn: get_debugreg and set_debugreg (pv/debugreg.c):
 *     a refused value #GP, a register that does not exist #UD (Xen 4.17);
 *   cli/sti: no-ops if the virtual IOPL allows them, else #GP (Xen 4.17);
 *   hlt: refused, #GP (as Xen 4.17); clts: TS off;
 *   wbinvd/invd: write back and invalidate caches (invd as wbinvd);
 *   xsetbv: #UD until the guest sets CR4.OSXSAVE; then XCR0 only, a value
 *     xstate_xcr0_valid() accepts (else #GP) becomes the vCPU's own
 *     (pv_set_xcr0).
 * Only the kernel may use the privileged ones; from guest user mode
 * everything but port I/O (under IOPL 3 or the bitmap) and forced CPUID
 * is bounced.  A string access that faults on guest memory bounces the
 * original #GP.
 *
 * 32-bit guests (compatibility mode): the same rules, with the code
 * decoded as 32-bit (INSN_MODE_32), the instruction fetched at CS's base
 * + EIP and EIP wrapping at 4 GiB, string operands through their
 * segment's base (pv/compat/emul.c: an unknowable base leaves the fault
 * to the guest), registers read and written as their low 32 bits
 * (zero-extended, as the CPU writes them), CR2 from the 32-bit
 * vcpu_info, and CR3 the PAE L3 in Xen's extended format, which a mov
 * to CR3 replaces as NEW_BASEPTR does (a frame that is not an L3 the
 * guest may use: #GP, as Xen).
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <asm/cpuid.h>
#include <asm/fpu.h>
#include <asm/guest_access.h>
#include <asm/insn-decode.h>
#include <asm/io.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/pv-compat.h>
#include <asm/x86-defns.h>

#define IO_REP_BATCH    128

/*
 * The part of the host's CR4 a PV guest sees, as in Xen: paging and the
 * FPU/SSE enables, and OSXSAVE as the guest set it (it gates XSETBV; the
 * CPU's own stays on, so unlike Xen XGETBV and XSAVE work before the
 * guest sets it).  Xen also lets a guest set TSD, DE and FSGSBASE for
 * itself (where its CPUID offers them); here they are ignored.
 */
#define PV_CR4_VISIBLE  (X86_CR4_PAE | X86_CR4_PGE | X86_CR4_OSFXSR | \
                         X86_CR4_OSXMMEXCPT)

unsigned long *pv_emul_gpr(struct cpu_user_regs *regs, unsigned int n)
{
    switch ( n & 15 )
    {
    case 0: return &regs->rax;
    case 1: return &regs->rcx;
    case 2: return &regs->rdx;
    case 3: return &regs->rbx;
    case 4: return &regs->rsp;
    case 5: return &regs->rbp;
    case 6: return &regs->rsi;
    case 7: return &regs->rdi;
    case 8: return &regs->r8;
    case 9: return &regs->r9;
    case 10: return &regs->r10;
    case 11: return &regs->r11;
    case 12: return &regs->r12;
    case 13: return &regs->r13;
    case 14: return &regs->r14;
    default: return &regs->r15;
    }
}

enum insn_mode pv_emul_mode(const struct vcpu *v)
{
    return is_pv_32bit_vcpu(v) ? INSN_MODE_32 : INSN_MODE_64;
}

void pv_emul_skip(struct cpu_user_regs *regs, unsigned int len)
{
    regs->rip += len;
    if ( is_pv_32bit_vcpu(current) )
        regs->rip = (uint32_t)regs->rip;
}

unsigned int pv_emul_fetch(const struct cpu_user_regs *regs, uint8_t *buf)
{
    bool compat = is_pv_32bit_vcpu(current);
    unsigned long pc = regs->rip, cs_base = 0;
    unsigned int n;

    /* 32-bit: linear addresses wrap at 4 GiB (the hole refuses the top). */
    if ( compat )
    {
        if ( !compat_seg_base(regs, SEG_CS, &cs_base) )
            return 0;
        pc = (uint32_t)(cs_base + pc);
    }
    if ( (!compat || pc <= 0x100000000UL - INSN_MAX_LEN) &&
         !copy_from_guest(buf, pc, INSN_MAX_LEN) )
        return INSN_MAX_LEN;
    for ( n = 0; n < INSN_MAX_LEN; n++ )
        if ( copy_from_guest(buf + n, compat ? (uint32_t)(pc + n) : pc + n, 1) )
            break;
    return n;
}

static uint32_t port_read(struct domain *d, unsigned int port,
                          unsigned int bytes)
{
    uint32_t val;

    if ( pv_pci_conf_read(d, port, bytes, &val) )
        return val;
    if ( !pv_io_port_owned(d, port, bytes) )
        return ~0u;
    switch ( bytes )
    {
    case 1: return inb(port);
    case 2: return inw(port);
    default: return inl(port);
    }
}

static void port_write(struct domain *d, unsigned int port,
                       unsigned int bytes, uint32_t val)
{
    if ( pv_pci_conf_write(d, port, bytes, val) )
        return;
    if ( !pv_io_port_owned(d, port, bytes) )
        return;
    switch ( bytes )
    {
    case 1: outb(val, port); break;
    case 2: outw(val, port); break;
    default: outl(val, port); break;
    }
}

/* Store an in's result in rax as the CPU would (32-bit zero-extends). */
static void set_acc(struct cpu_user_regs *regs, unsigned int bytes, uint32_t val)
{
    if ( bytes == 4 )
        regs->rax = val;
    else if ( bytes == 2 )
        regs->rax = (regs->rax & ~0xffffUL) | (val & 0xffff);
    else
        regs->rax = (regs->rax & ~0xffUL) | (val & 0xff);
}

/*
 * The linear address of seg:off for the instruction at regs (off already
 * within the address size); false if the segment's base is unknowable.
 * 32-bit: linear addresses wrap at 4 GiB.
 */
static bool seg_linear(const struct cpu_user_regs *regs, enum insn_seg seg,
                       unsigned long off, unsigned long *linear)
{
    unsigned long base = 0;

    if ( is_pv_32bit_vcpu(current) )
    {
        if ( !compat_seg_base(regs, seg, &base) )
            return false;
        *linear = (uint32_t)(base + off);
        return true;
    }
    /* 64-bit mode: only FS and GS have a base. */
    if ( seg == SEG_FS )
        base = rdmsr(MSR_FS_BASE);
    else if ( seg == SEG_GS )
        base = rdmsr(MSR_GS_BASE);
    *linear = base + off;
    return true;
}

/* The mask of rsi/rdi/rcx a string instruction of insn uses. */
static unsigned long addr_mask(const struct insn *insn)
{
    return insn->addr_size == 8 ? ~0UL : (1UL << (insn->addr_size * 8)) - 1;
}

/*
 * ins/outs, rep or not.  False if a guest memory access faulted (nothing
 * of that element done).  Advances rip only when the count runs out.
 */
static bool emulate_string_io(struct vcpu *v, struct cpu_user_regs *regs,
                              const struct insn *insn, unsigned int port)
{
    unsigned int bytes = insn->opsize, done;
    unsigned long mask = addr_mask(insn), linear;
    long step = (regs->rflags & X86_EFLAGS_DF) ? -(long)bytes : (long)bytes;
    /* outs reads DS (or the override), ins writes ES (no override). */
    enum insn_seg seg = insn->kind == INSN_INS ? SEG_ES :
                        insn->seg != SEG_NONE ? insn->seg : SEG_DS;
    uint32_t val = 0;

    for ( done = 0; done < IO_REP_BATCH; done++ )
    {
        if ( insn->rep && !(regs->rcx & mask) )
            break;
        if ( insn->kind == INSN_OUTS )
        {
            if ( !seg_linear(regs, seg, regs->rsi & mask, &linear) ||
                 copy_from_guest(&val, linear, bytes) )
                return false;
            port_write(v->domain, port, bytes, val);
            regs->rsi = (regs->rsi & ~mask) | ((regs->rsi + step) & mask);
        }
        else
        {
            if ( !seg_linear(regs, seg, regs->rdi & mask, &linear) )
                return false;
            val = port_read(v->domain, port, bytes);
            if ( copy_to_guest(linear, &val, bytes) )
                return false;
            regs->rdi = (regs->rdi & ~mask) | ((regs->rdi + step) & mask);
        }
        if ( !insn->rep )
            return true;
        regs->rcx = (regs->rcx & ~mask) | ((regs->rcx - 1) & mask);
    }
    /* More to do: leave rip at the instruction, which traps again. */
    return true;
}

static bool emulate_io(struct vcpu *v, struct cpu_user_regs *regs,
                       const struct insn *insn)
{
    unsigned int port = insn->port_imm ? insn->port : (uint16_t)regs->rdx;
    unsigned int bytes = insn->opsize;

    if ( !pv_io_insn_allowed(v, port, bytes) )
        return false;
    switch ( insn->kind )
    {
    case INSN_IN:
        set_acc(regs, bytes, port_read(v->domain, port, bytes));
        break;
    case INSN_OUT:
        port_write(v->domain, port, bytes, regs->rax);
        break;
    default:
        if ( !emulate_string_io(v, regs, insn, port) )
            return false;
        /* Not finished (rep): re-execute, rip unchanged. */
        if ( insn->rep && (regs->rcx & addr_mask(insn)) )
            return true;
        break;
    }
    pv_emul_skip(regs, insn->len);
    return true;
}

/* mov from CRn: false for CRs a PV guest has no view of. */
static bool guest_read_cr(struct vcpu *v, unsigned int n, unsigned long *val)
{
    switch ( n )
    {
    case 0:
        *val = (read_cr0() & ~X86_CR0_TS) |
               (v->arch.pv.ctrlreg0_ts ? X86_CR0_TS : 0);
        return true;
    case 2:
        *val = is_pv_32bit_vcpu(v) ? compat_guest_cr2(v)
                                   : v->vcpu_info->arch.cr2;
        return true;
    case 3:
        if ( is_pv_32bit_vcpu(v) )
            *val = compat_read_cr3(v);
        else
            *val = (guest_kernel_mode(v) ? v->arch.guest_table
                                         : v->arch.guest_table_user) << PAGE_SHIFT;
        return true;
    case 4:
        *val = (read_cr4() & PV_CR4_VISIBLE) |
               (v->arch.pv.ctrlreg4_osxsave ? X86_CR4_OSXSAVE : 0);
        return true;
    }
    return false;
}

void pv_set_guest_ts(struct vcpu *v, bool ts)
{
    unsigned long cr0 = read_cr0();

    v->arch.pv.ctrlreg0_ts = ts;
    write_cr0(ts ? (cr0 | X86_CR0_TS) : (cr0 & ~X86_CR0_TS));
}

/* Deliver a #UD for the instruction at regs instead of its #GP. */
static void raise_ud(struct cpu_user_regs *regs)
{
    regs->entry_vector = X86_EXC_UD;
    regs->error_code = 0;
    pv_guest_trap(regs);
}

static void guest_cpuid(struct cpu_user_regs *regs)
{
    struct cpuid_leaf r;

    pv_cpuid(regs->rax, regs->rcx, &r);
    regs->rax = r.a;
    regs->rbx = r.b;
    regs->rcx = r.c;
    regs->rdx = r.d;
}

bool pv_emulate_privileged_op(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    uint8_t buf[INSN_MAX_LEN];
    struct insn insn;
    unsigned long val;
    uint64_t msr;
    bool compat = is_pv_32bit_vcpu(v);
    int rc;

    if ( regs->error_code )
        return false;
    switch ( insn_decode(buf, pv_emul_fetch(regs, buf), pv_emul_mode(v), &insn) )
    {
    case INSN_IN: case INSN_OUT: case INSN_INS: case INSN_OUTS:
        return emulate_io(v, regs, &insn);
    case INSN_CLI: case INSN_STI:
        /*
         * As Xen 4.17: allowed under the virtual IOPL (Linux's dom0 asks
         * for IOPL 1), and then a no-op.  The event mask is not touched:
         * a POPF that should undo a CLI cannot be trapped.
         */
        if ( !pv_iopl_ok(v) )
            return false;
        pv_emul_skip(regs, insn.len);
        return true;
    case INSN_OTHER:
        return false;
    default:
        break;
    }

    /* The rest is for the guest kernel only. */
    if ( !guest_kernel_mode(v) )
        return false;
    switch ( insn.kind )
    {
    case INSN_RDMSR:
        if ( !pv_rdmsr(v, regs->rcx, &msr, regs->rip) )
            return false;
        regs->rax = (uint32_t)msr;
        regs->rdx = msr >> 32;
        break;
    case INSN_WRMSR:
        if ( !pv_wrmsr(v, regs->rcx,
                       (regs->rdx << 32) | (uint32_t)regs->rax, regs->rip) )
            return false;
        break;
    case INSN_MOV_FROM_CR:
        if ( !guest_read_cr(v, insn.ctrl, &val) )
            return false;
        *pv_emul_gpr(regs, insn.gpr) = compat ? (uint32_t)val : val;
        break;
    case INSN_MOV_TO_CR:
        val = *pv_emul_gpr(regs, insn.gpr);
        if ( compat )
            val = (uint32_t)val;
        if ( insn.ctrl == 3 && compat )
        {
            /* Dropping the old L3 may flush other CPUs: interrupts on. */
            local_irq_enable();
            rc = compat_write_cr3(v, val);
            local_irq_disable();
            if ( rc )
                return false;
            break;
        }
        if ( insn.ctrl == 4 )
        {
            v->arch.pv.ctrlreg4_osxsave = (val & X86_CR4_OSXSAVE) &&
                                         xstate_guest_mask;
            break;
        }
        if ( insn.ctrl != 0 || ((val ^ read_cr0()) & ~X86_CR0_TS) )
            return false;
        pv_set_guest_ts(v, val & X86_CR0_TS);
        break;
    case INSN_MOV_FROM_DR:
        if ( !pv_get_debugreg(v, insn.ctrl, &val) )
        {
            raise_ud(regs);
            return true;
        }
        *pv_emul_gpr(regs, insn.gpr) = compat ? (uint32_t)val : val;
        break;
    case INSN_MOV_TO_DR:
        val = *pv_emul_gpr(regs, insn.gpr);
        rc = pv_set_debugreg(v, insn.ctrl, compat ? (uint32_t)val : val);
        if ( rc == -ENODEV )
        {
            raise_ud(regs);
            return true;
        }
        if ( rc )
            return false;
        break;
    case INSN_CLTS:
        pv_set_guest_ts(v, false);
        break;
    case INSN_HLT:
        /* Xen 4.17 refuses it: the guest gets the #GP (tests: priv_op). */
        return false;
    case INSN_WBINVD:
    case INSN_INVD:
        __asm__ __volatile__ ("wbinvd" ::: "memory");
        break;
    case INSN_XSETBV:
        if ( !v->arch.pv.ctrlreg4_osxsave )
        {
            /* As the CPU with CR4.OSXSAVE clear (and Xen 4.17): #UD. */
            raise_ud(regs);
            return true;
        }
        val = (regs->rdx << 32) | (uint32_t)regs->rax;
        if ( (uint32_t)regs->rcx != 0 || !xstate_xcr0_valid(val) )
            return false;
        pv_set_xcr0(v, val);
        break;
    case INSN_CPUID:                /* does not fault; here for completeness */
        guest_cpuid(regs);
        break;
    default:
        return false;
    }
    pv_emul_skip(regs, insn.len);
    return true;
}

bool pv_emulate_forced_op(struct cpu_user_regs *regs)
{
    uint8_t buf[INSN_MAX_LEN];
    unsigned int n = pv_emul_fetch(regs, buf), pfx = insn_forced_prefix(buf, n);
    struct insn insn;

    if ( !pfx || insn_decode(buf + pfx, n - pfx, pv_emul_mode(current),
                             &insn) != INSN_CPUID )
        return false;
    guest_cpuid(regs);
    pv_emul_skip(regs, pfx + insn.len);
    return true;
}

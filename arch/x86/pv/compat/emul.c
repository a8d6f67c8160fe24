/*
 * What privileged-instruction emulation (pv/emul-priv.c) needs to know
 * of a 32-bit PV vCPU beyond the 64-bit rules:
 *
 * Segment bases.  32-bit code addresses memory through its segments.  PV
 * kernels use flat ones (FLAT_RING1_*, FLAT_RING3_*, base 0), but the
 * guest may load descriptors of its own GDT with another base
 * (pv_check_descriptor lets a data or code segment start anywhere below
 * the hole).  The base of CS, SS, DS or ES is read from the descriptor
 * its selector names in the GDT the CPU has loaded (the guest's frames
 * and the reserved page: the whole area is always mapped); FS and GS
 * bases are live in their MSRs.  A selector of the LDT (mapped lazily,
 * a read could fault) or the null selector gives no base: the
 * instruction is not emulated and the guest gets its fault.  Limits are
 * not checked: the CPU fetched the instruction within CS's, and the
 * operands that are read or written are guest memory checked as such.
 *
 * CR3.  A 32-bit guest's CR3 holds its PAE L3 (the vCPU's L4, which is
 * the hypervisor's, is never shown): the frame in Xen's extended format
 * (public/arch-x86/xen-x86_32.h's xen_pfn_to_cr3: frame bits 0..19 in
 * CR3 bits 12..31, bits 20..31 in CR3 bits 0..11), which Xen 4.17 uses
 * for every 32-bit guest whatever VMASST_TYPE_pae_extended_cr3 says; for
 * frames below 4 GiB it is the plain format.  A write is NEW_BASEPTR.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/pv-compat.h>
#include <compat/abi.h>

/* The selector of seg as the guest's instruction saw it. */
static unsigned int seg_selector(const struct cpu_user_regs *regs,
                                 enum insn_seg seg)
{
    unsigned int sel = 0;

    switch ( seg )
    {
    case SEG_CS:
        return regs->cs;
    case SEG_SS:
        return regs->ss;
    case SEG_ES:
        /* The hypervisor never loads %ds/%es: still the guest's. */
        __asm__ __volatile__ ("mov %%es, %0" : "=r" (sel));
        return sel & 0xffff;
    default:
        __asm__ __volatile__ ("mov %%ds, %0" : "=r" (sel));
        return sel & 0xffff;
    }
}

bool compat_seg_base(const struct cpu_user_regs *regs, enum insn_seg seg,
                     unsigned long *base)
{
    struct desc_ptr gdtr;
    unsigned int sel;
    seg_desc_t d;

    if ( seg == SEG_FS || seg == SEG_GS )
    {
        *base = (uint32_t)rdmsr(seg == SEG_FS ? MSR_FS_BASE : MSR_GS_BASE);
        return true;
    }
    sel = seg_selector(regs, seg);
    __asm__ __volatile__ ("sgdt %0" : "=m" (gdtr));
    /* Invariant: the GDT area up to the GDTR's limit is mapped (desc.c). */
    if ( (sel & 4) || !(sel & ~7u) || (sel | 7u) > gdtr.limit )
        return false;
    d = ACCESS_ONCE(*(const seg_desc_t *)(gdtr.base + (sel & ~7u)));
    *base = ((d >> 16) & 0xffffff) | (((d >> 56) & 0xff) << 24);
    return true;
}

unsigned long compat_guest_cr2(const struct vcpu *v)
{
    return *(const uint32_t *)((const uint8_t *)v->vcpu_info +
                               COMPAT_VCPU_INFO_CR2);
}

uint32_t compat_read_cr3(const struct vcpu *v)
{
    const uint64_t *l4 = __va((paddr_t)v->arch.guest_table << PAGE_SHIFT);
    uint32_t mfn = (l4[0] & PADDR_MASK) >> PAGE_SHIFT;

    return (mfn << 12) | (mfn >> 20);
}

int compat_write_cr3(struct vcpu *v, uint32_t cr3)
{
    unsigned long mfn = (cr3 >> 12) | ((unsigned long)(cr3 & 0xfff) << 20);
    int rc;

    spin_lock(&v->domain->arch.pt_lock);
    rc = compat_new_baseptr(v, mfn);
    spin_unlock(&v->domain->arch.pt_lock);
    return rc;
}

/*
 * Fault-tolerant copies to and from guest virtual addresses
 * (asm/guest_access.h).  Whole quadwords go with REP MOVSQ, the rest
 * with REP MOVSB.  Both leave the count still to copy in %rcx when they
 * fault; a fault in the quadwords goes on byte by byte from the quadword
 * that faulted, so the copy still ends at the first byte that cannot be
 * read or written, and the fixup after REP MOVSB returns that count in
 * bytes.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/guest_access.h>
#include <asm/pv-compat.h>

static unsigned long copy_fixup(void *to, const void *from, unsigned long len)
{
    unsigned long tail = len & 7;

    len /= 8;
    __asm__ __volatile__ (
        "1: rep movsq\n"
        "   mov %[tail], %[cnt]\n"
        "2: rep movsb\n"
        "3:\n"
        ".pushsection .text.unlikely.copy_fixup, \"ax\", @progbits\n"
        "4: lea (%[tail], %[cnt], 8), %[cnt]\n"
        "   jmp 2b\n"
        ".popsection\n"
        ".pushsection .ex_table, \"a\"\n"
        ".balign 8\n"
        ".quad 1b, 4b\n"
        ".quad 2b, 3b\n"
        ".popsection"
        : [cnt] "+c" (len), "+D" (to), "+S" (from)
        : [tail] "r" (tail)
        : "memory");
    return len;
}

/*
 * A 32-bit PV guest's pointers end below its hole (asm/pv-compat.h);
 * the hypercall translation area of its vCPU (pv/compat/hypercall.c)
 * is the one hypervisor memory its 64-bit handlers may read and write as
 * guest memory, since the guest itself can never name it (its pointers
 * are 32-bit).
 */
static bool compat_guest_range_ok(const struct vcpu *v, unsigned long addr,
                                  unsigned long len)
{
    return compat_range_ok(addr, len) ||
           (addr >= (unsigned long)v->arch.pv.compat_xlat &&
            len <= COMPAT_XLAT_SIZE &&
            addr - (unsigned long)v->arch.pv.compat_xlat <= COMPAT_XLAT_SIZE - len);
}

/* Inline in the copies below: the 64-bit guest's check is a few instructions. */
static inline bool range_ok(unsigned long addr, unsigned long len)
{
    const struct vcpu *v = current;

    if ( unlikely(v && is_pv_32bit_vcpu(v)) )
        return compat_guest_range_ok(v, addr, len);
    return native_guest_range_ok(addr, len);
}

bool guest_range_ok(unsigned long addr, unsigned long len)
{
    return range_ok(addr, len);
}

unsigned long raw_copy_from_guest(void *to, unsigned long from, unsigned long len)
{
    if ( !range_ok(from, len) )
        return len;
    return copy_fixup(to, (const void *)from, len);
}

unsigned long raw_copy_to_guest(unsigned long to, const void *from, unsigned long len)
{
    if ( !range_ok(to, len) )
        return len;
    return copy_fixup((void *)to, from, len);
}

unsigned long __raw_copy_from_guest(void *to, unsigned long from, unsigned long len)
{
    return copy_fixup(to, (const void *)from, len);
}

/*
 * Fault-tolerant copies to and from guest virtual addresses
 * (asm/guest_access.h).  REP MOVSB leaves the count of bytes still to
 * copy in %rcx when it faults, so the fixup just resumes after it and
 * returns that count.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/guest_access.h>
#include <asm/pv-compat.h>

static unsigned long copy_fixup(void *to, const void *from, unsigned long len)
{
    __asm__ __volatile__ (
        "1: rep movsb\n"
        "2:\n"
        ".pushsection .ex_table, \"a\"\n"
        ".balign 8\n"
        ".quad 1b, 2b\n"
        ".popsection"
        : "+c" (len), "+D" (to), "+S" (from)
        :
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
bool guest_range_ok(unsigned long addr, unsigned long len)
{
    const struct vcpu *v = current;

    if ( v && is_pv_32bit_vcpu(v) )
        return compat_range_ok(addr, len) ||
               (addr >= (unsigned long)v->arch.pv.compat_xlat &&
                len <= COMPAT_XLAT_SIZE &&
                addr - (unsigned long)v->arch.pv.compat_xlat <= COMPAT_XLAT_SIZE - len);
    return native_guest_range_ok(addr, len);
}

unsigned long raw_copy_from_guest(void *to, unsigned long from, unsigned long len)
{
    if ( !guest_range_ok(from, len) )
        return len;
    return copy_fixup(to, (const void *)from, len);
}

unsigned long raw_copy_to_guest(unsigned long to, const void *from, unsigned long len)
{
    if ( !guest_range_ok(to, len) )
        return len;
    return copy_fixup((void *)to, from, len);
}

/*
 * Fault-tolerant copies to and from guest virtual addresses
 * (asm/guest_access.h).  REP MOVSB leaves the count of bytes still to
 * copy in %rcx when it faults, so the fixup just resumes after it and
 * returns that count.
 */
#include <xen/lib.h>
#include <asm/guest_access.h>

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

#ifndef ASM_GUEST_ACCESS_H
#define ASM_GUEST_ACCESS_H

/*
 * Copying to and from a PV guest's virtual addresses, while its page
 * tables are loaded (in hypercalls and traps from it).  Any address a
 * guest passes is untrusted: it must lie in the guest's part of the
 * address space (guest_range_ok), and the copy itself is fault tolerant:
 * an unmapped, non-present or (for writes) read-only page ends it early
 * through the exception fixup table (arch/x86/extable.c) instead of
 * crashing the hypervisor.  CR0.WP is set, so a write to a page the guest
 * maps read-only (its own page tables) faults like the guest's would.
 */
#include <xen/types.h>
#include <xen/errno.h>
#include <public/xen.h>

/* Lowest non-canonical address; the guest has [0, this) and [HYPERVISOR_VIRT_END, 2^64). */
#define GUEST_LOW_END   0x0000800000000000UL

/* The 64-bit PV guest's part of the address space. */
static inline bool native_guest_range_ok(unsigned long addr, unsigned long len)
{
    if ( !len )
        return true;
    if ( addr < GUEST_LOW_END )
        return len <= GUEST_LOW_END - addr;
    return addr >= HYPERVISOR_VIRT_END && len - 1 <= ~0UL - addr;
}

/*
 * May the current guest name [addr, addr + len)?  64-bit PV guests: the
 * range above; 32-bit ones: below their hole, or their translation page
 * (arch/x86/usercopy.c).  Every copy checks it; handlers check whole
 * arrays with it before they walk them.
 */
bool guest_range_ok(unsigned long addr, unsigned long len);

/* Bytes not copied: 0 on success (arch/x86/usercopy.c). */
unsigned long raw_copy_from_guest(void *to, unsigned long from, unsigned long len);
unsigned long raw_copy_to_guest(unsigned long to, const void *from, unsigned long len);

/*
 * The copy alone, for a range the caller has already checked whole with
 * guest_range_ok (e.g. an array of requests before walking it).
 * @pre guest_range_ok(from, len) for the current vCPU.
 */
unsigned long __raw_copy_from_guest(void *to, unsigned long from, unsigned long len);

/* 0 or -EFAULT. */
static inline int copy_from_guest(void *to, unsigned long from, unsigned long len)
{
    return raw_copy_from_guest(to, from, len) ? -EFAULT : 0;
}

static inline int __copy_from_guest(void *to, unsigned long from, unsigned long len)
{
    return __raw_copy_from_guest(to, from, len) ? -EFAULT : 0;
}

static inline int copy_to_guest(unsigned long to, const void *from, unsigned long len)
{
    return raw_copy_to_guest(to, from, len) ? -EFAULT : 0;
}

/* The guest address in a guest handle (public headers' XEN_GUEST_HANDLE). */
#define guest_handle_addr(hnd)  ((unsigned long)(hnd).p)

/*
 * Exception fixup: an instruction that may fault on a guest address gets
 * an entry (insn, fixup); a #PF or #GP at insn in hypervisor context
 * resumes at fixup.  Returns the fixup address for rip, or 0.
 */
struct exception_table_entry {
    unsigned long insn, fixup;
};
unsigned long search_exception_table(unsigned long rip);

#endif

/*
 * The exception fixup table (asm/guest_access.h): pairs of addresses that
 * the instructions touching guest memory add to section .ex_table.  It is
 * small (a few entries), so a linear search does.
 */
#include <xen/lib.h>
#include <asm/guest_access.h>

extern const struct exception_table_entry __start___ex_table[],
                                          __stop___ex_table[];

unsigned long search_exception_table(unsigned long rip)
{
    const struct exception_table_entry *e;

    for ( e = __start___ex_table; e < __stop___ex_table; e++ )
        if ( e->insn == rip )
            return e->fixup;
    return 0;
}

/* Address -> name lookup over the table built by arch/x86/tools/gen-symbols.sh. */
#include <xen/lib.h>
#include <xen/symbols.h>

extern const unsigned long symtab_count;
extern const unsigned long symtab_addrs[];
extern const unsigned int symtab_name_offs[];
extern const char symtab_names[];
extern const char _stext[], _etext[];

const char *symbols_lookup(unsigned long addr, unsigned long *size,
                           unsigned long *offset)
{
    unsigned long lo = 0, hi = symtab_count, end;

    if ( addr < (unsigned long)_stext || addr >= (unsigned long)_etext ||
         !symtab_count || addr < symtab_addrs[0] )
        return NULL;

    /* Last entry whose address is <= addr. */
    while ( hi - lo > 1 )
    {
        unsigned long mid = lo + (hi - lo) / 2;

        if ( symtab_addrs[mid] <= addr )
            lo = mid;
        else
            hi = mid;
    }
    /* Aliases share an address: the size runs to the next distinct one. */
    for ( hi = lo + 1; hi < symtab_count && symtab_addrs[hi] == symtab_addrs[lo]; hi++ )
        ;
    end = hi < symtab_count ? symtab_addrs[hi] : (unsigned long)_etext;
    *size = end - symtab_addrs[lo];
    *offset = addr - symtab_addrs[lo];
    return &symtab_names[symtab_name_offs[lo]];
}

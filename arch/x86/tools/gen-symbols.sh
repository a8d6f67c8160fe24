#!/bin/sh
# Turn `nm -n` output into the hypervisor's symbol table for call traces:
# sorted text addresses and, in parallel, offsets into a string blob.
# With /dev/null as input it makes the empty table of the first link.
awk 'BEGIN { n = 0 }
$2 ~ /^[tT]$/ && $3 !~ /^\./ { addr[n] = $1; name[n] = $3; n++ }
END {
    print "\t.section .rodata.symtab, \"a\", @progbits"
    print "\t.balign 8"
    print "\t.globl symtab_count, symtab_addrs, symtab_name_offs, symtab_names"
    print "symtab_count:\n\t.quad " (n + 0)
    print "symtab_addrs:"
    for (i = 0; i < n; i++) print "\t.quad 0x" addr[i]
    print "symtab_name_offs:"
    off = 0
    for (i = 0; i < n; i++) { print "\t.long " off; off += length(name[i]) + 1 }
    print "symtab_names:"
    for (i = 0; i < n; i++) print "\t.asciz \"" name[i] "\""
}' "$1"

#ifndef ASM_E820_H
#define ASM_E820_H

#include <asm/bootinfo.h>
#include <asm/page.h>

/*
 * Machine memory map (arch/x86/e820.c).  The loader's map may be unsorted,
 * overlapping, padded with empty entries, or missing; the sanitised map is
 * sorted by address, has no overlaps, no empty entries, no two touching
 * entries of one type, and its RAM entries start and end on page
 * boundaries.  Nothing is described at or above E820_ADDR_LIMIT, the
 * architectural limit of physical addresses.
 */
#define E820_ADDR_LIMIT   (1UL << PADDR_BITS)

/*
 * Sanitise nr_in entries of in into out.  Where types overlap, the
 * strongest claim wins: RAM < ACPI data < ACPI NVS < any other type, and
 * among other types the higher number wins.  Returns
 * the number of entries of the whole sanitised map; only the first max_out
 * (the lowest addresses) are written, so a result above max_out means the
 * map was truncated.  in and out must not overlap.
 */
unsigned int e820_sanitise(const struct e820entry *in, unsigned int nr_in,
                           struct e820entry *out, unsigned int max_out);

/*
 * Raw map from the Multiboot mem_lower/mem_upper fields (KiB of RAM from 0
 * and from 1 MiB), for loaders that give no map.  Returns the number of
 * entries written to out[0..1]; feed the result through e820_sanitise().
 */
unsigned int e820_from_meminfo(uint64_t lower_kb, uint64_t upper_kb,
                               struct e820entry out[2]);

/* Print a map one entry a line, as " [first, last] (type)". */
void e820_print(const struct e820entry *map, unsigned int nr);

/* Fill e820/e820_nr (xen/mm.h) from the loader's information and print it. */
void e820_init(const struct boot_info *bi);

#endif

#ifndef ASM_BOOTINFO_H
#define ASM_BOOTINFO_H

#include <xen/types.h>

/* E820 types. */
#define E820_RAM        1
#define E820_RESERVED   2
#define E820_ACPI       3
#define E820_NVS        4
#define E820_UNUSABLE   5

#define E820MAX         128
#define MAX_BOOT_MODULES 32

struct e820entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;
} __packed;

struct boot_module {
    paddr_t start;
    paddr_t size;
    const char *cmdline;        /* direct-map pointer into loader memory */
};

/*
 * What the boot loader told us, copied out of the Multiboot1/2 structures
 * by multiboot_parse() so nothing later reads loader memory layouts.
 */
struct boot_info {
    unsigned int mb_version;    /* 1 or 2 */
    const char *cmdline;        /* "" if none */
    const char *loader_name;    /* "" if none */
    paddr_t mbi_start, mbi_end; /* the loader's info block (keep until parsed) */
    unsigned int nr_modules;
    struct boot_module modules[MAX_BOOT_MODULES];
    unsigned int nr_e820;       /* raw map, as the loader gave it */
    struct e820entry e820[E820MAX];
    uint64_t mem_lower_kb, mem_upper_kb;  /* fallback when there is no map */
    /* Copy of the RSDP from a Multiboot2 ACPI tag; rsdp_len 0 if none. */
    uint8_t rsdp[36];
    unsigned int rsdp_len;
};

extern struct boot_info boot_info;

/* Fill boot_info; returns -EINVAL (and logs why) on an unusable structure. */
int multiboot_parse(uint32_t magic, uint32_t info_pa, struct boot_info *bi);

#endif

#ifndef ASM_BOOT_DOMAINS_H
#define ASM_BOOT_DOMAINS_H

/*
 * The hypervisor side of boot-time domains (arch/x86/boot_domains.c;
 * docs/boot-domains.md).  Called from __start_xen in this order.
 */
#include <xen/types.h>
#include <asm/bootinfo.h>

struct domain;

#ifdef CONFIG_BOOT_DOMAINS
/* Find the device-tree module among the Multiboot modules and parse it. */
void boot_domains_parse(void);
/*
 * Create, link and build the valid domains.  Returns the first one built
 * (NULL if none), which runs when there is no dom0.
 */
struct domain *boot_domains_build(void);
/*
 * Which modules are dom0's: module 0 (kernel) and 1 (initrd, -1 if none)
 * unless the device tree or its domains use them; false: no dom0.
 */
bool boot_domains_dom0_modules(int *kernel, int *initrd);
#else
static inline void boot_domains_parse(void) { }
static inline struct domain *boot_domains_build(void) { return NULL; }
static inline bool boot_domains_dom0_modules(int *kernel, int *initrd)
{
    *kernel = 0;
    *initrd = boot_info.nr_modules > 1 ? 1 : -1;
    return boot_info.nr_modules > 0;
}
#endif

#endif

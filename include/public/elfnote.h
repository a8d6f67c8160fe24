/*
 * ELF notes through which a PV kernel tells the domain builder how to
 * load and start it.  They sit in a PT_NOTE segment (or SHT_NOTE section)
 * with note name "Xen" and one of the types below.  Numeric values are 4
 * or 8 bytes, as the note's descriptor size says; strings are
 * NUL-terminated ASCII.
 *
 * Older kernels instead carry a "__xen_guest" section holding one string
 * of comma-separated NAME=VALUE pairs; "legacy" below names the key that
 * each note replaces.
 */
#ifndef XEN_PUBLIC_ELFNOTE_H
#define XEN_PUBLIC_ELFNOTE_H

/* A NAME=VALUE string. */
#define XEN_ELFNOTE_INFO           0

/* Virtual address of the entry point (numeric; legacy VIRT_ENTRY). */
#define XEN_ELFNOTE_ENTRY          1

/*
 * Virtual address of the page the hypervisor fills with hypercall stubs
 * (numeric; legacy HYPERCALL_PAGE, which was a page number relative to
 * VIRT_BASE, not an address).
 */
#define XEN_ELFNOTE_HYPERCALL_PAGE 2

/* Virtual address the image is linked for (numeric, default 0; legacy VIRT_BASE). */
#define XEN_ELFNOTE_VIRT_BASE      3

/*
 * How far the ELF program headers' p_paddr fields are above the
 * pseudo-physical addresses really wanted (numeric, default 0; legacy
 * ELF_PADDR_OFFSET, whose default was VIRT_BASE).  Lets kernels that
 * store virtual addresses in p_paddr be loaded correctly.
 */
#define XEN_ELFNOTE_PADDR_OFFSET   4

/*
 * Hypervisor interface version the kernel expects, e.g. "xen-3.0" (string;
 * legacy XEN_VER).
 */
#define XEN_ELFNOTE_XEN_VERSION    5

/* Guest OS name, e.g. "linux" (string; legacy GUEST_OS). */
#define XEN_ELFNOTE_GUEST_OS       6

/* Guest OS version (string; legacy GUEST_VER). */
#define XEN_ELFNOTE_GUEST_VERSION  7

/* Loader type, "generic" (string; legacy LOADER). */
#define XEN_ELFNOTE_LOADER         8

/*
 * 32-bit kernels: PAE support, "yes", "no" or "bimodal" ("yes,bimodal"
 * also accepted) (string; legacy PAE).  "yes" implies support for page
 * directories above 4 GiB.
 */
#define XEN_ELFNOTE_PAE_MODE       9

/* Features the kernel supports or needs, see features.h (string; legacy FEATURES). */
#define XEN_ELFNOTE_FEATURES      10

/* Load the symbol table too: "yes" or "no" (string; legacy BSD_SYMTAB). */
#define XEN_ELFNOTE_BSD_SYMTAB    11

/*
 * Lowest address at which the hypervisor hole may start for this kernel
 * (numeric, at most HYPERVISOR_VIRT_START); its presence also says the
 * kernel copes with a hole that starts higher.  32-bit only in practice.
 */
#define XEN_ELFNOTE_HV_START_LOW  12

/*
 * Mask/value pairs (numeric, each maddr_t sized) that recognise
 * non-present L1 entries which still carry a valid MFN.
 */
#define XEN_ELFNOTE_L1_MFN_VALID  13

/* The kernel supports cancelling a suspend (numeric, default 0). */
#define XEN_ELFNOTE_SUSPEND_CANCEL 14

/*
 * Virtual address at which to map the initial P2M list instead of after
 * the ramdisk (numeric; 64-bit only).  The kernel must accept that large
 * pages map it (even unaligned in PFN space) and that the page tables for
 * it are not reachable through the initial mapping.
 */
#define XEN_ELFNOTE_INIT_P2M      15

/* The kernel accepts a ramdisk that is not mapped (mod_start a PFN). */
#define XEN_ELFNOTE_MOD_START_PFN 16

/*
 * Features the kernel supports, as a bitmap (numeric).  Combined with the
 * FEATURES string, this lets a kernel name features that older
 * hypervisors have no names for.
 */
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17

/*
 * 32-bit physical entry point (numeric): used when the kernel is started
 * as a PVH guest, in protected mode with paging off.  Ignored for PV.
 */
#define XEN_ELFNOTE_PHYS32_ENTRY 18

/*
 * PVH kernels that can relocate themselves (added after Xen 4.17): up to
 * three 32-bit values, in order: required alignment of the load address
 * (default 2 MiB, or the largest p_align of at least 4 KiB), lowest start
 * address (default 0), highest address of the image's last byte (default
 * 0xffffffff).  Ignored for PV.
 */
#define XEN_ELFNOTE_PHYS32_RELOC 19

/*
 * The highest note type of Xen 4.17, whose value this keeps; PHYS32_RELOC
 * above came later.  Note parsers must skip types they do not know.
 */
#define XEN_ELFNOTE_MAX XEN_ELFNOTE_PHYS32_ENTRY

/* Crash notes written by the hypervisor's kexec/kdump: system info, per-CPU registers. */
#define XEN_ELFNOTE_CRASH_INFO 0x1000001
#define XEN_ELFNOTE_CRASH_REGS 0x1000002

/* Notes in domain core dump files written by the toolstack. */
#define XEN_ELFNOTE_DUMPCORE_NONE               0x2000000   /* marks a Xen dump */
#define XEN_ELFNOTE_DUMPCORE_HEADER             0x2000001
#define XEN_ELFNOTE_DUMPCORE_XEN_VERSION        0x2000002
#define XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION     0x2000003

#endif /* XEN_PUBLIC_ELFNOTE_H */

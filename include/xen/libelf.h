#ifndef XEN_LIBELF_H
#define XEN_LIBELF_H

/*
 * libelf (common/libelf/): reading a guest kernel image, an ELF32 (i386)
 * or ELF64 (x86-64) executable with Xen ELF notes.  Pure logic over a byte
 * array: no allocation, no hardware access, built for the host unit tests
 * unchanged.
 *
 * The image is untrusted.  Every offset, size, count and address read from
 * it is checked before use; a bad image is reported by one printk() line
 * naming what is wrong and a -errno:
 *   -ENOEXEC     not an ELF executable for x86, or not a Xen PV kernel
 *   -EINVAL      malformed: a field out of range, inconsistent or truncated
 *   -EOPNOTSUPP  well formed, but asks for what this guest cannot have
 *
 * A domain builder calls, in this order, with the image unchanged between
 * the calls:
 *   elf_init()       headers and loadable segments validated
 *   elf_xen_parse()  Xen notes (or __xen_guest) read, addresses derived
 *   elf_xen_check()  can this kernel run as the guest asked for?
 *   elf_load()       segments copied into guest memory
 */

#include <xen/types.h>
#include <public/features.h>

#define EM_386      3
#define EM_X86_64   62

struct elf_binary {
    const uint8_t *image;
    size_t size;
    unsigned int class;         /* 32 or 64 */
    unsigned int machine;       /* EM_386 (class 32) or EM_X86_64 (class 64) */
    uint64_t entry;             /* e_entry */

    /* Tables, each checked to lie inside the image. */
    uint64_t phoff;
    unsigned int phnum, phentsize;
    uint64_t shoff;
    unsigned int shnum, shentsize;  /* shnum 0: no section table */
    unsigned int shstrndx;          /* 0: no section names */

    /*
     * Lowest p_paddr and highest p_paddr + p_memsz of the loadable
     * segments (at least one exists).  Like Xen, the image's layout is
     * taken from p_paddr, not p_vaddr: Linux x86-64 kernels have had a
     * per-CPU segment with p_vaddr 0 in the middle of the image.
     */
    uint64_t pstart, pend;
};

/* One program header, whichever the class. */
struct elf_segment {
    uint32_t type;              /* PT_* */
    uint32_t flags;             /* PF_* */
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

#define PT_LOAD     1
#define PT_NOTE     4
#define PF_X        1
#define PF_W        2
#define PF_R        4

/*
 * Validate the image's ELF header, program and section header tables and
 * loadable segments, and fill *elf.  A loadable segment (PT_LOAD with any
 * of PF_R, PF_W, PF_X; Xen skips the others too) has p_filesz <= p_memsz,
 * its file bytes inside the image, an address range that does not wrap (at
 * 4 GiB for ELF32) and overlaps no other loadable segment.  At most
 * ELF_MAX_LOAD_SEGMENTS of them, which keeps the overlap check cheap.
 */
#define ELF_MAX_LOAD_SEGMENTS 64
int elf_init(struct elf_binary *elf, const void *image, size_t size);

/* Program header i, i < elf->phnum. */
void elf_segment_get(const struct elf_binary *elf, unsigned int i,
                     struct elf_segment *seg);
bool elf_segment_loadable(const struct elf_segment *seg);

/*
 * The first loadable segment with index >= *i: sets *i and *seg and
 * returns true, or returns false when there is none.  Iterate with
 *   for ( i = 0; elf_next_load(elf, &i, &seg); i++ )
 */
bool elf_next_load(const struct elf_binary *elf, unsigned int *i,
                   struct elf_segment *seg);

/*
 * What a kernel's Xen notes (public/elfnote.h) or legacy __xen_guest
 * string say, and the addresses derived from them.
 */
enum elf_pae {
    ELF_PAE_NO,
    ELF_PAE_YES,                /* legacy "yes": L3 tables below 4 GiB */
    ELF_PAE_EXTCR3,             /* L3 tables anywhere ("yes[extended-cr3]") */
    ELF_PAE_BIMODAL,            /* runs with or without PAE */
};

struct elf_dom_parms {
    /* Strings, truncated to fit and always NUL-terminated. */
    char guest_os[16];          /* GUEST_OS, e.g. "linux" */
    char guest_ver[16];         /* GUEST_VERSION */
    char xen_ver[16];           /* XEN_VERSION, "xen-3.0" */
    char loader[16];            /* LOADER, "generic" */

    enum elf_pae pae;
    bool bsd_symtab;            /* wants its symbol table loaded (not done yet) */
    bool suspend_cancel;
    bool unmapped_initrd;       /* MOD_START_PFN */

    /* Numeric values, meaningful when their note was given (elf_note_given()). */
    uint64_t virt_base;
    uint64_t elf_paddr_offset;
    uint64_t virt_entry;
    uint64_t virt_hypercall;    /* legacy page number already made an address */
    uint64_t virt_hv_start_low;
    uint64_t p2m_base;          /* INIT_P2M */
    uint64_t phys_entry;        /* PHYS32_ENTRY: PVH only, unused for PV */

    /* XENFEAT_* bits (submap 0); required bits are also supported bits. */
    uint32_t f_supported;
    uint32_t f_required;

    /* Bit n set: XEN_ELFNOTE n was given, as a note or its legacy key. */
    uint32_t notes;
    /* The values came from a __xen_guest section, not from notes. */
    bool legacy;

    /*
     * Derived by elf_xen_parse(), with Xen's defaults: virt_base 0;
     * elf_paddr_offset 0 (legacy: virt_base); virt_entry e_entry.  The
     * image occupies [virt_kstart, virt_kend) = [pstart, pend) +
     * virt_offset, computed modulo 2^64; elf_xen_check() rejects a wrap.
     */
    uint64_t virt_offset;       /* virt_base - elf_paddr_offset */
    uint64_t virt_kstart, virt_kend;
};

static inline bool elf_note_given(const struct elf_dom_parms *parms,
                                  unsigned int type)
{
    return type < 32 && (parms->notes & (1u << type));
}

/*
 * Read the Xen notes of PT_NOTE segments; if none has any, those of SHT_NOTE
 * sections; if still none, the __xen_guest section.  Then derive the
 * addresses.  Fails only on a malformed note or string (sizes past their
 * container, a numeric note of odd size, a bad number, a required feature
 * with an unknown name); a kernel without any Xen information parses to
 * an empty *parms, which elf_xen_check() refuses.
 */
int elf_xen_parse(const struct elf_binary *elf, struct elf_dom_parms *parms);

/* Which guests elf_xen_check() may accept the kernel as. */
#define ELF_CHECK_PV64  (1u << 0)   /* 64-bit PV guests are wanted */
#define ELF_CHECK_PV32  (1u << 1)   /* 32-bit PAE PV guests are wanted */
#define ELF_CHECK_DOM0  (1u << 2)   /* the initial domain, not a domU */

/*
 * Can the kernel run as a PV guest of a kind flags allows?  Refuses
 * kernels without Xen information, for another loader or OS than
 * Xen accepts (LOADER "generic" or GUEST_OS "linux", XEN_VERSION
 * "xen-3.0"), PVH-only kernels, the wrong width, 32-bit kernels without
 * PAE, an image, entry point or hypercall page outside what a guest can
 * use, and required features a PV guest cannot have (ELF_PV_REQUIRABLE).
 * On success the PAE mode is reduced to what the guest runs with (no PAE
 * for 64-bit, bimodal as extended-cr3 for 32-bit), and INIT_P2M is
 * dropped for 32-bit kernels, as Xen does.
 */
int elf_xen_check(const struct elf_binary *elf, struct elf_dom_parms *parms,
                  unsigned int flags);

/*
 * Features a PV kernel may require ("!name") and still be started: all but
 * supervisor_mode_kernel (PV kernels never run in ring 0; Xen refuses it
 * too) and auto_translated_physmap (PV guests translate for themselves).
 * Linux requires writable_page_tables, which only means something to
 * auto-translated guests; Xen ignores that, and so do we.
 */
#define ELF_PV_REQUIRABLE                                                   \
    (~((1u << XENFEAT_supervisor_mode_kernel) |                         \
       (1u << XENFEAT_auto_translated_physmap)))

/*
 * Map guest virtual address va for writing.  *len is in: bytes wanted
 * (> 0); out: bytes writable at the returned pointer, 1..in.  NULL if va
 * is not part of the destination.
 */
typedef void *elf_map_fn(void *opaque, uint64_t va, uint64_t *len);

/*
 * Copy each loadable segment to guest virtual address p_paddr +
 * parms->virt_offset through map(), and zero its last p_memsz - p_filesz
 * bytes.  Returns 0, or -EFAULT (with a message) when map() refuses an
 * address; the destination is then partly written.  elf_init(),
 * elf_xen_parse() and elf_xen_check() must have succeeded: the segments
 * then lie inside [virt_kstart, virt_kend), the range to provide.
 */
int elf_load(const struct elf_binary *elf, const struct elf_dom_parms *parms,
             elf_map_fn *map, void *opaque);

#endif

/*
 * libelf internals: the ELF file layouts (System V ABI; x86 is
 * little-endian, as the hypervisor is, so fields are read natively) and the
 * helpers the files of common/libelf/ share.
 */
#ifndef LIBELF_PRIVATE_H
#define LIBELF_PRIVATE_H

#include <xen/lib.h>
#include <xen/libelf.h>

/* Every rejection is one line naming what is wrong with the image. */
#define elf_err(fmt, ...) printk(XENLOG_ERR "ELF: " fmt "\n", ##__VA_ARGS__)

#define EI_NIDENT       16
#define EI_CLASS        4
#define EI_DATA         5
#define EI_VERSION      6
#define ELFCLASS32      1
#define ELFCLASS64      2
#define ELFDATA2LSB     1
#define EV_CURRENT      1
#define ET_EXEC         2
#define PN_XNUM         0xffff      /* e_phnum escape for >= 0xffff headers */
#define SHN_UNDEF       0
#define SHT_NOTE        7
#define SHT_NOBITS      8

struct elf32_ehdr {
    uint8_t  e_ident[EI_NIDENT];
    uint16_t e_type, e_machine;
    uint32_t e_version, e_entry, e_phoff, e_shoff, e_flags;
    uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_ehdr {
    uint8_t  e_ident[EI_NIDENT];
    uint16_t e_type, e_machine;
    uint32_t e_version;
    uint64_t e_entry, e_phoff, e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf32_phdr {
    uint32_t p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz;
    uint32_t p_flags, p_align;
};

struct elf64_phdr {
    uint32_t p_type, p_flags;
    uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

struct elf32_shdr {
    uint32_t sh_name, sh_type, sh_flags, sh_addr, sh_offset, sh_size;
    uint32_t sh_link, sh_info, sh_addralign, sh_entsize;
};

struct elf64_shdr {
    uint32_t sh_name, sh_type;
    uint64_t sh_flags, sh_addr, sh_offset, sh_size;
    uint32_t sh_link, sh_info;
    uint64_t sh_addralign, sh_entsize;
};

/* Note header, the same in both classes; name and desc follow, each padded to 4. */
struct elf_note_hdr {
    uint32_t namesz, descsz, type;
};

BUILD_BUG_ON(sizeof(struct elf32_ehdr) != 52);
BUILD_BUG_ON(sizeof(struct elf64_ehdr) != 64);
BUILD_BUG_ON(sizeof(struct elf32_phdr) != 32);
BUILD_BUG_ON(sizeof(struct elf64_phdr) != 56);
BUILD_BUG_ON(sizeof(struct elf32_shdr) != 40);
BUILD_BUG_ON(sizeof(struct elf64_shdr) != 64);

/* A section header, whichever the class; only the fields libelf uses. */
struct elf_section {
    uint32_t name, type;
    uint64_t offset, size;
};

/*
 * Bytes [off, off + len) of the image, or NULL unless all of them lie in
 * it.  The pointer may be unaligned: copy fields out with memcpy().
 */
const uint8_t *elf_bytes(const struct elf_binary *elf, uint64_t off,
                         uint64_t len);

/* Section header i, 0 < i < elf->shnum (its contents are not checked). */
void elf_section_get(const struct elf_binary *elf, unsigned int i,
                     struct elf_section *sec);

/*
 * The contents of section sec, or NULL (with a message naming section i)
 * if they do not lie in the image.  SHT_NOBITS sections have none: NULL.
 */
const uint8_t *elf_section_bytes(const struct elf_binary *elf, unsigned int i,
                                 const struct elf_section *sec);

/* Index of the first section called name, or 0 when there is none. */
unsigned int elf_section_by_name(const struct elf_binary *elf,
                                 const char *name);

/* The XENFEAT_* name of feature bit nr, or NULL if it has none. */
const char *elf_feature_name(unsigned int nr);

#endif

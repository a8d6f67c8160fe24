/*
 * ELF headers, program headers and sections (interface in xen/libelf.h).
 *
 * elf_init() checks everything the other functions later rely on without
 * checking again: the program and section header tables lie in the image,
 * the section name table's contents too, and the loadable segments are
 * sound.  Their accessors then only assert indexes.
 */
#include <xen/errno.h>
#include "private.h"

const uint8_t *elf_bytes(const struct elf_binary *elf, uint64_t off,
                         uint64_t len)
{
    if ( off > elf->size || len > elf->size - off )
        return NULL;
    return elf->image + off;
}

/* Copy the ELF header's fields for either class into *elf. */
static int read_ehdr(struct elf_binary *elf, unsigned int *type,
                     unsigned int *version)
{
    if ( elf->class == 64 )
    {
        struct elf64_ehdr h;

        if ( elf->size < sizeof(h) )
            goto truncated;
        memcpy(&h, elf->image, sizeof(h));
        *type = h.e_type;
        *version = h.e_version;
        elf->machine = h.e_machine;
        elf->entry = h.e_entry;
        elf->phoff = h.e_phoff;
        elf->phnum = h.e_phnum;
        elf->phentsize = h.e_phentsize;
        elf->shoff = h.e_shoff;
        elf->shnum = h.e_shnum;
        elf->shentsize = h.e_shentsize;
        elf->shstrndx = h.e_shstrndx;
    }
    else
    {
        struct elf32_ehdr h;

        if ( elf->size < sizeof(h) )
            goto truncated;
        memcpy(&h, elf->image, sizeof(h));
        *type = h.e_type;
        *version = h.e_version;
        elf->machine = h.e_machine;
        elf->entry = h.e_entry;
        elf->phoff = h.e_phoff;
        elf->phnum = h.e_phnum;
        elf->phentsize = h.e_phentsize;
        elf->shoff = h.e_shoff;
        elf->shnum = h.e_shnum;
        elf->shentsize = h.e_shentsize;
        elf->shstrndx = h.e_shstrndx;
    }
    return 0;

 truncated:
    elf_err("truncated ELF header: image is %zu bytes, an ELF%u header %u",
            elf->size, elf->class, elf->class == 64 ? 64 : 52);
    return -EINVAL;
}

/* Is [off, off + num * entsize) inside the image?  num, entsize < 2^16. */
static bool table_fits(const struct elf_binary *elf, uint64_t off,
                       unsigned int num, unsigned int entsize)
{
    return elf_bytes(elf, off, (uint64_t)num * entsize) != NULL;
}

static int check_tables(struct elf_binary *elf)
{
    size_t phsize = elf->class == 64 ? sizeof(struct elf64_phdr)
                                     : sizeof(struct elf32_phdr);
    size_t shsize = elf->class == 64 ? sizeof(struct elf64_shdr)
                                     : sizeof(struct elf32_shdr);
    struct elf_section strtab;

    if ( elf->phnum == 0 )
    {
        elf_err("no program headers");
        return -EINVAL;
    }
    if ( elf->phnum == PN_XNUM )
    {
        elf_err("extended program header numbering (e_phnum %#x) is not supported",
                PN_XNUM);
        return -EINVAL;
    }
    if ( elf->phentsize < phsize )
    {
        elf_err("e_phentsize %u is smaller than a program header (%zu)",
                elf->phentsize, phsize);
        return -EINVAL;
    }
    if ( !table_fits(elf, elf->phoff, elf->phnum, elf->phentsize) )
    {
        elf_err("program headers (offset %#lx, %u x %u bytes) run past the end of the image (%zu bytes)",
                elf->phoff, elf->phnum, elf->phentsize, elf->size);
        return -EINVAL;
    }

    /* Sections are optional: nothing is loaded from them. */
    if ( elf->shnum == 0 )
    {
        /* Past SHN_LORESERVE sections, e_shnum is 0 and the count elsewhere. */
        if ( elf->shoff != 0 )
        {
            elf_err("extended section numbering (e_shnum 0, e_shoff %#lx) is not supported",
                    elf->shoff);
            return -EINVAL;
        }
        elf->shstrndx = SHN_UNDEF;
        return 0;
    }
    if ( elf->shentsize < shsize )
    {
        elf_err("e_shentsize %u is smaller than a section header (%zu)",
                elf->shentsize, shsize);
        return -EINVAL;
    }
    if ( !table_fits(elf, elf->shoff, elf->shnum, elf->shentsize) )
    {
        elf_err("section headers (offset %#lx, %u x %u bytes) run past the end of the image (%zu bytes)",
                elf->shoff, elf->shnum, elf->shentsize, elf->size);
        return -EINVAL;
    }
    if ( elf->shstrndx == SHN_UNDEF )
        return 0;
    if ( elf->shstrndx >= elf->shnum )
    {
        elf_err("e_shstrndx %u is not a section (%u sections)",
                elf->shstrndx, elf->shnum);
        return -EINVAL;
    }
    elf_section_get(elf, elf->shstrndx, &strtab);
    if ( !elf_section_bytes(elf, elf->shstrndx, &strtab) )
        return -EINVAL;
    return 0;
}

void elf_segment_get(const struct elf_binary *elf, unsigned int i,
                     struct elf_segment *seg)
{
    const uint8_t *p;

    ASSERT(i < elf->phnum);
    p = elf->image + elf->phoff + (uint64_t)i * elf->phentsize;
    if ( elf->class == 64 )
    {
        struct elf64_phdr h;

        memcpy(&h, p, sizeof(h));
        seg->type = h.p_type;
        seg->flags = h.p_flags;
        seg->offset = h.p_offset;
        seg->vaddr = h.p_vaddr;
        seg->paddr = h.p_paddr;
        seg->filesz = h.p_filesz;
        seg->memsz = h.p_memsz;
        seg->align = h.p_align;
    }
    else
    {
        struct elf32_phdr h;

        memcpy(&h, p, sizeof(h));
        seg->type = h.p_type;
        seg->flags = h.p_flags;
        seg->offset = h.p_offset;
        seg->vaddr = h.p_vaddr;
        seg->paddr = h.p_paddr;
        seg->filesz = h.p_filesz;
        seg->memsz = h.p_memsz;
        seg->align = h.p_align;
    }
}

bool elf_segment_loadable(const struct elf_segment *seg)
{
    return seg->type == PT_LOAD && (seg->flags & (PF_R | PF_W | PF_X));
}

bool elf_next_load(const struct elf_binary *elf, unsigned int *i,
                   struct elf_segment *seg)
{
    for ( ; *i < elf->phnum; (*i)++ )
    {
        elf_segment_get(elf, *i, seg);
        if ( elf_segment_loadable(seg) )
            return true;
    }
    return false;
}

/*
 * Check the loadable segments and find their extent.  Overlapping segments
 * are refused: the loader would write some guest memory twice, and which
 * bytes win would depend on header order.  Empty ones (p_memsz 0) overlap
 * nothing, but count for the extent, as in Xen.
 */
static int check_segments(struct elf_binary *elf)
{
    /* 2^32 for ELF32: its addresses are 32-bit; 0 stands for 2^64. */
    uint64_t limit = elf->class == 32 ? 1ULL << 32 : 0;
    struct { uint64_t s, e; } seen[ELF_MAX_LOAD_SEGMENTS];
    unsigned int i, j, n = 0, nseen = 0;
    struct elf_segment seg;
    uint64_t end;

    elf->pstart = ~0ULL;
    elf->pend = 0;
    for ( i = 0; elf_next_load(elf, &i, &seg); i++ )
    {
        if ( n == ELF_MAX_LOAD_SEGMENTS )
        {
            elf_err("more than %u loadable segments", ELF_MAX_LOAD_SEGMENTS);
            return -EINVAL;
        }
        if ( seg.filesz > seg.memsz )
        {
            elf_err("segment %u: p_filesz %#lx exceeds p_memsz %#lx",
                    i, seg.filesz, seg.memsz);
            return -EINVAL;
        }
        if ( seg.filesz && !elf_bytes(elf, seg.offset, seg.filesz) )
        {
            elf_err("segment %u: file bytes %#lx + %#lx run past the end of the image (%zu bytes)",
                    i, seg.offset, seg.filesz, elf->size);
            return -EINVAL;
        }
        end = seg.paddr + seg.memsz;
        if ( seg.memsz > (limit ? limit : ~0ULL) - seg.paddr )
        {
            elf_err("segment %u: p_paddr %#lx + p_memsz %#lx wraps around the %u-bit address space",
                    i, seg.paddr, seg.memsz, elf->class);
            return -EINVAL;
        }
        for ( j = 0; seg.memsz && j < nseen; j++ )
            if ( seg.paddr < seen[j].e && seen[j].s < end )
            {
                elf_err("segment %u: [%#lx, %#lx) overlaps another loadable segment",
                        i, seg.paddr, end);
                return -EINVAL;
            }
        if ( seg.memsz )
        {
            seen[nseen].s = seg.paddr;
            seen[nseen].e = end;
            nseen++;
        }
        n++;
        elf->pstart = min(elf->pstart, seg.paddr);
        elf->pend = max(elf->pend, end);
    }
    if ( n == 0 )
    {
        elf_err("no loadable segment");
        return -EINVAL;
    }
    return 0;
}

int elf_init(struct elf_binary *elf, const void *image, size_t size)
{
    const uint8_t *ident = image;
    unsigned int type, version;
    int rc;

    memset(elf, 0, sizeof(*elf));
    elf->image = image;
    elf->size = size;

    if ( size < EI_NIDENT || memcmp(ident, "\177ELF", 4) )
    {
        elf_err("not an ELF file");
        return -ENOEXEC;
    }
    if ( ident[EI_CLASS] != ELFCLASS32 && ident[EI_CLASS] != ELFCLASS64 )
    {
        elf_err("unknown ELF class %u", ident[EI_CLASS]);
        return -ENOEXEC;
    }
    if ( ident[EI_DATA] != ELFDATA2LSB )
    {
        elf_err("not a little-endian ELF file (EI_DATA %u)", ident[EI_DATA]);
        return -ENOEXEC;
    }
    if ( ident[EI_VERSION] != EV_CURRENT )
    {
        elf_err("unknown ELF version %u", ident[EI_VERSION]);
        return -EINVAL;
    }
    elf->class = ident[EI_CLASS] == ELFCLASS64 ? 64 : 32;

    if ( (rc = read_ehdr(elf, &type, &version)) != 0 )
        return rc;
    if ( type != ET_EXEC )
    {
        elf_err("not an executable (e_type %u)", type);
        return -ENOEXEC;
    }
    if ( elf->machine != (elf->class == 64 ? EM_X86_64 : EM_386) )
    {
        elf_err("ELF%u file for machine %u, not %s", elf->class,
                elf->machine, elf->class == 64 ? "x86-64" : "i386");
        return -ENOEXEC;
    }
    if ( version != EV_CURRENT )
    {
        elf_err("unknown ELF version %u in e_version", version);
        return -EINVAL;
    }

    if ( (rc = check_tables(elf)) != 0 )
        return rc;
    return check_segments(elf);
}

void elf_section_get(const struct elf_binary *elf, unsigned int i,
                     struct elf_section *sec)
{
    const uint8_t *p;

    ASSERT(i > 0 && i < elf->shnum);
    p = elf->image + elf->shoff + (uint64_t)i * elf->shentsize;
    if ( elf->class == 64 )
    {
        struct elf64_shdr h;

        memcpy(&h, p, sizeof(h));
        sec->name = h.sh_name;
        sec->type = h.sh_type;
        sec->offset = h.sh_offset;
        sec->size = h.sh_size;
    }
    else
    {
        struct elf32_shdr h;

        memcpy(&h, p, sizeof(h));
        sec->name = h.sh_name;
        sec->type = h.sh_type;
        sec->offset = h.sh_offset;
        sec->size = h.sh_size;
    }
}

const uint8_t *elf_section_bytes(const struct elf_binary *elf, unsigned int i,
                                 const struct elf_section *sec)
{
    const uint8_t *p;

    if ( sec->type == SHT_NOBITS )
    {
        elf_err("section %u has no contents in the file (SHT_NOBITS)", i);
        return NULL;
    }
    p = elf_bytes(elf, sec->offset, sec->size);
    if ( !p )
        elf_err("section %u: bytes %#lx + %#lx run past the end of the image (%zu bytes)",
                i, sec->offset, sec->size, elf->size);
    return p;
}

unsigned int elf_section_by_name(const struct elf_binary *elf,
                                 const char *name)
{
    size_t len = strlen(name);
    struct elf_section strtab, sec;
    const char *names;
    unsigned int i;

    if ( elf->shstrndx == SHN_UNDEF )
        return 0;
    /* elf_init() checked that the name table's contents are in the image. */
    elf_section_get(elf, elf->shstrndx, &strtab);
    names = (const char *)elf->image + strtab.offset;

    for ( i = 1; i < elf->shnum; i++ )
    {
        elf_section_get(elf, i, &sec);
        /* The name must end (NUL) inside the table. */
        if ( sec.name < strtab.size && len < strtab.size - sec.name &&
             !memcmp(names + sec.name, name, len + 1) )
            return i;
    }
    return 0;
}

/*
 * Small ELF32/ELF64 kernel images built in memory for the libelf tests.
 * The layouts come from the host's <elf.h>, not from libelf, so the tests
 * check libelf against an independent description of the format.
 *
 *   struct elfgen g;
 *   eg_init(&g, 64);
 *   eg_load(&g, vaddr, paddr, data, filesz, memsz);
 *   eg_note_segment(&g, &notes);      (notes built with note_*())
 *   eg_build(&g);                     g.buf / g.len: the image (malloc'd)
 *   ... eg_free(&g);
 *
 * eg_build() records where each part went (g.phoff, g.seg_off[], ...), so a
 * test can corrupt exactly the field it means to.
 */
#ifndef ELFGEN_H
#define ELFGEN_H

#include <elf.h>

#define EG_MAX_SEGS 80
#define EG_MAX_SECS 8

struct eg_seg {
    uint32_t type, flags;
    uint64_t vaddr, paddr, memsz;
    const void *data;
    size_t filesz;
};

struct eg_sec {
    const char *name;
    uint32_t type;
    const void *data;
    size_t size;
};

struct elfgen {
    unsigned int class;             /* 32 or 64 */
    uint16_t machine, type;
    uint64_t entry;
    bool no_sections;               /* leave out the section table */
    struct eg_seg seg[EG_MAX_SEGS];
    unsigned int nseg;
    struct eg_sec sec[EG_MAX_SECS];
    unsigned int nsec;

    /* Set by eg_build(). */
    uint8_t *buf;
    size_t len;
    size_t phoff, shoff;
    size_t seg_off[EG_MAX_SEGS];    /* file offset of segment i's data */
    size_t sec_off[EG_MAX_SECS];    /* ... and of section i's (user index) */
};

/* A notes blob: each note is header, name and desc, padded to 4. */
struct notes {
    uint8_t buf[4096];
    size_t len;
};

static inline void note_add(struct notes *n, const char *name, uint32_t type,
                            const void *desc, uint32_t descsz)
{
    uint32_t namesz = strlen(name) + 1;
    uint32_t h[3] = { namesz, descsz, type };

    memcpy(n->buf + n->len, h, sizeof(h));
    n->len += sizeof(h);
    memset(n->buf + n->len, 0, (namesz + 3) & ~3u);
    memcpy(n->buf + n->len, name, namesz);
    n->len += (namesz + 3) & ~3u;
    memset(n->buf + n->len, 0, (descsz + 3) & ~3u);
    memcpy(n->buf + n->len, desc, descsz);
    n->len += (descsz + 3) & ~3u;
}

/* A "Xen" note holding s and its NUL. */
static inline void note_str(struct notes *n, uint32_t type, const char *s)
{
    note_add(n, "Xen", type, s, strlen(s) + 1);
}

/* A "Xen" note holding the size-byte little-endian number v. */
static inline void note_num(struct notes *n, uint32_t type, uint64_t v,
                            unsigned int size)
{
    note_add(n, "Xen", type, &v, size);
}

static inline void eg_init(struct elfgen *g, unsigned int class)
{
    memset(g, 0, sizeof(*g));
    g->class = class;
    g->machine = class == 64 ? EM_X86_64 : EM_386;
    g->type = ET_EXEC;
}

static inline unsigned int eg_segment(struct elfgen *g, uint32_t type,
                                      uint32_t flags, uint64_t vaddr,
                                      uint64_t paddr, const void *data,
                                      size_t filesz, uint64_t memsz)
{
    struct eg_seg *s = &g->seg[g->nseg];

    s->type = type;
    s->flags = flags;
    s->vaddr = vaddr;
    s->paddr = paddr;
    s->data = data;
    s->filesz = filesz;
    s->memsz = memsz;
    return g->nseg++;
}

static inline unsigned int eg_load(struct elfgen *g, uint64_t vaddr,
                                   uint64_t paddr, const void *data,
                                   size_t filesz, uint64_t memsz)
{
    return eg_segment(g, PT_LOAD, PF_R | PF_X, vaddr, paddr, data, filesz,
                      memsz);
}

static inline unsigned int eg_note_segment(struct elfgen *g,
                                           const struct notes *n)
{
    return eg_segment(g, PT_NOTE, PF_R, 0, 0, n->buf, n->len, 0);
}

static inline unsigned int eg_section(struct elfgen *g, const char *name,
                                      uint32_t type, const void *data,
                                      size_t size)
{
    struct eg_sec *s = &g->sec[g->nsec];

    s->name = name;
    s->type = type;
    s->data = data;
    s->size = size;
    return g->nsec++;
}

static inline size_t eg_align(size_t x)
{
    return (x + 15) & ~(size_t)15;
}

/*
 * Lay out: ELF header, program headers, segment data, section data, the
 * section name table, section headers (null, the user's, .shstrtab).
 */
static inline void eg_build(struct elfgen *g)
{
    bool is64 = g->class == 64;
    size_t ehsize = is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
    size_t phsize = is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
    size_t shsize = is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
    unsigned int nsh = g->no_sections ? 0 : g->nsec + 2;
    size_t off, strtab_off = 0, strtab_len = 1, name_off[EG_MAX_SECS + 1];
    unsigned int i;

    off = eg_align(ehsize);
    g->phoff = off;
    off = eg_align(off + g->nseg * phsize);
    for ( i = 0; i < g->nseg; i++ )
    {
        g->seg_off[i] = off;
        off = eg_align(off + g->seg[i].filesz);
    }
    for ( i = 0; i < g->nsec; i++ )
    {
        g->sec_off[i] = off;
        off = eg_align(off + g->sec[i].size);
    }
    if ( nsh )
    {
        for ( i = 0; i < g->nsec; i++ )
        {
            name_off[i] = strtab_len;
            strtab_len += strlen(g->sec[i].name) + 1;
        }
        name_off[g->nsec] = strtab_len;
        strtab_len += sizeof(".shstrtab");
        strtab_off = off;
        off = eg_align(off + strtab_len);
        g->shoff = off;
        off += nsh * shsize;
    }
    g->len = off;
    g->buf = calloc(1, off);

    if ( is64 )
    {
        Elf64_Ehdr *h = (Elf64_Ehdr *)g->buf;

        memcpy(h->e_ident, ELFMAG, SELFMAG);
        h->e_ident[EI_CLASS] = ELFCLASS64;
        h->e_ident[EI_DATA] = ELFDATA2LSB;
        h->e_ident[EI_VERSION] = EV_CURRENT;
        h->e_type = g->type;
        h->e_machine = g->machine;
        h->e_version = EV_CURRENT;
        h->e_entry = g->entry;
        h->e_phoff = g->phoff;
        h->e_shoff = g->shoff;
        h->e_ehsize = ehsize;
        h->e_phentsize = phsize;
        h->e_phnum = g->nseg;
        h->e_shentsize = nsh ? shsize : 0;
        h->e_shnum = nsh;
        h->e_shstrndx = nsh ? nsh - 1 : 0;
    }
    else
    {
        Elf32_Ehdr *h = (Elf32_Ehdr *)g->buf;

        memcpy(h->e_ident, ELFMAG, SELFMAG);
        h->e_ident[EI_CLASS] = ELFCLASS32;
        h->e_ident[EI_DATA] = ELFDATA2LSB;
        h->e_ident[EI_VERSION] = EV_CURRENT;
        h->e_type = g->type;
        h->e_machine = g->machine;
        h->e_version = EV_CURRENT;
        h->e_entry = g->entry;
        h->e_phoff = g->phoff;
        h->e_shoff = g->shoff;
        h->e_ehsize = ehsize;
        h->e_phentsize = phsize;
        h->e_phnum = g->nseg;
        h->e_shentsize = nsh ? shsize : 0;
        h->e_shnum = nsh;
        h->e_shstrndx = nsh ? nsh - 1 : 0;
    }

    for ( i = 0; i < g->nseg; i++ )
    {
        const struct eg_seg *s = &g->seg[i];

        if ( s->filesz )
            memcpy(g->buf + g->seg_off[i], s->data, s->filesz);
        if ( is64 )
        {
            Elf64_Phdr *p = (Elf64_Phdr *)(g->buf + g->phoff) + i;

            p->p_type = s->type;
            p->p_flags = s->flags;
            p->p_offset = g->seg_off[i];
            p->p_vaddr = s->vaddr;
            p->p_paddr = s->paddr;
            p->p_filesz = s->filesz;
            p->p_memsz = s->memsz;
            p->p_align = s->type == PT_LOAD ? 0x1000 : 4;
        }
        else
        {
            Elf32_Phdr *p = (Elf32_Phdr *)(g->buf + g->phoff) + i;

            p->p_type = s->type;
            p->p_flags = s->flags;
            p->p_offset = g->seg_off[i];
            p->p_vaddr = s->vaddr;
            p->p_paddr = s->paddr;
            p->p_filesz = s->filesz;
            p->p_memsz = s->memsz;
            p->p_align = s->type == PT_LOAD ? 0x1000 : 4;
        }
    }

    if ( !nsh )
        return;
    for ( i = 0; i < g->nsec; i++ )
    {
        if ( g->sec[i].size )
            memcpy(g->buf + g->sec_off[i], g->sec[i].data, g->sec[i].size);
        strcpy((char *)g->buf + strtab_off + name_off[i], g->sec[i].name);
    }
    strcpy((char *)g->buf + strtab_off + name_off[g->nsec], ".shstrtab");
    /* Header 0 stays the null section; user section i is header i + 1. */
    for ( i = 0; i <= g->nsec; i++ )
    {
        bool strtab = i == g->nsec;
        uint32_t type = strtab ? SHT_STRTAB : g->sec[i].type;
        size_t data_off = strtab ? strtab_off : g->sec_off[i];
        size_t size = strtab ? strtab_len : g->sec[i].size;

        if ( is64 )
        {
            Elf64_Shdr *s = (Elf64_Shdr *)(g->buf + g->shoff) + i + 1;

            s->sh_name = name_off[i];
            s->sh_type = type;
            s->sh_offset = data_off;
            s->sh_size = size;
            s->sh_addralign = 4;
        }
        else
        {
            Elf32_Shdr *s = (Elf32_Shdr *)(g->buf + g->shoff) + i + 1;

            s->sh_name = name_off[i];
            s->sh_type = type;
            s->sh_offset = data_off;
            s->sh_size = size;
            s->sh_addralign = 4;
        }
    }
}

static inline void eg_free(struct elfgen *g)
{
    free(g->buf);
    g->buf = NULL;
}

/*
 * A destination for elf_load(): guest virtual [base, base + size) backed by
 * mem.  With page set, each map() call hands out at most the rest of one
 * 4 KiB page, as a builder mapping guest frames one by one would.
 */
struct dest {
    uint64_t base, size;
    uint8_t *mem;
    bool page;
    unsigned int calls;
};

static inline void *dest_map(void *opaque, uint64_t va, uint64_t *len)
{
    struct dest *d = opaque;
    uint64_t off = va - d->base, n = *len;

    d->calls++;
    if ( va < d->base || off >= d->size )
        return NULL;
    if ( n > d->size - off )
        n = d->size - off;
    if ( d->page && n > 4096 - (va & 4095) )
        n = 4096 - (va & 4095);
    *len = n;
    return d->mem + off;
}

/* Little-endian field writers for corrupting a built image. */
static inline void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static inline void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static inline void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

#endif

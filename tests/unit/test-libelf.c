/* SOURCES: common/libelf/elf.c common/libelf/notes.c common/libelf/check.c common/libelf/load.c common/string.c common/vsprintf.c */
/*
 * common/libelf: ELF headers, segments and the loader, against images built
 * in memory (elfgen.h), and hostile images: every truncation, corrupted
 * fields, byte-by-byte mutation.  The Xen notes have test-libelf-xen.c.
 */
#include "harness.h"
#include <xen/errno.h>
#include <xen/libelf.h>
#include <public/elfnote.h>
#include "elfgen.h"

static uint8_t text[0x300], data[0x100];

static void fill_patterns(void)
{
    size_t i;

    for ( i = 0; i < sizeof(text); i++ )
        text[i] = (uint8_t)(i * 7 + 1);
    for ( i = 0; i < sizeof(data); i++ )
        data[i] = (uint8_t)(0x80 | i);
}

/* Minimal Xen notes for a 64-bit Linux-like kernel at 0xffffffff81000000. */
static void notes64(struct notes *n)
{
    memset(n, 0, sizeof(*n));
    note_str(n, XEN_ELFNOTE_GUEST_OS, "linux");
    note_str(n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    note_num(n, XEN_ELFNOTE_VIRT_BASE, 0xffffffff80000000UL, 8);
    note_num(n, XEN_ELFNOTE_PADDR_OFFSET, 0, 8);
    note_num(n, XEN_ELFNOTE_ENTRY, 0xffffffff81000010UL, 8);
    note_num(n, XEN_ELFNOTE_HYPERCALL_PAGE, 0xffffffff81001000UL, 8);
}

static struct notes n64;

/*
 * Text at paddr 0x1000000 (file 0x300, memory 0x2000: the rest is zero),
 * data at paddr 0x1003000 (file 0x100, memory 0x1000), and the notes.
 */
static void build64(struct elfgen *g)
{
    fill_patterns();
    notes64(&n64);
    eg_init(g, 64);
    g->entry = 0x1000000;
    eg_load(g, 0xffffffff81000000UL, 0x1000000, text, sizeof(text), 0x2000);
    eg_load(g, 0xffffffff81003000UL, 0x1003000, data, sizeof(data), 0x1000);
    eg_note_segment(g, &n64);
    eg_build(g);
}

static struct notes n32;

static void build32(struct elfgen *g)
{
    fill_patterns();
    memset(&n32, 0, sizeof(n32));
    note_str(&n32, XEN_ELFNOTE_GUEST_OS, "linux");
    note_str(&n32, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    note_str(&n32, XEN_ELFNOTE_PAE_MODE, "yes");
    note_num(&n32, XEN_ELFNOTE_VIRT_BASE, 0xc0000000, 4);
    note_num(&n32, XEN_ELFNOTE_ENTRY, 0xc1000000, 4);
    eg_init(g, 32);
    g->entry = 0x1000000;
    eg_load(g, 0xc1000000, 0x1000000, text, sizeof(text), 0x1000);
    eg_load(g, 0xc1001000, 0x1001000, data, sizeof(data), 0x2000);
    eg_note_segment(g, &n32);
    eg_build(g);
}

/* elf_init() on a copy of exactly len bytes, so ASan sees any overread. */
static int init_copy(const uint8_t *img, size_t len, struct elf_binary *elf,
                     uint8_t **copy)
{
    *copy = malloc(len ? len : 1);
    memcpy(*copy, img, len);
    return elf_init(elf, *copy, len);
}

TEST(elf64_headers_and_segments)
{
    struct elfgen g;
    struct elf_binary elf;
    struct elf_segment seg;
    unsigned int i, n = 0;

    build64(&g);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), 0);
    CHECK_EQ(elf.class, 64);
    CHECK_EQ(elf.machine, EM_X86_64);
    CHECK_EQ(elf.entry, 0x1000000);
    CHECK_EQ(elf.phnum, 3);
    CHECK_EQ(elf.pstart, 0x1000000);
    CHECK_EQ(elf.pend, 0x1004000);

    for ( i = 0; elf_next_load(&elf, &i, &seg); i++ )
    {
        CHECK_EQ(seg.type, PT_LOAD);
        CHECK_EQ(seg.offset, g.seg_off[i]);
        n++;
    }
    CHECK_EQ(n, 2);
    elf_segment_get(&elf, 1, &seg);
    CHECK_EQ(seg.vaddr, 0xffffffff81003000UL);
    CHECK_EQ(seg.paddr, 0x1003000);
    CHECK_EQ(seg.filesz, sizeof(data));
    CHECK_EQ(seg.memsz, 0x1000);
    CHECK_EQ(seg.align, 0x1000);
    elf_segment_get(&elf, 2, &seg);
    CHECK_EQ(seg.type, PT_NOTE);
    CHECK(!elf_segment_loadable(&seg));
    eg_free(&g);
}

TEST(elf32_headers_and_segments)
{
    struct elfgen g;
    struct elf_binary elf;
    struct elf_segment seg;

    build32(&g);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), 0);
    CHECK_EQ(elf.class, 32);
    CHECK_EQ(elf.machine, EM_386);
    CHECK_EQ(elf.pstart, 0x1000000);
    CHECK_EQ(elf.pend, 0x1003000);
    elf_segment_get(&elf, 0, &seg);
    CHECK_EQ(seg.vaddr, 0xc1000000);
    CHECK_EQ(seg.flags, PF_R | PF_X);
    eg_free(&g);
}

TEST(no_sections_is_fine)
{
    struct elfgen g;
    struct elf_binary elf;
    struct elf_dom_parms parms;

    fill_patterns();
    notes64(&n64);
    eg_init(&g, 64);
    g.no_sections = true;
    eg_load(&g, 0xffffffff81000000UL, 0x1000000, text, sizeof(text), 0x2000);
    eg_note_segment(&g, &n64);
    eg_build(&g);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), 0);
    CHECK_EQ(elf.shnum, 0);
    CHECK_EQ(elf_xen_parse(&elf, &parms), 0);
    CHECK_EQ(elf_xen_check(&elf, &parms, ELF_CHECK_PV64), 0);
    eg_free(&g);
}

TEST(not_elf_or_not_x86)
{
    static const uint8_t mz[64] = "MZ\x90\0";
    struct elfgen g;
    struct elf_binary elf;

    CHECK_EQ(elf_init(&elf, mz, sizeof(mz)), -ENOEXEC);
    CHECK_LOG("not an ELF file");
    CHECK_EQ(elf_init(&elf, mz, 0), -ENOEXEC);

    build64(&g);
    g.buf[EI_CLASS] = 3;
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -ENOEXEC);
    CHECK_LOG("unknown ELF class 3");
    g.buf[EI_CLASS] = ELFCLASS64;
    g.buf[EI_DATA] = ELFDATA2MSB;
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -ENOEXEC);
    CHECK_LOG("not a little-endian");
    g.buf[EI_DATA] = ELFDATA2LSB;
    g.buf[EI_VERSION] = 2;
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    g.buf[EI_VERSION] = EV_CURRENT;
    put32(g.buf + offsetof(Elf64_Ehdr, e_version), 0);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    put32(g.buf + offsetof(Elf64_Ehdr, e_version), EV_CURRENT);
    put16(g.buf + offsetof(Elf64_Ehdr, e_type), ET_DYN);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -ENOEXEC);
    CHECK_LOG("not an executable (e_type 3)");
    put16(g.buf + offsetof(Elf64_Ehdr, e_type), ET_EXEC);
    put16(g.buf + offsetof(Elf64_Ehdr, e_machine), EM_386);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -ENOEXEC);
    CHECK_LOG("ELF64 file for machine 3, not x86-64");
    put16(g.buf + offsetof(Elf64_Ehdr, e_machine), EM_AARCH64);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -ENOEXEC);
    put16(g.buf + offsetof(Elf64_Ehdr, e_machine), EM_X86_64);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), 0);
    eg_free(&g);

    /* An ELF32 file must be i386. */
    build32(&g);
    put16(g.buf + offsetof(Elf32_Ehdr, e_machine), EM_X86_64);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -ENOEXEC);
    CHECK_LOG("ELF32 file for machine 62, not i386");
    eg_free(&g);
}

TEST(program_header_table)
{
    struct elfgen g;
    struct elf_binary elf;
    uint8_t *phoff, *phnum, *phentsize;

    build64(&g);
    phoff = g.buf + offsetof(Elf64_Ehdr, e_phoff);
    phnum = g.buf + offsetof(Elf64_Ehdr, e_phnum);
    phentsize = g.buf + offsetof(Elf64_Ehdr, e_phentsize);

    put16(phnum, 0);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    CHECK_LOG("no program headers");
    put16(phnum, PN_XNUM);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    CHECK_LOG("extended program header numbering");
    put16(phnum, 3);

    put16(phentsize, sizeof(Elf64_Phdr) - 1);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    CHECK_LOG("e_phentsize 55 is smaller");
    put16(phentsize, sizeof(Elf64_Phdr));

    /* phnum * phentsize is far past the end, and would not fit 16 bits. */
    put16(phnum, 0xfff0);
    put16(phentsize, 0xfff0);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    CHECK_LOG("program headers (offset");
    put16(phnum, 3);
    put16(phentsize, sizeof(Elf64_Phdr));

    /* Offsets past the end, and ones where offset + size wraps. */
    put64(phoff, g.len);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    put64(phoff, g.len - 3 * sizeof(Elf64_Phdr) + 1);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    put64(phoff, ~0ULL - 8);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    put64(phoff, 1ULL << 63);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    put64(phoff, g.phoff);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), 0);
    eg_free(&g);
}

TEST(section_header_table)
{
    struct elfgen g;
    struct elf_binary elf;
    uint8_t *shoff, *shnum, *shstrndx, *shentsize, *strtab;

    build64(&g);
    shoff = g.buf + offsetof(Elf64_Ehdr, e_shoff);
    shnum = g.buf + offsetof(Elf64_Ehdr, e_shnum);
    shentsize = g.buf + offsetof(Elf64_Ehdr, e_shentsize);
    shstrndx = g.buf + offsetof(Elf64_Ehdr, e_shstrndx);
    /* The name table is the last section header (index 1: no user sections). */
    strtab = g.buf + g.shoff + sizeof(Elf64_Shdr);

    put16(shnum, 0);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    CHECK_LOG("extended section numbering");
    put16(shnum, 2);
    put16(shentsize, 10);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    CHECK_LOG("e_shentsize 10 is smaller");
    put16(shentsize, sizeof(Elf64_Shdr));
    put16(shnum, 3);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    CHECK_LOG("section headers (offset");
    put16(shnum, 2);
    put64(shoff, ~0ULL - 100);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    put64(shoff, g.shoff);

    put16(shstrndx, 2);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    CHECK_LOG("e_shstrndx 2 is not a section");
    put16(shstrndx, 0xffff);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    put16(shstrndx, 1);

    /* The name table's contents past the end, or with no contents. */
    put64(strtab + offsetof(Elf64_Shdr, sh_size), g.len);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    CHECK_LOG("section 1: bytes");
    put64(strtab + offsetof(Elf64_Shdr, sh_size), 1);
    put64(strtab + offsetof(Elf64_Shdr, sh_offset), ~0ULL);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    put64(strtab + offsetof(Elf64_Shdr, sh_offset), 0);
    put32(strtab + offsetof(Elf64_Shdr, sh_type), SHT_NOBITS);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    CHECK_LOG("SHT_NOBITS");
    put32(strtab + offsetof(Elf64_Shdr, sh_type), SHT_STRTAB);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), 0);

    /* No name table at all is allowed. */
    put16(shstrndx, 0);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), 0);
    eg_free(&g);
}

/* Build a 64-bit image whose only loadable segment is as given. */
static int init_one(uint64_t paddr, size_t filesz, uint64_t memsz,
                    struct elfgen *g, struct elf_binary *elf)
{
    fill_patterns();
    eg_init(g, 64);
    eg_load(g, paddr, paddr, text, filesz, memsz);
    eg_build(g);
    return elf_init(elf, g->buf, g->len);
}

TEST(segment_sizes)
{
    struct elfgen g;
    struct elf_binary elf;
    uint8_t *ph;

    CHECK_EQ(init_one(0x1000, 0x100, 0x80, &g, &elf), -EINVAL);
    CHECK_LOG("segment 0: p_filesz 0x100 exceeds p_memsz 0x80");
    eg_free(&g);

    /* p_filesz past the end of the file: by a byte, and by wrapping. */
    CHECK_EQ(init_one(0x1000, 0x100, 0x100, &g, &elf), 0);
    ph = g.buf + g.phoff;
    put64(ph + offsetof(Elf64_Phdr, p_filesz), g.len - g.seg_off[0] + 1);
    put64(ph + offsetof(Elf64_Phdr, p_memsz), 1ULL << 40);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    CHECK_LOG("run past the end of the image");
    put64(ph + offsetof(Elf64_Phdr, p_filesz), 0x100);
    put64(ph + offsetof(Elf64_Phdr, p_offset), ~0ULL - 0x10);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    /* With nothing in the file, p_offset does not matter. */
    put64(ph + offsetof(Elf64_Phdr, p_filesz), 0);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), 0);
    CHECK_EQ(elf.pend, 0x1000 + (1ULL << 40));
    eg_free(&g);

    /* Address ranges that wrap: the end, exclusive, must be below 2^64. */
    CHECK_EQ(init_one(~0ULL - 0xff, 0xff, 0xff, &g, &elf), 0);
    eg_free(&g);
    CHECK_EQ(init_one(~0ULL - 0xff, 0x100, 0x100, &g, &elf), -EINVAL);
    CHECK_LOG("wraps around the 64-bit address space");
    eg_free(&g);
    CHECK_EQ(init_one(0x1000, 0, ~0ULL, &g, &elf), -EINVAL);
    eg_free(&g);
}

TEST(segment_sizes_elf32)
{
    struct elfgen g;
    struct elf_binary elf;

    /* An ELF32 segment may end at 4 GiB, not past it. */
    eg_init(&g, 32);
    eg_load(&g, 0xfffff000, 0xfffff000, NULL, 0, 0x1000);
    eg_build(&g);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), 0);
    CHECK_EQ(elf.pend, 0x100000000ULL);
    eg_free(&g);

    eg_init(&g, 32);
    eg_load(&g, 0xfffff000, 0xfffff000, NULL, 0, 0x1001);
    eg_build(&g);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    CHECK_LOG("wraps around the 32-bit address space");
    eg_free(&g);
}

TEST(overlapping_segments)
{
    struct elfgen g;
    struct elf_binary elf;

    fill_patterns();
    eg_init(&g, 64);
    eg_load(&g, 0, 0x10000, text, sizeof(text), 0x1000);
    eg_load(&g, 0, 0x10fff, data, sizeof(data), 0x100);
    eg_build(&g);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    CHECK_LOG("segment 1: [0x10fff, 0x110ff) overlaps");
    eg_free(&g);

    /* One segment inside another, in either order. */
    eg_init(&g, 64);
    eg_load(&g, 0, 0x10100, data, sizeof(data), 0x100);
    eg_load(&g, 0, 0x10000, text, sizeof(text), 0x1000);
    eg_build(&g);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    eg_free(&g);

    /* Adjacent segments and empty ones do not overlap. */
    eg_init(&g, 64);
    eg_load(&g, 0, 0x10000, text, sizeof(text), 0x1000);
    eg_load(&g, 0, 0x11000, data, sizeof(data), 0x100);
    eg_load(&g, 0, 0x10800, NULL, 0, 0);
    eg_build(&g);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), 0);
    CHECK_EQ(elf.pstart, 0x10000);
    CHECK_EQ(elf.pend, 0x11100);
    eg_free(&g);

    /* Two segments may share file bytes. */
    eg_init(&g, 64);
    eg_load(&g, 0, 0x10000, text, sizeof(text), 0x1000);
    eg_load(&g, 0, 0x20000, text, sizeof(text), 0x1000);
    eg_build(&g);
    put64(g.buf + g.phoff + sizeof(Elf64_Phdr) + offsetof(Elf64_Phdr, p_offset),
          g.seg_off[0]);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), 0);
    eg_free(&g);
}

TEST(segment_count_and_kinds)
{
    struct elfgen g;
    struct elf_binary elf;
    struct elf_segment seg;
    unsigned int i;

    eg_init(&g, 64);
    for ( i = 0; i < ELF_MAX_LOAD_SEGMENTS + 1; i++ )
        eg_load(&g, 0, 0x100000 + i * 0x1000, NULL, 0, 0x1000);
    eg_build(&g);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    CHECK_LOG("more than 64 loadable segments");
    put16(g.buf + offsetof(Elf64_Ehdr, e_phnum), ELF_MAX_LOAD_SEGMENTS);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), 0);
    CHECK_EQ(elf.pend, 0x100000 + ELF_MAX_LOAD_SEGMENTS * 0x1000);
    eg_free(&g);

    /* Only a note segment: nothing to load. */
    notes64(&n64);
    eg_init(&g, 64);
    eg_note_segment(&g, &n64);
    eg_build(&g);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), -EINVAL);
    CHECK_LOG("no loadable segment");
    eg_free(&g);

    /* A PT_LOAD without R, W or X permission is skipped, as Xen does. */
    eg_init(&g, 64);
    eg_segment(&g, PT_LOAD, 0, 0, 0x5000, NULL, 0, 0x1000);
    eg_load(&g, 0, 0x1000, NULL, 0, 0x1000);
    eg_build(&g);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), 0);
    CHECK_EQ(elf.pend, 0x2000);
    i = 0;
    CHECK(elf_next_load(&elf, &i, &seg));
    CHECK_EQ(i, 1);
    eg_free(&g);
}

/* Load g's image into a fresh destination covering the kernel's range. */
static int load(struct elfgen *g, struct elf_dom_parms *parms, bool page,
                struct dest *d)
{
    struct elf_binary elf;
    int rc;

    CHECK_EQ(elf_init(&elf, g->buf, g->len), 0);
    CHECK_EQ(elf_xen_parse(&elf, parms), 0);
    CHECK_EQ(elf_xen_check(&elf, parms, ELF_CHECK_PV64 | ELF_CHECK_PV32), 0);
    memset(d, 0, sizeof(*d));
    d->base = parms->virt_kstart;
    d->size = parms->virt_kend - parms->virt_kstart;
    d->page = page;
    d->mem = malloc(d->size);
    memset(d->mem, 0xaa, d->size);
    rc = elf_load(&elf, parms, dest_map, d);
    return rc;
}

static bool all_bytes(const uint8_t *p, size_t n, uint8_t v)
{
    while ( n-- )
        if ( *p++ != v )
            return false;
    return true;
}

TEST(load_elf64)
{
    struct elf_dom_parms parms;
    struct elfgen g;
    struct dest d;
    bool page;

    build64(&g);
    for ( page = false; ; page = true )
    {
        CHECK_EQ(load(&g, &parms, page, &d), 0);
        CHECK_EQ(d.base, 0xffffffff81000000UL);
        CHECK_EQ(d.size, 0x4000);
        /* Text, its zeroed tail, the untouched gap, data, its tail. */
        CHECK(!memcmp(d.mem, text, sizeof(text)));
        CHECK(all_bytes(d.mem + sizeof(text), 0x2000 - sizeof(text), 0));
        CHECK(all_bytes(d.mem + 0x2000, 0x1000, 0xaa));
        CHECK(!memcmp(d.mem + 0x3000, data, sizeof(data)));
        CHECK(all_bytes(d.mem + 0x3000 + sizeof(data), 0x1000 - sizeof(data), 0));
        /* Two pieces per segment, or one per page touched by each. */
        CHECK_EQ(d.calls, page ? 5 : 4);
        free(d.mem);
        if ( page )
            break;
    }
    eg_free(&g);
}

TEST(load_elf32)
{
    struct elf_dom_parms parms;
    struct elfgen g;
    struct dest d;

    build32(&g);
    CHECK_EQ(load(&g, &parms, true, &d), 0);
    CHECK_EQ(d.base, 0xc1000000);
    CHECK_EQ(d.size, 0x3000);
    CHECK(!memcmp(d.mem, text, sizeof(text)));
    CHECK(all_bytes(d.mem + sizeof(text), 0x1000 - sizeof(text), 0));
    CHECK(!memcmp(d.mem + 0x1000, data, sizeof(data)));
    CHECK(all_bytes(d.mem + 0x1000 + sizeof(data), 0x2000 - sizeof(data), 0));
    free(d.mem);
    eg_free(&g);
}

static void *refuse_map(void *opaque, uint64_t va, uint64_t *len)
{
    return NULL;
}

static uint8_t scratch[64];

/* A broken map() that hands out nothing: the loader must not spin. */
static void *empty_map(void *opaque, uint64_t va, uint64_t *len)
{
    *len = 0;
    return scratch;
}

/* A broken map() that hands out more than asked. */
static void *greedy_map(void *opaque, uint64_t va, uint64_t *len)
{
    *len += 1;
    return scratch;
}

TEST(load_failures)
{
    struct elf_dom_parms parms;
    struct elf_binary elf;
    struct elfgen g;
    struct dest d;

    build64(&g);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), 0);
    CHECK_EQ(elf_xen_parse(&elf, &parms), 0);
    CHECK_EQ(elf_load(&elf, &parms, refuse_map, NULL), -EFAULT);
    CHECK_LOG("segment 0: guest address 0xffffffff81000000 cannot be written");
    CHECK_EQ(elf_load(&elf, &parms, empty_map, NULL), -EFAULT);
    CHECK_EQ(elf_load(&elf, &parms, greedy_map, NULL), -EFAULT);

    /* A destination one byte short of the data segment's zeroed tail. */
    memset(&d, 0, sizeof(d));
    d.base = parms.virt_kstart;
    d.size = parms.virt_kend - parms.virt_kstart - 1;
    d.mem = malloc(d.size);
    harness_log_clear();
    CHECK_EQ(elf_load(&elf, &parms, dest_map, &d), -EFAULT);
    CHECK_LOG("segment 1: guest address 0xffffffff81003fff");
    free(d.mem);
    eg_free(&g);
}

/*
 * Everything a builder would do with an untrusted image; no crash, hang or
 * sanitizer report whatever the bytes.  Returns elf_init()'s result.
 */
static int pipeline(const uint8_t *img, size_t len)
{
    struct elf_dom_parms parms;
    struct elf_binary elf;
    struct dest d;
    uint8_t *copy;
    int rc = init_copy(img, len, &elf, &copy);

    if ( rc == 0 && elf_xen_parse(&elf, &parms) == 0 &&
         elf_xen_check(&elf, &parms, ELF_CHECK_PV64 | ELF_CHECK_PV32 |
                       ELF_CHECK_DOM0) == 0 &&
         parms.virt_kend - parms.virt_kstart <= (1u << 20) )
    {
        memset(&d, 0, sizeof(d));
        d.base = parms.virt_kstart;
        d.size = parms.virt_kend - parms.virt_kstart;
        d.mem = malloc(d.size ? d.size : 1);
        CHECK_EQ(elf_load(&elf, &parms, dest_map, &d), 0);
        free(d.mem);
    }
    free(copy);
    harness_log_clear();
    return rc;
}

static void truncations(struct elfgen *g)
{
    size_t len;

    CHECK_EQ(pipeline(g->buf, g->len), 0);
    /* The section table ends the file: every shorter prefix is refused. */
    for ( len = 0; len < g->len; len++ )
        if ( pipeline(g->buf, len) == 0 )
            harness_fail(__FILE__, __LINE__, "prefix of %zu bytes accepted", len);
}

TEST(truncated_elf64_every_length)
{
    struct elfgen g;

    build64(&g);
    truncations(&g);
    eg_free(&g);
}

TEST(truncated_elf32_every_length)
{
    struct elfgen g;

    build32(&g);
    truncations(&g);
    eg_free(&g);
}

/* Every byte of the headers and notes set to interesting values. */
static void mutate_bytes(struct elfgen *g, size_t end)
{
    static const uint8_t values[] = { 0x00, 0x01, 0x03, 0x7f, 0x80, 0xfe, 0xff };
    uint8_t *img = malloc(g->len);
    size_t i, v;

    for ( i = 0; i < end; i++ )
        for ( v = 0; v < ARRAY_SIZE(values); v++ )
        {
            memcpy(img, g->buf, g->len);
            img[i] = values[v];
            pipeline(img, g->len);
        }
    free(img);
}

TEST(mutated_elf64_headers_and_notes)
{
    struct elfgen g;

    build64(&g);
    mutate_bytes(&g, g.seg_off[2] + n64.len);   /* through the notes */
    eg_free(&g);
}

TEST(mutated_elf32_headers_and_notes)
{
    struct elfgen g;

    build32(&g);
    mutate_bytes(&g, g.seg_off[2] + n32.len);
    eg_free(&g);
}

/* Random multi-byte damage anywhere, from a fixed seed. */
TEST(random_damage)
{
    uint8_t *img;
    struct elfgen g;
    unsigned int i, j, seed = 12345;

    build64(&g);
    img = malloc(g.len);
    for ( i = 0; i < 20000; i++ )
    {
        memcpy(img, g.buf, g.len);
        for ( j = 0; j < 1 + i % 8; j++ )
        {
            seed = seed * 1103515245 + 12345;
            img[(seed >> 8) % g.len] = seed >> 24;
        }
        pipeline(img, g.len);
    }
    free(img);
    eg_free(&g);
}

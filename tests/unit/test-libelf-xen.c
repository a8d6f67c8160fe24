/* SOURCES: common/libelf/elf.c common/libelf/notes.c common/libelf/check.c common/libelf/load.c common/string.c common/vsprintf.c */
/*
 * common/libelf: Xen ELF notes, the legacy __xen_guest string, FEATURES,
 * the derived addresses and elf_xen_check(), on images built in memory
 * (elfgen.h).  With DEBIAN_VMLINUX naming a Debian kernel (vmlinux or
 * bzImage), one more case parses and loads it.
 */
#include "harness.h"
#include <unistd.h>
#include <xen/errno.h>
#include <xen/libelf.h>
#include <public/elfnote.h>
#include "elfgen.h"

#define F(x) (1u << XENFEAT_##x)
#define PV64_DOM0 (ELF_CHECK_PV64 | ELF_CHECK_DOM0)

static uint8_t text[0x2000];

/* The notes a 64-bit Linux 6.1 kernel has (arch/x86/xen/xen-head.S). */
static void linux64_notes(struct notes *n)
{
    uint64_t l1[2] = { 1, 1 };

    note_str(n, XEN_ELFNOTE_GUEST_OS, "linux");
    note_str(n, XEN_ELFNOTE_GUEST_VERSION, "2.6");
    note_str(n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    note_num(n, XEN_ELFNOTE_VIRT_BASE, 0xffffffff80000000UL, 8);
    note_num(n, XEN_ELFNOTE_INIT_P2M, 0x8000000000UL, 8);
    note_num(n, XEN_ELFNOTE_ENTRY, 0xffffffff81000040UL, 8);
    note_num(n, XEN_ELFNOTE_HYPERCALL_PAGE, 0xffffffff81001000UL, 8);
    /* .ascii: no NUL, and 21 bytes, so the padding supplies one. */
    note_add(n, "Xen", XEN_ELFNOTE_FEATURES, "!writable_page_tables", 21);
    note_num(n, XEN_ELFNOTE_SUPPORTED_FEATURES,
             F(writable_page_tables) | F(dom0) | F(linux_rsdp_unrestricted), 4);
    note_str(n, XEN_ELFNOTE_PAE_MODE, "yes");
    note_str(n, XEN_ELFNOTE_LOADER, "generic");
    note_add(n, "Xen", XEN_ELFNOTE_L1_MFN_VALID, l1, sizeof(l1));
    note_num(n, XEN_ELFNOTE_SUSPEND_CANCEL, 1, 4);
    note_num(n, XEN_ELFNOTE_MOD_START_PFN, 1, 4);
    note_num(n, XEN_ELFNOTE_HV_START_LOW, 0xffff800000000000UL, 8);
    note_num(n, XEN_ELFNOTE_PADDR_OFFSET, 0, 8);
    note_num(n, XEN_ELFNOTE_PHYS32_ENTRY, 0x1000020, 4);
}

/* Other vendors' notes sit beside Xen's in the same segment. */
static void gnu_note(struct notes *n)
{
    static const uint8_t id[20] = { 0xde, 0xad };

    note_add(n, "GNU", 3, id, sizeof(id));              /* NT_GNU_BUILD_ID */
}

/*
 * A kernel image: text at paddr 0x1000000 (vaddr 0xffffffff81000000 for
 * 64-bit, 0xc1000000 for 32-bit), 0x2000 in the file, 0x4000 in memory.
 */
static void kernel(struct elfgen *g, unsigned int class, const struct notes *n)
{
    eg_init(g, class);
    g->entry = 0x1000000;
    eg_load(g, class == 64 ? 0xffffffff81000000UL : 0xc1000000, 0x1000000,
            text, sizeof(text), 0x4000);
    if ( n )
        eg_note_segment(g, n);
}

static int parse(struct elfgen *g, struct elf_binary *elf,
                 struct elf_dom_parms *parms)
{
    int rc;

    eg_build(g);
    rc = elf_init(elf, g->buf, g->len);
    CHECK_EQ(rc, 0);
    return rc ? rc : elf_xen_parse(elf, parms);
}

/* Parse and check a kernel with notes n; the result of the check. */
static int check_notes(unsigned int class, const struct notes *n,
                       unsigned int flags)
{
    struct elf_dom_parms parms;
    struct elf_binary elf;
    struct elfgen g;
    int rc;

    kernel(&g, class, n);
    rc = parse(&g, &elf, &parms);
    CHECK_EQ(rc, 0);
    if ( rc == 0 )
        rc = elf_xen_check(&elf, &parms, flags);
    eg_free(&g);
    return rc;
}

TEST(linux64_notes)
{
    struct elf_dom_parms parms;
    struct elf_binary elf;
    struct notes n = { 0 };
    struct elfgen g;

    gnu_note(&n);
    linux64_notes(&n);
    kernel(&g, 64, &n);
    CHECK_EQ(parse(&g, &elf, &parms), 0);

    CHECK_STR(parms.guest_os, "linux");
    CHECK_STR(parms.guest_ver, "2.6");
    CHECK_STR(parms.xen_ver, "xen-3.0");
    CHECK_STR(parms.loader, "generic");
    CHECK_EQ(parms.pae, ELF_PAE_EXTCR3);
    CHECK(parms.suspend_cancel);
    CHECK(parms.unmapped_initrd);
    CHECK(!parms.bsd_symtab);
    CHECK(!parms.legacy);
    CHECK_EQ(parms.virt_base, 0xffffffff80000000UL);
    CHECK_EQ(parms.elf_paddr_offset, 0);
    CHECK_EQ(parms.virt_entry, 0xffffffff81000040UL);
    CHECK_EQ(parms.virt_hypercall, 0xffffffff81001000UL);
    CHECK_EQ(parms.virt_hv_start_low, 0xffff800000000000UL);
    CHECK_EQ(parms.p2m_base, 0x8000000000UL);
    CHECK_EQ(parms.phys_entry, 0x1000020);
    CHECK_EQ(parms.f_required, F(writable_page_tables));
    CHECK_EQ(parms.f_supported,
             F(writable_page_tables) | F(dom0) | F(linux_rsdp_unrestricted));
    CHECK(elf_note_given(&parms, XEN_ELFNOTE_L1_MFN_VALID));
    CHECK(!elf_note_given(&parms, XEN_ELFNOTE_BSD_SYMTAB));
    CHECK(!elf_note_given(&parms, 40));

    CHECK_EQ(parms.virt_offset, 0xffffffff80000000UL);
    CHECK_EQ(parms.virt_kstart, 0xffffffff81000000UL);
    CHECK_EQ(parms.virt_kend, 0xffffffff81004000UL);

    CHECK_EQ(elf_xen_check(&elf, &parms, PV64_DOM0), 0);
    CHECK_EQ(parms.pae, ELF_PAE_NO);            /* meaningless for 64-bit */
    CHECK(elf_note_given(&parms, XEN_ELFNOTE_INIT_P2M));
    /* Also as a domU: dom0 is supported, not required. */
    CHECK_EQ(elf_xen_check(&elf, &parms, ELF_CHECK_PV64), 0);
    eg_free(&g);
}

TEST(numbers_of_every_size)
{
    struct elf_dom_parms parms;
    struct elf_binary elf;
    struct notes n = { 0 };
    struct elfgen g;

    note_num(&n, XEN_ELFNOTE_HV_START_LOW, 0x1122334455667788UL, 1);
    note_num(&n, XEN_ELFNOTE_VIRT_BASE, 0x1122334455667788UL, 2);
    note_num(&n, XEN_ELFNOTE_PADDR_OFFSET, 0x1122334455667788UL, 4);
    note_num(&n, XEN_ELFNOTE_INIT_P2M, 0x1122334455667788UL, 8);
    kernel(&g, 64, &n);
    CHECK_EQ(parse(&g, &elf, &parms), 0);
    CHECK_EQ(parms.virt_hv_start_low, 0x88);
    CHECK_EQ(parms.virt_base, 0x7788);
    CHECK_EQ(parms.elf_paddr_offset, 0x55667788);
    CHECK_EQ(parms.p2m_base, 0x1122334455667788UL);
    eg_free(&g);

    memset(&n, 0, sizeof(n));
    note_num(&n, XEN_ELFNOTE_ENTRY, 0x1234, 3);
    kernel(&g, 64, &n);
    CHECK_EQ(parse(&g, &elf, &parms), -EINVAL);
    CHECK_LOG("Xen note 1: a number of 3 bytes");
    eg_free(&g);

    memset(&n, 0, sizeof(n));
    note_num(&n, XEN_ELFNOTE_SUPPORTED_FEATURES, 1, 2);
    kernel(&g, 64, &n);
    CHECK_EQ(parse(&g, &elf, &parms), -EINVAL);
    CHECK_LOG("SUPPORTED_FEATURES: 2 bytes");
    eg_free(&g);

    /* Two submaps: the second is for features we do not know yet. */
    memset(&n, 0, sizeof(n));
    note_num(&n, XEN_ELFNOTE_SUPPORTED_FEATURES, 0xffff000000000000UL | F(dom0), 8);
    kernel(&g, 64, &n);
    CHECK_EQ(parse(&g, &elf, &parms), 0);
    CHECK_EQ(parms.f_supported, F(dom0));
    eg_free(&g);
}

TEST(strings)
{
    struct elf_dom_parms parms;
    struct elf_binary elf;
    struct notes n = { 0 };
    struct elfgen g;

    /* Truncated to the field; the last of two notes counts; no NUL at the very end. */
    note_str(&n, XEN_ELFNOTE_GUEST_OS, "a-very-long-guest-os-name");
    note_str(&n, XEN_ELFNOTE_GUEST_VERSION, "first");
    note_str(&n, XEN_ELFNOTE_GUEST_VERSION, "second");
    note_add(&n, "Xen", XEN_ELFNOTE_LOADER, "gene", 4);
    kernel(&g, 64, &n);
    CHECK_EQ(parse(&g, &elf, &parms), 0);
    CHECK_STR(parms.guest_os, "a-very-long-gue");
    CHECK_STR(parms.guest_ver, "second");
    CHECK_STR(parms.loader, "gene");
    eg_free(&g);

    /* An empty desc is an empty string. */
    memset(&n, 0, sizeof(n));
    note_add(&n, "Xen", XEN_ELFNOTE_XEN_VERSION, "", 0);
    note_str(&n, XEN_ELFNOTE_BSD_SYMTAB, "yes");
    kernel(&g, 64, &n);
    CHECK_EQ(parse(&g, &elf, &parms), 0);
    CHECK_STR(parms.xen_ver, "");
    CHECK(elf_note_given(&parms, XEN_ELFNOTE_XEN_VERSION));
    CHECK(parms.bsd_symtab);
    eg_free(&g);
}

TEST(pae_modes)
{
    static const struct {
        const char *value;
        enum elf_pae pae;
    } cases[] = {
        { "yes", ELF_PAE_EXTCR3 },
        { "bimodal", ELF_PAE_BIMODAL },
        { "yes,bimodal", ELF_PAE_BIMODAL },
        { "no", ELF_PAE_NO },
        { "yes[extended-cr3]", ELF_PAE_NO },    /* legacy spelling, not a note value */
        { "", ELF_PAE_NO },
    };
    struct elf_dom_parms parms;
    struct elf_binary elf;
    struct elfgen g;
    struct notes n;
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(cases); i++ )
    {
        memset(&n, 0, sizeof(n));
        note_str(&n, XEN_ELFNOTE_PAE_MODE, cases[i].value);
        kernel(&g, 32, &n);
        CHECK_EQ(parse(&g, &elf, &parms), 0);
        if ( parms.pae != cases[i].pae )
            harness_fail(__FILE__, __LINE__, "PAE_MODE \"%s\": %d", cases[i].value,
                         parms.pae);
        eg_free(&g);
    }
}

/* The notes of a 32-bit PAE Linux (before 32-bit PV support was removed). */
static void linux32_notes(struct notes *n, const char *pae)
{
    note_str(n, XEN_ELFNOTE_GUEST_OS, "linux");
    note_str(n, XEN_ELFNOTE_GUEST_VERSION, "2.6");
    note_str(n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    note_num(n, XEN_ELFNOTE_VIRT_BASE, 0xc0000000, 4);
    note_num(n, XEN_ELFNOTE_ENTRY, 0xc1000100, 4);
    note_num(n, XEN_ELFNOTE_HYPERCALL_PAGE, 0xc1002000, 4);
    note_add(n, "Xen", XEN_ELFNOTE_FEATURES,
             "!writable_page_tables|pae_pgdir_above_4gb", 41);
    if ( pae )
        note_str(n, XEN_ELFNOTE_PAE_MODE, pae);
    note_str(n, XEN_ELFNOTE_LOADER, "generic");
    note_num(n, XEN_ELFNOTE_HV_START_LOW, 0xf5800000, 4);
    note_num(n, XEN_ELFNOTE_PADDR_OFFSET, 0, 4);
}

TEST(elf32_pae)
{
    struct elf_dom_parms parms;
    struct elf_binary elf;
    struct notes n = { 0 };
    struct elfgen g;

    linux32_notes(&n, "yes,bimodal");
    kernel(&g, 32, &n);
    CHECK_EQ(parse(&g, &elf, &parms), 0);
    CHECK_EQ(parms.pae, ELF_PAE_BIMODAL);
    CHECK_EQ(parms.virt_kstart, 0xc1000000);
    CHECK_EQ(parms.virt_kend, 0xc1004000);
    CHECK_EQ(parms.virt_entry, 0xc1000100);
    CHECK_EQ(parms.f_supported, F(writable_page_tables) | F(pae_pgdir_above_4gb));
    CHECK_EQ(parms.f_required, F(writable_page_tables));

    CHECK_EQ(elf_xen_check(&elf, &parms, ELF_CHECK_PV64 | ELF_CHECK_DOM0), -EOPNOTSUPP);
    CHECK_LOG("32-bit kernel, but a 64-bit PV guest was asked for");
    CHECK_EQ(parms.pae, ELF_PAE_BIMODAL);       /* a refusal changes nothing */
    CHECK_EQ(elf_xen_check(&elf, &parms, ELF_CHECK_PV32 | ELF_CHECK_DOM0), 0);
    CHECK_EQ(parms.pae, ELF_PAE_EXTCR3);        /* bimodal runs as PAE */
    eg_free(&g);

    memset(&n, 0, sizeof(n));
    linux32_notes(&n, "yes");
    CHECK_EQ(check_notes(32, &n, ELF_CHECK_PV32), 0);
}

TEST(elf32_without_pae)
{
    struct notes n = { 0 };

    linux32_notes(&n, NULL);
    CHECK_EQ(check_notes(32, &n, ELF_CHECK_PV32), -EOPNOTSUPP);
    CHECK_LOG("32-bit kernel without PAE");
    memset(&n, 0, sizeof(n));
    linux32_notes(&n, "no");
    CHECK_EQ(check_notes(32, &n, ELF_CHECK_PV32 | ELF_CHECK_PV64), -EOPNOTSUPP);
}

TEST(elf32_addresses)
{
    struct notes n = { 0 };

    /* HV_START_LOW may lower the hypervisor's area, not raise it. */
    linux32_notes(&n, "yes");
    note_num(&n, XEN_ELFNOTE_HV_START_LOW, 0xf5800001, 4);
    CHECK_EQ(check_notes(32, &n, ELF_CHECK_PV32), -ERANGE);
    CHECK_LOG("HV_START_LOW 0xf5800001 is above");
    note_num(&n, XEN_ELFNOTE_HV_START_LOW, 0xf5000000, 4);
    CHECK_EQ(check_notes(32, &n, ELF_CHECK_PV32), 0);

    /* INIT_P2M is for 64-bit guests: dropped, with a warning. */
    note_num(&n, XEN_ELFNOTE_INIT_P2M, 0x1000, 4);
    harness_log_clear();
    CHECK_EQ(check_notes(32, &n, ELF_CHECK_PV32), 0);
    CHECK_LOG("INIT_P2M ignored for a 32-bit kernel");

    /* An image reaching into the hypervisor's area. */
    memset(&n, 0, sizeof(n));
    linux32_notes(&n, "yes");
    note_num(&n, XEN_ELFNOTE_VIRT_BASE, 0xf4800000, 4);
    note_num(&n, XEN_ELFNOTE_ENTRY, 0xf5800000, 4);
    note_num(&n, XEN_ELFNOTE_HYPERCALL_PAGE, 0xf5801000, 4);
    CHECK_EQ(check_notes(32, &n, ELF_CHECK_PV32), -EINVAL);
    CHECK_LOG("image [0xf5800000, 0xf5804000) reaches the hypervisor's area");
}

TEST(elf64_only_when_asked)
{
    struct notes n = { 0 };

    linux64_notes(&n);
    CHECK_EQ(check_notes(64, &n, ELF_CHECK_PV32), -EOPNOTSUPP);
    CHECK_LOG("64-bit kernel, but a 32-bit PV guest was asked for");
}

TEST(section_notes_when_no_segment_has_them)
{
    struct elf_dom_parms parms;
    struct elf_binary elf;
    struct notes seg = { 0 }, sec = { 0 };
    struct elfgen g;

    linux64_notes(&sec);
    gnu_note(&seg);

    /* A note segment without Xen notes: the SHT_NOTE sections are read. */
    kernel(&g, 64, &seg);
    eg_section(&g, ".note.Xen", SHT_NOTE, sec.buf, sec.len);
    CHECK_EQ(parse(&g, &elf, &parms), 0);
    CHECK_STR(parms.guest_os, "linux");
    CHECK_EQ(elf_xen_check(&elf, &parms, PV64_DOM0), 0);
    eg_free(&g);

    /* A note segment at p_offset 0 is skipped (binutils quirk), as in Xen. */
    kernel(&g, 64, &sec);
    eg_section(&g, ".note", SHT_NOTE, seg.buf, seg.len);
    eg_build(&g);
    put64(g.buf + g.phoff + sizeof(Elf64_Phdr) + offsetof(Elf64_Phdr, p_offset), 0);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), 0);
    CHECK_EQ(elf_xen_parse(&elf, &parms), 0);
    CHECK_EQ(parms.notes, 0);
    eg_free(&g);
}

TEST(segment_notes_win_over_sections)
{
    struct elf_dom_parms parms;
    struct elf_binary elf;
    struct notes seg = { 0 }, sec = { 0 };
    struct elfgen g;

    note_str(&seg, XEN_ELFNOTE_GUEST_OS, "linux");
    note_str(&sec, XEN_ELFNOTE_GUEST_OS, "other");
    note_str(&sec, XEN_ELFNOTE_LOADER, "generic");
    kernel(&g, 64, &seg);
    eg_section(&g, ".note.Xen", SHT_NOTE, sec.buf, sec.len);
    CHECK_EQ(parse(&g, &elf, &parms), 0);
    CHECK_STR(parms.guest_os, "linux");
    CHECK_STR(parms.loader, "");
    eg_free(&g);
}

TEST(no_xen_information)
{
    struct elf_dom_parms parms;
    struct elf_binary elf;
    struct notes n = { 0 };
    struct elfgen g;

    /* No notes at all. */
    kernel(&g, 64, NULL);
    CHECK_EQ(parse(&g, &elf, &parms), 0);
    CHECK_EQ(elf_xen_check(&elf, &parms, PV64_DOM0), -ENOEXEC);
    CHECK_LOG("not a Xen PV kernel: no Xen ELF notes and no __xen_guest section");
    eg_free(&g);

    /* Other vendors' notes only, in a segment and a section. */
    gnu_note(&n);
    note_add(&n, "Linux", XEN_ELFNOTE_GUEST_OS, "linux", 6);
    note_add(&n, "Xe", XEN_ELFNOTE_GUEST_OS, "linux", 6);
    kernel(&g, 64, &n);
    eg_section(&g, ".note.gnu", SHT_NOTE, n.buf, n.len);
    CHECK_EQ(parse(&g, &elf, &parms), 0);
    CHECK_EQ(elf_xen_check(&elf, &parms, PV64_DOM0), -ENOEXEC);
    eg_free(&g);
}

TEST(wrong_guest_kind)
{
    struct notes n = { 0 };

    note_str(&n, XEN_ELFNOTE_GUEST_OS, "Plan9");
    note_str(&n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    CHECK_EQ(check_notes(64, &n, PV64_DOM0), -ENOEXEC);
    CHECK_LOG("only the generic loader or Linux can be loaded, not LOADER \"\", GUEST_OS \"Plan9\"");

    /* Any OS with the generic loader. */
    note_str(&n, XEN_ELFNOTE_LOADER, "generic");
    CHECK_EQ(check_notes(64, &n, PV64_DOM0), 0);

    note_str(&n, XEN_ELFNOTE_XEN_VERSION, "xen-2.0");
    CHECK_EQ(check_notes(64, &n, PV64_DOM0), -ENOEXEC);
    CHECK_LOG("built for XEN_VERSION \"xen-2.0\"");

    /* A PVH-only kernel: Linux with XEN_PVH but not XEN_PV. */
    memset(&n, 0, sizeof(n));
    note_str(&n, XEN_ELFNOTE_GUEST_OS, "linux");
    note_str(&n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    note_str(&n, XEN_ELFNOTE_LOADER, "generic");
    note_num(&n, XEN_ELFNOTE_PHYS32_ENTRY, 0x1000000, 4);
    CHECK_EQ(check_notes(64, &n, PV64_DOM0), -ENOEXEC);
    CHECK_LOG("PVH-only kernel: PHYS32_ENTRY but no PV ENTRY note");
}

/* Parse and check linux64_notes() followed by the notes extra adds. */
static int check_linux64_plus(void (*extra)(struct notes *), unsigned int flags)
{
    struct notes n = { 0 };

    linux64_notes(&n);
    extra(&n);
    return check_notes(64, &n, flags);
}

static void entry_past_end(struct notes *n)
{
    note_num(n, XEN_ELFNOTE_ENTRY, 0xffffffff81004000UL, 8);
}

static void entry_before_start(struct notes *n)
{
    note_num(n, XEN_ELFNOTE_ENTRY, 0xffffffff80ffffffUL, 8);
}

static void hypercall_page_straddles_end(struct notes *n)
{
    note_num(n, XEN_ELFNOTE_HYPERCALL_PAGE, 0xffffffff81003001UL, 8);
}

static void hypercall_page_last(struct notes *n)
{
    note_num(n, XEN_ELFNOTE_HYPERCALL_PAGE, 0xffffffff81003000UL, 8);
}

static void hypercall_page_low(struct notes *n)
{
    note_num(n, XEN_ELFNOTE_HYPERCALL_PAGE, 0x1000, 8);
}

static void hypercall_page_top(struct notes *n)
{
    note_num(n, XEN_ELFNOTE_HYPERCALL_PAGE, ~0ULL, 8);
}

static void virt_base_above_image(struct notes *n)
{
    /* Keeps the image in place (offset unchanged), moves VIRT_BASE above it. */
    note_num(n, XEN_ELFNOTE_VIRT_BASE, 0xffffffff82000000UL, 8);
    note_num(n, XEN_ELFNOTE_PADDR_OFFSET, 0x2000000, 8);
}

static void p2m_in_image(struct notes *n)
{
    note_num(n, XEN_ELFNOTE_INIT_P2M, 0xffffffff81002000UL, 8);
}

static void image_in_hypervisor_range(struct notes *n)
{
    note_num(n, XEN_ELFNOTE_VIRT_BASE, 0xffff830000000000UL, 8);
    note_num(n, XEN_ELFNOTE_ENTRY, 0xffff830001000000UL, 8);
    note_num(n, XEN_ELFNOTE_HYPERCALL_PAGE, 0xffff830001001000UL, 8);
}

static void image_non_canonical(struct notes *n)
{
    note_num(n, XEN_ELFNOTE_VIRT_BASE, 0x00007fffff000000UL, 8);
    note_num(n, XEN_ELFNOTE_ENTRY, 0x0000800000000000UL, 8);
    note_num(n, XEN_ELFNOTE_HYPERCALL_PAGE, 0x0000800000001000UL, 8);
}

static void image_low_half(struct notes *n)
{
    note_num(n, XEN_ELFNOTE_VIRT_BASE, 0x400000, 8);
    note_num(n, XEN_ELFNOTE_ENTRY, 0x1400000, 8);
    note_num(n, XEN_ELFNOTE_HYPERCALL_PAGE, 0x1401000, 8);
}

static void image_wraps(struct notes *n)
{
    note_num(n, XEN_ELFNOTE_VIRT_BASE, 0xfffffffffefff000UL, 8);
    note_num(n, XEN_ELFNOTE_ENTRY, 0xfffffffffffff000UL, 8);
}

static void paddr_offset_alone(struct notes *n)
{
    memset(n, 0, sizeof(*n));
    note_str(n, XEN_ELFNOTE_GUEST_OS, "linux");
    note_str(n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    note_num(n, XEN_ELFNOTE_PADDR_OFFSET, 0, 8);
}

TEST(addresses)
{
    CHECK_EQ(check_linux64_plus(entry_past_end, PV64_DOM0), -EINVAL);
    CHECK_LOG("entry point 0xffffffff81004000 is outside the image [0xffffffff81000000, 0xffffffff81004000)");
    CHECK_EQ(check_linux64_plus(entry_before_start, PV64_DOM0), -EINVAL);
    CHECK_EQ(check_linux64_plus(hypercall_page_straddles_end, PV64_DOM0), -EINVAL);
    CHECK_LOG("hypercall page 0xffffffff81003001 is outside the image");
    CHECK_EQ(check_linux64_plus(hypercall_page_last, PV64_DOM0), 0);
    CHECK_EQ(check_linux64_plus(hypercall_page_low, PV64_DOM0), -EINVAL);
    CHECK_EQ(check_linux64_plus(hypercall_page_top, PV64_DOM0), -EINVAL);
    CHECK_EQ(check_linux64_plus(virt_base_above_image, PV64_DOM0), -EINVAL);
    CHECK_LOG("VIRT_BASE 0xffffffff82000000 is above the image start 0xffffffff81000000");
    CHECK_EQ(check_linux64_plus(p2m_in_image, PV64_DOM0), -EINVAL);
    CHECK_LOG("INIT_P2M 0xffffffff81002000 is inside the image");
    CHECK_EQ(check_linux64_plus(image_in_hypervisor_range, PV64_DOM0), -EINVAL);
    CHECK_LOG("overlaps the hypervisor's range");
    CHECK_EQ(check_linux64_plus(image_non_canonical, PV64_DOM0), -EINVAL);
    CHECK_EQ(check_linux64_plus(image_low_half, PV64_DOM0), 0);
    CHECK_EQ(check_linux64_plus(image_wraps, PV64_DOM0), -EINVAL);
    CHECK_LOG("wraps around the address space");
    CHECK_EQ(check_linux64_plus(paddr_offset_alone, PV64_DOM0), -EINVAL);
    CHECK_LOG("ELF_PADDR_OFFSET given without VIRT_BASE");
}

TEST(defaults)
{
    struct elf_dom_parms parms;
    struct elf_binary elf;
    struct notes n = { 0 };
    struct elfgen g;

    /* No VIRT_BASE, ENTRY or PADDR_OFFSET: 0, e_entry, 0; image at p_paddr. */
    note_str(&n, XEN_ELFNOTE_GUEST_OS, "linux");
    note_str(&n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    kernel(&g, 64, &n);
    g.entry = 0x1000200;
    CHECK_EQ(parse(&g, &elf, &parms), 0);
    CHECK_EQ(parms.virt_base, 0);
    CHECK_EQ(parms.elf_paddr_offset, 0);
    CHECK_EQ(parms.virt_entry, 0x1000200);
    CHECK_EQ(parms.virt_kstart, 0x1000000);
    CHECK_EQ(parms.virt_kend, 0x1004000);
    CHECK_EQ(elf_xen_check(&elf, &parms, PV64_DOM0), 0);
    eg_free(&g);
}

TEST(features)
{
    struct elf_dom_parms parms;
    struct elf_binary elf;
    struct notes n = { 0 };
    struct elfgen g;

    note_str(&n, XEN_ELFNOTE_FEATURES,
             "writable_descriptor_tables|!pae_pgdir_above_4gb||not_a_feature|!|"
             "dm_msix_all_writes|!gnttab_map_avail_bits|");
    kernel(&g, 64, &n);
    CHECK_EQ(parse(&g, &elf, &parms), 0);
    CHECK_EQ(parms.f_supported, F(writable_descriptor_tables) |
             F(pae_pgdir_above_4gb) | F(dm_msix_all_writes) |
             F(gnttab_map_avail_bits));
    CHECK_EQ(parms.f_required, F(pae_pgdir_above_4gb) | F(gnttab_map_avail_bits));
    eg_free(&g);

    /* A name is matched whole, not as a prefix. */
    memset(&n, 0, sizeof(n));
    note_str(&n, XEN_ELFNOTE_FEATURES, "dom|dom0x|writable");
    kernel(&g, 64, &n);
    CHECK_EQ(parse(&g, &elf, &parms), 0);
    CHECK_EQ(parms.f_supported, 0);
    eg_free(&g);

    memset(&n, 0, sizeof(n));
    note_str(&n, XEN_ELFNOTE_FEATURES, "dom0|!quantum_entanglement");
    kernel(&g, 64, &n);
    CHECK_EQ(parse(&g, &elf, &parms), -EINVAL);
    CHECK_LOG("FEATURES: the kernel requires the unknown feature \"quantum_entanglement\"");
    eg_free(&g);
}

static void requires_supervisor_mode(struct notes *n)
{
    note_str(n, XEN_ELFNOTE_FEATURES,
             "!supervisor_mode_kernel|!auto_translated_physmap|!dom0");
}

static void requires_dom0(struct notes *n)
{
    note_str(n, XEN_ELFNOTE_FEATURES, "!dom0");
}

static void no_dom0_support(struct notes *n)
{
    memset(n, 0, sizeof(*n));
    note_str(n, XEN_ELFNOTE_GUEST_OS, "linux");
    note_str(n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    note_num(n, XEN_ELFNOTE_SUPPORTED_FEATURES, F(writable_page_tables), 4);
    note_str(n, XEN_ELFNOTE_FEATURES, "!writable_page_tables");
}

static void required_we_accept(struct notes *n)
{
    note_str(n, XEN_ELFNOTE_FEATURES,
             "!writable_page_tables|!writable_descriptor_tables|!pae_pgdir_above_4gb");
}

TEST(required_features)
{
    CHECK_EQ(check_linux64_plus(requires_supervisor_mode, PV64_DOM0), -EOPNOTSUPP);
    CHECK_LOG("the kernel requires features a PV guest cannot have: auto_translated_physmap supervisor_mode_kernel");
    CHECK_EQ(check_linux64_plus(required_we_accept, PV64_DOM0), 0);

    /* dom0 required: fine for dom0, not for a domU. */
    CHECK_EQ(check_linux64_plus(requires_dom0, PV64_DOM0), 0);
    CHECK_EQ(check_linux64_plus(requires_dom0, ELF_CHECK_PV64), -EOPNOTSUPP);
    CHECK_LOG("the kernel runs only as dom0");

    /* A numeric feature list without dom0: not for dom0. */
    CHECK_EQ(check_linux64_plus(no_dom0_support, PV64_DOM0), -EOPNOTSUPP);
    CHECK_LOG("the kernel cannot run as dom0");
    CHECK_EQ(check_linux64_plus(no_dom0_support, ELF_CHECK_PV64), 0);
}

/* A 32-bit kernel with only a __xen_guest section, at p_paddr = vaddr. */
static int legacy(const char *s, size_t len, struct elfgen *g,
                  struct elf_binary *elf, struct elf_dom_parms *parms)
{
    eg_init(g, 32);
    g->entry = 0xc0100000;
    eg_load(g, 0xc0100000, 0xc0100000, text, sizeof(text), 0x4000);
    eg_section(g, "__xen_guest", SHT_PROGBITS, s, len);
    return parse(g, elf, parms);
}

TEST(legacy_xen_guest)
{
    static const char s[] =
        "GUEST_OS=linux,GUEST_VER=2.6,XEN_VER=xen-3.0,VIRT_BASE=0xC0000000,"
        "ELF_PADDR_OFFSET=0xC0000000,HYPERCALL_PAGE=0x101,LOADER=generic,"
        "UNKNOWN_KEY=1,PAE=yes[extended-cr3],"
        "FEATURES=writable_page_tables|!pae_pgdir_above_4gb,BSD_SYMTAB";
    struct elf_dom_parms parms;
    struct elf_binary elf;
    struct elfgen g;

    CHECK_EQ(legacy(s, sizeof(s), &g, &elf, &parms), 0);
    CHECK(parms.legacy);
    CHECK_STR(parms.guest_os, "linux");
    CHECK_STR(parms.guest_ver, "2.6");
    CHECK_STR(parms.xen_ver, "xen-3.0");
    CHECK_STR(parms.loader, "generic");
    CHECK_EQ(parms.pae, ELF_PAE_EXTCR3);
    CHECK(parms.bsd_symtab);
    CHECK_EQ(parms.f_supported, F(writable_page_tables) | F(pae_pgdir_above_4gb));
    CHECK_EQ(parms.f_required, F(pae_pgdir_above_4gb));
    CHECK_EQ(parms.virt_base, 0xc0000000);
    CHECK_EQ(parms.elf_paddr_offset, 0xc0000000);
    /* A page number above VIRT_BASE. */
    CHECK_EQ(parms.virt_hypercall, 0xc0101000);
    CHECK_EQ(parms.virt_entry, 0xc0100000);
    CHECK_EQ(parms.virt_kstart, 0xc0100000);
    CHECK_EQ(parms.virt_kend, 0xc0104000);
    CHECK_EQ(elf_xen_check(&elf, &parms, ELF_CHECK_PV32 | ELF_CHECK_DOM0), 0);
    CHECK_LOG("BSD_SYMTAB asked for");
    eg_free(&g);
}

TEST(legacy_defaults_and_values)
{
    struct elf_dom_parms parms;
    struct elf_binary elf;
    struct elfgen g;
    /* No NUL in the section, and no ELF_PADDR_OFFSET: it defaults to VIRT_BASE. */
    static const char s1[] = "GUEST_OS=linux,XEN_VER=xen-3.0,VIRT_BASE=3221225472,"
                             "PAE=yes,VIRT_ENTRY=0xc0100010";
    static const char s2[] = "GUEST_OS=linux,XEN_VER=xen-3.0,PAE=bimodal";
    static const char s3[] = "LOADER=generic,XEN_VER=xen-3.0,PAE=yes,,=x,VIRT_BASE=0";

    CHECK_EQ(legacy(s1, sizeof(s1) - 1, &g, &elf, &parms), 0);
    CHECK_EQ(parms.virt_base, 0xc0000000);
    CHECK_EQ(parms.elf_paddr_offset, 0xc0000000);
    CHECK_EQ(parms.virt_offset, 0);
    CHECK_EQ(parms.virt_entry, 0xc0100010);
    CHECK_EQ(parms.pae, ELF_PAE_YES);
    CHECK(!elf_note_given(&parms, XEN_ELFNOTE_HYPERCALL_PAGE));
    CHECK_EQ(elf_xen_check(&elf, &parms, ELF_CHECK_PV32), 0);
    CHECK_EQ(parms.pae, ELF_PAE_YES);
    eg_free(&g);

    /* Legacy PAE knows only yes and yes[extended-cr3]. */
    CHECK_EQ(legacy(s2, sizeof(s2), &g, &elf, &parms), 0);
    CHECK_EQ(parms.pae, ELF_PAE_NO);
    eg_free(&g);

    /* Empty items and an empty key are skipped; VIRT_BASE=0 is a number. */
    CHECK_EQ(legacy(s3, sizeof(s3), &g, &elf, &parms), 0);
    CHECK_STR(parms.loader, "generic");
    CHECK(elf_note_given(&parms, XEN_ELFNOTE_VIRT_BASE));
    CHECK_EQ(parms.elf_paddr_offset, 0);
    eg_free(&g);
}

TEST(legacy_bad_numbers)
{
    static const char *const bad[] = {
        "VIRT_BASE=",
        "VIRT_BASE",
        "VIRT_BASE=0x",
        "VIRT_BASE=12z",
        "VIRT_BASE=0x1g",
        "VIRT_BASE=09",
        "VIRT_BASE= 1",
        "VIRT_BASE=-1",
        "VIRT_BASE=18446744073709551616",
        "VIRT_BASE=0x10000000000000000",
        "HYPERCALL_PAGE=0x10000000000000",
    };
    static const char *const good[] = {
        "VIRT_BASE=18446744073709551615",
        "VIRT_BASE=0xffffffffffffffff",
        "VIRT_BASE=01777777777777777777777",
        "HYPERCALL_PAGE=0xfffffffffffff",
    };
    struct elf_dom_parms parms;
    struct elf_binary elf;
    struct elfgen g;
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(bad); i++ )
    {
        if ( legacy(bad[i], strlen(bad[i]), &g, &elf, &parms) != -EINVAL )
            harness_fail(__FILE__, __LINE__, "\"%s\" accepted", bad[i]);
        eg_free(&g);
    }
    CHECK_LOG("__xen_guest: VIRT_BASE=\"12z\" is not a number");
    CHECK_LOG("__xen_guest: HYPERCALL_PAGE=0x10000000000000 is not a page number");
    for ( i = 0; i < ARRAY_SIZE(good); i++ )
    {
        if ( legacy(good[i], strlen(good[i]), &g, &elf, &parms) != 0 )
            harness_fail(__FILE__, __LINE__, "\"%s\" refused", good[i]);
        eg_free(&g);
    }
}

TEST(legacy_ignored_when_notes_exist)
{
    static const char s[] = "GUEST_OS=other,XEN_VER=xen-3.0";
    struct elf_dom_parms parms;
    struct elf_binary elf;
    struct notes n = { 0 };
    struct elfgen g;

    note_str(&n, XEN_ELFNOTE_GUEST_OS, "linux");
    kernel(&g, 64, &n);
    eg_section(&g, "__xen_guest", SHT_PROGBITS, s, sizeof(s));
    CHECK_EQ(parse(&g, &elf, &parms), 0);
    CHECK_STR(parms.guest_os, "linux");
    CHECK(!parms.legacy);
    eg_free(&g);
}

TEST(legacy_section_out_of_image)
{
    static const char s[] = "GUEST_OS=linux";
    struct elf_dom_parms parms;
    struct elf_binary elf;
    struct elfgen g;

    kernel(&g, 64, NULL);
    eg_section(&g, "__xen_guest", SHT_PROGBITS, s, sizeof(s));
    eg_build(&g);
    put64(g.buf + g.shoff + sizeof(Elf64_Shdr) + offsetof(Elf64_Shdr, sh_size),
          g.len);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), 0);
    CHECK_EQ(elf_xen_parse(&elf, &parms), -EINVAL);
    CHECK_LOG("section 1: bytes");
    eg_free(&g);
}

/* Build a kernel with notes n, then patch the note segment's bytes. */
static int parse_patched(const struct notes *n, size_t at, uint32_t v,
                         uint64_t filesz)
{
    struct elf_dom_parms parms;
    struct elf_binary elf;
    struct elfgen g;
    int rc;

    kernel(&g, 64, n);
    eg_build(&g);
    put32(g.buf + g.seg_off[1] + at, v);
    put64(g.buf + g.phoff + sizeof(Elf64_Phdr) + offsetof(Elf64_Phdr, p_filesz),
          filesz);
    rc = elf_init(&elf, g.buf, g.len);
    CHECK_EQ(rc, 0);
    if ( rc == 0 )
        rc = elf_xen_parse(&elf, &parms);
    eg_free(&g);
    return rc;
}

TEST(malformed_notes)
{
    struct notes n = { 0 };

    note_str(&n, XEN_ELFNOTE_GUEST_OS, "linux");    /* 12 + 4 + 8 bytes */
    CHECK_EQ(n.len, 24);
    CHECK_EQ(parse_patched(&n, 0, 4, 24), 0);

    /* namesz, then descsz, past the segment's end: by a little, by a lot. */
    CHECK_EQ(parse_patched(&n, 0, 13, 24), -EINVAL);
    CHECK_LOG("segment 1: note name (13 bytes at offset 0xc) runs past its end (0x18)");
    CHECK_EQ(parse_patched(&n, 0, 0xfffffffc, 24), -EINVAL);
    CHECK_EQ(parse_patched(&n, 0, 0xffffffff, 24), -EINVAL);
    CHECK_EQ(parse_patched(&n, 4, 9, 24), -EINVAL);
    CHECK_LOG("segment 1: note desc (9 bytes at offset 0x10) runs past its end (0x18)");
    CHECK_EQ(parse_patched(&n, 4, 0xffffffff, 24), -EINVAL);

    /* A header cut short, and the last desc's padding missing (fine). */
    CHECK_EQ(parse_patched(&n, 0, 4, 8), -EINVAL);
    CHECK_LOG("note header at offset 0 runs past its end");
    CHECK_EQ(parse_patched(&n, 4, 6, 22), 0);
    CHECK_EQ(parse_patched(&n, 4, 7, 22), -EINVAL);

    /* A note segment whose bytes are not in the image. */
    CHECK_EQ(parse_patched(&n, 0, 4, 1ULL << 62), -EINVAL);
    CHECK_LOG("segment 1: notes");
}

TEST(note_count_is_bounded)
{
    /* 4000 empty notes: a note header of zeros names nothing and holds nothing. */
    static const uint8_t zeros[4000 * 12];
    struct elf_dom_parms parms;
    struct elf_binary elf;
    struct elfgen g;
    unsigned int i;

    /*
     * Program headers can point at the same bytes over and over, so the
     * image's size does not bound the notes read: a count does.
     */
    kernel(&g, 64, NULL);
    for ( i = 0; i < 17; i++ )
        eg_segment(&g, PT_NOTE, PF_R, 0, 0, zeros, sizeof(zeros), 0);
    CHECK_EQ(parse(&g, &elf, &parms), -EINVAL);     /* 68000 notes */
    CHECK_LOG("more than 65536 notes");
    put16(g.buf + offsetof(Elf64_Ehdr, e_phnum), 17);
    CHECK_EQ(elf_init(&elf, g.buf, g.len), 0);
    CHECK_EQ(elf_xen_parse(&elf, &parms), 0);       /* 64000 notes */
    eg_free(&g);
}

/*
 * A real Debian kernel, when DEBIAN_VMLINUX names one: an ELF vmlinux, or
 * a bzImage whose payload the host's own decompressor unpacks.  Without
 * it, the case does not exist (rather than passing without testing).
 */
static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    long n;

    if ( !f )
        return NULL;
    if ( fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
         fseek(f, 0, SEEK_SET) == 0 && (buf = malloc(n)) &&
         fread(buf, 1, n, f) == (size_t)n )
        *len = n;
    else
    {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

/* The command that unpacks a bzImage payload starting with magic p. */
static const char *unpacker(const uint8_t *p)
{
    if ( !memcmp(p, "\xfd" "7zXZ", 6) )
        return "xz -dc --single-stream";
    if ( !memcmp(p, "\x1f\x8b", 2) )
        return "gzip -dc";
    if ( !memcmp(p, "\x28\xb5\x2f\xfd", 4) )
        return "zstd -dcq";
    if ( !memcmp(p, "\x02\x21\x4c\x18", 4) )
        return "lz4 -dcq";
    if ( !memcmp(p, "BZh", 3) )
        return "bzip2 -dc";
    if ( !memcmp(p, "\x5d\x00\x00", 3) )
        return "xz -dc --format=lzma";
    return NULL;
}

/* The vmlinux inside bzImage img, or NULL (with a failed check). */
static uint8_t *unpack_bzimage(const uint8_t *img, size_t len, size_t *out_len)
{
    char dir[] = "/tmp/libelf-test-XXXXXX", cmd[512], in[64], out[64];
    uint32_t off, size;
    const char *tool;
    uint8_t *elf = NULL;
    FILE *f;

    CHECK(len > 0x250 && !memcmp(img + 0x202, "HdrS", 4));
    if ( len <= 0x250 || memcmp(img + 0x202, "HdrS", 4) || !mkdtemp(dir) )
        return NULL;
    /* Setup header: the payload follows the setup sectors (0 means 4). */
    memcpy(&off, img + 0x248, 4);
    memcpy(&size, img + 0x24c, 4);
    off += ((img[0x1f1] ? img[0x1f1] : 4) + 1) * 512;
    CHECK(off < len && size <= len - off);
    tool = off + 6 <= len ? unpacker(img + off) : NULL;
    CHECK(tool != NULL);
    if ( off >= len || size > len - off || !tool )
        return NULL;

    snprintf(in, sizeof(in), "%s/payload", dir);
    snprintf(out, sizeof(out), "%s/vmlinux", dir);
    if ( (f = fopen(in, "wb")) )
    {
        fwrite(img + off, 1, size, f);
        fclose(f);
        /* Some formats carry a size after the stream: exit status aside, the output counts. */
        snprintf(cmd, sizeof(cmd), "%s < %s > %s 2>/dev/null", tool, in, out);
        if ( system(cmd) < 0 )
            CHECK(0);
        elf = read_file(out, out_len);
    }
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    if ( system(cmd) < 0 )
        CHECK(0);
    CHECK(elf != NULL);
    return elf;
}

static void test_debian_vmlinux(void)
{
    const char *path = getenv("DEBIAN_VMLINUX");
    struct elf_dom_parms parms;
    struct elf_segment seg;
    struct elf_binary elf;
    uint8_t *file, *img;
    size_t len, i;
    unsigned int n;
    struct dest d;

    file = read_file(path, &len);
    CHECK(file != NULL);
    if ( !file )
        return;
    if ( len >= 4 && !memcmp(file, ELFMAG, SELFMAG) )
        img = file;
    else
    {
        img = unpack_bzimage(file, len, &len);
        free(file);
        if ( !img )
            return;
    }

    CHECK_EQ(elf_init(&elf, img, len), 0);
    CHECK_EQ(elf_xen_parse(&elf, &parms), 0);
    CHECK_EQ(elf_xen_check(&elf, &parms, PV64_DOM0), 0);
    CHECK_EQ(elf.class, 64);
    CHECK_STR(parms.guest_os, "linux");
    CHECK_STR(parms.xen_ver, "xen-3.0");
    CHECK_STR(parms.loader, "generic");
    CHECK_EQ(parms.virt_base, 0xffffffff80000000UL);
    CHECK(parms.virt_kstart >= 0xffffffff81000000UL);
    CHECK(parms.virt_kend - parms.virt_kstart < (1u << 30));
    CHECK(parms.f_supported & F(dom0));
    CHECK(elf_note_given(&parms, XEN_ELFNOTE_ENTRY));

    /* Load it page by page; the first segment's bytes arrive in place. */
    memset(&d, 0, sizeof(d));
    d.base = parms.virt_kstart;
    d.size = parms.virt_kend - parms.virt_kstart;
    d.page = true;
    d.mem = malloc(d.size);
    CHECK(d.mem != NULL);
    if ( d.mem )
    {
        n = 0;
        CHECK(elf_next_load(&elf, &n, &seg));
        CHECK_EQ(elf_load(&elf, &parms, dest_map, &d), 0);
        CHECK(!memcmp(d.mem + (seg.paddr - elf.pstart), img + seg.offset,
                      seg.filesz));
        free(d.mem);
    }

    /* Truncations: every length in the headers, then spread over the file. */
    for ( i = 0; i < len; i = i < 8192 ? i + 1 : i + len / 61 )
    {
        if ( elf_init(&elf, img, i) == 0 )
            elf_xen_parse(&elf, &parms);
        harness_log_clear();
    }
    free(img);
}

static struct harness_case debian_case = {
    "debian_vmlinux", test_debian_vmlinux, NULL
};

static void __attribute__((constructor)) register_debian(void)
{
    const char *path = getenv("DEBIAN_VMLINUX");

    if ( path && access(path, R_OK) == 0 )
        harness_register(&debian_case);
}

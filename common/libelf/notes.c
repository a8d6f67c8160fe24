/*
 * Xen ELF notes and the legacy __xen_guest string (interface in
 * xen/libelf.h; note numbers and meanings in public/elfnote.h).
 *
 * Both are read into the same struct elf_dom_parms: a legacy key sets the
 * fields, and the bit in parms->notes, of the note that replaced it.  When
 * a value is given twice, the last one counts.
 */
#include <xen/errno.h>
#include <public/elfnote.h>
#include "private.h"

/*
 * Upper bound on the notes read, over all note segments and sections:
 * several program headers may describe the same bytes, so the image size
 * alone does not bound the work.  Linux has about 25.
 */
#define ELF_MAX_NOTES 65536

static const char *const feature_names[] = {
    [XENFEAT_writable_page_tables]       = "writable_page_tables",
    [XENFEAT_writable_descriptor_tables] = "writable_descriptor_tables",
    [XENFEAT_auto_translated_physmap]    = "auto_translated_physmap",
    [XENFEAT_supervisor_mode_kernel]     = "supervisor_mode_kernel",
    [XENFEAT_pae_pgdir_above_4gb]        = "pae_pgdir_above_4gb",
    [XENFEAT_mmu_pt_update_preserve_ad]  = "mmu_pt_update_preserve_ad",
    [XENFEAT_highmem_assist]             = "highmem_assist",
    [XENFEAT_gnttab_map_avail_bits]      = "gnttab_map_avail_bits",
    [XENFEAT_hvm_callback_vector]        = "hvm_callback_vector",
    [XENFEAT_hvm_safe_pvclock]           = "hvm_safe_pvclock",
    [XENFEAT_hvm_pirqs]                  = "hvm_pirqs",
    [XENFEAT_dom0]                       = "dom0",
    [XENFEAT_grant_map_identity]         = "grant_map_identity",
    [XENFEAT_memory_op_vnode_supported]  = "memory_op_vnode_supported",
    [XENFEAT_ARM_SMCCC_supported]        = "ARM_SMCCC_supported",
    [XENFEAT_linux_rsdp_unrestricted]    = "linux_rsdp_unrestricted",
    [XENFEAT_not_direct_mapped]          = "not_direct_mapped",
    [XENFEAT_direct_mapped]              = "direct_mapped",
    [XENFEAT_runstate_phys_area]         = "runstate_phys_area",
    [XENFEAT_vcpu_time_phys_area]        = "vcpu_time_phys_area",
    [XENFEAT_dm_msix_all_writes]         = "dm_msix_all_writes",
};
BUILD_BUG_ON(ARRAY_SIZE(feature_names) > 32 * XENFEAT_NR_SUBMAPS);

const char *elf_feature_name(unsigned int nr)
{
    return nr < ARRAY_SIZE(feature_names) ? feature_names[nr] : NULL;
}

/* Does s[0..len) equal the C string word? */
static bool span_is(const char *s, size_t len, const char *word)
{
    return strlen(word) == len && !memcmp(s, word, len);
}

/* Does s[0..len) contain the C string word? */
static bool span_has(const char *s, size_t len, const char *word)
{
    size_t wlen = strlen(word), i;

    for ( i = 0; i + wlen <= len; i++ )
        if ( !memcmp(s + i, word, wlen) )
            return true;
    return false;
}

/*
 * "name|!name|..." (FEATURES): a '!' marks a required feature, which is
 * also supported.  Names we do not know are ignored, unless required: a
 * kernel that cannot run without something we have never heard of is
 * refused, as Xen does.
 */
static int parse_features(struct elf_dom_parms *parms, const char *s,
                          size_t len)
{
    size_t pos = 0, tok;
    unsigned int nr;

    while ( pos < len )
    {
        const char *name = s + pos;
        bool required = false;

        for ( tok = 0; pos + tok < len && name[tok] != '|'; tok++ )
            continue;
        pos += tok + 1;
        if ( tok && name[0] == '!' )
        {
            required = true;
            name++;
            tok--;
        }
        if ( !tok )
            continue;

        for ( nr = 0; nr < ARRAY_SIZE(feature_names); nr++ )
            if ( feature_names[nr] && span_is(name, tok, feature_names[nr]) )
                break;
        if ( nr == ARRAY_SIZE(feature_names) )
        {
            if ( required )
            {
                elf_err("FEATURES: the kernel requires the unknown feature \"%.*s\"",
                        (int)tok, name);
                return -EINVAL;
            }
            continue;
        }
        parms->f_supported |= 1u << nr;
        if ( required )
            parms->f_required |= 1u << nr;
    }
    return 0;
}

static void copy_string(char *dst, size_t size, const char *s, size_t len)
{
    len = min(len, size - 1);
    memcpy(dst, s, len);
    dst[len] = '\0';
}

/* A string value of note type (or of its legacy key). */
static int set_string(struct elf_dom_parms *parms, unsigned int type,
                      const char *s, size_t len)
{
    switch ( type )
    {
    case XEN_ELFNOTE_GUEST_OS:
        copy_string(parms->guest_os, sizeof(parms->guest_os), s, len);
        break;
    case XEN_ELFNOTE_GUEST_VERSION:
        copy_string(parms->guest_ver, sizeof(parms->guest_ver), s, len);
        break;
    case XEN_ELFNOTE_XEN_VERSION:
        copy_string(parms->xen_ver, sizeof(parms->xen_ver), s, len);
        break;
    case XEN_ELFNOTE_LOADER:
        copy_string(parms->loader, sizeof(parms->loader), s, len);
        break;
    case XEN_ELFNOTE_PAE_MODE:
        /* As Xen reads it: anything else is no PAE. */
        if ( span_has(s, len, "bimodal") )
            parms->pae = ELF_PAE_BIMODAL;
        else if ( span_is(s, len, "yes") )
            parms->pae = ELF_PAE_EXTCR3;
        else
            parms->pae = ELF_PAE_NO;
        break;
    case XEN_ELFNOTE_FEATURES:
        return parse_features(parms, s, len);
    case XEN_ELFNOTE_BSD_SYMTAB:
        parms->bsd_symtab = span_is(s, len, "yes");
        break;
    }
    return 0;
}

/* A numeric value of note type (or of its legacy key). */
static void set_number(struct elf_dom_parms *parms, unsigned int type,
                       uint64_t v)
{
    switch ( type )
    {
    case XEN_ELFNOTE_ENTRY:
        parms->virt_entry = v;
        break;
    case XEN_ELFNOTE_HYPERCALL_PAGE:
        parms->virt_hypercall = v;
        break;
    case XEN_ELFNOTE_VIRT_BASE:
        parms->virt_base = v;
        break;
    case XEN_ELFNOTE_PADDR_OFFSET:
        parms->elf_paddr_offset = v;
        break;
    case XEN_ELFNOTE_HV_START_LOW:
        parms->virt_hv_start_low = v;
        break;
    case XEN_ELFNOTE_SUSPEND_CANCEL:
        parms->suspend_cancel = v != 0;
        break;
    case XEN_ELFNOTE_INIT_P2M:
        parms->p2m_base = v;
        break;
    case XEN_ELFNOTE_MOD_START_PFN:
        parms->unmapped_initrd = v != 0;
        break;
    case XEN_ELFNOTE_PHYS32_ENTRY:
        parms->phys_entry = v;
        break;
    }
}

/* One note named "Xen"; desc is descsz bytes long. */
static int parse_xen_note(struct elf_dom_parms *parms, unsigned int type,
                          const uint8_t *desc, uint32_t descsz)
{
    uint32_t word;
    uint64_t v = 0;

    switch ( type )
    {
    case XEN_ELFNOTE_XEN_VERSION:
    case XEN_ELFNOTE_GUEST_OS:
    case XEN_ELFNOTE_GUEST_VERSION:
    case XEN_ELFNOTE_LOADER:
    case XEN_ELFNOTE_PAE_MODE:
    case XEN_ELFNOTE_FEATURES:
    case XEN_ELFNOTE_BSD_SYMTAB:
        /* Linux writes FEATURES with .ascii: the NUL is optional. */
        parms->notes |= 1u << type;
        return set_string(parms, type, (const char *)desc,
                          strnlen((const char *)desc, descsz));

    case XEN_ELFNOTE_ENTRY:
    case XEN_ELFNOTE_HYPERCALL_PAGE:
    case XEN_ELFNOTE_VIRT_BASE:
    case XEN_ELFNOTE_PADDR_OFFSET:
    case XEN_ELFNOTE_HV_START_LOW:
    case XEN_ELFNOTE_SUSPEND_CANCEL:
    case XEN_ELFNOTE_INIT_P2M:
    case XEN_ELFNOTE_MOD_START_PFN:
    case XEN_ELFNOTE_PHYS32_ENTRY:
        if ( descsz != 1 && descsz != 2 && descsz != 4 && descsz != 8 )
        {
            elf_err("Xen note %u: a number of %u bytes (1, 2, 4 or 8 expected)",
                    type, descsz);
            return -EINVAL;
        }
        memcpy(&v, desc, descsz);       /* little-endian, like the image */
        parms->notes |= 1u << type;
        set_number(parms, type, v);
        return 0;

    case XEN_ELFNOTE_SUPPORTED_FEATURES:
        /* One 32-bit word per submap; later submaps are not ours yet. */
        if ( descsz < sizeof(word) || descsz % sizeof(word) )
        {
            elf_err("Xen note SUPPORTED_FEATURES: %u bytes, not 32-bit words",
                    descsz);
            return -EINVAL;
        }
        memcpy(&word, desc, sizeof(word));
        parms->notes |= 1u << type;
        parms->f_supported |= word;
        return 0;

    case XEN_ELFNOTE_INFO:
    case XEN_ELFNOTE_L1_MFN_VALID:
    case XEN_ELFNOTE_PHYS32_RELOC:
        /* Known, and nothing a PV domain builder acts on. */
        parms->notes |= 1u << type;
        return 0;
    }
    return 0;                           /* unknown types are ignored */
}

/*
 * Walk the notes in p[0..len), the contents of segment or section idx
 * (where names which).  *count is the running total of notes read;
 * *xen the number named "Xen".
 */
static int parse_notes(struct elf_dom_parms *parms, const uint8_t *p,
                       uint64_t len, const char *where, unsigned int idx,
                       unsigned int *count, unsigned int *xen)
{
    uint64_t off = 0;
    struct elf_note_hdr h;
    const uint8_t *name, *desc;
    int rc;

    while ( off < len )
    {
        if ( ++*count > ELF_MAX_NOTES )
        {
            elf_err("more than %u notes", ELF_MAX_NOTES);
            return -EINVAL;
        }
        if ( len - off < sizeof(h) )
        {
            elf_err("%s %u: note header at offset %#lx runs past its end (%#lx)",
                    where, idx, off, len);
            return -EINVAL;
        }
        memcpy(&h, p + off, sizeof(h));
        off += sizeof(h);

        /*
         * Name and desc are each padded to 4 bytes.  The padding after the
         * last note's desc may be missing, so only sizes are checked
         * against the end; the padding is skipped as far as it exists.
         */
        if ( h.namesz > len - off )
        {
            elf_err("%s %u: note name (%u bytes at offset %#lx) runs past its end (%#lx)",
                    where, idx, h.namesz, off, len);
            return -EINVAL;
        }
        name = p + off;
        off += min(ROUNDUP((uint64_t)h.namesz, 4), len - off);
        if ( h.descsz > len - off )
        {
            elf_err("%s %u: note desc (%u bytes at offset %#lx) runs past its end (%#lx)",
                    where, idx, h.descsz, off, len);
            return -EINVAL;
        }
        desc = p + off;
        off += min(ROUNDUP((uint64_t)h.descsz, 4), len - off);

        if ( h.namesz != 4 || memcmp(name, "Xen", 4) )
            continue;
        (*xen)++;
        if ( (rc = parse_xen_note(parms, h.type, desc, h.descsz)) != 0 )
            return rc;
    }
    return 0;
}

static int parse_note_segments(const struct elf_binary *elf,
                               struct elf_dom_parms *parms,
                               unsigned int *count, unsigned int *xen)
{
    struct elf_segment seg;
    const uint8_t *p;
    unsigned int i;
    int rc;

    for ( i = 0; i < elf->phnum; i++ )
    {
        elf_segment_get(elf, i, &seg);
        /* Some binutils leave p_offset 0 in note segments; Xen skips those. */
        if ( seg.type != PT_NOTE || seg.offset == 0 )
            continue;
        p = elf_bytes(elf, seg.offset, seg.filesz);
        if ( !p )
        {
            elf_err("segment %u: notes %#lx + %#lx run past the end of the image (%zu bytes)",
                    i, seg.offset, seg.filesz, elf->size);
            return -EINVAL;
        }
        if ( (rc = parse_notes(parms, p, seg.filesz, "segment", i,
                               count, xen)) != 0 )
            return rc;
    }
    return 0;
}

static int parse_note_sections(const struct elf_binary *elf,
                               struct elf_dom_parms *parms,
                               unsigned int *count, unsigned int *xen)
{
    struct elf_section sec;
    const uint8_t *p;
    unsigned int i;
    int rc;

    for ( i = 1; i < elf->shnum; i++ )
    {
        elf_section_get(elf, i, &sec);
        if ( sec.type != SHT_NOTE )
            continue;
        if ( !(p = elf_section_bytes(elf, i, &sec)) )
            return -EINVAL;
        if ( (rc = parse_notes(parms, p, sec.size, "section", i,
                               count, xen)) != 0 )
            return rc;
    }
    return 0;
}

/* A legacy number: C syntax (0x hex, 0 octal, decimal), all digits, no overflow. */
static int parse_number(const char *s, size_t len, uint64_t *v)
{
    unsigned int base = 10, d;
    size_t i = 0;

    if ( len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') )
    {
        base = 16;
        i = 2;
    }
    else if ( len > 1 && s[0] == '0' )
        base = 8;
    if ( i == len )
        return -EINVAL;

    for ( *v = 0; i < len; i++ )
    {
        char c = s[i];

        if ( c >= '0' && c <= '9' )
            d = c - '0';
        else if ( c >= 'a' && c <= 'f' )
            d = c - 'a' + 10;
        else if ( c >= 'A' && c <= 'F' )
            d = c - 'A' + 10;
        else
            return -EINVAL;
        if ( d >= base || *v > (~0ULL - d) / base )
            return -EINVAL;
        *v = *v * base + d;
    }
    return 0;
}

/* The legacy keys and the notes that replaced them. */
static const struct {
    const char *key;
    unsigned int type;
    bool numeric;
} legacy_keys[] = {
    { "GUEST_OS",         XEN_ELFNOTE_GUEST_OS,       false },
    { "GUEST_VER",        XEN_ELFNOTE_GUEST_VERSION,  false },
    { "XEN_VER",          XEN_ELFNOTE_XEN_VERSION,    false },
    { "LOADER",           XEN_ELFNOTE_LOADER,         false },
    { "PAE",              XEN_ELFNOTE_PAE_MODE,       false },
    { "FEATURES",         XEN_ELFNOTE_FEATURES,       false },
    { "BSD_SYMTAB",       XEN_ELFNOTE_BSD_SYMTAB,     false },
    { "VIRT_BASE",        XEN_ELFNOTE_VIRT_BASE,      true },
    { "VIRT_ENTRY",       XEN_ELFNOTE_ENTRY,          true },
    { "ELF_PADDR_OFFSET", XEN_ELFNOTE_PADDR_OFFSET,   true },
    { "HYPERCALL_PAGE",   XEN_ELFNOTE_HYPERCALL_PAGE, true },
};

/* One "KEY=VALUE" or "KEY" item of the legacy string. */
static int parse_legacy_item(struct elf_dom_parms *parms, const char *item,
                             size_t len)
{
    size_t klen, vlen;
    const char *val;
    unsigned int i, type;
    uint64_t v;

    for ( klen = 0; klen < len && item[klen] != '='; klen++ )
        continue;
    val = item + min(klen + 1, len);
    vlen = item + len - val;

    for ( i = 0; i < ARRAY_SIZE(legacy_keys); i++ )
        if ( span_is(item, klen, legacy_keys[i].key) )
            break;
    if ( i == ARRAY_SIZE(legacy_keys) )
        return 0;                       /* unknown keys are ignored */
    type = legacy_keys[i].type;
    parms->notes |= 1u << type;

    if ( legacy_keys[i].numeric )
    {
        if ( parse_number(val, vlen, &v) )
        {
            elf_err("__xen_guest: %s=\"%.*s\" is not a number",
                    legacy_keys[i].key, (int)vlen, val);
            return -EINVAL;
        }
        /* A page number, made an address by elf_xen_parse() after VIRT_BASE is known. */
        if ( type == XEN_ELFNOTE_HYPERCALL_PAGE && v > (~0ULL >> 12) )
        {
            elf_err("__xen_guest: HYPERCALL_PAGE=%#lx is not a page number", v);
            return -EINVAL;
        }
        set_number(parms, type, v);
        return 0;
    }

    switch ( type )
    {
    case XEN_ELFNOTE_PAE_MODE:
        /* The legacy values differ from the note's. */
        if ( span_is(val, vlen, "yes[extended-cr3]") )
            parms->pae = ELF_PAE_EXTCR3;
        else if ( vlen >= 3 && !memcmp(val, "yes", 3) )
            parms->pae = ELF_PAE_YES;
        else
            parms->pae = ELF_PAE_NO;
        return 0;
    case XEN_ELFNOTE_BSD_SYMTAB:
        parms->bsd_symtab = true;       /* present means yes */
        return 0;
    default:
        return set_string(parms, type, val, vlen);
    }
}

static int parse_legacy(const struct elf_binary *elf,
                        struct elf_dom_parms *parms)
{
    unsigned int i = elf_section_by_name(elf, "__xen_guest");
    struct elf_section sec;
    const char *s;
    size_t len, pos, item;
    int rc;

    if ( !i )
        return 0;
    elf_section_get(elf, i, &sec);
    if ( !(s = (const char *)elf_section_bytes(elf, i, &sec)) )
        return -EINVAL;
    len = strnlen(s, sec.size);
    parms->legacy = true;

    for ( pos = 0; pos < len; pos += item + 1 )
    {
        for ( item = 0; pos + item < len && s[pos + item] != ','; item++ )
            continue;
        if ( (rc = parse_legacy_item(parms, s + pos, item)) != 0 )
            return rc;
    }

    if ( elf_note_given(parms, XEN_ELFNOTE_HYPERCALL_PAGE) )
    {
        parms->virt_hypercall <<= 12;
        parms->virt_hypercall += parms->virt_base;
    }
    return 0;
}

/* Xen's defaults and the image's place in the guest's address space. */
static void derive_addresses(const struct elf_binary *elf,
                             struct elf_dom_parms *parms)
{
    if ( !elf_note_given(parms, XEN_ELFNOTE_VIRT_BASE) )
        parms->virt_base = 0;
    /*
     * Legacy kernels put virtual addresses in p_paddr, and old hypervisors
     * subtracted VIRT_BASE: so that is the legacy default.
     */
    if ( !elf_note_given(parms, XEN_ELFNOTE_PADDR_OFFSET) )
        parms->elf_paddr_offset = parms->legacy ? parms->virt_base : 0;
    if ( !elf_note_given(parms, XEN_ELFNOTE_ENTRY) )
        parms->virt_entry = elf->entry;

    parms->virt_offset = parms->virt_base - parms->elf_paddr_offset;
    parms->virt_kstart = elf->pstart + parms->virt_offset;
    parms->virt_kend = elf->pend + parms->virt_offset;
}

int elf_xen_parse(const struct elf_binary *elf, struct elf_dom_parms *parms)
{
    unsigned int count = 0, xen = 0;
    int rc;

    memset(parms, 0, sizeof(*parms));

    if ( (rc = parse_note_segments(elf, parms, &count, &xen)) != 0 )
        return rc;
    if ( !xen && (rc = parse_note_sections(elf, parms, &count, &xen)) != 0 )
        return rc;
    if ( !xen && (rc = parse_legacy(elf, parms)) != 0 )
        return rc;

    derive_addresses(elf, parms);
    return 0;
}

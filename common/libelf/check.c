/*
 * Can a parsed kernel run as a PV guest?  (Interface in xen/libelf.h.)
 *
 * Decide, then act: every test runs before the two adjustments to *parms,
 * so a refused kernel's parms are as elf_xen_parse() left them.
 */
#include <xen/errno.h>
#include <asm/config.h>
#include <public/elfnote.h>
#include "private.h"

/*
 * Where the hypervisor's area starts in a 32-bit PAE guest's address space
 * unless HV_START_LOW lets it start lower (Xen's
 * __HYPERVISOR_VIRT_START_PAE): a 32-bit image must end below it.
 */
#define COMPAT_HV_START     0xf5800000UL

/* Lowest non-canonical address: 64-bit guests use [0, this) and the top half. */
#define CANONICAL_LOW_END   0x0000800000000000UL

/* Xen accepts these loaders and guest operating systems, as prefixes. */
static bool known_guest(const struct elf_dom_parms *parms)
{
    return !strncmp(parms->loader, "generic", 7) ||
           !strncmp(parms->guest_os, "linux", 5);
}

static int check_kind(const struct elf_binary *elf,
                      const struct elf_dom_parms *parms, unsigned int flags)
{
    if ( !parms->notes )
    {
        elf_err("not a Xen PV kernel: no Xen ELF notes and no __xen_guest section");
        return -ENOEXEC;
    }
    /* A PVH entry and no PV entry: Linux built with XEN_PVH but not XEN_PV. */
    if ( elf_note_given(parms, XEN_ELFNOTE_PHYS32_ENTRY) &&
         !elf_note_given(parms, XEN_ELFNOTE_ENTRY) )
    {
        elf_err("PVH-only kernel: PHYS32_ENTRY but no PV ENTRY note");
        return -ENOEXEC;
    }
    if ( !known_guest(parms) )
    {
        elf_err("only the generic loader or Linux can be loaded, not LOADER \"%s\", GUEST_OS \"%s\"",
                parms->loader, parms->guest_os);
        return -ENOEXEC;
    }
    if ( strncmp(parms->xen_ver, "xen-3.0", 7) )
    {
        elf_err("kernel built for XEN_VERSION \"%s\", not \"xen-3.0\"",
                parms->xen_ver);
        return -ENOEXEC;
    }

    if ( elf->class == 64 && !(flags & ELF_CHECK_PV64) )
    {
        elf_err("64-bit kernel, but a 32-bit PV guest was asked for");
        return -EOPNOTSUPP;
    }
    if ( elf->class == 32 && !(flags & ELF_CHECK_PV32) )
    {
        elf_err("32-bit kernel, but a 64-bit PV guest was asked for");
        return -EOPNOTSUPP;
    }
    if ( elf->class == 32 && parms->pae == ELF_PAE_NO )
    {
        elf_err("32-bit kernel without PAE (PAE_MODE missing or \"no\"): only PAE kernels can run");
        return -EOPNOTSUPP;
    }
    return 0;
}

static int check_addresses(const struct elf_binary *elf,
                           const struct elf_dom_parms *parms)
{
    uint64_t start = parms->virt_kstart, end = parms->virt_kend;
    uint64_t hc = parms->virt_hypercall;

    if ( elf_note_given(parms, XEN_ELFNOTE_PADDR_OFFSET) &&
         !elf_note_given(parms, XEN_ELFNOTE_VIRT_BASE) )
    {
        elf_err("ELF_PADDR_OFFSET given without VIRT_BASE");
        return -EINVAL;
    }
    /* Both ends moved by virt_offset modulo 2^64: the range may have wrapped. */
    if ( elf->pend - elf->pstart > ~0ULL - start )
    {
        elf_err("image at [%#lx, %#lx) + offset %#lx wraps around the address space",
                elf->pstart, elf->pend, parms->virt_offset);
        return -EINVAL;
    }
    if ( elf->class == 32 )
    {
        if ( end > COMPAT_HV_START )
        {
            elf_err("image [%#lx, %#lx) reaches the hypervisor's area at %#lx",
                    start, end, COMPAT_HV_START);
            return -EINVAL;
        }
        if ( elf_note_given(parms, XEN_ELFNOTE_HV_START_LOW) &&
             parms->virt_hv_start_low > COMPAT_HV_START )
        {
            elf_err("HV_START_LOW %#lx is above the hypervisor's area at %#lx",
                    parms->virt_hv_start_low, COMPAT_HV_START);
            return -ERANGE;
        }
    }
    else if ( end > CANONICAL_LOW_END && start < HYPERVISOR_VIRT_END )
    {
        elf_err("image [%#lx, %#lx) is not canonical or overlaps the hypervisor's range [%#lx, %#lx)",
                start, end, HYPERVISOR_VIRT_START, HYPERVISOR_VIRT_END);
        return -EINVAL;
    }
    if ( parms->virt_base > start )
    {
        elf_err("VIRT_BASE %#lx is above the image start %#lx",
                parms->virt_base, start);
        return -EINVAL;
    }
    if ( parms->virt_entry < start || parms->virt_entry >= end )
    {
        elf_err("entry point %#lx is outside the image [%#lx, %#lx)",
                parms->virt_entry, start, end);
        return -EINVAL;
    }
    /* Xen writes a whole page of stubs there. */
    if ( elf_note_given(parms, XEN_ELFNOTE_HYPERCALL_PAGE) &&
         (hc < start || hc > end || end - hc < PAGE_SIZE) )
    {
        elf_err("hypercall page %#lx is outside the image [%#lx, %#lx)",
                hc, start, end);
        return -EINVAL;
    }
    if ( elf->class == 64 && elf_note_given(parms, XEN_ELFNOTE_INIT_P2M) &&
         parms->p2m_base >= start && parms->p2m_base < end )
    {
        elf_err("INIT_P2M %#lx is inside the image [%#lx, %#lx)",
                parms->p2m_base, start, end);
        return -EINVAL;
    }
    return 0;
}

/* "name name ..." for the bits of mask, in buf. */
static const char *feature_list(uint32_t mask, char *buf, size_t size)
{
    size_t len = 0;
    unsigned int nr;

    buf[0] = '\0';
    for ( nr = 0; nr < 32; nr++ )
    {
        const char *name = elf_feature_name(nr);

        if ( !(mask & (1u << nr)) || len >= size )
            continue;
        if ( name )
            len += snprintf(buf + len, size - len, "%s%s", len ? " " : "", name);
        else
            len += snprintf(buf + len, size - len, "%sbit%u", len ? " " : "", nr);
    }
    return buf;
}

static int check_features(const struct elf_dom_parms *parms,
                          unsigned int flags)
{
    uint32_t dom0 = 1u << XENFEAT_dom0;
    char buf[128];

    if ( parms->f_required & ~ELF_PV_REQUIRABLE )
    {
        elf_err("the kernel requires features a PV guest cannot have: %s",
                feature_list(parms->f_required & ~ELF_PV_REQUIRABLE,
                             buf, sizeof(buf)));
        return -EOPNOTSUPP;
    }
    /* Only kernels that list features numerically must claim dom0. */
    if ( (flags & ELF_CHECK_DOM0) &&
         elf_note_given(parms, XEN_ELFNOTE_SUPPORTED_FEATURES) &&
         !(parms->f_supported & dom0) )
    {
        elf_err("the kernel cannot run as dom0 (no dom0 in SUPPORTED_FEATURES)");
        return -EOPNOTSUPP;
    }
    if ( !(flags & ELF_CHECK_DOM0) && (parms->f_required & dom0) )
    {
        elf_err("the kernel runs only as dom0 (FEATURES requires dom0)");
        return -EOPNOTSUPP;
    }
    return 0;
}

int elf_xen_check(const struct elf_binary *elf, struct elf_dom_parms *parms,
                  unsigned int flags)
{
    int rc;

    if ( (rc = check_kind(elf, parms, flags)) != 0 ||
         (rc = check_addresses(elf, parms)) != 0 ||
         (rc = check_features(parms, flags)) != 0 )
        return rc;

    if ( parms->bsd_symtab )
        printk(XENLOG_WARNING "ELF: BSD_SYMTAB asked for: the symbol table is not loaded\n");

    if ( elf->class == 64 )
        parms->pae = ELF_PAE_NO;        /* meaningless there; kernels may set it */
    else
    {
        if ( parms->pae == ELF_PAE_BIMODAL )
            parms->pae = ELF_PAE_EXTCR3;
        if ( elf_note_given(parms, XEN_ELFNOTE_INIT_P2M) )
        {
            printk(XENLOG_WARNING "ELF: INIT_P2M ignored for a 32-bit kernel\n");
            parms->notes &= ~(1u << XEN_ELFNOTE_INIT_P2M);
        }
    }
    return 0;
}

/*
 * Building a 64-bit (or 32-bit PAE) PV domain from an ELF kernel with
 * Xen notes (or a bzImage whose compressed payload is one:
 * pv/bzimage.c) and an optional initrd: dom0 from the first Multiboot
 * module (and the second), boot-time domUs from the modules their device
 * tree names (common/boot_domains.c).  Both are built alike; only the
 * initial domain gets SIF_INITDOMAIN/SIF_PRIVILEGED and the hardware's
 * I/O ports.
 *
 * Memory: nr_pages frames (dom0_mem= for dom0, the device tree's memory
 * for a domU).  The initial region (layout in
 * pv/dom0_layout.c) comes from one machine-contiguous chunk, so that
 * pseudo-physical frame n of it is machine frame alloc_mfn + n and the
 * builder reaches any part of it through the direct map; the remaining
 * frames come in the largest chunks the heap has and get the following
 * pseudo-physical numbers.
 *
 * Page tables: built in the region's page-table frames [vpt_start,
 * vpt_end), mapping [v_start, v_end) to frames 0.. of the region, all
 * writable except the page-table frames themselves (read-only, as any PV
 * guest's tables must be).  Then the L4 is pinned: get_page_type()
 * validates the whole tree (pv/pt_validate.c), typing every table and
 * giving every writably mapped frame its writable type; a builder bug
 * fails here instead of handing dom0 a bad table.  The vCPU's CR3 holds
 * one more L4 type reference.
 *
 * The guest starts at the ELF entry with %rsi = start_info, %rsp = the
 * top of the boot stack, CS/SS = FLAT_KERNEL_CS/SS, RFLAGS.IF set, events
 * masked in its vcpu_info.
 *
 * A 32-bit ELF kernel with PAE_MODE (libelf refuses one without) makes
 * a 32-bit PAE PV domain (asm/pv-compat.h), built the way Xen builds
 * one: 4-byte P2M entries, the 32-bit start_info ("xen-3.0-x86_32p"),
 * PAE tables whose first frame is the L3 (pinned; slot 3 always
 * present, kernel mappings not user-accessible), the vCPU's hypervisor
 * L4 around it, the int $0x82 hypercall page, and ring-1 selectors.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/decompress.h>
#include <xen/dom0_options.h>
#include <xen/heap.h>
#include <xen/libelf.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/bootinfo.h>
#include <asm/cpuid.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/pirq.h>
#include <asm/pv.h>
#include <asm/pv-compat.h>
#include <compat/abi.h>
#include <public/elfnote.h>
#include <public/xen.h>
#include "bzimage.h"
#include "dom0_layout.h"

#define L1_PROT (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_USER)
#define LN_PROT (L1_PROT | _PAGE_DIRTY)

#define PFN_UP(bytes)       (((bytes) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define LEVEL_INDEX(va, l)  (((va) >> (12 + 9 * ((l) - 1))) & 511)

struct dom0_build {
    struct domain *d;
    const char *name;               /* for messages: "dom0", a domU's name */
    struct dom0_layout l;
    unsigned long alloc_mfn;        /* machine frame of pseudo-physical 0 */
    unsigned long chunk_pages;      /* frames of that first chunk */
    unsigned long next_pt;          /* next unused page-table frame (pfn) */
    bool compat;                    /* a 32-bit PAE guest */
};

/* Direct-map address of region virtual address va. */
static void *region_ptr(const struct dom0_build *b, unsigned long va)
{
    return __va((paddr_t)(b->alloc_mfn << PAGE_SHIFT) + (va - b->l.v_start));
}

static unsigned long region_mfn(const struct dom0_build *b, unsigned long va)
{
    return b->alloc_mfn + ((va - b->l.v_start) >> PAGE_SHIFT);
}

static unsigned int order_for(unsigned long pages)
{
    unsigned int order = 0;

    while ( (1UL << order) < pages )
        order++;
    return order;
}

/* Give back frames [first, end) of the first chunk, in aligned pieces. */
static void free_chunk_tail(struct page_info *pg, unsigned long first,
                            unsigned long end)
{
    while ( first < end )
    {
        unsigned int order = __builtin_ctzl(first);

        while ( first + (1UL << order) > end )
            order--;
        free_domheap_pages(pg + first, order);
        first += 1UL << order;
    }
}

/* P2M entry pfn (4 bytes for a 32-bit guest) and the M2P's way back. */
static void set_p2m(const struct dom0_build *b, void *p2m, unsigned long pfn,
                    unsigned long mfn)
{
    if ( b->compat )
        ((uint32_t *)p2m)[pfn] = mfn;
    else
        ((unsigned long *)p2m)[pfn] = mfn;
    set_gpfn_from_mfn(mfn, pfn);
}

static unsigned long get_p2m(const struct dom0_build *b, unsigned long pfn)
{
    const void *p2m = region_ptr(b, b->l.vphysmap_start);

    return b->compat ? ((const uint32_t *)p2m)[pfn]
                     : ((const unsigned long *)p2m)[pfn];
}

static int alloc_memory(struct dom0_build *b, unsigned long nr_pages)
{
    unsigned long region = dom0_region_pages(&b->l), pfn;
    unsigned int order = order_for(region);
    void *p2m;
    struct page_info *pg;

    pg = alloc_domheap_pages(b->d, order);
    if ( !pg )
    {
        printk(XENLOG_ERR "%s: no contiguous %lu KiB for the initial mapping\n",
               b->name, (PAGE_SIZE << order) >> 10);
        return -ENOMEM;
    }
    b->alloc_mfn = page_to_mfn(pg);
    b->chunk_pages = min(1UL << order, nr_pages);
    free_chunk_tail(pg, b->chunk_pages, 1UL << order);
    p2m = region_ptr(b, b->l.vphysmap_start);
    for ( pfn = 0; pfn < b->chunk_pages; pfn++ )
        set_p2m(b, p2m, pfn, b->alloc_mfn + pfn);

    /* The rest, in the largest chunks the heap has. */
    order = MAX_ORDER;
    while ( pfn < nr_pages )
    {
        unsigned long i;

        while ( (1UL << order) > nr_pages - pfn )
            order--;
        while ( !(pg = alloc_domheap_pages(b->d, order)) )
            if ( order-- == 0 )
            {
                printk(XENLOG_ERR "%s: out of memory after %lu of %lu pages\n",
                       b->name, pfn, nr_pages);
                return -ENOMEM;
            }
        for ( i = 0; i < (1UL << order); i++, pfn++ )
            set_p2m(b, p2m, pfn, page_to_mfn(pg) + i);
    }
    return 0;
}

/* The next page-table frame of the region, as a table. */
static pgentry_t *new_table(struct dom0_build *b, unsigned long *mfn)
{
    unsigned long va = b->l.vpt_start + b->next_pt++ * PAGE_SIZE;

    BUG_ON(va >= b->l.vpt_end);
    *mfn = region_mfn(b, va);
    return region_ptr(b, va);       /* zeroed by the allocator */
}

/*
 * A 32-bit guest's L3 entries have only the present bit (PAE PDPTEs) and
 * its L1 entries no user bit: its kernel runs in ring 1, supervisor.
 */
#define PAE_L3_PROT     _PAGE_PRESENT
#define COMPAT_L1_PROT  (L1_PROT & ~_PAGE_USER)

static void build_page_tables(struct dom0_build *b)
{
    unsigned long top_mfn, va, mfn;
    pgentry_t *top = new_table(b, &top_mfn), l1_prot;
    unsigned int top_level = b->compat ? 3 : 4;

    l1_prot = b->compat ? COMPAT_L1_PROT : L1_PROT;
    for ( va = b->l.v_start; va != b->l.v_end; va += PAGE_SIZE )
    {
        pgentry_t *t = top;
        unsigned int level;

        for ( level = top_level; level > 1; level-- )
        {
            pgentry_t *e = &t[LEVEL_INDEX(va, level)];

            if ( !(*e & _PAGE_PRESENT) )
            {
                new_table(b, &mfn);
                *e = ((paddr_t)mfn << PAGE_SHIFT) |
                     (level == 3 && b->compat ? PAE_L3_PROT : LN_PROT);
            }
            t = __va(*e & PADDR_MASK);
        }
        /*
         * Page-table frames are never writable in a PV guest's tables.
         * Xen loads the kernel, initrd, P2M and start_info through these
         * mappings, so their entries are dirty when the guest starts.
         */
        t[LEVEL_INDEX(va, 1)] = ((paddr_t)region_mfn(b, va) << PAGE_SHIFT) |
            (va >= b->l.vpt_start && va < b->l.vpt_end ? l1_prot & ~_PAGE_RW :
             va < b->l.vpt_start ? l1_prot | _PAGE_DIRTY : l1_prot);
    }
    /* PAE: slot 3 (the hypervisor's hole) must be present (pv/compat/pagetable.c). */
    if ( b->compat && !(top[3] & _PAGE_PRESENT) )
    {
        new_table(b, &mfn);
        top[3] = ((paddr_t)mfn << PAGE_SHIFT) | PAE_L3_PROT;
    }
}

struct load_ctx {
    const struct dom0_build *b;
};

static void *map_for_elf(void *opaque, uint64_t va, uint64_t *len)
{
    const struct dom0_build *b = ((struct load_ctx *)opaque)->b;

    if ( va < b->l.vkern_start || va >= b->l.vkern_end )
        return NULL;
    *len = min(*len, (uint64_t)(b->l.vkern_end - va));
    return region_ptr(b, va);
}

/*
 * MOD_START_PFN (XEN_ELFNOTE_MOD_START_PFN): the initrd is not mapped; it
 * fills the pseudo-physical frames right after the first chunk, as in
 * Xen, and start_info.mod_start gives the first of them.
 */
static void copy_unmapped_initrd(const struct dom0_build *b,
                                 const struct boot_module *initrd)
{
    const uint8_t *src = __va(initrd->start);
    unsigned long i;

    for ( i = 0; i < PFN_UP(initrd->size); i++ )
        memcpy(__va((paddr_t)get_p2m(b, b->chunk_pages + i) << PAGE_SHIFT),
               src + i * PAGE_SIZE, min(PAGE_SIZE, initrd->size - i * PAGE_SIZE));
}

/* The 32-bit start_info: the 64-bit one's contents in 4-byte fields. */
static void put_compat_start_info(struct compat_start_info *c,
                                  const struct start_info *si)
{
    BUILD_BUG_ON(sizeof(*c) != 1112 || offsetof(typeof(*c), pt_base) != 60 ||
                 offsetof(typeof(*c), cmd_line) != 80);
    strlcpy(c->magic, "xen-3.0-x86_32p", sizeof(c->magic));
    c->nr_pages = si->nr_pages;
    c->shared_info = si->shared_info;
    c->flags = si->flags;
    c->pt_base = si->pt_base;
    c->nr_pt_frames = si->nr_pt_frames;
    c->mfn_list = si->mfn_list;
    c->mod_start = si->mod_start;
    c->mod_len = si->mod_len;
    memcpy(c->cmd_line, si->cmd_line, sizeof(c->cmd_line));
    c->first_p2m_pfn = si->first_p2m_pfn;
    c->nr_p2m_frames = si->nr_p2m_frames;
}

static void fill_start_info(const struct dom0_build *b, unsigned long nr_pages,
                            unsigned long initrd_len, const char *cmdline,
                            bool initdomain)
{
    struct start_info native, *si = b->compat ? &native
                                              : region_ptr(b, b->l.vstartinfo_start);

    memset(region_ptr(b, b->l.vstartinfo_start), 0, PAGE_SIZE);
    memset(si, 0, sizeof(*si));
    strlcpy(si->magic, "xen-3.0-x86_64", sizeof(si->magic));
    si->nr_pages = nr_pages;
    si->shared_info = __pa(b->d->shared_info);
    si->flags = (initdomain ? SIF_INITDOMAIN : 0) |
                (b->d->is_privileged ? SIF_PRIVILEGED : 0);
    /* store_*, console.*: no XenStore or console ring; no VGA info yet. */
    si->pt_base = b->l.vpt_start;
    si->nr_pt_frames = b->l.nr_pt_pages;
    si->mfn_list = b->l.vphysmap_start;
    if ( initrd_len && b->l.vinitrd_start )
        si->mod_start = b->l.vinitrd_start;
    else if ( initrd_len )
    {
        si->flags |= SIF_MOD_START_PFN;
        si->mod_start = b->chunk_pages;
    }
    si->mod_len = initrd_len;
    strlcpy((char *)si->cmd_line, cmdline, sizeof(si->cmd_line));
    si->first_p2m_pfn = b->chunk_pages;
    si->nr_p2m_frames = 0;
    if ( b->compat )
        put_compat_start_info(region_ptr(b, b->l.vstartinfo_start), si);
}

static void show_layout(const struct dom0_build *b)
{
    const struct dom0_layout *l = &b->l;

    printk("%s: memory %#lx->%#lx for the initial mapping\n", b->name,
           b->alloc_mfn << PAGE_SHIFT, (b->alloc_mfn + b->chunk_pages) << PAGE_SHIFT);
    printk("%s: virtual memory arrangement:\n"
           " Loaded kernel: %016lx->%016lx\n"
           " Init. ramdisk: %016lx->%016lx\n"
           " Phys-Mach map: %016lx->%016lx\n"
           " Start info:    %016lx->%016lx\n"
           " Page tables:   %016lx->%016lx\n"
           " Boot stack:    %016lx->%016lx\n"
           " TOTAL:         %016lx->%016lx\n",
           b->name, l->vkern_start, l->vkern_end, l->vinitrd_start, l->vinitrd_end,
           l->vphysmap_start, l->vphysmap_end, l->vstartinfo_start,
           l->vstartinfo_end, l->vpt_start, l->vpt_end, l->vstack_start,
           l->vstack_end, l->v_start, l->v_end);
}

/* What the validation of the initial tables made of the region's frames. */
static void show_types(const struct dom0_build *b)
{
    unsigned long n[8] = { 0 }, i;

    for ( i = 0; i < dom0_region_pages(&b->l); i++ )
        n[mfn_to_page(b->alloc_mfn + i)->u.type_info >> PGT_type_shift]++;
    printk("%s: initial frames typed: %lu L4, %lu L3, %lu L2, %lu L1,"
           " %lu writable, %lu untyped\n", b->name,
           n[PGT_l4_page_table >> PGT_type_shift], n[PGT_l3_page_table >> PGT_type_shift],
           n[PGT_l2_page_table >> PGT_type_shift], n[PGT_l1_page_table >> PGT_type_shift],
           n[PGT_writable_page >> PGT_type_shift], n[PGT_none >> PGT_type_shift]);
}

/* The unpacked kernel of a bzImage: a temporary xenheap buffer. */
struct kernel_image {
    const uint8_t *elf;
    size_t len;
    void *buf;                      /* NULL: elf is the module itself */
    unsigned int order;
};

/*
 * Find the ELF kernel in module image: the module itself, or the
 * decompressed payload of a bzImage (decoders: common/decompress).
 */
static int unpack_kernel(const char *name, const struct boot_module *image,
                         struct kernel_image *k)
{
    const uint8_t *mod = __va(image->start);
    struct bzimage_payload p;
    decompress_fn *decode;
    const char *format, *why = "";
    long got;
    int rc;

    k->elf = mod;
    k->len = image->size;
    k->buf = NULL;
    rc = bzimage_parse(mod, image->size, &p);
    if ( rc == -ENOENT )
        return 0;
    if ( rc )
        return rc;

    decode = decompress_detect(mod + p.offset, p.length, &format);
    if ( !decode )
    {
        printk(XENLOG_ERR "%s: bzImage payload in an unknown format\n", name);
        return -EINVAL;
    }
    k->order = order_for(PFN_UP(p.out_size));
    if ( k->order > MAX_ORDER || !(k->buf = alloc_xenheap_pages(k->order)) )
    {
        printk(XENLOG_ERR "%s: no memory to unpack a %zu-byte kernel\n",
               name, p.out_size);
        return -ENOMEM;
    }
    printk("%s: bzImage, %s payload of %zu bytes, kernel of %zu bytes\n",
           name, format, p.length, p.out_size);
    got = decode(mod + p.offset, p.length, k->buf, p.out_size, &why);
    if ( got != (long)p.out_size )
    {
        if ( got >= 0 )
            printk(XENLOG_ERR "%s: bzImage payload unpacked to %ld bytes, not"
                   " the %zu it states\n", name, got, p.out_size);
        else
            printk(XENLOG_ERR "%s: bzImage payload (%s): %s\n", name, format, why);
        free_xenheap_pages(k->buf, k->order);
        k->buf = NULL;
        return got < 0 ? (int)got : -EINVAL;
    }
    k->elf = k->buf;
    k->len = p.out_size;
    return 0;
}

static int build(struct domain *d, const struct pv_build_params *p,
                 const struct kernel_image *k, struct pv_build_result *res);

int pv_build_domain(struct domain *d, const struct pv_build_params *p,
                    struct pv_build_result *res)
{
    struct kernel_image k;
    int rc;

    rc = unpack_kernel(p->name, p->image, &k);
    if ( rc )
        return rc;
    rc = build(d, p, &k, res);
    if ( k.buf )
        free_xenheap_pages(k.buf, k.order);
    return rc;
}

static int build(struct domain *d, const struct pv_build_params *p,
                 const struct kernel_image *k, struct pv_build_result *res)
{
    struct vcpu *v = d->vcpu[0];
    struct dom0_build b = { .d = d, .name = p->name };
    struct load_ctx ctx = { &b };
    struct elf_binary elf;
    struct elf_dom_parms parms;
    struct cpu_user_regs *regs = &v->arch.user_regs;
    const struct boot_module *initrd = p->initrd;
    unsigned long initrd_len = initrd ? initrd->size : 0;
    unsigned long nr_pages = p->nr_pages, top_mfn;
    int rc;

    if ( (rc = elf_init(&elf, k->elf, k->len)) != 0 ||
         (rc = elf_xen_parse(&elf, &parms)) != 0 ||
         (rc = elf_xen_check(&elf, &parms, ELF_CHECK_PV64 | ELF_CHECK_PV32 |
                             (p->initdomain ? ELF_CHECK_DOM0 : 0))) != 0 )
        return rc;
    b.compat = elf.class == 32;
    d->arch.is_32bit_pv = b.compat;
    printk("*** Building a %s PV %s ***\n", b.compat ? "32-bit PAE" : "64-bit",
           p->initdomain ? "dom0" : "domU");
    printk("%s: kernel %016lx->%016lx, entry %016lx, guest OS \"%s\", loader \"%s\"\n",
           b.name, (unsigned long)parms.virt_kstart, (unsigned long)parms.virt_kend,
           (unsigned long)parms.virt_entry, parms.guest_os, parms.loader);
    if ( elf_note_given(&parms, XEN_ELFNOTE_INIT_P2M) )
        printk("%s: INIT_P2M ignored: the P2M is placed in the initial mapping\n",
               b.name);

    rc = (b.compat ? dom0_layout_compat : dom0_layout)
        (&b.l, parms.virt_base, parms.virt_kstart, parms.virt_kend,
         initrd_len, parms.unmapped_initrd && initrd_len, nr_pages);
    if ( rc )
    {
        printk(XENLOG_ERR "%s: initial mapping [%#lx, ...) is not a usable region\n",
               b.name, (unsigned long)parms.virt_base);
        return rc;
    }
    if ( dom0_region_pages(&b.l) > nr_pages )
    {
        printk(XENLOG_ERR "%s: %lu pages cannot hold the initial mapping of %lu pages\n",
               b.name, nr_pages, dom0_region_pages(&b.l));
        return -ENOMEM;
    }
    if ( initrd_len && parms.unmapped_initrd &&
         min(1UL << order_for(dom0_region_pages(&b.l)), nr_pages) +
         PFN_UP(initrd_len) > nr_pages )
    {
        printk(XENLOG_ERR "%s: %lu pages cannot hold the initial mapping and the"
               " initrd\n", b.name, nr_pages);
        return -ENOMEM;
    }

    if ( (rc = alloc_memory(&b, nr_pages)) != 0 )
        return rc;
    d->max_pages = max(d->tot_pages, p->max_pages);
    printk("%s: %lu pages (%lu MiB), %lu vCPU%s\n", b.name, nr_pages,
           nr_pages >> (20 - PAGE_SHIFT), (unsigned long)d->max_vcpus,
           d->max_vcpus == 1 ? "" : "s");
    show_layout(&b);

    build_page_tables(&b);
    if ( (rc = elf_load(&elf, &parms, map_for_elf, &ctx)) != 0 )
        return rc;
    if ( initrd_len && !parms.unmapped_initrd )
        memcpy(region_ptr(&b, b.l.vinitrd_start), __va(initrd->start), initrd_len);
    else if ( initrd_len )
        copy_unmapped_initrd(&b, initrd);
    if ( elf_note_given(&parms, XEN_ELFNOTE_HYPERCALL_PAGE) )
    {
        if ( parms.virt_hypercall & (PAGE_SIZE - 1) )
        {
            printk(XENLOG_ERR "%s: hypercall page %#lx is not page aligned\n",
                   b.name, (unsigned long)parms.virt_hypercall);
            return -EINVAL;
        }
        (b.compat ? compat_init_hypercall_page : pv_init_hypercall_page)
            (region_ptr(&b, parms.virt_hypercall));
    }
    fill_start_info(&b, nr_pages, initrd_len, p->cmdline, p->initdomain);

    top_mfn = region_mfn(&b, b.l.vpt_start);
    rc = pin_page_table(d, top_mfn, b.compat ? PGT_l3_page_table : PGT_l4_page_table);
    if ( rc )
    {
        printk(XENLOG_ERR "%s: its initial page tables do not validate (%d)\n",
               b.name, rc);
        return rc;
    }
    rc = get_page_and_type(mfn_to_page(top_mfn), d,
                           b.compat ? PGT_l3_page_table : PGT_l4_page_table);
    BUG_ON(rc);
    if ( b.compat )
    {
        /* The shared_info frame's address must fit start_info's 4 bytes. */
        if ( __pa(d->shared_info) >> 32 )
        {
            printk(XENLOG_ERR "%s: shared_info at %#lx, above 4 GiB: a 32-bit"
                   " guest cannot be given it\n", b.name, __pa(d->shared_info));
            return -ERANGE;
        }
        if ( (rc = compat_vcpu_init(v, top_mfn)) != 0 )
        {
            printk(XENLOG_ERR "%s: no memory for its vCPU's L4\n", b.name);
            return rc;
        }
    }
    else
        v->arch.guest_table = top_mfn;
    show_types(&b);

    memset(regs, 0, sizeof(*regs));
    regs->ds = regs->es = regs->fs = regs->gs =
        b.compat ? FLAT_COMPAT_RING1_DS : FLAT_KERNEL_DS;
    regs->ss = b.compat ? FLAT_COMPAT_RING1_DS : FLAT_KERNEL_SS;
    regs->cs = b.compat ? FLAT_COMPAT_RING1_CS : FLAT_KERNEL_CS;
    regs->rip = parms.virt_entry;
    regs->rsp = b.l.vstack_end;
    regs->rsi = b.l.vstartinfo_start;
    regs->rflags = 0x200;           /* IF */
    v->arch.pv.vgc_flags = VGCF_in_kernel | VGCF_online;
    pv_debugreg_init(v);

    /* dom0 owns the I/O ports the hypervisor does not use (pv/ioport.c). */
    if ( p->initdomain && (rc = pv_dom0_ioports_init(d)) != 0 )
    {
        printk(XENLOG_ERR "%s: cannot set up its I/O port permissions (%d)\n",
               b.name, rc);
        return rc;
    }
    /* ... its physical IRQs (pirq.c; a domU's table starts with none) ... */
    rc = pirq_domain_init(d, p->initdomain);
    if ( rc )
    {
        printk(XENLOG_ERR "%s: cannot allocate its PIRQ table (%d)\n", b.name, rc);
        return rc;
    }
    /* ... and the I/O memory (pv/iomem.c); a domU gets none. */
    if ( p->initdomain && (rc = pv_dom0_iomem_init(d, cpu_paddr_bits())) != 0 )
    {
        printk(XENLOG_ERR "%s: cannot set up its I/O memory permissions (%d)\n",
               b.name, rc);
        return rc;
    }
    v->is_initialised = true;
    if ( res )
    {
        res->p2m = region_ptr(&b, b.l.vphysmap_start);
        res->compat = b.compat;
        res->region_pages = dom0_region_pages(&b.l);
    }
    return 0;
}

int dom0_construct_pv(struct domain *d, const struct boot_module *image,
                      const struct boot_module *initrd, const char *cmdline)
{
    /* As in Xen, the boot modules count as available: they are freed after. */
    unsigned long avail = heap_free_pages() + PFN_UP(image->size) +
                          (initrd ? PFN_UP(initrd->size) : 0);
    const struct pv_build_params p = {
        .name = "dom0", .image = image, .initrd = initrd, .cmdline = cmdline,
        .nr_pages = dom0_mem_pages(&dom0_mem, avail),
        .max_pages = dom0_mem_max_pages(&dom0_mem, avail),
        .initdomain = true,
    };

    return pv_build_domain(d, &p, NULL);
}

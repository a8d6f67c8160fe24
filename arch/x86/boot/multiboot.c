/*
 * Read the Multiboot1 or Multiboot2 information structure.  Every length
 * the loader gives is bounds-checked: a broken structure is reported and
 * ignored field by field, never followed off its end.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <asm/bootinfo.h>
#include <asm/config.h>

#define MB1_BOOTLOADER_MAGIC  0x2BADB002
#define MB2_BOOTLOADER_MAGIC  0x36D76289

#define MB1_INFO_MEMORY   (1u << 0)
#define MB1_INFO_CMDLINE  (1u << 2)
#define MB1_INFO_MODS     (1u << 3)
#define MB1_INFO_MMAP     (1u << 6)
#define MB1_INFO_LOADER   (1u << 9)

#define MB2_TAG_END       0
#define MB2_TAG_CMDLINE   1
#define MB2_TAG_LOADER    2
#define MB2_TAG_MODULE    3
#define MB2_TAG_MEMINFO   4
#define MB2_TAG_MMAP      6
#define MB2_TAG_ACPI_OLD  14
#define MB2_TAG_ACPI_NEW  15

/* Loader data lives below 4 GiB, inside the boot direct map. */
static const void *pa(uint32_t addr)
{
    return __va((unsigned long)addr);
}

static void add_module(struct boot_info *bi, uint32_t start, uint32_t end,
                       uint32_t string)
{
    struct boot_module *m;

    if ( end < start )
    {
        printk(XENLOG_WARNING "multiboot: module %#x-%#x ends before it starts, ignored\n",
               start, end);
        return;
    }
    if ( bi->nr_modules == MAX_BOOT_MODULES )
    {
        printk(XENLOG_WARNING "multiboot: more than %u modules, extra ignored\n",
               MAX_BOOT_MODULES);
        return;
    }
    m = &bi->modules[bi->nr_modules++];
    m->start = start;
    m->size = end - start;
    m->cmdline = string ? pa(string) : "";
}

static void add_e820(struct boot_info *bi, uint64_t addr, uint64_t size,
                     uint32_t type)
{
    if ( bi->nr_e820 == E820MAX )
    {
        printk(XENLOG_WARNING "multiboot: memory map has more than %u entries, rest ignored\n",
               E820MAX);
        return;
    }
    bi->e820[bi->nr_e820].addr = addr;
    bi->e820[bi->nr_e820].size = size;
    bi->e820[bi->nr_e820].type = type;
    bi->nr_e820++;
}

static int parse_mb1(uint32_t info_pa, struct boot_info *bi)
{
    const uint32_t *mbi = pa(info_pa);
    uint32_t flags = mbi[0];

    bi->mb_version = 1;
    bi->mbi_start = info_pa;
    bi->mbi_end = info_pa + 88;
    if ( flags & MB1_INFO_MEMORY )
    {
        bi->mem_lower_kb = mbi[1];
        bi->mem_upper_kb = mbi[2];
    }
    if ( flags & MB1_INFO_CMDLINE )
        bi->cmdline = pa(mbi[4]);
    if ( flags & MB1_INFO_LOADER )
        bi->loader_name = pa(mbi[16]);
    if ( flags & MB1_INFO_MODS )
    {
        const uint32_t *mod = pa(mbi[6]);
        uint32_t i;

        for ( i = 0; i < mbi[5] && i < 1024; i++, mod += 4 )
            add_module(bi, mod[0], mod[1], mod[2]);
    }
    if ( flags & MB1_INFO_MMAP )
    {
        uint32_t off = 0, len = mbi[11];
        const uint8_t *base = pa(mbi[12]);

        /* Each entry: u32 size (of the rest), u64 addr, u64 len, u32 type. */
        while ( off + 24 <= len )
        {
            uint32_t size;
            uint64_t addr, length;
            uint32_t type;

            memcpy(&size, base + off, 4);
            memcpy(&addr, base + off + 4, 8);
            memcpy(&length, base + off + 12, 8);
            memcpy(&type, base + off + 20, 4);
            if ( size < 20 )
            {
                printk(XENLOG_WARNING "multiboot: bad memory map entry size %u\n", size);
                break;
            }
            add_e820(bi, addr, length, type);
            off += size + 4;
        }
    }
    return 0;
}

static int parse_mb2(uint32_t info_pa, struct boot_info *bi)
{
    const uint8_t *mbi = pa(info_pa);
    uint32_t total, off = 8;

    memcpy(&total, mbi, 4);
    bi->mb_version = 2;
    bi->mbi_start = info_pa;
    bi->mbi_end = (paddr_t)info_pa + total;
    if ( total < 16 || total > (1u << 20) )
    {
        printk(XENLOG_ERR "multiboot2: implausible info size %u\n", total);
        return -EINVAL;
    }

    while ( off + 8 <= total )
    {
        const uint8_t *tag = mbi + off;
        uint32_t type, size;

        memcpy(&type, tag, 4);
        memcpy(&size, tag + 4, 4);
        if ( type == MB2_TAG_END )
            break;
        if ( size < 8 || size > total - off )
        {
            printk(XENLOG_WARNING "multiboot2: tag %u has bad size %u, stopping\n",
                   type, size);
            break;
        }

        switch ( type )
        {
        case MB2_TAG_CMDLINE:
            bi->cmdline = (const char *)tag + 8;
            break;
        case MB2_TAG_LOADER:
            bi->loader_name = (const char *)tag + 8;
            break;
        case MB2_TAG_MODULE:
            if ( size >= 16 )
            {
                uint32_t m[2];

                memcpy(m, tag + 8, 8);
                add_module(bi, m[0], m[1], 0);
                bi->modules[bi->nr_modules - 1].cmdline =
                    size > 16 ? (const char *)tag + 16 : "";
            }
            break;
        case MB2_TAG_MEMINFO:
            if ( size >= 16 )
            {
                uint32_t m[2];

                memcpy(m, tag + 8, 8);
                bi->mem_lower_kb = m[0];
                bi->mem_upper_kb = m[1];
            }
            break;
        case MB2_TAG_MMAP:
        {
            uint32_t esize, eoff;

            memcpy(&esize, tag + 8, 4);
            if ( esize < 24 )
            {
                printk(XENLOG_WARNING "multiboot2: bad memory map entry size %u\n", esize);
                break;
            }
            for ( eoff = 16; eoff + esize <= size; eoff += esize )
            {
                uint64_t addr, len;
                uint32_t etype;

                memcpy(&addr, tag + eoff, 8);
                memcpy(&len, tag + eoff + 8, 8);
                memcpy(&etype, tag + eoff + 16, 4);
                add_e820(bi, addr, len, etype);
            }
            break;
        }
        case MB2_TAG_ACPI_OLD:
        case MB2_TAG_ACPI_NEW:
        {
            unsigned int n = min(size - 8, (uint32_t)sizeof(bi->rsdp));

            /* Prefer the ACPI 2.0+ copy when the loader gives both. */
            if ( type == MB2_TAG_ACPI_NEW || !bi->rsdp_len )
            {
                memcpy(bi->rsdp, tag + 8, n);
                bi->rsdp_len = n;
            }
            break;
        }
        default:
            break;
        }
        off += (size + 7) & ~7u;
    }
    return 0;
}

int multiboot_parse(uint32_t magic, uint32_t info_pa, struct boot_info *bi)
{
    bi->cmdline = "";
    bi->loader_name = "";
    if ( magic == MB1_BOOTLOADER_MAGIC )
        return parse_mb1(info_pa, bi);
    if ( magic == MB2_BOOTLOADER_MAGIC )
        return parse_mb2(info_pa, bi);
    printk(XENLOG_ERR "Not started by a Multiboot loader (magic %#x)\n", magic);
    return -EINVAL;
}
